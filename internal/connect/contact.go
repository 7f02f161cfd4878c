package connect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"time"
)

// Contact channels and initiation methods connectd creates.
const (
	ChannelTask          = "TASK"
	InitiationMethodAPI  = "API"
	InitiationMethodFlow = "FLOW"
)

// Reference types (AWS ReferenceType).
const (
	RefURL        = "URL"
	RefAttachment = "ATTACHMENT"
	RefNumber     = "NUMBER"
	RefString     = "STRING"
	RefDate       = "DATE"
	RefEmail      = "EMAIL"
)

// Reference is a named link or value carried by a contact.
type Reference struct {
	Type  string
	Value string
}

// SegmentAttributeValue mirrors AWS SegmentAttributeValue: exactly one of the
// value members is set.
type SegmentAttributeValue struct {
	String  *string
	Integer *int32
	ARN     *string
	Map     map[string]SegmentAttributeValue
	List    []SegmentAttributeValue
}

// Segment attribute keys with a meaning to connectd.
const (
	SegmentContactExpiry = "connect:ContactExpiry"
	SegmentCreatedByUser = "connect:CreatedByUser"
)

// DefaultQueuePriority is a contact's queue priority until a flow's
// UpdateContactRoutingBehavior changes it.
const DefaultQueuePriority = 5

// Contact is a task contact.
type Contact struct {
	ID                string
	ARN               string
	InstanceID        string
	InitialContactID  string
	PreviousContactID string
	RelatedContactID  string
	Channel           string
	InitiationMethod  string
	Name              string
	Description       string
	State             ContactState
	ContactFlowID     string
	TaskTemplateID    string
	QuickConnectID    string
	// TaskTemplateVersion is the snapshot of TaskTemplateID the task uses;
	// TaskTemplateChanges counts UpdateContactTaskTemplate calls (at most 5).
	TaskTemplateVersion int
	TaskTemplateChanges int
	// AttributeSetID names the attribute set the contact reads and writes.
	// Contacts chained by PreviousContactId share one set.
	AttributeSetID    string
	References        map[string]Reference
	Attachments       []Attachment
	SegmentAttributes map[string]SegmentAttributeValue
	Tags              map[string]string
	ClientToken       string
	// RequestHash fingerprints the StartTaskContact request that created the
	// contact, so that a ClientToken reused for a different request is refused.
	RequestHash         string
	InitiationTimestamp time.Time
	ScheduledTimestamp  *time.Time
	LastUpdateTimestamp time.Time
	DisconnectTimestamp *time.Time
	DisconnectReason    string

	// Routing. QueueID is the queue the contact waits in, or last waited in;
	// AgentID the agent it is offered to or connected with.
	QueueID                    string
	QueuePriority              int64 // 1 is served first; DefaultQueuePriority unless a flow sets it
	QueueTimeAdjustmentSeconds int32 // added to the contact's age when ordering a queue
	EnqueueTimestamp           *time.Time
	AgentID                    string
	ConnectedToAgentTimestamp  *time.Time
	// OfferedToAgentTimestamp is when routing offered the contact to AgentID
	// (it was CONNECTING from then until connected), and RoutingProfileID
	// that agent's routing profile at the offer: what GetMetricDataV2's
	// AVG_AGENT_CONNECTING_TIME and ROUTING_PROFILE read. The API shows
	// neither (AgentInfo has no offer time; RingStartTimestamp is a
	// campaign call's).
	OfferedToAgentTimestamp    *time.Time
	RoutingProfileID           string
	ConnectedToSystemTimestamp *time.Time
	// AgentHierarchyGroups are the ARNs (level one first) of the agent's
	// hierarchy groups when the contact connected; DescribeContact only.
	AgentHierarchyGroups []string
	// Pauses (PauseContact, ResumeContact).
	LastPausedTimestamp         *time.Time
	LastResumedTimestamp        *time.Time
	TotalPauseCount             int32
	TotalPauseDurationInSeconds int32
	// ExpiresAt is when an active contact expires (ends EXPIRED); WakeAt is
	// when the scheduler must next look at the contact (Service keeps it:
	// the ScheduledTime while scheduled, ExpiresAt while active, nil once
	// ended).
	ExpiresAt *time.Time
	WakeAt    *time.Time

	// Attributes is filled by Service from the contact's attribute set.
	Attributes map[string]string
	// TaskTemplate is filled by Service.DescribeContact from the template
	// snapshot the task uses; nil for a task without a template.
	TaskTemplate *TaskTemplateInfo
}

