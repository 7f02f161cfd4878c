package connect

import (
	"context"
	"strings"
	"time"
)

// RoutingProfile links queues to agents: the channels its users take, how
// many contacts of each at once, and the queues they serve. Its ARN is
// instance/{InstanceID}/routing-profile/{ID}.
type RoutingProfile struct {
	ID                     string
	ARN                    string
	InstanceID             string
	Name                   string
	Description            string
	DefaultOutboundQueueID string
	MediaConcurrencies     []MediaConcurrency
	AgentAvailabilityTimer string // TIME_SINCE_LAST_ACTIVITY | TIME_SINCE_LAST_INBOUND
	IsDefault              bool   // the instance's Basic Routing Profile
	LastModified           time.Time
	Tags                   map[string]string
}

// MediaConcurrency is how many contacts of a channel a user of the profile
// takes at once.
type MediaConcurrency struct {
	Channel     string
	Concurrency int32
	// CrossChannelBehavior is ROUTE_CURRENT_CHANNEL_ONLY or ROUTE_ANY_CHANNEL;
	// "" when not given.
	CrossChannelBehavior string
}

// Concurrency returns how many contacts of channel a user of the profile
// takes at once: 0 when the profile does not take that channel.
func (rp *RoutingProfile) Concurrency(channel string) int32 {
	for _, m := range rp.MediaConcurrencies {
		if m.Channel == channel {
			return m.Concurrency
		}
	}
	return 0
}

// RoutingProfileQueue is a queue a routing profile serves on one channel,
// with its priority (1 is highest) and delay (seconds a contact waits in the
// queue before it is routed to the profile's agents).
type RoutingProfileQueue struct {
	QueueID  string
	Channel  string
	Priority int32
	Delay    int32
	// QueueARN and QueueName are read from the queue (ListRoutingProfileQueues).
	QueueARN  string
	QueueName string
}

// Key identifies the queue configuration within its profile; pages of
// ListRoutingProfileQueues continue after a Key.
func (q RoutingProfileQueue) Key() string { return q.QueueID + "/" + q.Channel }

// SplitRoutingProfileQueueKey splits a RoutingProfileQueue.Key.
func SplitRoutingProfileQueueKey(key string) (queueID, channel string) {
	i := strings.LastIndexByte(key, '/')
	if i < 0 {
		return key, ""
	}
	return key[:i], key[i+1:]
}

// Agent availability timers (AWS AgentAvailabilityTimer).
const (
	TimerSinceLastActivity = "TIME_SINCE_LAST_ACTIVITY"
	TimerSinceLastInbound  = "TIME_SINCE_LAST_INBOUND"
)

// maxQueuesPerRoutingProfile is the Amazon Connect quota "queues per routing
// profile", which the CreateRoutingProfile documentation cites.
const maxQueuesPerRoutingProfile = 50

// checkConcurrencies applies the documented MediaConcurrency rules: a channel
// at most once; VOICE takes exactly 1 contact, the other channels 1 to 10 (the
// model's range).
func checkConcurrencies(ms []MediaConcurrency) error {
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m.Channel] {
			return invalidParam("MediaConcurrencies lists channel %s more than once.", m.Channel)
		}
		seen[m.Channel] = true
		if m.Channel == ChannelVoice && m.Concurrency != 1 {
			return invalidParam("Concurrency for VOICE must be 1.")
		}
	}
	return nil
}

// checkQueueConfigs applies the rules of a list of queue configurations: a
// (queue, channel) pair at most once, and each queue a standard queue of the
// instance.
func checkQueueConfigs(ctx context.Context, r Reader, instanceID string, qs []RoutingProfileQueue) error {
	seen := map[string]bool{}
	for _, q := range qs {
		if seen[q.Key()] {
			return invalidParam("Queue %s is listed more than once for channel %s.", q.QueueID, q.Channel)
		}
		seen[q.Key()] = true
		if err := checkStandardQueue(ctx, r, instanceID, q.QueueID); err != nil {
			return err
		}
	}
	return nil
}

// checkStandardQueue checks that id names a standard queue of the instance:
// agent queues are served implicitly by their agent and have no place in a
// routing profile.
func checkStandardQueue(ctx context.Context, r Reader, instanceID, id string) error {
	q, err := r.GetQueue(ctx, instanceID, id)
	if err != nil {
		return err
	}
	if q.Type != QueueStandard {
		return Errorf(Invalid, "Queue %s is an agent queue; a routing profile takes standard queues only.", id)
	}
	return nil
}

