package connect_test

import (
	"context"
	"testing"
	"time"

	"connectd/internal/connect"
	"connectd/internal/connecttest"
	"connectd/internal/flow"
)

// benchBundle is a connecttest Bundle with the flow engine, in the fields
// the service tests use.
type benchBundle struct {
	svc      *connect.Service
	p        connect.Partition
	instance string
	flow     string
}

func setupBench(tb testing.TB) *benchBundle {
	tb.Helper()
	c := connecttest.Setup(tb, connecttest.Config{Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{}),
		ActiveContactQuota: 1 << 30}) // the benchmarks start more tasks than the default quota
	return &benchBundle{svc: c.Service, p: c.Partition, instance: c.Instance.ID, flow: c.TaskFlow}
}

func (b *benchBundle) task(name string) connect.StartTaskInput {
	return connect.StartTaskInput{
		InstanceID: b.instance, ContactFlowID: b.flow, Name: name,
		Attributes: map[string]string{"customer": "42"},
		References: map[string]connect.Reference{"ticket": {Type: connect.RefURL, Value: "https://example.com/t/1"}},
	}
}

func BenchmarkStartTaskContact(b *testing.B) {
	bb := setupBench(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.SetParallelism(32) // many clients at once, as behind an HTTP server: they share commits
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := bb.svc.StartTaskContact(ctx, bb.p, bb.task("bench")); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkDescribeContact(b *testing.B) {
	bb := setupBench(b)
	ctx := context.Background()
	c, err := bb.svc.StartTaskContact(ctx, bb.p, bb.task("bench"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := bb.svc.DescribeContact(ctx, bb.p, bb.instance, c.ID); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkRunDueBurst starts b.N tasks scheduled for one instant: the
// scheduler's due burst, without HTTP.
func BenchmarkRunDueBurst(b *testing.B) {
	c := connecttest.Setup(b, connecttest.Config{Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{}),
		ActiveContactQuota: 1 << 30})
	ctx := context.Background()
	at := c.Clock.Now().Add(time.Hour)
	in := connect.StartTaskInput{InstanceID: c.Instance.ID, ContactFlowID: c.TaskFlow, Name: "bench",
		Attributes: map[string]string{"customer": "42"}, ScheduledTime: &at}
	for range b.N {
		if _, err := c.Service.StartTaskContact(ctx, c.Partition, in); err != nil {
			b.Fatal(err)
		}
	}
	c.Clock.Set(at)
	b.ResetTimer()
	n, err := c.Service.RunDue(ctx)
	if err != nil || n != b.N {
		b.Fatalf("RunDue = %d, %v; want %d", n, err, b.N)
	}
}
