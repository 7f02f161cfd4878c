package connect

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GetMetricDataV2: historical metrics of task contacts, computed from the
// timestamps the contacts keep (those DescribeContact shows), summed by
// the store (MetricsReader) and grouped here into the requested intervals
// of the requested time zone. A contact counts when it ends (its
// DisconnectTimestamp), except for CONTACTS_CREATED (its
// InitiationTimestamp).

// The historical metrics connectd computes (AWS MetricNameV2 values).
const (
	MetricContactsCreated        = "CONTACTS_CREATED"
	MetricContactsHandled        = "CONTACTS_HANDLED"
	MetricContactsQueued         = "CONTACTS_QUEUED"
	MetricContactsAbandoned      = "CONTACTS_ABANDONED"
	MetricContactsTransferredOut = "CONTACTS_TRANSFERRED_OUT"
	MetricAvgHandleTime          = "AVG_HANDLE_TIME"
	MetricAvgQueueAnswerTime     = "AVG_QUEUE_ANSWER_TIME"
	MetricMaxQueuedTime          = "MAX_QUEUED_TIME"
	MetricSumContactsDisconnect  = "SUM_CONTACTS_DISCONNECTED"
	MetricAvgAgentConnectingTime = "AVG_AGENT_CONNECTING_TIME"
	MetricServiceLevel           = "SERVICE_LEVEL"
	MetricContactsAnsweredInX    = "SUM_CONTACTS_ANSWERED_IN_X"
	MetricContactsAbandonedInX   = "SUM_CONTACTS_ABANDONED_IN_X"
	MetricContactsRemovedInX     = "CONTACTS_REMOVED_FROM_QUEUE_IN_X"
)

// GetMetricDataV2's filter and grouping keys connectd supports, and the
// metric-level filter keys.
const (
	KeyQueue            = "QUEUE"
	KeyChannel          = "CHANNEL"
	KeyAgent            = "AGENT"
	KeyRoutingProfile   = "ROUTING_PROFILE"
	KeyInitiationMethod = "INITIATION_METHOD"
	KeyDisconnectReason = "DISCONNECT_REASON"
)

// Interval periods (AWS IntervalPeriod).
const (
	IntervalFifteenMin = "FIFTEEN_MIN"
	IntervalThirtyMin  = "THIRTY_MIN"
	IntervalHour       = "HOUR"
	IntervalDay        = "DAY"
	IntervalWeek       = "WEEK"
	IntervalTotal      = "TOTAL"
)

// v2Metric is what connectd knows of a historical metric: the metric-level
// filter keys it takes, whether it may be grouped or filtered by agent,
// whether it counts contacts as they are created, whether it takes a
// Threshold (and must), and the only initiation methods it is defined for
// (nil: any), which are then the only INITIATION_METHOD values it takes,
// without Negate.
type v2Metric struct {
	filterKeys []string
	noAgent    bool
	created    bool
	threshold  bool
	methods    []string
}

var v2Metrics = map[string]v2Metric{
	MetricContactsCreated:        {filterKeys: []string{KeyInitiationMethod}, noAgent: true, created: true},
	MetricContactsHandled:        {filterKeys: []string{KeyInitiationMethod, KeyDisconnectReason}},
	MetricContactsQueued:         {},
	MetricContactsAbandoned:      {filterKeys: []string{KeyInitiationMethod}},
	MetricContactsTransferredOut: {},
	MetricAvgHandleTime:          {},
	MetricAvgQueueAnswerTime:     {filterKeys: []string{KeyInitiationMethod, KeyDisconnectReason}, noAgent: true},
	MetricMaxQueuedTime:          {},
	MetricSumContactsDisconnect:  {filterKeys: []string{KeyDisconnectReason}},
	// "For now, this metric only supports the following as
	// INITIATION_METHOD: INBOUND | OUTBOUND | CALLBACK | API"; "The Negate
	// key in metric-level filters is not applicable for this metric."
	MetricAvgAgentConnectingTime: {filterKeys: []string{KeyInitiationMethod},
		methods: []string{"INBOUND", "OUTBOUND", "CALLBACK", InitiationMethodAPI}},
	MetricServiceLevel:         {noAgent: true, threshold: true},
	MetricContactsAnsweredInX:  {noAgent: true, threshold: true},
	MetricContactsAbandonedInX: {noAgent: true, threshold: true},
	MetricContactsRemovedInX:   {noAgent: true, threshold: true},
}

