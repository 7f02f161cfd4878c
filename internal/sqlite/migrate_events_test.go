package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"connectd/internal/sqlstore"
	"connectd/internal/storetest"
)

// TestMigrate0005 opens a database written by a connectd that knew only
// 0001 to 0004, with events of two partitions' instances and of a deleted
// instance in its outbox, and checks that 0005 gives each event its
// instance's partition (none for the deleted instance's) and that new
// events are written with theirs.
func TestMigrate0005(t *testing.T) {
	t.Parallel()
	var rows []string
	for _, in := range [][3]string{{"i-a", "111111111111", "us-east-1"}, {"i-b", "222222222222", "eu-west-1"}} {
		rows = append(rows, fmt.Sprintf(`INSERT INTO instances (id, arn, account_id, region, alias, identity_management_type,
			directory_id, status, inbound_calls_enabled, outbound_calls_enabled, service_role, created_time, client_token, tags)
			VALUES ('%s', 'arn:%[1]s', '%s', '%s', NULL, 'CONNECT_MANAGED', '', 'ACTIVE', 1, 1, '', 0, NULL, NULL)`, in[0], in[1], in[2]))
	}
	for i, inst := range []string{"i-a", "i-b", "i-gone", "i-a"} {
		rows = append(rows, fmt.Sprintf(`INSERT INTO contact_events (instance_id, contact_id, event_type, ts, body)
			VALUES ('%s', 'c-%d', 'QUEUED', %d, '{}')`, inst, i, 1000*(i+1)))
	}
	db := openMigrated(t, schemaBefore(t, 5, rows...))
	storetest.CheckMigratedEventPartitions(t, db)
}

// schemaBefore writes a database file as a connectd that knew the
// migrations before version left it, with rows (statements) in it, and
// returns its path.
func schemaBefore(t *testing.T, version int, rows ...string) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "connectd.db")
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", dsn(path, false, Options{BusyTimeout: time.Second}, false))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	all := []string{`CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`}
	for _, m := range ms {
		if m.Version >= version {
			break
		}
		all = append(all, m.SQL, fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, '%s', 0)`, m.Version, m.Name))
	}
	for _, stmt := range append(all, rows...) {
		if _, err := raw.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// openMigrated opens the database at path, which applies the migrations it
// lacks, and closes it at the end of the test.
func openMigrated(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("Open (migrating): %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
