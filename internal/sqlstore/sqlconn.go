package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// Queryer is what an SQLConn runs statements on: a database/sql pool
// (*sql.DB) or one of its connections (*sql.Conn).
type Queryer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// SQLConn is a Conn on database/sql. Statements are rewritten from the
// neutral dialect by the cache's rewrite once, when they are prepared.
type SQLConn struct {
	Q     Queryer
	Stmts *StmtCache
	// Enter vets a statement before it runs and returns the ctx to run it
	// with (a transaction's checks); nil runs every statement as it comes.
	Enter func(ctx context.Context) (context.Context, error)
}

var _ Conn = (*SQLConn)(nil)

// enter vets the statement and dereferences the nullable arguments the
// store passes (*string, *int64, *int32), which database/sql would otherwise
// convert by reflection.
func (c *SQLConn) enter(ctx context.Context, args []any) (context.Context, error) {
	for i, a := range args {
		switch v := a.(type) {
		case *string:
			args[i] = deref(v)
		case *int64:
			args[i] = deref(v)
		case *int32:
			args[i] = deref(v)
		}
	}
	if c.Enter == nil {
		return ctx, nil
	}
	return c.Enter(ctx)
}

// deref is *p, or nil (SQL NULL) for a nil p.
func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func (c *SQLConn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	ctx, err := c.enter(ctx, args)
	if err != nil {
		return 0, err
	}
	s, text, err := c.Stmts.get(ctx, query)
	if err != nil {
		return 0, err
	}
	var res sql.Result
	if s != nil {
		res, err = s.ExecContext(ctx, args...)
	} else {
		res, err = c.Q.ExecContext(ctx, text, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c *SQLConn) Query(ctx context.Context, query string, args ...any) (Rows, error) {
	ctx, err := c.enter(ctx, args)
	if err != nil {
		return nil, err
	}
	s, text, err := c.Stmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if s != nil {
		rows, err = s.QueryContext(ctx, args...)
	} else {
		rows, err = c.Q.QueryContext(ctx, text, args...)
	}
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (c *SQLConn) QueryRow(ctx context.Context, query string, args ...any) Row {
	ctx, err := c.enter(ctx, args)
	if err != nil {
		return ErrRow{Err: err}
	}
	s, text, err := c.Stmts.get(ctx, query)
	if err != nil {
		return ErrRow{Err: err}
	}
	if s != nil {
		return sqlRow{s.QueryRowContext(ctx, args...)}
	}
	rows, err := c.Q.QueryContext(ctx, text, args...)
	if err != nil {
		return ErrRow{Err: err}
	}
	return firstRow{rows}
}

// sqlRow reports sql.ErrNoRows as ErrNoRows.
type sqlRow struct{ *sql.Row }

func (r sqlRow) Scan(dest ...any) error { return noRows(r.Row.Scan(dest...)) }

// firstRow is the first row of an unprepared query.
type firstRow struct{ rows *sql.Rows }

func (r firstRow) Scan(dest ...any) error {
	defer r.rows.Close()
	if !r.rows.Next() {
		if err := r.rows.Err(); err != nil {
			return err
		}
		return ErrNoRows
	}
	return r.rows.Scan(dest...)
}

// ErrRow is a Row whose statement failed before it ran: Scan returns Err.
type ErrRow struct{ Err error }

func (r ErrRow) Scan(...any) error { return r.Err }

func noRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNoRows
	}
	return err
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

// maxCachedStmts bounds the statement cache: statements built per call
// (SearchContacts' filters) beyond it run unprepared.
const maxCachedStmts = 512

// StmtCache prepares each statement once per Queryer, rewritten for the
// engine. On a pool, database/sql re-prepares a *sql.Stmt lazily on each
// connection.
type StmtCache struct {
	q       Queryer
	rewrite func(string) string
	mu      sync.RWMutex
	m       map[string]*sql.Stmt
}

// NewStmtCache returns the statement cache of q; rewrite turns a neutral
// statement into the engine's.
func NewStmtCache(q Queryer, rewrite func(string) string) *StmtCache {
	return &StmtCache{q: q, rewrite: rewrite, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement for the neutral query, or, once the
// cache is full, nil and the rewritten text to run unprepared.
func (c *StmtCache) get(ctx context.Context, query string) (*sql.Stmt, string, error) {
	c.mu.RLock()
	s, ok := c.m[query]
	full := len(c.m) >= maxCachedStmts
	c.mu.RUnlock()
	if ok {
		return s, "", nil
	}
	text := c.rewrite(query)
	if full {
		return nil, text, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s, "", nil
	}
	s, err := c.q.PrepareContext(ctx, text)
	if err != nil {
		return nil, "", err
	}
	c.m[query] = s
	return s, "", nil
}

// Close closes every prepared statement.
func (c *StmtCache) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for k, s := range c.m {
		errs = append(errs, s.Close())
		delete(c.m, k)
	}
	return errors.Join(errs...)
}
