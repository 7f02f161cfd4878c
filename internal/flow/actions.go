package flow

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"connectd/internal/connect"
)

// runFunc runs one action. It returns an error only for env failures that
// are not the flow's; everything else is in the step.
type runFunc func(st *state, a *Action) (step, error)

// runners are the action Types connectd runs. Every other documented Type
// fails at run time with NoMatchingError (see unsupported).
var runners = map[string]runFunc{
	"UpdateContactAttributes":        runUpdateContactAttributes,
	"UpdateContactTargetQueue":       runUpdateContactTargetQueue,
	"TransferContactToQueue":         runTransferContactToQueue,
	"TransferContactToAgent":         runTransferContactToAgent,
	"UpdateContactData":              runUpdateContactData,
	"UpdateContactRoutingBehavior":   runUpdateContactRoutingBehavior,
	"Compare":                        runCompare,
	"DistributeByPercentage":         runDistributeByPercentage,
	"CheckHoursOfOperation":          runCheckHoursOfOperation,
	"CheckMetricData":                runCheckMetricData,
	"TransferToFlow":                 runTransferToFlow,
	"InvokeFlowModule":               runInvokeFlowModule,
	"EndFlowModuleExecution":         runEndFlowModuleExecution,
	"CreateTask":                     runCreateTask,
	"TagContact":                     runTagContact,
	"UnTagContact":                   runUnTagContact,
	"MessageParticipant":             runNoEffect,
	"UpdateContactTextToSpeechVoice": runNoEffect,
	"UpdateFlowLoggingBehavior":      runUpdateFlowLoggingBehavior,
	"Loop":                           runLoop,
	"EndFlowExecution":               runEndFlowExecution,
	"DisconnectParticipant":          runDisconnectParticipant,
}

// checks report what makes an action's Parameters or Conditions
// unacceptable in a published flow (Validate), for the Types the engine
// runs. They are kept apart from runners, which reach Validate through
// TransferToFlow's Compile.
var checks = map[string]func(a *Action) []string{
	"UpdateContactAttributes":      checkUpdateContactAttributes,
	"UpdateContactTargetQueue":     checkUpdateContactTargetQueue,
	"UpdateContactData":            checkUpdateContactData,
	"UpdateContactRoutingBehavior": checkUpdateContactRoutingBehavior,
	"Compare":                      checkCompare,
	"DistributeByPercentage":       checkDistributeByPercentage,
	"CheckHoursOfOperation":        checkCheckHoursOfOperation,
	"CheckMetricData":              checkCheckMetricData,
	"TransferToFlow":               checkTransferToFlow,
	"InvokeFlowModule":             checkInvokeFlowModule,
	"CreateTask":                   checkCreateTask,
	"TagContact":                   checkTagContact,
	"UnTagContact":                 checkUnTagContact,
	"UpdateFlowLoggingBehavior":    checkUpdateFlowLoggingBehavior,
	"Loop":                         checkLoop,
}

// SupportedTypes returns the action Types the engine runs, sorted. Other
// documented Types are accepted in flows but fail when they run.
func SupportedTypes() []string {
	return slices.Sorted(maps.Keys(runners))
}

// notForTasks are documented actions whose blocks take their Error branch on
// the TASK channel ("Supported channels for flow blocks" in the
// Administrator Guide).
var notForTasks = map[string]bool{
	"CompleteOutboundCall":                       true, // Call phone number
	"CheckOutboundCallStatus":                    true, // Check call progress
	"CheckVoiceId":                               true,
	"StartVoiceIdStream":                         true, // Set Voice ID
	"UpdatePreviousContactParticipantState":      true, // Hold customer or agent
	"MessageParticipantIteratively":              true, // Loop prompts
	"UpdateContactCallbackNumber":                true, // Set callback number
	"UpdateContactRecordingBehavior":             true, // Set recording and analytics behavior
	"UpdateContactRecordingAndAnalyticsBehavior": true,
	"UpdateContactMediaStreamingBehavior":        true, // Start/Stop media streaming
	"UpdateContactMediaProcessing":               true, // chat only
	"CreateWisdomSession":                        true, // voice only
	"TransferParticipantToThirdParty":            true, // Transfer to phone number
	"CreateCallbackContact":                      true,
	"StartOutboundChatContact":                   true,
}

// unsupported says why an action of type typ does not run.
func unsupported(typ string) string {
	switch {
	case notForTasks[typ]:
		return typ + " is not supported on the TASK channel"
	case IsKnownType(typ):
		return "connectd does not implement the " + typ + " action"
	}
	return fmt.Sprintf("unknown action type %q", typ)
}

