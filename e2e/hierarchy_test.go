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

// Agent hierarchies through the Go SDK: the structure, the groups, and the
// rules the API reference and the administrator guide give.

func levels(names ...string) *types.HierarchyStructureUpdate {
	u := &types.HierarchyStructureUpdate{}
	members := []**types.HierarchyLevelUpdate{&u.LevelOne, &u.LevelTwo, &u.LevelThree, &u.LevelFour, &u.LevelFive}
	for i, n := range names {
		if n != "" {
			*members[i] = &types.HierarchyLevelUpdate{Name: aws.String(n)}
		}
	}
	return u
}

func setStructure(t *testing.T, c *connect.Client, inst string, names ...string) error {
	t.Helper()
	_, err := c.UpdateUserHierarchyStructure(ctx(t), &connect.UpdateUserHierarchyStructureInput{
		InstanceId: &inst, HierarchyStructure: levels(names...)})
	return err
}

func createGroup(t *testing.T, c *connect.Client, inst, name, parent string) (id, arn string) {
	t.Helper()
	in := &connect.CreateUserHierarchyGroupInput{InstanceId: &inst, Name: &name}
	if parent != "" {
		in.ParentGroupId = &parent
	}
	out, err := c.CreateUserHierarchyGroup(ctx(t), in)
	if err != nil {
		t.Fatalf("CreateUserHierarchyGroup(%s): %v", name, err)
	}
	return aws.ToString(out.HierarchyGroupId), aws.ToString(out.HierarchyGroupArn)
}

func describeGroup(t *testing.T, c *connect.Client, inst, id string) *types.HierarchyGroup {
	t.Helper()
	out, err := c.DescribeUserHierarchyGroup(ctx(t), &connect.DescribeUserHierarchyGroupInput{InstanceId: &inst, HierarchyGroupId: &id})
	if err != nil {
		t.Fatalf("DescribeUserHierarchyGroup(%s): %v", id, err)
	}
	return out.HierarchyGroup
}

