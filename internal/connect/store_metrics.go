package connect

import (
	"context"
	"time"
)

// MetricsReader is what GetMetricDataV2 reads: sums over an instance's
// contacts, computed by the store (see ContactAggregates).
type MetricsReader interface {
	// ContactAggregates sums the instance's contacts whose time (their
	// disconnect time with q.Ended, else their initiation time) is in
	// [q.From, q.To), narrowed to the queues, channels and agents of q (nil:
	// any), by the columns q.By names (the others read "") and by
	// q.Bucket-long step from q.From.
	ContactAggregates(ctx context.Context, instanceID string, q AggregateQuery) ([]ContactAggregate, error)
}

// AggregateQuery selects the contacts ContactAggregates sums, and how.
type AggregateQuery struct {
	From, To                 time.Time
	Ended                    bool
	Queues, Channels, Agents []string
	// Bucket is the step of the time buckets (positive).
	Bucket time.Duration
	By     AggregateBy
}

// AggregateBy says which columns ContactAggregates groups by: the fewer,
// the fewer rows it returns.
type AggregateBy struct {
	Queue, Channel, Agent, InitiationMethod, DisconnectReason bool
}

// ContactAggregate is the sum of the contacts of one group and bucket.
// Times are in milliseconds, from the timestamps DescribeContact shows.
type ContactAggregate struct {
	QueueID, Channel, AgentID, InitiationMethod, DisconnectReason string
	Bucket                                                        int64
	// Contacts counts them all; Queued those with an enqueue time; Handled
	// those connected to an agent; Answered those queued and connected;
	// Abandoned those queued and never connected; Transferred those ended
	// by a transfer.
	Contacts, Queued, Handled, Answered, Abandoned, Transferred int64
	// HandleMS sums disconnect − connected to agent over Handled;
	// AnswerMS sums connected to agent − enqueue over Answered; MaxQueuedMS
	// is the longest time queued (until connected, or until the end).
	HandleMS, AnswerMS, MaxQueuedMS int64
}
