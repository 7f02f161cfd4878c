package connect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// GetCurrentMetricData: the real-time metrics of queues, routing profiles and
// channels, computed when asked from the agents' statuses and contacts and
// the queued contacts (the store has them all; nothing is kept for it).
// Agents count as logged in as GetCurrentUserData counts them.

// The real-time metrics (AWS CurrentMetricName).
const (
	MetricAgentsOnline           = "AGENTS_ONLINE"
	MetricAgentsAvailable        = "AGENTS_AVAILABLE"
	MetricAgentsOnCall           = "AGENTS_ON_CALL"
	MetricAgentsOnContact        = "AGENTS_ON_CONTACT"
	MetricAgentsNonProductive    = "AGENTS_NON_PRODUCTIVE"
	MetricAgentsAfterContactWork = "AGENTS_AFTER_CONTACT_WORK"
	MetricAgentsError            = "AGENTS_ERROR"
	MetricAgentsStaffed          = "AGENTS_STAFFED"
	MetricContactsInQueue        = "CONTACTS_IN_QUEUE"
	MetricOldestContactAge       = "OLDEST_CONTACT_AGE"
	MetricContactsScheduled      = "CONTACTS_SCHEDULED"
	MetricSlotsActive            = "SLOTS_ACTIVE"
	MetricSlotsAvailable         = "SLOTS_AVAILABLE"
	MetricEstimatedWaitTime      = "ESTIMATED_WAIT_TIME"
)

// Groupings of GetCurrentMetricData (AWS Grouping) connectd supports.
const (
	GroupingQueue          = "QUEUE"
	GroupingChannel        = "CHANNEL"
	GroupingRoutingProfile = "ROUTING_PROFILE"
	GroupingAgentStatus    = "AGENT_STATUS"
)

// maxAgentStatusFilter is the documented limit of Filters.AgentStatuses.
const maxAgentStatusFilter = 50

// Metric units (AWS Unit).
const (
	UnitCount   = "COUNT"
	UnitSeconds = "SECONDS"
)

// currentMetricUnits is each supported real-time metric's unit.
var currentMetricUnits = map[string]string{
	MetricAgentsOnline: UnitCount, MetricAgentsAvailable: UnitCount, MetricAgentsOnCall: UnitCount,
	MetricAgentsOnContact: UnitCount, MetricAgentsNonProductive: UnitCount, MetricAgentsAfterContactWork: UnitCount,
	MetricAgentsError: UnitCount, MetricAgentsStaffed: UnitCount, MetricContactsInQueue: UnitCount,
	MetricOldestContactAge: UnitSeconds, MetricContactsScheduled: UnitCount, MetricSlotsActive: UnitCount,
	MetricSlotsAvailable: UnitCount,
}

// allChannels are the channels a request without a Channels filter covers,
// in the model's order.
var allChannels = []string{ChannelVoice, ChannelChat, ChannelTask, ChannelEmail}

// CurrentMetric names one requested metric (AWS CurrentMetric).
type CurrentMetric struct {
	Name, MetricID, Unit string
}

// CurrentMetricsInput is GetCurrentMetricData's request.
type CurrentMetricsInput struct {
	// Queues and RoutingProfiles (IDs or ARNs): exactly one of them.
	Queues, RoutingProfiles, Channels []string
	// AgentStatuses (IDs or ARNs) narrows the agents counted to those in
	// one of the statuses (with a Queues filter).
	AgentStatuses []string
	// Filters connectd does not support: each must be empty.
	RoutingStepExpressions, Subtypes, ValidationTestTypes []string
	Groupings                                             []string
	Metrics                                               []CurrentMetric
	// SortBy and SortOrder are SortCriteria's one item ("": the default,
	// AGENTS_ONLINE DESCENDING).
	SortBy, SortOrder string
	HasSort           bool
	NextToken         string
	MaxResults        int
}

// CurrentMetricRow is one MetricResult: its dimensions (those of the
// groupings) and a value per requested metric, in the request's order.
type CurrentMetricRow struct {
	Queue          *Queue
	Channel        string
	RoutingProfile *RoutingProfile
	AgentStatus    *AgentStatus
	Values         []float64
}

