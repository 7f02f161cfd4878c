package connect

import "fmt"

// ContactState is where a contact is in its life. AWS exposes no state member
// on Contact; connectd keeps one to enforce the rules that depend on it.
type ContactState string

// Contact states. A task starts Scheduled (when it has a ScheduledTime) or
// InProgress (its flow runs), waits Queued, is Connecting while offered to an
// agent, Connected once accepted, Paused by PauseContact, and ends Ended.
const (
	StateScheduled  ContactState = "SCHEDULED"
	StateInProgress ContactState = "IN_PROGRESS"
	StateQueued     ContactState = "QUEUED"
	StateConnecting ContactState = "CONNECTING"
	StateConnected  ContactState = "CONNECTED"
	StatePaused     ContactState = "PAUSED"
	StateEnded      ContactState = "ENDED"
)

// Trigger is what moves a contact between states.
type Trigger string

// Triggers.
const (
	TriggerStart      Trigger = "start"      // the scheduled time came
	TriggerEnqueue    Trigger = "enqueue"    // a flow put the contact in a queue
	TriggerOffer      Trigger = "offer"      // routing offered it to an agent
	TriggerAccept     Trigger = "accept"     // the agent accepted it
	TriggerReject     Trigger = "reject"     // the agent rejected it: back to the queue
	TriggerTransfer   Trigger = "transfer"   // TransferContact: it ends; a new contact carries on
	TriggerPause      Trigger = "pause"      // PauseContact
	TriggerResume     Trigger = "resume"     // ResumeContact
	TriggerDisconnect Trigger = "disconnect" // stopped, completed, expired or ended by a flow
	TriggerReschedule Trigger = "reschedule" // UpdateContactSchedule
)

var transitions = map[ContactState]map[Trigger]ContactState{
	StateScheduled: {
		TriggerStart:      StateInProgress,
		TriggerReschedule: StateScheduled,
		TriggerDisconnect: StateEnded,
	},
	StateInProgress: {
		TriggerEnqueue:    StateQueued,
		TriggerDisconnect: StateEnded,
	},
	StateQueued: {
		TriggerOffer:      StateConnecting,
		TriggerTransfer:   StateEnded,
		TriggerDisconnect: StateEnded,
	},
	StateConnecting: {
		TriggerAccept:     StateConnected,
		TriggerReject:     StateQueued,
		TriggerTransfer:   StateEnded,
		TriggerDisconnect: StateEnded,
	},
	StateConnected: {
		TriggerTransfer:   StateEnded,
		TriggerPause:      StatePaused,
		TriggerDisconnect: StateEnded,
	},
	StatePaused: {
		TriggerResume:     StateConnected,
		TriggerTransfer:   StateEnded,
		TriggerDisconnect: StateEnded,
	},
	StateEnded: {},
}

// Transition returns the state a contact in state from reaches on trigger
// tr, or a Conflict error if tr is not allowed in from.
func Transition(from ContactState, tr Trigger) (ContactState, error) {
	to, ok := transitions[from][tr]
	if !ok {
		return from, &Error{Kind: Conflict, Resource: ResourceContact,
			Message: fmt.Sprintf("contact in state %s cannot %s", from, tr)}
	}
	return to, nil
}

// Active reports whether a contact in state s has not ended.
func (s ContactState) Active() bool { return s != StateEnded }

// WithAgent reports whether a contact in state s is offered to, connected
// to or paused with an agent.
func (s ContactState) WithAgent() bool {
	return s == StateConnecting || s == StateConnected || s == StatePaused
}
