package postgres_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"sync/atomic"
	"testing"

	"connectd/internal/connect"
	"connectd/internal/postgres"
	"connectd/internal/storetest"
)

// BenchmarkInsertContactParallel measures committed inserts from many
// goroutines, one transaction (and one WAL flush, unless the server batches
// them itself) per Update. Compare internal/sqlite's benchmark of the same
// name.
func BenchmarkInsertContactParallel(b *testing.B) {
	db := mustOpenFresh(b, postgres.Options{})
	storetest.InsertInstance(b, db, "i-1")
	var n atomic.Int64
	b.SetParallelism(16) // callers blocked on the commit, as HTTP handlers would be
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			id := fmt.Sprintf("c-%d", n.Add(1))
			if err := db.Update(ctx, func(tx connect.Tx) error {
				return tx.InsertContact(ctx, storetest.Contact("i-1", id))
			}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkStartTaskShapeParallel runs the statements of StartTaskContact
// with a ClientToken and a PreviousContactId (token lookup, chain count,
// insert, attributes) from many goroutines on a young database, and reports
// how many times fn ran per Update: the cost of SERIALIZABLE's retries under
// contention (IDs and tokens are random, as the service's UUIDs are).
func BenchmarkStartTaskShapeParallel(b *testing.B) {
	db := mustOpenFresh(b, postgres.Options{})
	storetest.InsertInstance(b, db, "i-1")
	var n, runs atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			i := n.Add(1)
			c := storetest.Contact("i-1", rand.Text())
			c.ClientToken = rand.Text()
			c.PreviousContactID = fmt.Sprintf("p-%d", i%64) // 64 chains, each reached by many
			if err := db.Update(ctx, func(tx connect.Tx) error {
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

func BenchmarkGetContact(b *testing.B) {
	db := mustOpenFresh(b, postgres.Options{})
	storetest.InsertInstance(b, db, "i-1")
	const n = 1000
	if err := db.Update(context.Background(), func(tx connect.Tx) error {
		for i := range n {
			if err := tx.InsertContact(context.Background(), storetest.Contact("i-1", fmt.Sprintf("c-%d", i))); err != nil {
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
			if _, err := db.GetContact(ctx, "i-1", fmt.Sprintf("c-%d", i%n)); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
}

// BenchmarkStartTaskWithEventsParallel is BenchmarkStartTaskShapeParallel's
// insert plus what a started task also writes: the active-contact counter
// of its instance and two events. Both counters are single rows, so these
// Updates pass them one at a time; runs/op shows what that costs in retries.
func BenchmarkStartTaskWithEventsParallel(b *testing.B) {
	db := mustOpenFresh(b, postgres.Options{})
	storetest.InsertInstance(b, db, "i-1")
	var n, runs atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			n.Add(1)
			c := storetest.Contact("i-1", rand.Text())
			if err := db.Update(ctx, func(tx connect.Tx) error {
				runs.Add(1)
				if err := tx.InsertContact(ctx, c); err != nil {
					return err
				}
				if _, err := tx.AddActiveContacts(ctx, "i-1", 1); err != nil {
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
