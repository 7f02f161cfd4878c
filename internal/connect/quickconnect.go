package connect

import (
	"context"
	"slices"
	"time"
)

// Quick connect types (AWS QuickConnectType).
const (
	QuickConnectUser        = "USER"
	QuickConnectQueue       = "QUEUE"
	QuickConnectPhoneNumber = "PHONE_NUMBER"
	QuickConnectFlow        = "FLOW"
)

// QuickConnect is a transfer destination: a user (agent), a queue, a phone
// number or a flow. Which of UserID, QueueID, ContactFlowID and PhoneNumber
// are set depends on Type.
type QuickConnect struct {
	ID            string
	ARN           string
	InstanceID    string
	Name          string
	Description   string
	Type          string
	UserID        string // USER
	QueueID       string // QUEUE
	ContactFlowID string // USER, QUEUE and FLOW
	PhoneNumber   string // PHONE_NUMBER
	LastModified  time.Time
	Tags          map[string]string
}

// carriesTasks reports whether a task can be sent to q: USER and QUEUE quick
// connects can; a phone number cannot carry a task, and FLOW quick connects
// work only for chats.
func (q *QuickConnect) carriesTasks() bool {
	return q.Type == QuickConnectUser || q.Type == QuickConnectQueue
}

// QuickConnectConfig is a quick connect's configuration as a request gives
// it (AWS QuickConnectConfig): the member for Type must be set, no other.
type QuickConnectConfig struct {
	Type  string
	User  *UserQuickConnectConfig
	Queue *QueueQuickConnectConfig
	Phone *PhoneQuickConnectConfig
	Flow  *FlowQuickConnectConfig
}

// UserQuickConnectConfig is the configuration of a USER quick connect.
type UserQuickConnectConfig struct{ UserID, ContactFlowID string }

// QueueQuickConnectConfig is the configuration of a QUEUE quick connect.
type QueueQuickConnectConfig struct{ QueueID, ContactFlowID string }

// PhoneQuickConnectConfig is the configuration of a PHONE_NUMBER quick connect.
type PhoneQuickConnectConfig struct{ PhoneNumber string }

// FlowQuickConnectConfig is the configuration of a FLOW quick connect.
type FlowQuickConnectConfig struct{ ContactFlowID string }

// CreateQuickConnectInput is CreateQuickConnect's input.
type CreateQuickConnectInput struct {
	InstanceID  string
	Name        string
	Description string
	Config      QuickConnectConfig
	Tags        map[string]string
}

