package connect

import (
	"context"
	"slices"
	"time"
)

// GetCurrentUserData: the real-time view of agents, as the real-time metrics
// report shows them. Amazon Connect reports the users who are logged in to
// the Contact Control Panel; connectd has no logins, so a user counts as
// logged in unless their agent status is of type OFFLINE (what a user who
// never logged in, or logged out, has) and they hold no contacts.

// Contact states as GetCurrentUserData reports an agent's contacts (AWS
// ContactState).
const (
	AgentContactConnecting      = "CONNECTING"
	AgentContactConnected       = "CONNECTED"
	AgentContactConnectedOnHold = "CONNECTED_ONHOLD"
)

// UserDataFilter is GetCurrentUserData's Filters. Exactly one of Queues,
// RoutingProfiles, Agents and HierarchyGroups selects the users; items are
// IDs or ARNs. ContactStates, when set, keeps the users holding a contact in
// one of those states.
type UserDataFilter struct {
	Queues          []string
	RoutingProfiles []string
	Agents          []string
	HierarchyGroups []string
	ContactStates   []string
}

// UserData is one agent's real-time data (AWS UserData).
type UserData struct {
	User *User
	// RoutingProfile is the user's routing profile; Status their agent status.
	RoutingProfile *RoutingProfile
	// HierarchyPath is the path of the user's hierarchy group, level one
	// first (none without a group).
	HierarchyPath []*HierarchyGroup
	Status        *AgentStatus
	// Slots by channel: the routing profile's concurrency, the slots the
	// agent's contacts use (offered or connected; a paused task frees its
	// slot), and what is left.
	MaxSlots, ActiveSlots, AvailableSlots map[string]int
	Contacts                              []AgentContact
}

// AgentContact is a contact an agent holds (AWS AgentContactReference).
type AgentContact struct {
	Contact *Contact
	// State is the AWS ContactState: CONNECTING (offered), CONNECTED, or
	// CONNECTED_ONHOLD for a paused task. ContactState has no PAUSED value;
	// a paused task stays with its agent, set aside, as a contact on hold
	// does, so CONNECTED_ONHOLD is the closest documented state.
	State string
	// StateStart is when the contact entered State. connectd does not
	// record when a contact was offered: CONNECTING uses the contact's last
	// update, which the offer sets.
	StateStart time.Time
	// QueueARN is the ARN of the queue the contact came through.
	QueueARN string
}

// agentContactState returns the ContactState an agent's contact in s shows.
func agentContactState(s ContactState) string {
	switch s {
	case StateConnecting:
		return AgentContactConnecting
	case StatePaused:
		return AgentContactConnectedOnHold
	}
	return AgentContactConnected
}

// agentContactStart returns when c entered its state with the agent.
func agentContactStart(c *Contact) time.Time {
	switch c.State {
	case StatePaused:
		if c.LastPausedTimestamp != nil {
			return *c.LastPausedTimestamp
		}
	case StateConnected:
		t := c.LastUpdateTimestamp
		if c.ConnectedToAgentTimestamp != nil {
			t = *c.ConnectedToAgentTimestamp
		}
		if c.LastResumedTimestamp != nil && c.LastResumedTimestamp.After(t) {
			t = *c.LastResumedTimestamp
		}
		return t
	}
	return c.LastUpdateTimestamp
}

// checkUserDataFilter applies the documented rule: "A maximum of one filter
// can be passed from queues, routing profiles, agents, and user hierarchy
// groups", and one is needed to say whose data to return.
func checkUserDataFilter(f UserDataFilter) error {
	n := 0
	for _, l := range [][]string{f.Queues, f.RoutingProfiles, f.Agents, f.HierarchyGroups} {
		if len(l) > 0 {
			n++
		}
	}
	switch {
	case n == 0:
		return Errorf(Invalid, "Filters must include one of Queues, RoutingProfiles, Agents or UserHierarchyGroups.")
	case n > 1:
		return Errorf(Invalid, "A maximum of one filter can be passed from Queues, RoutingProfiles, Agents and UserHierarchyGroups.")
	}
	return nil
}

// userDataScan is one GetCurrentUserData call's reads, cached.
type userDataScan struct {
	s        *Service
	inst     *Instance
	statuses map[string]*AgentStatus
	profiles map[string]*RoutingProfile
	served   map[string]map[string]bool // routing profile ID → queue IDs it serves
	queues   map[string]*Queue
	groups   map[string]*HierarchyGroup // nil: the group no longer exists
}

// idSet returns the IDs refs name in inst as resources of kind r. A value
// that is not an ID or an ARN of such a resource of inst names nothing.
func idSet(inst *Instance, refs []string, r Resource) map[string]bool {
	out := map[string]bool{}
	for _, ref := range refs {
		if id, err := resourceID(inst, ref, r); err == nil {
			out[id] = true
		}
	}
	return out
}

