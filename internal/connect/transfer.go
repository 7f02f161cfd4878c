package connect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
)

// TransferContact, as Amazon Connect does it: a transfer creates a new
// contact and the transferred one ends. The contact records documentation
// says of the TRANSFER initiation method that it "results in a new contact
// record being created", with the new record's PreviousContactId naming the
// contact it came from, and of the INITIATED contact event that it marks a
// task "initiated or transferred". So the transferred task ends (DISCONNECTED
// then COMPLETED, DisconnectReason OTHER: the contact records list no
// transfer reason for tasks, only for email, and OTHER is the task list's
// "any reason not explicitly covered") and the new
// task, InitiationMethod TRANSFER, runs the given flow with its working queue
// preset to the target, so that the flow's Transfer to queue (or Transfer to
// agent) block sends it there. The new task continues the old one: same
// initial contact, same attribute set (a chained contact shares its
// predecessor's attributes), same name, description, references, segment
// attributes, tags and task template.

// InitiationMethodTransfer is the initiation method of a transfer's new contact.
const InitiationMethodTransfer = "TRANSFER"

// maxTransfers is the documented limit: "A contact cannot be transferred
// more than 11 times."
const maxTransfers = 11

// TransferInput is TransferContact's input. QueueID and UserID (at most one)
// name the target; UserID and ContactFlowID may be ARNs.
type TransferInput struct {
	InstanceID    string
	ContactID     string
	QueueID       string
	UserID        string
	ContactFlowID string
	ClientToken   string
}

// transferFlowTypes are the flow types TransferContact runs: "Inbound flow,
// Transfer to agent flow, and Transfer to queue flow".
var transferFlowTypes = []string{FlowTypeInbound, FlowTypeAgentTransfer, FlowTypeQueueTransfer}

