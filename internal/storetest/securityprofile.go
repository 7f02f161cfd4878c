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
		Name: name, Description: "profile " + name, LastModified: at(8), Tags: map[string]string{"kind": "security"}}
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
