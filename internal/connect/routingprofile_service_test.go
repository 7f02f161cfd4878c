package connect_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"connectd/internal/connect"
)

func TestRoutingProfileRules(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	var queues []string
	for i := range 51 {
		q, err := b.svc.CreateQueue(ctx, b.p, connect.CreateQueueInput{InstanceID: b.inst, Name: fmt.Sprint("q", i), HoursOfOperationID: b.hours})
		if err != nil {
			t.Fatal(err)
		}
		queues = append(queues, q.ID)
	}
	rp, err := b.svc.CreateRoutingProfile(ctx, b.p, connect.CreateRoutingProfileInput{InstanceID: b.inst, Name: "Tasks",
		Description: "d", DefaultOutboundQueueID: b.queue,
		MediaConcurrencies: []connect.MediaConcurrency{{Channel: connect.ChannelTask, Concurrency: 10}}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := func(q, ch string) connect.RoutingProfileQueue {
		return connect.RoutingProfileQueue{QueueID: q, Channel: ch, Priority: 1}
	}
	// 50 distinct queues fill the quota; a second channel of one of them is no new queue.
	for i := 0; i < 50; i += 10 {
		var batch []connect.RoutingProfileQueue
		for _, q := range queues[i : i+10] {
			batch = append(batch, cfg(q, connect.ChannelTask))
		}
		if err := b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, []connect.RoutingProfileQueue{cfg(queues[0], connect.ChannelChat)}); err != nil {
		t.Errorf("Associate a second channel of an associated queue = %v", err)
	}
	wantKind(t, "Associate a 51st queue", b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID,
		[]connect.RoutingProfileQueue{cfg(queues[50], connect.ChannelTask)}), connect.QuotaExceeded)
	wantKind(t, "Associate an associated pair", b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID,
		[]connect.RoutingProfileQueue{cfg(queues[1], connect.ChannelTask)}), connect.Invalid)
	wantKind(t, "Associate a pair twice", b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, b.rp,
		[]connect.RoutingProfileQueue{cfg(queues[1], connect.ChannelTask), cfg(queues[1], connect.ChannelTask)}), connect.InvalidParameter)
	u := b.user(t, "ann")
	wantKind(t, "Associate an agent queue", b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, b.rp,
		[]connect.RoutingProfileQueue{cfg(u.ID, connect.ChannelTask)}), connect.Invalid)
	wantKind(t, "Update an unassociated pair", b.svc.UpdateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID,
		[]connect.RoutingProfileQueue{cfg(queues[1], connect.ChannelVoice)}), connect.Invalid)
	var eleven []connect.RoutingProfileQueue
	for _, q := range queues[:11] {
		eleven = append(eleven, cfg(q, connect.ChannelTask))
	}
	wantKind(t, "Disassociate 11", b.svc.DisassociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, eleven), connect.InvalidParameter)
	if err := b.svc.DisassociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, eleven[:10]); err != nil {
		t.Fatal(err)
	}
	d, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, rp.ID)
	if err != nil || d.NumberOfAssociatedQueues != 41 { // queues 10..49, and queue 0 on CHAT
		t.Errorf("NumberOfAssociatedQueues = %d, %v; want 41", d.NumberOfAssociatedQueues, err)
	}
	// Pages of ListRoutingProfileQueues cover every pair once.
	seen := map[string]bool{}
	token := ""
	for range 100 {
		_, page, next, err := b.svc.ListRoutingProfileQueues(ctx, b.p, b.inst, rp.ID, token, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range page {
			if seen[q.Key()] {
				t.Errorf("pair %s listed twice", q.Key())
			}
			seen[q.Key()] = true
		}
		if token = next; token == "" {
			break
		}
	}
	if len(seen) != 41 {
		t.Errorf("pages listed %d pairs, want 41", len(seen))
	}
}