// exec runs a: it resolves its parameters for the log and runs a's runner.
func (st *state) exec(a *Action) (step, error) {
	logged := flatten(a.Parameters)
	for k, v := range logged {
		r, err := st.resolve(v)
		if err != nil {
			return step{}, err
		}
		logged[k] = r
	}
	var s step
	if run, ok := runners[a.Type]; ok {
		var err error
		if s, err = run(st, a); err != nil {
			return step{}, err
		}
	} else {
		s.fail = failf(NoMatchingError, "%s", unsupported(a.Type))
	}
	s.params = logged
	return s, nil
}

// envFailure sorts an env error: a refusal (any Kind but Internal) is the
// action's failure; anything else is returned, to end RunFlow.
func envFailure(err error, format string, args ...any) (*failure, error) {
	if connect.KindOf(err) == connect.Internal {
		return nil, err
	}
	return failf(NoMatchingError, "%s: %s", fmt.Sprintf(format, args...), err.Error()), nil
}

func failStep(f *failure) (step, error) { return step{fail: f}, nil }

func problemStep(problem string) (step, error) {
	return failStep(&failure{Type: NoMatchingError, Reason: problem})
}

// ---- Contact actions -------------------------------------------------------

// targetContact checks TargetContact ("Current" or "Related"; Current when
// absent). connectd changes only the running contact: a flow cannot reach a
// related contact's data through connect.FlowEnv.
func (st *state) targetContact(a *Action) *failure {
	v, ok, problem := paramString(a, "TargetContact")
	switch {
	case problem != "":
		return &failure{NoMatchingError, problem}
	case !ok || v == "Current":
		return nil
	case v == "Related" && st.run.Contact.RelatedContactID == "":
		return failf(NoMatchingError, "TargetContact is Related but the contact has no related contact")
	case v == "Related":
		return failf(NoMatchingError, "connectd does not change a related contact's data from a flow")
	}
	return failf(NoMatchingError, "TargetContact %q is neither Current nor Related", v)
}

func checkTargetContact(a *Action) []string {
	v, ok, problem := paramString(a, "TargetContact")
	switch {
	case problem != "":
		return []string{problem}
	case ok && v != "Current" && v != "Related":
		return []string{fmt.Sprintf("parameter TargetContact must be Current or Related, not %s", q(v))}
	}
	return nil
}

// runUpdateContactAttributes sets all the attributes, or none.
func runUpdateContactAttributes(st *state, a *Action) (step, error) {
	attrs, ok, problem := paramMap(a, "Attributes")
	if problem != "" || !ok {
		return problemStep(or(problem, "parameter Attributes is missing"))
	}
	if f := st.targetContact(a); f != nil {
		return failStep(f)
	}
	next := maps.Clone(st.run.Attributes)
	if next == nil {
		next = map[string]string{}
	}
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		rk, err := st.resolve(k)
		if err != nil {
			return step{}, err
		}
		rv, err := st.resolve(attrs[k])
		if err != nil {
			return step{}, err
		}
		next[rk] = rv
	}
	if err := connect.CheckContactAttributes(next); err != nil {
		return envStep(err, "the attributes cannot be set")
	}
	st.run.Attributes = next
	return step{}, nil
}

func checkUpdateContactAttributes(a *Action) []string {
	_, ok, problem := paramMap(a, "Attributes")
	ps := checkTargetContact(a)
	switch {
	case problem != "":
		ps = append(ps, problem)
	case !ok:
		ps = append(ps, "parameter Attributes is missing")
	}
	return ps
}

// envStep turns an env or rule error into a step (see envFailure).
func envStep(err error, format string, args ...any) (step, error) {
	f, err := envFailure(err, format, args...)
	return step{fail: f}, err
}

// runUpdateContactTargetQueue sets the working queue: a queue, or an agent's
// personal queue.
func runUpdateContactTargetQueue(st *state, a *Action) (step, error) {
	qid, hasQ, p1 := paramString(a, "QueueId")
	aid, hasA, p2 := paramString(a, "AgentId")
	switch {
	case p1 != "" || p2 != "":
		return problemStep(or(p1, p2))
	case hasQ && hasA:
		return problemStep("QueueId and AgentId cannot both be specified")
	case !hasQ && !hasA:
		return problemStep("one of QueueId or AgentId is required")
	}
	key, raw := "QueueId", qid
	if hasA {
		key, raw = "AgentId", aid
	}
	ref, f, err := st.resolveShaped(key, raw, staticOrRef)
	if f != nil || err != nil {
		return step{fail: f}, err
	}
	if ref == "" {
		return problemStep(fmt.Sprintf("%s %s resolves to an empty value", key, q(raw)))
	}
	var qu *connect.Queue
	if hasA {
		qu, err = st.env.AgentQueue(st.ctx, ref)
	} else {
		qu, err = st.env.Queue(st.ctx, ref)
	}
	if err != nil {
		return envStep(err, "%s", key)
	}
	st.run.TargetQueueID, st.queue = qu.ID, qu
	return step{}, nil
}

