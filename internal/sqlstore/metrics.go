package sqlstore

import (
	"context"
	"strings"

	"connectd/internal/connect"
)

// qContactAggregates sums an instance's contacts by group and 15-minute
// bucket, in the database: a report over many contacts moves a few rows.
// TSCOL is the time the range and the buckets are on: disconnect_ts
// (through contacts_disconnect) or initiation_ts (contacts_initiation).
// A contact was transferred out when a TRANSFER contact names it as its
// previous one (contacts_previous): a transferred task ends OTHER, as the
// contact records document for tasks.
// The columns not grouped by (AggregateBy) read ” instead, so that the
// statement is one of a few texts.
const qContactAggregates = `SELECT QCOL, CCOL, ACOL, ICOL, DCOL,
	(TSCOL - ?2) / ?5 AS bucket,
	count(*),
	CAST(sum(CASE WHEN enqueue_ts IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
	CAST(sum(CASE WHEN connected_to_agent_ts IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
	CAST(sum(CASE WHEN enqueue_ts IS NOT NULL AND connected_to_agent_ts IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
	CAST(sum(CASE WHEN enqueue_ts IS NOT NULL AND connected_to_agent_ts IS NULL THEN 1 ELSE 0 END) AS BIGINT),
	CAST(sum(CASE WHEN disconnect_ts IS NOT NULL AND EXISTS (SELECT 1 FROM contacts t
		WHERE t.instance_id = contacts.instance_id AND t.previous_contact_id = contacts.id
		  AND t.initiation_method = 'TRANSFER') THEN 1 ELSE 0 END) AS BIGINT),
	CAST(coalesce(sum(disconnect_ts - connected_to_agent_ts), 0) AS BIGINT),
	CAST(coalesce(sum(connected_to_agent_ts - enqueue_ts), 0) AS BIGINT),
	CAST(coalesce(max(coalesce(connected_to_agent_ts, disconnect_ts) - enqueue_ts), 0) AS BIGINT)
	FROM contacts
	WHERE instance_id = ?1 AND TSCOL >= ?2 AND TSCOL < ?3
	  AND (?4[] IS NULL OR queue_id = ANY (?4[]))
	  AND (?6[] IS NULL OR channel = ANY (?6[]))
	  AND (?7[] IS NULL OR agent_id = ANY (?7[]))
	GROUP BY 1, 2, 3, 4, 5, 6`

// aggregatesStatement is qContactAggregates for q.
func aggregatesStatement(q connect.AggregateQuery) string {
	col := func(by bool, expr string) string {
		if by {
			return expr
		}
		return "''"
	}
	ts := "initiation_ts"
	if q.Ended {
		ts = "disconnect_ts"
	}
	return strings.NewReplacer("TSCOL", ts,
		"QCOL", col(q.By.Queue, "coalesce(queue_id, '')"), "CCOL", col(q.By.Channel, "channel"),
		"ACOL", col(q.By.Agent, "coalesce(agent_id, '')"), "ICOL", col(q.By.InitiationMethod, "initiation_method"),
		"DCOL", col(q.By.DisconnectReason, "disconnect_reason")).Replace(qContactAggregates)
}

// ContactAggregates implements connect.MetricsReader.
func (r *Reader) ContactAggregates(ctx context.Context, instanceID string, q connect.AggregateQuery) ([]connect.ContactAggregate, error) {
	rows, err := r.c.Query(ctx, aggregatesStatement(q), instanceID, ms(q.From), ms(q.To), r.d.List(q.Queues),
		max(1, q.Bucket.Milliseconds()), r.d.List(q.Channels), r.d.List(q.Agents))
	if err != nil {
		return nil, r.internal("aggregate contacts", err)
	}
	defer rows.Close()
	var out []connect.ContactAggregate
	for rows.Next() {
		var a connect.ContactAggregate
		if err := rows.Scan(&a.QueueID, &a.Channel, &a.AgentID, &a.InitiationMethod, &a.DisconnectReason, &a.Bucket,
			&a.Contacts, &a.Queued, &a.Handled, &a.Answered, &a.Abandoned, &a.Transferred,
			&a.HandleMS, &a.AnswerMS, &a.MaxQueuedMS); err != nil {
			return nil, r.internal("aggregate contacts", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, r.internal("aggregate contacts", err)
	}
	return out, nil
}
