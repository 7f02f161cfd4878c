package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

func newSecurityProfile(instanceID, id, name string) *connect.SecurityProfile {
	return &connect.SecurityProfile{ID: id, ARN: arn(partition, instanceID, "security-profile/"+id), InstanceID: instanceID,
		Name: name, Description: "profile " + name, Permissions: []string{"BasicAgentAccess", "OutboundCallAccess"},
		AllowedAccessControlTags: map[string]string{"team": "blue"}, TagRestrictedResources: []string{"User", "Queue"},
		HierarchyRestrictedResources: []string{"User"}, LastModified: at(8), Tags: map[string]string{"kind": "security"}}
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
		if got, err = s.GetSecurityProfileByName(ctx, "i-1", want.Name); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetSecurityProfileByName(%s) mismatch (-want +got):\n%s", want.Name, diff)
		}
	}
	_, err := s.GetSecurityProfileByName(ctx, "i-2", "Admin")
	wantKind(t, "GetSecurityProfileByName(other instance)", err, connect.NotFound, connect.ResourceSecurityProfile)
	_, err = s.GetSecurityProfile(ctx, "i-2", "sp-1")
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

func testUpdateDeleteSecurityProfile(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertSecurityProfile(ctx, newSecurityProfile("i-1", "sp-1", "Admin")),
			tx.InsertSecurityProfile(ctx, newSecurityProfile("i-2", "sp-1", "Admin")))
	})
	upd := *newSecurityProfile("i-1", "sp-1", "Admin")
	upd.Description, upd.Permissions, upd.AllowedAccessControlTags = "", []string{"Users.View"}, nil
	upd.TagRestrictedResources, upd.HierarchyRestrictedResources, upd.LastModified = nil, nil, at(40)
	want := upd
	upd.Name, upd.ARN, upd.Tags = "Renamed", "x", map[string]string{"x": "y"} // not stored
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateSecurityProfile(ctx, &upd) })
	got, err := s.GetSecurityProfile(ctx, "i-1", "sp-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateSecurityProfile mismatch (-want +got):\n%s", diff)
	}
	missing := *newSecurityProfile("i-1", "sp-9", "Nine")
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateSecurityProfile(ctx, &missing) })
	wantKind(t, "UpdateSecurityProfile(missing)", err, connect.NotFound, connect.ResourceSecurityProfile)

	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.DeleteSecurityProfile(ctx, "i-1", "sp-9") })
	wantKind(t, "DeleteSecurityProfile(missing)", err, connect.NotFound, connect.ResourceSecurityProfile)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteSecurityProfile(ctx, "i-1", "sp-1") })
	if _, err := s.GetSecurityProfile(ctx, "i-1", "sp-1"); !connect.IsNotFound(err) {
		t.Errorf("GetSecurityProfile after delete = %v, want NotFound", err)
	}
	if _, err := s.GetSecurityProfile(ctx, "i-2", "sp-1"); err != nil {
		t.Errorf("GetSecurityProfile(other instance's sp-1) after delete = %v", err)
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.InsertSecurityProfile(ctx, newSecurityProfile("i-1", "sp-2", "Admin")) // the name is free again
	})
}

// testListUsersBySecurityProfile: exact membership in the users' lists,
// whatever the case of other IDs and LIKE's wildcards in the one sought.
func testListUsersBySecurityProfile(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	for _, u := range []struct {
		inst, id string
		sps      []string
	}{
		{"i-1", "u-4", []string{"sp-1", "sp-2"}}, {"i-1", "u-1", []string{"sp-1"}}, {"i-1", "u-2", []string{"sp-2"}},
		{"i-1", "u-3", []string{"SP-1"}}, {"i-1", "u-5", []string{"sp-10", "xsp-1"}}, {"i-1", "u-6", nil},
		{"i-1", "u-7", []string{"sp_%1"}}, {"i-1", "u-8", []string{"spx%1", "sp-1", "a\\b"}},
		{"i-2", "u-9", []string{"sp-1"}},
	} {
		nu := newUser(u.inst, u.id, "user "+u.id)
		nu.SecurityProfileIDs = u.sps
		mustUser(t, s, nu)
	}
	for _, tc := range []struct {
		sp   string
		want []string
	}{
		{"sp-1", []string{"u-1", "u-4", "u-8"}}, {"sp-2", []string{"u-2", "u-4"}}, {"SP-1", []string{"u-3"}},
		{"sp_%1", []string{"u-7"}}, {"sp-", nil}, {"a\\b", []string{"u-8"}},
	} {
		for _, size := range []int{1, 2, 10} {
			got := paginate(t, size, func(u *connect.User) string { return u.ID }, func(p connect.PageRequest) ([]*connect.User, error) {
				return s.ListUsersBySecurityProfile(ctx, "i-1", tc.sp, p)
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ListUsersBySecurityProfile(%q, size %d) mismatch (-want +got):\n%s", tc.sp, size, diff)
			}
		}
	}
}
