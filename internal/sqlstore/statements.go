package sqlstore

import (
	"time"

	"connectd/internal/connect"
)

// Statement is a statement the store runs often, with sample arguments. The
// backends' plan tests check on their engine that each one is an indexed
// lookup, so that a hot path never scans a table.
type Statement struct {
	Name string
	SQL  string // neutral dialect
	Args []any  // list parameters already encoded with the Dialect
	// InOrder: the statement reads an index in its ORDER BY's order, with
	// no sort step.
	InOrder bool
	// Uses, when set, names an index the plan must read (SQLite, which
	// might otherwise walk a less selective index of the instance).
	Uses string
	// Covering: SQLite reads Uses as a covering index (never the table).
	Covering bool
}

// Statements returns the hot statements with arguments for d. The active
// contact counters are each dialect's own (Dialect.AddActiveContacts), and
// so are their plan tests.
func Statements(d Dialect) []Statement {
	l := d.List
	eventsAfter, partitionEventsAfter := EventStatements(d)
	return append([]Statement{
		{Name: "GetInstance", SQL: qGetInstance, Args: []any{"i"}},
		{Name: "GetInstanceByAlias", SQL: qGetInstanceByAlias, Args: []any{"a", "r", "x"}},
		{Name: "GetInstanceByClientToken", SQL: qGetInstanceByClientToken, Args: []any{"a", "r", "x"}},
		{Name: "ListInstances", SQL: qListInstances, Args: []any{"a", "r", "", 10}},
		{Name: "GetContactFlow", SQL: qGetContactFlow, Args: []any{"i", "f"}},
		{Name: "GetInstanceFlow", SQL: qGetInstanceFlow, Args: []any{"i", "f"}},
		{Name: "GetContactFlowByName", SQL: qGetContactFlowByName, Args: []any{"i", "n"}},
		{Name: "ListContactFlows", SQL: qListContactFlows, Args: []any{"i", "", l([]string{"A"}), 10}},
		{Name: "GetQueue", SQL: qGetQueue, Args: []any{"i", "q"}},
		{Name: "GetQueueByName", SQL: qGetQueueByName, Args: []any{"i", "n"}},
		{Name: "ListQueues", SQL: qListQueues, Args: []any{"i", "", l(nil), 10}},
		{Name: "GetHoursOfOperation", SQL: qGetHoursOfOperation, Args: []any{"i", "h"}},
		{Name: "ListHoursOfOperations", SQL: qListHoursOfOperations, Args: []any{"i", "", 10}},
		{Name: "GetContact", SQL: qGetContact, Args: []any{"i", "c"}},
		{Name: "GetContactByClientToken", SQL: qGetContactByClientToken, Args: []any{"i", "t"}},
		{Name: "GetPartitionContact", SQL: qGetPartitionContact, Args: []any{"i", "c", "a", "r"}},
		{Name: "CountContactsByPrevious", SQL: qCountContactsByPrevious, Args: []any{"i", "p"}, Uses: "contacts_previous"},
		{Name: "GetAttributes", SQL: qGetAttributes, Args: []any{"i", "s"}},
		{Name: "GetAttributeSets", SQL: qGetAttributeSets, Args: []any{"i", l([]string{"s"})}},
		{Name: "SetTagsContact", SQL: taggedTables[4], Args: []any{nil, "arn"}},
		{Name: "SetTagsUser", SQL: taggedTables[7], Args: []any{nil, "arn"}},
		{Name: "SetTagsAgentStatus", SQL: taggedTables[10], Args: []any{nil, "arn"}},
		{Name: "NextWake", SQL: qNextWake},
		{Name: "DueContacts", SQL: qDueContacts + d.ClaimDue(), Args: []any{0, 10}, InOrder: true},
		{Name: "NextQueued", SQL: qNextQueued, Args: []any{"i", "q"}, Uses: "contacts_offer_order", InOrder: true},
		{Name: "CountQueued", SQL: qCountQueued, Args: []any{"i", "q"}},
		{Name: "AgentContacts", SQL: qAgentContacts, Args: []any{"i", "u"}, Uses: "contacts_agent_active", InOrder: true},
		{Name: "QueuedContacts", SQL: qQueuedContacts, Args: []any{"i", "q", 10}},
		{Name: "QueueStats", SQL: qQueueStats, Args: []any{"i", "q"}},
		{Name: "ScheduledDue", SQL: qScheduledDue, Args: []any{"i", 0, 1}, Uses: "contacts_wake"},
		{Name: "ContactEvents", SQL: qContactEvents, Args: []any{"i", "c", 10}},
		{Name: "FlowLog", SQL: qFlowLog, Args: []any{"i", "c"}},
		{Name: "EventsAfter", SQL: eventsAfter, Args: []any{0, 10}},
		{Name: "PartitionEventsAfter", SQL: partitionEventsAfter, Args: []any{"a", "r", 0, 10}, InOrder: true},
		{Name: "LastEventSeq", SQL: d.LastEventSeq()},
		{Name: "GetTaskTemplate", SQL: qGetTaskTemplate, Args: []any{"i", "t"}},
		{Name: "GetTaskTemplateByName", SQL: qGetTaskTemplateByName, Args: []any{"i", "n"}},
		{Name: "GetTaskTemplateByClientToken", SQL: qGetTaskTemplateByClientToken, Args: []any{"i", "t"}},
		{Name: "GetTaskTemplateVersion", SQL: qGetTaskTemplateVersion, Args: []any{"i", "t", 1}},
		{Name: "ListTaskTemplates", SQL: qListTaskTemplates, Args: []any{"i", "ACTIVE", ""}},
		{Name: "SnapshotTaskTemplate", SQL: qSnapshotTaskTemplate, Args: []any{"i", "t"}},
		{Name: "GetQuickConnect", SQL: qGetQuickConnect, Args: []any{"i", "q"}},
		{Name: "GetQuickConnectByName", SQL: qGetQuickConnectByName, Args: []any{"i", "n"}},
		{Name: "ListQuickConnects", SQL: qListQuickConnects, Args: []any{"i", "", l([]string{"USER"}), 10}},
		{Name: "QueuesWithQuickConnects", SQL: qQueuesWithQuickConnects, Args: []any{"i"}},
		{Name: "GetUser", SQL: qGetUser, Args: []any{"i", "u"}},
		{Name: "GetUserByUsername", SQL: qGetUserByUsername, Args: []any{"i", "n"}},
		{Name: "ListUsers", SQL: qListUsers, Args: []any{"i", "", 10}, InOrder: true},
		{Name: "ListRoutableUsers", SQL: qListRoutableUsers, Args: []any{"i"}, InOrder: true},
		{Name: "CountUsersByRoutingProfile", SQL: qCountUsersByRoutingProfile, Args: []any{"i", "r"}},
		{Name: "ListUsersByRoutingProfile", SQL: qListUsersByRoutingProfile, Args: []any{"i", "r", "", 1}},
		{Name: "InsertUserStatusType", SQL: `SELECT ` + statusType, Args: []any{"i", "s"}},
		{Name: "DeleteAgentQueue", SQL: qDeleteAgentQueue, Args: []any{"i", "u"}},
		{Name: "GetRoutingProfile", SQL: qGetRoutingProfile, Args: []any{"i", "r"}},
		{Name: "GetRoutingProfileByName", SQL: qGetRoutingProfileByName, Args: []any{"i", "n"}},
		{Name: "ListRoutingProfiles", SQL: qListRoutingProfiles, Args: []any{"i", "", 10}, InOrder: true},
		{Name: "ListRoutingProfileQueues", SQL: qListRoutingProfileQueues, Args: []any{"i", "r", "", "", 10}, InOrder: true},
		{Name: "DeleteRoutingProfileQueue", SQL: qDeleteRoutingProfileQueue, Args: []any{"i", "r", "q", "TASK"}},
		{Name: "GetAgentStatus", SQL: qGetAgentStatus, Args: []any{"i", "s"}},
		{Name: "GetAgentStatusByName", SQL: qGetAgentStatusByName, Args: []any{"i", "n"}},
		{Name: "ListAgentStatuses", SQL: qListAgentStatuses, Args: []any{"i", "", l([]string{"ROUTABLE"}), 10}, InOrder: true},
		{Name: "GetSecurityProfile", SQL: qGetSecurityProfile, Args: []any{"i", "s"}},
		{Name: "ListSecurityProfiles", SQL: qListSecurityProfiles, Args: []any{"i", "", 10}, InOrder: true},
		{Name: "GetHoursOfOperationByName", SQL: qGetHoursOfOperationByName, Args: []any{"i", "n"}},
		{Name: "CountQueuesByHoursOfOperation", SQL: qCountQueuesByHoursOfOperation, Args: []any{"i", "h"}},
		// DeleteQueue's checks: not hot, but a DeleteQueue must not read every contact.
		{Name: "QueueContacts", SQL: qQueueContacts, Args: []any{"i", "q", 1}, InOrder: true},
		{Name: "RoutingProfilesByQueue", SQL: qRoutingProfilesByQueue, Args: []any{"i", "q"}},
		{Name: "QuickConnectsByQueue", SQL: qQuickConnectsByQueue, Args: []any{"i", "q"}},
	}, append(append(hierarchyStatements(), searchStatements(d)...), metricsStatements(d)...)...)
}