// Threshold limits of the metrics that take one: "For ThresholdValue, enter
// any whole number from 1 to 604800 (inclusive), in seconds. For
// Comparison, you can use LT (for "Less than") or LTE (for "Less than
// equal")"; up to 20 SERVICE_LEVEL metrics in a request.
const (
	maxThresholdSeconds = 604800
	maxServiceLevels    = 20
)

// Filter and grouping keys of AWS's list that connectd does not support
// are refused as such; any other key is not a key at all.
var v2ResourceKeys = []string{KeyQueue, KeyRoutingProfile, KeyAgent, "AGENT_HIERARCHY_LEVEL_ONE", "AGENT_HIERARCHY_LEVEL_TWO",
	"AGENT_HIERARCHY_LEVEL_THREE", "AGENT_HIERARCHY_LEVEL_FOUR", "AGENT_HIERARCHY_LEVEL_FIVE", "CAMPAIGN", "EVALUATION_FORM", "EVALUATOR_ID"}

// MetricFilterV2 is a request filter (AWS FilterV2) or a metric-level
// filter (AWS MetricFilterV2, with Negate).
type MetricFilterV2 struct {
	Key    string
	Values []string
	Negate bool
	// NotExists is FilterV2's StringCondition NOT_EXISTS (not supported).
	NotExists bool
}

// MetricV2 is one requested metric.
type MetricV2 struct {
	Name, MetricID string
	Thresholds     []MetricThreshold
	Filters        []MetricFilterV2
}

// MetricThreshold is a metric's Threshold (AWS ThresholdV2); nil members
// were absent.
type MetricThreshold struct {
	Comparison *string
	Value      *float64
}

// queueLimit is the time in queue a threshold metric counts contacts
// under: less than X seconds (LT), or at most X (LTE), which on
// millisecond timestamps is less than X seconds and 1 ms. The threshold
// was checked (checkMetricV2).
func (m MetricV2) queueLimit() time.Duration {
	th := m.Thresholds[0]
	d := time.Duration(*th.Value) * time.Second
	if *th.Comparison == "LTE" {
		d += time.Millisecond
	}
	return d
}

// MetricDataV2Input is GetMetricDataV2's request.
type MetricDataV2Input struct {
	ResourceARN      string
	Start, End       time.Time
	Period, TimeZone string
	Filters          []MetricFilterV2
	Groupings        []string
	Metrics          []MetricV2
	NextToken        string
	MaxResults       int
}

// MetricRowV2 is one MetricResult: the grouping's dimensions, the interval
// and a value per requested metric (nil: no data to compute it from, as an
// average of no contacts).
type MetricRowV2 struct {
	Dimensions map[string]string
	Start, End time.Time
	Values     []*float64
}

// MetricDataV2Output is GetMetricDataV2's answer.
type MetricDataV2Output struct {
	Period    string
	Rows      []MetricRowV2
	NextToken string
}

// maxV2Range is each period's documented limit on EndTime − StartTime
// ("must be less than").
var maxV2Range = map[string]time.Duration{
	IntervalFifteenMin: 3 * 24 * time.Hour, IntervalThirtyMin: 3 * 24 * time.Hour, IntervalHour: 3 * 24 * time.Hour,
	IntervalDay: 35 * 24 * time.Hour, IntervalWeek: 35 * 24 * time.Hour, IntervalTotal: 35 * 24 * time.Hour,
}

