package e2e

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// The operations Terraform's aws_connect_* resources call, through the SDK:
// each one's answers, rules and errors (type and HTTP status).

// tfOpsSetup is agSetup on a connectd that also knows a key of another
// account (permissive mode: the default key is the default account), and
// returns a client of that account too.
func tfOpsSetup(t *testing.T) (*agEnv, *connect.Client) {
	t.Helper()
	creds := resWriteCredentials(t, [3]string{"AKIDOTHERACCOUNT", "other-secret", "222233334444"})
	s := startServer(t, "", "--credentials", creds)
	e := &agEnv{s: s, c: s.client(t), inst: s.InstanceID, sp: map[string]string{}}
	e.hours, e.queue = resDefaults(t, e.c, e.inst)
	e.rp, e.sp, e.available, e.offline = agDefaults(t, e.c, e.inst)
	return e, s.client(t, withKey("AKIDOTHERACCOUNT", "other-secret"))
}

func TestInstanceAttributesSDK(t *testing.T) {
	t.Parallel()
	e, other := tfOpsSetup(t)
	c := e.c
	created, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
		InstanceAlias: aws.String("attrs"), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(false)})
	if err != nil {
		t.Fatal(err)
	}
	inst := aws.ToString(created.Id)

	// Every attribute type the model lists, in pages of at most 7.
	p := connect.NewListInstanceAttributesPaginator(c, &connect.ListInstanceAttributesInput{InstanceId: &inst})
	got := map[types.InstanceAttributeType]string{}
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, a := range page.Attributes {
			got[a.AttributeType] = aws.ToString(a.Value)
		}
	}
	if len(got) != len(types.InstanceAttributeType("").Values()) || pages != 2 {
		t.Errorf("ListInstanceAttributes: %d attributes in %d pages, want every type (%d) in 2", len(got), pages, len(types.InstanceAttributeType("").Values()))
	}
	for typ, want := range map[types.InstanceAttributeType]string{"INBOUND_CALLS": "true", "OUTBOUND_CALLS": "false",
		"CONTACT_LENS": "true", "CONTACTFLOW_LOGS": "false", "EARLY_MEDIA": "true", "AUTO_RESOLVE_BEST_VOICES": "true"} {
		if got[typ] != want {
			t.Errorf("new instance's %s = %q, want %q", typ, got[typ], want)
		}
	}

	if _, err := c.UpdateInstanceAttribute(ctx(t), &connect.UpdateInstanceAttributeInput{InstanceId: &inst,
		AttributeType: types.InstanceAttributeTypeContactflowLogs, Value: aws.String("true")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateInstanceAttribute(ctx(t), &connect.UpdateInstanceAttributeInput{InstanceId: &inst,
		AttributeType: types.InstanceAttributeTypeOutboundCalls, Value: aws.String("true")}); err != nil {
		t.Fatal(err)
	}
	a, err := c.DescribeInstanceAttribute(ctx(t), &connect.DescribeInstanceAttributeInput{InstanceId: &inst,
		AttributeType: types.InstanceAttributeTypeContactflowLogs})
	if err != nil || aws.ToString(a.Attribute.Value) != "true" || a.Attribute.AttributeType != types.InstanceAttributeTypeContactflowLogs {
		t.Errorf("DescribeInstanceAttribute = %+v, %v", a, err)
	}
	d, err := c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &inst})
	if err != nil || !aws.ToBool(d.Instance.OutboundCallsEnabled) {
		t.Errorf("DescribeInstance OutboundCallsEnabled = %v, %v; want true", d.Instance.OutboundCallsEnabled, err)
	}

	runErrCases(t, []agErrCase{
		{"value not a boolean", func(t *testing.T) error {
			_, err := c.UpdateInstanceAttribute(ctx(t), &connect.UpdateInstanceAttributeInput{InstanceId: &inst,
				AttributeType: types.InstanceAttributeTypeEarlyMedia, Value: aws.String("maybe")})
			return err
		}, "InvalidParameterException", 400},
		{"unknown type", func(t *testing.T) error {
			_, err := c.DescribeInstanceAttribute(ctx(t), &connect.DescribeInstanceAttributeInput{InstanceId: &inst, AttributeType: "TELEPATHY"})
			return err
		}, "InvalidParameterException", 400},
		{"missing instance", func(t *testing.T) error {
			_, err := c.DescribeInstanceAttribute(ctx(t), &connect.DescribeInstanceAttributeInput{InstanceId: aws.String("nope"),
				AttributeType: types.InstanceAttributeTypeContactLens})
			return err
		}, "ResourceNotFoundException", 404},
		{"another account's instance", func(t *testing.T) error {
			_, err := other.UpdateInstanceAttribute(ctx(t), &connect.UpdateInstanceAttributeInput{InstanceId: &inst,
				AttributeType: types.InstanceAttributeTypeContactLens, Value: aws.String("false")})
			return err
		}, "ResourceNotFoundException", 404},
		{"another account's list", func(t *testing.T) error {
			_, err := other.ListInstanceAttributes(ctx(t), &connect.ListInstanceAttributesInput{InstanceId: &inst})
			return err
		}, "ResourceNotFoundException", 404},
		{"bad token", func(t *testing.T) error {
			_, err := c.ListInstanceAttributes(ctx(t), &connect.ListInstanceAttributesInput{InstanceId: &inst, NextToken: aws.String("x")})
			return err
		}, "InvalidRequestException", 400},
	})
}