func TestHierarchyStructure(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	inst := s.InstanceID
	describe := func() *types.HierarchyStructure {
		t.Helper()
		out, err := c.DescribeUserHierarchyStructure(ctx(t), &connect.DescribeUserHierarchyStructureInput{InstanceId: &inst})
		if err != nil {
			t.Fatal(err)
		}
		if out.HierarchyStructure == nil {
			t.Fatal("DescribeUserHierarchyStructure without HierarchyStructure")
		}
		return out.HierarchyStructure
	}
	if hs := describe(); hs.LevelOne != nil {
		t.Fatalf("a new instance has level one %+v, want no levels", hs.LevelOne)
	}
	if err := setStructure(t, c, inst, "Region", "Site", "Team"); err != nil {
		t.Fatal(err)
	}
	hs := describe()
	instARN := s.accountARN(t, c)
	for i, l := range []*types.HierarchyLevel{hs.LevelOne, hs.LevelTwo, hs.LevelThree} {
		n := i + 1
		if l == nil || aws.ToString(l.Id) != fmt.Sprint(n) || aws.ToString(l.Arn) != fmt.Sprintf("%s/agent-group-level/%d", instARN, n) ||
			l.LastModifiedTime == nil || aws.ToString(l.LastModifiedRegion) != "us-east-1" {
			t.Errorf("level %d = %+v", n, l)
		}
	}
	if got := []string{aws.ToString(hs.LevelOne.Name), aws.ToString(hs.LevelTwo.Name), aws.ToString(hs.LevelThree.Name)}; !cmp.Equal(got, []string{"Region", "Site", "Team"}) {
		t.Errorf("level names = %v", got)
	}
	if hs.LevelFour != nil || hs.LevelFive != nil {
		t.Errorf("levels four and five = %+v, %+v; want none", hs.LevelFour, hs.LevelFive)
	}

	// Rules: contiguous levels, names of 1 to 50 characters, an instance of
	// the caller's.
	wantAPIError(t, setStructure(t, c, inst, "A", "", "C"), "InvalidRequestException", 400)
	wantAPIError(t, setStructure(t, c, inst, "", "B"), "InvalidRequestException", 400)
	wantAPIError(t, setStructure(t, c, inst, strings.Repeat("x", 51)), "InvalidParameterException", 400)
	_, err := c.UpdateUserHierarchyStructure(ctx(t), &connect.UpdateUserHierarchyStructureInput{InstanceId: &inst,
		HierarchyStructure: &types.HierarchyStructureUpdate{LevelOne: &types.HierarchyLevelUpdate{Name: aws.String("")}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	wantAPIError(t, setStructure(t, c, "00000000-0000-4000-8000-000000000000", "A"), "ResourceNotFoundException", 404)
	_, err = c.DescribeUserHierarchyStructure(ctx(t), &connect.DescribeUserHierarchyStructureInput{
		InstanceId: aws.String("00000000-0000-4000-8000-000000000000")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// A level with groups cannot be removed; an empty level can.
	createGroup(t, c, inst, "Europe", "")
	err = setStructure(t, c, inst)
	wantAPIError(t, err, "ResourceInUseException", 409)
	if err := setStructure(t, c, inst, "Region", "Site"); err != nil {
		t.Fatalf("removing the empty level three: %v", err)
	}
	if err := setStructure(t, c, inst, "Area", "Site", "Team", "Pod", "Desk"); err != nil {
		t.Fatalf("renaming level one and adding three to five: %v", err)
	}
	if hs := describe(); aws.ToString(hs.LevelOne.Name) != "Area" || aws.ToString(hs.LevelFive.Name) != "Desk" {
		t.Errorf("structure after update = %+v", hs)
	}
}

// accountARN returns the default instance's ARN.
func (s *server) accountARN(t *testing.T, c *connect.Client) string {
	t.Helper()
	out, err := c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &s.InstanceID})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.Instance.Arn)
}

func TestHierarchyGroups(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	inst := s.InstanceID
	missing := "00000000-0000-4000-8000-000000000000"

	// No structure, no groups.
	_, err := c.CreateUserHierarchyGroup(ctx(t), &connect.CreateUserHierarchyGroupInput{InstanceId: &inst, Name: aws.String("Europe")})
	wantAPIError(t, err, "InvalidRequestException", 400)
	if err := setStructure(t, c, inst, "Region", "Site"); err != nil {
		t.Fatal(err)
	}
	europe, europeARN := createGroup(t, c, inst, "Europe", "")
	france, franceARN := createGroup(t, c, inst, "France", europe)
	instARN := s.accountARN(t, c)
	if europeARN != instARN+"/agent-group/"+europe {
		t.Errorf("group ARN = %s, want %s/agent-group/%s", europeARN, instARN, europe)
	}

	g := describeGroup(t, c, inst, france)
	if aws.ToString(g.Id) != france || aws.ToString(g.Arn) != franceARN || aws.ToString(g.Name) != "France" ||
		aws.ToString(g.LevelId) != "2" || g.LastModifiedTime == nil || aws.ToString(g.LastModifiedRegion) != "us-east-1" {
		t.Errorf("DescribeUserHierarchyGroup = %+v", g)
	}
	p := g.HierarchyPath
	if p == nil || p.LevelOne == nil || p.LevelTwo == nil || p.LevelThree != nil {
		t.Fatalf("HierarchyPath = %+v, want levels one and two", p)
	}
	if aws.ToString(p.LevelOne.Id) != europe || aws.ToString(p.LevelOne.Arn) != europeARN || aws.ToString(p.LevelOne.Name) != "Europe" ||
		aws.ToString(p.LevelTwo.Id) != france || aws.ToString(p.LevelTwo.Name) != "France" {
		t.Errorf("HierarchyPath = %+v / %+v", p.LevelOne, p.LevelTwo)
	}
	if top := describeGroup(t, c, inst, europe); aws.ToString(top.LevelId) != "1" || top.HierarchyPath.LevelTwo != nil {
		t.Errorf("level-one group = %+v", top)
	}

	// Rules of CreateUserHierarchyGroup.
	create := func(name, parent string) error {
		in := &connect.CreateUserHierarchyGroupInput{InstanceId: &inst, Name: aws.String(name)}
		if parent != "" {
			in.ParentGroupId = &parent
		}
		_, err := c.CreateUserHierarchyGroup(ctx(t), in)
		return err
	}
	wantAPIError(t, create("Europe", ""), "DuplicateResourceException", 409)
	wantAPIError(t, create("Europe", europe), "DuplicateResourceException", 409)
	wantAPIError(t, create("Paris", france), "InvalidRequestException", 400) // no level three
	wantAPIError(t, create("Paris", missing), "ResourceNotFoundException", 404)
	wantAPIError(t, create(strings.Repeat("n", 101), ""), "InvalidParameterException", 400)
	_, err = c.CreateUserHierarchyGroup(ctx(t), &connect.CreateUserHierarchyGroupInput{InstanceId: aws.String(missing), Name: aws.String("X")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// The lowest level has no children.
	if err := setStructure(t, c, inst, "L1", "L2", "L3", "L4", "L5"); err != nil {
		t.Fatal(err)
	}
	parent := france
	for _, name := range []string{"Paris", "Left Bank", "Desk 5"} {
		parent, _ = createGroup(t, c, inst, name, parent)
	}
	if g := describeGroup(t, c, inst, parent); aws.ToString(g.LevelId) != "5" || aws.ToString(g.HierarchyPath.LevelFive.Name) != "Desk 5" ||
		aws.ToString(g.HierarchyPath.LevelThree.Name) != "Paris" {
		t.Errorf("level-five group = %+v, path %+v", g, g.HierarchyPath)
	}
	wantAPIError(t, create("Chair", parent), "InvalidRequestException", 400)

	// ListUserHierarchyGroups, paged.
	var names []string
	pager := connect.NewListUserHierarchyGroupsPaginator(c, &connect.ListUserHierarchyGroupsInput{InstanceId: &inst, MaxResults: aws.Int32(2)})
	for pager.HasMorePages() {
		page, err := pager.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if len(page.UserHierarchyGroupSummaryList) > 2 {
			t.Fatalf("page of %d groups, want at most 2", len(page.UserHierarchyGroupSummaryList))
		}
		for _, g := range page.UserHierarchyGroupSummaryList {
			if g.Arn == nil || g.Id == nil || g.LastModifiedTime == nil || aws.ToString(g.LastModifiedRegion) != "us-east-1" {
				t.Errorf("summary %+v lacks a member", g)
			}
			names = append(names, aws.ToString(g.Name))
		}
	}
	if len(names) != 5 {
		t.Errorf("listed %v, want the 5 groups", names)
	}

	// UpdateUserHierarchyGroupName.
	rename := func(id, name string) error {
		_, err := c.UpdateUserHierarchyGroupName(ctx(t), &connect.UpdateUserHierarchyGroupNameInput{
			InstanceId: &inst, HierarchyGroupId: &id, Name: &name})
		return err
	}
	if err := rename(france, "Francia"); err != nil {
		t.Fatal(err)
	}
	if err := rename(france, "Francia"); err != nil {
		t.Errorf("renaming a group to its own name: %v", err)
	}
	if g := describeGroup(t, c, inst, france); aws.ToString(g.Name) != "Francia" || aws.ToString(g.HierarchyPath.LevelTwo.Name) != "Francia" {
		t.Errorf("after rename: %+v", g)
	}
	wantAPIError(t, rename(france, "Europe"), "DuplicateResourceException", 409)
	wantAPIError(t, rename(missing, "X"), "ResourceNotFoundException", 404)
	wantAPIError(t, rename(france, strings.Repeat("n", 101)), "InvalidParameterException", 400)

	// DeleteUserHierarchyGroup: not with children, not twice.
	del := func(id string) error {
		_, err := c.DeleteUserHierarchyGroup(ctx(t), &connect.DeleteUserHierarchyGroupInput{InstanceId: &inst, HierarchyGroupId: &id})
		return err
	}
	wantAPIError(t, del(europe), "ResourceInUseException", 409)
	if err := del(parent); err != nil {
		t.Fatalf("deleting a leaf group: %v", err)
	}
	wantAPIError(t, del(parent), "ResourceNotFoundException", 404)
	_, err = c.DescribeUserHierarchyGroup(ctx(t), &connect.DescribeUserHierarchyGroupInput{InstanceId: &inst, HierarchyGroupId: &parent})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestHierarchyGroupTags(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	inst := s.InstanceID
	if err := setStructure(t, c, inst, "Region"); err != nil {
		t.Fatal(err)
	}
	out, err := c.CreateUserHierarchyGroup(ctx(t), &connect.CreateUserHierarchyGroupInput{InstanceId: &inst,
		Name: aws.String("Europe"), Tags: map[string]string{"team": "blue"}})
	if err != nil {
		t.Fatal(err)
	}
	id, arn := aws.ToString(out.HierarchyGroupId), aws.ToString(out.HierarchyGroupArn)
	if g := describeGroup(t, c, inst, id); !cmp.Equal(g.Tags, map[string]string{"team": "blue"}) {
		t.Errorf("Tags = %v", g.Tags)
	}
	if _, err := c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{"env": "test"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(ctx(t), &connect.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(tags.Tags, map[string]string{"env": "test"}) {
		t.Errorf("ListTagsForResource = %v", tags.Tags)
	}
	if g := describeGroup(t, c, inst, id); !cmp.Equal(g.Tags, map[string]string{"env": "test"}) {
		t.Errorf("DescribeUserHierarchyGroup Tags = %v", g.Tags)
	}
	// Another region's client reaches nothing.
	_, err = s.client(t, inRegion("eu-west-1")).ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &arn})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// TestHierarchyUsersAndContacts: users in groups (CreateUser,
// UpdateUserHierarchy, DescribeUser), the groups in GetCurrentUserData and
// DescribeContact, and SearchContacts' AgentHierarchyGroups, which selects
// by the groups an agent was in when the contact connected to them.
func TestHierarchyUsersAndContacts(t *testing.T) {
	t.Parallel()
	e := opsSetup(t)
	c, inst := e.c, e.inst
	if err := setStructure(t, c, inst, "Region", "Country"); err != nil {
		t.Fatal(err)
	}
	europe, europeARN := createGroup(t, c, inst, "Europe", "")
	france, franceARN := createGroup(t, c, inst, "France", europe)
	asia, asiaARN := createGroup(t, c, inst, "Asia", "")
	missing := "00000000-0000-4000-8000-000000000000"

	// CreateUser with a group; UpdateUserHierarchy sets and removes one.
	ann := e.user(t, "ann", func(in *connect.CreateUserInput) { in.HierarchyGroupId = &france })
	if u := e.describeUser(t, ann); aws.ToString(u.HierarchyGroupId) != france {
		t.Errorf("DescribeUser(ann).HierarchyGroupId = %q, want %s", aws.ToString(u.HierarchyGroupId), france)
	}
	bob := e.user(t, "bob")
	setGroup := func(user, group string) error {
		in := &connect.UpdateUserHierarchyInput{InstanceId: &inst, UserId: &user}
		if group != "" {
			in.HierarchyGroupId = &group
		}
		_, err := c.UpdateUserHierarchy(ctx(t), in)
		return err
	}
	if err := setGroup(bob, europe); err != nil {
		t.Fatal(err)
	}
	if err := setGroup(bob, ""); err != nil {
		t.Fatal(err)
	}
	if u := e.describeUser(t, bob); u.HierarchyGroupId != nil {
		t.Errorf("after removing bob's group, HierarchyGroupId = %q", aws.ToString(u.HierarchyGroupId))
	}
	if err := setGroup(bob, asia); err != nil {
		t.Fatal(err)
	}
	runErrCases(t, []agErrCase{
		{"UpdateUserHierarchy unknown group", func(t *testing.T) error { return setGroup(bob, missing) }, "ResourceNotFoundException", 404},
		{"UpdateUserHierarchy unknown user", func(t *testing.T) error { return setGroup(missing, asia) }, "ResourceNotFoundException", 404},
		{"CreateUser unknown group", func(t *testing.T) error {
			_, err := c.CreateUser(ctx(t), e.userInput("carl", func(in *connect.CreateUserInput) { in.HierarchyGroupId = aws.String(missing) }))
			return err
		}, "ResourceNotFoundException", 404},
		{"DeleteUserHierarchyGroup with users", func(t *testing.T) error {
			_, err := c.DeleteUserHierarchyGroup(ctx(t), &connect.DeleteUserHierarchyGroupInput{InstanceId: &inst, HierarchyGroupId: &asia})
			return err
		}, "ResourceInUseException", 409},
	})

	// Each agent takes a task: ann (Europe/France) the first, bob (Asia) the second.
	available := func(user string) {
		t.Helper()
		if _, err := c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &inst, UserId: &user, AgentStatusId: &e.available}); err != nil {
			t.Fatal(err)
		}
	}
	available(ann)
	annTask := startTask(t, c, e.s, "ann's")
	e.accept(t, ann, annTask)
	available(bob)
	bobTask := startTask(t, c, e.s, "bob's")
	e.accept(t, bob, bobTask)
	waiting := startTask(t, c, e.s, "nobody's")

	// GetCurrentUserData: a group selects its users and those of the groups below it.
	userData := func(group string) map[string]*types.HierarchyPathReference {
		t.Helper()
		out, err := c.GetCurrentUserData(ctx(t), &connect.GetCurrentUserDataInput{InstanceId: &inst,
			Filters: &types.UserDataFilters{UserHierarchyGroups: []string{group}}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*types.HierarchyPathReference{}
		for _, d := range out.UserDataList {
			got[aws.ToString(d.User.Id)] = d.HierarchyPath
		}
		return got
	}
	got := userData(europe)
	if len(got) != 1 || got[ann] == nil {
		t.Fatalf("GetCurrentUserData(Europe) = %v, want ann", got)
	}
	if p := got[ann]; aws.ToString(p.LevelOne.Id) != europe || aws.ToString(p.LevelOne.Arn) != europeARN ||
		aws.ToString(p.LevelTwo.Id) != france || aws.ToString(p.LevelTwo.Arn) != franceARN || p.LevelThree != nil {
		t.Errorf("ann's HierarchyPath = %+v %+v", p.LevelOne, p.LevelTwo)
	}
	if got := userData(franceARN); len(got) != 1 || got[ann] == nil {
		t.Errorf("GetCurrentUserData(France's ARN) = %v, want ann", got)
	}
	if got := userData(asia); len(got) != 1 || got[bob] == nil || aws.ToString(got[bob].LevelOne.Arn) != asiaARN || got[bob].LevelTwo != nil {
		t.Errorf("GetCurrentUserData(Asia) = %v, want bob in Asia", got)
	}
	if got := userData(missing); len(got) != 0 {
		t.Errorf("GetCurrentUserData(unknown group) = %v, want no one", got)
	}
	_, err := c.GetCurrentUserData(ctx(t), &connect.GetCurrentUserDataInput{InstanceId: &inst,
		Filters: &types.UserDataFilters{UserHierarchyGroups: []string{europe}, Agents: []string{ann}}})
	wantAPIError(t, err, "InvalidRequestException", 400)
	out, err := c.GetCurrentUserData(ctx(t), &connect.GetCurrentUserDataInput{InstanceId: &inst,
		Filters: &types.UserDataFilters{UserHierarchyGroups: []string{europe},
			ContactFilter: &types.ContactFilter{ContactStates: []types.ContactState{types.ContactStateConnecting}}}})
	if err != nil || len(out.UserDataList) != 0 {
		t.Errorf("GetCurrentUserData(Europe, CONNECTING) = %v, %v; want no one (ann's task is connected)", out, err)
	}

	// Moving ann afterwards changes neither what her task recorded nor what selects it.
	if err := setGroup(ann, asia); err != nil {
		t.Fatal(err)
	}
	if got := userData(europe); len(got) != 0 {
		t.Errorf("GetCurrentUserData(Europe) after moving ann = %v, want no one", got)
	}
	ci := describe(t, c, e.s, annTask).AgentInfo
	if ci == nil || ci.HierarchyGroups == nil || aws.ToString(ci.HierarchyGroups.Level1.Arn) != europeARN ||
		aws.ToString(ci.HierarchyGroups.Level2.Arn) != franceARN || ci.HierarchyGroups.Level3 != nil {
		t.Errorf("DescribeContact(ann's).AgentInfo = %+v", ci)
	}
	if ci := describe(t, c, e.s, waiting).AgentInfo; ci != nil {
		t.Errorf("DescribeContact(waiting).AgentInfo = %+v, want none", ci)
	}

	search := func(g *types.AgentHierarchyGroups) []string {
		t.Helper()
		out, err := c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: &inst,
			TimeRange:      wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp),
			SearchCriteria: &types.SearchCriteria{AgentHierarchyGroups: g}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range out.Contacts {
			ids = append(ids, aws.ToString(s.Id))
		}
		if aws.ToInt64(out.TotalCount) != int64(len(ids)) {
			t.Errorf("TotalCount = %d, listed %d", aws.ToInt64(out.TotalCount), len(ids))
		}
		return ids
	}
	for _, tc := range []struct {
		name string
		g    *types.AgentHierarchyGroups
		want []string
	}{
		{"Europe", &types.AgentHierarchyGroups{L1Ids: []string{europe}}, []string{annTask}},
		{"Asia", &types.AgentHierarchyGroups{L1Ids: []string{asia}}, []string{bobTask}},
		{"Europe or Asia", &types.AgentHierarchyGroups{L1Ids: []string{europe, asia}}, []string{annTask, bobTask}},
		{"France", &types.AgentHierarchyGroups{L2Ids: []string{france}}, []string{annTask}},
		{"Asia and France", &types.AgentHierarchyGroups{L1Ids: []string{asia}, L2Ids: []string{france}}, nil},
		{"level three", &types.AgentHierarchyGroups{L3Ids: []string{europe}}, nil},
		{"empty", &types.AgentHierarchyGroups{}, []string{annTask, bobTask, waiting}},
	} {
		got := search(tc.g)
		if diff := cmp.Diff(sortedCopy(tc.want), sortedCopy(got)); diff != "" {
			t.Errorf("SearchContacts(%s) (-want +got):\n%s", tc.name, diff)
		}
	}
	tooMany := make([]string, 11)
	for i := range tooMany {
		tooMany[i] = fmt.Sprint("g", i)
	}
	_, err = c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: &inst,
		TimeRange:      wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp),
		SearchCriteria: &types.SearchCriteria{AgentHierarchyGroups: &types.AgentHierarchyGroups{L1Ids: tooMany}}})
	wantAPIError(t, err, "InvalidParameterException", 400)
}

func sortedCopy(l []string) []string {
	out := append([]string{}, l...)
	slices.Sort(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// TestHierarchyIsolation: another account sees none of an instance's
// hierarchy, by instance ID, group ID or group ARN.
func TestHierarchyIsolation(t *testing.T) {
	t.Parallel()
	creds := resWriteCredentials(t,
		[3]string{authKeyA, authSecretA, authAccountA},
		[3]string{authKeyB, authSecretB, authAccountB})
	s := startServer(t, "", "--auth", "strict", "--credentials", creds)
	a := s.client(t, withKey(authKeyA, authSecretA))
	b := s.client(t, withKey(authKeyB, authSecretB))
	inst := s.InstanceID // account A's
	if err := setStructure(t, a, inst, "Region"); err != nil {
		t.Fatal(err)
	}
	group, groupARN := createGroup(t, a, inst, "Europe", "")
	out, err := b.CreateInstance(ctx(t), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
		InstanceAlias: aws.String("other"), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	bInst := aws.ToString(out.Id)
	if err := setStructure(t, b, bInst, "Region"); err != nil {
		t.Fatal(err)
	}
	rp, sp, _, _ := agDefaults(t, b, bInst)
	u, err := b.CreateUser(ctx(t), &connect.CreateUserInput{InstanceId: &bInst, Username: aws.String("agent"),
		Password: aws.String("Passw0rd!"), IdentityInfo: &types.UserIdentityInfo{FirstName: aws.String("A"), LastName: aws.String("B")},
		RoutingProfileId: &rp, SecurityProfileIds: []string{sp["Agent"]}})
	if err != nil {
		t.Fatal(err)
	}
	runErrCases(t, []agErrCase{
		{"DescribeUserHierarchyStructure", func(t *testing.T) error {
			_, err := b.DescribeUserHierarchyStructure(ctx(t), &connect.DescribeUserHierarchyStructureInput{InstanceId: &inst})
			return err
		}, "ResourceNotFoundException", 404},
		{"UpdateUserHierarchyStructure", func(t *testing.T) error { return setStructure(t, b, inst) }, "ResourceNotFoundException", 404},
		{"DescribeUserHierarchyGroup", func(t *testing.T) error {
			_, err := b.DescribeUserHierarchyGroup(ctx(t), &connect.DescribeUserHierarchyGroupInput{InstanceId: &inst, HierarchyGroupId: &group})
			return err
		}, "ResourceNotFoundException", 404},
		{"DescribeUserHierarchyGroup in own instance", func(t *testing.T) error {
			_, err := b.DescribeUserHierarchyGroup(ctx(t), &connect.DescribeUserHierarchyGroupInput{InstanceId: &bInst, HierarchyGroupId: &group})
			return err
		}, "ResourceNotFoundException", 404},
		{"DescribeUserHierarchyGroup by ARN in own instance", func(t *testing.T) error {
			_, err := b.DescribeUserHierarchyGroup(ctx(t), &connect.DescribeUserHierarchyGroupInput{InstanceId: &bInst, HierarchyGroupId: &groupARN})
			return err
		}, "ResourceNotFoundException", 404},
		{"ListUserHierarchyGroups", func(t *testing.T) error {
			_, err := b.ListUserHierarchyGroups(ctx(t), &connect.ListUserHierarchyGroupsInput{InstanceId: &inst})
			return err
		}, "ResourceNotFoundException", 404},
		{"UpdateUserHierarchyGroupName", func(t *testing.T) error {
			_, err := b.UpdateUserHierarchyGroupName(ctx(t), &connect.UpdateUserHierarchyGroupNameInput{InstanceId: &bInst,
				HierarchyGroupId: &group, Name: aws.String("Mine")})
			return err
		}, "ResourceNotFoundException", 404},
		{"DeleteUserHierarchyGroup", func(t *testing.T) error {
			_, err := b.DeleteUserHierarchyGroup(ctx(t), &connect.DeleteUserHierarchyGroupInput{InstanceId: &inst, HierarchyGroupId: &group})
			return err
		}, "ResourceNotFoundException", 404},
		{"UpdateUserHierarchy to another account's group", func(t *testing.T) error {
			_, err := b.UpdateUserHierarchy(ctx(t), &connect.UpdateUserHierarchyInput{InstanceId: &bInst, UserId: u.UserId, HierarchyGroupId: &group})
			return err
		}, "ResourceNotFoundException", 404},
		{"CreateUserHierarchyGroup under another account's group", func(t *testing.T) error {
			_, err := b.CreateUserHierarchyGroup(ctx(t), &connect.CreateUserHierarchyGroupInput{InstanceId: &bInst, Name: aws.String("X"), ParentGroupId: &group})
			return err
		}, "ResourceNotFoundException", 404},
		{"ListTagsForResource", func(t *testing.T) error {
			_, err := b.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &groupARN})
			return err
		}, "ResourceNotFoundException", 404},
	})
	list, err := b.ListUserHierarchyGroups(ctx(t), &connect.ListUserHierarchyGroupsInput{InstanceId: &bInst})
	if err != nil || len(list.UserHierarchyGroupSummaryList) != 0 {
		t.Errorf("ListUserHierarchyGroups(own instance) = %v, %v; want none", list, err)
	}
	ud, err := b.GetCurrentUserData(ctx(t), &connect.GetCurrentUserDataInput{InstanceId: &bInst,
		Filters: &types.UserDataFilters{UserHierarchyGroups: []string{group}}})
	if err != nil || len(ud.UserDataList) != 0 {
		t.Errorf("GetCurrentUserData(another account's group) = %v, %v; want no one", ud, err)
	}
	// Account A still has its group.
	if g := describeGroup(t, a, inst, group); aws.ToString(g.Name) != "Europe" {
		t.Errorf("account A's group = %+v", g)
	}
}
