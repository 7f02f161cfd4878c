package telemetry

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectd/internal/connect"
)

// TestObserveRequestAllocs: the request path's hook allocates nothing once
// its label values have been seen (the brief: no per-request label
// building).
func TestObserveRequestAllocs(t *testing.T) {
	m := New()
	m.ObserveRequest("StartTaskContact", 200, "", time.Millisecond) // creates the child
	if n := testing.AllocsPerRun(1000, func() {
		m.ObserveRequest("StartTaskContact", 200, "", time.Millisecond)
	}); n != 0 {
		t.Errorf("ObserveRequest allocates %v times per call, want 0", n)
	}
}

func BenchmarkObserveRequest(b *testing.B) {
	m := New()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.ObserveRequest("DescribeContact", 404, "ResourceNotFoundException", time.Millisecond)
		}
	})
}

type fakeStats struct{ due time.Time }

func (f fakeStats) ActiveContactStates(context.Context) (map[connect.ContactState]int64, error) {
	return map[connect.ContactState]int64{connect.StateQueued: 4}, nil
}

func (f fakeStats) DueBacklog(_ context.Context, now time.Time) (int64, *time.Time, error) {
	if f.due.After(now) {
		return 0, nil, nil
	}
	return 7, &f.due, nil
}

func (f fakeStats) OutboxSize(context.Context) (int64, error) {
	return 0, errors.New("database is gone")
}

// TestScrape: the scheduler's lag is measured on the given clock from the
// earliest due time; a source that fails leaves its metric out, and the
// rest is served.
func TestScrape(t *testing.T) {
	now := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	m := New()
	m.SetSources(Config{Stats: fakeStats{due: now.Add(-2500 * time.Millisecond)}, Now: func() time.Time { return now }})
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", Path, nil))
	body := rec.Body.String()
	for _, line := range []string{
		"connectd_scheduler_due_contacts 7\n",
		"connectd_scheduler_lag_seconds 2.5\n",
		`connectd_contacts{state="QUEUED"} 4` + "\n",
		`connectd_contacts{state="PAUSED"} 0` + "\n",
	} {
		if !strings.Contains(body, line) {
			t.Errorf("no %q in\n%s", line, body)
		}
	}
	if strings.Contains(body, "connectd_event_outbox_events ") {
		t.Errorf("a failed outbox count is served:\n%s", body)
	}
	if rec.Code != 200 {
		t.Errorf("status = %d, want 200 (the rest is served)", rec.Code)
	}
}
