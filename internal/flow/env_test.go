package flow

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"connectd/internal/connect"
)

// Fixtures shared by the engine tests: one instance with a few queues,
// hours, agents and flows, named the way console exports name them.
const (
	instanceID      = "6b1e2f3a-0c4d-4e5f-8a9b-0c1d2e3f4a5b"
	testInstanceARN = "arn:aws:connect:us-east-1:111122223333:instance/" + instanceID

	billingQueue  = "9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b5a" // 24/7, no capacity limit
	fullQueue     = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d" // MaxContacts 2, holding 2
	disabledQueue = "0c0c0c0c-1d1d-4e2e-8f3f-4a4a4a4a4a4a"
	officeQueue   = "7e6d5c4b-3a29-4180-9f8e-7d6c5b4a3928" // New York office hours
	janeUser      = "3f2e1d0c-9b8a-4796-a5b4-c3d2e1f0a9b8"
	janeQueue     = "agent-queue-jane"
	allDayHours   = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" // 24/7 UTC
	officeHours   = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e" // Mon-Fri 09:00-17:00 New York
	followUpFlow  = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0" // published
	savedFlow     = "5e5e5e5e-6f6f-4a7a-8b8b-9c9c9c9c9c9c" // SAVED only
	contactID     = "c0ffee00-1111-4222-8333-444455556666"
	tagModule     = "4d4d4d4d-5e5e-4f6f-8a7a-9b8b9b8b9b8b" // sets via=module, then returns
)

func arn(sub, id string) string { return testInstanceARN + "/" + sub + "/" + id }

// fakeEnv is an in-memory connect.FlowEnv. Lookups accept an ID or an ARN.
// fail, when set, injects a store error for the named method.
type fakeEnv struct {
	now      time.Time
	queues   map[string]*connect.Queue
	agents   map[string]*connect.Queue // user ID → personal queue
	sizes    map[string]int
	staffing map[string][2]int // queue ID → available, staffed
	hours    map[string]*connect.HoursOfOperation
	flows    map[string]*connect.ContactFlow
	modules  map[string]*connect.ContactFlowModule
	percents []int // Percent returns these in turn, then 0
	created  []connect.StartTaskInput
	refuse   error // CreateTask's refusal, when set
	fail     map[string]error
}

var errStore = errors.New("disk I/O error")

func notFound(what, ref string) error {
	return &connect.Error{Kind: connect.NotFound, Message: what + " not found: " + ref}
}

// lastPart returns the ID an ID or ARN names.
func lastPart(ref string) string {
	return ref[strings.LastIndexByte(ref, '/')+1:]
}

func (e *fakeEnv) Now() time.Time { return e.now }

func (e *fakeEnv) Queue(_ context.Context, ref string) (*connect.Queue, error) {
	if err := e.fail["Queue"]; err != nil {
		return nil, err
	}
	if q, ok := e.queues[lastPart(ref)]; ok {
		c := *q
		return &c, nil
	}
	return nil, notFound("Queue", ref)
}

func (e *fakeEnv) AgentQueue(_ context.Context, ref string) (*connect.Queue, error) {
	if err := e.fail["AgentQueue"]; err != nil {
		return nil, err
	}
	if q, ok := e.agents[lastPart(ref)]; ok {
		c := *q
		return &c, nil
	}
	return nil, notFound("User", ref)
}

func (e *fakeEnv) QueueStaffing(_ context.Context, id string) (int, int, error) {
	if err := e.fail["QueueStaffing"]; err != nil {
		return 0, 0, err
	}
	return e.staffing[id][0], e.staffing[id][1], nil
}

func (e *fakeEnv) QueueSize(_ context.Context, id string) (int, error) {
	if err := e.fail["QueueSize"]; err != nil {
		return 0, err
	}
	return e.sizes[id], nil
}

func (e *fakeEnv) HoursOfOperation(_ context.Context, ref string) (*connect.HoursOfOperation, error) {
	if err := e.fail["HoursOfOperation"]; err != nil {
		return nil, err
	}
	if h, ok := e.hours[lastPart(ref)]; ok {
		return h, nil
	}
	return nil, notFound("Hours of operation", ref)
}

func (e *fakeEnv) Flow(_ context.Context, ref string) (*connect.ContactFlow, error) {
	if err := e.fail["Flow"]; err != nil {
		return nil, err
	}
	if f, ok := e.flows[lastPart(ref)]; ok {
		return f, nil
	}
	return nil, notFound("Contact flow", ref)
}

func (e *fakeEnv) FlowModule(_ context.Context, ref string) (*connect.ContactFlowModule, error) {
	if err := e.fail["FlowModule"]; err != nil {
		return nil, err
	}
	if m, ok := e.modules[lastPart(ref)]; ok {
		return m, nil
	}
	return nil, notFound("Flow module", ref)
}

func (e *fakeEnv) CreateTask(_ context.Context, in connect.StartTaskInput) (string, error) {
	if err := e.fail["CreateTask"]; err != nil {
		return "", err
	}
	if e.refuse != nil {
		return "", e.refuse
	}
	e.created = append(e.created, in)
	return fmt.Sprintf("task-%d", len(e.created)), nil
}

func (e *fakeEnv) Percent() int {
	if len(e.percents) == 0 {
		return 0
	}
	p := e.percents[0]
	e.percents = e.percents[1:]
	return p
}

// monday10am is 10:00 on a Monday in New York (14:00 UTC, EDT).
var monday10am = time.Date(2026, time.June, 1, 14, 0, 0, 0, time.UTC)

