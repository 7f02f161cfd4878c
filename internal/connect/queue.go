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
	LastModified       time.Time
	Tags               map[string]string
}

// CreateQueueInput is CreateQueue's input.
type CreateQueueInput struct {
	InstanceID         string
	Name               string
	Description        string
	HoursOfOperationID string
	MaxContacts        *int32
	QuickConnectIDs    []string
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
		ID: id, InstanceID: inst.ID, Name: in.Name, Description: in.Description, Type: "STANDARD",
		Status: "ENABLED", HoursOfOperationID: in.HoursOfOperationID, MaxContacts: in.MaxContacts,
		QuickConnectIDs: slices.Compact(slices.Sorted(slices.Values(in.QuickConnectIDs))), LastModified: ch.now, Tags: in.Tags,
	}
	q.ARN = subARN(p, inst.ID, ResourceQueue, q.ID)
	tx := ch.tx
	if _, err := tx.GetHoursOfOperation(ctx, inst.ID, in.HoursOfOperationID); err != nil {
		return nil, err
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
