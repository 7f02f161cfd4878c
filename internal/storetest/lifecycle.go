package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// The store verbs of the contact lifecycle: due work, routing reads, the
// active-contact counter, flow logs and the contact event outbox.

// --- fixtures

// lifeContact is a contact of the lifecycle fixtures: newContact in state
// st, without the lifecycle fields newContact leaves unset.
type lifeContact struct {
	instance, id string
	state        connect.ContactState
	queue        string
	priority     int64
	adjust       int32
	enqueue      *time.Time
	agent        string
	wake         *time.Time
}

func (l lifeContact) contact() *connect.Contact {
	c := newContact(l.instance, l.id)
	c.State, c.QueueID, c.QueuePriority, c.QueueTimeAdjustmentSeconds = l.state, l.queue, l.priority, l.adjust
	c.EnqueueTimestamp, c.AgentID, c.WakeAt = l.enqueue, l.agent, l.wake
	return c
}

// mustContacts inserts cs in one Update.
func mustContacts(t *testing.T, s connect.Store, cs ...lifeContact) {
	t.Helper()
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, l := range cs {
			if err := tx.InsertContact(t.Context(), l.contact()); err != nil {
				return fmt.Errorf("insert %s/%s: %w", l.instance, l.id, err)
			}
		}
		return nil
	})
}

// mustChange reads the contact, applies fn and stores it with UpdateContact.
func mustChange(t *testing.T, s connect.Store, instanceID, id string, fn func(c *connect.Contact)) {
	t.Helper()
	mustUpdate(t, s, func(tx connect.Tx) error {
		c, err := tx.GetContact(t.Context(), instanceID, id)
		if err != nil {
			return err
		}
		fn(c)
		return tx.UpdateContact(t.Context(), c)
	})
}

// sec returns base plus m minutes and s seconds.
func sec(m, s int) time.Time { return at(m).Add(time.Duration(s) * time.Second) }

// wakeFixture holds contacts due at various times in two instances: the
// earliest in i-2, a tie at at(2) across instances, and contacts without a
// WakeAt.
func wakeFixture(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustContacts(t, s,
		lifeContact{instance: "i-1", id: "d-1", state: connect.StateScheduled, wake: ptr(at(1))},
		lifeContact{instance: "i-1", id: "d-2b", state: connect.StateQueued, queue: "q-1", priority: 5,
			enqueue: ptr(at(0)), wake: ptr(at(2))},
		lifeContact{instance: "i-1", id: "d-3", state: connect.StateInProgress, wake: ptr(at(3))},
		lifeContact{instance: "i-1", id: "d-future", state: connect.StateScheduled, wake: ptr(at(10))},
		lifeContact{instance: "i-1", id: "d-ended", state: connect.StateEnded},
		lifeContact{instance: "i-2", id: "d-0", state: connect.StateScheduled, wake: ptr(at(0))},
		lifeContact{instance: "i-2", id: "d-2a", state: connect.StateInProgress, wake: ptr(at(2))},
	)
}

// --- NextWake and DueContacts