// usersBatch is how many users GetCurrentUserData reads at once.
const usersBatch = 500

// GetCurrentUserData returns one page (in user ID order) of the real-time
// data of the logged-in agents f selects, the next page's token, and how
// many agents match in all. Values in the filter that name nothing select
// nothing. A UserHierarchyGroups filter selects the users of the group and
// of the groups below it, as the real-time metrics' hierarchy filter does.
func (s *Service) GetCurrentUserData(ctx context.Context, p Partition, instanceID string, f UserDataFilter, token string, max int) ([]UserData, string, int, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, "", 0, err
	}
	if err := checkUserDataFilter(f); err != nil {
		return nil, "", 0, err
	}
	pr, err := pageRequest(token, max, defaultPageSize)
	if err != nil {
		return nil, "", 0, err
	}
	sc := &userDataScan{s: s, inst: inst, statuses: map[string]*AgentStatus{}, profiles: map[string]*RoutingProfile{},
		served: map[string]map[string]bool{}, queues: map[string]*Queue{}, groups: map[string]*HierarchyGroup{}}
	agents, profiles, queues := idSet(inst, f.Agents, ResourceUser), idSet(inst, f.RoutingProfiles, ResourceRoutingProfile),
		idSet(inst, f.Queues, ResourceQueue)
	groups := idSet(inst, f.HierarchyGroups, ResourceHierarchyGroup)
	type match struct {
		u        *User
		contacts []*Contact
	}
	var matches []match
	after := ""
	for {
		users, err := s.store.ListUsers(ctx, inst.ID, PageRequest{After: after, Limit: usersBatch})
		if err != nil {
			return nil, "", 0, err
		}
		for _, u := range users {
			var selected bool
			switch {
			case len(f.Agents) > 0:
				selected = agents[u.ID]
			case len(f.RoutingProfiles) > 0:
				selected = profiles[u.RoutingProfileID]
			case len(f.Queues) > 0:
				if selected, err = sc.servesAny(ctx, u, queues); err != nil {
					return nil, "", 0, err
				}
			case len(f.HierarchyGroups) > 0:
				if selected, err = sc.inGroups(ctx, u, groups); err != nil {
					return nil, "", 0, err
				}
			}
			if !selected {
				continue
			}
			cs, ok, err := sc.loggedIn(ctx, u)
			if err != nil {
				return nil, "", 0, err
			}
			if ok && holdsState(cs, f.ContactStates) {
				matches = append(matches, match{u, cs})
			}
		}
		if len(users) < usersBatch {
			break
		}
		after = users[len(users)-1].ID
	}
	total := len(matches)
	start, _ := slices.BinarySearchFunc(matches, pr.After, func(m match, id string) int {
		switch {
		case m.u.ID < id:
			return -1
		case m.u.ID > id:
			return 1
		}
		return 0
	})
	if start < len(matches) && matches[start].u.ID == pr.After {
		start++
	}
	page, next := nextToken(matches[start:min(len(matches), start+pr.Limit)], pr, func(m match) string { return m.u.ID })
	out := make([]UserData, 0, len(page))
	for _, m := range page {
		d, err := sc.userData(ctx, m.u, m.contacts)
		if err != nil {
			return nil, "", 0, err
		}
		out = append(out, d)
	}
	return out, next, total, nil
}

// loggedIn returns the contacts u holds and whether u counts as logged in.
func (sc *userDataScan) loggedIn(ctx context.Context, u *User) ([]*Contact, bool, error) {
	cs, err := sc.s.store.ListAgentContacts(ctx, sc.inst.ID, u.ID)
	if err != nil {
		return nil, false, err
	}
	st, err := sc.status(ctx, u.StatusID)
	if err != nil {
		return nil, false, err
	}
	return cs, len(cs) > 0 || st == nil || st.Type != AgentStatusOffline, nil
}

// holdsState reports whether one of cs is in one of states (any when
// states is empty).
func holdsState(cs []*Contact, states []string) bool {
	if len(states) == 0 {
		return true
	}
	for _, c := range cs {
		if slices.Contains(states, agentContactState(c.State)) {
			return true
		}
	}
	return false
}

// servesAny reports whether u takes contacts from one of queues: their own
// agent queue, or a queue of their routing profile.
func (sc *userDataScan) servesAny(ctx context.Context, u *User, queues map[string]bool) (bool, error) {
	if queues[u.ID] { // an agent queue's ID is its user's
		return true, nil
	}
	served, ok := sc.served[u.RoutingProfileID]
	if !ok {
		qs, err := sc.s.store.ListRoutingProfileQueues(ctx, sc.inst.ID, u.RoutingProfileID, PageRequest{})
		if err != nil {
			return false, err
		}
		served = map[string]bool{}
		for _, q := range qs {
			served[q.QueueID] = true
		}
		sc.served[u.RoutingProfileID] = served
	}
	for q := range queues {
		if served[q] {
			return true, nil
		}
	}
	return false, nil
}

