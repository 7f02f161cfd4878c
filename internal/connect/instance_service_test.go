package connect_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

func TestInstanceBornWithAgentResources(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	d, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, b.rp)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != connect.BasicRoutingProfileName || !d.IsDefault || d.NumberOfAssociatedQueues != 1 || d.NumberOfAssociatedUsers != 0 ||
		d.Concurrency(connect.ChannelTask) != 1 || d.Concurrency(connect.ChannelVoice) != 1 || d.AgentAvailabilityTimer != connect.TimerSinceLastActivity {
		t.Errorf("Basic Routing Profile = %+v (queues %d, users %d)", *d.RoutingProfile, d.NumberOfAssociatedQueues, d.NumberOfAssociatedUsers)
	}
	_, qs, _, err := b.svc.ListRoutingProfileQueues(ctx, b.p, b.inst, b.rp, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs {
		if q.QueueID != b.queue || q.QueueName != connect.BasicQueueName || q.Priority != 1 || q.Delay != 0 {
			t.Errorf("Basic Routing Profile queue = %+v, want BasicQueue at priority 1, delay 0", q)
		}
		got = append(got, q.Channel)
	}
	if diff := cmp.Diff([]string{"CHAT", "TASK", "VOICE"}, got); diff != "" {
		t.Errorf("Basic Routing Profile channels (-want +got):\n%s", diff)
	}
	for _, name := range []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"} {
		if b.sp[name] == "" {
			t.Errorf("no %s security profile", name)
		}
	}
	for id, typ := range map[string]string{b.available: connect.AgentStatusRoutable, b.offline: connect.AgentStatusOffline} {
		st, err := b.svc.DescribeAgentStatus(ctx, b.p, b.inst, id)
		if err != nil || st.Type != typ || st.State != connect.AgentStatusEnabled {
			t.Errorf("status %s = %+v, %v; want %s ENABLED", id, st, err, typ)
		}
	}
}
