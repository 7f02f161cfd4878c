package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// agentCases are the store cases of the agent-side resources: users, routing
// profiles and their queues, security profiles, agent statuses, agent queues
// and the hours-of-operation writes.
//
// Conventions they pin, beyond the interfaces' documentation: empty user
// channel configs, security profile IDs, media concurrencies read back as
// nil; ListRoutingProfileQueues is ordered by (QueueID, Channel).
var agentCases = []struct {
	name string
	fn   func(t *testing.T, s connect.Store)
}{
	{"UserRoundTrip", testUserRoundTrip},
	{"UserErrors", testUserErrors},
	{"ListUsers", testListUsers},
	{"ListRoutableUsers", testListRoutableUsers},
	{"DeleteUserDeletesAgentQueue", testDeleteUser},
	{"AgentQueuesHaveNoName", testAgentQueues},
	{"RoutingProfileRoundTrip", testRoutingProfileRoundTrip},
	{"RoutingProfileErrors", testRoutingProfileErrors},
	{"RoutingProfileQueues", testRoutingProfileQueues},
	{"AgentStatuses", testAgentStatuses},
	{"SecurityProfiles", testSecurityProfiles},
	{"HoursOfOperationWrites", testHoursOfOperationWrites},
	{"AgentTags", testAgentTags},
	{"DeleteInstanceCascadesAgents", testDeleteInstanceCascadesAgents},
}

// --- fixtures

func newAgentStatus(instanceID, id, name, typ string) *connect.AgentStatus {
	return &connect.AgentStatus{
		ID: id, ARN: arn(partition, instanceID, "agent-state/"+id), InstanceID: instanceID, Name: name,
		Description: "status " + name, Type: typ, State: connect.AgentStatusEnabled, DisplayOrder: ptr(int32(3)),
		LastModified: at(4), Tags: map[string]string{"kind": "status"},
	}
}

// mustStatuses inserts the ROUTABLE "s-avail", OFFLINE "s-off" and CUSTOM
// "s-lunch" statuses into the instance.
func mustStatuses(t *testing.T, s connect.Store, instanceID string) {
	t.Helper()
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(
			tx.InsertAgentStatus(t.Context(), newAgentStatus(instanceID, "s-avail", "Available", connect.AgentStatusRoutable)),
			tx.InsertAgentStatus(t.Context(), newAgentStatus(instanceID, "s-off", "Offline", connect.AgentStatusOffline)),
			tx.InsertAgentStatus(t.Context(), newAgentStatus(instanceID, "s-lunch", "Lunch", connect.AgentStatusCustom)),
		)
	})
}

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

func newRoutingProfile(instanceID, id, name string) *connect.RoutingProfile {
	return &connect.RoutingProfile{
		ID: id, ARN: arn(partition, instanceID, "routing-profile/"+id), InstanceID: instanceID, Name: name,
		Description: "profile " + name, DefaultOutboundQueueID: "q-1",
		MediaConcurrencies: []connect.MediaConcurrency{
			{Channel: connect.ChannelVoice, Concurrency: 1, CrossChannelBehavior: "ROUTE_ANY_CHANNEL"},
			{Channel: connect.ChannelTask, Concurrency: 7},
		},
		AgentAvailabilityTimer: connect.TimerSinceLastInbound, IsDefault: true, LastModified: at(7),
		Tags: map[string]string{"kind": "profile"},
	}
}

