package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func (s *Server) getMetricDataV2(ctx context.Context, in *GetMetricDataV2Request) (any, error) {
	q := connect.MetricDataV2Input{ResourceARN: str(in.ResourceArn), Start: in.StartTime.Time(), End: in.EndTime.Time(),
		Groupings: in.Groupings, NextToken: str(in.NextToken), MaxResults: intOr0(in.MaxResults)}
	if in.Interval != nil {
		q.Period, q.TimeZone = str(in.Interval.IntervalPeriod), str(in.Interval.TimeZone)
	}
	for _, f := range in.Filters {
		q.Filters = append(q.Filters, connect.MetricFilterV2{Key: str(f.FilterKey), Values: f.FilterValues,
			NotExists: f.StringCondition != nil})
	}
	for _, m := range in.Metrics {
		mv := connect.MetricV2{Name: str(m.Name), MetricID: str(m.MetricId)}
		for _, th := range m.Threshold {
			mv.Thresholds = append(mv.Thresholds, connect.MetricThreshold{Comparison: th.Comparison, Value: th.ThresholdValue})
		}
		for _, f := range m.MetricFilters {
			mv.Filters = append(mv.Filters, connect.MetricFilterV2{Key: str(f.MetricFilterKey), Values: f.MetricFilterValues,
				Negate: f.Negate != nil && *f.Negate})
		}
		q.Metrics = append(q.Metrics, mv)
	}
	res, err := s.svc.GetMetricDataV2(ctx, partition(PrincipalFrom(ctx)), q)
	if err != nil {
		return nil, err
	}
	out := &GetMetricDataV2Response{MetricResults: []MetricResultV2{}, NextToken: ptr(res.NextToken)}
	for _, row := range res.Rows {
		r := MetricResultV2{Dimensions: row.Dimensions, Collections: []MetricDataV2{},
			MetricInterval: &MetricInterval{Interval: ptr(res.Period), StartTime: ts(row.Start), EndTime: ts(row.End)}}
		for i, m := range in.Metrics {
			r.Collections = append(r.Collections, MetricDataV2{Metric: &m, Value: row.Values[i]})
		}
		out.MetricResults = append(out.MetricResults, r)
	}
	return out, nil
}
