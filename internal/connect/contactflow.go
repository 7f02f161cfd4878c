package connect

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Flow types a quick connect's flow must have (AWS ContactFlowType): a USER
// quick connect runs a "Transfer to agent" flow, a QUEUE one a "Transfer to
// queue" flow, a FLOW one an inbound flow.
const (
	FlowTypeInbound       = "CONTACT_FLOW"
	FlowTypeAgentTransfer = "AGENT_TRANSFER"
	FlowTypeQueueTransfer = "QUEUE_TRANSFER"
	// FlowTypeOutboundWhisper is the type of a queue's outbound flow.
	FlowTypeOutboundWhisper = "OUTBOUND_WHISPER"
)

// ContactFlow is a flow: Flow-language JSON with a type and a status.
type ContactFlow struct {
	ID           string
	ARN          string
	InstanceID   string
	Name         string
	Type         string // ContactFlowType enum
	Description  string
	Content      string
	State        string // ACTIVE | ARCHIVED
	Status       string // PUBLISHED | SAVED
	LastModified time.Time
	Tags         map[string]string
}

// Flow statuses (AWS ContactFlowStatus).
const (
	FlowPublished = "PUBLISHED"
	FlowSaved     = "SAVED"
)

// Flow states (AWS ContactFlowState). ARCHIVED is a label connectd keeps and
// lists: an archived flow still runs for the contacts and tasks that name
// it (the documentation says no more).
const (
	FlowActive   = "ACTIVE"
	FlowArchived = "ARCHIVED"
)

// maxFlowContent is the documented limit of a flow's Content, in characters.
const maxFlowContent = 256000

// CreateContactFlowInput is CreateContactFlow's input.
type CreateContactFlowInput struct {
	InstanceID  string
	Name        string
	Type        string
	Description string
	Content     string
	Status      string // default PUBLISHED
	Tags        map[string]string
}

// CreateContactFlow creates a flow. A PUBLISHED flow's content is validated.
func (s *Service) CreateContactFlow(ctx context.Context, p Partition, in CreateContactFlowInput) (*ContactFlow, error) {
	var out *ContactFlow
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createContactFlow(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createContactFlow is CreateContactFlow in ch; id, when not "", is the new
// ID (see newID).
func (ch *change) createContactFlow(ctx context.Context, p Partition, id string, in CreateContactFlowInput) (*ContactFlow, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if in.Status == "" {
		in.Status = FlowPublished
	}
	if err := ch.s.checkFlowContent(in.Content, in.Status); err != nil {
		return nil, err
	}
	if id, err = ch.newID(ResourceContactFlow, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	f := &ContactFlow{
		ID: id, InstanceID: inst.ID, Name: in.Name, Type: in.Type, Description: in.Description,
		Content: in.Content, State: FlowActive, Status: in.Status, LastModified: ch.now, Tags: in.Tags,
	}
	f.ARN = subARN(p, inst.ID, ResourceContactFlow, f.ID)
	if _, err := ch.tx.GetContactFlowByName(ctx, inst.ID, in.Name); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceContactFlow, Message: "A flow with the name " + in.Name + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	if err := ch.tx.InsertContactFlow(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// checkFlowContent validates content when status is PUBLISHED; SAVED content
// is stored as it is, as in Amazon Connect.
func (s *Service) checkFlowContent(content, status string) error {
	if len([]rune(content)) > maxFlowContent {
		return Errorf(Invalid, "Content must be at most %d characters.", maxFlowContent)
	}
	if status != FlowPublished {
		return nil
	}
	if problems := s.flows.ValidateFlow(content); len(problems) > 0 {
		return &Error{Kind: InvalidFlow, Resource: ResourceContactFlow, Message: "The flow is not valid.", Problems: problems}
	}
	return nil
}

// DescribeContactFlow returns a flow. id may carry the alias ":$SAVED", or a
// version ":N" (connectd keeps one version: 1).
func (s *Service) DescribeContactFlow(ctx context.Context, p Partition, instanceID, id string) (*ContactFlow, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	id, alias, err := flowRef(inst, id)
	if err != nil {
		return nil, err
	}
	f, err := s.store.GetContactFlow(ctx, inst.ID, id)
	if err != nil {
		return nil, err
	}
	switch alias {
	case "", "$SAVED", "$LATEST":
	case "1":
		if f.Status != FlowPublished {
			return nil, notFound(ResourceContactFlow, id+":"+alias)
		}
	default:
		return nil, notFound(ResourceContactFlow, id+":"+alias)
	}
	return f, nil
}

// flowRef resolves a flow reference of the instance inst: an ID or a flow
// ARN, either optionally followed by ":$SAVED" or ":version". An ARN of
// another partition or instance names no flow of inst.
func flowRef(inst *Instance, ref string) (id, alias string, err error) {
	base := ref
	if strings.HasPrefix(ref, "arn:") {
		if i := strings.LastIndexByte(ref, '/'); i >= 0 {
			if j := strings.IndexByte(ref[i:], ':'); j >= 0 {
				base, alias = ref[:i+j], ref[i+j+1:]
			}
		}
		a, perr := ParseARN(base)
		if perr != nil || !a.In(inst.Partition) || a.InstanceID != inst.ID || Resource(a.Sub) != ResourceContactFlow {
			return "", "", notFound(ResourceContactFlow, ref)
		}
		return a.ID, alias, nil
	}
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		return ref[:i], ref[i+1:], nil
	}
	return ref, "", nil
}

// ListContactFlows returns a page of the instance's flows of the given types.
func (s *Service) ListContactFlows(ctx context.Context, p Partition, instanceID string, types []string, token string, max int) ([]*ContactFlow, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*ContactFlow, error) {
			return s.store.ListContactFlows(ctx, inst, types, pr)
		},
		func(f *ContactFlow) string { return f.ID })
}

// UpdateContactFlowContent replaces a flow's content, validating it when the
// flow is PUBLISHED.
func (s *Service) UpdateContactFlowContent(ctx context.Context, p Partition, instanceID, id, content string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	id, err = plainFlowID(inst, id)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		f, err := tx.GetContactFlow(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if err := s.checkFlowContent(content, f.Status); err != nil {
			return err
		}
		f.Content, f.LastModified = content, s.now()
		return tx.UpdateContactFlow(ctx, f)
	})
}

// UpdateContactFlowName changes a flow's name, description or both (nil
// members are kept; an empty Description clears it). Names are unique in an
// instance.
func (s *Service) UpdateContactFlowName(ctx context.Context, p Partition, instanceID, id string, name, description *string) error {
	if name == nil && description == nil {
		return Errorf(Invalid, "Give a Name, a Description or both.")
	}
	return s.UpdateContactFlowMetadata(ctx, p, instanceID, id, name, description, nil)
}

// UpdateContactFlowMetadata changes a flow's name, description, state
// (ACTIVE or ARCHIVED), or several of them; nil members are kept.
func (s *Service) UpdateContactFlowMetadata(ctx context.Context, p Partition, instanceID, id string, name, description, state *string) error {
	if name == nil && description == nil && state == nil {
		return Errorf(Invalid, "Give at least one of Name, Description and ContactFlowState.")
	}
	if state != nil && *state != FlowActive && *state != FlowArchived {
		return invalidParam("ContactFlowState must be %s or %s.", FlowActive, FlowArchived)
	}
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if id, err = plainFlowID(inst, id); err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		f, err := tx.GetContactFlow(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if name != nil {
			other, err := tx.GetContactFlowByName(ctx, inst.ID, *name)
			switch {
			case err == nil && other.ID != f.ID:
				return &Error{Kind: Duplicate, Resource: ResourceContactFlow, Message: "A flow with the name " + *name + " already exists."}
			case err != nil && !IsNotFound(err):
				return err
			}
			f.Name = *name
		}
		if description != nil {
			f.Description = *description
		}
		if state != nil {
			f.State = *state
		}
		f.LastModified = ch.now
		return tx.UpdateContactFlow(ctx, f)
	})
}

