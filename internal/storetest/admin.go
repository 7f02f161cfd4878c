package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// The store verbs of the operations that update and delete queues, routing
// profiles, security profiles, agent statuses and flows, and the lookups
// that tell what uses a resource.

var adminCases = []struct {
	name string
	fn   func(t *testing.T, s connect.Store)
}{
	{"UpdateQueue", testUpdateQueue},
	{"DeleteQueue", testDeleteQueue},
	{"QueueUsers", testQueueUsers},
	{"DeleteRoutingProfile", testDeleteRoutingProfile},
	{"ListUsersByRoutingProfile", testListUsersByRoutingProfile},
	{"UpdateDeleteSecurityProfile", testUpdateDeleteSecurityProfile},
	{"ListUsersBySecurityProfile", testListUsersBySecurityProfile},
	{"UpdateAgentStatus", testUpdateAgentStatus},
}

func testUpdateQueue(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertQueue(ctx, newQueue("i-1", "q-1", "Support")), tx.InsertQueue(ctx, newQueue("i-1", "q-2", "Sales")))
	})
	upd := *newQueue("i-1", "q-1", "Renamed")
	upd.Description, upd.Status, upd.HoursOfOperationID, upd.MaxContacts, upd.LastModified =
		"d2", "DISABLED", "hours-2", nil, at(30)
	want := upd
	upd.Tags, upd.QuickConnectIDs, upd.ARN, upd.Type = map[string]string{"x": "y"}, []string{"qc-9"}, "x", "AGENT" // not stored
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateQueue(ctx, &upd) })
	got, err := s.GetQueue(ctx, "i-1", "q-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateQueue mismatch (-want +got):\n%s", diff)
	}
	if _, err := s.GetQueueByName(ctx, "i-1", "Support"); !connect.IsNotFound(err) {
		t.Errorf("GetQueueByName(old name) = %v, want NotFound", err)
	}
	taken := *newQueue("i-1", "q-1", "Sales")
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateQueue(ctx, &taken) })
	wantKind(t, "UpdateQueue(taken name)", err, connect.Duplicate, connect.ResourceQueue)
	missing := *newQueue("i-1", "q-9", "Nine")
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateQueue(ctx, &missing) })
	wantKind(t, "UpdateQueue(missing)", err, connect.NotFound, connect.ResourceQueue)
}

func testDeleteQueue(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertQueue(ctx, newQueue("i-1", "q-1", "Support")), tx.InsertQueue(ctx, newQueue("i-2", "q-1", "Support")))
	})
	err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.DeleteQueue(ctx, "i-1", "q-9") })
	wantKind(t, "DeleteQueue(missing)", err, connect.NotFound, connect.ResourceQueue)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteQueue(ctx, "i-1", "q-1") })
	if _, err := s.GetQueue(ctx, "i-1", "q-1"); !connect.IsNotFound(err) {
		t.Errorf("GetQueue after DeleteQueue = %v, want NotFound", err)
	}
	if _, err := s.GetQueue(ctx, "i-2", "q-1"); err != nil {
		t.Errorf("GetQueue(other instance's q-1) after DeleteQueue = %v", err)
	}
	// The name is free again.
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertQueue(ctx, newQueue("i-1", "q-2", "Support")) })
}

