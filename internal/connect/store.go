package connect

import (
	"context"
	"time"
)

// Reader is the read side of a Store. Every method returns a NotFound *Error
// (with Resource set) when the thing asked for does not exist.
type Reader interface {
	GetInstance(ctx context.Context, id string) (*Instance, error)
	// GetInstanceByAlias returns NotFound if no instance of p has that alias.
	GetInstanceByAlias(ctx context.Context, p Partition, alias string) (*Instance, error)
	// GetInstanceByClientToken returns NotFound if no instance of p was created with token.
	GetInstanceByClientToken(ctx context.Context, p Partition, token string) (*Instance, error)
	ListInstances(ctx context.Context, p Partition, page PageRequest) ([]*Instance, error)

	GetContactFlow(ctx context.Context, instanceID, id string) (*ContactFlow, error)
	// GetContactFlowByName returns NotFound if the instance has no flow of that name.
	GetContactFlowByName(ctx context.Context, instanceID, name string) (*ContactFlow, error)
	// ListContactFlows lists the instance's flows of the given types (all when empty).
	ListContactFlows(ctx context.Context, instanceID string, types []string, page PageRequest) ([]*ContactFlow, error)

	GetQueue(ctx context.Context, instanceID, id string) (*Queue, error)
	GetQueueByName(ctx context.Context, instanceID, name string) (*Queue, error)
	ListQueues(ctx context.Context, instanceID string, types []string, page PageRequest) ([]*Queue, error)

	GetHoursOfOperation(ctx context.Context, instanceID, id string) (*HoursOfOperation, error)
	ListHoursOfOperations(ctx context.Context, instanceID string, page PageRequest) ([]*HoursOfOperation, error)

	// GetContact returns the contact without its Attributes (see GetAttributes).
	GetContact(ctx context.Context, instanceID, id string) (*Contact, error)
	// GetContactByClientToken returns NotFound if no contact of the instance carries token.
	GetContactByClientToken(ctx context.Context, instanceID, token string) (*Contact, error)
	// CountContactsByPrevious counts the contacts whose PreviousContactID is id.
	CountContactsByPrevious(ctx context.Context, instanceID, id string) (int, error)
	// SearchContacts returns the page of contacts matching q, and the total number of matches.
	SearchContacts(ctx context.Context, instanceID string, q ContactQuery) ([]*Contact, int, error)

	// GetAttributes returns the attribute set (empty, not NotFound, when never written).
	GetAttributes(ctx context.Context, instanceID, setID string) (map[string]string, error)
}

// ContactQuery selects contacts for SearchContacts. Zero fields do not filter.
type ContactQuery struct {
	TimeField         string // INITIATION_TIMESTAMP | SCHEDULED_TIMESTAMP | CONNECTED_TO_AGENT_TIMESTAMP | DISCONNECT_TIMESTAMP | ENQUEUE_TIMESTAMP
	Start, End        time.Time
	Channels          []string
	InitiationMethods []string
	QueueIDs          []string
	SortField         string // INITIATION_TIMESTAMP | SCHEDULED_TIMESTAMP | CONNECTED_TO_AGENT_TIMESTAMP | DISCONNECT_TIMESTAMP | INITIATION_METHOD | CHANNEL
	Descending        bool
	Offset, Limit     int
}

// Tx is a write transaction. Writes return a Duplicate *Error when a unique
// key (name, alias, client token) is taken, and NotFound when the row to
// change does not exist.
type Tx interface {
	Reader

	InsertInstance(ctx context.Context, in *Instance) error
	// DeleteInstance deletes the instance and everything in it.
	DeleteInstance(ctx context.Context, id string) error

	InsertContactFlow(ctx context.Context, f *ContactFlow) error
	UpdateContactFlow(ctx context.Context, f *ContactFlow) error
	DeleteContactFlow(ctx context.Context, instanceID, id string) error

	InsertQueue(ctx context.Context, q *Queue) error
	InsertHoursOfOperation(ctx context.Context, h *HoursOfOperation) error

	// SetTags replaces the tags of the resource with the given ARN (instance,
	// flow, queue, hours of operation or contact) and returns NotFound if it
	// has no such resource.
	SetTags(ctx context.Context, arn string, tags map[string]string) error

	InsertContact(ctx context.Context, c *Contact) error
	// UpdateContact stores every mutable field of c.
	UpdateContact(ctx context.Context, c *Contact) error
	// PutAttributes replaces the attribute set setID.
	PutAttributes(ctx context.Context, instanceID, setID string, attrs map[string]string) error
}

// Store is connectd's persistence. Implementations: internal/sqlite (single
// node) and internal/postgres (many nodes on one database); both pass
// internal/storetest.
type Store interface {
	Reader
	// Update runs fn in a write transaction and returns once its writes are
	// durable. If fn returns an error, none of its writes persist and Update
	// returns that error. Concurrent Updates may share one commit: a store
	// must not hold a lock across an fsync per request. fn must not retain tx.
	//
	// fn may run more than once: a store whose transactions can fail to
	// serialise against other nodes' (internal/postgres) rolls back and runs
	// fn again. So fn must have no effect outside tx (no I/O, no sending, no
	// appending to or counting in outer variables), and must (re)assign
	// whatever it hands back to the caller on every run. Reads in tx see the
	// data as of the run, and the rules fn checks on them (quotas, unique
	// client tokens) hold at commit as if the Updates of every node had run
	// one at a time.
	//
	// fn may carry on after a read's NotFound or an insert's Duplicate; after
	// any other Tx failure it should return an error: on PostgreSQL a failed
	// statement aborts the transaction, and an Update whose fn ignores that
	// fails at commit.
	Update(ctx context.Context, fn func(tx Tx) error) error
	// Ping checks that the store can serve a query (health checks). It
	// returns an Internal *Error when it cannot.
	Ping(ctx context.Context) error
	Close() error
}

// Clock tells the time. Tests and the future manual clock inject their own.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to Clock.
type ClockFunc func() time.Time

// Now returns f().
func (f ClockFunc) Now() time.Time { return f() }

// IDGen makes resource IDs.
type IDGen interface {
	NewID() string
}

// FlowValidator checks Flow-language content for a PUBLISHED flow. It returns
// the problems found (none for a valid flow). Implemented by internal/flow.
type FlowValidator interface {
	ValidateFlow(content string) []Problem
}
