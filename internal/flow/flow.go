// Package flow reads Amazon Connect Flow language content (Version
// "2019-10-30"): it parses it into a typed graph, validates it, and compiles
// it into an immutable graph, which Runner runs for a task contact
// (connect.FlowRunner): run.go has the run loop and the branch rules,
// actions.go the actions, and value.go the JSONPath references of dynamic
// values. Whether hours of operation are open is the domain's rule
// (connect.HoursOfOperation.OpenAt).
//
// The shape follows the AWS Flow language reference
// (docs.aws.amazon.com/connect/latest/APIReference/flow-language.html): a
// top-level object with Version, StartAction, Metadata (ignored), Actions and
// an optional Settings; each Action has an Identifier, a Type, a Parameters
// object and a Transitions object. Unknown top-level members are ignored, as
// console exports carry Metadata and other editor state.
package flow

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// LanguageVersion is the only Flow language version AWS defines.
const LanguageVersion = "2019-10-30"

// Flow is parsed Flow language content. Parse builds it and nothing changes it
// afterwards: callers must treat it, and everything it points to, as
// read-only. A Flow from Parse may be invalid; one from Compile is valid.
type Flow struct {
	Version     string
	StartAction string
	Actions     []Action        // in document order
	Settings    json.RawMessage // optional top-level Settings, as written; nil when absent

	byID map[string]*Action // first action with each Identifier
	// queueRefs are the queues the flow names as written (see
	// Runner.QueueRefs), set by Compile.
	queueRefs []string
}

// Action is one step of a flow.
type Action struct {
	Identifier string
	Type       string
	// Parameters holds the action's Parameters members undecoded: their
	// format differs per Type and is the engine's business. Nil when absent.
	Parameters  map[string]json.RawMessage
	Transitions Transitions
}

// Transitions chooses the action that runs after an action completes.
// Terminal actions (DisconnectParticipant, EndFlowExecution, ...) have none.
type Transitions struct {
	NextAction string                // default; empty when absent
	Conditions []ConditionTransition // evaluated in order against the action's result
	Errors     []ErrorTransition
}

// ConditionTransition moves to NextAction when Condition holds.
type ConditionTransition struct {
	NextAction string
	Condition  Condition
}

// ErrorTransition moves to NextAction when the action fails with ErrorType
// (for example NoMatchingError, NoMatchingCondition, QueueAtCapacity).
type ErrorTransition struct {
	NextAction string
	ErrorType  string
}

// Condition applies Operator (Equals, TextStartsWith, NumberLessThan, ...) to
// the action's result and Operands.
type Condition struct {
	Operator string
	Operands []Operand
}

// Operand is one operand of a Condition: a string, or for operators that
// combine conditions, a nested Condition.
type Operand struct {
	Value     string
	Condition *Condition // non-nil for a nested condition; Value is then empty
}

// Action returns the action with the given Identifier. When several actions
// share it (an invalid flow), it returns the first.
func (f *Flow) Action(id string) (*Action, bool) {
	a, ok := f.byID[id]
	return a, ok
}

// Start returns the action named by StartAction, or nil when there is none.
func (f *Flow) Start() *Action {
	return f.byID[f.StartAction]
}

// ParseError reports content that is not well-formed Flow language: invalid
// JSON, or a member of the wrong JSON type. Pointer is a JSON pointer (RFC
// 6901) to the offending value; it is empty for the document as a whole.
type ParseError struct {
	Pointer string
	Msg     string
}

func (e *ParseError) Error() string {
	if e.Pointer == "" {
		return e.Msg
	}
	return e.Pointer + ": " + e.Msg
}

// maxConditionDepth bounds nested Conditions while parsing. AWS allows five
// levels; the parser accepts more (Validate reports them) but not without
// limit, so that hostile content cannot exhaust the stack.
const maxConditionDepth = 32

// Parse reads Flow language content. It checks structure only — that the
// content is a JSON object and each known member has the right JSON type —
// and returns a *ParseError otherwise. Whether the flow makes sense (version,
// references, action types) is Validate's job.
func Parse(content string) (*Flow, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(content), &top); err != nil {
		return nil, &ParseError{Msg: "content is not a JSON object: " + jsonMsg(err)}
	}
	if top == nil { // the content was JSON null
		return nil, &ParseError{Msg: "content is not a JSON object"}
	}
	f := &Flow{}
	var err error
	if f.Version, err = optString(top, "Version", ""); err != nil {
		return nil, err
	}
	if f.StartAction, err = optString(top, "StartAction", ""); err != nil {
		return nil, err
	}
	if raw, ok := top["Settings"]; ok && !isNull(raw) {
		if _, err := object(raw, "/Settings"); err != nil {
			return nil, err
		}
		f.Settings = append(json.RawMessage(nil), raw...)
	}
	if raw, ok := top["Actions"]; ok && !isNull(raw) {
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, &ParseError{Pointer: "/Actions", Msg: "must be an array"}
		}
		f.Actions = make([]Action, len(items))
		for i, item := range items {
			if err := parseAction(item, "/Actions/"+strconv.Itoa(i), &f.Actions[i]); err != nil {
				return nil, err
			}
		}
	}
	f.byID = make(map[string]*Action, len(f.Actions))
	for i := range f.Actions {
		a := &f.Actions[i]
		if _, dup := f.byID[a.Identifier]; !dup {
			f.byID[a.Identifier] = a
		}
	}
	return f, nil
}

