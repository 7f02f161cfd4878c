package connect

import (
	"context"
	"fmt"
	"maps"
	"time"
)

// The life of a task after StartTaskContact: its flow runs, it waits in a
// queue, is offered to an agent, is connected, and ends. Every step runs
// inside one store transaction, through a change, so that a step's effects
// (the contact's new state, attributes, flow log, contact events, tasks a
// flow creates, the active-contact count) commit together or not at all.
// That is also what makes a scheduled start happen exactly once: the
// transaction that claims a due contact is the one that starts it.

// Disconnect reasons (AWS DisconnectReason values) connectd gives tasks.
const (
	DisconnectReasonAPI         = "API"                     // StopContact
	DisconnectReasonExpired     = "EXPIRED"                 // the task expired
	DisconnectReasonFlow        = "CONTACT_FLOW_DISCONNECT" // its flow ended it
	DisconnectReasonAgent       = "AGENT_DISCONNECT"        // an agent completed it
	DisconnectReasonOther       = "OTHER"                   // TransferContact ended it
	defaultContactExpiryMinutes = 7 * 24 * 60
	maxFlowNesting              = 8 // CreateTask within CreateTask within ...
)

// queue returns the instance's queue id, read once per change: a task's
// flow, its events and routing all ask for the same queue.
func (ch *change) queue(ctx context.Context, instanceID, id string) (*Queue, error) {
	if q, ok := ch.queues[id]; ok {
		return q, nil
	}
	q, err := ch.tx.GetQueue(ctx, instanceID, id)
	if err != nil {
		return nil, err
	}
	ch.rememberQueue(q)
	return q, nil
}

// rememberQueue keeps q for the change's later reads of it.
func (ch *change) rememberQueue(q *Queue) {
	if ch.queues == nil {
		ch.queues = map[string]*Queue{}
	}
	ch.queues[q.ID] = q
}

// agentQueue returns the personal queue of the user ref names (an ID or an
// ARN): an agent queue's ID is its user's.
func (ch *change) agentQueue(ctx context.Context, inst *Instance, userRef string) (*Queue, error) {
	id, err := userID(inst, userRef)
	if err != nil {
		return nil, err
	}
	u, err := ch.tx.GetUser(ctx, inst.ID, id)
	if err != nil {
		return nil, err
	}
	return ch.queue(ctx, inst.ID, u.ID)
}

// expiry returns how long a task stays active once started: its
// connect:ContactExpiry segment attribute in minutes, or 7 days.
func expiry(c *Contact) time.Duration {
	if v, ok := c.SegmentAttributes[SegmentContactExpiry]; ok {
		if m, err := expiryMinutes(v); err == nil {
			return time.Duration(m) * time.Minute
		}
	}
	return defaultContactExpiryMinutes * time.Minute
}

// setWake derives c.WakeAt from its state: the scheduled time while
// scheduled, the expiry while active, nothing once ended.
func (ch *change) setWake(c *Contact) {
	switch {
	case c.State == StateScheduled:
		c.WakeAt = c.ScheduledTimestamp
	case c.State.Active():
		c.WakeAt = c.ExpiresAt
	default:
		c.WakeAt = nil
	}
	if c.WakeAt != nil {
		if ch.next == nil || c.WakeAt.Before(*ch.next) {
			t := *c.WakeAt
			ch.next = &t
		}
	}
}

// countActive adds delta (+1 or -1) to the instance's active contacts and
// refuses the change when it would exceed the quota. The store changes
// nothing when it refuses: a flow's CreateTask catches this refusal and its
// transaction commits.
func (ch *change) countActive(ctx context.Context, instanceID string, delta int) error {
	if delta == 0 {
		return nil
	}
	ok, err := ch.tx.AddActiveContacts(ctx, instanceID, delta, ch.s.quota)
	if err != nil {
		return err
	}
	if !ok {
		return Errorf(QuotaExceeded, "The instance has reached its quota of %d active tasks.", ch.s.quota)
	}
	return nil
}

// insert stores a new contact, already counted with countActive, and emits
// INITIATED.
func (ch *change) insert(ctx context.Context, inst *Instance, c *Contact) error {
	ch.setWake(c)
	if err := ch.tx.InsertContact(ctx, c); err != nil {
		return err
	}
	return ch.emit(ctx, inst, c, EventInitiated, nil)
}

// save stores c, which was active (or not) before this change.
func (ch *change) save(ctx context.Context, c *Contact, wasActive bool) error {
	ch.setWake(c)
	c.LastUpdateTimestamp = ch.now
	delta := 0
	switch {
	case wasActive && !c.State.Active():
		delta = -1
	case !wasActive && c.State.Active():
		delta = 1
	}
	if err := ch.countActive(ctx, c.InstanceID, delta); err != nil {
		return err
	}
	return ch.tx.UpdateContact(ctx, c)
}

