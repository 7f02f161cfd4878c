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
// exactly once, on the real clock.
func TestLifecycleRestartScheduled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir)
	e := &lifeEnv{agEnv: agEnv{s: s, c: s.client(t), inst: s.InstanceID}}
	e.hours, e.queue = resDefaults(t, e.c, e.inst)
	inst, err := e.c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &e.inst})
	if err != nil {
		t.Fatal(err)
	}
	e.instARN = aws.ToString(inst.Instance.Arn)

	due := time.Now().Add(3 * time.Second).Truncate(time.Millisecond)
	names := []string{"due 1", "due 2", "due 3", "due a bit later"}
	var dueIDs []string
	want := map[string]types.Contact{}
	for i, name := range names {
		at := due.Add(time.Duration(i/3) * 250 * time.Millisecond)
		id := startTask(t, e.c, s, name, withSchedule(at))
		dueIDs = append(dueIDs, id)
		c := describe(t, e.c, s, id)
		w := e.task(id, name)
		w.InitiationTimestamp, w.LastUpdateTimestamp, w.ScheduledTimestamp = c.InitiationTimestamp, c.LastUpdateTimestamp, aws.Time(at)
		want[id] = w
	}
	stopped := startTask(t, e.c, s, "stopped", withSchedule(due))
	stopContact(t, e.c, s, stopped)
	later := startTask(t, e.c, s, "later", withSchedule(time.Now().Add(time.Hour).Truncate(time.Millisecond)))
	wantStopped, wantLater := *describe(t, e.c, s, stopped), *describe(t, e.c, s, later)
	if wantStopped.ConnectedToSystemTimestamp != nil || wantLater.ConnectedToSystemTimestamp != nil {
		t.Fatalf("scheduled tasks started early: %v, %v", wantStopped.ConnectedToSystemTimestamp, wantLater.ConnectedToSystemTimestamp)
	}
	if time.Now().After(due) {
		t.Fatalf("setting up took past the tasks' due time %v; the test needs a less loaded machine", due)
	}

	s.kill()
	// Down while the tasks fall due.
	time.Sleep(time.Until(due.Add(250*time.Millisecond)) + 50*time.Millisecond)
	restart := time.Now()
	s = startServer(t, dir)
	e.s, e.c = s, s.client(t)

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
			if at.Before(restart.Truncate(time.Millisecond)) || at.After(started) {
				t.Errorf("%s started at %v, want after the restart [%v, %v]", aws.ToString(got.Name), at, restart, started)
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
	s = startServer(t, dir)
	e.s, e.c = s, s.client(t)
	check(t)
	for _, id := range dueIDs {
		if got := aws.ToTime(describe(t, e.c, s, id).ConnectedToSystemTimestamp); !got.Equal(first[id]) {
			t.Errorf("%s: ConnectedToSystemTimestamp moved from %v to %v", id, first[id], got)
		}
	}
}
