package flow

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestParseRouteToQueue(t *testing.T) {
	f, err := Parse(readTestdata(t, "valid/task-route-to-queue.json"))
	if err != nil {
		t.Fatal(err)
	}
	const (
		setAttrs   = "5f0d5e4c-1b6a-4c4e-9a3e-2f7f5a9c1d01"
		setQueue   = "8a41c2e7-6d3f-4b8a-b0c9-7e2d1f6a4b02"
		transfer   = "c3e9b1d4-2a7f-4e6c-8d5b-9f1a3c7e5d03"
		disconnect = "e7b2d9f1-4c8a-4a3e-9b6d-1c5f7e3a9b04"
	)
	if f.Version != LanguageVersion || f.StartAction != setAttrs || f.Settings != nil {
		t.Errorf("header = %q, %q, %s", f.Version, f.StartAction, f.Settings)
	}
	var types []string
	for _, a := range f.Actions {
		types = append(types, a.Type)
	}
	wantTypes := []string{"UpdateContactAttributes", "UpdateContactTargetQueue", "TransferContactToQueue", "DisconnectParticipant"}
	if diff := cmp.Diff(wantTypes, types); diff != "" {
		t.Errorf("action types (-want +got):\n%s", diff)
	}
	start := f.Start()
	if start == nil || start.Identifier != setAttrs {
		t.Fatalf("Start() = %+v", start)
	}
	var attrs map[string]string
	if err := json.Unmarshal(start.Parameters["Attributes"], &attrs); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"routedBy": "connectd", "department": "billing"}, attrs); diff != "" {
		t.Errorf("Attributes (-want +got):\n%s", diff)
	}
	tr, ok := f.Action(transfer)
	if !ok {
		t.Fatalf("Action(%q) not found", transfer)
	}
	want := Transitions{NextAction: disconnect, Errors: []ErrorTransition{
		{NextAction: disconnect, ErrorType: "QueueAtCapacity"},
		{NextAction: disconnect, ErrorType: "NoMatchingError"},
	}}
	if diff := cmp.Diff(want, tr.Transitions); diff != "" {
		t.Errorf("transfer transitions (-want +got):\n%s", diff)
	}
	if a, ok := f.Action(disconnect); !ok || a.Transitions.NextAction != "" || a.Parameters == nil || len(a.Parameters) != 0 {
		t.Errorf("disconnect = %+v, %v", a, ok)
	}
	if _, ok := f.Action("nope"); ok {
		t.Error(`Action("nope") found`)
	}
	if ps := Validate(f); len(ps) != 0 {
		t.Errorf("Validate = %v", ps)
	}
}

