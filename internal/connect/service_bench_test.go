package connect_test

import (
	"context"
	"path/filepath"
	"testing"

	"connectd/internal/connect"
	"connectd/internal/flow"
	"connectd/internal/sqlite"
)

// benchBundle is a Service over a real SQLite store with its default instance.
type benchBundle struct {
	svc      *connect.Service
	p        connect.Partition
	instance string
	flow     string
}

func setupBench(tb testing.TB) *benchBundle {
	tb.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "connectd.db"), sqlite.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	b := &benchBundle{
		svc: connect.NewService(connect.ServiceConfig{Store: db, Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{})}),
		p:   connect.Partition{AccountID: "000000000000", Region: "us-east-1"},
	}
	inst, err := b.svc.EnsureDefaultInstance(ctx, b.p)
	if err != nil {
		tb.Fatal(err)
	}
	b.instance = inst.ID
	flows, _, err := b.svc.ListContactFlows(ctx, b.p, inst.ID, []string{"CONTACT_FLOW"}, "", 100)
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range flows {
		if f.Name == connect.DefaultTaskFlowName {
			b.flow = f.ID
		}
	}
	return b
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
