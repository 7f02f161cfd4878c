package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func concurrenciesIn(ms []MediaConcurrency) []connect.MediaConcurrency {
	var out []connect.MediaConcurrency
	for _, m := range ms {
		c := connect.MediaConcurrency{Channel: str(m.Channel), Concurrency: int32(intOr0(m.Concurrency))}
		if m.CrossChannelBehavior != nil {
			c.CrossChannelBehavior = str(m.CrossChannelBehavior.BehaviorType)
		}
		out = append(out, c)
	}
	return out
}

func concurrenciesOut(ms []connect.MediaConcurrency) []MediaConcurrency {
	out := []MediaConcurrency{}
	for _, m := range ms {
		w := MediaConcurrency{Channel: &m.Channel, Concurrency: &m.Concurrency}
		if m.CrossChannelBehavior != "" {
			w.CrossChannelBehavior = &CrossChannelBehavior{BehaviorType: &m.CrossChannelBehavior}
		}
		out = append(out, w)
	}
	return out
}

func queueConfigsIn(qs []RoutingProfileQueueConfig) []connect.RoutingProfileQueue {
	var out []connect.RoutingProfileQueue
	for _, q := range qs {
		c := connect.RoutingProfileQueue{Priority: int32(intOr0(q.Priority)), Delay: int32(intOr0(q.Delay))}
		if q.QueueReference != nil {
			c.QueueID, c.Channel = str(q.QueueReference.QueueId), str(q.QueueReference.Channel)
		}
		out = append(out, c)
	}
	return out
}

func queueRefsIn(refs []RoutingProfileQueueReference) []connect.RoutingProfileQueue {
	var out []connect.RoutingProfileQueue
	for _, r := range refs {
		out = append(out, connect.RoutingProfileQueue{QueueID: str(r.QueueId), Channel: str(r.Channel)})
	}
	return out
}

// errManualAssignment refuses manual assignment queues, which connectd does
// not support yet.
var errManualAssignment = connect.Errorf(connect.Invalid, "connectd does not support manual assignment queues yet.")

func routingProfileInput(in *CreateRoutingProfileRequest) (connect.CreateRoutingProfileInput, error) {
	if len(in.ManualAssignmentQueueConfigs) > 0 {
		return connect.CreateRoutingProfileInput{}, errManualAssignment
	}
	return connect.CreateRoutingProfileInput{
		InstanceID: str(in.InstanceId), Name: str(in.Name), Description: str(in.Description),
		DefaultOutboundQueueID: str(in.DefaultOutboundQueueId), MediaConcurrencies: concurrenciesIn(in.MediaConcurrencies),
		QueueConfigs: queueConfigsIn(in.QueueConfigs), AgentAvailabilityTimer: str(in.AgentAvailabilityTimer), Tags: in.Tags,
	}, nil
}

