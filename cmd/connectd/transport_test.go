package main

// Tests of what a connection, a request and a client may cost connectd: the
// HTTP server's limits (on a real listener, driven through raw connections),
// the bounded body read before a signature is verified, unreadable bodies
// and clients that go away mid-request.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"connectd/internal/connect"
)

// logSink collects a Main's log as JSON lines, at every level.
type logSink struct{ buf syncBuffer }

func newLogSink() (*logSink, *slog.Logger) {
	s := &logSink{}
	return s, slog.New(slog.NewJSONHandler(&s.buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// records returns the log's records whose msg is msg (every record if msg
// is empty).
func (s *logSink) records(msg string) []map[string]any {
	var out []map[string]any
	for _, l := range strings.Split(s.buf.String(), "\n") {
		var rec map[string]any
		if l == "" || json.Unmarshal([]byte(l), &rec) != nil {
			continue
		}
		if msg == "" || rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// atLevel returns the records at level ("ERROR", "WARN", ...).
func (s *logSink) atLevel(level string) []map[string]any {
	var out []map[string]any
	for _, rec := range s.records("") {
		if rec["level"] == level {
			out = append(out, rec)
		}
	}
	return out
}

// dial opens a raw connection to m, closed at the end of the test.
func dial(t *testing.T, m *Main) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", m.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitServerClose reads r (the connection, or a reader over it) until the
// server closes the connection, and fails if that takes longer than within.
// It returns how long it took.
func waitServerClose(t *testing.T, c net.Conn, r io.Reader, within time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	c.SetReadDeadline(start.Add(within))
	_, err := io.Copy(io.Discard, r)
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		t.Fatalf("the server kept the connection open for %v", within)
	}
	return time.Since(start)
}

// TestIdleConnectionClosed: a keep-alive connection left idle after a
// request is closed after --idle-timeout, and a connection that never sends
// a request after --read-timeout.
func TestIdleConnectionClosed(t *testing.T) {
	t.Parallel()
	m := startTestMain(t, map[string]string{"CONNECTD_IDLE_TIMEOUT": "300ms", "CONNECTD_READ_TIMEOUT": "500ms"},
		slog.New(slog.DiscardHandler))

	t.Run("after a request", func(t *testing.T) {
		t.Parallel()
		c := dial(t, m)
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: connectd\r\n\r\n", healthLivePath)
		br := bufio.NewReader(c)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Close {
			t.Fatalf("response = %d (close %v), want 200 on a kept-alive connection", resp.StatusCode, resp.Close)
		}
		if took := waitServerClose(t, c, br, 5*time.Second); took < 200*time.Millisecond {
			t.Errorf("the idle connection was closed after %v, want about the idle timeout (300ms)", took)
		}
	})
	t.Run("silent", func(t *testing.T) {
		t.Parallel()
		c := dial(t, m)
		waitServerClose(t, c, c, 5*time.Second)
	})
}

// TestTrickledRequestClosed: a request whose body, or whose headers, come a
// byte at a time is cut off after --read-timeout.
func TestTrickledRequestClosed(t *testing.T) {
	t.Parallel()
	m := startTestMain(t, map[string]string{"CONNECTD_READ_TIMEOUT": "500ms"}, slog.New(slog.DiscardHandler))
	trickle := func(t *testing.T, c net.Conn, b byte) {
		stop := make(chan struct{})
		done := make(chan struct{})
		t.Cleanup(func() { close(stop); <-done })
		go func() {
			defer close(done)
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					if _, err := c.Write([]byte{b}); err != nil {
						return
					}
				}
			}
		}()
	}
	t.Run("body", func(t *testing.T) {
		t.Parallel()
		c := dial(t, m)
		fmt.Fprintf(c, "PUT /contact/task HTTP/1.1\r\nHost: connectd\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
		trickle(t, c, ' ')
		waitServerClose(t, c, c, 5*time.Second)
	})
	t.Run("headers", func(t *testing.T) {
		t.Parallel()
		c := dial(t, m)
		fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: connectd\r\nX-Slow: ", healthLivePath)
		trickle(t, c, 'a')
		waitServerClose(t, c, c, 5*time.Second)
	})
}

// TestHeaderTooLarge: request headers beyond --max-header-bytes (default
// 64 KiB) are refused with 431.
func TestHeaderTooLarge(t *testing.T) {
	t.Parallel()
	m := startTestMain(t, nil, slog.New(slog.DiscardHandler))
	c := dial(t, m)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: connectd\r\nX-Big: %s\r\n\r\n", healthLivePath, strings.Repeat("a", 100<<10))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("status = %d, want 431", resp.StatusCode)
	}
	// Headers within the limit still pass.
	c = dial(t, m)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: connectd\r\nX-Big: %s\r\n\r\n", healthLivePath, strings.Repeat("a", 32<<10))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if resp, err = http.ReadResponse(bufio.NewReader(c), nil); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("32 KiB of headers: status = %d, want 200", resp.StatusCode)
	}
}

const (
	testAccessKey = "AKIDTRANSPORT"
	testSecretKey = "transport-secret"
	testAccount   = "123456789012"
)

// startStrict runs a Main in strict mode that knows testAccessKey.
func startStrict(t *testing.T, log *slog.Logger) *Main {
	t.Helper()
	creds := filepath.Join(t.TempDir(), "credentials.json")
	b, _ := json.Marshal([]map[string]string{{"AccessKeyId": testAccessKey, "SecretAccessKey": testSecretKey, "AccountId": testAccount}})
	if err := os.WriteFile(creds, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return startTestMain(t, map[string]string{"CONNECTD_AUTH": "strict", "CONNECTD_CREDENTIALS": creds}, log)
}

// signRequest signs r for testAccessKey as if its body were signedBody.
func signRequest(t *testing.T, r *http.Request, signedBody []byte) {
	t.Helper()
	sum := sha256.Sum256(signedBody)
	creds := aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), "connect", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
}

// countingReader is an endless-enough body that counts what was read of it.
type countingReader struct {
	n, size int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.n >= c.size {
		return 0, io.EOF
	}
	k := min(int64(len(p)), c.size-c.n)
	for i := range k {
		p[i] = ' '
	}
	c.n += k
	return int(k), nil
}

func (c *countingReader) Close() error { return nil }

// TestStrictBodyBoundedBeforeSignature: in strict mode, a request with a
// known access key and a bad signature costs at most the API's body limit
// (1 MiB) before it is refused: a larger body is 413
// RequestEntityTooLargeException, read no further than the limit.
func TestStrictBodyBoundedBeforeSignature(t *testing.T) {
	t.Parallel()
	m := startStrict(t, slog.New(slog.DiscardHandler))
	const limit = 1 << 20
	for _, tc := range []struct {
		name          string
		contentLength int64 // -1: chunked
		maxRead       int64
	}{
		{"chunked", -1, limit + 1},
		{"content length", 5 << 20, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPut, "http://"+m.Addr()+"/contact/task", nil)
			signRequest(t, r, []byte(`{}`))
			body := &countingReader{size: 5 << 20}
			r.Body, r.ContentLength = body, tc.contentLength
			w := httptest.NewRecorder()
			m.server.Handler.ServeHTTP(w, r)
			if body.n > tc.maxRead {
				t.Errorf("read %d bytes of the body before refusing it, want at most %d", body.n, tc.maxRead)
			}
			if got := strings.Join(w.Header()["X-Amzn-ErrorType"], ","); w.Code != http.StatusRequestEntityTooLarge || got != "RequestEntityTooLargeException" {
				t.Errorf("answer = %d %s, want 413 RequestEntityTooLargeException", w.Code, got)
			}
		})
	}
}

