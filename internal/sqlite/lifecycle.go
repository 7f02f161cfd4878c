package sqlite

import (
	"context"
	"database/sql"
	"time"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// The store verbs of the contact lifecycle: due work, routing reads, the
// active-contact counter, flow logs and the contact event outbox.

const (
	qNextWake = `SELECT min(wake_ts) FROM contacts WHERE wake_ts IS NOT NULL`
	// SQLite has a single writer: the transaction that reads due rows owns
	// them until it commits, so a plain SELECT is the claim.
	qDueContacts = `SELECT ` + contactCols + ` FROM contacts
		WHERE wake_ts IS NOT NULL AND wake_ts <= ? ORDER BY wake_ts, id LIMIT ?`
	qNextQueued = `SELECT ` + contactCols + ` FROM contacts
		WHERE instance_id = ? AND state = 'QUEUED' AND queue_id IN (SELECT value FROM json_each(?))
		ORDER BY queue_priority, enqueue_ts - 1000 * queue_time_adjustment, id LIMIT 1`
	qCountQueued = `SELECT count(*) FROM contacts
		WHERE instance_id = ? AND state = 'QUEUED' AND queue_id = ?`
	qAgentContacts = `SELECT ` + contactCols + ` FROM contacts
		WHERE instance_id = ? AND agent_id = ? AND state IN ('CONNECTING', 'CONNECTED', 'PAUSED')
		ORDER BY enqueue_ts, id`
	qFlowLog      = `SELECT entry FROM flow_logs WHERE instance_id = ? AND contact_id = ? ORDER BY seq`
	qEventsAfter  = `SELECT seq, instance_id, contact_id, event_type, ts, body FROM contact_events WHERE seq > ? ORDER BY seq LIMIT ?`
	qLastEventSeq = `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'contact_events'), 0)`
	qGetCursor    = `SELECT seq FROM event_cursors WHERE name = ?`
)

func (r *reader) NextWake(ctx context.Context) (*time.Time, error) {
	row, err := r.queryRow(ctx, qNextWake)
	if err != nil {
		return nil, internal("next wake", err)
	}
	var v sql.NullInt64
	if err := row.Scan(&v); err != nil {
		return nil, internal("next wake", err)
	}
	return fromMSPtr(v), nil
}

func (r *reader) NextQueuedContact(ctx context.Context, instanceID string, queueIDs []string) (*connect.Contact, error) {
	ids, err := jsonList(queueIDs)
	if err != nil {
		return nil, internal("next queued contact", err)
	}
	return getOne(ctx, r, "next queued contact",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceContact, Message: "No queued contact"}
		},
		scanContact, qNextQueued, instanceID, ids)
}

func (r *reader) CountQueuedContacts(ctx context.Context, instanceID, queueID string) (int, error) {
	row, err := r.queryRow(ctx, qCountQueued, instanceID, queueID)
	if err != nil {
		return 0, internal("count queued contacts", err)
	}
	var n int
	if err := row.Scan(&n); err != nil {
		return 0, internal("count queued contacts", err)
	}
	return n, nil
}

func (r *reader) ListAgentContacts(ctx context.Context, instanceID, userID string) ([]*connect.Contact, error) {
	rows, err := r.query(ctx, qAgentContacts, instanceID, userID)
	return getAll("list agent contacts", rows, err, scanContact)
}

