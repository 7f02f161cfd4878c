package connect_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"connectd/internal/clock"
	"connectd/internal/connect"
	"connectd/internal/connecttest"
	"connectd/internal/flow"
	"connectd/internal/sqlite"
)

// scriptRunner is a FlowRunner double whose outcome a test picks through
// the task's Name: "queue" sends it to the preset queue, "end" ends the
// flow, "fail" makes RunFlow fail (as a store error would) while failures
// is positive.
type scriptRunner struct {
	queueID  string
	failures atomic.Int32
}

func (r *scriptRunner) RunFlow(_ context.Context, f *connect.ContactFlow, run *connect.FlowRun, env connect.FlowEnv) error {
	run.Log = append(run.Log, connect.FlowLogEntry{Timestamp: env.Now(), ContactFlowID: f.ID, ActionID: "a1",
		ActionType: "TransferContactToQueue", Branch: "End"})
	switch {
	case strings.HasPrefix(run.Contact.Name, "fail") && r.failures.Add(-1) >= 0:
		return errors.New("disk on fire")
	case strings.HasPrefix(run.Contact.Name, "end"):
		run.Outcome = connect.FlowEnded
	default:
		run.TargetQueueID, run.Outcome = r.queueID, connect.FlowQueued
	}
	return nil
}

type lifeBundle struct {
	*benchBundle
	db     *sqlite.DB
	clock  *clock.Manual
	runner *scriptRunner
	queue  string
}

func setupLife(t *testing.T, quota int) *lifeBundle {
	t.Helper()
	runner := &scriptRunner{}
	c := connecttest.Setup(t, connecttest.Config{Start: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		Flows: flow.Validator{}, Runner: runner, ActiveContactQuota: quota})
	runner.queueID = c.Queue
	return &lifeBundle{benchBundle: &benchBundle{svc: c.Service, p: c.Partition, instance: c.Instance.ID, flow: c.TaskFlow},
		db: c.Store, clock: c.Clock, runner: runner, queue: c.Queue}
}

func (l *lifeBundle) start(t *testing.T, in connect.StartTaskInput) *connect.Contact {
	t.Helper()
	c, err := l.svc.StartTaskContact(t.Context(), l.p, in)
	if err != nil {
		t.Fatalf("StartTaskContact: %v", err)
	}
	return l.describe(t, c.ID)
}

func (l *lifeBundle) describe(t *testing.T, id string) *connect.Contact {
	t.Helper()
	c, err := l.svc.DescribeContact(t.Context(), l.p, l.instance, id)
	if err != nil {
		t.Fatalf("DescribeContact: %v", err)
	}
	return c
}

func (l *lifeBundle) runDue(t *testing.T) int {
	t.Helper()
	n, err := l.svc.RunDue(t.Context())
	if err != nil {
		t.Fatalf("RunDue: %v", err)
	}
	return n
}

// eventTypes returns the event types written for contact id, in order.
func (l *lifeBundle) eventTypes(t *testing.T, id string) []string {
	t.Helper()
	evs, err := l.db.EventsAfter(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		if e.ContactID == id {
			out = append(out, e.Type)
		}
	}
	return out
}

func TestTaskRunsItsFlowIntoAQueue(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	c := l.start(t, l.task("queue me"))
	if c.State != connect.StateQueued || c.QueueID != l.queue || c.EnqueueTimestamp == nil {
		t.Fatalf("contact = %s in %q (enqueued %v), want QUEUED in BasicQueue", c.State, c.QueueID, c.EnqueueTimestamp)
	}
	if c.QueuePriority != connect.DefaultQueuePriority || c.ConnectedToSystemTimestamp == nil {
		t.Errorf("QueuePriority = %d, ConnectedToSystemTimestamp = %v", c.QueuePriority, c.ConnectedToSystemTimestamp)
	}
	if want := l.clock.Now().Add(7 * 24 * time.Hour); c.ExpiresAt == nil || !c.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want 7 days on: %v", c.ExpiresAt, want)
	}
	want := []string{"INITIATED", "CONNECTED_TO_SYSTEM", "QUEUED"}
	if got := l.eventTypes(t, c.ID); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("events = %v, want %v", got, want)
	}
	log, err := l.svc.ContactFlowLog(t.Context(), l.p, l.instance, c.ID)
	if err != nil || len(log) != 1 || log[0].ActionType != "TransferContactToQueue" {
		t.Errorf("flow log = %+v, %v; want the run's one entry", log, err)
	}
}

