package connect

import (
	"context"
	"time"
)

// Reader is the read side of a Store. Every method returns a NotFound *Error
// (with Resource set) when the thing asked for does not exist.
type Reader interface {
	MetricsReader // store_metrics.go
	GetInstance(ctx context.Context, id string) (*Instance, error)
	// GetInstanceByAlias returns NotFound if no instance of p has that alias.
	GetInstanceByAlias(ctx context.Context, p Partition, alias string) (*Instance, error)
	// GetInstanceByClientToken returns NotFound if no instance of p was created with token.
	GetInstanceByClientToken(ctx context.Context, p Partition, token string) (*Instance, error)
	ListInstances(ctx context.Context, p Partition, page PageRequest) ([]*Instance, error)

	GetContactFlow(ctx context.Context, instanceID, id string) (*ContactFlow, error)
	// GetInstanceFlow reads an instance and one of its flows in one
	// statement (StartTaskContact's checks, one database round trip
	// instead of two). It returns NotFound, without saying which, if either
	// is missing.
	GetInstanceFlow(ctx context.Context, instanceID, flowID string) (*Instance, *ContactFlow, error)
	// GetContactFlowByName returns NotFound if the instance has no flow of that name.
	GetContactFlowByName(ctx context.Context, instanceID, name string) (*ContactFlow, error)
	// ListContactFlows lists the instance's flows of the given types (all when empty).
	ListContactFlows(ctx context.Context, instanceID string, types []string, page PageRequest) ([]*ContactFlow, error)

	GetQueue(ctx context.Context, instanceID, id string) (*Queue, error)
	GetQueueByName(ctx context.Context, instanceID, name string) (*Queue, error)
	ListQueues(ctx context.Context, instanceID string, types []string, page PageRequest) ([]*Queue, error)
	// ListQueueContacts returns up to limit (<= 0: every) active contacts
	// that are in queue queueID or came from it: queued, offered to an
	// agent, connected or paused; ordered by ID.
	ListQueueContacts(ctx context.Context, instanceID, queueID string, limit int) ([]*Contact, error)

	GetHoursOfOperation(ctx context.Context, instanceID, id string) (*HoursOfOperation, error)
	ListHoursOfOperations(ctx context.Context, instanceID string, page PageRequest) ([]*HoursOfOperation, error)

	// GetContact returns the contact without its Attributes (see GetAttributes).
	GetContact(ctx context.Context, instanceID, id string) (*Contact, error)
	// GetPartitionContact returns the contact with its Attributes, in one
	// read, if its instance is instanceID (an ID) and of partition p;
	// NotFound (Resource contact) otherwise, whether the contact or the
	// instance is missing.
	GetPartitionContact(ctx context.Context, p Partition, instanceID, id string) (*Contact, error)
	// GetContactByClientToken returns NotFound if no contact of the instance carries token.
	GetContactByClientToken(ctx context.Context, instanceID, token string) (*Contact, error)
	// CountContactsByPrevious counts the contacts whose PreviousContactID is id.
	CountContactsByPrevious(ctx context.Context, instanceID, id string) (int, error)
	// SearchContacts returns the page of contacts matching q, and the total number of matches.
	SearchContacts(ctx context.Context, instanceID string, q ContactQuery) ([]*Contact, int, error)

	// GetAttributes returns the attribute set (empty, not NotFound, when never written).
	GetAttributes(ctx context.Context, instanceID, setID string) (map[string]string, error)
	// GetAttributeSets reads the sets setIDs in one statement. A set never
	// written (or written empty) is absent from the map.
	GetAttributeSets(ctx context.Context, instanceID string, setIDs []string) (map[string]map[string]string, error)

	// NextWake returns the earliest WakeAt of all contacts of all instances,
	// nil when no contact has one.
	NextWake(ctx context.Context) (*time.Time, error)
	// NextQueuedContact returns the QUEUED contact of the instance that a
	// queue among queueIDs serves first: lowest QueuePriority, then earliest
	// EnqueueTimestamp minus QueueTimeAdjustmentSeconds, then ID. NotFound
	// when those queues are empty.
	NextQueuedContact(ctx context.Context, instanceID string, queueIDs []string) (*Contact, error)
	// CountQueuedContacts counts the QUEUED contacts in a queue.
	CountQueuedContacts(ctx context.Context, instanceID, queueID string) (int, error)
	// ListAgentContacts returns the contacts offered to, connected to or
	// paused with the agent, oldest enqueued first.
	ListAgentContacts(ctx context.Context, instanceID, userID string) ([]*Contact, error)
	// ListFlowLog returns a contact's flow log entries in the order written.
	ListFlowLog(ctx context.Context, instanceID, contactID string) ([]FlowLogEntry, error)

	// EventsAfter returns up to limit contact events with Seq > after, in
	// Seq order, of every instance: those no event can be committed before
	// any more (see EventRecord).
	EventsAfter(ctx context.Context, after int64, limit int) ([]EventRecord, error)
	// PartitionEventsAfter is EventsAfter of the events of p's instances
	// only. It reads them through an index, whatever the number of other
	// partitions' events.
	PartitionEventsAfter(ctx context.Context, p Partition, after int64, limit int) ([]EventRecord, error)
	// LastEventSeq returns the highest Seq written so far (0 if none), but
	// never one that an event still to commit could be below: a reader that
	// starts after it misses no event committed later.
	LastEventSeq(ctx context.Context) (int64, error)
	// GetCursor returns the named delivery cursor; ok is false if never set.
	GetCursor(ctx context.Context, name string) (seq int64, ok bool, err error)

	// GetTaskTemplate returns the template's current state.
	GetTaskTemplate(ctx context.Context, instanceID, id string) (*TaskTemplate, error)
	// GetTaskTemplateByName returns NotFound if the instance has no template of that name.
	GetTaskTemplateByName(ctx context.Context, instanceID, name string) (*TaskTemplate, error)
	// GetTaskTemplateByClientToken returns NotFound if no template of the instance was created with token.
	GetTaskTemplateByClientToken(ctx context.Context, instanceID, token string) (*TaskTemplate, error)
	// GetTaskTemplateVersion returns snapshot version of template id, also
	// after the template was deleted, without Tags, ClientToken or RequestHash.
	GetTaskTemplateVersion(ctx context.Context, instanceID, id string, version int) (*TaskTemplate, error)
	// ListTaskTemplates lists every template of the instance that matches f.
	ListTaskTemplates(ctx context.Context, instanceID string, f TaskTemplateFilter) ([]*TaskTemplate, error)

	GetQuickConnect(ctx context.Context, instanceID, id string) (*QuickConnect, error)
	// GetQuickConnectByName returns NotFound if the instance has no quick connect of that name.
	GetQuickConnectByName(ctx context.Context, instanceID, name string) (*QuickConnect, error)
	// ListQuickConnects lists the instance's quick connects of the given types (all when empty).
	ListQuickConnects(ctx context.Context, instanceID string, types []string, page PageRequest) ([]*QuickConnect, error)
	// ListQuickConnectsByQueue lists the QUEUE quick connects that send
	// contacts to queue queueID, ordered by ID.
	ListQuickConnectsByQueue(ctx context.Context, instanceID, queueID string) ([]*QuickConnect, error)

	GetContactFlowModule(ctx context.Context, instanceID, id string) (*ContactFlowModule, error)
	// GetContactFlowModuleByName returns NotFound if the instance has no module of that name.
	GetContactFlowModuleByName(ctx context.Context, instanceID, name string) (*ContactFlowModule, error)
	// GetContactFlowModuleByClientToken returns NotFound if no module of the instance was created with token.
	GetContactFlowModuleByClientToken(ctx context.Context, instanceID, token string) (*ContactFlowModule, error)
	// ListContactFlowModules lists the instance's modules in state (all when "").
	ListContactFlowModules(ctx context.Context, instanceID, state string, page PageRequest) ([]*ContactFlowModule, error)

	ConsoleReader   // what the console shows beyond the API's reads (store_console.go)
	AgentReader     // users, routing profiles, security profiles, agent statuses (store_agents.go)
	HierarchyReader // agent hierarchies (store_hierarchy.go)
}