func (r *reader) ListFlowLog(ctx context.Context, instanceID, contactID string) ([]connect.FlowLogEntry, error) {
	const op = "list flow log"
	rows, err := r.query(ctx, qFlowLog, instanceID, contactID)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	var out []connect.FlowLogEntry
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return nil, internal(op, err)
		}
		e, err := rowjson.DecodeFlowLogEntry(raw)
		if err != nil {
			return nil, internal(op, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}

func (r *reader) EventsAfter(ctx context.Context, after int64, limit int) ([]connect.EventRecord, error) {
	const op = "events after"
	rows, err := r.query(ctx, qEventsAfter, after, limit)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	var out []connect.EventRecord
	for rows.Next() {
		var e connect.EventRecord
		var ts int64
		var body string
		if err := rows.Scan(&e.Seq, &e.InstanceID, &e.ContactID, &e.Type, &ts, &body); err != nil {
			return nil, internal(op, err)
		}
		e.Time, e.Body = fromMS(ts), []byte(body)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}

func (r *reader) LastEventSeq(ctx context.Context) (int64, error) {
	row, err := r.queryRow(ctx, qLastEventSeq)
	if err != nil {
		return 0, internal("last event seq", err)
	}
	var n int64
	if err := row.Scan(&n); err != nil {
		return 0, internal("last event seq", err)
	}
	return n, nil
}

func (r *reader) GetCursor(ctx context.Context, name string) (int64, bool, error) {
	row, err := r.queryRow(ctx, qGetCursor, name)
	if err != nil {
		return 0, false, internal("get cursor", err)
	}
	var n int64
	switch err := row.Scan(&n); err {
	case nil:
		return n, true, nil
	case sql.ErrNoRows:
		return 0, false, nil
	default:
		return 0, false, internal("get cursor", err)
	}
}

func (t *tx) DueContacts(ctx context.Context, now time.Time, limit int) ([]*connect.Contact, error) {
	rows, err := t.query(ctx, qDueContacts, ms(now), limit)
	return getAll("due contacts", rows, err, scanContact)
}

func (t *tx) AddActiveContacts(ctx context.Context, instanceID string, delta int) (int, error) {
	const op = "add active contacts"
	row, err := t.queryRow(ctx, `INSERT INTO instance_counters (instance_id, active_contacts) VALUES (?, ?)
		ON CONFLICT (instance_id) DO UPDATE SET active_contacts = active_contacts + excluded.active_contacts
		RETURNING active_contacts`, instanceID, delta)
	if err != nil {
		return 0, internal(op, err)
	}
	var n int
	switch err := row.Scan(&n); {
	case err == nil:
		return n, nil
	case isForeignKey(err):
		return 0, instanceMissing(instanceID)
	default:
		return 0, internal(op, err)
	}
}

func (t *tx) AppendFlowLog(ctx context.Context, instanceID, contactID string, entries []connect.FlowLogEntry) error {
	const op = "append flow log"
	row, err := t.queryRow(ctx, `SELECT coalesce(max(seq), 0) FROM flow_logs WHERE instance_id = ? AND contact_id = ?`,
		instanceID, contactID)
	if err != nil {
		return internal(op, err)
	}
	var seq int64
	if err := row.Scan(&seq); err != nil {
		return internal(op, err)
	}
	for _, e := range entries {
		seq++
		b, err := rowjson.FlowLogEntry(e)
		if err != nil {
			return internal(op, err)
		}
		_, err = t.exec(ctx, `INSERT INTO flow_logs (instance_id, contact_id, seq, entry) VALUES (?, ?, ?, ?)`,
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

func (t *tx) AppendEvent(ctx context.Context, e *connect.EventRecord) error {
	row, err := t.queryRow(ctx, `INSERT INTO contact_events (instance_id, contact_id, event_type, ts, body)
		VALUES (?, ?, ?, ?, ?) RETURNING seq`, e.InstanceID, e.ContactID, e.Type, ms(e.Time), string(e.Body))
	if err != nil {
		return internal("append event", err)
	}
	if err := row.Scan(&e.Seq); err != nil {
		return internal("append event", err)
	}
	return nil
}

func (t *tx) DeleteEventsBefore(ctx context.Context, before time.Time) (int, error) {
	res, err := t.exec(ctx, `DELETE FROM contact_events WHERE ts < ?`, ms(before))
	if err != nil {
		return 0, internal("delete events", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, internal("delete events", err)
	}
	return int(n), nil
}

func (t *tx) PutCursor(ctx context.Context, name string, seq int64) error {
	_, err := t.exec(ctx, `INSERT INTO event_cursors (name, seq) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`, name, seq)
	if err != nil {
		return internal("put cursor", err)
	}
	return nil
}