// checkQueueQuota refuses a profile serving more than 50 distinct queues.
func checkQueueQuota(qs []RoutingProfileQueue) error {
	distinct := map[string]bool{}
	for _, q := range qs {
		distinct[q.QueueID] = true
	}
	if len(distinct) > maxQueuesPerRoutingProfile {
		return Errorf(QuotaExceeded, "A routing profile can have at most %d queues.", maxQueuesPerRoutingProfile)
	}
	return nil
}

// CreateRoutingProfileInput is CreateRoutingProfile's input.
type CreateRoutingProfileInput struct {
	InstanceID             string
	Name                   string
	Description            string
	DefaultOutboundQueueID string
	MediaConcurrencies     []MediaConcurrency
	QueueConfigs           []RoutingProfileQueue
	AgentAvailabilityTimer string
	Tags                   map[string]string
}

// CreateRoutingProfile creates a routing profile with its queues.
func (s *Service) CreateRoutingProfile(ctx context.Context, p Partition, in CreateRoutingProfileInput) (*RoutingProfile, error) {
	var out *RoutingProfile
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createRoutingProfile(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createRoutingProfile is CreateRoutingProfile in ch; id, when not "", is
// the new ID (see newID).
func (ch *change) createRoutingProfile(ctx context.Context, p Partition, id string, in CreateRoutingProfileInput) (*RoutingProfile, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if err := checkConcurrencies(in.MediaConcurrencies); err != nil {
		return nil, err
	}
	if in.AgentAvailabilityTimer == "" {
		in.AgentAvailabilityTimer = TimerSinceLastActivity
	}
	if id, err = ch.newID(ResourceRoutingProfile, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	rp := &RoutingProfile{
		ID: id, InstanceID: inst.ID, Name: in.Name, Description: in.Description,
		DefaultOutboundQueueID: in.DefaultOutboundQueueID, MediaConcurrencies: in.MediaConcurrencies,
		AgentAvailabilityTimer: in.AgentAvailabilityTimer, LastModified: ch.now, Tags: in.Tags,
	}
	rp.ARN = subARN(p, inst.ID, ResourceRoutingProfile, rp.ID)
	tx := ch.tx
	if err := checkStandardQueue(ctx, tx, inst.ID, in.DefaultOutboundQueueID); err != nil {
		return nil, err
	}
	if err := checkQueueConfigs(ctx, tx, inst.ID, in.QueueConfigs); err != nil {
		return nil, err
	}
	if err := checkQueueQuota(in.QueueConfigs); err != nil {
		return nil, err
	}
	if _, err := tx.GetRoutingProfileByName(ctx, inst.ID, in.Name); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceRoutingProfile, Message: "A routing profile with the name " + in.Name + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	if err := tx.InsertRoutingProfile(ctx, rp); err != nil {
		return nil, err
	}
	if err := tx.PutRoutingProfileQueues(ctx, inst.ID, rp.ID, in.QueueConfigs); err != nil {
		return nil, err
	}
	return rp, nil
}

// RoutingProfileDetail is DescribeRoutingProfile's answer: the profile and
// its counts.
type RoutingProfileDetail struct {
	*RoutingProfile
	NumberOfAssociatedQueues int // distinct queues
	NumberOfAssociatedUsers  int
}

// DescribeRoutingProfile returns a routing profile with the number of its
// queues and users.
func (s *Service) DescribeRoutingProfile(ctx context.Context, p Partition, instanceID, id string) (*RoutingProfileDetail, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	rp, err := s.store.GetRoutingProfile(ctx, inst.ID, id)
	if err != nil {
		return nil, err
	}
	qs, err := s.store.ListRoutingProfileQueues(ctx, inst.ID, rp.ID, PageRequest{})
	if err != nil {
		return nil, err
	}
	distinct := map[string]bool{}
	for _, q := range qs {
		distinct[q.QueueID] = true
	}
	users, err := s.store.CountUsersByRoutingProfile(ctx, inst.ID, rp.ID)
	if err != nil {
		return nil, err
	}
	return &RoutingProfileDetail{RoutingProfile: rp, NumberOfAssociatedQueues: len(distinct), NumberOfAssociatedUsers: users}, nil
}

// ListRoutingProfiles returns a page of the instance's routing profiles.
func (s *Service) ListRoutingProfiles(ctx context.Context, p Partition, instanceID, token string, max int) ([]*RoutingProfile, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*RoutingProfile, error) {
			return s.store.ListRoutingProfiles(ctx, inst, pr)
		},
		func(rp *RoutingProfile) string { return rp.ID })
}

// ListRoutingProfileQueues returns the routing profile and a page of its
// queue configurations.
func (s *Service) ListRoutingProfileQueues(ctx context.Context, p Partition, instanceID, id, token string, max int) (*RoutingProfile, []RoutingProfileQueue, string, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, nil, "", err
	}
	rp, err := s.store.GetRoutingProfile(ctx, inst.ID, id)
	if err != nil {
		return nil, nil, "", err
	}
	pr, err := pageRequest(token, max, defaultPageSize)
	if err != nil {
		return nil, nil, "", err
	}
	qs, err := s.store.ListRoutingProfileQueues(ctx, inst.ID, rp.ID, pr)
	if err != nil {
		return nil, nil, "", err
	}
	qs, next := nextToken(qs, pr, RoutingProfileQueue.Key)
	return rp, qs, next, nil
}

