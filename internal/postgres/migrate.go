package postgres

import (
	"context"
	"embed"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"connectd/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrateLockClass is the first key of the advisory lock that serialises
// migrations ("conn" in ASCII); the second is a hash of the schema migrated,
// so that separate schemas of one database (the tests' ones) do not wait
// for each other.
const migrateLockClass = 0x636f6e6e

// migrate applies the migrations the database has not seen, all in one
// transaction. The transaction first takes an advisory lock, released by its
// end: of several processes migrating at once, one applies the migrations and
// the others, once it commits, find them applied. PostgreSQL's DDL is
// transactional, so a failed migration leaves nothing behind.
func migrate(ctx context.Context, pool *pgxpool.Pool) (err error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1, hashtext(coalesce(current_schema(), '')))",
		int32(migrateLockClass)); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	// A migration file has no arguments: pgx sends it as a simple query,
	// which may hold several statements.
	if err := sqlstore.Migrate(ctx, migrationTx{tx}, migrationFS, "migrations", `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at BIGINT  NOT NULL
	)`); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// migrationTx is sqlstore.MigrationTx on a pgx transaction.
type migrationTx struct{ pgx.Tx }

func (t migrationTx) Exec(ctx context.Context, query string, args ...any) error {
	if len(args) > 0 {
		query = rewrite(query)
	}
	_, err := t.Tx.Exec(ctx, query, args...)
	return err
}

func (t migrationTx) QueryInt(ctx context.Context, query string) (n int, err error) {
	return n, t.Tx.QueryRow(ctx, query).Scan(&n)
}
