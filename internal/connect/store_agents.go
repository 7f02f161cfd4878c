package connect

import "context"

// AgentReader is the read side of the resources routing needs: users, routing
// profiles, security profiles and agent statuses, plus the hours-of-operation
// lookups their operations use. It is part of Reader; like every Reader
// method, a getter returns a NotFound *Error (with Resource set) when the
// thing asked for does not exist.
type AgentReader interface {
	GetUser(ctx context.Context, instanceID, id string) (*User, error)
	// GetUserByUsername returns NotFound if the instance has no user of that name.
	GetUserByUsername(ctx context.Context, instanceID, username string) (*User, error)
	ListUsers(ctx context.Context, instanceID string, page PageRequest) ([]*User, error)
	// ListRoutableUsers returns the instance's users whose current agent
	// status is of type ROUTABLE, longest in that status first: ordered by
	// StatusStartTimestamp, then ID. It is served by an index.
	ListRoutableUsers(ctx context.Context, instanceID string) ([]*User, error)
	// CountUsersByRoutingProfile counts the users assigned routing profile id.
	CountUsersByRoutingProfile(ctx context.Context, instanceID, routingProfileID string) (int, error)
	// ListUsersByRoutingProfile lists the users assigned routing profile
	// id, ordered by ID.
	ListUsersByRoutingProfile(ctx context.Context, instanceID, routingProfileID string, page PageRequest) ([]*User, error)
	// ListUsersBySecurityProfile lists the users that have security profile
	// id among theirs, ordered by ID.
	ListUsersBySecurityProfile(ctx context.Context, instanceID, securityProfileID string, page PageRequest) ([]*User, error)

	GetRoutingProfile(ctx context.Context, instanceID, id string) (*RoutingProfile, error)
	// GetRoutingProfileByName returns NotFound if the instance has no routing profile of that name.
	GetRoutingProfileByName(ctx context.Context, instanceID, name string) (*RoutingProfile, error)
	ListRoutingProfiles(ctx context.Context, instanceID string, page PageRequest) ([]*RoutingProfile, error)
	// ListRoutingProfilesByQueue lists the routing profiles that serve
	// queue queueID on some channel or have it as their default outbound
	// queue, ordered by ID.
	ListRoutingProfilesByQueue(ctx context.Context, instanceID, queueID string) ([]*RoutingProfile, error)
	// ListRoutingProfileQueues lists the queues of a routing profile ordered
	// by (QueueID, Channel); page.After is the RoutingProfileQueue.Key of the
	// last item of the previous page. QueueARN and QueueName are filled from
	// the queue. An unknown routing profile has no queues (not NotFound).
	ListRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, page PageRequest) ([]RoutingProfileQueue, error)

	GetSecurityProfile(ctx context.Context, instanceID, id string) (*SecurityProfile, error)
	// GetSecurityProfileByName returns NotFound if the instance has no security profile of that name.
	GetSecurityProfileByName(ctx context.Context, instanceID, name string) (*SecurityProfile, error)
	ListSecurityProfiles(ctx context.Context, instanceID string, page PageRequest) ([]*SecurityProfile, error)

	GetAgentStatus(ctx context.Context, instanceID, id string) (*AgentStatus, error)
	// GetAgentStatusByName returns NotFound if the instance has no agent status of that name.
	GetAgentStatusByName(ctx context.Context, instanceID, name string) (*AgentStatus, error)
	// ListAgentStatuses lists the instance's agent statuses of the given types (all when empty).
	ListAgentStatuses(ctx context.Context, instanceID string, types []string, page PageRequest) ([]*AgentStatus, error)

	// GetHoursOfOperationByName returns NotFound if the instance has no hours of operation of that name.
	GetHoursOfOperationByName(ctx context.Context, instanceID, name string) (*HoursOfOperation, error)
	// CountQueuesByHoursOfOperation counts the queues that use hours of operation id.
	CountQueuesByHoursOfOperation(ctx context.Context, instanceID, hoursID string) (int, error)
}

// AgentWriter is the write side of AgentReader's resources. It is part of
// Tx: writes return Duplicate when a unique key (username, name) is taken
// and NotFound when the row to change does not exist.
type AgentWriter interface {
	// InsertUser inserts u. The store keeps, next to the user, the type of
	// its current agent status (read from the status row) for
	// ListRoutableUsers; u.StatusID must name an agent status of the instance.
	InsertUser(ctx context.Context, u *User) error
	// UpdateUser stores every mutable field of u: identity, channel
	// configuration, routing profile, security profiles, hierarchy group,
	// status and its start time, and the last-modified time. ID, ARN,
	// username and directory user never change; tags change only through SetTags.
	UpdateUser(ctx context.Context, u *User) error
	// DeleteUser deletes the user and its agent queue (the queue whose ID is
	// the user's ID).
	DeleteUser(ctx context.Context, instanceID, id string) error

	InsertRoutingProfile(ctx context.Context, rp *RoutingProfile) error
	// UpdateRoutingProfile stores rp's name, description, default outbound
	// queue, media concurrencies, agent availability timer and last-modified
	// time. Tags change only through SetTags; queues through the methods below.
	UpdateRoutingProfile(ctx context.Context, rp *RoutingProfile) error
	// PutRoutingProfileQueues inserts the queue configurations, replacing the
	// priority and delay of those already there (same QueueID and Channel).
	PutRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, qs []RoutingProfileQueue) error
	// DeleteRoutingProfile deletes the routing profile and its queue
	// configurations; the Service decides whether it may.
	DeleteRoutingProfile(ctx context.Context, instanceID, id string) error
	// DeleteRoutingProfileQueues removes the (QueueID, Channel) pairs of refs;
	// pairs that are not there are ignored.
	DeleteRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, refs []RoutingProfileQueue) error

	InsertSecurityProfile(ctx context.Context, sp *SecurityProfile) error
	// UpdateSecurityProfile stores sp's description, permissions, access
	// control settings and last-modified time. The name never changes;
	// tags change only through SetTags.
	UpdateSecurityProfile(ctx context.Context, sp *SecurityProfile) error
	// DeleteSecurityProfile deletes the security profile; the Service
	// decides whether it may.
	DeleteSecurityProfile(ctx context.Context, instanceID, id string) error
	InsertAgentStatus(ctx context.Context, as *AgentStatus) error
	// UpdateAgentStatus stores as's name, description, state, display order
	// and last-modified time. The type never changes; tags change only
	// through SetTags.
	UpdateAgentStatus(ctx context.Context, as *AgentStatus) error

	// UpdateHoursOfOperation stores h's name, description, time zone, config
	// and last-modified time. Tags change only through SetTags.
	UpdateHoursOfOperation(ctx context.Context, h *HoursOfOperation) error
	DeleteHoursOfOperation(ctx context.Context, instanceID, id string) error
}
