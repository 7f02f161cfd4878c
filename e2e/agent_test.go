package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// agEnv is a running connectd with the agent-side resources its default
// instance is born with.
type agEnv struct {
	s         *server
	c         *connect.Client
	inst      string
	rp        string // Basic Routing Profile
	queue     string // BasicQueue
	hours     string // Basic Hours
	sp        map[string]string
	available string
	offline   string
}

func agSetup(t *testing.T) *agEnv {
	t.Helper()
	s := startServer(t, "")
	e := &agEnv{s: s, c: s.client(t), inst: s.InstanceID, sp: map[string]string{}}
	e.hours, e.queue = resDefaults(t, e.c, e.inst)
	e.rp, e.sp, e.available, e.offline = agDefaults(t, e.c, e.inst)
	return e
}

// agDefaults returns an instance's Basic Routing Profile, its security
// profiles by name, and its Available and Offline statuses.
func agDefaults(t *testing.T, c *connect.Client, inst string) (rp string, sp map[string]string, available, offline string) {
	t.Helper()
	rps, err := c.ListRoutingProfiles(ctx(t), &connect.ListRoutingProfilesInput{InstanceId: &inst})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rps.RoutingProfileSummaryList {
		if aws.ToString(r.Name) == "Basic Routing Profile" {
			rp = aws.ToString(r.Id)
		}
	}
	sps, err := c.ListSecurityProfiles(ctx(t), &connect.ListSecurityProfilesInput{InstanceId: &inst})
	if err != nil {
		t.Fatal(err)
	}
	sp = map[string]string{}
	for _, p := range sps.SecurityProfileSummaryList {
		sp[aws.ToString(p.Name)] = aws.ToString(p.Id)
	}
	sts, err := c.ListAgentStatuses(ctx(t), &connect.ListAgentStatusesInput{InstanceId: &inst})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sts.AgentStatusSummaryList {
		switch aws.ToString(st.Name) {
		case "Available":
			available = aws.ToString(st.Id)
		case "Offline":
			offline = aws.ToString(st.Id)
		}
	}
	if rp == "" || available == "" || offline == "" {
		t.Fatalf("instance lacks the Basic Routing Profile (%q), Available (%q) or Offline (%q)", rp, available, offline)
	}
	return rp, sp, available, offline
}

// userInput is a valid CreateUser request for the default (CONNECT_MANAGED) instance.
func (e *agEnv) userInput(name string, opts ...func(*connect.CreateUserInput)) *connect.CreateUserInput {
	in := &connect.CreateUserInput{
		InstanceId: &e.inst, Username: aws.String(name), Password: aws.String("Passw0rd!"),
		IdentityInfo:       &types.UserIdentityInfo{FirstName: aws.String("First"), LastName: aws.String("Last")},
		RoutingProfileId:   &e.rp,
		SecurityProfileIds: []string{e.sp["Agent"]},
	}
	for _, o := range opts {
		o(in)
	}
	return in
}

func (e *agEnv) user(t *testing.T, name string, opts ...func(*connect.CreateUserInput)) string {
	t.Helper()
	out, err := e.c.CreateUser(ctx(t), e.userInput(name, opts...))
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return aws.ToString(out.UserId)
}

func (e *agEnv) describeUser(t *testing.T, id string) *types.User {
	t.Helper()
	out, err := e.c.DescribeUser(ctx(t), &connect.DescribeUserInput{InstanceId: &e.inst, UserId: &id})
	if err != nil {
		t.Fatalf("DescribeUser(%s): %v", id, err)
	}
	return out.User
}

func (e *agEnv) queueNamed(t *testing.T, name string) string {
	t.Helper()
	out, err := e.c.CreateQueue(ctx(t), &connect.CreateQueueInput{InstanceId: &e.inst, Name: aws.String(name), HoursOfOperationId: &e.hours})
	if err != nil {
		t.Fatalf("CreateQueue(%s): %v", name, err)
	}
	return aws.ToString(out.QueueId)
}

func qcfg(queue string, ch types.Channel, priority, delay int32) types.RoutingProfileQueueConfig {
	return types.RoutingProfileQueueConfig{QueueReference: &types.RoutingProfileQueueReference{QueueId: aws.String(queue), Channel: ch},
		Priority: aws.Int32(priority), Delay: aws.Int32(delay)}
}

func concurrency(ch types.Channel, n int32) types.MediaConcurrency {
	return types.MediaConcurrency{Channel: ch, Concurrency: aws.Int32(n)}
}

// agErrCase is one refused request: call returns its error.
type agErrCase struct {
	name   string
	call   func(t *testing.T) error
	code   string
	status int
}

func runErrCases(t *testing.T, cases []agErrCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantAPIError(t, tc.call(t), tc.code, tc.status)
		})
	}
}

func TestAgentDefaults(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	rp, err := e.c.DescribeRoutingProfile(ctx(t), &connect.DescribeRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &e.rp})
	if err != nil {
		t.Fatal(err)
	}
	p := rp.RoutingProfile
	if !p.IsDefault || aws.ToString(p.DefaultOutboundQueueId) != e.queue || aws.ToInt64(p.NumberOfAssociatedQueues) != 1 ||
		aws.ToInt64(p.NumberOfAssociatedUsers) != 0 || p.AgentAvailabilityTimer != types.AgentAvailabilityTimerTimeSinceLastActivity ||
		aws.ToString(p.InstanceId) != e.inst || !strings.HasSuffix(aws.ToString(p.RoutingProfileArn), "/routing-profile/"+e.rp) ||
		p.AssociatedQueueIds != nil {
		t.Errorf("Basic Routing Profile = %+v", *p)
	}
	var media []string
	for _, m := range p.MediaConcurrencies {
		media = append(media, fmt.Sprintf("%s:%d", m.Channel, aws.ToInt32(m.Concurrency)))
	}
	if diff := cmp.Diff([]string{"VOICE:1", "CHAT:2", "TASK:1"}, media); diff != "" {
		t.Errorf("Basic Routing Profile concurrency (-want +got):\n%s", diff)
	}
	qs, err := e.c.ListRoutingProfileQueues(ctx(t), &connect.ListRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &e.rp})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs.RoutingProfileQueueConfigSummaryList {
		got = append(got, fmt.Sprintf("%s %s %d %d", aws.ToString(q.QueueName), q.Channel, aws.ToInt32(q.Priority), q.Delay))
		if aws.ToString(q.QueueId) != e.queue || !strings.HasSuffix(aws.ToString(q.QueueArn), "/queue/"+e.queue) {
			t.Errorf("queue config = %+v, want BasicQueue", q)
		}
	}
	if diff := cmp.Diff([]string{"BasicQueue CHAT 1 0", "BasicQueue TASK 1 0", "BasicQueue VOICE 1 0"}, got); diff != "" {
		t.Errorf("Basic Routing Profile queues (-want +got):\n%s", diff)
	}
	if qs.LastModifiedTime == nil || aws.ToString(qs.LastModifiedRegion) != "us-east-1" {
		t.Errorf("ListRoutingProfileQueues LastModified = %v, %v", qs.LastModifiedTime, aws.ToString(qs.LastModifiedRegion))
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range e.sp {
			if !yield(n) {
				return
			}
		}
	})
	if diff := cmp.Diff([]string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}, names); diff != "" {
		t.Errorf("security profiles (-want +got):\n%s", diff)
	}
	sp, err := e.c.DescribeSecurityProfile(ctx(t), &connect.DescribeSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: aws.String(e.sp["Admin"])})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(sp.SecurityProfile.SecurityProfileName) != "Admin" || aws.ToString(sp.SecurityProfile.OrganizationResourceId) != e.inst ||
		!strings.Contains(aws.ToString(sp.SecurityProfile.Arn), "/security-profile/") {
		t.Errorf("DescribeSecurityProfile = %+v", *sp.SecurityProfile)
	}
	for id, want := range map[string]types.AgentStatusType{e.available: types.AgentStatusTypeRoutable, e.offline: types.AgentStatusTypeOffline} {
		st, err := e.c.DescribeAgentStatus(ctx(t), &connect.DescribeAgentStatusInput{InstanceId: &e.inst, AgentStatusId: aws.String(id)})
		if err != nil {
			t.Fatal(err)
		}
		if st.AgentStatus.Type != want || st.AgentStatus.State != types.AgentStatusStateEnabled ||
			!strings.HasSuffix(aws.ToString(st.AgentStatus.AgentStatusARN), "/agent-state/"+id) {
			t.Errorf("DescribeAgentStatus(%s) = %+v", id, *st.AgentStatus)
		}
	}
	// A new instance is born with them too.
	inst, err := e.c.CreateInstance(ctx(t), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
		InstanceAlias: aws.String("agents-defaults"), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	agDefaults(t, e.c, aws.ToString(inst.Id))
}