func weekdays9to5(days ...string) []connect.HoursConfig {
	var cs []connect.HoursConfig
	for _, d := range days {
		cs = append(cs, connect.HoursConfig{Day: d, StartHours: 9, EndHours: 17})
	}
	return cs
}

// newEnv returns the fixture environment at monday10am.
func newEnv() *fakeEnv {
	max2 := int32(2)
	queue := func(id, name, hours string) *connect.Queue {
		return &connect.Queue{ID: id, ARN: arn("queue", id), InstanceID: instanceID, Name: name,
			Type: "STANDARD", Status: "ENABLED", HoursOfOperationID: hours}
	}
	e := &fakeEnv{
		now: monday10am,
		queues: map[string]*connect.Queue{
			billingQueue:  queue(billingQueue, "Billing", allDayHours),
			fullQueue:     queue(fullQueue, "Escalations", allDayHours),
			disabledQueue: queue(disabledQueue, "Legacy", allDayHours),
			officeQueue:   queue(officeQueue, "Office", officeHours),
			janeQueue:     {ID: janeQueue, ARN: arn("queue", janeQueue), InstanceID: instanceID, Name: "jane", Type: "AGENT", Status: "ENABLED"},
		},
		sizes: map[string]int{fullQueue: 2},
		hours: map[string]*connect.HoursOfOperation{
			allDayHours: {ID: allDayHours, ARN: arn("operating-hours", allDayHours), Name: "Basic Hours", TimeZone: "UTC",
				Config: []connect.HoursConfig{{Day: "SUNDAY"}, {Day: "MONDAY"}, {Day: "TUESDAY"}, {Day: "WEDNESDAY"},
					{Day: "THURSDAY"}, {Day: "FRIDAY"}, {Day: "SATURDAY"}}},
			officeHours: {ID: officeHours, ARN: arn("operating-hours", officeHours), Name: "Office", TimeZone: "America/New_York",
				Config: weekdays9to5("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")},
		},
		flows: map[string]*connect.ContactFlow{
			followUpFlow: {ID: followUpFlow, ARN: arn("contact-flow", followUpFlow), Name: "Follow-up", Type: "CONTACT_FLOW",
				Status: connect.FlowPublished, Content: flowJSON(LanguageVersion, "sub-attrs",
					`{"Identifier":"sub-attrs","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"via":"follow-up"}},"Transitions":{"NextAction":"sub-end"}}`,
					`{"Identifier":"sub-end","Type":"EndFlowExecution","Parameters":{},"Transitions":{}}`)},
			savedFlow: {ID: savedFlow, ARN: arn("contact-flow", savedFlow), Name: "Draft", Type: "CONTACT_FLOW",
				Status: connect.FlowSaved, Content: flowJSON(LanguageVersion, "x", `{"Identifier":"x","Type":"EndFlowExecution"}`)},
		},
	}
	e.modules = map[string]*connect.ContactFlowModule{
		tagModule: {ID: tagModule, ARN: arn("flow-module", tagModule), InstanceID: instanceID, Name: "Tagging",
			State: connect.FlowActive, Status: connect.FlowPublished, Content: flowJSON(LanguageVersion, "mod-attrs",
				`{"Identifier":"mod-attrs","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"via":"module"}},"Transitions":{"NextAction":"mod-end"}}`,
				`{"Identifier":"mod-end","Type":"EndFlowModuleExecution","Parameters":{},"Transitions":{}}`)},
	}
	e.queues[fullQueue].MaxContacts = &max2
	e.queues[disabledQueue].Status = "DISABLED"
	e.agents = map[string]*connect.Queue{janeUser: e.queues[janeQueue]}
	return e
}

// newRun returns a run for a fresh API task contact.
func newRun() *connect.FlowRun {
	return &connect.FlowRun{
		Contact: &connect.Contact{
			ID: contactID, ARN: arn("contact", contactID), InstanceID: instanceID, InitialContactID: contactID,
			Channel: connect.ChannelTask, InitiationMethod: connect.InitiationMethodAPI,
			Name: "Refund order 1234", Description: "Customer asks for a refund",
			References:    map[string]connect.Reference{"order": {Type: connect.RefURL, Value: "https://shop.example.com/orders/1234"}},
			Tags:          map[string]string{"team": "billing"},
			QueuePriority: connect.DefaultQueuePriority,
		},
		Attributes: map[string]string{"tier": "gold", "amount": "120.50"},
	}
}

// runContent runs content (which must compile) as flow "Main".
func runContent(t *testing.T, env *fakeEnv, run *connect.FlowRun, content string) {
	t.Helper()
	if _, err := Compile(content); err != nil {
		t.Fatalf("test flow does not compile: %v", err)
	}
	f := &connect.ContactFlow{ID: "main-flow", ARN: arn("contact-flow", "main-flow"), Name: "Main",
		Type: "CONTACT_FLOW", Status: connect.FlowPublished, Content: content}
	if err := NewRunner(RunnerConfig{}).RunFlow(context.Background(), f, run, env); err != nil {
		t.Fatalf("RunFlow: %v", err)
	}
}

// trace renders a run's log as "action branch" lines; failures add their
// error in brackets.
func trace(run *connect.FlowRun) []string {
	var lines []string
	for _, e := range run.Log {
		l := e.ActionID + " " + e.Branch
		if e.Error != "" {
			l += " [" + e.Error + "]"
		}
		lines = append(lines, l)
	}
	return lines
}

// branches is trace without the errors.
func branches(run *connect.FlowRun) []string {
	var lines []string
	for _, e := range run.Log {
		lines = append(lines, e.ActionID+" "+e.Branch)
	}
	return lines
}
