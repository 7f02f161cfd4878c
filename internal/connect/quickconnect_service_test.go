package connect_test

import (
	"context"
	"testing"

	"connectd/internal/connect"
)

// TestQuickConnectTarget checks the function the flow engine calls to learn
// where a quick connect sends a task.
func TestQuickConnectTarget(t *testing.T) {
	t.Parallel()
	b := setupRoutes(t)
	ctx := context.Background()
	flowQC := b.quickConnect(t, "flow", connect.QuickConnectConfig{Type: connect.QuickConnectFlow,
		Flow: &connect.FlowQuickConnectConfig{ContactFlowID: b.flow}})
	phoneQC := b.quickConnect(t, "phone", connect.QuickConnectConfig{Type: connect.QuickConnectPhoneNumber,
		Phone: &connect.PhoneQuickConnectConfig{PhoneNumber: "+15555550100"}})
	tests := []struct {
		name, qc, queue, user string
		notFound              bool
	}{
		{name: "queue", qc: b.queueQC(t, "queue"), queue: b.queue},
		{name: "user", qc: b.userQC(t, "user"), user: b.agent(t)},
		{name: "flow", qc: flowQC},
		{name: "phone number", qc: phoneQC},
		{name: "missing", qc: "00000000-0000-4000-8000-000000000000", notFound: true},
	}
	for _, tc := range tests {
		queue, user, err := b.svc.QuickConnectTarget(ctx, b.instance, tc.qc)
		if tc.notFound {
			if !connect.IsNotFound(err) {
				t.Errorf("%s: err = %v, want NotFound", tc.name, err)
			}
			continue
		}
		if err != nil || queue != tc.queue || user != tc.user {
			t.Errorf("%s: quickConnectTarget = %q, %q, %v; want %q, %q", tc.name, queue, user, err, tc.queue, tc.user)
		}
	}
}