// queueOrAgent reads an action's QueueId and AgentId parameters, at most
// one of which may be given, with the problems of reading them.
func queueOrAgent(a *Action) (qid, aid string, hasQ, hasA bool, ps []string) {
	qid, hasQ, p1 := paramString(a, "QueueId")
	aid, hasA, p2 := paramString(a, "AgentId")
	for _, p := range []string{p1, p2} {
		if p != "" {
			ps = append(ps, p)
		}
	}
	if hasQ && hasA {
		ps = append(ps, "QueueId and AgentId cannot both be specified")
	}
	return qid, aid, hasQ, hasA, ps
}

func checkUpdateContactTargetQueue(a *Action) []string {
	qid, aid, hasQ, hasA, ps := queueOrAgent(a)
	if msg := checkShape(qid, staticOrRef); hasQ && msg != "" {
		ps = append(ps, "parameter QueueId "+msg)
	}
	if msg := checkShape(aid, staticOrRef); hasA && msg != "" {
		ps = append(ps, "parameter AgentId "+msg)
	}
	return ps
}

// runTransferContactToQueue queues the contact in its working queue.
func runTransferContactToQueue(st *state, _ *Action) (step, error) { return st.transfer(false) }

// runTransferContactToAgent queues the contact in the working queue when that
// is an agent's personal queue (UpdateContactTargetQueue with AgentId).
func runTransferContactToAgent(st *state, _ *Action) (step, error) { return st.transfer(true) }

// transfer ends the run with the contact queued in its working queue, unless
// the queue is full (QueueAtCapacity) or cannot take it (NoMatchingError).
func (st *state) transfer(toAgent bool) (step, error) {
	if st.run.TargetQueueID == "" {
		return problemStep("the contact has no working queue; set one with UpdateContactTargetQueue")
	}
	qu, err := st.targetQueue()
	switch {
	case err != nil:
		return step{}, err
	case qu == nil:
		return problemStep(fmt.Sprintf("the working queue %s does not exist", st.run.TargetQueueID))
	case toAgent && qu.Type != "AGENT":
		return problemStep(fmt.Sprintf("the working queue %s is not an agent's queue; set one with UpdateContactTargetQueue and AgentId", qu.Name))
	case qu.Status == connect.QueueDisabled:
		return problemStep(fmt.Sprintf("queue %s is disabled", qu.Name))
	}
	if qu.MaxContacts != nil {
		n, err := st.env.QueueSize(st.ctx, qu.ID)
		if err != nil {
			return envStep(err, "queue %s", qu.Name)
		}
		if n >= int(*qu.MaxContacts) {
			return failStep(failf(QueueAtCapacity, "queue %s holds %d contacts, its maximum", qu.Name, n))
		}
	}
	return step{end: connect.FlowQueued}, nil
}

// Limits of a contact's Name and Description (the model's Name and
// Description shapes of UpdateContact and StartTaskContact).
const (
	maxContactName        = 1024
	maxContactDescription = 4096
)

// voiceIDParameters are UpdateContactData parameters of the Set Voice ID
// block, which takes its Error branch on the TASK channel.
var voiceIDParameters = []string{"IsVoiceIdStreamingEnabled", "IsVoiceAuthenticationEnabled", "IsFraudDetectionEnabled",
	"VoiceAuthenticationThreshold", "VoiceAuthenticationResponseTime", "FraudDetectionThreshold", "WatchlistId"}

// runUpdateContactData sets the contact's Name, Description and References,
// all or none. LanguageCode and CustomerId have no home on a connectd
// contact: they are kept for the run ($.LanguageCode, $.CustomerId).
func runUpdateContactData(st *state, a *Action) (step, error) {
	if f := st.targetContact(a); f != nil {
		return failStep(f)
	}
	for _, k := range voiceIDParameters {
		if _, ok := a.Parameters[k]; ok {
			return problemStep("Voice ID (" + k + ") is available on the VOICE channel only")
		}
	}
	c := st.run.Contact
	name, description, language, customer := c.Name, c.Description, st.languageCode, st.customerID
	for _, p := range []struct {
		key string
		dst *string
		max int
	}{{"Name", &name, maxContactName}, {"Description", &description, maxContactDescription},
		{"LanguageCode", &language, 0}, {"CustomerId", &customer, 0}} {
		raw, ok, problem := paramString(a, p.key)
		if problem != "" {
			return problemStep(problem)
		}
		if !ok {
			continue
		}
		v, err := st.resolve(raw)
		if err != nil {
			return step{}, err
		}
		if p.max > 0 && utf8.RuneCountInString(v) > p.max {
			return problemStep(fmt.Sprintf("%s is longer than %d characters", p.key, p.max))
		}
		*p.dst = v
	}
	refs, f, err := st.references(a, c.References)
	if f != nil || err != nil {
		return step{fail: f}, err
	}
	c.Name, c.Description, c.References = name, description, refs
	st.languageCode, st.customerID = language, customer
	return step{}, nil
}

