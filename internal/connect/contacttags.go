package connect

import (
	"context"
	"maps"
)

// TagContact adds tags to a contact, ongoing or ended (CheckContactTags: at
// most 6 a request, no "aws:" keys). A tag already set takes the new value.
func (s *Service) TagContact(ctx context.Context, p Partition, instanceID, id string, tags map[string]string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if err := CheckContactTags(tags); err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.tx.GetContact(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		merged := maps.Clone(c.Tags)
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, tags)
		c.Tags = merged
		return ch.saveUpdated(ctx, inst, c, UpdatedTags)
	})
}

// UntagContact removes tags from a contact; a key the contact lacks is
// ignored. "aws:" keys are system tags and cannot be removed.
func (s *Service) UntagContact(ctx context.Context, p Partition, instanceID, id string, keys []string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := CheckContactTagKey(k); err != nil {
			return err
		}
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.tx.GetContact(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		tags := maps.Clone(c.Tags)
		for _, k := range keys {
			delete(tags, k)
		}
		c.Tags = tags
		return ch.saveUpdated(ctx, inst, c, UpdatedTags)
	})
}

// UpdateContactRoutingDataInput is UpdateContactRoutingData's request; nil
// members are left as they are.
type UpdateContactRoutingDataInput struct {
	InstanceID, ContactID      string
	QueuePriority              *int64
	QueueTimeAdjustmentSeconds *int32
}

// UpdateContactRoutingData changes a queued contact's priority (1 is served
// first) or the seconds added to its age, and so its place in its queue. A
// request sets exactly one of the two. A contact that is not waiting in a
// queue is a conflict.
func (s *Service) UpdateContactRoutingData(ctx context.Context, p Partition, in UpdateContactRoutingDataInput) error {
	inst, err := s.instance(ctx, p, in.InstanceID)
	if err != nil {
		return err
	}
	if in.QueuePriority == nil && in.QueueTimeAdjustmentSeconds == nil {
		return Errorf(InvalidParameter, "At least one of QueuePriority and QueueTimeAdjustmentSeconds must be present in the request.")
	}
	if in.QueuePriority != nil && in.QueueTimeAdjustmentSeconds != nil {
		// The API reference: "Either QueuePriority or QueueTimeAdjustmentInSeconds
		// should be provided within the request body, but not both."
		return Errorf(InvalidParameter, "Provide QueuePriority or QueueTimeAdjustmentSeconds, not both.")
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.tx.GetContact(ctx, inst.ID, in.ContactID)
		if err != nil {
			return err
		}
		if c.State != StateQueued {
			return Errorf(Conflict, "Contact %s is %s, not waiting in a queue: only a queued contact's routing data can be updated.", c.ID, c.State)
		}
		if in.QueuePriority != nil {
			c.QueuePriority = *in.QueuePriority
		}
		if in.QueueTimeAdjustmentSeconds != nil {
			c.QueueTimeAdjustmentSeconds = *in.QueueTimeAdjustmentSeconds
		}
		// No CONTACT_DATA_UPDATED: the data model's list of what that event
		// reports (scheduled time, user-defined attributes, tags, routing
		// criteria, Contact Lens) has neither priority nor age adjustment.
		return ch.save(ctx, c, true)
	})
}
