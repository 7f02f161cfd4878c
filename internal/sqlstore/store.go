package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"connectd/internal/connect"
)

// Conn runs statements written in the neutral dialect (see the package
// documentation). A backend adapts its pool or its transaction to it: the
// adapter rewrites the statement for its engine, refuses statements on a
// transaction whose Update has returned, watches failures its transaction
// discipline cares about, and reports a missing row as ErrNoRows.
type Conn interface {
	// Exec runs a statement that returns no rows and reports how many rows
	// it changed.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	// QueryRow runs a statement that returns at most one row. An error of
	// the statement is returned by the Row's Scan.
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Row is one row of QueryRow. Scan returns ErrNoRows when there is none.
// Nullable columns scan into pointers (*string, *int64, ...): nil for NULL.
type Row interface {
	Scan(dest ...any) error
}

// Rows are the rows of Query.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// ErrNoRows is what Row.Scan returns when the statement found no row.
var ErrNoRows = errors.New("sqlstore: no rows")

// Dialect is what differs between engines beyond the neutral dialect's
// rewrites.
type Dialect interface {
	// List encodes a list parameter (?N[]). An empty list is NULL, which
	// list filters read as "no filter" and "= ANY" matches nothing with.
	List(l []string) any
	// NoLimit is the LIMIT argument that means "every row".
	NoLimit() any
	// ClaimDue ends the due-contacts statement: how a transaction claims the
	// rows it reads so that concurrent schedulers skip them ("" on an engine
	// with a single writer, where reading is owning).
	ClaimDue() string
	// LastEventSeq is the statement that returns the highest event Seq ever
	// written (0 if none), also after retention deleted the events; on an
	// engine whose Seqs commit out of order, at most the EventHorizon.
	LastEventSeq() string
	// AppendEvent writes e to the outbox on c and sets e.Seq, so that a
	// reader of the Seqs below the EventHorizon misses none (see
	// connect.EventRecord).
	AppendEvent(ctx context.Context, c Conn, e *connect.EventRecord) error
	// AppendEvents writes es to the outbox on c as AppendEvent would one
	// after the other (Seqs increasing in the order of es, each e.Seq set),
	// in as few statements as the engine allows.
	AppendEvents(ctx context.Context, c Conn, es []*connect.EventRecord) error
	// EventHorizon ends the WHERE clause of every outbox read ("AND ...",
	// or "" where Seqs become visible in increasing order): the Seqs below
	// it are final, no event with a lower Seq can commit any more.
	EventHorizon() string
	// KeepEventSeq is run before events timed before ?1 are deleted, so that
	// LastEventSeq outlives them ("" where the engine keeps it itself).
	KeepEventSeq() string
	// AddActiveContacts adds delta (+1 or -1) to the instance's count of
	// active contacts, unless delta is +1 and the count would exceed
	// quota: then it changes nothing and returns false.
	AddActiveContacts(ctx context.Context, c Conn, instanceID string, delta, quota int) (bool, error)
	IsUnique(err error) bool
	IsForeignKey(err error) bool
	// Internal turns an unexpected driver error into a *connect.Error whose
	// cause carries op and no driver type: Internal, or Invalid for input
	// the engine refuses to store. Context errors keep their identity.
	Internal(op string, err error) error
}

// Reader implements connect.Reader on a Conn: the backend's pool, or a
// transaction (through Tx).
type Reader struct {
	c Conn
	d Dialect
	q *dialectStatements
}

// dialectStatements are the statements a Dialect completes, built once per
// dialect type (a Tx per Update must not rebuild them).
type dialectStatements struct {
	eventsAfter, partitionEventsAfter string
}

var builtStatements sync.Map // Dialect (a comparable value) → *dialectStatements

func statementsOf(d Dialect) *dialectStatements {
	if q, ok := builtStatements.Load(d); ok {
		return q.(*dialectStatements)
	}
	q := &dialectStatements{}
	q.eventsAfter, q.partitionEventsAfter = EventStatements(d)
	builtStatements.Store(d, q)
	return q
}

// NewReader returns the connect.Reader that runs on c.
func NewReader(c Conn, d Dialect) *Reader { return &Reader{c: c, d: d, q: statementsOf(d)} }

// Tx implements connect.Tx on a Conn that is one transaction.
type Tx struct {
	Reader
}

// NewTx returns the connect.Tx that runs on c, a transaction.
func NewTx(c Conn, d Dialect) *Tx { return &Tx{Reader{c: c, d: d, q: statementsOf(d)}} }

var (
	_ connect.Reader = (*Reader)(nil)
	_ connect.Tx     = (*Tx)(nil)
)

type scanner interface{ Scan(dest ...any) error }

// scanFunc is a function as a scanner.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// scanPair scans a row of a's columns followed by b's with a's and b's own
// scan functions: scanA's Scan runs scanB, whose Scan reads the row into
// both sets of destinations, so that each function's conversions run on
// values already read.
func scanPair[A, B any](row scanner, scanA func(scanner) (A, error), scanB func(scanner) (B, error)) (A, B, error) {
	var b B
	a, err := scanA(scanFunc(func(destA ...any) error {
		var err error
		b, err = scanB(scanFunc(func(destB ...any) error {
			return row.Scan(append(destA[:len(destA):len(destA)], destB...)...)
		}))
		return err
	}))
	return a, b, err
}

// internal classifies an unexpected error of op; errors already classified
// (a *connect.Error from the adapter) pass through.
func (r *Reader) internal(op string, err error) error {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return err
	}
	return r.d.Internal(op, err)
}