// DeleteContactFlow deletes a flow.
func (s *Service) DeleteContactFlow(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if id, err = plainFlowID(inst, id); err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error { return ch.tx.DeleteContactFlow(ctx, inst.ID, id) })
}

// plainFlowID resolves a flow ID or ARN that may not carry an alias.
func plainFlowID(inst *Instance, ref string) (string, error) {
	id, alias, err := flowRef(inst, ref)
	if err == nil && alias != "" {
		return "", notFound(ResourceContactFlow, ref)
	}
	return id, err
}

// The content of the default flows, as the Administrator Guide's "Default
// flows" pages describe them, in the Flow language connectd runs. Prompts
// are MessageParticipant actions, which have no effect on a task.

// promptFlow plays a prompt and ends: the hold, whisper, customer queue and
// outbound whisper flows, which connectd never runs for a task.
func promptFlow(text string) string {
	return `{"Version":"2019-10-30","StartAction":"prompt","Metadata":{},"Actions":[` +
		`{"Identifier":"prompt","Type":"MessageParticipant","Parameters":{"Text":` + strconv.Quote(text) + `},` +
		`"Transitions":{"NextAction":"end","Errors":[{"NextAction":"end","ErrorType":"NoMatchingError"}]}},` +
		`{"Identifier":"end","Type":"EndFlowExecution","Parameters":{},"Transitions":{}}]}`
}

