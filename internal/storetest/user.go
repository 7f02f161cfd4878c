package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// newUser returns a user with every field set, in status s-off.
func newUser(instanceID, id, username string) *connect.User {
	return &connect.User{
		ID: id, ARN: arn(partition, instanceID, "agent/"+id), InstanceID: instanceID, Username: username,
		DirectoryUserID: "dir-" + id, HierarchyGroupID: "hg-1",
		Identity: connect.UserIdentity{FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com",
			SecondaryEmail: "ada2@example.com", Mobile: "+15555550100"},
		Channels: map[string]connect.UserChannelConfig{
			connect.ChannelVoice: {AutoAccept: ptr(false), AgentFirstCallbackAutoAccept: ptr(true),
				AfterContactWorkTimeLimit: ptr(int32(0)), AgentFirstCallbackAfterContactWorkTimeLimit: ptr(int32(30)),
				PhoneType: connect.PhoneDesk, PhoneNumber: "+15555550101", PersistentConnection: ptr(true),
				VoiceEnhancementMode: "NOISE_SUPPRESSION"},
			connect.ChannelTask: {AutoAccept: ptr(true)},
		},
		RoutingProfileID: "rp-1", SecurityProfileIDs: []string{"sp-1", "sp-2"},
		StatusID: "s-off", StatusStartTimestamp: at(5), LastModified: at(6), Tags: map[string]string{"kind": "user"},
	}
}

func mustUser(t *testing.T, s connect.Store, u *connect.User) {
	t.Helper()
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertUser(t.Context(), u) })
}

func userIDs(us []*connect.User) []string {
	return ids(us, func(u *connect.User) string { return u.ID })
}

// --- users

func testUserRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustStatuses(t, s, "i-1")
	full := newUser("i-1", "u-1", "ada")
	bare := &connect.User{ID: "u-2", ARN: arn(partition, "i-1", "agent/u-2"), InstanceID: "i-1", Username: "bare",
		RoutingProfileID: "rp-1", StatusID: "s-off", StatusStartTimestamp: at(1), LastModified: at(1)}
	mustUser(t, s, full)
	mustUser(t, s, bare)
	for _, want := range []*connect.User{full, bare} {
		got, err := s.GetUser(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetUser(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetUser(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		got, err = s.GetUserByUsername(ctx, "i-1", want.Username)
		if err != nil {
			t.Fatalf("GetUserByUsername(%s): %v", want.Username, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetUserByUsername(%s) mismatch (-want +got):\n%s", want.Username, diff)
		}
	}

	// UpdateUser stores every mutable field; ID, ARN, username, directory
	// user and tags stay as inserted.
	upd := *bare
	upd.HierarchyGroupID = "hg-2"
	upd.Identity = connect.UserIdentity{FirstName: "B", LastName: "C"}
	upd.Channels = map[string]connect.UserChannelConfig{connect.ChannelChat: {AutoAccept: ptr(true), PhoneType: connect.PhoneSoft}}
	upd.RoutingProfileID, upd.SecurityProfileIDs = "rp-2", []string{"sp-9"}
	upd.StatusID, upd.StatusStartTimestamp, upd.LastModified = "s-avail", at(50), at(51)
	want := upd
	upd.Username, upd.DirectoryUserID, upd.ARN, upd.Tags = "x", "x", "x", map[string]string{"x": "x"}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateUser(ctx, &upd) })
	got, err := s.GetUser(ctx, "i-1", "u-2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateUser mismatch (-want +got):\n%s", diff)
	}
	// And back to unset.
	upd2 := *got
	upd2.Identity, upd2.Channels, upd2.SecurityProfileIDs, upd2.HierarchyGroupID = connect.UserIdentity{}, nil, nil, ""
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateUser(ctx, &upd2) })
	if got, err = s.GetUser(ctx, "i-1", "u-2"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&upd2, got); diff != "" {
		t.Errorf("after second UpdateUser mismatch (-want +got):\n%s", diff)
	}
}