// references returns base with a's References parameter resolved and added,
// checked as a contact's reference set. base is not changed.
func (st *state) references(a *Action, base map[string]connect.Reference) (map[string]connect.Reference, *failure, error) {
	given, ok, problem := paramReferences(a, "References")
	if problem != "" {
		return nil, &failure{NoMatchingError, problem}, nil
	}
	if !ok {
		return base, nil, nil
	}
	out := maps.Clone(base)
	if out == nil {
		out = map[string]connect.Reference{}
	}
	for _, r := range given {
		var vals [3]string
		for i, s := range []string{r.Name, r.Type, r.Value} {
			v, err := st.resolve(s)
			if err != nil {
				return nil, nil, err
			}
			vals[i] = v
		}
		out[vals[0]] = connect.Reference{Type: vals[1], Value: vals[2]}
	}
	if err := connect.CheckContactReferences(out); err != nil {
		f, err := envFailure(err, "the references cannot be set")
		return nil, f, err
	}
	return out, nil, nil
}

func checkUpdateContactData(a *Action) []string {
	ps := checkTargetContact(a)
	for _, k := range []string{"Name", "Description", "LanguageCode", "CustomerId"} {
		if _, _, problem := paramString(a, k); problem != "" {
			ps = append(ps, problem)
		}
	}
	if _, _, problem := paramReferences(a, "References"); problem != "" {
		ps = append(ps, problem)
	}
	return ps
}

// runUpdateContactRoutingBehavior sets the queue priority or the queue time
// adjustment.
func runUpdateContactRoutingBehavior(st *state, a *Action) (step, error) {
	if ps := checkUpdateContactRoutingBehavior(a); len(ps) > 0 {
		return problemStep(ps[0])
	}
	c := st.run.Contact
	if v, ok, _ := paramString(a, "QueuePriority"); ok {
		c.QueuePriority, _ = strconv.ParseInt(v, 10, 64)
	}
	if v, ok, _ := paramString(a, "QueueTimeAdjustmentSeconds"); ok {
		n, _ := strconv.ParseInt(v, 10, 32)
		c.QueueTimeAdjustmentSeconds = int32(n)
	}
	return step{}, nil
}

func checkUpdateContactRoutingBehavior(a *Action) []string {
	prio, hasP, p1 := paramString(a, "QueuePriority")
	adj, hasA, p2 := paramString(a, "QueueTimeAdjustmentSeconds")
	switch {
	case p1 != "" || p2 != "":
		return []string{or(p1, p2)}
	case hasP && hasA:
		return []string{"QueuePriority and QueueTimeAdjustmentSeconds cannot both be specified"}
	case !hasP && !hasA:
		return []string{"one of QueuePriority or QueueTimeAdjustmentSeconds is required"}
	case hasP:
		if n, err := strconv.ParseInt(prio, 10, 64); err != nil || n < 1 {
			return []string{fmt.Sprintf("parameter QueuePriority must be a static integer greater than zero, not %s", q(prio))}
		}
	default:
		if _, err := strconv.ParseInt(adj, 10, 32); err != nil {
			return []string{fmt.Sprintf("parameter QueueTimeAdjustmentSeconds must be a static integer, not %s", q(adj))}
		}
	}
	return nil
}

// Task limits of CreateTask's DelaySeconds (1 to 518,400: 6 days).
const maxDelaySeconds = 518400

// runCreateTask creates a task as StartTaskContact would, in the contact's
// instance, and keeps its ID for $.Task.ContactId. The new task is not
// linked to the running contact: the action has no parameter for that.
func runCreateTask(st *state, a *Action) (step, error) {
	if ps := checkCreateTaskStatic(a); len(ps) > 0 {
		return problemStep(ps[0])
	}
	in := connect.StartTaskInput{InstanceID: st.run.Contact.InstanceID}
	in.TaskTemplateID, _, _ = paramString(a, "TaskTemplateId")
	for _, p := range []struct {
		key   string
		dst   *string
		shape int
	}{{"Name", &in.Name, anyValue}, {"Description", &in.Description, anyValue}} {
		raw, _, _ := paramString(a, p.key)
		v, f, err := st.resolveShaped(p.key, raw, p.shape)
		if f != nil || err != nil {
			return step{fail: f}, err
		}
		*p.dst = v
	}
	if ref, ok, _ := paramString(a, "ContactFlowId"); ok {
		r, f, err := st.resolveShaped("ContactFlowId", ref, staticOrRef)
		if f != nil || err != nil {
			return step{fail: f}, err
		}
		cf, err := st.env.Flow(st.ctx, r)
		if err != nil {
			return envStep(err, "ContactFlowId")
		}
		in.ContactFlowID = cf.ID
	}
	if attrs, ok, _ := paramMap(a, "Attributes"); ok {
		in.Attributes = make(map[string]string, len(attrs))
		for k, v := range attrs {
			rk, err := st.resolve(k)
			if err != nil {
				return step{}, err
			}
			if in.Attributes[rk], err = st.resolve(v); err != nil {
				return step{}, err
			}
		}
	}
	refs, f, err := st.references(a, nil)
	if f != nil || err != nil {
		return step{fail: f}, err
	}
	if len(refs) > 0 {
		in.References = refs
	}
	when, f, err := st.schedule(a)
	if f != nil || err != nil {
		return step{fail: f}, err
	}
	in.ScheduledTime = when
	id, err := st.env.CreateTask(st.ctx, in)
	if err != nil {
		return envStep(err, "the task cannot be created")
	}
	st.taskContactID = id
	return step{}, nil
}