func newSecurityProfile(instanceID, id, name string) *connect.SecurityProfile {
	return &connect.SecurityProfile{ID: id, ARN: arn(partition, instanceID, "security-profile/"+id), InstanceID: instanceID,
		Name: name, Description: "profile " + name, LastModified: at(8), Tags: map[string]string{"kind": "security"}}
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

// --- routing profiles

func testRoutingProfileRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	full := newRoutingProfile("i-1", "rp-1", "Main")
	bare := &connect.RoutingProfile{ID: "rp-2", ARN: arn(partition, "i-1", "routing-profile/rp-2"), InstanceID: "i-1",
		Name: "Bare", Description: "d", DefaultOutboundQueueID: "q-1", AgentAvailabilityTimer: connect.TimerSinceLastActivity,
		LastModified: at(1)}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertRoutingProfile(ctx, full), tx.InsertRoutingProfile(ctx, bare))
	})
	for _, want := range []*connect.RoutingProfile{full, bare} {
		got, err := s.GetRoutingProfile(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetRoutingProfile(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		if got, err = s.GetRoutingProfileByName(ctx, "i-1", want.Name); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetRoutingProfileByName(%s) mismatch (-want +got):\n%s", want.Name, diff)
		}
	}
	upd := *bare
	upd.Name, upd.Description, upd.DefaultOutboundQueueID = "Renamed", "d2", "q-2"
	upd.MediaConcurrencies = []connect.MediaConcurrency{{Channel: connect.ChannelChat, Concurrency: 3}}
	upd.AgentAvailabilityTimer, upd.LastModified = connect.TimerSinceLastInbound, at(9)
	want := upd
	upd.IsDefault, upd.Tags, upd.ARN = true, map[string]string{"x": "x"}, "x" // immutable
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateRoutingProfile(ctx, &upd) })
	got, err := s.GetRoutingProfile(ctx, "i-1", "rp-2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateRoutingProfile mismatch (-want +got):\n%s", diff)
	}
	for _, size := range []int{1, 5} {
		got := paginate(t, size, func(rp *connect.RoutingProfile) string { return rp.ID },
			func(p connect.PageRequest) ([]*connect.RoutingProfile, error) {
				return s.ListRoutingProfiles(ctx, "i-1", p)
			})
		if diff := cmp.Diff([]string{"rp-1", "rp-2"}, got); diff != "" {
			t.Errorf("ListRoutingProfiles(size %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
}

func testRoutingProfileErrors(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-1", "Main")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-2", "Other")))
	})
	_, err := s.GetRoutingProfile(ctx, "i-1", "nope")
	wantKind(t, "GetRoutingProfile", err, connect.NotFound, connect.ResourceRoutingProfile)
	_, err = s.GetRoutingProfile(ctx, "i-2", "rp-1")
	wantKind(t, "GetRoutingProfile(other instance)", err, connect.NotFound, connect.ResourceRoutingProfile)
	_, err = s.GetRoutingProfileByName(ctx, "i-1", "nope")
	wantKind(t, "GetRoutingProfileByName", err, connect.NotFound, connect.ResourceRoutingProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-3", "Main"))
	})
	wantKind(t, "InsertRoutingProfile(same name)", err, connect.Duplicate, connect.ResourceRoutingProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertRoutingProfile(ctx, newRoutingProfile("nope", "rp-4", "Main"))
	})
	wantKind(t, "InsertRoutingProfile(missing instance)", err, connect.NotFound, connect.ResourceInstance)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		rp := newRoutingProfile("i-1", "rp-2", "Main")
		return tx.UpdateRoutingProfile(ctx, rp)
	})
	wantKind(t, "UpdateRoutingProfile(taken name)", err, connect.Duplicate, connect.ResourceRoutingProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.UpdateRoutingProfile(ctx, newRoutingProfile("i-1", "nope", "New"))
	})
	wantKind(t, "UpdateRoutingProfile(missing)", err, connect.NotFound, connect.ResourceRoutingProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.PutRoutingProfileQueues(ctx, "i-1", "nope", []connect.RoutingProfileQueue{{QueueID: "q-1", Channel: "TASK", Priority: 1}})
	})
	wantKind(t, "PutRoutingProfileQueues(missing profile)", err, connect.NotFound, connect.ResourceRoutingProfile)
	if err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertRoutingProfile(ctx, newRoutingProfile("i-2", "rp-1", "Main"))
	}); err != nil {
		t.Errorf("InsertRoutingProfile(same name and ID, other instance) = %v, want nil", err)
	}
}