// CreateQuickConnect creates a quick connect. Its name is unique in the
// instance, and the user, queue and flow it names must exist, the flow being
// of the type the quick connect's type needs.
func (s *Service) CreateQuickConnect(ctx context.Context, p Partition, in CreateQuickConnectInput) (*QuickConnect, error) {
	var out *QuickConnect
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createQuickConnect(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createQuickConnect is CreateQuickConnect in ch; id, when not "", is the
// new ID (see newID).
func (ch *change) createQuickConnect(ctx context.Context, p Partition, id string, in CreateQuickConnectInput) (*QuickConnect, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	tx := ch.tx
	q, err := ch.s.quickConnectConfig(ctx, tx, inst, in.Config)
	if err != nil {
		return nil, err
	}
	if err := uniqueQuickConnectName(ctx, tx, inst.ID, in.Name, ""); err != nil {
		return nil, err
	}
	if id, err = ch.newID(ResourceQuickConnect, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	q.ID, q.InstanceID, q.Name, q.Description = id, inst.ID, in.Name, in.Description
	q.ARN = subARN(p, inst.ID, ResourceQuickConnect, q.ID)
	q.LastModified, q.Tags = ch.now, in.Tags
	if err := tx.InsertQuickConnect(ctx, q); err != nil {
		return nil, err
	}
	return q, nil
}

// uniqueQuickConnectName fails with Duplicate if a quick connect other than
// self already has name.
func uniqueQuickConnectName(ctx context.Context, r Reader, instanceID, name, self string) error {
	other, err := r.GetQuickConnectByName(ctx, instanceID, name)
	switch {
	case err == nil && other.ID != self:
		return &Error{Kind: Duplicate, Resource: ResourceQuickConnect, Message: "A quick connect with the name " + name + " already exists."}
	case err != nil && !IsNotFound(err):
		return err
	}
	return nil
}

// configMembers names the QuickConnectConfig member each type needs.
var configMembers = map[string]string{
	QuickConnectUser: "UserConfig", QuickConnectQueue: "QueueConfig",
	QuickConnectPhoneNumber: "PhoneConfig", QuickConnectFlow: "FlowConfig",
}

// quickConnectConfig checks cfg and returns a QuickConnect holding it, with
// the queue and flow it names resolved to IDs.
func (s *Service) quickConnectConfig(ctx context.Context, r Reader, inst *Instance, cfg QuickConnectConfig) (*QuickConnect, error) {
	given := map[string]bool{
		"UserConfig": cfg.User != nil, "QueueConfig": cfg.Queue != nil,
		"PhoneConfig": cfg.Phone != nil, "FlowConfig": cfg.Flow != nil,
	}
	want, ok := configMembers[cfg.Type]
	if !ok {
		return nil, Errorf(Invalid, "%q is not a quick connect type.", cfg.Type)
	}
	if !given[want] {
		return nil, Errorf(Invalid, "QuickConnectConfig.%s is required when QuickConnectType is %s.", want, cfg.Type)
	}
	for _, m := range []string{"UserConfig", "QueueConfig", "PhoneConfig", "FlowConfig"} {
		if m != want && given[m] {
			return nil, Errorf(Invalid, "QuickConnectConfig.%s cannot be set when QuickConnectType is %s.", m, cfg.Type)
		}
	}
	q := &QuickConnect{Type: cfg.Type}
	var (
		flowRef, flowType string
		err               error
	)
	switch cfg.Type {
	case QuickConnectUser:
		if err := checkQuickConnectUser(ctx, r, inst.ID, cfg.User.UserID); err != nil {
			return nil, err
		}
		q.UserID, flowRef, flowType = cfg.User.UserID, cfg.User.ContactFlowID, FlowTypeAgentTransfer
	case QuickConnectQueue:
		if q.QueueID, err = resourceID(inst, cfg.Queue.QueueID, ResourceQueue); err != nil {
			return nil, err
		}
		if _, err := r.GetQueue(ctx, inst.ID, q.QueueID); err != nil {
			return nil, err
		}
		flowRef, flowType = cfg.Queue.ContactFlowID, FlowTypeQueueTransfer
	case QuickConnectFlow:
		flowRef, flowType = cfg.Flow.ContactFlowID, FlowTypeInbound
	case QuickConnectPhoneNumber:
		q.PhoneNumber = cfg.Phone.PhoneNumber
		return q, nil
	}
	f, err := s.flowOf(ctx, r, inst, flowRef)
	if err != nil {
		return nil, err
	}
	if f.Type != flowType {
		return nil, Errorf(Invalid, "Flow %s is of type %s; a %s quick connect needs a flow of type %s.", f.ID, f.Type, cfg.Type, flowType)
	}
	q.ContactFlowID = f.ID
	return q, nil
}

// checkQuickConnectUser checks that userID names a user of the instance.
func checkQuickConnectUser(ctx context.Context, r Reader, instanceID, userID string) error {
	_, err := r.GetUser(ctx, instanceID, userID)
	return err
}

// quickConnectTarget returns where quick connect qcID sends a contact: the
// queue of a QUEUE quick connect or the user of a USER one (both "" for the
// other types). It fails with NotFound when the quick connect, its queue or
// its user no longer exists.
func (s *Service) quickConnectTarget(ctx context.Context, r Reader, instanceID, qcID string) (queueID, userID string, err error) {
	q, err := r.GetQuickConnect(ctx, instanceID, qcID)
	if err != nil {
		return "", "", err
	}
	return quickConnectTargetOf(ctx, r, q)
}

func quickConnectTargetOf(ctx context.Context, r Reader, q *QuickConnect) (queueID, userID string, err error) {
	switch q.Type {
	case QuickConnectQueue:
		if _, err := r.GetQueue(ctx, q.InstanceID, q.QueueID); err != nil {
			return "", "", err
		}
		return q.QueueID, "", nil
	case QuickConnectUser:
		if err := checkQuickConnectUser(ctx, r, q.InstanceID, q.UserID); err != nil {
			return "", "", err
		}
		return "", q.UserID, nil
	}
	return "", "", nil
}

// taskQuickConnect returns quick connect id of inst as the route of a task:
// it must be a USER or QUEUE quick connect whose target still exists.
func (s *Service) taskQuickConnect(ctx context.Context, r Reader, inst *Instance, id string) (*QuickConnect, error) {
	q, err := r.GetQuickConnect(ctx, inst.ID, id)
	if err != nil {
		return nil, err
	}
	if !q.carriesTasks() {
		return nil, Errorf(Invalid, "Quick connect %s is of type %s; a task can be started only through a USER or QUEUE quick connect.", q.ID, q.Type)
	}
	if _, _, err := quickConnectTargetOf(ctx, r, q); err != nil {
		return nil, err
	}
	return q, nil
}

// DescribeQuickConnect returns a quick connect.
func (s *Service) DescribeQuickConnect(ctx context.Context, p Partition, instanceID, id string) (*QuickConnect, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.store.GetQuickConnect(ctx, inst.ID, id)
}

// ListQuickConnects returns a page of the instance's quick connects of the
// given types (all when empty).
func (s *Service) ListQuickConnects(ctx context.Context, p Partition, instanceID string, types []string, token string, max int) ([]*QuickConnect, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*QuickConnect, error) {
			return s.store.ListQuickConnects(ctx, inst, types, pr)
		},
		func(q *QuickConnect) string { return q.ID })
}

// UpdateQuickConnectName changes a quick connect's name, description or both
// (nil members are kept; an empty Description clears it).
func (s *Service) UpdateQuickConnectName(ctx context.Context, p Partition, instanceID, id string, name, description *string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if name == nil && description == nil {
		return Errorf(Invalid, "Give a Name, a Description or both.")
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		q, err := tx.GetQuickConnect(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if name != nil {
			if err := uniqueQuickConnectName(ctx, tx, inst.ID, *name, q.ID); err != nil {
				return err
			}
			q.Name = *name
		}
		if description != nil {
			q.Description = *description
		}
		q.LastModified = s.now()
		return tx.UpdateQuickConnect(ctx, q)
	})
}

// UpdateQuickConnectConfig replaces a quick connect's configuration, type
// included, with the checks of CreateQuickConnect.
func (s *Service) UpdateQuickConnectConfig(ctx context.Context, p Partition, instanceID, id string, cfg QuickConnectConfig) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		cur, err := tx.GetQuickConnect(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		q, err := s.quickConnectConfig(ctx, tx, inst, cfg)
		if err != nil {
			return err
		}
		q.ID, q.ARN, q.InstanceID, q.Name, q.Description, q.Tags = cur.ID, cur.ARN, cur.InstanceID, cur.Name, cur.Description, cur.Tags
		q.LastModified = s.now()
		return tx.UpdateQuickConnect(ctx, q)
	})
}

