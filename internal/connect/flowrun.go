package connect

import (
	"context"
	"time"
)

// FlowRunner runs Flow-language flows. Implemented by internal/flow.
type FlowRunner interface {
	// RunFlow runs f for run.Contact from f's StartAction until the flow
	// ends, following TransferToFlow into other flows through env. It changes
	// run (contact fields, attributes, target queue, outcome, log) and asks
	// env for everything else. An action that fails takes its error branch,
	// as in Amazon Connect, and is logged; RunFlow returns an error only when
	// env fails for a reason that is not the flow's (a store error), in which
	// case the caller discards the run.
	RunFlow(ctx context.Context, f *ContactFlow, run *FlowRun, env FlowEnv) error
}

// FlowEnv is what a running flow may read and change beyond its contact.
// Service implements it over the transaction the flow runs in, so that a
// flow's effects commit together with the contact's new state, or not at
// all. Lookups return a NotFound *Error when the thing does not exist.
type FlowEnv interface {
	// Now is the time the flow runs at (the injected clock).
	Now() time.Time
	// Queue returns the contact's instance's queue with that ID or ARN.
	Queue(ctx context.Context, ref string) (*Queue, error)
	// AgentQueue returns the personal queue of the agent (user) with that
	// ID or ARN: transferring a task to an agent queues it there.
	AgentQueue(ctx context.Context, userRef string) (*Queue, error)
	// QueueSize is the number of contacts waiting in the queue, for a
	// queue's MaxContacts (QueueAtCapacity).
	QueueSize(ctx context.Context, queueID string) (int, error)
	// HoursOfOperation returns the hours with that ID or ARN.
	HoursOfOperation(ctx context.Context, ref string) (*HoursOfOperation, error)
	// Flow returns the flow with that ID or ARN (TransferToFlow).
	Flow(ctx context.Context, ref string) (*ContactFlow, error)
	// FlowModule returns the flow module with that ID or ARN (InvokeFlowModule).
	FlowModule(ctx context.Context, ref string) (*ContactFlowModule, error)
	// CreateTask creates a task as StartTaskContact would, with the running
	// contact's instance, and returns its ID. A refusal (Invalid, NotFound,
	// QuotaExceeded) is the action's error; other errors are the store's.
	CreateTask(ctx context.Context, in StartTaskInput) (string, error)
	// Percent returns a uniformly random integer in [0, 100), for
	// DistributeByPercentage.
	Percent() int
	// QueueStaffing counts the agents who take tasks from the queue (their
	// routing profile serves it on TASK, or it is their own queue), for
	// CheckMetricData: staffed, those in a routable status; available,
	// those of them with a free TASK slot.
	QueueStaffing(ctx context.Context, queueID string) (available, staffed int, err error)
}

// FlowOutcome is how a flow run ended.
type FlowOutcome string

// Flow outcomes.
const (
	// FlowEnded: the flow ended (EndFlowExecution, or an action with no
	// next action) without transferring the contact. A task in no queue
	// then ends.
	FlowEnded FlowOutcome = "ENDED"
	// FlowQueued: TransferContactToQueue or TransferContactToAgent put the
	// contact in run.TargetQueueID.
	FlowQueued FlowOutcome = "QUEUED"
	// FlowDisconnected: DisconnectParticipant ended the contact.
	FlowDisconnected FlowOutcome = "DISCONNECTED"
)

// FlowRun is one run of a flow for a contact: its input and, once RunFlow
// returns, its result.
type FlowRun struct {
	// Contact is the running contact. The engine may change Name,
	// Description, References, Tags, QueuePriority and
	// QueueTimeAdjustmentSeconds; the caller persists them.
	Contact *Contact
	// Attributes are the contact's user-defined attributes, read and
	// written by the flow.
	Attributes map[string]string
	// TargetQueueID is the queue a transfer sends the contact to. The caller
	// may preset it (a QUEUE quick connect, TransferContact, a re-run); the
	// engine sets it (UpdateContactTargetQueue). "$.Queue" refers to it.
	TargetQueueID string
	// Outcome is set by RunFlow.
	Outcome FlowOutcome
	// Log records every action run, in order.
	Log []FlowLogEntry
}