// TransferContact transfers an active task to a queue or an agent and returns
// the contact the transfer created. A retry with the same ClientToken
// returns that contact again, also once the transferred task has ended; the
// same token with a different request is refused (TokenReused).
func (s *Service) TransferContact(ctx context.Context, p Partition, in TransferInput) (*Contact, error) {
	inst, err := s.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if in.QueueID != "" && in.UserID != "" {
		return nil, Errorf(Invalid, "QueueId and UserId cannot both be specified: a contact is transferred to a queue or to an agent.")
	}
	// Normalise the references (pure: no reads) so that a retry naming the
	// same resources by ARN instead of ID is the same request.
	flowID, _, err := flowRef(inst, in.ContactFlowID)
	if err != nil {
		return nil, err
	}
	queueID, err := resourceID(inst, in.QueueID, ResourceQueue)
	if err != nil {
		return nil, err
	}
	user, err := userID(inst, in.UserID)
	if err != nil {
		return nil, err
	}
	in.InstanceID, in.ContactFlowID, in.QueueID, in.UserID = inst.ID, flowID, queueID, user
	hash := transferHash(in)
	var out *Contact
	err = s.write(snapshot(ctx), func(ch *change) error {
		if in.ClientToken != "" {
			prev, err := ch.tx.GetContactByClientToken(ctx, inst.ID, in.ClientToken)
			switch {
			case err == nil && prev.RequestHash == hash:
				out = prev
				return nil
			case err == nil:
				return Errorf(TokenReused, "ClientToken %s was already used for a different request.", in.ClientToken)
			case !IsNotFound(err):
				return err
			}
		}
		c, err := ch.transfer(ctx, inst, in, hash)
		out = c
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// transfer ends the contact in.ContactID and starts the contact that
// continues it, which it returns.
func (ch *change) transfer(ctx context.Context, inst *Instance, in TransferInput, hash string) (*Contact, error) {
	c, err := ch.tx.GetContact(ctx, inst.ID, in.ContactID)
	if err != nil {
		return nil, err
	}
	if err := ch.checkTransferable(ctx, c); err != nil {
		return nil, err
	}
	f, err := ch.tx.GetContactFlow(ctx, inst.ID, in.ContactFlowID)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(transferFlowTypes, f.Type) {
		return nil, Errorf(Invalid, "Flow %s is of type %s; TransferContact runs an inbound (CONTACT_FLOW), transfer to agent (AGENT_TRANSFER) or transfer to queue (QUEUE_TRANSFER) flow.", f.ID, f.Type)
	}
	if f.Status != FlowPublished {
		return nil, Errorf(Invalid, "Flow %s is not published.", f.ID)
	}
	target := in.QueueID
	switch {
	case in.QueueID != "":
		if _, err := ch.queue(ctx, inst.ID, in.QueueID); err != nil {
			return nil, err
		}
	case in.UserID != "":
		q, err := ch.agentQueue(ctx, inst, in.UserID)
		if err != nil {
			return nil, err
		}
		target = q.ID
	}
	if err := ch.end(ctx, inst, c, DisconnectReasonOther); err != nil {
		return nil, err
	}
	now := ch.now
	n := &Contact{
		ID: ch.s.ids.NewID(), InstanceID: inst.ID, Channel: c.Channel, InitiationMethod: InitiationMethodTransfer,
		InitialContactID: c.InitialContactID, PreviousContactID: c.ID, RelatedContactID: c.RelatedContactID,
		Name: c.Name, Description: c.Description, State: StateInProgress, ContactFlowID: f.ID,
		TaskTemplateID: c.TaskTemplateID, TaskTemplateVersion: c.TaskTemplateVersion,
		AttributeSetID: c.AttributeSetID, References: maps.Clone(c.References), Attachments: slices.Clone(c.Attachments),
		SegmentAttributes: maps.Clone(c.SegmentAttributes), Tags: maps.Clone(c.Tags),
		ClientToken: in.ClientToken, RequestHash: hash, QueuePriority: DefaultQueuePriority,
		InitiationTimestamp: now, LastUpdateTimestamp: now,
	}
	n.ARN = subARN(inst.Partition, inst.ID, ResourceContact, n.ID)
	if n.InitialContactID == "" {
		n.InitialContactID = c.ID
	}
	if err := ch.countActive(ctx, inst.ID, 1); err != nil {
		return nil, err
	}
	return n, ch.startTo(ctx, inst, n, false, target)
}

// checkTransferable applies TransferContact's rules on the contact: a task,
// active, started (a scheduled task is in no queue and with no agent yet:
// UpdateContactSchedule and StopContact are what act on it), and transferred
// at most 11 times so far.
func (ch *change) checkTransferable(ctx context.Context, c *Contact) error {
	switch {
	case c.Channel != ChannelTask:
		return Errorf(Invalid, "Contact %s is a %s contact: only TASK contacts can be transferred.", c.ID, c.Channel)
	case !c.State.Active():
		return Errorf(Invalid, "Contact %s is not active: TransferContact can be called only on active contacts.", c.ID)
	case c.State == StateScheduled:
		return Errorf(Invalid, "Contact %s is a scheduled task that has not started: it is in no queue and with no agent to transfer from.", c.ID)
	}
	if _, err := Transition(c.State, TriggerTransfer); err != nil {
		return err
	}
	n, err := ch.transfers(ctx, c)
	if err != nil {
		return err
	}
	if n >= maxTransfers {
		return Errorf(QuotaExceeded, "Contact %s was already transferred %d times: a contact cannot be transferred more than %d times.", c.ID, n, maxTransfers)
	}
	return nil
}

// transfers counts the transfers that led to c: its chain of TRANSFER
// contacts back through PreviousContactID.
func (ch *change) transfers(ctx context.Context, c *Contact) (int, error) {
	n := 0
	for c.InitiationMethod == InitiationMethodTransfer && c.PreviousContactID != "" && n < maxTransfers {
		n++
		prev, err := ch.tx.GetContact(ctx, c.InstanceID, c.PreviousContactID)
		if IsNotFound(err) {
			break
		}
		if err != nil {
			return 0, err
		}
		c = prev
	}
	return n, nil
}

// transferHash fingerprints a TransferContact request, ClientToken aside.
// The operation's name keeps it apart from StartTaskContact's hashes, which
// share the contacts' client tokens.
func transferHash(in TransferInput) string {
	in.ClientToken = ""
	b, _ := json.Marshal(struct {
		Op string
		In TransferInput
	}{"TransferContact", in})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
