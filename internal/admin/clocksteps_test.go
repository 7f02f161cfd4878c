package admin

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectd/internal/connect"
	"connectd/internal/connecttest"
)

// One large advance runs each due moment at its own time: a task scheduled
// at +1h with a 60-minute expiry starts at +1h and expires at +2h, not at
// the end of a one-day advance.
func TestAdvanceStepsThroughDueMoments(t *testing.T) {
	t.Parallel()
	b := connecttest.Setup(t, connecttest.Config{})
	start := b.Clock.Now()
	at := start.Add(time.Hour)
	minutes := int32(60)
	c, err := b.Service.StartTaskContact(t.Context(), b.Partition, connect.StartTaskInput{
		InstanceID: b.Instance.ID, ContactFlowID: b.TaskFlow, Name: "later",
		SegmentAttributes: map[string]connect.SegmentAttributeValue{connect.SegmentContactExpiry: {
			Map: map[string]connect.SegmentAttributeValue{"ExpiryDuration": {Integer: &minutes}}}},
		ScheduledTime: &at,
	})
	if err != nil {
		t.Fatalf("StartTaskContact: %v", err)
	}
	h := Handler(Config{Service: b.Service, Clock: b.Clock, Now: b.Clock.Now, RunDueFunc: b.Service.RunDueFor,
		PartitionFunc: func(*http.Request) connect.Partition { return b.Partition },
		Logger:        slog.New(slog.DiscardHandler)})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", Prefix+"clock", strings.NewReader(`{"AdvanceSeconds": 86400}`)))
	if rec.Code != 200 {
		t.Fatalf("POST clock = %d %s", rec.Code, rec.Body)
	}
	if got, want := b.Clock.Now(), start.Add(24*time.Hour); !got.Equal(want) {
		t.Errorf("clock = %v, want %v", got, want)
	}
	d, err := b.Service.DescribeContact(t.Context(), b.Partition, b.Instance.ID, c.ID)
	if err != nil {
		t.Fatalf("DescribeContact: %v", err)
	}
	if d.ConnectedToSystemTimestamp == nil || !d.ConnectedToSystemTimestamp.Equal(at) {
		t.Errorf("ConnectedToSystemTimestamp = %v, want %v (the scheduled time)", d.ConnectedToSystemTimestamp, at)
	}
	if want := at.Add(time.Hour); d.DisconnectTimestamp == nil || !d.DisconnectTimestamp.Equal(want) {
		t.Errorf("DisconnectTimestamp = %v, want %v (60 minutes after the start), not the end of the advance",
			d.DisconnectTimestamp, want)
	}
	if d.DisconnectReason != connect.DisconnectReasonExpired {
		t.Errorf("DisconnectReason = %v, want EXPIRED", d.DisconnectReason)
	}
	// The events carry those times, in due order: none is stamped with the
	// end of the advance.
	evs, err := b.Store.EventsAfter(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var last time.Time
	n := 0
	for _, e := range evs {
		if e.ContactID != c.ID {
			continue
		}
		n++
		if e.Time.Before(last) || e.Time.After(at.Add(time.Hour)) {
			t.Errorf("event %d %s at %v: want times in order, none after %v", e.Seq, e.Type, e.Time, at.Add(time.Hour))
		}
		if e.Time.After(start) && e.Time.Before(at) {
			t.Errorf("event %d %s at %v: between the creation and the scheduled start", e.Seq, e.Type, e.Time)
		}
		last = e.Time
	}
	if n < 2 || !last.Equal(at.Add(time.Hour)) {
		t.Errorf("%d events, the last at %v; want the last (the expiry) at %v", n, last, at.Add(time.Hour))
	}
}