func TestParseTriage(t *testing.T) {
	f, err := Parse(readTestdata(t, "valid/task-triage.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Actions) != 10 || f.Start().Type != "UpdateFlowLoggingBehavior" {
		t.Fatalf("got %d actions starting with %+v", len(f.Actions), f.Start())
	}
	if len(f.Settings) == 0 {
		t.Error("Settings not kept")
	}
	cmpAction, _ := f.Action("check-priority")
	want := Transitions{
		NextAction: "check-hours",
		Conditions: []ConditionTransition{
			{NextAction: "raise-priority", Condition: Condition{Operator: "Equals", Operands: []Operand{{Value: "high"}}}},
			{NextAction: "check-hours", Condition: Condition{Operator: "TextStartsWith", Operands: []Operand{{Value: "norm"}}}},
		},
		Errors: []ErrorTransition{{NextAction: "check-hours", ErrorType: "NoMatchingCondition"}},
	}
	if diff := cmp.Diff(want, cmpAction.Transitions); diff != "" {
		t.Errorf("Compare transitions (-want +got):\n%s", diff)
	}
	if ps := Validate(f); len(ps) != 0 {
		t.Errorf("Validate = %v", ps)
	}
}

func TestParseNestedCondition(t *testing.T) {
	f, err := Parse(`{"Actions":[{"Identifier":"a","Transitions":{"Conditions":[{"NextAction":"a",
		"Condition":{"Operator":"And","Operands":[{"Operator":"Equals","Operands":["x"]},"y"]}}]}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	want := Condition{Operator: "And", Operands: []Operand{
		{Condition: &Condition{Operator: "Equals", Operands: []Operand{{Value: "x"}}}},
		{Value: "y"},
	}}
	if diff := cmp.Diff(want, f.Actions[0].Transitions.Conditions[0].Condition); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseLenient(t *testing.T) {
	// Nulls and absent members parse; unknown members are ignored.
	f, err := Parse(`{"Version":null,"Metadata":{"x":[1,2]},"Extra":true,"Settings":null,
		"Actions":[{"Identifier":"a","Type":"DisconnectParticipant","Parameters":null,"Transitions":null,"Other":1},
		{"Identifier":"b","Transitions":{"NextAction":null,"Conditions":null,"Errors":null}}]}`)
	if err != nil {
		t.Fatal(err)
	}
	want := &Flow{Actions: []Action{{Identifier: "a", Type: "DisconnectParticipant"}, {Identifier: "b"}}}
	if diff := cmp.Diff(want, f, cmpopts.IgnoreUnexported(Flow{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseDuplicateIdentifierFirstWins(t *testing.T) {
	f, err := Parse(`{"StartAction":"a","Actions":[{"Identifier":"a","Type":"Compare"},{"Identifier":"a","Type":"Wait"}]}`)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Start().Type; got != "Compare" {
		t.Errorf("Start().Type = %q, want the first action's", got)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, content string
		want          ParseError
	}{
		{"empty", ``, ParseError{Msg: "content is not a JSON object: unexpected end of JSON input (at byte 0)"}},
		{"syntax", `{"Version": }`, ParseError{Msg: "content is not a JSON object: invalid character '}' looking for beginning of value (at byte 13)"}},
		{"trailing data", `{} {}`, ParseError{Msg: "content is not a JSON object: invalid character '{' after top-level value (at byte 4)"}},
		{"array", `[]`, ParseError{Msg: "content is not a JSON object: found JSON array"}},
		{"null", `null`, ParseError{Msg: "content is not a JSON object"}},
		{"Version number", `{"Version": 2019}`, ParseError{"/Version", "must be a string"}},
		{"StartAction object", `{"StartAction": {}}`, ParseError{"/StartAction", "must be a string"}},
		{"Settings array", `{"Settings": []}`, ParseError{"/Settings", "must be an object"}},
		{"Actions object", `{"Actions": {}}`, ParseError{"/Actions", "must be an array"}},
		{"action string", `{"Actions": [{}, "a"]}`, ParseError{"/Actions/1", "must be an object"}},
		{"Identifier number", `{"Actions": [{"Identifier": 1}]}`, ParseError{"/Actions/0/Identifier", "must be a string"}},
		{"Type bool", `{"Actions": [{"Type": true}]}`, ParseError{"/Actions/0/Type", "must be a string"}},
		{"Parameters array", `{"Actions": [{"Parameters": []}]}`, ParseError{"/Actions/0/Parameters", "must be an object"}},
		{"Transitions string", `{"Actions": [{"Transitions": ""}]}`, ParseError{"/Actions/0/Transitions", "must be an object"}},
		{"NextAction number", `{"Actions": [{}, {}, {}, {"Transitions": {"NextAction": 3}}]}`, ParseError{"/Actions/3/Transitions/NextAction", "must be a string"}},
		{"Conditions object", `{"Actions": [{"Transitions": {"Conditions": {}}}]}`, ParseError{"/Actions/0/Transitions/Conditions", "must be an array"}},
		{"condition string", `{"Actions": [{"Transitions": {"Conditions": ["x"]}}]}`, ParseError{"/Actions/0/Transitions/Conditions/0", "must be an object"}},
		{"condition NextAction", `{"Actions": [{"Transitions": {"Conditions": [{"NextAction": []}]}}]}`, ParseError{"/Actions/0/Transitions/Conditions/0/NextAction", "must be a string"}},
		{"Condition array", `{"Actions": [{"Transitions": {"Conditions": [{"Condition": []}]}}]}`, ParseError{"/Actions/0/Transitions/Conditions/0/Condition", "must be an object"}},
		{"Operator number", `{"Actions": [{"Transitions": {"Conditions": [{"Condition": {"Operator": 1}}]}}]}`, ParseError{"/Actions/0/Transitions/Conditions/0/Condition/Operator", "must be a string"}},
		{"Operands string", `{"Actions": [{"Transitions": {"Conditions": [{"Condition": {"Operands": "x"}}]}}]}`, ParseError{"/Actions/0/Transitions/Conditions/0/Condition/Operands", "must be an array"}},
		{"operand number", `{"Actions": [{"Transitions": {"Conditions": [{"Condition": {"Operands": ["x", 5]}}]}}]}`, ParseError{"/Actions/0/Transitions/Conditions/0/Condition/Operands/1", "must be a string or a Condition object"}},
		{"operand null", `{"Actions": [{"Transitions": {"Conditions": [{"Condition": {"Operands": [null]}}]}}]}`, ParseError{"/Actions/0/Transitions/Conditions/0/Condition/Operands/0", "must be a string or a Condition object"}},
		{"nested operand", `{"Actions": [{"Transitions": {"Conditions": [{"Condition": {"Operands": [{"Operator": 2}]}}]}}]}`, ParseError{"/Actions/0/Transitions/Conditions/0/Condition/Operands/0/Operator", "must be a string"}},
		{"Errors string", `{"Actions": [{"Transitions": {"Errors": "x"}}]}`, ParseError{"/Actions/0/Transitions/Errors", "must be an array"}},
		{"error number", `{"Actions": [{"Transitions": {"Errors": [1]}}]}`, ParseError{"/Actions/0/Transitions/Errors/0", "must be an object"}},
		{"ErrorType number", `{"Actions": [{"Transitions": {"Errors": [{"ErrorType": 1}]}}]}`, ParseError{"/Actions/0/Transitions/Errors/0/ErrorType", "must be a string"}},
		{"error NextAction", `{"Actions": [{"Transitions": {"Errors": [{}, {"NextAction": false}]}}]}`, ParseError{"/Actions/0/Transitions/Errors/1/NextAction", "must be a string"}},
		{"wrong-shape.json", readTestdata(t, "invalid/wrong-shape.json"), ParseError{"/Actions/1/Transitions/NextAction", "must be a string"}},
		{"truncated.json", readTestdata(t, "invalid/truncated.json"), ParseError{Msg: "content is not a JSON object: unexpected end of JSON input (at byte 38)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.content)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse = %+v, %v; want a *ParseError", f, err)
			}
			if diff := cmp.Diff(tt.want, *pe); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseConditionDepthLimit(t *testing.T) {
	cond := `{"Operator":"Equals","Operands":["x"]}`
	for range maxConditionDepth {
		cond = `{"Operator":"Or","Operands":[` + cond + `]}`
	}
	_, err := Parse(`{"Actions":[{"Transitions":{"Conditions":[{"Condition":` + cond + `}]}}]}`)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Msg != "conditions nest more than 32 deep" {
		t.Errorf("Parse = %v", err)
	}
}

func TestParseErrorString(t *testing.T) {
	if got := (&ParseError{Pointer: "/Actions/3", Msg: "must be an object"}).Error(); got != "/Actions/3: must be an object" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&ParseError{Msg: "content is not a JSON object"}).Error(); got != "content is not a JSON object" {
		t.Errorf("Error() = %q", got)
	}
}