// EventRecord is a contact event in the store's outbox. Seq increases
// strictly with each write of one transaction, and from a transaction to
// any that reads or overwrites its writes. A store's EventsAfter returns
// only Seqs no event can any more be committed below (SQLite: every Seq,
// its single writer commits in Seq order; PostgreSQL: the Seqs below the
// oldest transaction still running), so a reader that follows the highest
// Seq it has read misses none.
type EventRecord struct {
	Seq int64
	// Partition is the account and region of the event's instance: the
	// callers who may read it.
	Partition  Partition
	InstanceID string
	ContactID  string
	Type       string // the detail's eventType
	Time       time.Time
	Body       []byte // the EventBridge event, JSON
}

// FlowLogAppend is entries to append to one contact's flow log.
type FlowLogAppend struct {
	InstanceID, ContactID string
	Entries               []FlowLogEntry
	// New says the contact was created in this transaction: it has no
	// entries yet, and the store need not look for them.
	New bool
}

// TaskTemplateFilter selects task templates; zero fields do not filter.
type TaskTemplateFilter struct {
	Status string
	Name   string // exact name
}

// ContactQuery selects contacts for SearchContacts. Zero fields do not
// filter; the criteria that are set must all hold.
type ContactQuery struct {
	TimeField         string // INITIATION_TIMESTAMP | SCHEDULED_TIMESTAMP | CONNECTED_TO_AGENT_TIMESTAMP | DISCONNECT_TIMESTAMP | ENQUEUE_TIMESTAMP
	Start, End        time.Time
	Channels          []string
	InitiationMethods []string
	QueueIDs          []string
	AgentIDs          []string // the agent who handled the contact
	Name              *TextMatch
	// Attributes matches the user-defined attributes (those of the
	// contact's attribute set), SegmentAttributes the string, integer and
	// ARN segment attributes, both by exact key and value.
	Attributes        *KeyValueMatch
	SegmentAttributes *KeyValueMatch
	Tags              *TagFilter
	AdditionalTimes   *TimeMatch
	SortField         string // INITIATION_TIMESTAMP | SCHEDULED_TIMESTAMP | CONNECTED_TO_AGENT_TIMESTAMP | DISCONNECT_TIMESTAMP | INITIATION_METHOD | CHANNEL | EXPIRY_TIMESTAMP
	Descending        bool
	AgentHierarchy    AgentHierarchyCriterion // hierarchy.go
	Offset, Limit     int
}