// schedule reads DelaySeconds (seconds from now, 1 to 518,400) or
// ScheduledTime (epoch seconds, as the console's "Set date and time using
// attribute" takes, or RFC 3339). nil means now.
func (st *state) schedule(a *Action) (*time.Time, *failure, error) {
	if raw, ok, _ := paramString(a, "DelaySeconds"); ok {
		v, f, err := st.resolveShaped("DelaySeconds", raw, staticOrRef)
		if f != nil || err != nil {
			return nil, f, err
		}
		n, perr := strconv.Atoi(strings.TrimSpace(v))
		if perr != nil || n < 1 || n > maxDelaySeconds {
			return nil, failf(NoMatchingError, "DelaySeconds %q is not an integer from 1 to %d", v, maxDelaySeconds), nil
		}
		t := st.env.Now().Add(time.Duration(n) * time.Second)
		return &t, nil, nil
	}
	if raw, ok, _ := paramString(a, "ScheduledTime"); ok {
		v, f, err := st.resolveShaped("ScheduledTime", raw, staticOrRef)
		if f != nil || err != nil {
			return nil, f, err
		}
		t, perr := parseTime(v)
		if perr != nil {
			return nil, failf(NoMatchingError, "ScheduledTime %q is neither epoch seconds nor an RFC 3339 time", v), nil
		}
		return &t, nil, nil
	}
	return nil, nil, nil
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && epochTime(s) {
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
	}
	return time.Parse(time.RFC3339, s)
}

// epochTime reports whether s is digits with an optional fraction.
func epochTime(s string) bool {
	dot := false
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return s != ""
}

// checkCreateTaskStatic is what CreateTask needs before it can run.
func checkCreateTaskStatic(a *Action) []string {
	var ps []string
	for _, k := range []string{"Name", "Description", "ContactFlowId", "TaskTemplateId", "DelaySeconds", "ScheduledTime"} {
		if _, _, problem := paramString(a, k); problem != "" {
			ps = append(ps, problem)
		}
	}
	if _, _, problem := paramMap(a, "Attributes"); problem != "" {
		ps = append(ps, problem)
	}
	if _, _, problem := paramReferences(a, "References"); problem != "" {
		ps = append(ps, problem)
	}
	_, hasF, _ := paramString(a, "ContactFlowId")
	tmpl, hasT, _ := paramString(a, "TaskTemplateId")
	_, hasD, _ := paramString(a, "DelaySeconds")
	_, hasS, _ := paramString(a, "ScheduledTime")
	if !hasF && !hasT {
		ps = append(ps, "one of ContactFlowId or TaskTemplateId is required")
	}
	if hasT && isDynamic(tmpl) {
		ps = append(ps, "parameter TaskTemplateId must be static")
	}
	if hasD && hasS {
		ps = append(ps, "DelaySeconds and ScheduledTime cannot both be specified")
	}
	return ps
}

func checkCreateTask(a *Action) []string {
	ps := checkCreateTaskStatic(a)
	if v, ok, _ := paramString(a, "ContactFlowId"); ok {
		if msg := checkShape(v, staticOrRef); msg != "" {
			ps = append(ps, "parameter ContactFlowId "+msg)
		}
	}
	if v, ok, _ := paramString(a, "DelaySeconds"); ok && !isDynamic(v) {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > maxDelaySeconds {
			ps = append(ps, fmt.Sprintf("parameter DelaySeconds must be an integer from 1 to %d, not %s", maxDelaySeconds, q(v)))
		}
	}
	return ps
}

