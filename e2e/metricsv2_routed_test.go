package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// threshold is a metric with a Threshold.
func threshold(name, comparison string, seconds float64) types.MetricV2 {
	return types.MetricV2{Name: aws.String(name), Threshold: []types.ThresholdV2{{Comparison: aws.String(comparison),
		ThresholdValue: aws.Float64(seconds)}}}
}

// TestGetMetricDataV2Routed: what GetMetricDataV2 reads of the offer to an
// agent (AVG_AGENT_CONNECTING_TIME, ROUTING_PROFILE) and of the time in
// queue under a threshold, on v2Setup's day. Offers and answers, by hand:
//
//	t1 queued 22:00, offered 22:10, accepted 22:10: connecting 0, queued 600 s
//	t2 queued 22:01, offered 22:40, accepted 23:00: connecting 1200 s, queued 3540 s
//	t3 queued 23:00, stopped 23:30: abandoned after 1800 s, never offered
//	t4 queued 01:00, offered and accepted 01:00: connecting 0, queued 0
//	t5 (TRANSFER) queued and offered 01:30: active at 06:00
func TestGetMetricDataV2Routed(t *testing.T) {
	t.Parallel()
	e := v2Setup(t)
	start, end := e.day.Add(-2*time.Hour), e.day.Add(6*time.Hour)
	rp := map[string]string{"ROUTING_PROFILE": e.rp}

	t.Run("connecting time", func(t *testing.T) {
		rows, _ := e.get(t, connect.GetMetricDataV2Input{StartTime: &start, EndTime: &end, Groupings: []string{"AGENT"},
			Metrics: []types.MetricV2{{Name: aws.String("AVG_AGENT_CONNECTING_TIME")},
				{Name: aws.String("AVG_AGENT_CONNECTING_TIME"), MetricFilters: []types.MetricFilterV2{
					{MetricFilterKey: aws.String("INITIATION_METHOD"), MetricFilterValues: []string{"API"}}}},
				{Name: aws.String("AVG_AGENT_CONNECTING_TIME"), MetricFilters: []types.MetricFilterV2{
					{MetricFilterKey: aws.String("INITIATION_METHOD"), MetricFilterValues: []string{"CALLBACK"}}}}}})
		want := []v2Row{{Dims: map[string]string{"AGENT": e.ann}, Start: "2027-01-04T22:00:00Z", End: "2027-01-05T06:00:00Z",
			Values: map[string]*float64{"AVG_AGENT_CONNECTING_TIME": f(400), "AVG_AGENT_CONNECTING_TIME/b": f(400),
				"AVG_AGENT_CONNECTING_TIME/c": nil}}}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("queue time thresholds", func(t *testing.T) {
		out, err := e.c.GetMetricDataV2(ctx(t), &connect.GetMetricDataV2Input{ResourceArn: &e.instARN, StartTime: &start, EndTime: &end,
			Filters: []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{e.queue}}},
			Metrics: []types.MetricV2{
				threshold("SUM_CONTACTS_ANSWERED_IN_X", "LT", 600), threshold("SUM_CONTACTS_ANSWERED_IN_X", "LTE", 600),
				threshold("SUM_CONTACTS_ABANDONED_IN_X", "LT", 1800), threshold("SUM_CONTACTS_ABANDONED_IN_X", "LTE", 1800),
				threshold("CONTACTS_REMOVED_FROM_QUEUE_IN_X", "LT", 3600), threshold("SERVICE_LEVEL", "LT", 60),
				threshold("SERVICE_LEVEL", "LTE", 600), threshold("SERVICE_LEVEL", "LT", 3600)}})
		if err != nil {
			t.Fatal(err)
		}
		var got []float64
		for i, c := range out.MetricResults[0].Collections {
			if th := c.Metric.Threshold; len(th) != 1 || aws.ToFloat64(th[0].ThresholdValue) == 0 {
				t.Errorf("collection %d: threshold %+v not echoed", i, th)
			}
			got = append(got, aws.ToFloat64(c.Value))
		}
		// Answered under 600 s: t4 (t1 took 600); at most 600: t1, t4.
		// Abandoned under 1800: none (t3 took 1800); at most: t3. Removed
		// from queue under an hour: all four queued. Service level: of 4
		// queued, 1 under a minute, 2 within 600 s, 4 under an hour.
		if diff := cmp.Diff([]float64{1, 2, 0, 1, 4, 25, 50, 100}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("service level by routing profile", func(t *testing.T) {
		// t3 was never offered, so it has no routing profile: of t1, t2
		// and t4, two left the queue within 600 s.
		rows, _ := e.get(t, connect.GetMetricDataV2Input{StartTime: &start, EndTime: &end, Groupings: []string{"ROUTING_PROFILE"},
			Filters: []types.FilterV2{{FilterKey: aws.String("ROUTING_PROFILE"), FilterValues: []string{e.rp}}},
			Metrics: []types.MetricV2{threshold("SERVICE_LEVEL", "LTE", 600), {Name: aws.String("CONTACTS_QUEUED")}}})
		want := []v2Row{{Dims: rp, Start: "2027-01-04T22:00:00Z", End: "2027-01-05T06:00:00Z",
			Values: map[string]*float64{"SERVICE_LEVEL": f(200.0 / 3), "CONTACTS_QUEUED": f(3)}}}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	// The routing profile is the agent's at the offer: ann moves to another
	// profile while t5 is offered to her; t5 keeps the first, t6 (offered
	// after the move) gets the second.
	rp2, err := e.c.CreateRoutingProfile(ctx(t), &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String("Night"),
		Description: aws.String("night shift"), DefaultOutboundQueueId: &e.queue,
		MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelTask, 1)},
		QueueConfigs: []types.RoutingProfileQueueConfig{{Priority: aws.Int32(1), Delay: aws.Int32(0),
			QueueReference: &types.RoutingProfileQueueReference{QueueId: &e.queue, Channel: types.ChannelTask}}}})
	if err != nil {
		t.Fatal(err)
	}
	night := aws.ToString(rp2.RoutingProfileId)
	if _, err := e.c.UpdateUserRoutingProfile(ctx(t), &connect.UpdateUserRoutingProfileInput{InstanceId: &e.inst, UserId: &e.ann,
		RoutingProfileId: &night}); err != nil {
		t.Fatal(err)
	}
	at := func(d time.Duration) {
		now, _ := e.s.clock(t)
		e.s.advance(t, e.day.Add(d).Sub(now))
	}
	e.s.agentDo(t, e.ann, e.t5, "accept") // 06:00, offered at 01:30
	at(6*time.Hour + 10*time.Minute)
	e.s.agentDo(t, e.ann, e.t5, "complete")
	t6 := startTask(t, e.c, e.s, "t6") // offered to ann at once
	at(6*time.Hour + 15*time.Minute)
	e.s.agentDo(t, e.ann, t6, "accept")
	at(6*time.Hour + 20*time.Minute)
	e.s.agentDo(t, e.ann, t6, "complete")
	at(6*time.Hour + 30*time.Minute)
	later := e.day.Add(6*time.Hour + 30*time.Minute)

	t.Run("routing profile of the time", func(t *testing.T) {
		rows, _ := e.get(t, connect.GetMetricDataV2Input{StartTime: &start, EndTime: &later, Groupings: []string{"ROUTING_PROFILE"},
			Metrics: v2Metrics("CONTACTS_CREATED", "CONTACTS_HANDLED", "AVG_AGENT_CONNECTING_TIME")})
		// e.rp: t1, t2, t4 and t5 (TRANSFER: no connecting time, which is
		// defined for INBOUND, OUTBOUND, CALLBACK and API contacts); night:
		// t6, offered 06:10, accepted 06:15.
		want := []v2Row{
			{Dims: rp, Start: "2027-01-04T22:00:00Z", End: "2027-01-05T06:30:00Z",
				Values: map[string]*float64{"CONTACTS_CREATED": f(4), "CONTACTS_HANDLED": f(4), "AVG_AGENT_CONNECTING_TIME": f(400)}},
			{Dims: map[string]string{"ROUTING_PROFILE": night}, Start: "2027-01-04T22:00:00Z", End: "2027-01-05T06:30:00Z",
				Values: map[string]*float64{"CONTACTS_CREATED": f(1), "CONTACTS_HANDLED": f(1), "AVG_AGENT_CONNECTING_TIME": f(300)}},
		}
		if e.rp > night {
			want[0], want[1] = want[1], want[0]
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		// A ROUTING_PROFILE filter (an ARN here) is a resource filter of its own.
		nightARN := e.instARN + "/routing-profile/" + night
		rows, _ = e.get(t, connect.GetMetricDataV2Input{StartTime: &start, EndTime: &later,
			Filters: []types.FilterV2{{FilterKey: aws.String("ROUTING_PROFILE"), FilterValues: []string{nightARN}}},
			Metrics: v2Metrics("CONTACTS_HANDLED", "AVG_HANDLE_TIME")})
		want = []v2Row{{Start: "2027-01-04T22:00:00Z", End: "2027-01-05T06:30:00Z",
			Values: map[string]*float64{"CONTACTS_HANDLED": f(1), "AVG_HANDLE_TIME": f(300)}}}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("filter (-want +got):\n%s", diff)
		}
	})
}

func TestGetMetricDataV2RoutedErrors(t *testing.T) {
	t.Parallel()
	e := v2Setup(t)
	now := e.day.Add(6 * time.Hour)
	call := func(metrics []types.MetricV2, groupings ...string) func(t *testing.T) error {
		return func(t *testing.T) error {
			_, err := e.c.GetMetricDataV2(ctx(t), &connect.GetMetricDataV2Input{ResourceArn: &e.instARN,
				StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
				Filters:   []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{e.queue}}},
				Groupings: groupings, Metrics: metrics})
			return err
		}
	}
	method := func(negate bool, values ...string) []types.MetricV2 {
		return []types.MetricV2{{Name: aws.String("AVG_AGENT_CONNECTING_TIME"), MetricFilters: []types.MetricFilterV2{
			{MetricFilterKey: aws.String("INITIATION_METHOD"), MetricFilterValues: values, Negate: negate}}}}
	}
	var levels []types.MetricV2
	for i := range 21 {
		levels = append(levels, threshold("SERVICE_LEVEL", "LT", float64(60+i)))
	}
	const bad, unsupported = "InvalidParameterException", "InvalidRequestException"
	runErrCases(t, []agErrCase{
		{"service level without threshold", call(v2Metrics("SERVICE_LEVEL")), bad, 400},
		{"answered in X without threshold", call(v2Metrics("SUM_CONTACTS_ANSWERED_IN_X")), bad, 400},
		{"comparison GT", call([]types.MetricV2{threshold("SERVICE_LEVEL", "GT", 60)}), bad, 400},
		{"no comparison", call([]types.MetricV2{{Name: aws.String("SERVICE_LEVEL"),
			Threshold: []types.ThresholdV2{{ThresholdValue: aws.Float64(60)}}}}), bad, 400},
		{"no threshold value", call([]types.MetricV2{{Name: aws.String("SERVICE_LEVEL"),
			Threshold: []types.ThresholdV2{{Comparison: aws.String("LT")}}}}), bad, 400},
		{"threshold 0", call([]types.MetricV2{threshold("SERVICE_LEVEL", "LT", 0)}), bad, 400},
		{"threshold over a week", call([]types.MetricV2{threshold("SUM_CONTACTS_ABANDONED_IN_X", "LTE", 604801)}), bad, 400},
		{"threshold not whole", call([]types.MetricV2{threshold("SERVICE_LEVEL", "LT", 1.5)}), bad, 400},
		{"21 service levels", call(levels), bad, 400},
		{"service level by agent", call([]types.MetricV2{threshold("SERVICE_LEVEL", "LT", 60)}, "AGENT"), bad, 400},
		{"threshold on connecting time", call([]types.MetricV2{threshold("AVG_AGENT_CONNECTING_TIME", "LT", 60)}), bad, 400},
		{"connecting time of transfers", call(method(false, "TRANSFER")), bad, 400},
		{"connecting time negated", call(method(true, "API")), bad, 400},
		{"hierarchy grouping", call(v2Metrics("CONTACTS_HANDLED"), "AGENT_HIERARCHY_LEVEL_ONE"), unsupported, 400},
		{"resolved in X", call([]types.MetricV2{threshold("CONTACTS_RESOLVED_IN_X", "LT", 60)}), unsupported, 400},
	})
}