func testRoutingProfileQueues(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(
			tx.InsertQueue(ctx, newQueue("i-1", "q-a", "A")), tx.InsertQueue(ctx, newQueue("i-1", "q-b", "B")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-1", "Main")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-2", "Other")),
		)
	})
	put := func(rp string, qs ...connect.RoutingProfileQueue) {
		t.Helper()
		mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutRoutingProfileQueues(ctx, "i-1", rp, qs) })
	}
	put("rp-1",
		connect.RoutingProfileQueue{QueueID: "q-b", Channel: "TASK", Priority: 2, Delay: 10},
		connect.RoutingProfileQueue{QueueID: "q-a", Channel: "VOICE", Priority: 1, Delay: 0},
		connect.RoutingProfileQueue{QueueID: "q-a", Channel: "CHAT", Priority: 3, Delay: 5},
		connect.RoutingProfileQueue{QueueID: "q-gone", Channel: "TASK", Priority: 9, Delay: 9}, // no such queue
	)
	put("rp-2", connect.RoutingProfileQueue{QueueID: "q-a", Channel: "TASK", Priority: 1})
	// Put again: replaces priority and delay, adds the new pair.
	put("rp-1",
		connect.RoutingProfileQueue{QueueID: "q-b", Channel: "TASK", Priority: 99, Delay: 9999},
		connect.RoutingProfileQueue{QueueID: "q-a", Channel: "TASK", Priority: 4, Delay: 1},
	)
	qa, qb := newQueue("i-1", "q-a", "A"), newQueue("i-1", "q-b", "B")
	want := []connect.RoutingProfileQueue{
		{QueueID: "q-a", Channel: "CHAT", Priority: 3, Delay: 5, QueueARN: qa.ARN, QueueName: "A"},
		{QueueID: "q-a", Channel: "TASK", Priority: 4, Delay: 1, QueueARN: qa.ARN, QueueName: "A"},
		{QueueID: "q-a", Channel: "VOICE", Priority: 1, Delay: 0, QueueARN: qa.ARN, QueueName: "A"},
		{QueueID: "q-b", Channel: "TASK", Priority: 99, Delay: 9999, QueueARN: qb.ARN, QueueName: "B"},
		{QueueID: "q-gone", Channel: "TASK", Priority: 9, Delay: 9},
	}
	for _, size := range []int{1, 2, 10, 0} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var got []connect.RoutingProfileQueue
			after := ""
			for range 20 {
				page, err := s.ListRoutingProfileQueues(ctx, "i-1", "rp-1", connect.PageRequest{After: after, Limit: size})
				if err != nil {
					t.Fatal(err)
				}
				if size > 0 && len(page) > size {
					t.Fatalf("page of %d, want at most %d", len(page), size)
				}
				got = append(got, page...)
				if len(page) == 0 || size == 0 {
					break
				}
				after = page[len(page)-1].Key()
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ListRoutingProfileQueues mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Delete: listed pairs go, absent pairs are ignored, other profiles keep theirs.
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.DeleteRoutingProfileQueues(ctx, "i-1", "rp-1", []connect.RoutingProfileQueue{
			{QueueID: "q-a", Channel: "CHAT"}, {QueueID: "q-a", Channel: "TASK"}, {QueueID: "q-b", Channel: "VOICE"},
		})
	})
	got, err := s.ListRoutingProfileQueues(ctx, "i-1", "rp-1", connect.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"q-a/VOICE", "q-b/TASK", "q-gone/TASK"}, keys(got)); diff != "" {
		t.Errorf("after DeleteRoutingProfileQueues mismatch (-want +got):\n%s", diff)
	}
	if got, err = s.ListRoutingProfileQueues(ctx, "i-1", "rp-2", connect.PageRequest{}); err != nil || len(got) != 1 {
		t.Errorf("ListRoutingProfileQueues(rp-2) = %v, %v; want its one queue", keys(got), err)
	}
	if got, err = s.ListRoutingProfileQueues(ctx, "i-1", "nope", connect.PageRequest{}); err != nil || len(got) != 0 {
		t.Errorf("ListRoutingProfileQueues(unknown profile) = %v, %v; want none", keys(got), err)
	}
}

func keys(qs []connect.RoutingProfileQueue) []string {
	out := []string{}
	for _, q := range qs {
		out = append(out, q.Key())
	}
	return out
}

