package e2e

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// The operations that rename, change and delete queues, routing profiles,
// security profiles, agent statuses and flows, through the Go SDK: each
// success, and each refusal with its exception and HTTP status.

// admFlow creates a published inbound flow with content and returns its ID.
func (e *agEnv) admFlow(t *testing.T, name, content string) string {
	t.Helper()
	out, err := e.c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{InstanceId: &e.inst, Name: aws.String(name),
		Type: types.ContactFlowTypeContactFlow, Content: aws.String(content)})
	if err != nil {
		t.Fatalf("CreateContactFlow(%s): %v", name, err)
	}
	return aws.ToString(out.ContactFlowId)
}

// admTaskTo starts a task whose flow sends it to queue and returns it.
func (e *agEnv) admTaskTo(t *testing.T, flow, name string) *types.Contact {
	t.Helper()
	id := startTask(t, e.c, e.s, name, func(in *connect.StartTaskContactInput) {
		in.ContactFlowId = &flow
		in.Attributes = map[string]string{"route": "vip"}
	})
	return describe(t, e.c, e.s, id)
}

func TestQueueAdmin(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	c := e.c
	support, sales := e.queueNamed(t, "Support"), e.queueNamed(t, "Sales")
	agentQueue := e.user(t, "ann") // an agent queue's ID is its user's

	// UpdateQueueName: either member, or both.
	if _, err := c.UpdateQueueName(ctx(t), &connect.UpdateQueueNameInput{InstanceId: &e.inst, QueueId: &support,
		Name: aws.String("Help desk"), Description: aws.String("first line")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateQueueName(ctx(t), &connect.UpdateQueueNameInput{InstanceId: &e.inst, QueueId: &support,
		Description: aws.String("first and second line")}); err != nil {
		t.Fatal(err)
	}
	q, err := c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: &e.inst, QueueId: &support})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(q.Queue.Name) != "Help desk" || aws.ToString(q.Queue.Description) != "first and second line" {
		t.Errorf("renamed queue = %q, %q", aws.ToString(q.Queue.Name), aws.ToString(q.Queue.Description))
	}

	// UpdateQueueStatus: a disabled queue refuses new contacts (the flow's
	// transfer fails and it disconnects the task), and takes them again
	// once enabled.
	vip := e.admFlow(t, "to support", routeFlow(support))
	if _, err := c.UpdateQueueStatus(ctx(t), &connect.UpdateQueueStatusInput{InstanceId: &e.inst, QueueId: &support,
		Status: types.QueueStatusDisabled}); err != nil {
		t.Fatal(err)
	}
	if q, err = c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: &e.inst, QueueId: &support}); err != nil {
		t.Fatal(err)
	}
	if q.Queue.Status != types.QueueStatusDisabled {
		t.Errorf("queue status = %s, want DISABLED", q.Queue.Status)
	}
	if task := e.admTaskTo(t, vip, "refused"); task.DisconnectTimestamp == nil || task.DisconnectReason == nil {
		t.Errorf("task for a disabled queue: disconnected %v (%s), want ended by its flow", task.DisconnectTimestamp, aws.ToString(task.DisconnectReason))
	}
	if _, err := c.UpdateQueueStatus(ctx(t), &connect.UpdateQueueStatusInput{InstanceId: &e.inst, QueueId: &support,
		Status: types.QueueStatusEnabled}); err != nil {
		t.Fatal(err)
	}
	waiting := e.admTaskTo(t, vip, "waiting")
	if waiting.DisconnectTimestamp != nil || waiting.QueueInfo == nil || aws.ToString(waiting.QueueInfo.Id) != support {
		t.Fatalf("task for an enabled queue = %+v, want waiting in it", waiting.QueueInfo)
	}

	// DeleteQueue: refused while a contact waits in it, then deleted.
	_, err = c.DeleteQueue(ctx(t), &connect.DeleteQueueInput{InstanceId: &e.inst, QueueId: &support})
	wantAPIError(t, err, "ResourceInUseException", 409)
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) || inUse.ResourceType != types.ResourceTypeContact || aws.ToString(inUse.ResourceId) != aws.ToString(waiting.Arn) {
		t.Errorf("ResourceInUseException = %+v, want the waiting task (CONTACT %s)", inUse, aws.ToString(waiting.Arn))
	}
	stopContact(t, c, e.s, aws.ToString(waiting.Id))
	if _, err := c.DeleteQueue(ctx(t), &connect.DeleteQueueInput{InstanceId: &e.inst, QueueId: &support}); err != nil {
		t.Fatalf("DeleteQueue = %v", err)
	}
	_, err = c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: &e.inst, QueueId: &support})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// In use by a routing profile (as a queue, as the outbound queue) and by
	// a quick connect.
	outbound, target := e.queueNamed(t, "Outbound"), e.queueNamed(t, "Target")
	if _, err := c.CreateRoutingProfile(ctx(t), &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String("Sales desk"),
		Description: aws.String("d"), DefaultOutboundQueueId: &outbound,
		MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelTask, 1)},
		QueueConfigs:       []types.RoutingProfileQueueConfig{qcfg(sales, types.ChannelTask, 1, 0)}}); err != nil {
		t.Fatal(err)
	}
	_, queueFlow := transferFlows(t, c, e.s)
	createQuickConnect(t, c, e.s, "to target", queueConfig(target, queueFlow))

	bad := func(q string) func(t *testing.T) error {
		return func(t *testing.T) error {
			_, err := c.DeleteQueue(ctx(t), &connect.DeleteQueueInput{InstanceId: &e.inst, QueueId: aws.String(q)})
			return err
		}
	}
	runErrCases(t, []agErrCase{
		{"DeleteQueue BasicQueue", bad(e.queue), "ResourceInUseException", 409},
		{"DeleteQueue served by a profile", bad(sales), "ResourceInUseException", 409},
		{"DeleteQueue a profile's outbound queue", bad(outbound), "ResourceInUseException", 409},
		{"DeleteQueue a quick connect's destination", bad(target), "ResourceInUseException", 409},
		{"DeleteQueue agent queue", bad(agentQueue), "InvalidRequestException", 400},
		{"DeleteQueue deleted", bad(support), "ResourceNotFoundException", 404},
		{"UpdateQueueName neither member", func(t *testing.T) error {
			_, err := c.UpdateQueueName(ctx(t), &connect.UpdateQueueNameInput{InstanceId: &e.inst, QueueId: &sales})
			return err
		}, "InvalidRequestException", 400},
		{"UpdateQueueName taken", func(t *testing.T) error {
			_, err := c.UpdateQueueName(ctx(t), &connect.UpdateQueueNameInput{InstanceId: &e.inst, QueueId: &sales, Name: aws.String("BasicQueue")})
			return err
		}, "DuplicateResourceException", 409},
		{"UpdateQueueName agent queue", func(t *testing.T) error {
			_, err := c.UpdateQueueName(ctx(t), &connect.UpdateQueueNameInput{InstanceId: &e.inst, QueueId: &agentQueue, Name: aws.String("Ann")})
			return err
		}, "InvalidRequestException", 400},
		{"UpdateQueueName too long", func(t *testing.T) error {
			_, err := c.UpdateQueueName(ctx(t), &connect.UpdateQueueNameInput{InstanceId: &e.inst, QueueId: &sales, Name: aws.String(fill("n", 128))})
			return err
		}, "InvalidParameterException", 400},
		{"UpdateQueueStatus agent queue", func(t *testing.T) error {
			_, err := c.UpdateQueueStatus(ctx(t), &connect.UpdateQueueStatusInput{InstanceId: &e.inst, QueueId: &agentQueue, Status: types.QueueStatusDisabled})
			return err
		}, "InvalidRequestException", 400},
		{"UpdateQueueStatus unknown status", func(t *testing.T) error {
			_, err := c.UpdateQueueStatus(ctx(t), &connect.UpdateQueueStatusInput{InstanceId: &e.inst, QueueId: &sales, Status: "PAUSED"})
			return err
		}, "InvalidParameterException", 400},
		{"UpdateQueueStatus missing queue", func(t *testing.T) error {
			_, err := c.UpdateQueueStatus(ctx(t), &connect.UpdateQueueStatusInput{InstanceId: &e.inst, QueueId: aws.String("no-such-queue"), Status: types.QueueStatusEnabled})
			return err
		}, "ResourceNotFoundException", 404},
	})
}

