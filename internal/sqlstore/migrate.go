package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Migration is one numbered, forward-only schema change. Both backends
// number theirs alike: migration N of SQLite and of PostgreSQL make the
// same schema, each in its dialect.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads the *.sql files of dir in fsys, named
// "NNNN_description.sql" with unique versions, in version order.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	seen := map[int]string{}
	for _, name := range names {
		base := strings.TrimPrefix(name, dir+"/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, base, v)
		}
		seen[v] = base
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(body)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	return ms, nil
}

// Pending returns the migrations of dir in fsys (see LoadMigrations) after
// version current, and refuses a database whose schema is newer than them.
func Pending(fsys fs.FS, dir string, current int) ([]Migration, error) {
	ms, err := LoadMigrations(fsys, dir)
	if err != nil {
		return nil, err
	}
	if last := ms[len(ms)-1].Version; current > last {
		return nil, fmt.Errorf("database schema version %d is newer than this connectd (%d)", current, last)
	}
	i := slices.IndexFunc(ms, func(m Migration) bool { return m.Version > current })
	if i < 0 {
		return nil, nil
	}
	return ms[i:], nil
}

// MigrationTx is the open transaction that Migrate runs in. Exec given no
// arguments must accept several statements in one string (a migration
// file); statements with arguments are in the neutral dialect.
type MigrationTx interface {
	Exec(ctx context.Context, query string, args ...any) error
	QueryInt(ctx context.Context, query string) (int, error)
}

// Migrate applies in tx, and records in schema_migrations (made by
// createTable when missing), the migrations of dir in fsys after the
// schema's current version. The caller begins and commits tx.
func Migrate(ctx context.Context, tx MigrationTx, fsys fs.FS, dir, createTable string) error {
	if err := tx.Exec(ctx, createTable); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	current, err := tx.QueryInt(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations")
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	pending, err := Pending(fsys, dir, current)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("apply %s: %w", m.Name, err)
		}
		if err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
			m.Version, m.Name, time.Now().UnixMilli()); err != nil {
			return fmt.Errorf("record %s: %w", m.Name, err)
		}
	}
	return nil
}
