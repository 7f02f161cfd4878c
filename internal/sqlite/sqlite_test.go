package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"connectd/internal/connect"
	"connectd/internal/sqlite"
	"connectd/internal/storetest"
)

// mustOpen opens a DB at path and closes it at the end of the test.
func mustOpen(tb testing.TB, path string, opts sqlite.Options) *sqlite.DB {
	tb.Helper()
	return storetest.MustOpen(tb, sqlite.Open, path, opts)
}

func TestStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) connect.Store {
		return mustOpen(t, filepath.Join(t.TempDir(), "connectd.db"), sqlite.Options{})
	})
}

// TestStoreNoBatching runs the suite with group commit off, so that the
// savepoint logic is not the only thing keeping requests apart.
func TestStoreNoBatching(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("short")
	}
	storetest.Run(t, func(t *testing.T) connect.Store {
		return mustOpen(t, filepath.Join(t.TempDir(), "connectd.db"), sqlite.Options{BatchMax: 1})
	})
}

func TestReopenKeepsData(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "connectd.db")
	db, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.InsertInstance(t, db, "i-1")
	if err := db.Update(t.Context(), func(tx connect.Tx) error {
		return tx.InsertContact(t.Context(), storetest.Contact("i-1", "c-1"))
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
	if err := db.Update(t.Context(), func(connect.Tx) error { return nil }); err == nil {
		t.Error("Update after Close = nil, want an error")
	}

	db = mustOpen(t, path, sqlite.Options{}) // migrations are not re-applied
	got, err := db.GetContact(t.Context(), "i-1", "c-1")
	if err != nil {
		t.Fatalf("GetContact after reopen = %v", err)
	}
	if got.References["r"].Value != "https://x" {
		t.Errorf("References after reopen = %v", got.References)
	}
}

func TestSecondOpenFails(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "connectd.db")
	mustOpen(t, path, sqlite.Options{})
	db2, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err == nil {
		db2.Close()
		t.Fatal("second Open of the same path = nil error, want a lock error")
	}
	if !strings.Contains(err.Error(), "in use") {
		t.Errorf("second Open error = %q, want it to say the database is in use", err)
	}
}

func TestOpenAfterCloseSucceeds(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "connectd.db")
	db, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustOpen(t, path, sqlite.Options{})
}

// TestCloseDrainsUpdates: Updates accepted before Close all get their answer
// and their writes persist; Close waits for them.
func TestCloseDrainsUpdates(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "connectd.db")
	db, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.InsertInstance(t, db, "i-1")
	const n = 100
	var (
		wg        sync.WaitGroup
		ok        sync.Map
		first     = make(chan struct{})
		firstOnce sync.Once
	)
	for i := range n {
		wg.Go(func() {
			id := fmt.Sprintf("c-%03d", i)
			err := db.Update(context.Background(), func(tx connect.Tx) error {
				return tx.InsertContact(context.Background(), storetest.Contact("i-1", id))
			})
			switch {
			case err == nil:
				ok.Store(id, true)
				firstOnce.Do(func() { close(first) })
			case strings.Contains(err.Error(), "closed"):
			default:
				t.Errorf("Update = %v", err)
			}
		})
	}
	<-first // Close while the other Updates are queued or arriving
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	db = mustOpen(t, path, sqlite.Options{})
	ok.Range(func(k, _ any) bool {
		if _, err := db.GetContact(t.Context(), "i-1", k.(string)); err != nil {
			t.Errorf("acknowledged %s: %v", k, err)
		}
		return true
	})
}

// TestContextDoneBeforeTurn: a request whose ctx ends while it waits is
// skipped with ctx.Err() and its fn never runs.
func TestContextDoneBeforeTurn(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, filepath.Join(t.TempDir(), "connectd.db"), sqlite.Options{})
	storetest.InsertInstance(t, db, "i-1")
	release := make(chan struct{})
	started := make(chan struct{})
	go db.Update(context.Background(), func(tx connect.Tx) error { // occupies the writer
		close(started)
		<-release
		return nil
	})
	<-started
	ctx, cancel := context.WithCancel(t.Context())
	var ran atomic.Bool
	done := make(chan error)
	go func() {
		done <- db.Update(ctx, func(tx connect.Tx) error { ran.Store(true); return nil })
	}()
	// Whether the request is already queued or still enqueueing, cancelling
	// it must make it fail with ctx.Err() without running.
	cancel()
	close(release)
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Update = %v, want context.Canceled", err)
	}
	if ran.Load() {
		t.Error("fn ran although its ctx was done before its turn")
	}
}

