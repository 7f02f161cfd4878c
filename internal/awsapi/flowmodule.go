package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func (s *Server) createContactFlowModule(ctx context.Context, in *CreateContactFlowModuleRequest) (any, error) {
	if c := in.ExternalInvocationConfiguration; c != nil && c.Enabled != nil && *c.Enabled {
		return nil, connect.Errorf(connect.Invalid, "connectd does not support external invocation of flow modules.")
	}
	m, err := s.svc.CreateContactFlowModule(ctx, partition(PrincipalFrom(ctx)), connect.CreateContactFlowModuleInput{
		InstanceID: str(in.InstanceId), Name: str(in.Name), Description: str(in.Description), Content: str(in.Content),
		Settings: str(in.Settings), ClientToken: str(in.ClientToken), Tags: in.Tags,
	})
	if err != nil {
		return nil, err
	}
	return &CreateContactFlowModuleResponse{Id: &m.ID, Arn: &m.ARN}, nil
}

func (s *Server) describeContactFlowModule(ctx context.Context, in *DescribeContactFlowModuleRequest) (any, error) {
	m, err := s.svc.DescribeContactFlowModule(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactFlowModuleId))
	if err != nil {
		return nil, err
	}
	return &DescribeContactFlowModuleResponse{ContactFlowModule: &ContactFlowModule{
		Arn: &m.ARN, Id: &m.ID, Name: &m.Name, Description: ptr(m.Description), Content: &m.Content,
		Settings: ptr(m.Settings), State: &m.State, Status: &m.Status, Tags: emptyToNil(m.Tags),
		FlowModuleContentSha256: flowSHA256(m.Content),
	}}, nil
}

func (s *Server) listContactFlowModules(ctx context.Context, in *ListContactFlowModulesRequest) (any, error) {
	items, next, err := s.svc.ListContactFlowModules(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.ContactFlowModuleState), str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListContactFlowModulesResponse{ContactFlowModulesSummaryList: []ContactFlowModuleSummary{}, NextToken: ptr(next)}
	for _, m := range items {
		out.ContactFlowModulesSummaryList = append(out.ContactFlowModulesSummaryList, ContactFlowModuleSummary{
			Id: &m.ID, Arn: &m.ARN, Name: &m.Name, State: &m.State,
		})
	}
	return out, nil
}

func (s *Server) updateContactFlowModuleContent(ctx context.Context, in *UpdateContactFlowModuleContentRequest) (any, error) {
	return nil, s.svc.UpdateContactFlowModuleContent(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.ContactFlowModuleId), str(in.Content), in.Settings)
}

func (s *Server) updateContactFlowModuleMetadata(ctx context.Context, in *UpdateContactFlowModuleMetadataRequest) (any, error) {
	return nil, s.svc.UpdateContactFlowModuleMetadata(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.ContactFlowModuleId), in.Name, in.Description, in.State)
}

func (s *Server) deleteContactFlowModule(ctx context.Context, in *DeleteContactFlowModuleRequest) (any, error) {
	return nil, s.svc.DeleteContactFlowModule(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactFlowModuleId))
}
