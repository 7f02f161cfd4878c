package connect

import (
	"context"
	"fmt"
)

// Names of the resources every instance is born with, as in Amazon Connect.
const (
	BasicHoursName = "Basic Hours"
	BasicQueueName = "BasicQueue"
	// DefaultTaskFlowName is connectd's own addition: a flow that routes a task
	// to BasicQueue, so that a new instance can run tasks out of the box.
	DefaultTaskFlowName = "Default task flow"
)

// endFlow is the content of the default flows that do nothing for a task.
const endFlow = `{"Version":"2019-10-30","StartAction":"end","Metadata":{},"Actions":[` +
	`{"Identifier":"end","Type":"EndFlowExecution","Parameters":{},"Transitions":{}}]}`

// disconnectFlow ends the contact.
const disconnectFlow = `{"Version":"2019-10-30","StartAction":"disconnect","Metadata":{},"Actions":[` +
	`{"Identifier":"disconnect","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

// taskFlow sets BasicQueue as the target queue and transfers the task there.
const taskFlow = `{"Version":"2019-10-30","StartAction":"set-queue","Metadata":{},"Actions":[` +
	`{"Identifier":"set-queue","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":%q},` +
	`"Transitions":{"NextAction":"transfer","Errors":[{"NextAction":"disconnect","ErrorType":"NoMatchingError"}]}},` +
	`{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},` +
	`"Transitions":{"NextAction":"disconnect","Errors":[{"NextAction":"disconnect","ErrorType":"QueueAtCapacity"},` +
	`{"NextAction":"disconnect","ErrorType":"NoMatchingError"}]}},` +
	`{"Identifier":"disconnect","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

// defaultFlows are the flows a new Amazon Connect instance has, by name and type.
var defaultFlows = []struct{ name, typ, content string }{
	{"Default agent hold", "AGENT_HOLD", endFlow},
	{"Default agent whisper", "AGENT_WHISPER", endFlow},
	{"Default customer hold", "CUSTOMER_HOLD", endFlow},
	{"Default customer queue", "CUSTOMER_QUEUE", endFlow},
	{"Default customer whisper", "CUSTOMER_WHISPER", endFlow},
	{"Default outbound", "OUTBOUND_WHISPER", endFlow},
	{"Default agent transfer", "AGENT_TRANSFER", disconnectFlow},
	{"Default queue transfer", "QUEUE_TRANSFER", disconnectFlow},
	{"Sample inbound flow (first contact experience)", "CONTACT_FLOW", disconnectFlow},
}

// seedInstance inserts inst with its default hours, queue and flows.
func (s *Service) seedInstance(ctx context.Context, tx Tx, inst *Instance) error {
	if err := tx.InsertInstance(ctx, inst); err != nil {
		return err
	}
	now := inst.CreatedTime
	hours := &HoursOfOperation{
		ID: s.ids.NewID(), InstanceID: inst.ID, Name: BasicHoursName,
		Description: "24/7", TimeZone: "UTC", LastModified: now,
	}
	hours.ARN = subARN(inst.Partition, inst.ID, ResourceHoursOfOperation, hours.ID)
	for _, d := range weekDays {
		hours.Config = append(hours.Config, HoursConfig{Day: d}) // 00:00-00:00 is all day
	}
	if err := tx.InsertHoursOfOperation(ctx, hours); err != nil {
		return err
	}
	queue := &Queue{
		ID: s.ids.NewID(), InstanceID: inst.ID, Name: BasicQueueName, Description: "A simple, basic voice queue.",
		Type: "STANDARD", Status: "ENABLED", HoursOfOperationID: hours.ID, LastModified: now,
	}
	queue.ARN = subARN(inst.Partition, inst.ID, ResourceQueue, queue.ID)
	if err := tx.InsertQueue(ctx, queue); err != nil {
		return err
	}
	if err := s.seedAgentResources(ctx, tx, inst, queue); err != nil {
		return err
	}
	flows := append(defaultFlows[:len(defaultFlows):len(defaultFlows)],
		struct{ name, typ, content string }{DefaultTaskFlowName, "CONTACT_FLOW", fmt.Sprintf(taskFlow, queue.ARN)})
	for _, f := range flows {
		cf := &ContactFlow{
			ID: s.ids.NewID(), InstanceID: inst.ID, Name: f.name, Type: f.typ, Content: f.content,
			State: "ACTIVE", Status: FlowPublished, LastModified: now,
		}
		cf.ARN = subARN(inst.Partition, inst.ID, ResourceContactFlow, cf.ID)
		if err := tx.InsertContactFlow(ctx, cf); err != nil {
			return err
		}
	}
	return nil
}
