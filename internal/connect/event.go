package connect

import (
	"context"
	"encoding/json"
	"time"
)

// Contact event types (the detail's eventType of an "Amazon Connect Contact
// Event") connectd emits for tasks.
const (
	EventInitiated          = "INITIATED"
	EventConnectedToSystem  = "CONNECTED_TO_SYSTEM"
	EventQueued             = "QUEUED"
	EventConnectedToAgent   = "CONNECTED_TO_AGENT"
	EventDisconnected       = "DISCONNECTED"
	EventCompleted          = "COMPLETED"
	EventContactDataUpdated = "CONTACT_DATA_UPDATED"
)

// The updatedProperties values of a CONTACT_DATA_UPDATED event that connectd
// emits, as the contact events data model names them. The event reports a
// change of the scheduled time, the user-defined attributes, the tags, the
// routing criteria or the Contact Lens settings only: UpdateContact (name,
// description, references, segment attributes), UpdateContactRoutingData and
// UpdateContactTaskTemplate emit none.
const (
	UpdatedUserDefinedAttributes = "UserDefinedAttributes"
	UpdatedTags                  = "Tags"
	UpdatedScheduledTimestamp    = "ScheduledTimestamp"
)

// eventBridge is the EventBridge envelope of a contact event.
type eventBridge struct {
	Version    string       `json:"version"`
	ID         string       `json:"id"`
	DetailType string       `json:"detail-type"`
	Source     string       `json:"source"`
	Account    string       `json:"account"`
	Time       string       `json:"time"`
	Region     string       `json:"region"`
	Resources  []string     `json:"resources"`
	Detail     contactEvent `json:"detail"`
}

// contactEvent is the detail of an Amazon Connect contact event, with the
// fields the contact events data model documents that a task has.
type contactEvent struct {
	EventType                  string            `json:"eventType"`
	ContactID                  string            `json:"contactId"`
	InitialContactID           string            `json:"initialContactId,omitempty"`
	PreviousContactID          string            `json:"previousContactId,omitempty"`
	RelatedContactID           string            `json:"relatedContactId,omitempty"`
	Channel                    string            `json:"channel"`
	InstanceARN                string            `json:"instanceArn"`
	InitiationMethod           string            `json:"initiationMethod"`
	InitiationTimestamp        string            `json:"initiationTimestamp,omitempty"`
	ScheduledTimestamp         string            `json:"scheduledTimestamp,omitempty"`
	ConnectedToSystemTimestamp string            `json:"connectedToSystemTimestamp,omitempty"`
	DisconnectTimestamp        string            `json:"disconnectTimestamp,omitempty"`
	DisconnectReason           string            `json:"disconnectReason,omitempty"`
	QueueInfo                  *eventQueueInfo   `json:"queueInfo,omitempty"`
	AgentInfo                  *eventAgentInfo   `json:"agentInfo,omitempty"`
	Tags                       map[string]string `json:"tags,omitempty"`
	UpdatedProperties          []string          `json:"updatedProperties,omitempty"`
}

type eventQueueInfo struct {
	QueueARN         string `json:"queueArn"`
	QueueType        string `json:"queueType,omitempty"`
	EnqueueTimestamp string `json:"enqueueTimestamp,omitempty"`
}

type eventAgentInfo struct {
	AgentARN                  string `json:"agentArn"`
	ConnectedToAgentTimestamp string `json:"connectedToAgentTimestamp,omitempty"`
}

// isoMillis formats t as the contact events data model does.
func isoMillis(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// emit writes a contact event of type typ about c to the outbox. updated
// names the changed properties of a CONTACT_DATA_UPDATED event.
func (ch *change) emit(ctx context.Context, inst *Instance, c *Contact, typ string, updated []string) error {
	ev := contactEvent{
		EventType: typ, ContactID: c.ID, InitialContactID: c.InitialContactID,
		PreviousContactID: c.PreviousContactID, RelatedContactID: c.RelatedContactID,
		Channel: c.Channel, InstanceARN: inst.ARN, InitiationMethod: c.InitiationMethod,
		InitiationTimestamp:        isoMillis(&c.InitiationTimestamp),
		ScheduledTimestamp:         isoMillis(c.ScheduledTimestamp),
		ConnectedToSystemTimestamp: isoMillis(c.ConnectedToSystemTimestamp),
		DisconnectTimestamp:        isoMillis(c.DisconnectTimestamp),
		DisconnectReason:           c.DisconnectReason,
		Tags:                       c.Tags, UpdatedProperties: updated,
	}
	if c.QueueID != "" {
		qi := &eventQueueInfo{QueueARN: subARN(inst.Partition, inst.ID, ResourceQueue, c.QueueID),
			EnqueueTimestamp: isoMillis(c.EnqueueTimestamp)}
		if q, err := ch.queue(ctx, inst.ID, c.QueueID); err == nil {
			qi.QueueARN, qi.QueueType = q.ARN, q.Type
		} else if !IsNotFound(err) {
			return err
		}
		ev.QueueInfo = qi
	}
	if c.AgentID != "" {
		ev.AgentInfo = &eventAgentInfo{AgentARN: subARN(inst.Partition, inst.ID, ResourceUser, c.AgentID),
			ConnectedToAgentTimestamp: isoMillis(c.ConnectedToAgentTimestamp)}
	}
	body, err := json.Marshal(eventBridge{
		Version: "0", ID: ch.s.ids.NewID(), DetailType: "Amazon Connect Contact Event",
		Source: "aws.connect", Account: inst.Partition.AccountID, Time: ch.now.Format(time.RFC3339),
		Region: inst.Partition.Region, Resources: []string{c.ARN, inst.ARN}, Detail: ev,
	})
	if err != nil {
		return Errorf(Internal, "encode contact event: %v", err)
	}
	ch.events = true
	return ch.tx.AppendEvent(ctx, &EventRecord{Partition: inst.Partition, InstanceID: inst.ID, ContactID: c.ID,
		Type: typ, Time: ch.now, Body: body})
}
