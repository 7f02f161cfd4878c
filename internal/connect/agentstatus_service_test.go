package connect_test

import (
	"testing"
	"time"

	"connectd/internal/connect"
)

// TestUpdateAgentStatus: a status is renamed, described, reordered and
// disabled; the default statuses cannot be disabled.
func TestUpdateAgentStatus(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	lunch, err := b.svc.CreateAgentStatus(ctx, b.p, connect.CreateAgentStatusInput{InstanceID: b.inst, Name: "Lunch",
		Description: "eating", State: connect.AgentStatusEnabled})
	if err != nil {
		t.Fatal(err)
	}
	update := func(in connect.UpdateAgentStatusInput) error {
		in.InstanceID = b.inst
		if in.ID == "" {
			in.ID = lunch.ID
		}
		return b.svc.UpdateAgentStatus(ctx, b.p, in)
	}
	describe := func(id string) *connect.AgentStatus {
		t.Helper()
		as, err := b.svc.DescribeAgentStatus(ctx, b.p, b.inst, id)
		if err != nil {
			t.Fatal(err)
		}
		return as
	}
	b.clock.Advance(time.Minute)
	if err := update(connect.UpdateAgentStatusInput{Name: new("Break"), Description: new(""), DisplayOrder: new(int32(9))}); err != nil {
		t.Fatal(err)
	}
	as := describe(lunch.ID)
	if as.Name != "Break" || as.Description != "" || as.DisplayOrder == nil || *as.DisplayOrder != 9 ||
		as.State != connect.AgentStatusEnabled || as.Type != connect.AgentStatusCustom || !as.LastModified.Equal(b.clock.Now()) {
		t.Errorf("updated status = %+v (order %v)", as, as.DisplayOrder)
	}
	if err := update(connect.UpdateAgentStatusInput{ResetOrderNumber: true}); err != nil {
		t.Fatal(err)
	}
	if as := describe(lunch.ID); as.DisplayOrder != nil || as.Name != "Break" {
		t.Errorf("after ResetOrderNumber: order %v name %q, want no order", as.DisplayOrder, as.Name)
	}

	// Disabled, it cannot be set; the agent already in it stays.
	u := b.user(t, "ann")
	if err := b.svc.PutUserStatus(ctx, b.p, b.inst, u.ID, lunch.ID); err != nil {
		t.Fatal(err)
	}
	if err := update(connect.UpdateAgentStatusInput{State: new(connect.AgentStatusDisabled)}); err != nil {
		t.Fatal(err)
	}
	if as := describe(lunch.ID); as.State != connect.AgentStatusDisabled {
		t.Errorf("state = %s, want DISABLED", as.State)
	}
	if got, err := b.svc.DescribeUser(ctx, b.p, b.inst, u.ID); err != nil || got.StatusID != lunch.ID {
		t.Errorf("ann's status after disabling = %v, %v; want still Break", got, err)
	}
	v := b.user(t, "bob")
	wantKind(t, "PutUserStatus(disabled)", b.svc.PutUserStatus(ctx, b.p, b.inst, v.ID, lunch.ID), connect.Invalid)
	if err := update(connect.UpdateAgentStatusInput{State: new(connect.AgentStatusEnabled)}); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.PutUserStatus(ctx, b.p, b.inst, v.ID, lunch.ID); err != nil {
		t.Errorf("PutUserStatus(re-enabled) = %v", err)
	}

	// The defaults: renamed and reordered, never disabled.
	if err := update(connect.UpdateAgentStatusInput{ID: b.available, Name: new("Ready"), DisplayOrder: new(int32(3))}); err != nil {
		t.Errorf("rename Available = %v", err)
	}
	if as := describe(b.available); as.Name != "Ready" || as.Type != connect.AgentStatusRoutable {
		t.Errorf("renamed Available = %q of type %s", as.Name, as.Type)
	}
	for _, tc := range []struct {
		what string
		in   connect.UpdateAgentStatusInput
		want connect.Kind
	}{
		{"disable Available", connect.UpdateAgentStatusInput{ID: b.available, State: new(connect.AgentStatusDisabled)}, connect.Invalid},
		{"disable Offline", connect.UpdateAgentStatusInput{ID: b.offline, State: new(connect.AgentStatusDisabled)}, connect.Invalid},
		{"nothing", connect.UpdateAgentStatusInput{}, connect.Invalid},
		{"DisplayOrder and ResetOrderNumber", connect.UpdateAgentStatusInput{DisplayOrder: new(int32(1)), ResetOrderNumber: true}, connect.Invalid},
		{"a taken name", connect.UpdateAgentStatusInput{Name: new(connect.OfflineStatusName)}, connect.Duplicate},
		{"an unknown state", connect.UpdateAgentStatusInput{State: new("PAUSED")}, connect.InvalidParameter},
		{"a missing status", connect.UpdateAgentStatusInput{ID: "no-such-status", Name: new("x")}, connect.NotFound},
	} {
		wantKind(t, "UpdateAgentStatus("+tc.what+")", update(tc.in), tc.want)
	}
	if err := update(connect.UpdateAgentStatusInput{ID: b.offline, State: new(connect.AgentStatusEnabled), Name: new(connect.OfflineStatusName)}); err != nil {
		t.Errorf("enable Offline under its own name = %v", err)
	}
}
