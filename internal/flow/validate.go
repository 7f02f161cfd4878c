package flow

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"connectd/internal/connect"
)

// Validator checks Flow language content; it implements connect.FlowValidator.
type Validator struct{}

var _ connect.FlowValidator = Validator{}

// ValidateFlow returns the problems of content, none for a valid flow. Content
// that does not parse yields one problem naming where it breaks.
func (Validator) ValidateFlow(content string) []connect.Problem {
	f, err := Parse(content)
	if err != nil {
		return []connect.Problem{{Message: err.Error()}}
	}
	return Validate(f)
}

// Compile parses and validates content and returns the flow graph for the
// engine. Invalid content yields a *connect.Error of Kind InvalidFlow whose
// Problems say why.
func Compile(content string) (*Flow, error) {
	f, err := Parse(content)
	if err != nil {
		return nil, &connect.Error{Kind: connect.InvalidFlow, Message: "flow content is not valid",
			Problems: []connect.Problem{{Message: err.Error()}}, Err: err}
	}
	if ps := Validate(f); len(ps) > 0 {
		return nil, &connect.Error{Kind: connect.InvalidFlow, Message: "flow content is not valid", Problems: ps}
	}
	f.queueRefs = staticQueueRefs(f)
	return f, nil
}

// staticQueueRefs lists the QueueIds of f's UpdateContactTargetQueue
// actions that are written out (an ID or an ARN, not read from the
// contact), in document order, each once.
func staticQueueRefs(f *Flow) []string {
	var refs []string
	for i := range f.Actions {
		a := &f.Actions[i]
		if a.Type != "UpdateContactTargetQueue" {
			continue
		}
		if qid, ok, _ := paramString(a, "QueueId"); ok && qid != "" && !isDynamic(qid) && !slices.Contains(refs, qid) {
			refs = append(refs, qid)
		}
	}
	return refs
}

// Identifier limits, from "Actions in the Amazon Connect Flow Language".
const (
	maxIdentifierLen   = 50
	forbiddenIDChars   = `%:(\/)=$,;[]{}`
	maxQuotedValueRune = 60 // longer values are cut short in problem messages
)

var reservedIdentifiers = map[string]bool{
	"__proto__": true, "constructor": true, "__defineGetter__": true, "__defineSetter__": true,
	"toString": true, "hasOwnProperty": true, "isPrototypeOf": true, "propertyIsEnumerable": true,
	"toLocaleString": true, "valueOf": true,
}

// Validate reports what makes f an invalid flow, in document order; nil when
// it is valid. It does not report unreachable actions: the console allows them.
func Validate(f *Flow) []connect.Problem {
	var v validation
	switch {
	case f.Version == "":
		v.add("Version is missing")
	case f.Version != LanguageVersion:
		v.add("Version %s is not supported; use %q", q(f.Version), LanguageVersion)
	}
	if f.StartAction == "" {
		v.add("StartAction is missing")
	} else if _, ok := f.byID[f.StartAction]; !ok && len(f.Actions) > 0 {
		v.add("StartAction %s names no action", q(f.StartAction))
	}
	if len(f.Actions) == 0 {
		v.add("Actions is empty")
	}
	seen := make(map[string]int, len(f.Actions)) // Identifier → occurrences so far
	for i := range f.Actions {
		a := &f.Actions[i]
		name := label(i, a)
		if a.Identifier == "" {
			v.add("%s has no Identifier", name)
		} else {
			seen[a.Identifier]++
			if seen[a.Identifier] == 2 {
				v.add("Action Identifier %s is used more than once", q(a.Identifier))
			}
			v.checkIdentifier(a.Identifier)
		}
		switch {
		case a.Type == "":
			v.add("%s has no Type", name)
		case !IsKnownType(a.Type):
			v.add("%s has unknown Type %s", name, q(a.Type))
		}
		v.checkTransitions(f, name, a)
		if check := checks[a.Type]; check != nil {
			for _, p := range check(a) {
				v.add("%s: %s", name, p)
			}
		}
	}
	return v.problems
}

type validation struct {
	problems []connect.Problem
}

func (v *validation) add(format string, args ...any) {
	v.problems = append(v.problems, connect.Problem{Message: fmt.Sprintf(format, args...)})
}

func (v *validation) checkIdentifier(id string) {
	switch {
	case utf8.RuneCountInString(id) > maxIdentifierLen:
		v.add("Action Identifier %s is longer than %d characters", q(id), maxIdentifierLen)
	case strings.ContainsAny(id, forbiddenIDChars):
		v.add("Action Identifier %s contains a character out of %s", q(id), forbiddenIDChars)
	case reservedIdentifiers[id]:
		v.add("Action Identifier %s is reserved", q(id))
	}
}

func (v *validation) checkTransitions(f *Flow, name string, a *Action) {
	t := &a.Transitions
	reported := map[string]bool{} // unknown targets already reported for a
	target := func(next string) {
		if next == "" || reported[next] {
			return
		}
		if _, ok := f.byID[next]; !ok {
			reported[next] = true
			v.add("%s transitions to unknown action %s", name, q(next))
		}
	}
	target(t.NextAction)
	for _, c := range t.Conditions {
		if c.NextAction == "" {
			v.add("%s has a condition without NextAction", name)
		}
		target(c.NextAction)
		v.checkCondition(name, &c.Condition)
	}
	for _, e := range t.Errors {
		if e.NextAction == "" {
			v.add("%s has an error branch without NextAction", name)
		}
		if e.ErrorType == "" {
			v.add("%s has an error branch without ErrorType", name)
		}
		target(e.NextAction)
	}
	if t.NextAction == "" && len(t.Conditions) == 0 && len(t.Errors) == 0 {
		if at, ok := actionTypes[a.Type]; ok && !at.mayEnd {
			v.add("%s has no transitions", name)
		}
	}
}

func (v *validation) checkCondition(name string, c *Condition) {
	switch {
	case c.Operator == "":
		v.add("%s has a condition without Operator", name)
	case !operators[c.Operator]:
		v.add("%s has a condition with unknown Operator %s", name, q(c.Operator))
	case len(c.Operands) != 1 || c.Operands[0].Condition != nil:
		v.add("%s has a condition whose Operator %s does not take exactly one string operand", name, c.Operator)
	}
}

// label names action i in problem messages.
func label(i int, a *Action) string {
	if a.Identifier == "" {
		return "Action at /Actions/" + strconv.Itoa(i)
	}
	return "Action " + q(a.Identifier)
}

// q quotes a value from the content for a problem message, cut short if long.
func q(s string) string {
	if utf8.RuneCountInString(s) > maxQuotedValueRune {
		r := []rune(s)
		s = string(r[:maxQuotedValueRune]) + "…"
	}
	return "'" + s + "'"
}
