package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"connectd/internal/connect"
	"connectd/internal/sqlite"
	"connectd/internal/storetest"
)

// BenchmarkInsertContactParallel measures durable (synchronous=FULL) inserts
// from many goroutines. Compare BatchMax=1 (one fsync per Update) with the
// default (group commit).
func BenchmarkInsertContactParallel(b *testing.B) {
	for _, batch := range []int{1, 128} {
		b.Run(fmt.Sprintf("BatchMax=%d", batch), func(b *testing.B) {
			db := mustOpen(b, filepath.Join(b.TempDir(), "connectd.db"), sqlite.Options{BatchMax: batch})
			storetest.InsertInstance(b, db, "i-1")
			var n atomic.Int64
			b.SetParallelism(16) // callers blocked on the fsync, as HTTP handlers would be
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
		})
	}
}

func BenchmarkGetContact(b *testing.B) {
	db := mustOpen(b, filepath.Join(b.TempDir(), "connectd.db"), sqlite.Options{})
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
