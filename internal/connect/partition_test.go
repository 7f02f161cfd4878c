package connect_test

import (
	"testing"
	"time"

	"connectd/internal/connect"
)

// TestPartitionOfDueWorkAndEvents: RunDueFor wakes every partition's due
// contacts and counts the caller's only, and each contact event records the
// partition of its instance.
func TestPartitionOfDueWorkAndEvents(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	ctx := t.Context()
	other := connect.Partition{AccountID: "210987654321", Region: l.p.Region}
	inst, err := l.svc.CreateInstance(ctx, other, connect.CreateInstanceInput{
		IdentityManagementType: connect.DirectoryManaged, Alias: "other"})
	if err != nil {
		t.Fatal(err)
	}
	flows, _, err := l.svc.ListContactFlows(ctx, other, inst.ID, nil, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var flowID string
	for _, f := range flows {
		if f.Name == connect.DefaultTaskFlowName {
			flowID = f.ID
		}
	}
	at := l.clock.Now().Add(time.Hour)
	var own []string
	for range 2 {
		in := l.task("queue later")
		in.ScheduledTime = &at
		own = append(own, l.start(t, in).ID)
	}
	theirs, err := l.svc.StartTaskContact(ctx, other, connect.StartTaskInput{InstanceID: inst.ID, ContactFlowID: flowID,
		Name: "end later", ScheduledTime: &at})
	if err != nil {
		t.Fatal(err)
	}
	l.clock.Advance(time.Hour)
	if n, err := l.svc.RunDueFor(ctx, other); err != nil || n != 1 {
		t.Errorf("RunDueFor(other) = %d, %v; want its 1 contact", n, err)
	}
	for _, id := range own {
		if c := l.describe(t, id); c.State == connect.StateScheduled {
			t.Errorf("contact %s still SCHEDULED after RunDueFor of another partition", id)
		}
	}
	if c, err := l.svc.DescribeContact(ctx, other, inst.ID, theirs.ID); err != nil || c.State == connect.StateScheduled {
		t.Errorf("other partition's contact = %v, %v; want started", c, err)
	}
	if n := l.runDue(t); n != 0 {
		t.Errorf("RunDue afterwards woke %d", n)
	}

	evs, err := l.db.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[connect.Partition]int{}
	for _, e := range evs {
		want := l.p
		if e.InstanceID == inst.ID {
			want = other
		}
		if e.Partition != want {
			t.Errorf("event %d of instance %s: partition %+v, want %+v", e.Seq, e.InstanceID, e.Partition, want)
		}
		counts[e.Partition]++
	}
	for _, p := range []connect.Partition{l.p, other} {
		got, err := l.db.PartitionEventsAfter(ctx, p, 0, 1000)
		if err != nil || len(got) != counts[p] || counts[p] == 0 {
			t.Errorf("PartitionEventsAfter(%+v) = %d events, %v; want %d (> 0)", p, len(got), err, counts[p])
		}
	}
}
