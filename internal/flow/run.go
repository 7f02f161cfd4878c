package flow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"connectd/internal/connect"
)

// Error types of the Flow language that the engine raises.
const (
	NoMatchingError     = "NoMatchingError"     // any failure without a more specific type
	NoMatchingCondition = "NoMatchingCondition" // no condition matched the action's result
	QueueAtCapacity     = "QueueAtCapacity"     // the target queue is full
)

// Default bounds of a run. Amazon Connect documents no run-time bound; these
// stop a flow that loops on itself without ever cutting a real one short.
const (
	// DefaultMaxActions bounds the actions one run executes, across the
	// flows it transfers to. A flow holds at most 250 actions and a Loop
	// block at most 100 iterations, so 1,000 allows a full pass through four
	// of the largest flows, or a 100-iteration loop of nine actions, while a
	// runaway loop ends within a millisecond of CPU time.
	DefaultMaxActions = 1000
	// DefaultMaxFlowTransfers bounds the TransferToFlow actions one run
	// follows. Each costs a store read and a compile; console-built designs
	// chain two or three flows, so ten leaves room and stops two flows that
	// transfer to each other long before DefaultMaxActions would.
	DefaultMaxFlowTransfers = 10
)

// RunnerConfig configures a Runner. Zero fields take their defaults.
type RunnerConfig struct {
	MaxActions       int // DefaultMaxActions when 0
	MaxFlowTransfers int // DefaultMaxFlowTransfers when 0
}

// Runner runs Flow-language flows for task contacts; it implements
// connect.FlowRunner. It keeps no state of a run between runs, only the
// compiled form of the flows it ran, and is safe for concurrent use. The
// zero value uses the default bounds.
type Runner struct {
	cfg RunnerConfig

	mu       sync.Mutex
	compiled map[string]*Flow // by content: compiling is most of a short run's cost
}

// maxCompiled bounds the compiled-flow cache; it is emptied when full.
const maxCompiled = 512

// compile returns content compiled, from the cache when it was compiled
// before. A compiled Flow is never changed by a run, so runs share it.
func (r *Runner) compile(content string) (*Flow, error) {
	if r == nil {
		return Compile(content)
	}
	r.mu.Lock()
	g, ok := r.compiled[content]
	r.mu.Unlock()
	if ok {
		return g, nil
	}
	g, err := Compile(content)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	if r.compiled == nil || len(r.compiled) >= maxCompiled {
		r.compiled = map[string]*Flow{}
	}
	r.compiled[content] = g
	r.mu.Unlock()
	return g, nil
}

var _ connect.FlowRunner = (*Runner)(nil)

// NewRunner returns a Runner with cfg's bounds, defaults for zero fields.
// Negative bounds are a programming error and panic.
func NewRunner(cfg RunnerConfig) *Runner {
	if cfg.MaxActions < 0 || cfg.MaxFlowTransfers < 0 {
		panic(fmt.Sprintf("flow.NewRunner: negative bound in %+v", cfg))
	}
	return &Runner{cfg: cfg}
}

func (r *Runner) bounds() (actions, transfers int) {
	actions, transfers = DefaultMaxActions, DefaultMaxFlowTransfers
	if r != nil && r.cfg.MaxActions > 0 {
		actions = r.cfg.MaxActions
	}
	if r != nil && r.cfg.MaxFlowTransfers > 0 {
		transfers = r.cfg.MaxFlowTransfers
	}
	return actions, transfers
}

// RunFlow runs f for run.Contact from f's StartAction (see
// connect.FlowRunner). Content that does not compile ends the run at once
// with a logged error, as does a flow that exceeds the runner's bounds.
// Every action run is logged with its resolved parameters and the branch it
// took. RunFlow returns an error only when env fails for a reason that is
// not the flow's (an error of Kind Internal, or the context's), and then run
// is to be discarded.
func (r *Runner) RunFlow(ctx context.Context, f *connect.ContactFlow, run *connect.FlowRun, env connect.FlowEnv) error {
	if f == nil || run == nil || run.Contact == nil || env == nil {
		return errors.New("flow: RunFlow needs a flow, a run with its contact, and an environment")
	}
	maxActions, maxTransfers := r.bounds()
	st := &state{runner: r, ctx: ctx, env: env, run: run, cf: f, maxActions: maxActions, maxTransfers: maxTransfers}
	run.Outcome = ""
	if run.Attributes == nil {
		run.Attributes = map[string]string{}
	}
	g, err := r.compile(f.Content)
	if err != nil {
		st.log(connect.FlowLogEntry{Branch: branchEnd, Error: "flow content is not valid: " + problemText(err)})
		run.Outcome = connect.FlowEnded
		return nil
	}
	return st.runGraph(g)
}

