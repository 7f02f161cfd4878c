package sigv4

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	testKey     = "AKIDEXAMPLE"
	testSecret  = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testAccount = "123456789012"
)

var signTime = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// serverResult is what the test server saw.
type serverResult struct {
	err  error  // from the check run on the server side
	body []byte // what the handler could read after the check
}

// serve starts an httptest.Server, sends it the request that build makes for
// the server's base URL (signing must know the host), runs check on the
// server's *http.Request (so Go's server header handling applies), then
// reads the body as a handler would.
func serve(t *testing.T, build func(base string) *http.Request, check func(r *http.Request) error) serverResult {
	t.Helper()
	results := make(chan serverResult, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := check(r)
		body, _ := io.ReadAll(r.Body)
		results <- serverResult{err: err, body: body}
	}))
	t.Cleanup(srv.Close)
	req := build(srv.URL)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("send request: %v", err)
	}
	resp.Body.Close()
	return <-results
}

// signGo signs req with the aws-sdk-go-v2 signer, as the Go SDK does.
func signGo(t *testing.T, req *http.Request, body []byte, creds aws.Credentials, region string, at time.Time) {
	t.Helper()
	sum := sha256.Sum256(body)
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
	}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "connect", region, at); err != nil {
		t.Fatalf("SignHTTP: %v", err)
	}
}

func testStore() *StaticStore {
	return NewStaticStore([]Credential{
		{AccessKeyID: testKey, SecretAccessKey: testSecret, AccountID: testAccount},
		{AccessKeyID: "ASIATEMP", SecretAccessKey: "temp-secret", AccountID: "210987654321"},
	})
}
