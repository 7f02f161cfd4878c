package sqlstore

import (
	"context"
	"sync"
)

// LockedConn is a Conn whose statements each hold Mu for reading, until
// their row is scanned or their rows are closed, so that a writer holding
// Mu (a backend's batch) and the readers take turns instead of meeting in
// the engine. A goroutine runs one statement at a time (see Reader), so no
// goroutine holds Mu twice, which an RWMutex forbids.
type LockedConn struct {
	C  Conn
	Mu *sync.RWMutex
}

func (l LockedConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	l.Mu.RLock()
	defer l.Mu.RUnlock()
	return l.C.Exec(ctx, query, args...)
}

func (l LockedConn) Query(ctx context.Context, query string, args ...any) (Rows, error) {
	l.Mu.RLock()
	rows, err := l.C.Query(ctx, query, args...)
	if err != nil {
		l.Mu.RUnlock()
		return nil, err
	}
	return &lockedRows{Rows: rows, unlock: sync.OnceFunc(l.Mu.RUnlock)}, nil
}

func (l LockedConn) QueryRow(ctx context.Context, query string, args ...any) Row {
	l.Mu.RLock()
	return &lockedRow{row: l.C.QueryRow(ctx, query, args...), unlock: sync.OnceFunc(l.Mu.RUnlock)}
}

// lockedRows releases the lock when closed (once: callers may close twice).
type lockedRows struct {
	Rows
	unlock func()
}

func (r *lockedRows) Close() {
	r.Rows.Close()
	r.unlock()
}

// lockedRow releases the lock once scanned.
type lockedRow struct {
	row    Row
	unlock func()
}

func (r *lockedRow) Scan(dest ...any) error {
	defer r.unlock()
	return r.row.Scan(dest...)
}
