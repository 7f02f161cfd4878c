package connect_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"connectd/internal/connect"
)

// toQueueFlow is an inbound flow that sends the contact to queueID and
// disconnects it when the transfer fails.
func toQueueFlow(queueID string) string {
	return fmt.Sprintf(`{"Version":"2019-10-30","StartAction":"set","Metadata":{},"Actions":[`+
		`{"Identifier":"set","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":%q},`+
		`"Transitions":{"NextAction":"t","Errors":[{"NextAction":"d","ErrorType":"NoMatchingError"}]}},`+
		`{"Identifier":"t","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"d",`+
		`"Errors":[{"NextAction":"d","ErrorType":"QueueAtCapacity"},{"NextAction":"d","ErrorType":"NoMatchingError"}]}},`+
		`{"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`, queueID)
}

// taskTo starts a task whose flow sends it to queueID.
func (b *opsBundle) taskTo(t *testing.T, name, queueID string) *connect.Contact {
	t.Helper()
	f := b.flow(t, "to "+name, connect.FlowTypeInbound, toQueueFlow(queueID), connect.FlowPublished)
	return b.task(t, name, func(in *connect.StartTaskInput) { in.ContactFlowID = f })
}

func (b *opsBundle) describeQueue(t *testing.T, id string) *connect.Queue {
	t.Helper()
	q, err := b.svc.DescribeQueue(t.Context(), b.p, b.inst.ID, id)
	if err != nil {
		t.Fatalf("DescribeQueue(%s): %v", id, err)
	}
	return q
}

func TestUpdateQueueName(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	id := b.newQueue(t, "Support")
	b.newQueue(t, "Sales")
	before := b.describeQueue(t, id)
	b.clock.Advance(time.Minute)

	if err := b.svc.UpdateQueueName(ctx, b.p, b.inst.ID, id, new("Help desk"), nil); err != nil {
		t.Fatal(err)
	}
	if q := b.describeQueue(t, id); q.Name != "Help desk" || q.Description != before.Description || !q.LastModified.Equal(b.clock.Now()) {
		t.Errorf("after rename: name %q, description %q, modified %v", q.Name, q.Description, q.LastModified)
	}
	if err := b.svc.UpdateQueueName(ctx, b.p, b.inst.ID, id, nil, new("first line")); err != nil {
		t.Fatal(err)
	}
	if q := b.describeQueue(t, id); q.Name != "Help desk" || q.Description != "first line" {
		t.Errorf("after describing: name %q, description %q", q.Name, q.Description)
	}
	// Its own name again is no clash; the old name is free.
	if err := b.svc.UpdateQueueName(ctx, b.p, b.inst.ID, id, new("Help desk"), nil); err != nil {
		t.Errorf("rename to its own name = %v", err)
	}
	b.newQueue(t, "Support")

	ann := b.agent(t, "ann", true)
	for _, tc := range []struct {
		what              string
		id                string
		name, description *string
		want              connect.Kind
	}{
		{"neither member", id, nil, nil, connect.Invalid},
		{"a taken name", id, new("Sales"), nil, connect.Duplicate},
		{"BasicQueue's name", id, new(connect.BasicQueueName), nil, connect.Duplicate},
		{"an agent queue", ann.ID, new("Ann"), nil, connect.Invalid},
		{"a missing queue", "no-such-queue", new("x"), nil, connect.NotFound},
	} {
		wantKind(t, "UpdateQueueName("+tc.what+")", b.svc.UpdateQueueName(ctx, b.p, b.inst.ID, tc.id, tc.name, tc.description), tc.want)
	}
	other := connect.Partition{AccountID: "999999999999", Region: b.p.Region}
	wantKind(t, "UpdateQueueName(another account)", b.svc.UpdateQueueName(ctx, other, b.inst.ID, id, new("x"), nil), connect.NotFound)
}