// --- agent statuses and security profiles

func testAgentStatuses(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustStatuses(t, s, "i-1")
	bare := &connect.AgentStatus{ID: "s-bare", ARN: arn(partition, "i-1", "agent-state/s-bare"), InstanceID: "i-1",
		Name: "Bare", Type: connect.AgentStatusCustom, State: connect.AgentStatusDisabled, LastModified: at(1)}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertAgentStatus(ctx, bare) })
	for _, want := range []*connect.AgentStatus{newAgentStatus("i-1", "s-avail", "Available", connect.AgentStatusRoutable), bare} {
		got, err := s.GetAgentStatus(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetAgentStatus(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		if got, err = s.GetAgentStatusByName(ctx, "i-1", want.Name); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetAgentStatusByName(%s) mismatch (-want +got):\n%s", want.Name, diff)
		}
	}
	_, err := s.GetAgentStatus(ctx, "i-2", "s-avail")
	wantKind(t, "GetAgentStatus(other instance)", err, connect.NotFound, connect.ResourceAgentStatus)
	_, err = s.GetAgentStatusByName(ctx, "i-1", "nope")
	wantKind(t, "GetAgentStatusByName", err, connect.NotFound, connect.ResourceAgentStatus)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertAgentStatus(ctx, newAgentStatus("i-1", "s-9", "Lunch", connect.AgentStatusCustom))
	})
	wantKind(t, "InsertAgentStatus(same name)", err, connect.Duplicate, connect.ResourceAgentStatus)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertAgentStatus(ctx, newAgentStatus("nope", "s-9", "Lunch", connect.AgentStatusCustom))
	})
	wantKind(t, "InsertAgentStatus(missing instance)", err, connect.NotFound, connect.ResourceInstance)

	id := func(a *connect.AgentStatus) string { return a.ID }
	for _, tc := range []struct {
		types []string
		want  []string
	}{
		{nil, []string{"s-avail", "s-bare", "s-lunch", "s-off"}},
		{[]string{connect.AgentStatusCustom}, []string{"s-bare", "s-lunch"}},
		{[]string{connect.AgentStatusRoutable, connect.AgentStatusOffline}, []string{"s-avail", "s-off"}},
	} {
		for _, size := range []int{1, 3, 10} {
			got := paginate(t, size, id, func(p connect.PageRequest) ([]*connect.AgentStatus, error) {
				return s.ListAgentStatuses(ctx, "i-1", tc.types, p)
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ListAgentStatuses(%v, size %d) mismatch (-want +got):\n%s", tc.types, size, diff)
			}
		}
	}
}

