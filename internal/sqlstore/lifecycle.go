package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// The store verbs of the contact lifecycle: due work, routing reads, the
// active-contact counter, flow logs and the contact event outbox. How each
// holds with several nodes is in internal/postgres's documentation.

const (
	qNextWake = `SELECT min(wake_ts) FROM contacts WHERE wake_ts IS NOT NULL`
	// qDueContacts, with the dialect's ClaimDue, claims due contacts.
	qDueContacts = `SELECT ` + contactCols + ` FROM contacts
		WHERE wake_ts IS NOT NULL AND wake_ts <= ?1 ORDER BY wake_ts, id LIMIT ?2`
	// qNextQueued is one queue's first contact: contacts_offer_order read
	// in order. NULLS FIRST: SQLite's order for a contact queued without an
	// enqueue time (none is, but both stores must agree if one were).
	qNextQueued = `SELECT ` + contactCols + ` FROM contacts
		WHERE instance_id = ?1 AND state = 'QUEUED' AND queue_id = ?2
		ORDER BY queue_priority, enqueue_ts - 1000 * CAST(queue_time_adjustment AS BIGINT) NULLS FIRST, id LIMIT 1`
	qCountQueued = `SELECT count(*) FROM contacts
		WHERE instance_id = ?1 AND state = 'QUEUED' AND queue_id = ?2`
	// qAgentContacts reads contacts_agent_active (0018) in order.
	qAgentContacts = `SELECT ` + contactCols + ` FROM contacts
		WHERE instance_id = ?1 AND agent_id = ?2 AND state IN ('CONNECTING', 'CONNECTED', 'PAUSED')
		ORDER BY enqueue_ts NULLS FIRST, id`
	qFlowLog  = `SELECT entry FROM flow_logs WHERE instance_id = ?1 AND contact_id = ?2 ORDER BY seq`
	eventCols = `seq, account_id, region, instance_id, contact_id, event_type, ts, body`
	// The event reads end with the dialect's EventHorizon (eventsAfter).
	qEventsAfter = `SELECT ` + eventCols + ` FROM contact_events WHERE seq > ?1%s ORDER BY seq LIMIT ?2`
	// contact_events_partition serves one partition's events in seq order.
	qPartitionEventsAfter = `SELECT ` + eventCols + ` FROM contact_events
		WHERE account_id = ?1 AND region = ?2 AND seq > ?3%s ORDER BY seq LIMIT ?4`
	qGetCursor = `SELECT seq FROM event_cursors WHERE name = ?1`
)

func (r *Reader) NextWake(ctx context.Context) (*time.Time, error) {
	var v *int64
	if err := r.c.QueryRow(ctx, qNextWake).Scan(&v); err != nil {
		return nil, r.internal("next wake", err)
	}
	return fromMSPtr(v), nil
}

// NextQueuedContact reads each queue's first contact and returns the one
// served first. One statement over all the queues (queue_id IN a list)
// cannot read an index in order: SQLite read every contact the queues ever
// held, ended ones included, and sorted them, at every offer.
func (r *Reader) NextQueuedContact(ctx context.Context, instanceID string, queueIDs []string) (*connect.Contact, error) {
	var first *connect.Contact
	for _, q := range queueIDs {
		c, err := getOne(ctx, r, "next queued contact", func() error { return nil }, scanContact, qNextQueued, instanceID, q)
		if err != nil {
			return nil, err
		}
		if c != nil && (first == nil || servedBefore(c, first)) {
			first = c
		}
	}
	if first == nil {
		return nil, &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceContact, Message: "No queued contact"}
	}
	return first, nil
}

// servedBefore reports whether queued contact a comes before b in
// qNextQueued's order.
func servedBefore(a, b *connect.Contact) bool {
	if a.QueuePriority != b.QueuePriority {
		return a.QueuePriority < b.QueuePriority
	}
	adjusted := func(c *connect.Contact) (int64, bool) {
		if c.EnqueueTimestamp == nil {
			return 0, false
		}
		return c.EnqueueTimestamp.UnixMilli() - 1000*int64(c.QueueTimeAdjustmentSeconds), true
	}
	at, aok := adjusted(a)
	bt, bok := adjusted(b)
	switch {
	case aok != bok:
		return !aok // no enqueue time first
	case at != bt:
		return at < bt
	}
	return a.ID < b.ID
}

