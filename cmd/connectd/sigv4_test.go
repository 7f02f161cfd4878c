package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// TestStrictSigV4 tampers with correctly signed requests, one component at
// a time (body, headers, query, path, method, date, scope, key, signature,
// presigned forms), and checks that connectd in strict mode answers each
// with the documented authentication error (README, "Known differences"),
// through its whole handler. Requests are parsed from wire bytes, so Go's
// server-side header handling applies.
func TestStrictSigV4(t *testing.T) {
	t.Parallel()
	s := startWire(t)
	rt := newRouter()
	contact := startTask(t, s)
	arn := "arn:aws:connect:" + wireRegion + ":" + wireAccount + ":instance/" + s.DefaultInstance
	bases := map[string]wireRequest{
		"PUT body": {Method: "PUT", Path: "/contact/task",
			Header: http.Header{"Content-Type": {"application/json"}},
			Body:   []byte(`{"InstanceId":"` + s.DefaultInstance + `","Name":"signed","ContactFlowId":"` + s.DefaultTaskFlow + `"}`)},
		"GET query": {Method: "GET", Path: "/contact/references/" + s.DefaultInstance + "/" + contact,
			Query: "referenceTypes=URL&referenceTypes=STRING"},
		"GET escaped path": {Method: "GET", Path: "/tags/" + strings.NewReplacer(":", "%3A", "/", "%2F").Replace(arn)},
	}
	if !strings.Contains(bases["GET escaped path"].Path, "%3A") {
		t.Fatalf("the ARN path %s is not escaped", bases["GET escaped path"].Path)
	}

	const (
		ok           = ""
		missing      = "MissingAuthenticationTokenException"
		incomplete   = "IncompleteSignatureException"
		unrecognized = "UnrecognizedClientException"
		invalid      = "InvalidSignatureException"
		tooLarge     = "RequestEntityTooLargeException"
		notFound     = "ResourceNotFoundException"
	)
	now := time.Now()
	auth := func(r *wireRequest, f func(string) string) {
		r.Header.Set("Authorization", f(r.Header.Get("Authorization")))
	}
	tests := []struct {
		name   string
		sig    signature
		tamper func(r *wireRequest)
		want   string
		msg    string // in the Message
		only   string // the base it applies to; "" for all
	}{
		{name: "untouched", want: ok},
		{name: "unsigned header added", tamper: func(r *wireRequest) { r.Header.Set("X-Unsigned", "1") }, want: ok},
		{name: "unsigned X-Amz-Security-Token added", tamper: func(r *wireRequest) { r.Header.Set("X-Amz-Security-Token", "token") }, want: ok},
		{name: "Authorization separators", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return strings.ReplaceAll(a, ", ", ",") })
		}, want: ok},
		{name: "signed 14 minutes ago", sig: signature{at: now.Add(-14 * time.Minute)}, want: ok},

		// Body.
		{name: "body changed", only: "PUT body", tamper: func(r *wireRequest) { r.Body = []byte(strings.Replace(string(r.Body), "signed", "signeD", 1)) }, want: invalid, msg: "signature"},
		{name: "body appended", only: "PUT body", tamper: func(r *wireRequest) { r.Body = append(r.Body, ' ') }, want: invalid},
		{name: "body removed", only: "PUT body", tamper: func(r *wireRequest) { r.Body = nil }, want: invalid},
		{name: "body added", only: "GET query", tamper: func(r *wireRequest) { r.Body = []byte("{}") }, want: invalid},
		{name: "body over the limit", only: "PUT body", tamper: func(r *wireRequest) { r.Body = make([]byte, 1<<20+1) }, want: tooLarge},

		// Headers.
		{name: "signed header changed", only: "PUT body", tamper: func(r *wireRequest) { r.Header.Set("Content-Type", "application/x-amz-json-1.1") }, want: invalid},
		{name: "signed header removed", only: "PUT body", tamper: func(r *wireRequest) { r.Header.Del("Content-Type") }, want: invalid},
		{name: "X-Amz-Date moved a second", tamper: func(r *wireRequest) {
			r.Header.Set("X-Amz-Date", now.Add(time.Second).UTC().Format("20060102T150405Z"))
		}, sig: signature{at: now}, want: invalid},
		{name: "X-Amz-Date missing", tamper: func(r *wireRequest) { r.Header.Del("X-Amz-Date") }, want: incomplete, msg: "X-Amz-Date"},
		{name: "X-Amz-Date malformed", tamper: func(r *wireRequest) { r.Header.Set("X-Amz-Date", now.Format(time.RFC3339)) }, want: incomplete},
		{name: "X-Amz-Date twice", tamper: func(r *wireRequest) { r.Header.Add("X-Amz-Date", r.Header.Get("X-Amz-Date")) }, want: incomplete},
		{name: "host not signed", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return strings.Replace(a, "host;", "", 1) })
		}, want: incomplete, msg: "Host"},
		{name: "x-amz-date not signed", tamper: func(r *wireRequest) {
			auth(r, func(a string) string {
				a = strings.Replace(a, ";x-amz-date,", ",", 1)
				return strings.Replace(a, "SignedHeaders=x-amz-date,", "SignedHeaders=host,", 1)
			})
		}, want: incomplete, msg: "X-Amz-Date"},

		// Query.
		{name: "query value changed", only: "GET query", tamper: func(r *wireRequest) { r.Query = "referenceTypes=URL&referenceTypes=EMAIL" }, want: invalid},
		{name: "query parameter added", only: "GET query", tamper: func(r *wireRequest) { r.Query += "&nextToken=x" }, want: invalid},
		{name: "query parameter removed", only: "GET query", tamper: func(r *wireRequest) { r.Query = "referenceTypes=URL" }, want: invalid},
		{name: "query reordered", only: "GET query", tamper: func(r *wireRequest) { r.Query = "referenceTypes=STRING&referenceTypes=URL" }, want: ok},
		{name: "query added", only: "PUT body", tamper: func(r *wireRequest) { r.Query = "x=1" }, want: invalid},

		// Path and method.
		{name: "path changed", only: "GET query", tamper: func(r *wireRequest) { r.Path = strings.Replace(r.Path, contact, strings.ToUpper(contact), 1) }, want: invalid},
		{name: "path escapes changed", only: "GET escaped path", tamper: func(r *wireRequest) { r.Path = strings.Replace(r.Path, "%3A", "%3a", 1) }, want: invalid},
		{name: "path unescaped", only: "GET escaped path", tamper: func(r *wireRequest) { r.Path = strings.Replace(r.Path, "%3A", ":", -1) }, want: invalid},
		{name: "method changed", only: "PUT body", tamper: func(r *wireRequest) { r.Method = "POST" }, want: invalid},
		{name: "method changed to HEAD", only: "GET query", tamper: func(r *wireRequest) { r.Method = "HEAD" }, want: invalid},

		// Date skew.
		{name: "signed 16 minutes ago", sig: signature{at: now.Add(-16 * time.Minute)}, want: invalid, msg: "Signature expired"},
		{name: "signed 16 minutes ahead", sig: signature{at: now.Add(16 * time.Minute)}, want: invalid, msg: "not yet current"},
		{name: "signed yesterday", sig: signature{at: now.Add(-24 * time.Hour)}, want: invalid, msg: "Signature expired"},

		// Scope.
		{name: "service s3", sig: signature{service: "s3"}, want: invalid, msg: "connect"},
		{name: "service execute-api", sig: signature{service: "execute-api"}, want: invalid, msg: "connect"},
		{name: "terminator", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return strings.Replace(a, "/aws4_request", "/aws5_request", 1) })
		}, want: invalid, msg: "terminator"},
		{name: "scope day", tamper: func(r *wireRequest) {
			day := now.UTC().Format("20060102")
			auth(r, func(a string) string { return strings.Replace(a, "/"+day+"/", "/20200101/", 1) })
		}, want: invalid, msg: "Date in Credential scope"},
		{name: "scope too short", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return strings.Replace(a, "/connect/aws4_request", "/connect", 1) })
		}, want: incomplete, msg: "Credential"},
		// The region is not checked: it chooses the data the request sees
		// (another region has no such instance).
		{name: "other region", only: "PUT body", sig: signature{region: "eu-west-2"}, want: notFound},
		{name: "malformed region", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return strings.Replace(a, "/"+wireRegion+"/", "/US_EAST/", 1) })
		}, want: incomplete, msg: "region"},

		// Key.
		{name: "unknown key", sig: signature{key: "AKIDUNKNOWN", secret: wireSecret}, want: unrecognized, msg: "security token"},
		{name: "wrong secret", sig: signature{secret: wireSecret + "x"}, want: invalid, msg: "signature"},
		{name: "empty key", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return strings.Replace(a, "Credential="+wireKey, "Credential=", 1) })
		}, want: incomplete},

		// Signature.
		{name: "signature digit flipped", tamper: func(r *wireRequest) {
			auth(r, func(a string) string {
				i := strings.LastIndex(a, "=") + 1
				flip := map[byte]byte{'0': '1'}[a[i]]
				if flip == 0 {
					flip = '0'
				}
				return a[:i] + string(flip) + a[i+1:]
			})
		}, want: invalid, msg: "signature"},
		{name: "signature upper case", tamper: func(r *wireRequest) {
			auth(r, func(a string) string {
				i := strings.LastIndex(a, "=")
				return a[:i] + strings.ToUpper(a[i:])
			})
		}, want: incomplete, msg: "Signature"},
		{name: "signature truncated", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return a[:len(a)-1] })
		}, want: incomplete, msg: "Signature"},
		{name: "signature missing", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return a[:strings.LastIndex(a, ",")] })
		}, want: incomplete, msg: "Signature"},
		{name: "signature repeated", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return a + a[strings.LastIndex(a, ","):] })
		}, want: incomplete},

		// The Authorization header.
		{name: "unsigned", sig: signature{unsigned: true}, want: missing, msg: "Missing Authentication Token"},
		{name: "Authorization empty", tamper: func(r *wireRequest) { r.Header.Set("Authorization", "") }, want: missing},
		{name: "Authorization algorithm", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return strings.Replace(a, "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512", 1) })
		}, want: incomplete, msg: "algorithm"},
		{name: "Authorization garbage", tamper: func(r *wireRequest) { r.Header.Set("Authorization", "Bearer abc") }, want: incomplete},
		{name: "Authorization twice", tamper: func(r *wireRequest) { r.Header.Add("Authorization", r.Header.Get("Authorization")) }, want: incomplete},
		{name: "Authorization unknown component", tamper: func(r *wireRequest) {
			auth(r, func(a string) string { return a + ", Extra=1" })
		}, want: incomplete},
		{name: "Authorization too long", tamper: func(r *wireRequest) {
			auth(r, func(a string) string {
				return strings.Replace(a, "SignedHeaders=", "SignedHeaders="+strings.Repeat("x-a;", 3000), 1)
			})
		}, want: incomplete},

		// Presigned (query-string) forms are not supported.
		{name: "presigned", sig: signature{unsigned: true}, tamper: func(r *wireRequest) { presign(t, r, now) }, want: incomplete, msg: "Presigned"},
		{name: "presigned, expired", sig: signature{unsigned: true}, tamper: func(r *wireRequest) { presign(t, r, now.Add(-time.Hour)) }, want: incomplete, msg: "Presigned"},
		{name: "presigned and an Authorization header", tamper: func(r *wireRequest) {
			r.Query = strings.TrimPrefix(r.Query+"&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00", "&")
		}, want: invalid},
	}
	for baseName, base := range bases {
		for _, tc := range tests {
			if tc.only != "" && tc.only != baseName {
				continue
			}
			t.Run(baseName+"/"+tc.name, func(t *testing.T) {
				req := base
				req.Header = base.Header.Clone()
				if req.Header == nil {
					req.Header = http.Header{}
				}
				sign(t, &req, tc.sig)
				if tc.tamper != nil {
					tc.tamper(&req)
				}
				r, err := req.parse()
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				rec := serve(s.Handler, r)
				code, problems := checkAnswer(rt, r, rec)
				for _, p := range problems {
					t.Error(p)
				}
				if code != tc.want {
					t.Errorf("answered %d %q %.300s; want %q", rec.Code, code, rec.Body, tc.want)
				}
				if tc.msg != "" && !strings.Contains(rec.Body.String(), tc.msg) {
					t.Errorf("Message %.300s does not say %q", rec.Body, tc.msg)
				}
			})
		}
	}
}

// presign turns r into a presigned request (SigV4 in the query string), as
// v4.Signer.PresignHTTP makes it.
func presign(t *testing.T, r *wireRequest, at time.Time) {
	t.Helper()
	sr := &http.Request{Method: r.Method, URL: &url.URL{Opaque: "//" + wireHost + r.Path, RawQuery: r.Query}, Host: wireHost, Header: http.Header{}}
	sum := sha256.Sum256(r.Body)
	signed, _, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: wireKey, SecretAccessKey: wireSecret},
		sr, hex.EncodeToString(sum[:]), "connect", wireRegion, at)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(signed)
	if err != nil {
		t.Fatal(err)
	}
	r.Query = u.RawQuery
	if !strings.Contains(r.Query, "X-Amz-Signature=") {
		t.Fatalf("presigned query %q has no signature", r.Query)
	}
}
