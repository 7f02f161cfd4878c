package awsapi

import (
	"context"

	"connectd/internal/connect"
)

// Agent hierarchies: the structure's levels and the hierarchy groups.

// hierarchyGroupInput converts CreateUserHierarchyGroup's request (the
// API's and the bootstrap file's).
func hierarchyGroupInput(in *CreateUserHierarchyGroupRequest) (connect.CreateHierarchyGroupInput, error) {
	return connect.CreateHierarchyGroupInput{InstanceID: str(in.InstanceId), Name: str(in.Name),
		ParentGroupID: str(in.ParentGroupId), Tags: in.Tags}, nil
}

func (s *Server) createUserHierarchyGroup(ctx context.Context, in *CreateUserHierarchyGroupRequest) (any, error) {
	ci, err := hierarchyGroupInput(in)
	if err != nil {
		return nil, err
	}
	g, err := s.svc.CreateUserHierarchyGroup(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateUserHierarchyGroupResponse{HierarchyGroupId: &g.ID, HierarchyGroupArn: &g.ARN}, nil
}

func (s *Server) describeUserHierarchyGroup(ctx context.Context, in *DescribeUserHierarchyGroupRequest) (any, error) {
	p := PrincipalFrom(ctx)
	g, path, err := s.svc.DescribeUserHierarchyGroup(ctx, partition(p), str(in.InstanceId), str(in.HierarchyGroupId))
	if err != nil {
		return nil, err
	}
	levelID := connect.HierarchyLevel{Level: g.Level}.ID()
	hp := &HierarchyPath{}
	for i, pg := range path {
		*pathLevel(hp, i) = hierarchyGroupSummary(pg, p.Region)
	}
	return &DescribeUserHierarchyGroupResponse{HierarchyGroup: &HierarchyGroup{
		Id: &g.ID, Arn: &g.ARN, Name: &g.Name, LevelId: &levelID, HierarchyPath: hp, Tags: emptyToNil(g.Tags),
		LastModifiedTime: ts(g.LastModified), LastModifiedRegion: &p.Region,
	}}, nil
}

// pathLevel returns HierarchyPath's member for level i+1.
func pathLevel(hp *HierarchyPath, i int) **HierarchyGroupSummary {
	return [...]**HierarchyGroupSummary{&hp.LevelOne, &hp.LevelTwo, &hp.LevelThree, &hp.LevelFour, &hp.LevelFive}[i]
}

func hierarchyGroupSummary(g *connect.HierarchyGroup, region string) *HierarchyGroupSummary {
	return &HierarchyGroupSummary{Id: &g.ID, Arn: &g.ARN, Name: &g.Name, LastModifiedTime: ts(g.LastModified),
		LastModifiedRegion: &region}
}

func (s *Server) listUserHierarchyGroups(ctx context.Context, in *ListUserHierarchyGroupsRequest) (any, error) {
	p := PrincipalFrom(ctx)
	items, next, err := s.svc.ListUserHierarchyGroups(ctx, partition(p), str(in.InstanceId), str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListUserHierarchyGroupsResponse{UserHierarchyGroupSummaryList: []HierarchyGroupSummary{}, NextToken: ptr(next)}
	for _, g := range items {
		out.UserHierarchyGroupSummaryList = append(out.UserHierarchyGroupSummaryList, *hierarchyGroupSummary(g, p.Region))
	}
	return out, nil
}

func (s *Server) updateUserHierarchyGroupName(ctx context.Context, in *UpdateUserHierarchyGroupNameRequest) (any, error) {
	return nil, s.svc.UpdateUserHierarchyGroupName(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.HierarchyGroupId), str(in.Name))
}

func (s *Server) deleteUserHierarchyGroup(ctx context.Context, in *DeleteUserHierarchyGroupRequest) (any, error) {
	return nil, s.svc.DeleteUserHierarchyGroup(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.HierarchyGroupId))
}