func TestUserLifecycle(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	out, err := e.c.CreateUser(ctx(t), e.userInput("mary", func(in *connect.CreateUserInput) {
		in.IdentityInfo.Email = aws.String("mary@example.com")
		in.PhoneConfig = &types.UserPhoneConfig{PhoneType: types.PhoneTypeDeskPhone, AutoAccept: true, AfterContactWorkTimeLimit: 60,
			DeskPhoneNumber: aws.String("+15555551212")}
		in.SecurityProfileIds = []string{e.sp["Agent"], e.sp["Admin"]}
		in.Tags = map[string]string{"team": "blue"}
	}))
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(out.UserId)
	if arn := aws.ToString(out.UserArn); arn != "arn:aws:connect:us-east-1:000000000000:instance/"+e.inst+"/agent/"+id {
		t.Errorf("UserArn = %s", arn)
	}
	u := e.describeUser(t, id)
	if aws.ToString(u.Username) != "mary" || aws.ToString(u.RoutingProfileId) != e.rp || aws.ToString(u.IdentityInfo.Email) != "mary@example.com" ||
		u.Tags["team"] != "blue" || u.LastModifiedTime == nil || aws.ToString(u.LastModifiedRegion) != "us-east-1" {
		t.Errorf("DescribeUser = %+v", *u)
	}
	if diff := cmp.Diff([]string{e.sp["Agent"], e.sp["Admin"]}, u.SecurityProfileIds); diff != "" {
		t.Errorf("SecurityProfileIds (-want +got):\n%s", diff)
	}
	pc := u.PhoneConfig
	if pc == nil || pc.PhoneType != types.PhoneTypeDeskPhone || !pc.AutoAccept || pc.AfterContactWorkTimeLimit != 60 ||
		aws.ToString(pc.DeskPhoneNumber) != "+15555551212" {
		t.Errorf("PhoneConfig = %+v", pc)
	}
	if len(u.AutoAcceptConfigs) != 1 || u.AutoAcceptConfigs[0].Channel != types.ChannelVoice || !u.AutoAcceptConfigs[0].AutoAccept {
		t.Errorf("AutoAcceptConfigs = %+v, want VOICE on only", u.AutoAcceptConfigs)
	}

	// Its agent queue: ID = user ID, ARN queue/agent/{id}, no name.
	qs, err := e.c.ListQueues(ctx(t), &connect.ListQueuesInput{InstanceId: &e.inst, QueueTypes: []types.QueueType{types.QueueTypeAgent}})
	if err != nil {
		t.Fatal(err)
	}
	if len(qs.QueueSummaryList) != 1 || aws.ToString(qs.QueueSummaryList[0].Id) != id || qs.QueueSummaryList[0].Name != nil ||
		qs.QueueSummaryList[0].QueueType != types.QueueTypeAgent ||
		aws.ToString(qs.QueueSummaryList[0].Arn) != "arn:aws:connect:us-east-1:000000000000:instance/"+e.inst+"/queue/agent/"+id {
		t.Errorf("ListQueues(AGENT) = %+v", qs.QueueSummaryList)
	}
	q, err := e.c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: &e.inst, QueueId: &id})
	if err != nil {
		t.Fatal(err)
	}
	if q.Queue.Name != nil || q.Queue.HoursOfOperationId != nil || q.Queue.Status != types.QueueStatusEnabled {
		t.Errorf("DescribeQueue(agent queue) = %+v", *q.Queue)
	}

	// ListUsers pages.
	e.user(t, "ann")
	e.user(t, "bob")
	var listed []string
	p := connect.NewListUsersPaginator(e.c, &connect.ListUsersInput{InstanceId: &e.inst, MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if len(page.UserSummaryList) > 1 {
			t.Fatalf("page of %d users", len(page.UserSummaryList))
		}
		for _, s := range page.UserSummaryList {
			listed = append(listed, aws.ToString(s.Username))
		}
	}
	slices.Sort(listed)
	if diff := cmp.Diff([]string{"ann", "bob", "mary"}, listed); diff != "" {
		t.Errorf("ListUsers (-want +got):\n%s", diff)
	}

	// Updates.
	rp2, err := e.c.CreateRoutingProfile(ctx(t), &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String("Tasks"),
		Description: aws.String("tasks only"), DefaultOutboundQueueId: &e.queue,
		MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelTask, 5)}})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		call func() error
	}{
		{"UpdateUserRoutingProfile", func() error {
			_, err := e.c.UpdateUserRoutingProfile(ctx(t), &connect.UpdateUserRoutingProfileInput{InstanceId: &e.inst, UserId: &id, RoutingProfileId: rp2.RoutingProfileId})
			return err
		}},
		{"UpdateUserSecurityProfiles", func() error {
			_, err := e.c.UpdateUserSecurityProfiles(ctx(t), &connect.UpdateUserSecurityProfilesInput{InstanceId: &e.inst, UserId: &id,
				SecurityProfileIds: []string{e.sp["CallCenterManager"]}})
			return err
		}},
		{"UpdateUserIdentityInfo", func() error {
			_, err := e.c.UpdateUserIdentityInfo(ctx(t), &connect.UpdateUserIdentityInfoInput{InstanceId: &e.inst, UserId: &id,
				IdentityInfo: &types.UserIdentityInfo{LastName: aws.String("Major"), Mobile: aws.String("+15555550199")}})
			return err
		}},
		{"UpdateUserPhoneConfig", func() error { // AutoAccept false is left out by the SDK: it turns voice auto-accept off
			_, err := e.c.UpdateUserPhoneConfig(ctx(t), &connect.UpdateUserPhoneConfigInput{InstanceId: &e.inst, UserId: &id,
				PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 30}})
			return err
		}},
		{"UpdateUserConfig", func() error {
			_, err := e.c.UpdateUserConfig(ctx(t), &connect.UpdateUserConfigInput{InstanceId: &e.inst, UserId: &id,
				AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelTask, AutoAccept: true}},
				AfterContactWorkConfigs: []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelTask,
					AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 0}}},
				PersistentConnectionConfigs: []types.PersistentConnectionConfig{{Channel: types.ChannelVoice, PersistentConnection: aws.Bool(true)}},
				VoiceEnhancementConfigs:     []types.VoiceEnhancementConfig{{Channel: types.ChannelVoice, VoiceEnhancementMode: types.VoiceEnhancementModeNoiseSuppression}},
			})
			return err
		}},
		{"PutUserStatus", func() error {
			_, err := e.c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &e.inst, UserId: &id, AgentStatusId: &e.available})
			return err
		}},
	}
	for _, st := range steps {
		if err := st.call(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
	}
	u = e.describeUser(t, id)
	if aws.ToString(u.RoutingProfileId) != aws.ToString(rp2.RoutingProfileId) || !slices.Equal(u.SecurityProfileIds, []string{e.sp["CallCenterManager"]}) ||
		aws.ToString(u.IdentityInfo.FirstName) != "First" || aws.ToString(u.IdentityInfo.LastName) != "Major" ||
		aws.ToString(u.IdentityInfo.Mobile) != "+15555550199" {
		t.Errorf("after updates DescribeUser = %+v, identity %+v", *u, *u.IdentityInfo)
	}
	if pc := u.PhoneConfig; pc.PhoneType != types.PhoneTypeSoftPhone || pc.AutoAccept || pc.AfterContactWorkTimeLimit != 30 ||
		pc.DeskPhoneNumber != nil || !aws.ToBool(pc.PersistentConnection) {
		t.Errorf("after updates PhoneConfig = %+v", *pc)
	}
	auto := map[types.Channel]bool{}
	for _, a := range u.AutoAcceptConfigs {
		auto[a.Channel] = a.AutoAccept
	}
	if diff := cmp.Diff(map[types.Channel]bool{types.ChannelVoice: false, types.ChannelTask: true}, auto); diff != "" {
		t.Errorf("AutoAcceptConfigs (-want +got):\n%s", diff)
	}
	acw := map[types.Channel]int32{}
	for _, a := range u.AfterContactWorkConfigs {
		acw[a.Channel] = a.AfterContactWorkConfig.AfterContactWorkTimeLimit
	}
	if diff := cmp.Diff(map[types.Channel]int32{types.ChannelVoice: 30, types.ChannelChat: 30, types.ChannelTask: 0, types.ChannelEmail: 30}, acw); diff != "" {
		t.Errorf("AfterContactWorkConfigs (-want +got):\n%s", diff)
	}
	if len(u.VoiceEnhancementConfigs) != 1 || u.VoiceEnhancementConfigs[0].VoiceEnhancementMode != types.VoiceEnhancementModeNoiseSuppression {
		t.Errorf("VoiceEnhancementConfigs = %+v", u.VoiceEnhancementConfigs)
	}
	d, err := e.c.DescribeRoutingProfile(ctx(t), &connect.DescribeRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: rp2.RoutingProfileId})
	if err != nil || aws.ToInt64(d.RoutingProfile.NumberOfAssociatedUsers) != 1 {
		t.Errorf("NumberOfAssociatedUsers of the new profile = %v, %v; want 1", d.RoutingProfile.NumberOfAssociatedUsers, err)
	}

	// Delete: the user and its agent queue go.
	if _, err := e.c.DeleteUser(ctx(t), &connect.DeleteUserInput{InstanceId: &e.inst, UserId: &id}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.DescribeUser(ctx(t), &connect.DescribeUserInput{InstanceId: &e.inst, UserId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = e.c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: &e.inst, QueueId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	e.user(t, "mary") // the name is free again
}

func TestUserPerChannelCreate(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	id := e.user(t, "tasker", func(in *connect.CreateUserInput) {
		in.AutoAcceptConfigs = []types.AutoAcceptConfig{{Channel: types.ChannelTask, AutoAccept: true}, {Channel: types.ChannelChat, AutoAccept: false}}
		in.PhoneNumberConfigs = []types.PhoneNumberConfig{{Channel: types.ChannelVoice, PhoneType: types.PhoneTypeDeskPhone, PhoneNumber: aws.String("+441234567890")}}
		in.AfterContactWorkConfigs = []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelTask,
			AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 120}}}
	})
	u := e.describeUser(t, id)
	want := []types.AutoAcceptConfig{{Channel: types.ChannelChat, AutoAccept: false}, {Channel: types.ChannelTask, AutoAccept: true}}
	if diff := cmp.Diff(want, u.AutoAcceptConfigs, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".noSmithyDocumentSerde" }, cmp.Ignore())); diff != "" {
		t.Errorf("AutoAcceptConfigs (-want +got):\n%s", diff)
	}
	if pc := u.PhoneConfig; pc.PhoneType != types.PhoneTypeDeskPhone || aws.ToString(pc.DeskPhoneNumber) != "+441234567890" || pc.AutoAccept {
		t.Errorf("PhoneConfig = %+v", *pc)
	}
	if len(u.AfterContactWorkConfigs) != 1 || u.AfterContactWorkConfigs[0].AfterContactWorkConfig.AfterContactWorkTimeLimit != 120 {
		t.Errorf("AfterContactWorkConfigs = %+v", u.AfterContactWorkConfigs)
	}
	// Created without any phone setting, a user has the defaults.
	plain := e.describeUser(t, e.user(t, "plain"))
	if pc := plain.PhoneConfig; pc == nil || pc.PhoneType != types.PhoneTypeSoftPhone || pc.AutoAccept || pc.AfterContactWorkTimeLimit != 0 {
		t.Errorf("default PhoneConfig = %+v", pc)
	}
	if plain.AutoAcceptConfigs != nil || plain.IdentityInfo == nil {
		t.Errorf("default user = %+v", *plain)
	}
}

