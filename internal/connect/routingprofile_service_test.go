package connect_test

import (
	"fmt"
	"testing"

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