// checkMetricDataV2 applies the documented rules of the request; it returns
// the time zone to cut intervals in.
func (s *Service) checkMetricDataV2(in *MetricDataV2Input) (*time.Location, error) {
	now := s.now()
	if in.Period == "" {
		in.Period = IntervalTotal
	}
	switch {
	case !in.Start.Before(in.End):
		return nil, Errorf(InvalidParameter, "StartTime must be before EndTime.")
	case in.End.After(now):
		return nil, Errorf(InvalidParameter, "EndTime cannot be later than the current time.")
	case in.Start.Before(now.AddDate(0, -3, 0)):
		return nil, Errorf(InvalidParameter, "Historical metrics are available for 3 months: StartTime is earlier.")
	case in.End.Sub(in.Start) >= maxV2Range[in.Period]:
		return nil, Errorf(InvalidParameter, "With IntervalPeriod %s, EndTime - StartTime must be less than %d days.",
			in.Period, maxV2Range[in.Period]/(24*time.Hour))
	}
	loc := time.UTC
	if in.TimeZone != "" {
		l, err := time.LoadLocation(in.TimeZone)
		if err != nil || in.TimeZone == "Local" {
			return nil, Errorf(InvalidParameter, "Unknown TimeZone %q.", in.TimeZone)
		}
		loc = l
	}
	resourceFilter, values := false, 0
	seen := map[string]bool{}
	for _, f := range in.Filters {
		if seen[f.Key] {
			return nil, Errorf(InvalidParameter, "The filter key %s is given more than once.", f.Key)
		}
		seen[f.Key] = true
		if f.NotExists {
			return nil, Errorf(Invalid, "connectd does not support StringCondition in Filters.")
		}
		switch f.Key {
		case KeyQueue, KeyAgent, KeyRoutingProfile:
			resourceFilter = true
			values += len(f.Values)
		case KeyChannel:
			for _, v := range f.Values {
				if !slices.Contains(allChannels, v) {
					return nil, Errorf(InvalidParameter, "%s is not a channel: VOICE, CHAT, TASK or EMAIL.", v)
				}
			}
		default:
			return nil, unsupportedKey("filter", f.Key)
		}
	}
	if !resourceFilter {
		return nil, Errorf(InvalidParameter, "Filters must include a QUEUE, ROUTING_PROFILE, AGENT, agent hierarchy, CAMPAIGN, EVALUATION_FORM or EVALUATOR_ID filter.")
	}
	if values > 100 {
		return nil, Errorf(InvalidParameter, "Filters may hold up to 100 values (channels aside).")
	}
	if i := firstDuplicate(in.Groupings); i >= 0 {
		return nil, Errorf(InvalidParameter, "The grouping %s is given more than once.", in.Groupings[i])
	}
	for _, g := range in.Groupings {
		if g != KeyQueue && g != KeyChannel && g != KeyAgent && g != KeyRoutingProfile {
			return nil, unsupportedKey("grouping", g)
		}
	}
	if len(in.Metrics) == 0 {
		return nil, Errorf(InvalidParameter, "Metrics must name at least one metric.")
	}
	byAgent := seen[KeyAgent] || slices.Contains(in.Groupings, KeyAgent)
	serviceLevels := 0
	for _, m := range in.Metrics {
		if err := checkMetricV2(m, byAgent); err != nil {
			return nil, err
		}
		if m.Name == MetricServiceLevel {
			serviceLevels++
		}
	}
	if serviceLevels > maxServiceLevels {
		return nil, Errorf(InvalidParameter, "A request may include up to %d SERVICE_LEVEL metrics.", maxServiceLevels)
	}
	return loc, nil
}

// unsupportedKey refuses a filter or grouping key: one of AWS's that
// connectd does not support, or none at all.
func unsupportedKey(what, key string) error {
	if slices.Contains(v2ResourceKeys, key) || strings.ToUpper(key) == key {
		return Errorf(Invalid, "connectd does not support the %s key %s (it supports QUEUE, ROUTING_PROFILE, CHANNEL and AGENT).", what, key)
	}
	return Errorf(InvalidParameter, "%s is not a %s key.", key, what)
}

// checkMetricV2 checks one requested metric, its metric-level filters and
// its threshold.
func checkMetricV2(m MetricV2, byAgent bool) error {
	if m.MetricID != "" {
		return Errorf(Invalid, "connectd does not support MetricId (custom metrics); name the metric with Name.")
	}
	def, ok := v2Metrics[m.Name]
	switch {
	case m.Name == "":
		return Errorf(InvalidParameter, "A metric needs a Name.")
	case !ok:
		return Errorf(Invalid, "connectd does not compute the metric %s.", m.Name)
	case def.noAgent && byAgent:
		return Errorf(InvalidParameter, "The metric %s cannot be filtered or grouped by AGENT.", m.Name)
	}
	if err := checkThreshold(m, def.threshold); err != nil {
		return err
	}
	for _, f := range m.Filters {
		if !slices.Contains(def.filterKeys, f.Key) {
			return Errorf(InvalidParameter, "The metric %s takes no metric filter %s.", m.Name, f.Key)
		}
		if def.methods == nil || f.Key != KeyInitiationMethod {
			continue
		}
		if f.Negate {
			return Errorf(InvalidParameter, "Negate is not applicable to the metric %s.", m.Name)
		}
		for _, v := range f.Values {
			if !slices.Contains(def.methods, v) {
				return Errorf(InvalidParameter, "The metric %s takes only %s as INITIATION_METHOD.", m.Name,
					strings.Join(def.methods, ", "))
			}
		}
	}
	return nil
}