func TestUserErrors(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	id := e.user(t, "taken")
	disabled, err := e.c.CreateAgentStatus(ctx(t), &connect.CreateAgentStatusInput{InstanceId: &e.inst, Name: aws.String("Retired"),
		State: types.AgentStatusStateDisabled})
	if err != nil {
		t.Fatal(err)
	}
	saml, err := e.c.CreateInstance(ctx(t), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeSaml, InstanceAlias: aws.String("agents-saml"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := e.c.CreateInstance(ctx(t), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeExistingDirectory, DirectoryId: aws.String("d-1234567890"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	dirRP, dirSP, _, _ := agDefaults(t, e.c, aws.ToString(dir.Id))
	dirUser, err := e.c.CreateUser(ctx(t), &connect.CreateUserInput{InstanceId: dir.Id, Username: aws.String("dir"), RoutingProfileId: &dirRP,
		SecurityProfileIds: []string{dirSP["Agent"]}, IdentityInfo: &types.UserIdentityInfo{Email: aws.String("d@example.com")}})
	if err != nil {
		t.Fatal(err)
	}
	samlRP, samlSP, _, _ := agDefaults(t, e.c, aws.ToString(saml.Id))

	create := func(name string, opts ...func(*connect.CreateUserInput)) func(t *testing.T) error {
		return func(t *testing.T) error {
			_, err := e.c.CreateUser(ctx(t), e.userInput(name, opts...))
			return err
		}
	}
	nf, ip, ir, dup := "ResourceNotFoundException", "InvalidParameterException", "InvalidRequestException", "DuplicateResourceException"
	runErrCases(t, []agErrCase{
		{"CreateUser/UnknownInstance", create("x", func(in *connect.CreateUserInput) { in.InstanceId = aws.String("nope") }), nf, 404},
		{"CreateUser/UnknownRoutingProfile", create("x", func(in *connect.CreateUserInput) { in.RoutingProfileId = aws.String("nope") }), nf, 404},
		{"CreateUser/UnknownSecurityProfile", create("x", func(in *connect.CreateUserInput) { in.SecurityProfileIds = []string{"nope"} }), nf, 404},
		{"CreateUser/HierarchyGroup", create("x", func(in *connect.CreateUserInput) { in.HierarchyGroupId = aws.String("hg") }), nf, 404},
		{"CreateUser/TakenUsername", create("taken"), dup, 409},
		{"CreateUser/UsernameTooLong", create(strings.Repeat("u", 21)), ip, 400},
		{"CreateUser/UsernameAtNotEmail", create("u@example"), ip, 400},
		{"CreateUser/NoPassword", create("x", func(in *connect.CreateUserInput) { in.Password = nil }), ip, 400},
		{"CreateUser/WeakPassword", create("x", func(in *connect.CreateUserInput) { in.Password = aws.String("password") }), ip, 400},
		{"CreateUser/NoFirstName", create("x", func(in *connect.CreateUserInput) { in.IdentityInfo.FirstName = nil }), ip, 400},
		{"CreateUser/NoSecurityProfiles", create("x", func(in *connect.CreateUserInput) { in.SecurityProfileIds = []string{} }), ip, 400},
		{"CreateUser/BadMobile", create("x", func(in *connect.CreateUserInput) { in.IdentityInfo.Mobile = aws.String("555") }), ip, 400},
		{"CreateUser/ChannelTwice", create("x", func(in *connect.CreateUserInput) {
			in.AutoAcceptConfigs = []types.AutoAcceptConfig{{Channel: types.ChannelTask, AutoAccept: true}, {Channel: types.ChannelTask}}
		}), ip, 400},
		{"CreateUser/ACWTooLong", create("x", func(in *connect.CreateUserInput) {
			in.AfterContactWorkConfigs = []types.AfterContactWorkConfigPerChannel{{Channel: types.ChannelTask,
				AfterContactWorkConfig: &types.AfterContactWorkConfig{AfterContactWorkTimeLimit: 2_000_001}}}
		}), ip, 400},
		{"CreateUser/PhoneConfigConflict", create("x", func(in *connect.CreateUserInput) {
			in.PhoneConfig = &types.UserPhoneConfig{AutoAccept: true}
			in.AutoAcceptConfigs = []types.AutoAcceptConfig{{Channel: types.ChannelTask, AutoAccept: true}}
		}), ir, 400},
		{"CreateUser/SAMLWithPassword", func(t *testing.T) error {
			_, err := e.c.CreateUser(ctx(t), &connect.CreateUserInput{InstanceId: saml.Id, Username: aws.String("s"), Password: aws.String("Passw0rd"),
				RoutingProfileId: &samlRP, SecurityProfileIds: []string{samlSP["Agent"]},
				IdentityInfo: &types.UserIdentityInfo{FirstName: aws.String("F"), LastName: aws.String("L")}})
			return err
		}, ir, 400},
		{"DescribeUser/Unknown", func(t *testing.T) error {
			_, err := e.c.DescribeUser(ctx(t), &connect.DescribeUserInput{InstanceId: &e.inst, UserId: aws.String("nope")})
			return err
		}, nf, 404},
		{"DescribeUser/UnknownInstance", func(t *testing.T) error {
			_, err := e.c.DescribeUser(ctx(t), &connect.DescribeUserInput{InstanceId: aws.String("nope"), UserId: &id})
			return err
		}, nf, 404},
		{"ListUsers/BadToken", func(t *testing.T) error {
			_, err := e.c.ListUsers(ctx(t), &connect.ListUsersInput{InstanceId: &e.inst, NextToken: aws.String("garbage")})
			return err
		}, ir, 400},
		{"ListUsers/MaxResults", func(t *testing.T) error {
			_, err := e.c.ListUsers(ctx(t), &connect.ListUsersInput{InstanceId: &e.inst, MaxResults: aws.Int32(1001)})
			return err
		}, ip, 400},
		{"DeleteUser/Unknown", func(t *testing.T) error {
			_, err := e.c.DeleteUser(ctx(t), &connect.DeleteUserInput{InstanceId: &e.inst, UserId: aws.String("nope")})
			return err
		}, nf, 404},
		{"UpdateUserRoutingProfile/UnknownProfile", func(t *testing.T) error {
			_, err := e.c.UpdateUserRoutingProfile(ctx(t), &connect.UpdateUserRoutingProfileInput{InstanceId: &e.inst, UserId: &id, RoutingProfileId: aws.String("nope")})
			return err
		}, nf, 404},
		{"UpdateUserRoutingProfile/UnknownUser", func(t *testing.T) error {
			_, err := e.c.UpdateUserRoutingProfile(ctx(t), &connect.UpdateUserRoutingProfileInput{InstanceId: &e.inst, UserId: aws.String("nope"), RoutingProfileId: &e.rp})
			return err
		}, nf, 404},
		{"UpdateUserSecurityProfiles/Unknown", func(t *testing.T) error {
			_, err := e.c.UpdateUserSecurityProfiles(ctx(t), &connect.UpdateUserSecurityProfilesInput{InstanceId: &e.inst, UserId: &id, SecurityProfileIds: []string{"nope"}})
			return err
		}, nf, 404},
		{"UpdateUserSecurityProfiles/Eleven", func(t *testing.T) error {
			_, err := e.c.UpdateUserSecurityProfiles(ctx(t), &connect.UpdateUserSecurityProfilesInput{InstanceId: &e.inst, UserId: &id,
				SecurityProfileIds: slices.Repeat([]string{e.sp["Agent"]}, 11)})
			return err
		}, ip, 400},
		{"UpdateUserIdentityInfo/ClearFirstName", func(t *testing.T) error {
			_, err := e.c.UpdateUserIdentityInfo(ctx(t), &connect.UpdateUserIdentityInfoInput{InstanceId: &e.inst, UserId: &id,
				IdentityInfo: &types.UserIdentityInfo{FirstName: aws.String("")}})
			return err
		}, ip, 400},
		{"UpdateUserIdentityInfo/DirectoryEmail", func(t *testing.T) error {
			_, err := e.c.UpdateUserIdentityInfo(ctx(t), &connect.UpdateUserIdentityInfoInput{InstanceId: dir.Id, UserId: dirUser.UserId,
				IdentityInfo: &types.UserIdentityInfo{Email: aws.String("new@example.com")}})
			return err
		}, ir, 400},
		{"UpdateUserIdentityInfo/UnknownUser", func(t *testing.T) error {
			_, err := e.c.UpdateUserIdentityInfo(ctx(t), &connect.UpdateUserIdentityInfoInput{InstanceId: &e.inst, UserId: aws.String("nope"),
				IdentityInfo: &types.UserIdentityInfo{Mobile: aws.String("+15555550100")}})
			return err
		}, nf, 404},
		{"UpdateUserPhoneConfig/ACWTooLong", func(t *testing.T) error {
			_, err := e.c.UpdateUserPhoneConfig(ctx(t), &connect.UpdateUserPhoneConfigInput{InstanceId: &e.inst, UserId: &id,
				PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone, AfterContactWorkTimeLimit: 2_000_001}})
			return err
		}, ip, 400},
		{"UpdateUserPhoneConfig/BadPhoneType", func(t *testing.T) error {
			_, err := e.c.UpdateUserPhoneConfig(ctx(t), &connect.UpdateUserPhoneConfigInput{InstanceId: &e.inst, UserId: &id,
				PhoneConfig: &types.UserPhoneConfig{PhoneType: "CARRIER_PIGEON"}})
			return err
		}, ip, 400},
		{"UpdateUserConfig/ChannelTwice", func(t *testing.T) error {
			_, err := e.c.UpdateUserConfig(ctx(t), &connect.UpdateUserConfigInput{InstanceId: &e.inst, UserId: &id,
				PhoneNumberConfigs: []types.PhoneNumberConfig{{Channel: types.ChannelVoice, PhoneType: types.PhoneTypeSoftPhone},
					{Channel: types.ChannelVoice, PhoneType: types.PhoneTypeDeskPhone}}})
			return err
		}, ip, 400},
		{"UpdateUserConfig/UnknownUser", func(t *testing.T) error {
			_, err := e.c.UpdateUserConfig(ctx(t), &connect.UpdateUserConfigInput{InstanceId: &e.inst, UserId: aws.String("nope"),
				AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelTask, AutoAccept: true}}})
			return err
		}, nf, 404},
		{"PutUserStatus/UnknownStatus", func(t *testing.T) error {
			_, err := e.c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &e.inst, UserId: &id, AgentStatusId: aws.String("nope")})
			return err
		}, nf, 404},
		{"PutUserStatus/DisabledStatus", func(t *testing.T) error {
			_, err := e.c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &e.inst, UserId: &id, AgentStatusId: disabled.AgentStatusId})
			return err
		}, ir, 400},
		{"PutUserStatus/UnknownUser", func(t *testing.T) error {
			_, err := e.c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &e.inst, UserId: aws.String("nope"), AgentStatusId: &e.available})
			return err
		}, nf, 404},
	})
}

