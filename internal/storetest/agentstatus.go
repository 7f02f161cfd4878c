package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

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
