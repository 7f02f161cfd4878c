package flow

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

func TestRunFlowLog(t *testing.T) {
	t.Parallel()
	env, run := newEnv(), newRun()
	runContent(t, env, run, flowOf(
		act("a", "UpdateContactAttributes", `{"Attributes":{"who":"$.Name","n":3},"TargetContact":"Current"}`, `{"NextAction":"b"}`),
		act("b", "UnTagContact", `{"TagKeys":["team"]}`, `{"NextAction":"c"}`),
		act("c", "InvokeLambdaFunction", `{"LambdaFunctionARN":"arn:aws:lambda:us-east-1:111122223333:function:f"}`,
			`{"NextAction":"done","Errors":[{"NextAction":"failed","ErrorType":"NoMatchingError"}]}`)))
	want := []connect.FlowLogEntry{
		{Timestamp: monday10am, ContactFlowID: "main-flow", ContactFlowName: "Main", ActionID: "a", ActionType: "UpdateContactAttributes",
			Parameters: map[string]string{"Attributes.who": "Refund order 1234", "Attributes.n": "3", "TargetContact": "Current"},
			Branch:     "NextAction", NextAction: "b"},
		{Timestamp: monday10am, ContactFlowID: "main-flow", ContactFlowName: "Main", ActionID: "b", ActionType: "UnTagContact",
			Parameters: map[string]string{"TagKeys.0": "team"}, Branch: "NextAction", NextAction: "c"},
		{Timestamp: monday10am, ContactFlowID: "main-flow", ContactFlowName: "Main", ActionID: "c", ActionType: "InvokeLambdaFunction",
			Parameters: map[string]string{"LambdaFunctionARN": "arn:aws:lambda:us-east-1:111122223333:function:f"},
			Branch:     "Error:NoMatchingError", NextAction: "failed", Error: "connectd does not implement the InvokeLambdaFunction action"},
		{Timestamp: monday10am, ContactFlowID: "main-flow", ContactFlowName: "Main", ActionID: "failed", ActionType: "EndFlowExecution",
			Branch: "End"},
	}
	if diff := cmp.Diff(want, run.Log); diff != "" {
		t.Errorf("Log (-want +got):\n%s", diff)
	}
}

func TestRunFlowInvalidContent(t *testing.T) {
	t.Parallel()
	env, run := newEnv(), newRun()
	f := &connect.ContactFlow{ID: "draft", Name: "Draft", Status: connect.FlowSaved,
		Content: flowJSON(LanguageVersion, "a", act("a", "PlayPrompt", "", toDone))}
	if err := (&Runner{}).RunFlow(context.Background(), f, run, env); err != nil {
		t.Fatal(err)
	}
	want := []connect.FlowLogEntry{{Timestamp: monday10am, ContactFlowID: "draft", ContactFlowName: "Draft", Branch: "End",
		Error: "flow content is not valid: Action 'a' has unknown Type 'PlayPrompt'; Action 'a' transitions to unknown action 'done'"}}
	if diff := cmp.Diff(want, run.Log); diff != "" {
		t.Errorf("Log (-want +got):\n%s", diff)
	}
	if run.Outcome != connect.FlowEnded {
		t.Errorf("Outcome = %s", run.Outcome)
	}
}

