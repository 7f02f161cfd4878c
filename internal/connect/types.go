package connect

import "time"

// Partition is the account and region a request acts in. State is isolated
// per partition, as in AWS: a resource of one partition does not exist in another.
type Partition struct {
	AccountID string
	Region    string
}

// Contact channels and initiation methods connectd creates.
const (
	ChannelTask          = "TASK"
	InitiationMethodAPI  = "API"
	InitiationMethodFlow = "FLOW"
)

// Reference types (AWS ReferenceType).
const (
	RefURL        = "URL"
	RefAttachment = "ATTACHMENT"
	RefNumber     = "NUMBER"
	RefString     = "STRING"
	RefDate       = "DATE"
	RefEmail      = "EMAIL"
)

// Reference is a named link or value carried by a contact.
type Reference struct {
	Type  string
	Value string
}

// SegmentAttributeValue mirrors AWS SegmentAttributeValue: exactly one of the
// value members is set.
type SegmentAttributeValue struct {
	String  *string
	Integer *int32
	ARN     *string
	Map     map[string]SegmentAttributeValue
	List    []SegmentAttributeValue
}

// Segment attribute keys with a meaning to connectd.
const (
	SegmentContactExpiry = "connect:ContactExpiry"
	SegmentCreatedByUser = "connect:CreatedByUser"
)

// DefaultQueuePriority is a contact's queue priority until a flow's
// UpdateContactRoutingBehavior changes it.
const DefaultQueuePriority = 5

// Contact is a task contact.
type Contact struct {
	ID                string
	ARN               string
	InstanceID        string
	InitialContactID  string
	PreviousContactID string
	RelatedContactID  string
	Channel           string
	InitiationMethod  string
	Name              string
	Description       string
	State             ContactState
	ContactFlowID     string
	TaskTemplateID    string
	QuickConnectID    string
	// TaskTemplateVersion is the snapshot of TaskTemplateID the task uses;
	// TaskTemplateChanges counts UpdateContactTaskTemplate calls (at most 5).
	TaskTemplateVersion int
	TaskTemplateChanges int
	// AttributeSetID names the attribute set the contact reads and writes.
	// Contacts chained by PreviousContactId share one set.
	AttributeSetID    string
	References        map[string]Reference
	SegmentAttributes map[string]SegmentAttributeValue
	Tags              map[string]string
	ClientToken       string
	// RequestHash fingerprints the StartTaskContact request that created the
	// contact, so that a ClientToken reused for a different request is refused.
	RequestHash         string
	InitiationTimestamp time.Time
	ScheduledTimestamp  *time.Time
	LastUpdateTimestamp time.Time
	DisconnectTimestamp *time.Time
	DisconnectReason    string

	// Routing. QueueID is the queue the contact waits in, or last waited in;
	// AgentID the agent it is offered to or connected with.
	QueueID                    string
	QueuePriority              int64 // 1 is served first; DefaultQueuePriority unless a flow sets it
	QueueTimeAdjustmentSeconds int32 // added to the contact's age when ordering a queue
	EnqueueTimestamp           *time.Time
	AgentID                    string
	ConnectedToAgentTimestamp  *time.Time
	ConnectedToSystemTimestamp *time.Time
	// Pauses (PauseContact, ResumeContact).
	LastPausedTimestamp         *time.Time
	LastResumedTimestamp        *time.Time
	TotalPauseCount             int32
	TotalPauseDurationInSeconds int32
	// ExpiresAt is when an active contact expires (ends EXPIRED); WakeAt is
	// when the scheduler must next look at the contact (Service keeps it:
	// the ScheduledTime while scheduled, ExpiresAt while active, nil once
	// ended).
	ExpiresAt *time.Time
	WakeAt    *time.Time

	// Attributes is filled by Service from the contact's attribute set.
	Attributes map[string]string
	// TaskTemplate is filled by Service.DescribeContact from the template
	// snapshot the task uses; nil for a task without a template.
	TaskTemplate *TaskTemplateInfo
}

// PageRequest asks for one page of a list ordered by ID.
type PageRequest struct {
	After string // return items with ID > After; "" for the first page
	Limit int    // at most this many; > 0
}
