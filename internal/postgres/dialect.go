package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"connectd/internal/connect"
	"connectd/internal/sqlstore"
)

// qNextEventSeq takes the next event seq: the row lock it leaves serialises
// appenders until their transactions end (see AppendEvent).
const qNextEventSeq = `UPDATE event_seq SET seq = seq + 1 WHERE one RETURNING seq`

// dialect is PostgreSQL's sqlstore.Dialect.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

// List passes a list as one text[] parameter (NULL when empty).
func (dialect) List(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (dialect) NoLimit() any { return nil } // LIMIT NULL

// ClaimDue locks the due rows until the claiming transaction ends; another
// node's claim skips the rows this one holds instead of waiting for them.
func (dialect) ClaimDue() string { return "\n\t\tFOR UPDATE SKIP LOCKED" }

// LastEventSeq reads the counter row, the highest Seq ever taken.
func (dialect) LastEventSeq() string { return `SELECT seq FROM event_seq WHERE one` }

// AppendEvent takes e.Seq from the event_seq counter row, then writes e.
// The row lock serialises appending transactions until they end, so seqs
// commit in increasing order, and a reader that follows the highest seq it
// has seen (EventsAfter) misses none. A sequence would not do: numbers
// drawn in one order may commit in another.
func (dialect) AppendEvent(ctx context.Context, c sqlstore.Conn, e *connect.EventRecord) error {
	var seq int64
	if err := c.QueryRow(ctx, qNextEventSeq).Scan(&seq); err != nil {
		return err
	}
	if _, err := c.Exec(ctx, `INSERT INTO contact_events (seq, account_id, region, instance_id, contact_id, event_type, ts, body)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`, seq, e.Partition.AccountID, e.Partition.Region, e.InstanceID,
		e.ContactID, e.Type, e.Time.UnixMilli(), string(e.Body)); err != nil {
		return err
	}
	e.Seq = seq
	return nil
}

// AppendEvents appends es one at a time: each takes its seq from the
// counter row (see AppendEvent).
func (d dialect) AppendEvents(ctx context.Context, c sqlstore.Conn, es []*connect.EventRecord) error {
	for _, e := range es {
		if err := d.AppendEvent(ctx, c, e); err != nil {
			return err
		}
	}
	return nil
}

func (dialect) IsUnique(err error) bool     { return sqlState(err) == codeUniqueViolation }
func (dialect) IsForeignKey(err error) bool { return sqlState(err) == codeForeignKeyViolation }

func (dialect) Internal(op string, err error) error { return internal(op, err) }

// SQLSTATEs the store acts on
// (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	codeUniqueViolation       = "23505"
	codeForeignKeyViolation   = "23503"
	codeSerializationFailure  = "40001"
	codeDeadlockDetected      = "40P01"
	codeCharacterNotInRepert  = "22021" // e.g. a NUL byte in a text value
	codeUntranslatableCharact = "22P05"
)

// sqlState returns the SQLSTATE of a server error, or "".
func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// isRetryable reports whether err means "run the transaction again": the
// server could not serialise it with a concurrent one, or chose it as a
// deadlock victim.
func isRetryable(err error) bool {
	switch sqlState(err) {
	case codeSerializationFailure, codeDeadlockDetected:
		return true
	}
	return false
}

// internal wraps an unexpected error of op (see sqlstore.Internal). Text
// PostgreSQL cannot store (a NUL character) is the client's doing, so it is
// Invalid, not Internal.
func internal(op string, err error) error {
	switch sqlState(err) {
	case codeCharacterNotInRepert, codeUntranslatableCharact:
		return &connect.Error{Kind: connect.Invalid, Message: "Text values must not contain the NUL character (U+0000).",
			Err: fmt.Errorf("%s: %w", op, sqlstore.Flatten(err))}
	}
	return sqlstore.Internal(op, err)
}
