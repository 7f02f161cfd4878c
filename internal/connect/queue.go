package connect

import (
	"context"
	"slices"
	"time"
)

// Queue types (AWS QueueType).
const (
	QueueStandard = "STANDARD"
	QueueAgent    = "AGENT"
)

// Queue is a routing queue.
type Queue struct {
	ID                 string
	ARN                string
	InstanceID         string
	Name               string
	Description        string
	Type               string // STANDARD | AGENT
	Status             string // ENABLED | DISABLED
	HoursOfOperationID string
	MaxContacts        *int32
	QuickConnectIDs    []string
	OutboundCaller     *OutboundCallerConfig // nil when never set
	LastModified       time.Time
	Tags               map[string]string
}

// OutboundCallerConfig is a queue's outbound caller ID and whisper flow.
type OutboundCallerConfig struct {
	CallerIDName     string
	CallerIDNumberID string // a phone number ID; connectd has no phone numbers, so always ""
	FlowID           string // an OUTBOUND_WHISPER flow of the instance
}

// CreateQueueInput is CreateQueue's input.
type CreateQueueInput struct {
	InstanceID         string
	Name               string
	Description        string
	HoursOfOperationID string
	MaxContacts        *int32
	QuickConnectIDs    []string
	OutboundCaller     *OutboundCallerConfig
	Tags               map[string]string
}

// CreateQueue creates a STANDARD queue. Its hours of operation and quick
// connects must exist in the instance.
func (s *Service) CreateQueue(ctx context.Context, p Partition, in CreateQueueInput) (*Queue, error) {
	var out *Queue
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createQueue(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createQueue is CreateQueue in ch; id, when not "", is the new ID (see newID).
func (ch *change) createQueue(ctx context.Context, p Partition, id string, in CreateQueueInput) (*Queue, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if id, err = ch.newID(ResourceQueue, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	q := &Queue{
		ID: id, InstanceID: inst.ID, Name: in.Name, Description: in.Description, Type: QueueStandard,
		Status: QueueEnabled, HoursOfOperationID: in.HoursOfOperationID, MaxContacts: in.MaxContacts,
		QuickConnectIDs: slices.Compact(slices.Sorted(slices.Values(in.QuickConnectIDs))), LastModified: ch.now, Tags: in.Tags,
	}
	q.ARN = subARN(p, inst.ID, ResourceQueue, q.ID)
	tx := ch.tx
	if _, err := tx.GetHoursOfOperation(ctx, inst.ID, in.HoursOfOperationID); err != nil {
		return nil, err
	}
	if in.OutboundCaller != nil {
		if q.OutboundCaller, err = checkOutboundCaller(ctx, tx, inst.ID, *in.OutboundCaller); err != nil {
			return nil, err
		}
	}
	for _, qc := range q.QuickConnectIDs {
		if _, err := tx.GetQuickConnect(ctx, inst.ID, qc); err != nil {
			return nil, err
		}
	}
	if _, err := tx.GetQueueByName(ctx, inst.ID, in.Name); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceQueue, Message: "A queue with the name " + in.Name + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	if err := tx.InsertQueue(ctx, q); err != nil {
		return nil, err
	}
	return q, nil
}

// DescribeQueue returns a queue.
func (s *Service) DescribeQueue(ctx context.Context, p Partition, instanceID, id string) (*Queue, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.store.GetQueue(ctx, inst.ID, id)
}

// ListQueues returns a page of the instance's queues of the given types.
func (s *Service) ListQueues(ctx context.Context, p Partition, instanceID string, types []string, token string, max int) ([]*Queue, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*Queue, error) { return s.store.ListQueues(ctx, inst, types, pr) },
		func(q *Queue) string { return q.ID })
}

// Queue statuses (AWS QueueStatus). A DISABLED queue takes no new contacts:
// a flow's transfer to it takes the error branch (internal/flow), while the
// contacts already in it are still routed to agents, as the administrator
// guide's "Disable a queue temporarily" says.
const (
	QueueEnabled  = "ENABLED"
	QueueDisabled = "DISABLED"
)

// changeQueue runs edit on standard queue id in a write transaction, then
// stores it with a new last-modified time. Agent queues belong to their
// user and are refused.
func (s *Service) changeQueue(ctx context.Context, p Partition, instanceID, id string, edit func(tx Tx, q *Queue) error) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		q, err := ch.tx.GetQueue(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if err := standardOnly(q); err != nil {
			return err
		}
		if err := edit(ch.tx, q); err != nil {
			return err
		}
		q.LastModified = ch.now
		return ch.tx.UpdateQueue(ctx, q)
	})
}

// standardOnly refuses an agent queue: it has no name and no status of its
// own, and it lives and dies with its user.
func standardOnly(q *Queue) error {
	if q.Type == QueueAgent {
		return Errorf(Invalid, "Queue %s is an agent queue; it changes only with its user.", q.ID)
	}
	return nil
}