func TestRoutingProfileAdmin(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	c := e.c
	create := func(name string) string {
		out, err := c.CreateRoutingProfile(ctx(t), &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String(name),
			Description: aws.String("d"), DefaultOutboundQueueId: &e.queue,
			MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelTask, 1)},
			QueueConfigs:       []types.RoutingProfileQueueConfig{qcfg(e.queue, types.ChannelTask, 1, 0)}})
		if err != nil {
			t.Fatalf("CreateRoutingProfile(%s): %v", name, err)
		}
		return aws.ToString(out.RoutingProfileId)
	}
	tasks, chats := create("Tasks"), create("Chats")

	if _, err := c.UpdateRoutingProfileName(ctx(t), &connect.UpdateRoutingProfileNameInput{InstanceId: &e.inst,
		RoutingProfileId: &tasks, Name: aws.String("Task desk"), Description: aws.String("tasks only")}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeRoutingProfile(ctx(t), &connect.DescribeRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &tasks})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(d.RoutingProfile.Name) != "Task desk" || aws.ToString(d.RoutingProfile.Description) != "tasks only" {
		t.Errorf("renamed profile = %q, %q", aws.ToString(d.RoutingProfile.Name), aws.ToString(d.RoutingProfile.Description))
	}

	// Assigned to a user: in use, until the user moves.
	ann := e.user(t, "ann", func(in *connect.CreateUserInput) { in.RoutingProfileId = &tasks })
	_, err = c.DeleteRoutingProfile(ctx(t), &connect.DeleteRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &tasks})
	wantAPIError(t, err, "ResourceInUseException", 409)
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) || inUse.ResourceType != types.ResourceTypeUser || aws.ToString(inUse.ResourceId) != aws.ToString(e.describeUser(t, ann).Arn) {
		t.Errorf("ResourceInUseException = %+v, want the user ann", inUse)
	}
	if _, err := c.UpdateUserRoutingProfile(ctx(t), &connect.UpdateUserRoutingProfileInput{InstanceId: &e.inst, UserId: &ann,
		RoutingProfileId: &e.rp}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteRoutingProfile(ctx(t), &connect.DeleteRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &tasks}); err != nil {
		t.Fatalf("DeleteRoutingProfile = %v", err)
	}
	_, err = c.DescribeRoutingProfile(ctx(t), &connect.DescribeRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &tasks})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	runErrCases(t, []agErrCase{
		{"DeleteRoutingProfile default", func(t *testing.T) error {
			_, err := c.DeleteRoutingProfile(ctx(t), &connect.DeleteRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &e.rp})
			return err
		}, "InvalidRequestException", 400},
		{"DeleteRoutingProfile deleted", func(t *testing.T) error {
			_, err := c.DeleteRoutingProfile(ctx(t), &connect.DeleteRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &tasks})
			return err
		}, "ResourceNotFoundException", 404},
		{"UpdateRoutingProfileName neither member", func(t *testing.T) error {
			_, err := c.UpdateRoutingProfileName(ctx(t), &connect.UpdateRoutingProfileNameInput{InstanceId: &e.inst, RoutingProfileId: &chats})
			return err
		}, "InvalidRequestException", 400},
		{"UpdateRoutingProfileName taken", func(t *testing.T) error {
			_, err := c.UpdateRoutingProfileName(ctx(t), &connect.UpdateRoutingProfileNameInput{InstanceId: &e.inst, RoutingProfileId: &chats,
				Name: aws.String("Basic Routing Profile")})
			return err
		}, "DuplicateResourceException", 409},
		{"UpdateRoutingProfileName description too long", func(t *testing.T) error {
			_, err := c.UpdateRoutingProfileName(ctx(t), &connect.UpdateRoutingProfileNameInput{InstanceId: &e.inst, RoutingProfileId: &chats,
				Description: aws.String(fill("d", 251))})
			return err
		}, "InvalidParameterException", 400},
		{"UpdateRoutingProfileName missing", func(t *testing.T) error {
			_, err := c.UpdateRoutingProfileName(ctx(t), &connect.UpdateRoutingProfileNameInput{InstanceId: &e.inst,
				RoutingProfileId: aws.String("no-such-profile"), Name: aws.String("x")})
			return err
		}, "ResourceNotFoundException", 404},
	})
}

