package sqlite_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"connectd/internal/sqlite"
	"connectd/internal/storetest"
)

// The bodies are storetest's, shared with internal/postgres's benchmarks of
// the same names.

// benchDB opens a new database file for one benchmark.
func benchDB(b *testing.B, opts sqlite.Options) *sqlite.DB {
	b.Helper()
	return mustOpen(b, filepath.Join(b.TempDir(), "connectd.db"), opts)
}

// BenchmarkInsertContactParallel measures durable (synchronous=FULL) inserts
// from many goroutines. Compare BatchMax=1 (one fsync per Update) with the
// default (group commit).
func BenchmarkInsertContactParallel(b *testing.B) {
	for _, batch := range []int{1, 128} {
		b.Run(fmt.Sprintf("BatchMax=%d", batch), func(b *testing.B) {
			storetest.BenchInsertContactParallel(b, benchDB(b, sqlite.Options{BatchMax: batch}))
		})
	}
}

func BenchmarkGetContact(b *testing.B) {
	storetest.BenchGetContact(b, benchDB(b, sqlite.Options{}))
}

func BenchmarkStartTaskShapeParallel(b *testing.B) {
	storetest.BenchStartTaskShapeParallel(b, benchDB(b, sqlite.Options{}))
}

func BenchmarkStartTaskWithEventsParallel(b *testing.B) {
	storetest.BenchStartTaskWithEventsParallel(b, benchDB(b, sqlite.Options{}))
}