// CurrentMetricsOutput is GetCurrentMetricData's answer.
type CurrentMetricsOutput struct {
	// Metrics are the requested metrics with their units.
	Metrics      []CurrentMetric
	Rows         []CurrentMetricRow
	NextToken    string
	Total        int
	SnapshotTime time.Time
}

// checkCurrentMetricsInput applies the documented rules of the request.
func checkCurrentMetricsInput(in *CurrentMetricsInput) error {
	if len(in.Metrics) == 0 {
		return Errorf(InvalidParameter, "CurrentMetrics must name at least one metric.")
	}
	for i, m := range in.Metrics {
		switch {
		case m.MetricID != "":
			return Errorf(Invalid, "connectd does not support MetricId (custom metrics); name the metric with Name.")
		case m.Name == MetricEstimatedWaitTime:
			return Errorf(Invalid, "connectd does not support the metric ESTIMATED_WAIT_TIME.")
		case m.Name == "":
			return Errorf(InvalidParameter, "CurrentMetrics[%d] needs a Name.", i)
		}
		unit, ok := currentMetricUnits[m.Name]
		if !ok {
			return Errorf(InvalidParameter, "Unknown metric %s.", m.Name)
		}
		if m.Unit != "" && m.Unit != unit {
			return Errorf(InvalidParameter, "The unit of %s is %s, not %s.", m.Name, unit, m.Unit)
		}
	}
	unsupported := []struct {
		name string
		l    []string
	}{{"RoutingStepExpressions", in.RoutingStepExpressions}, {"Subtypes", in.Subtypes},
		{"ValidationTestTypes", in.ValidationTestTypes}}
	for _, u := range unsupported {
		if len(u.l) > 0 {
			return Errorf(Invalid, "connectd does not support the %s filter.", u.name)
		}
	}
	switch {
	case len(in.Queues) == 0 && len(in.RoutingProfiles) == 0:
		return Errorf(InvalidParameter, "Filters must include Queues or RoutingProfiles.")
	case len(in.Queues) > 0 && len(in.RoutingProfiles) > 0:
		return Errorf(InvalidParameter, "You cannot filter by both Queues and RoutingProfiles.")
	case len(in.AgentStatuses) > 0 && len(in.Queues) == 0:
		return Errorf(InvalidParameter, "When using AgentStatuses as filter, Queues must be the primary filter.")
	case len(in.AgentStatuses) > maxAgentStatusFilter:
		return Errorf(InvalidParameter, "Filters.AgentStatuses may hold up to %d agent statuses.", maxAgentStatusFilter)
	}
	if i := firstDuplicate(in.Channels); i >= 0 {
		return Errorf(InvalidParameter, "The channel %s is in Filters.Channels more than once.", in.Channels[i])
	}
	if i := firstDuplicate(in.Groupings); i >= 0 {
		return Errorf(InvalidParameter, "The grouping %s is in Groupings more than once.", in.Groupings[i])
	}
	for i, g := range in.Groupings {
		switch g {
		case GroupingQueue, GroupingChannel:
		case GroupingAgentStatus:
			// "If you group by AGENT_STATUS, you must include the QUEUE as
			// the primary grouping and use queue filter. When you group by
			// AGENT_STATUS, the only metric available is the AGENTS_ONLINE
			// metric."
			if i == 0 || in.Groupings[0] != GroupingQueue || len(in.Queues) == 0 {
				return Errorf(InvalidParameter, "Grouping by AGENT_STATUS needs QUEUE as the primary grouping and a Queues filter.")
			}
			for _, m := range in.Metrics {
				if m.Name != MetricAgentsOnline {
					return Errorf(InvalidParameter, "Grouped by AGENT_STATUS, the only metric available is AGENTS_ONLINE, not %s.", m.Name)
				}
			}
		case GroupingRoutingProfile:
			if len(in.RoutingProfiles) == 0 {
				for _, m := range in.Metrics {
					if m.Name == MetricContactsInQueue || m.Name == MetricContactsScheduled || m.Name == MetricOldestContactAge {
						return Errorf(InvalidParameter, "Grouping by ROUTING_PROFILE with the metric %s needs a RoutingProfiles filter.", m.Name)
					}
				}
			}
		default:
			return Errorf(Invalid, "connectd does not support the grouping %s.", g)
		}
	}
	if in.HasSort {
		switch in.SortBy {
		case "":
			return Errorf(InvalidParameter, "SortCriteria needs a SortByMetric.")
		case MetricSlotsActive, MetricSlotsAvailable:
			return Errorf(InvalidParameter, "Sorting on %s is not supported.", in.SortBy)
		}
		if _, ok := currentMetricUnits[in.SortBy]; !ok {
			return Errorf(Invalid, "connectd does not support sorting on %s.", in.SortBy)
		}
	}
	return nil
}

