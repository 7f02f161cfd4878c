package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestHealthHandler(t *testing.T) {
	t.Parallel()
	down := errors.New("connection refused")
	tests := []struct {
		name, method, path string
		ping               error
		wantStatus         int
		wantBody           string // "" for HEAD and for next's answers
		wantNext           bool
		wantAllow          string
	}{
		{"Live", "GET", healthLivePath, nil, 200, `{"Status":"ok"}`, false, ""},
		{"LiveWhileStoreDown", "GET", healthLivePath, down, 200, `{"Status":"ok"}`, false, ""},
		{"Ready", "GET", healthReadyPath, nil, 200, `{"Status":"ok"}`, false, ""},
		{"NotReady", "GET", healthReadyPath, down, 503, `{"Status":"unavailable","Message":"The store does not answer."}`, false, ""},
		{"HeadReady", "HEAD", healthReadyPath, nil, 200, "", false, ""},
		{"HeadNotReady", "HEAD", healthReadyPath, down, 503, "", false, ""},
		{"PostLive", "POST", healthLivePath, nil, 405, `{"Status":"error","Message":"POST is not allowed; use GET"}`, false, "GET, HEAD"},
		{"DeleteReady", "DELETE", healthReadyPath, nil, 405, `{"Status":"error","Message":"DELETE is not allowed; use GET"}`, false, "GET, HEAD"},
		{"OtherAdminPath", "GET", "/_connectd/v1/clock", nil, 418, "", true, ""},
		{"TrailingSlash", "GET", healthLivePath + "/", nil, 418, "", true, ""},
		{"HealthPrefix", "GET", "/_connectd/v1/health/", nil, 418, "", true, ""},
		{"API", "POST", "/contact/task/x", nil, 418, "", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var nextCalled, pinged bool
			next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				nextCalled = true
				w.WriteHeader(http.StatusTeapot)
			})
			ping := func(ctx context.Context) error {
				pinged = true
				if _, ok := ctx.Deadline(); !ok {
					t.Error("ping's context has no deadline")
				}
				return tc.ping
			}
			h := withHealth(next, ping, slog.New(slog.DiscardHandler))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.wantStatus {
				t.Errorf("status = %d, want %d", rec.Code, tc.wantStatus)
			}
			if got := strings.TrimSpace(rec.Body.String()); tc.method != "HEAD" && !tc.wantNext && got != tc.wantBody {
				t.Errorf("body = %s, want %s", got, tc.wantBody)
			}
			if nextCalled != tc.wantNext {
				t.Errorf("next called = %v, want %v", nextCalled, tc.wantNext)
			}
			if wantPing := tc.path == healthReadyPath && tc.wantStatus != 405; pinged != wantPing {
				t.Errorf("store pinged = %v, want %v", pinged, wantPing)
			}
			if got := rec.Header().Get("Allow"); got != tc.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tc.wantAllow)
			}
			if !tc.wantNext {
				if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", ct)
				}
			}
		})
	}
}

// TestHealthEndpoints runs connectd in-process, in strict auth mode, and
// probes it with plain, unsigned HTTP requests, as a load balancer would:
// both endpoints answer without a signature, the rest of /_connectd/ still
// needs one, and readiness follows the store.
func TestHealthEndpoints(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials.json")
	if err := os.WriteFile(creds, []byte(`[{"AccessKeyId": "AKIDHEALTH", "SecretAccessKey": "secret", "AccountId": "123456789012"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		return map[string]string{"CONNECTD_DATA_DIR": dir, "CONNECTD_LISTEN": "127.0.0.1:0",
			"CONNECTD_AUTH": "strict", "CONNECTD_CREDENTIALS": creds}[k]
	}
	m := NewMain()
	m.Logger = slog.New(slog.DiscardHandler)
	if err := m.ParseFlags(nil, env); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	client := &http.Client{Timeout: 10 * time.Second}
	get := func(t *testing.T, path string) (int, string) {
		t.Helper()
		resp, err := client.Get("http://" + m.Addr() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	decode := func(t *testing.T, body string) healthStatus {
		t.Helper()
		var s healthStatus
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			t.Fatalf("body %q: %v", body, err)
		}
		return s
	}
	for _, path := range []string{healthLivePath, healthReadyPath} {
		status, body := get(t, path)
		if status != http.StatusOK {
			t.Errorf("GET %s = %d %s, want 200", path, status, body)
		}
		if diff := cmp.Diff(healthStatus{Status: "ok"}, decode(t, body)); diff != "" {
			t.Errorf("GET %s body mismatch (-want +got):\n%s", path, diff)
		}
	}
	if status, body := get(t, "/_connectd/v1/clock"); status < 400 || status >= 500 {
		t.Errorf("unsigned GET /_connectd/v1/clock = %d %s, want a 4xx refusal", status, body)
	}

	// The store goes away: the node is alive but not ready.
	if err := m.store.Close(); err != nil {
		t.Fatal(err)
	}
	if status, body := get(t, healthLivePath); status != http.StatusOK {
		t.Errorf("GET live with the store closed = %d %s, want 200", status, body)
	}
	status, body := get(t, healthReadyPath)
	if status != http.StatusServiceUnavailable {
		t.Errorf("GET ready with the store closed = %d %s, want 503", status, body)
	}
	if got := decode(t, body); got.Status != "unavailable" || got.Message == "" {
		t.Errorf("GET ready with the store closed: body %+v, want Status unavailable and a Message", got)
	}
}