func testNextWake(t *testing.T, s connect.Store) {
	ctx := t.Context()
	wantWake := func(t *testing.T, what string, want *time.Time) {
		t.Helper()
		got, err := s.NextWake(ctx)
		if err != nil {
			t.Fatalf("NextWake (%s): %v", what, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("NextWake (%s) mismatch (-want +got):\n%s", what, diff)
		}
		if got != nil && got.Location() != time.UTC {
			t.Errorf("NextWake (%s) location = %v, want UTC", what, got.Location())
		}
	}
	wantWake(t, "empty store", nil)
	mustInstance(t, s, "i-0")
	mustContacts(t, s,
		lifeContact{instance: "i-0", id: "n-1", state: connect.StateEnded},
		lifeContact{instance: "i-0", id: "n-2", state: connect.StateInProgress})
	wantWake(t, "no contact has a WakeAt", nil)

	wakeFixture(t, s)
	wantWake(t, "minimum across instances", ptr(at(0)))
	mustChange(t, s, "i-2", "d-0", func(c *connect.Contact) { c.WakeAt = nil })
	wantWake(t, "after the earliest is cleared", ptr(at(1)))
	mustChange(t, s, "i-1", "d-3", func(c *connect.Contact) { c.WakeAt = ptr(at(-5)) })
	wantWake(t, "after one is moved earlier", ptr(at(-5)))
	for _, k := range []struct{ instance, id string }{{"i-1", "d-1"}, {"i-1", "d-2b"}, {"i-1", "d-3"},
		{"i-1", "d-future"}, {"i-2", "d-2a"}} {
		mustChange(t, s, k.instance, k.id, func(c *connect.Contact) { c.WakeAt = nil })
	}
	wantWake(t, "every WakeAt cleared", nil)
}

func testDueContacts(t *testing.T, s connect.Store) {
	ctx := t.Context()
	wakeFixture(t, s)
	due := func(t *testing.T, now time.Time, limit int) []*connect.Contact {
		t.Helper()
		var got []*connect.Contact
		mustUpdate(t, s, func(tx connect.Tx) error {
			var err error
			got, err = tx.DueContacts(ctx, now, limit)
			return err
		})
		return got
	}
	tests := []struct {
		name  string
		now   time.Time
		limit int
		want  []string
	}{
		{"NoneDueYet", at(0).Add(-time.Millisecond), 10, nil},
		{"Inclusive", at(0), 10, []string{"d-0"}},
		{"TieOnWakeAtByID", at(2), 10, []string{"d-0", "d-1", "d-2a", "d-2b"}},
		{"MillisecondBeforeTie", at(2).Add(-time.Millisecond), 10, []string{"d-0", "d-1"}},
		{"Limit", at(2), 3, []string{"d-0", "d-1", "d-2a"}},
		{"LimitOne", at(100), 1, []string{"d-0"}},
		{"All", at(100), 100, []string{"d-0", "d-1", "d-2a", "d-2b", "d-3", "d-future"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Serial: later steps of this test change the fixture.
			got := due(t, tc.now, tc.limit)
			if diff := cmp.Diff(tc.want, contactIDs(got), cmpEmptyAsNil); diff != "" {
				t.Errorf("DueContacts(%v, %d) mismatch (-want +got):\n%s", tc.now, tc.limit, diff)
			}
		})
	}

	// Due contacts come back whole.
	got := due(t, at(1), 10)
	want := []*connect.Contact{
		lifeContact{instance: "i-2", id: "d-0", state: connect.StateScheduled, wake: ptr(at(0))}.contact(),
		lifeContact{instance: "i-1", id: "d-1", state: connect.StateScheduled, wake: ptr(at(1))}.contact(),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DueContacts contacts mismatch (-want +got):\n%s", diff)
	}

	// A contact whose WakeAt is cleared or moved on is no longer due; one
	// moved earlier is.
	mustChange(t, s, "i-2", "d-0", func(c *connect.Contact) { c.WakeAt = nil })
	mustChange(t, s, "i-1", "d-1", func(c *connect.Contact) { c.WakeAt = ptr(at(50)) })
	mustChange(t, s, "i-1", "d-future", func(c *connect.Contact) { c.WakeAt = ptr(at(2)) })
	if diff := cmp.Diff([]string{"d-2a", "d-2b", "d-future"}, contactIDs(due(t, at(2), 10))); diff != "" {
		t.Errorf("DueContacts after UpdateContact mismatch (-want +got):\n%s", diff)
	}

	// Within one Update, DueContacts sees the transaction's own writes.
	mustUpdate(t, s, func(tx connect.Tx) error {
		c := lifeContact{instance: "i-1", id: "d-new", state: connect.StateScheduled, wake: ptr(at(-1))}.contact()
		if err := tx.InsertContact(ctx, c); err != nil {
			return err
		}
		got, err := tx.DueContacts(ctx, at(-1), 10)
		if err != nil {
			return err
		}
		if diff := cmp.Diff([]string{"d-new"}, contactIDs(got)); diff != "" {
			t.Errorf("DueContacts in the inserting tx mismatch (-want +got):\n%s", diff)
		}
		return nil
	})
}

// --- routing reads

// queueFixture fills two instances' queues. In i-1, serving q-1, q-2 and q-3
// together gives: c-p (priority 1), c-b (enqueued 30s after c-a but 60s
// older by adjustment), then c-a, c-t0, c-t1 (all enqueued at at(0), by
// ID), then c-c and c-n (both at at(0)+30s once adjusted, by ID).
func queueFixture(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	q := func(instance, id, queue string, prio int64, enq time.Time, adj int32) lifeContact {
		return lifeContact{instance: instance, id: id, state: connect.StateQueued, queue: queue,
			priority: prio, adjust: adj, enqueue: ptr(enq), wake: ptr(at(1000))}
	}
	other := func(id string, st connect.ContactState, queue string) lifeContact {
		c := q("i-1", id, queue, 1, at(-100), 0)
		c.state = st
		return c
	}
	mustContacts(t, s,
		q("i-1", "c-a", "q-1", 5, at(0), 0),
		q("i-1", "c-b", "q-1", 5, sec(0, 30), 60),
		q("i-1", "c-c", "q-1", 5, sec(0, 90), 60),
		q("i-1", "c-n", "q-1", 5, sec(0, -30), -60),
		q("i-1", "c-p", "q-2", 1, at(10), 0),
		q("i-1", "c-t1", "q-3", 5, at(0), 0),
		q("i-1", "c-t0", "q-3", 5, at(0), 0),
		// Served before all of the above, were they QUEUED.
		other("c-x1", connect.StateConnecting, "q-1"),
		other("c-x2", connect.StateConnected, "q-2"),
		other("c-x3", connect.StatePaused, "q-3"),
		other("c-x4", connect.StateEnded, "q-1"),
		other("c-x5", connect.StateInProgress, "q-4"),
		other("c-x6", connect.StateScheduled, "q-4"),
		// Another instance's queue of the same ID.
		q("i-2", "c-z", "q-1", 1, at(-100), 0),
		q("i-2", "c-z2", "q-1", 5, at(-100), 0),
	)
}

func testNextQueuedContact(t *testing.T, s connect.Store) {
	ctx := t.Context()
	queueFixture(t, s)
	tests := []struct {
		name     string
		instance string
		queues   []string
		want     string // "": NotFound
	}{
		{"PriorityFirst", "i-1", []string{"q-1", "q-2", "q-3"}, "c-p"},
		{"OnlyPriorityOne", "i-1", []string{"q-2"}, "c-p"},
		{"AdjustmentMakesLaterFirst", "i-1", []string{"q-1"}, "c-b"},
		{"AcrossQueues", "i-1", []string{"q-3", "q-1"}, "c-b"},
		{"TieByID", "i-1", []string{"q-3"}, "c-t0"},
		{"OnlyOtherStates", "i-1", []string{"q-4"}, ""},
		{"UnknownQueue", "i-1", []string{"nope"}, ""},
		{"EmptyQueueList", "i-1", []string{}, ""},
		{"NilQueueList", "i-1", nil, ""},
		{"OtherInstance", "i-2", []string{"q-1"}, "c-z"},
		{"OtherInstanceOtherQueue", "i-2", []string{"q-2"}, ""},
		{"UnknownInstance", "nope", []string{"q-1"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.NextQueuedContact(ctx, tc.instance, tc.queues)
			if tc.want == "" {
				if !connect.IsNotFound(err) {
					t.Errorf("NextQueuedContact(%s, %q) = %v, %v; want NotFound", tc.instance, tc.queues, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NextQueuedContact(%s, %q) = %v", tc.instance, tc.queues, err)
			}
			if got.ID != tc.want {
				t.Errorf("NextQueuedContact(%s, %q) = %s, want %s", tc.instance, tc.queues, got.ID, tc.want)
			}
		})
	}

	// The contact comes back whole.
	got, err := s.NextQueuedContact(ctx, "i-1", []string{"q-2"})
	if err != nil {
		t.Fatal(err)
	}
	want := lifeContact{instance: "i-1", id: "c-p", state: connect.StateQueued, queue: "q-2", priority: 1,
		enqueue: ptr(at(10)), wake: ptr(at(1000))}.contact()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NextQueuedContact contact mismatch (-want +got):\n%s", diff)
	}

	// Draining the three queues, offering each head in its own Update as a
	// router does, gives the whole service order.
	var order []string
	for range 20 {
		var id string
		mustUpdate(t, s, func(tx connect.Tx) error {
			c, err := tx.NextQueuedContact(ctx, "i-1", []string{"q-1", "q-2", "q-3"})
			if connect.IsNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			id, c.State, c.AgentID = c.ID, connect.StateConnecting, "u-1"
			return tx.UpdateContact(ctx, c)
		})
		if id == "" {
			break
		}
		order = append(order, id)
	}
	if diff := cmp.Diff([]string{"c-p", "c-b", "c-a", "c-t0", "c-t1", "c-c", "c-n"}, order); diff != "" {
		t.Errorf("service order mismatch (-want +got):\n%s", diff)
	}
	if c, err := s.NextQueuedContact(ctx, "i-2", []string{"q-1"}); err != nil || c.ID != "c-z" {
		t.Errorf("NextQueuedContact(i-2) after draining i-1 = %v, %v; want c-z", c, err)
	}
}

func testCountQueuedContacts(t *testing.T, s connect.Store) {
	ctx := t.Context()
	queueFixture(t, s)
	for _, tc := range []struct {
		instance, queue string
		want            int
	}{
		{"i-1", "q-1", 4}, // not c-x1 (CONNECTING) nor c-x4 (ENDED)
		{"i-1", "q-2", 1},
		{"i-1", "q-3", 2},
		{"i-1", "q-4", 0},
		{"i-1", "nope", 0},
		{"i-1", "", 0},
		{"i-2", "q-1", 2},
		{"i-2", "q-2", 0},
		{"nope", "q-1", 0},
	} {
		got, err := s.CountQueuedContacts(ctx, tc.instance, tc.queue)
		if err != nil {
			t.Fatalf("CountQueuedContacts(%s, %s): %v", tc.instance, tc.queue, err)
		}
		if got != tc.want {
			t.Errorf("CountQueuedContacts(%s, %s) = %d, want %d", tc.instance, tc.queue, got, tc.want)
		}
	}
	mustChange(t, s, "i-1", "c-a", func(c *connect.Contact) { c.State = connect.StateConnecting })
	mustChange(t, s, "i-1", "c-x1", func(c *connect.Contact) { c.State = connect.StateQueued })
	mustChange(t, s, "i-1", "c-b", func(c *connect.Contact) { c.QueueID = "q-2" })
	for queue, want := range map[string]int{"q-1": 3, "q-2": 2} {
		got, err := s.CountQueuedContacts(ctx, "i-1", queue)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("CountQueuedContacts(i-1, %s) after UpdateContact = %d, want %d", queue, got, want)
		}
	}
}

func testListAgentContacts(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	a := func(instance, id string, st connect.ContactState, agent string, enq int) lifeContact {
		return lifeContact{instance: instance, id: id, state: st, queue: "q-1", priority: 5,
			enqueue: ptr(at(enq)), agent: agent}
	}
	mustContacts(t, s,
		a("i-1", "a-3", connect.StateConnected, "u-1", 3),
		a("i-1", "a-1", connect.StateConnecting, "u-1", 1),
		a("i-1", "a-2b", connect.StatePaused, "u-1", 2),
		a("i-1", "a-2a", connect.StateConnected, "u-1", 2),
		a("i-1", "a-ended", connect.StateEnded, "u-1", 0),
		a("i-1", "a-queued", connect.StateQueued, "u-1", 0),
		a("i-1", "a-progress", connect.StateInProgress, "u-1", 0),
		a("i-1", "a-other", connect.StateConnected, "u-2", 0),
		a("i-1", "a-none", connect.StateQueued, "", 0),
		a("i-2", "a-x", connect.StateConnected, "u-1", 0),
	)
	list := func(t *testing.T, instance, agent string) []*connect.Contact {
		t.Helper()
		got, err := s.ListAgentContacts(ctx, instance, agent)
		if err != nil {
			t.Fatalf("ListAgentContacts(%s, %s): %v", instance, agent, err)
		}
		return got
	}
	for _, tc := range []struct {
		instance, agent string
		want            []string
	}{
		{"i-1", "u-1", []string{"a-1", "a-2a", "a-2b", "a-3"}},
		{"i-1", "u-2", []string{"a-other"}},
		{"i-1", "u-3", nil},
		{"i-1", "", nil},
		{"i-2", "u-1", []string{"a-x"}},
		{"nope", "u-1", nil},
	} {
		if diff := cmp.Diff(tc.want, contactIDs(list(t, tc.instance, tc.agent)), cmpEmptyAsNil); diff != "" {
			t.Errorf("ListAgentContacts(%s, %s) mismatch (-want +got):\n%s", tc.instance, tc.agent, diff)
		}
	}
	if diff := cmp.Diff([]*connect.Contact{a("i-2", "a-x", connect.StateConnected, "u-1", 0).contact()},
		list(t, "i-2", "u-1")); diff != "" {
		t.Errorf("ListAgentContacts contacts mismatch (-want +got):\n%s", diff)
	}

	// An ended contact leaves the list; a contact offered to the agent
	// joins it.
	mustChange(t, s, "i-1", "a-3", func(c *connect.Contact) { c.State = connect.StateEnded })
	mustChange(t, s, "i-1", "a-none", func(c *connect.Contact) {
		c.State, c.AgentID, c.EnqueueTimestamp = connect.StateConnecting, "u-1", ptr(sec(1, 30))
	})
	if diff := cmp.Diff([]string{"a-1", "a-none", "a-2a", "a-2b"}, contactIDs(list(t, "i-1", "u-1"))); diff != "" {
		t.Errorf("ListAgentContacts after UpdateContact mismatch (-want +got):\n%s", diff)
	}
}

// --- active contacts

func testAddActiveContacts(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	add := func(tx connect.Tx, instance string, delta, quota int, want bool) error {
		ok, err := tx.AddActiveContacts(ctx, instance, delta, quota)
		if err == nil && ok != want {
			t.Errorf("AddActiveContacts(%s, %+d, quota %d) = %v, want %v", instance, delta, quota, ok, want)
		}
		return err
	}
	step := func(t *testing.T, instance string, delta, quota int, want bool) {
		t.Helper()
		mustUpdate(t, s, func(tx connect.Tx) error { return add(tx, instance, delta, quota, want) })
	}
	// count checks that the instance counts want active contacts: one more
	// fits a quota of want+1, not of want. The probe rolls back.
	count := func(t *testing.T, instance string, want int) {
		t.Helper()
		err := s.Update(ctx, func(tx connect.Tx) error {
			return errors.Join(add(tx, instance, 1, want, false), add(tx, instance, 1, want+1, true), errBoom)
		})
		if !errors.Is(err, errBoom) {
			t.Errorf("probing the count of %s: %v", instance, err)
		}
	}
	count(t, "i-1", 0) // a new instance starts from 0
	step(t, "i-1", 1, 3, true)
	step(t, "i-1", 1, 3, true)
	step(t, "i-1", 1, 3, true)
	step(t, "i-1", 1, 3, false) // a fourth exceeds 3: refused, not counted
	count(t, "i-1", 3)
	step(t, "i-1", -1, 3, true)
	count(t, "i-1", 2)
	step(t, "i-1", 1, 100, true) // the quota is the caller's, per call
	count(t, "i-1", 3)
	step(t, "i-1", -1, 0, true) // an end is never refused
	count(t, "i-2", 0)          // independent per instance
	step(t, "i-2", 1, 1, true)
	step(t, "i-2", 1, 1, false)
	count(t, "i-2", 1)
	count(t, "i-1", 2)

	// Running totals within one transaction.
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(add(tx, "i-1", -1, 2, true), add(tx, "i-1", 1, 2, true), add(tx, "i-1", 1, 2, false),
			add(tx, "i-1", 1, 3, true))
	})
	count(t, "i-1", 3)

	// A failed Update changes nothing.
	err := s.Update(ctx, func(tx connect.Tx) error {
		return errors.Join(add(tx, "i-1", 1, 10, true), add(tx, "i-1", 1, 10, true), errBoom)
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("failing Update = %v, want %v", err, errBoom)
	}
	count(t, "i-1", 3)
	count(t, "i-2", 1)

	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		_, err := tx.AddActiveContacts(ctx, "nope", 1, 10)
		return err
	})
	wantKind(t, "AddActiveContacts(missing instance)", err, connect.NotFound, connect.ResourceInstance)

	// The count goes with its instance.
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteInstance(ctx, "i-2") })
	mustInstance(t, s, "i-2")
	count(t, "i-2", 0)
	count(t, "i-1", 3)
}