// queueTransferFlow is "Default queue transfer": check the hours of the
// working queue (a QUEUE quick connect's or TransferContact's queue), in
// hours check staffing, with agents staffed transfer to the queue;
// otherwise play a prompt and disconnect.
var queueTransferFlow = `{"Version":"2019-10-30","StartAction":"hours","Metadata":{},"Actions":[` +
	`{"Identifier":"hours","Type":"CheckHoursOfOperation","Parameters":{},"Transitions":{"NextAction":"error",` +
	`"Conditions":[{"NextAction":"staffing","Condition":{"Operator":"Equals","Operands":["True"]}},` +
	`{"NextAction":"closed","Condition":{"Operator":"Equals","Operands":["False"]}}],` +
	`"Errors":[{"NextAction":"error","ErrorType":"NoMatchingError"}]}},` +
	`{"Identifier":"staffing","Type":"CheckMetricData","Parameters":{"MetricType":"NumberOfAgentsStaffed"},"Transitions":{"NextAction":"unstaffed",` +
	`"Conditions":[{"NextAction":"transfer","Condition":{"Operator":"NumberGreaterThan","Operands":["0"]}}],` +
	`"Errors":[{"NextAction":"unstaffed","ErrorType":"NoMatchingCondition"},{"NextAction":"error","ErrorType":"NoMatchingError"}]}},` +
	`{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"error",` +
	`"Errors":[{"NextAction":"full","ErrorType":"QueueAtCapacity"},{"NextAction":"error","ErrorType":"NoMatchingError"}]}},` +
	promptThenDisconnect("closed", "We are closed. Please try again during our business hours.") + `,` +
	promptThenDisconnect("unstaffed", "No agents are available to take your transfer. Please try again later.") + `,` +
	promptThenDisconnect("full", "The queue is full. Please try again later.") + `,` +
	promptThenDisconnect("error", "We could not transfer you. Please try again later.") + `,` +
	`{"Identifier":"disconnect","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

// agentTransferFlow is "Default agent transfer": "Now transferring", then
// transfer to the working queue, which a USER quick connect (or
// TransferContact's UserId) presets to the agent's queue; tasks reach agents
// through their queue, the Set working queue way the guide recommends for
// tasks.
var agentTransferFlow = `{"Version":"2019-10-30","StartAction":"prompt","Metadata":{},"Actions":[` +
	`{"Identifier":"prompt","Type":"MessageParticipant","Parameters":{"Text":"Now transferring."},` +
	`"Transitions":{"NextAction":"transfer","Errors":[{"NextAction":"transfer","ErrorType":"NoMatchingError"}]}},` +
	`{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"error",` +
	`"Errors":[{"NextAction":"error","ErrorType":"QueueAtCapacity"},{"NextAction":"error","ErrorType":"NoMatchingError"}]}},` +
	promptThenDisconnect("error", "We could not transfer you. Please try again later.") + `,` +
	`{"Identifier":"disconnect","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`

// promptThenDisconnect is an action that plays text and goes to the
// action "disconnect".
func promptThenDisconnect(id, text string) string {
	return `{"Identifier":"` + id + `","Type":"MessageParticipant","Parameters":{"Text":` + strconv.Quote(text) + `},` +
		`"Transitions":{"NextAction":"disconnect","Errors":[{"NextAction":"disconnect","ErrorType":"NoMatchingError"}]}}`
}

// inboundFlow is "Sample inbound flow (first contact experience)" for a
// task: a greeting, BasicQueue (%q, its ARN) as the working queue, and the
// transfer there.
const inboundFlow = `{"Version":"2019-10-30","StartAction":"greeting","Metadata":{},"Actions":[` +
	`{"Identifier":"greeting","Type":"MessageParticipant","Parameters":{"Text":"Thank you for contacting us."},` +
	`"Transitions":{"NextAction":"set-queue","Errors":[{"NextAction":"set-queue","ErrorType":"NoMatchingError"}]}},` +
	`{"Identifier":"set-queue","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":%q},` +
	`"Transitions":{"NextAction":"transfer","Errors":[{"NextAction":"disconnect","ErrorType":"NoMatchingError"}]}},` +
	`{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},` +
	`"Transitions":{"NextAction":"disconnect","Errors":[{"NextAction":"disconnect","ErrorType":"QueueAtCapacity"},` +
	`{"NextAction":"disconnect","ErrorType":"NoMatchingError"}]}},` +
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
// A content with %q takes BasicQueue's ARN.
var defaultFlows = []struct{ name, typ, content string }{
	{"Default agent hold", "AGENT_HOLD", promptFlow("Hold music plays to the agent.")},
	{"Default agent whisper", "AGENT_WHISPER", promptFlow("The queue name is whispered to the agent.")},
	{"Default customer hold", "CUSTOMER_HOLD", promptFlow("Hold music plays to the customer.")},
	{"Default customer queue", "CUSTOMER_QUEUE", promptFlow("Thank you for calling. Your call is very important to us and will be answered in the order it was received.")},
	{"Default customer whisper", "CUSTOMER_WHISPER", promptFlow("The customer is connected to the agent.")},
	{"Default outbound", "OUTBOUND_WHISPER", promptFlow("The agent is connected to the customer.")},
	{"Default agent transfer", "AGENT_TRANSFER", agentTransferFlow},
	{"Default queue transfer", "QUEUE_TRANSFER", queueTransferFlow},
	{"Sample inbound flow (first contact experience)", "CONTACT_FLOW", inboundFlow},
}
