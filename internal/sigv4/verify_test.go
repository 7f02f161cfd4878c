package sigv4

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/google/go-cmp/cmp"
)

type signedCase struct {
	method string
	url    string // host "placeholder" is replaced by the test server
	body   []byte
	header map[string]string // set before signing
	creds  aws.Credentials
	region string
}

func (c signedCase) build(t *testing.T, base string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(c.method, strings.Replace(c.url, "http://placeholder", base, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	creds := c.creds
	if creds.AccessKeyID == "" {
		creds = aws.Credentials{AccessKeyID: testKey, SecretAccessKey: testSecret}
	}
	region := c.region
	if region == "" {
		region = "us-west-2"
	}
	signGo(t, req, c.body, creds, region, signTime)
	return req
}

var oracleCases = map[string]signedCase{
	"GET repeated query keys": {
		method: "GET",
		url:    "http://placeholder/contact/references/inst-1/contact-1?referenceTypes=URL&referenceTypes=STRING&maxResults=10",
	},
	"GET no query": {
		method: "GET",
		url:    "http://placeholder/contacts/inst-1/contact-1",
	},
	"PUT JSON body": {
		method: "PUT",
		url:    "http://placeholder/contact/task",
		body:   []byte(`{"InstanceId":"inst-1","Name":"hello  world","ContactFlowId":"f1"}`),
		header: map[string]string{"Content-Type": "application/json"},
	},
	"POST empty body": {
		method: "POST",
		url:    "http://placeholder/contact/stop",
		body:   []byte{},
	},
	"path with %3A and %2F": {
		method: "GET",
		url:    "http://placeholder/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fabc",
	},
	"path with %3A and %2F and tag keys": {
		method: "DELETE",
		url:    "http://placeholder/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fabc?tagKeys=a%20b&tagKeys=c%2Fd",
	},
	"query with +/= token": {
		method: "GET",
		url:    "http://placeholder/task-templates/inst-1?nextToken=ab%2Bcd%2Fef%3D%3D&maxResults=2",
	},
	"session token": {
		method: "POST",
		url:    "http://placeholder/contact/attributes",
		body:   []byte(`{"Attributes":{"k":"v"}}`),
		creds:  aws.Credentials{AccessKeyID: "ASIATEMP", SecretAccessKey: "temp-secret", SessionToken: "FwoGZXIvYXdzE//token+with/chars=="},
	},
	"spaces in signed header values": {
		method: "GET",
		url:    "http://placeholder/contacts/inst-1/c-1",
		header: map[string]string{"User-Agent": "aws-sdk-go-v2/1.0 os/linux", "X-Custom": "  a   b  "},
	},
	"other region": {
		method: "GET",
		url:    "http://placeholder/contacts/inst-1/c-1",
		region: "eu-central-1",
	},
}

func TestVerifyOracle(t *testing.T) {
	t.Parallel()
	for name, tc := range oracleCases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			build := func(base string) *http.Request {
				req := tc.build(t, base)
				// Headers added after signing are not signed and must not matter.
				req.Header.Set("X-Amzn-Trace-Id", "Root=1-abc")
				req.Header.Set("X-Unsigned", "whatever")
				if tc.header["User-Agent"] == "" {
					req.Header.Set("User-Agent", "changed-after-signing/1.0")
				}
				return req
			}
			secret := tc.creds.SecretAccessKey
			if secret == "" {
				secret = testSecret
			}
			var region string
			got := serve(t, build, func(r *http.Request) error {
				s, err := Parse(r)
				if err != nil {
					return err
				}
				region = s.Region
				return Verify(r, s, secret, signTime.Add(3*time.Minute), 0)
			})
			if got.err != nil {
				t.Fatalf("Verify = %v, want nil", got.err)
			}
			if diff := cmp.Diff(string(tc.body), string(got.body)); diff != "" {
				t.Errorf("body after Verify (-want +got):\n%s", diff)
			}
			wantRegion := tc.region
			if wantRegion == "" {
				wantRegion = "us-west-2"
			}
			if region != wantRegion {
				t.Errorf("region = %q, want %q", region, wantRegion)
			}
		})
	}
}

// replaceInAuth rewrites part of the Authorization header after signing.
func replaceInAuth(old, new string) func(*http.Request) {
	return func(r *http.Request) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), old, new, 1))
	}
}

