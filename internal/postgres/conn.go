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
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// conn is sqlstore.Conn on a querier. On a transaction (tx != nil) it vets
// each statement, watches the failures (see txState), and holds back the
// statements whose answer can wait (see sqlstore.Later): they go to the
// server in one round trip with the next statement that needs an answer,
// or with COMMIT.
type conn struct {
	q  querier
	tx *txState
}

var (
	_ sqlstore.Conn  = (*conn)(nil)
	_ sqlstore.Later = (*conn)(nil)
)

// txState is one run of one Update's fn.
type txState struct {
	done  atomic.Bool // fn has returned: the tx must not be used any more
	retry atomic.Bool // a statement failed with a serialization failure or a deadlock
	// events counts the events appended so far: the next one's rank (see
	// dialect.AppendEvent). Statements of a transaction run one at a time.
	events int

	// held are the statements held back, reads the functions that read
	// their results, in order. BEGIN itself is held until the first
	// statement that needs an answer.
	held  *pgx.Batch
	reads []func(pgx.BatchResults) error
	// sent reports that statements went to the server: the transaction
	// may be open there.
	sent bool
	// failed is the first error outcome of a held-back statement: the
	// transaction fails with it, whatever fn does.
	failed error
	// dealFirst lets a start whose session has no headroom ask for a deal
	// (deal) instead of dealing in this transaction (see dealAhead).
	dealFirst bool
	deal      *dealRequest
}

// hold adds a statement to the held-back ones; read reads its result.
func (st *txState) hold(sql string, args []any, read func(pgx.BatchResults) error) {
	if st.held == nil {
		st.held = &pgx.Batch{}
	}
	st.held.Queue(sql, args...)
	st.reads = append(st.reads, read)
}

// enter checks that a statement may run: the tx is still fn's, no statement
// held back has failed, and ctx is live. A ctx that ends during a statement
// cancels it, which aborts the transaction; nothing of it commits, so
// Update's answer is unambiguous.
func (c *conn) enter(ctx context.Context) error {
	if c.tx == nil {
		return nil
	}
	if c.tx.done.Load() {
		return sqlstore.ErrTxDone
	}
	if c.tx.failed != nil {
		return c.tx.failed
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

// holding reports whether statements are held back: the next statement
// must go with them.
func (c *conn) holding() bool { return c.tx != nil && c.tx.held != nil }

// send sends the held-back statements, then query unless it is "", in one
// batch, and reads the held-back statements' results. The batch it returns
// is at query's result; the caller reads it and closes the batch. If a
// held-back statement failed, send closes the batch and returns the
// failure.
func (c *conn) send(ctx context.Context, query string, args []any) (pgx.BatchResults, error) {
	st := c.tx
	b, reads := st.held, st.reads
	st.held, st.reads = nil, nil
	if query != "" {
		b.Queue(query, args...)
	}
	st.sent = true
	br := c.q.SendBatch(ctx, b)
	for _, read := range reads {
		if err := read(br); err != nil && st.failed == nil {
			st.failed = err
		}
	}
	if st.failed != nil {
		_ = br.Close()
		return nil, st.failed
	}
	return br, nil
}

// ExecLater holds query back on a transaction (see sqlstore.Later); on the
// pool it runs it now.
func (c *conn) ExecLater(ctx context.Context, done func(n int64, err error) error, query string, args ...any) error {
	if c.tx == nil {
		return done(c.Exec(ctx, query, args...))
	}
	if err := c.enter(ctx); err != nil {
		return err
	}
	c.tx.hold(rewrite(query), args, func(br pgx.BatchResults) error {
		tag, err := br.Exec()
		return done(tag.RowsAffected(), c.observe(err))
	})
	return nil
}

// QueryLater is ExecLater for a statement that returns rows, which done
// reads.
func (c *conn) QueryLater(ctx context.Context, done func(rows sqlstore.Rows, err error) error, query string, args ...any) error {
	if c.tx == nil {
		rows, err := c.Query(ctx, query, args...)
		if err != nil {
			return done(nil, err)
		}
		defer rows.Close()
		return done(rows, nil)
	}
	if err := c.enter(ctx); err != nil {
		return err
	}
	c.tx.hold(rewrite(query), args, func(br pgx.BatchResults) error {
		rows, err := br.Query()
		if err != nil {
			return done(nil, c.observe(err))
		}
		defer rows.Close()
		return done(pgRows{Rows: rows, c: c}, nil)
	})
	return nil
}

func (c *conn) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	if err := c.enter(ctx); err != nil {
		return 0, err
	}
	if c.holding() {
		br, err := c.send(ctx, rewrite(query), args)
		if err != nil {
			return 0, err
		}
		tag, err := br.Exec()
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		return tag.RowsAffected(), c.observe(err)
	}
	tag, err := c.q.Exec(ctx, rewrite(query), args...)
	return tag.RowsAffected(), c.observe(err)
}

func (c *conn) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	if err := c.enter(ctx); err != nil {
		return nil, err
	}
	if c.holding() {
		br, err := c.send(ctx, rewrite(query), args)
		if err != nil {
			return nil, err
		}
		rows, err := br.Query()
		if err != nil {
			_ = br.Close()
			return nil, c.observe(err)
		}
		return pgRows{Rows: rows, c: c, br: br}, nil
	}
	rows, err := c.q.Query(ctx, rewrite(query), args...)
	if err != nil {
		return nil, c.observe(err)
	}
	return pgRows{Rows: rows, c: c}, nil
}

func (c *conn) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	if err := c.enter(ctx); err != nil {
		return sqlstore.ErrRow{Err: err}
	}
	if c.holding() {
		br, err := c.send(ctx, rewrite(query), args)
		if err != nil {
			return sqlstore.ErrRow{Err: err}
		}
		return pgRow{row: br.QueryRow(), c: c, br: br}
	}
	return pgRow{row: c.q.QueryRow(ctx, rewrite(query), args...), c: c}
}

// pgRow is QueryRow's row; br, when set, is the batch it came in, closed
// once the row is read.
type pgRow struct {
	row pgx.Row
	c   *conn
	br  pgx.BatchResults
}

func (r pgRow) Scan(dest ...any) error {
	err := r.row.Scan(dest...)
	if r.br != nil {
		if cerr := r.br.Close(); err == nil {
			err = cerr
		}
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return r.c.observe(err)
}

// pgRows are Query's rows; br, when set, is the batch they came in, closed
// with them.
type pgRows struct {
	pgx.Rows
	c  *conn
	br pgx.BatchResults
}

func (r pgRows) Scan(dest ...any) error { return r.c.observe(r.Rows.Scan(dest...)) }
func (r pgRows) Err() error             { return r.c.observe(r.Rows.Err()) }

func (r pgRows) Close() {
	r.Rows.Close()
	if r.br != nil {
		_ = r.br.Close()
	}
}

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
