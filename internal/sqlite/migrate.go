package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"

	"connectd/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrate applies the migrations conn has not seen, all in one transaction.
func migrate(ctx context.Context, conn *sql.Conn) (err error) {
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	if err := sqlstore.Migrate(ctx, migrationConn{conn}, migrationFS, "migrations", `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at INTEGER NOT NULL
	) STRICT`); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// migrationConn is sqlstore.MigrationTx on the writer's connection.
type migrationConn struct{ *sql.Conn }

func (c migrationConn) Exec(ctx context.Context, query string, args ...any) error {
	_, err := c.ExecContext(ctx, query, args...)
	return err
}

func (c migrationConn) QueryInt(ctx context.Context, query string) (n int, err error) {
	return n, c.QueryRowContext(ctx, query).Scan(&n)
}
