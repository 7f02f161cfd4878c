package main

// Tests of what a connection, a request and a client may cost connectd: the
// HTTP server's limits (on a real listener, driven through raw connections),
// the bounded body read before a signature is verified, unreadable bodies
// and clients that go away mid-request.

import (
	"bufio"
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
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
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
	m := startMain(t, map[string]string{"CONNECTD_IDLE_TIMEOUT": "300ms", "CONNECTD_READ_TIMEOUT": "500ms"},
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
	m := startMain(t, map[string]string{"CONNECTD_READ_TIMEOUT": "500ms"}, slog.New(slog.DiscardHandler))
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
	m := startMain(t, nil, slog.New(slog.DiscardHandler))
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
	return startMain(t, map[string]string{"CONNECTD_AUTH": "strict", "CONNECTD_CREDENTIALS": creds}, log)
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
				m = startMain(t, nil, log)
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
			startMain(t, env, log)
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
