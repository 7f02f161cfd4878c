package connect_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
	"connectd/internal/sqlite"
)

// manualClock is a Clock tests move by hand.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// agentBundle is a Service over real SQLite with an instance and the IDs of
// what it is born with.
type agentBundle struct {
	svc       *connect.Service
	db        *sqlite.DB
	clock     *manualClock
	p         connect.Partition
	inst      string
	rp        string // Basic Routing Profile
	queue     string // BasicQueue
	hours     string // Basic Hours
	sp        map[string]string
	available string
	offline   string
}

func setupAgents(t *testing.T) *agentBundle {
	t.Helper()
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "connectd.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := &agentBundle{db: db, clock: &manualClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)},
		p: connect.Partition{AccountID: "123456789012", Region: "eu-west-2"}, sp: map[string]string{}}
	b.svc = connect.NewService(connect.ServiceConfig{Store: db, Clock: b.clock})
	inst, err := b.svc.CreateInstance(ctx, b.p, connect.CreateInstanceInput{IdentityManagementType: connect.DirectoryManaged, Alias: "agents"})
	if err != nil {
		t.Fatal(err)
	}
	b.inst = inst.ID
	rps, _, err := b.svc.ListRoutingProfiles(ctx, b.p, b.inst, "", 0)
	if err != nil || len(rps) != 1 {
		t.Fatalf("ListRoutingProfiles = %d profiles, %v; want the Basic Routing Profile", len(rps), err)
	}
	b.rp = rps[0].ID
	b.queue = rps[0].DefaultOutboundQueueID
	hours, _, err := b.svc.ListHoursOfOperations(ctx, b.p, b.inst, "", 0)
	if err != nil || len(hours) != 1 {
		t.Fatalf("ListHoursOfOperations = %d, %v", len(hours), err)
	}
	b.hours = hours[0].ID
	sps, _, err := b.svc.ListSecurityProfiles(ctx, b.p, b.inst, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range sps {
		b.sp[sp.Name] = sp.ID
	}
	sts, _, err := b.svc.ListAgentStatuses(ctx, b.p, b.inst, nil, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sts {
		switch st.Name {
		case connect.AvailableStatusName:
			b.available = st.ID
		case connect.OfflineStatusName:
			b.offline = st.ID
		}
	}
	return b
}

func (b *agentBundle) user(t *testing.T, name string) *connect.User {
	t.Helper()
	u, err := b.svc.CreateUser(t.Context(), b.p, connect.CreateUserInput{
		InstanceID: b.inst, Username: name, Password: new("Passw0rd!"),
		Identity:         connect.UserIdentity{FirstName: "F", LastName: "L"},
		RoutingProfileID: b.rp, SecurityProfileIDs: []string{b.sp["Agent"]},
	})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return u
}

func wantKind(t *testing.T, what string, err error, k connect.Kind) {
	t.Helper()
	if connect.KindOf(err) != k || err == nil {
		t.Errorf("%s = %v, want a %v error", what, err, k)
	}
}

func TestInstanceBornWithAgentResources(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	d, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, b.rp)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != connect.BasicRoutingProfileName || !d.IsDefault || d.NumberOfAssociatedQueues != 1 || d.NumberOfAssociatedUsers != 0 ||
		d.Concurrency(connect.ChannelTask) != 1 || d.Concurrency(connect.ChannelVoice) != 1 || d.AgentAvailabilityTimer != connect.TimerSinceLastActivity {
		t.Errorf("Basic Routing Profile = %+v (queues %d, users %d)", *d.RoutingProfile, d.NumberOfAssociatedQueues, d.NumberOfAssociatedUsers)
	}
	_, qs, _, err := b.svc.ListRoutingProfileQueues(ctx, b.p, b.inst, b.rp, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs {
		if q.QueueID != b.queue || q.QueueName != connect.BasicQueueName || q.Priority != 1 || q.Delay != 0 {
			t.Errorf("Basic Routing Profile queue = %+v, want BasicQueue at priority 1, delay 0", q)
		}
		got = append(got, q.Channel)
	}
	if diff := cmp.Diff([]string{"CHAT", "TASK", "VOICE"}, got); diff != "" {
		t.Errorf("Basic Routing Profile channels (-want +got):\n%s", diff)
	}
	for _, name := range []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"} {
		if b.sp[name] == "" {
			t.Errorf("no %s security profile", name)
		}
	}
	for id, typ := range map[string]string{b.available: connect.AgentStatusRoutable, b.offline: connect.AgentStatusOffline} {
		st, err := b.svc.DescribeAgentStatus(ctx, b.p, b.inst, id)
		if err != nil || st.Type != typ || st.State != connect.AgentStatusEnabled {
			t.Errorf("status %s = %+v, %v; want %s ENABLED", id, st, err, typ)
		}
	}
}