func TestRunFlowGuards(t *testing.T) {
	t.Parallel()
	// Two actions that send the contact back and forth for ever.
	pingPong := flowJSON(LanguageVersion, "ping",
		act("ping", "UpdateContactAttributes", `{"Attributes":{"at":"ping"}}`, `{"NextAction":"pong"}`),
		act("pong", "UpdateContactAttributes", `{"Attributes":{"at":"pong"}}`, `{"NextAction":"ping"}`))
	// A flow that transfers to itself.
	const selfID = "9a9a9a9a-8b8b-4c7c-9d6d-5e5e5e5e5e5e"
	self := flowJSON(LanguageVersion, "again", act("again", "TransferToFlow", `{"ContactFlowId":"`+selfID+`"}`, ""))

	tests := []struct {
		name    string
		cfg     RunnerConfig
		content string
		entries int
		last    string
	}{
		{"default action bound", RunnerConfig{}, pingPong, DefaultMaxActions + 1,
			"ping End [not run: the run reached its limit of 1000 actions]"},
		{"configured action bound", RunnerConfig{MaxActions: 5}, pingPong, 6,
			"pong End [not run: the run reached its limit of 5 actions]"},
		{"default transfer bound", RunnerConfig{}, self, DefaultMaxFlowTransfers + 1,
			"again End [NoMatchingError: the run reached its limit of 10 transfers to another flow]"},
		{"configured transfer bound", RunnerConfig{MaxFlowTransfers: 2}, self, 3,
			"again End [NoMatchingError: the run reached its limit of 2 transfers to another flow]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env, run := newEnv(), newRun()
			env.flows[selfID] = &connect.ContactFlow{ID: selfID, Name: "Self", Status: connect.FlowPublished, Content: self}
			f := &connect.ContactFlow{ID: "main-flow", Name: "Main", Status: connect.FlowPublished, Content: tt.content}
			if err := NewRunner(tt.cfg).RunFlow(context.Background(), f, run, env); err != nil {
				t.Fatal(err)
			}
			got := trace(run)
			if len(got) != tt.entries || got[len(got)-1] != tt.last {
				t.Errorf("%d entries ending %q; want %d ending %q", len(got), got[len(got)-1], tt.entries, tt.last)
			}
			if run.Outcome != connect.FlowEnded {
				t.Errorf("Outcome = %s", run.Outcome)
			}
		})
	}
}

func TestNewRunnerRefusesNegativeBounds(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("NewRunner with a negative bound did not panic")
		}
	}()
	NewRunner(RunnerConfig{MaxActions: -1})
}

// TestRunFlowEnvFailures checks that a store failure anywhere ends RunFlow
// with that error, while refusals are the flow's business.
func TestRunFlowEnvFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		method string
		setup  func(*connect.FlowRun)
		action string
	}{
		{"Queue", nil, act("a", "UpdateContactTargetQueue", `{"QueueId":"`+billingQueue+`"}`, toDoneOrFail)},
		{"Queue", func(r *connect.FlowRun) { r.TargetQueueID = billingQueue },
			act("a", "UpdateContactAttributes", `{"Attributes":{"q":"$.Queue.Name"}}`, toDoneOrFail)},
		{"Queue", func(r *connect.FlowRun) { r.TargetQueueID = billingQueue }, act("a", "TransferContactToQueue", ``, toDoneOrFail)},
		{"AgentQueue", nil, act("a", "UpdateContactTargetQueue", `{"AgentId":"`+janeUser+`"}`, toDoneOrFail)},
		{"QueueSize", func(r *connect.FlowRun) { r.TargetQueueID = fullQueue }, act("a", "TransferContactToQueue", ``, toDoneOrFail)},
		{"HoursOfOperation", nil, act("a", "CheckHoursOfOperation", `{"HoursOfOperationId":"`+officeHours+`"}`, hoursTransitions)},
		{"Flow", nil, act("a", "TransferToFlow", `{"ContactFlowId":"`+followUpFlow+`"}`, toDoneOrFail)},
		{"Flow", nil, act("a", "CreateTask", `{"Name":"x","ContactFlowId":"`+followUpFlow+`"}`, toDoneOrFail)},
		{"CreateTask", nil, act("a", "CreateTask", `{"Name":"x","ContactFlowId":"`+followUpFlow+`"}`, toDoneOrFail)},
	}
	for _, tt := range tests {
		t.Run(tt.method+"/"+tt.action[:40], func(t *testing.T) {
			t.Parallel()
			env, run := newEnv(), newRun()
			if tt.setup != nil {
				tt.setup(run)
			}
			env.fail = map[string]error{tt.method: errStore}
			content := flowOf(append([]string{tt.action}, branchTargets...)...)
			f := &connect.ContactFlow{ID: "main-flow", Name: "Main", Status: connect.FlowPublished, Content: content}
			err := NewRunner(RunnerConfig{}).RunFlow(context.Background(), f, run, env)
			if !errors.Is(err, errStore) {
				t.Errorf("RunFlow = %v, want the store error", err)
			}
		})
	}

	t.Run("context canceled", func(t *testing.T) {
		t.Parallel()
		env, run := newEnv(), newRun()
		env.fail = map[string]error{"Queue": context.Canceled}
		content := flowOf(act("a", "UpdateContactTargetQueue", `{"QueueId":"`+billingQueue+`"}`, toDoneOrFail))
		f := &connect.ContactFlow{ID: "main-flow", Name: "Main", Status: connect.FlowPublished, Content: content}
		if err := (&Runner{}).RunFlow(context.Background(), f, run, env); !errors.Is(err, context.Canceled) {
			t.Errorf("RunFlow = %v, want context.Canceled", err)
		}
	})
}