// firstDuplicate returns the index of the first item of l seen before, or -1.
func firstDuplicate(l []string) int {
	seen := map[string]bool{}
	for i, v := range l {
		if seen[v] {
			return i
		}
		seen[v] = true
	}
	return -1
}

// currentScan is one GetCurrentMetricData call's reads.
type currentScan struct {
	*userDataScan
	now      time.Time
	agents   []*agentNow
	queued   map[string][]*Contact // queue ID → its active contacts
	channels []string
	byQueue  bool // a Queues filter (else RoutingProfiles)
	queueIDs []string
	rpIDs    []string
	// statusIDs are the AgentStatuses filter's statuses (nil: no filter).
	statusIDs []string
}

// agentNow is a logged-in agent and what it holds.
type agentNow struct {
	u        *User
	status   *AgentStatus
	rp       *RoutingProfile
	contacts []*Contact
}

// GetCurrentMetricData returns one page of the real-time metrics in requested.
func (s *Service) GetCurrentMetricData(ctx context.Context, p Partition, instanceID string, in CurrentMetricsInput) (*CurrentMetricsOutput, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	if err := checkCurrentMetricsInput(&in); err != nil {
		return nil, err
	}
	offset, err := metricsPageStart(in.NextToken, currentMetricsKey(in))
	if err != nil {
		return nil, err
	}
	sc := &currentScan{userDataScan: &userDataScan{s: s, inst: inst, statuses: map[string]*AgentStatus{},
		profiles: map[string]*RoutingProfile{}, served: map[string]map[string]bool{}, queues: map[string]*Queue{}},
		now: s.now(), queued: map[string][]*Contact{}, channels: in.Channels, byQueue: len(in.Queues) > 0}
	if len(sc.channels) == 0 {
		sc.channels = allChannels
	}
	if err := sc.load(ctx, in); err != nil {
		return nil, err
	}
	rows, err := sc.rows(ctx, in.Groupings)
	if err != nil {
		return nil, err
	}
	out := &CurrentMetricsOutput{SnapshotTime: sc.now, Total: len(rows)}
	for _, m := range in.Metrics {
		out.Metrics = append(out.Metrics, CurrentMetric{Name: m.Name, Unit: currentMetricUnits[m.Name]})
	}
	values := make([]map[string]float64, len(rows))
	for i := range rows {
		values[i] = sc.measure(rows[i], len(in.Groupings) > 0)
	}
	sortBy, desc := MetricAgentsOnline, true
	if in.HasSort {
		sortBy, desc = in.SortBy, in.SortOrder != "ASCENDING"
	}
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		va, vb := values[a][sortBy], values[b][sortBy]
		switch {
		case va == vb:
			return 0
		case (va < vb) != desc:
			return -1
		}
		return 1
	})
	size := in.MaxResults
	if size <= 0 {
		size = 100
	}
	end := min(len(order), offset+size)
	for _, i := range order[min(offset, len(order)):end] {
		row := rows[i]
		for _, m := range in.Metrics {
			row.Values = append(row.Values, values[i][m.Name])
		}
		out.Rows = append(out.Rows, row)
	}
	if end < len(order) {
		out.NextToken = encodeToken(currentMetricsKey(in) + ":" + strconv.Itoa(end))
	}
	return out, nil
}