// TestUnreadableBody: a body that cannot be read (bad chunked encoding) is
// the client's fault: 400, and no ERROR in the log, in both auth modes.
func TestUnreadableBody(t *testing.T) {
	t.Parallel()
	for _, strict := range []bool{false, true} {
		t.Run(fmt.Sprintf("strict=%v", strict), func(t *testing.T) {
			t.Parallel()
			logs, log := newLogSink()
			var m *Main
			if strict {
				m = startStrict(t, log)
			} else {
				m = startTestMain(t, nil, log)
			}
			r, _ := http.NewRequest(http.MethodPut, "http://"+m.Addr()+"/contact/task", nil)
			signRequest(t, r, []byte(`{}`))
			var head strings.Builder
			fmt.Fprintf(&head, "PUT /contact/task HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n", m.Addr())
			for _, k := range []string{"Authorization", "X-Amz-Date"} {
				fmt.Fprintf(&head, "%s: %s\r\n", k, r.Header.Get(k))
			}
			c := dial(t, m)
			fmt.Fprintf(c, "%s\r\n2\r\n{}\r\nzz\r\n", head.String()) // "zz" is no chunk size
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("answer = %d %s %s, want 400", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), b)
			}
			if errs := logs.atLevel("ERROR"); len(errs) > 0 {
				t.Errorf("ERROR logged for a client's bad body: %v", errs)
			}
		})
	}
}

