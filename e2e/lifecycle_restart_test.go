package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// TestLifecycleRestartScheduled: scheduled tasks that fall due while connectd
// is down (killed with SIGKILL) start right after it boots again, each
// exactly once.
//
// Every run is on the manual clock, which starts at the real now and then
// stands still until moved (it is never moved here). Tasks scheduled a few
// milliseconds ahead of the first run's clock therefore never fall due in
// that run, however long setting up takes, and are past when the next run's
// clock starts: the real time spent setting up and restarting has gone by.
// So they fall due between the two runs without the test sleeping for it,
// and the next run's clock, standing still, is exactly when they start.
func TestLifecycleRestartScheduled(t *testing.T) {
	needDurableStore(t)
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir, "--clock", "manual")
	t0, _ := s.clock(t)
	e := &lifeEnv{agEnv: agEnv{s: s, c: s.client(t), inst: s.InstanceID}}
	e.hours, e.queue = resDefaults(t, e.c, e.inst)
	inst, err := e.c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &e.inst})
	if err != nil {
		t.Fatal(err)
	}
	e.instARN = aws.ToString(inst.Instance.Arn)

	// Ahead of the first run's clock, behind the real time of the restart.
	const step = 10 * time.Millisecond
	due := t0.Add(step)
	lastDue := due.Add(step)
	names := []string{"due 1", "due 2", "due 3", "due a bit later"}
	var dueIDs []string
	want := map[string]types.Contact{}
	for i, name := range names {
		at := due.Add(time.Duration(i/3) * step) // the last at lastDue
		id := startTask(t, e.c, s, name, withSchedule(at))
		dueIDs = append(dueIDs, id)
		c := describe(t, e.c, s, id)
		w := e.task(id, name)
		w.InitiationTimestamp, w.LastUpdateTimestamp, w.ScheduledTimestamp = c.InitiationTimestamp, c.LastUpdateTimestamp, aws.Time(at)
		want[id] = w
	}
	stopped := startTask(t, e.c, s, "stopped", withSchedule(due))
	stopContact(t, e.c, s, stopped)
	later := startTask(t, e.c, s, "later", withSchedule(t0.Add(time.Hour)))
	wantStopped, wantLater := *describe(t, e.c, s, stopped), *describe(t, e.c, s, later)
	if wantStopped.ConnectedToSystemTimestamp != nil || wantLater.ConnectedToSystemTimestamp != nil {
		t.Fatalf("scheduled tasks started early: %v, %v", wantStopped.ConnectedToSystemTimestamp, wantLater.ConnectedToSystemTimestamp)
	}
	// Still not due in this run: its clock has not moved.
	for _, id := range dueIDs {
		if at := describe(t, e.c, s, id).ConnectedToSystemTimestamp; at != nil {
			t.Fatalf("%s started at %v, before connectd was killed", aws.ToString(want[id].Name), at)
		}
	}
	if now, _ := s.clock(t); !now.Equal(t0) {
		t.Fatalf("the first run's clock moved from %v to %v", t0, now)
	}

	s.kill()
	// Down while the tasks fall due: the second run's clock starts at the
	// real now, which setting up has taken past the due times; on a machine
	// quicker than that, it starts at the last due time instead of the test
	// waiting for it.
	restart := time.Now()
	if restart.Before(lastDue) {
		restart = lastDue
	}
	s = startServer(t, dir, "--clock", "manual", "--clock-start", restart.UTC().Format(time.RFC3339Nano))
	e.s, e.c = s, s.client(t)
	boot, _ := s.clock(t) // when the second run's clock started, and still reads
	if boot.Before(restart.Truncate(time.Millisecond)) || boot.Before(lastDue) {
		t.Fatalf("the second run's clock starts at %v, want after the restart (%v) and the due times (%v)", boot, restart, lastDue)
	}

	// Each due task starts once connectd is up, without waiting for a poll.
	deadline := time.Now().Add(10 * time.Second)
	var started time.Time
	for _, id := range dueIDs {
		for describe(t, e.c, s, id).ConnectedToSystemTimestamp == nil {
			if time.Now().After(deadline) {
				t.Fatalf("%s did not start within 10 s of the restart", aws.ToString(want[id].Name))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	started = time.Now()
	check := func(t *testing.T) {
		t.Helper()
		for _, id := range dueIDs {
			got := describe(t, e.c, s, id)
			at := aws.ToTime(got.ConnectedToSystemTimestamp)
			if !at.Equal(boot) {
				t.Errorf("%s started at %v, want %v: as the second run booted (real time %v to %v)", aws.ToString(got.Name), at, boot, restart, started)
			}
			w := queued(want[id], e.queue, 5, at)
			w.LastUpdateTimestamp = aws.Time(at)
			e.wantContact(t, w)
			// One run of the default flow: its entries, all at the start.
			if diff := cmp.Diff(defaultFlowSteps, flowSteps(t, s.flowLog(t, id), at)); diff != "" {
				t.Errorf("%s flow log (-want +got):\n%s", aws.ToString(got.Name), diff)
			}
		}
		e.wantContact(t, wantStopped)
		e.wantContact(t, wantLater)
		for _, id := range []string{stopped, later} {
			if log := s.flowLog(t, id); len(log) != 0 {
				t.Errorf("flow of %s ran: %v", id, flowSteps(t, log, time.Time{}))
			}
		}
	}
	check(t)
	first := map[string]time.Time{}
	for _, id := range dueIDs {
		first[id] = aws.ToTime(describe(t, e.c, s, id).ConnectedToSystemTimestamp)
	}

	// Killed and restarted again: nothing starts twice.
	s.kill()
	s = startServer(t, dir, "--clock", "manual")
	e.s, e.c = s, s.client(t)
	check(t)
	for _, id := range dueIDs {
		if got := aws.ToTime(describe(t, e.c, s, id).ConnectedToSystemTimestamp); !got.Equal(first[id]) {
			t.Errorf("%s: ConnectedToSystemTimestamp moved from %v to %v", id, first[id], got)
		}
	}
}