func TestFlowModulesSDK(t *testing.T) {
	t.Parallel()
	e, other := tfOpsSetup(t)
	c := e.c
	content := func(v string) *string {
		return aws.String(fmt.Sprintf(`{"Version":"2019-10-30","StartAction":"set","Actions":[`+
			`{"Identifier":"set","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"module":%q}},"Transitions":{"NextAction":"end"}},`+
			`{"Identifier":"end","Type":"EndFlowModuleExecution","Parameters":{},"Transitions":{}}]}`, v))
	}
	m, err := c.CreateContactFlowModule(ctx(t), &connect.CreateContactFlowModuleInput{InstanceId: &e.inst, Name: aws.String("Tagging"),
		Description: aws.String("sets module"), Content: content("v1"), Tags: map[string]string{"team": "blue"}})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(m.Id)
	d, err := c.DescribeContactFlowModule(ctx(t), &connect.DescribeContactFlowModuleInput{InstanceId: &e.inst, ContactFlowModuleId: m.Arn})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.ContactFlowModule; aws.ToString(got.Id) != id || aws.ToString(got.Name) != "Tagging" || got.State != types.ContactFlowModuleStateActive ||
		got.Status != types.ContactFlowModuleStatusPublished || got.Tags["team"] != "blue" || aws.ToString(got.Content) != aws.ToString(content("v1")) {
		t.Errorf("DescribeContactFlowModule = %+v", got)
	}
	tags, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: m.Arn})
	if err != nil || tags.Tags["team"] != "blue" {
		t.Errorf("ListTagsForResource(module) = %v, %v", tags, err)
	}
	if _, err := c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: m.Arn, Tags: map[string]string{"env": "test"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(ctx(t), &connect.UntagResourceInput{ResourceArn: m.Arn, TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	if tags, _ = c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: m.Arn}); len(tags.Tags) != 1 || tags.Tags["env"] != "test" {
		t.Errorf("module tags after Tag/Untag = %v", tags.Tags)
	}

	// A flow invokes it: the task gets the module's attribute.
	flow := e.admFlow(t, "invoker", fmt.Sprintf(`{"Version":"2019-10-30","StartAction":"m","Actions":[`+
		`{"Identifier":"m","Type":"InvokeFlowModule","Parameters":{"FlowModuleId":%q},"Transitions":{"NextAction":"d","Errors":[{"NextAction":"d","ErrorType":"NoMatchingError"}]}},`+
		`{"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`, aws.ToString(m.Arn)))
	moduleAttr := func() string {
		t.Helper()
		task := startTask(t, c, e.s, "modular", func(in *connect.StartTaskContactInput) { in.ContactFlowId = &flow })
		return getAttributes(t, c, e.s, task)["module"]
	}
	if got := moduleAttr(); got != "v1" {
		t.Errorf("attribute set by the module = %q, want v1", got)
	}
	if _, err := c.UpdateContactFlowModuleContent(ctx(t), &connect.UpdateContactFlowModuleContentInput{InstanceId: &e.inst,
		ContactFlowModuleId: &id, Content: content("v2")}); err != nil {
		t.Fatal(err)
	}
	if got := moduleAttr(); got != "v2" {
		t.Errorf("attribute set by the updated module = %q, want v2", got)
	}
	if _, err := c.UpdateContactFlowModuleMetadata(ctx(t), &connect.UpdateContactFlowModuleMetadataInput{InstanceId: &e.inst,
		ContactFlowModuleId: &id, Name: aws.String("Tagger"), State: types.ContactFlowModuleStateArchived}); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListContactFlowModules(ctx(t), &connect.ListContactFlowModulesInput{InstanceId: &e.inst,
		ContactFlowModuleState: types.ContactFlowModuleStateArchived})
	if err != nil || len(list.ContactFlowModulesSummaryList) != 1 || aws.ToString(list.ContactFlowModulesSummaryList[0].Name) != "Tagger" {
		t.Errorf("ListContactFlowModules(ARCHIVED) = %+v, %v", list, err)
	}
	if _, err := c.CreateContactFlowModule(ctx(t), &connect.CreateContactFlowModuleInput{InstanceId: &e.inst,
		Name: aws.String("Second"), Content: content("x")}); err != nil {
		t.Fatal(err)
	}

	runErrCases(t, []agErrCase{
		{"invalid content", func(t *testing.T) error {
			_, err := c.CreateContactFlowModule(ctx(t), &connect.CreateContactFlowModuleInput{InstanceId: &e.inst,
				Name: aws.String("Broken"), Content: aws.String(`{"Version":"2019-10-30"}`)})
			return err
		}, "InvalidContactFlowModuleException", 400},
		{"invalid new content", func(t *testing.T) error {
			_, err := c.UpdateContactFlowModuleContent(ctx(t), &connect.UpdateContactFlowModuleContentInput{InstanceId: &e.inst,
				ContactFlowModuleId: &id, Content: aws.String(`not json`)})
			return err
		}, "InvalidContactFlowModuleException", 400},
		{"name taken", func(t *testing.T) error {
			_, err := c.CreateContactFlowModule(ctx(t), &connect.CreateContactFlowModuleInput{InstanceId: &e.inst,
				Name: aws.String("Second"), Content: content("y")})
			return err
		}, "DuplicateResourceException", 409},
		{"rename to a taken name", func(t *testing.T) error {
			_, err := c.UpdateContactFlowModuleMetadata(ctx(t), &connect.UpdateContactFlowModuleMetadataInput{InstanceId: &e.inst,
				ContactFlowModuleId: &id, Name: aws.String("Second")})
			return err
		}, "DuplicateResourceException", 409},
		{"metadata with no member", func(t *testing.T) error {
			_, err := c.UpdateContactFlowModuleMetadata(ctx(t), &connect.UpdateContactFlowModuleMetadataInput{InstanceId: &e.inst,
				ContactFlowModuleId: &id})
			return err
		}, "InvalidRequestException", 400},
		{"token reused for another module", func(t *testing.T) error {
			in := &connect.CreateContactFlowModuleInput{InstanceId: &e.inst, Name: aws.String("Tokened"), Content: content("t"),
				ClientToken: aws.String("tok-1")}
			if _, err := c.CreateContactFlowModule(ctx(t), in); err != nil {
				return err
			}
			in.Name = aws.String("Tokened again")
			_, err := c.CreateContactFlowModule(ctx(t), in)
			return err
		}, "IdempotencyException", 409},
		{"external invocation", func(t *testing.T) error {
			_, err := c.CreateContactFlowModule(ctx(t), &connect.CreateContactFlowModuleInput{InstanceId: &e.inst,
				Name: aws.String("External"), Content: content("e"),
				ExternalInvocationConfiguration: &types.ExternalInvocationConfiguration{Enabled: true}})
			return err
		}, "InvalidRequestException", 400},
		{"another account's module", func(t *testing.T) error {
			_, err := other.DescribeContactFlowModule(ctx(t), &connect.DescribeContactFlowModuleInput{InstanceId: &e.inst, ContactFlowModuleId: &id})
			return err
		}, "ResourceNotFoundException", 404},
		{"another account's list", func(t *testing.T) error {
			_, err := other.ListContactFlowModules(ctx(t), &connect.ListContactFlowModulesInput{InstanceId: &e.inst})
			return err
		}, "ResourceNotFoundException", 404},
		{"delete", func(t *testing.T) error {
			if _, err := c.DeleteContactFlowModule(ctx(t), &connect.DeleteContactFlowModuleInput{InstanceId: &e.inst, ContactFlowModuleId: &id}); err != nil {
				return err
			}
			_, err := c.DescribeContactFlowModule(ctx(t), &connect.DescribeContactFlowModuleInput{InstanceId: &e.inst, ContactFlowModuleId: &id})
			return err
		}, "ResourceNotFoundException", 404},
		{"delete again", func(t *testing.T) error {
			_, err := c.DeleteContactFlowModule(ctx(t), &connect.DeleteContactFlowModuleInput{InstanceId: &e.inst, ContactFlowModuleId: &id})
			return err
		}, "ResourceNotFoundException", 404},
	})
	// The invoking flow now takes its error branch: no attribute.
	if got := moduleAttr(); got != "" {
		t.Errorf("attribute after the module was deleted = %q, want none", got)
	}
}