func testSecurityProfiles(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	bare := &connect.SecurityProfile{ID: "sp-0", ARN: arn(partition, "i-1", "security-profile/sp-0"), InstanceID: "i-1",
		Name: "Bare", LastModified: at(1)}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertSecurityProfile(ctx, newSecurityProfile("i-1", "sp-2", "Agent")),
			tx.InsertSecurityProfile(ctx, newSecurityProfile("i-1", "sp-1", "Admin")), tx.InsertSecurityProfile(ctx, bare))
	})
	for _, want := range []*connect.SecurityProfile{newSecurityProfile("i-1", "sp-1", "Admin"), bare} {
		got, err := s.GetSecurityProfile(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetSecurityProfile(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
	}
	_, err := s.GetSecurityProfile(ctx, "i-2", "sp-1")
	wantKind(t, "GetSecurityProfile(other instance)", err, connect.NotFound, connect.ResourceSecurityProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertSecurityProfile(ctx, newSecurityProfile("i-1", "sp-9", "Admin"))
	})
	wantKind(t, "InsertSecurityProfile(same name)", err, connect.Duplicate, connect.ResourceSecurityProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertSecurityProfile(ctx, newSecurityProfile("nope", "sp-9", "Admin"))
	})
	wantKind(t, "InsertSecurityProfile(missing instance)", err, connect.NotFound, connect.ResourceInstance)
	for _, size := range []int{1, 2, 10} {
		got := paginate(t, size, func(sp *connect.SecurityProfile) string { return sp.ID },
			func(p connect.PageRequest) ([]*connect.SecurityProfile, error) {
				return s.ListSecurityProfiles(ctx, "i-1", p)
			})
		if diff := cmp.Diff([]string{"sp-0", "sp-1", "sp-2"}, got); diff != "" {
			t.Errorf("ListSecurityProfiles(size %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
}

// --- hours of operation

func testHoursOfOperationWrites(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		q1, q2 := newQueue("i-1", "q-1", "One"), newQueue("i-1", "q-2", "Two")
		q1.HoursOfOperationID, q2.HoursOfOperationID = "h-1", "h-1"
		return errors.Join(tx.InsertHoursOfOperation(ctx, newHours("i-1", "h-1")), tx.InsertHoursOfOperation(ctx, newHours("i-1", "h-2")),
			tx.InsertHoursOfOperation(ctx, newHours("i-2", "h-1")), tx.InsertQueue(ctx, q1), tx.InsertQueue(ctx, q2))
	})
	got, err := s.GetHoursOfOperationByName(ctx, "i-1", "hours h-2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(newHours("i-1", "h-2"), got); diff != "" {
		t.Errorf("GetHoursOfOperationByName mismatch (-want +got):\n%s", diff)
	}
	_, err = s.GetHoursOfOperationByName(ctx, "i-1", "nope")
	wantKind(t, "GetHoursOfOperationByName", err, connect.NotFound, connect.ResourceHoursOfOperation)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		h := newHours("i-1", "h-3")
		h.Name = "hours h-1"
		return tx.InsertHoursOfOperation(ctx, h)
	})
	wantKind(t, "InsertHoursOfOperation(same name)", err, connect.Duplicate, connect.ResourceHoursOfOperation)

	for _, tc := range []struct {
		id   string
		want int
	}{{"h-1", 2}, {"h-2", 0}, {"nope", 0}} {
		if n, err := s.CountQueuesByHoursOfOperation(ctx, "i-1", tc.id); err != nil || n != tc.want {
			t.Errorf("CountQueuesByHoursOfOperation(%s) = %d, %v; want %d", tc.id, n, err, tc.want)
		}
	}

	// UpdateHoursOfOperation stores name, description, time zone, config and
	// last-modified time; tags stay.
	upd := *newHours("i-1", "h-2")
	upd.Name, upd.Description, upd.TimeZone, upd.Config, upd.LastModified = "renamed", "", "Asia/Tokyo",
		[]connect.HoursConfig{{Day: "SUNDAY", StartHours: 22, EndHours: 2}}, at(40)
	want := upd
	upd.Tags, upd.ARN = map[string]string{"x": "x"}, "x"
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateHoursOfOperation(ctx, &upd) })
	if got, err = s.GetHoursOfOperation(ctx, "i-1", "h-2"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateHoursOfOperation mismatch (-want +got):\n%s", diff)
	}
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		h := newHours("i-1", "h-2")
		h.Name = "hours h-1"
		return tx.UpdateHoursOfOperation(ctx, h)
	})
	wantKind(t, "UpdateHoursOfOperation(taken name)", err, connect.Duplicate, connect.ResourceHoursOfOperation)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.UpdateHoursOfOperation(ctx, newHours("i-1", "nope"))
	})
	wantKind(t, "UpdateHoursOfOperation(missing)", err, connect.NotFound, connect.ResourceHoursOfOperation)

	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteHoursOfOperation(ctx, "i-1", "h-2") })
	_, err = s.GetHoursOfOperation(ctx, "i-1", "h-2")
	wantKind(t, "GetHoursOfOperation after delete", err, connect.NotFound, connect.ResourceHoursOfOperation)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.DeleteHoursOfOperation(ctx, "i-1", "h-2") })
	wantKind(t, "DeleteHoursOfOperation(missing)", err, connect.NotFound, connect.ResourceHoursOfOperation)
	if _, err := s.GetHoursOfOperation(ctx, "i-2", "h-1"); err != nil {
		t.Errorf("other instance's hours after delete: %v", err)
	}
}

