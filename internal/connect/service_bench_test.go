package connect_test

import (
	"context"
	"testing"

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
	c := connecttest.Setup(tb, connecttest.Config{Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{})})
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
	b.SetParallelism(8) // many clients at once, as behind an HTTP server: they share commits
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