func TestRoutingProfiles(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	qa, qb := e.queueNamed(t, "A"), e.queueNamed(t, "B")
	out, err := e.c.CreateRoutingProfile(ctx(t), &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String("Mixed"),
		Description: aws.String("mixed"), DefaultOutboundQueueId: &qa, AgentAvailabilityTimer: types.AgentAvailabilityTimerTimeSinceLastInbound,
		MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelVoice, 1), {Channel: types.ChannelTask, Concurrency: aws.Int32(10),
			CrossChannelBehavior: &types.CrossChannelBehavior{BehaviorType: types.BehaviorTypeRouteAnyChannel}}},
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(qa, types.ChannelTask, 1, 0), qcfg(qb, types.ChannelTask, 2, 30)},
		Tags:         map[string]string{"team": "blue"}})
	if err != nil {
		t.Fatal(err)
	}
	rp := aws.ToString(out.RoutingProfileId)
	if !strings.HasSuffix(aws.ToString(out.RoutingProfileArn), "/routing-profile/"+rp) {
		t.Errorf("RoutingProfileArn = %s", aws.ToString(out.RoutingProfileArn))
	}
	describe := func() *types.RoutingProfile {
		t.Helper()
		d, err := e.c.DescribeRoutingProfile(ctx(t), &connect.DescribeRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &rp})
		if err != nil {
			t.Fatal(err)
		}
		return d.RoutingProfile
	}
	d := describe()
	if aws.ToString(d.Name) != "Mixed" || d.IsDefault || d.AgentAvailabilityTimer != types.AgentAvailabilityTimerTimeSinceLastInbound ||
		aws.ToInt64(d.NumberOfAssociatedQueues) != 2 || d.Tags["team"] != "blue" || len(d.MediaConcurrencies) != 2 ||
		d.MediaConcurrencies[1].CrossChannelBehavior == nil || d.MediaConcurrencies[1].CrossChannelBehavior.BehaviorType != types.BehaviorTypeRouteAnyChannel {
		t.Errorf("DescribeRoutingProfile = %+v", *d)
	}
	list := func(pageSize int32) []string {
		t.Helper()
		var got []string
		p := connect.NewListRoutingProfileQueuesPaginator(e.c, &connect.ListRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &rp,
			MaxResults: aws.Int32(pageSize)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range page.RoutingProfileQueueConfigSummaryList {
				got = append(got, fmt.Sprintf("%s %s %d %d", aws.ToString(q.QueueName), q.Channel, aws.ToInt32(q.Priority), q.Delay))
			}
		}
		slices.Sort(got)
		return got
	}
	if diff := cmp.Diff([]string{"A TASK 1 0", "B TASK 2 30"}, list(1)); diff != "" {
		t.Errorf("ListRoutingProfileQueues (-want +got):\n%s", diff)
	}
	if _, err := e.c.AssociateRoutingProfileQueues(ctx(t), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &rp,
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(qa, types.ChannelVoice, 5, 5), qcfg(e.queue, types.ChannelTask, 3, 0)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.UpdateRoutingProfileQueues(ctx(t), &connect.UpdateRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &rp,
		QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(qb, types.ChannelTask, 99, 9999)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.DisassociateRoutingProfileQueues(ctx(t), &connect.DisassociateRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &rp,
		QueueReferences: []types.RoutingProfileQueueReference{{QueueId: &qa, Channel: types.ChannelTask}, {QueueId: &qb, Channel: types.ChannelVoice}}}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"A VOICE 5 5", "B TASK 99 9999", "BasicQueue TASK 3 0"}, list(2)); diff != "" {
		t.Errorf("queues after associate, update, disassociate (-want +got):\n%s", diff)
	}
	if _, err := e.c.UpdateRoutingProfileConcurrency(ctx(t), &connect.UpdateRoutingProfileConcurrencyInput{InstanceId: &e.inst, RoutingProfileId: &rp,
		MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelChat, 4), concurrency(types.ChannelEmail, 2)}}); err != nil {
		t.Fatal(err)
	}
	d = describe()
	if len(d.MediaConcurrencies) != 2 || d.MediaConcurrencies[0].Channel != types.ChannelChat || aws.ToInt32(d.MediaConcurrencies[1].Concurrency) != 2 ||
		aws.ToInt64(d.NumberOfAssociatedQueues) != 3 {
		t.Errorf("after UpdateRoutingProfileConcurrency = %+v", *d)
	}
	var names []string
	p := connect.NewListRoutingProfilesPaginator(e.c, &connect.ListRoutingProfilesInput{InstanceId: &e.inst, MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.RoutingProfileSummaryList {
			names = append(names, aws.ToString(r.Name))
		}
	}
	slices.Sort(names)
	if diff := cmp.Diff([]string{"Basic Routing Profile", "Mixed"}, names); diff != "" {
		t.Errorf("ListRoutingProfiles (-want +got):\n%s", diff)
	}

	agent := e.user(t, "ann")
	var fifty []types.RoutingProfileQueueConfig
	full, err := e.c.CreateRoutingProfile(ctx(t), &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String("Full"),
		Description: aws.String("d"), DefaultOutboundQueueId: &e.queue, MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelTask, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 50 {
		fifty = append(fifty, qcfg(e.queueNamed(t, fmt.Sprint("q", i)), types.ChannelTask, 1, 0))
	}
	for i := 0; i < 50; i += 10 {
		if _, err := e.c.AssociateRoutingProfileQueues(ctx(t), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &e.inst,
			RoutingProfileId: full.RoutingProfileId, QueueConfigs: fifty[i : i+10]}); err != nil {
			t.Fatal(err)
		}
	}
	create := func(opts ...func(*connect.CreateRoutingProfileInput)) func(t *testing.T) error {
		return func(t *testing.T) error {
			in := &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String("New"), Description: aws.String("d"),
				DefaultOutboundQueueId: &e.queue, MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelTask, 1)}}
			for _, o := range opts {
				o(in)
			}
			_, err := e.c.CreateRoutingProfile(ctx(t), in)
			return err
		}
	}
	associate := func(id string, qs ...types.RoutingProfileQueueConfig) func(t *testing.T) error {
		return func(t *testing.T) error {
			_, err := e.c.AssociateRoutingProfileQueues(ctx(t), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &id, QueueConfigs: qs})
			return err
		}
	}
	var eleven []types.RoutingProfileQueueReference
	for _, q := range fifty[:11] {
		eleven = append(eleven, *q.QueueReference)
	}
	nf, ip, ir, dup := "ResourceNotFoundException", "InvalidParameterException", "InvalidRequestException", "DuplicateResourceException"
	runErrCases(t, []agErrCase{
		{"Create/TakenName", create(func(in *connect.CreateRoutingProfileInput) { in.Name = aws.String("Mixed") }), dup, 409},
		{"Create/UnknownInstance", create(func(in *connect.CreateRoutingProfileInput) { in.InstanceId = aws.String("nope") }), nf, 404},
		{"Create/UnknownOutboundQueue", create(func(in *connect.CreateRoutingProfileInput) { in.DefaultOutboundQueueId = aws.String("nope") }), nf, 404},
		{"Create/AgentQueueOutbound", create(func(in *connect.CreateRoutingProfileInput) { in.DefaultOutboundQueueId = &agent }), ir, 400},
		{"Create/UnknownQueue", create(func(in *connect.CreateRoutingProfileInput) {
			in.QueueConfigs = []types.RoutingProfileQueueConfig{qcfg("nope", types.ChannelTask, 1, 0)}
		}), nf, 404},
		{"Create/VoiceConcurrency2", create(func(in *connect.CreateRoutingProfileInput) {
			in.MediaConcurrencies = []types.MediaConcurrency{concurrency(types.ChannelVoice, 2)}
		}), ip, 400},
		{"Create/TaskConcurrency11", create(func(in *connect.CreateRoutingProfileInput) {
			in.MediaConcurrencies = []types.MediaConcurrency{concurrency(types.ChannelTask, 11)}
		}), ip, 400},
		{"Create/ChannelTwice", create(func(in *connect.CreateRoutingProfileInput) {
			in.MediaConcurrencies = []types.MediaConcurrency{concurrency(types.ChannelTask, 1), concurrency(types.ChannelTask, 2)}
		}), ip, 400},
		{"Create/Priority100", create(func(in *connect.CreateRoutingProfileInput) {
			in.QueueConfigs = []types.RoutingProfileQueueConfig{qcfg(qa, types.ChannelTask, 100, 0)}
		}), ip, 400},
		{"Create/ManualAssignment", create(func(in *connect.CreateRoutingProfileInput) {
			in.ManualAssignmentQueueConfigs = []types.RoutingProfileManualAssignmentQueueConfig{{QueueReference: &types.RoutingProfileQueueReference{QueueId: &qa, Channel: types.ChannelTask}}}
		}), ir, 400},
		{"Describe/Unknown", func(t *testing.T) error {
			_, err := e.c.DescribeRoutingProfile(ctx(t), &connect.DescribeRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: aws.String("nope")})
			return err
		}, nf, 404},
		{"ListRoutingProfiles/UnknownInstance", func(t *testing.T) error {
			_, err := e.c.ListRoutingProfiles(ctx(t), &connect.ListRoutingProfilesInput{InstanceId: aws.String("nope")})
			return err
		}, nf, 404},
		{"ListQueues/Unknown", func(t *testing.T) error {
			_, err := e.c.ListRoutingProfileQueues(ctx(t), &connect.ListRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: aws.String("nope")})
			return err
		}, nf, 404},
		{"ListQueues/MaxResults101", func(t *testing.T) error {
			_, err := e.c.ListRoutingProfileQueues(ctx(t), &connect.ListRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &rp, MaxResults: aws.Int32(101)})
			return err
		}, ip, 400},
		{"Associate/AlreadyAssociated", associate(rp, qcfg(qb, types.ChannelTask, 1, 0)), ir, 400},
		{"Associate/UnknownQueue", associate(rp, qcfg("nope", types.ChannelChat, 1, 0)), nf, 404},
		{"Associate/UnknownProfile", associate("nope", qcfg(qa, types.ChannelChat, 1, 0)), nf, 404},
		{"Associate/AgentQueue", associate(rp, qcfg(agent, types.ChannelTask, 1, 0)), ir, 400},
		{"Associate/Nothing", associate(rp), ip, 400},
		{"Associate/51stQueue", associate(aws.ToString(full.RoutingProfileId), qcfg(qa, types.ChannelTask, 1, 0)), ip, 400},
		{"Associate/ManualAssignment", func(t *testing.T) error {
			_, err := e.c.AssociateRoutingProfileQueues(ctx(t), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &rp,
				ManualAssignmentQueueConfigs: []types.RoutingProfileManualAssignmentQueueConfig{{QueueReference: &types.RoutingProfileQueueReference{QueueId: &qa, Channel: types.ChannelChat}}}})
			return err
		}, ir, 400},
		{"Disassociate/Eleven", func(t *testing.T) error {
			_, err := e.c.DisassociateRoutingProfileQueues(ctx(t), &connect.DisassociateRoutingProfileQueuesInput{InstanceId: &e.inst,
				RoutingProfileId: full.RoutingProfileId, QueueReferences: eleven})
			return err
		}, ip, 400},
		{"Disassociate/UnknownQueue", func(t *testing.T) error {
			_, err := e.c.DisassociateRoutingProfileQueues(ctx(t), &connect.DisassociateRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &rp,
				QueueReferences: []types.RoutingProfileQueueReference{{QueueId: aws.String("nope"), Channel: types.ChannelTask}}})
			return err
		}, nf, 404},
		{"UpdateQueues/NotAssociated", func(t *testing.T) error {
			_, err := e.c.UpdateRoutingProfileQueues(ctx(t), &connect.UpdateRoutingProfileQueuesInput{InstanceId: &e.inst, RoutingProfileId: &rp,
				QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(qa, types.ChannelEmail, 1, 0)}})
			return err
		}, ir, 400},
		{"UpdateConcurrency/ChannelTwice", func(t *testing.T) error {
			_, err := e.c.UpdateRoutingProfileConcurrency(ctx(t), &connect.UpdateRoutingProfileConcurrencyInput{InstanceId: &e.inst, RoutingProfileId: &rp,
				MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelChat, 1), concurrency(types.ChannelChat, 1)}})
			return err
		}, ip, 400},
		{"UpdateConcurrency/UnknownProfile", func(t *testing.T) error {
			_, err := e.c.UpdateRoutingProfileConcurrency(ctx(t), &connect.UpdateRoutingProfileConcurrencyInput{InstanceId: &e.inst, RoutingProfileId: aws.String("nope"),
				MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelChat, 1)}})
			return err
		}, nf, 404},
	})
}