// exec runs a statement that returns no rows.
func (r *Reader) exec(ctx context.Context, query string, args ...any) (int64, error) {
	return r.c.Exec(ctx, query, args...)
}

// Later is a Conn that can hold a statement back and send it with the
// next statement that needs an answer, or with the transaction's COMMIT:
// one round trip for many statements (PostgreSQL pipelines them). The
// store sends this way the writes whose callers need only their outcome.
type Later interface {
	// ExecLater runs query as Exec would, now or later, and calls done
	// with its result when it arrives; done returns the statement's
	// outcome. done may only classify a failed statement's error: when the
	// statement succeeded it must return nil, since a statement sent with
	// COMMIT has committed by the time done sees it. An outcome that is an
	// error fails the transaction: the backend returns it from the
	// statement in flight (or COMMIT) when it arrived, and from Update.
	ExecLater(ctx context.Context, done func(n int64, err error) error, query string, args ...any) error
	// QueryLater is ExecLater for a statement that returns rows, which
	// done reads (rows is nil when err is not).
	QueryLater(ctx context.Context, done func(rows Rows, err error) error, query string, args ...any) error
}

// execLater runs query through Later when the Conn offers it, else now;
// done classifies its error (see Later).
func (r *Reader) execLater(ctx context.Context, done func(n int64, err error) error, query string, args ...any) error {
	if l, ok := r.c.(Later); ok {
		return l.ExecLater(ctx, done, query, args...)
	}
	return done(r.c.Exec(ctx, query, args...))
}

// queryLater runs query through Later when the Conn offers it, else now;
// done reads its rows and classifies its error (see Later).
func (r *Reader) queryLater(ctx context.Context, done func(rows Rows, err error) error, query string, args ...any) error {
	if l, ok := r.c.(Later); ok {
		return l.QueryLater(ctx, done, query, args...)
	}
	rows, err := r.c.Query(ctx, query, args...)
	if err != nil {
		return done(nil, err)
	}
	defer rows.Close()
	return done(rows, nil)
}

// limit maps PageRequest.Limit to SQL: <= 0 means no limit.
func (r *Reader) limit(n int) any {
	if n <= 0 {
		return r.d.NoLimit()
	}
	return n
}

// limitOrAll maps a limit where 0 means no rows: negative means no limit.
func (r *Reader) limitOrAll(n int) any {
	if n < 0 {
		return r.d.NoLimit()
	}
	return n
}

// count runs a statement returning one integer.
func (r *Reader) count(ctx context.Context, op, query string, args ...any) (int, error) {
	var n int
	if err := r.c.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, r.internal(op, err)
	}
	return n, nil
}

