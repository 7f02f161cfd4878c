package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// metricsCases are the reads of GetMetricDataV2 and of /metrics.
var metricsCases = []struct {
	name string
	fn   func(*testing.T, connect.Store)
}{
	{"ContactAggregates", testContactAggregates},
	{"TelemetryStats", testTelemetryStats},
}

// metricsContact is contact id of instance inst, created at m minutes, in
// queue q: ended at end minutes (<0: active), connected at conn (<0: never)
// by agent "ann", queued from its creation.
func metricsContact(inst, id, q string, m, conn, end int, reason string) *connect.Contact {
	c := Contact(inst, id)
	c.ARN = arn(partition, inst, "contact/"+id)
	c.InitiationTimestamp, c.QueueID, c.EnqueueTimestamp, c.State = at(m), q, ptr(at(m)), connect.StateQueued
	if conn >= 0 {
		c.AgentID, c.ConnectedToAgentTimestamp, c.State = "ann", ptr(at(conn)), connect.StateConnected
	}
	if end >= 0 {
		c.DisconnectTimestamp, c.DisconnectReason, c.State = ptr(at(end)), reason, connect.StateEnded
	}
	return c
}

func insertContacts(t *testing.T, s connect.Store, cs ...*connect.Contact) {
	t.Helper()
	if err := s.Update(t.Context(), func(tx connect.Tx) error {
		for _, c := range cs {
			if err := tx.InsertContact(t.Context(), c); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func testContactAggregates(t *testing.T, s connect.Store) {
	ctx := t.Context()
	InsertInstance(t, s, "i-1")
	InsertInstance(t, s, "i-2")
	insertContacts(t, s,
		metricsContact("i-1", "a", "q-1", 0, 10, 40, "AGENT_DISCONNECT"), // handled 30m, answered 10m
		metricsContact("i-1", "b", "q-1", 5, -1, 20, "API"),              // abandoned after 15m
		metricsContact("i-1", "c", "q-2", 5, 6, 70, "TRANSFERRED"),       // ends after the range
		metricsContact("i-1", "d", "q-1", 50, -1, -1, ""),                // active
		metricsContact("i-2", "e", "q-1", 0, 1, 2, "API"))                // another instance
	ended, err := s.ContactAggregates(ctx, "i-1", connect.AggregateQuery{From: at(0), To: at(60), Ended: true,
		Bucket: time.Hour, By: connect.AggregateBy{Queue: true, DisconnectReason: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := []connect.ContactAggregate{
		{QueueID: "q-1", DisconnectReason: "AGENT_DISCONNECT", Contacts: 1, Queued: 1, Handled: 1, Answered: 1,
			HandleMS: 30 * 60000, AnswerMS: 10 * 60000, MaxQueuedMS: 10 * 60000},
		{QueueID: "q-1", DisconnectReason: "API", Contacts: 1, Queued: 1, Abandoned: 1, MaxQueuedMS: 15 * 60000},
	}
	if diff := cmp.Diff(want, sortAggregates(ended)); diff != "" {
		t.Errorf("ended in [0, 60) (-want +got):\n%s", diff)
	}
	created, err := s.ContactAggregates(ctx, "i-1", connect.AggregateQuery{From: at(0), To: at(60),
		Bucket: 30 * time.Minute, Queues: []string{"q-1"}})
	if err != nil {
		t.Fatal(err)
	}
	var buckets []string
	for _, a := range sortAggregates(created) {
		buckets = append(buckets, fmt.Sprintf("%d:%d", a.Bucket, a.Contacts))
	}
	if diff := cmp.Diff([]string{"0:2", "1:1"}, buckets); diff != "" {
		t.Errorf("created in q-1 by half hour (-want +got):\n%s", diff)
	}
	// A transferred task ends OTHER; its successor (a TRANSFER contact)
	// names it, which is what makes it transferred out.
	from, to := metricsContact("i-1", "f", "q-3", 0, 1, 30, "OTHER"), metricsContact("i-1", "g", "q-3", 30, -1, -1, "")
	to.InitiationMethod, to.PreviousContactID = "TRANSFER", "f"
	insertContacts(t, s, from, to, metricsContact("i-1", "h", "q-3", 0, 1, 30, "OTHER"))
	moved, err := s.ContactAggregates(ctx, "i-1", connect.AggregateQuery{From: at(0), To: at(60), Ended: true,
		Bucket: time.Hour, Queues: []string{"q-3"}})
	if err != nil || len(moved) != 1 || moved[0].Contacts != 2 || moved[0].Transferred != 1 {
		t.Errorf("q-3: %+v, %v; want 2 contacts ended, 1 transferred out", moved, err)
	}
	none, err := s.ContactAggregates(ctx, "i-1", connect.AggregateQuery{From: at(0), To: at(60), Ended: true,
		Bucket: time.Hour, Agents: []string{"bob"}})
	if err != nil || len(none) != 0 {
		t.Errorf("agent bob: %v, %v; want nothing", none, err)
	}
}

// sortAggregates orders aggregates by queue, reason and bucket.
func sortAggregates(as []connect.ContactAggregate) []connect.ContactAggregate {
	out := append([]connect.ContactAggregate(nil), as...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			a, b := out[i], out[j]
			if fmt.Sprint(b.QueueID, b.DisconnectReason, b.Bucket) < fmt.Sprint(a.QueueID, a.DisconnectReason, a.Bucket) {
				out[i], out[j] = b, a
			}
		}
	}
	return out
}

// telemetryStats is what /metrics reads of a store (internal/telemetry's
// StoreStats).
type telemetryStats interface {
	ActiveContactStates(ctx context.Context) (map[connect.ContactState]int64, error)
	DueBacklog(ctx context.Context, now time.Time) (int64, *time.Time, error)
	OutboxSize(ctx context.Context) (int64, error)
}

func testTelemetryStats(t *testing.T, s connect.Store) {
	st, ok := s.(telemetryStats)
	if !ok {
		t.Fatalf("%T does not report the counts of /metrics", s)
	}
	ctx := t.Context()
	InsertInstance(t, s, "i-1")
	InsertInstance(t, s, "i-2")
	sched := Contact("i-1", "s")
	sched.State, sched.ScheduledTimestamp, sched.WakeAt = connect.StateScheduled, ptr(at(30)), ptr(at(30))
	queued := metricsContact("i-2", "q", "q-1", 0, -1, -1, "")
	queued.WakeAt = ptr(at(10))
	insertContacts(t, s, sched, queued, metricsContact("i-1", "e", "q-1", 0, -1, 5, "API"))
	states, err := st.ActiveContactStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[connect.ContactState]int64{connect.StateScheduled: 1, connect.StateQueued: 1}, states); diff != "" {
		t.Errorf("ActiveContactStates (-want +got):\n%s", diff)
	}
	n, oldest, err := st.DueBacklog(ctx, at(20))
	if err != nil || n != 1 || oldest == nil || !oldest.Equal(at(10)) {
		t.Errorf("DueBacklog(20) = %d, %v, %v; want 1 from 10", n, oldest, err)
	}
	if n, oldest, err = st.DueBacklog(ctx, at(5)); err != nil || n != 0 || oldest != nil {
		t.Errorf("DueBacklog(5) = %d, %v, %v; want none", n, oldest, err)
	}
	if n, err := st.OutboxSize(ctx); err != nil || n != 0 {
		t.Errorf("OutboxSize = %d, %v; want 0", n, err)
	}
}
