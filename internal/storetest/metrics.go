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
	{"ContactAggregatesRouted", testContactAggregatesRouted},
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
		Bucket: time.Hour, Queues: []string{"q-3"}, Transferred: true})
	if err != nil || len(moved) != 1 || moved[0].Contacts != 2 || moved[0].Transferred != 1 {
		t.Errorf("q-3: %+v, %v; want 2 contacts ended, 1 transferred out", moved, err)
	}
	none, err := s.ContactAggregates(ctx, "i-1", connect.AggregateQuery{From: at(0), To: at(60), Ended: true,
		Bucket: time.Hour, Agents: []string{"bob"}})
	if err != nil || len(none) != 0 {
		t.Errorf("agent bob: %v, %v; want nothing", none, err)
	}
}

// testContactAggregatesRouted: the offer time and the agent's routing
// profile a contact keeps (AVG_AGENT_CONNECTING_TIME, ROUTING_PROFILE),
// and the counts under queue time limits (SERVICE_LEVEL and the IN_X
// metrics).
func testContactAggregatesRouted(t *testing.T, s connect.Store) {
	ctx := t.Context()
	InsertInstance(t, s, "i-1")
	InsertInstance(t, s, "i-2")
	offered := func(c *connect.Contact, m int, rp string) *connect.Contact {
		c.OfferedToAgentTimestamp, c.RoutingProfileID = ptr(at(m)), rp
		return c
	}
	a := offered(metricsContact("i-1", "a", "q-1", 0, 10, 40, "AGENT_DISCONNECT"), 8, "rp-1") // 2m connecting, 10m in queue
	b := offered(metricsContact("i-1", "b", "q-1", 0, 1, 40, "AGENT_DISCONNECT"), 1, "rp-2")  // auto-accepted after 1m in queue
	c := metricsContact("i-1", "c", "q-1", 0, -1, 1, "API")                                   // abandoned after 1m
	d := metricsContact("i-1", "d", "q-1", 0, -1, 30, "API")                                  // abandoned after 30m
	e := offered(metricsContact("i-2", "e", "q-1", 0, 1, 2, "API"), 0, "rp-1")                // another instance
	insertContacts(t, s, a, b, c, d, e)
	got, err := s.GetContact(ctx, "i-1", "a")
	if err != nil || got.OfferedToAgentTimestamp == nil || !got.OfferedToAgentTimestamp.Equal(at(8)) || got.RoutingProfileID != "rp-1" {
		t.Fatalf("contact a = %+v, %v; want offered at 8 with rp-1", got, err)
	}
	q := connect.AggregateQuery{From: at(0), To: at(60), Ended: true, Bucket: time.Hour,
		By: connect.AggregateBy{RoutingProfile: true}, QueueLimits: []time.Duration{time.Minute, time.Minute + time.Millisecond}}
	rows, err := s.ContactAggregates(ctx, "i-1", q)
	if err != nil {
		t.Fatal(err)
	}
	byRP := map[string]connect.ContactAggregate{}
	for _, a := range rows {
		byRP[a.RoutingProfileID] = a
	}
	want := map[string]connect.ContactAggregate{
		"rp-1": {RoutingProfileID: "rp-1", Contacts: 1, Queued: 1, Handled: 1, Answered: 1, HandleMS: 30 * 60000,
			AnswerMS: 10 * 60000, MaxQueuedMS: 10 * 60000, Connecting: 1, ConnectingMS: 2 * 60000,
			AnsweredIn: []int64{0, 0}, AbandonedIn: []int64{0, 0}},
		"rp-2": {RoutingProfileID: "rp-2", Contacts: 1, Queued: 1, Handled: 1, Answered: 1, HandleMS: 39 * 60000,
			AnswerMS: 60000, MaxQueuedMS: 60000, Connecting: 1, ConnectingMS: 0,
			AnsweredIn: []int64{0, 1}, AbandonedIn: []int64{0, 0}},
		"": {Contacts: 2, Queued: 2, Abandoned: 2, MaxQueuedMS: 30 * 60000,
			AnsweredIn: []int64{0, 0}, AbandonedIn: []int64{0, 1}},
	}
	if diff := cmp.Diff(want, byRP); diff != "" {
		t.Errorf("by routing profile, limits 1m and 1m+1ms (-want +got):\n%s", diff)
	}
	q.RoutingProfiles, q.By, q.QueueLimits = []string{"rp-1"}, connect.AggregateBy{}, nil
	if rows, err = s.ContactAggregates(ctx, "i-1", q); err != nil || len(rows) != 1 || rows[0].Contacts != 1 || rows[0].ConnectingMS != 2*60000 {
		t.Errorf("routing profile rp-1: %+v, %v; want contact a", rows, err)
	}
	created, err := s.ContactAggregates(ctx, "i-1", connect.AggregateQuery{From: at(0), To: at(60), Bucket: time.Hour,
		By: connect.AggregateBy{RoutingProfile: true}, RoutingProfiles: []string{"rp-1", "rp-2"}})
	if err != nil || len(created) != 2 || created[0].Contacts != 1 || created[1].Contacts != 1 {
		t.Errorf("created by routing profile: %+v, %v; want a (rp-1) and b (rp-2)", created, err)
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
