package flow

import (
	"fmt"
	"slices"
	"strconv"

	"connectd/internal/connect"
)

// CheckMetricData (the "Check staffing" block) loads a queue metric and
// tests it with the action's conditions. The queue is QueueId, AgentId's
// queue, or else the contact's working queue. connectd has the metrics a
// task's routing knows: the agents who take tasks from the queue
// (NumberOfAgentsAvailable: with a free TASK slot; NumberOfAgentsStaffed and
// NumberOfAgentsOnline: in a routable status) and NumberOfContactsInQueue.

// checkMetricTypes are the MetricType values connectd computes;
// OldestContactInQueueAgeSeconds, also documented, is not one of them.
var checkMetricTypes = []string{"NumberOfAgentsAvailable", "NumberOfAgentsStaffed", "NumberOfAgentsOnline", "NumberOfContactsInQueue"}

func isAgentMetric(m string) bool { return m != "NumberOfContactsInQueue" }

func runCheckMetricData(st *state, a *Action) (step, error) {
	metric, _, problem := paramString(a, "MetricType")
	if problem != "" {
		return problemStep(problem)
	}
	if !slices.Contains(checkMetricTypes, metric) {
		return problemStep(fmt.Sprintf("MetricType %s is not supported", q(metric)))
	}
	qu, s, err := st.metricQueue(a)
	if s != nil || err != nil {
		return *s, err
	}
	var n int
	switch metric {
	case "NumberOfContactsInQueue":
		n, err = st.env.QueueSize(st.ctx, qu.ID)
	case "NumberOfAgentsAvailable":
		n, _, err = st.env.QueueStaffing(st.ctx, qu.ID)
	default:
		_, n, err = st.env.QueueStaffing(st.ctx, qu.ID)
	}
	if err != nil {
		return step{}, err
	}
	v := strconv.Itoa(n)
	return step{result: &v}, nil
}

// metricQueue returns the queue CheckMetricData reads, or the step that
// ends the action when there is none.
func (st *state) metricQueue(a *Action) (*connect.Queue, *step, error) {
	fail := func(s step, err error) (*connect.Queue, *step, error) { return nil, &s, err }
	qid, hasQ, p1 := paramString(a, "QueueId")
	aid, hasA, p2 := paramString(a, "AgentId")
	switch {
	case p1 != "" || p2 != "":
		return fail(problemStep(or(p1, p2)))
	case hasQ && hasA:
		return fail(problemStep("QueueId and AgentId cannot both be specified"))
	case !hasQ && !hasA:
		qu, err := st.targetQueue()
		if err != nil || qu == nil {
			if err != nil {
				return nil, nil, err
			}
			return fail(problemStep("no QueueId or AgentId is given and the contact has no working queue"))
		}
		return qu, nil, nil
	}
	key, raw := "QueueId", qid
	if hasA {
		key, raw = "AgentId", aid
	}
	ref, f, err := st.resolveShaped(key, raw, anyValue)
	if f != nil || err != nil {
		return nil, &step{fail: f}, err
	}
	var qu *connect.Queue
	if hasA {
		qu, err = st.env.AgentQueue(st.ctx, ref)
	} else {
		qu, err = st.env.Queue(st.ctx, ref)
	}
	if err != nil {
		return fail(envStep(err, "%s", key))
	}
	return qu, nil, nil
}

// checkCheckMetricData: MetricType is static and one of the documented
// values (connectd refuses OldestContactInQueueAgeSeconds, which it does
// not compute); QueueId and AgentId exclude each other; "If the MetricType
// is NumberOfAgents* then the only supported condition is NumberGreaterThan
// 0, otherwise Equals and any Number* Operands are allowed."
func checkCheckMetricData(a *Action) []string {
	var ps []string
	metric, ok, problem := paramString(a, "MetricType")
	switch {
	case problem != "":
		ps = append(ps, problem)
	case !ok:
		ps = append(ps, "parameter MetricType is missing")
	case isDynamic(metric):
		ps = append(ps, "parameter MetricType must be static")
	case !slices.Contains(checkMetricTypes, metric):
		ps = append(ps, fmt.Sprintf("MetricType %s is not one of %v", q(metric), checkMetricTypes))
	}
	_, _, _, _, qa := queueOrAgent(a)
	ps = append(ps, qa...)
	for _, c := range a.Transitions.Conditions {
		op, v := c.Condition.Operator, operand(c.Condition)
		switch {
		case isAgentMetric(metric) && (op != "NumberGreaterThan" || v != "0"):
			ps = append(ps, fmt.Sprintf("a %s condition must be NumberGreaterThan 0", metric))
		case !isAgentMetric(metric) && op != "Equals" && !slices.Contains(numberOperators, op):
			ps = append(ps, fmt.Sprintf("condition operator %s is not Equals or a Number* operator", q(op)))
		}
	}
	return ps
}

var numberOperators = []string{"NumberGreaterThan", "NumberGreaterOrEqualTo", "NumberLessThan", "NumberLessOrEqualTo"}
