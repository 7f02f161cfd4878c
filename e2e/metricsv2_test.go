package e2e

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// v2Env is a manual-clock connectd where tasks went through BasicQueue and
// the agent ann around midnight UTC (see v2Setup).
type v2Env struct {
	*lifeEnv
	ann                string
	t1, t2, t3, t4, t5 string
	day                time.Time // 2027-01-05T00:00:00Z
}

// v2Setup, on the manual clock (UTC):
//
//	Jan 4 22:00 t1 created, queued       22:01 t2 created, queued
//	      22:10 ann Available: t1 offered; she accepts it
//	      22:40 ann completes t1: t2 offered
//	      23:00 t3 created, queued; ann accepts t2
//	      23:30 t3 stopped (abandoned in queue)
//	Jan 5 01:00 ann completes t2; t4 created, offered, accepted
//	      01:30 t4 transferred to BasicQueue: ended OTHER; t5 created,
//	            queued and offered to ann
//	      06:00 now
func v2Setup(t *testing.T, flags ...string) *v2Env {
	t.Helper()
	day := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	e := &v2Env{lifeEnv: lifeSetup(t, false, append([]string{"--clock", "manual", "--clock-start",
		day.Add(-2 * time.Hour).Format(time.RFC3339)}, flags...)...), day: day}
	toQueue := (&opsEnv{agEnv: &e.agEnv}).createFlow(t, "to queue", types.ContactFlowTypeQueueTransfer, e2eQueueTransferFlow)
	at := func(d time.Duration) { // moves the clock to day+d
		now, _ := e.s.clock(t)
		e.s.advance(t, day.Add(d).Sub(now))
	}
	e.t1 = startTask(t, e.c, e.s, "t1")
	at(-119 * time.Minute)
	e.t2 = startTask(t, e.c, e.s, "t2")
	at(-110 * time.Minute)
	e.ann = e.user(t, "ann")
	e.setStatus(t, e.ann, e.available)
	e.s.agentDo(t, e.ann, e.t1, "accept")
	at(-80 * time.Minute)
	e.s.agentDo(t, e.ann, e.t1, "complete")
	at(-60 * time.Minute)
	e.t3 = startTask(t, e.c, e.s, "t3")
	e.s.agentDo(t, e.ann, e.t2, "accept")
	at(-30 * time.Minute)
	stopContact(t, e.c, e.s, e.t3)
	at(time.Hour)
	e.s.agentDo(t, e.ann, e.t2, "complete")
	e.t4 = startTask(t, e.c, e.s, "t4")
	e.s.agentDo(t, e.ann, e.t4, "accept")
	at(90 * time.Minute)
	out, err := e.c.TransferContact(ctx(t), &connect.TransferContactInput{InstanceId: &e.inst, ContactId: &e.t4,
		QueueId: &e.queue, ContactFlowId: &toQueue})
	if err != nil {
		t.Fatal(err)
	}
	e.t5 = aws.ToString(out.ContactId)
	at(6 * time.Hour)
	return e
}

var v2All = []string{"CONTACTS_CREATED", "CONTACTS_HANDLED", "CONTACTS_QUEUED", "CONTACTS_ABANDONED", "CONTACTS_TRANSFERRED_OUT",
	"AVG_HANDLE_TIME", "AVG_QUEUE_ANSWER_TIME", "MAX_QUEUED_TIME", "SUM_CONTACTS_DISCONNECTED"}

func v2Metrics(names ...string) []types.MetricV2 {
	var out []types.MetricV2
	for _, n := range names {
		out = append(out, types.MetricV2{Name: aws.String(n)})
	}
	return out
}

// v2Row is a MetricResult as compared: dimensions, interval (UTC RFC 3339)
// and values by metric name (nil: null).
type v2Row struct {
	Dims       map[string]string
	Start, End string
	Values     map[string]*float64
}

