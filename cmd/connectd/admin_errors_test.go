package main

import (
	"net/http"
	"testing"
)

// TestAdminErrorShape checks that every refusal under /_connectd/, the event
// stream's included, is one error shape: JSON {"Message": ...} with
// X-Amzn-ErrorType, the status of its code, as the Connect API answers.
func TestAdminErrorShape(t *testing.T) {
	t.Parallel()
	s := startWire(t)
	rt := newRouter()
	tests := []struct {
		name     string
		req      wireRequest
		wantCode string
	}{
		{"events: two instances", wireRequest{Method: "GET", Path: "/_connectd/v1/events", Query: "instanceId=a&instanceId=b"}, "InvalidParameterException"},
		{"events: bad Last-Event-ID", wireRequest{Method: "GET", Path: "/_connectd/v1/events", Header: http.Header{"Last-Event-Id": {"abc"}}}, "InvalidParameterException"},
		{"events: negative Last-Event-ID", wireRequest{Method: "GET", Path: "/_connectd/v1/events", Header: http.Header{"Last-Event-Id": {"-1"}}}, "InvalidParameterException"},
		{"events: query escape", wireRequest{Method: "GET", Path: "/_connectd/v1/events", Query: "instanceId=%zz"}, "InvalidParameterException"},
		{"events: query not UTF-8", wireRequest{Method: "GET", Path: "/_connectd/v1/events", Query: "instanceId=%ff"}, "InvalidParameterException"},
		{"events: POST", wireRequest{Method: "POST", Path: "/_connectd/v1/events", Body: []byte{}}, "UnknownOperationException"},
		{"clock: trailing garbage", wireRequest{Method: "POST", Path: "/_connectd/v1/clock", Body: []byte(`{"AdvanceSeconds": 1} garbage`)}, "InvalidParameterException"},
		{"clock: two objects", wireRequest{Method: "POST", Path: "/_connectd/v1/clock", Body: []byte(`{"AdvanceSeconds": 1}{}`)}, "InvalidParameterException"},
		{"unknown endpoint", wireRequest{Method: "GET", Path: "/_connectd/v1/nothing"}, "UnknownOperationException"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			sign(t, &req, signature{})
			r, err := req.parse()
			if err != nil {
				t.Fatal(err)
			}
			rec := serve(s.Handler, r)
			code, problems := checkAnswer(rt, r, rec)
			for _, p := range problems {
				t.Error(p)
			}
			if code != tc.wantCode {
				t.Errorf("%s %s: code %q (status %d, body %.200q), want %s", req.Method, req.target(), code, rec.Code, rec.Body, tc.wantCode)
			}
		})
	}

	// A stopping node refuses new streams.
	s.events.Stop()
	req := wireRequest{Method: "GET", Path: "/_connectd/v1/events"}
	sign(t, &req, signature{})
	r, err := req.parse()
	if err != nil {
		t.Fatal(err)
	}
	rec := serve(s.Handler, r)
	code, _ := checkAnswer(rt, r, rec)
	if code != "ServiceUnavailableException" || rec.Code != 503 {
		t.Errorf("GET events while stopping: %d %q %.200q, want 503 ServiceUnavailableException", rec.Code, code, rec.Body)
	}
}
