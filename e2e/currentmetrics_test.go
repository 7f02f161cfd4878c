package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// cmEnv is a manual-clock connectd with agents and tasks in two queues, in
// the state the GetCurrentMetricData tests compute their expectations from
// (see cmSetup).
type cmEnv struct {
	*lifeEnv
	esc, escRP          string // the Escalations queue and its routing profile
	ann, bob, cara, dan string
	t1, t2, t3, t4      string
	start               time.Time
}

// cmSetup drives tasks through queues and agents on the manual clock:
//
//	09:00:00 ann Available; t1 offered to ann, who accepts it (CONNECTED);
//	         t2 queued in BasicQueue (nobody free)
//	09:00:10 bob Available: t2 offered to him (CONNECTING)
//	09:00:30 t3 queued
//	09:01:00 t4 queued
//	dan is in the custom status Break, eve never logged in (Offline); cara,
//	of the Escalations profile (TASK ×2, Escalations queue only), Available
//	09:01:30 now
func cmSetup(t *testing.T, flags ...string) *cmEnv {
	t.Helper()
	start := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	e := &cmEnv{lifeEnv: lifeSetup(t, false, append([]string{"--clock", "manual", "--clock-start", start.Format(time.RFC3339)}, flags...)...),
		start: start}
	e.esc = e.queueNamed(t, "Escalations")
	rp, err := e.c.CreateRoutingProfile(ctx(t), &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String("Escalation desk"),
		Description: aws.String("escalations"), DefaultOutboundQueueId: &e.esc,
		MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelTask, 2)},
		QueueConfigs:       []types.RoutingProfileQueueConfig{qcfg(e.esc, types.ChannelTask, 1, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	e.escRP = aws.ToString(rp.RoutingProfileId)
	brk, err := e.c.CreateAgentStatus(ctx(t), &connect.CreateAgentStatusInput{InstanceId: &e.inst, Name: aws.String("Break"),
		State: types.AgentStatusStateEnabled})
	if err != nil {
		t.Fatal(err)
	}
	e.ann = e.user(t, "ann")
	e.setStatus(t, e.ann, e.available)
	e.t1 = startTask(t, e.c, e.s, "t1")
	e.s.agentDo(t, e.ann, e.t1, "accept")
	e.t2 = startTask(t, e.c, e.s, "t2")
	e.s.advance(t, 10*time.Second)
	e.bob = e.user(t, "bob")
	e.setStatus(t, e.bob, e.available)
	e.s.advance(t, 20*time.Second)
	e.t3 = startTask(t, e.c, e.s, "t3")
	e.s.advance(t, 30*time.Second)
	e.t4 = startTask(t, e.c, e.s, "t4")
	e.dan = e.user(t, "dan")
	e.setStatus(t, e.dan, aws.ToString(brk.AgentStatusId))
	e.user(t, "eve")
	e.cara = e.user(t, "cara", func(in *connect.CreateUserInput) { in.RoutingProfileId = &e.escRP })
	e.setStatus(t, e.cara, e.available)
	e.s.advance(t, 30*time.Second)
	if got := e.s.agentStates(t, e.bob); !cmp.Equal(got, []string{"t2 CONNECTING"}) {
		t.Fatalf("bob's contacts = %v, want t2 offered", got)
	}
	return e
}

// allCurrentMetrics are the metrics connectd computes, with their units.
var allCurrentMetrics = []types.CurrentMetric{
	{Name: types.CurrentMetricNameAgentsOnline, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameAgentsAvailable, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameAgentsOnContact, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameAgentsOnCall, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameAgentsStaffed, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameAgentsAfterContactWork, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameAgentsNonProductive, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameAgentsError, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameContactsInQueue, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameOldestContactAge, Unit: types.UnitSeconds},
	{Name: types.CurrentMetricNameContactsScheduled, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameSlotsActive, Unit: types.UnitCount},
	{Name: types.CurrentMetricNameSlotsAvailable},
}

// cmRow is a MetricResult as the tests compare it: its dimensions and its
// values by metric name.
type cmRow struct {
	Queue, Channel, RoutingProfile string
	Values                         map[string]float64
}

func cmRows(t *testing.T, out *connect.GetCurrentMetricDataOutput) []cmRow {
	t.Helper()
	var rows []cmRow
	for _, r := range out.MetricResults {
		row := cmRow{Channel: string(r.Dimensions.Channel), Values: map[string]float64{}}
		if r.Dimensions.Queue != nil {
			row.Queue = aws.ToString(r.Dimensions.Queue.Id)
		}
		if r.Dimensions.RoutingProfile != nil {
			row.RoutingProfile = aws.ToString(r.Dimensions.RoutingProfile.Id)
		}
		for _, c := range r.Collections {
			if c.Value == nil {
				t.Errorf("%s has no value", c.Metric.Name)
				continue
			}
			row.Values[string(c.Metric.Name)] = *c.Value
		}
		rows = append(rows, row)
	}
	return rows
}

func (e *cmEnv) current(t *testing.T, in connect.GetCurrentMetricDataInput) *connect.GetCurrentMetricDataOutput {
	t.Helper()
	in.InstanceId = &e.inst
	if in.CurrentMetrics == nil {
		in.CurrentMetrics = allCurrentMetrics
	}
	out, err := e.c.GetCurrentMetricData(ctx(t), &in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// vals builds the expected values: every metric 0 but those given.
func vals(kv map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for _, m := range allCurrentMetrics {
		out[string(m.Name)] = kv[string(m.Name)]
	}
	return out
}

// basicNow and escNow are the hand-computed metrics of BasicQueue and
// Escalations at 09:01:30 (see cmSetup). BasicQueue is served by ann, bob
// and dan (eve is Offline): online 3; ann is on t1 (connected) and bob has
// t2 offered, so no one is available; staffed are the two in Available; dan
// is non-productive. t3 (09:00:30) and t4 wait: the oldest for 60s. Slots:
// t1 is active; ann and bob have voice 1 + chat 2 free (their one task slot
// is taken by t1 and by the offer of t2).
var (
	basicNow = vals(map[string]float64{"AGENTS_ONLINE": 3, "AGENTS_ON_CONTACT": 1, "AGENTS_ON_CALL": 1, "AGENTS_STAFFED": 2,
		"AGENTS_NON_PRODUCTIVE": 1, "CONTACTS_IN_QUEUE": 2, "OLDEST_CONTACT_AGE": 60, "SLOTS_ACTIVE": 1, "SLOTS_AVAILABLE": 6})
	escNow = vals(map[string]float64{"AGENTS_ONLINE": 1, "AGENTS_AVAILABLE": 1, "AGENTS_STAFFED": 1, "SLOTS_AVAILABLE": 2})
)

func TestGetCurrentMetricData(t *testing.T) {
	t.Parallel()
	e := cmSetup(t)
	queues := &types.Filters{Queues: []string{e.qARN, e.esc}} // an ARN and an ID

	t.Run("by queue", func(t *testing.T) {
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: queues, Groupings: []types.Grouping{types.GroupingQueue}})
		want := []cmRow{{Queue: e.queue, Values: basicNow}, {Queue: e.esc, Values: escNow}}
		if diff := cmp.Diff(want, cmRows(t, out)); diff != "" {
			t.Errorf("by queue (-want +got):\n%s", diff)
		}
		if aws.ToInt64(out.ApproximateTotalCount) != 2 || out.NextToken != nil || !aws.ToTime(out.DataSnapshotTime).Equal(e.start.Add(90*time.Second)) {
			t.Errorf("total %d, next %v, snapshot %v; want 2, none, 09:01:30", aws.ToInt64(out.ApproximateTotalCount), out.NextToken, out.DataSnapshotTime)
		}
		r := out.MetricResults[0]
		if aws.ToString(r.Dimensions.Queue.Arn) != e.qARN || r.Collections[9].Metric.Unit != types.UnitSeconds || r.Collections[12].Metric.Unit != types.UnitCount {
			t.Errorf("queue %+v, units %s %s", *r.Dimensions.Queue, r.Collections[9].Metric.Unit, r.Collections[12].Metric.Unit)
		}
	})
	t.Run("instance level: milliseconds", func(t *testing.T) {
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{e.queue}},
			CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameOldestContactAge, Unit: types.UnitSeconds},
				{Name: types.CurrentMetricNameAgentsOnline}}})
		want := []cmRow{{Values: map[string]float64{"OLDEST_CONTACT_AGE": 60000, "AGENTS_ONLINE": 3}}}
		if diff := cmp.Diff(want, cmRows(t, out)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("both queues together", func(t *testing.T) {
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: queues})
		want := vals(map[string]float64{"AGENTS_ONLINE": 4, "AGENTS_AVAILABLE": 1, "AGENTS_ON_CONTACT": 1, "AGENTS_ON_CALL": 1,
			"AGENTS_STAFFED": 3, "AGENTS_NON_PRODUCTIVE": 1, "CONTACTS_IN_QUEUE": 2, "OLDEST_CONTACT_AGE": 60000,
			"SLOTS_ACTIVE": 1, "SLOTS_AVAILABLE": 8})
		if diff := cmp.Diff([]cmRow{{Values: want}}, cmRows(t, out)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("by queue and channel", func(t *testing.T) {
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: queues.Queues,
			Channels: []types.Channel{types.ChannelTask, types.ChannelChat}},
			Groupings:    []types.Grouping{types.GroupingQueue, types.GroupingChannel},
			SortCriteria: []types.CurrentMetricSortCriteria{{SortByMetric: types.CurrentMetricNameContactsInQueue, SortOrder: types.SortOrderDescending}}})
		basicTask := vals(map[string]float64{"AGENTS_ONLINE": 3, "AGENTS_ON_CONTACT": 1, "AGENTS_ON_CALL": 1, "AGENTS_STAFFED": 2,
			"AGENTS_NON_PRODUCTIVE": 1, "CONTACTS_IN_QUEUE": 2, "OLDEST_CONTACT_AGE": 60, "SLOTS_ACTIVE": 1})
		// On CHAT ann and bob hold nothing: available, with 2 slots each.
		basicChat := vals(map[string]float64{"AGENTS_ONLINE": 3, "AGENTS_AVAILABLE": 2, "AGENTS_STAFFED": 2,
			"AGENTS_NON_PRODUCTIVE": 1, "SLOTS_AVAILABLE": 4})
		// Ties (no contacts in queue) keep the order of the dimensions:
		// queue IDs, then the filter's channels.
		ties := []cmRow{{Queue: e.queue, Channel: "CHAT", Values: basicChat},
			{Queue: e.esc, Channel: "TASK", Values: escNow}, {Queue: e.esc, Channel: "CHAT", Values: vals(nil)}}
		if e.esc < e.queue {
			ties = []cmRow{ties[1], ties[2], ties[0]}
		}
		want := append([]cmRow{{Queue: e.queue, Channel: "TASK", Values: basicTask}}, ties...)
		if diff := cmp.Diff(want, cmRows(t, out)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("by routing profile", func(t *testing.T) {
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{RoutingProfiles: []string{e.rp, e.escRP}},
			Groupings: []types.Grouping{types.GroupingRoutingProfile}})
		want := []cmRow{{RoutingProfile: e.rp, Values: basicNow}, {RoutingProfile: e.escRP, Values: escNow}}
		if diff := cmp.Diff(want, cmRows(t, out)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("sorted ascending, paginated", func(t *testing.T) {
		in := connect.GetCurrentMetricDataInput{Filters: queues, Groupings: []types.Grouping{types.GroupingQueue}, MaxResults: aws.Int32(1),
			SortCriteria: []types.CurrentMetricSortCriteria{{SortByMetric: types.CurrentMetricNameAgentsOnline, SortOrder: types.SortOrderAscending}}}
		var got []string
		for page := 0; ; page++ {
			out := e.current(t, in)
			if aws.ToInt64(out.ApproximateTotalCount) != 2 || len(out.MetricResults) != 1 {
				t.Fatalf("page %d: %d results of %d", page, len(out.MetricResults), aws.ToInt64(out.ApproximateTotalCount))
			}
			got = append(got, aws.ToString(out.MetricResults[0].Dimensions.Queue.Id))
			if out.NextToken == nil {
				break
			}
			in.NextToken = out.NextToken
		}
		if diff := cmp.Diff([]string{e.esc, e.queue}, got); diff != "" {
			t.Errorf("pages (-want +got):\n%s", diff)
		}
	})
}

// TestGetCurrentMetricDataAfterWork: accepting, completing and a new status
// move the numbers as hand-computed, on the manual clock.
func TestGetCurrentMetricDataAfterWork(t *testing.T) {
	t.Parallel()
	e := cmSetup(t)
	e.s.agentDo(t, e.ann, e.t1, "complete") // ann's slot frees: t3 (oldest) is offered to her
	e.s.agentDo(t, e.bob, e.t2, "accept")
	e.s.advance(t, 15*time.Second) // 09:01:45: t4 waited 45s
	out := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{e.queue}},
		Groupings: []types.Grouping{types.GroupingQueue}})
	want := vals(map[string]float64{"AGENTS_ONLINE": 3, "AGENTS_ON_CONTACT": 1, "AGENTS_ON_CALL": 1, "AGENTS_STAFFED": 2,
		"AGENTS_NON_PRODUCTIVE": 1, "CONTACTS_IN_QUEUE": 1, "OLDEST_CONTACT_AGE": 45, "SLOTS_ACTIVE": 1, "SLOTS_AVAILABLE": 6})
	if diff := cmp.Diff([]cmRow{{Queue: e.queue, Values: want}}, cmRows(t, out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestGetCurrentMetricDataErrors(t *testing.T) {
	t.Parallel()
	e := cmSetup(t)
	q := &types.Filters{Queues: []string{e.queue}}
	call := func(in connect.GetCurrentMetricDataInput) func(t *testing.T) error {
		return func(t *testing.T) error {
			if in.InstanceId == nil {
				in.InstanceId = &e.inst
			}
			if in.CurrentMetrics == nil {
				in.CurrentMetrics = []types.CurrentMetric{{Name: types.CurrentMetricNameContactsInQueue, Unit: types.UnitCount}}
			}
			_, err := e.c.GetCurrentMetricData(ctx(t), &in)
			return err
		}
	}
	page := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{e.queue, e.esc}},
		Groupings: []types.Grouping{types.GroupingQueue}, MaxResults: aws.Int32(1)})
	runErrCases(t, []agErrCase{
		{"unknown instance", call(connect.GetCurrentMetricDataInput{InstanceId: aws.String("nope"), Filters: q}), "ResourceNotFoundException", 404},
		{"empty filters", call(connect.GetCurrentMetricDataInput{Filters: &types.Filters{}}), "InvalidParameterException", 400},
		{"queues and routing profiles", call(connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: q.Queues, RoutingProfiles: []string{e.rp}}}), "InvalidParameterException", 400},
		{"no metrics", call(connect.GetCurrentMetricDataInput{Filters: q, CurrentMetrics: []types.CurrentMetric{}}), "InvalidParameterException", 400},
		{"wrong unit", call(connect.GetCurrentMetricDataInput{Filters: q, CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameOldestContactAge, Unit: types.UnitCount}}}), "InvalidParameterException", 400},
		{"unknown metric", call(connect.GetCurrentMetricDataInput{Filters: q, CurrentMetrics: []types.CurrentMetric{{Name: "AGENTS_ASLEEP"}}}), "InvalidParameterException", 400},
		{"estimated wait time", call(connect.GetCurrentMetricDataInput{Filters: q, CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameEstimatedWaitTime}}}), "InvalidRequestException", 400},
		{"custom metric", call(connect.GetCurrentMetricDataInput{Filters: q, CurrentMetrics: []types.CurrentMetric{{MetricId: aws.String("01234567-89ab-cdef-0123-456789abcdef")}}}), "InvalidRequestException", 400},
		{"routing profile grouping, queue filter, queue metric", call(connect.GetCurrentMetricDataInput{Filters: q, Groupings: []types.Grouping{types.GroupingRoutingProfile}}), "InvalidParameterException", 400},
		{"agent status grouping with a queue metric", call(connect.GetCurrentMetricDataInput{Filters: q, Groupings: []types.Grouping{types.GroupingQueue, types.GroupingAgentStatus}}), "InvalidParameterException", 400},
		{"agent status grouping first", call(connect.GetCurrentMetricDataInput{Filters: q, Groupings: []types.Grouping{types.GroupingAgentStatus},
			CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameAgentsOnline}}}), "InvalidParameterException", 400},
		{"agent status grouping, routing profile filter", call(connect.GetCurrentMetricDataInput{Filters: &types.Filters{RoutingProfiles: []string{e.rp}},
			Groupings:      []types.Grouping{types.GroupingQueue, types.GroupingAgentStatus},
			CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameAgentsOnline}}}), "InvalidParameterException", 400},
		{"agent statuses without queues", call(connect.GetCurrentMetricDataInput{Filters: &types.Filters{RoutingProfiles: []string{e.rp},
			AgentStatuses: []string{e.available}}}), "InvalidParameterException", 400},
		{"51 agent statuses", call(connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: q.Queues,
			AgentStatuses: repeat(e.available, 51)}}), "InvalidParameterException", 400},
		{"subtype filter", call(connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: q.Queues, Subtypes: []string{"connect:Guide"}}}), "InvalidRequestException", 400},
		{"grouping twice", call(connect.GetCurrentMetricDataInput{Filters: q, Groupings: []types.Grouping{types.GroupingQueue, types.GroupingQueue}}), "InvalidParameterException", 400},
		{"three groupings", call(connect.GetCurrentMetricDataInput{Filters: q, Groupings: []types.Grouping{types.GroupingQueue, types.GroupingChannel, types.GroupingRoutingProfile}}), "InvalidParameterException", 400},
		{"routing step filter", call(connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: q.Queues, RoutingStepExpressions: []string{"{}"}}}), "InvalidRequestException", 400},
		{"sort on slots", call(connect.GetCurrentMetricDataInput{Filters: q, SortCriteria: []types.CurrentMetricSortCriteria{{SortByMetric: types.CurrentMetricNameSlotsActive}}}), "InvalidParameterException", 400},
		{"MaxResults 0", call(connect.GetCurrentMetricDataInput{Filters: q, MaxResults: aws.Int32(0)}), "InvalidParameterException", 400},
		{"MaxResults 101", call(connect.GetCurrentMetricDataInput{Filters: q, MaxResults: aws.Int32(101)}), "InvalidParameterException", 400},
		{"token of another request", call(connect.GetCurrentMetricDataInput{Filters: q, NextToken: page.NextToken}), "InvalidRequestException", 400},
		{"garbled token", call(connect.GetCurrentMetricDataInput{Filters: q, NextToken: aws.String("zz")}), "InvalidRequestException", 400},
	})
}

