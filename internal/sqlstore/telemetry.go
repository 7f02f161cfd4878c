package sqlstore

import (
	"context"
	"time"

	"connectd/internal/connect"
)

// The statements of /metrics (internal/telemetry), read at scrape time. The
// first two read the contacts_wake index (non-ended contacts only, whose
// wake_ts is set), never the ended history.
const (
	qActiveContactStates = `SELECT state, count(*) FROM contacts WHERE wake_ts IS NOT NULL GROUP BY state`
	qDueBacklog          = `SELECT count(*), min(wake_ts) FROM contacts WHERE wake_ts IS NOT NULL AND wake_ts <= ?1`
	qOutboxSize          = `SELECT count(*) FROM contact_events`
)

// ActiveContactStates counts the contacts that are not ended, by state, in
// every partition.
func (r *Reader) ActiveContactStates(ctx context.Context) (map[connect.ContactState]int64, error) {
	rows, err := r.c.Query(ctx, qActiveContactStates)
	if err != nil {
		return nil, r.internal("count contacts by state", err)
	}
	defer rows.Close()
	out := make(map[connect.ContactState]int64)
	for rows.Next() {
		var state string
		var n int64
		if err := rows.Scan(&state, &n); err != nil {
			return nil, r.internal("count contacts by state", err)
		}
		out[connect.ContactState(state)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, r.internal("count contacts by state", err)
	}
	return out, nil
}

// DueBacklog counts the contacts whose wake time is at or before now, and
// returns the earliest of those times (nil when none is due).
func (r *Reader) DueBacklog(ctx context.Context, now time.Time) (int64, *time.Time, error) {
	var n int64
	var oldest *int64
	if err := r.c.QueryRow(ctx, qDueBacklog, ms(now)).Scan(&n, &oldest); err != nil {
		return 0, nil, r.internal("count due contacts", err)
	}
	return n, fromMSPtr(oldest), nil
}

// OutboxSize counts the contact events the outbox keeps.
func (r *Reader) OutboxSize(ctx context.Context) (int64, error) {
	var n int64
	if err := r.c.QueryRow(ctx, qOutboxSize).Scan(&n); err != nil {
		return 0, r.internal("count outbox events", err)
	}
	return n, nil
}
