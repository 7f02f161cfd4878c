package postgres

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"connectd/internal/sqlstore"
	"connectd/internal/storetest"
)

// TestMigrate0005 is the twin of the SQLite store's: events written before
// 0005 get their instance's partition (none for a deleted instance's), and
// new events are written with theirs.
func TestMigrate0005(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var stmts []string
	for _, in := range [][3]string{{"i-a", "111111111111", "us-east-1"}, {"i-b", "222222222222", "eu-west-1"}} {
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO instances (id, arn, account_id, region, identity_management_type,
			directory_id, status, inbound_calls_enabled, outbound_calls_enabled, service_role, created_time)
			VALUES ('%s', 'arn:%[1]s', '%s', '%s', 'CONNECT_MANAGED', '', 'ACTIVE', true, true, '', 0)`, in[0], in[1], in[2]))
	}
	for i, inst := range []string{"i-a", "i-b", "i-gone", "i-a"} {
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO contact_events (seq, instance_id, contact_id, event_type, ts, body)
			VALUES (%d, '%s', 'c-%d', 'QUEUED', %d, '{}')`, i+1, inst, i, 1000*(i+1)),
			`UPDATE event_seq SET seq = seq + 1`)
	}
	url := schemaBefore(t, 5, stmts...)
	db, err := Open(ctx, url, Options{})
	if err != nil {
		t.Fatalf("Open (migrating to 0005): %v", err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.CheckMigratedEventPartitions(t, db)
}

// schemaBefore returns the URL of a fresh schema holding migrations below
// version, as an older connectd left it, with rows written by stmts.
func schemaBefore(t *testing.T, version int, stmts ...string) string {
	t.Helper()
	ctx := context.Background()
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	url := SchemaURL(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	all := []string{`CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`}
	for _, m := range ms {
		if m.Version >= version {
			break
		}
		all = append(all, m.SQL, fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, '%s', 0)`, m.Version, m.Name))
	}
	for _, stmt := range append(all, stmts...) {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}
	return url
}