// QueueRefs returns the queues f's UpdateContactTargetQueue actions name as
// written (an ID or an ARN; a QueueId read from the contact is left out),
// in document order, each once: the queues a run of f may read, which the
// caller can read ahead. A flow that does not compile names none.
func (r *Runner) QueueRefs(f *connect.ContactFlow) []string {
	g, err := r.compile(f.Content)
	if err != nil {
		return nil
	}
	return g.queueRefs
}

// problemText words a Compile error's problems on one line.
func problemText(err error) string {
	var ce *connect.Error
	if !errors.As(err, &ce) || len(ce.Problems) == 0 {
		return err.Error()
	}
	ms := make([]string, len(ce.Problems))
	for i, p := range ce.Problems {
		ms[i] = p.Message
	}
	return strings.Join(ms, "; ")
}

// Branch names in the log (connect.FlowLogEntry.Branch).
const (
	branchNext      = "NextAction"
	branchEnd       = "End"
	branchError     = "Error:"
	branchCondition = "Condition:"
)

// state is one run in progress.
type state struct {
	runner       *Runner
	ctx          context.Context
	env          connect.FlowEnv
	run          *connect.FlowRun
	cf           *connect.ContactFlow // the flow running now
	g            *Flow                // its compiled content
	maxActions   int
	maxTransfers int
	actions      int     // actions run so far
	transfers    int     // TransferToFlow and InvokeFlowModule actions followed so far
	frames       []frame // the flows that invoked the running module, innermost last

	queue         *connect.Queue // cached target queue; see targetQueue
	loops         map[string]int // Loop iterations done, per flow and action
	taskContactID string         // the last task CreateTask created ($.Task.ContactId)
	languageCode  string         // UpdateContactData's LanguageCode ($.LanguageCode)
	customerID    string         // UpdateContactData's CustomerId ($.CustomerId)
}

// frame is where an EndFlowModuleExecution returns to: the invoking flow
// and the NextAction of its InvokeFlowModule.
type frame struct {
	cf   *connect.ContactFlow
	g    *Flow
	next string
}

// failure is an action failing as the Flow language defines it: it takes the
// error branch of Type.
type failure struct {
	Type   string
	Reason string
}

func failf(typ, format string, args ...any) *failure {
	return &failure{Type: typ, Reason: fmt.Sprintf(format, args...)}
}

// step is what running one action produced.
type step struct {
	params map[string]string   // resolved parameters, for the log
	fail   *failure            // the action failed
	result *string             // the action's result, tested by its Conditions
	end    connect.FlowOutcome // the run ends here with this outcome
	jump   *Action             // TransferToFlow: continue at this action of st.g
}

// runGraph runs g from its start until the run ends.
func (st *state) runGraph(g *Flow) error {
	st.g = g
	a := g.Start()
	for a != nil {
		if st.actions >= st.maxActions {
			st.log(connect.FlowLogEntry{ActionID: a.Identifier, ActionType: a.Type, Branch: branchEnd,
				Error: fmt.Sprintf("not run: the run reached its limit of %d actions", st.maxActions)})
			st.run.Outcome = connect.FlowEnded
			return nil
		}
		st.actions++
		entry := connect.FlowLogEntry{ContactFlowID: st.cf.ID, ContactFlowName: st.cf.Name,
			ActionID: a.Identifier, ActionType: a.Type, Timestamp: st.env.Now()}
		s, err := st.exec(a)
		if err != nil {
			return err
		}
		entry.Parameters = s.params
		next := st.transition(a, s, &entry)
		st.run.Log = append(st.run.Log, entry)
		if next == nil {
			if st.run.Outcome == "" {
				st.run.Outcome = connect.FlowEnded
			}
			return nil
		}
		a = next
	}
	st.run.Outcome = connect.FlowEnded
	return nil
}

// log appends an entry that belongs to no action run (or to one not run),
// stamped with the current flow and time.
func (st *state) log(e connect.FlowLogEntry) {
	if st.cf != nil {
		e.ContactFlowID, e.ContactFlowName = st.cf.ID, st.cf.Name
	}
	e.Timestamp = st.env.Now()
	st.run.Log = append(st.run.Log, e)
}

// transition chooses the action after a, fills entry's Branch, NextAction
// and Error, and returns the next action, or nil when the run ends (setting
// st.run.Outcome).
func (st *state) transition(a *Action, s step, e *connect.FlowLogEntry) *Action {
	t := &a.Transitions
	switch {
	case s.end != "":
		e.Branch = branchEnd
		if s.fail != nil { // the run is cut short, whatever the branches say
			e.Error = s.fail.Type + ": " + s.fail.Reason
		}
		st.run.Outcome = s.end
		return nil
	case s.jump != nil:
		e.Branch, e.NextAction = branchNext, s.jump.Identifier
		return s.jump
	case s.fail != nil:
		return st.onFailure(a, s.fail, e)
	case s.result != nil:
		for _, c := range t.Conditions {
			if holds(c.Condition, *s.result) {
				e.Branch = branchCondition + c.Condition.Operator + " " + operand(c.Condition)
				return st.goTo(c.NextAction, e)
			}
		}
		return st.onFailure(a, failf(NoMatchingCondition, "no condition matched %q", *s.result), e)
	}
	e.Branch = branchNext
	return st.goTo(t.NextAction, e)
}