// UpdateQueueName changes a standard queue's name, description or both (nil
// members are kept). Names are unique in an instance.
func (s *Service) UpdateQueueName(ctx context.Context, p Partition, instanceID, id string, name, description *string) error {
	if name == nil && description == nil {
		return Errorf(Invalid, "Give a Name, a Description or both.")
	}
	return s.changeQueue(ctx, p, instanceID, id, func(tx Tx, q *Queue) error {
		if name != nil {
			other, err := tx.GetQueueByName(ctx, q.InstanceID, *name)
			switch {
			case err == nil && other.ID != q.ID:
				return &Error{Kind: Duplicate, Resource: ResourceQueue, Message: "A queue with the name " + *name + " already exists."}
			case err != nil && !IsNotFound(err):
				return err
			}
			q.Name = *name
		}
		if description != nil {
			q.Description = *description
		}
		return nil
	})
}

// UpdateQueueStatus enables or disables a standard queue.
func (s *Service) UpdateQueueStatus(ctx context.Context, p Partition, instanceID, id, status string) error {
	if status != QueueEnabled && status != QueueDisabled {
		return invalidParam("Status must be %s or %s.", QueueEnabled, QueueDisabled)
	}
	return s.changeQueue(ctx, p, instanceID, id, func(_ Tx, q *Queue) error {
		q.Status = status
		return nil
	})
}

// UpdateQueueMaxContacts sets the most contacts a standard queue holds
// before it is full (its transfers then take the QueueAtCapacity branch);
// nil removes the limit.
func (s *Service) UpdateQueueMaxContacts(ctx context.Context, p Partition, instanceID, id string, max *int32) error {
	if max != nil && *max < 0 {
		return invalidParam("MaxContacts must be at least 0.")
	}
	return s.changeQueue(ctx, p, instanceID, id, func(_ Tx, q *Queue) error {
		q.MaxContacts = max
		return nil
	})
}

// UpdateQueueHoursOfOperation sets a standard queue's hours of operation,
// which must exist in the instance.
func (s *Service) UpdateQueueHoursOfOperation(ctx context.Context, p Partition, instanceID, id, hoursID string) error {
	return s.changeQueue(ctx, p, instanceID, id, func(tx Tx, q *Queue) error {
		h, err := tx.GetHoursOfOperation(ctx, q.InstanceID, hoursID)
		if err != nil {
			return err
		}
		q.HoursOfOperationID = h.ID
		return nil
	})
}

// UpdateQueueOutboundCallerConfig replaces a standard queue's outbound
// caller configuration with c.
func (s *Service) UpdateQueueOutboundCallerConfig(ctx context.Context, p Partition, instanceID, id string, c OutboundCallerConfig) error {
	return s.changeQueue(ctx, p, instanceID, id, func(tx Tx, q *Queue) (err error) {
		q.OutboundCaller, err = checkOutboundCaller(ctx, tx, q.InstanceID, c)
		return err
	})
}

// checkOutboundCaller checks what an outbound caller configuration names:
// the flow must be an OUTBOUND_WHISPER flow of the instance ("the outbound
// whisper flow"), and a caller ID number is a claimed phone number, which
// connectd does not have (ResourceNotFoundException). It returns c as
// stored, the flow named by its ID.
func checkOutboundCaller(ctx context.Context, r Reader, instanceID string, c OutboundCallerConfig) (*OutboundCallerConfig, error) {
	if c.CallerIDNumberID != "" {
		return nil, &Error{Kind: NotFound, Message: "Phone number not found: " + c.CallerIDNumberID + " (connectd has no phone numbers)"}
	}
	if c.FlowID != "" {
		f, err := r.GetContactFlow(ctx, instanceID, c.FlowID)
		if err != nil {
			return nil, err
		}
		if f.Type != FlowTypeOutboundWhisper {
			return nil, Errorf(Invalid, "Flow %s is of type %s; the outbound flow must be of type %s.", f.Name, f.Type, FlowTypeOutboundWhisper)
		}
	}
	return &c, nil
}

// DeleteQueue deletes a standard queue that nothing uses: no routing profile
// may serve it or have it as its default outbound queue, no QUEUE quick
// connect may send contacts to it, and no active contact may be in it or
// have come from it (ResourceInUseException). Its own quick connect list and
// tags go with it. Flows that name the queue are not checked: their
// transfers to it take the error branch from then on.
func (s *Service) DeleteQueue(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		q, err := tx.GetQueue(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if err := standardOnly(q); err != nil {
			return err
		}
		rps, err := tx.ListRoutingProfilesByQueue(ctx, inst.ID, q.ID)
		if err != nil {
			return err
		}
		if len(rps) > 0 {
			return inUse(ResourceQueue, nil, "Queue %s is used by routing profile %s; remove it from the profile first.", q.Name, rps[0].Name)
		}
		qcs, err := tx.ListQuickConnectsByQueue(ctx, inst.ID, q.ID)
		if err != nil {
			return err
		}
		if len(qcs) > 0 {
			return inUse(ResourceQueue, nil, "Queue %s is the destination of quick connect %s; delete the quick connect first.", q.Name, qcs[0].Name)
		}
		cs, err := tx.ListQueueContacts(ctx, inst.ID, q.ID, 1)
		if err != nil {
			return err
		}
		if len(cs) > 0 {
			return inUse(ResourceQueue, &ResourceRef{Type: "CONTACT", ARN: cs[0].ARN},
				"Queue %s holds active contacts (%s); they must end first.", q.Name, cs[0].ID)
		}
		return tx.DeleteQueue(ctx, inst.ID, q.ID)
	})
}