func TestVerifyTampered(t *testing.T) {
	t.Parallel()
	base := signedCase{
		method: "PUT",
		url:    "http://placeholder/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fabc?tagKeys=a&tagKeys=b",
		body:   []byte(`{"tags":{"k":"v"}}`),
		header: map[string]string{"Content-Type": "application/json", "X-Amz-Meta-Foo": "bar"},
	}
	sess := base
	sess.creds = aws.Credentials{AccessKeyID: "ASIATEMP", SecretAccessKey: "temp-secret", SessionToken: "tok"}

	tests := []struct {
		name   string
		base   signedCase
		tamper func(*http.Request)
		now    time.Time // signTime if zero
		want   error
	}{
		{name: "untampered", tamper: func(*http.Request) {}, want: nil},
		{name: "method", tamper: func(r *http.Request) { r.Method = "POST" }, want: ErrMismatch},
		{name: "path", tamper: func(r *http.Request) {
			r.URL.Path = "/tags/arn:aws:connect:us-east-1:123456789012:instance/abd"
			r.URL.RawPath = "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fabd"
		}, want: ErrMismatch},
		{name: "path escaping", tamper: func(r *http.Request) {
			// Same decoded path, different bytes on the wire.
			r.URL.RawPath = "/tags/arn:aws:connect:us-east-1:123456789012:instance%2Fabc"
		}, want: ErrMismatch},
		{name: "query value", tamper: func(r *http.Request) { r.URL.RawQuery = "tagKeys=a&tagKeys=c" }, want: ErrMismatch},
		{name: "query added", tamper: func(r *http.Request) { r.URL.RawQuery += "&x=1" }, want: ErrMismatch},
		{name: "signed header", tamper: func(r *http.Request) { r.Header.Set("Content-Type", "text/plain") }, want: ErrMismatch},
		{name: "signed header removed", tamper: func(r *http.Request) { r.Header.Del("X-Amz-Meta-Foo") }, want: ErrMismatch},
		{name: "host", tamper: func(r *http.Request) { r.Host = "example.com" }, want: ErrMismatch},
		{name: "body same length", tamper: func(r *http.Request) {
			b := []byte(`{"tags":{"k":"w"}}`)
			r.Body = io.NopCloser(bytes.NewReader(b))
		}, want: ErrMismatch},
		{name: "body longer", tamper: func(r *http.Request) {
			b := []byte(`{"tags":{"k":"vv"}}`)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}, want: ErrMismatch},
		{name: "x-amz-date same day", tamper: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20260101T120100Z") }, want: ErrMismatch},
		{name: "skew +16m", tamper: func(*http.Request) {}, now: signTime.Add(16 * time.Minute), want: ErrExpired},
		{name: "skew -16m", tamper: func(*http.Request) {}, now: signTime.Add(-16 * time.Minute), want: ErrExpired},
		{name: "skew exactly 15m", tamper: func(*http.Request) {}, now: signTime.Add(15 * time.Minute), want: nil},
		{name: "scope day", tamper: replaceInAuth("/20260101/", "/20260102/"), want: ErrScope},
		{name: "x-amz-date other day", tamper: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20260102T000100Z") },
			now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), want: ErrScope},
		{name: "scope service", tamper: replaceInAuth("/connect/", "/s3/"), want: ErrScope},
		{name: "scope terminal", tamper: replaceInAuth("/aws4_request", "/aws4_reqest"), want: ErrScope},
		{name: "scope region", tamper: replaceInAuth("/us-west-2/", "/us-east-1/"), want: ErrMismatch},
		{name: "host not signed", tamper: replaceInAuth("SignedHeaders=content-length;content-type;host;", "SignedHeaders=content-length;content-type;"), want: ErrMalformed},
		{name: "signature", tamper: func(r *http.Request) {
			a := r.Header.Get("Authorization")
			last := a[len(a)-1]
			repl := byte('0')
			if last == '0' {
				repl = '1'
			}
			r.Header.Set("Authorization", a[:len(a)-1]+string(repl))
		}, want: ErrMismatch},
		{name: "unknown key", tamper: replaceInAuth("Credential="+testKey+"/", "Credential=AKIDOTHER/"), want: ErrUnknownKey},
		{name: "no authorization", tamper: func(r *http.Request) { r.Header.Del("Authorization") }, want: ErrMissing},
		{name: "no x-amz-date", tamper: func(r *http.Request) { r.Header.Del("X-Amz-Date") }, want: ErrMalformed},
		{name: "session token", base: sess, tamper: func(r *http.Request) { r.Header.Set("X-Amz-Security-Token", "tok2") }, want: ErrMismatch},
		{name: "session token intact", base: sess, tamper: func(*http.Request) {}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.base
			if c.method == "" {
				c = base
			}
			build := func(base string) *http.Request {
				req := c.build(t, base)
				tt.tamper(req)
				return req
			}
			now := tt.now
			if now.IsZero() {
				now = signTime
			}
			a := &Authenticator{Store: testStore(), Strict: true, Now: func() time.Time { return now }}
			got := serve(t, build, func(r *http.Request) error {
				_, err := a.Authenticate(r)
				return err
			})
			if tt.want == nil {
				if got.err != nil {
					t.Fatalf("Authenticate = %v, want nil", got.err)
				}
				return
			}
			if !errors.Is(got.err, tt.want) {
				t.Fatalf("Authenticate = %v, want %v", got.err, tt.want)
			}
			if msg := Message(got.err); strings.Contains(msg, testSecret) || strings.Contains(msg, "Signature=") {
				t.Errorf("Message(err) = %q leaks secret or signature", msg)
			}
		})
	}
}