// move applies trigger tr to c.
func move(c *Contact, tr Trigger) error {
	to, err := Transition(c.State, tr)
	if err != nil {
		return err
	}
	c.State = to
	return nil
}

// start moves a new or scheduled task into progress and runs its flow. c
// may not be stored yet (stored reports whether it is); start stores it.
func (ch *change) start(ctx context.Context, inst *Instance, c *Contact, stored bool) error {
	return ch.startTo(ctx, inst, c, stored, "")
}

// startTo is start with the flow's target queue preset to targetQueue (""
// for none), as TransferContact starts the contact it creates.
func (ch *change) startTo(ctx context.Context, inst *Instance, c *Contact, stored bool, targetQueue string) error {
	wasActive := c.State.Active()
	if c.State == StateScheduled {
		if err := move(c, TriggerStart); err != nil {
			return err
		}
	}
	c.State = StateInProgress
	now := ch.now
	c.ConnectedToSystemTimestamp = &now
	exp := now.Add(expiry(c))
	c.ExpiresAt = &exp
	if !stored {
		if err := ch.insert(ctx, inst, c); err != nil {
			return err
		}
	} else if err := ch.save(ctx, c, wasActive); err != nil {
		return err
	}
	if err := ch.emit(ctx, inst, c, EventConnectedToSystem, nil); err != nil {
		return err
	}
	return ch.runFlow(ctx, inst, c, c.ContactFlowID, targetQueue)
}

// runFlow runs flowID for c (IN_PROGRESS and stored) and applies its
// outcome: c is queued, or ends.
func (ch *change) runFlow(ctx context.Context, inst *Instance, c *Contact, flowID, targetQueue string) error {
	if ch.s.runner == nil {
		return nil
	}
	attrs, err := ch.tx.GetAttributes(ctx, inst.ID, c.AttributeSetID)
	if err != nil {
		return err
	}
	run := &FlowRun{Contact: c, Attributes: maps.Clone(attrs), TargetQueueID: targetQueue}
	if run.Attributes == nil {
		run.Attributes = map[string]string{}
	}
	if run.TargetQueueID == "" && c.QuickConnectID != "" {
		if run.TargetQueueID, err = ch.quickConnectQueue(ctx, inst, c.QuickConnectID); err != nil {
			return err
		}
	}
	f, err := ch.tx.GetContactFlow(ctx, inst.ID, flowID)
	switch {
	case IsNotFound(err):
		run.Outcome = FlowEnded
		run.Log = append(run.Log, FlowLogEntry{Timestamp: ch.now, ContactFlowID: flowID,
			Branch: "End", Error: "The contact's flow " + flowID + " does not exist."})
	case err != nil:
		return err
	default:
		env := &flowEnv{ch: ch, inst: inst, contact: c}
		if err := ch.s.runner.RunFlow(ctx, f, run, env); err != nil {
			return fmt.Errorf("run flow %s for contact %s: %w", f.ID, c.ID, err)
		}
	}
	if len(run.Log) > 0 {
		if err := ch.tx.AppendFlowLog(ctx, inst.ID, c.ID, run.Log); err != nil {
			return err
		}
	}
	if !maps.Equal(attrs, run.Attributes) {
		if err := ch.tx.PutAttributes(ctx, inst.ID, c.AttributeSetID, run.Attributes); err != nil {
			return err
		}
	}
	switch run.Outcome {
	case FlowQueued:
		return ch.enqueue(ctx, inst, c, run.TargetQueueID)
	default: // a task that ends its flow in no queue ends
		return ch.end(ctx, inst, c, DisconnectReasonFlow)
	}
}

// quickConnectQueue returns the queue a quick connect sends tasks to: a
// QUEUE quick connect's queue, a USER quick connect's agent queue. The
// flow's transfer then uses it, as the quick connect's flow in Amazon
// Connect transfers to the quick connect's destination. A destination gone
// since the task was created leaves the flow to decide ("").
func (ch *change) quickConnectQueue(ctx context.Context, inst *Instance, qcID string) (string, error) {
	queueID, userID, err := ch.s.quickConnectTarget(ctx, ch.tx, inst.ID, qcID)
	switch {
	case IsNotFound(err):
		return "", nil
	case err != nil:
		return "", err
	case userID != "":
		q, err := ch.agentQueue(ctx, inst, userID)
		if IsNotFound(err) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		return q.ID, nil
	}
	return queueID, nil
}

// enqueue puts c (IN_PROGRESS) in queue queueID, emits QUEUED and routes.
func (ch *change) enqueue(ctx context.Context, inst *Instance, c *Contact, queueID string) error {
	if err := move(c, TriggerEnqueue); err != nil {
		return err
	}
	now := ch.now
	c.QueueID, c.EnqueueTimestamp, c.AgentID = queueID, &now, ""
	c.OfferedToAgentTimestamp, c.RoutingProfileID = nil, ""
	if err := ch.save(ctx, c, true); err != nil {
		return err
	}
	if err := ch.emit(ctx, inst, c, EventQueued, nil); err != nil {
		return err
	}
	return ch.route(ctx, inst)
}