// testQueueUsers: the routing profiles, quick connects and active contacts
// that use a queue.
func testQueueUsers(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	serving := newRoutingProfile("i-1", "rp-1", "Serving")
	serving.DefaultOutboundQueueID = "q-other"
	outbound := newRoutingProfile("i-1", "rp-2", "Outbound")
	outbound.DefaultOutboundQueueID = "q-1"
	unrelated := newRoutingProfile("i-1", "rp-3", "Unrelated")
	unrelated.DefaultOutboundQueueID = "q-other"
	foreign := newRoutingProfile("i-2", "rp-1", "Serving")
	toQueue := newQuickConnect("i-1", "qc-1", "To q-1", connect.QuickConnectQueue) // QueueID q-1
	toOther := newQuickConnect("i-1", "qc-2", "To q-2", connect.QuickConnectQueue)
	toOther.QueueID = "q-2"
	toUser := newQuickConnect("i-1", "qc-3", "To user", connect.QuickConnectUser)
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(
			tx.InsertRoutingProfile(ctx, serving), tx.InsertRoutingProfile(ctx, outbound),
			tx.InsertRoutingProfile(ctx, unrelated), tx.InsertRoutingProfile(ctx, foreign),
			tx.PutRoutingProfileQueues(ctx, "i-1", "rp-1", []connect.RoutingProfileQueue{
				{QueueID: "q-1", Channel: connect.ChannelTask, Priority: 1}, {QueueID: "q-1", Channel: connect.ChannelChat, Priority: 1}}),
			tx.PutRoutingProfileQueues(ctx, "i-1", "rp-3", []connect.RoutingProfileQueue{{QueueID: "q-2", Channel: connect.ChannelTask, Priority: 1}}),
			tx.PutRoutingProfileQueues(ctx, "i-2", "rp-1", []connect.RoutingProfileQueue{{QueueID: "q-1", Channel: connect.ChannelTask, Priority: 1}}),
			tx.InsertQuickConnect(ctx, toQueue), tx.InsertQuickConnect(ctx, toOther), tx.InsertQuickConnect(ctx, toUser))
	})
	rps, err := s.ListRoutingProfilesByQueue(ctx, "i-1", "q-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"rp-1", "rp-2"}, ids(rps, func(rp *connect.RoutingProfile) string { return rp.ID })); diff != "" {
		t.Errorf("ListRoutingProfilesByQueue(q-1) mismatch (-want +got):\n%s", diff)
	}
	if rps, err = s.ListRoutingProfilesByQueue(ctx, "i-1", "q-9"); err != nil || len(rps) != 0 {
		t.Errorf("ListRoutingProfilesByQueue(q-9) = %d profiles, %v; want none", len(rps), err)
	}
	qcs, err := s.ListQuickConnectsByQueue(ctx, "i-1", "q-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"qc-1"}, ids(qcs, func(q *connect.QuickConnect) string { return q.ID })); diff != "" {
		t.Errorf("ListQuickConnectsByQueue(q-1) mismatch (-want +got):\n%s", diff)
	}

	// Contacts: active ones in the queue or from it count, in ID order;
	// ended, scheduled, in-progress and other queues' do not.
	states := map[string]connect.ContactState{
		"c-5": connect.StateQueued, "c-4": connect.StateConnecting, "c-3": connect.StateConnected,
		"c-2": connect.StatePaused, "c-1": connect.StateEnded, "c-6": connect.StateScheduled, "c-7": connect.StateInProgress,
	}
	for id, st := range states {
		c := newContact("i-1", id)
		c.State, c.QueueID, c.ClientToken = st, "q-1", ""
		mustContact(t, s, c)
	}
	other := newContact("i-1", "c-8")
	other.State, other.QueueID, other.ClientToken = connect.StateQueued, "q-2", ""
	mustContact(t, s, other)
	foreignContact := newContact("i-2", "c-9")
	foreignContact.State, foreignContact.QueueID, foreignContact.ClientToken = connect.StateQueued, "q-1", ""
	mustContact(t, s, foreignContact)
	for _, tc := range []struct {
		limit int
		want  []string
	}{{0, []string{"c-2", "c-3", "c-4", "c-5"}}, {1, []string{"c-2"}}, {3, []string{"c-2", "c-3", "c-4"}}} {
		cs, err := s.ListQueueContacts(ctx, "i-1", "q-1", tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, contactIDs(cs)); diff != "" {
			t.Errorf("ListQueueContacts(q-1, limit %d) mismatch (-want +got):\n%s", tc.limit, diff)
		}
	}
	if cs, err := s.ListQueueContacts(ctx, "i-1", "q-9", 0); err != nil || len(cs) != 0 {
		t.Errorf("ListQueueContacts(q-9) = %d contacts, %v; want none", len(cs), err)
	}
}

func testDeleteRoutingProfile(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	task := connect.RoutingProfileQueue{QueueID: "q-1", Channel: connect.ChannelTask, Priority: 1}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(
			tx.InsertQueue(ctx, newQueue("i-1", "q-1", "Q")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-1", "Main")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-2", "Other")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-2", "rp-1", "Main")),
			tx.PutRoutingProfileQueues(ctx, "i-1", "rp-1", []connect.RoutingProfileQueue{task}),
			tx.PutRoutingProfileQueues(ctx, "i-1", "rp-2", []connect.RoutingProfileQueue{task}),
			tx.PutRoutingProfileQueues(ctx, "i-2", "rp-1", []connect.RoutingProfileQueue{task}))
	})
	err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.DeleteRoutingProfile(ctx, "i-1", "rp-9") })
	wantKind(t, "DeleteRoutingProfile(missing)", err, connect.NotFound, connect.ResourceRoutingProfile)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteRoutingProfile(ctx, "i-1", "rp-1") })
	if _, err := s.GetRoutingProfile(ctx, "i-1", "rp-1"); !connect.IsNotFound(err) {
		t.Errorf("GetRoutingProfile after DeleteRoutingProfile = %v, want NotFound", err)
	}
	for _, tc := range []struct {
		inst, rp string
		want     int
	}{{"i-1", "rp-1", 0}, {"i-1", "rp-2", 1}, {"i-2", "rp-1", 1}} {
		qs, err := s.ListRoutingProfileQueues(ctx, tc.inst, tc.rp, connect.PageRequest{})
		if err != nil || len(qs) != tc.want {
			t.Errorf("ListRoutingProfileQueues(%s, %s) after deleting i-1's rp-1 = %d, %v; want %d", tc.inst, tc.rp, len(qs), err, tc.want)
		}
	}
	// The name and the ID are free again, with no queue left over.
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-1", "Main"))
	})
	if qs, err := s.ListRoutingProfileQueues(ctx, "i-1", "rp-1", connect.PageRequest{}); err != nil || len(qs) != 0 {
		t.Errorf("ListRoutingProfileQueues(recreated rp-1) = %d, %v; want none", len(qs), err)
	}
}

