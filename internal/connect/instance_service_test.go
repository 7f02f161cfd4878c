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

// TestInstanceOfAnotherPartition: an instance is found by its ID or ARN in
// its own partition only, and an ARN of another account, region or AWS
// partition that carries the ID of the caller's instance names nothing;
// each is refused as a missing instance is.
func TestInstanceOfAnotherPartition(t *testing.T) {
	t.Parallel()
	b := setupAgents(t) // 123456789012, eu-west-2
	ctx := t.Context()
	own := connect.InstanceARN(b.p, b.inst)
	for _, ref := range []string{b.inst, own} {
		if _, err := b.svc.DescribeInstance(ctx, b.p, ref); err != nil {
			t.Errorf("DescribeInstance(%s) = %v", ref, err)
		}
	}
	notFound := func(t *testing.T, what, ref string, err error) {
		t.Helper()
		if want := "Instance not found: " + ref; connect.KindOf(err) != connect.NotFound || err.Error() != want {
			t.Errorf("%s = %v, want NotFound %q", what, err, want)
		}
	}
	_, err := b.svc.DescribeInstance(ctx, b.p, "no-such-instance")
	notFound(t, "DescribeInstance(missing)", "no-such-instance", err)
	for _, ref := range []string{
		"arn:aws:connect:us-east-1:123456789012:instance/" + b.inst,
		"arn:aws:connect:eu-west-2:111111111111:instance/" + b.inst,
		"arn:aws-cn:connect:eu-west-2:123456789012:instance/" + b.inst,
		"arn:aws:connect:eu-west-2:123456789012:instance/" + b.inst + "/queue/" + b.queue,
	} {
		_, err := b.svc.DescribeInstance(ctx, b.p, ref)
		notFound(t, "DescribeInstance", ref, err)
		_, _, err = b.svc.ListQueues(ctx, b.p, ref, nil, "", 0)
		notFound(t, "ListQueues", ref, err)
	}
	for _, p := range []connect.Partition{{AccountID: "111111111111", Region: "eu-west-2"}, {AccountID: "123456789012", Region: "us-east-1"}} {
		for _, ref := range []string{b.inst, own, connect.InstanceARN(p, b.inst)} {
			_, err := b.svc.DescribeInstance(ctx, p, ref)
			notFound(t, "DescribeInstance by another partition", ref, err)
		}
	}
}