// FlowLogEntry records one action of a flow run, for the admin API's flow
// logs (connectd's stand-in for the CloudWatch flow logs of Amazon Connect).
type FlowLogEntry struct {
	Timestamp       time.Time
	ContactFlowID   string
	ContactFlowName string
	ActionID        string
	ActionType      string
	// Parameters are the action's parameters with dynamic values resolved.
	Parameters map[string]string
	// Branch names the transition taken: "NextAction", "Condition:<operator>
	// <operand>" for a matched condition, "Error:<ErrorType>" for an error
	// branch, "End" when the flow ends here.
	Branch string
	// NextAction is the Identifier of the next action, "" at the end.
	NextAction string
	// Error says why an action failed, "" when it did not.
	Error string
}

// flowEnv is the FlowEnv of a flow run inside a change.
type flowEnv struct {
	ch      *change
	inst    *Instance
	contact *Contact
}

func (e *flowEnv) Now() time.Time { return e.ch.now }

func (e *flowEnv) Percent() int { return e.ch.s.percent() }

func (e *flowEnv) Queue(ctx context.Context, ref string) (*Queue, error) {
	id, err := resourceID(e.inst, ref, ResourceQueue)
	if err != nil {
		return nil, err
	}
	return e.ch.queue(ctx, e.inst.ID, id)
}

func (e *flowEnv) AgentQueue(ctx context.Context, userRef string) (*Queue, error) {
	return e.ch.agentQueue(ctx, e.inst, userRef)
}

func (e *flowEnv) QueueSize(ctx context.Context, queueID string) (int, error) {
	return e.ch.tx.CountQueuedContacts(ctx, e.inst.ID, queueID)
}

func (e *flowEnv) QueueStaffing(ctx context.Context, queueID string) (available, staffed int, err error) {
	users, err := e.ch.tx.ListRoutableUsers(ctx, e.inst.ID)
	if err != nil {
		return 0, 0, err
	}
	for _, u := range users {
		free, serves, err := e.ch.taskSlots(ctx, e.inst, u, queueID)
		if err != nil {
			return 0, 0, err
		}
		if serves {
			staffed++
			if free {
				available++
			}
		}
	}
	return available, staffed, nil
}

func (e *flowEnv) HoursOfOperation(ctx context.Context, ref string) (*HoursOfOperation, error) {
	id, err := resourceID(e.inst, ref, ResourceHoursOfOperation)
	if err != nil {
		return nil, err
	}
	return e.ch.tx.GetHoursOfOperation(ctx, e.inst.ID, id)
}

func (e *flowEnv) Flow(ctx context.Context, ref string) (*ContactFlow, error) {
	id, _, err := flowRef(e.inst, ref)
	if err != nil {
		return nil, err
	}
	return e.ch.tx.GetContactFlow(ctx, e.inst.ID, id)
}

func (e *flowEnv) FlowModule(ctx context.Context, ref string) (*ContactFlowModule, error) {
	id, err := moduleID(e.inst, ref)
	if err != nil {
		return nil, err
	}
	return e.ch.tx.GetContactFlowModule(ctx, e.inst.ID, id)
}

func (e *flowEnv) CreateTask(ctx context.Context, in StartTaskInput) (string, error) {
	if e.ch.depth >= maxFlowNesting {
		return "", Errorf(LimitExceeded, "Tasks created by flows are nested more than %d deep.", maxFlowNesting)
	}
	in.InstanceID = e.inst.ID
	e.ch.depth++
	defer func() { e.ch.depth-- }()
	c, err := e.ch.s.startTask(ctx, e.ch, e.inst, in, InitiationMethodFlow)
	if err != nil {
		return "", err
	}
	return c.ID, nil
}
