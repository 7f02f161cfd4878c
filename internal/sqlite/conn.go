package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"sync"

	"connectd/internal/sqlstore"
)

// queryer is what a conn runs SQL on: the read pool (*sql.DB) or the
// writer's connection (*sql.Conn).
type queryer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// conn is sqlstore.Conn on a queryer. Statements are rewritten from the
// neutral dialect once, when they are prepared.
type conn struct {
	q     queryer
	stmts *stmtCache
	// enter vets a statement before it runs and returns the ctx to run it with.
	enter func(ctx context.Context) (context.Context, error)
}

var _ sqlstore.Conn = (*conn)(nil)

func (c *conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	ctx, err := c.enter(ctx)
	if err != nil {
		return 0, err
	}
	s, text, err := c.stmts.get(ctx, query)
	if err != nil {
		return 0, err
	}
	var res sql.Result
	if s != nil {
		res, err = s.ExecContext(ctx, args...)
	} else {
		res, err = c.q.ExecContext(ctx, text, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c *conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	ctx, err := c.enter(ctx)
	if err != nil {
		return nil, err
	}
	s, text, err := c.stmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if s != nil {
		rows, err = s.QueryContext(ctx, args...)
	} else {
		rows, err = c.q.QueryContext(ctx, text, args...)
	}
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (c *conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	ctx, err := c.enter(ctx)
	if err != nil {
		return errRow{err}
	}
	s, text, err := c.stmts.get(ctx, query)
	if err != nil {
		return errRow{err}
	}
	if s != nil {
		return sqlRow{s.QueryRowContext(ctx, args...)}
	}
	rows, err := c.q.QueryContext(ctx, text, args...)
	if err != nil {
		return errRow{err}
	}
	return firstRow{rows}
}

// sqlRow reports sql.ErrNoRows as sqlstore.ErrNoRows.
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
		return sqlstore.ErrNoRows
	}
	return r.rows.Scan(dest...)
}

type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

func noRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { _ = r.Rows.Close() }

// maxCachedStmts bounds the statement cache: statements built per call
// (SearchContacts' filters) beyond it run unprepared.
const maxCachedStmts = 512

// stmtCache prepares each statement once per queryer. On the read pool,
// database/sql re-prepares a *sql.Stmt lazily on each connection.
type stmtCache struct {
	q  queryer
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func newStmtCache(q queryer) *stmtCache { return &stmtCache{q: q, m: map[string]*sql.Stmt{}} }

// get returns the prepared statement for the neutral query, or, once the
// cache is full, nil and the rewritten text to run unprepared.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, string, error) {
	c.mu.RLock()
	s, ok := c.m[query]
	full := len(c.m) >= maxCachedStmts
	c.mu.RUnlock()
	if ok {
		return s, "", nil
	}
	text := rewrite(query)
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

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for k, s := range c.m {
		errs = append(errs, s.Close())
		delete(c.m, k)
	}
	return errors.Join(errs...)
}

var (
	anyList = regexp.MustCompile(`=\s*ANY\s*\(\s*\?(\d+)\[\]\s*\)`)
	list    = regexp.MustCompile(`\?(\d+)\[\]`)
)

// rewrite turns a neutral statement into SQLite's: a list parameter ?N[]
// is a JSON array, read with json_each.
func rewrite(query string) string {
	query = anyList.ReplaceAllString(query, `IN (SELECT value FROM json_each(?$1))`)
	return list.ReplaceAllString(query, `?$1`)
}
