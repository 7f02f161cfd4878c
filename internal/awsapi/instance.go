package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func instanceInput(in *CreateInstanceRequest) (connect.CreateInstanceInput, error) {
	return connect.CreateInstanceInput{
		ClientToken:            str(in.ClientToken),
		IdentityManagementType: str(in.IdentityManagementType),
		Alias:                  str(in.InstanceAlias),
		DirectoryID:            str(in.DirectoryId),
		InboundCallsEnabled:    in.InboundCallsEnabled != nil && *in.InboundCallsEnabled,
		OutboundCallsEnabled:   in.OutboundCallsEnabled != nil && *in.OutboundCallsEnabled,
		Tags:                   in.Tags,
	}, nil
}

func (s *Server) createInstance(ctx context.Context, in *CreateInstanceRequest) (any, error) {
	ci, err := instanceInput(in)
	if err != nil {
		return nil, err
	}
	inst, err := s.svc.CreateInstance(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateInstanceResponse{Id: &inst.ID, Arn: &inst.ARN}, nil
}

func (s *Server) describeInstance(ctx context.Context, in *DescribeInstanceRequest) (any, error) {
	inst, err := s.svc.DescribeInstance(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId))
	if err != nil {
		return nil, err
	}
	return &DescribeInstanceResponse{Instance: &Instance{
		Id: &inst.ID, Arn: &inst.ARN, IdentityManagementType: &inst.IdentityManagementType,
		InstanceAlias: ptr(inst.Alias), CreatedTime: ts(inst.CreatedTime), ServiceRole: ptr(inst.ServiceRole),
		InstanceStatus: &inst.Status, InboundCallsEnabled: &inst.InboundCallsEnabled,
		OutboundCallsEnabled: &inst.OutboundCallsEnabled, InstanceAccessUrl: ptr(inst.AccessURL()),
		Tags: emptyToNil(inst.Tags),
	}}, nil
}

func (s *Server) listInstances(ctx context.Context, in *ListInstancesRequest) (any, error) {
	items, next, err := s.svc.ListInstances(ctx, partition(PrincipalFrom(ctx)), str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListInstancesResponse{InstanceSummaryList: []InstanceSummary{}, NextToken: ptr(next)}
	for _, inst := range items {
		out.InstanceSummaryList = append(out.InstanceSummaryList, InstanceSummary{
			Id: &inst.ID, Arn: &inst.ARN, IdentityManagementType: &inst.IdentityManagementType,
			InstanceAlias: ptr(inst.Alias), CreatedTime: ts(inst.CreatedTime), ServiceRole: ptr(inst.ServiceRole),
			InstanceStatus: &inst.Status, InboundCallsEnabled: &inst.InboundCallsEnabled,
			OutboundCallsEnabled: &inst.OutboundCallsEnabled, InstanceAccessUrl: ptr(inst.AccessURL()),
		})
	}
	return out, nil
}

func (s *Server) deleteInstance(ctx context.Context, in *DeleteInstanceRequest) (any, error) {
	return nil, s.svc.DeleteInstance(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId))
}

func (s *Server) describeInstanceAttribute(ctx context.Context, in *DescribeInstanceAttributeRequest) (any, error) {
	a, err := s.svc.DescribeInstanceAttribute(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.AttributeType))
	if err != nil {
		return nil, err
	}
	return &DescribeInstanceAttributeResponse{Attribute: &Attribute{AttributeType: &a.Type, Value: &a.Value}}, nil
}

func (s *Server) listInstanceAttributes(ctx context.Context, in *ListInstanceAttributesRequest) (any, error) {
	items, next, err := s.svc.ListInstanceAttributes(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListInstanceAttributesResponse{Attributes: make([]Attribute, 0, len(items)), NextToken: ptr(next)}
	for _, a := range items {
		out.Attributes = append(out.Attributes, Attribute{AttributeType: &a.Type, Value: &a.Value})
	}
	return out, nil
}

func (s *Server) updateInstanceAttribute(ctx context.Context, in *UpdateInstanceAttributeRequest) (any, error) {
	return nil, s.svc.UpdateInstanceAttribute(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.AttributeType), str(in.Value))
}