func TestQueueAndRoutingProfileUpdatesSDK(t *testing.T) {
	t.Parallel()
	e, other := tfOpsSetup(t)
	c := e.c
	support := e.queueNamed(t, "Support")
	agentQueue := e.user(t, "ann")
	flows, err := c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: &e.inst,
		ContactFlowTypes: []types.ContactFlowType{types.ContactFlowTypeOutboundWhisper}})
	if err != nil || len(flows.ContactFlowSummaryList) == 0 {
		t.Fatalf("ListContactFlows(OUTBOUND_WHISPER) = %v, %v", flows, err)
	}
	whisper := aws.ToString(flows.ContactFlowSummaryList[0].Id)
	hours, err := c.CreateHoursOfOperation(ctx(t), &connect.CreateHoursOfOperationInput{InstanceId: &e.inst, Name: aws.String("Nights"),
		TimeZone: aws.String("UTC"), Config: []types.HoursOfOperationConfig{{Day: types.HoursOfOperationDaysMonday,
			StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(20), Minutes: aws.Int32(0)},
			EndTime:   &types.HoursOfOperationTimeSlice{Hours: aws.Int32(6), Minutes: aws.Int32(0)}}}})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := c.UpdateQueueMaxContacts(ctx(t), &connect.UpdateQueueMaxContactsInput{InstanceId: &e.inst, QueueId: &support, MaxContacts: aws.Int32(7)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateQueueHoursOfOperation(ctx(t), &connect.UpdateQueueHoursOfOperationInput{InstanceId: &e.inst, QueueId: &support,
		HoursOfOperationId: hours.HoursOfOperationId}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateQueueOutboundCallerConfig(ctx(t), &connect.UpdateQueueOutboundCallerConfigInput{InstanceId: &e.inst, QueueId: &support,
		OutboundCallerConfig: &types.OutboundCallerConfig{OutboundCallerIdName: aws.String("Support"), OutboundFlowId: &whisper}}); err != nil {
		t.Fatal(err)
	}
	q, err := c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: &e.inst, QueueId: &support})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToInt32(q.Queue.MaxContacts) != 7 || aws.ToString(q.Queue.HoursOfOperationId) != aws.ToString(hours.HoursOfOperationId) ||
		q.Queue.OutboundCallerConfig == nil || aws.ToString(q.Queue.OutboundCallerConfig.OutboundCallerIdName) != "Support" ||
		aws.ToString(q.Queue.OutboundCallerConfig.OutboundFlowId) != whisper {
		t.Errorf("queue after updates = %+v", q.Queue)
	}

	if _, err := c.UpdateRoutingProfileDefaultOutboundQueue(ctx(t), &connect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &e.inst,
		RoutingProfileId: &e.rp, DefaultOutboundQueueId: &support}); err != nil {
		t.Fatal(err)
	}
	rp, err := c.DescribeRoutingProfile(ctx(t), &connect.DescribeRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &e.rp})
	if err != nil || aws.ToString(rp.RoutingProfile.DefaultOutboundQueueId) != support {
		t.Errorf("DefaultOutboundQueueId = %v, %v; want %s", rp, err, support)
	}

	runErrCases(t, []agErrCase{
		{"max contacts below 0", func(t *testing.T) error {
			_, err := c.UpdateQueueMaxContacts(ctx(t), &connect.UpdateQueueMaxContactsInput{InstanceId: &e.inst, QueueId: &support, MaxContacts: aws.Int32(-1)})
			return err
		}, "InvalidParameterException", 400},
		{"max contacts of an agent queue", func(t *testing.T) error {
			_, err := c.UpdateQueueMaxContacts(ctx(t), &connect.UpdateQueueMaxContactsInput{InstanceId: &e.inst, QueueId: &agentQueue, MaxContacts: aws.Int32(1)})
			return err
		}, "InvalidRequestException", 400},
		{"missing hours", func(t *testing.T) error {
			_, err := c.UpdateQueueHoursOfOperation(ctx(t), &connect.UpdateQueueHoursOfOperationInput{InstanceId: &e.inst, QueueId: &support,
				HoursOfOperationId: aws.String("nope")})
			return err
		}, "ResourceNotFoundException", 404},
		{"outbound flow not a whisper flow", func(t *testing.T) error {
			_, err := c.UpdateQueueOutboundCallerConfig(ctx(t), &connect.UpdateQueueOutboundCallerConfigInput{InstanceId: &e.inst, QueueId: &support,
				OutboundCallerConfig: &types.OutboundCallerConfig{OutboundFlowId: &e.s.TaskFlowID}})
			return err
		}, "InvalidRequestException", 400},
		{"outbound caller number", func(t *testing.T) error {
			_, err := c.UpdateQueueOutboundCallerConfig(ctx(t), &connect.UpdateQueueOutboundCallerConfigInput{InstanceId: &e.inst, QueueId: &support,
				OutboundCallerConfig: &types.OutboundCallerConfig{OutboundCallerIdNumberId: aws.String("pn-1")}})
			return err
		}, "ResourceNotFoundException", 404},
		{"another account's queue", func(t *testing.T) error {
			_, err := other.UpdateQueueMaxContacts(ctx(t), &connect.UpdateQueueMaxContactsInput{InstanceId: &e.inst, QueueId: &support, MaxContacts: aws.Int32(1)})
			return err
		}, "ResourceNotFoundException", 404},
		{"default outbound queue missing", func(t *testing.T) error {
			_, err := c.UpdateRoutingProfileDefaultOutboundQueue(ctx(t), &connect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &e.inst,
				RoutingProfileId: &e.rp, DefaultOutboundQueueId: aws.String("nope")})
			return err
		}, "ResourceNotFoundException", 404},
		{"default outbound queue an agent queue", func(t *testing.T) error {
			_, err := c.UpdateRoutingProfileDefaultOutboundQueue(ctx(t), &connect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &e.inst,
				RoutingProfileId: &e.rp, DefaultOutboundQueueId: &agentQueue})
			return err
		}, "InvalidRequestException", 400},
		{"another account's routing profile", func(t *testing.T) error {
			_, err := other.UpdateRoutingProfileDefaultOutboundQueue(ctx(t), &connect.UpdateRoutingProfileDefaultOutboundQueueInput{InstanceId: &e.inst,
				RoutingProfileId: &e.rp, DefaultOutboundQueueId: &support})
			return err
		}, "ResourceNotFoundException", 404},
		{"delete the default outbound queue", func(t *testing.T) error {
			_, err := c.DeleteQueue(ctx(t), &connect.DeleteQueueInput{InstanceId: &e.inst, QueueId: &support})
			return err
		}, "ResourceInUseException", 409},
	})
}