func testUserErrors(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustStatuses(t, s, "i-1")
	mustStatuses(t, s, "i-2")
	mustUser(t, s, newUser("i-1", "u-1", "ada"))
	_, err := s.GetUser(ctx, "i-1", "nope")
	wantKind(t, "GetUser", err, connect.NotFound, connect.ResourceUser)
	_, err = s.GetUser(ctx, "i-2", "u-1")
	wantKind(t, "GetUser(other instance)", err, connect.NotFound, connect.ResourceUser)
	_, err = s.GetUserByUsername(ctx, "i-1", "nope")
	wantKind(t, "GetUserByUsername", err, connect.NotFound, connect.ResourceUser)

	tests := []struct {
		name string
		fn   func(ctx context.Context, tx connect.Tx) error
		kind connect.Kind // Internal (zero) means success
		res  connect.Resource
	}{
		{"SameUsername", func(ctx context.Context, tx connect.Tx) error {
			return tx.InsertUser(ctx, newUser("i-1", "u-2", "ada"))
		}, connect.Duplicate, connect.ResourceUser},
		{"SameID", func(ctx context.Context, tx connect.Tx) error {
			u := newUser("i-1", "u-1", "other")
			u.ARN = "other-arn"
			return tx.InsertUser(ctx, u)
		}, connect.Duplicate, connect.ResourceUser},
		{"MissingInstance", func(ctx context.Context, tx connect.Tx) error {
			return tx.InsertUser(ctx, newUser("nope", "u-3", "x"))
		}, connect.NotFound, connect.ResourceInstance},
		{"SameUsernameOtherInstance", func(ctx context.Context, tx connect.Tx) error {
			return tx.InsertUser(ctx, newUser("i-2", "u-4", "ada"))
		}, connect.Internal, ""},
		{"UpdateMissing", func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateUser(ctx, newUser("i-1", "nope", "x"))
		}, connect.NotFound, connect.ResourceUser},
		{"DeleteMissing", func(ctx context.Context, tx connect.Tx) error {
			return tx.DeleteUser(ctx, "i-1", "nope")
		}, connect.NotFound, connect.ResourceUser},
		{"DeleteOtherInstance", func(ctx context.Context, tx connect.Tx) error {
			return tx.DeleteUser(ctx, "i-2", "u-1")
		}, connect.NotFound, connect.ResourceUser},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := insertErr(t, s, tc.fn)
			if tc.kind == connect.Internal {
				if err != nil {
					t.Errorf("err = %v, want nil", err)
				}
				return
			}
			wantKind(t, tc.name, err, tc.kind, tc.res)
		})
	}
}

func testListUsers(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustStatuses(t, s, "i-1")
	mustStatuses(t, s, "i-2")
	for _, id := range []string{"u-3", "u-1", "u-4", "u-2"} {
		mustUser(t, s, newUser("i-1", id, "name-"+id))
	}
	mustUser(t, s, newUser("i-2", "u-0", "elsewhere"))
	for _, size := range []int{1, 3, 100} {
		got := paginate(t, size, func(u *connect.User) string { return u.ID }, func(p connect.PageRequest) ([]*connect.User, error) {
			return s.ListUsers(t.Context(), "i-1", p)
		})
		if diff := cmp.Diff([]string{"u-1", "u-2", "u-3", "u-4"}, got); diff != "" {
			t.Errorf("ListUsers(size %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
}

func testListRoutableUsers(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustStatuses(t, s, "i-1")
	mustStatuses(t, s, "i-2")
	user := func(instanceID, id, status string, since int) *connect.User {
		u := newUser(instanceID, id, "name-"+id)
		u.StatusID, u.StatusStartTimestamp = status, at(since)
		return u
	}
	// u-c and u-a share a start time: ID breaks the tie.
	for _, u := range []*connect.User{
		user("i-1", "u-c", "s-avail", 10), user("i-1", "u-a", "s-avail", 10), user("i-1", "u-b", "s-avail", 5),
		user("i-1", "u-d", "s-off", 1), user("i-1", "u-e", "s-lunch", 1), user("i-2", "u-f", "s-avail", 0),
		user("i-1", "u-g", "nope", 0), // a status the instance lacks is not routable
	} {
		mustUser(t, s, u)
	}
	check := func(want []string) {
		t.Helper()
		got, err := s.ListRoutableUsers(ctx, "i-1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, userIDs(got)); diff != "" {
			t.Errorf("ListRoutableUsers mismatch (-want +got):\n%s", diff)
		}
	}
	check([]string{"u-b", "u-a", "u-c"})

	// Status changes move users in and out, in start-time order.
	setStatus := func(id, status string, since int) {
		t.Helper()
		u, err := s.GetUser(ctx, "i-1", id)
		if err != nil {
			t.Fatal(err)
		}
		u.StatusID, u.StatusStartTimestamp = status, at(since)
		mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateUser(ctx, u) })
	}
	setStatus("u-b", "s-lunch", 20)
	setStatus("u-d", "s-avail", 7)
	check([]string{"u-d", "u-a", "u-c"})
	setStatus("u-a", "s-avail", 30)
	check([]string{"u-d", "u-c", "u-a"})

	got, err := s.ListRoutableUsers(ctx, "i-1")
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.GetUser(ctx, "i-1", "u-d")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("ListRoutableUsers item mismatch (-want +got):\n%s", diff)
	}
	if got, err := s.ListRoutableUsers(ctx, "nope"); err != nil || len(got) != 0 {
		t.Errorf("ListRoutableUsers(unknown instance) = %v, %v; want none", userIDs(got), err)
	}
}

