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

// TestMigrate0014 opens a database written by a connectd that knew
// migrations up to 0013, with an ended contact, and checks that 0014 keeps
// it readable and counted (through the rebuilt covering indexes), with no
// offer time and no routing profile.
func TestMigrate0014(t *testing.T) {
	t.Parallel()
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
	stmts := []string{`CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`}
	for _, m := range ms {
		if m.Version >= 14 {
			break
		}
		stmts = append(stmts, m.SQL, fmt.Sprintf(`INSERT INTO schema_migrations VALUES (%d, '%s', 0)`, m.Version, m.Name))
	}
	stmts = append(stmts, `INSERT INTO instances (id, arn, account_id, region, alias, identity_management_type,
			directory_id, status, inbound_calls_enabled, outbound_calls_enabled, service_role, created_time, client_token, tags)
			VALUES ('i-a', 'arn:i-a', '111111111111', 'us-east-1', NULL, 'CONNECT_MANAGED', '', 'ACTIVE', 1, 1, '', 0, NULL, NULL)`)
	for _, stmt := range append(stmts, storetest.PreAgentOfferContacts...) {
		if _, err := raw.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%.60s: %v", stmt, err)
		}
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open (migrating to 0014): %v", err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.CheckMigratedAgentOffer(t, db)
}
