package connect_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

func TestSecurityProfileLifecycle(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	sp, err := b.svc.CreateSecurityProfile(ctx, b.p, connect.CreateSecurityProfileInput{InstanceID: b.inst, Name: "Supervisors",
		SecurityProfileSettings: connect.SecurityProfileSettings{Description: new("team leads"),
			Permissions:              []string{"Users.View", "BasicAgentAccess", "Users.View"},
			AllowedAccessControlTags: map[string]string{"team": "blue"}, TagRestrictedResources: []string{"User"},
			HierarchyRestrictedResources: []string{"User"}},
		Tags: map[string]string{"env": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	want := &connect.SecurityProfile{ID: sp.ID, ARN: "arn:aws:connect:eu-west-2:123456789012:instance/" + b.inst + "/security-profile/" + sp.ID,
		InstanceID: b.inst, Name: "Supervisors", Description: "team leads", Permissions: []string{"BasicAgentAccess", "Users.View"},
		AllowedAccessControlTags: map[string]string{"team": "blue"}, TagRestrictedResources: []string{"User"},
		HierarchyRestrictedResources: []string{"User"}, LastModified: b.clock.Now(), Tags: map[string]string{"env": "test"}}
	got, err := b.svc.DescribeSecurityProfile(ctx, b.p, b.inst, sp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("created profile mismatch (-want +got):\n%s", diff)
	}

	// Update: given settings change (empty ones clear), the others stay.
	b.clock.Advance(time.Minute)
	if err := b.svc.UpdateSecurityProfile(ctx, b.p, b.inst, sp.ID, connect.SecurityProfileSettings{
		Permissions: []string{"Queues.View"}, TagRestrictedResources: []string{}}); err != nil {
		t.Fatal(err)
	}
	want.Permissions, want.TagRestrictedResources, want.LastModified = []string{"Queues.View"}, nil, b.clock.Now()
	if got, err = b.svc.DescribeSecurityProfile(ctx, b.p, b.inst, sp.ID); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("updated profile mismatch (-want +got):\n%s", diff)
	}
	if err := b.svc.UpdateSecurityProfile(ctx, b.p, b.inst, b.sp["Admin"], connect.SecurityProfileSettings{Description: new("everything")}); err != nil {
		t.Errorf("UpdateSecurityProfile(Admin) = %v", err)
	}

	for _, tc := range []struct {
		what string
		err  error
		want connect.Kind
	}{
		{"Create with a taken name", b.createSP(t, "Supervisors", connect.SecurityProfileSettings{}), connect.Duplicate},
		{"Create with a default's name", b.createSP(t, "Admin", connect.SecurityProfileSettings{}), connect.Duplicate},
		{"Create with a hierarchy group", b.createSP(t, "Grouped",
			connect.SecurityProfileSettings{AllowedAccessControlHierarchyGroupID: new("hg-1")}), connect.NotFound},
		{"Create restricting queues by hierarchy", b.createSP(t, "Queues",
			connect.SecurityProfileSettings{HierarchyRestrictedResources: []string{"Queue"}}), connect.InvalidParameter},
		{"Update with nothing", b.svc.UpdateSecurityProfile(ctx, b.p, b.inst, sp.ID, connect.SecurityProfileSettings{}), connect.Invalid},
		{"Update a missing profile", b.svc.UpdateSecurityProfile(ctx, b.p, b.inst, "no-such-profile",
			connect.SecurityProfileSettings{Description: new("x")}), connect.NotFound},
		{"Update with a hierarchy group", b.svc.UpdateSecurityProfile(ctx, b.p, b.inst, sp.ID,
			connect.SecurityProfileSettings{AllowedAccessControlHierarchyGroupID: new("hg-1")}), connect.NotFound},
	} {
		wantKind(t, tc.what, tc.err, tc.want)
	}
}

// TestDeleteSecurityProfile: a profile no user has is deleted; the default
// profiles and a profile users have are not.
func TestDeleteSecurityProfile(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	del := func(id string) error { return b.svc.DeleteSecurityProfile(ctx, b.p, b.inst, id) }
	sp, err := b.svc.CreateSecurityProfile(ctx, b.p, connect.CreateSecurityProfileInput{InstanceID: b.inst, Name: "Leads"})
	if err != nil {
		t.Fatal(err)
	}
	u := b.user(t, "ann") // Agent
	if err := b.svc.UpdateUserSecurityProfiles(ctx, b.p, b.inst, u.ID, []string{b.sp["Agent"], sp.ID}); err != nil {
		t.Fatal(err)
	}
	err = del(sp.ID)
	wantKind(t, "DeleteSecurityProfile(assigned)", err, connect.InUse)
	var ce *connect.Error
	if errors.As(err, &ce) && (ce.InUseBy == nil || ce.InUseBy.Type != "USER" || ce.InUseBy.ARN != u.ARN) {
		t.Errorf("DeleteSecurityProfile(assigned) names %+v, want USER %s", ce.InUseBy, u.ARN)
	}
	for name, id := range b.sp {
		wantKind(t, "DeleteSecurityProfile("+name+")", del(id), connect.Invalid)
	}
	wantKind(t, "DeleteSecurityProfile(missing)", del("no-such-profile"), connect.NotFound)

	if err := b.svc.UpdateUserSecurityProfiles(ctx, b.p, b.inst, u.ID, []string{b.sp["Agent"]}); err != nil {
		t.Fatal(err)
	}
	if err := del(sp.ID); err != nil {
		t.Fatalf("DeleteSecurityProfile(unassigned) = %v", err)
	}
	if _, err := b.svc.DescribeSecurityProfile(ctx, b.p, b.inst, sp.ID); !connect.IsNotFound(err) {
		t.Errorf("DescribeSecurityProfile after delete = %v, want NotFound", err)
	}
	wantKind(t, "UpdateUserSecurityProfiles(deleted profile)",
		b.svc.UpdateUserSecurityProfiles(ctx, b.p, b.inst, u.ID, []string{sp.ID}), connect.NotFound)
}

func (b *agentBundle) createSP(t *testing.T, name string, in connect.SecurityProfileSettings) error {
	t.Helper()
	_, err := b.svc.CreateSecurityProfile(t.Context(), b.p, connect.CreateSecurityProfileInput{InstanceID: b.inst, Name: name,
		SecurityProfileSettings: in})
	return err
}