func parseAction(raw json.RawMessage, ptr string, a *Action) error {
	m, err := object(raw, ptr)
	if err != nil {
		return err
	}
	if a.Identifier, err = optString(m, "Identifier", ptr); err != nil {
		return err
	}
	if a.Type, err = optString(m, "Type", ptr); err != nil {
		return err
	}
	if p, ok := m["Parameters"]; ok && !isNull(p) {
		if a.Parameters, err = object(p, ptr+"/Parameters"); err != nil {
			return err
		}
	}
	if t, ok := m["Transitions"]; ok && !isNull(t) {
		if err := parseTransitions(t, ptr+"/Transitions", &a.Transitions); err != nil {
			return err
		}
	}
	return nil
}

func parseTransitions(raw json.RawMessage, ptr string, t *Transitions) error {
	m, err := object(raw, ptr)
	if err != nil {
		return err
	}
	if t.NextAction, err = optString(m, "NextAction", ptr); err != nil {
		return err
	}
	conds, err := optArray(m, "Conditions", ptr)
	if err != nil {
		return err
	}
	for i, c := range conds {
		cp := ptr + "/Conditions/" + strconv.Itoa(i)
		cm, err := object(c, cp)
		if err != nil {
			return err
		}
		var ct ConditionTransition
		if ct.NextAction, err = optString(cm, "NextAction", cp); err != nil {
			return err
		}
		if cr, ok := cm["Condition"]; ok && !isNull(cr) {
			if err := parseCondition(cr, cp+"/Condition", 1, &ct.Condition); err != nil {
				return err
			}
		}
		t.Conditions = append(t.Conditions, ct)
	}
	errs, err := optArray(m, "Errors", ptr)
	if err != nil {
		return err
	}
	for i, e := range errs {
		ep := ptr + "/Errors/" + strconv.Itoa(i)
		em, err := object(e, ep)
		if err != nil {
			return err
		}
		var et ErrorTransition
		if et.NextAction, err = optString(em, "NextAction", ep); err != nil {
			return err
		}
		if et.ErrorType, err = optString(em, "ErrorType", ep); err != nil {
			return err
		}
		t.Errors = append(t.Errors, et)
	}
	return nil
}

func parseCondition(raw json.RawMessage, ptr string, depth int, c *Condition) error {
	if depth > maxConditionDepth {
		return &ParseError{Pointer: ptr, Msg: fmt.Sprintf("conditions nest more than %d deep", maxConditionDepth)}
	}
	m, err := object(raw, ptr)
	if err != nil {
		return err
	}
	if c.Operator, err = optString(m, "Operator", ptr); err != nil {
		return err
	}
	ops, err := optArray(m, "Operands", ptr)
	if err != nil {
		return err
	}
	for i, o := range ops {
		op := ptr + "/Operands/" + strconv.Itoa(i)
		var s string
		if json.Unmarshal(o, &s) == nil && !isNull(o) {
			c.Operands = append(c.Operands, Operand{Value: s})
			continue
		}
		if len(o) == 0 || o[0] != '{' {
			return &ParseError{Pointer: op, Msg: "must be a string or a Condition object"}
		}
		nested := new(Condition)
		if err := parseCondition(o, op, depth+1, nested); err != nil {
			return err
		}
		c.Operands = append(c.Operands, Operand{Condition: nested})
	}
	return nil
}

// object decodes raw, which json.Unmarshal has already found well-formed, as a
// JSON object.
func object(raw json.RawMessage, ptr string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, &ParseError{Pointer: ptr, Msg: "must be an object"}
	}
	return m, nil
}

// optString returns member key of m as a string; absent or null is "".
func optString(m map[string]json.RawMessage, key, ptr string) (string, error) {
	raw, ok := m[key]
	if !ok || isNull(raw) {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", &ParseError{Pointer: ptr + "/" + key, Msg: "must be a string"}
	}
	return s, nil
}

// optArray returns member key of m as an array; absent or null is nil.
func optArray(m map[string]json.RawMessage, key, ptr string) ([]json.RawMessage, error) {
	raw, ok := m[key]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var a []json.RawMessage
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, &ParseError{Pointer: ptr + "/" + key, Msg: "must be an array"}
	}
	return a, nil
}

func isNull(raw json.RawMessage) bool {
	return string(raw) == "null"
}

// jsonMsg words a json.Unmarshal error for a client, with the byte offset of
// a syntax error.
func jsonMsg(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", strings.TrimPrefix(se.Error(), "json: "), se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "found JSON " + te.Value
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
