package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// The store verbs of the contact lifecycle: due work, routing reads, the
// active-contact counter, flow logs and the contact event outbox. How each
// holds with several nodes is in the package documentation.

const (
	qNextWake = `SELECT min(wake_ts) FROM contacts WHERE wake_ts IS NOT NULL`
	// qDueContacts claims due contacts: the row locks last until the
	// claiming transaction ends, and another node's claim skips the rows
	// this one holds instead of waiting for them.
	qDueContacts = `SELECT ` + contactCols + ` FROM contacts
		WHERE wake_ts IS NOT NULL AND wake_ts <= $1 ORDER BY wake_ts, id LIMIT $2
		FOR UPDATE SKIP LOCKED`
	// NULLS FIRST: SQLite's order for a contact queued without an enqueue
	// time (none is, but both stores must agree if one were).
	qNextQueued = `SELECT ` + contactCols + ` FROM contacts
		WHERE instance_id = $1 AND state = 'QUEUED' AND queue_id = ANY ($2::text[])
		ORDER BY queue_priority, enqueue_ts - 1000 * queue_time_adjustment::bigint NULLS FIRST, id LIMIT 1`
	qCountQueued = `SELECT count(*) FROM contacts
		WHERE instance_id = $1 AND state = 'QUEUED' AND queue_id = $2`
	qAgentContacts = `SELECT ` + contactCols + ` FROM contacts
		WHERE instance_id = $1 AND agent_id = $2 AND state IN ('CONNECTING', 'CONNECTED', 'PAUSED')
		ORDER BY enqueue_ts NULLS FIRST, id`
	qFlowLog      = `SELECT entry FROM flow_logs WHERE instance_id = $1 AND contact_id = $2 ORDER BY seq`
	qEventsAfter  = `SELECT seq, instance_id, contact_id, event_type, ts, body FROM contact_events WHERE seq > $1 ORDER BY seq LIMIT $2`
	qLastEventSeq = `SELECT seq FROM event_seq WHERE one`
	qGetCursor    = `SELECT seq FROM event_cursors WHERE name = $1`
	// qNextEventSeq takes the next seq: the row lock it leaves serialises
	// appenders until their transactions end (see AppendEvent).
	qNextEventSeq = `UPDATE event_seq SET seq = seq + 1 WHERE one RETURNING seq`
	qAppendEvent  = `INSERT INTO contact_events (seq, instance_id, contact_id, event_type, ts, body)
		VALUES ($1, $2, $3, $4, $5, $6)`
	qAddActiveContacts = `INSERT INTO instance_counters (instance_id, active_contacts) VALUES ($1, $2)
		ON CONFLICT (instance_id) DO UPDATE SET active_contacts = instance_counters.active_contacts + excluded.active_contacts
		RETURNING active_contacts`
)

// sqliteLimit maps a limit as SQLite reads it to SQL: negative means no
// limit (LIMIT NULL), 0 means no rows.
func sqliteLimit(n int) any {
	if n < 0 {
		return nil
	}
	return n
}

// count runs a "SELECT count(*)" statement.
func (r *reader) count(ctx context.Context, op, query string, args ...any) (int, error) {
	if err := r.enter(ctx); err != nil {
		return 0, err
	}
	var n int
	if err := r.q.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		return 0, r.fail(op, err)
	}
	return n, nil
}

func (r *reader) NextWake(ctx context.Context) (*time.Time, error) {
	if err := r.enter(ctx); err != nil {
		return nil, err
	}
	var v *int64
	if err := r.q.QueryRow(ctx, qNextWake).Scan(&v); err != nil {
		return nil, r.fail("next wake", err)
	}
	return fromMSPtr(v), nil
}

func (r *reader) NextQueuedContact(ctx context.Context, instanceID string, queueIDs []string) (*connect.Contact, error) {
	if len(queueIDs) == 0 {
		queueIDs = []string{} // "= ANY ('{}')" matches nothing, as SQLite's json_each of NULL
	}
	return getOne(ctx, r, "next queued contact",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceContact, Message: "No queued contact"}
		},
		scanContact, qNextQueued, instanceID, queueIDs)
}

func (r *reader) CountQueuedContacts(ctx context.Context, instanceID, queueID string) (int, error) {
	return r.count(ctx, "count queued contacts", qCountQueued, instanceID, queueID)
}

func (r *reader) ListAgentContacts(ctx context.Context, instanceID, userID string) ([]*connect.Contact, error) {
	return getAll(ctx, r, "list agent contacts", scanContact, qAgentContacts, instanceID, userID)
}

func (r *reader) ListFlowLog(ctx context.Context, instanceID, contactID string) ([]connect.FlowLogEntry, error) {
	es, err := getAll(ctx, r, "list flow log", func(s scanner) (*connect.FlowLogEntry, error) {
		var raw string
		if err := s.Scan(&raw); err != nil {
			return nil, err
		}
		e, err := rowjson.DecodeFlowLogEntry(raw)
		return &e, err
	}, qFlowLog, instanceID, contactID)
	if err != nil {
		return nil, err
	}
	var out []connect.FlowLogEntry
	for _, e := range es {
		out = append(out, *e)
	}
	return out, nil
}

