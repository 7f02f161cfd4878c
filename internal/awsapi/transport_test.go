package awsapi

import (
	"bytes"
	"context"
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

// TestOperationOutlivesClient: an operation runs on a context its client
// cannot cancel (net/http cancels the request's context when the client
// half-closes or leaves), with the request's values, so that its write
// completes and the answer is the operation's, not a 500.
func TestOperationOutlivesClient(t *testing.T) {
	t.Parallel()
	s := NewServer(Config{Logger: slog.New(slog.DiscardHandler), AccountID: "123456789012"})
	var ctxErr error
	var principal Principal
	handle(s, "StopContact", func(ctx context.Context, in *StopContactRequest) (any, error) {
		ctxErr, principal = ctx.Err(), PrincipalFrom(ctx)
		return nil, ctx.Err()
	})
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	r := httptest.NewRequestWithContext(gone, http.MethodPost, "/contact/stop", strings.NewReader(`{"InstanceId":"i","ContactId":"c"}`))
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusOK || ctxErr != nil {
		t.Errorf("answer = %d %s, the operation's context error = %v; want 200 and none", w.Code, w.Body, ctxErr)
	}
	if principal.AccountID != "123456789012" {
		t.Errorf("the operation's principal = %+v, want the request's", principal)
	}
}