// runTagContact adds user-defined tags to the contact, all or none.
func runTagContact(st *state, a *Action) (step, error) {
	tags, ok, problem := paramMap(a, "Tags")
	if problem != "" || !ok {
		return problemStep(or(problem, "parameter Tags is missing"))
	}
	resolved := make(map[string]string, len(tags))
	for k, v := range tags {
		rk, err := st.resolve(k)
		if err != nil {
			return step{}, err
		}
		if resolved[rk], err = st.resolve(v); err != nil {
			return step{}, err
		}
	}
	if err := connect.CheckContactTags(resolved); err != nil {
		return envStep(err, "the tags cannot be set")
	}
	next := maps.Clone(st.run.Contact.Tags)
	if next == nil {
		next = map[string]string{}
	}
	maps.Copy(next, resolved)
	st.run.Contact.Tags = next
	return step{}, nil
}

func checkTagContact(a *Action) []string {
	tags, ok, problem := paramMap(a, "Tags")
	switch {
	case problem != "":
		return []string{problem}
	case !ok:
		return []string{"parameter Tags is missing"}
	case len(tags) == 0 || len(tags) > connect.MaxContactTagsPerRequest:
		return []string{fmt.Sprintf("parameter Tags must hold 1 to %d tags", connect.MaxContactTagsPerRequest)}
	}
	return nil
}

// runUnTagContact removes user-defined tags from the contact, all or none.
// Keys that the contact does not carry are ignored.
func runUnTagContact(st *state, a *Action) (step, error) {
	if ps := checkUnTagContact(a); len(ps) > 0 {
		return problemStep(ps[0])
	}
	keys, _, _ := paramList(a, "TagKeys")
	for _, k := range keys {
		if err := connect.CheckContactTagKey(k); err != nil {
			return envStep(err, "the tags cannot be removed")
		}
	}
	next := maps.Clone(st.run.Contact.Tags)
	for _, k := range keys {
		delete(next, k)
	}
	st.run.Contact.Tags = next
	return step{}, nil
}

func checkUnTagContact(a *Action) []string {
	keys, ok, problem := paramList(a, "TagKeys")
	switch {
	case problem != "":
		return []string{problem}
	case !ok:
		return []string{"parameter TagKeys is missing"}
	case len(keys) == 0 || len(keys) > connect.MaxContactTagsPerRequest:
		return []string{fmt.Sprintf("parameter TagKeys must hold 1 to %d keys", connect.MaxContactTagsPerRequest)}
	}
	for _, k := range keys {
		if isDynamic(k) {
			return []string{"parameter TagKeys must be static"}
		}
	}
	return nil
}

// runNoEffect runs an action that has no effect on a task and succeeds, as
// its block does on the TASK channel: MessageParticipant ("Play prompt":
// takes the Okay branch with no effect), UpdateContactTextToSpeechVoice
// ("Set voice": Success branch).
func runNoEffect(*state, *Action) (step, error) { return step{}, nil }

// ---- Flow control actions --------------------------------------------------

// runCompare's result is ComparisonValue, resolved.
func runCompare(st *state, a *Action) (step, error) {
	raw, ok, problem := paramString(a, "ComparisonValue")
	if problem != "" || !ok {
		return problemStep(or(problem, "parameter ComparisonValue is missing"))
	}
	v, err := st.resolve(raw)
	if err != nil {
		return step{}, err
	}
	return step{result: &v}, nil
}

func checkCompare(a *Action) []string {
	_, ok, problem := paramString(a, "ComparisonValue")
	switch {
	case problem != "":
		return []string{problem}
	case !ok:
		return []string{"parameter ComparisonValue is missing"}
	}
	return nil
}

// runDistributeByPercentage's result is a random integer from 1 to 100.
func runDistributeByPercentage(st *state, _ *Action) (step, error) {
	n := st.env.Percent()
	n = min(max(n, 0), 99) + 1
	v := strconv.Itoa(n)
	return step{result: &v}, nil
}

// checkDistributeByPercentage: "a chain of NumericLessThan comparisons, with
// each subsequent comparison checking the previous value, plus the
// percentage [...], and no Comparison comparing a value larger than 100".
func checkDistributeByPercentage(a *Action) []string {
	prev := 1
	for _, c := range a.Transitions.Conditions {
		n, err := strconv.Atoi(operand(c.Condition))
		switch {
		case c.Condition.Operator != "NumberLessThan":
			return []string{"conditions must use NumberLessThan, not " + q(c.Condition.Operator)}
		case err != nil || n < prev || n > 100:
			return []string{"conditions must compare rising whole numbers from 1 to 100, not " + q(operand(c.Condition))}
		}
		prev = n
	}
	return nil
}

