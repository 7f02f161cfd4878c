package flow

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// act returns an action object; empty params or transitions are {}.
func act(id, typ, params, transitions string) string {
	if params == "" {
		params = "{}"
	}
	if transitions == "" {
		transitions = "{}"
	}
	return `{"Identifier":"` + id + `","Type":"` + typ + `","Parameters":` + params + `,"Transitions":` + transitions + `}`
}

// Transitions used throughout: on to "done", or to "failed" on any error.
const (
	toDone       = `{"NextAction":"done"}`
	toDoneOrFail = `{"NextAction":"done","Errors":[{"NextAction":"failed","ErrorType":"NoMatchingError"}]}`
)

// flowOf returns a flow that starts at the first action, "a", and has two
// terminal actions "done" and "failed" to branch to.
func flowOf(actions ...string) string {
	return flowJSON(LanguageVersion, "a", append(actions,
		act("done", "EndFlowExecution", "", ""), act("failed", "EndFlowExecution", "", ""))...)
}

type actionCase struct {
	name    string
	typ     string   // the action Type under test
	actions []string // the first is "a"
	setup   func(e *fakeEnv, r *connect.FlowRun)
	outcome connect.FlowOutcome // FlowEnded when empty
	trace   []string            // branches(run)
	errs    []string            // substrings of the log's errors, in order
	check   func(t *testing.T, e *fakeEnv, r *connect.FlowRun)
}

