package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// Scenarios lists every scenario `connectd bench` knows, in the order of
// the report. A new measurement is a new entry here.
func Scenarios() []Scenario {
	return []Scenario{
		{Name: "api", Default: true, Run: runAPI,
			About: "StartTaskContact and DescribeContact at each concurrency, connectd and the baseline in turn"},
		{Name: "burst", Default: true, Run: runBurst,
			About: "--burst tasks scheduled for one instant, one clock advance, the time until all have started"},
		{Name: "pending", Run: runPending,
			About: "--pending tasks scheduled over the next 5 days: connectd's RSS while it holds them, and the store per pending task"},
		{Name: "scaling", Run: runScaling,
			About: "StartTaskContact on 1 node on SQLite, 1 node on PostgreSQL, 3 nodes on one PostgreSQL, and pgbench TPC-B on that database (needs --postgres-url and pgbench)"},
	}
}

// taskInput is the StartTaskContact request of the load: the default task
// flow (which queues the task), an attribute and a reference.
func taskInput(c *Connectd, at *time.Time) *connect.StartTaskContactInput {
	return &connect.StartTaskContactInput{
		InstanceId: aws.String(c.InstanceID), ContactFlowId: aws.String(c.FlowID),
		Name: aws.String("bench"), Description: aws.String("a benchmark task"),
		Attributes:    map[string]string{"customer": "Jane"},
		References:    map[string]types.Reference{"ticket": {Type: types.ReferenceTypeUrl, Value: aws.String("https://example.com/t/1")}},
		ScheduledTime: at,
	}
}

func startOp(client *connect.Client, in *connect.StartTaskContactInput, ids *idList) func(context.Context, int) error {
	return func(ctx context.Context, _ int) error {
		// The SDK fills a nil ClientToken in the input it is given: a copy
		// per call gets a fresh token, so each call creates a task.
		in := *in
		out, err := client.StartTaskContact(ctx, &in)
		if err == nil && ids != nil {
			ids.add(aws.ToString(out.ContactId))
		}
		return err
	}
}

func describeOp(client *connect.Client, instance string, ids []string) func(context.Context, int) error {
	return func(ctx context.Context, n int) error {
		_, err := client.DescribeContact(ctx, &connect.DescribeContactInput{
			InstanceId: aws.String(instance), ContactId: aws.String(ids[n%len(ids)])})
		return err
	}
}

// idList keeps the first IDs the load created, for DescribeContact to read.
type idList struct {
	mu  sync.Mutex
	ids []string
	n   int // every ID added
}

const maxIDs = 10000

func (l *idList) add(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	if len(l.ids) < maxIDs {
		l.ids = append(l.ids, id)
	}
}

func (l *idList) snapshot() ([]string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.ids...), l.n
}

// compare drives the baseline then connectd with the same load and adds
// both rows.
func (e *Env) compare(ctx context.Context, measure string, conc int, base, op func(context.Context, int) error) Row {
	load := Load{Concurrency: conc, Duration: e.Options.Duration}
	load.Op = base
	b := Drive(ctx, load)
	e.Add(Row{Measure: measure, Target: "baseline", Conc: conc, Value: b.PerSec(), Unit: "req/s", P50: b.P50, P99: b.P99, Errors: b.Errors})
	load.Op = op
	r := Drive(ctx, load)
	row := Row{Measure: measure, Target: "connectd", Conc: conc, Value: r.PerSec(), Unit: "req/s", Base: b.PerSec(), P50: r.P50, P99: r.P99, Errors: r.Errors}
	e.Add(row)
	for _, err := range []error{b.FirstErr, r.FirstErr} {
		if err != nil {
			e.Note("%s at %d: first error: %v", measure, conc, err)
		}
	}
	e.logf("%s at %d: baseline %.0f req/s, connectd %.0f req/s (%.1f%%)", measure, conc, b.PerSec(), r.PerSec(), 100*r.PerSec()/max(b.PerSec(), 1))
	return row
}

