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
	// [q.From, q.To), narrowed to the queues, channels, agents and routing
	// profiles of q (nil: any), by the columns q.By names (the others read
	// "") and by q.Bucket-long step from q.From. Without q.Ended it counts
	// contacts only (Contacts; the other sums are 0) and groups by no
	// disconnect reason.
	ContactAggregates(ctx context.Context, instanceID string, q AggregateQuery) ([]ContactAggregate, error)
}

// AggregateQuery selects the contacts ContactAggregates sums, and how.
type AggregateQuery struct {
	From, To                                  time.Time
	Ended                                     bool
	Queues, Channels, Agents, RoutingProfiles []string
	// Bucket is the step of the time buckets (positive).
	Bucket time.Duration
	By     AggregateBy
	// Transferred asks for ContactAggregate.Transferred (0 without it: it
	// is the one sum that reads other contacts).
	Transferred bool
	// QueueLimits asks, for each limit, how many ended contacts left their
	// queue in less time than the limit (ContactAggregate.AnsweredIn and
	// AbandonedIn, in this order).
	QueueLimits []time.Duration
}

// AggregateBy says which columns ContactAggregates groups by: the fewer,
// the fewer rows it returns.
type AggregateBy struct {
	Queue, Channel, Agent, RoutingProfile, InitiationMethod, DisconnectReason bool
}

// ContactAggregate is the sum of the contacts of one group and bucket.
// Times are in milliseconds, from the timestamps DescribeContact shows.
type ContactAggregate struct {
	QueueID, Channel, AgentID, RoutingProfileID, InitiationMethod, DisconnectReason string
	Bucket                                                                          int64
	// Contacts counts them all; Queued those with an enqueue time; Handled
	// those connected to an agent; Answered those queued and connected;
	// Abandoned those queued and never connected; Transferred those ended
	// by a transfer.
	Contacts, Queued, Handled, Answered, Abandoned, Transferred int64
	// HandleMS sums disconnect − connected to agent over Handled;
	// AnswerMS sums connected to agent − enqueue over Answered; MaxQueuedMS
	// is the longest time queued (until connected, or until the end).
	HandleMS, AnswerMS, MaxQueuedMS int64
	// Connecting counts those offered to an agent and connected to it, and
	// ConnectingMS sums connected to agent − offered over them.
	Connecting, ConnectingMS int64
	// AnsweredIn[i] counts those connected to an agent less than
	// q.QueueLimits[i] after their enqueue time; AbandonedIn[i] those queued,
	// never connected, and ended less than q.QueueLimits[i] after it.
	AnsweredIn, AbandonedIn []int64
}