// TestUpdateQueueStatus: a disabled queue takes no new contacts (the flow's
// transfer takes its error branch), while the contacts already in it are
// still routed to agents; enabled again, it takes contacts again.
func TestUpdateQueueStatus(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	id := b.newQueue(t, "Escalations")
	waiting := b.taskTo(t, "waiting", id)
	if waiting.State != connect.StateQueued || waiting.QueueID != id {
		t.Fatalf("task = %s in %q, want queued in Escalations", waiting.State, waiting.QueueID)
	}

	b.clock.Advance(time.Minute)
	if err := b.svc.UpdateQueueStatus(ctx, b.p, b.inst.ID, id, connect.QueueDisabled); err != nil {
		t.Fatal(err)
	}
	if q := b.describeQueue(t, id); q.Status != connect.QueueDisabled || !q.LastModified.Equal(b.clock.Now()) {
		t.Errorf("queue status %s modified %v, want DISABLED now", q.Status, q.LastModified)
	}
	refused := b.taskTo(t, "refused", id)
	if refused.State != connect.StateEnded || refused.DisconnectReason != connect.DisconnectReasonFlow {
		t.Errorf("task for a disabled queue = %s (%s), want ended by its flow", refused.State, refused.DisconnectReason)
	}
	log, err := b.svc.ContactFlowLog(ctx, b.p, b.inst.ID, refused.ID)
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, e := range log {
		if e.Error != "" {
			errs = append(errs, e.Branch+": "+e.Error)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "disabled") {
		t.Errorf("flow log errors = %q, want the transfer refused for a disabled queue", errs)
	}

	// The contact already in the queue reaches an agent who serves it.
	rp, err := b.svc.CreateRoutingProfile(ctx, b.p, connect.CreateRoutingProfileInput{InstanceID: b.inst.ID, Name: "Escalations",
		Description: "d", DefaultOutboundQueueID: b.queue,
		MediaConcurrencies: []connect.MediaConcurrency{{Channel: connect.ChannelTask, Concurrency: 1}},
		QueueConfigs:       []connect.RoutingProfileQueue{{QueueID: id, Channel: connect.ChannelTask, Priority: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	ann := b.agent(t, "ann", true)
	if err := b.svc.UpdateUserRoutingProfile(ctx, b.p, b.inst.ID, ann.ID, rp.ID); err != nil {
		t.Fatal(err)
	}
	b.status(t, ann.ID, b.available)
	if c := b.describe(t, waiting.ID); c.State != connect.StateConnecting || c.AgentID != ann.ID {
		t.Errorf("queued task after disabling = %s with %q, want offered to ann", c.State, c.AgentID)
	}

	if err := b.svc.UpdateQueueStatus(ctx, b.p, b.inst.ID, id, connect.QueueEnabled); err != nil {
		t.Fatal(err)
	}
	if c := b.taskTo(t, "again", id); c.State != connect.StateQueued {
		t.Errorf("task for the re-enabled queue = %s, want QUEUED", c.State)
	}

	wantKind(t, "UpdateQueueStatus(agent queue)", b.svc.UpdateQueueStatus(ctx, b.p, b.inst.ID, ann.ID, connect.QueueDisabled), connect.Invalid)
	wantKind(t, "UpdateQueueStatus(PAUSED)", b.svc.UpdateQueueStatus(ctx, b.p, b.inst.ID, id, "PAUSED"), connect.InvalidParameter)
	wantKind(t, "UpdateQueueStatus(missing)", b.svc.UpdateQueueStatus(ctx, b.p, b.inst.ID, "no-such-queue", connect.QueueEnabled), connect.NotFound)
}

// TestDeleteQueue: a queue that nothing uses is deleted; one that a routing
// profile serves or sends outbound calls from, that a quick connect sends
// to, or that holds active contacts is in use; agent queues go with their
// user only.
func TestDeleteQueue(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	del := func(id string) error { return b.svc.DeleteQueue(ctx, b.p, b.inst.ID, id) }

	free := b.newQueue(t, "Free")
	if err := del(free); err != nil {
		t.Fatalf("DeleteQueue(unused) = %v", err)
	}
	if _, err := b.svc.DescribeQueue(ctx, b.p, b.inst.ID, free); !connect.IsNotFound(err) {
		t.Errorf("DescribeQueue after DeleteQueue = %v, want NotFound", err)
	}
	wantKind(t, "DeleteQueue(deleted)", del(free), connect.NotFound)
	b.newQueue(t, "Free") // the name is free again

	wantKind(t, "DeleteQueue(BasicQueue)", del(b.queue), connect.InUse)
	ann := b.agent(t, "ann", true)
	wantKind(t, "DeleteQueue(agent queue)", del(ann.ID), connect.Invalid)

	served, outbound := b.newQueue(t, "Served"), b.newQueue(t, "Outbound")
	rp, err := b.svc.CreateRoutingProfile(ctx, b.p, connect.CreateRoutingProfileInput{InstanceID: b.inst.ID, Name: "P",
		Description: "d", DefaultOutboundQueueID: outbound,
		MediaConcurrencies: []connect.MediaConcurrency{{Channel: connect.ChannelTask, Concurrency: 1}},
		QueueConfigs:       []connect.RoutingProfileQueue{{QueueID: served, Channel: connect.ChannelChat, Priority: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, "DeleteQueue(served by a profile)", del(served), connect.InUse)
	wantKind(t, "DeleteQueue(a profile's outbound queue)", del(outbound), connect.InUse)
	if err := b.svc.DisassociateRoutingProfileQueues(ctx, b.p, b.inst.ID, rp.ID,
		[]connect.RoutingProfileQueue{{QueueID: served, Channel: connect.ChannelChat}}); err != nil {
		t.Fatal(err)
	}
	if err := del(served); err != nil {
		t.Errorf("DeleteQueue(no longer served) = %v", err)
	}

	target := b.newQueue(t, "Target")
	qc, err := b.svc.CreateQuickConnect(ctx, b.p, connect.CreateQuickConnectInput{InstanceID: b.inst.ID, Name: "to target",
		Config: connect.QuickConnectConfig{Type: connect.QuickConnectQueue,
			Queue: &connect.QueueQuickConnectConfig{QueueID: target, ContactFlowID: b.toQueue}}})
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, "DeleteQueue(a quick connect's destination)", del(target), connect.InUse)
	// Quick connects associated with the queue (its transfer list) do not keep it.
	listing := b.newQueue(t, "Listing")
	if err := b.svc.AssociateQueueQuickConnects(ctx, b.p, b.inst.ID, listing, []string{qc.ID}); err != nil {
		t.Fatal(err)
	}
	if err := del(listing); err != nil {
		t.Errorf("DeleteQueue(with quick connects of its own) = %v", err)
	}
	if err := b.svc.DeleteQuickConnect(ctx, b.p, b.inst.ID, qc.ID); err != nil {
		t.Fatal(err)
	}
	if err := del(target); err != nil {
		t.Errorf("DeleteQueue(quick connect deleted) = %v", err)
	}

	busy := b.newQueue(t, "Busy")
	c := b.taskTo(t, "waiting", busy)
	err = del(busy)
	wantKind(t, "DeleteQueue(holding a task)", err, connect.InUse)
	var ce *connect.Error
	if errors.As(err, &ce) && (ce.InUseBy == nil || ce.InUseBy.Type != "CONTACT" || ce.InUseBy.ARN != c.ARN) {
		t.Errorf("DeleteQueue(holding a task) names %+v, want CONTACT %s", ce.InUseBy, c.ARN)
	}
	if err := b.svc.StopContact(ctx, b.p, b.inst.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := del(busy); err != nil {
		t.Errorf("DeleteQueue(its task ended) = %v", err)
	}
	// The ended task still describes the queue it was in.
	if got := b.describe(t, c.ID); got.QueueID != busy {
		t.Errorf("ended task's queue = %q, want %q", got.QueueID, busy)
	}
}