// StartTaskInput is StartTaskContact's input.
type StartTaskInput struct {
	InstanceID        string
	Name              string
	Description       string
	ClientToken       string
	ContactFlowID     string
	TaskTemplateID    string
	QuickConnectID    string
	PreviousContactID string
	RelatedContactID  string
	Attributes        map[string]string
	References        map[string]Reference
	ScheduledTime     *time.Time
	SegmentAttributes map[string]SegmentAttributeValue
	Attachments       []TaskAttachment
}

// TaskAttachment is a file StartTaskContact attaches to a task: its name and
// the pre-signed S3 URL it is read from (connectd never fetches it).
type TaskAttachment struct {
	FileName string
	S3URL    string
}

// Attachment is a file attached to a task, shown by ListContactReferences as
// an ATTACHMENT reference. ID names it in its ARN (instance/{id}/file/{ID}),
// which ListContactReferences fills in.
type Attachment struct {
	ID       string
	FileName string
	URL      string
	ARN      string
}

// maxTaskAttachments is the API reference's "a maximum of 5 attachments per
// task" (also the model's TaskAttachments length).
const maxTaskAttachments = 5

// StartTaskContact creates a task contact, scheduled when in.ScheduledTime is
// set. A retry with the same ClientToken returns the contact the first call
// created, also when retries race: the check and the insert share one write
// transaction, and the store's unique key on the token backs it up.
func (s *Service) StartTaskContact(ctx context.Context, p Partition, in StartTaskInput) (*Contact, error) {
	inst, flow, err := s.taskInstance(ctx, p, in)
	if err != nil {
		return nil, err
	}
	in.InstanceID = inst.ID // a retry may name the instance by ID or by ARN
	hash := requestHash(in)
	route, err := s.checkStartTask(ctx, s.store, inst, flow, &in, s.now())
	if err != nil {
		// A retry whose ScheduledTime has passed, or whose flow was deleted,
		// since the first call is still answered from its token. Looking the
		// token up only here keeps it to one read (in the transaction) on
		// the hot path.
		if prev, terr := s.retried(ctx, s.store, inst, in.ClientToken, hash); prev != nil || terr != nil {
			return prev, terr
		}
		return nil, err
	}
	var out *Contact
	err = s.write(snapshot(ctx), func(ch *change) error {
		c, err := s.createTask(ctx, ch, inst, in, route, InitiationMethodAPI, hash)
		out = c
		return err
	})
	if err != nil {
		// A retry (or a concurrent twin) fails on the token's unique key
		// when its contact is inserted, at the end of the transaction: it
		// is answered from the token here, after the rollback, instead of
		// by a read that every start would pay for at its beginning. Any
		// other refusal of a retry (the quota since reached) is answered
		// from the token too, as the first call was.
		if prev, terr := s.retried(ctx, s.store, inst, in.ClientToken, hash); prev != nil || terr != nil {
			return prev, terr
		}
		return nil, err
	}
	return out, nil
}

// taskInstance reads StartTaskContact's instance and, when the request
// names its flow (neither a template nor a quick connect chooses it), that
// flow with it: one read instead of two. If either is missing, it reads the
// instance alone, whose absence is the error, and the flow is left to
// checkStartTask, which says why it is refused.
func (s *Service) taskInstance(ctx context.Context, p Partition, in StartTaskInput) (*Instance, *ContactFlow, error) {
	if id, ok := InstanceRef(p, in.InstanceID); ok && in.ContactFlowID != "" && in.TaskTemplateID == "" && in.QuickConnectID == "" {
		inst, f, err := s.store.GetInstanceFlow(ctx, id, in.ContactFlowID)
		switch {
		case err == nil && inst.Partition == p:
			return inst, f, nil
		case err != nil && !IsNotFound(err):
			return nil, nil, err
		}
	}
	inst, err := s.instance(ctx, p, in.InstanceID)
	return inst, nil, err
}