// changeRoutingProfile runs edit on a routing profile in a write
// transaction, then stores it with a new last-modified time and runs the
// routing hook.
func (s *Service) changeRoutingProfile(ctx context.Context, p Partition, instanceID, id string,
	edit func(tx Tx, rp *RoutingProfile) error) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		rp, err := tx.GetRoutingProfile(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if err := edit(tx, rp); err != nil {
			return err
		}
		rp.LastModified = s.now()
		if err := tx.UpdateRoutingProfile(ctx, rp); err != nil {
			return err
		}
		return ch.afterRoutingProfileChange(ctx, rp)
	})
}

// AssociateRoutingProfileQueues adds queue configurations to a routing
// profile. A (queue, channel) pair already in the profile is refused (use
// UpdateRoutingProfileQueues to change its priority or delay).
func (s *Service) AssociateRoutingProfileQueues(ctx context.Context, p Partition, instanceID, id string, qs []RoutingProfileQueue) error {
	if len(qs) == 0 {
		return invalidParam("QueueConfigs must list at least one queue.")
	}
	return s.changeRoutingProfile(ctx, p, instanceID, id, func(tx Tx, rp *RoutingProfile) error {
		if err := checkQueueConfigs(ctx, tx, rp.InstanceID, qs); err != nil {
			return err
		}
		cur, err := tx.ListRoutingProfileQueues(ctx, rp.InstanceID, rp.ID, PageRequest{})
		if err != nil {
			return err
		}
		for _, q := range qs {
			for _, c := range cur {
				if c.Key() == q.Key() {
					return Errorf(Invalid, "Queue %s is already associated with the routing profile for channel %s.", q.QueueID, q.Channel)
				}
			}
		}
		if err := checkQueueQuota(append(cur, qs...)); err != nil {
			return err
		}
		return tx.PutRoutingProfileQueues(ctx, rp.InstanceID, rp.ID, qs)
	})
}

// maxDisassociate is the documented number of queue references one
// DisassociateRoutingProfileQueues call takes.
const maxDisassociate = 10

// DisassociateRoutingProfileQueues removes (queue, channel) pairs from a
// routing profile. The queues must exist; pairs not in the profile are
// ignored.
func (s *Service) DisassociateRoutingProfileQueues(ctx context.Context, p Partition, instanceID, id string, refs []RoutingProfileQueue) error {
	if len(refs) > maxDisassociate {
		return invalidParam("At most %d queue references can be disassociated in one call.", maxDisassociate)
	}
	if len(refs) == 0 {
		return invalidParam("QueueReferences must list at least one queue.")
	}
	return s.changeRoutingProfile(ctx, p, instanceID, id, func(tx Tx, rp *RoutingProfile) error {
		for _, r := range refs {
			if _, err := tx.GetQueue(ctx, rp.InstanceID, r.QueueID); err != nil {
				return err
			}
		}
		return tx.DeleteRoutingProfileQueues(ctx, rp.InstanceID, rp.ID, refs)
	})
}

// UpdateRoutingProfileQueues changes the priority and delay of queue
// configurations already in a routing profile.
func (s *Service) UpdateRoutingProfileQueues(ctx context.Context, p Partition, instanceID, id string, qs []RoutingProfileQueue) error {
	return s.changeRoutingProfile(ctx, p, instanceID, id, func(tx Tx, rp *RoutingProfile) error {
		if err := checkQueueConfigs(ctx, tx, rp.InstanceID, qs); err != nil {
			return err
		}
		cur, err := tx.ListRoutingProfileQueues(ctx, rp.InstanceID, rp.ID, PageRequest{})
		if err != nil {
			return err
		}
		for _, q := range qs {
			found := false
			for _, c := range cur {
				found = found || c.Key() == q.Key()
			}
			if !found {
				return Errorf(Invalid, "Queue %s is not associated with the routing profile for channel %s; associate it first.", q.QueueID, q.Channel)
			}
		}
		return tx.PutRoutingProfileQueues(ctx, rp.InstanceID, rp.ID, qs)
	})
}

