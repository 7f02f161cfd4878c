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
	// any), by queue, channel, agent, initiation method, disconnect reason
	// and AggregateBucket-long step from q.From.
	ContactAggregates(ctx context.Context, instanceID string, q AggregateQuery) ([]ContactAggregate, error)
}

// AggregateBucket is the step of ContactAggregates' time buckets: every
// time zone's offset, and every interval of GetMetricDataV2, is a multiple
// of it, so buckets group into intervals exactly.
const AggregateBucket = 15 * time.Minute

// AggregateQuery selects the contacts ContactAggregates sums.
type AggregateQuery struct {
	From, To                 time.Time
	Ended                    bool
	Queues, Channels, Agents []string
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