// startTask is StartTaskContact inside a change, for a flow's CreateTask.
func (s *Service) startTask(ctx context.Context, ch *change, inst *Instance, in StartTaskInput, method string) (*Contact, error) {
	hash := requestHash(in)
	route, err := s.checkStartTask(ctx, ch.tx, inst, nil, &in, ch.now)
	if err != nil {
		return nil, err
	}
	return s.createTask(ctx, ch, inst, in, route, method, hash)
}

// createTask creates the checked task in, routed by route, and, unless it
// is scheduled, starts it: its flow runs in the same transaction.
func (s *Service) createTask(ctx context.Context, ch *change, inst *Instance, in StartTaskInput, route taskRoute, method, hash string) (*Contact, error) {
	now := ch.now
	c := &Contact{
		ID: s.ids.NewID(), InstanceID: inst.ID, Channel: ChannelTask, InitiationMethod: method,
		Name: in.Name, Description: in.Description, State: StateInProgress,
		ContactFlowID: route.flowID, TaskTemplateID: route.templateID, TaskTemplateVersion: route.templateVersion,
		QuickConnectID: route.quickConnectID, PreviousContactID: in.PreviousContactID, RelatedContactID: in.RelatedContactID,
		References: in.References, SegmentAttributes: in.SegmentAttributes,
		ClientToken: in.ClientToken, RequestHash: hash, QueuePriority: DefaultQueuePriority,
		InitiationTimestamp: now, LastUpdateTimestamp: now,
	}
	c.ARN = subARN(inst.Partition, inst.ID, ResourceContact, c.ID)
	c.InitialContactID, c.AttributeSetID = c.ID, c.ID
	for _, a := range in.Attachments {
		c.Attachments = append(c.Attachments, Attachment{ID: s.ids.NewID(), FileName: a.FileName, URL: a.S3URL})
	}
	if route.flow != nil {
		ch.knowFlow(route.flow)
	}
	attrs, err := s.linkContact(ctx, ch.tx, c, in.Attributes)
	if err != nil {
		return nil, err
	}
	if in.ScheduledTime == nil {
		if err := ch.readStartAhead(ctx, inst, route.flow); err != nil {
			return nil, err
		}
	}
	// The quota is checked before the first write: a flow's CreateTask
	// catches the refusal, and its transaction must not keep half a task.
	if err := ch.countActive(ctx, inst.ID, 1); err != nil {
		return nil, err
	}
	if err := ch.tx.PutAttributes(ctx, inst.ID, c.AttributeSetID, attrs); err != nil {
		return nil, err
	}
	if in.ScheduledTime != nil {
		t := in.ScheduledTime.UTC().Truncate(time.Millisecond)
		c.ScheduledTimestamp, c.State = &t, StateScheduled
		return c, ch.insert(ctx, inst, c)
	}
	return c, ch.start(ctx, inst, c, false)
}

// retried returns the contact an earlier StartTaskContact with token created,
// nil if there is none, or an error if that request differed (by hash).
func (s *Service) retried(ctx context.Context, r Reader, inst *Instance, token, hash string) (*Contact, error) {
	if token == "" {
		return nil, nil
	}
	prev, err := r.GetContactByClientToken(ctx, inst.ID, token)
	switch {
	case IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, err
	case prev.RequestHash != hash:
		return nil, Errorf(TokenReused, "ClientToken %s was already used for a different request.", token)
	}
	return prev, nil
}

// checkStartTask applies the rules that need no write transaction and
// returns the task's route. A task template's defaults are applied to in.
// known, if not nil, is a flow of inst already read: the route's, if it is
// that one, is not read again.
func (s *Service) checkStartTask(ctx context.Context, r Reader, inst *Instance, known *ContactFlow, in *StartTaskInput, now time.Time) (taskRoute, error) {
	route, err := s.routeTask(ctx, r, inst, in)
	if err != nil {
		return route, err
	}
	if err := checkAttachments(in.Attachments); err != nil {
		return route, err
	}
	if in.ScheduledTime != nil {
		if err := checkSchedule(*in.ScheduledTime, now); err != nil {
			return route, err
		}
	}
	if err := checkReferences(in.References); err != nil {
		return route, err
	}
	if err := checkAttributes(in.Attributes); err != nil {
		return route, err
	}
	if err := checkSegmentAttributes(in.SegmentAttributes, true); err != nil {
		return route, err
	}
	if v, ok := in.SegmentAttributes[SegmentCreatedByUser]; ok {
		ref := ""
		if v.String != nil {
			ref = *v.String
		} else if v.ARN != nil {
			ref = *v.ARN
		}
		id, err := userID(inst, ref)
		if err != nil {
			return route, err
		}
		if _, err := r.GetUser(ctx, inst.ID, id); err != nil {
			return route, err
		}
	}
	f := known
	if f == nil || f.ID != route.flowID {
		if f, err = r.GetContactFlow(ctx, inst.ID, route.flowID); err != nil {
			return route, err
		}
	}
	if f.Status != FlowPublished {
		return route, Errorf(Invalid, "Flow %s is not published.", f.ID)
	}
	route.flow = f
	return route, nil
}

