package connect_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// TestStartTaskContactRoutes checks the flow, template snapshot and quick
// connect StartTaskContact records for each way of naming the flow.
func TestStartTaskContactRoutes(t *testing.T) {
	t.Parallel()
	b := setupRoutes(t)
	ctx := context.Background()
	queueQC, userQC := b.queueQC(t, "to queue"), b.userQC(t, "to agent")
	withFlow := b.template(t, connect.TaskTemplateInput{Name: "with flow", ContactFlowID: b.flow})
	viaQC := b.template(t, connect.TaskTemplateInput{Name: "via quick connect",
		Fields:   []connect.TaskTemplateField{{Name: "Assign", Type: connect.FieldQuickConnect}},
		Defaults: []connect.TaskTemplateDefault{{Field: "Assign", Value: userQC}}})
	noRoute := b.template(t, connect.TaskTemplateInput{Name: "no route",
		Fields: []connect.TaskTemplateField{{Name: "Assign", Type: connect.FieldQuickConnect}}})
	inbound, _, err := b.svc.ListContactFlows(ctx, b.p, b.instance, []string{"CONTACT_FLOW"}, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	otherFlow := inbound[0]
	if otherFlow.ID == b.flow {
		otherFlow = inbound[1]
	}
	tests := []struct {
		name                   string
		flow, template, qc     string
		wantFlow, wantTemplate string
		wantVersion            int
		wantQC, wantErr        string
		wantKind               connect.Kind
	}{
		{name: "flow", flow: b.flow, wantFlow: b.flow},
		{name: "template", template: withFlow.ID, wantFlow: b.flow, wantTemplate: withFlow.ID, wantVersion: 1},
		{name: "template and flow", template: withFlow.ID, flow: otherFlow.ID, wantFlow: otherFlow.ID, wantTemplate: withFlow.ID, wantVersion: 1},
		{name: "template routed by its quick connect", template: viaQC.ID, wantFlow: b.agentFlow, wantTemplate: viaQC.ID,
			wantVersion: 1, wantQC: userQC},
		{name: "template without a route", template: noRoute.ID, wantKind: connect.Invalid},
		{name: "template without a route, with a flow", template: noRoute.ID, flow: b.flow, wantFlow: b.flow,
			wantTemplate: noRoute.ID, wantVersion: 1},
		{name: "queue quick connect", qc: queueQC, wantFlow: b.queueFlow, wantQC: queueQC},
		{name: "user quick connect", qc: userQC, wantFlow: b.agentFlow, wantQC: userQC},
		{name: "quick connect and flow", qc: queueQC, flow: b.flow, wantKind: connect.Invalid},
		{name: "quick connect and template", qc: queueQC, template: withFlow.ID, wantKind: connect.Invalid},
		{name: "nothing", wantKind: connect.Invalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := b.svc.StartTaskContact(ctx, b.p, connect.StartTaskInput{InstanceID: b.instance, Name: tc.name,
				ContactFlowID: tc.flow, TaskTemplateID: tc.template, QuickConnectID: tc.qc})
			if tc.wantFlow == "" {
				if connect.KindOf(err) != tc.wantKind {
					t.Fatalf("StartTaskContact = %v, want a %v error", err, tc.wantKind)
				}
				return
			}
			if err != nil {
				t.Fatalf("StartTaskContact: %v", err)
			}
			got, err := b.svc.DescribeContact(ctx, b.p, b.instance, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			type route struct {
				Flow, Template string
				Version        int
				QC             string
			}
			want := route{tc.wantFlow, tc.wantTemplate, tc.wantVersion, tc.wantQC}
			if diff := cmp.Diff(want, route{got.ContactFlowID, got.TaskTemplateID, got.TaskTemplateVersion, got.QuickConnectID}); diff != "" {
				t.Errorf("recorded route mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