func TestUpdateRoutingProfileName(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	rp := b.profile(t, "Tasks")
	b.profile(t, "Chats")
	b.clock.Advance(time.Minute)
	if err := b.svc.UpdateRoutingProfileName(ctx, b.p, b.inst, rp.ID, new("Task desk"), new("tasks only")); err != nil {
		t.Fatal(err)
	}
	d, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, rp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "Task desk" || d.Description != "tasks only" || !d.LastModified.Equal(b.clock.Now()) ||
		d.DefaultOutboundQueueID != rp.DefaultOutboundQueueID || len(d.MediaConcurrencies) != 1 {
		t.Errorf("renamed profile = %+v", d.RoutingProfile)
	}
	if err := b.svc.UpdateRoutingProfileName(ctx, b.p, b.inst, rp.ID, nil, new("still tasks")); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.UpdateRoutingProfileName(ctx, b.p, b.inst, rp.ID, new("Task desk"), nil); err != nil {
		t.Errorf("rename to its own name = %v", err)
	}
	if err := b.svc.UpdateRoutingProfileName(ctx, b.p, b.inst, b.rp, new("Basic (renamed)"), nil); err != nil {
		t.Errorf("rename the default profile = %v", err)
	}
	wantKind(t, "UpdateRoutingProfileName(neither)", b.svc.UpdateRoutingProfileName(ctx, b.p, b.inst, rp.ID, nil, nil), connect.Invalid)
	wantKind(t, "UpdateRoutingProfileName(taken)", b.svc.UpdateRoutingProfileName(ctx, b.p, b.inst, rp.ID, new("Chats"), nil), connect.Duplicate)
	wantKind(t, "UpdateRoutingProfileName(missing)", b.svc.UpdateRoutingProfileName(ctx, b.p, b.inst, "no-such-profile", new("x"), nil), connect.NotFound)
}

// TestDeleteRoutingProfile: a profile no user has is deleted with its
// queues; the default profile and a profile users have are not.
func TestDeleteRoutingProfile(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	del := func(id string) error { return b.svc.DeleteRoutingProfile(ctx, b.p, b.inst, id) }
	rp := b.profile(t, "Tasks")
	if err := b.svc.AssociateRoutingProfileQueues(ctx, b.p, b.inst, rp.ID,
		[]connect.RoutingProfileQueue{{QueueID: b.queue, Channel: connect.ChannelTask, Priority: 1}}); err != nil {
		t.Fatal(err)
	}
	u := b.user(t, "ann")
	if err := b.svc.UpdateUserRoutingProfile(ctx, b.p, b.inst, u.ID, rp.ID); err != nil {
		t.Fatal(err)
	}
	err := del(rp.ID)
	wantKind(t, "DeleteRoutingProfile(assigned)", err, connect.InUse)
	var ce *connect.Error
	if errors.As(err, &ce) && (ce.InUseBy == nil || ce.InUseBy.Type != "USER" || ce.InUseBy.ARN != u.ARN) {
		t.Errorf("DeleteRoutingProfile(assigned) names %+v, want USER %s", ce.InUseBy, u.ARN)
	}
	wantKind(t, "DeleteRoutingProfile(default)", del(b.rp), connect.Invalid)
	wantKind(t, "DeleteRoutingProfile(missing)", del("no-such-profile"), connect.NotFound)

	if err := b.svc.UpdateUserRoutingProfile(ctx, b.p, b.inst, u.ID, b.rp); err != nil {
		t.Fatal(err)
	}
	if err := del(rp.ID); err != nil {
		t.Fatalf("DeleteRoutingProfile(unassigned) = %v", err)
	}
	if _, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, rp.ID); !connect.IsNotFound(err) {
		t.Errorf("DescribeRoutingProfile after delete = %v, want NotFound", err)
	}
	// A new profile may take the freed name.
	b.profile(t, "Tasks")
	wantKind(t, "DeleteRoutingProfile(deleted)", del(rp.ID), connect.NotFound)
}

// profile creates a routing profile taking tasks, sending outbound calls from
// BasicQueue.
func (b *agentBundle) profile(t *testing.T, name string) *connect.RoutingProfile {
	t.Helper()
	rp, err := b.svc.CreateRoutingProfile(t.Context(), b.p, connect.CreateRoutingProfileInput{InstanceID: b.inst, Name: name,
		Description: "d", DefaultOutboundQueueID: b.queue,
		MediaConcurrencies: []connect.MediaConcurrency{{Channel: connect.ChannelTask, Concurrency: 2}}})
	if err != nil {
		t.Fatalf("CreateRoutingProfile(%s): %v", name, err)
	}
	return rp
}
