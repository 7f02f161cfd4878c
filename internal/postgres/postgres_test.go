package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"connectd/internal/connect"
	"connectd/internal/postgres"
	"connectd/internal/storetest"
)

// mustOpen opens a DB on url and closes it at the end of the test.
func mustOpen(tb testing.TB, url string, opts postgres.Options) *postgres.DB {
	tb.Helper()
	return storetest.MustOpen(tb, postgres.Open, url, opts)
}

// mustOpenFresh opens a DB on a new, empty schema.
func mustOpenFresh(tb testing.TB, opts postgres.Options) *postgres.DB {
	tb.Helper()
	return mustOpen(tb, postgres.SchemaURL(tb), opts)
}

func TestStore(t *testing.T) {
	t.Parallel()
	postgres.DatabaseURL(t) // skip (or fail under CI) before the suite's subtests
	storetest.Run(t, func(t *testing.T) connect.Store {
		return mustOpenFresh(t, postgres.Options{})
	})
}

// TestConcurrentOpenMigrates: nodes starting together on an empty schema all
// open, and the migrations are applied exactly once.
func TestConcurrentOpenMigrates(t *testing.T) {
	t.Parallel()
	url := postgres.SchemaURL(t)
	const n = 4
	errs := make([]error, n)
	dbs := make([]*postgres.DB, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			dbs[i], errs[i] = postgres.Open(t.Context(), url, postgres.Options{})
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open %d = %v, want nil", i, err)
			continue
		}
		t.Cleanup(func() { dbs[i].Close() })
	}
	if t.Failed() {
		return
	}
	// Every node sees the others' writes: one schema, not one each.
	storetest.InsertInstance(t, dbs[0], "i-1")
	for i, db := range dbs {
		if _, err := db.GetInstance(t.Context(), "i-1"); err != nil {
			t.Errorf("GetInstance on node %d = %v", i, err)
		}
	}
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var rows, distinct int
	if err := conn.QueryRow(t.Context(), "SELECT count(*), count(DISTINCT version) FROM schema_migrations").Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows == 0 || rows != distinct {
		t.Errorf("schema_migrations has %d rows for %d versions, want each version once", rows, distinct)
	}
}

// TestOpenRefusesNewerSchema: a connectd older than the database's schema
// does not run on it.
func TestOpenRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	url := postgres.SchemaURL(t)
	mustOpen(t, url, postgres.Options{})
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 0)"); err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(t.Context(), url, postgres.Options{})
	if err == nil {
		db.Close()
		t.Fatal("Open on a newer schema = nil error")
	}
	if !strings.Contains(err.Error(), "newer than this connectd") {
		t.Errorf("Open error = %q, want it to say the schema is newer", err)
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, url, want string
	}{
		{"BadURL", "postgres://u:hunter2@[::1", "postgres:"},
		{"NoServer", "postgres://u:hunter2@127.0.0.1:1/db?connect_timeout=2", "postgres:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, err := postgres.Open(t.Context(), tc.url, postgres.Options{})
			if err == nil {
				db.Close()
				t.Fatalf("Open(%s) = nil error", tc.name)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Open error = %q, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("Open error = %q shows the password", err)
			}
		})
	}
}

// raceCountThenInsert runs two Updates that each count the contacts chained
// to "p" and insert one more if there is none yet. Both count before either
// inserts (a barrier on the first run of each), the interleaving that breaks
// such a rule under weaker isolation. It returns the Updates' errors and the
// number of fn runs.
func raceCountThenInsert(t *testing.T, db *postgres.DB) ([]error, int64) {
	t.Helper()
	storetest.InsertInstance(t, db, "i-1")
	const n = 2
	var (
		counted sync.WaitGroup
		runs    atomic.Int64
		errs    = make([]error, n)
		wg      sync.WaitGroup
	)
	counted.Add(n)
	for i := range n {
		var first sync.Once
		wg.Go(func() {
			errs[i] = db.Update(t.Context(), func(tx connect.Tx) error {
				runs.Add(1) // test instrumentation, not state the Update hands back
				ctx := t.Context()
				c, err := tx.CountContactsByPrevious(ctx, "i-1", "p")
				if err != nil {
					return err
				}
				first.Do(func() { counted.Done(); counted.Wait() })
				if c >= 1 {
					return errLimit
				}
				nc := storetest.Contact("i-1", fmt.Sprintf("c-%d", i))
				nc.PreviousContactID = "p"
				return tx.InsertContact(ctx, nc)
			})
		})
	}
	wg.Wait()
	return errs, runs.Load()
}

var errLimit = errors.New("limit reached")

