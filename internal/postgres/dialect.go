package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"

	"connectd/internal/connect"
	"connectd/internal/sqlstore"
)

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

// Event Seqs (see the package documentation for why they are final below
// the horizon): an event's Seq is its transaction's ID times 2^20 plus its
// rank among the transaction's events. Multiplying, not shifting, makes an
// ID beyond 2^43 an error ("bigint out of range"), not a wrapped Seq.
const (
	eventRankBits = 20
	maxEventRank  = 1<<eventRankBits - 1
	xidSeq        = `(pg_current_xact_id()::text::bigint * 1048576)`
	// horizonSeq is the lowest Seq an unfinished transaction may write: the
	// oldest transaction ID still running (or the next to be given) of this
	// statement's snapshot.
	horizonSeq = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 1048576)`
)

// EventHorizon keeps a read to the Seqs no running transaction can add to.
func (dialect) EventHorizon() string { return " AND seq < " + horizonSeq }

// LastEventSeq is the highest Seq committed (kept in event_seq once
// retention deleted it), but never at or above the horizon: a reader
// starting after it must not miss an event that commits later with a lower
// Seq.
func (dialect) LastEventSeq() string {
	return `SELECT least(greatest((SELECT seq FROM event_seq WHERE one), coalesce((SELECT max(seq) FROM contact_events), 0)),
		` + horizonSeq + ` - 1)`
}

// KeepEventSeq raises event_seq to the highest Seq retention deletes. Only
// retention writes that row, so no write of the hot paths passes it.
func (dialect) KeepEventSeq() string {
	return `UPDATE event_seq SET seq = greatest(seq, (SELECT coalesce(max(seq), 0) FROM contact_events WHERE ts < ?1)) WHERE one`
}

const qAppendEvent = `INSERT INTO contact_events (seq, account_id, region, instance_id, contact_id, event_type, ts, body)
	VALUES (` + xidSeq + ` + ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING seq`

// AppendEvent writes e with the Seq of its transaction and rank. Appends
// take no lock and touch no shared row: concurrent transactions append at
// once, and the horizon keeps readers from passing the ones still running.
func (dialect) AppendEvent(ctx context.Context, c sqlstore.Conn, e *connect.EventRecord) error {
	pc, ok := c.(*conn)
	if !ok || pc.tx == nil {
		return errors.New("append event: not in a transaction")
	}
	rank := pc.tx.events
	if rank > maxEventRank {
		return fmt.Errorf("append event: more than %d events in one transaction", maxEventRank+1)
	}
	if err := c.QueryRow(ctx, qAppendEvent, rank, e.Partition.AccountID, e.Partition.Region, e.InstanceID,
		e.ContactID, e.Type, e.Time.UnixMilli(), string(e.Body)).Scan(&e.Seq); err != nil {
		return err
	}
	pc.tx.events++
	return nil
}

// qAppendEvents writes events ranked from ?1 on, in the order of the
// arrays, in one statement.
const qAppendEvents = `INSERT INTO contact_events (seq, account_id, region, instance_id, contact_id, event_type, ts, body)
	SELECT ` + xidSeq + ` + ?1 + u.i - 1, u.a, u.r, u.inst, u.c, u.t, u.ts, u.b
	FROM unnest(?2::text[], ?3::text[], ?4::text[], ?5::text[], ?6::text[], ?7::bigint[], ?8::text[])
		WITH ORDINALITY AS u (a, r, inst, c, t, ts, b, i)
	RETURNING seq`

// AppendEvents writes es in one statement, ranked in their order: like
// AppendEvent one after the other. The statement is held back (see
// sqlstore.Later): es' Seqs are set once its answer arrives, at the latest
// when Update returns.
func (dialect) AppendEvents(ctx context.Context, c sqlstore.Conn, es []*connect.EventRecord) error {
	pc, ok := c.(*conn)
	if !ok || pc.tx == nil {
		return errors.New("append events: not in a transaction")
	}
	rank := pc.tx.events
	if rank+len(es)-1 > maxEventRank {
		return fmt.Errorf("append events: more than %d events in one transaction", maxEventRank+1)
	}
	n := len(es)
	accts, regions, insts, contacts, types, ts, bodies := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]int64, n), make([]string, n)
	for i, e := range es {
		accts[i], regions[i], insts[i], contacts[i], types[i], ts[i], bodies[i] = e.Partition.AccountID, e.Partition.Region,
			e.InstanceID, e.ContactID, e.Type, e.Time.UnixMilli(), string(e.Body)
	}
	// Held back, perhaps until COMMIT: the Seqs are set when the answer
	// arrives (by the time Update returns).
	if err := pc.QueryLater(ctx, func(rows sqlstore.Rows, err error) error {
		if err == nil {
			err = sqlstore.AssignSeqs(rows, es) // the ranks follow es
		}
		if err != nil {
			return internal("append events", err)
		}
		return nil
	}, qAppendEvents, rank, accts, regions, insts, contacts, types, ts, bodies); err != nil {
		return err
	}
	pc.tx.events += n
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