func (r *Reader) CountQueuedContacts(ctx context.Context, instanceID, queueID string) (int, error) {
	return r.count(ctx, "count queued contacts", qCountQueued, instanceID, queueID)
}

func (r *Reader) ListAgentContacts(ctx context.Context, instanceID, userID string) ([]*connect.Contact, error) {
	return getAll(ctx, r, "list agent contacts", scanContact, qAgentContacts, instanceID, userID)
}

func (r *Reader) ListFlowLog(ctx context.Context, instanceID, contactID string) ([]connect.FlowLogEntry, error) {
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

// EventStatements returns the event reads of d: EventsAfter's and
// PartitionEventsAfter's, bounded by d's EventHorizon.
func EventStatements(d Dialect) (after, partitionAfter string) {
	return fmt.Sprintf(qEventsAfter, d.EventHorizon()), fmt.Sprintf(qPartitionEventsAfter, d.EventHorizon())
}

func (r *Reader) EventsAfter(ctx context.Context, after int64, limit int) ([]connect.EventRecord, error) {
	return r.events(ctx, "events after", r.q.eventsAfter, after, r.limitOrAll(limit))
}

func (r *Reader) PartitionEventsAfter(ctx context.Context, p connect.Partition, after int64, limit int) ([]connect.EventRecord, error) {
	return r.events(ctx, "partition events after", r.q.partitionEventsAfter, p.AccountID, p.Region, after, r.limitOrAll(limit))
}

// events reads the contact events query selects (eventCols).
func (r *Reader) events(ctx context.Context, op, query string, args ...any) ([]connect.EventRecord, error) {
	es, err := getAll(ctx, r, op, func(s scanner) (*connect.EventRecord, error) {
		var (
			e    connect.EventRecord
			ts   int64
			body string
		)
		if err := s.Scan(&e.Seq, &e.Partition.AccountID, &e.Partition.Region, &e.InstanceID, &e.ContactID,
			&e.Type, &ts, &body); err != nil {
			return nil, err
		}
		e.Time, e.Body = fromMS(ts), []byte(body)
		return &e, nil
	}, query, args...)
	if err != nil {
		return nil, err
	}
	var out []connect.EventRecord
	for _, e := range es {
		out = append(out, *e)
	}
	return out, nil
}

func (r *Reader) LastEventSeq(ctx context.Context) (int64, error) {
	var n int64
	if err := r.c.QueryRow(ctx, r.d.LastEventSeq()).Scan(&n); err != nil {
		return 0, r.internal("last event seq", err)
	}
	return n, nil
}

func (r *Reader) GetCursor(ctx context.Context, name string) (int64, bool, error) {
	var n int64
	switch err := r.c.QueryRow(ctx, qGetCursor, name).Scan(&n); {
	case err == nil:
		return n, true, nil
	case errors.Is(err, ErrNoRows):
		return 0, false, nil
	default:
		return 0, false, r.internal("get cursor", err)
	}
}

// DueContacts claims the due contacts as the dialect claims rows (see
// Dialect.ClaimDue): a claim lasts until the Update ends.
func (t *Tx) DueContacts(ctx context.Context, now time.Time, limit int) ([]*connect.Contact, error) {
	return getAll(ctx, &t.Reader, "due contacts", scanContact, qDueContacts+t.d.ClaimDue(), ms(now), t.limitOrAll(limit))
}

// AddActiveContacts counts active contacts as the dialect does: one row on
// SQLite's single writer, rows no two starts share on PostgreSQL (see
// Dialect.AddActiveContacts).
func (t *Tx) AddActiveContacts(ctx context.Context, instanceID string, delta, quota int) (bool, error) {
	ok, err := t.d.AddActiveContacts(ctx, t.c, instanceID, delta, quota)
	switch {
	case err == nil:
		return ok, nil
	case t.d.IsForeignKey(err):
		return false, instanceMissing(instanceID)
	default:
		return false, t.internal("add active contacts", err)
	}
}

func (t *Tx) AppendFlowLog(ctx context.Context, instanceID, contactID string, entries []connect.FlowLogEntry) error {
	const op = "append flow log"
	if len(entries) == 0 {
		return nil
	}
	var seq int64
	if err := t.c.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM flow_logs WHERE instance_id = ?1 AND contact_id = ?2`,
		instanceID, contactID).Scan(&seq); err != nil {
		return t.internal(op, err)
	}
	for _, e := range entries {
		seq++
		b, err := rowjson.FlowLogEntry(e)
		if err != nil {
			return t.internal(op, err)
		}
		_, err = t.exec(ctx, `INSERT INTO flow_logs (instance_id, contact_id, seq, entry, ts) VALUES (?1, ?2, ?3, ?4, ?5)`,
			instanceID, contactID, seq, b, ms(e.Timestamp))
		switch {
		case err == nil:
		case t.d.IsForeignKey(err):
			return instanceMissing(instanceID)
		default:
			return t.internal(op, err)
		}
	}
	return nil
}

// AppendEvent writes e through the dialect, which numbers it so that Seqs
// become visible in increasing order (see Dialect.AppendEvent).
func (t *Tx) AppendEvent(ctx context.Context, e *connect.EventRecord) error {
	if err := t.d.AppendEvent(ctx, t.c, e); err != nil {
		return t.internal("append event", err)
	}
	return nil
}

func (t *Tx) DeleteEventsBefore(ctx context.Context, before time.Time) (int, error) {
	if keep := t.d.KeepEventSeq(); keep != "" {
		if _, err := t.exec(ctx, keep, ms(before)); err != nil {
			return 0, t.internal("delete events", err)
		}
	}
	n, err := t.exec(ctx, `DELETE FROM contact_events WHERE ts < ?1`, ms(before))
	if err != nil {
		return 0, t.internal("delete events", err)
	}
	return int(n), nil
}

func (t *Tx) DeleteFlowLogsBefore(ctx context.Context, before time.Time) (int, error) {
	n, err := t.exec(ctx, `DELETE FROM flow_logs WHERE ts < ?1`, ms(before))
	if err != nil {
		return 0, t.internal("delete flow logs", err)
	}
	return int(n), nil
}

func (t *Tx) PutCursor(ctx context.Context, name string, seq int64) error {
	_, err := t.exec(ctx, `INSERT INTO event_cursors (name, seq) VALUES (?1, ?2)
		ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`, name, seq)
	if err != nil {
		return t.internal("put cursor", err)
	}
	return nil
}

func (t *Tx) DeleteCursor(ctx context.Context, name string) error {
	if _, err := t.exec(ctx, `DELETE FROM event_cursors WHERE name = ?1`, name); err != nil {
		return t.internal("delete cursor", err)
	}
	return nil
}

// writeLocked are the tables whose rows WriteLock writes, by resource.
var writeLocked = map[connect.Resource]string{
	connect.ResourceContact: `UPDATE contacts SET instance_id = instance_id WHERE instance_id = ?1 AND id = ?2`,
	connect.ResourceUser:    `UPDATE users SET instance_id = instance_id WHERE instance_id = ?1 AND id = ?2`,
}

// WriteLock updates the row to itself: a new row version, which a
// concurrent writer of the row waits for and then fails to serialise
// against (see connect.Tx.WriteLock). No indexed value changes, so
// PostgreSQL updates it within its page (HOT).
func (t *Tx) WriteLock(ctx context.Context, r connect.Resource, instanceID, id string) error {
	q, ok := writeLocked[r]
	if !ok {
		return &connect.Error{Kind: connect.Internal, Err: fmt.Errorf("write lock: no table for %s", r)}
	}
	n, err := t.exec(ctx, q, instanceID, id)
	switch {
	case err != nil:
		return t.internal("write lock", err)
	case n == 0:
		return notFound(r, id)
	}
	return nil
}