// currentMetricsKey identifies a request's parameters, so that a NextToken
// is used with the request that made it.
func currentMetricsKey(in CurrentMetricsInput) string {
	in.NextToken, in.MaxResults = "", 0
	return paramsKey(in)
}

// paramsKey is a short hash of a request's parameters.
func paramsKey(v any) string {
	b, _ := json.Marshal(v)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// metricsPageStart returns the offset a NextToken continues from; the token
// must come from a request with the same parameters (key).
func metricsPageStart(token, key string) (int, error) {
	if token == "" {
		return 0, nil
	}
	v, err := decodeToken(token)
	if err != nil {
		return 0, err
	}
	k, n, ok := strings.Cut(v, ":")
	off, err := strconv.Atoi(n)
	if !ok || err != nil || off < 0 {
		return 0, Errorf(Invalid, "The NextToken is not valid.")
	}
	if k != key {
		return 0, Errorf(Invalid, "The NextToken was issued for a request with other parameters.")
	}
	return off, nil
}

// load reads the filter's queues or routing profiles, the logged-in agents
// and the active contacts of the queues in scope.
func (sc *currentScan) load(ctx context.Context, in CurrentMetricsInput) error {
	if sc.byQueue {
		for id := range idSet(sc.inst, in.Queues, ResourceQueue) {
			if arn, err := sc.queueARN(ctx, id); err != nil {
				return err
			} else if arn != "" {
				sc.queueIDs = append(sc.queueIDs, id)
			}
		}
	} else {
		for id := range idSet(sc.inst, in.RoutingProfiles, ResourceRoutingProfile) {
			rp, err := sc.profile(ctx, id)
			if err != nil {
				return err
			}
			if rp == nil {
				continue
			}
			sc.rpIDs = append(sc.rpIDs, id)
			cfgs, err := sc.configs(ctx, id)
			if err != nil {
				return err
			}
			for _, c := range cfgs {
				if !slices.Contains(sc.queueIDs, c.QueueID) {
					sc.queueIDs = append(sc.queueIDs, c.QueueID)
				}
			}
		}
	}
	slices.Sort(sc.queueIDs)
	slices.Sort(sc.rpIDs)
	if len(in.AgentStatuses) > 0 {
		sc.statusIDs = []string{}
		for id := range idSet(sc.inst, in.AgentStatuses, ResourceAgentStatus) {
			if st, err := sc.status(ctx, id); err != nil {
				return err
			} else if st != nil {
				sc.statusIDs = append(sc.statusIDs, id)
			}
		}
		slices.Sort(sc.statusIDs)
	}
	for _, q := range sc.queueIDs {
		if _, err := sc.queueARN(ctx, q); err != nil { // the row's Queue
			return err
		}
		cs, err := sc.s.store.ListQueueContacts(ctx, sc.inst.ID, q, 0)
		if err != nil {
			return err
		}
		sc.queued[q] = cs
	}
	after := ""
	for {
		users, err := sc.s.store.ListUsers(ctx, sc.inst.ID, PageRequest{After: after, Limit: usersBatch})
		if err != nil {
			return err
		}
		for _, u := range users {
			cs, ok, err := sc.loggedIn(ctx, u)
			if err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
			a := &agentNow{u: u, contacts: cs}
			if a.status, err = sc.status(ctx, u.StatusID); err != nil {
				return err
			}
			if a.rp, err = sc.profile(ctx, u.RoutingProfileID); err != nil {
				return err
			}
			if err := sc.loadConfigs(ctx, u.RoutingProfileID); err != nil {
				return err
			}
			sc.agents = append(sc.agents, a)
		}
		if len(users) < usersBatch {
			return nil
		}
		after = users[len(users)-1].ID
	}
}

// configs returns a routing profile's queue configurations, read once.
func (sc *currentScan) configs(ctx context.Context, rpID string) ([]RoutingProfileQueue, error) {
	cfgs, err := sc.s.store.ListRoutingProfileQueues(ctx, sc.inst.ID, rpID, PageRequest{})
	if err != nil {
		return nil, err
	}
	served := map[string]bool{}
	for _, c := range cfgs {
		served[c.QueueID+"/"+c.Channel] = true
		served[c.QueueID] = true
	}
	sc.served[rpID] = served
	return cfgs, nil
}

// loadConfigs reads a routing profile's queue configurations into
// sc.served (queue ID, and queue ID "/" channel), unless read already.
func (sc *currentScan) loadConfigs(ctx context.Context, rpID string) error {
	if _, ok := sc.served[rpID]; ok {
		return nil
	}
	_, err := sc.configs(ctx, rpID)
	return err
}

// rows lists the result rows of groupings: each combination of the
// dimensions' values (a queue and a routing profile only when the profile
// serves the queue); one row without groupings.
func (sc *currentScan) rows(ctx context.Context, groupings []string) ([]CurrentMetricRow, error) {
	rows := []CurrentMetricRow{{}}
	for _, g := range groupings {
		var next []CurrentMetricRow
		for _, r := range rows {
			switch g {
			case GroupingQueue:
				for _, q := range sc.queueIDs {
					if r.RoutingProfile != nil {
						if ok := sc.served[r.RoutingProfile.ID][q]; !ok {
							continue
						}
					}
					r.Queue = sc.userDataScan.queues[q]
					next = append(next, r)
				}
			case GroupingChannel:
				for _, ch := range sc.channels {
					r.Channel = ch
					next = append(next, r)
				}
			case GroupingRoutingProfile:
				ids, err := sc.profilesInScope(ctx)
				if err != nil {
					return nil, err
				}
				for _, id := range ids {
					if r.Queue != nil && !sc.served[id][r.Queue.ID] {
						continue
					}
					r.RoutingProfile = sc.userDataScan.profiles[id]
					next = append(next, r)
				}
			case GroupingAgentStatus:
				sts, err := sc.statusesInScope(ctx)
				if err != nil {
					return nil, err
				}
				for _, st := range sts {
					r.AgentStatus = st
					next = append(next, r)
				}
			}
		}
		rows = next
	}
	return rows, nil
}

// statusesInScope returns the agent statuses an AGENT_STATUS grouping has
// rows for: the filter's, or every status of the instance, by ID.
func (sc *currentScan) statusesInScope(ctx context.Context) ([]*AgentStatus, error) {
	var out []*AgentStatus
	if sc.statusIDs != nil {
		for _, id := range sc.statusIDs {
			out = append(out, sc.statuses[id])
		}
		return out, nil
	}
	out, err := sc.s.store.ListAgentStatuses(ctx, sc.inst.ID, nil, PageRequest{})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *AgentStatus) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// profilesInScope returns the routing profiles a ROUTING_PROFILE grouping
// has rows for: the filter's, or those serving a queue of the filter.
func (sc *currentScan) profilesInScope(ctx context.Context) ([]string, error) {
	if !sc.byQueue {
		return sc.rpIDs, nil
	}
	var ids []string
	for _, q := range sc.queueIDs {
		rps, err := sc.s.store.ListRoutingProfilesByQueue(ctx, sc.inst.ID, q)
		if err != nil {
			return nil, err
		}
		for _, rp := range rps {
			if !slices.Contains(ids, rp.ID) {
				ids = append(ids, rp.ID)
				sc.userDataScan.profiles[rp.ID] = rp
				if err := sc.loadConfigs(ctx, rp.ID); err != nil {
					return nil, err
				}
			}
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// measure computes every metric of row r. grouped says whether the request
// has groupings: OLDEST_CONTACT_AGE is then in seconds, else (as AWS
// documents) in milliseconds.
func (sc *currentScan) measure(r CurrentMetricRow, grouped bool) map[string]float64 {
	channels := sc.channels
	if r.Channel != "" {
		channels = []string{r.Channel}
	}
	queues := sc.queueIDs
	if r.Queue != nil {
		queues = []string{r.Queue.ID}
	} else if r.RoutingProfile != nil {
		queues = nil
		for _, q := range sc.queueIDs {
			if sc.served[r.RoutingProfile.ID][q] {
				queues = append(queues, q)
			}
		}
	}
	v := map[string]float64{}
	for _, a := range sc.agents {
		if !sc.agentInScope(a, r, queues, channels) {
			continue
		}
		sc.measureAgent(v, a, channels)
	}
	v[MetricAgentsOnCall] = v[MetricAgentsOnContact]
	var oldest *time.Time
	for _, q := range queues {
		for _, c := range sc.queued[q] {
			if !slices.Contains(channels, c.Channel) || c.QueueID != q {
				continue
			}
			switch c.State {
			case StateQueued:
				v[MetricContactsInQueue]++
				if c.EnqueueTimestamp != nil && (oldest == nil || c.EnqueueTimestamp.Before(*oldest)) {
					oldest = c.EnqueueTimestamp
				}
			case StateScheduled:
				v[MetricContactsScheduled]++
			}
		}
	}
	if oldest != nil {
		age := max(0, sc.now.Sub(*oldest))
		if grouped {
			v[MetricOldestContactAge] = float64(age / time.Second)
		} else {
			v[MetricOldestContactAge] = float64(age / time.Millisecond)
		}
	}
	return v
}

// agentInScope reports whether agent a counts in row r: its routing profile
// is the row's (or one of the filter's), and it serves one of queues (a
// queue of its profile, or its own agent queue) on one of channels.
func (sc *currentScan) agentInScope(a *agentNow, r CurrentMetricRow, queues, channels []string) bool {
	if a.rp == nil {
		return false
	}
	switch {
	case r.RoutingProfile != nil && a.rp.ID != r.RoutingProfile.ID:
		return false
	case r.AgentStatus != nil && (a.status == nil || a.status.ID != r.AgentStatus.ID):
		return false
	case sc.statusIDs != nil && (a.status == nil || !slices.Contains(sc.statusIDs, a.status.ID)):
		return false
	case !sc.byQueue && r.RoutingProfile == nil && !slices.Contains(sc.rpIDs, a.rp.ID):
		return false
	}
	for _, ch := range channels {
		if concurrency(a.rp, ch) == 0 {
			continue
		}
		if !sc.byQueue && r.Queue == nil {
			return true
		}
		for _, q := range queues {
			if q == a.u.ID || sc.served[a.rp.ID][q+"/"+ch] {
				return true
			}
		}
	}
	return false
}

// concurrency is the number of contacts of channel ch rp lets an agent hold.
func concurrency(rp *RoutingProfile, ch string) int {
	for _, m := range rp.MediaConcurrencies {
		if m.Channel == ch {
			return int(m.Concurrency)
		}
	}
	return 0
}

// measureAgent adds agent a to the agent and slot metrics in v, counting
// its contacts and slots of channels only.
func (sc *currentScan) measureAgent(v map[string]float64, a *agentNow, channels []string) {
	var holds, onContact bool
	busy := map[string]int{} // slots in use by channel: offered or connected
	for _, c := range a.contacts {
		if !slices.Contains(channels, c.Channel) {
			continue
		}
		holds = true
		switch c.State {
		case StateConnected, StatePaused:
			onContact = true
			v[MetricSlotsActive]++
		}
		if c.State != StatePaused {
			busy[c.Channel]++
		}
	}
	typ := AgentStatusCustom
	if a.status != nil {
		typ = a.status.Type
	}
	v[MetricAgentsOnline]++
	if onContact {
		v[MetricAgentsOnContact]++
	}
	switch {
	case typ == AgentStatusRoutable:
		v[MetricAgentsStaffed]++
		if !holds {
			v[MetricAgentsAvailable]++
		}
		for _, ch := range channels {
			v[MetricSlotsAvailable] += float64(max(0, concurrency(a.rp, ch)-busy[ch]))
		}
	case onContact:
		v[MetricAgentsStaffed]++
	case typ == AgentStatusCustom && !holds:
		v[MetricAgentsNonProductive]++
	}
}