// Match types of SearchContacts' criteria (SearchContactsMatchType).
const (
	MatchAll   = "MATCH_ALL"
	MatchAny   = "MATCH_ANY"
	MatchExact = "MATCH_EXACT"
	MatchNone  = "MATCH_NONE"
)

// TextMatch matches a contact's name against texts, ignoring ASCII case:
// MatchAll, the name contains every text; MatchAny, one of them; MatchNone,
// none of them; MatchExact, the name is one of them.
type TextMatch struct {
	Texts []string
	Type  string
}

// KeyValueMatch matches key-value criteria: MatchAll, every criterion holds;
// MatchAny, one does; MatchNone, none does.
type KeyValueMatch struct {
	Criteria []KeyValues
	Type     string
}

// KeyValues holds when the key has one of the values, or, with no values,
// when the key is set.
type KeyValues struct {
	Key    string
	Values []string
}

// TagFilter is a ControlPlaneTagFilter: every condition of And, one of the
// groups of Or (each holding when all its conditions do) and Condition must
// hold, those that are set.
type TagFilter struct {
	Or        [][]TagCondition
	And       []TagCondition
	Condition *TagCondition
}

// TagCondition holds when the contact has the tag Key, with Value unless
// Value is nil.
type TagCondition struct {
	Key   string
	Value *string
}

// TimeMatch combines timestamp criteria (SearchContactsAdditionalTimeRange):
// MatchAll, every criterion holds; MatchAny, one does; MatchNone, none does.
type TimeMatch struct {
	Criteria []TimeCriterion
	Type     string
}

// TimeCriterion holds when the contact's Field timestamp lies in [Start,
// End], or, with NotExists, when the contact has no such timestamp.
type TimeCriterion struct {
	Field      string
	Start, End time.Time
	NotExists  bool
}

