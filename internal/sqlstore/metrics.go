package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"connectd/internal/connect"
)

// qContactAggregates sums an instance's contacts by group and bucket, in the
// database: a report over many contacts moves a few rows.
// TSCOL is the time the range and the buckets are on: disconnect_ts
// (through contacts_disconnect, which covers the columns read) or
// initiation_ts (contacts_initiation_id, which covers the columns read when
// SUMS is the created contacts' zeros).
// The columns not grouped by (AggregateBy) read ” instead, so that the
// statement is one of a few texts. SUMS is qEndedSums for ended contacts,
// followed by a pair of qQueueLimitSums per queue time limit.
const qContactAggregates = `SELECT QCOL, CCOL, ACOL, RCOL, ICOL, DCOL,
	(TSCOL - ?2) / ?5 AS bucket,
	count(*)SUMS
	FROM contacts
	WHERE instance_id = ?1 AND TSCOL >= ?2 AND TSCOL < ?3
	  AND (?4[] IS NULL OR queue_id = ANY (?4[]))
	  AND (?6[] IS NULL OR channel = ANY (?6[]))
	  AND (?7[] IS NULL OR agent_id = ANY (?7[]))
	  AND (?8[] IS NULL OR routing_profile_id = ANY (?8[]))
	GROUP BY 1, 2, 3, 4, 5, 6, 7`

// qEndedSums are the sums of ended contacts (connect.ContactAggregate's
// order). A contact was transferred out when a TRANSFER contact names it as
// its previous one (contacts_previous): a transferred task ends OTHER, as
// the contact records document for tasks; TRANSFERRED is that test, or 0
// when not asked for.
const qEndedSums = `,
	CAST(sum(CASE WHEN enqueue_ts IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
	CAST(sum(CASE WHEN connected_to_agent_ts IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
	CAST(sum(CASE WHEN enqueue_ts IS NOT NULL AND connected_to_agent_ts IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
	CAST(sum(CASE WHEN enqueue_ts IS NOT NULL AND connected_to_agent_ts IS NULL THEN 1 ELSE 0 END) AS BIGINT),
	TRANSFERRED,
	CAST(coalesce(sum(disconnect_ts - connected_to_agent_ts), 0) AS BIGINT),
	CAST(coalesce(sum(connected_to_agent_ts - enqueue_ts), 0) AS BIGINT),
	CAST(coalesce(max(coalesce(connected_to_agent_ts, disconnect_ts) - enqueue_ts), 0) AS BIGINT),
	CAST(sum(CASE WHEN agent_offer_ts IS NOT NULL AND connected_to_agent_ts IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT),
	CAST(coalesce(sum(connected_to_agent_ts - agent_offer_ts), 0) AS BIGINT)`

const qTransferred = `CAST(sum(CASE WHEN EXISTS (SELECT 1 FROM contacts t
		WHERE t.instance_id = contacts.instance_id AND t.previous_contact_id = contacts.id
		  AND t.previous_contact_id <> '' AND t.initiation_method = 'TRANSFER') THEN 1 ELSE 0 END) AS BIGINT)`

// qQueueLimitSums counts the ended contacts answered, then abandoned, less
// than the limit ?N (milliseconds) after their enqueue time.
const qQueueLimitSums = `,
	CAST(sum(CASE WHEN connected_to_agent_ts - enqueue_ts < ?N THEN 1 ELSE 0 END) AS BIGINT),
	CAST(sum(CASE WHEN connected_to_agent_ts IS NULL AND disconnect_ts - enqueue_ts < ?N THEN 1 ELSE 0 END) AS BIGINT)`

// aggregateArgs is the number of qContactAggregates' fixed parameters; a
// queue time limit i is parameter aggregateArgs+1+i.
const aggregateArgs = 8

// aggregatesStatement is qContactAggregates for q.
func aggregatesStatement(q connect.AggregateQuery) string {
	col := func(by bool, expr string) string {
		if by {
			return expr
		}
		return "''"
	}
	ts, sums := "initiation_ts", ""
	if q.Ended {
		ts = "disconnect_ts"
		transferred := "0"
		if q.Transferred {
			transferred = qTransferred
		}
		sums = strings.Replace(qEndedSums, "TRANSFERRED", transferred, 1)
		for i := range q.QueueLimits {
			sums += strings.ReplaceAll(qQueueLimitSums, "?N", fmt.Sprintf("?%d", aggregateArgs+1+i))
		}
	}
	return strings.NewReplacer("TSCOL", ts, "SUMS", sums,
		"QCOL", col(q.By.Queue, "coalesce(queue_id, '')"), "CCOL", col(q.By.Channel, "channel"),
		"ACOL", col(q.By.Agent, "coalesce(agent_id, '')"), "RCOL", col(q.By.RoutingProfile, "coalesce(routing_profile_id, '')"),
		"ICOL", col(q.By.InitiationMethod, "initiation_method"),
		"DCOL", col(q.By.DisconnectReason && q.Ended, "disconnect_reason")).Replace(qContactAggregates)
}

// ContactAggregates implements connect.MetricsReader.
func (r *Reader) ContactAggregates(ctx context.Context, instanceID string, q connect.AggregateQuery) ([]connect.ContactAggregate, error) {
	args := []any{instanceID, ms(q.From), ms(q.To), r.d.List(q.Queues), max(1, q.Bucket.Milliseconds()),
		r.d.List(q.Channels), r.d.List(q.Agents), r.d.List(q.RoutingProfiles)}
	if q.Ended {
		for _, l := range q.QueueLimits {
			args = append(args, l.Milliseconds())
		}
	}
	rows, err := r.c.Query(ctx, aggregatesStatement(q), args...)
	if err != nil {
		return nil, r.internal("aggregate contacts", err)
	}
	defer rows.Close()
	var out []connect.ContactAggregate
	for rows.Next() {
		var a connect.ContactAggregate
		dest := []any{&a.QueueID, &a.Channel, &a.AgentID, &a.RoutingProfileID, &a.InitiationMethod, &a.DisconnectReason,
			&a.Bucket, &a.Contacts}
		if q.Ended {
			if n := len(q.QueueLimits); n > 0 {
				a.AnsweredIn, a.AbandonedIn = make([]int64, n), make([]int64, n)
			}
			dest = append(dest, &a.Queued, &a.Handled, &a.Answered, &a.Abandoned, &a.Transferred,
				&a.HandleMS, &a.AnswerMS, &a.MaxQueuedMS, &a.Connecting, &a.ConnectingMS)
			for i := range q.QueueLimits {
				dest = append(dest, &a.AnsweredIn[i], &a.AbandonedIn[i])
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, r.internal("aggregate contacts", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, r.internal("aggregate contacts", err)
	}
	return out, nil
}
