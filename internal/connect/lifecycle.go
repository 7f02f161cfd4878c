package connect

import "fmt"

// ContactState is where a contact is in its life. AWS exposes no state member
// on Contact; connectd keeps one to enforce the rules that depend on it.
type ContactState string

// Contact states. A task starts Scheduled (when it has a ScheduledTime) or
// InProgress, and ends Ended. Queued and Connected belong to the routing
// issue and are declared here so the store schema does not change later.
const (
	StateScheduled  ContactState = "SCHEDULED"
	StateInProgress ContactState = "IN_PROGRESS"
	StateQueued     ContactState = "QUEUED"
	StateConnected  ContactState = "CONNECTED"
	StateEnded      ContactState = "ENDED"
)

// Events that move a contact between states.
type ContactEvent string

// Contact events.
const (
	EventStart      ContactEvent = "start"      // the scheduled time came
	EventEnqueue    ContactEvent = "enqueue"    // a flow put the contact in a queue
	EventConnect    ContactEvent = "connect"    // an agent accepted it
	EventDisconnect ContactEvent = "disconnect" // stopped, completed or expired
	EventReschedule ContactEvent = "reschedule" // UpdateContactSchedule
)

var transitions = map[ContactState]map[ContactEvent]ContactState{
	StateScheduled: {
		EventStart:      StateInProgress,
		EventReschedule: StateScheduled,
		EventDisconnect: StateEnded,
	},
	StateInProgress: {
		EventEnqueue:    StateQueued,
		EventDisconnect: StateEnded,
	},
	StateQueued: {
		EventEnqueue:    StateQueued,
		EventConnect:    StateConnected,
		EventDisconnect: StateEnded,
	},
	StateConnected: {
		EventEnqueue:    StateQueued,
		EventDisconnect: StateEnded,
	},
	StateEnded: {},
}

// Transition returns the state a contact in state from reaches on event ev,
// or an Invalid error if ev is not allowed in from.
func Transition(from ContactState, ev ContactEvent) (ContactState, error) {
	to, ok := transitions[from][ev]
	if !ok {
		return from, &Error{Kind: Invalid, Resource: ResourceContact,
			Message: fmt.Sprintf("contact in state %s cannot %s", from, ev)}
	}
	return to, nil
}

// Active reports whether a contact in state s has not ended.
func (s ContactState) Active() bool { return s != StateEnded }