// end ends c (active) with reason, emits DISCONNECTED then COMPLETED
// (connectd has no after-contact work, and Amazon Connect publishes
// COMPLETED right after DISCONNECTED when there is none), and routes when an
// agent's capacity was freed.
func (ch *change) end(ctx context.Context, inst *Instance, c *Contact, reason string) error {
	hadAgent := c.State.WithAgent()
	if err := move(c, TriggerDisconnect); err != nil {
		return err
	}
	now := ch.now
	c.DisconnectTimestamp, c.DisconnectReason = &now, reason
	if err := ch.save(ctx, c, true); err != nil {
		return err
	}
	if err := ch.emit(ctx, inst, c, EventDisconnected, nil); err != nil {
		return err
	}
	if err := ch.emit(ctx, inst, c, EventCompleted, nil); err != nil {
		return err
	}
	if hadAgent {
		return ch.route(ctx, inst)
	}
	return nil
}

// wakeDue does what fell due for c (claimed by DueContacts): start a
// scheduled task, or expire an active one. It returns the partition of c's
// instance.
func (ch *change) wakeDue(ctx context.Context, c *Contact) (Partition, error) {
	inst, err := ch.tx.GetInstance(ctx, c.InstanceID) // due contacts are of every instance
	if err != nil {
		return Partition{}, err
	}
	switch {
	case c.State == StateScheduled:
		return inst.Partition, ch.start(ctx, inst, c, true)
	case c.State.Active() && c.ExpiresAt != nil && !c.ExpiresAt.After(ch.now):
		return inst.Partition, ch.end(ctx, inst, c, DisconnectReasonExpired)
	}
	ch.setWake(c) // woken early (the wake time moved): store the right one
	return inst.Partition, ch.tx.UpdateContact(ctx, c)
}

// dueBatch is how many due contacts one transaction claims.
const dueBatch = 512

// RunDue starts the scheduled tasks and expires the active ones whose time
// has come, in batches of dueBatch per transaction, until none is due. It
// returns how many contacts it woke. Safe to call from several goroutines or
// nodes: each contact is claimed by one transaction.
func (s *Service) RunDue(ctx context.Context) (int, error) {
	return s.runDue(ctx, func(Partition) bool { return true })
}

// RunDueFor does what RunDue does, for every partition (time is the same for
// all), and returns how many of the contacts it woke are p's: a caller
// learns nothing of other accounts' and regions' contacts.
func (s *Service) RunDueFor(ctx context.Context, p Partition) (int, error) {
	return s.runDue(ctx, func(q Partition) bool { return q == p })
}

// runDue is RunDue, counting the woken contacts whose partition counts.
func (s *Service) runDue(ctx context.Context, counts func(Partition) bool) (int, error) {
	total := 0
	for {
		claimed, woken := 0, 0
		err := s.write(snapshot(ctx), func(ch *change) error {
			cs, err := ch.tx.DueContacts(ctx, ch.now, dueBatch)
			if err != nil {
				return err
			}
			claimed, woken = len(cs), 0
			if err := ch.readAttributesAhead(ctx, cs); err != nil {
				return err
			}
			for _, c := range cs {
				p, err := ch.wakeDue(ctx, c)
				if err != nil {
					return fmt.Errorf("wake contact %s: %w", c.ID, err)
				}
				if counts(p) {
					woken++
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += woken
		if claimed < dueBatch {
			return total, nil
		}
	}
}

// NextWake returns when the scheduler must next call RunDue (nil: nothing
// is scheduled).
func (s *Service) NextWake(ctx context.Context) (*time.Time, error) {
	return s.store.NextWake(ctx)
}

// Retention: what connectd keeps of a contact, and for how long.
// Amazon Connect keeps a contact record for 24 months (DescribeContact);
// connectd keeps the contact row for as long as its instance. Contact
// events are delivered, not stored (EventBridge keeps none): the outbox
// keeps them for eventRetention, so that a webhook receiver that was down
// for a day catches up. Flow logs go to a CloudWatch log group whose
// retention the customer sets; connectd keeps them for flowLogRetention,
// a task's longest default life.
const (
	eventRetention   = 24 * time.Hour
	flowLogRetention = 7 * 24 * time.Hour
)

// PruneEvents deletes the contact events and flow log entries older than
// their retention periods (housekeeping, run by the scheduler).
func (s *Service) PruneEvents(ctx context.Context) error {
	return s.write(snapshot(ctx), func(ch *change) error {
		if _, err := ch.tx.DeleteEventsBefore(ctx, ch.now.Add(-eventRetention)); err != nil {
			return err
		}
		_, err := ch.tx.DeleteFlowLogsBefore(ctx, ch.now.Add(-flowLogRetention))
		return err
	})
}