func TestHoursOfOperationWrites(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	slot := func(day types.HoursOfOperationDays, sh, eh int32) types.HoursOfOperationConfig {
		return types.HoursOfOperationConfig{Day: day, StartTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(sh), Minutes: aws.Int32(0)},
			EndTime: &types.HoursOfOperationTimeSlice{Hours: aws.Int32(eh), Minutes: aws.Int32(30)}}
	}
	out, err := e.c.CreateHoursOfOperation(ctx(t), &connect.CreateHoursOfOperationInput{InstanceId: &e.inst, Name: aws.String("Office"),
		Description: aws.String("weekdays"), TimeZone: aws.String("America/New_York"),
		Config: []types.HoursOfOperationConfig{slot(types.HoursOfOperationDaysMonday, 9, 17), slot(types.HoursOfOperationDaysFriday, 22, 2)},
		Tags:   map[string]string{"team": "blue"}})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(out.HoursOfOperationId)
	if !strings.HasSuffix(aws.ToString(out.HoursOfOperationArn), "/operating-hours/"+id) {
		t.Errorf("HoursOfOperationArn = %s", aws.ToString(out.HoursOfOperationArn))
	}
	describe := func() *types.HoursOfOperation {
		t.Helper()
		d, err := e.c.DescribeHoursOfOperation(ctx(t), &connect.DescribeHoursOfOperationInput{InstanceId: &e.inst, HoursOfOperationId: &id})
		if err != nil {
			t.Fatal(err)
		}
		return d.HoursOfOperation
	}
	h := describe()
	if aws.ToString(h.TimeZone) != "America/New_York" || len(h.Config) != 2 || aws.ToInt32(h.Config[1].EndTime.Hours) != 2 ||
		aws.ToString(h.Description) != "weekdays" || h.Tags["team"] != "blue" {
		t.Errorf("DescribeHoursOfOperation = %+v", *h)
	}
	if _, err := e.c.UpdateHoursOfOperation(ctx(t), &connect.UpdateHoursOfOperationInput{InstanceId: &e.inst, HoursOfOperationId: &id,
		Name: aws.String("Office hours"), TimeZone: aws.String("Europe/London"), Description: aws.String("")}); err != nil {
		t.Fatal(err)
	}
	h = describe()
	if aws.ToString(h.Name) != "Office hours" || aws.ToString(h.TimeZone) != "Europe/London" || h.Description != nil || len(h.Config) != 2 {
		t.Errorf("after rename = %+v", *h)
	}
	if _, err := e.c.UpdateHoursOfOperation(ctx(t), &connect.UpdateHoursOfOperationInput{InstanceId: &e.inst, HoursOfOperationId: &id,
		Config: []types.HoursOfOperationConfig{}}); err != nil {
		t.Fatal(err)
	}
	if h = describe(); len(h.Config) != 0 || aws.ToString(h.Name) != "Office hours" {
		t.Errorf("after emptying the config = %+v", *h)
	}
	spare, err := e.c.CreateHoursOfOperation(ctx(t), &connect.CreateHoursOfOperationInput{InstanceId: &e.inst, Name: aws.String("Spare"),
		TimeZone: aws.String("UTC"), Config: []types.HoursOfOperationConfig{}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.c.DeleteHoursOfOperation(ctx(t), &connect.DeleteHoursOfOperationInput{InstanceId: &e.inst, HoursOfOperationId: spare.HoursOfOperationId}); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.DescribeHoursOfOperation(ctx(t), &connect.DescribeHoursOfOperationInput{InstanceId: &e.inst, HoursOfOperationId: spare.HoursOfOperationId})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	create := func(opts ...func(*connect.CreateHoursOfOperationInput)) func(t *testing.T) error {
		return func(t *testing.T) error {
			in := &connect.CreateHoursOfOperationInput{InstanceId: &e.inst, Name: aws.String("New"), TimeZone: aws.String("UTC"),
				Config: []types.HoursOfOperationConfig{}}
			for _, o := range opts {
				o(in)
			}
			_, err := e.c.CreateHoursOfOperation(ctx(t), in)
			return err
		}
	}
	update := func(in connect.UpdateHoursOfOperationInput) func(t *testing.T) error {
		return func(t *testing.T) error {
			in.InstanceId = &e.inst
			if in.HoursOfOperationId == nil {
				in.HoursOfOperationId = &id
			}
			_, err := e.c.UpdateHoursOfOperation(ctx(t), &in)
			return err
		}
	}
	nf, ip, ir, dup := "ResourceNotFoundException", "InvalidParameterException", "InvalidRequestException", "DuplicateResourceException"
	runErrCases(t, []agErrCase{
		{"Create/BadTimeZone", create(func(in *connect.CreateHoursOfOperationInput) { in.TimeZone = aws.String("Mars/Olympus") }), ip, 400},
		{"Create/LocalTimeZone", create(func(in *connect.CreateHoursOfOperationInput) { in.TimeZone = aws.String("Local") }), ip, 400},
		{"Create/TakenName", create(func(in *connect.CreateHoursOfOperationInput) { in.Name = aws.String("Basic Hours") }), dup, 409},
		{"Create/UnknownInstance", create(func(in *connect.CreateHoursOfOperationInput) { in.InstanceId = aws.String("nope") }), nf, 404},
		{"Create/BadDay", create(func(in *connect.CreateHoursOfOperationInput) {
			in.Config = []types.HoursOfOperationConfig{slot("FUNDAY", 1, 2)}
		}), ip, 400},
		{"Create/Hour24", create(func(in *connect.CreateHoursOfOperationInput) {
			in.Config = []types.HoursOfOperationConfig{slot(types.HoursOfOperationDaysMonday, 24, 2)}
		}), ip, 400},
		{"Create/ParentHours", create(func(in *connect.CreateHoursOfOperationInput) {
			in.ParentHoursOfOperationConfigs = []types.ParentHoursOfOperationConfig{{HoursOfOperationId: &e.hours}}
		}), ir, 400},
		{"Update/Unknown", update(connect.UpdateHoursOfOperationInput{HoursOfOperationId: aws.String("nope"), Name: aws.String("x")}), nf, 404},
		{"Update/TakenName", update(connect.UpdateHoursOfOperationInput{Name: aws.String("Basic Hours")}), dup, 409},
		{"Update/BadTimeZone", update(connect.UpdateHoursOfOperationInput{TimeZone: aws.String("Europe/Atlantis")}), ip, 400},
		{"Delete/InUse", func(t *testing.T) error {
			_, err := e.c.DeleteHoursOfOperation(ctx(t), &connect.DeleteHoursOfOperationInput{InstanceId: &e.inst, HoursOfOperationId: &e.hours})
			return err
		}, ir, 400},
		{"Delete/Unknown", func(t *testing.T) error {
			_, err := e.c.DeleteHoursOfOperation(ctx(t), &connect.DeleteHoursOfOperationInput{InstanceId: &e.inst, HoursOfOperationId: aws.String("nope")})
			return err
		}, nf, 404},
	})
}

func TestAgentStatusesAndSecurityProfiles(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	out, err := e.c.CreateAgentStatus(ctx(t), &connect.CreateAgentStatusInput{InstanceId: &e.inst, Name: aws.String("Lunch"),
		Description: aws.String("eating"), State: types.AgentStatusStateEnabled, Tags: map[string]string{"team": "blue"}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.c.DescribeAgentStatus(ctx(t), &connect.DescribeAgentStatusInput{InstanceId: &e.inst, AgentStatusId: out.AgentStatusId})
	if err != nil {
		t.Fatal(err)
	}
	if a := st.AgentStatus; a.Type != types.AgentStatusTypeCustom || aws.ToInt32(a.DisplayOrder) != 3 || aws.ToString(a.Description) != "eating" ||
		a.Tags["team"] != "blue" || aws.ToString(a.AgentStatusARN) != aws.ToString(out.AgentStatusARN) {
		t.Errorf("DescribeAgentStatus = %+v", *a)
	}
	byType := func(types_ ...types.AgentStatusType) []string {
		t.Helper()
		var names []string
		p := connect.NewListAgentStatusesPaginator(e.c, &connect.ListAgentStatusesInput{InstanceId: &e.inst, AgentStatusTypes: types_, MaxResults: aws.Int32(1)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range page.AgentStatusSummaryList {
				names = append(names, aws.ToString(s.Name))
			}
		}
		slices.Sort(names)
		return names
	}
	if diff := cmp.Diff([]string{"Available", "Lunch", "Offline"}, byType()); diff != "" {
		t.Errorf("ListAgentStatuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Lunch", "Offline"}, byType(types.AgentStatusTypeCustom, types.AgentStatusTypeOffline)); diff != "" {
		t.Errorf("ListAgentStatuses(CUSTOM, OFFLINE) (-want +got):\n%s", diff)
	}
	var sps []string
	p := connect.NewListSecurityProfilesPaginator(e.c, &connect.ListSecurityProfilesInput{InstanceId: &e.inst, MaxResults: aws.Int32(3)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.SecurityProfileSummaryList {
			sps = append(sps, aws.ToString(s.Name))
		}
	}
	if len(sps) != 4 {
		t.Errorf("ListSecurityProfiles = %v, want 4 profiles", sps)
	}
	nf, ip, dup := "ResourceNotFoundException", "InvalidParameterException", "DuplicateResourceException"
	runErrCases(t, []agErrCase{
		{"CreateAgentStatus/TakenName", func(t *testing.T) error {
			_, err := e.c.CreateAgentStatus(ctx(t), &connect.CreateAgentStatusInput{InstanceId: &e.inst, Name: aws.String("Available"), State: types.AgentStatusStateEnabled})
			return err
		}, dup, 409},
		{"CreateAgentStatus/DisplayOrder51", func(t *testing.T) error {
			_, err := e.c.CreateAgentStatus(ctx(t), &connect.CreateAgentStatusInput{InstanceId: &e.inst, Name: aws.String("X"), State: types.AgentStatusStateEnabled,
				DisplayOrder: aws.Int32(51)})
			return err
		}, ip, 400},
		{"CreateAgentStatus/UnknownInstance", func(t *testing.T) error {
			_, err := e.c.CreateAgentStatus(ctx(t), &connect.CreateAgentStatusInput{InstanceId: aws.String("nope"), Name: aws.String("X"), State: types.AgentStatusStateEnabled})
			return err
		}, nf, 404},
		{"DescribeAgentStatus/Unknown", func(t *testing.T) error {
			_, err := e.c.DescribeAgentStatus(ctx(t), &connect.DescribeAgentStatusInput{InstanceId: &e.inst, AgentStatusId: aws.String("nope")})
			return err
		}, nf, 404},
		{"ListAgentStatuses/BadType", func(t *testing.T) error {
			_, err := e.c.ListAgentStatuses(ctx(t), &connect.ListAgentStatusesInput{InstanceId: &e.inst, AgentStatusTypes: []types.AgentStatusType{"SLEEPING"}})
			return err
		}, ip, 400},
		{"ListAgentStatuses/UnknownInstance", func(t *testing.T) error {
			_, err := e.c.ListAgentStatuses(ctx(t), &connect.ListAgentStatusesInput{InstanceId: aws.String("nope")})
			return err
		}, nf, 404},
		{"DescribeSecurityProfile/Unknown", func(t *testing.T) error {
			_, err := e.c.DescribeSecurityProfile(ctx(t), &connect.DescribeSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: aws.String("nope")})
			return err
		}, nf, 404},
		{"ListSecurityProfiles/UnknownInstance", func(t *testing.T) error {
			_, err := e.c.ListSecurityProfiles(ctx(t), &connect.ListSecurityProfilesInput{InstanceId: aws.String("nope")})
			return err
		}, nf, 404},
	})
}

func TestCreateSecurityProfile(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	out, err := e.c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst,
		SecurityProfileName: aws.String("Leads"), Description: aws.String("team leads"),
		Permissions: []string{"BasicAgentAccess"}, Tags: map[string]string{"team": "blue"}})
	if err != nil {
		t.Fatal(err)
	}
	sp, err := e.c.DescribeSecurityProfile(ctx(t), &connect.DescribeSecurityProfileInput{InstanceId: &e.inst, SecurityProfileId: out.SecurityProfileId})
	if err != nil {
		t.Fatal(err)
	}
	if p := sp.SecurityProfile; aws.ToString(p.SecurityProfileName) != "Leads" || aws.ToString(p.Description) != "team leads" ||
		p.Tags["team"] != "blue" || aws.ToString(p.Arn) != aws.ToString(out.SecurityProfileArn) {
		t.Errorf("DescribeSecurityProfile = %+v", *p)
	}
	// Users can be given it.
	e.user(t, "lead", func(in *connect.CreateUserInput) {
		in.SecurityProfileIds = []string{aws.ToString(out.SecurityProfileId)}
	})
	runErrCases(t, []agErrCase{
		{"TakenName", func(t *testing.T) error {
			_, err := e.c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileName: aws.String("Agent")})
			return err
		}, "DuplicateResourceException", 409},
		{"NoName", func(t *testing.T) error {
			_, err := e.c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileName: aws.String("")})
			return err
		}, "InvalidParameterException", 400},
		{"Applications", func(t *testing.T) error {
			_, err := e.c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: &e.inst, SecurityProfileName: aws.String("T"),
				Applications: []types.Application{{Namespace: aws.String("x")}}})
			return err
		}, "InvalidRequestException", 400},
		{"UnknownInstance", func(t *testing.T) error {
			_, err := e.c.CreateSecurityProfile(ctx(t), &connect.CreateSecurityProfileInput{InstanceId: aws.String("nope"), SecurityProfileName: aws.String("X")})
			return err
		}, "ResourceNotFoundException", 404},
	})
}

func TestAgentResourceTags(t *testing.T) {
	t.Parallel()
	e := agSetup(t)
	userARN := "arn:aws:connect:us-east-1:000000000000:instance/" + e.inst + "/agent/" + e.user(t, "ann")
	base := "arn:aws:connect:us-east-1:000000000000:instance/" + e.inst
	for _, arn := range []string{userARN, base + "/routing-profile/" + e.rp, base + "/security-profile/" + e.sp["Admin"], base + "/agent-state/" + e.available} {
		if _, err := e.c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"env": "test", "team": "blue"}}); err != nil {
			t.Fatalf("TagResource(%s): %v", arn, err)
		}
		if _, err := e.c.UntagResource(ctx(t), &connect.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"env"}}); err != nil {
			t.Fatalf("UntagResource(%s): %v", arn, err)
		}
		out, err := e.c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]string{"team": "blue"}, out.Tags); diff != "" {
			t.Errorf("tags of %s (-want +got):\n%s", arn, diff)
		}
	}
	_, err := e.c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: aws.String(base + "/agent/nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}