// checkThreshold checks m's Threshold: required by the metrics that take
// one (want), refused by the others.
func checkThreshold(m MetricV2, want bool) error {
	switch {
	case !want && len(m.Thresholds) > 0:
		return Errorf(InvalidParameter, "The metric %s takes no Threshold.", m.Name)
	case !want:
		return nil
	case len(m.Thresholds) == 0:
		return Errorf(InvalidParameter, "The metric %s needs a Threshold.", m.Name)
	}
	th := m.Thresholds[0]
	if th.Comparison == nil || (*th.Comparison != "LT" && *th.Comparison != "LTE") {
		return Errorf(InvalidParameter, "The Threshold of %s needs a Comparison: LT or LTE.", m.Name)
	}
	if v := th.Value; v == nil || *v != float64(int64(*v)) || *v < 1 || *v > maxThresholdSeconds {
		return Errorf(InvalidParameter, "The ThresholdValue of %s must be a whole number of seconds from 1 to %d.",
			m.Name, maxThresholdSeconds)
	}
	return nil
}

// GetMetricDataV2 returns one page of the historical metrics in requests.
func (s *Service) GetMetricDataV2(ctx context.Context, p Partition, in MetricDataV2Input) (*MetricDataV2Output, error) {
	inst, err := s.instance(ctx, p, in.ResourceARN)
	if err != nil {
		return nil, err
	}
	loc, err := s.checkMetricDataV2(&in)
	if err != nil {
		return nil, err
	}
	key := metricsV2Key(in)
	offset, err := metricsPageStart(in.NextToken, key)
	if err != nil {
		return nil, err
	}
	cuts := intervals(in.Start, in.End, in.Period, loc)
	q := AggregateQuery{From: in.Start, To: in.End, Bucket: bucketSize(cuts), By: AggregateBy{
		Queue: slices.Contains(in.Groupings, KeyQueue), Channel: slices.Contains(in.Groupings, KeyChannel),
		Agent: slices.Contains(in.Groupings, KeyAgent), RoutingProfile: slices.Contains(in.Groupings, KeyRoutingProfile)}}
	// limitOf[i] is the index in q.QueueLimits of metric i's threshold.
	limitOf := make([]int, len(in.Metrics))
	for i, m := range in.Metrics {
		def := v2Metrics[m.Name]
		// A metric defined for some initiation methods only needs them
		// apart, as one with an INITIATION_METHOD filter does.
		q.By.InitiationMethod = q.By.InitiationMethod || def.methods != nil
		q.Transferred = q.Transferred || m.Name == MetricContactsTransferredOut
		for _, f := range m.Filters {
			q.By.InitiationMethod = q.By.InitiationMethod || f.Key == KeyInitiationMethod
			q.By.DisconnectReason = q.By.DisconnectReason || f.Key == KeyDisconnectReason
		}
		if def.threshold {
			l := m.queueLimit()
			if limitOf[i] = slices.Index(q.QueueLimits, l); limitOf[i] < 0 {
				limitOf[i] = len(q.QueueLimits)
				q.QueueLimits = append(q.QueueLimits, l)
			}
		}
	}
	for _, f := range in.Filters {
		switch f.Key {
		case KeyQueue:
			q.Queues = filterIDs(inst, f.Values, ResourceQueue)
		case KeyAgent:
			q.Agents = filterIDs(inst, f.Values, ResourceUser)
		case KeyRoutingProfile:
			q.RoutingProfiles = filterIDs(inst, f.Values, ResourceRoutingProfile)
		case KeyChannel:
			q.Channels = f.Values
		}
	}
	var created, ended []ContactAggregate
	var readCreated, readEnded bool
	for _, m := range in.Metrics {
		switch isCreated := v2Metrics[m.Name].created; {
		case isCreated && !readCreated:
			readCreated = true
			if created, err = s.store.ContactAggregates(ctx, inst.ID, q); err != nil {
				return nil, err
			}
		case !isCreated && !readEnded:
			readEnded = true
			qe := q
			qe.Ended = true
			if ended, err = s.store.ContactAggregates(ctx, inst.ID, qe); err != nil {
				return nil, err
			}
		}
	}
	rows := v2Rows(in, cuts, q.Bucket, created, ended, limitOf)
	out := &MetricDataV2Output{Period: in.Period}
	size := in.MaxResults
	if size <= 0 {
		size = 100
	}
	end := min(len(rows), offset+size)
	out.Rows = rows[min(offset, len(rows)):end]
	if end < len(rows) {
		out.NextToken = encodeToken(key + ":" + strconv.Itoa(end))
	}
	return out, nil
}

