package connect_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

func (b *agentBundle) structure(t *testing.T, names ...string) error {
	t.Helper()
	var u connect.HierarchyStructureUpdate
	for i, n := range names {
		if n != "" {
			u[i] = new(n)
		}
	}
	return b.svc.UpdateUserHierarchyStructure(t.Context(), b.p, b.inst, u)
}

func (b *agentBundle) group(t *testing.T, name, parent string) *connect.HierarchyGroup {
	t.Helper()
	g, err := b.svc.CreateUserHierarchyGroup(t.Context(), b.p, connect.CreateHierarchyGroupInput{InstanceID: b.inst, Name: name, ParentGroupID: parent})
	if err != nil {
		t.Fatalf("CreateUserHierarchyGroup(%s): %v", name, err)
	}
	return g
}

func TestHierarchyStructureService(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	if err := b.structure(t, "Region", "Site"); err != nil {
		t.Fatal(err)
	}
	created := b.clock.Now()
	b.clock.Advance(time.Minute)
	// Renaming level two keeps level one's LastModified.
	if err := b.structure(t, "Region", "Country", "Team"); err != nil {
		t.Fatal(err)
	}
	got, err := b.svc.DescribeUserHierarchyStructure(ctx, b.p, b.inst)
	if err != nil {
		t.Fatal(err)
	}
	want := []connect.HierarchyLevel{{Level: 1, Name: "Region", LastModified: created},
		{Level: 2, Name: "Country", LastModified: b.clock.Now()}, {Level: 3, Name: "Team", LastModified: b.clock.Now()}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("structure (-want +got):\n%s", diff)
	}
	if a := connect.HierarchyLevelARN(b.p, b.inst, 2); a != "arn:aws:connect:eu-west-2:123456789012:instance/"+b.inst+"/agent-group-level/2" {
		t.Errorf("HierarchyLevelARN = %s", a)
	}

	g := b.group(t, "Europe", "")
	for _, tc := range []struct {
		what string
		err  error
		want connect.Kind
	}{
		{"gap at level one", b.structure(t, "", "B"), connect.Invalid},
		{"gap at level three", b.structure(t, "A", "B", "", "D"), connect.Invalid},
		{"empty name", b.svc.UpdateUserHierarchyStructure(ctx, b.p, b.inst, connect.HierarchyStructureUpdate{new("")}), connect.InvalidParameter},
		{"51 characters", b.structure(t, strings.Repeat("x", 51)), connect.InvalidParameter},
		{"remove the level of a group", b.structure(t), connect.InUse},
		{"unknown instance", b.svc.UpdateUserHierarchyStructure(ctx, b.p, "nope", connect.HierarchyStructureUpdate{}), connect.NotFound},
		{"another account's instance", b.svc.UpdateUserHierarchyStructure(ctx, connect.Partition{AccountID: "999999999999", Region: "eu-west-2"},
			b.inst, connect.HierarchyStructureUpdate{}), connect.NotFound},
	} {
		wantKind(t, tc.what, tc.err, tc.want)
	}
	var ce *connect.Error
	if err := b.structure(t); !errors.As(err, &ce) || ce.InUseBy == nil || ce.InUseBy.Type != "HIERARCHY_LEVEL" ||
		ce.InUseBy.ARN != connect.HierarchyLevelARN(b.p, b.inst, 1) {
		t.Errorf("removing level one = %#v, want InUse naming level one", err)
	}
	if err := b.svc.DeleteUserHierarchyGroup(ctx, b.p, b.inst, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.structure(t); err != nil {
		t.Errorf("removing every level of an empty hierarchy = %v", err)
	}
	if got, err := b.svc.DescribeUserHierarchyStructure(ctx, b.p, b.inst); err != nil || len(got) != 0 {
		t.Errorf("structure after removing it = %v, %v", got, err)
	}
}

func TestHierarchyGroupService(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	if err := b.structure(t, "L1", "L2", "L3"); err != nil {
		t.Fatal(err)
	}
	top := b.group(t, "Europe", "")
	mid := b.group(t, "France", top.ARN) // a parent by ARN
	low := b.group(t, "Paris", mid.ID)
	if low.Level != 3 || low.ParentID != mid.ID || !cmp.Equal(low.Path, []string{top.ID, mid.ID, low.ID}) {
		t.Errorf("Paris = level %d, parent %s, path %v", low.Level, low.ParentID, low.Path)
	}
	g, path, err := b.svc.DescribeUserHierarchyGroup(ctx, b.p, b.inst, low.ARN)
	if err != nil {
		t.Fatal(err)
	}
	if g.ID != low.ID || len(path) != 3 || path[0].Name != "Europe" || path[1].Name != "France" || path[2] != g {
		t.Errorf("DescribeUserHierarchyGroup(Paris) = %+v, path %+v", g, path)
	}
	b.clock.Advance(time.Minute)
	if err := b.svc.UpdateUserHierarchyGroupName(ctx, b.p, b.inst, mid.ID, "Francia"); err != nil {
		t.Fatal(err)
	}
	if g, _, err := b.svc.DescribeUserHierarchyGroup(ctx, b.p, b.inst, mid.ID); err != nil || g.Name != "Francia" || !g.LastModified.Equal(b.clock.Now()) {
		t.Errorf("after rename: %+v, %v", g, err)
	}
	u := b.user(t, "ann")
	if err := b.svc.UpdateUserHierarchy(ctx, b.p, b.inst, u.ID, low.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		what string
		err  error
		want connect.Kind
	}{
		{"Create: taken name", createErr(t, b, "Europe", ""), connect.Duplicate},
		{"Create: no level four", createErr(t, b, "Left Bank", low.ID), connect.Invalid},
		{"Create: unknown parent", createErr(t, b, "X", "nope"), connect.NotFound},
		{"Create: parent of another instance's ARN", createErr(t, b, "X", "arn:aws:connect:eu-west-2:123456789012:instance/other/agent-group/"+top.ID), connect.NotFound},
		{"Create: 101 characters", createErr(t, b, strings.Repeat("n", 101), ""), connect.InvalidParameter},
		{"Create: empty name", createErr(t, b, "", ""), connect.InvalidParameter},
		{"Rename: taken name", b.svc.UpdateUserHierarchyGroupName(ctx, b.p, b.inst, low.ID, "Europe"), connect.Duplicate},
		{"Rename: unknown group", b.svc.UpdateUserHierarchyGroupName(ctx, b.p, b.inst, "nope", "Y"), connect.NotFound},
		{"Delete: has children", b.svc.DeleteUserHierarchyGroup(ctx, b.p, b.inst, top.ID), connect.InUse},
		{"Delete: has users", b.svc.DeleteUserHierarchyGroup(ctx, b.p, b.inst, low.ID), connect.InUse},
		{"Delete: unknown", b.svc.DeleteUserHierarchyGroup(ctx, b.p, b.inst, "nope"), connect.NotFound},
		{"UpdateUserHierarchy: unknown group", b.svc.UpdateUserHierarchy(ctx, b.p, b.inst, u.ID, "nope"), connect.NotFound},
		{"UpdateUserHierarchy: unknown user", b.svc.UpdateUserHierarchy(ctx, b.p, b.inst, "nope", low.ID), connect.NotFound},
		{"Describe: another partition", describeErr(t, b, connect.Partition{AccountID: "999999999999", Region: "eu-west-2"}, low.ID), connect.NotFound},
		// Security profiles: hierarchy-based access control is not kept yet.
		{"CreateSecurityProfile: an existing group", b.createSP(t, "Leads",
			connect.SecurityProfileSettings{AllowedAccessControlHierarchyGroupID: new(top.ID)}), connect.Invalid},
		{"UpdateSecurityProfile: an existing group", b.svc.UpdateSecurityProfile(ctx, b.p, b.inst, b.sp["Agent"],
			connect.SecurityProfileSettings{AllowedAccessControlHierarchyGroupID: new(top.ID)}), connect.Invalid},
		{"UpdateSecurityProfile: an unknown group", b.svc.UpdateSecurityProfile(ctx, b.p, b.inst, b.sp["Agent"],
			connect.SecurityProfileSettings{AllowedAccessControlHierarchyGroupID: new("nope")}), connect.NotFound},
	} {
		wantKind(t, tc.what, tc.err, tc.want)
	}
	if err := b.svc.UpdateUserHierarchy(ctx, b.p, b.inst, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got, err := b.svc.DescribeUser(ctx, b.p, b.inst, u.ID); err != nil || got.HierarchyGroupID != "" {
		t.Errorf("user after removing the group = %+v, %v", got, err)
	}
	for _, id := range []string{low.ID, mid.ID, top.ID} {
		if err := b.svc.DeleteUserHierarchyGroup(ctx, b.p, b.inst, id); err != nil {
			t.Fatalf("DeleteUserHierarchyGroup(%s) = %v", id, err)
		}
	}
	if gs, next, err := b.svc.ListUserHierarchyGroups(ctx, b.p, b.inst, "", 0); err != nil || len(gs) != 0 || next != "" {
		t.Errorf("ListUserHierarchyGroups after deleting all = %v, %q, %v", gs, next, err)
	}
}

func createErr(t *testing.T, b *agentBundle, name, parent string) error {
	_, err := b.svc.CreateUserHierarchyGroup(t.Context(), b.p, connect.CreateHierarchyGroupInput{InstanceID: b.inst, Name: name, ParentGroupID: parent})
	return err
}

func describeErr(t *testing.T, b *agentBundle, p connect.Partition, id string) error {
	_, _, err := b.svc.DescribeUserHierarchyGroup(t.Context(), p, b.inst, id)
	return err
}