func TestSecurityProfileAdmin(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	c := e.c
	created, err := c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst,
		SecurityProfileName: aws.String("Team leads"), Description: aws.String("leads"),
		Permissions:              []string{"BasicAgentAccess", "Users.View"},
		AllowedAccessControlTags: map[string]string{"team": "blue"}, TagRestrictedResources: []string{"User"},
		Tags: map[string]string{"env": "e2e"}})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(created.SecurityProfileId)
	if !strings.HasSuffix(aws.ToString(created.SecurityProfileArn), ":instance/"+e.inst+"/security-profile/"+id) {
		t.Errorf("SecurityProfileArn = %s", aws.ToString(created.SecurityProfileArn))
	}
	if _, err := c.UpdateSecurityProfile(ctx(t), &connect.UpdateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: &id,
		Description: aws.String("team leads"), TagRestrictedResources: []string{"User", "Queue"}}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeSecurityProfile(ctx(t), &connect.DescribeSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: &id})
	if err != nil {
		t.Fatal(err)
	}
	p := d.SecurityProfile
	if aws.ToString(p.SecurityProfileName) != "Team leads" || aws.ToString(p.Description) != "team leads" ||
		p.AllowedAccessControlTags["team"] != "blue" || len(p.TagRestrictedResources) != 2 || p.Tags["env"] != "e2e" {
		t.Errorf("DescribeSecurityProfile = %+v", p)
	}

	// Assigned to a user: in use, until the user drops it.
	ann := e.user(t, "ann", func(in *connect.CreateUserInput) { in.SecurityProfileIds = []string{id} })
	_, err = c.DeleteSecurityProfile(ctx(t), &connect.DeleteSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: &id})
	wantAPIError(t, err, "ResourceInUseException", 409)
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) || inUse.ResourceType != types.ResourceTypeUser || aws.ToString(inUse.ResourceId) != aws.ToString(e.describeUser(t, ann).Arn) {
		t.Errorf("ResourceInUseException = %+v, want the user ann", inUse)
	}
	if _, err := c.UpdateUserSecurityProfiles(ctx(t), &connect.UpdateUserSecurityProfilesInput{InstanceId: &e.inst, UserId: &ann,
		SecurityProfileIds: []string{e.sp["Agent"]}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteSecurityProfile(ctx(t), &connect.DeleteSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: &id}); err != nil {
		t.Fatalf("DeleteSecurityProfile = %v", err)
	}
	_, err = c.DescribeSecurityProfile(ctx(t), &connect.DescribeSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	runErrCases(t, []agErrCase{
		{"DeleteSecurityProfile Admin", func(t *testing.T) error {
			_, err := c.DeleteSecurityProfile(ctx(t), &connect.DeleteSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: aws.String(e.sp["Admin"])})
			return err
		}, "InvalidRequestException", 400},
		{"DeleteSecurityProfile deleted", func(t *testing.T) error {
			_, err := c.DeleteSecurityProfile(ctx(t), &connect.DeleteSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: &id})
			return err
		}, "ResourceNotFoundException", 404},
		{"CreateSecurityProfile taken name", func(t *testing.T) error {
			_, err := c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileName: aws.String("Agent")})
			return err
		}, "DuplicateResourceException", 409},
		{"CreateSecurityProfile name pattern", func(t *testing.T) error {
			_, err := c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileName: aws.String("no/slash")})
			return err
		}, "InvalidParameterException", 400},
		{"CreateSecurityProfile hierarchy group", func(t *testing.T) error {
			_, err := c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileName: aws.String("Grouped"),
				AllowedAccessControlHierarchyGroupId: aws.String("00000000-0000-0000-0000-000000000000")})
			return err
		}, "ResourceNotFoundException", 404},
		{"CreateSecurityProfile applications", func(t *testing.T) error {
			_, err := c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileName: aws.String("Apps"),
				Applications: []types.Application{{Namespace: aws.String("app"), ApplicationPermissions: []string{"ACCESS"}}}})
			return err
		}, "InvalidRequestException", 400},
		{"UpdateSecurityProfile nothing", func(t *testing.T) error {
			_, err := c.UpdateSecurityProfile(ctx(t), &connect.UpdateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: aws.String(e.sp["Agent"])})
			return err
		}, "InvalidRequestException", 400},
		{"UpdateSecurityProfile missing", func(t *testing.T) error {
			_, err := c.UpdateSecurityProfile(ctx(t), &connect.UpdateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: aws.String("no-such-profile"),
				Description: aws.String("x")})
			return err
		}, "ResourceNotFoundException", 404},
	})
}