func TestFlowEndingOutsideAQueueEndsTheTask(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	c := l.start(t, l.task("end here"))
	if c.State != connect.StateEnded || c.DisconnectReason != connect.DisconnectReasonFlow {
		t.Fatalf("contact = %s (%s), want ENDED by CONTACT_FLOW_DISCONNECT", c.State, c.DisconnectReason)
	}
	want := "INITIATED,CONNECTED_TO_SYSTEM,DISCONNECTED,COMPLETED"
	if got := strings.Join(l.eventTypes(t, c.ID), ","); got != want {
		t.Errorf("events = %s, want %s", got, want)
	}
}

func TestScheduledTaskStartsOnceWhenDue(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	in := l.task("queue later")
	at := l.clock.Now().Add(5 * 24 * time.Hour)
	in.ScheduledTime = &at
	c := l.start(t, in)
	if c.State != connect.StateScheduled || c.WakeAt == nil || !c.WakeAt.Equal(at) {
		t.Fatalf("contact = %s waking %v, want SCHEDULED waking at %v", c.State, c.WakeAt, at)
	}
	if n := l.runDue(t); n != 0 {
		t.Fatalf("RunDue before the time woke %d contacts", n)
	}
	next, err := l.svc.NextWake(t.Context())
	if err != nil || next == nil || !next.Equal(at) {
		t.Fatalf("NextWake = %v, %v; want %v", next, err, at)
	}
	l.clock.Advance(5*24*time.Hour - time.Millisecond)
	if n := l.runDue(t); n != 0 {
		t.Fatalf("RunDue 1ms early woke %d contacts", n)
	}
	l.clock.Advance(time.Millisecond)
	if n := l.runDue(t); n != 1 {
		t.Fatalf("RunDue at the time woke %d contacts, want 1", n)
	}
	if n := l.runDue(t); n != 0 {
		t.Fatalf("second RunDue woke %d contacts: a task started twice", n)
	}
	c = l.describe(t, c.ID)
	if c.State != connect.StateQueued || !c.ConnectedToSystemTimestamp.Equal(at) {
		t.Errorf("contact = %s (connected to system %v), want QUEUED at %v", c.State, c.ConnectedToSystemTimestamp, at)
	}
	// Expiry counts from the start, not from the creation.
	if want := at.Add(7 * 24 * time.Hour); !c.ExpiresAt.Equal(want) {
		t.Errorf("ExpiresAt = %v, want %v", c.ExpiresAt, want)
	}
}

// TestFailedStartIsRetried: the transaction that claims a due task is the
// one that starts it, so a failure mid-start (a crash between claim and
// start) leaves it scheduled, and the next pass starts it once.
func TestFailedStartIsRetried(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	in := l.task("fail once")
	at := l.clock.Now().Add(time.Hour)
	in.ScheduledTime = &at
	c := l.start(t, in)
	l.clock.Advance(time.Hour)
	l.runner.failures.Store(1)
	if _, err := l.svc.RunDue(t.Context()); err == nil {
		t.Fatal("RunDue succeeded though the flow run failed")
	}
	if got := l.describe(t, c.ID); got.State != connect.StateScheduled {
		t.Fatalf("after a failed start the contact is %s, want still SCHEDULED", got.State)
	}
	if got := strings.Join(l.eventTypes(t, c.ID), ","); got != "INITIATED" {
		t.Errorf("events after a failed start = %s, want only INITIATED", got)
	}
	if n := l.runDue(t); n != 1 {
		t.Fatalf("retry woke %d contacts, want 1", n)
	}
	if got := l.describe(t, c.ID); got.State != connect.StateQueued {
		t.Errorf("after the retry the contact is %s, want QUEUED", got.State)
	}
}