// TestVerifyWrongSecret guards against the signer's derived-key cache, which
// is not keyed by secret: a wrong secret must fail even after a right one.
func TestVerifyWrongSecret(t *testing.T) {
	t.Parallel()
	c := oracleCases["PUT JSON body"]
	for _, secret := range []string{testSecret, "wrong", testSecret} {
		build := func(base string) *http.Request { return c.build(t, base) }
		got := serve(t, build, func(r *http.Request) error {
			s, err := Parse(r)
			if err != nil {
				return err
			}
			return Verify(r, s, secret, signTime, 0)
		})
		if want := secret == testSecret; (got.err == nil) != want {
			t.Errorf("Verify with secret ok=%v: err = %v", want, got.err)
		}
	}
}

func TestVerifyBody(t *testing.T) {
	t.Parallel()
	body := []byte(`{"Attributes":{"k":"v"}}`)
	tests := []struct {
		name    string
		maxBody int64
		want    error
	}{
		{"under limit", int64(len(body)), nil},
		{"default limit", 0, nil},
		{"over limit", int64(len(body)) - 1, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := signedCase{method: "POST", url: "http://placeholder/contact/attributes", body: body}
			build := func(base string) *http.Request { return c.build(t, base) }
			got := serve(t, build, func(r *http.Request) error {
				s, err := Parse(r)
				if err != nil {
					return err
				}
				return Verify(r, s, testSecret, signTime, tt.maxBody)
			})
			if !errors.Is(got.err, tt.want) {
				t.Fatalf("Verify = %v, want %v", got.err, tt.want)
			}
			if tt.want == nil && !bytes.Equal(got.body, body) {
				t.Errorf("handler read body %q, want %q", got.body, body)
			}
		})
	}
}

// TestVerifyChunkedBody covers a body sent without Content-Length.
func TestVerifyChunkedBody(t *testing.T) {
	t.Parallel()
	body := []byte(`{"Name":"chunked"}`)
	c := signedCase{method: "PUT", url: "http://placeholder/contact/task", body: body}
	build := func(base string) *http.Request {
		req, err := http.NewRequest(c.method, strings.Replace(c.url, "http://placeholder", base, 1), nil)
		if err != nil {
			t.Fatal(err)
		}
		// Signed without content-length, like a client that streams; an
		// unknown length makes Go's client send the body chunked.
		sum := sha256.Sum256(body)
		creds := aws.Credentials{AccessKeyID: testKey, SecretAccessKey: testSecret}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "connect", "us-west-2", signTime); err != nil {
			t.Fatal(err)
		}
		req.ContentLength = -1
		req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body[:5]), bytes.NewReader(body[5:])))
		return req
	}
	got := serve(t, build, func(r *http.Request) error {
		s, err := Parse(r)
		if err != nil {
			return err
		}
		return Verify(r, s, testSecret, signTime, 0)
	})
	if got.err != nil {
		t.Fatalf("Verify = %v, want nil", got.err)
	}
	if !bytes.Equal(got.body, body) {
		t.Errorf("handler read body %q, want %q", got.body, body)
	}
}
