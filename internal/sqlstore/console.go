package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"connectd/internal/connect"
)

// The console's reads (connect.ConsoleReader): a queue's board and summary,
// the tasks due soon and a contact's events, each through an index.

const (
	// qQueuedContacts is qNextQueued for one queue, a page long
	// (contacts_queued).
	qQueuedContacts = `SELECT ` + contactCols + ` FROM contacts
		WHERE instance_id = ?1 AND state = 'QUEUED' AND queue_id = ?2
		ORDER BY queue_priority, enqueue_ts - 1000 * CAST(queue_time_adjustment AS BIGINT) NULLS FIRST, id LIMIT ?3`
	qQueueStats = `SELECT count(*), min(enqueue_ts) FROM contacts
		WHERE instance_id = ?1 AND state = 'QUEUED' AND queue_id = ?2`
	// qScheduledDue reads contacts_wake: a scheduled contact's wake_ts is
	// its scheduled time. The CAST keeps SQLite from preferring an index
	// on instance_id, which would read every contact of the instance.
	qScheduledDue = `SELECT count(*) FROM contacts
		WHERE wake_ts IS NOT NULL AND wake_ts >= ?2 AND wake_ts <= ?3 AND CAST(instance_id AS TEXT) = ?1
		AND state = 'SCHEDULED'`
	// qContactEvents reads contact_events_contact (0013).
	qContactEvents = `SELECT ` + eventCols + ` FROM contact_events
		WHERE instance_id = ?1 AND contact_id = ?2 ORDER BY seq LIMIT ?3`
)

func (r *Reader) ListQueuedContacts(ctx context.Context, instanceID, queueID string, limit int) ([]*connect.Contact, error) {
	return getAll(ctx, r, "list queued contacts", scanContact, qQueuedContacts, instanceID, queueID, r.limit(limit))
}

func (r *Reader) QueueStats(ctx context.Context, instanceID, queueID string) (connect.QueueStats, error) {
	var (
		st     connect.QueueStats
		oldest sql.NullInt64
	)
	if err := r.c.QueryRow(ctx, qQueueStats, instanceID, queueID).Scan(&st.Queued, &oldest); err != nil {
		return connect.QueueStats{}, r.internal("queue stats", err)
	}
	st.Oldest = fromNullMS(oldest)
	return st, nil
}

func (r *Reader) CountScheduledDue(ctx context.Context, instanceID string, from, to time.Time) (int, error) {
	return r.count(ctx, "count scheduled due", qScheduledDue, instanceID, ms(from), ms(to))
}

func (r *Reader) ListContactEvents(ctx context.Context, instanceID, contactID string, limit int) ([]connect.EventRecord, error) {
	return r.events(ctx, "list contact events", qContactEvents, instanceID, contactID, r.limit(limit))
}