// TestTxAfterUpdate: a Tx retained past its Update refuses to work.
func TestTxAfterUpdate(t *testing.T) {
	t.Parallel()
	db := mustOpen(t, filepath.Join(t.TempDir(), "connectd.db"), sqlite.Options{})
	var kept connect.Tx
	if err := db.Update(t.Context(), func(tx connect.Tx) error { kept = tx; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := kept.InsertInstance(t.Context(), storetest.Instance("i-1")); err == nil {
		t.Error("InsertInstance on a retained Tx = nil, want an error")
	}
}

const helperEnv = "CONNECTD_SQLITE_CRASH_HELPER"

// TestHelperProcess is the child of TestCrashKeepsAcknowledged.
func TestHelperProcess(t *testing.T) {
	storetest.CrashHelper(t, helperEnv, sqlite.Open, sqlite.Options{})
}

// TestCrashKeepsAcknowledged: every Update acknowledged before a SIGKILL
// survives it (synchronous=FULL is what covers a power cut as well).
func TestCrashKeepsAcknowledged(t *testing.T) {
	t.Parallel()
	storetest.CrashKeepsAcknowledged(t, "TestHelperProcess", helperEnv,
		filepath.Join(t.TempDir(), "connectd.db"), sqlite.Open, sqlite.Options{})
}

// openMemory opens a memory database and closes it at the end of the test.
func openMemory(tb testing.TB, opts sqlite.Options) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.OpenMemory(tb.Context(), opts)
	if err != nil {
		tb.Fatalf("OpenMemory = %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close = %v", err)
		}
	})
	return db
}

// TestMemoryStore: the memory database (connectd --store memory) is the
// same store, so it passes the same suite. (Its writer is the file store's,
// whose savepoints TestStoreNoBatching covers.)
func TestMemoryStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) connect.Store { return openMemory(t, sqlite.Options{}) })
}

// TestMemoryStoresAreSeparate: each OpenMemory has a database of its own,
// and a closed one's data is gone.
func TestMemoryStoresAreSeparate(t *testing.T) {
	t.Parallel()
	a, b := openMemory(t, sqlite.Options{}), openMemory(t, sqlite.Options{})
	storetest.InsertInstance(t, a, "i-1")
	if _, err := a.GetInstance(t.Context(), "i-1"); err != nil {
		t.Fatalf("GetInstance in its own database = %v", err)
	}
	if _, err := b.GetInstance(t.Context(), "i-1"); !connect.IsNotFound(err) {
		t.Errorf("GetInstance in another memory database = %v, want NotFound", err)
	}
	storetest.InsertInstance(t, b, "i-1") // no conflict with a's
}

// TestMemoryLeavesNoFiles: the memory store writes nothing to disk, not
// even a lock or journal file, in the working directory or elsewhere it
// could be told to. (Serial: it changes the working directory.)
func TestMemoryLeavesNoFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db, err := sqlite.OpenMemory(t.Context(), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	storetest.InsertInstance(t, db, "i-1")
	for i := range 50 {
		if err := db.Update(t.Context(), func(tx connect.Tx) error {
			return tx.InsertContact(t.Context(), storetest.Contact("i-1", fmt.Sprintf("c-%d", i)))
		}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.GetContact(t.Context(), "i-1", "c-7"); err != nil {
		t.Fatalf("GetContact = %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("the memory store left %s in the working directory", e.Name())
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("after Close the working directory holds %d entries, want none", len(entries))
	}
}

// TestMemoryReadsDoNotStarve: under a steady stream of writes, reads of a
// memory database still get their turn promptly (they would wait for
// seconds on SQLite's busy retries alone) and never fail.
func TestMemoryReadsDoNotStarve(t *testing.T) {
	t.Parallel()
	db := openMemory(t, sqlite.Options{})
	storetest.InsertInstance(t, db, "i-1")
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	var (
		wg            sync.WaitGroup
		writes, reads atomic.Int64
		slowest       atomic.Int64
	)
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				if err := db.Update(ctx, func(tx connect.Tx) error {
					return tx.InsertContact(ctx, storetest.Contact("i-1", fmt.Sprintf("c-%d-%d", w, i)))
				}); err == nil {
					writes.Add(1)
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				start := time.Now()
				if _, err := db.GetInstance(t.Context(), "i-1"); err != nil {
					t.Errorf("GetInstance under writes = %v", err)
					return
				}
				reads.Add(1)
				if d := int64(time.Since(start)); d > slowest.Load() {
					slowest.Store(d)
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d writes, %d reads, slowest read %v", writes.Load(), reads.Load(), time.Duration(slowest.Load()))
	// Starving, a read waits about as long as the writes go on (2s).
	if d := time.Duration(slowest.Load()); d > time.Second {
		t.Errorf("slowest read took %v under writes, want well under a second", d)
	}
}
