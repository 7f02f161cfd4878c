package flow

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestValidateParameters covers the save-time checks of the actions the
// engine runs: documented required parameters, mutually exclusive ones,
// static-only values, and the conditions some actions must have.
func TestValidateParameters(t *testing.T) {
	t.Parallel()
	one := func(a string) string {
		return flowJSON(LanguageVersion, "a", a, act("done", "EndFlowExecution", "", ""))
	}
	tests := []struct {
		name   string
		action string
		want   []string
	}{
		// UpdateContactAttributes.
		{"attributes", act("a", "UpdateContactAttributes", `{"Attributes":{"k":"$.Name"},"TargetContact":"Related"}`, toDone), nil},
		{"attributes missing", act("a", "UpdateContactAttributes", ``, toDone), []string{"Action 'a': parameter Attributes is missing"}},
		{"attributes not strings", act("a", "UpdateContactAttributes", `{"Attributes":{"k":{"v":1}}}`, toDone),
			[]string{"Action 'a': parameter Attributes.k must be a string"}},
		{"attributes as a string", act("a", "UpdateContactAttributes", `{"Attributes":"k=v"}`, toDone),
			[]string{"Action 'a': parameter Attributes must be an object of strings"}},
		{"attributes target", act("a", "UpdateContactAttributes", `{"Attributes":{"k":"v"},"TargetContact":"Previous"}`, toDone),
			[]string{"Action 'a': parameter TargetContact must be Current or Related, not 'Previous'"}},

		// UpdateContactTargetQueue.
		{"queue and agent", act("a", "UpdateContactTargetQueue", `{"QueueId":"q","AgentId":"u"}`, toDone),
			[]string{"Action 'a': QueueId and AgentId cannot both be specified"}},
		{"queue by reference", act("a", "UpdateContactTargetQueue", `{"QueueId":"$.Attributes.q"}`, toDone), nil},
		{"queue in text", act("a", "UpdateContactTargetQueue", `{"QueueId":"queue/$.Attributes.q"}`, toDone),
			[]string{"Action 'a': parameter QueueId must be static or a single JSONPath reference"}},
		{"agent in text", act("a", "UpdateContactTargetQueue", `{"AgentId":"$.Attributes.a$.Attributes.b"}`, toDone),
			[]string{"Action 'a': parameter AgentId must be static or a single JSONPath reference"}},
		{"queue as a number", act("a", "UpdateContactTargetQueue", `{"QueueId":["q"]}`, toDone),
			[]string{"Action 'a': parameter QueueId must be a string"}},

		// UpdateContactData.
		{"contact data", act("a", "UpdateContactData", `{"Name":"n","References":{"r":{"Type":"URL","Value":"https://x"}},"TargetContact":"Current"}`, toDone), nil},
		{"contact data reference shape", act("a", "UpdateContactData", `{"References":{"r":"https://x"}}`, toDone),
			[]string{`Action 'a': parameter References.r must be an object {"Type": ..., "Value": ...}`}},
		{"contact data reference without type", act("a", "UpdateContactData", `{"References":{"r":{"Value":"v"}}}`, toDone),
			[]string{`Action 'a': parameter References.r must be an object {"Type": ..., "Value": ...}`}},

		// UpdateContactRoutingBehavior.
		{"priority", act("a", "UpdateContactRoutingBehavior", `{"QueuePriority":"2"}`, toDone), nil},
		{"priority as a number", act("a", "UpdateContactRoutingBehavior", `{"QueuePriority":2}`, toDone), nil},
		{"priority zero", act("a", "UpdateContactRoutingBehavior", `{"QueuePriority":"0"}`, toDone),
			[]string{"Action 'a': parameter QueuePriority must be a static integer greater than zero, not '0'"}},
		{"priority dynamic", act("a", "UpdateContactRoutingBehavior", `{"QueuePriority":"$.Attributes.p"}`, toDone),
			[]string{"Action 'a': parameter QueuePriority must be a static integer greater than zero, not '$.Attributes.p'"}},
		{"adjustment", act("a", "UpdateContactRoutingBehavior", `{"QueueTimeAdjustmentSeconds":"-60"}`, toDone), nil},
		{"adjustment not an integer", act("a", "UpdateContactRoutingBehavior", `{"QueueTimeAdjustmentSeconds":"1.5"}`, toDone),
			[]string{"Action 'a': parameter QueueTimeAdjustmentSeconds must be a static integer, not '1.5'"}},
		{"priority and adjustment", act("a", "UpdateContactRoutingBehavior", `{"QueuePriority":"1","QueueTimeAdjustmentSeconds":"5"}`, toDone),
			[]string{"Action 'a': QueuePriority and QueueTimeAdjustmentSeconds cannot both be specified"}},
		{"neither priority nor adjustment", act("a", "UpdateContactRoutingBehavior", ``, toDone),
			[]string{"Action 'a': one of QueuePriority or QueueTimeAdjustmentSeconds is required"}},

		// Compare.
		{"compare without a value", act("a", "Compare", ``, toDone), []string{"Action 'a': parameter ComparisonValue is missing"}},

		// DistributeByPercentage.
		{"percentages", act("a", "DistributeByPercentage", ``,
			`{"NextAction":"done","Conditions":[{"NextAction":"done","Condition":{"Operator":"NumberLessThan","Operands":["34"]}},
			{"NextAction":"done","Condition":{"Operator":"NumberLessThan","Operands":["34"]}},
			{"NextAction":"done","Condition":{"Operator":"NumberLessThan","Operands":["100"]}}]}`), nil},
		{"percentages with another operator", act("a", "DistributeByPercentage", ``,
			`{"NextAction":"done","Conditions":[{"NextAction":"done","Condition":{"Operator":"Equals","Operands":["5"]}}]}`),
			[]string{"Action 'a': conditions must use NumberLessThan, not 'Equals'"}},
		{"percentages falling", act("a", "DistributeByPercentage", ``,
			`{"NextAction":"done","Conditions":[{"NextAction":"done","Condition":{"Operator":"NumberLessThan","Operands":["50"]}},
			{"NextAction":"done","Condition":{"Operator":"NumberLessThan","Operands":["20"]}}]}`),
			[]string{"Action 'a': conditions must compare rising whole numbers from 1 to 100, not '20'"}},
		{"percentages over 100", act("a", "DistributeByPercentage", ``,
			`{"NextAction":"done","Conditions":[{"NextAction":"done","Condition":{"Operator":"NumberLessThan","Operands":["101"]}}]}`),
			[]string{"Action 'a': conditions must compare rising whole numbers from 1 to 100, not '101'"}},

		// CheckHoursOfOperation.
		{"hours", act("a", "CheckHoursOfOperation", `{"HoursOfOperationId":"$.Attributes.h"}`, hoursTransitionsToDone), nil},
		{"hours without False", act("a", "CheckHoursOfOperation", ``,
			`{"NextAction":"done","Conditions":[{"NextAction":"done","Condition":{"Operator":"Equals","Operands":["True"]}}]}`),
			[]string{"Action 'a': conditions must be Equals True and Equals False"}},
		{"hours with another condition", act("a", "CheckHoursOfOperation", ``,
			`{"NextAction":"done","Conditions":[{"NextAction":"done","Condition":{"Operator":"TextStartsWith","Operands":["T"]}}]}`),
			[]string{"Action 'a': conditions must be Equals True and Equals False"}},

		// TransferToFlow.
		{"transfer without a flow", act("a", "TransferToFlow", ``, ``), []string{"Action 'a': parameter ContactFlowId is missing"}},
		{"transfer to a flow in text", act("a", "TransferToFlow", `{"ContactFlowId":"flow $.Attributes.f"}`, ``),
			[]string{"Action 'a': parameter ContactFlowId must be static or a single JSONPath reference"}},

		// CreateTask.
		{"task", act("a", "CreateTask", `{"Name":"n","ContactFlowId":"f","DelaySeconds":"518400"}`, toDone), nil},
		{"task from a template", act("a", "CreateTask", `{"TaskTemplateId":"t"}`, toDone), nil},
		{"task without a flow", act("a", "CreateTask", `{"Name":"n"}`, toDone),
			[]string{"Action 'a': one of ContactFlowId or TaskTemplateId is required"}},
		{"task delay and time", act("a", "CreateTask", `{"Name":"n","ContactFlowId":"f","DelaySeconds":"60","ScheduledTime":"1780322400"}`, toDone),
			[]string{"Action 'a': DelaySeconds and ScheduledTime cannot both be specified"}},
		{"task delay too long", act("a", "CreateTask", `{"Name":"n","ContactFlowId":"f","DelaySeconds":"518401"}`, toDone),
			[]string{"Action 'a': parameter DelaySeconds must be an integer from 1 to 518400, not '518401'"}},
		{"task template dynamic", act("a", "CreateTask", `{"TaskTemplateId":"$.Attributes.t"}`, toDone),
			[]string{"Action 'a': parameter TaskTemplateId must be static"}},

		// TagContact and UnTagContact.
		{"tags missing", act("a", "TagContact", ``, toDone), []string{"Action 'a': parameter Tags is missing"}},
		{"too many tags", act("a", "TagContact", `{"Tags":{"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7"}}`, toDone),
			[]string{"Action 'a': parameter Tags must hold 1 to 6 tags"}},
		{"untag", act("a", "UnTagContact", `{"TagKeys":["a"]}`, toDone), nil},
		{"untag dynamic", act("a", "UnTagContact", `{"TagKeys":["$.Attributes.k"]}`, toDone),
			[]string{"Action 'a': parameter TagKeys must be static"}},
		{"untag not a list", act("a", "UnTagContact", `{"TagKeys":"a"}`, toDone),
			[]string{"Action 'a': parameter TagKeys must be an array of strings"}},

		// UpdateFlowLoggingBehavior and Loop.
		{"logging", act("a", "UpdateFlowLoggingBehavior", `{"FlowLoggingBehavior":"Enabled"}`, toDone), nil},
		{"logging value", act("a", "UpdateFlowLoggingBehavior", `{"FlowLoggingBehavior":"On"}`, toDone),
			[]string{"Action 'a': parameter FlowLoggingBehavior must be Enabled or Disabled, not 'On'"}},
		{"loop count", act("a", "Loop", `{"LoopCount":"101"}`, toDone),
			[]string{"Action 'a': parameter LoopCount must be an integer from 0 to 100, not '101'"}},
		{"loop count dynamic", act("a", "Loop", `{"LoopCount":"$.Attributes.n"}`, toDone), nil},

		// Actions the engine does not run are not checked.
		{"unsupported action", act("a", "InvokeLambdaFunction", `{"Anything":[1,2]}`, toDone), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, err := Parse(one(tt.action))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, messages(Validate(f))); diff != "" {
				t.Errorf("Validate (-want +got):\n%s", diff)
			}
		})
	}
}

const hoursTransitionsToDone = `{"NextAction":"done","Conditions":[
	{"NextAction":"done","Condition":{"Operator":"Equals","Operands":["True"]}},
	{"NextAction":"done","Condition":{"Operator":"Equals","Operands":["False"]}}]}`
