package sqlite

import (
	"context"
	"sync"

	"connectd/internal/sqlstore"
)

// A memory database has no WAL, so a reader and the writer's batch exclude
// each other in SQLite, which makes the loser sleep and retry
// (busy_timeout): under a steady stream of writes a reader can starve for
// seconds. The memory DB orders them itself instead, with a sync.RWMutex:
// the writer holds it for a batch (BEGIN to COMMIT), each read statement
// shares it until its row is scanned or its rows are closed. Go's RWMutex
// lets waiting readers in between two batches and a waiting batch in
// between readers, so neither side starves and SQLite never sees a
// conflict.
//
// Every read of the store is one statement at a time (sqlstore scans a Row
// at once and closes Rows before its next statement), so no goroutine holds
// the lock twice, which an RWMutex forbids.

// lockedConn is a sqlstore.Conn whose statements share mu.
type lockedConn struct {
	c  sqlstore.Conn
	mu *sync.RWMutex
}

func (l lockedConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.c.Exec(ctx, query, args...)
}

func (l lockedConn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	l.mu.RLock()
	rows, err := l.c.Query(ctx, query, args...)
	if err != nil {
		l.mu.RUnlock()
		return nil, err
	}
	return &lockedRows{Rows: rows, unlock: sync.OnceFunc(l.mu.RUnlock)}, nil
}

func (l lockedConn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	l.mu.RLock()
	return &lockedRow{row: l.c.QueryRow(ctx, query, args...), unlock: sync.OnceFunc(l.mu.RUnlock)}
}

// lockedRows releases the lock when closed (once: callers may close twice).
type lockedRows struct {
	sqlstore.Rows
	unlock func()
}

func (r *lockedRows) Close() {
	r.Rows.Close()
	r.unlock()
}

// lockedRow releases the lock once scanned.
type lockedRow struct {
	row    sqlstore.Row
	unlock func()
}

func (r *lockedRow) Scan(dest ...any) error {
	defer r.unlock()
	return r.row.Scan(dest...)
}
