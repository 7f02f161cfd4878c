package connect

import (
	"context"
	"time"
)

// ConsoleReader is the read side of what the web console shows that no API
// operation reads: a queue's board in offer order, its summary, the tasks
// falling due soon and a contact's events. It is part of Reader; each method
// reads through an index, whatever the number of contacts.
type ConsoleReader interface {
	// ListQueuedContacts returns up to limit QUEUED contacts of queue
	// queueID in the order routing offers them (as NextQueuedContact:
	// lowest QueuePriority, then earliest EnqueueTimestamp minus
	// QueueTimeAdjustmentSeconds, then ID).
	ListQueuedContacts(ctx context.Context, instanceID, queueID string, limit int) ([]*Contact, error)
	// QueueStats counts the QUEUED contacts of queue queueID and returns
	// the earliest EnqueueTimestamp among them (nil when none).
	QueueStats(ctx context.Context, instanceID, queueID string) (QueueStats, error)
	// CountScheduledDue counts the instance's SCHEDULED contacts whose
	// WakeAt (their ScheduledTimestamp) is in [from, to].
	CountScheduledDue(ctx context.Context, instanceID string, from, to time.Time) (int, error)
	// ListContactEvents returns up to limit of the contact's events still
	// in the outbox, in Seq order.
	ListContactEvents(ctx context.Context, instanceID, contactID string, limit int) ([]EventRecord, error)
}

// QueueStats summarises a queue's waiting contacts.
type QueueStats struct {
	Queued int
	Oldest *time.Time // earliest EnqueueTimestamp of a queued contact
}