func (s *Server) createRoutingProfile(ctx context.Context, in *CreateRoutingProfileRequest) (any, error) {
	ci, err := routingProfileInput(in)
	if err != nil {
		return nil, err
	}
	rp, err := s.svc.CreateRoutingProfile(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateRoutingProfileResponse{RoutingProfileId: &rp.ID, RoutingProfileArn: &rp.ARN}, nil
}

func (s *Server) describeRoutingProfile(ctx context.Context, in *DescribeRoutingProfileRequest) (any, error) {
	p := PrincipalFrom(ctx)
	d, err := s.svc.DescribeRoutingProfile(ctx, partition(p), str(in.InstanceId), str(in.RoutingProfileId))
	if err != nil {
		return nil, err
	}
	rp := d.RoutingProfile
	// AssociatedQueueIds is left out: AWS documents that DescribeRoutingProfile
	// does not populate it.
	return &DescribeRoutingProfileResponse{RoutingProfile: &RoutingProfile{
		InstanceId: &rp.InstanceID, RoutingProfileId: &rp.ID, RoutingProfileArn: &rp.ARN, Name: &rp.Name,
		Description: &rp.Description, DefaultOutboundQueueId: &rp.DefaultOutboundQueueID,
		MediaConcurrencies: concurrenciesOut(rp.MediaConcurrencies), AgentAvailabilityTimer: &rp.AgentAvailabilityTimer,
		NumberOfAssociatedQueues: new(int64(d.NumberOfAssociatedQueues)), NumberOfAssociatedUsers: new(int64(d.NumberOfAssociatedUsers)),
		NumberOfAssociatedManualAssignmentQueues: new(int64(0)), IsDefault: &rp.IsDefault,
		Tags: emptyToNil(rp.Tags), LastModifiedTime: ts(rp.LastModified), LastModifiedRegion: &p.Region,
	}}, nil
}

func (s *Server) listRoutingProfiles(ctx context.Context, in *ListRoutingProfilesRequest) (any, error) {
	p := PrincipalFrom(ctx)
	items, next, err := s.svc.ListRoutingProfiles(ctx, partition(p), str(in.InstanceId), str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListRoutingProfilesResponse{RoutingProfileSummaryList: []RoutingProfileSummary{}, NextToken: ptr(next)}
	for _, rp := range items {
		out.RoutingProfileSummaryList = append(out.RoutingProfileSummaryList, RoutingProfileSummary{
			Id: &rp.ID, Arn: &rp.ARN, Name: &rp.Name, LastModifiedTime: ts(rp.LastModified), LastModifiedRegion: &p.Region,
		})
	}
	return out, nil
}

func (s *Server) listRoutingProfileQueues(ctx context.Context, in *ListRoutingProfileQueuesRequest) (any, error) {
	p := PrincipalFrom(ctx)
	rp, items, next, err := s.svc.ListRoutingProfileQueues(ctx, partition(p), str(in.InstanceId), str(in.RoutingProfileId),
		str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListRoutingProfileQueuesResponse{RoutingProfileQueueConfigSummaryList: []RoutingProfileQueueConfigSummary{},
		NextToken: ptr(next), LastModifiedTime: ts(rp.LastModified), LastModifiedRegion: &p.Region}
	for _, q := range items {
		out.RoutingProfileQueueConfigSummaryList = append(out.RoutingProfileQueueConfigSummaryList, RoutingProfileQueueConfigSummary{
			QueueId: &q.QueueID, QueueArn: &q.QueueARN, QueueName: &q.QueueName, Channel: &q.Channel,
			Priority: &q.Priority, Delay: &q.Delay,
		})
	}
	return out, nil
}

func (s *Server) associateRoutingProfileQueues(ctx context.Context, in *AssociateRoutingProfileQueuesRequest) (any, error) {
	if len(in.ManualAssignmentQueueConfigs) > 0 {
		return nil, errManualAssignment
	}
	return nil, s.svc.AssociateRoutingProfileQueues(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.RoutingProfileId), queueConfigsIn(in.QueueConfigs))
}

func (s *Server) disassociateRoutingProfileQueues(ctx context.Context, in *DisassociateRoutingProfileQueuesRequest) (any, error) {
	if len(in.ManualAssignmentQueueReferences) > 0 {
		return nil, errManualAssignment
	}
	return nil, s.svc.DisassociateRoutingProfileQueues(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.RoutingProfileId), queueRefsIn(in.QueueReferences))
}

func (s *Server) updateRoutingProfileQueues(ctx context.Context, in *UpdateRoutingProfileQueuesRequest) (any, error) {
	return nil, s.svc.UpdateRoutingProfileQueues(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.RoutingProfileId), queueConfigsIn(in.QueueConfigs))
}

func (s *Server) updateRoutingProfileConcurrency(ctx context.Context, in *UpdateRoutingProfileConcurrencyRequest) (any, error) {
	return nil, s.svc.UpdateRoutingProfileConcurrency(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.RoutingProfileId), concurrenciesIn(in.MediaConcurrencies))
}

func (s *Server) updateRoutingProfileName(ctx context.Context, in *UpdateRoutingProfileNameRequest) (any, error) {
	return nil, s.svc.UpdateRoutingProfileName(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.RoutingProfileId),
		in.Name, in.Description)
}

func (s *Server) deleteRoutingProfile(ctx context.Context, in *DeleteRoutingProfileRequest) (any, error) {
	return nil, s.svc.DeleteRoutingProfile(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.RoutingProfileId))
}

func (s *Server) updateRoutingProfileDefaultOutboundQueue(ctx context.Context, in *UpdateRoutingProfileDefaultOutboundQueueRequest) (any, error) {
	return nil, s.svc.UpdateRoutingProfileDefaultOutboundQueue(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.RoutingProfileId), str(in.DefaultOutboundQueueId))
}