func testListUsersByRoutingProfile(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	for _, u := range []struct{ inst, id, rp string }{
		{"i-1", "u-3", "rp-1"}, {"i-1", "u-1", "rp-1"}, {"i-1", "u-2", "rp-2"}, {"i-1", "u-4", "rp-1"}, {"i-2", "u-5", "rp-1"},
	} {
		nu := newUser(u.inst, u.id, "user "+u.id)
		nu.RoutingProfileID = u.rp
		mustUser(t, s, nu)
	}
	for _, size := range []int{1, 2, 10} {
		got := paginate(t, size, func(u *connect.User) string { return u.ID }, func(p connect.PageRequest) ([]*connect.User, error) {
			return s.ListUsersByRoutingProfile(ctx, "i-1", "rp-1", p)
		})
		if diff := cmp.Diff([]string{"u-1", "u-3", "u-4"}, got); diff != "" {
			t.Errorf("ListUsersByRoutingProfile(rp-1, size %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
	if us, err := s.ListUsersByRoutingProfile(ctx, "i-1", "rp-9", connect.PageRequest{}); err != nil || len(us) != 0 {
		t.Errorf("ListUsersByRoutingProfile(rp-9) = %d users, %v; want none", len(us), err)
	}
}

func testUpdateAgentStatus(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustStatuses(t, s, "i-1")
	// A user in Lunch keeps its status type (a status's type never changes).
	u := newUser("i-1", "u-1", "ann")
	u.StatusID = "s-lunch"
	mustUser(t, s, u)
	upd := *newAgentStatus("i-1", "s-lunch", "Break", connect.AgentStatusCustom)
	upd.Description, upd.State, upd.DisplayOrder, upd.LastModified = "", connect.AgentStatusDisabled, nil, at(50)
	want := upd
	upd.Type, upd.ARN, upd.Tags = connect.AgentStatusRoutable, "x", map[string]string{"x": "y"} // not stored
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateAgentStatus(ctx, &upd) })
	got, err := s.GetAgentStatus(ctx, "i-1", "s-lunch")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateAgentStatus mismatch (-want +got):\n%s", diff)
	}
	if got, err := s.GetAgentStatusByName(ctx, "i-1", "Break"); err != nil || got.ID != "s-lunch" {
		t.Errorf("GetAgentStatusByName(Break) = %v, %v", got, err)
	}
	if us, err := s.ListRoutableUsers(ctx, "i-1"); err != nil || len(us) != 0 {
		t.Errorf("ListRoutableUsers after updating Lunch = %d users, %v; want none", len(us), err)
	}
	upd.DisplayOrder = ptr(int32(7))
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateAgentStatus(ctx, &upd) })
	if got, err := s.GetAgentStatus(ctx, "i-1", "s-lunch"); err != nil || got.DisplayOrder == nil || *got.DisplayOrder != 7 {
		t.Errorf("DisplayOrder after update = %v, %v; want 7", got.DisplayOrder, err)
	}
	taken := *newAgentStatus("i-1", "s-lunch", "Offline", connect.AgentStatusCustom)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateAgentStatus(ctx, &taken) })
	wantKind(t, "UpdateAgentStatus(taken name)", err, connect.Duplicate, connect.ResourceAgentStatus)
	missing := *newAgentStatus("i-1", "s-9", "Nine", connect.AgentStatusCustom)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateAgentStatus(ctx, &missing) })
	wantKind(t, "UpdateAgentStatus(missing)", err, connect.NotFound, connect.ResourceAgentStatus)
}
