package flow

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// flowJSON returns Flow language content with the given header and actions
// (each a JSON object).
func flowJSON(version, start string, actions ...string) string {
	return `{"Version":"` + version + `","StartAction":"` + start + `","Metadata":{},"Actions":[` +
		strings.Join(actions, ",") + `]}`
}

const disconnect = `{"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}`

func messages(ps []connect.Problem) []string {
	var ms []string
	for _, p := range ps {
		ms = append(ms, p.Message)
	}
	return ms
}

func TestValidate(t *testing.T) {
	long := strings.Repeat("x", 51)
	tests := []struct {
		name    string
		content string
		want    []string
	}{
		{"valid", flowJSON(LanguageVersion, "end", disconnect), nil},

		// Header.
		{"Version missing", `{"StartAction":"end","Actions":[` + disconnect + `]}`, []string{"Version is missing"}},
		{"Version wrong", flowJSON("2019-10-31", "end", disconnect), []string{`Version '2019-10-31' is not supported; use "2019-10-30"`}},
		{"StartAction missing", flowJSON(LanguageVersion, "", disconnect), []string{"StartAction is missing"}},
		{"StartAction unknown", flowJSON(LanguageVersion, "begin", disconnect), []string{"StartAction 'begin' names no action"}},
		{"Actions empty", flowJSON(LanguageVersion, "end"), []string{"Actions is empty"}},
		{"Actions absent", `{"Version":"2019-10-30"}`, []string{"StartAction is missing", "Actions is empty"}},

		// Identifiers.
		{"Identifier missing", flowJSON(LanguageVersion, "end", disconnect, `{"Type":"EndFlowExecution"}`),
			[]string{"Action at /Actions/1 has no Identifier"}},
		{"Identifier duplicate", flowJSON(LanguageVersion, "end", disconnect, disconnect, disconnect),
			[]string{"Action Identifier 'end' is used more than once"}},
		{"Identifier too long", flowJSON(LanguageVersion, long, `{"Identifier":"`+long+`","Type":"EndFlowExecution"}`),
			[]string{"Action Identifier '" + long + "' is longer than 50 characters"}},
		{"Identifier 50 runes", flowJSON(LanguageVersion, strings.Repeat("é", 50), `{"Identifier":"`+strings.Repeat("é", 50)+`","Type":"EndFlowExecution"}`), nil},
		{"Identifier forbidden char", flowJSON(LanguageVersion, "a:b", `{"Identifier":"a:b","Type":"EndFlowExecution"}`),
			[]string{`Action Identifier 'a:b' contains a character out of %:(\/)=$,;[]{}`}},
		{"Identifier reserved", flowJSON(LanguageVersion, "constructor", `{"Identifier":"constructor","Type":"EndFlowExecution"}`),
			[]string{"Action Identifier 'constructor' is reserved"}},
		{"Identifier with spaces and unicode", flowJSON(LanguageVersion, "Set queue – 1", `{"Identifier":"Set queue – 1","Type":"EndFlowExecution"}`), nil},

		// Types.
		{"Type missing", flowJSON(LanguageVersion, "a", `{"Identifier":"a","Transitions":{"NextAction":"end"}}`, disconnect),
			[]string{"Action 'a' has no Type"}},
		{"Type unknown", flowJSON(LanguageVersion, "a", `{"Identifier":"a","Type":"PlayPrompt","Transitions":{"NextAction":"end"}}`, disconnect),
			[]string{"Action 'a' has unknown Type 'PlayPrompt'"}},
		{"Type case matters", flowJSON(LanguageVersion, "a", `{"Identifier":"a","Type":"comparE","Transitions":{"NextAction":"end"}}`, disconnect),
			[]string{"Action 'a' has unknown Type 'comparE'"}},

		// Transitions.
		{"NextAction unknown", flowJSON(LanguageVersion, "abc", `{"Identifier":"abc","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"k":"v"}},"Transitions":{"NextAction":"xyz"}}`, disconnect),
			[]string{"Action 'abc' transitions to unknown action 'xyz'"}},
		{"condition target unknown", flowJSON(LanguageVersion, "abc", `{"Identifier":"abc","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end",
			"Conditions":[{"NextAction":"xyz","Condition":{"Operator":"Equals","Operands":["1"]}}]}}`, disconnect),
			[]string{"Action 'abc' transitions to unknown action 'xyz'"}},
		{"error target unknown", flowJSON(LanguageVersion, "abc", `{"Identifier":"abc","Type":"InvokeLambdaFunction","Transitions":{"NextAction":"end",
			"Errors":[{"NextAction":"xyz","ErrorType":"NoMatchingError"}]}}`, disconnect),
			[]string{"Action 'abc' transitions to unknown action 'xyz'"}},
		{"unknown target reported once per action", flowJSON(LanguageVersion, "abc", `{"Identifier":"abc","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"xyz",
			"Conditions":[{"NextAction":"xyz","Condition":{"Operator":"Equals","Operands":["1"]}}],
			"Errors":[{"NextAction":"xyz","ErrorType":"NoMatchingCondition"},{"NextAction":"zzz","ErrorType":"NoMatchingError"}]}}`, disconnect),
			[]string{"Action 'abc' transitions to unknown action 'xyz'", "Action 'abc' transitions to unknown action 'zzz'"}},
		{"self loop", flowJSON(LanguageVersion, "loop", `{"Identifier":"loop","Type":"Loop","Parameters":{"LoopCount":"3"},"Transitions":{"NextAction":"end",
			"Conditions":[{"NextAction":"loop","Condition":{"Operator":"Equals","Operands":["ContinueLooping"]}}]}}`, disconnect), nil},
		{"condition without NextAction", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end",
			"Conditions":[{"Condition":{"Operator":"Equals","Operands":["1"]}}]}}`, disconnect),
			[]string{"Action 'c' has a condition without NextAction"}},
		{"error without NextAction or ErrorType", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"TagContact","Parameters":{"Tags":{"k":"v"}},"Transitions":{"NextAction":"end",
			"Errors":[{}]}}`, disconnect),
			[]string{"Action 'c' has an error branch without NextAction", "Action 'c' has an error branch without ErrorType"}},
		{"no transitions", flowJSON(LanguageVersion, "a", `{"Identifier":"a","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"k":"v"}},"Transitions":{}}`),
			[]string{"Action 'a' has no transitions"}},
		{"only error transitions", flowJSON(LanguageVersion, "a", `{"Identifier":"a","Type":"UpdateContactTargetQueue","Transitions":{"Errors":[{"NextAction":"end","ErrorType":"NoMatchingError"}]}}`, disconnect), nil},
		{"only condition transitions", flowJSON(LanguageVersion, "a", `{"Identifier":"a","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"Conditions":[{"NextAction":"end","Condition":{"Operator":"Equals","Operands":["x"]}}]}}`, disconnect), nil},
		{"terminal and transfer actions need no transitions", flowJSON(LanguageVersion, "a",
			`{"Identifier":"a","Type":"EndFlowExecution"}`,
			`{"Identifier":"b","Type":"DisconnectParticipant","Transitions":{}}`,
			`{"Identifier":"c","Type":"TransferContactToQueue","Transitions":{}}`,
			`{"Identifier":"d","Type":"TransferToFlow","Parameters":{"ContactFlowId":"f"},"Transitions":{}}`,
			`{"Identifier":"e","Type":"TransferContactToAgent","Transitions":{}}`,
			`{"Identifier":"f","Type":"EndFlowModuleExecution"}`,
			`{"Identifier":"g","Type":"DequeueContactAndTransferToQueue"}`,
			`{"Identifier":"h","Type":"TransferParticipantToThirdParty"}`), nil},
		{"unknown type is not also reported for missing transitions", flowJSON(LanguageVersion, "a", `{"Identifier":"a","Type":"Nope"}`),
			[]string{"Action 'a' has unknown Type 'Nope'"}},
		{"unreachable action is fine", flowJSON(LanguageVersion, "end", disconnect, `{"Identifier":"island","Type":"EndFlowExecution"}`), nil},

		// Conditions.
		{"all documented operators", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end","Conditions":[
			{"NextAction":"end","Condition":{"Operator":"Equals","Operands":["a"]}},
			{"NextAction":"end","Condition":{"Operator":"TextStartsWith","Operands":["a"]}},
			{"NextAction":"end","Condition":{"Operator":"TextEndsWith","Operands":["a"]}},
			{"NextAction":"end","Condition":{"Operator":"TextContains","Operands":["a"]}},
			{"NextAction":"end","Condition":{"Operator":"NumberGreaterThan","Operands":["1"]}},
			{"NextAction":"end","Condition":{"Operator":"NumberGreaterOrEqualTo","Operands":["1"]}},
			{"NextAction":"end","Condition":{"Operator":"NumberLessThan","Operands":["1"]}},
			{"NextAction":"end","Condition":{"Operator":"NumberLessOrEqualTo","Operands":["1"]}}]}}`, disconnect), nil},
		{"Operator missing", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end",
			"Conditions":[{"NextAction":"end","Condition":{"Operands":["1"]}}]}}`, disconnect),
			[]string{"Action 'c' has a condition without Operator"}},
		{"Condition missing", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end",
			"Conditions":[{"NextAction":"end"}]}}`, disconnect),
			[]string{"Action 'c' has a condition without Operator"}},
		{"Operator unknown", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end",
			"Conditions":[{"NextAction":"end","Condition":{"Operator":"Matches","Operands":["1"]}}]}}`, disconnect),
			[]string{"Action 'c' has a condition with unknown Operator 'Matches'"}},
		{"no operands", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end",
			"Conditions":[{"NextAction":"end","Condition":{"Operator":"Equals","Operands":[]}}]}}`, disconnect),
			[]string{"Action 'c' has a condition whose Operator Equals does not take exactly one string operand"}},
		{"two operands", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end",
			"Conditions":[{"NextAction":"end","Condition":{"Operator":"TextContains","Operands":["a","b"]}}]}}`, disconnect),
			[]string{"Action 'c' has a condition whose Operator TextContains does not take exactly one string operand"}},
		{"nested operand", flowJSON(LanguageVersion, "c", `{"Identifier":"c","Type":"Compare","Parameters":{"ComparisonValue":"$.Channel"},"Transitions":{"NextAction":"end",
			"Conditions":[{"NextAction":"end","Condition":{"Operator":"Equals","Operands":[{"Operator":"Equals","Operands":["a"]}]}}]}}`, disconnect),
			[]string{"Action 'c' has a condition whose Operator Equals does not take exactly one string operand"}},

		// Messages stay short.
		{"long values are cut", flowJSON(LanguageVersion, "end", disconnect, `{"Identifier":"a","Type":"`+strings.Repeat("T", 100)+`"}`),
			[]string{"Action 'a' has unknown Type '" + strings.Repeat("T", 60) + "…'"}},

		// Several problems come in document order.
		{"bad-header.json", readTestdata(t, "invalid/bad-header.json"), []string{
			`Version '2020-01-01' is not supported; use "2019-10-30"`,
			"StartAction 'nowhere' names no action",
			"Action 'a' has unknown Type 'PlayPrompt'",
			"Action 'b' has no transitions",
			"Action 'b': parameter Attributes is missing",
			"Action Identifier 'b' is used more than once",
		}},
		{"dangling-transition.json", readTestdata(t, "invalid/dangling-transition.json"), []string{
			"Action 'set-attrs' transitions to unknown action 'deleted-block'",
			"Action 'set-attrs' transitions to unknown action 'gone'",
		}},
		{"task-route-to-queue.json", readTestdata(t, "valid/task-route-to-queue.json"), nil},
		{"task-triage.json", readTestdata(t, "valid/task-triage.json"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.content)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, messages(Validate(f))); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, messages(Validator{}.ValidateFlow(tt.content))); diff != "" {
				t.Errorf("ValidateFlow (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidateFlowParseError(t *testing.T) {
	var v connect.FlowValidator = Validator{}
	got := messages(v.ValidateFlow(readTestdata(t, "invalid/wrong-shape.json")))
	if diff := cmp.Diff([]string{"/Actions/1/Transitions/NextAction: must be a string"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	got = messages(v.ValidateFlow("not json"))
	if len(got) != 1 || !strings.HasPrefix(got[0], "content is not a JSON object: invalid character 'o'") {
		t.Errorf("ValidateFlow(not json) = %q", got)
	}
}

func TestCompile(t *testing.T) {
	f, err := Compile(readTestdata(t, "valid/task-triage.json"))
	if err != nil {
		t.Fatal(err)
	}
	if f.Start().Identifier != "enable-logging" {
		t.Errorf("Start() = %+v", f.Start())
	}
	// Every transition of a compiled flow resolves.
	for _, a := range f.Actions {
		targets := []string{a.Transitions.NextAction}
		for _, c := range a.Transitions.Conditions {
			targets = append(targets, c.NextAction)
		}
		for _, e := range a.Transitions.Errors {
			targets = append(targets, e.NextAction)
		}
		for _, id := range targets {
			if _, ok := f.Action(id); id != "" && !ok {
				t.Errorf("action %q: target %q does not resolve", a.Identifier, id)
			}
		}
	}

	tests := []struct {
		name, content string
		want          []string
	}{
		{"invalid", readTestdata(t, "invalid/dangling-transition.json"), []string{
			"Action 'set-attrs' transitions to unknown action 'deleted-block'",
			"Action 'set-attrs' transitions to unknown action 'gone'",
		}},
		{"unparsable", readTestdata(t, "invalid/wrong-shape.json"), []string{"/Actions/1/Transitions/NextAction: must be a string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Compile(tt.content)
			var ce *connect.Error
			if !errors.As(err, &ce) || ce.Kind != connect.InvalidFlow || f != nil {
				t.Fatalf("Compile = %v, %v; want an InvalidFlow error", f, err)
			}
			if diff := cmp.Diff(tt.want, messages(ce.Problems)); diff != "" {
				t.Errorf("Problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKnownTypes(t *testing.T) {
	// The types the task-contact emulator needs first, and a sample of the rest.
	for _, typ := range []string{
		"UpdateContactAttributes", "UpdateContactTargetQueue", "TransferContactToQueue", "TransferContactToAgent",
		"UpdateContactData", "UpdateContactRoutingBehavior", "Compare", "DistributeByPercentage",
		"CheckHoursOfOperation", "TransferToFlow", "CreateTask", "TagContact", "UnTagContact",
		"MessageParticipant", "UpdateFlowLoggingBehavior", "EndFlowExecution", "DisconnectParticipant",
		"UpdateContactEventHooks", "UpdateContactRecordingBehavior", "CheckMetricData", "InvokeLambdaFunction",
		"GetParticipantInput", "Wait", "Loop", "InvokeFlowModule", "EndFlowModuleExecution",
	} {
		if !IsKnownType(typ) {
			t.Errorf("IsKnownType(%q) = false", typ)
		}
	}
	for _, typ := range []string{"", "compare", "PlayPrompt", "InvokeExternalResource"} {
		if IsKnownType(typ) {
			t.Errorf("IsKnownType(%q) = true", typ)
		}
	}
	types := KnownTypes()
	if !slices.IsSorted(types) || len(types) != len(actionTypes) {
		t.Errorf("KnownTypes() = %v", types)
	}
}