// runCheckHoursOfOperation's result is True when the hours are open now.
func runCheckHoursOfOperation(st *state, a *Action) (step, error) {
	raw, ok, problem := paramString(a, "HoursOfOperationId")
	if problem != "" {
		return problemStep(problem)
	}
	var ref string
	if ok {
		v, f, err := st.resolveShaped("HoursOfOperationId", raw, staticOrRef)
		if f != nil || err != nil {
			return step{fail: f}, err
		}
		if ref = v; ref == "" {
			return problemStep(fmt.Sprintf("HoursOfOperationId %s resolves to an empty value", q(raw)))
		}
	} else {
		qu, err := st.targetQueue()
		switch {
		case err != nil:
			return step{}, err
		case qu == nil:
			return problemStep("no HoursOfOperationId is given and the contact has no working queue")
		case qu.HoursOfOperationID == "":
			return problemStep(fmt.Sprintf("queue %s has no hours of operation (an agent's queue has none)", qu.Name))
		}
		ref = qu.HoursOfOperationID
	}
	h, err := st.env.HoursOfOperation(st.ctx, ref)
	if err != nil {
		return envStep(err, "hours of operation")
	}
	open, err := h.OpenAt(st.env.Now())
	if err != nil {
		return problemStep(err.Error())
	}
	v := "False"
	if open {
		v = "True"
	}
	return step{result: &v}, nil
}

// checkCheckHoursOfOperation: "There must be a Condition provided for Equals
// True and a Condition for Equals False, and no other conditions."
func checkCheckHoursOfOperation(a *Action) []string {
	var ps []string
	if v, ok, problem := paramString(a, "HoursOfOperationId"); problem != "" {
		ps = append(ps, problem)
	} else if msg := checkShape(v, staticOrRef); ok && msg != "" {
		ps = append(ps, "parameter HoursOfOperationId "+msg)
	}
	return append(ps, checkResults(a, "True", "False")...)
}

// checkResults checks that a's conditions are exactly Equals on each of
// results.
func checkResults(a *Action, results ...string) []string {
	seen := map[string]bool{}
	for _, c := range a.Transitions.Conditions {
		v := operand(c.Condition)
		if c.Condition.Operator != "Equals" || !slices.Contains(results, v) {
			return []string{fmt.Sprintf("conditions must be Equals %s", strings.Join(results, " and Equals "))}
		}
		seen[v] = true
	}
	if len(seen) != len(results) {
		return []string{fmt.Sprintf("conditions must be Equals %s", strings.Join(results, " and Equals "))}
	}
	return nil
}

// runTransferToFlow continues the run at the start of another published
// flow.
func runTransferToFlow(st *state, a *Action) (step, error) {
	raw, ok, problem := paramString(a, "ContactFlowId")
	if problem != "" || !ok {
		return problemStep(or(problem, "parameter ContactFlowId is missing"))
	}
	ref, f, err := st.resolveShaped("ContactFlowId", raw, staticOrRef)
	if f != nil || err != nil {
		return step{fail: f}, err
	}
	if st.transfers >= st.maxTransfers {
		return step{end: connect.FlowEnded, fail: failf(NoMatchingError,
			"the run reached its limit of %d transfers to another flow", st.maxTransfers)}, nil
	}
	cf, err := st.env.Flow(st.ctx, ref)
	if err != nil {
		return envStep(err, "ContactFlowId")
	}
	if cf.Status != connect.FlowPublished {
		return problemStep(fmt.Sprintf("flow %s is not published", cf.Name))
	}
	g, err := st.runner.compile(cf.Content)
	if err != nil {
		return problemStep(fmt.Sprintf("flow %s is not valid: %s", cf.Name, problemText(err)))
	}
	st.transfers++
	st.cf, st.g = cf, g
	st.frames = nil // a module that transfers leaves for good
	return step{jump: g.Start()}, nil
}

func checkTransferToFlow(a *Action) []string {
	v, ok, problem := paramString(a, "ContactFlowId")
	switch {
	case problem != "":
		return []string{problem}
	case !ok:
		return []string{"parameter ContactFlowId is missing"}
	case checkShape(v, staticOrRef) != "":
		return []string{"parameter ContactFlowId " + checkShape(v, staticOrRef)}
	}
	return nil
}