// TestRunFlowDoesNotShareMaps checks that the engine replaces, rather than
// changes, the maps the caller gave it: a run the caller discards leaves its
// data as it was.
func TestRunFlowDoesNotShareMaps(t *testing.T) {
	t.Parallel()
	env, run := newEnv(), newRun()
	attrs, tags, refs := run.Attributes, run.Contact.Tags, run.Contact.References
	runContent(t, env, run, flowOf(
		act("a", "UpdateContactAttributes", `{"Attributes":{"k":"v"}}`, `{"NextAction":"b"}`),
		act("b", "TagContact", `{"Tags":{"t":"v"}}`, `{"NextAction":"c"}`),
		act("c", "UpdateContactData", `{"References":{"r":{"Type":"STRING","Value":"v"}}}`, toDone)))
	if len(attrs) != 2 || len(tags) != 1 || len(refs) != 1 {
		t.Errorf("caller's maps changed: %v %v %v", attrs, tags, refs)
	}
	if run.Attributes["k"] != "v" || run.Contact.Tags["t"] != "v" || run.Contact.References["r"].Value != "v" {
		t.Errorf("run not updated: %v %v %v", run.Attributes, run.Contact.Tags, run.Contact.References)
	}
}

func TestRunFlowNilAttributes(t *testing.T) {
	t.Parallel()
	env, run := newEnv(), newRun()
	run.Attributes, run.Contact.Tags, run.Contact.References = nil, nil, nil
	runContent(t, env, run, flowOf(
		act("a", "Compare", `{"ComparisonValue":"$.Attributes.x$.Tags.y$.References.z.Value"}`,
			`{"NextAction":"b","Conditions":[{"NextAction":"b","Condition":{"Operator":"Equals","Operands":[""]}}]}`),
		act("b", "UnTagContact", `{"TagKeys":["x"]}`, `{"NextAction":"c"}`),
		act("c", "UpdateContactAttributes", `{"Attributes":{"k":"v"}}`, toDone)))
	if diff := cmp.Diff([]string{"a Condition:Equals ", "b NextAction", "c NextAction", "done End"}, trace(run)); diff != "" {
		t.Errorf("trace (-want +got):\n%s", diff)
	}
	if run.Attributes["k"] != "v" {
		t.Errorf("Attributes = %v", run.Attributes)
	}
}

func TestSupportedTypes(t *testing.T) {
	t.Parallel()
	got := SupportedTypes()
	if !strings.Contains(strings.Join(got, ","), "CheckHoursOfOperation,CheckMetricData,Compare,CreateTask") {
		t.Errorf("SupportedTypes() = %v, want sorted", got)
	}
}

