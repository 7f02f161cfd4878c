package connect_test

import (
	"context"
	"testing"
	"time"

	"connectd/internal/connect"
	"connectd/internal/flow"
)

func TestDefaultInstanceFlowsAreValid(t *testing.T) {
	t.Parallel()
	b := setupBench(t)
	ctx := context.Background()
	flows, _, err := b.svc.ListContactFlows(ctx, b.p, b.instance, nil, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(flows) != 10 {
		t.Errorf("default flows = %d, want 10", len(flows))
	}
	for _, f := range flows {
		if problems := (flow.Validator{}).ValidateFlow(f.Content); len(problems) > 0 {
			t.Errorf("default flow %q has problems: %v", f.Name, problems)
		}
	}
}

// TestUpdateContactFlowNameAndMetadata: a flow is renamed, described,
// archived and restored, by ID or ARN; an archived flow still runs.
func TestUpdateContactFlowNameAndMetadata(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	id := b.flow(t, "Triage", connect.FlowTypeInbound, toQueueFlow(b.queue), connect.FlowPublished)
	b.flow(t, "Other", connect.FlowTypeInbound, toQueueFlow(b.queue), connect.FlowPublished)
	describe := func() *connect.ContactFlow {
		t.Helper()
		f, err := b.svc.DescribeContactFlow(ctx, b.p, b.inst.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	before := describe()
	b.clock.Advance(time.Minute)
	if err := b.svc.UpdateContactFlowName(ctx, b.p, b.inst.ID, id, new("Triage v2"), new("sorts tasks")); err != nil {
		t.Fatal(err)
	}
	if f := describe(); f.Name != "Triage v2" || f.Description != "sorts tasks" || f.Content != before.Content ||
		f.State != connect.FlowActive || !f.LastModified.Equal(b.clock.Now()) {
		t.Errorf("renamed flow = %q %q %s modified %v", f.Name, f.Description, f.State, f.LastModified)
	}
	if err := b.svc.UpdateContactFlowName(ctx, b.p, b.inst.ID, before.ARN, nil, new("")); err != nil {
		t.Fatalf("UpdateContactFlowName by ARN = %v", err)
	}
	if f := describe(); f.Name != "Triage v2" || f.Description != "" {
		t.Errorf("after clearing the description: %q %q", f.Name, f.Description)
	}

	if err := b.svc.UpdateContactFlowMetadata(ctx, b.p, b.inst.ID, id, nil, nil, new(connect.FlowArchived)); err != nil {
		t.Fatal(err)
	}
	if f := describe(); f.State != connect.FlowArchived || f.Name != "Triage v2" {
		t.Errorf("archived flow: state %s name %q", f.State, f.Name)
	}
	if c := b.task(t, "archived", func(in *connect.StartTaskInput) { in.ContactFlowID = id }); c.State != connect.StateQueued {
		t.Errorf("task on an archived flow = %s, want QUEUED", c.State)
	}
	if err := b.svc.UpdateContactFlowMetadata(ctx, b.p, b.inst.ID, id, new("Triage"), new("again"), new(connect.FlowActive)); err != nil {
		t.Fatal(err)
	}
	if f := describe(); f.State != connect.FlowActive || f.Name != "Triage" || f.Description != "again" {
		t.Errorf("restored flow = %q %q %s", f.Name, f.Description, f.State)
	}
	if err := b.svc.UpdateContactFlowName(ctx, b.p, b.inst.ID, b.taskFlow, new("My task flow"), nil); err != nil {
		t.Errorf("rename the default task flow = %v", err)
	}

	for _, tc := range []struct {
		what string
		err  error
		want connect.Kind
	}{
		{"Name: neither", b.svc.UpdateContactFlowName(ctx, b.p, b.inst.ID, id, nil, nil), connect.Invalid},
		{"Name: taken", b.svc.UpdateContactFlowName(ctx, b.p, b.inst.ID, id, new("Other"), nil), connect.Duplicate},
		{"Name: missing", b.svc.UpdateContactFlowName(ctx, b.p, b.inst.ID, "no-such-flow", new("x"), nil), connect.NotFound},
		{"Name: an alias", b.svc.UpdateContactFlowName(ctx, b.p, b.inst.ID, id+":$SAVED", new("x"), nil), connect.NotFound},
		{"Metadata: nothing", b.svc.UpdateContactFlowMetadata(ctx, b.p, b.inst.ID, id, nil, nil, nil), connect.Invalid},
		{"Metadata: taken", b.svc.UpdateContactFlowMetadata(ctx, b.p, b.inst.ID, id, new("Default outbound"), nil, nil), connect.Duplicate},
		{"Metadata: unknown state", b.svc.UpdateContactFlowMetadata(ctx, b.p, b.inst.ID, id, nil, nil, new("DELETED")), connect.InvalidParameter},
		{"Metadata: missing", b.svc.UpdateContactFlowMetadata(ctx, b.p, b.inst.ID, "no-such-flow", nil, nil, new(connect.FlowArchived)), connect.NotFound},
	} {
		wantKind(t, tc.what, tc.err, tc.want)
	}
}
