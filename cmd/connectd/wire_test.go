package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"connectd/internal/awsapi"
)

// The harness of the wire tests (the malformed-input corpus, the SigV4
// tamper table and FuzzHandler): connectd run in-process in strict auth
// mode, on a temporary SQLite store and the manual clock, driven through
// the handler its HTTP server serves, with requests parsed from wire bytes
// by net/http and signed as an SDK signs them.

const (
	wireKey     = "AKIDWIRETEST"
	wireSecret  = "wire-test-secret"
	wireAccount = "111122223333"
	wireRegion  = "us-east-1"
	wireHost    = "connectd.test"
)

// wireServer is a running connectd and the handler of its HTTP server.
type wireServer struct {
	*Main
	Handler http.Handler
}

// startWire runs connectd for tb; it is closed when tb ends.
func startWire(tb testing.TB) *wireServer {
	tb.Helper()
	dir := tb.TempDir()
	creds := filepath.Join(dir, "credentials.json")
	b, err := json.Marshal([]map[string]string{{"AccessKeyId": wireKey, "SecretAccessKey": wireSecret, "AccountId": wireAccount}})
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(creds, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	m := NewMain()
	m.Logger = slog.New(slog.DiscardHandler)
	m.Config.Listen = "127.0.0.1:0"
	m.Config.DataDir = filepath.Join(dir, "data")
	m.Config.Clock = "manual"
	m.Config.Auth = "strict"
	m.Config.Credentials = creds
	m.Config.AccountID = wireAccount
	m.Config.Region = wireRegion
	if err := m.Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.Close() })
	return &wireServer{Main: m, Handler: m.server.Handler}
}

// wireRequest is a request as it goes over the wire: the request target
// (path and query exactly as sent, escapes and all), headers and body.
type wireRequest struct {
	Method, Path, Query string
	Header              http.Header // extra headers; Host and Content-Length are added
	Body                []byte
}

func (w wireRequest) target() string {
	if w.Query == "" {
		return w.Path
	}
	return w.Path + "?" + w.Query
}

// signature is how a request is signed (the zero value: correctly, now, by
// the test key for connect in us-east-1).
type signature struct {
	unsigned        bool
	at              time.Time
	key, secret     string
	region, service string
}

// sign adds the SigV4 headers of req to req.Header, signing the path and
// query exactly as they are on the wire.
func sign(tb testing.TB, req *wireRequest, s signature) {
	tb.Helper()
	if err := trySign(req, s); err != nil {
		tb.Fatalf("sign: %v", err)
	}
}

// trySign is sign, returning the signer's error.
func trySign(req *wireRequest, s signature) error {
	if s.unsigned {
		return nil
	}
	if s.at.IsZero() {
		s.at = time.Now()
	}
	creds := aws.Credentials{AccessKeyID: cmpOr(s.key, wireKey), SecretAccessKey: cmpOr(s.secret, wireSecret)}
	sr := &http.Request{
		Method:        req.Method,
		URL:           &url.URL{Opaque: "//" + wireHost + req.Path, RawQuery: req.Query},
		Host:          wireHost,
		Header:        req.Header.Clone(),
		ContentLength: int64(len(req.Body)),
	}
	if sr.Header == nil {
		sr.Header = http.Header{}
	}
	sum := sha256.Sum256(req.Body)
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, sr, hex.EncodeToString(sum[:]), cmpOr(s.service, "connect"), cmpOr(s.region, wireRegion), s.at); err != nil {
		return err
	}
	if req.Header == nil {
		req.Header = http.Header{}
	}
	for _, k := range []string{"Authorization", "X-Amz-Date"} {
		req.Header[k] = sr.Header[k]
	}
	return nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// parse turns req into the *http.Request a server would hand its handler,
// or the error for which net/http's server refuses it before any handler
// runs.
func (w wireRequest) parse() (*http.Request, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", w.Method, w.target(), wireHost)
	for k, vs := range w.Header {
		for _, v := range vs {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	if w.Body != nil {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(w.Body))
	}
	b.WriteString("\r\n")
	b.Write(w.Body)
	r, err := http.ReadRequest(bufio.NewReader(&b))
	if err != nil {
		return nil, err
	}
	r.RemoteAddr = "192.0.2.1:1234"
	return r, nil
}

// serve runs r through h and returns the response. An event stream that
// opens is closed at once (its request's context is cancelled), so that
// a request for GET /_connectd/v1/events ends.
func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(&streamCloser{ResponseRecorder: rec, cancel: cancel}, r.WithContext(ctx))
	return rec
}

// streamCloser cancels the request once the handler starts an event stream.
type streamCloser struct {
	*httptest.ResponseRecorder
	cancel context.CancelFunc
}

func (w *streamCloser) WriteHeader(code int) {
	if strings.HasPrefix(w.Header().Get("Content-Type"), "text/event-stream") {
		w.cancel()
	}
	w.ResponseRecorder.WriteHeader(code)
}

func (w *streamCloser) Unwrap() http.ResponseWriter { return w.ResponseRecorder }

// authCodes are the documented errors of SigV4 authentication (README,
// "Known differences"), which any request may get, and their statuses.
var authCodes = map[string]int{
	"MissingAuthenticationTokenException": 403,
	"IncompleteSignatureException":        400,
	"UnrecognizedClientException":         403,
	"InvalidSignatureException":           403,
	"RequestEntityTooLargeException":      413,
}