// linkContact applies PreviousContactId and RelatedContactId to c inside tx
// and returns the attributes c's attribute set must hold. A task chained by
// PreviousContactId shares its predecessor's set (at most 12 tasks per
// predecessor); one related by RelatedContactId gets a copy of the related
// contact's attributes. When both are given the chain wins.
func (s *Service) linkContact(ctx context.Context, tx Tx, c *Contact, given map[string]string) (map[string]string, error) {
	base := map[string]string{}
	switch {
	case c.PreviousContactID != "":
		prev, err := tx.GetContact(ctx, c.InstanceID, c.PreviousContactID)
		if err != nil {
			return nil, err
		}
		// Tasks chained concurrently to prev conflict on its row, so the
		// count below is current when this Update commits.
		if err := tx.WriteLock(ctx, ResourceContact, c.InstanceID, prev.ID); err != nil {
			return nil, err
		}
		n, err := tx.CountContactsByPrevious(ctx, c.InstanceID, prev.ID)
		if err != nil {
			return nil, err
		}
		if n >= maxTasksPerPrevious {
			return nil, Errorf(QuotaExceeded, "At most %d tasks can share the PreviousContactId %s.", maxTasksPerPrevious, prev.ID)
		}
		c.AttributeSetID = prev.AttributeSetID
		if base, err = tx.GetAttributes(ctx, c.InstanceID, prev.AttributeSetID); err != nil {
			return nil, err
		}
		if c.RelatedContactID != "" {
			if _, err := tx.GetContact(ctx, c.InstanceID, c.RelatedContactID); err != nil {
				return nil, err
			}
		}
	case c.RelatedContactID != "":
		rel, err := tx.GetContact(ctx, c.InstanceID, c.RelatedContactID)
		if err != nil {
			return nil, err
		}
		if base, err = tx.GetAttributes(ctx, c.InstanceID, rel.AttributeSetID); err != nil {
			return nil, err
		}
	}
	attrs := maps.Clone(base)
	if attrs == nil {
		attrs = map[string]string{}
	}
	maps.Copy(attrs, given)
	return attrs, checkAttributes(attrs)
}