// metricsStatements are GetMetricDataV2's aggregates, grouped by every
// dimension: the ended contacts' (with the transferred-out lookup and a
// queue time limit) read contacts_disconnect and the created contacts'
// contacts_initiation_id, each as a covering index.
func metricsStatements(d Dialect) []Statement {
	l := d.List
	all := connect.AggregateBy{Queue: true, Channel: true, Agent: true, RoutingProfile: true, InitiationMethod: true, DisconnectReason: true}
	args := []any{"i", 0, 3600000, l([]string{"q"}), 900000, l([]string{"TASK"}), l([]string{"u"}), l([]string{"r"})}
	ended := connect.AggregateQuery{Ended: true, By: all, Transferred: true, QueueLimits: []time.Duration{time.Minute}}
	return []Statement{
		{Name: "ContactAggregatesEnded", SQL: aggregatesStatement(ended), Args: append(args[:len(args):len(args)], 60000),
			Uses: "contacts_disconnect", Covering: true},
		{Name: "ContactAggregatesCreated", SQL: aggregatesStatement(connect.AggregateQuery{By: all}), Args: args,
			Uses: "contacts_initiation_id", Covering: true},
	}
}

// searchStatements are SearchContacts' selective criteria, each alone: the
// instance's contacts are read through the criterion's index, not walked.
func searchStatements(d Dialect) []Statement {
	kv := func(k string, v ...string) *connect.KeyValueMatch {
		return &connect.KeyValueMatch{Type: connect.MatchAll, Criteria: []connect.KeyValues{{Key: k, Values: v}}}
	}
	team := "billing"
	var out []Statement
	for _, c := range []struct {
		name, uses string
		q          connect.ContactQuery
	}{
		{"SearchContactsByQueue", "contacts_queue", connect.ContactQuery{QueueIDs: []string{"q"}}},
		{"SearchContactsByAgent", "contacts_agent", connect.ContactQuery{AgentIDs: []string{"u"}}},
		{"SearchContactsByAttribute", "contacts_attribute_set", connect.ContactQuery{Attributes: kv("order", "7")}},
		{"SearchContactsBySegmentAttribute", "contact_search_terms", connect.ContactQuery{SegmentAttributes: kv("connect:Subtype", "x")}},
		{"SearchContactsByTag", "contact_search_terms", connect.ContactQuery{Tags: &connect.TagFilter{
			Condition: &connect.TagCondition{Key: "team", Value: &team}}}},
	} {
		c.q.SortField, c.q.Limit = "INITIATION_TIMESTAMP", 10
		sq, err := searchQuery(d, "i", c.q)
		if err != nil {
			panic(err) // a programmer's error: the queries above are valid
		}
		out = append(out, Statement{Name: c.name, SQL: sq.page, Args: sq.args, Uses: c.uses})
	}
	return out
}
