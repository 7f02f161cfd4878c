package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func queueInput(in *CreateQueueRequest) (connect.CreateQueueInput, error) {
	if in.OutboundEmailConfig != nil || len(in.EmailAddressesConfig) > 0 {
		return connect.CreateQueueInput{}, connect.Errorf(connect.Invalid, "connectd does not support outbound email configuration on queues yet.")
	}
	ci := connect.CreateQueueInput{
		InstanceID: str(in.InstanceId), Name: str(in.Name), Description: str(in.Description),
		HoursOfOperationID: str(in.HoursOfOperationId), MaxContacts: in.MaxContacts,
		QuickConnectIDs: in.QuickConnectIds, Tags: in.Tags,
	}
	if in.OutboundCallerConfig != nil {
		c := outboundCallerInput(in.OutboundCallerConfig)
		ci.OutboundCaller = &c
	}
	return ci, nil
}

func outboundCallerInput(c *OutboundCallerConfig) connect.OutboundCallerConfig {
	return connect.OutboundCallerConfig{CallerIDName: str(c.OutboundCallerIdName),
		CallerIDNumberID: str(c.OutboundCallerIdNumberId), FlowID: str(c.OutboundFlowId)}
}

func outboundCallerOutput(c *connect.OutboundCallerConfig) *OutboundCallerConfig {
	if c == nil {
		return nil
	}
	return &OutboundCallerConfig{OutboundCallerIdName: ptr(c.CallerIDName),
		OutboundCallerIdNumberId: ptr(c.CallerIDNumberID), OutboundFlowId: ptr(c.FlowID)}
}

func (s *Server) createQueue(ctx context.Context, in *CreateQueueRequest) (any, error) {
	ci, err := queueInput(in)
	if err != nil {
		return nil, err
	}
	q, err := s.svc.CreateQueue(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateQueueResponse{QueueArn: &q.ARN, QueueId: &q.ID}, nil
}

func (s *Server) describeQueue(ctx context.Context, in *DescribeQueueRequest) (any, error) {
	p := PrincipalFrom(ctx)
	q, err := s.svc.DescribeQueue(ctx, partition(p), str(in.InstanceId), str(in.QueueId))
	if err != nil {
		return nil, err
	}
	return &DescribeQueueResponse{Queue: &Queue{
		QueueId: &q.ID, QueueArn: &q.ARN, Name: ptr(q.Name), Description: ptr(q.Description),
		HoursOfOperationId: ptr(q.HoursOfOperationID), MaxContacts: q.MaxContacts, Status: &q.Status,
		OutboundCallerConfig: outboundCallerOutput(q.OutboundCaller),
		Tags:                 emptyToNil(q.Tags), LastModifiedTime: ts(q.LastModified), LastModifiedRegion: &p.Region,
	}}, nil
}

func (s *Server) listQueues(ctx context.Context, in *ListQueuesRequest) (any, error) {
	p := PrincipalFrom(ctx)
	items, next, err := s.svc.ListQueues(ctx, partition(p), str(in.InstanceId), in.QueueTypes, str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListQueuesResponse{QueueSummaryList: []QueueSummary{}, NextToken: ptr(next)}
	for _, q := range items {
		out.QueueSummaryList = append(out.QueueSummaryList, QueueSummary{
			Id: &q.ID, Arn: &q.ARN, Name: ptr(q.Name), QueueType: &q.Type, // agent queues have no name
			LastModifiedTime: ts(q.LastModified), LastModifiedRegion: &p.Region,
		})
	}
	return out, nil
}

func (s *Server) updateQueueName(ctx context.Context, in *UpdateQueueNameRequest) (any, error) {
	return nil, s.svc.UpdateQueueName(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QueueId), in.Name, in.Description)
}

func (s *Server) updateQueueStatus(ctx context.Context, in *UpdateQueueStatusRequest) (any, error) {
	return nil, s.svc.UpdateQueueStatus(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QueueId), str(in.Status))
}

func (s *Server) deleteQueue(ctx context.Context, in *DeleteQueueRequest) (any, error) {
	return nil, s.svc.DeleteQueue(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QueueId))
}

func (s *Server) updateQueueMaxContacts(ctx context.Context, in *UpdateQueueMaxContactsRequest) (any, error) {
	return nil, s.svc.UpdateQueueMaxContacts(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QueueId), in.MaxContacts)
}

func (s *Server) updateQueueHoursOfOperation(ctx context.Context, in *UpdateQueueHoursOfOperationRequest) (any, error) {
	return nil, s.svc.UpdateQueueHoursOfOperation(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QueueId), str(in.HoursOfOperationId))
}

func (s *Server) updateQueueOutboundCallerConfig(ctx context.Context, in *UpdateQueueOutboundCallerConfigRequest) (any, error) {
	return nil, s.svc.UpdateQueueOutboundCallerConfig(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.QueueId),
		outboundCallerInput(in.OutboundCallerConfig))
}