// requestHash fingerprints a StartTaskContact request, ClientToken aside.
func requestHash(in StartTaskInput) string {
	in.ClientToken = ""
	b, _ := json.Marshal(in) // maps marshal with sorted keys: the hash is stable
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// contact returns a contact of the instance with its attributes.
func (s *Service) contact(ctx context.Context, r Reader, inst *Instance, id string) (*Contact, error) {
	c, err := r.GetContact(ctx, inst.ID, id)
	if err != nil {
		return nil, err
	}
	if c.Attributes, err = r.GetAttributes(ctx, inst.ID, c.AttributeSetID); err != nil {
		return nil, err
	}
	return c, nil
}

// describeContact reads a contact with its attributes in one read; when
// there is no such contact it reads again, the instance first, to say
// which is missing.
func (s *Service) describeContact(ctx context.Context, p Partition, instanceID, id string) (*Contact, error) {
	if ref, ok := InstanceRef(p, instanceID); ok {
		c, err := s.store.GetPartitionContact(ctx, p, ref, id)
		if !IsNotFound(err) {
			return c, err
		}
	}
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.contact(ctx, s.store, inst, id)
}

// DescribeContact returns a contact with its attributes.
func (s *Service) DescribeContact(ctx context.Context, p Partition, instanceID, id string) (*Contact, error) {
	c, err := s.describeContact(ctx, p, instanceID, id)
	if err != nil {
		return nil, err
	}
	if c.TaskTemplate, err = s.taskTemplateInfo(ctx, s.store, c); err != nil {
		return nil, err
	}
	if c.AgentHierarchyGroups, err = s.contactAgentHierarchy(ctx, p, c); err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateContactInput is UpdateContact's input; nil members are not changed.
type UpdateContactInput struct {
	InstanceID        string
	ContactID         string
	Name              *string
	Description       *string
	References        map[string]Reference
	SegmentAttributes map[string]SegmentAttributeValue
	// EndpointFields names the members that apply only to external audio
	// contacts (QueueInfo, UserInfo, CustomerEndpoint, SystemEndpoint) that
	// the request carried.
	EndpointFields []string
}

// UpdateContact changes a contact's name, description, references or expiry,
// ongoing or ended.
func (s *Service) UpdateContact(ctx context.Context, p Partition, in UpdateContactInput) error {
	inst, err := s.instance(ctx, p, in.InstanceID)
	if err != nil {
		return err
	}
	if len(in.EndpointFields) > 0 {
		return Errorf(Invalid, "%s can be updated only for EXTERNAL_AUDIO contacts.", in.EndpointFields[0])
	}
	if in.Name == nil && in.Description == nil && in.References == nil && in.SegmentAttributes == nil {
		return Errorf(Invalid, "At least one field to update must be present in the request.")
	}
	if err := checkSegmentAttributes(in.SegmentAttributes, false); err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.tx.GetContact(ctx, inst.ID, in.ContactID)
		if err != nil {
			return err
		}
		if in.Name != nil {
			c.Name = *in.Name
		}
		if in.Description != nil {
			c.Description = *in.Description
		}
		if in.References != nil {
			refs := maps.Clone(c.References)
			if refs == nil {
				refs = map[string]Reference{}
			}
			maps.Copy(refs, in.References)
			if err := checkReferences(refs); err != nil {
				return err
			}
			c.References = refs
		}
		if in.SegmentAttributes != nil {
			seg := maps.Clone(c.SegmentAttributes)
			if seg == nil {
				seg = map[string]SegmentAttributeValue{}
			}
			maps.Copy(seg, in.SegmentAttributes)
			c.SegmentAttributes = seg
			if c.State.Active() && c.ConnectedToSystemTimestamp != nil {
				// A new connect:ContactExpiry counts from the task's start.
				exp := c.ConnectedToSystemTimestamp.Add(expiry(c))
				c.ExpiresAt = &exp
			}
		}
		if c.TaskTemplateID != "" {
			t, err := ch.tx.GetTaskTemplateVersion(ctx, inst.ID, c.TaskTemplateID, c.TaskTemplateVersion)
			switch {
			case err == nil:
				if err := checkTemplateUpdate(t, in, c); err != nil {
					return err
				}
			case !IsNotFound(err): // snapshots outlive their template: only damaged data lacks one
				return err
			}
		}
		// Name, description, references and segment attributes are none of
		// the properties whose change CONTACT_DATA_UPDATED reports.
		return ch.save(ctx, c, c.State.Active())
	})
}

// saveUpdated stores c, whose data (not state) changed, and emits
// CONTACT_DATA_UPDATED naming the changed property, one of the
// updatedProperties values the contact events data model documents.
func (ch *change) saveUpdated(ctx context.Context, inst *Instance, c *Contact, updated string) error {
	if err := ch.save(ctx, c, c.State.Active()); err != nil {
		return err
	}
	return ch.emit(ctx, inst, c, EventContactDataUpdated, []string{updated})
}

// UpdateContactSchedule moves a task that is still scheduled.
func (s *Service) UpdateContactSchedule(ctx context.Context, p Partition, instanceID, id string, at time.Time) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	now := s.now()
	if err := checkSchedule(at, now); err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.tx.GetContact(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if c.Channel != ChannelTask || c.State != StateScheduled {
			return Errorf(Invalid, "Contact %s is not a scheduled task.", id)
		}
		if err := move(c, TriggerReschedule); err != nil {
			return err
		}
		t := at.UTC().Truncate(time.Millisecond)
		c.ScheduledTimestamp = &t
		return ch.saveUpdated(ctx, inst, c, UpdatedScheduledTimestamp)
	})
}