// DeleteQuickConnect deletes a quick connect and removes it from the queues
// it was associated with.
func (s *Service) DeleteQuickConnect(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error { return ch.tx.DeleteQuickConnect(ctx, inst.ID, id) })
}

// AssociateQueueQuickConnects adds quick connects to a queue; ones already
// associated stay as they are.
func (s *Service) AssociateQueueQuickConnects(ctx context.Context, p Partition, instanceID, queueID string, ids []string) error {
	return s.changeQueueQuickConnects(ctx, p, instanceID, queueID, ids, addQuickConnect)
}

func addQuickConnect(cur []string, id string) []string {
	if slices.Contains(cur, id) {
		return cur
	}
	return append(cur, id)
}

// DisassociateQueueQuickConnects removes quick connects from a queue; ones
// not associated are ignored.
func (s *Service) DisassociateQueueQuickConnects(ctx context.Context, p Partition, instanceID, queueID string, ids []string) error {
	return s.changeQueueQuickConnects(ctx, p, instanceID, queueID, ids, func(cur []string, id string) []string {
		return slices.DeleteFunc(cur, func(c string) bool { return c == id })
	})
}

// changeQueueQuickConnects applies edit to the queue's quick connects for
// each of ids, which must all exist.
func (s *Service) changeQueueQuickConnects(ctx context.Context, p Partition, instanceID, queueID string, ids []string,
	edit func(cur []string, id string) []string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error { return ch.editQueueQuickConnects(ctx, inst, queueID, ids, edit) })
}

// editQueueQuickConnects is changeQueueQuickConnects in ch.
func (ch *change) editQueueQuickConnects(ctx context.Context, inst *Instance, queueID string, ids []string,
	edit func(cur []string, id string) []string) error {
	tx := ch.tx
	q, err := tx.GetQueue(ctx, inst.ID, queueID)
	if err != nil {
		return err
	}
	cur := slices.Clone(q.QuickConnectIDs)
	for _, id := range ids {
		if _, err := tx.GetQuickConnect(ctx, inst.ID, id); err != nil {
			return err
		}
		cur = edit(cur, id)
	}
	return tx.SetQueueQuickConnects(ctx, inst.ID, q.ID, cur, ch.now)
}

// ListQueueQuickConnects returns the queue and a page of its quick connects,
// ordered by ID.
func (s *Service) ListQueueQuickConnects(ctx context.Context, p Partition, instanceID, queueID, token string, max int) (*Queue, []*QuickConnect, string, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, nil, "", err
	}
	pr, err := pageRequest(token, max, defaultPageSize)
	if err != nil {
		return nil, nil, "", err
	}
	q, err := s.store.GetQueue(ctx, inst.ID, queueID)
	if err != nil {
		return nil, nil, "", err
	}
	ids := slices.Sorted(slices.Values(q.QuickConnectIDs))
	var items []*QuickConnect
	for _, id := range ids {
		if id <= pr.After {
			continue
		}
		if len(items) == pr.Limit {
			break
		}
		qc, err := s.store.GetQuickConnect(ctx, inst.ID, id)
		if err != nil {
			return nil, nil, "", err
		}
		items = append(items, qc)
	}
	items, next := nextToken(items, pr, func(q *QuickConnect) string { return q.ID })
	return q, items, next, nil
}
