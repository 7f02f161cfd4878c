package storetest

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync/atomic"
	"testing"

	"connectd/internal/connect"
)

// Benchmark bodies every store runs under the same Benchmark names, so that
// their numbers compare. Each takes a new, empty store (it adds instance
// i-1) that the caller closes.

// BenchInsertContactParallel measures committed inserts from many
// goroutines, one contact per Update: what a store pays per durable write
// (an fsync, a WAL flush), and how well it shares that cost among callers
// (SQLite's group commit, or the server batching commits itself).
func BenchInsertContactParallel(b *testing.B, s connect.Store) {
	InsertInstance(b, s, "i-1")
	var n atomic.Int64
	b.SetParallelism(16) // callers blocked on the commit, as HTTP handlers would be
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			id := fmt.Sprintf("c-%d", n.Add(1))
			if err := s.Update(ctx, func(tx connect.Tx) error {
				return tx.InsertContact(ctx, Contact("i-1", id))
			}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchGetContact measures parallel reads of one contact among 1000.
func BenchGetContact(b *testing.B, s connect.Store) {
	InsertInstance(b, s, "i-1")
	const n = 1000
	if err := s.Update(context.Background(), func(tx connect.Tx) error {
		for i := range n {
			if err := tx.InsertContact(context.Background(), Contact("i-1", fmt.Sprintf("c-%d", i))); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		i := 0
		for pb.Next() {
			if _, err := s.GetContact(ctx, "i-1", fmt.Sprintf("c-%d", i%n)); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchStartTaskShapeParallel runs the statements of StartTaskContact with
// a ClientToken and a PreviousContactId (token lookup, chain count, insert,
// attributes) from many goroutines on a young database, and reports how
// many times fn ran per Update: the cost of a store's retries under
// contention (PostgreSQL's SERIALIZABLE retries; SQLite's single writer
// runs each fn once). IDs and tokens are random, as the service's UUIDs are.
func BenchStartTaskShapeParallel(b *testing.B, s connect.Store) {
	InsertInstance(b, s, "i-1")
	var n, runs atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			i := n.Add(1)
			c := Contact("i-1", rand.Text())
			c.ClientToken = rand.Text()
			c.PreviousContactID = fmt.Sprintf("p-%d", i%64) // 64 chains, each reached by many
			if err := s.Update(ctx, func(tx connect.Tx) error {
				runs.Add(1)
				if _, err := tx.GetContactByClientToken(ctx, "i-1", c.ClientToken); !connect.IsNotFound(err) {
					return fmt.Errorf("token lookup = %v, want NotFound", err)
				}
				if _, err := tx.CountContactsByPrevious(ctx, "i-1", c.PreviousContactID); err != nil {
					return err
				}
				if err := tx.InsertContact(ctx, c); err != nil {
					return err
				}
				return tx.PutAttributes(ctx, "i-1", c.AttributeSetID, map[string]string{"k": "v"})
			}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(runs.Load())/float64(n.Load()), "runs/op")
}

// BenchStartTaskWithEventsParallel is BenchStartTaskShapeParallel's insert
// plus what a started task also writes: the active-contact counter of its
// instance and two events. Both counters are single rows, so these Updates
// pass them one at a time; runs/op shows what that costs in retries.
func BenchStartTaskWithEventsParallel(b *testing.B, s connect.Store) {
	InsertInstance(b, s, "i-1")
	var n, runs atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			n.Add(1)
			c := Contact("i-1", rand.Text())
			if err := s.Update(ctx, func(tx connect.Tx) error {
				runs.Add(1)
				if err := tx.InsertContact(ctx, c); err != nil {
					return err
				}
				if _, err := tx.AddActiveContacts(ctx, "i-1", 1, connect.DefaultActiveContactQuota*1000); err != nil {
					return err
				}
				for _, typ := range []string{connect.EventInitiated, connect.EventConnectedToSystem} {
					e := &connect.EventRecord{InstanceID: "i-1", ContactID: c.ID, Type: typ, Time: c.InitiationTimestamp, Body: []byte(`{}`)}
					if err := tx.AppendEvent(ctx, e); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(runs.Load())/float64(n.Load()), "runs/op")
}