// TestGetCurrentMetricDataPartitioned: another account's queue, named by
// ID, selects nothing of the first account's data, and the first account's
// instance is not found from the other account.
func TestGetCurrentMetricDataPartitioned(t *testing.T) {
	t.Parallel()
	ts := startIsolation(t)
	a, b := ts[0], ts[2] // two accounts, one region
	out, err := a.c.ListQueues(ctx(t), &connect.ListQueuesInput{InstanceId: &a.inst, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	aQueue := aws.ToString(out.QueueSummaryList[0].Id)
	in := func(inst string) *connect.GetCurrentMetricDataInput {
		return &connect.GetCurrentMetricDataInput{InstanceId: &inst, Filters: &types.Filters{Queues: []string{aQueue}},
			Groupings:      []types.Grouping{types.GroupingQueue},
			CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameAgentsOnline}, {Name: types.CurrentMetricNameContactsInQueue}}}
	}
	got, err := a.c.GetCurrentMetricData(ctx(t), in(a.inst))
	if err != nil || len(got.MetricResults) != 1 || *got.MetricResults[0].Collections[0].Value != 1 {
		t.Fatalf("own queue: %v, %+v; want one row with its agent online", err, got)
	}
	_, err = b.c.GetCurrentMetricData(ctx(t), in(a.inst))
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	got, err = b.c.GetCurrentMetricData(ctx(t), in(b.inst))
	if err != nil || len(got.MetricResults) != 0 || aws.ToInt64(got.ApproximateTotalCount) != 0 {
		t.Errorf("the other account's queue from b's instance: %v, %+v; want no rows", err, got)
	}
}