// Tx is a write transaction. Writes return a Duplicate *Error when a unique
// key (name, alias, client token) is taken, and NotFound when the row to
// change does not exist.
type Tx interface {
	Reader
	// ReadRoutableUsersAhead asks for ListRoutableUsers(instanceID) and
	// calls got with the users, at once or, on a store that pipelines
	// statements (PostgreSQL), when the transaction's next statement that
	// needs an answer brings them: a round trip fewer for the routing that
	// follows. A failed read fails the transaction; got is not called if
	// the rows cannot be read (ListRoutableUsers will say why).
	ReadRoutableUsersAhead(ctx context.Context, instanceID string, got func([]*User)) error
	// ReadQueueAhead asks for GetQueue(instanceID, id) the same way; got is
	// not called if there is no such queue.
	ReadQueueAhead(ctx context.Context, instanceID, id string, got func(*Queue)) error

	InsertInstance(ctx context.Context, in *Instance) error
	// UpdateInstanceAttributes stores in's InboundCallsEnabled,
	// OutboundCallsEnabled and Attributes.
	UpdateInstanceAttributes(ctx context.Context, in *Instance) error
	// DeleteInstance deletes the instance and everything in it.
	DeleteInstance(ctx context.Context, id string) error
	// DeletePartition deletes every instance of p with everything in it
	// (resources, contacts, attribute sets, flow logs, counters, task
	// template snapshots) and the contact events of those instances, and
	// returns how many of each kind it deleted. Other partitions are
	// untouched.
	DeletePartition(ctx context.Context, p Partition) (PartitionCounts, error)

	InsertContactFlow(ctx context.Context, f *ContactFlow) error
	UpdateContactFlow(ctx context.Context, f *ContactFlow) error
	DeleteContactFlow(ctx context.Context, instanceID, id string) error

	InsertQueue(ctx context.Context, q *Queue) error
	// UpdateQueue stores q's name, description, status, hours of operation,
	// maximum contacts, outbound caller configuration and last-modified time. Tags change only through
	// SetTags, quick connects through SetQueueQuickConnects.
	UpdateQueue(ctx context.Context, q *Queue) error
	// DeleteQueue deletes the queue, whatever its type; the Service decides
	// whether it may.
	DeleteQueue(ctx context.Context, instanceID, id string) error
	InsertHoursOfOperation(ctx context.Context, h *HoursOfOperation) error

	// SetTags replaces the tags of the resource with the given ARN (instance,
	// flow, queue, hours of operation, contact, task template, quick
	// connect, user, routing profile, security profile, agent status or flow
	// module) and
	// returns NotFound if it has no such resource.
	SetTags(ctx context.Context, arn string, tags map[string]string) error

	// InsertContact stores c and, when c is active, counts it nowhere:
	// callers keep the active count with AddActiveContacts.
	InsertContact(ctx context.Context, c *Contact) error
	// UpdateContact stores every mutable field of c (all but identity and
	// creation facts: IDs, ARN, channel, initiation method and time, task
	// template, attribute set, client token, request hash).
	UpdateContact(ctx context.Context, c *Contact) error
	// UpdateContactFrom is UpdateContact for a contact this transaction
	// read (or wrote) as before: a store may write only what changed.
	UpdateContactFrom(ctx context.Context, before, c *Contact) error
	// PutAttributes replaces the attribute set setID.
	PutAttributes(ctx context.Context, instanceID, setID string, attrs map[string]string) error

	// DueContacts claims up to limit contacts whose WakeAt <= now, earliest
	// first. A claim lasts until the transaction ends: a store serving
	// several nodes locks the rows and skips rows another transaction holds,
	// so concurrent schedulers never process a contact twice, and a node
	// that dies mid-run releases its claims with its transaction.
	DueContacts(ctx context.Context, now time.Time, limit int) ([]*Contact, error)
	// WriteLock writes the row of resource r (a contact or a user) without
	// changing it, so that a concurrent Update that write-locks or changes
	// it conflicts with this one (one runs again after the other commits):
	// a rule of a Snapshot Update about what hangs off the row (the tasks
	// chained to a contact, the tasks offered to an agent) then holds.
	// NotFound if there is no such row.
	WriteLock(ctx context.Context, r Resource, instanceID, id string) error
	// AddActiveContacts adds delta (+1 or -1) to the instance's count of
	// active contacts, unless delta is +1 and the count would then exceed
	// quota: it then changes nothing and returns false. Concurrent Updates
	// of every node keep the count exact.
	AddActiveContacts(ctx context.Context, instanceID string, delta, quota int) (bool, error)
	// AppendFlowLog appends entries to the contact's flow log.
	AppendFlowLog(ctx context.Context, instanceID, contactID string, entries []FlowLogEntry) error
	// AppendFlowLogs appends each FlowLogAppend's entries to its contact's
	// flow log, in order, in as few statements as the store allows.
	AppendFlowLogs(ctx context.Context, logs []FlowLogAppend) error
	// AppendEvent writes e to the outbox and sets e.Seq.
	AppendEvent(ctx context.Context, e *EventRecord) error
	// AppendEvents writes es to the outbox as AppendEvent would, one after
	// the other (Seqs increase in the order of es), in as few statements as
	// the store allows.
	AppendEvents(ctx context.Context, es []*EventRecord) error
	// DeleteEventsBefore deletes the events older than t and returns how many.
	DeleteEventsBefore(ctx context.Context, t time.Time) (int, error)
	// DeleteFlowLogsBefore deletes the flow log entries timed before t and
	// returns how many.
	DeleteFlowLogsBefore(ctx context.Context, t time.Time) (int, error)
	// PutCursor sets the named delivery cursor.
	PutCursor(ctx context.Context, name string, seq int64) error
	// DeleteCursor deletes the named delivery cursor; deleting one that does
	// not exist is not an error.
	DeleteCursor(ctx context.Context, name string) error
	// InsertTaskTemplate stores t as the template's current state and as its
	// snapshot t.Version.
	InsertTaskTemplate(ctx context.Context, t *TaskTemplate) error
	// UpdateTaskTemplate replaces the template's current state with t (tags,
	// client token, request hash and creation time aside) and stores t as
	// snapshot t.Version, which must be new.
	UpdateTaskTemplate(ctx context.Context, t *TaskTemplate) error
	// DeleteTaskTemplate deletes the template; its snapshots stay, for the
	// tasks that use them.
	DeleteTaskTemplate(ctx context.Context, instanceID, id string) error

	InsertQuickConnect(ctx context.Context, q *QuickConnect) error
	// UpdateQuickConnect stores q's name, description, configuration and
	// last-modified time.
	UpdateQuickConnect(ctx context.Context, q *QuickConnect) error
	// DeleteQuickConnect deletes the quick connect and removes it from every
	// queue's QuickConnectIDs.
	DeleteQuickConnect(ctx context.Context, instanceID, id string) error
	// SetQueueQuickConnects replaces the queue's QuickConnectIDs and sets its
	// LastModified.
	SetQueueQuickConnects(ctx context.Context, instanceID, queueID string, ids []string, lastModified time.Time) error

	InsertContactFlowModule(ctx context.Context, m *ContactFlowModule) error
	// UpdateContactFlowModule stores m's name, description, content,
	// settings, state and last-modified time. Tags change only through SetTags.
	UpdateContactFlowModule(ctx context.Context, m *ContactFlowModule) error
	DeleteContactFlowModule(ctx context.Context, instanceID, id string) error

	AgentWriter     // users, routing profiles, security profiles, agent statuses (store_agents.go)
	HierarchyWriter // agent hierarchies (store_hierarchy.go)
}

