package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func agentStatusInput(in *CreateAgentStatusRequest) (connect.CreateAgentStatusInput, error) {
	return connect.CreateAgentStatusInput{
		InstanceID: str(in.InstanceId), Name: str(in.Name), Description: str(in.Description), State: str(in.State),
		DisplayOrder: in.DisplayOrder, Tags: in.Tags,
	}, nil
}

func (s *Server) createAgentStatus(ctx context.Context, in *CreateAgentStatusRequest) (any, error) {
	ci, err := agentStatusInput(in)
	if err != nil {
		return nil, err
	}
	as, err := s.svc.CreateAgentStatus(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateAgentStatusResponse{AgentStatusId: &as.ID, AgentStatusARN: &as.ARN}, nil
}

func (s *Server) describeAgentStatus(ctx context.Context, in *DescribeAgentStatusRequest) (any, error) {
	p := PrincipalFrom(ctx)
	as, err := s.svc.DescribeAgentStatus(ctx, partition(p), str(in.InstanceId), str(in.AgentStatusId))
	if err != nil {
		return nil, err
	}
	return &DescribeAgentStatusResponse{AgentStatus: &AgentStatus{
		AgentStatusId: &as.ID, AgentStatusARN: &as.ARN, Name: &as.Name, Description: ptr(as.Description),
		Type: &as.Type, State: &as.State, DisplayOrder: as.DisplayOrder, Tags: emptyToNil(as.Tags),
		LastModifiedTime: ts(as.LastModified), LastModifiedRegion: &p.Region,
	}}, nil
}

func (s *Server) listAgentStatuses(ctx context.Context, in *ListAgentStatusRequest) (any, error) {
	p := PrincipalFrom(ctx)
	items, next, err := s.svc.ListAgentStatuses(ctx, partition(p), str(in.InstanceId), in.AgentStatusTypes,
		str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListAgentStatusResponse{AgentStatusSummaryList: []AgentStatusSummary{}, NextToken: ptr(next)}
	for _, as := range items {
		out.AgentStatusSummaryList = append(out.AgentStatusSummaryList, AgentStatusSummary{
			Id: &as.ID, Arn: &as.ARN, Name: &as.Name, Type: &as.Type, LastModifiedTime: ts(as.LastModified), LastModifiedRegion: &p.Region,
		})
	}
	return out, nil
}

func (s *Server) updateAgentStatus(ctx context.Context, in *UpdateAgentStatusRequest) (any, error) {
	return nil, s.svc.UpdateAgentStatus(ctx, partition(PrincipalFrom(ctx)), connect.UpdateAgentStatusInput{
		InstanceID: str(in.InstanceId), ID: str(in.AgentStatusId), Name: in.Name, Description: in.Description,
		State: in.State, DisplayOrder: in.DisplayOrder, ResetOrderNumber: in.ResetOrderNumber != nil && *in.ResetOrderNumber,
	})
}
