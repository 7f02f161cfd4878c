package awsapi

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzDecode drives arbitrary bodies and query strings through the request
// decoder of StartTaskContact and ListContactReferences: every answer must be
// a JSON object with status 200 or 400, never a panic (recovered as 500).
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"InstanceId":"i","Name":"n","ScheduledTime":1767290400.5}`), "referenceTypes=URL&nextToken=x")
	f.Add([]byte(`{"References":{"a":{"Type":"URL","Value":"v"}},"Attachments":[{"FileName":"f"}]}`), "referenceTypes=STRING&referenceTypes=URL")
	f.Add([]byte(`null`), "")
	f.Add([]byte(`{"ScheduledTime":"x","SegmentAttributes":{"k":{"ValueMap":{"x":{"ValueList":[{}]}}}}}`), "referenceTypes=%zz")
	f.Add([]byte(`{"ScheduledTime":1e999}`), "referenceTypes=")
	s := testServer(f, Config{Logger: slog.New(slog.DiscardHandler)})
	f.Fuzz(func(t *testing.T, body []byte, query string) {
		for _, target := range []struct{ method, path string }{
			{"PUT", "/contact/task"},
			{"GET", "/contact/references/i/c"},
		} {
			req := httptest.NewRequest(target.method, "/", bytes.NewReader(body))
			req.URL = &url.URL{Path: target.path, RawQuery: query}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != 200 && rec.Code != 400 {
				t.Fatalf("%s %s?%s body %q: status %d: %s", target.method, target.path, query, body, rec.Code, rec.Body)
			}
			var obj map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &obj); err != nil {
				t.Fatalf("response %q is not a JSON object: %v", rec.Body, err)
			}
		}
	})
}