// hierarchyStructureIn converts UpdateUserHierarchyStructure's structure,
// level one first.
func hierarchyStructureIn(in *HierarchyStructureUpdate) connect.HierarchyStructureUpdate {
	var out connect.HierarchyStructureUpdate
	if in == nil {
		return out
	}
	for i, l := range []*HierarchyLevelUpdate{in.LevelOne, in.LevelTwo, in.LevelThree, in.LevelFour, in.LevelFive} {
		if l != nil {
			out[i] = new(str(l.Name))
		}
	}
	return out
}

func (s *Server) updateUserHierarchyStructure(ctx context.Context, in *UpdateUserHierarchyStructureRequest) (any, error) {
	return nil, s.svc.UpdateUserHierarchyStructure(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		hierarchyStructureIn(in.HierarchyStructure))
}

// describeUserHierarchyStructure answers HierarchyStructure always, empty
// for an instance without levels, as Terraform's provider expects.
func (s *Server) describeUserHierarchyStructure(ctx context.Context, in *DescribeUserHierarchyStructureRequest) (any, error) {
	p := PrincipalFrom(ctx)
	levels, err := s.svc.DescribeUserHierarchyStructure(ctx, partition(p), str(in.InstanceId))
	if err != nil {
		return nil, err
	}
	hs := &HierarchyStructure{}
	members := [...]**HierarchyLevel{&hs.LevelOne, &hs.LevelTwo, &hs.LevelThree, &hs.LevelFour, &hs.LevelFive}
	instanceID := str(in.InstanceId)
	if id, ok := connect.InstanceRef(partition(p), instanceID); ok {
		instanceID = id
	}
	for _, l := range levels {
		*members[l.Level-1] = &HierarchyLevel{Id: new(l.ID()), Arn: new(connect.HierarchyLevelARN(partition(p), instanceID, l.Level)),
			Name: new(l.Name), LastModifiedTime: ts(l.LastModified), LastModifiedRegion: &p.Region}
	}
	return &DescribeUserHierarchyStructureResponse{HierarchyStructure: hs}, nil
}

func (s *Server) updateUserHierarchy(ctx context.Context, in *UpdateUserHierarchyRequest) (any, error) {
	return nil, s.svc.UpdateUserHierarchy(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.UserId),
		str(in.HierarchyGroupId))
}

// hierarchyGroupsOut is AgentInfo.HierarchyGroups of the group ARNs arns
// (level one first); nil when there are none.
func hierarchyGroupsOut(arns []string) *HierarchyGroups {
	if len(arns) == 0 {
		return nil
	}
	hg := &HierarchyGroups{}
	members := [...]**AgentHierarchyGroup{&hg.Level1, &hg.Level2, &hg.Level3, &hg.Level4, &hg.Level5}
	for i, a := range arns {
		*members[i] = &AgentHierarchyGroup{Arn: new(a)}
	}
	return hg
}

// agentHierarchyIn converts SearchCriteria.AgentHierarchyGroups.
func agentHierarchyIn(in *AgentHierarchyGroups) connect.AgentHierarchyCriterion {
	if in == nil {
		return connect.AgentHierarchyCriterion{}
	}
	return connect.AgentHierarchyCriterion{in.L1Ids, in.L2Ids, in.L3Ids, in.L4Ids, in.L5Ids}
}

// DecodeCreateUserHierarchyGroup decodes a CreateUserHierarchyGroup request.
func DecodeCreateUserHierarchyGroup(body []byte) (connect.CreateHierarchyGroupInput, error) {
	in, err := decodeCreate("CreateUserHierarchyGroup", body, func(r *CreateUserHierarchyGroupRequest) { r.InstanceId = new(pathStandIn) }, hierarchyGroupInput)
	in.InstanceID = ""
	return in, err
}

// DecodeUpdateUserHierarchyStructure decodes an UpdateUserHierarchyStructure
// request.
func DecodeUpdateUserHierarchyStructure(body []byte) (connect.HierarchyStructureUpdate, error) {
	return decodeCreate("UpdateUserHierarchyStructure", body, func(r *UpdateUserHierarchyStructureRequest) { r.InstanceId = new(pathStandIn) },
		func(r *UpdateUserHierarchyStructureRequest) (connect.HierarchyStructureUpdate, error) {
			return hierarchyStructureIn(r.HierarchyStructure), nil
		})
}
