package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func (s *Server) getCurrentUserData(ctx context.Context, in *GetCurrentUserDataRequest) (any, error) {
	var f connect.UserDataFilter
	if in.Filters != nil {
		f = connect.UserDataFilter{Queues: in.Filters.Queues, RoutingProfiles: in.Filters.RoutingProfiles,
			Agents: in.Filters.Agents, HierarchyGroups: in.Filters.UserHierarchyGroups}
		if in.Filters.ContactFilter != nil {
			f.ContactStates = in.Filters.ContactFilter.ContactStates
		}
	}
	items, next, total, err := s.svc.GetCurrentUserData(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), f,
		str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	n := int64(total)
	out := &GetCurrentUserDataResponse{UserDataList: []UserData{}, NextToken: ptr(next), ApproximateTotalCount: &n}
	for _, d := range items {
		out.UserDataList = append(out.UserDataList, userDataOut(d))
	}
	return out, nil
}

// userDataOut is d on the wire. NextStatus stays unset: connectd has no
// pending status changes.
func userDataOut(d connect.UserData) UserData {
	out := UserData{
		User:                    &UserReference{Id: &d.User.ID, Arn: &d.User.ARN},
		MaxSlotsByChannel:       slots(d.MaxSlots),
		ActiveSlotsByChannel:    slots(d.ActiveSlots),
		AvailableSlotsByChannel: slots(d.AvailableSlots),
		Contacts:                []AgentContactReference{},
	}
	if rp := d.RoutingProfile; rp != nil {
		out.RoutingProfile = &RoutingProfileReference{Id: &rp.ID, Arn: &rp.ARN}
	}
	if len(d.HierarchyPath) > 0 {
		hp := &HierarchyPathReference{}
		members := [...]**HierarchyGroupSummaryReference{&hp.LevelOne, &hp.LevelTwo, &hp.LevelThree, &hp.LevelFour, &hp.LevelFive}
		for i, g := range d.HierarchyPath {
			*members[i] = &HierarchyGroupSummaryReference{Id: &g.ID, Arn: &g.ARN}
		}
		out.HierarchyPath = hp
	}
	if st := d.Status; st != nil {
		out.Status = &AgentStatusReference{StatusStartTimestamp: ts(d.User.StatusStartTimestamp), StatusArn: &st.ARN,
			StatusName: &st.Name}
	}
	for _, ac := range d.Contacts {
		c := ac.Contact
		ref := AgentContactReference{ContactId: &c.ID, Channel: &c.Channel, InitiationMethod: &c.InitiationMethod,
			AgentContactState: &ac.State, StateStartTimestamp: ts(ac.StateStart),
			ConnectedToAgentTimestamp: tsp(c.ConnectedToAgentTimestamp)}
		if c.QueueID != "" {
			ref.Queue = &QueueReference{Id: &c.QueueID, Arn: ptr(ac.QueueARN)}
		}
		out.Contacts = append(out.Contacts, ref)
	}
	return out
}

func slots(m map[string]int) map[string]int32 {
	out := make(map[string]int32, len(m))
	for ch, n := range m {
		out[ch] = int32(n)
	}
	return out
}
