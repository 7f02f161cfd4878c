package awsapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var labelRE = regexp.MustCompile(`\{([^}]+)\}`)

// dummyURI fills every path label of a model requestUri with a value that no
// literal segment uses.
func dummyURI(uri string) string {
	return labelRE.ReplaceAllString(uri, "x-$1-1")
}

// TestRoutesAllOperations checks that each of the model's operations is
// reachable at its method and URI and selects itself.
func TestRoutesAllOperations(t *testing.T) {
	t.Parallel()
	if len(operations) != 380 {
		t.Errorf("len(operations) = %d, want 380", len(operations))
	}
	s := NewServer(Config{})
	for _, op := range operations {
		req := httptest.NewRequest(op.Method, dummyURI(op.URI), nil)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		var body struct{ Message string }
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Errorf("%s: body %q: %v", op.Name, rec.Body, err)
			continue
		}
		want := "connectd does not implement " + op.Name + " yet"
		if body.Message != want {
			t.Errorf("%s %s (%s): Message = %q, want %q", op.Method, op.URI, op.Name, body.Message, want)
		}
		if got, want := rec.Header()["X-Amzn-ErrorType"], notImplemented(&op).Code; len(got) != 1 || got[0] != want {
			t.Errorf("%s: X-Amzn-ErrorType = %v, want %s", op.Name, got, want)
		}
	}
}

func TestUnknownOperation(t *testing.T) {
	t.Parallel()
	s := NewServer(Config{})
	for _, tc := range []struct{ method, path string }{
		{"GET", "/nope"},
		{"PATCH", "/contact/task"},
		{"GET", "/contact/task"},
		{"GET", "/contacts//abc"},
		{"GET", "/"},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s %s: status = %d, want 404", tc.method, tc.path, rec.Code)
		}
		if got := rec.Header()["X-Amzn-ErrorType"]; len(got) != 1 || got[0] != "UnknownOperationException" {
			t.Errorf("%s %s: X-Amzn-ErrorType = %v", tc.method, tc.path, got)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s %s: Content-Type = %q", tc.method, tc.path, ct)
		}
		if !strings.HasPrefix(rec.Body.String(), `{"Message":`) {
			t.Errorf("%s %s: body = %s", tc.method, tc.path, rec.Body)
		}
	}
}