// --- tags and cascade

func testAgentTags(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustStatuses(t, s, "i-1")
	u, rp, sp := newUser("i-1", "u-1", "ada"), newRoutingProfile("i-1", "rp-1", "Main"), newSecurityProfile("i-1", "sp-1", "Admin")
	as := newAgentStatus("i-1", "s-avail", "Available", connect.AgentStatusRoutable)
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertUser(ctx, u), tx.InsertRoutingProfile(ctx, rp), tx.InsertSecurityProfile(ctx, sp))
	})
	tests := []struct {
		name string
		arn  string
		get  func() (map[string]string, error)
	}{
		{"User", u.ARN, func() (map[string]string, error) {
			v, err := s.GetUser(ctx, "i-1", "u-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"RoutingProfile", rp.ARN, func() (map[string]string, error) {
			v, err := s.GetRoutingProfile(ctx, "i-1", "rp-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"SecurityProfile", sp.ARN, func() (map[string]string, error) {
			v, err := s.GetSecurityProfile(ctx, "i-1", "sp-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"AgentStatus", as.ARN, func() (map[string]string, error) {
			v, err := s.GetAgentStatus(ctx, "i-1", "s-avail")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, want := range []map[string]string{{"env": "prod", "owner": "ops"}, {"env": "dev"}, nil} {
				mustUpdate(t, s, func(tx connect.Tx) error { return tx.SetTags(t.Context(), tc.arn, want) })
				got, err := tc.get()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("tags after SetTags(%v) mismatch (-want +got):\n%s", want, diff)
				}
			}
		})
	}
}

func testDeleteInstanceCascadesAgents(t *testing.T, s connect.Store) {
	ctx := t.Context()
	fill := func(id string) {
		mustInstance(t, s, id)
		mustStatuses(t, s, id)
		mustUpdate(t, s, func(tx connect.Tx) error {
			return errors.Join(
				tx.InsertUser(ctx, newUser(id, "u-1", "ada")),
				tx.InsertRoutingProfile(ctx, newRoutingProfile(id, "rp-1", "Main")),
				tx.PutRoutingProfileQueues(ctx, id, "rp-1", []connect.RoutingProfileQueue{{QueueID: "q-1", Channel: "TASK", Priority: 1}}),
				tx.InsertSecurityProfile(ctx, newSecurityProfile(id, "sp-1", "Admin")),
			)
		})
	}
	fill("i-1")
	fill("i-2")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteInstance(ctx, "i-1") })
	for _, tc := range []struct {
		id   string
		gone bool
	}{{"i-1", true}, {"i-2", false}} {
		errs := map[string]error{}
		_, errs["user"] = s.GetUser(ctx, tc.id, "u-1")
		_, errs["routing profile"] = s.GetRoutingProfile(ctx, tc.id, "rp-1")
		_, errs["security profile"] = s.GetSecurityProfile(ctx, tc.id, "sp-1")
		_, errs["agent status"] = s.GetAgentStatus(ctx, tc.id, "s-avail")
		for what, err := range errs {
			if tc.gone && !connect.IsNotFound(err) {
				t.Errorf("%s of %s: err = %v, want NotFound", what, tc.id, err)
			}
			if !tc.gone && err != nil {
				t.Errorf("%s of %s: err = %v, want nil", what, tc.id, err)
			}
		}
		qs, err := s.ListRoutingProfileQueues(ctx, tc.id, "rp-1", connect.PageRequest{})
		if err != nil || tc.gone != (len(qs) == 0) {
			t.Errorf("ListRoutingProfileQueues of %s = %d, %v; gone = %v", tc.id, len(qs), err, tc.gone)
		}
	}
	// Re-created under the same ID, the instance starts without them.
	mustInstance(t, s, "i-1")
	if got, err := s.ListRoutingProfileQueues(ctx, "i-1", "rp-1", connect.PageRequest{}); err != nil || len(got) != 0 {
		t.Errorf("routing profile queues of re-created instance = %v, %v; want none", keys(got), err)
	}
}