func TestRescheduleAndStop(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	in := l.task("queue later")
	at := l.clock.Now().Add(2 * time.Hour)
	in.ScheduledTime = &at
	moved, stopped := l.start(t, in), l.start(t, in)
	sooner := l.clock.Now().Add(time.Hour)
	if err := l.svc.UpdateContactSchedule(t.Context(), l.p, l.instance, moved.ID, sooner); err != nil {
		t.Fatal(err)
	}
	if err := l.svc.StopContact(t.Context(), l.p, l.instance, stopped.ID); err != nil {
		t.Fatal(err)
	}
	l.clock.Advance(time.Hour)
	if n := l.runDue(t); n != 1 {
		t.Fatalf("RunDue at the new time woke %d, want 1", n)
	}
	l.clock.Advance(2 * time.Hour)
	l.runDue(t)
	if c := l.describe(t, stopped.ID); c.State != connect.StateEnded || c.DisconnectReason != "API" || c.ConnectedToSystemTimestamp != nil {
		t.Errorf("stopped task = %s (%s), started %v; want ENDED by API, never started", c.State, c.DisconnectReason, c.ConnectedToSystemTimestamp)
	}
	if got := strings.Join(l.eventTypes(t, moved.ID), ","); got != "INITIATED,CONTACT_DATA_UPDATED,CONNECTED_TO_SYSTEM,QUEUED" {
		t.Errorf("moved task events = %s", got)
	}
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	week := l.start(t, l.task("queue week"))
	in := l.task("queue hour")
	d := int32(60)
	in.SegmentAttributes = map[string]connect.SegmentAttributeValue{
		connect.SegmentContactExpiry: {Map: map[string]connect.SegmentAttributeValue{"ExpiryDuration": {Integer: &d}}}}
	hour := l.start(t, in)
	l.clock.Advance(time.Hour)
	if n := l.runDue(t); n != 1 {
		t.Fatalf("after an hour RunDue woke %d, want the 60-minute task", n)
	}
	if c := l.describe(t, hour.ID); c.State != connect.StateEnded || c.DisconnectReason != "EXPIRED" {
		t.Errorf("60-minute task = %s (%s), want ENDED EXPIRED", c.State, c.DisconnectReason)
	}
	l.clock.Advance(7 * 24 * time.Hour)
	l.runDue(t)
	if c := l.describe(t, week.ID); c.State != connect.StateEnded || c.DisconnectReason != "EXPIRED" {
		t.Errorf("week task = %s (%s), want ENDED EXPIRED", c.State, c.DisconnectReason)
	}
	// The event carries the reason.
	evs, err := l.db.EventsAfter(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.ContactID == hour.ID && e.Type == "DISCONNECTED" {
			var body struct {
				Source string `json:"source"`
				Detail struct {
					DisconnectReason string `json:"disconnectReason"`
					QueueInfo        struct {
						QueueARN string `json:"queueArn"`
					} `json:"queueInfo"`
				} `json:"detail"`
			}
			if err := json.Unmarshal(e.Body, &body); err != nil {
				t.Fatal(err)
			}
			if body.Source != "aws.connect" || body.Detail.DisconnectReason != "EXPIRED" || !strings.HasSuffix(body.Detail.QueueInfo.QueueARN, "/queue/"+l.queue) {
				t.Errorf("DISCONNECTED event = %s", e.Body)
			}
		}
	}
}

func TestActiveTaskQuota(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 2)
	a := l.start(t, l.task("queue a"))
	l.start(t, l.task("queue b"))
	_, err := l.svc.StartTaskContact(t.Context(), l.p, l.task("queue c"))
	if connect.KindOf(err) != connect.QuotaExceeded {
		t.Fatalf("third task: err = %v, want QuotaExceeded", err)
	}
	// Tasks that end at once (their flow ends them) never hold a slot.
	if err := l.svc.StopContact(t.Context(), l.p, l.instance, a.ID); err != nil {
		t.Fatal(err)
	}
	l.start(t, l.task("queue d"))
	// Nothing of the refused request was written.
	evs, err := l.db.EventsAfter(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	initiated := 0
	for _, e := range evs {
		if e.Type == "INITIATED" {
			initiated++
		}
	}
	if initiated != 3 {
		t.Errorf("INITIATED events = %d, want 3 (the refused task wrote none)", initiated)
	}
}

// TestRetention: housekeeping deletes flow log entries 7 days old and
// contact events a day old, and keeps the younger ones.
func TestRetention(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	ctx := t.Context()
	old := l.start(t, connect.StartTaskInput{InstanceID: l.instance, ContactFlowID: l.flow, Name: "end old"})
	l.clock.Advance(7*24*time.Hour - time.Minute)
	young := l.start(t, connect.StartTaskInput{InstanceID: l.instance, ContactFlowID: l.flow, Name: "end young"})
	l.clock.Advance(2 * time.Minute)
	if err := l.svc.PruneEvents(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   string
		want int
	}{{old.ID, 0}, {young.ID, 1}} {
		log, err := l.svc.ContactFlowLog(ctx, l.p, l.instance, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != c.want {
			t.Errorf("flow log of %s after retention = %d entries, want %d", c.id, len(log), c.want)
		}
	}
	events, err := l.db.EventsAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.ContactID == old.ID {
			t.Errorf("event %s of the week-old task survived retention", e.Type)
		}
	}
	if len(events) == 0 {
		t.Error("retention deleted the young task's events too")
	}
}
