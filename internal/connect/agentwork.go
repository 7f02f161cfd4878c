package connect

import (
	"context"
	"time"
)

// What an agent does in Amazon Connect's agent workspace (accept, reject
// and complete a task), which connectd offers through its admin API, and
// the contact operations that act on a task with an agent: PauseContact and
// ResumeContact.

// AgentContacts returns the contacts offered to, connected to or paused with
// the agent, as the agent's contact control panel lists them.
func (s *Service) AgentContacts(ctx context.Context, p Partition, instanceID, userID string) ([]*Contact, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	if err := s.checkAgent(ctx, s.store, inst, userID); err != nil {
		return nil, err
	}
	return s.store.ListAgentContacts(ctx, inst.ID, userID)
}

// agentContact loads a contact the agent holds, in one of the states want.
func (ch *change) agentContact(ctx context.Context, inst *Instance, userID, contactID string, want ...ContactState) (*Contact, error) {
	if err := ch.s.checkAgent(ctx, ch.tx, inst, userID); err != nil {
		return nil, err
	}
	c, err := ch.tx.GetContact(ctx, inst.ID, contactID)
	if err != nil {
		return nil, err
	}
	if c.AgentID != userID || !c.State.WithAgent() {
		return nil, Errorf(Conflict, "Contact %s is not offered to or connected with user %s.", contactID, userID)
	}
	for _, st := range want {
		if c.State == st {
			return c, nil
		}
	}
	return nil, Errorf(Conflict, "Contact %s is %s, not %v.", contactID, c.State, want)
}

// AcceptContact connects the agent with a contact offered to them.
func (s *Service) AcceptContact(ctx context.Context, p Partition, instanceID, userID, contactID string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.agentContact(ctx, inst, userID, contactID, StateConnecting)
		if err != nil {
			return err
		}
		return ch.connect(ctx, inst, c)
	})
}

// connect moves an offered contact to CONNECTED and emits CONNECTED_TO_AGENT.
func (ch *change) connect(ctx context.Context, inst *Instance, c *Contact) error {
	if err := move(c, TriggerAccept); err != nil {
		return err
	}
	now := ch.now
	c.ConnectedToAgentTimestamp = &now
	if err := ch.recordAgentHierarchy(ctx, c); err != nil {
		return err
	}
	if err := ch.save(ctx, c, true); err != nil {
		return err
	}
	return ch.emit(ctx, inst, c, EventConnectedToAgent, nil)
}

// RejectContact declines a contact offered to the agent: it goes back to
// its queue, keeping its place, and is offered to another agent.
func (s *Service) RejectContact(ctx context.Context, p Partition, instanceID, userID, contactID string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.agentContact(ctx, inst, userID, contactID, StateConnecting)
		if err != nil {
			return err
		}
		if err := move(c, TriggerReject); err != nil {
			return err
		}
		c.AgentID, c.OfferedToAgentTimestamp, c.RoutingProfileID = "", nil, ""
		if err := ch.save(ctx, c, true); err != nil {
			return err
		}
		return ch.routeExcept(ctx, inst, userID)
	})
}

// CompleteContact ends a task the agent is connected with (or has paused),
// as the agent's "End task" does: DisconnectReason AGENT_DISCONNECT.
func (s *Service) CompleteContact(ctx context.Context, p Partition, instanceID, userID, contactID string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.agentContact(ctx, inst, userID, contactID, StateConnected, StatePaused)
		if err != nil {
			return err
		}
		return ch.end(ctx, inst, c, DisconnectReasonAgent)
	})
}

// PauseContact pauses a task an agent is connected with. A paused task
// stays with its agent but does not use the agent's TASK concurrency.
func (s *Service) PauseContact(ctx context.Context, p Partition, instanceID, contactID, flowID string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.taskForPause(ctx, inst, contactID, flowID)
		if err != nil {
			return err
		}
		if c.State != StateConnected {
			return Errorf(Conflict, "Contact %s is %s: only a task connected with an agent can be paused.", contactID, c.State)
		}
		if err := move(c, TriggerPause); err != nil {
			return err
		}
		now := ch.now
		c.LastPausedTimestamp = &now
		c.TotalPauseCount++
		if err := ch.save(ctx, c, true); err != nil {
			return err
		}
		return ch.route(ctx, inst) // the agent has a slot free
	})
}

// ResumeContact resumes a paused task.
func (s *Service) ResumeContact(ctx context.Context, p Partition, instanceID, contactID, flowID string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.taskForPause(ctx, inst, contactID, flowID)
		if err != nil {
			return err
		}
		if c.State != StatePaused {
			return Errorf(Conflict, "Contact %s is %s, not paused.", contactID, c.State)
		}
		if err := move(c, TriggerResume); err != nil {
			return err
		}
		now := ch.now
		c.LastResumedTimestamp = &now
		if c.LastPausedTimestamp != nil {
			c.TotalPauseDurationInSeconds += int32(now.Sub(*c.LastPausedTimestamp) / time.Second)
		}
		return ch.save(ctx, c, true)
	})
}

// taskForPause loads the task PauseContact or ResumeContact acts on, and
// checks the flow they may name.
func (ch *change) taskForPause(ctx context.Context, inst *Instance, contactID, flowID string) (*Contact, error) {
	c, err := ch.tx.GetContact(ctx, inst.ID, contactID)
	if err != nil {
		return nil, err
	}
	if c.Channel != ChannelTask {
		return nil, Errorf(Invalid, "Only TASK contacts can be paused and resumed.")
	}
	if !c.State.Active() {
		return nil, Errorf(Conflict, "Contact %s has ended.", contactID)
	}
	if flowID != "" {
		id, _, err := flowRef(inst, flowID)
		if err != nil {
			return nil, err
		}
		if _, err := ch.tx.GetContactFlow(ctx, inst.ID, id); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// ContactFlowLog returns the log of every flow run for a contact.
func (s *Service) ContactFlowLog(ctx context.Context, p Partition, instanceID, contactID string) ([]FlowLogEntry, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.GetContact(ctx, inst.ID, contactID); err != nil {
		return nil, err
	}
	return s.store.ListFlowLog(ctx, inst.ID, contactID)
}

// checkAgent returns NotFound unless the instance has the user.
func (s *Service) checkAgent(ctx context.Context, r Reader, inst *Instance, userID string) error {
	_, err := r.GetUser(ctx, inst.ID, userID)
	return err
}