// testReadRoutableUsersAhead: a read ahead answers what ListRoutableUsers
// answers, by the time the transaction's next read has returned (or, with
// none, Update has).
func testReadRoutableUsersAhead(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustStatuses(t, s, "i-1")
	u := newUser("i-1", "u-a", "name-a")
	u.StatusID = "s-avail"
	mustUser(t, s, u)
	want, err := s.ListRoutableUsers(ctx, "i-1")
	if err != nil {
		t.Fatal(err)
	}
	var got []*connect.User
	calls := 0
	mustUpdate(t, s, func(tx connect.Tx) error {
		if err := tx.ReadRoutableUsersAhead(ctx, "i-1", func(us []*connect.User) { got, calls = us, calls+1 }); err != nil {
			return err
		}
		if _, err := tx.GetInstance(ctx, "i-1"); err != nil { // brings the answer on a pipelining store
			return err
		}
		if calls != 1 {
			t.Errorf("read ahead answered %d times by the next read's return, want 1", calls)
		}
		return nil
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("read ahead mismatch (-ListRoutableUsers +read ahead):\n%s", diff)
	}
	// Nothing read after it: the answer comes by the time Update returns.
	calls = 0
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.ReadRoutableUsersAhead(ctx, "nope", func(us []*connect.User) { got, calls = us, calls+1 })
	})
	if calls != 1 || len(got) != 0 {
		t.Errorf("read ahead of an instance without users: %d answers, %d users; want 1 answer, none", calls, len(got))
	}

	// A queue read ahead answers what GetQueue answers; a missing one is
	// not answered.
	q := newQueue("i-1", "q-1", "Support")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertQueue(ctx, q) })
	wantQ, err := s.GetQueue(ctx, "i-1", "q-1")
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]*connect.Queue{}
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, id := range []string{"q-1", "nope"} {
			if err := tx.ReadQueueAhead(ctx, "i-1", id, func(q *connect.Queue) { answers[id] = q }); err != nil {
				return err
			}
		}
		_, err := tx.GetInstance(ctx, "i-1")
		return err
	})
	if diff := cmp.Diff(map[string]*connect.Queue{"q-1": wantQ}, answers); diff != "" {
		t.Errorf("queues read ahead mismatch (-want +got):\n%s", diff)
	}
}

func testDeleteUser(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustStatuses(t, s, "i-1")
	u := newUser("i-1", "u-1", "ada")
	aq := &connect.Queue{ID: "u-1", ARN: arn(partition, "i-1", "queue/agent/u-1"), InstanceID: "i-1",
		Type: connect.QueueAgent, Status: "ENABLED", LastModified: at(1)}
	other := newQueue("i-1", "q-1", "Support")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertUser(ctx, u), tx.InsertQueue(ctx, aq), tx.InsertQueue(ctx, other))
	})
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteUser(ctx, "i-1", "u-1") })
	_, err := s.GetUser(ctx, "i-1", "u-1")
	wantKind(t, "GetUser after DeleteUser", err, connect.NotFound, connect.ResourceUser)
	_, err = s.GetQueue(ctx, "i-1", "u-1")
	wantKind(t, "GetQueue(agent queue) after DeleteUser", err, connect.NotFound, connect.ResourceQueue)
	if _, err := s.GetQueue(ctx, "i-1", "q-1"); err != nil {
		t.Errorf("GetQueue(standard queue) after DeleteUser = %v, want nil", err)
	}
	// The username is free again.
	mustUser(t, s, newUser("i-1", "u-2", "ada"))
}

func testAgentQueues(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	agent := func(id string) *connect.Queue {
		return &connect.Queue{ID: id, ARN: arn(partition, "i-1", "queue/agent/"+id), InstanceID: "i-1",
			Type: connect.QueueAgent, Status: "ENABLED", LastModified: at(1)}
	}
	std := newQueue("i-1", "q-1", "Support")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertQueue(ctx, agent("a-1")), tx.InsertQueue(ctx, agent("a-2")), tx.InsertQueue(ctx, std))
	})
	for _, want := range []*connect.Queue{agent("a-1"), agent("a-2"), std} {
		got, err := s.GetQueue(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetQueue(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
	}
	// A nameless agent queue is not found by the empty name.
	_, err := s.GetQueueByName(ctx, "i-1", "")
	wantKind(t, "GetQueueByName(\"\")", err, connect.NotFound, connect.ResourceQueue)
	got, err := s.ListQueues(ctx, "i-1", []string{connect.QueueAgent}, connect.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a-1", "a-2"}, ids(got, func(q *connect.Queue) string { return q.ID })); diff != "" {
		t.Errorf("ListQueues(AGENT) mismatch (-want +got):\n%s", diff)
	}
	// Standard queue names stay unique.
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQueue(ctx, newQueue("i-1", "q-2", "Support"))
	})
	wantKind(t, "InsertQueue(same name)", err, connect.Duplicate, connect.ResourceQueue)
}