// --- flow logs

func testFlowLog(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustContacts(t, s,
		lifeContact{instance: "i-1", id: "c-1", state: connect.StateInProgress},
		lifeContact{instance: "i-1", id: "c-2", state: connect.StateInProgress},
		lifeContact{instance: "i-2", id: "c-1", state: connect.StateInProgress})
	list := func(t *testing.T, instance, contact string) []connect.FlowLogEntry {
		t.Helper()
		got, err := s.ListFlowLog(ctx, instance, contact)
		if err != nil {
			t.Fatalf("ListFlowLog(%s, %s): %v", instance, contact, err)
		}
		return got
	}
	appendLog := func(instance, contact string, entries ...connect.FlowLogEntry) func(tx connect.Tx) error {
		return func(tx connect.Tx) error { return tx.AppendFlowLog(ctx, instance, contact, entries) }
	}
	if got := list(t, "i-1", "c-1"); len(got) != 0 {
		t.Errorf("ListFlowLog before any append = %v, want empty", got)
	}
	if got := list(t, "i-1", "nope"); len(got) != 0 {
		t.Errorf("ListFlowLog(unknown contact) = %v, want empty", got)
	}

	// full sets every field, at a sub-millisecond time outside UTC.
	full := connect.FlowLogEntry{
		Timestamp:       base.Add(456 * time.Microsecond).In(time.FixedZone("UTC+1", 3600)),
		ContactFlowID:   "flow-1",
		ContactFlowName: "Main flow",
		ActionID:        "a-1",
		ActionType:      "UpdateContactAttributes",
		Parameters:      map[string]string{"Attributes.k": "v", "ünïcode": "✓ \"quoted\"", "empty": ""},
		Branch:          "Condition:Equals 42",
		NextAction:      "a-2",
		Error:           "The attribute could not be set.",
	}
	end := connect.FlowLogEntry{Timestamp: at(5), ActionID: "a-2", ActionType: "EndFlowExecution",
		Parameters: map[string]string{}, Branch: "End"}
	// Written after end but timed before it: logs keep write order.
	late := connect.FlowLogEntry{Timestamp: at(-1), ContactFlowID: "flow-2", ActionID: "b-1",
		ActionType: "TransferContactToQueue", Branch: "Error:QueueAtCapacity"}
	other := connect.FlowLogEntry{Timestamp: at(7), ActionID: "o-1", Branch: "NextAction", NextAction: "o-2"}

	mustUpdate(t, s, appendLog("i-1", "c-1", full, end))
	mustUpdate(t, s, appendLog("i-1", "c-2", other))
	mustUpdate(t, s, appendLog("i-1", "c-1")) // nothing to append
	mustUpdate(t, s, appendLog("i-1", "c-1", late))
	err := s.Update(ctx, func(tx connect.Tx) error {
		if err := appendLog("i-1", "c-1", other)(tx); err != nil {
			return err
		}
		return errBoom
	})
	if err == nil {
		t.Fatal("failing Update = nil, want an error")
	}

	wantFull := full
	wantFull.Timestamp = full.Timestamp.Truncate(time.Millisecond).UTC()
	wantEnd := end
	wantEnd.Parameters = nil // empty maps read back as nil
	got := list(t, "i-1", "c-1")
	if diff := cmp.Diff([]connect.FlowLogEntry{wantFull, wantEnd, late}, got); diff != "" {
		t.Errorf("ListFlowLog(i-1, c-1) mismatch (-want +got):\n%s", diff)
	}
	for i, e := range got {
		if e.Timestamp.Location() != time.UTC {
			t.Errorf("entry %d timestamp location = %v, want UTC", i, e.Timestamp.Location())
		}
	}
	if diff := cmp.Diff([]connect.FlowLogEntry{other}, list(t, "i-1", "c-2")); diff != "" {
		t.Errorf("ListFlowLog(i-1, c-2) mismatch (-want +got):\n%s", diff)
	}
	if got := list(t, "i-2", "c-1"); len(got) != 0 {
		t.Errorf("ListFlowLog(other instance, same contact ID) = %v, want empty", got)
	}

	// Within one Update, ListFlowLog sees the transaction's own appends.
	mustUpdate(t, s, func(tx connect.Tx) error {
		if err := tx.AppendFlowLog(ctx, "i-2", "c-1", []connect.FlowLogEntry{other, other}); err != nil {
			return err
		}
		got, err := tx.ListFlowLog(ctx, "i-2", "c-1")
		if err != nil {
			return err
		}
		if len(got) != 2 {
			t.Errorf("ListFlowLog in the appending tx = %d entries, want 2", len(got))
		}
		return nil
	})

	// AppendFlowLogs: several contacts' entries at once, after the ones
	// they have, each contact's in order, one contact given twice.
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.AppendFlowLogs(ctx, []connect.FlowLogAppend{
			{InstanceID: "i-1", ContactID: "c-2", Entries: []connect.FlowLogEntry{late}},
			{InstanceID: "i-2", ContactID: "c-1", Entries: []connect.FlowLogEntry{end}},
			{InstanceID: "i-1", ContactID: "c-3"},
			{InstanceID: "i-1", ContactID: "c-2", Entries: []connect.FlowLogEntry{end, other}},
		})
	})
	if diff := cmp.Diff([]connect.FlowLogEntry{other, late, wantEnd, other}, list(t, "i-1", "c-2")); diff != "" {
		t.Errorf("ListFlowLog(i-1, c-2) after AppendFlowLogs mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]connect.FlowLogEntry{other, other, wantEnd}, list(t, "i-2", "c-1")); diff != "" {
		t.Errorf("ListFlowLog(i-2, c-1) after AppendFlowLogs mismatch (-want +got):\n%s", diff)
	}

	// Retention deletes the entries timed before a moment, of every contact.
	mustUpdate(t, s, func(tx connect.Tx) error {
		n, err := tx.DeleteFlowLogsBefore(ctx, at(6))
		if n != 6 {
			t.Errorf("DeleteFlowLogsBefore = %d, want 6", n)
		}
		return err
	})
	if diff := cmp.Diff([]connect.FlowLogEntry{other, other}, list(t, "i-1", "c-2")); diff != "" {
		t.Errorf("ListFlowLog(i-1, c-2) after DeleteFlowLogsBefore mismatch (-want +got):\n%s", diff)
	}
	if got := list(t, "i-1", "c-1"); len(got) != 0 {
		t.Errorf("ListFlowLog(i-1, c-1) after DeleteFlowLogsBefore = %v, want empty", got)
	}

	// The log goes with its instance.
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteInstance(ctx, "i-2") })
	mustInstance(t, s, "i-2")
	if got := list(t, "i-2", "c-1"); len(got) != 0 {
		t.Errorf("ListFlowLog in a re-created instance = %v, want empty", got)
	}
}

