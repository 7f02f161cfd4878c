package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func hoursConfigIn(cs []HoursOfOperationConfig) []connect.HoursConfig {
	if cs == nil {
		return nil
	}
	out := []connect.HoursConfig{}
	for _, c := range cs {
		h := connect.HoursConfig{Day: str(c.Day)}
		if c.StartTime != nil {
			h.StartHours, h.StartMinute = int32(intOr0(c.StartTime.Hours)), int32(intOr0(c.StartTime.Minutes))
		}
		if c.EndTime != nil {
			h.EndHours, h.EndMinute = int32(intOr0(c.EndTime.Hours)), int32(intOr0(c.EndTime.Minutes))
		}
		out = append(out, h)
	}
	return out
}

func hoursInput(in *CreateHoursOfOperationRequest) (connect.CreateHoursOfOperationInput, error) {
	return connect.CreateHoursOfOperationInput{
		InstanceID: str(in.InstanceId), Name: str(in.Name), Description: str(in.Description), TimeZone: str(in.TimeZone),
		Config: hoursConfigIn(in.Config), ParentHours: len(in.ParentHoursOfOperationConfigs), Tags: in.Tags,
	}, nil
}

func (s *Server) createHoursOfOperation(ctx context.Context, in *CreateHoursOfOperationRequest) (any, error) {
	ci, err := hoursInput(in)
	if err != nil {
		return nil, err
	}
	h, err := s.svc.CreateHoursOfOperation(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateHoursOfOperationResponse{HoursOfOperationId: &h.ID, HoursOfOperationArn: &h.ARN}, nil
}

func (s *Server) updateHoursOfOperation(ctx context.Context, in *UpdateHoursOfOperationRequest) (any, error) {
	return nil, s.svc.UpdateHoursOfOperation(ctx, partition(PrincipalFrom(ctx)), connect.UpdateHoursOfOperationInput{
		InstanceID: str(in.InstanceId), ID: str(in.HoursOfOperationId), Name: in.Name, Description: in.Description,
		TimeZone: in.TimeZone, Config: hoursConfigIn(in.Config),
	})
}

func (s *Server) deleteHoursOfOperation(ctx context.Context, in *DeleteHoursOfOperationRequest) (any, error) {
	return nil, s.svc.DeleteHoursOfOperation(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.HoursOfOperationId))
}

func (s *Server) describeHoursOfOperation(ctx context.Context, in *DescribeHoursOfOperationRequest) (any, error) {
	p := PrincipalFrom(ctx)
	h, err := s.svc.DescribeHoursOfOperation(ctx, partition(p), str(in.InstanceId), str(in.HoursOfOperationId))
	if err != nil {
		return nil, err
	}
	out := &HoursOfOperation{
		HoursOfOperationId: &h.ID, HoursOfOperationArn: &h.ARN, Name: &h.Name, Description: ptr(h.Description),
		TimeZone: &h.TimeZone, Config: []HoursOfOperationConfig{}, Tags: emptyToNil(h.Tags),
		LastModifiedTime: ts(h.LastModified), LastModifiedRegion: &p.Region,
	}
	for _, c := range h.Config {
		out.Config = append(out.Config, HoursOfOperationConfig{
			Day:       &c.Day,
			StartTime: &HoursOfOperationTimeSlice{Hours: &c.StartHours, Minutes: &c.StartMinute},
			EndTime:   &HoursOfOperationTimeSlice{Hours: &c.EndHours, Minutes: &c.EndMinute},
		})
	}
	return &DescribeHoursOfOperationResponse{HoursOfOperation: out}, nil
}

func (s *Server) listHoursOfOperations(ctx context.Context, in *ListHoursOfOperationsRequest) (any, error) {
	p := PrincipalFrom(ctx)
	items, next, err := s.svc.ListHoursOfOperations(ctx, partition(p), str(in.InstanceId), str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListHoursOfOperationsResponse{HoursOfOperationSummaryList: []HoursOfOperationSummary{}, NextToken: ptr(next)}
	for _, h := range items {
		out.HoursOfOperationSummaryList = append(out.HoursOfOperationSummaryList, HoursOfOperationSummary{
			Id: &h.ID, Arn: &h.ARN, Name: &h.Name, LastModifiedTime: ts(h.LastModified), LastModifiedRegion: &p.Region,
		})
	}
	return out, nil
}