func TestUserStatusAndRoutableOrder(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	created := b.clock.Now()
	ann, bob, cat := b.user(t, "ann"), b.user(t, "bob"), b.user(t, "cat")
	for _, u := range []*connect.User{ann, bob, cat} {
		if u.StatusID != b.offline || !u.StatusStartTimestamp.Equal(created) {
			t.Errorf("new user %s in status %s since %v, want Offline since %v", u.Username, u.StatusID, u.StatusStartTimestamp, created)
		}
	}
	routable := func() []string {
		t.Helper()
		us, err := b.db.ListRoutableUsers(ctx, b.inst)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range us {
			names = append(names, u.Username)
		}
		return names
	}
	put := func(u *connect.User, status string) {
		t.Helper()
		b.clock.Add(time.Second)
		if err := b.svc.PutUserStatus(ctx, b.p, b.inst, u.ID, status); err != nil {
			t.Fatalf("PutUserStatus(%s): %v", u.Username, err)
		}
	}
	if got := routable(); len(got) != 0 {
		t.Errorf("routable before anyone is Available = %v", got)
	}
	put(bob, b.available)
	put(ann, b.available)
	put(cat, b.available)
	if diff := cmp.Diff([]string{"bob", "ann", "cat"}, routable()); diff != "" {
		t.Errorf("routable order (-want +got):\n%s", diff)
	}
	// Re-announcing Available keeps bob's place; going Offline and back sends him last.
	since := b.clock.Now().Add(-2 * time.Second)
	put(bob, b.available)
	u, err := b.svc.DescribeUser(ctx, b.p, b.inst, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !u.StatusStartTimestamp.Equal(since) {
		t.Errorf("bob's status start after re-setting Available = %v, want %v", u.StatusStartTimestamp, since)
	}
	put(bob, b.offline)
	put(bob, b.available)
	if diff := cmp.Diff([]string{"ann", "cat", "bob"}, routable()); diff != "" {
		t.Errorf("routable order after bob's break (-want +got):\n%s", diff)
	}

	lunch, err := b.svc.CreateAgentStatus(ctx, b.p, connect.CreateAgentStatusInput{InstanceID: b.inst, Name: "Lunch", State: connect.AgentStatusEnabled})
	if err != nil {
		t.Fatal(err)
	}
	if lunch.Type != connect.AgentStatusCustom || lunch.DisplayOrder == nil || *lunch.DisplayOrder != 3 {
		t.Errorf("CreateAgentStatus = type %s order %v, want CUSTOM after Available (1) and Offline (2)", lunch.Type, lunch.DisplayOrder)
	}
	put(ann, lunch.ID)
	if diff := cmp.Diff([]string{"cat", "bob"}, routable()); diff != "" {
		t.Errorf("routable with ann at lunch (-want +got):\n%s", diff)
	}
	off, err := b.svc.CreateAgentStatus(ctx, b.p, connect.CreateAgentStatusInput{InstanceID: b.inst, Name: "Retired", State: connect.AgentStatusDisabled})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, "PutUserStatus(disabled status)", b.svc.PutUserStatus(ctx, b.p, b.inst, ann.ID, off.ID), connect.Invalid)
	wantKind(t, "PutUserStatus(unknown status)", b.svc.PutUserStatus(ctx, b.p, b.inst, ann.ID, "nope"), connect.NotFound)
	wantKind(t, "PutUserStatus(unknown user)", b.svc.PutUserStatus(ctx, b.p, b.inst, "nope", b.available), connect.NotFound)
}

