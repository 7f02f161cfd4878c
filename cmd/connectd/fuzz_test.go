package main

import (
	"net/http"
	"sort"
	"strings"
	"testing"
)

// FuzzHandler sends arbitrary requests (method, request target, header
// lines, body; signed correctly or not) to connectd's whole handler on a
// temporary SQLite store in strict auth mode, seeded with a sample of the
// malformed-input corpus. What net/http's server would refuse to parse is
// skipped. Every answer must pass checkAnswer: no 5xx (a panic is
// recovered as one), the JSON error shape with X-Amzn-ErrorType, and only
// exceptions the operation declares or connectd documents.
func FuzzHandler(f *testing.F) {
	s := startWire(f)
	rt := newRouter()
	for i, c := range buildCorpus(f, s) {
		if i%41 != 0 || len(c.req.Body) > 4<<10 {
			continue
		}
		f.Add(c.req.Method, c.req.target(), headerLines(c.req.Header), c.req.Body, !c.sig.unsigned)
	}
	f.Add("PUT", "/contact/task", "Content-Type: application/json",
		[]byte(`{"InstanceId":"`+s.DefaultInstance+`","Name":"fuzz","ContactFlowId":"`+s.DefaultTaskFlow+`","Attributes":{"a":"b"}}`), true)
	f.Add("POST", "/_connectd/v1/clock", "", []byte(`{"AdvanceSeconds": 3600}`), true)
	f.Add("GET", "/_connectd/v1/events?instanceId="+s.DefaultInstance, "Last-Event-ID: 0", []byte(nil), true)
	f.Add("GET", "/_connectd/v1/health/ready", "", []byte(nil), false)
	f.Fuzz(func(t *testing.T, method, target, headers string, body []byte, signed bool) {
		path, query, _ := strings.Cut(target, "?")
		req := wireRequest{Method: method, Path: path, Query: query, Header: http.Header{}, Body: body}
		for line := range strings.SplitSeq(headers, "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok {
				req.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
			}
		}
		if signed && trySign(&req, signature{}) != nil {
			return
		}
		r, err := req.parse()
		if err != nil {
			return // net/http's server refuses it before any handler runs
		}
		rec := serve(s.Handler, r)
		if _, problems := checkAnswer(rt, r, rec); len(problems) > 0 {
			t.Fatalf("%s %.200q: %d %.300q:\n%s", r.Method, r.RequestURI, rec.Code, rec.Body, strings.Join(problems, "\n"))
		}
	})
}

// headerLines writes h as "Key: value" lines, sorted.
func headerLines(h http.Header) string {
	var lines []string
	for k, vs := range h {
		for _, v := range vs {
			lines = append(lines, k+": "+v)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