// filterIDs returns the IDs refs name (IDs, or ARNs of the instance); a
// ref naming nothing stays in the list, to match nothing.
func filterIDs(inst *Instance, refs []string, r Resource) []string {
	out := make([]string, 0, len(refs))
	for _, ref := range refs {
		if id, err := resourceID(inst, ref, r); err == nil {
			out = append(out, id)
		} else {
			out = append(out, "\x00"+ref) // never an ID
		}
	}
	return out
}

// metricsV2Key identifies a request's parameters for its NextToken.
func metricsV2Key(in MetricDataV2Input) string {
	in.NextToken, in.MaxResults = "", 0
	return paramsKey(in)
}

// intervals cuts [start, end) into the period's intervals: consecutive
// periods from start, a day or a week being that many days of loc's clock
// (23 or 25 hours across a daylight saving change); the last one ends at
// end.
func intervals(start, end time.Time, period string, loc *time.Location) []time.Time {
	cuts := []time.Time{start}
	step := func(t time.Time) time.Time {
		switch period {
		case IntervalFifteenMin:
			return t.Add(15 * time.Minute)
		case IntervalThirtyMin:
			return t.Add(30 * time.Minute)
		case IntervalHour:
			return t.Add(time.Hour)
		case IntervalDay:
			return t.In(loc).AddDate(0, 0, 1)
		case IntervalWeek:
			return t.In(loc).AddDate(0, 0, 7)
		}
		return end
	}
	for t := step(start); t.Before(end); t = step(t) {
		cuts = append(cuts, t)
	}
	return append(cuts, end)
}

// bucketSize is the longest step that every interval boundary inside cuts
// (the intervals' bounds) is a multiple of from the first: the greatest
// common divisor of their offsets, so that each bucket of the store's sums
// falls in one interval. One interval: one bucket for the whole range.
func bucketSize(cuts []time.Time) time.Duration {
	g := cuts[len(cuts)-1].Sub(cuts[0])
	if len(cuts) > 2 {
		g = 0
		for _, c := range cuts[1 : len(cuts)-1] {
			a, b := c.Sub(cuts[0]), g
			for b != 0 {
				a, b = b, a%b
			}
			g = a
		}
	}
	return max(g, time.Millisecond)
}

// v2Group is the sums of one result row.
type v2Group struct {
	dims           map[string]string
	created, ended []ContactAggregate
}