// adminCodes are the errors of connectd's own API under /_connectd/
// (README, "connectd's own API").
var adminCodes = map[string]int{
	"InvalidParameterException":   400,
	"InvalidRequestException":     400,
	"ResourceNotFoundException":   404,
	"ConflictException":           409,
	"UnknownOperationException":   404,
	"ServiceUnavailableException": 503,
}

// router finds the model operation a Connect API request is routed to,
// with the model's own routes.
type router struct {
	mux *http.ServeMux
	ops map[string]awsapi.OperationInfo // by pattern
}

func newRouter() *router {
	rt := &router{mux: http.NewServeMux(), ops: map[string]awsapi.OperationInfo{}}
	for _, op := range awsapi.Operations() {
		p := op.Method + " " + op.URI
		rt.ops[p] = op
		rt.mux.HandleFunc(p, func(http.ResponseWriter, *http.Request) {})
	}
	return rt
}

// route returns the operation r is routed to, if any.
func (rt *router) route(r *http.Request) (awsapi.OperationInfo, bool) {
	if p := r.URL.EscapedPath(); p != cleanPathForTest(p) {
		return awsapi.OperationInfo{}, false // connectd answers non-canonical paths as unknown
	}
	_, pattern := rt.mux.Handler(r)
	op, ok := rt.ops[pattern]
	return op, ok
}

// cleanPathForTest is net/http's canonical form of a request path; connectd
// answers a request whose path differs from it as an unknown operation.
func cleanPathForTest(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if strings.HasSuffix(p, "/") && np != "/" {
		np += "/"
	}
	return np
}

// validationCode is the error an operation answers for input it cannot
// parse or that breaks a model constraint: InvalidParameterException when
// it declares it, else InvalidRequestException.
func validationCode(op awsapi.OperationInfo) string {
	if slices.Contains(op.Errors, "InvalidParameterException") {
		return "InvalidParameterException"
	}
	return "InvalidRequestException"
}

// checkAnswer reports what is wrong with the answer rec to r, whatever the
// input was: a 5xx, an error not in the JSON error shape, or an exception the
// operation does not declare (or, off the Connect API, one connectd does
// not document). It returns the error code ("" for a success).
func checkAnswer(rt *router, r *http.Request, rec *httptest.ResponseRecorder) (string, []string) {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	status := rec.Code
	if status >= 500 && !notImplemented(rt, r, rec) {
		bad("status %d", status)
	}
	ct := rec.Header().Get("Content-Type")
	if strings.HasPrefix(ct, "text/event-stream") && status == 200 {
		return "", problems
	}
	if ct != "application/json" {
		bad("Content-Type %q, want application/json", ct)
	}
	var body map[string]any
	if r.Method != http.MethodHead || rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			bad("body %.200q is not a JSON object: %v", rec.Body, err)
		}
	}
	if r.URL.Path == healthLivePath || r.URL.Path == healthReadyPath {
		// The load balancers' endpoints answer {"Status": ...} (README).
		return "", problems
	}
	if len(rec.Header()["x-amzn-RequestId"]) != 1 {
		bad("no x-amzn-RequestId")
	}
	if status < 300 {
		if status != 200 {
			bad("success status %d, want 200", status)
		}
		return "", problems
	}
	types := rec.Header()["X-Amzn-ErrorType"]
	if len(types) != 1 || types[0] == "" {
		bad("status %d without one X-Amzn-ErrorType (%q)", status, types)
		return "", problems
	}
	code := types[0]
	if msg, ok := body["Message"].(string); !ok || msg == "" {
		if r.Method != http.MethodHead {
			bad("%s: body %.200q has no Message", code, rec.Body)
		}
	}
	if want, ok := authCodes[code]; ok {
		if status != want {
			bad("%s: status %d, want %d", code, status, want)
		}
		return code, problems
	}
	if strings.HasPrefix(r.URL.EscapedPath(), "/_connectd/") {
		if want, ok := adminCodes[code]; !ok || status != want {
			bad("admin API answered %s %d, not a documented admin error", code, status)
		}
		return code, problems
	}
	op, ok := rt.route(r)
	if !ok {
		if code != "UnknownOperationException" || status != 404 {
			bad("no operation matches, answered %s %d, want UnknownOperationException 404", code, status)
		}
		return code, problems
	}
	if notImplemented(rt, r, rec) {
		return code, problems // documented (README)
	}
	if !slices.Contains(op.Errors, code) {
		bad("%s answered %s, which it does not declare %v", op.Name, code, op.Errors)
	}
	if want, ok := awsapi.ErrorStatus(code); ok && status != want {
		bad("%s: status %d, want the model's %d", code, status, want)
	}
	return code, problems
}

// notImplemented reports whether rec is connectd's documented answer to an
// operation it does not implement: 501 NotImplementedException.
func notImplemented(rt *router, r *http.Request, rec *httptest.ResponseRecorder) bool {
	if rec.Code != http.StatusNotImplemented || rec.Header().Get("X-Amzn-ErrorType") != "NotImplementedException" {
		return false
	}
	op, ok := rt.route(r)
	return ok && !op.Implemented
}