// onFailure takes the error branch for f: the one of f's type or, for a
// failure, NoMatchingError, which catches "any error no other branch
// matches". A NoMatchingCondition without its branch follows NextAction,
// the action's default ("the Action to run if no error or condition is
// preferentially chosen"). With no branch at all the run ends, logged.
func (st *state) onFailure(a *Action, f *failure, e *connect.FlowLogEntry) *Action {
	e.Error = f.Reason
	t := &a.Transitions
	if next, ok := errorBranch(t, f.Type); ok {
		e.Branch = branchError + f.Type
		return st.goTo(next, e)
	}
	if f.Type == NoMatchingCondition {
		if t.NextAction != "" { // not a failure: the default branch
			e.Branch, e.Error = branchNext, ""
			return st.goTo(t.NextAction, e)
		}
	} else if next, ok := errorBranch(t, NoMatchingError); ok {
		e.Branch = branchError + NoMatchingError
		return st.goTo(next, e)
	}
	e.Branch = branchEnd
	e.Error = f.Type + ": " + f.Reason + " (the action has no branch for it; the flow ends)"
	st.run.Outcome = connect.FlowEnded
	return nil
}

func errorBranch(t *Transitions, typ string) (string, bool) {
	for _, et := range t.Errors {
		if et.ErrorType == typ && et.NextAction != "" {
			return et.NextAction, true
		}
	}
	return "", false
}

// goTo returns the action id names in the running flow; "" ends the run.
func (st *state) goTo(id string, e *connect.FlowLogEntry) *Action {
	e.NextAction = id
	if id == "" {
		e.Branch = branchEnd
		st.run.Outcome = connect.FlowEnded
		return nil
	}
	next, ok := st.g.Action(id)
	if !ok { // only in content Validate refuses
		e.Branch = branchEnd
		e.NextAction = ""
		if e.Error == "" {
			e.Error = fmt.Sprintf("transition to unknown action %q", id)
		}
		st.run.Outcome = connect.FlowEnded
		return nil
	}
	return next
}

// holds applies a condition to an action's result. The text operators are
// case-sensitive; the number operators compare decimal numbers and do not
// hold when either side is not one.
func holds(c Condition, result string) bool {
	if len(c.Operands) != 1 || c.Operands[0].Condition != nil {
		return false
	}
	want := c.Operands[0].Value
	switch c.Operator {
	case "Equals":
		return result == want
	case "TextStartsWith":
		return strings.HasPrefix(result, want)
	case "TextEndsWith":
		return strings.HasSuffix(result, want)
	case "TextContains":
		return strings.Contains(result, want)
	}
	x, errx := parseNumber(result)
	y, erry := parseNumber(want)
	if errx != nil || erry != nil {
		return false
	}
	switch c.Operator {
	case "NumberGreaterThan":
		return x > y
	case "NumberGreaterOrEqualTo":
		return x >= y
	case "NumberLessThan":
		return x < y
	case "NumberLessOrEqualTo":
		return x <= y
	}
	return false
}

// parseNumber reads a plain decimal number (no NaN, infinities or hex).
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, fmt.Errorf("%q is not a number", s)
		}
	}
	return strconv.ParseFloat(s, 64)
}

func operand(c Condition) string {
	if len(c.Operands) == 1 {
		return c.Operands[0].Value
	}
	return ""
}

// flatten renders an action's Parameters for the log: strings as they are,
// other JSON values as JSON, objects as one entry per member ("Attributes.k")
// and arrays as one per element ("TagKeys.0").
func flatten(params map[string]json.RawMessage) map[string]string {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]string, len(params))
	var walk func(prefix string, raw json.RawMessage, depth int)
	walk = func(prefix string, raw json.RawMessage, depth int) {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			out[prefix] = s
			return
		}
		if depth < 8 {
			var obj map[string]json.RawMessage
			if json.Unmarshal(raw, &obj) == nil && obj != nil {
				for _, k := range slices.Sorted(maps.Keys(obj)) {
					walk(prefix+"."+k, obj[k], depth+1)
				}
				return
			}
			var arr []json.RawMessage
			if json.Unmarshal(raw, &arr) == nil {
				for i, v := range arr {
					walk(prefix+"."+strconv.Itoa(i), v, depth+1)
				}
				return
			}
		}
		out[prefix] = string(raw)
	}
	for k, v := range params {
		walk(k, v, 0)
	}
	return out
}
