package postgres_test

import (
	"testing"

	"connectd/internal/postgres"
	"connectd/internal/storetest"
)

// The bodies are storetest's, shared with internal/sqlite's benchmarks of the
// same names. Each Update is one transaction (and one WAL flush, unless the
// server batches commits itself) at SERIALIZABLE, so runs/op counts retries.

func BenchmarkInsertContactParallel(b *testing.B) {
	storetest.BenchInsertContactParallel(b, mustOpenFresh(b, postgres.Options{}))
}

func BenchmarkGetContact(b *testing.B) {
	storetest.BenchGetContact(b, mustOpenFresh(b, postgres.Options{}))
}

func BenchmarkStartTaskShapeParallel(b *testing.B) {
	storetest.BenchStartTaskShapeParallel(b, mustOpenFresh(b, postgres.Options{}))
}

func BenchmarkStartTaskWithEventsParallel(b *testing.B) {
	storetest.BenchStartTaskWithEventsParallel(b, mustOpenFresh(b, postgres.Options{}))
}