func TestHolds(t *testing.T) {
	t.Parallel()
	cond := func(op, operand string) Condition {
		return Condition{Operator: op, Operands: []Operand{{Value: operand}}}
	}
	tests := []struct {
		c      Condition
		result string
		want   bool
	}{
		{cond("Equals", "Gold"), "Gold", true},
		{cond("Equals", "Gold"), "gold", false}, // case-sensitive
		{cond("TextStartsWith", "Ref"), "Refund", true},
		{cond("TextStartsWith", "ref"), "Refund", false},
		{cond("TextEndsWith", "und"), "Refund", true},
		{cond("TextEndsWith", "Ref"), "Refund", false},
		{cond("TextContains", "fun"), "Refund", true},
		{cond("TextContains", "x"), "Refund", false},
		{cond("NumberGreaterThan", "10"), "10.5", true},
		{cond("NumberGreaterThan", "10"), "10", false},
		{cond("NumberGreaterOrEqualTo", "10"), "10", true},
		{cond("NumberLessThan", "10"), "9.99", true},
		{cond("NumberLessThan", "10"), "1e2", false},
		{cond("NumberLessOrEqualTo", "-1"), "-1", true},
		{cond("NumberLessOrEqualTo", "-1"), "0", false},
		{cond("NumberLessThan", "10"), "", false},
		{cond("NumberLessThan", "10"), "NaN", false},
		{cond("NumberLessThan", "10"), "0x1", false},
		{cond("NumberGreaterThan", "abc"), "5", false},
		{cond("Matches", "x"), "x", false},
		{Condition{Operator: "Equals"}, "", false},
		{Condition{Operator: "Equals", Operands: []Operand{{Condition: &Condition{}}}}, "", false},
	}
	for _, tt := range tests {
		if got := holds(tt.c, tt.result); got != tt.want {
			t.Errorf("holds(%s %v, %q) = %v, want %v", tt.c.Operator, tt.c.Operands, tt.result, got, tt.want)
		}
	}
}

func TestRunFlowRefusesMissingInputs(t *testing.T) {
	t.Parallel()
	f := &connect.ContactFlow{ID: "f", Content: flowOf(act("a", "EndFlowExecution", "", ""))}
	r := &Runner{}
	for name, err := range map[string]error{
		"flow":    r.RunFlow(context.Background(), nil, newRun(), newEnv()),
		"run":     r.RunFlow(context.Background(), f, nil, newEnv()),
		"contact": r.RunFlow(context.Background(), f, &connect.FlowRun{}, newEnv()),
		"env":     r.RunFlow(context.Background(), f, newRun(), nil),
	} {
		if err == nil {
			t.Errorf("RunFlow without a %s = nil, want an error", name)
		}
	}
}

// TestQueueRefs: the queues a flow names as written, each once, in document
// order; a QueueId read from the contact, an agent's queue and a flow that
// does not compile name none.
func TestQueueRefs(t *testing.T) {
	t.Parallel()
	arn := "arn:aws:connect:us-east-1:000000000000:instance/i-1/queue/" + billingQueue
	content := flowOf(
		act("a", "UpdateContactTargetQueue", `{"QueueId":"`+arn+`"}`, `{"NextAction":"b"}`),
		act("b", "UpdateContactTargetQueue", `{"QueueId":"$.Attributes.queue"}`, `{"NextAction":"c"}`),
		act("c", "UpdateContactTargetQueue", `{"AgentId":"`+janeUser+`"}`, `{"NextAction":"d"}`),
		act("d", "UpdateContactTargetQueue", `{"QueueId":"`+arn+`"}`, `{"NextAction":"e"}`),
		act("e", "UpdateContactTargetQueue", `{"QueueId":"other-queue"}`, toDone))
	r := NewRunner(RunnerConfig{})
	got := r.QueueRefs(&connect.ContactFlow{Content: content})
	if want := []string{arn, "other-queue"}; !slices.Equal(got, want) {
		t.Errorf("QueueRefs = %q, want %q", got, want)
	}
	if got := r.QueueRefs(&connect.ContactFlow{Content: `{"Version":"nope"}`}); got != nil {
		t.Errorf("QueueRefs(invalid content) = %q, want none", got)
	}
}