// getOne scans the single row of query with scan; no row is nf().
func getOne[T any](ctx context.Context, r *Reader, op string, nf func() error,
	scan func(scanner) (*T, error), query string, args ...any) (*T, error) {
	v, err := scan(r.c.QueryRow(ctx, query, args...))
	if errors.Is(err, ErrNoRows) {
		return nil, nf()
	}
	if err != nil {
		return nil, r.internal(op, err)
	}
	return v, nil
}

// getAll scans every row of query with scan.
func getAll[T any](ctx context.Context, r *Reader, op string, scan func(scanner) (*T, error), query string, args ...any) ([]*T, error) {
	rows, err := r.c.Query(ctx, query, args...)
	if err != nil {
		return nil, r.internal(op, err)
	}
	defer rows.Close()
	out, err := scanAll(rows, scan)
	if err != nil {
		return nil, r.internal(op, err)
	}
	return out, nil
}

// readAhead holds query back on a Later connection, so that its answer
// comes with the transaction's next round trip, and calls got with its rows
// (see connect.Tx's Read...Ahead). A failed statement fails the
// transaction; rows that do not scan are left to the ordinary read to
// report (got is not called), since a Later's outcome may only classify a
// failed statement.
func readAhead[T any](ctx context.Context, t *Tx, op string, scan func(scanner) (*T, error), got func([]*T), query string, args ...any) error {
	return t.queryLater(ctx, func(rows Rows, err error) error {
		if err != nil {
			return t.internal(op, err)
		}
		if vs, err := scanAll(rows, scan); err == nil {
			got(vs)
		}
		return nil
	}, query, args...)
}

// scanAll scans every row of rows with scan.
func scanAll[T any](rows Rows, scan func(scanner) (*T, error)) ([]*T, error) {
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// placeholders returns "?from, ?from+1, ..., ?from+n-1".
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("?" + strconv.Itoa(from+i))
	}
	return b.String()
}

// notFound is the NotFound error for resource r named by key (an ID, a name,
// a client token...).
func notFound(r connect.Resource, key string) error { return connect.NotFoundError(r, key) }

func duplicate(r connect.Resource, format string, args ...any) error {
	return &connect.Error{Kind: connect.Duplicate, Resource: r, Message: fmt.Sprintf(format, args...)}
}

// Inserts add "ON CONFLICT DO NOTHING" and, when no row went in, ask which
// unique key is taken, as the SQLite store does. This keeps the transaction
// usable after a Duplicate (a failed statement would abort it) and needs no
// constraint names. Under REPEATABLE READ or SERIALIZABLE, a conflicting row that this
// transaction cannot see makes the insert fail with a serialization failure
// (retried) instead, so the row asked for is always visible. The exception
// is a contact inserted on a Later connection: held back, perhaps until
// COMMIT, it cannot ask, so it fails on the unique key itself (see
// InsertContact); a Duplicate fails its transaction there.

// instanceMissing translates a foreign key failure on an instance-scoped
// insert: the instance does not exist.
func instanceMissing(instanceID string) error {
	return notFound(connect.ResourceInstance, instanceID)
}

// instanceWrite is the outcome (see Later) of a write of op into a table
// scoped to instance instanceID: a foreign key failure means the instance
// is missing.
func (r *Reader) instanceWrite(op, instanceID string) func(int64, error) error {
	return func(_ int64, err error) error {
		switch {
		case err == nil:
			return nil
		case r.d.IsForeignKey(err):
			return instanceMissing(instanceID)
		}
		return r.internal(op, err)
	}
}

// Conventions shared by every table: times are unix milliseconds UTC; maps
// and lists are JSON text (internal/rowjson), NULL (a nil *string) when
// empty, and read back as nil; optional unique keys are NULL when "".

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func msPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := t.UnixMilli()
	return &v
}

func fromMSPtr(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMS(*v)
	return &t
}

func fromNullMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// nullable is s as internal/rowjson reads a column: nil for NULL.
func nullable(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

// nullIfEmpty maps "" to NULL, for columns with partial unique indexes.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
