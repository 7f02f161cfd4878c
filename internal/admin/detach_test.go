package admin

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectd/internal/clock"
	"connectd/internal/connect"
)

// TestClientCancellation: an endpoint runs to its end whether or not its
// client stays (its context is not cancelled with the request's), except the
// event stream, which ends with its client.
func TestClientCancellation(t *testing.T) {
	t.Parallel()
	var runDueErr, streamErr error
	h := Handler(Config{
		Clock:  clock.NewManual(time.Now()),
		Logger: slog.New(slog.DiscardHandler),
		PartitionFunc: func(*http.Request) connect.Partition {
			return connect.Partition{AccountID: "000000000000", Region: "us-east-1"}
		},
		RunDueFunc: func(ctx context.Context, _ connect.Partition) (int, error) {
			runDueErr = ctx.Err()
			return 0, nil
		},
		Events: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { streamErr = r.Context().Err() }),
	})
	gone, cancel := context.WithCancel(context.Background())
	cancel()

	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequestWithContext(gone, http.MethodPost, Prefix+"clock", strings.NewReader(`{"AdvanceSeconds": 1}`)))
	if w.Code != http.StatusOK || runDueErr != nil {
		t.Errorf("POST clock for a client that left: %d %s, RunDue's context error %v; want 200 and none", w.Code, w.Body, runDueErr)
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(gone, http.MethodGet, Prefix+"events", nil))
	if streamErr == nil {
		t.Error("the event stream's context is not cancelled with its client's")
	}
}