// UpdateRoutingProfileConcurrency replaces the channels and concurrencies of
// a routing profile.
func (s *Service) UpdateRoutingProfileConcurrency(ctx context.Context, p Partition, instanceID, id string, ms []MediaConcurrency) error {
	if err := checkConcurrencies(ms); err != nil {
		return err
	}
	return s.changeRoutingProfile(ctx, p, instanceID, id, func(tx Tx, rp *RoutingProfile) error {
		rp.MediaConcurrencies = ms
		return nil
	})
}

// UpdateRoutingProfileDefaultOutboundQueue sets a routing profile's default
// outbound queue, a standard queue of the instance.
func (s *Service) UpdateRoutingProfileDefaultOutboundQueue(ctx context.Context, p Partition, instanceID, id, queueID string) error {
	return s.changeRoutingProfile(ctx, p, instanceID, id, func(tx Tx, rp *RoutingProfile) error {
		if err := checkStandardQueue(ctx, tx, rp.InstanceID, queueID); err != nil {
			return err
		}
		rp.DefaultOutboundQueueID = queueID
		return nil
	})
}

// UpdateRoutingProfileName changes a routing profile's name, description or
// both (nil members are kept). Names are unique in an instance.
func (s *Service) UpdateRoutingProfileName(ctx context.Context, p Partition, instanceID, id string, name, description *string) error {
	if name == nil && description == nil {
		return Errorf(Invalid, "Give a Name, a Description or both.")
	}
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		rp, err := tx.GetRoutingProfile(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if name != nil {
			other, err := tx.GetRoutingProfileByName(ctx, inst.ID, *name)
			switch {
			case err == nil && other.ID != rp.ID:
				return &Error{Kind: Duplicate, Resource: ResourceRoutingProfile, Message: "A routing profile with the name " + *name + " already exists."}
			case err != nil && !IsNotFound(err):
				return err
			}
			rp.Name = *name
		}
		if description != nil {
			rp.Description = *description
		}
		rp.LastModified = ch.now
		return tx.UpdateRoutingProfile(ctx, rp)
	})
}

// DeleteRoutingProfile deletes a routing profile and its queue
// configurations. The instance's default profile (the Basic Routing
// Profile) is refused (InvalidRequestException), and so is a profile
// assigned to users (ResourceInUseException, naming a user): reassign them
// first.
func (s *Service) DeleteRoutingProfile(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		rp, err := tx.GetRoutingProfile(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if rp.IsDefault {
			return Errorf(Invalid, "Routing profile %s is the instance's default routing profile; it cannot be deleted.", rp.Name)
		}
		users, err := tx.ListUsersByRoutingProfile(ctx, inst.ID, rp.ID, PageRequest{Limit: 1})
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return inUse(ResourceRoutingProfile, &ResourceRef{Type: "USER", ARN: users[0].ARN},
				"Routing profile %s is assigned to users (%s); assign them another profile first.", rp.Name, users[0].Username)
		}
		return tx.DeleteRoutingProfile(ctx, inst.ID, rp.ID)
	})
}

// afterRoutingProfileChange runs in the write transaction of every change to
// a routing profile's queues or channels (Associate, Disassociate and
// UpdateRoutingProfileQueues, UpdateRoutingProfileConcurrency): contacts
// waiting in its queues may now be routable to its users. rp is the profile
// as stored. Routing hooks in here; an error rolls the change back.
func (ch *change) afterRoutingProfileChange(ctx context.Context, rp *RoutingProfile) error {
	inst, err := ch.tx.GetInstance(ctx, rp.InstanceID)
	if err != nil {
		return err
	}
	return ch.route(ctx, inst)
}

// basicConcurrency is the channels of the Basic Routing Profile. AWS
// documents the profile's existence but not its settings: connectd gives it
// voice (1), chat (2) and task (1), each served by BasicQueue at priority 1
// with no delay.
var basicConcurrency = []MediaConcurrency{
	{Channel: ChannelVoice, Concurrency: 1},
	{Channel: ChannelChat, Concurrency: 2},
	{Channel: ChannelTask, Concurrency: 1},
}