func (r *reader) EventsAfter(ctx context.Context, after int64, limit int) ([]connect.EventRecord, error) {
	es, err := getAll(ctx, r, "events after", func(s scanner) (*connect.EventRecord, error) {
		var (
			e    connect.EventRecord
			ts   int64
			body string
		)
		if err := s.Scan(&e.Seq, &e.InstanceID, &e.ContactID, &e.Type, &ts, &body); err != nil {
			return nil, err
		}
		e.Time, e.Body = fromMS(ts), []byte(body)
		return &e, nil
	}, qEventsAfter, after, sqliteLimit(limit))
	if err != nil {
		return nil, err
	}
	var out []connect.EventRecord
	for _, e := range es {
		out = append(out, *e)
	}
	return out, nil
}

func (r *reader) LastEventSeq(ctx context.Context) (int64, error) {
	if err := r.enter(ctx); err != nil {
		return 0, err
	}
	var n int64
	if err := r.q.QueryRow(ctx, qLastEventSeq).Scan(&n); err != nil {
		return 0, r.fail("last event seq", err)
	}
	return n, nil
}

func (r *reader) GetCursor(ctx context.Context, name string) (int64, bool, error) {
	if err := r.enter(ctx); err != nil {
		return 0, false, err
	}
	var n int64
	switch err := r.q.QueryRow(ctx, qGetCursor, name).Scan(&n); {
	case err == nil:
		return n, true, nil
	case errors.Is(err, pgx.ErrNoRows):
		return 0, false, nil
	default:
		return 0, false, r.fail("get cursor", err)
	}
}

// DueContacts claims the due contacts with row locks (FOR UPDATE SKIP
// LOCKED), held until the Update ends: see the package documentation.
func (t *tx) DueContacts(ctx context.Context, now time.Time, limit int) ([]*connect.Contact, error) {
	return getAll(ctx, &t.reader, "due contacts", scanContact, qDueContacts, ms(now), sqliteLimit(limit))
}

// AddActiveContacts upserts the instance's counter row. Concurrent Updates
// that change one instance's count serialise on that row: the later one
// waits for the earlier to end, then fails to serialise and runs again with
// the new count, so the active-task quota holds across nodes.
func (t *tx) AddActiveContacts(ctx context.Context, instanceID string, delta int) (int, error) {
	const op = "add active contacts"
	if err := t.enter(ctx); err != nil {
		return 0, err
	}
	var n int
	switch err := t.q.QueryRow(ctx, qAddActiveContacts, instanceID, delta).Scan(&n); {
	case err == nil:
		return n, nil
	case isForeignKey(err):
		t.observe(err)
		return 0, instanceMissing(instanceID)
	default:
		return 0, t.fail(op, err)
	}
}

func (t *tx) AppendFlowLog(ctx context.Context, instanceID, contactID string, entries []connect.FlowLogEntry) error {
	const op = "append flow log"
	if len(entries) == 0 {
		return nil
	}
	if err := t.enter(ctx); err != nil {
		return err
	}
	var seq int64
	if err := t.q.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM flow_logs WHERE instance_id = $1 AND contact_id = $2`,
		instanceID, contactID).Scan(&seq); err != nil {
		return t.fail(op, err)
	}
	for _, e := range entries {
		seq++
		b, err := rowjson.FlowLogEntry(e)
		if err != nil {
			return internal(op, err)
		}
		_, err = t.exec(ctx, `INSERT INTO flow_logs (instance_id, contact_id, seq, entry) VALUES ($1, $2, $3, $4)`,
			instanceID, contactID, seq, b)
		switch {
		case err == nil:
		case isForeignKey(err):
			return instanceMissing(instanceID)
		default:
			return internal(op, err)
		}
	}
	return nil
}

// AppendEvent takes e.Seq from the event_seq counter row, then writes e.
// The row lock serialises appending transactions until they end, so seqs
// commit in increasing order, and a reader that follows the highest seq it
// has seen (EventsAfter) misses none. A sequence would not do: numbers
// drawn in one order may commit in another.
func (t *tx) AppendEvent(ctx context.Context, e *connect.EventRecord) error {
	const op = "append event"
	if err := t.enter(ctx); err != nil {
		return err
	}
	var seq int64
	if err := t.q.QueryRow(ctx, qNextEventSeq).Scan(&seq); err != nil {
		return t.fail(op, err)
	}
	if _, err := t.exec(ctx, qAppendEvent, seq, e.InstanceID, e.ContactID, e.Type, ms(e.Time), string(e.Body)); err != nil {
		return internal(op, err)
	}
	e.Seq = seq
	return nil
}

func (t *tx) DeleteEventsBefore(ctx context.Context, before time.Time) (int, error) {
	tag, err := t.exec(ctx, `DELETE FROM contact_events WHERE ts < $1`, ms(before))
	if err != nil {
		return 0, internal("delete events", err)
	}
	return int(tag.RowsAffected()), nil
}

func (t *tx) PutCursor(ctx context.Context, name string, seq int64) error {
	_, err := t.exec(ctx, `INSERT INTO event_cursors (name, seq) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`, name, seq)
	if err != nil {
		return internal("put cursor", err)
	}
	return nil
}