// TestSerializableCountLimit: a rule checked by counting rows holds across
// concurrent Updates (as across nodes): exactly one wins, the other is
// retried, sees the winner's row and refuses.
func TestSerializableCountLimit(t *testing.T) {
	t.Parallel()
	db := mustOpenFresh(t, postgres.Options{})
	errs, runs := raceCountThenInsert(t, db)
	var won, refused int
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, errLimit):
			refused++
		default:
			t.Errorf("Update %d = %v, want nil or %v", i, err, errLimit)
		}
	}
	if won != 1 || refused != 1 {
		t.Errorf("%d Updates won and %d were refused, want 1 and 1", won, refused)
	}
	if runs < 3 {
		t.Errorf("fn ran %d times, want >= 3 (one Update retried)", runs)
	}
	n, err := db.CountContactsByPrevious(t.Context(), "i-1", "p")
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("contacts chained to p = %d, want 1", n)
	}
}

// TestLastRunIsExclusive: an exclusive run (with MaxAttempts 1, every run is
// one) waits for no one else to be running and holds the other Updates off
// until it ends, so it has nothing to fail to serialise against.
func TestLastRunIsExclusive(t *testing.T) {
	t.Parallel()
	url := postgres.SchemaURL(t)
	db := mustOpen(t, url, postgres.Options{MaxAttempts: 1})
	storetest.InsertInstance(t, db, "i-1")
	admin, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	var (
		aIn       = make(chan struct{})
		aReturned atomic.Bool
		wg        sync.WaitGroup
	)
	wg.Go(func() {
		if err := db.Update(t.Context(), func(tx connect.Tx) error {
			close(aIn)
			// Wait until B is queued on this schema's update gate (an
			// advisory lock not granted), then finish.
			deadline := time.Now().Add(10 * time.Second)
			for {
				var waiting bool
				if err := admin.QueryRow(t.Context(), `SELECT EXISTS (SELECT 1 FROM pg_locks
					WHERE locktype = 'advisory' AND NOT granted AND classid = 1668641892
					  AND objid::bigint = (hashtext(current_schema())::bigint + 4294967296) % 4294967296)`).Scan(&waiting); err != nil {
					return err
				}
				if waiting {
					break
				}
				if time.Now().After(deadline) {
					return errors.New("update B never queued behind A's exclusive run")
				}
				if err := sleep(t, time.Millisecond); err != nil {
					return err
				}
			}
			aReturned.Store(true)
			return tx.InsertContact(t.Context(), storetest.Contact("i-1", "c-a"))
		}); err != nil {
			t.Errorf("Update A = %v", err)
		}
	})
	<-aIn
	if err := db.Update(t.Context(), func(tx connect.Tx) error {
		if !aReturned.Load() {
			t.Error("Update B's fn ran while A's exclusive run was in progress")
		}
		return tx.InsertContact(t.Context(), storetest.Contact("i-1", "c-b"))
	}); err != nil {
		t.Errorf("Update B = %v", err)
	}
	wg.Wait()
}

// sleep pauses a polling loop briefly, or fails when the test is over.
func sleep(t *testing.T, d time.Duration) error {
	select {
	case <-time.After(d):
		return nil
	case <-t.Context().Done():
		return t.Context().Err()
	}
}

// TestRetryRecomputes: a run that failed to serialise leaves nothing behind;
// only the last run's writes persist.
func TestRetryRecomputes(t *testing.T) {
	t.Parallel()
	db := mustOpenFresh(t, postgres.Options{})
	storetest.InsertInstance(t, db, "i-1")
	var (
		wg      sync.WaitGroup
		counted sync.WaitGroup
	)
	counted.Add(2)
	for i := range 2 {
		var first sync.Once
		wg.Go(func() {
			err := db.Update(t.Context(), func(tx connect.Tx) error {
				ctx := t.Context()
				// Each run reads the attribute set and writes it back with
				// one more key: a lost update would drop a key.
				m, err := tx.GetAttributes(ctx, "i-1", "s")
				if err != nil {
					return err
				}
				first.Do(func() { counted.Done(); counted.Wait() })
				if m == nil {
					m = map[string]string{}
				}
				m[strconv.Itoa(i)] = "x"
				return tx.PutAttributes(ctx, "i-1", "s", m)
			})
			if err != nil {
				t.Errorf("Update %d = %v", i, err)
			}
		})
	}
	wg.Wait()
	m, err := db.GetAttributes(t.Context(), "i-1", "s")
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 {
		t.Errorf("attributes = %v, want both Updates' keys", m)
	}
}

