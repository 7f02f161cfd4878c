package connect

import (
	"cmp"
	"context"
	"slices"
)

// Routing offers queued tasks to agents, as Amazon Connect's routing does
// for the TASK channel: an agent is offered a contact when their status is
// routable (Available), their routing profile serves the contact's queue on
// TASK, and they hold fewer tasks than the profile's TASK concurrency
// (paused tasks do not count). Queues are served in the order of the
// profile's queue priorities (the agent's own queue first), and within them
// contacts by queue priority, then age. Agents are considered longest
// available first. Routing runs inside the transaction of each change that
// can make a match (a contact queued, an agent available, a task ended or
// paused, a routing profile changed), so it never offers a contact twice.

// route offers queued contacts of inst to its available agents.
func (ch *change) route(ctx context.Context, inst *Instance) error {
	return ch.routeExcept(ctx, inst, "")
}

// routeExcept routes, leaving out the agent skip (who just rejected a
// contact: offering it straight back would loop).
func (ch *change) routeExcept(ctx context.Context, inst *Instance, skip string) error {
	users, err := ch.tx.ListRoutableUsers(ctx, inst.ID)
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.ID == skip {
			continue
		}
		if err := ch.fillAgent(ctx, inst, u); err != nil {
			return err
		}
	}
	return nil
}

// fillAgent offers u queued contacts until u's TASK capacity is used or
// u's queues are empty.
func (ch *change) fillAgent(ctx context.Context, inst *Instance, u *User) error {
	rp, err := ch.tx.GetRoutingProfile(ctx, inst.ID, u.RoutingProfileID)
	if IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	capacity := int(rp.Concurrency(ChannelTask))
	if capacity == 0 {
		return nil
	}
	held, err := ch.tx.ListAgentContacts(ctx, inst.ID, u.ID)
	if err != nil {
		return err
	}
	load := 0
	for _, c := range held {
		if c.State != StatePaused {
			load++
		}
	}
	if load >= capacity {
		return nil
	}
	groups, err := ch.queueGroups(ctx, inst, rp, u)
	if err != nil {
		return err
	}
	for ; load < capacity; load++ {
		c, err := ch.nextFor(ctx, inst, groups)
		if err != nil {
			return err
		}
		if c == nil {
			return nil
		}
		if err := ch.offer(ctx, inst, c, u); err != nil {
			return err
		}
	}
	return nil
}

// taskSlots reports whether u serves queueID on TASK (it is u's own queue,
// or a TASK queue of u's routing profile) and whether u has a free TASK
// slot (paused tasks do not take one).
func (ch *change) taskSlots(ctx context.Context, inst *Instance, u *User, queueID string) (free, serves bool, err error) {
	rp, err := ch.tx.GetRoutingProfile(ctx, inst.ID, u.RoutingProfileID)
	if IsNotFound(err) {
		return false, false, nil
	}
	if err != nil {
		return false, false, err
	}
	groups, err := ch.queueGroups(ctx, inst, rp, u)
	if err != nil {
		return false, false, err
	}
	for _, g := range groups {
		serves = serves || slices.Contains(g, queueID)
	}
	if !serves {
		return false, false, nil
	}
	held, err := ch.tx.ListAgentContacts(ctx, inst.ID, u.ID)
	if err != nil {
		return false, false, err
	}
	load := 0
	for _, c := range held {
		if c.State != StatePaused {
			load++
		}
	}
	return load < int(rp.Concurrency(ChannelTask)), true, nil
}

// queueGroups returns the queues u takes tasks from, grouped by priority:
// the agent's own queue, then the profile's TASK queues by Priority.
func (ch *change) queueGroups(ctx context.Context, inst *Instance, rp *RoutingProfile, u *User) ([][]string, error) {
	qs, err := ch.tx.ListRoutingProfileQueues(ctx, inst.ID, rp.ID, PageRequest{})
	if err != nil {
		return nil, err
	}
	qs = slices.DeleteFunc(qs, func(q RoutingProfileQueue) bool { return q.Channel != ChannelTask })
	slices.SortStableFunc(qs, func(a, b RoutingProfileQueue) int { return cmp.Compare(a.Priority, b.Priority) })
	groups := [][]string{{u.ID}} // the agent queue's ID is the user's
	for i, q := range qs {
		if i > 0 && q.Priority == qs[i-1].Priority {
			groups[len(groups)-1] = append(groups[len(groups)-1], q.QueueID)
			continue
		}
		groups = append(groups, []string{q.QueueID})
	}
	return groups, nil
}

// nextFor returns the contact served first from groups, nil if none waits.
func (ch *change) nextFor(ctx context.Context, inst *Instance, groups [][]string) (*Contact, error) {
	for _, g := range groups {
		c, err := ch.tx.NextQueuedContact(ctx, inst.ID, g)
		if IsNotFound(err) {
			continue
		}
		return c, err
	}
	return nil, nil
}

// offer gives c to agent u: it is CONNECTING until u accepts, or connected
// at once when u auto-accepts tasks.
func (ch *change) offer(ctx context.Context, inst *Instance, c *Contact, u *User) error {
	// Offers of other contacts to u conflict on u's row, so the load
	// fillAgent counted is current when this Update commits.
	if err := ch.tx.WriteLock(ctx, ResourceUser, inst.ID, u.ID); err != nil {
		return err
	}
	if err := move(c, TriggerOffer); err != nil {
		return err
	}
	now := ch.now
	c.AgentID, c.OfferedToAgentTimestamp, c.RoutingProfileID = u.ID, &now, u.RoutingProfileID
	if u.AutoAccepts(ChannelTask) {
		return ch.connect(ctx, inst, c)
	}
	return ch.save(ctx, c, true)
}
