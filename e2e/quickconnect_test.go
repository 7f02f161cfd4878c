package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// qcUser creates an agent for USER quick connects and returns its ID.
func qcUser(t *testing.T, c *connect.Client, s *server) string {
	t.Helper()
	rp, sp, _, _ := agDefaults(t, c, s.InstanceID)
	out, err := c.CreateUser(ctx(t), &connect.CreateUserInput{InstanceId: aws.String(s.InstanceID),
		Username: aws.String("qc-agent"), Password: aws.String("Passw0rd!"),
		IdentityInfo:     &types.UserIdentityInfo{FirstName: aws.String("Q"), LastName: aws.String("C")},
		PhoneConfig:      &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone},
		RoutingProfileId: aws.String(rp), SecurityProfileIds: []string{sp["Agent"]}})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	return aws.ToString(out.UserId)
}

// transferFlows returns the default instance's agent-transfer and
// queue-transfer flows.
func transferFlows(t *testing.T, c *connect.Client, s *server) (agent, queue string) {
	t.Helper()
	out, err := c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: aws.String(s.InstanceID),
		ContactFlowTypes: []types.ContactFlowType{types.ContactFlowTypeAgentTransfer, types.ContactFlowTypeQueueTransfer}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range out.ContactFlowSummaryList {
		switch f.ContactFlowType {
		case types.ContactFlowTypeAgentTransfer:
			agent = aws.ToString(f.Id)
		case types.ContactFlowTypeQueueTransfer:
			queue = aws.ToString(f.Id)
		}
	}
	if agent == "" || queue == "" {
		t.Fatalf("no transfer flows: agent %q queue %q", agent, queue)
	}
	return agent, queue
}

func createQuickConnect(t *testing.T, c *connect.Client, s *server, name string, cfg *types.QuickConnectConfig) string {
	t.Helper()
	out, err := c.CreateQuickConnect(ctx(t), &connect.CreateQuickConnectInput{InstanceId: aws.String(s.InstanceID),
		Name: aws.String(name), QuickConnectConfig: cfg})
	if err != nil {
		t.Fatalf("CreateQuickConnect(%s): %v", name, err)
	}
	return aws.ToString(out.QuickConnectId)
}

// createQueueQuickConnect creates a QUEUE quick connect to BasicQueue.
func createQueueQuickConnect(t *testing.T, c *connect.Client, s *server, name string) string {
	t.Helper()
	_, queueFlow := transferFlows(t, c, s)
	_, queue := resDefaults(t, c, s.InstanceID)
	return createQuickConnect(t, c, s, name, queueConfig(queue, queueFlow))
}

func queueConfig(queue, flow string) *types.QuickConnectConfig {
	return &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeQueue,
		QueueConfig: &types.QueueQuickConnectConfig{QueueId: aws.String(queue), ContactFlowId: aws.String(flow)}}
}

func userConfig(user, flow string) *types.QuickConnectConfig {
	return &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeUser,
		UserConfig: &types.UserQuickConnectConfig{UserId: aws.String(user), ContactFlowId: aws.String(flow)}}
}

func phoneConfig(number string) *types.QuickConnectConfig {
	return &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypePhoneNumber,
		PhoneConfig: &types.PhoneNumberQuickConnectConfig{PhoneNumber: aws.String(number)}}
}

func flowConfig(flow string) *types.QuickConnectConfig {
	return &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeFlow,
		FlowConfig: &types.FlowQuickConnectConfig{ContactFlowId: aws.String(flow)}}
}

func TestQuickConnectLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	qcUserID := qcUser(t, c, s)
	inst := aws.String(s.InstanceID)
	agentFlow, queueFlow := transferFlows(t, c, s)
	_, queue := resDefaults(t, c, s.InstanceID)

	created, err := c.CreateQuickConnect(ctx(t), &connect.CreateQuickConnectInput{InstanceId: inst, Name: aws.String("Tier 2"),
		Description: aws.String("second line"), QuickConnectConfig: queueConfig(queue, queueFlow), Tags: map[string]string{"team": "t2"}})
	if err != nil {
		t.Fatal(err)
	}
	queueQC := aws.ToString(created.QuickConnectId)
	if !strings.HasSuffix(aws.ToString(created.QuickConnectARN), ":instance/"+s.InstanceID+"/transfer-destination/"+queueQC) {
		t.Errorf("ARN = %s", aws.ToString(created.QuickConnectARN))
	}
	userQC := createQuickConnect(t, c, s, "Jane", userConfig(qcUserID, agentFlow))
	phoneQC := createQuickConnect(t, c, s, "Pager", phoneConfig("+15555550100"))
	flowQC := createQuickConnect(t, c, s, "Survey", flowConfig(s.TaskFlowID))

	describeQC := func(id string) *types.QuickConnect {
		t.Helper()
		out, err := c.DescribeQuickConnect(ctx(t), &connect.DescribeQuickConnectInput{InstanceId: inst, QuickConnectId: &id})
		if err != nil {
			t.Fatalf("DescribeQuickConnect(%s): %v", id, err)
		}
		return out.QuickConnect
	}
	q := describeQC(queueQC)
	if aws.ToString(q.Name) != "Tier 2" || aws.ToString(q.Description) != "second line" || q.Tags["team"] != "t2" ||
		aws.ToString(q.QuickConnectARN) != aws.ToString(created.QuickConnectARN) || q.LastModifiedTime == nil ||
		aws.ToString(q.LastModifiedRegion) != "us-east-1" || q.QuickConnectConfig.QuickConnectType != types.QuickConnectTypeQueue ||
		aws.ToString(q.QuickConnectConfig.QueueConfig.QueueId) != queue || aws.ToString(q.QuickConnectConfig.QueueConfig.ContactFlowId) != queueFlow ||
		q.QuickConnectConfig.UserConfig != nil || q.QuickConnectConfig.PhoneConfig != nil || q.QuickConnectConfig.FlowConfig != nil {
		t.Errorf("QUEUE quick connect = %+v %+v", q, q.QuickConnectConfig)
	}
	if u := describeQC(userQC).QuickConnectConfig; u.UserConfig == nil || aws.ToString(u.UserConfig.UserId) != qcUserID ||
		aws.ToString(u.UserConfig.ContactFlowId) != agentFlow || u.QueueConfig != nil {
		t.Errorf("USER config = %+v", u)
	}
	if p := describeQC(phoneQC).QuickConnectConfig; p.PhoneConfig == nil || aws.ToString(p.PhoneConfig.PhoneNumber) != "+15555550100" {
		t.Errorf("PHONE_NUMBER config = %+v", p)
	}
	if f := describeQC(flowQC).QuickConnectConfig; f.FlowConfig == nil || aws.ToString(f.FlowConfig.ContactFlowId) != s.TaskFlowID {
		t.Errorf("FLOW config = %+v", f)
	}

	// List: type filter, pagination.
	listAll := func(size int32, typs ...types.QuickConnectType) []string {
		t.Helper()
		var names []string
		p := connect.NewListQuickConnectsPaginator(c, &connect.ListQuickConnectsInput{InstanceId: inst, MaxResults: aws.Int32(size), QuickConnectTypes: typs})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			if len(out.QuickConnectSummaryList) > int(size) {
				t.Errorf("page of %d, want at most %d", len(out.QuickConnectSummaryList), size)
			}
			for _, q := range out.QuickConnectSummaryList {
				names = append(names, aws.ToString(q.Name)+":"+string(q.QuickConnectType))
				if q.LastModifiedTime == nil || aws.ToString(q.Arn) == "" || aws.ToString(q.Id) == "" {
					t.Errorf("summary = %+v", q)
				}
			}
		}
		slices.Sort(names)
		return names
	}
	all := []string{"Jane:USER", "Pager:PHONE_NUMBER", "Survey:FLOW", "Tier 2:QUEUE"}
	for _, size := range []int32{1, 3, 1000} {
		if got := listAll(size); !slices.Equal(got, all) {
			t.Errorf("ListQuickConnects(%d) = %q, want %q", size, got, all)
		}
	}
	if got := listAll(100, types.QuickConnectTypeUser, types.QuickConnectTypeQueue); !slices.Equal(got, []string{"Jane:USER", "Tier 2:QUEUE"}) {
		t.Errorf("USER and QUEUE = %q", got)
	}
	_, err = c.ListQuickConnects(ctx(t), &connect.ListQuickConnectsInput{InstanceId: inst, QuickConnectTypes: []types.QuickConnectType{"AGENT"}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListQuickConnects(ctx(t), &connect.ListQuickConnectsInput{InstanceId: inst, NextToken: aws.String("garbage")})
	wantAPIError(t, err, "InvalidRequestException", 400)

	// Names are unique.
	_, err = c.CreateQuickConnect(ctx(t), &connect.CreateQuickConnectInput{InstanceId: inst, Name: aws.String("Jane"),
		QuickConnectConfig: phoneConfig("+15555550101")})
	wantAPIError(t, err, "DuplicateResourceException", 409)

	// UpdateQuickConnectName.
	if _, err := c.UpdateQuickConnectName(ctx(t), &connect.UpdateQuickConnectNameInput{InstanceId: inst, QuickConnectId: &queueQC,
		Name: aws.String("Tier 3")}); err != nil {
		t.Fatal(err)
	}
	if q := describeQC(queueQC); aws.ToString(q.Name) != "Tier 3" || aws.ToString(q.Description) != "second line" {
		t.Errorf("after rename: %q %q", aws.ToString(q.Name), aws.ToString(q.Description))
	}
	if _, err := c.UpdateQuickConnectName(ctx(t), &connect.UpdateQuickConnectNameInput{InstanceId: inst, QuickConnectId: &queueQC,
		Description: aws.String("")}); err != nil {
		t.Fatal(err)
	}
	if q := describeQC(queueQC); aws.ToString(q.Name) != "Tier 3" || q.Description != nil {
		t.Errorf("after clearing the description: %q %v", aws.ToString(q.Name), q.Description)
	}
	for _, tc := range []struct {
		name string
		in   connect.UpdateQuickConnectNameInput
		code string
	}{
		{"taken name", connect.UpdateQuickConnectNameInput{QuickConnectId: &queueQC, Name: aws.String("Jane")}, "InvalidRequestException"},
		{"nothing to change", connect.UpdateQuickConnectNameInput{QuickConnectId: &queueQC}, "InvalidRequestException"},
		{"unknown quick connect", connect.UpdateQuickConnectNameInput{QuickConnectId: aws.String(missingID), Name: aws.String("x")}, "ResourceNotFoundException"},
	} {
		in := tc.in
		in.InstanceId = inst
		_, err := c.UpdateQuickConnectName(ctx(t), &in)
		status := 400
		if tc.code == "ResourceNotFoundException" {
			status = 404
		}
		wantAPIError(t, err, tc.code, status)
	}

	// UpdateQuickConnectConfig may change the type.
	if _, err := c.UpdateQuickConnectConfig(ctx(t), &connect.UpdateQuickConnectConfigInput{InstanceId: inst, QuickConnectId: &phoneQC,
		QuickConnectConfig: userConfig(qcUserID, agentFlow)}); err != nil {
		t.Fatal(err)
	}
	if p := describeQC(phoneQC); aws.ToString(p.Name) != "Pager" || p.QuickConnectConfig.QuickConnectType != types.QuickConnectTypeUser ||
		p.QuickConnectConfig.PhoneConfig != nil || p.QuickConnectConfig.UserConfig == nil {
		t.Errorf("after UpdateQuickConnectConfig: %+v", p.QuickConnectConfig)
	}
	_, err = c.UpdateQuickConnectConfig(ctx(t), &connect.UpdateQuickConnectConfigInput{InstanceId: inst, QuickConnectId: &phoneQC,
		QuickConnectConfig: userConfig(qcUserID, queueFlow)})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = c.UpdateQuickConnectConfig(ctx(t), &connect.UpdateQuickConnectConfigInput{InstanceId: inst, QuickConnectId: aws.String(missingID),
		QuickConnectConfig: phoneConfig("+15555550100")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// Tags through the tag operations.
	arn := aws.ToString(created.QuickConnectARN)
	if _, err := c.UntagResource(ctx(t), &connect.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	if q := describeQC(queueQC); len(q.Tags) != 0 {
		t.Errorf("tags after untag = %v", q.Tags)
	}

	// Delete.
	if _, err := c.DeleteQuickConnect(ctx(t), &connect.DeleteQuickConnectInput{InstanceId: inst, QuickConnectId: &flowQC}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeQuickConnect(ctx(t), &connect.DescribeQuickConnectInput{InstanceId: inst, QuickConnectId: &flowQC})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeleteQuickConnect(ctx(t), &connect.DeleteQuickConnectInput{InstanceId: inst, QuickConnectId: &flowQC})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DescribeQuickConnect(ctx(t), &connect.DescribeQuickConnectInput{InstanceId: aws.String(missingID), QuickConnectId: &queueQC})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// TestQuickConnectValidation checks CreateQuickConnect's rules for each type.
func TestQuickConnectValidation(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	qcUserID := qcUser(t, c, s)
	agentFlow, queueFlow := transferFlows(t, c, s)
	_, queue := resDefaults(t, c, s.InstanceID)
	queueARN := "arn:aws:connect:us-east-1:000000000000:instance/" + s.InstanceID + "/queue/" + queue
	tests := []struct {
		name   string
		cfg    *types.QuickConnectConfig
		code   string // "" for success
		status int
	}{
		{name: "USER", cfg: userConfig(qcUserID, agentFlow)},
		{name: "QUEUE", cfg: queueConfig(queue, queueFlow)},
		{name: "QUEUE by ARN", cfg: queueConfig(queueARN, queueFlow)},
		{name: "PHONE_NUMBER", cfg: phoneConfig("+447700900123")},
		{name: "FLOW", cfg: flowConfig(s.TaskFlowID)},
		{name: "USER with a queue-transfer flow", cfg: userConfig(qcUserID, queueFlow), code: "InvalidRequestException", status: 400},
		{name: "USER with an inbound flow", cfg: userConfig(qcUserID, s.TaskFlowID), code: "InvalidRequestException", status: 400},
		{name: "QUEUE with an agent-transfer flow", cfg: queueConfig(queue, agentFlow), code: "InvalidRequestException", status: 400},
		{name: "FLOW with a transfer flow", cfg: flowConfig(queueFlow), code: "InvalidRequestException", status: 400},
		{name: "USER malformed ID", cfg: userConfig("jane", agentFlow), code: "ResourceNotFoundException", status: 404},
		{name: "QUEUE unknown queue", cfg: queueConfig(missingID, queueFlow), code: "ResourceNotFoundException", status: 404},
		{name: "QUEUE foreign queue ARN", cfg: queueConfig(strings.Replace(queueARN, s.InstanceID, missingID, 1), queueFlow),
			code: "ResourceNotFoundException", status: 404},
		{name: "QUEUE unknown flow", cfg: queueConfig(queue, missingID), code: "ResourceNotFoundException", status: 404},
		{name: "FLOW unknown flow", cfg: flowConfig(missingID), code: "ResourceNotFoundException", status: 404},
		{name: "USER without UserConfig", cfg: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeUser,
			QueueConfig: &types.QueueQuickConnectConfig{QueueId: aws.String(queue), ContactFlowId: aws.String(queueFlow)}},
			code: "InvalidRequestException", status: 400},
		{name: "QUEUE with a second config", cfg: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypeQueue,
			QueueConfig: queueConfig(queue, queueFlow).QueueConfig, PhoneConfig: phoneConfig("+15555550100").PhoneConfig},
			code: "InvalidRequestException", status: 400},
		{name: "PHONE_NUMBER not E.164", cfg: phoneConfig("555-0100"), code: "InvalidParameterException", status: 400},
		{name: "unknown type", cfg: &types.QuickConnectConfig{QuickConnectType: "AGENT"}, code: "InvalidParameterException", status: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.CreateQuickConnect(ctx(t), &connect.CreateQuickConnectInput{InstanceId: aws.String(s.InstanceID),
				Name: aws.String(tc.name), QuickConnectConfig: tc.cfg})
			if tc.code == "" {
				if err != nil {
					t.Fatalf("CreateQuickConnect: %v", err)
				}
				return
			}
			wantAPIError(t, err, tc.code, tc.status)
		})
	}
	t.Run("unknown instance", func(t *testing.T) {
		t.Parallel()
		_, err := c.CreateQuickConnect(ctx(t), &connect.CreateQuickConnectInput{InstanceId: aws.String(missingID),
			Name: aws.String("x"), QuickConnectConfig: phoneConfig("+15555550100")})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
}

func TestQueueQuickConnects(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	inst := aws.String(s.InstanceID)
	hours, queue := resDefaults(t, c, s.InstanceID)
	var qcs []string
	for _, n := range []string{"a", "b", "c"} {
		qcs = append(qcs, createQuickConnect(t, c, s, n, phoneConfig("+15555550100")))
	}
	list := func(queue string, size int32) []string {
		t.Helper()
		var ids []string
		p := connect.NewListQueueQuickConnectsPaginator(c, &connect.ListQueueQuickConnectsInput{InstanceId: inst, QueueId: &queue, MaxResults: aws.Int32(size)})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			if out.LastModifiedTime == nil || aws.ToString(out.LastModifiedRegion) != "us-east-1" {
				t.Errorf("LastModifiedTime %v, region %q", out.LastModifiedTime, aws.ToString(out.LastModifiedRegion))
			}
			for _, q := range out.QuickConnectSummaryList {
				ids = append(ids, aws.ToString(q.Id))
			}
		}
		return ids
	}
	sorted := func(ids ...string) []string { return slices.Sorted(slices.Values(ids)) }

	if got := list(queue, 10); len(got) != 0 {
		t.Errorf("new queue's quick connects = %q", got)
	}
	if _, err := c.AssociateQueueQuickConnects(ctx(t), &connect.AssociateQueueQuickConnectsInput{InstanceId: inst, QueueId: &queue,
		QuickConnectIds: qcs}); err != nil {
		t.Fatal(err)
	}
	// Associating again changes nothing.
	if _, err := c.AssociateQueueQuickConnects(ctx(t), &connect.AssociateQueueQuickConnectsInput{InstanceId: inst, QueueId: &queue,
		QuickConnectIds: qcs[:1]}); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int32{1, 2, 100} {
		if got := list(queue, size); !slices.Equal(got, sorted(qcs...)) {
			t.Errorf("ListQueueQuickConnects(%d) = %q, want %q", size, got, sorted(qcs...))
		}
	}
	if _, err := c.DisassociateQueueQuickConnects(ctx(t), &connect.DisassociateQueueQuickConnectsInput{InstanceId: inst, QueueId: &queue,
		QuickConnectIds: qcs[:1]}); err != nil {
		t.Fatal(err)
	}
	if got := list(queue, 100); !slices.Equal(got, sorted(qcs[1:]...)) {
		t.Errorf("after disassociating %s: %q", qcs[0], got)
	}
	// Deleting a quick connect takes it off its queues.
	if _, err := c.DeleteQuickConnect(ctx(t), &connect.DeleteQuickConnectInput{InstanceId: inst, QuickConnectId: &qcs[1]}); err != nil {
		t.Fatal(err)
	}
	if got := list(queue, 100); !slices.Equal(got, qcs[2:]) {
		t.Errorf("after deleting %s: %q", qcs[1], got)
	}

	// CreateQueue takes quick connects that exist.
	created, err := c.CreateQueue(ctx(t), &connect.CreateQueueInput{InstanceId: inst, Name: aws.String("with quick connects"),
		HoursOfOperationId: &hours, QuickConnectIds: []string{qcs[0], qcs[2]}})
	if err != nil {
		t.Fatal(err)
	}
	if got := list(aws.ToString(created.QueueId), 100); !slices.Equal(got, sorted(qcs[0], qcs[2])) {
		t.Errorf("CreateQueue's quick connects = %q", got)
	}
	_, err = c.CreateQueue(ctx(t), &connect.CreateQueueInput{InstanceId: inst, Name: aws.String("with a deleted one"),
		HoursOfOperationId: &hours, QuickConnectIds: []string{qcs[1]}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	for _, tc := range []struct {
		name, queue string
		ids         []string
		code        string
		status      int
	}{
		{"unknown quick connect", queue, []string{qcs[0], missingID}, "ResourceNotFoundException", 404},
		{"unknown queue", missingID, qcs[:1], "ResourceNotFoundException", 404},
		{"no quick connects", queue, []string{}, "InvalidParameterException", 400},
		{"51 quick connects", queue, slices.Repeat([]string{qcs[0]}, 51), "InvalidParameterException", 400},
	} {
		_, err := c.AssociateQueueQuickConnects(ctx(t), &connect.AssociateQueueQuickConnectsInput{InstanceId: inst, QueueId: &tc.queue, QuickConnectIds: tc.ids})
		wantAPIError(t, err, tc.code, tc.status)
		_, err = c.DisassociateQueueQuickConnects(ctx(t), &connect.DisassociateQueueQuickConnectsInput{InstanceId: inst, QueueId: &tc.queue, QuickConnectIds: tc.ids})
		wantAPIError(t, err, tc.code, tc.status)
	}
	if got := list(queue, 100); !slices.Equal(got, qcs[2:]) {
		t.Errorf("failed calls changed the queue: %q", got)
	}
	_, err = c.ListQueueQuickConnects(ctx(t), &connect.ListQueueQuickConnectsInput{InstanceId: inst, QueueId: aws.String(missingID)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// TestStartTaskContactWithQuickConnect checks which quick connects can carry
// a task, and what goes with a QuickConnectId.
func TestStartTaskContactWithQuickConnect(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	qcUserID := qcUser(t, c, s)
	agentFlow, queueFlow := transferFlows(t, c, s)
	_, queue := resDefaults(t, c, s.InstanceID)
	queueQC := createQuickConnect(t, c, s, "queue", queueConfig(queue, queueFlow))
	userQC := createQuickConnect(t, c, s, "user", userConfig(qcUserID, agentFlow))
	phoneQC := createQuickConnect(t, c, s, "phone", phoneConfig("+15555550100"))
	flowQC := createQuickConnect(t, c, s, "flow", flowConfig(s.TaskFlowID))
	tpl := createTemplate(t, c, s, "T")
	tests := []struct {
		name       string
		qc         string
		flow, tmpl *string
		code       string
		status     int
	}{
		{name: "QUEUE", qc: queueQC},
		{name: "USER", qc: userQC},
		{name: "PHONE_NUMBER", qc: phoneQC, code: "InvalidRequestException", status: 400},
		{name: "FLOW", qc: flowQC, code: "InvalidRequestException", status: 400},
		{name: "unknown", qc: missingID, code: "ResourceNotFoundException", status: 404},
		{name: "with a template", qc: queueQC, tmpl: aws.String(tpl), code: "InvalidRequestException", status: 400},
		{name: "with a flow", qc: queueQC, flow: aws.String(s.TaskFlowID), code: "InvalidRequestException", status: 400},
		{name: "unknown, with a template", qc: missingID, tmpl: aws.String(missingID), code: "InvalidRequestException", status: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := c.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: aws.String(s.InstanceID),
				Name: aws.String(tc.name), QuickConnectId: aws.String(tc.qc), ContactFlowId: tc.flow, TaskTemplateId: tc.tmpl})
			if tc.code == "" {
				if err != nil {
					t.Fatalf("StartTaskContact: %v", err)
				}
				if got := describe(t, c, s, aws.ToString(out.ContactId)); got.TaskTemplateInfo != nil {
					t.Errorf("TaskTemplateInfo = %+v", got.TaskTemplateInfo)
				}
				return
			}
			wantAPIError(t, err, tc.code, tc.status)
		})
	}
}
