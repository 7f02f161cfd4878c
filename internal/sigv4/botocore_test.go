package sigv4

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// botocoreScript signs requests with botocore's SigV4Auth, as boto3 and the
// AWS CLI do, and prints them as JSON. argv[1] is the server's base URL.
const botocoreScript = `
import json, sys
from urllib.parse import quote
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

base = sys.argv[1]
arn = quote("arn:aws:connect:us-east-1:123456789012:instance/abc", safe="-_.~")
cases = [
    ("PUT", "/contact/task", b'{"InstanceId":"inst-1","Name":"t  1"}', {"Content-Type": "application/x-amz-json-1.1"}, None),
    ("GET", "/tags/" + arn, None, {}, None),
    ("GET", "/contact/references/i/c?" + "&".join(["referenceTypes=URL", "referenceTypes=STRING", "nextToken=" + quote("ab+cd/ef==", safe="-_.~")]), None, {}, None),
    ("POST", "/contact/attributes", b'{"Attributes":{"k":"v"}}', {"Content-Type": "application/json"}, "session-token+/="),
]
out = []
for method, path, body, headers, token in cases:
    key, secret = ("ASIATEMP", "temp-secret") if token else ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    req = AWSRequest(method=method, url=base + path, data=body, headers=headers)
    SigV4Auth(Credentials(key, secret, token), "connect", "ap-southeast-2").add_auth(req)
    out.append({
        "method": method,
        "url": req.url,
        "headers": dict(req.headers.items()),
        "body": (body or b"").decode(),
    })
json.dump(out, sys.stdout)
`

type botocoreRequest struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

// TestVerifyBotocore checks requests signed by botocore, the signer of
// boto3 and the AWS CLI, sent with their exact headers and body.
func TestVerifyBotocore(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not on PATH; cannot sign with botocore")
	}
	if err := exec.Command("python3", "-c", "import botocore").Run(); err != nil {
		t.Skipf("python3 cannot import botocore (%v); cannot sign with botocore", err)
	}

	type result struct {
		err  error
		body string
	}
	results := make(chan result, 1)
	a := &Authenticator{Store: testStore(), Strict: true}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := a.Authenticate(r)
		var buf bytes.Buffer
		buf.ReadFrom(r.Body)
		results <- result{err, buf.String()}
	}))
	t.Cleanup(srv.Close)

	out, err := exec.Command("python3", "-c", botocoreScript, srv.URL).Output()
	if err != nil {
		t.Fatalf("botocore script: %v", err)
	}
	var reqs []botocoreRequest
	if err := json.Unmarshal(out, &reqs); err != nil {
		t.Fatalf("decode botocore output: %v\n%s", err, out)
	}
	if len(reqs) != 4 {
		t.Fatalf("botocore produced %d requests, want 4", len(reqs))
	}
	for _, br := range reqs {
		// Sequential: the server reports through one channel.
		req, err := http.NewRequest(br.Method, br.URL, strings.NewReader(br.Body))
		if err != nil {
			t.Fatal(err)
		}
		if br.Body == "" {
			req.Body, req.ContentLength = http.NoBody, 0
		}
		for k, v := range br.Headers {
			req.Header.Set(k, v)
		}
		t.Logf("%s %s: %s", br.Method, br.URL, signedHeadersOf(br.Headers["Authorization"]))
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		select {
		case got := <-results:
			if got.err != nil {
				t.Errorf("%s %s: Authenticate = %v, want nil", br.Method, br.URL, got.err)
			}
			if got.body != br.Body {
				t.Errorf("%s %s: handler read body %q, want %q", br.Method, br.URL, got.body, br.Body)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("server did not answer")
		}
	}
}

func signedHeadersOf(auth string) string {
	_, rest, _ := strings.Cut(auth, "SignedHeaders=")
	sh, _, _ := strings.Cut(rest, ",")
	return sh
}
