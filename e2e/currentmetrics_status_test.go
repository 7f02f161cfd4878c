package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// repeat is n copies of v.
func repeat(v string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// TestGetCurrentMetricDataAgentStatus: the AgentStatuses filter and the
// AGENT_STATUS grouping, on cmSetup's agents at 09:01:30. BasicQueue: ann
// and bob Available (ann on t1, bob offered t2), dan in Break, eve Offline
// (not logged in); Escalations: cara Available.
func TestGetCurrentMetricDataAgentStatus(t *testing.T) {
	t.Parallel()
	e := cmSetup(t)
	statuses, err := e.c.ListAgentStatuses(ctx(t), &connect.ListAgentStatusesInput{InstanceId: &e.inst})
	if err != nil {
		t.Fatal(err)
	}
	name := map[string]string{} // status ID → name
	var brk, brkARN string
	for _, s := range statuses.AgentStatusSummaryList {
		name[aws.ToString(s.Id)] = aws.ToString(s.Name)
		if aws.ToString(s.Name) == "Break" {
			brk, brkARN = aws.ToString(s.Id), aws.ToString(s.Arn)
		}
	}
	qname := map[string]string{e.queue: "Basic", e.esc: "Escalations"}

	t.Run("grouped by queue and agent status", func(t *testing.T) {
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{e.queue, e.esc}},
			Groupings:      []types.Grouping{types.GroupingQueue, types.GroupingAgentStatus},
			CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameAgentsOnline, Unit: types.UnitCount}}})
		got := map[string]float64{}
		for _, r := range out.MetricResults {
			st := r.Dimensions.AgentStatus
			if st == nil || r.Dimensions.Queue == nil || aws.ToString(st.Arn) == "" {
				t.Fatalf("dimensions %+v: want a queue and an agent status with its ARN", r.Dimensions)
			}
			got[qname[aws.ToString(r.Dimensions.Queue.Id)]+"/"+name[aws.ToString(st.Id)]] = *r.Collections[0].Value
		}
		// A row per queue and status of the instance; eve (Offline, no
		// contact) is not online.
		want := map[string]float64{"Basic/Available": 2, "Basic/Break": 1, "Basic/Offline": 0,
			"Escalations/Available": 1, "Escalations/Break": 0, "Escalations/Offline": 0}
		if diff := cmp.Diff(want, got); diff != "" || aws.ToInt64(out.ApproximateTotalCount) != 6 {
			t.Errorf("(-want +got):\n%s\ntotal %d", diff, aws.ToInt64(out.ApproximateTotalCount))
		}
		if first := out.MetricResults[0]; aws.ToString(first.Dimensions.AgentStatus.Id) != e.available ||
			aws.ToString(first.Dimensions.Queue.Id) != e.queue {
			t.Errorf("first row %+v, want BasicQueue/Available (most agents online)", first.Dimensions)
		}
	})
	t.Run("filtered to Break", func(t *testing.T) {
		// Only dan counts among the agents; the queue's contacts are the
		// queue's whoever is in Break.
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{e.queue}, AgentStatuses: []string{brkARN}},
			Groupings: []types.Grouping{types.GroupingQueue}})
		want := []cmRow{{Queue: e.queue, Values: vals(map[string]float64{"AGENTS_ONLINE": 1, "AGENTS_NON_PRODUCTIVE": 1,
			"CONTACTS_IN_QUEUE": 2, "OLDEST_CONTACT_AGE": 60})}}
		if diff := cmp.Diff(want, cmRows(t, out)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("filtered to Available and Break, grouped by status", func(t *testing.T) {
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{e.queue}, AgentStatuses: []string{e.available, brk}},
			Groupings:      []types.Grouping{types.GroupingQueue, types.GroupingAgentStatus},
			CurrentMetrics: []types.CurrentMetric{{Name: types.CurrentMetricNameAgentsOnline}}})
		var got []string
		for _, r := range out.MetricResults {
			got = append(got, name[aws.ToString(r.Dimensions.AgentStatus.Id)]+"="+string(rune('0'+int(*r.Collections[0].Value))))
		}
		if diff := cmp.Diff([]string{"Available=2", "Break=1"}, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("filtered to Available", func(t *testing.T) {
		// ann (on t1) and bob (offered t2): basicNow without dan.
		out := e.current(t, connect.GetCurrentMetricDataInput{Filters: &types.Filters{Queues: []string{e.queue}, AgentStatuses: []string{e.available}},
			Groupings: []types.Grouping{types.GroupingQueue}})
		want := vals(map[string]float64{"AGENTS_ONLINE": 2, "AGENTS_ON_CONTACT": 1, "AGENTS_ON_CALL": 1, "AGENTS_STAFFED": 2,
			"CONTACTS_IN_QUEUE": 2, "OLDEST_CONTACT_AGE": 60, "SLOTS_ACTIVE": 1, "SLOTS_AVAILABLE": 6})
		if diff := cmp.Diff([]cmRow{{Queue: e.queue, Values: want}}, cmRows(t, out)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}