// --- contact lifecycle fields

func testContactLifecycleRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	full := newContact("i-1", "c-1")
	full.State = connect.StatePaused
	full.QueueID, full.QueuePriority, full.QueueTimeAdjustmentSeconds = "q-1", math.MaxInt64, -120
	full.EnqueueTimestamp, full.AgentID = ptr(at(20)), "u-1"
	full.ConnectedToAgentTimestamp, full.ConnectedToSystemTimestamp = ptr(at(21)), ptr(at(19))
	full.LastPausedTimestamp, full.LastResumedTimestamp = ptr(at(23)), ptr(at(22))
	full.TotalPauseCount, full.TotalPauseDurationInSeconds = 3, 95
	full.ExpiresAt, full.WakeAt = ptr(at(10080)), ptr(at(10080))
	other := newContact("i-1", "c-2")
	other.State = connect.StateQueued
	other.QueueID, other.QueuePriority, other.QueueTimeAdjustmentSeconds = "q-2", 1, math.MaxInt32
	other.EnqueueTimestamp, other.WakeAt = ptr(at(30)), ptr(at(40))
	other.ExpiresAt = ptr(at(50)) // WakeAt and ExpiresAt are independent
	bare := newContact("i-1", "c-3")
	bare.State, bare.QueuePriority = connect.StateInProgress, connect.DefaultQueuePriority
	mustContact(t, s, full)
	mustContact(t, s, other)
	mustContact(t, s, bare)
	for _, want := range []*connect.Contact{full, other, bare} {
		got, err := s.GetContact(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetContact(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetContact(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		for name, ts := range map[string]*time.Time{"enqueue": got.EnqueueTimestamp,
			"connected to agent": got.ConnectedToAgentTimestamp, "connected to system": got.ConnectedToSystemTimestamp,
			"last paused": got.LastPausedTimestamp, "last resumed": got.LastResumedTimestamp,
			"expires": got.ExpiresAt, "wake": got.WakeAt} {
			if ts != nil && ts.Location() != time.UTC {
				t.Errorf("%s: %s timestamp location = %v, want UTC", want.ID, name, ts.Location())
			}
		}
	}

	// Every read that returns contacts returns these fields.
	got, err := s.GetContactByClientToken(ctx, "i-1", full.ClientToken)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(full, got); diff != "" {
		t.Errorf("GetContactByClientToken mismatch (-want +got):\n%s", diff)
	}
	agent, err := s.ListAgentContacts(ctx, "i-1", "u-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*connect.Contact{full}, agent); diff != "" {
		t.Errorf("ListAgentContacts mismatch (-want +got):\n%s", diff)
	}
	queued, err := s.NextQueuedContact(ctx, "i-1", []string{"q-2"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(other, queued); diff != "" {
		t.Errorf("NextQueuedContact mismatch (-want +got):\n%s", diff)
	}
	all, _, err := s.SearchContacts(ctx, "i-1", connect.ContactQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*connect.Contact{full, other, bare}, all); diff != "" {
		t.Errorf("SearchContacts mismatch (-want +got):\n%s", diff)
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		due, err := tx.DueContacts(ctx, at(40), 10)
		if err != nil {
			return err
		}
		if diff := cmp.Diff([]*connect.Contact{other}, due); diff != "" {
			t.Errorf("DueContacts mismatch (-want +got):\n%s", diff)
		}
		return nil
	})
}

// --- write locks

func testWriteLock(t *testing.T, s connect.Store) {
	ctx := t.Context()
	fillInstance(t, s, partition, "i-1") // contact c-1, user u-1
	mustInstance(t, s, "i-2")
	before, err := s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	lock := func(r connect.Resource, instanceID, id string) error {
		return s.Update(ctx, func(tx connect.Tx) error { return tx.WriteLock(ctx, r, instanceID, id) })
	}
	if err := lock(connect.ResourceContact, "i-1", "c-1"); err != nil {
		t.Errorf("WriteLock(contact c-1) = %v", err)
	}
	if err := lock(connect.ResourceUser, "i-1", "u-1"); err != nil {
		t.Errorf("WriteLock(user u-1) = %v", err)
	}
	after, err := s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("the write-locked contact changed (-before +after):\n%s", diff)
	}
	wantKind(t, "WriteLock(missing contact)", lock(connect.ResourceContact, "i-1", "nope"), connect.NotFound, connect.ResourceContact)
	wantKind(t, "WriteLock(contact of another instance)", lock(connect.ResourceContact, "i-2", "c-1"), connect.NotFound, connect.ResourceContact)
	wantKind(t, "WriteLock(missing user)", lock(connect.ResourceUser, "i-1", "nope"), connect.NotFound, connect.ResourceUser)
	if err := lock(connect.ResourceQueue, "i-1", "q-1"); connect.KindOf(err) != connect.Internal {
		t.Errorf("WriteLock(a queue) = %v, want Internal (not a lockable resource)", err)
	}
}

// testPartitionContact: GetPartitionContact reads a contact with its
// attributes when its instance is of the caller's partition, and nothing
// of another partition's instance, nor a contact of another instance.
func testPartitionContact(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	other := connect.Partition{AccountID: "210987654321", Region: "us-east-1"}
	in2 := newInstance(other, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(ctx, in2) })
	c1, c2, bare := newContact("i-1", "c-1"), newContact("i-2", "c-2"), newContact("i-1", "c-3")
	for _, c := range []*connect.Contact{c1, c2, bare} {
		mustContact(t, s, c)
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.PutAttributes(ctx, "i-1", c1.AttributeSetID, map[string]string{"k": "v"})
	})
	got, err := s.GetPartitionContact(ctx, partition, "i-1", "c-1")
	if err != nil {
		t.Fatalf("GetPartitionContact(i-1, c-1): %v", err)
	}
	want, err := s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	want.Attributes = map[string]string{"k": "v"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GetPartitionContact mismatch (-want +got):\n%s", diff)
	}
	if got, err := s.GetPartitionContact(ctx, partition, "i-1", "c-3"); err != nil || len(got.Attributes) != 0 {
		t.Errorf("GetPartitionContact of a contact without attributes = %v, %v; want no attributes", got, err)
	}
	for _, q := range []struct {
		p                 connect.Partition
		instance, contact string
	}{
		{other, "i-1", "c-1"},     // another account asks for it
		{partition, "i-2", "c-2"}, // the caller asks for another account's
		{partition, "i-1", "c-2"}, // a contact of another instance
		{partition, "i-1", "nope"},
		{partition, "nope", "c-1"},
	} {
		_, err := s.GetPartitionContact(ctx, q.p, q.instance, q.contact)
		wantKind(t, fmt.Sprintf("GetPartitionContact(%v, %s, %s)", q.p, q.instance, q.contact), err, connect.NotFound, connect.ResourceContact)
	}
	if _, err := s.GetPartitionContact(ctx, other, "i-2", "c-2"); err != nil {
		t.Errorf("GetPartitionContact of the other account's own contact: %v", err)
	}
}