func runAPI(ctx context.Context, e *Env) error {
	c, err := e.StartConnectd(ctx, ConnectdOptions{})
	if err != nil {
		return err
	}
	defer c.Close()
	base, err := e.StartBaseline(ctx)
	if err != nil {
		return err
	}
	defer base.Close()
	ids := &idList{}
	in := taskInput(c, nil)
	for _, conc := range e.Options.Concurrencies {
		e.compare(ctx, "StartTaskContact", conc, startOp(base.Client, in, nil), startOp(c.Client, in, ids))
	}
	list, started := ids.snapshot()
	if len(list) == 0 {
		return fmt.Errorf("no StartTaskContact succeeded")
	}
	for _, conc := range e.Options.Concurrencies {
		e.compare(ctx, "DescribeContact", conc, describeOp(base.Client, c.InstanceID, list), describeOp(c.Client, c.InstanceID, list))
	}
	return e.resources(ctx, c, started, "queued tasks")
}

// resources adds connectd's RSS and its store's size per task.
func (e *Env) resources(ctx context.Context, c *Connectd, tasks int, what string) error {
	rss, peak := c.RSS()
	if rss > 0 {
		e.Add(Row{Measure: fmt.Sprintf("RSS, %d %s", tasks, what), Target: "connectd", Value: float64(rss) / (1 << 20), Unit: "MiB"})
		e.Add(Row{Measure: "peak RSS", Target: "connectd", Value: float64(peak) / (1 << 20), Unit: "MiB"})
	}
	size, err := c.StoreBytes(ctx)
	if err != nil {
		return fmt.Errorf("store size: %w", err)
	}
	if size >= 0 && tasks > 0 {
		e.Add(Row{Measure: fmt.Sprintf("store size, %d %s", tasks, what), Target: "connectd", Value: float64(size) / (1 << 20), Unit: "MiB"})
		e.Add(Row{Measure: "store per task", Target: "connectd", Value: float64(size) / float64(tasks), Unit: "bytes"})
	}
	return nil
}

// schedule starts len(ids) scheduled tasks at conc connections, the i-th
// due at at(i), records their contact IDs in ids, and reports their rate
// (against base, the baseline's, when not 0). Any failed start fails it.
func (e *Env) schedule(ctx context.Context, c *Connectd, conc int, base float64, ids []string, at func(int) time.Time) error {
	sched := Drive(ctx, Load{Concurrency: conc, Count: len(ids), Op: func(ctx context.Context, i int) error {
		t := at(i)
		out, err := c.Client.StartTaskContact(ctx, taskInput(c, &t))
		if err == nil {
			ids[i] = aws.ToString(out.ContactId)
		}
		return err
	}})
	e.Add(Row{Measure: "StartTaskContact, scheduled", Target: "connectd", Conc: conc, Value: sched.PerSec(), Unit: "req/s",
		Base: base, P50: sched.P50, P99: sched.P99, Errors: sched.Errors})
	if sched.Errors > 0 {
		return fmt.Errorf("%d of %d scheduled starts failed, the first: %v", sched.Errors, sched.Calls, sched.FirstErr)
	}
	return nil
}