// runInvokeFlowModule runs a flow module from its start; its
// EndFlowModuleExecution returns to this action's NextAction (Flow language
// reference, InvokeFlowModule; admin guide, "Flow modules for reusable
// functions"). The module runs in the invoking contact's run: its
// attribute and queue changes stay. An invocation counts towards the run's
// limit of transfers, so that modules invoking each other stop.
func runInvokeFlowModule(st *state, a *Action) (step, error) {
	raw, ok, problem := paramString(a, "FlowModuleId")
	if problem != "" || !ok {
		return problemStep(or(problem, "parameter FlowModuleId is missing"))
	}
	ref, f, err := st.resolveShaped("FlowModuleId", raw, staticOrRef)
	if f != nil || err != nil {
		return step{fail: f}, err
	}
	if st.transfers >= st.maxTransfers {
		return step{end: connect.FlowEnded, fail: failf(NoMatchingError,
			"the run reached its limit of %d transfers to another flow or module", st.maxTransfers)}, nil
	}
	m, err := st.env.FlowModule(st.ctx, ref)
	if err != nil {
		return envStep(err, "FlowModuleId")
	}
	g, err := st.runner.compile(m.Content)
	if err != nil {
		return problemStep(fmt.Sprintf("flow module %s is not valid: %s", m.Name, problemText(err)))
	}
	st.transfers++
	st.frames = append(st.frames, frame{cf: st.cf, g: st.g, next: a.Transitions.NextAction})
	// The module's actions are logged under its ID and name.
	st.cf = &connect.ContactFlow{ID: m.ID, ARN: m.ARN, InstanceID: m.InstanceID, Name: m.Name,
		Content: m.Content, State: m.State, Status: m.Status}
	st.g = g
	return step{jump: g.Start()}, nil
}

func checkInvokeFlowModule(a *Action) []string {
	v, ok, problem := paramString(a, "FlowModuleId")
	switch {
	case problem != "":
		return []string{problem}
	case !ok:
		return []string{"parameter FlowModuleId is missing"}
	case checkShape(v, staticOrRef) != "":
		return []string{"parameter FlowModuleId " + checkShape(v, staticOrRef)}
	}
	return nil
}

// runEndFlowModuleExecution returns from a module to the action after the
// InvokeFlowModule that ran it; the invoking action's NextAction being
// empty, or no module running, ends the run.
func runEndFlowModuleExecution(st *state, _ *Action) (step, error) {
	if len(st.frames) == 0 {
		return step{end: connect.FlowEnded}, nil
	}
	fr := st.frames[len(st.frames)-1]
	st.frames = st.frames[:len(st.frames)-1]
	st.cf, st.g = fr.cf, fr.g
	next, ok := fr.g.Action(fr.next)
	if !ok {
		return step{end: connect.FlowEnded}, nil
	}
	return step{jump: next}, nil
}

// runUpdateFlowLoggingBehavior has no effect: connectd logs every run.
func runUpdateFlowLoggingBehavior(_ *state, a *Action) (step, error) {
	if ps := checkUpdateFlowLoggingBehavior(a); len(ps) > 0 {
		return problemStep(ps[0])
	}
	return step{}, nil
}

func checkUpdateFlowLoggingBehavior(a *Action) []string {
	v, ok, problem := paramString(a, "FlowLoggingBehavior")
	switch {
	case problem != "":
		return []string{problem}
	case !ok:
		return []string{"parameter FlowLoggingBehavior is missing"}
	case v != "Enabled" && v != "Disabled":
		return []string{fmt.Sprintf("parameter FlowLoggingBehavior must be Enabled or Disabled, not %s", q(v))}
	}
	return nil
}

// Loop counts are at most 100 (Flow language reference, Loop).
const maxLoopCount = 100

// runLoop's result is ContinueLooping LoopCount times in a row, then
// DoneLooping once, after which the count starts again. A LoopCount of 0
// gives DoneLooping the first time.
func runLoop(st *state, a *Action) (step, error) {
	raw, ok, problem := paramString(a, "LoopCount")
	if problem != "" || !ok {
		return problemStep(or(problem, "parameter LoopCount is missing"))
	}
	v, err := st.resolve(raw)
	if err != nil {
		return step{}, err
	}
	n, perr := strconv.Atoi(strings.TrimSpace(v))
	if perr != nil || n < 0 || n > maxLoopCount {
		return problemStep(fmt.Sprintf("LoopCount %q is not an integer from 0 to %d", v, maxLoopCount))
	}
	if st.loops == nil {
		st.loops = map[string]int{}
	}
	key := st.cf.ID + "\x00" + a.Identifier
	result := "DoneLooping"
	if st.loops[key] < n {
		st.loops[key]++
		result = "ContinueLooping"
	} else {
		delete(st.loops, key)
	}
	return step{result: &result}, nil
}

func checkLoop(a *Action) []string {
	v, ok, problem := paramString(a, "LoopCount")
	switch {
	case problem != "":
		return []string{problem}
	case !ok:
		return []string{"parameter LoopCount is missing"}
	case !isDynamic(v):
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n > maxLoopCount {
			return []string{fmt.Sprintf("parameter LoopCount must be an integer from 0 to %d, not %s", maxLoopCount, q(v))}
		}
	}
	return nil
}

// runEndFlowExecution ends the run without transferring the contact.
func runEndFlowExecution(*state, *Action) (step, error) {
	return step{end: connect.FlowEnded}, nil
}

// runDisconnectParticipant ends the run and the contact.
func runDisconnectParticipant(*state, *Action) (step, error) {
	return step{end: connect.FlowDisconnected}, nil
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