func TestUserLifecycle(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	u := b.user(t, "ann")
	q, err := b.svc.DescribeQueue(ctx, b.p, b.inst, u.ID)
	if err != nil {
		t.Fatalf("agent queue: %v", err)
	}
	if q.Type != connect.QueueAgent || q.Name != "" || q.HoursOfOperationID != "" ||
		q.ARN != connect.InstanceARN(b.p, b.inst)+"/queue/agent/"+u.ID {
		t.Errorf("agent queue = %+v", q)
	}
	d, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, b.rp)
	if err != nil || d.NumberOfAssociatedUsers != 1 {
		t.Errorf("NumberOfAssociatedUsers = %d, %v; want 1", d.NumberOfAssociatedUsers, err)
	}
	if err := b.svc.DeleteUser(ctx, b.p, b.inst, u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.DescribeQueue(ctx, b.p, b.inst, u.ID)
	wantKind(t, "agent queue after DeleteUser", err, connect.NotFound)
	wantKind(t, "DeleteUser again", b.svc.DeleteUser(ctx, b.p, b.inst, u.ID), connect.NotFound)
	b.user(t, "ann") // the username is free again
}

func TestCreateUserIdentityTypes(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	saml, err := b.svc.CreateInstance(ctx, b.p, connect.CreateInstanceInput{IdentityManagementType: connect.DirectorySAML, Alias: "saml"})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := b.svc.CreateInstance(ctx, b.p, connect.CreateInstanceInput{IdentityManagementType: connect.DirectoryExisting, DirectoryID: "d-1"})
	if err != nil {
		t.Fatal(err)
	}
	defaults := func(inst string) (rp, sp string) {
		rps, _, err := b.svc.ListRoutingProfiles(ctx, b.p, inst, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		sps, _, err := b.svc.ListSecurityProfiles(ctx, b.p, inst, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		return rps[0].ID, sps[0].ID
	}
	named := connect.UserIdentity{FirstName: "F", LastName: "L"}
	tests := []struct {
		name string
		inst string
		in   connect.CreateUserInput
		kind connect.Kind // Internal (zero): success
	}{
		{"saml", saml.ID, connect.CreateUserInput{Username: "jane.doe@example.com", Identity: named}, 0},
		{"saml with password", saml.ID, connect.CreateUserInput{Username: "x", Identity: named, Password: new("Passw0rd")}, connect.Invalid},
		{"saml with directory user", saml.ID, connect.CreateUserInput{Username: "x", Identity: named, DirectoryUserID: "u"}, connect.Invalid},
		{"saml without names", saml.ID, connect.CreateUserInput{Username: "x"}, connect.InvalidParameter},
		{"directory", dir.ID, connect.CreateUserInput{Username: "x", DirectoryUserID: "u"}, 0},
		{"directory with password", dir.ID, connect.CreateUserInput{Username: "y", Password: new("Passw0rd")}, connect.Invalid},
		{"managed without password", b.inst, connect.CreateUserInput{Username: "x", Identity: named}, connect.InvalidParameter},
		{"managed weak password", b.inst, connect.CreateUserInput{Username: "x", Identity: named, Password: new("password")}, connect.InvalidParameter},
		{"long username", b.inst, connect.CreateUserInput{Username: "abcdefghijklmnopqrstu", Identity: named, Password: new("Passw0rd")}, connect.InvalidParameter},
		{"hierarchy group", b.inst, connect.CreateUserInput{Username: "x", Identity: named, Password: new("Passw0rd"), HierarchyGroupID: "hg"}, connect.NotFound},
		{"phone conflict", b.inst, connect.CreateUserInput{Username: "x", Identity: named, Password: new("Passw0rd"),
			Phone:  &connect.PhoneConfig{AutoAccept: new(true)},
			Config: connect.UserConfig{AutoAccept: []connect.AutoAcceptConfig{{Channel: "TASK", AutoAccept: true}}}}, connect.Invalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rp, sp := defaults(tc.inst)
			in := tc.in
			in.InstanceID, in.RoutingProfileID, in.SecurityProfileIDs = tc.inst, rp, []string{sp}
			_, err := b.svc.CreateUser(ctx, b.p, in)
			if tc.kind == 0 {
				if err != nil {
					t.Errorf("CreateUser = %v, want nil", err)
				}
				return
			}
			wantKind(t, "CreateUser", err, tc.kind)
		})
	}
}

func TestRoutingProfileRules(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	var queues []string
	for i := range 51 {
		q, err := b.svc.CreateQueue(ctx, b.p, connect.CreateQueueInput{InstanceID: b.inst, Name: fmt.Sprint("q", i), HoursOfOperationID: b.hours})
		if err != nil {
			t.Fatal(err)
		}
		queues = append(queues, q.ID)
	}
	rp, err := b.svc.CreateRoutingProfile(ctx, b.p, connect.CreateRoutingProfileInput{InstanceID: b.inst, Name: "Tasks",
		Description: "d", DefaultOutboundQueueID: b.queue,
		MediaConcurrencies: []connect.MediaConcurrency{{Channel: connect.ChannelTask, Concurrency: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := func(q, ch string) connect.RoutingProfileQueue {
		return connect.RoutingProfileQueue{QueueID: q, Channel: ch, Priority: 1}
	}
	// 50 distinct queues fill the quota; a second channel of one of them is no new queue.
	for i := 0; i < 50; i += 10 {
		var batch []connect.RoutingProfileQueue
		for _, q := range queues[i : i+10] {
			batch = append(batch, cfg(q, connect.ChannelTask))
		}
		if err := b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, []connect.RoutingProfileQueue{cfg(queues[0], connect.ChannelChat)}); err != nil {
		t.Errorf("Associate a second channel of an associated queue = %v", err)
	}
	wantKind(t, "Associate a 51st queue", b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID,
		[]connect.RoutingProfileQueue{cfg(queues[50], connect.ChannelTask)}), connect.QuotaExceeded)
	wantKind(t, "Associate an associated pair", b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID,
		[]connect.RoutingProfileQueue{cfg(queues[1], connect.ChannelTask)}), connect.Invalid)
	wantKind(t, "Associate a pair twice", b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, b.rp,
		[]connect.RoutingProfileQueue{cfg(queues[1], connect.ChannelTask), cfg(queues[1], connect.ChannelTask)}), connect.InvalidParameter)
	u := b.user(t, "ann")
	wantKind(t, "Associate an agent queue", b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, b.rp,
		[]connect.RoutingProfileQueue{cfg(u.ID, connect.ChannelTask)}), connect.Invalid)
	wantKind(t, "Update an unassociated pair", b.svc.UpdateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID,
		[]connect.RoutingProfileQueue{cfg(queues[1], connect.ChannelVoice)}), connect.Invalid)
	var eleven []connect.RoutingProfileQueue
	for _, q := range queues[:11] {
		eleven = append(eleven, cfg(q, connect.ChannelTask))
	}
	wantKind(t, "Disassociate 11", b.svc.DisassociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, eleven), connect.InvalidParameter)
	if err := b.svc.DisassociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, eleven[:10]); err != nil {
		t.Fatal(err)
	}
	d, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, rp.ID)
	if err != nil || d.NumberOfAssociatedQueues != 41 { // queues 10..49, and queue 0 on CHAT
		t.Errorf("NumberOfAssociatedQueues = %d, %v; want 41", d.NumberOfAssociatedQueues, err)
	}
	// Pages of ListRoutingProfileQueues cover every pair once.
	seen := map[string]bool{}
	token := ""
	for range 100 {
		_, page, next, err := b.svc.ListRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, token, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range page {
			if seen[q.Key()] {
				t.Errorf("pair %s listed twice", q.Key())
			}
			seen[q.Key()] = true
		}
		if token = next; token == "" {
			break
		}
	}
	if len(seen) != 41 {
		t.Errorf("pages listed %d pairs, want 41", len(seen))
	}
}

