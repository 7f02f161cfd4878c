package postgres

import (
	"context"
	"errors"
	"regexp"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"connectd/internal/sqlstore"
)

// querier is what a conn runs SQL on: the pool, or one Update's
// connection. pgx prepares and caches each statement per connection.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// conn is sqlstore.Conn on a querier. On a transaction (tx != nil) it vets
// each statement and watches the failures (see txState).
type conn struct {
	q  querier
	tx *txState
}

var _ sqlstore.Conn = (*conn)(nil)

// txState is one run of one Update's fn.
type txState struct {
	done  atomic.Bool // fn has returned: the tx must not be used any more
	retry atomic.Bool // a statement failed with a serialization failure or a deadlock
	// events counts the events appended so far: the next one's rank (see
	// dialect.AppendEvent). Statements of a transaction run one at a time.
	events int
}

// enter checks that a statement may run: the tx is still fn's and ctx is
// live. A ctx that ends during a statement cancels it, which aborts the
// transaction; nothing of it commits, so Update's answer is unambiguous.
func (c *conn) enter(ctx context.Context) error {
	if c.tx == nil {
		return nil
	}
	if c.tx.done.Load() {
		return sqlstore.ErrTxDone
	}
	return ctx.Err()
}

// observe notes a failed statement: a serialization failure or deadlock
// means the whole of fn runs again, whatever fn does with the error.
func (c *conn) observe(err error) error {
	if err != nil && c.tx != nil && isRetryable(err) {
		c.tx.retry.Store(true)
	}
	return err
}

func (c *conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if err := c.enter(ctx); err != nil {
		return 0, err
	}
	tag, err := c.q.Exec(ctx, rewrite(query), args...)
	return tag.RowsAffected(), c.observe(err)
}

func (c *conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	if err := c.enter(ctx); err != nil {
		return nil, err
	}
	rows, err := c.q.Query(ctx, rewrite(query), args...)
	if err != nil {
		return nil, c.observe(err)
	}
	return pgRows{rows, c}, nil
}

func (c *conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	if err := c.enter(ctx); err != nil {
		return sqlstore.ErrRow{Err: err}
	}
	return pgRow{c.q.QueryRow(ctx, rewrite(query), args...), c}
}

type pgRow struct {
	row pgx.Row
	c   *conn
}

func (r pgRow) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return r.c.observe(err)
}

type pgRows struct {
	pgx.Rows
	c *conn
}

func (r pgRows) Scan(dest ...any) error { return r.c.observe(r.Rows.Scan(dest...)) }
func (r pgRows) Err() error             { return r.c.observe(r.Rows.Err()) }

var (
	listParam = regexp.MustCompile(`\?(\d+)\[\]`)
	param     = regexp.MustCompile(`\?(\d+)`)
	rewritten sync.Map // neutral statement → PostgreSQL's
)

// rewrite turns a neutral statement into PostgreSQL's: ?N is $N, and a list
// parameter ?N[] is a text[]. Statements are few and static (bar
// SearchContacts' filter combinations), so each is rewritten once.
func rewrite(query string) string {
	if s, ok := rewritten.Load(query); ok {
		return s.(string)
	}
	s := listParam.ReplaceAllString(query, `$$$1::text[]`)
	s = param.ReplaceAllString(s, `$$$1`)
	rewritten.Store(query, s)
	return s
}
