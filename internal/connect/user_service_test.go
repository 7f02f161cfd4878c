package connect_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

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
		b.clock.Advance(time.Second)
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