// TestClientGone: clients that send a valid StartTaskContact and then close
// their connection, or only their side of it, get no 500 and cause no ERROR
// line; every task whose request was received is created, whole.
func TestClientGone(t *testing.T) {
	t.Parallel()
	stores := map[string]func(t *testing.T) map[string]string{
		"sqlite": func(*testing.T) map[string]string { return nil },
		"postgres": func(t *testing.T) map[string]string {
			return map[string]string{"CONNECTD_STORE": "postgres", "CONNECTD_POSTGRES_URL": postgresSchemaURL(t)}
		},
	}
	for storeName, env := range stores {
		for _, mode := range []string{"close", "half-close"} {
			t.Run(storeName+"/"+mode, func(t *testing.T) {
				t.Parallel()
				logs, log := newLogSink()
				m := startTestMain(t, env(t), log)
				const n = 100
				var wg sync.WaitGroup
				var answered, failed atomic.Int64
				for i := range n {
					wg.Go(func() {
						body := fmt.Sprintf(`{"InstanceId":%q,"ContactFlowId":%q,"Name":"gone %d","ClientToken":"gone-%d"}`,
							m.DefaultInstance, m.DefaultTaskFlow, i, i)
						c, err := net.Dial("tcp", m.Addr())
						if err != nil {
							t.Error(err)
							return
						}
						defer c.Close()
						fmt.Fprintf(c, "PUT /contact/task HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
							m.Addr(), len(body), body)
						if mode == "close" {
							return
						}
						c.(*net.TCPConn).CloseWrite()
						c.SetReadDeadline(time.Now().Add(30 * time.Second))
						resp, err := http.ReadResponse(bufio.NewReader(c), nil)
						if err != nil {
							t.Errorf("half-closed client: %v", err)
							return
						}
						resp.Body.Close()
						answered.Add(1)
						if resp.StatusCode != http.StatusOK {
							failed.Add(1)
						}
					})
				}
				wg.Wait()
				// Every request has ended once the request log has its line.
				deadline := time.Now().Add(30 * time.Second)
				for len(logs.records("request")) < n && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if got := len(logs.records("request")); got < n {
					t.Fatalf("%d of %d requests ended within 30s", got, n)
				}
				if f := failed.Load(); f > 0 {
					t.Errorf("%d of %d half-closed clients got an error, want their answer", f, answered.Load())
				}
				var fivexx []map[string]any
				for _, rec := range logs.records("request") {
					if s, _ := rec["status"].(float64); s >= 500 {
						fivexx = append(fivexx, rec)
					}
				}
				if len(fivexx) > 0 {
					t.Errorf("%d of %d requests answered 5xx, first: %v", len(fivexx), n, fivexx[0])
				}
				if errs := logs.atLevel("ERROR"); len(errs) > 0 {
					t.Errorf("%d ERROR lines for clients that went away, first: %v", len(errs), errs[0])
				}
				// The store has every task, each whole: its flow ran in the
				// transaction that created it and put it in BasicQueue.
				now := time.Now()
				p := connect.Partition{AccountID: m.Config.AccountID, Region: m.Config.Region}
				cs, total, _, err := m.service.SearchContacts(context.Background(), p, connect.SearchContactsInput{
					InstanceID: m.DefaultInstance, MaxResults: 100, Query: connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP",
						Start: now.Add(-time.Hour), End: now.Add(time.Hour)}})
				if err != nil {
					t.Fatal(err)
				}
				if total != n {
					t.Errorf("%d tasks created, want %d: a write was abandoned when its client left", total, n)
				}
				for _, c := range cs {
					if c.QueueID == "" {
						t.Errorf("task %s (%s) is in no queue: half written", c.ID, c.Name)
					}
				}
			})
		}
	}
}

// TestPermissiveWarning: permissive mode on an address other hosts can
// reach is logged at WARN when connectd starts.
func TestPermissiveWarning(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		listen string
		strict bool
		want   bool
	}{
		{"permissive on every interface", "0.0.0.0:0", false, true},
		{"permissive on loopback", "127.0.0.1:0", false, false},
		{"strict on every interface", "0.0.0.0:0", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			logs, log := newLogSink()
			env := map[string]string{"CONNECTD_LISTEN": tc.listen}
			if tc.strict {
				creds := filepath.Join(t.TempDir(), "credentials.json")
				os.WriteFile(creds, []byte(`[{"AccessKeyId":"AKID","SecretAccessKey":"s","AccountId":"123456789012"}]`), 0o600)
				env["CONNECTD_AUTH"], env["CONNECTD_CREDENTIALS"] = "strict", creds
			}
			startTestMain(t, env, log)
			var warned bool
			for _, rec := range logs.atLevel("WARN") {
				if msg, _ := rec["msg"].(string); strings.Contains(msg, "permissive") {
					warned = true
				}
			}
			if warned != tc.want {
				t.Errorf("permissive WARN = %v, want %v; log:\n%s", warned, tc.want, logs.buf.String())
			}
		})
	}
}

// readAll returns the bytes of the files of dir whose names start with
// prefix (the database and its WAL).
func readAll(t *testing.T, dir, prefix string) []byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var all bytes.Buffer
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			all.Write(b)
		}
	}
	return all.Bytes()
}