func TestAgentStatusAdmin(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	c := e.c
	created, err := c.CreateAgentStatus(ctx(t), &connect.CreateAgentStatusInput{InstanceId: &e.inst, Name: aws.String("Lunch"),
		Description: aws.String("eating"), State: types.AgentStatusStateEnabled})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(created.AgentStatusId)
	if _, err := c.UpdateAgentStatus(ctx(t), &connect.UpdateAgentStatusInput{InstanceId: &e.inst, AgentStatusId: &id,
		Name: aws.String("Break"), Description: aws.String(""), State: types.AgentStatusStateDisabled, DisplayOrder: aws.Int32(7)}); err != nil {
		t.Fatal(err)
	}
	d, err := c.DescribeAgentStatus(ctx(t), &connect.DescribeAgentStatusInput{InstanceId: &e.inst, AgentStatusId: &id})
	if err != nil {
		t.Fatal(err)
	}
	if st := d.AgentStatus; aws.ToString(st.Name) != "Break" || st.Description != nil || st.State != types.AgentStatusStateDisabled ||
		aws.ToInt32(st.DisplayOrder) != 7 || st.Type != types.AgentStatusTypeCustom {
		t.Errorf("updated status = %+v", st)
	}
	if _, err := c.UpdateAgentStatus(ctx(t), &connect.UpdateAgentStatusInput{InstanceId: &e.inst, AgentStatusId: &id,
		ResetOrderNumber: true}); err != nil {
		t.Fatal(err)
	}
	if d, err = c.DescribeAgentStatus(ctx(t), &connect.DescribeAgentStatusInput{InstanceId: &e.inst, AgentStatusId: &id}); err != nil {
		t.Fatal(err)
	}
	if d.AgentStatus.DisplayOrder != nil {
		t.Errorf("DisplayOrder after ResetOrderNumber = %d, want none", aws.ToInt32(d.AgentStatus.DisplayOrder))
	}
	// Disabled, it cannot be set.
	ann := e.user(t, "ann")
	_, err = c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &e.inst, UserId: &ann, AgentStatusId: &id})
	wantAPIError(t, err, "InvalidRequestException", 400)
	if _, err := c.UpdateAgentStatus(ctx(t), &connect.UpdateAgentStatusInput{InstanceId: &e.inst, AgentStatusId: &e.available,
		Name: aws.String("Ready")}); err != nil {
		t.Errorf("rename Available = %v", err)
	}

	update := func(in *connect.UpdateAgentStatusInput) func(t *testing.T) error {
		return func(t *testing.T) error {
			in.InstanceId = &e.inst
			if in.AgentStatusId == nil {
				in.AgentStatusId = &id
			}
			_, err := c.UpdateAgentStatus(ctx(t), in)
			return err
		}
	}
	runErrCases(t, []agErrCase{
		{"disable Available", update(&connect.UpdateAgentStatusInput{AgentStatusId: &e.available, State: types.AgentStatusStateDisabled}),
			"InvalidRequestException", 400},
		{"disable Offline", update(&connect.UpdateAgentStatusInput{AgentStatusId: &e.offline, State: types.AgentStatusStateDisabled}),
			"InvalidRequestException", 400},
		{"nothing", update(&connect.UpdateAgentStatusInput{}), "InvalidRequestException", 400},
		{"DisplayOrder and ResetOrderNumber", update(&connect.UpdateAgentStatusInput{DisplayOrder: aws.Int32(1), ResetOrderNumber: true}),
			"InvalidRequestException", 400},
		{"taken name", update(&connect.UpdateAgentStatusInput{Name: aws.String("Offline")}), "DuplicateResourceException", 409},
		{"DisplayOrder 51", update(&connect.UpdateAgentStatusInput{DisplayOrder: aws.Int32(51)}), "InvalidParameterException", 400},
		{"missing", update(&connect.UpdateAgentStatusInput{AgentStatusId: aws.String("no-such-status"), Name: aws.String("x")}),
			"ResourceNotFoundException", 404},
	})
}