// TestConnectionLoss: a connection that dies inside an Update makes it fail
// with an Internal error, never succeed, and leaves nothing half-written;
// the store serves the next request on a new connection.
func TestConnectionLoss(t *testing.T) {
	t.Parallel()
	app := "connectd_kill_" + strconv.FormatInt(time.Now().UnixNano(), 36)
	url := postgres.WithParam(t, postgres.SchemaURL(t), "application_name", app)
	db := mustOpen(t, url, postgres.Options{})
	storetest.InsertInstance(t, db, "i-1")
	admin, err := pgx.Connect(t.Context(), postgres.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	kill := func() {
		if _, err := admin.Exec(t.Context(),
			"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", app); err != nil {
			t.Fatal(err)
		}
	}
	err = db.Update(t.Context(), func(tx connect.Tx) error {
		if err := tx.InsertContact(t.Context(), storetest.Contact("i-1", "c-lost")); err != nil {
			return err
		}
		kill()
		return tx.PutAttributes(t.Context(), "i-1", "c-lost", map[string]string{"a": "b"})
	})
	if err == nil || connect.KindOf(err) != connect.Internal {
		t.Fatalf("Update across a lost connection = %v, want an Internal error", err)
	}
	if _, err := db.GetContact(t.Context(), "i-1", "c-lost"); !connect.IsNotFound(err) {
		t.Errorf("GetContact after the failed Update = %v, want NotFound", err)
	}

	// Killed between fn and COMMIT: the commit cannot be acknowledged.
	err = db.Update(t.Context(), func(tx connect.Tx) error {
		if err := tx.InsertContact(t.Context(), storetest.Contact("i-1", "c-lost-2")); err != nil {
			return err
		}
		kill()
		return nil
	})
	if err == nil || connect.KindOf(err) != connect.Internal {
		t.Fatalf("Update killed before COMMIT = %v, want an Internal error", err)
	}
	if _, err := db.GetContact(t.Context(), "i-1", "c-lost-2"); !connect.IsNotFound(err) {
		t.Errorf("GetContact after the failed Update = %v, want NotFound", err)
	}

	if err := db.Ping(t.Context()); err != nil {
		t.Errorf("Ping after the lost connections = %v", err)
	}
	if err := db.Update(t.Context(), func(tx connect.Tx) error {
		return tx.InsertContact(t.Context(), storetest.Contact("i-1", "c-after"))
	}); err != nil {
		t.Errorf("Update after the lost connections = %v", err)
	}
}

func TestPingAndClose(t *testing.T) {
	t.Parallel()
	db, err := postgres.Open(t.Context(), postgres.SchemaURL(t), postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(t.Context()); err != nil {
		t.Errorf("Ping = %v", err)
	}
	var kept connect.Tx
	if err := db.Update(t.Context(), func(tx connect.Tx) error { kept = tx; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := kept.InsertInstance(t.Context(), storetest.Instance("i-1")); err == nil {
		t.Error("InsertInstance on a retained Tx = nil, want an error")
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close = %v, want nil", err)
	}
	if err := db.Ping(t.Context()); connect.KindOf(err) != connect.Internal || err == nil {
		t.Errorf("Ping after Close = %v, want an Internal error", err)
	}
	if err := db.Update(t.Context(), func(connect.Tx) error { return nil }); err == nil {
		t.Error("Update after Close = nil, want an error")
	}
}

// TestNULCharacter: PostgreSQL text cannot hold U+0000; a value carrying one
// is the client's error (Invalid), not the server's. Inside JSON (attributes,
// tags) it is stored escaped and round-trips.
func TestNULCharacter(t *testing.T) {
	t.Parallel()
	db := mustOpenFresh(t, postgres.Options{})
	storetest.InsertInstance(t, db, "i-1")
	c := storetest.Contact("i-1", "c-1")
	c.Name = "a\x00b"
	err := db.Update(t.Context(), func(tx connect.Tx) error { return tx.InsertContact(t.Context(), c) })
	if connect.KindOf(err) != connect.Invalid {
		t.Errorf("InsertContact with a NUL in Name = %v, want an Invalid error", err)
	}
	want := map[string]string{"k\x00": "v\x00"}
	if err := db.Update(t.Context(), func(tx connect.Tx) error {
		return tx.PutAttributes(t.Context(), "i-1", "s", want)
	}); err != nil {
		t.Fatalf("PutAttributes with NULs = %v", err)
	}
	got, err := db.GetAttributes(t.Context(), "i-1", "s")
	if err != nil || got["k\x00"] != "v\x00" {
		t.Errorf("GetAttributes = %q, %v; want %q", got, err, want)
	}
}

const helperEnv = "CONNECTD_POSTGRES_CRASH_HELPER"

// TestHelperProcess is the child of TestCrashKeepsAcknowledged.
func TestHelperProcess(t *testing.T) {
	storetest.CrashHelper(t, helperEnv, postgres.Open, postgres.Options{})
}

// TestCrashKeepsAcknowledged: every Update acknowledged before a SIGKILL is
// in the database, since Update answers only after COMMIT.
func TestCrashKeepsAcknowledged(t *testing.T) {
	t.Parallel()
	storetest.CrashKeepsAcknowledged(t, "TestHelperProcess", helperEnv, postgres.SchemaURL(t), postgres.Open, postgres.Options{})
}

func TestLocation(t *testing.T) {
	t.Parallel()
	tests := []struct{ url, want string }{
		{"postgres://alice:hunter2@db.example:6543/connectd?sslmode=disable", "postgres://alice@db.example:6543/connectd"},
		{"host=10.0.0.1 user=bob password=hunter2 dbname=x", "postgres://bob@10.0.0.1:5432/x"},
		{"postgres://[::1", "postgres"},
	}
	for _, tc := range tests {
		if got := postgres.Location(tc.url); got != tc.want {
			t.Errorf("Location(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