// ListContactReferences returns the contact's references of the given types,
// and its attachments when ATTACHMENT is one of them.
func (s *Service) ListContactReferences(ctx context.Context, p Partition, instanceID, id string, types []string) (map[string]Reference, []Attachment, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.store.GetContact(ctx, inst.ID, id)
	if err != nil {
		return nil, nil, err
	}
	want := map[string]bool{}
	for _, t := range types {
		want[t] = true
	}
	out := map[string]Reference{}
	for name, r := range c.References {
		if want[r.Type] {
			out[name] = r
		}
	}
	if !want[RefAttachment] {
		return out, nil, nil
	}
	for i := range c.Attachments {
		c.Attachments[i].ARN = inst.ARN + "/file/" + c.Attachments[i].ID
	}
	return out, c.Attachments, nil
}

// StopContact ends a contact in any state; a scheduled task is cancelled.
// Stopping a task that has already ended is an invalid request: StopContact's
// ContactNotFoundException "Applies to Voice calls only, not to Chat or Task
// contacts", and InvalidRequestException is the other error it declares that
// fits a refused state.
func (s *Service) StopContact(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := ch.tx.GetContact(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if !c.State.Active() {
			return &Error{Kind: Invalid, Message: "Contact " + id + " is not active."}
		}
		return ch.end(ctx, inst, c, DisconnectReasonAPI)
	})
}

// GetContactAttributes returns the attributes of a contact (ongoing or ended).
func (s *Service) GetContactAttributes(ctx context.Context, p Partition, instanceID, id string) (map[string]string, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	c, err := s.contact(ctx, s.store, inst, id)
	if err != nil {
		return nil, err
	}
	return c.Attributes, nil
}

// UpdateContactAttributes merges attrs into the contact's attribute set, which
// is shared by every task chained to it through PreviousContactId. An empty
// value is stored as empty, Amazon Connect's way of clearing an attribute.
func (s *Service) UpdateContactAttributes(ctx context.Context, p Partition, instanceID, id string, attrs map[string]string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if err := checkAttributes(attrs); err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		c, err := s.contact(ctx, ch.tx, inst, id)
		if err != nil {
			return err
		}
		merged := c.Attributes
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, attrs)
		if err := checkAttributes(merged); err != nil {
			return err
		}
		if err := ch.tx.PutAttributes(ctx, inst.ID, c.AttributeSetID, merged); err != nil {
			return err
		}
		return ch.saveUpdated(ctx, inst, c, UpdatedUserDefinedAttributes)
	})
}

// UpdateContactTaskTemplate makes a task use another template (its current
// snapshot). The task must be in progress and not connected to an agent, may
// change template at most 5 times, and its values (name, description,
// references, ...) must satisfy the new template's fields; a mismatch is an
// InvalidProperty error listing each one.
func (s *Service) UpdateContactTaskTemplate(ctx context.Context, p Partition, instanceID, contactID, templateID string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(snapshot(ctx), func(ch *change) error {
		tx := ch.tx
		c, err := tx.GetContact(ctx, inst.ID, contactID)
		if err != nil {
			return err
		}
		if c.Channel != ChannelTask {
			return Errorf(Invalid, "Contact %s is not a task.", c.ID)
		}
		if c.State != StateInProgress && c.State != StateQueued {
			return Errorf(Invalid, "Contact %s is not an in-progress task waiting for an agent (it is %s).", c.ID, c.State)
		}
		t, err := tx.GetTaskTemplate(ctx, inst.ID, templateID)
		if err != nil {
			return err
		}
		if c.TaskTemplateID == t.ID {
			return Errorf(Invalid, "Contact %s already uses task template %s.", c.ID, t.ID)
		}
		if t.Status != TemplateActive {
			return Errorf(Invalid, "Task template %s is INACTIVE; a task can use only an ACTIVE template.", t.ID)
		}
		if c.TaskTemplateChanges >= maxTemplateChanges {
			return Errorf(QuotaExceeded, "The task template of contact %s was already changed %d times, the most allowed.", c.ID, maxTemplateChanges)
		}
		if ps := templateMismatches(t, contactValues(c), nil); len(ps) > 0 {
			return propertyError(ResourceContact, "The task does not satisfy task template "+t.Name, ps)
		}
		c.TaskTemplateID, c.TaskTemplateVersion = t.ID, t.Version
		c.TaskTemplateChanges++
		// Saved with no CONTACT_DATA_UPDATED: the template is none of the
		// properties whose change that event reports.
		return ch.save(ctx, c, true)
	})
}