func TestContactFlowAdmin(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	c := e.c
	id := e.admFlow(t, "Triage", routeFlow(e.queue))
	e.admFlow(t, "Other", resValidFlow)
	describeFlow := func() *types.ContactFlow {
		t.Helper()
		out, err := c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: &e.inst, ContactFlowId: &id})
		if err != nil {
			t.Fatal(err)
		}
		return out.ContactFlow
	}
	if _, err := c.UpdateContactFlowName(ctx(t), &connect.UpdateContactFlowNameInput{InstanceId: &e.inst, ContactFlowId: &id,
		Name: aws.String("Triage v2"), Description: aws.String("sorts tasks")}); err != nil {
		t.Fatal(err)
	}
	if f := describeFlow(); aws.ToString(f.Name) != "Triage v2" || aws.ToString(f.Description) != "sorts tasks" {
		t.Errorf("renamed flow = %q, %q", aws.ToString(f.Name), aws.ToString(f.Description))
	}
	if _, err := c.UpdateContactFlowMetadata(ctx(t), &connect.UpdateContactFlowMetadataInput{InstanceId: &e.inst, ContactFlowId: &id,
		ContactFlowState: types.ContactFlowStateArchived}); err != nil {
		t.Fatal(err)
	}
	if f := describeFlow(); f.State != types.ContactFlowStateArchived {
		t.Errorf("flow state = %s, want ARCHIVED", f.State)
	}
	list, err := c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: &e.inst})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range list.ContactFlowSummaryList {
		if aws.ToString(f.Id) == id && f.ContactFlowState != types.ContactFlowStateArchived {
			t.Errorf("ListContactFlows state = %s, want ARCHIVED", f.ContactFlowState)
		}
	}
	if _, err := c.UpdateContactFlowMetadata(ctx(t), &connect.UpdateContactFlowMetadataInput{InstanceId: &e.inst, ContactFlowId: &id,
		Name: aws.String("Triage"), ContactFlowState: types.ContactFlowStateActive}); err != nil {
		t.Fatal(err)
	}
	if f := describeFlow(); f.State != types.ContactFlowStateActive || aws.ToString(f.Name) != "Triage" {
		t.Errorf("restored flow = %q %s", aws.ToString(f.Name), f.State)
	}

	runErrCases(t, []agErrCase{
		{"UpdateContactFlowName neither", func(t *testing.T) error {
			_, err := c.UpdateContactFlowName(ctx(t), &connect.UpdateContactFlowNameInput{InstanceId: &e.inst, ContactFlowId: &id})
			return err
		}, "InvalidRequestException", 400},
		{"UpdateContactFlowName taken", func(t *testing.T) error {
			_, err := c.UpdateContactFlowName(ctx(t), &connect.UpdateContactFlowNameInput{InstanceId: &e.inst, ContactFlowId: &id, Name: aws.String("Other")})
			return err
		}, "DuplicateResourceException", 409},
		{"UpdateContactFlowName missing", func(t *testing.T) error {
			_, err := c.UpdateContactFlowName(ctx(t), &connect.UpdateContactFlowNameInput{InstanceId: &e.inst, ContactFlowId: aws.String("no-such-flow"),
				Name: aws.String("x")})
			return err
		}, "ResourceNotFoundException", 404},
		{"UpdateContactFlowMetadata nothing", func(t *testing.T) error {
			_, err := c.UpdateContactFlowMetadata(ctx(t), &connect.UpdateContactFlowMetadataInput{InstanceId: &e.inst, ContactFlowId: &id})
			return err
		}, "InvalidRequestException", 400},
		{"UpdateContactFlowMetadata taken", func(t *testing.T) error {
			_, err := c.UpdateContactFlowMetadata(ctx(t), &connect.UpdateContactFlowMetadataInput{InstanceId: &e.inst, ContactFlowId: &id,
				Name: aws.String("Default task flow")})
			return err
		}, "DuplicateResourceException", 409},
		{"UpdateContactFlowMetadata unknown state", func(t *testing.T) error {
			_, err := c.UpdateContactFlowMetadata(ctx(t), &connect.UpdateContactFlowMetadataInput{InstanceId: &e.inst, ContactFlowId: &id,
				ContactFlowState: "DELETED"})
			return err
		}, "InvalidParameterException", 400},
		{"UpdateContactFlowMetadata missing", func(t *testing.T) error {
			_, err := c.UpdateContactFlowMetadata(ctx(t), &connect.UpdateContactFlowMetadataInput{InstanceId: &e.inst,
				ContactFlowId: aws.String("no-such-flow"), ContactFlowState: types.ContactFlowStateArchived})
			return err
		}, "ResourceNotFoundException", 404},
	})
}