// actionCases covers every action the engine runs, each in success and
// failure.
var actionCases = []actionCase{
	// UpdateContactAttributes.
	{name: "attributes static and dynamic", typ: "UpdateContactAttributes",
		actions: []string{act("a", "UpdateContactAttributes", `{"Attributes":{"route":"billing","who":"$.Name",
			"$.Attributes.tier":"vip","note":"$.Attributes.amount USD for $.Attributes.missing!","ref":"$.References.order.Value"},
			"TargetContact":"Current"}`, toDoneOrFail)},
		trace: []string{"a NextAction", "done End"},
		check: func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
			want := map[string]string{"tier": "gold", "amount": "120.50", "route": "billing", "who": "Refund order 1234",
				"gold": "vip", "note": "120.50 USD for !", "ref": "https://shop.example.com/orders/1234"}
			if diff := cmp.Diff(want, r.Attributes); diff != "" {
				t.Errorf("Attributes (-want +got):\n%s", diff)
			}
		}},
	{name: "attributes none set when one key is invalid", typ: "UpdateContactAttributes",
		actions: []string{act("a", "UpdateContactAttributes", `{"Attributes":{"ok":"1","bad key":"2"}}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"may contain only letters, digits"},
		check:   unchangedAttributes},
	{name: "attributes over 32 KB", typ: "UpdateContactAttributes",
		actions: []string{act("a", "UpdateContactAttributes", `{"Attributes":{"big":"`+strings.Repeat("x", 32768)+`"}}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"at most 32768 bytes"},
		check:   unchangedAttributes},
	{name: "attributes of a related contact the task does not have", typ: "UpdateContactAttributes",
		actions: []string{act("a", "UpdateContactAttributes", `{"Attributes":{"k":"v"},"TargetContact":"Related"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"no related contact"},
		check:   unchangedAttributes},
	{name: "attributes of the related contact", typ: "UpdateContactAttributes",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.Contact.RelatedContactID = "rel-1" },
		actions: []string{act("a", "UpdateContactAttributes", `{"Attributes":{"k":"v"},"TargetContact":"Related"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"connectd does not change a related contact's data"},
		check:   unchangedAttributes},
	{name: "attributes failure without an error branch ends the flow", typ: "UpdateContactAttributes",
		actions: []string{act("a", "UpdateContactAttributes", `{"Attributes":{"bad key":"2"}}`, toDone)},
		trace:   []string{"a End"},
		errs:    []string{"NoMatchingError: the attributes cannot be set"},
		check:   unchangedAttributes},
	{name: "an action without a next action ends the flow", typ: "UpdateContactAttributes",
		actions: []string{act("a", "UpdateContactAttributes", `{"Attributes":{"k":"v"}}`,
			`{"Errors":[{"NextAction":"failed","ErrorType":"NoMatchingError"}]}`)},
		trace: []string{"a End"},
		check: func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
			if r.Attributes["k"] != "v" {
				t.Errorf("Attributes = %v", r.Attributes)
			}
		}},

	// UpdateContactTargetQueue.
	{name: "working queue by ARN", typ: "UpdateContactTargetQueue",
		actions: []string{act("a", "UpdateContactTargetQueue", `{"QueueId":"`+arn("queue", billingQueue)+`"}`, toDoneOrFail)},
		trace:   []string{"a NextAction", "done End"},
		check:   targetQueue(billingQueue)},
	{name: "working queue from an attribute", typ: "UpdateContactTargetQueue",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.Attributes["queue"] = billingQueue },
		actions: []string{act("a", "UpdateContactTargetQueue", `{"QueueId":"$.Attributes.queue"}`, toDoneOrFail)},
		trace:   []string{"a NextAction", "done End"},
		check:   targetQueue(billingQueue)},
	{name: "working queue that does not exist", typ: "UpdateContactTargetQueue",
		actions: []string{act("a", "UpdateContactTargetQueue", `{"QueueId":"`+arn("queue", "gone")+`"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"Queue not found"},
		check:   targetQueue("")},
	{name: "working queue from an empty attribute", typ: "UpdateContactTargetQueue",
		actions: []string{act("a", "UpdateContactTargetQueue", `{"QueueId":"$.Attributes.missing"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"resolves to an empty value"}},
	{name: "working queue of an agent", typ: "UpdateContactTargetQueue",
		actions: []string{act("a", "UpdateContactTargetQueue", `{"AgentId":"`+arn("agent", janeUser)+`"}`, toDoneOrFail)},
		trace:   []string{"a NextAction", "done End"},
		check:   targetQueue(janeQueue)},
	{name: "working queue of an unknown agent", typ: "UpdateContactTargetQueue",
		actions: []string{act("a", "UpdateContactTargetQueue", `{"AgentId":"nobody"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"User not found"}},
	{name: "working queue without QueueId or AgentId", typ: "UpdateContactTargetQueue",
		actions: []string{act("a", "UpdateContactTargetQueue", ``, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"one of QueueId or AgentId is required"}},

	// TransferContactToQueue.
	{name: "transfer to the working queue", typ: "TransferContactToQueue",
		actions: []string{
			act("a", "UpdateContactTargetQueue", `{"QueueId":"`+billingQueue+`"}`, `{"NextAction":"t"}`),
			act("t", "TransferContactToQueue", ``, `{"NextAction":"failed","Errors":[{"NextAction":"failed","ErrorType":"QueueAtCapacity"},{"NextAction":"failed","ErrorType":"NoMatchingError"}]}`)},
		outcome: connect.FlowQueued,
		trace:   []string{"a NextAction", "t End"},
		check:   targetQueue(billingQueue)},
	{name: "transfer to a queue the caller set", typ: "TransferContactToQueue",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.TargetQueueID = billingQueue },
		actions: []string{act("a", "TransferContactToQueue", ``, toDoneOrFail)},
		outcome: connect.FlowQueued,
		trace:   []string{"a End"}},
	{name: "transfer without a working queue", typ: "TransferContactToQueue",
		actions: []string{act("a", "TransferContactToQueue", ``, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"no working queue"}},
	{name: "transfer to a full queue", typ: "TransferContactToQueue",
		setup: func(_ *fakeEnv, r *connect.FlowRun) { r.TargetQueueID = fullQueue },
		actions: []string{act("a", "TransferContactToQueue", ``,
			`{"NextAction":"done","Errors":[{"NextAction":"done","ErrorType":"NoMatchingError"},{"NextAction":"failed","ErrorType":"QueueAtCapacity"}]}`)},
		trace: []string{"a Error:QueueAtCapacity", "failed End"},
		errs:  []string{"holds 2 contacts, its maximum"}},
	{name: "transfer to a full queue without its branch takes NoMatchingError", typ: "TransferContactToQueue",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.TargetQueueID = fullQueue },
		actions: []string{act("a", "TransferContactToQueue", ``, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"holds 2 contacts"}},
	{name: "transfer to a queue with room", typ: "TransferContactToQueue",
		setup:   func(e *fakeEnv, r *connect.FlowRun) { r.TargetQueueID, e.sizes[fullQueue] = fullQueue, 1 },
		actions: []string{act("a", "TransferContactToQueue", ``, toDoneOrFail)},
		outcome: connect.FlowQueued,
		trace:   []string{"a End"}},
	{name: "transfer to a disabled queue", typ: "TransferContactToQueue",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.TargetQueueID = disabledQueue },
		actions: []string{act("a", "TransferContactToQueue", ``, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"queue Legacy is disabled"}},
	{name: "transfer to an agent's queue", typ: "TransferContactToQueue",
		actions: []string{
			act("a", "UpdateContactTargetQueue", `{"AgentId":"`+janeUser+`"}`, `{"NextAction":"t"}`),
			act("t", "TransferContactToQueue", ``, toDoneOrFail)},
		outcome: connect.FlowQueued,
		trace:   []string{"a NextAction", "t End"},
		check:   targetQueue(janeQueue)},

	// TransferContactToAgent.
	{name: "transfer to the agent", typ: "TransferContactToAgent",
		actions: []string{
			act("a", "UpdateContactTargetQueue", `{"AgentId":"`+janeUser+`"}`, `{"NextAction":"t"}`),
			act("t", "TransferContactToAgent", ``, ``)},
		outcome: connect.FlowQueued,
		trace:   []string{"a NextAction", "t End"},
		check:   targetQueue(janeQueue)},
	{name: "transfer to an agent when the working queue is a queue", typ: "TransferContactToAgent",
		actions: []string{
			act("a", "UpdateContactTargetQueue", `{"QueueId":"`+billingQueue+`"}`, `{"NextAction":"t"}`),
			act("t", "TransferContactToAgent", ``, ``)},
		trace: []string{"a NextAction", "t End"},
		errs:  []string{"not an agent's queue"}},

	// UpdateContactData.
	{name: "contact data", typ: "UpdateContactData",
		actions: []string{
			act("a", "UpdateContactData", `{"Name":"$.Name (escalated)","Description":"Tier $.Attributes.tier","LanguageCode":"en-GB",
				"References":{"ticket":{"Type":"NUMBER","Value":"$.Attributes.amount"}},"TargetContact":"Current"}`, `{"NextAction":"b"}`),
			act("b", "UpdateContactAttributes", `{"Attributes":{"lang":"$.LanguageCode"}}`, toDone)},
		trace: []string{"a NextAction", "b NextAction", "done End"},
		check: func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
			c := r.Contact
			if c.Name != "Refund order 1234 (escalated)" || c.Description != "Tier gold" || r.Attributes["lang"] != "en-GB" {
				t.Errorf("Name, Description, lang = %q, %q, %q", c.Name, c.Description, r.Attributes["lang"])
			}
			want := map[string]connect.Reference{"order": {Type: "URL", Value: "https://shop.example.com/orders/1234"},
				"ticket": {Type: "NUMBER", Value: "120.50"}}
			if diff := cmp.Diff(want, c.References); diff != "" {
				t.Errorf("References (-want +got):\n%s", diff)
			}
		}},
	{name: "contact data with an invalid reference changes nothing", typ: "UpdateContactData",
		actions: []string{act("a", "UpdateContactData", `{"Name":"new","References":{"site":{"Type":"URL","Value":"not a url"}}}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"is not a valid URL"},
		check:   unchangedContact},
	{name: "contact data with Voice ID", typ: "UpdateContactData",
		actions: []string{act("a", "UpdateContactData", `{"IsVoiceIdStreamingEnabled":"True","TargetContact":"Current"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"VOICE channel only"}},
	{name: "contact data with a name too long", typ: "UpdateContactData",
		actions: []string{act("a", "UpdateContactData", `{"Name":"`+strings.Repeat("n", 1025)+`"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"longer than 1024"},
		check:   unchangedContact},

	// UpdateContactRoutingBehavior.
	{name: "queue priority", typ: "UpdateContactRoutingBehavior",
		actions: []string{act("a", "UpdateContactRoutingBehavior", `{"QueuePriority":"1"}`, toDone)},
		trace:   []string{"a NextAction", "done End"},
		check: func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
			if r.Contact.QueuePriority != 1 {
				t.Errorf("QueuePriority = %d, want 1", r.Contact.QueuePriority)
			}
		}},
	{name: "queue time adjustment", typ: "UpdateContactRoutingBehavior",
		actions: []string{act("a", "UpdateContactRoutingBehavior", `{"QueueTimeAdjustmentSeconds":"-300"}`, toDone)},
		trace:   []string{"a NextAction", "done End"},
		check: func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
			if r.Contact.QueueTimeAdjustmentSeconds != -300 || r.Contact.QueuePriority != connect.DefaultQueuePriority {
				t.Errorf("QueueTimeAdjustmentSeconds, QueuePriority = %d, %d", r.Contact.QueueTimeAdjustmentSeconds, r.Contact.QueuePriority)
			}
		}},

	// Compare.
	{name: "compare equals", typ: "Compare",
		actions: []string{act("a", "Compare", `{"ComparisonValue":"$.Attributes.tier"}`, compareTransitions)},
		trace:   []string{"a Condition:Equals gold", "gold End"}},
	{name: "compare text starts with", typ: "Compare",
		actions: []string{act("a", "Compare", `{"ComparisonValue":"$.Name"}`, compareTransitions)},
		trace:   []string{"a Condition:TextStartsWith Refund", "refund End"}},
	{name: "compare numbers", typ: "Compare",
		actions: []string{act("a", "Compare", `{"ComparisonValue":"$.Attributes.amount"}`,
			`{"NextAction":"done","Conditions":[{"NextAction":"failed","Condition":{"Operator":"NumberGreaterThan","Operands":["1000"]}},
			{"NextAction":"done","Condition":{"Operator":"NumberGreaterOrEqualTo","Operands":["120.5"]}}]}`)},
		trace: []string{"a Condition:NumberGreaterOrEqualTo 120.5", "done End"}},
	{name: "compare text with a number operator does not hold", typ: "Compare",
		actions: []string{act("a", "Compare", `{"ComparisonValue":"$.Attributes.tier"}`,
			`{"NextAction":"done","Conditions":[{"NextAction":"failed","Condition":{"Operator":"NumberLessThan","Operands":["5"]}}]}`)},
		trace: []string{"a NextAction", "done End"}},
	{name: "compare without a match takes NoMatchingCondition", typ: "Compare",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.Attributes["tier"] = "silver"; r.Contact.Name = "Call back" },
		actions: []string{act("a", "Compare", `{"ComparisonValue":"$.Attributes.tier"}`, compareTransitions)},
		trace:   []string{"a Error:NoMatchingCondition", "failed End"},
		errs:    []string{`no condition matched "silver"`}},
	{name: "compare a missing attribute", typ: "Compare",
		actions: []string{act("a", "Compare", `{"ComparisonValue":"$.Attributes.missing"}`,
			`{"NextAction":"failed","Conditions":[{"NextAction":"done","Condition":{"Operator":"Equals","Operands":[""]}}]}`)},
		trace: []string{"a Condition:Equals ", "done End"}},

	// DistributeByPercentage.
	{name: "percentage first slice", typ: "DistributeByPercentage",
		setup:   func(e *fakeEnv, _ *connect.FlowRun) { e.percents = []int{9} },
		actions: []string{act("a", "DistributeByPercentage", ``, percentTransitions)},
		trace:   []string{"a Condition:NumberLessThan 11", "ten End"}},
	{name: "percentage second slice", typ: "DistributeByPercentage",
		setup:   func(e *fakeEnv, _ *connect.FlowRun) { e.percents = []int{10} },
		actions: []string{act("a", "DistributeByPercentage", ``, percentTransitions)},
		trace:   []string{"a Condition:NumberLessThan 51", "forty End"}},
	{name: "percentage rest", typ: "DistributeByPercentage",
		setup:   func(e *fakeEnv, _ *connect.FlowRun) { e.percents = []int{99} },
		actions: []string{act("a", "DistributeByPercentage", ``, percentTransitions)},
		trace:   []string{"a Error:NoMatchingCondition", "done End"},
		errs:    []string{`no condition matched "100"`}},

	// CheckMetricData (Check staffing).
	{name: "agents available in the working queue", typ: "CheckMetricData",
		setup: func(e *fakeEnv, r *connect.FlowRun) {
			r.TargetQueueID, e.staffing = officeQueue, map[string][2]int{officeQueue: {1, 2}}
		},
		actions: []string{act("a", "CheckMetricData", `{"MetricType":"NumberOfAgentsAvailable"}`, staffingTransitions)},
		trace:   []string{"a Condition:NumberGreaterThan 0", "open End"}},
	{name: "no agent available", typ: "CheckMetricData",
		setup: func(e *fakeEnv, r *connect.FlowRun) {
			r.TargetQueueID, e.staffing = officeQueue, map[string][2]int{officeQueue: {0, 2}}
		},
		actions: []string{act("a", "CheckMetricData", `{"MetricType":"NumberOfAgentsAvailable"}`, staffingTransitions)},
		trace:   []string{"a Error:NoMatchingCondition", "closed End"},
		errs:    []string{`no condition matched "0"`}},
	{name: "agents staffed in a named queue", typ: "CheckMetricData",
		setup:   func(e *fakeEnv, _ *connect.FlowRun) { e.staffing = map[string][2]int{fullQueue: {0, 1}} },
		actions: []string{act("a", "CheckMetricData", `{"MetricType":"NumberOfAgentsStaffed","QueueId":"`+fullQueue+`"}`, staffingTransitions)},
		trace:   []string{"a Condition:NumberGreaterThan 0", "open End"}},
	{name: "contacts in queue", typ: "CheckMetricData",
		actions: []string{act("a", "CheckMetricData", `{"MetricType":"NumberOfContactsInQueue","QueueId":"`+fullQueue+`"}`,
			`{"NextAction":"done","Conditions":[{"NextAction":"open","Condition":{"Operator":"NumberGreaterOrEqualTo","Operands":["2"]}}]}`)},
		trace: []string{"a Condition:NumberGreaterOrEqualTo 2", "open End"}},
	{name: "metric without a queue", typ: "CheckMetricData",
		actions: []string{act("a", "CheckMetricData", `{"MetricType":"NumberOfAgentsOnline"}`, staffingTransitions)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"no working queue"}},

	// CheckHoursOfOperation.
	{name: "hours named, open", typ: "CheckHoursOfOperation",
		actions: []string{act("a", "CheckHoursOfOperation", `{"HoursOfOperationId":"`+arn("operating-hours", officeHours)+`"}`, hoursTransitions)},
		trace:   []string{"a Condition:Equals True", "open End"}},
	{name: "hours named, closed", typ: "CheckHoursOfOperation",
		setup:   func(e *fakeEnv, _ *connect.FlowRun) { e.now = monday10am.Add(-2 * time.Hour) },
		actions: []string{act("a", "CheckHoursOfOperation", `{"HoursOfOperationId":"`+officeHours+`"}`, hoursTransitions)},
		trace:   []string{"a Condition:Equals False", "closed End"}},
	{name: "hours of the working queue", typ: "CheckHoursOfOperation",
		setup: func(e *fakeEnv, r *connect.FlowRun) {
			r.TargetQueueID, e.now = officeQueue, monday10am.Add(8*time.Hour)
		},
		actions: []string{act("a", "CheckHoursOfOperation", ``, hoursTransitions)},
		trace:   []string{"a Condition:Equals False", "closed End"}},
	{name: "hours without a working queue", typ: "CheckHoursOfOperation",
		actions: []string{act("a", "CheckHoursOfOperation", ``, hoursTransitions)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"no working queue"}},
	{name: "hours of an agent's queue", typ: "CheckHoursOfOperation",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.TargetQueueID = janeQueue },
		actions: []string{act("a", "CheckHoursOfOperation", ``, hoursTransitions)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"has no hours of operation"}},
	{name: "hours that do not exist", typ: "CheckHoursOfOperation",
		actions: []string{act("a", "CheckHoursOfOperation", `{"HoursOfOperationId":"gone"}`, hoursTransitions)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"Hours of operation not found"}},
	{name: "hours in an unknown time zone", typ: "CheckHoursOfOperation",
		setup:   func(e *fakeEnv, _ *connect.FlowRun) { e.hours[officeHours].TimeZone = "Mars/Olympus_Mons" },
		actions: []string{act("a", "CheckHoursOfOperation", `{"HoursOfOperationId":"`+officeHours+`"}`, hoursTransitions)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"unknown time zone"}},

	// TransferToFlow.
	{name: "transfer to a flow", typ: "TransferToFlow",
		actions: []string{act("a", "TransferToFlow", `{"ContactFlowId":"`+arn("contact-flow", followUpFlow)+`"}`, toDoneOrFail)},
		trace:   []string{"a NextAction", "sub-attrs NextAction", "sub-end End"},
		check: func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
			if r.Attributes["via"] != "follow-up" {
				t.Errorf("Attributes = %v", r.Attributes)
			}
			var flows []string
			for _, e := range r.Log {
				flows = append(flows, e.ContactFlowName)
			}
			if diff := cmp.Diff([]string{"Main", "Follow-up", "Follow-up"}, flows); diff != "" {
				t.Errorf("log flow names (-want +got):\n%s", diff)
			}
		}},
	{name: "transfer to a flow that does not exist", typ: "TransferToFlow",
		actions: []string{act("a", "TransferToFlow", `{"ContactFlowId":"gone"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"Contact flow not found"}},
	{name: "transfer to a flow that is not published", typ: "TransferToFlow",
		actions: []string{act("a", "TransferToFlow", `{"ContactFlowId":"`+savedFlow+`"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"flow Draft is not published"}},
	{name: "transfer to a flow with invalid content", typ: "TransferToFlow",
		setup: func(e *fakeEnv, _ *connect.FlowRun) {
			e.flows["broken"] = &connect.ContactFlow{ID: "broken", Name: "Broken", Status: connect.FlowPublished, Content: `{"Version":"2019-10-30"}`}
		},
		actions: []string{act("a", "TransferToFlow", `{"ContactFlowId":"broken"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"flow Broken is not valid: StartAction is missing; Actions is empty"}},

	// InvokeFlowModule and EndFlowModuleExecution.
	{name: "invoke a module, which returns to the next action", typ: "InvokeFlowModule",
		actions: []string{act("a", "InvokeFlowModule", `{"FlowModuleId":"`+arn("flow-module", tagModule)+`"}`,
			`{"NextAction":"after","Errors":[{"NextAction":"failed","ErrorType":"NoMatchingError"}]}`),
			act("after", "UpdateContactAttributes", `{"Attributes":{"back":"$.Attributes.via"}}`, toDone)},
		trace: []string{"a NextAction", "mod-attrs NextAction", "mod-end NextAction", "after NextAction", "done End"},
		check: func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
			if r.Attributes["via"] != "module" || r.Attributes["back"] != "module" {
				t.Errorf("Attributes = %v, want via and back set by the module", r.Attributes)
			}
			var flows []string
			for _, e := range r.Log {
				flows = append(flows, e.ContactFlowName)
			}
			if diff := cmp.Diff([]string{"Main", "Tagging", "Tagging", "Main", "Main"}, flows); diff != "" {
				t.Errorf("log flow names (-want +got):\n%s", diff)
			}
		}},
	{name: "invoke a module that does not exist", typ: "InvokeFlowModule",
		actions: []string{act("a", "InvokeFlowModule", `{"FlowModuleId":"gone"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"Flow module not found"}},
	{name: "invoke a module by a dynamic ID", typ: "InvokeFlowModule",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.Attributes["module"] = tagModule },
		actions: []string{act("a", "InvokeFlowModule", `{"FlowModuleId":"$.Attributes.module"}`, toDoneOrFail)},
		trace:   []string{"a NextAction", "mod-attrs NextAction", "mod-end NextAction", "done End"}},
	{name: "end module execution outside a module ends the flow", typ: "EndFlowModuleExecution",
		actions: []string{act("a", "EndFlowModuleExecution", "", "")},
		trace:   []string{"a End"}},

	// CreateTask.
	{name: "create a task", typ: "CreateTask",
		actions: []string{
			act("a", "CreateTask", `{"Name":"Follow up: $.Name","Description":"From $.ContactId","ContactFlowId":"`+arn("contact-flow", followUpFlow)+`",
				"Attributes":{"parent":"$.ContactId","tier":"$.Attributes.tier"},"References":{"order":{"Type":"URL","Value":"$.References.order.Value"}},
				"DelaySeconds":"3600"}`, `{"NextAction":"b","Errors":[{"NextAction":"failed","ErrorType":"NoMatchingError"}]}`),
			act("b", "UpdateContactAttributes", `{"Attributes":{"followUp":"$.Task.ContactId"}}`, toDone)},
		trace: []string{"a NextAction", "b NextAction", "done End"},
		check: func(t *testing.T, e *fakeEnv, r *connect.FlowRun) {
			at := monday10am.Add(time.Hour)
			want := []connect.StartTaskInput{{InstanceID: instanceID, Name: "Follow up: Refund order 1234", Description: "From " + contactID,
				ContactFlowID: followUpFlow, Attributes: map[string]string{"parent": contactID, "tier": "gold"},
				References:    map[string]connect.Reference{"order": {Type: "URL", Value: "https://shop.example.com/orders/1234"}},
				ScheduledTime: &at}}
			if diff := cmp.Diff(want, e.created); diff != "" {
				t.Errorf("created (-want +got):\n%s", diff)
			}
			if r.Attributes["followUp"] != "task-1" {
				t.Errorf("$.Task.ContactId = %q, want task-1", r.Attributes["followUp"])
			}
		}},
	{name: "create a task at a time from an attribute", typ: "CreateTask",
		setup: func(_ *fakeEnv, r *connect.FlowRun) {
			r.Attributes["when"] = "1780322400" // 2026-06-01T14:00:00Z
		},
		actions: []string{act("a", "CreateTask", `{"Name":"Later","ContactFlowId":"`+followUpFlow+`","ScheduledTime":"$.Attributes.when"}`, toDoneOrFail)},
		trace:   []string{"a NextAction", "done End"},
		check: func(t *testing.T, e *fakeEnv, _ *connect.FlowRun) {
			if len(e.created) != 1 || e.created[0].ScheduledTime == nil || !e.created[0].ScheduledTime.Equal(time.Unix(1780322400, 0)) {
				t.Errorf("created = %+v", e.created)
			}
		}},
	{name: "create a task for a flow that does not exist", typ: "CreateTask",
		actions: []string{act("a", "CreateTask", `{"Name":"x","ContactFlowId":"gone"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"Contact flow not found"},
		check:   noTasks},
	{name: "create a task StartTaskContact refuses", typ: "CreateTask",
		setup: func(e *fakeEnv, _ *connect.FlowRun) {
			e.refuse = connect.Errorf(connect.QuotaExceeded, "At most 12 tasks can share the PreviousContactId.")
		},
		actions: []string{act("a", "CreateTask", `{"Name":"x","ContactFlowId":"`+followUpFlow+`"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"the task cannot be created: At most 12 tasks"}},
	{name: "create a task with a delay out of range", typ: "CreateTask",
		setup:   func(_ *fakeEnv, r *connect.FlowRun) { r.Attributes["delay"] = "0" },
		actions: []string{act("a", "CreateTask", `{"Name":"x","ContactFlowId":"`+followUpFlow+`","DelaySeconds":"$.Attributes.delay"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{`DelaySeconds "0" is not an integer from 1 to 518400`},
		check:   noTasks},

	// TagContact and UnTagContact.
	{name: "tag", typ: "TagContact",
		actions: []string{act("a", "TagContact", `{"Tags":{"priority":"$.Attributes.tier","team":"refunds"}}`, toDone)},
		trace:   []string{"a NextAction", "done End"},
		check:   contactTags(map[string]string{"team": "refunds", "priority": "gold"})},
	{name: "tag with a system key", typ: "TagContact",
		actions: []string{act("a", "TagContact", `{"Tags":{"aws:x":"1","ok":"2"}}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"system tag"},
		check:   contactTags(map[string]string{"team": "billing"})},
	{name: "untag", typ: "UnTagContact",
		actions: []string{act("a", "UnTagContact", `{"TagKeys":["team","absent"]}`, toDone)},
		trace:   []string{"a NextAction", "done End"},
		check:   contactTags(map[string]string{})},
	{name: "untag a system key", typ: "UnTagContact",
		actions: []string{act("a", "UnTagContact", `{"TagKeys":["aws:connect:x"]}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"system tag"},
		check:   contactTags(map[string]string{"team": "billing"})},

	// Actions with no effect on a task.
	{name: "message", typ: "MessageParticipant",
		actions: []string{act("a", "MessageParticipant", `{"Text":"Hello $.Name"}`, toDoneOrFail)},
		trace:   []string{"a NextAction", "done End"},
		check:   unchangedContact},
	{name: "voice", typ: "UpdateContactTextToSpeechVoice",
		actions: []string{act("a", "UpdateContactTextToSpeechVoice", `{"TextToSpeechVoice":"Joanna"}`, toDoneOrFail)},
		trace:   []string{"a NextAction", "done End"}},
	{name: "logging", typ: "UpdateFlowLoggingBehavior",
		actions: []string{act("a", "UpdateFlowLoggingBehavior", `{"FlowLoggingBehavior":"Disabled"}`, toDone)},
		trace:   []string{"a NextAction", "done End"}},

	// Loop.
	{name: "loop twice", typ: "Loop",
		actions: []string{
			act("a", "Loop", `{"LoopCount":"2"}`, `{"Conditions":[{"NextAction":"b","Condition":{"Operator":"Equals","Operands":["ContinueLooping"]}},
				{"NextAction":"done","Condition":{"Operator":"Equals","Operands":["DoneLooping"]}}]}`),
			act("b", "MessageParticipant", `{"Text":"again"}`, `{"NextAction":"a"}`)},
		trace: []string{"a Condition:Equals ContinueLooping", "b NextAction", "a Condition:Equals ContinueLooping", "b NextAction",
			"a Condition:Equals DoneLooping", "done End"}},
	{name: "loop zero times", typ: "Loop",
		actions: []string{act("a", "Loop", `{"LoopCount":"0"}`, `{"Conditions":[{"NextAction":"failed","Condition":{"Operator":"Equals","Operands":["ContinueLooping"]}},
			{"NextAction":"done","Condition":{"Operator":"Equals","Operands":["DoneLooping"]}}]}`)},
		trace: []string{"a Condition:Equals DoneLooping", "done End"}},

	// Terminal actions.
	{name: "end", typ: "EndFlowExecution",
		actions: []string{act("a", "EndFlowExecution", ``, ``)},
		trace:   []string{"a End"}},
	{name: "disconnect", typ: "DisconnectParticipant",
		actions: []string{act("a", "DisconnectParticipant", ``, ``)},
		outcome: connect.FlowDisconnected,
		trace:   []string{"a End"}},

	// Actions connectd does not run.
	{name: "unsupported action takes its error branch", typ: "InvokeLambdaFunction",
		actions: []string{act("a", "InvokeLambdaFunction", `{"LambdaFunctionARN":"arn:aws:lambda:us-east-1:111122223333:function:f"}`, toDoneOrFail)},
		trace:   []string{"a Error:NoMatchingError", "failed End"},
		errs:    []string{"connectd does not implement the InvokeLambdaFunction action"}},
	{name: "action not for tasks without an error branch ends the flow", typ: "StartVoiceIdStream",
		actions: []string{act("a", "StartVoiceIdStream", ``, toDone)},
		trace:   []string{"a End"},
		errs:    []string{"NoMatchingError: StartVoiceIdStream is not supported on the TASK channel (the action has no branch for it; the flow ends)"}},
}

const (
	compareTransitions = `{"NextAction":"done","Conditions":[
		{"NextAction":"gold","Condition":{"Operator":"Equals","Operands":["gold"]}},
		{"NextAction":"refund","Condition":{"Operator":"TextStartsWith","Operands":["Refund"]}}],
		"Errors":[{"NextAction":"failed","ErrorType":"NoMatchingCondition"}]}`
	percentTransitions = `{"NextAction":"done","Conditions":[
		{"NextAction":"ten","Condition":{"Operator":"NumberLessThan","Operands":["11"]}},
		{"NextAction":"forty","Condition":{"Operator":"NumberLessThan","Operands":["51"]}}],
		"Errors":[{"NextAction":"done","ErrorType":"NoMatchingCondition"}]}`
	hoursTransitions = `{"NextAction":"done","Conditions":[
		{"NextAction":"open","Condition":{"Operator":"Equals","Operands":["True"]}},
		{"NextAction":"closed","Condition":{"Operator":"Equals","Operands":["False"]}}],
		"Errors":[{"NextAction":"failed","ErrorType":"NoMatchingError"}]}`
)

// branchTargets are extra terminal actions the condition tests branch to.
// staffingTransitions: Check staffing's True (open) and False (closed).
const staffingTransitions = `{"NextAction":"done","Conditions":[
		{"NextAction":"open","Condition":{"Operator":"NumberGreaterThan","Operands":["0"]}}],
		"Errors":[{"NextAction":"failed","ErrorType":"NoMatchingError"},{"NextAction":"closed","ErrorType":"NoMatchingCondition"}]}`

var branchTargets = []string{
	act("gold", "EndFlowExecution", "", ""), act("refund", "EndFlowExecution", "", ""),
	act("ten", "EndFlowExecution", "", ""), act("forty", "EndFlowExecution", "", ""),
	act("open", "EndFlowExecution", "", ""), act("closed", "EndFlowExecution", "", ""),
}

func unchangedAttributes(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
	t.Helper()
	if diff := cmp.Diff(newRun().Attributes, r.Attributes); diff != "" {
		t.Errorf("Attributes changed (-want +got):\n%s", diff)
	}
}

func unchangedContact(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
	t.Helper()
	if diff := cmp.Diff(newRun().Contact, r.Contact); diff != "" {
		t.Errorf("Contact changed (-want +got):\n%s", diff)
	}
}

func targetQueue(id string) func(*testing.T, *fakeEnv, *connect.FlowRun) {
	return func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
		t.Helper()
		if r.TargetQueueID != id {
			t.Errorf("TargetQueueID = %q, want %q", r.TargetQueueID, id)
		}
	}
}

func contactTags(want map[string]string) func(*testing.T, *fakeEnv, *connect.FlowRun) {
	return func(t *testing.T, _ *fakeEnv, r *connect.FlowRun) {
		t.Helper()
		if diff := cmp.Diff(want, r.Contact.Tags); diff != "" {
			t.Errorf("Tags (-want +got):\n%s", diff)
		}
	}
}

func noTasks(t *testing.T, e *fakeEnv, _ *connect.FlowRun) {
	t.Helper()
	if len(e.created) != 0 {
		t.Errorf("created %d tasks, want none", len(e.created))
	}
}

func TestActions(t *testing.T) {
	t.Parallel()
	for _, tc := range actionCases {
		t.Run(tc.typ+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			env, run := newEnv(), newRun()
			if tc.setup != nil {
				tc.setup(env, run)
			}
			runContent(t, env, run, flowOf(append(tc.actions, branchTargets...)...))
			want := tc.outcome
			if want == "" {
				want = connect.FlowEnded
			}
			if run.Outcome != want {
				t.Errorf("Outcome = %s, want %s", run.Outcome, want)
			}
			if diff := cmp.Diff(tc.trace, branches(run)); diff != "" {
				t.Errorf("branches (-want +got):\n%s\ntrace: %q", diff, trace(run))
			}
			var errs []string
			for _, e := range run.Log {
				if e.Error != "" {
					errs = append(errs, e.Error)
				}
			}
			if len(errs) != len(tc.errs) {
				t.Errorf("log errors = %q, want ones containing %q", errs, tc.errs)
			} else {
				for i := range errs {
					if !strings.Contains(errs[i], tc.errs[i]) {
						t.Errorf("log error %d = %q, want it to contain %q", i, errs[i], tc.errs[i])
					}
				}
			}
			if tc.check != nil {
				tc.check(t, env, run)
			}
		})
	}
}

// requiredTypes are the actions the engine must run (the list).
var requiredTypes = []string{
	"UpdateContactAttributes", "UpdateContactTargetQueue", "TransferContactToQueue", "TransferContactToAgent",
	"UpdateContactData", "UpdateContactRoutingBehavior", "Compare", "DistributeByPercentage", "CheckHoursOfOperation",
	"TransferToFlow", "CreateTask", "TagContact", "UnTagContact", "MessageParticipant", "UpdateFlowLoggingBehavior",
	"EndFlowExecution", "DisconnectParticipant",
}

// TestEveryActionCovered checks that every required action runs, that every
// action the engine runs is documented and has table cases, and that every
// documented action is either run or refused with a reason.
func TestEveryActionCovered(t *testing.T) {
	t.Parallel()
	tested := map[string]int{}
	for _, tc := range actionCases {
		tested[tc.typ]++
	}
	for _, typ := range requiredTypes {
		if _, ok := runners[typ]; !ok {
			t.Errorf("required action %s has no runner", typ)
		}
	}
	for _, typ := range SupportedTypes() {
		if !IsKnownType(typ) {
			t.Errorf("runner for undocumented action %s", typ)
		}
		if tested[typ] == 0 {
			t.Errorf("action %s has no table case", typ)
		}
	}
	for typ := range checks {
		if _, ok := runners[typ]; !ok {
			t.Errorf("check for %s, which has no runner", typ)
		}
	}
	for _, typ := range KnownTypes() {
		if _, ok := runners[typ]; !ok && !strings.Contains(unsupported(typ), typ) {
			t.Errorf("unsupported(%s) = %q does not name it", typ, unsupported(typ))
		}
	}
}
