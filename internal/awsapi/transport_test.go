package awsapi

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// failingBody gives a few bytes, then fails as a malformed chunked body
// does.
type failingBody struct{ sent bool }

func (b *failingBody) Read(p []byte) (int, error) {
	if !b.sent {
		b.sent = true
		return copy(p, `{"Name":`), nil
	}
	return 0, errors.New("invalid byte in chunk length")
}

func (b *failingBody) Close() error { return nil }

// TestUnreadableBodyWhileAuthenticating: an authenticator that reads the
// body (strict SigV4 hashes it) and meets a read error gets the answer
// decode gives: the operation's validation error, 400, logged at DEBUG, not
// the authenticator's own error.
func TestUnreadableBodyWhileAuthenticating(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, path, wantCode string
	}{
		{"operation", http.MethodPut, "/contact/task", "InvalidParameterException"},
		{"admin", http.MethodPost, "/_connectd/v1/clock", "InvalidParameterException"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			s := testServer(t, Config{
				Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
				Authenticate: func(r *http.Request) (Principal, error) {
					if _, err := io.ReadAll(r.Body); err != nil {
						// What the SigV4 authenticator answered for it: a 500.
						return Principal{}, &APIError{Code: "InternalFailure", Status: http.StatusInternalServerError, Message: "internal", Err: err}
					}
					return Principal{}, nil
				},
				Admin: http.NotFoundHandler(),
			})
			r := httptest.NewRequest(tc.method, tc.path, nil)
			r.Body, r.ContentLength = &failingBody{}, -1
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if got := strings.Join(w.Header()["X-Amzn-ErrorType"], ","); w.Code != http.StatusBadRequest || got != tc.wantCode {
				t.Errorf("answer = %d %s %s, want 400 %s", w.Code, got, w.Body, tc.wantCode)
			}
			if strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("logged at ERROR:\n%s", logs.String())
			}
		})
	}
}
