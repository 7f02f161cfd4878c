package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"connectd/internal/sqlstore"
)

// TestMigrateFrom0001: a database left at 0001 by a pre-release connectd
// migrates when it holds no instance. With an instance, 0002 refuses it
// (its SQLite twin backfills agent resources this store does not), and the
// refusal leaves the database as it was.
func TestMigrateFrom0001(t *testing.T) {
	t.Parallel()
	ms, err := sqlstore.LoadMigrations(migrationFS, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		instance bool
		wantErr  string // "": Open succeeds
	}{
		{"Empty", false, ""},
		{"WithAnInstance", true, "pre-release connectd"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url := SchemaURL(t)
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)
			stmts := []string{
				`CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`,
				ms[0].SQL,
				`INSERT INTO schema_migrations VALUES (1, '0001_init.sql', 0)`,
			}
			if tc.instance {
				stmts = append(stmts, `INSERT INTO instances (id, arn, account_id, region, identity_management_type,
					directory_id, status, inbound_calls_enabled, outbound_calls_enabled, service_role, created_time)
					VALUES ('i-1', 'arn:i-1', 'a', 'r', 'CONNECT_MANAGED', '', 'ACTIVE', true, true, '', 0)`)
			}
			for _, stmt := range stmts {
				if _, err := conn.Exec(ctx, stmt); err != nil {
					t.Fatalf("%.40s: %v", stmt, err)
				}
			}
			db, err := Open(ctx, url, Options{})
			if err == nil {
				db.Close()
			}
			var (
				version int
				users   *string
			)
			if err := conn.QueryRow(ctx, `SELECT max(version), to_regclass('users')::text FROM schema_migrations`).Scan(&version, &users); err != nil {
				t.Fatal(err)
			}
			last := ms[len(ms)-1].Version
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Open = %v", err)
			case tc.wantErr == "" && (version != last || users == nil):
				t.Errorf("after Open: schema version %d, users table %v; want %d and present", version, users, last)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("Open = %v, want an error saying %q", err, tc.wantErr)
			case tc.wantErr != "" && (version != 1 || users != nil):
				t.Errorf("after the refusal: schema version %d, users table %v; want 1 and none", version, users)
			}
		})
	}
}