func runBurst(ctx context.Context, e *Env) error {
	c, err := e.StartConnectd(ctx, ConnectdOptions{})
	if err != nil {
		return err
	}
	defer c.Close()
	base, err := e.StartBaseline(ctx)
	if err != nil {
		return err
	}
	defer base.Close()
	now, err := c.Now(ctx)
	if err != nil {
		return err
	}
	at := now.Add(time.Hour).Truncate(time.Second)
	conc := e.Options.Concurrencies[len(e.Options.Concurrencies)-1]
	// The baseline's StartTaskContact rate in this run is the yardstick.
	b := Drive(ctx, Load{Concurrency: conc, Duration: e.Options.Duration, Op: startOp(base.Client, taskInput(c, nil), nil)})
	e.Add(Row{Measure: "StartTaskContact", Target: "baseline", Conc: conc, Value: b.PerSec(), Unit: "req/s", P50: b.P50, P99: b.P99, Errors: b.Errors})
	e.logf("scheduling %d tasks for %s", e.Options.Burst, at.Format(time.RFC3339))
	ids := make([]string, e.Options.Burst)
	if err := e.schedule(ctx, c, conc, b.PerSec(), ids, func(int) time.Time { return at }); err != nil {
		return err
	}
	if err := e.resources(ctx, c, e.Options.Burst, "pending tasks"); err != nil {
		return err
	}
	t0, cpu0 := time.Now(), c.CPU()
	if _, err := c.Advance(ctx, 2*time.Hour); err != nil {
		return fmt.Errorf("advance the clock: %w", err)
	}
	// connectd starts the due work before the clock answers (its own
	// scheduler may take part of it, which the answer's count leaves out):
	// a sample of the tasks, the last scheduled among them, must show them
	// started, or the wait goes on until they do.
	sample := sampleIDs(ids, 1000)
	if err := c.waitStarted(ctx, sample, 5*time.Minute); err != nil {
		return err
	}
	took, cpu := time.Since(t0), c.CPU()-cpu0
	e.Add(Row{Measure: fmt.Sprintf("due burst: %d tasks started", e.Options.Burst), Target: "connectd", Value: took.Seconds(), Unit: "s"})
	if cpu > 0 {
		e.Add(Row{Measure: "due burst: connectd CPU per task", Target: "connectd",
			Value: float64(cpu.Microseconds()) / float64(e.Options.Burst), Unit: "µs"})
	}
	e.Add(Row{Measure: "due burst: starts per second", Target: "connectd", Value: float64(e.Options.Burst) / took.Seconds(), Unit: "tasks/s", Base: b.PerSec()})
	e.Note("%d of the %d tasks, the last scheduled among them, were checked with DescribeContact: started and queued", len(sample), len(ids))
	e.logf("burst: %d tasks started in %s", e.Options.Burst, took)
	if err := e.resources(ctx, c, e.Options.Burst, "started tasks"); err != nil {
		return err
	}
	// A week later the tasks have expired; two days on, retention has
	// deleted their events and flow logs: what is left is what an ended
	// task costs for good.
	for _, d := range []time.Duration{8 * 24 * time.Hour, 2 * 24 * time.Hour} {
		if _, err := c.Advance(ctx, d); err != nil {
			return fmt.Errorf("advance the clock: %w", err)
		}
	}
	live, err := c.LiveBytes(ctx)
	if err != nil {
		return fmt.Errorf("store size: %w", err)
	}
	e.Add(Row{Measure: "store per ended task, after retention", Target: "connectd", Value: float64(live) / float64(e.Options.Burst), Unit: "bytes"})
	return nil
}

// sampleIDs returns at most n of ids, evenly spread, the last one included.
func sampleIDs(ids []string, n int) []string {
	if len(ids) <= n {
		return ids
	}
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, ids[(i+1)*len(ids)/n-1])
	}
	return out
}

// waitStarted waits until DescribeContact shows each of ids in a queue:
// started and run through the default task flow. ids are in the order the
// tasks were scheduled, about the order they start in: a round stops at the
// first one not started and waits a little, so that the checks take little
// of the CPU the burst is measured on.
func (c *Connectd) waitStarted(ctx context.Context, ids []string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for len(ids) > 0 {
		out, err := c.Client.DescribeContact(ctx, &connect.DescribeContactInput{InstanceId: aws.String(c.InstanceID), ContactId: aws.String(ids[0])})
		if err != nil {
			return fmt.Errorf("describe %s: %w", ids[0], err)
		}
		if out.Contact.QueueInfo != nil {
			ids = ids[1:]
			continue
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of the sampled tasks did not start within %s, e.g. %s", len(ids), limit, ids[0])
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

// runPending schedules Options.Pending tasks spread over the next five days
// (StartTaskContact takes a ScheduledTime up to six days ahead; none falls
// due) and reports what holding them costs: connectd's RSS,
// once the scheduler has planned its next wake among them, and the store.
func runPending(ctx context.Context, e *Env) error {
	c, err := e.StartConnectd(ctx, ConnectdOptions{})
	if err != nil {
		return err
	}
	defer c.Close()
	now, err := c.Now(ctx)
	if err != nil {
		return err
	}
	first := now.Add(time.Hour).Truncate(time.Second)
	n := e.Options.Pending
	conc := e.Options.Concurrencies[len(e.Options.Concurrencies)-1]
	e.logf("scheduling %d tasks from %s over 5 days", n, first.Format(time.RFC3339))
	if err := e.schedule(ctx, c, conc, 0, make([]string, n), func(i int) time.Time {
		return first.Add(time.Duration(i%(5*24*60)) * time.Minute)
	}); err != nil {
		return err
	}
	// A clock move short of the first due time makes the scheduler plan
	// again over all of them.
	if _, err := c.Advance(ctx, 30*time.Minute); err != nil {
		return fmt.Errorf("advance the clock: %w", err)
	}
	return e.resources(ctx, c, n, "pending tasks")
}
