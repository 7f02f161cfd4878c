package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func (s *Server) getCurrentMetricData(ctx context.Context, in *GetCurrentMetricDataRequest) (any, error) {
	q := connect.CurrentMetricsInput{Groupings: in.Groupings, NextToken: str(in.NextToken), MaxResults: intOr0(in.MaxResults)}
	if f := in.Filters; f != nil {
		q.Queues, q.RoutingProfiles, q.Channels = f.Queues, f.RoutingProfiles, f.Channels
		q.RoutingStepExpressions, q.AgentStatuses, q.Subtypes, q.ValidationTestTypes = f.RoutingStepExpressions,
			f.AgentStatuses, f.Subtypes, f.ValidationTestTypes
	}
	for _, m := range in.CurrentMetrics {
		q.Metrics = append(q.Metrics, connect.CurrentMetric{Name: str(m.Name), MetricID: str(m.MetricId), Unit: str(m.Unit)})
	}
	if len(in.SortCriteria) > 0 {
		q.HasSort, q.SortBy, q.SortOrder = true, str(in.SortCriteria[0].SortByMetric), str(in.SortCriteria[0].SortOrder)
	}
	res, err := s.svc.GetCurrentMetricData(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), q)
	if err != nil {
		return nil, err
	}
	total := int64(res.Total)
	out := &GetCurrentMetricDataResponse{MetricResults: []CurrentMetricResult{}, NextToken: ptr(res.NextToken),
		ApproximateTotalCount: &total, DataSnapshotTime: ts(res.SnapshotTime)}
	for _, row := range res.Rows {
		r := CurrentMetricResult{Dimensions: &Dimensions{}, Collections: []CurrentMetricData{}}
		if row.Queue != nil {
			r.Dimensions.Queue = &QueueReference{Id: &row.Queue.ID, Arn: &row.Queue.ARN}
		}
		if row.Channel != "" {
			r.Dimensions.Channel = ptr(row.Channel)
		}
		if rp := row.RoutingProfile; rp != nil {
			r.Dimensions.RoutingProfile = &RoutingProfileReference{Id: &rp.ID, Arn: &rp.ARN}
		}
		if st := row.AgentStatus; st != nil {
			r.Dimensions.AgentStatus = &AgentStatusIdentifier{Id: &st.ID, Arn: &st.ARN}
		}
		for i, m := range res.Metrics {
			r.Collections = append(r.Collections, CurrentMetricData{
				Metric: &CurrentMetric{Name: ptr(m.Name), Unit: ptr(m.Unit)}, Value: &row.Values[i]})
		}
		out.MetricResults = append(out.MetricResults, r)
	}
	return out, nil
}
