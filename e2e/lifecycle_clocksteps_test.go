package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
)

// TestLifecycleOneLargeAdvance: one POST /clock that spans several due
// moments runs each at its own time. A task scheduled at +1h with a
// 60-minute expiry, passed by a one-day advance, starts at +1h and expires
// at +2h; a task with the 7-day default expiry, passed by an advance that
// overshoots it by an hour, ends at 7 days, not an hour late.
func TestLifecycleOneLargeAdvance(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false, "--clock", "manual")
	s := e.s
	t0, _ := s.clock(t)
	week := startTask(t, e.c, s, "a week")
	later := startTask(t, e.c, s, "later", withSchedule(t0.Add(time.Hour)),
		func(in *connect.StartTaskContactInput) { in.SegmentAttributes = expiryMinutes(60) })

	s.advanceWoken(t, 24*time.Hour, 2) // "later" starts and expires
	c := describe(t, e.c, s, later)
	if got, want := aws.ToTime(c.ConnectedToSystemTimestamp), t0.Add(time.Hour); !got.Equal(want) {
		t.Errorf("later: ConnectedToSystemTimestamp = %v, want %v", got, want)
	}
	if got, want := aws.ToTime(c.DisconnectTimestamp), t0.Add(2*time.Hour); !got.Equal(want) || aws.ToString(c.DisconnectReason) != "EXPIRED" {
		t.Errorf("later: DisconnectTimestamp = %v (%s), want %v EXPIRED", got, aws.ToString(c.DisconnectReason), want)
	}
	if got, want := aws.ToTime(c.LastUpdateTimestamp), t0.Add(2*time.Hour); !got.Equal(want) {
		t.Errorf("later: LastUpdateTimestamp = %v, want %v", got, want)
	}

	s.advanceWoken(t, 7*24*time.Hour, 1) // to day 8: "a week" expired at day 7
	c = describe(t, e.c, s, week)
	if got, want := aws.ToTime(c.DisconnectTimestamp), t0.Add(7*24*time.Hour); !got.Equal(want) || aws.ToString(c.DisconnectReason) != "EXPIRED" {
		t.Errorf("a week: DisconnectTimestamp = %v (%s), want %v EXPIRED", got, aws.ToString(c.DisconnectReason), want)
	}
}