// v2Rows groups the aggregates by the groupings' dimensions and the
// intervals, and computes each requested metric.
func v2Rows(in MetricDataV2Input, cuts []time.Time, bucket time.Duration, created, ended []ContactAggregate, limitOf []int) []MetricRowV2 {
	bucketStart := func(b int64) time.Time { return in.Start.Add(time.Duration(b) * bucket) }
	interval := func(b int64) int {
		t := bucketStart(b)
		i, _ := slices.BinarySearchFunc(cuts[1:], t, func(c, t time.Time) int {
			if c.After(t) {
				return 1
			}
			return -1
		})
		return i
	}
	groups := map[string]*v2Group{}
	var keys []string
	add := func(a ContactAggregate, isCreated bool) {
		dims := map[string]string{}
		var k []string
		for _, g := range in.Groupings {
			v := a.Channel
			switch g {
			case KeyQueue:
				v = a.QueueID
			case KeyAgent:
				v = a.AgentID
			case KeyRoutingProfile:
				v = a.RoutingProfileID
			}
			if v == "" {
				return // "each dimension must contain a value": no queue, agent or routing profile
			}
			dims[g] = v
			k = append(k, v)
		}
		key := strings.Join(k, "\x00") + "\x00" + strconv.Itoa(interval(a.Bucket))
		grp := groups[key]
		if grp == nil {
			grp = &v2Group{dims: dims}
			groups[key] = grp
		}
		if isCreated {
			grp.created = append(grp.created, a)
		} else {
			grp.ended = append(grp.ended, a)
		}
	}
	for _, a := range created {
		add(a, true)
	}
	for _, a := range ended {
		add(a, false)
	}
	// Every interval of every group with data; without groupings, every
	// interval (the documented "48 results" of a day in half hours).
	dimKeys := map[string]map[string]string{}
	if len(in.Groupings) == 0 {
		dimKeys[""] = map[string]string{}
	}
	for key, g := range groups {
		dk := key[:strings.LastIndex(key, "\x00")]
		if _, ok := dimKeys[dk]; !ok {
			dimKeys[dk] = g.dims
		}
	}
	for dk := range dimKeys {
		keys = append(keys, dk)
	}
	slices.Sort(keys)
	var rows []MetricRowV2
	for _, dk := range keys {
		for i := range len(cuts) - 1 {
			g := groups[dk+"\x00"+strconv.Itoa(i)]
			if g == nil {
				g = &v2Group{}
			}
			row := MetricRowV2{Dimensions: dimKeys[dk], Start: cuts[i], End: cuts[i+1]}
			for i, m := range in.Metrics {
				row.Values = append(row.Values, v2Value(m, g, limitOf[i]))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// matches reports whether aggregate a passes metric m's metric-level
// filters.
func matches(m MetricV2, a ContactAggregate) bool {
	for _, f := range m.Filters {
		v := a.InitiationMethod
		if f.Key == KeyDisconnectReason {
			v = a.DisconnectReason
		}
		if slices.Contains(f.Values, v) == f.Negate {
			return false
		}
	}
	return true
}

// v2Value computes metric m over group g's sums: a count, seconds or a
// percentage (nil for an average, a maximum or a percentage of no
// contacts). limit is the index of m's queue time limit in the sums, for a
// threshold metric.
func v2Value(m MetricV2, g *v2Group, limit int) *float64 {
	def := v2Metrics[m.Name]
	src := g.ended
	if def.created {
		src = g.created
	}
	var n, sum, maxMS, count int64
	for _, a := range src {
		if !matches(m, a) || (def.methods != nil && !slices.Contains(def.methods, a.InitiationMethod)) {
			continue
		}
		switch m.Name {
		case MetricContactsCreated, MetricSumContactsDisconnect:
			n += a.Contacts
		case MetricContactsHandled:
			n += a.Handled
		case MetricContactsQueued:
			n += a.Queued
		case MetricContactsAbandoned:
			n += a.Abandoned
		case MetricContactsTransferredOut:
			n += a.Transferred
		case MetricAvgHandleTime:
			sum, count = sum+a.HandleMS, count+a.Handled
		case MetricAvgQueueAnswerTime:
			sum, count = sum+a.AnswerMS, count+a.Answered
		case MetricMaxQueuedTime:
			if a.Queued > 0 {
				maxMS, count = max(maxMS, a.MaxQueuedMS), count+a.Queued
			}
		case MetricAvgAgentConnectingTime:
			sum, count = sum+a.ConnectingMS, count+a.Connecting
		case MetricContactsAnsweredInX:
			n += a.AnsweredIn[limit]
		case MetricContactsAbandonedInX:
			n += a.AbandonedIn[limit]
		case MetricContactsRemovedInX:
			n += a.AnsweredIn[limit] + a.AbandonedIn[limit]
		case MetricServiceLevel:
			n, count = n+a.AnsweredIn[limit]+a.AbandonedIn[limit], count+a.Queued
		}
	}
	var v float64
	switch m.Name {
	case MetricAvgHandleTime, MetricAvgQueueAnswerTime, MetricAvgAgentConnectingTime:
		if count == 0 {
			return nil
		}
		v = float64(sum) / float64(count) / 1000
	case MetricServiceLevel:
		// (Contacts removed from queue in X seconds / Contacts queued) * 100
		if count == 0 {
			return nil
		}
		v = float64(n) * 100 / float64(count)
	case MetricMaxQueuedTime:
		if count == 0 {
			return nil
		}
		v = float64(maxMS) / 1000
	default:
		v = float64(n)
	}
	return &v
}
