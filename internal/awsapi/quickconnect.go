package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func quickConnectInput(in *CreateQuickConnectRequest) (connect.CreateQuickConnectInput, error) {
	return connect.CreateQuickConnectInput{
		InstanceID: str(in.InstanceId), Name: str(in.Name), Description: str(in.Description),
		Config: quickConnectConfigIn(in.QuickConnectConfig), Tags: in.Tags,
	}, nil
}

func (s *Server) createQuickConnect(ctx context.Context, in *CreateQuickConnectRequest) (any, error) {
	ci, err := quickConnectInput(in)
	if err != nil {
		return nil, err
	}
	q, err := s.svc.CreateQuickConnect(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateQuickConnectResponse{QuickConnectId: &q.ID, QuickConnectARN: &q.ARN}, nil
}

func (s *Server) describeQuickConnect(ctx context.Context, in *DescribeQuickConnectRequest) (any, error) {
	p := PrincipalFrom(ctx)
	q, err := s.svc.DescribeQuickConnect(ctx, partition(p), str(in.InstanceId), str(in.QuickConnectId))
	if err != nil {
		return nil, err
	}
	return &DescribeQuickConnectResponse{QuickConnect: &QuickConnect{
		QuickConnectId: &q.ID, QuickConnectARN: &q.ARN, Name: &q.Name, Description: ptr(q.Description),
		QuickConnectConfig: quickConnectConfigOut(q), Tags: emptyToNil(q.Tags),
		LastModifiedTime: ts(q.LastModified), LastModifiedRegion: &p.Region,
	}}, nil
}

func (s *Server) listQuickConnects(ctx context.Context, in *ListQuickConnectsRequest) (any, error) {
	p := PrincipalFrom(ctx)
	items, next, err := s.svc.ListQuickConnects(ctx, partition(p), str(in.InstanceId), in.QuickConnectTypes,
		str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	return &ListQuickConnectsResponse{QuickConnectSummaryList: quickConnectSummaries(items, p.Region), NextToken: ptr(next)}, nil
}

func (s *Server) updateQuickConnectName(ctx context.Context, in *UpdateQuickConnectNameRequest) (any, error) {
	return nil, s.svc.UpdateQuickConnectName(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QuickConnectId),
		in.Name, in.Description)
}

func (s *Server) updateQuickConnectConfig(ctx context.Context, in *UpdateQuickConnectConfigRequest) (any, error) {
	return nil, s.svc.UpdateQuickConnectConfig(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QuickConnectId),
		quickConnectConfigIn(in.QuickConnectConfig))
}

func (s *Server) deleteQuickConnect(ctx context.Context, in *DeleteQuickConnectRequest) (any, error) {
	return nil, s.svc.DeleteQuickConnect(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QuickConnectId))
}

func (s *Server) associateQueueQuickConnects(ctx context.Context, in *AssociateQueueQuickConnectsRequest) (any, error) {
	return nil, s.svc.AssociateQueueQuickConnects(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QueueId),
		in.QuickConnectIds)
}

func (s *Server) disassociateQueueQuickConnects(ctx context.Context, in *DisassociateQueueQuickConnectsRequest) (any, error) {
	return nil, s.svc.DisassociateQueueQuickConnects(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QueueId),
		in.QuickConnectIds)
}

func (s *Server) listQueueQuickConnects(ctx context.Context, in *ListQueueQuickConnectsRequest) (any, error) {
	p := PrincipalFrom(ctx)
	q, items, next, err := s.svc.ListQueueQuickConnects(ctx, partition(p), str(in.InstanceId), str(in.QueueId),
		str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	return &ListQueueQuickConnectsResponse{
		QuickConnectSummaryList: quickConnectSummaries(items, p.Region), NextToken: ptr(next),
		LastModifiedTime: ts(q.LastModified), LastModifiedRegion: &p.Region,
	}, nil
}

func quickConnectSummaries(items []*connect.QuickConnect, region string) []QuickConnectSummary {
	out := []QuickConnectSummary{}
	for _, q := range items {
		out = append(out, QuickConnectSummary{
			Id: &q.ID, Arn: &q.ARN, Name: &q.Name, QuickConnectType: &q.Type,
			LastModifiedTime: ts(q.LastModified), LastModifiedRegion: &region,
		})
	}
	return out
}

func quickConnectConfigIn(c *QuickConnectConfig) connect.QuickConnectConfig {
	if c == nil { // QuickConnectConfig is required: validation stops a request without one
		return connect.QuickConnectConfig{}
	}
	out := connect.QuickConnectConfig{Type: str(c.QuickConnectType)}
	if u := c.UserConfig; u != nil {
		out.User = &connect.UserQuickConnectConfig{UserID: str(u.UserId), ContactFlowID: str(u.ContactFlowId)}
	}
	if q := c.QueueConfig; q != nil {
		out.Queue = &connect.QueueQuickConnectConfig{QueueID: str(q.QueueId), ContactFlowID: str(q.ContactFlowId)}
	}
	if ph := c.PhoneConfig; ph != nil {
		out.Phone = &connect.PhoneQuickConnectConfig{PhoneNumber: str(ph.PhoneNumber)}
	}
	if f := c.FlowConfig; f != nil {
		out.Flow = &connect.FlowQuickConnectConfig{ContactFlowID: str(f.ContactFlowId)}
	}
	return out
}

func quickConnectConfigOut(q *connect.QuickConnect) *QuickConnectConfig {
	out := &QuickConnectConfig{QuickConnectType: &q.Type}
	switch q.Type {
	case connect.QuickConnectUser:
		out.UserConfig = &UserQuickConnectConfig{UserId: &q.UserID, ContactFlowId: &q.ContactFlowID}
	case connect.QuickConnectQueue:
		out.QueueConfig = &QueueQuickConnectConfig{QueueId: &q.QueueID, ContactFlowId: &q.ContactFlowID}
	case connect.QuickConnectPhoneNumber:
		out.PhoneConfig = &PhoneNumberQuickConnectConfig{PhoneNumber: &q.PhoneNumber}
	case connect.QuickConnectFlow:
		out.FlowConfig = &FlowQuickConnectConfig{ContactFlowId: &q.ContactFlowID}
	}
	return out
}