func TestSecurityProfilePermissionsSDK(t *testing.T) {
	t.Parallel()
	e, other := tfOpsSetup(t)
	c := e.c
	sp, err := c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileName: aws.String("Ops"),
		Permissions: []string{"TransferDestinations.View", "BasicAgentAccess", "OutboundCallAccess"}})
	if err != nil {
		t.Fatal(err)
	}
	p := connect.NewListSecurityProfilePermissionsPaginator(c, &connect.ListSecurityProfilePermissionsInput{InstanceId: &e.inst,
		SecurityProfileId: sp.SecurityProfileId, MaxResults: aws.Int32(2)})
	var perms []string
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if page.LastModifiedTime == nil || aws.ToString(page.LastModifiedRegion) != "us-east-1" {
			t.Errorf("page LastModifiedTime/Region = %v/%v", page.LastModifiedTime, page.LastModifiedRegion)
		}
		perms = append(perms, page.Permissions...)
	}
	if fmt.Sprint(perms) != "[BasicAgentAccess OutboundCallAccess TransferDestinations.View]" {
		t.Errorf("permissions = %v", perms)
	}
	empty, err := c.ListSecurityProfilePermissions(ctx(t), &connect.ListSecurityProfilePermissionsInput{InstanceId: &e.inst,
		SecurityProfileId: aws.String(e.sp["Agent"])})
	if err != nil || len(empty.Permissions) != 0 {
		t.Errorf("Agent's permissions = %v, %v; want none", empty, err)
	}
	runErrCases(t, []agErrCase{
		{"missing profile", func(t *testing.T) error {
			_, err := c.ListSecurityProfilePermissions(ctx(t), &connect.ListSecurityProfilePermissionsInput{InstanceId: &e.inst, SecurityProfileId: aws.String("nope")})
			return err
		}, "ResourceNotFoundException", 404},
		{"another account's profile", func(t *testing.T) error {
			_, err := other.ListSecurityProfilePermissions(ctx(t), &connect.ListSecurityProfilePermissionsInput{InstanceId: &e.inst, SecurityProfileId: sp.SecurityProfileId})
			return err
		}, "ResourceNotFoundException", 404},
	})
}