func TestHoursOfOperationLifecycle(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	h, err := b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst, Name: "Office",
		TimeZone: "America/New_York", Config: []connect.HoursConfig{{Day: "MONDAY", StartHours: 9, EndHours: 17}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst, Name: "Office", TimeZone: "UTC"})
	wantKind(t, "CreateHoursOfOperation(same name)", err, connect.Duplicate)
	err = b.svc.UpdateHoursOfOperation(ctx, b.p, connect.UpdateHoursOfOperationInput{InstanceID: b.inst, ID: h.ID, Name: new(connect.BasicHoursName)})
	wantKind(t, "UpdateHoursOfOperation(taken name)", err, connect.Duplicate)
	if err := b.svc.UpdateHoursOfOperation(ctx, b.p, connect.UpdateHoursOfOperationInput{InstanceID: b.inst, ID: h.ID,
		Name: new("Office"), TimeZone: new("Asia/Tokyo")}); err != nil {
		t.Errorf("UpdateHoursOfOperation(own name) = %v", err)
	}
	b.clock.Add(time.Minute)
	if err := b.svc.UpdateHoursOfOperation(ctx, b.p, connect.UpdateHoursOfOperationInput{InstanceID: b.inst, ID: h.ID,
		Config: []connect.HoursConfig{}}); err != nil {
		t.Fatal(err)
	}
	got, err := b.svc.DescribeHoursOfOperation(ctx, b.p, b.inst, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Office" || got.TimeZone != "Asia/Tokyo" || len(got.Config) != 0 || !got.LastModified.Equal(b.clock.Now()) {
		t.Errorf("after updates = %+v", got)
	}
	if _, err := b.svc.CreateQueue(ctx, b.p, connect.CreateQueueInput{InstanceID: b.inst, Name: "Q", HoursOfOperationID: h.ID}); err != nil {
		t.Fatal(err)
	}
	wantKind(t, "DeleteHoursOfOperation(in use)", b.svc.DeleteHoursOfOperation(ctx, b.p, b.inst, h.ID), connect.Conflict)
	h2, err := b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst, Name: "Spare", TimeZone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.svc.DeleteHoursOfOperation(ctx, b.p, b.inst, h2.ID); err != nil {
		t.Fatal(err)
	}
	wantKind(t, "DeleteHoursOfOperation again", b.svc.DeleteHoursOfOperation(ctx, b.p, b.inst, h2.ID), connect.NotFound)
	_, err = b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst, Name: "P", TimeZone: "UTC", ParentHours: 1})
	wantKind(t, "CreateHoursOfOperation(parents)", err, connect.Invalid)
}

func TestAgentResourceTags(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	u := b.user(t, "ann")
	rp, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, b.rp)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := b.svc.DescribeSecurityProfile(ctx, b.p, b.inst, b.sp["Admin"])
	if err != nil {
		t.Fatal(err)
	}
	st, err := b.svc.DescribeAgentStatus(ctx, b.p, b.inst, b.available)
	if err != nil {
		t.Fatal(err)
	}
	for _, arn := range []string{u.ARN, rp.ARN, sp.ARN, st.ARN} {
		if err := b.svc.TagResource(ctx, b.p, arn, map[string]string{"team": "blue"}); err != nil {
			t.Fatalf("TagResource(%s): %v", arn, err)
		}
		got, err := b.svc.ListTagsForResource(ctx, b.p, arn)
		if err != nil || got["team"] != "blue" {
			t.Errorf("ListTagsForResource(%s) = %v, %v", arn, got, err)
		}
		if err := b.svc.UntagResource(ctx, b.p, arn, []string{"team"}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = b.svc.ListTagsForResource(ctx, b.p, connect.InstanceARN(b.p, b.inst)+"/agent/nope")
	wantKind(t, "ListTagsForResource(unknown user)", err, connect.NotFound)
}