// inGroups reports whether u's hierarchy group is one of groups or below one.
func (sc *userDataScan) inGroups(ctx context.Context, u *User, groups map[string]bool) (bool, error) {
	g, err := sc.group(ctx, u.HierarchyGroupID)
	if err != nil || g == nil {
		return false, err
	}
	for _, id := range g.Path {
		if groups[id] {
			return true, nil
		}
	}
	return false, nil
}

// group returns hierarchy group id (nil for "" or a group that no longer exists).
func (sc *userDataScan) group(ctx context.Context, id string) (*HierarchyGroup, error) {
	if id == "" {
		return nil, nil
	}
	if g, ok := sc.groups[id]; ok {
		return g, nil
	}
	g, err := sc.s.store.GetHierarchyGroup(ctx, sc.inst.ID, id)
	if IsNotFound(err) {
		g, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	sc.groups[id] = g
	return g, nil
}

// hierarchyPath returns the groups of u's group's path, level one first.
func (sc *userDataScan) hierarchyPath(ctx context.Context, u *User) ([]*HierarchyGroup, error) {
	g, err := sc.group(ctx, u.HierarchyGroupID)
	if err != nil || g == nil {
		return nil, err
	}
	out := make([]*HierarchyGroup, 0, len(g.Path))
	for _, id := range g.Path {
		a, err := sc.group(ctx, id)
		if err != nil {
			return nil, err
		}
		if a != nil {
			out = append(out, a)
		}
	}
	return out, nil
}

func (sc *userDataScan) status(ctx context.Context, id string) (*AgentStatus, error) {
	if st, ok := sc.statuses[id]; ok {
		return st, nil
	}
	st, err := sc.s.store.GetAgentStatus(ctx, sc.inst.ID, id)
	if IsNotFound(err) {
		st, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	sc.statuses[id] = st
	return st, nil
}

func (sc *userDataScan) profile(ctx context.Context, id string) (*RoutingProfile, error) {
	if rp, ok := sc.profiles[id]; ok {
		return rp, nil
	}
	rp, err := sc.s.store.GetRoutingProfile(ctx, sc.inst.ID, id)
	if IsNotFound(err) {
		rp, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	sc.profiles[id] = rp
	return rp, nil
}

// queueARN returns the ARN of queue id ("" when it no longer exists).
func (sc *userDataScan) queueARN(ctx context.Context, id string) (string, error) {
	q, ok := sc.queues[id]
	if !ok {
		var err error
		q, err = sc.s.store.GetQueue(ctx, sc.inst.ID, id)
		if IsNotFound(err) {
			q, err = nil, nil
		}
		if err != nil {
			return "", err
		}
		sc.queues[id] = q
	}
	if q == nil {
		return "", nil
	}
	return q.ARN, nil
}

// userData builds u's UserData from the contacts cs u holds.
func (sc *userDataScan) userData(ctx context.Context, u *User, cs []*Contact) (UserData, error) {
	d := UserData{User: u, MaxSlots: map[string]int{}, ActiveSlots: map[string]int{}, AvailableSlots: map[string]int{}}
	var err error
	if d.Status, err = sc.status(ctx, u.StatusID); err != nil {
		return d, err
	}
	if d.RoutingProfile, err = sc.profile(ctx, u.RoutingProfileID); err != nil {
		return d, err
	}
	if d.HierarchyPath, err = sc.hierarchyPath(ctx, u); err != nil {
		return d, err
	}
	if d.RoutingProfile != nil {
		for _, m := range d.RoutingProfile.MediaConcurrencies {
			d.MaxSlots[m.Channel] = int(m.Concurrency)
			d.ActiveSlots[m.Channel] = 0
		}
	}
	for _, c := range cs {
		if c.State != StatePaused {
			d.ActiveSlots[c.Channel]++
		}
		ac := AgentContact{Contact: c, State: agentContactState(c.State), StateStart: agentContactStart(c)}
		if c.QueueID != "" {
			if ac.QueueARN, err = sc.queueARN(ctx, c.QueueID); err != nil {
				return d, err
			}
		}
		d.Contacts = append(d.Contacts, ac)
	}
	for ch, active := range d.ActiveSlots {
		d.AvailableSlots[ch] = max(0, d.MaxSlots[ch]-active)
		if _, ok := d.MaxSlots[ch]; !ok {
			d.MaxSlots[ch] = 0
		}
	}
	return d, nil
}