// PartitionCounts counts an account's resources, contacts and their records,
// by kind. Queues are standard queues (an agent queue goes with its user).
type PartitionCounts struct {
	Instances         int
	HoursOfOperations int
	Queues            int
	ContactFlows      int
	RoutingProfiles   int
	SecurityProfiles  int
	AgentStatuses     int
	Users             int
	TaskTemplates     int
	QuickConnects     int
	FlowModules       int
	Contacts          int
	ContactEvents     int
	FlowLogEntries    int
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

// Isolation is what an Update asks of the store beyond atomicity: how its
// rules are kept against the concurrent Updates of every node. A store with
// a single writer (SQLite) runs every Update alone, whatever its isolation.
type Isolation int

const (
	// Serializable: the rules fn checks hold as if the Updates of every node
	// had run one at a time (PostgreSQL's SERIALIZABLE). The default.
	Serializable Isolation = iota
	// Snapshot: fn reads one snapshot, and of two concurrent Updates that
	// write one row, one runs again after the other commits. The rules of a
	// Snapshot Update hold only through unique keys and rows they write:
	// Tx.AddActiveContacts, Tx.WriteLock. For the contact operations, which
	// every node runs all the time.
	Snapshot
	// Exclusive: fn runs while no other Update of any node does. For the
	// rare Updates whose rules read what Snapshot Updates write (a queue
	// deleted while tasks enter it).
	Exclusive
)

type isolationKey struct{}

// WithIsolation returns ctx asking the Updates run with it for iso.
func WithIsolation(ctx context.Context, iso Isolation) context.Context {
	return context.WithValue(ctx, isolationKey{}, iso)
}

// IsolationOf returns the isolation ctx asks for: Serializable by default.
func IsolationOf(ctx context.Context) Isolation {
	iso, _ := ctx.Value(isolationKey{}).(Isolation)
	return iso
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

// PageRequest asks for one page of a list ordered by ID.
type PageRequest struct {
	After string // return items with ID > After; "" for the first page
	Limit int    // at most this many; > 0
}
