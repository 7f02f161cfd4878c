package connect

import (
	"context"
	"time"
)

// Reads for the web console (internal/console): what the Amazon Connect
// admin website shows that the API has no operation for. Each is
// partitioned as the API's reads are: an instance of another account or
// region is not found.

// maxBoardContacts bounds the queued contacts a board lists per queue.
const maxBoardContacts = 200

// QueuedContacts returns the first limit (at most 200) QUEUED contacts of
// a queue in the order routing will offer them.
func (s *Service) QueuedContacts(ctx context.Context, p Partition, instanceID, queueID string, limit int) ([]*Contact, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > maxBoardContacts {
		limit = maxBoardContacts
	}
	return s.store.ListQueuedContacts(ctx, inst.ID, queueID, limit)
}

// QueueStats returns how many contacts wait in a queue and since when the
// oldest waits.
func (s *Service) QueueStats(ctx context.Context, p Partition, instanceID, queueID string) (QueueStats, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return QueueStats{}, err
	}
	return s.store.QueueStats(ctx, inst.ID, queueID)
}

// ScheduledDue counts the instance's scheduled tasks that start within d
// of now.
func (s *Service) ScheduledDue(ctx context.Context, p Partition, instanceID string, d time.Duration) (int, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return 0, err
	}
	now := s.now()
	return s.store.CountScheduledDue(ctx, inst.ID, now, now.Add(d))
}

// maxContactEvents bounds the events ContactEvents returns.
const maxContactEvents = 500

// ContactEvents returns the contact's events still in the outbox (events
// are pruned after their retention), oldest first.
func (s *Service) ContactEvents(ctx context.Context, p Partition, instanceID, contactID string) ([]EventRecord, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.GetContact(ctx, inst.ID, contactID); err != nil {
		return nil, err
	}
	return s.store.ListContactEvents(ctx, inst.ID, contactID, maxContactEvents)
}

// Now returns the service's time: the manual clock's in manual mode.
func (s *Service) Now() time.Time { return s.now() }

// RequestPath names the member of a StartTaskContact or UpdateContact
// request that carries the field's value ("Name", "References.<name>", ...):
// the PropertyProblem.Path of a template problem about the field.
func (f *TaskTemplateField) RequestPath() string { return fieldPath(f) }

// ReferenceType is the type of the reference that carries the field's value
// in a task ("" for the fields a task carries in a member of its own).
func (f *TaskTemplateField) ReferenceType() string { return fieldKinds[f.Type].ref }