func (e *v2Env) get(t *testing.T, in connect.GetMetricDataV2Input) ([]v2Row, *string) {
	t.Helper()
	in.ResourceArn = &e.instARN
	if in.Filters == nil {
		in.Filters = []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{e.queue}}}
	}
	out, err := e.c.GetMetricDataV2(ctx(t), &in)
	if err != nil {
		t.Fatal(err)
	}
	var rows []v2Row
	for _, r := range out.MetricResults {
		row := v2Row{Dims: r.Dimensions, Start: aws.ToTime(r.MetricInterval.StartTime).UTC().Format(time.RFC3339),
			End: aws.ToTime(r.MetricInterval.EndTime).UTC().Format(time.RFC3339), Values: map[string]*float64{}}
		if len(row.Dims) == 0 {
			row.Dims = nil
		}
		for i, c := range r.Collections {
			name := aws.ToString(c.Metric.Name)
			if len(c.Metric.MetricFilters) > 0 {
				name += "/" + string(rune('a'+i))
			}
			row.Values[name] = c.Value
		}
		rows = append(rows, row)
	}
	return rows, out.NextToken
}

func f(v float64) *float64 { return &v }

func TestGetMetricDataV2(t *testing.T) {
	t.Parallel()
	e := v2Setup(t)
	start, end := e.day.Add(-2*time.Hour), e.day.Add(6*time.Hour)
	q := map[string]string{"QUEUE": e.queue}

	t.Run("total by queue", func(t *testing.T) {
		rows, next := e.get(t, connect.GetMetricDataV2Input{StartTime: &start, EndTime: &end, Groupings: []string{"QUEUE"},
			Metrics: v2Metrics(v2All...)})
		// Handle times 30m, 2h, 30m; answer times 10m, 59m, 0; t2 queued 59m.
		want := []v2Row{{Dims: q, Start: "2027-01-04T22:00:00Z", End: "2027-01-05T06:00:00Z", Values: map[string]*float64{
			"CONTACTS_CREATED": f(5), "CONTACTS_HANDLED": f(3), "CONTACTS_QUEUED": f(4), "CONTACTS_ABANDONED": f(1),
			"CONTACTS_TRANSFERRED_OUT": f(1), "AVG_HANDLE_TIME": f(3600), "AVG_QUEUE_ANSWER_TIME": f(1380),
			"MAX_QUEUED_TIME": f(3540), "SUM_CONTACTS_DISCONNECTED": f(4)}}}
		if diff := cmp.Diff(want, rows); diff != "" || next != nil {
			t.Errorf("(-want +got):\n%s\nnext %v", diff, next)
		}
	})
	t.Run("agrees with DescribeContact", func(t *testing.T) {
		var handle, answer float64
		for _, id := range []string{e.t1, e.t2, e.t4} {
			c := describe(t, e.c, e.s, id)
			conn := aws.ToTime(c.AgentInfo.ConnectedToAgentTimestamp)
			handle += aws.ToTime(c.DisconnectTimestamp).Sub(conn).Seconds()
			answer += conn.Sub(aws.ToTime(c.QueueInfo.EnqueueTimestamp)).Seconds()
		}
		rows, _ := e.get(t, connect.GetMetricDataV2Input{StartTime: &start, EndTime: &end,
			Metrics: v2Metrics("AVG_HANDLE_TIME", "AVG_QUEUE_ANSWER_TIME")})
		if got := rows[0].Values; *got["AVG_HANDLE_TIME"] != handle/3 || *got["AVG_QUEUE_ANSWER_TIME"] != answer/3 {
			t.Errorf("averages %v %v, DescribeContact's %v %v", *got["AVG_HANDLE_TIME"], *got["AVG_QUEUE_ANSWER_TIME"], handle/3, answer/3)
		}
	})
	t.Run("metric filters", func(t *testing.T) {
		rows, _ := e.get(t, connect.GetMetricDataV2Input{StartTime: &start, EndTime: &end, Metrics: []types.MetricV2{
			{Name: aws.String("SUM_CONTACTS_DISCONNECTED"), MetricFilters: []types.MetricFilterV2{{MetricFilterKey: aws.String("DISCONNECT_REASON"), MetricFilterValues: []string{"AGENT_DISCONNECT"}}}},
			{Name: aws.String("CONTACTS_CREATED"), MetricFilters: []types.MetricFilterV2{{MetricFilterKey: aws.String("INITIATION_METHOD"), MetricFilterValues: []string{"TRANSFER"}}}},
			{Name: aws.String("CONTACTS_CREATED"), MetricFilters: []types.MetricFilterV2{{MetricFilterKey: aws.String("INITIATION_METHOD"), MetricFilterValues: []string{"TRANSFER"}, Negate: true}}},
			{Name: aws.String("CONTACTS_HANDLED"), MetricFilters: []types.MetricFilterV2{{MetricFilterKey: aws.String("DISCONNECT_REASON"), MetricFilterValues: []string{"OTHER"}}}},
		}})
		want := map[string]*float64{"SUM_CONTACTS_DISCONNECTED/a": f(2), "CONTACTS_CREATED/b": f(1), "CONTACTS_CREATED/c": f(4), "CONTACTS_HANDLED/d": f(1)}
		if diff := cmp.Diff(want, rows[0].Values); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("days in UTC", func(t *testing.T) {
		from := e.day.Add(-24 * time.Hour)
		rows, _ := e.get(t, connect.GetMetricDataV2Input{StartTime: &from, EndTime: &end, Groupings: []string{"QUEUE"},
			Interval: &types.IntervalDetails{IntervalPeriod: types.IntervalPeriodDay, TimeZone: aws.String("UTC")},
			Metrics:  v2Metrics("CONTACTS_CREATED", "SUM_CONTACTS_DISCONNECTED", "CONTACTS_HANDLED", "AVG_HANDLE_TIME")})
		want := []v2Row{
			{Dims: q, Start: "2027-01-04T00:00:00Z", End: "2027-01-05T00:00:00Z", Values: map[string]*float64{
				"CONTACTS_CREATED": f(3), "SUM_CONTACTS_DISCONNECTED": f(2), "CONTACTS_HANDLED": f(1), "AVG_HANDLE_TIME": f(1800)}},
			{Dims: q, Start: "2027-01-05T00:00:00Z", End: "2027-01-05T06:00:00Z", Values: map[string]*float64{
				"CONTACTS_CREATED": f(2), "SUM_CONTACTS_DISCONNECTED": f(2), "CONTACTS_HANDLED": f(2), "AVG_HANDLE_TIME": f(4500)}},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("days in New York", func(t *testing.T) {
		from := e.day.Add(-19 * time.Hour) // Jan 4, 00:00 in New York (UTC-5)
		rows, _ := e.get(t, connect.GetMetricDataV2Input{StartTime: &from, EndTime: &end, Groupings: []string{"QUEUE"},
			Interval: &types.IntervalDetails{IntervalPeriod: types.IntervalPeriodDay, TimeZone: aws.String("America/New_York")},
			Metrics:  v2Metrics("CONTACTS_CREATED", "SUM_CONTACTS_DISCONNECTED", "AVG_HANDLE_TIME")})
		// Everything happened on Jan 4 in New York (17:00 to 20:30).
		want := []v2Row{
			{Dims: q, Start: "2027-01-04T05:00:00Z", End: "2027-01-05T05:00:00Z", Values: map[string]*float64{
				"CONTACTS_CREATED": f(5), "SUM_CONTACTS_DISCONNECTED": f(4), "AVG_HANDLE_TIME": f(3600)}},
			{Dims: q, Start: "2027-01-05T05:00:00Z", End: "2027-01-05T06:00:00Z", Values: map[string]*float64{
				"CONTACTS_CREATED": f(0), "SUM_CONTACTS_DISCONNECTED": f(0), "AVG_HANDLE_TIME": nil}},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("hours, paginated", func(t *testing.T) {
		to := e.day.Add(2 * time.Hour)
		in := connect.GetMetricDataV2Input{StartTime: &start, EndTime: &to, MaxResults: aws.Int32(3),
			Interval: &types.IntervalDetails{IntervalPeriod: types.IntervalPeriodHour},
			Metrics:  v2Metrics("CONTACTS_CREATED", "SUM_CONTACTS_DISCONNECTED")}
		var rows []v2Row
		for pages := 1; ; pages++ {
			page, next := e.get(t, in)
			rows = append(rows, page...)
			if next == nil {
				if pages != 2 {
					t.Errorf("%d pages, want 2", pages)
				}
				break
			}
			in.NextToken = next
		}
		row := func(s, e string, created, disc float64) v2Row {
			return v2Row{Start: s, End: e, Values: map[string]*float64{"CONTACTS_CREATED": f(created), "SUM_CONTACTS_DISCONNECTED": f(disc)}}
		}
		want := []v2Row{row("2027-01-04T22:00:00Z", "2027-01-04T23:00:00Z", 2, 1), row("2027-01-04T23:00:00Z", "2027-01-05T00:00:00Z", 1, 1),
			row("2027-01-05T00:00:00Z", "2027-01-05T01:00:00Z", 0, 0), row("2027-01-05T01:00:00Z", "2027-01-05T02:00:00Z", 2, 2)}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("by agent and channel", func(t *testing.T) {
		rows, _ := e.get(t, connect.GetMetricDataV2Input{StartTime: &start, EndTime: &end, Groupings: []string{"AGENT", "CHANNEL"},
			Filters: []types.FilterV2{{FilterKey: aws.String("AGENT"), FilterValues: []string{e.ann}},
				{FilterKey: aws.String("CHANNEL"), FilterValues: []string{"TASK"}}},
			Metrics: v2Metrics("CONTACTS_HANDLED", "AVG_HANDLE_TIME")})
		want := []v2Row{{Dims: map[string]string{"AGENT": e.ann, "CHANNEL": "TASK"}, Start: "2027-01-04T22:00:00Z", End: "2027-01-05T06:00:00Z",
			Values: map[string]*float64{"CONTACTS_HANDLED": f(3), "AVG_HANDLE_TIME": f(3600)}}}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

func TestGetMetricDataV2Errors(t *testing.T) {
	t.Parallel()
	e := v2Setup(t)
	now := e.day.Add(6 * time.Hour)
	start := now.Add(-time.Hour)
	call := func(mod func(in *connect.GetMetricDataV2Input)) func(t *testing.T) error {
		return func(t *testing.T) error {
			in := &connect.GetMetricDataV2Input{ResourceArn: &e.instARN, StartTime: aws.Time(start), EndTime: aws.Time(now),
				Filters: []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{e.queue}}},
				Metrics: v2Metrics("CONTACTS_HANDLED")}
			mod(in)
			_, err := e.c.GetMetricDataV2(ctx(t), in)
			return err
		}
	}
	period := func(p types.IntervalPeriod, d time.Duration) func(in *connect.GetMetricDataV2Input) {
		return func(in *connect.GetMetricDataV2Input) {
			in.StartTime = aws.Time(now.Add(-d))
			in.Interval = &types.IntervalDetails{IntervalPeriod: p}
		}
	}
	runErrCases(t, []agErrCase{
		{"unknown instance", call(func(in *connect.GetMetricDataV2Input) { in.ResourceArn = aws.String(e.instARN + "x") }), "ResourceNotFoundException", 404},
		{"end after now", call(func(in *connect.GetMetricDataV2Input) { in.EndTime = aws.Time(now.Add(time.Minute)) }), "InvalidParameterException", 400},
		{"start not before end", call(func(in *connect.GetMetricDataV2Input) { in.StartTime = in.EndTime }), "InvalidParameterException", 400},
		{"older than 3 months", call(period(types.IntervalPeriodTotal, 100*24*time.Hour)), "InvalidParameterException", 400},
		{"hours over 3 days", call(period(types.IntervalPeriodHour, 72*time.Hour)), "InvalidParameterException", 400},
		{"fifteen minutes over 3 days", call(period(types.IntervalPeriodFifteenMin, 72*time.Hour)), "InvalidParameterException", 400},
		{"days over 35 days", call(period(types.IntervalPeriodDay, 35*24*time.Hour)), "InvalidParameterException", 400},
		{"total over 35 days", call(period(types.IntervalPeriodTotal, 35*24*time.Hour)), "InvalidParameterException", 400},
		{"unknown time zone", call(func(in *connect.GetMetricDataV2Input) {
			in.Interval = &types.IntervalDetails{TimeZone: aws.String("Mars/Olympus")}
		}), "InvalidParameterException", 400},
		{"channel filter only", call(func(in *connect.GetMetricDataV2Input) {
			in.Filters = []types.FilterV2{{FilterKey: aws.String("CHANNEL"), FilterValues: []string{"TASK"}}}
		}), "InvalidParameterException", 400},
		{"bad channel", call(func(in *connect.GetMetricDataV2Input) {
			in.Filters = append(in.Filters, types.FilterV2{FilterKey: aws.String("CHANNEL"), FilterValues: []string{"FAX"}})
		}), "InvalidParameterException", 400},
		{"hierarchy filter", call(func(in *connect.GetMetricDataV2Input) {
			in.Filters = []types.FilterV2{{FilterKey: aws.String("AGENT_HIERARCHY_LEVEL_ONE"), FilterValues: []string{"g"}}}
		}), "InvalidRequestException", 400},
		{"routing profile filter twice", call(func(in *connect.GetMetricDataV2Input) {
			in.Filters = []types.FilterV2{{FilterKey: aws.String("ROUTING_PROFILE"), FilterValues: []string{e.rp}},
				{FilterKey: aws.String("ROUTING_PROFILE"), FilterValues: []string{e.rp}}}
		}), "InvalidParameterException", 400},
		{"grouping twice", call(func(in *connect.GetMetricDataV2Input) { in.Groupings = []string{"QUEUE", "QUEUE"} }), "InvalidParameterException", 400},
		{"metric not computed", call(func(in *connect.GetMetricDataV2Input) { in.Metrics = v2Metrics("ABANDONMENT_RATE") }), "InvalidRequestException", 400},
		{"no metrics", call(func(in *connect.GetMetricDataV2Input) { in.Metrics = []types.MetricV2{} }), "InvalidParameterException", 400},
		{"threshold", call(func(in *connect.GetMetricDataV2Input) {
			in.Metrics = []types.MetricV2{{Name: aws.String("CONTACTS_HANDLED"), Threshold: []types.ThresholdV2{{Comparison: aws.String("LT"), ThresholdValue: aws.Float64(60)}}}}
		}), "InvalidParameterException", 400},
		{"metric filter key", call(func(in *connect.GetMetricDataV2Input) {
			in.Metrics = []types.MetricV2{{Name: aws.String("CONTACTS_QUEUED"), MetricFilters: []types.MetricFilterV2{{MetricFilterKey: aws.String("DISCONNECT_REASON"), MetricFilterValues: []string{"API"}}}}}
		}), "InvalidParameterException", 400},
		{"created by agent", call(func(in *connect.GetMetricDataV2Input) {
			in.Metrics, in.Groupings = v2Metrics("CONTACTS_CREATED"), []string{"AGENT"}
		}), "InvalidParameterException", 400},
		{"garbled token", call(func(in *connect.GetMetricDataV2Input) { in.NextToken = aws.String("zz") }), "InvalidRequestException", 400},
	})
}

// TestGetMetricDataV2Partitioned: an account reads its own instance's
// contacts only: the other account's instance ARN is not found, and its
// queue's ID selects nothing in one's own instance.
func TestGetMetricDataV2Partitioned(t *testing.T) {
	t.Parallel()
	ts := startIsolation(t)
	a, b := ts[0], ts[2]
	qs, err := a.c.ListQueues(ctx(t), &connect.ListQueuesInput{InstanceId: &a.inst, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	aQueue := aws.ToString(qs.QueueSummaryList[0].Id)
	c := describe(t, a.c, a.s, a.work) // a's instance's contact
	now := aws.ToTime(c.InitiationTimestamp).Add(time.Minute)
	if r := a.s.adminAs(t, a.key, a.secret, a.region, "POST", "clock", map[string]any{"AdvanceSeconds": 60}); r.Status != 200 {
		t.Fatalf("advance: %d %s", r.Status, r.Body)
	}
	in := func(arn string) *connect.GetMetricDataV2Input {
		return &connect.GetMetricDataV2Input{ResourceArn: &arn, StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now.Add(-time.Minute + time.Second)),
			Filters:   []types.FilterV2{{FilterKey: aws.String("QUEUE"), FilterValues: []string{aQueue}}},
			Groupings: []string{"QUEUE"}, Metrics: v2Metrics("CONTACTS_CREATED")}
	}
	out, err := a.c.GetMetricDataV2(ctx(t), in(a.instARN))
	if err != nil || len(out.MetricResults) != 1 || *out.MetricResults[0].Collections[0].Value < 1 {
		t.Fatalf("own instance: %v, %+v; want its tasks created", err, out)
	}
	_, err = b.c.GetMetricDataV2(ctx(t), in(a.instARN))
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	out, err = b.c.GetMetricDataV2(ctx(t), in(b.instARN))
	if err != nil || len(out.MetricResults) != 0 {
		t.Errorf("a's queue in b's instance: %v, %+v; want no rows", err, out)
	}
}

// v2BotoScript reads the New York days, and the queue's real-time metrics,
// through boto3.
const v2BotoScript = `
import datetime, json, sys
import boto3
arn, queue, endpoint = sys.argv[1:4]
c = boto3.client("connect", endpoint_url=endpoint, region_name="us-east-1")
utc = datetime.timezone.utc
out = c.get_metric_data_v2(ResourceArn=arn,
    StartTime=datetime.datetime(2027, 1, 4, 5, 0, tzinfo=utc), EndTime=datetime.datetime(2027, 1, 5, 6, 0, tzinfo=utc),
    Interval={"IntervalPeriod": "DAY", "TimeZone": "America/New_York"},
    Filters=[{"FilterKey": "QUEUE", "FilterValues": [queue]}], Groupings=["QUEUE"],
    Metrics=[{"Name": "CONTACTS_CREATED"}, {"Name": "AVG_QUEUE_ANSWER_TIME"}, {"Name": "MAX_QUEUED_TIME"}])
cur = c.get_current_metric_data(InstanceId=arn.split("/")[-1], Filters={"Queues": [queue], "Channels": ["TASK"]},
    Groupings=["QUEUE"], CurrentMetrics=[{"Name": n, "Unit": "COUNT"} for n in ("AGENTS_ONLINE", "AGENTS_AVAILABLE", "AGENTS_STAFFED", "CONTACTS_IN_QUEUE")])
print(json.dumps({"v2": [{"start": r["MetricInterval"]["StartTime"].timestamp(), "queue": r["Dimensions"]["QUEUE"],
                   "values": {m["Metric"]["Name"]: m.get("Value") for m in r["Collections"]}} for r in out["MetricResults"]],
                  "current": {m["Metric"]["Name"]: m["Value"] for m in cur["MetricResults"][0]["Collections"]},
                  "total": cur["ApproximateTotalCount"]}))
`

func TestGetMetricDataV2Boto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	e := v2Setup(t)
	r := cliRun(t, v2BotoScript, "python3", "-", e.instARN, e.queue, e.s.URL)
	if r.code != 0 {
		t.Fatalf("boto3: exit %d\n%s", r.code, r.stderr)
	}
	var res struct {
		V2 []struct {
			Start  float64
			Queue  string
			Values map[string]*float64
		}
		Current map[string]float64
		Total   int
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	got := res.V2
	// At 06:00 ann (Available) holds t5, offered: online and staffed, not available.
	if diff := cmp.Diff(map[string]float64{"AGENTS_ONLINE": 1, "AGENTS_AVAILABLE": 0, "AGENTS_STAFFED": 1, "CONTACTS_IN_QUEUE": 0},
		res.Current); diff != "" || res.Total != 1 {
		t.Errorf("GetCurrentMetricData through boto3 (-want +got):\n%s\ntotal %d", diff, res.Total)
	}
	day1 := float64(e.day.Add(-19 * time.Hour).Unix())
	if len(got) != 2 || got[0].Start != day1 || got[0].Queue != e.queue ||
		*got[0].Values["CONTACTS_CREATED"] != 5 || *got[0].Values["AVG_QUEUE_ANSWER_TIME"] != 1380 || *got[0].Values["MAX_QUEUED_TIME"] != 3540 ||
		*got[1].Values["CONTACTS_CREATED"] != 0 || got[1].Values["AVG_QUEUE_ANSWER_TIME"] != nil {
		t.Errorf("boto3 got %s", r.stdout)
	}
}
