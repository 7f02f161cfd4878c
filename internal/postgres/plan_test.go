package postgres

import (
	"context"
	"strings"
	"testing"
)

// TestQueryPlans checks that the hot statements are index lookups. With
// sequential scans disabled the planner still picks one when no index fits,
// so a "Seq Scan" in a plan means a missing index, whatever the (tiny) table
// sizes. Index lookups also matter for SERIALIZABLE: PostgreSQL's predicate
// locks then cover index pages, not whole tables, so unrelated Updates do
// not fail each other.
func TestQueryPlans(t *testing.T) {
	t.Parallel()
	db, err := Open(context.Background(), SchemaURL(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tests := []struct {
		name  string
		query string
		args  []any
	}{
		{"GetInstance", qGetInstance, []any{"i"}},
		{"GetInstanceByAlias", qGetInstanceByAlias, []any{"a", "r", "x"}},
		{"GetInstanceByClientToken", qGetInstanceByClientToken, []any{"a", "r", "x"}},
		{"ListInstances", qListInstances, []any{"a", "r", "", 10}},
		{"GetContactFlow", qGetContactFlow, []any{"i", "f"}},
		{"GetContactFlowByName", qGetContactFlowByName, []any{"i", "n"}},
		{"ListContactFlows", qListContactFlows, []any{"i", "", []string{"A"}, 10}},
		{"GetQueue", qGetQueue, []any{"i", "q"}},
		{"GetQueueByName", qGetQueueByName, []any{"i", "n"}},
		{"ListQueues", qListQueues, []any{"i", "", nil, 10}},
		{"GetHoursOfOperation", qGetHoursOfOperation, []any{"i", "h"}},
		{"ListHoursOfOperations", qListHoursOfOperations, []any{"i", "", 10}},
		{"GetContact", qGetContact, []any{"i", "c"}},
		{"GetContactByClientToken", qGetContactByClientToken, []any{"i", "t"}},
		{"CountContactsByPrevious", qCountContactsByPrevious, []any{"i", "p"}},
		{"GetAttributes", qGetAttributes, []any{"i", "s"}},
		{"SetTagsContact", taggedTables[4], []any{nil, "arn"}},
		{"NextWake", qNextWake, nil},
		{"DueContacts", qDueContacts, []any{0, 10}},
		{"NextQueued", qNextQueued, []any{"i", []string{"q"}}},
		{"CountQueued", qCountQueued, []any{"i", "q"}},
		{"AgentContacts", qAgentContacts, []any{"i", "u"}},
		{"FlowLog", qFlowLog, []any{"i", "c"}},
		{"EventsAfter", qEventsAfter, []any{0, 10}},
		{"NextEventSeq", qNextEventSeq, nil},
		{"LastEventSeq", qLastEventSeq, nil},
		{"AddActiveContacts", qAddActiveContacts, []any{"i", 1}},
		{"GetTaskTemplate", qGetTaskTemplate, []any{"i", "t"}},
		{"GetTaskTemplateByName", qGetTaskTemplateByName, []any{"i", "n"}},
		{"GetTaskTemplateByClientToken", qGetTaskTemplateByClientToken, []any{"i", "t"}},
		{"GetTaskTemplateVersion", qGetTaskTemplateVersion, []any{"i", "t", 1}},
		{"ListTaskTemplates", qListTaskTemplates, []any{"i", "ACTIVE", ""}},
		{"SnapshotTaskTemplate", qSnapshotTaskTemplate, []any{"i", "t"}},
		{"GetQuickConnect", qGetQuickConnect, []any{"i", "q"}},
		{"GetQuickConnectByName", qGetQuickConnectByName, []any{"i", "n"}},
		{"ListQuickConnects", qListQuickConnects, []any{"i", "", []string{"USER"}, 10}},
		{"QueuesWithQuickConnects", qQueuesWithQuickConnects, []any{"i"}},
		{"GetUser", qGetUser, []any{"i", "u"}},
		{"GetUserByUsername", qGetUserByUsername, []any{"i", "n"}},
		{"ListUsers", qListUsers, []any{"i", "", 10}},
		{"ListRoutableUsers", qListRoutableUsers, []any{"i"}},
		{"CountUsersByRoutingProfile", qCountUsersByRoutingProfile, []any{"i", "r"}},
		{"InsertUserStatusType", `SELECT ` + statusType, []any{"i", "s"}},
		{"DeleteAgentQueue", qDeleteAgentQueue, []any{"i", "u"}},
		{"GetRoutingProfile", qGetRoutingProfile, []any{"i", "r"}},
		{"GetRoutingProfileByName", qGetRoutingProfileByName, []any{"i", "n"}},
		{"ListRoutingProfiles", qListRoutingProfiles, []any{"i", "", 10}},
		{"ListRoutingProfileQueues", qListRoutingProfileQueues, []any{"i", "r", "", "", 10}},
		{"DeleteRoutingProfileQueue", qDeleteRoutingProfileQueue, []any{"i", "r", "q", "TASK"}},
		{"GetAgentStatus", qGetAgentStatus, []any{"i", "s"}},
		{"GetAgentStatusByName", qGetAgentStatusByName, []any{"i", "n"}},
		{"ListAgentStatuses", qListAgentStatuses, []any{"i", "", []string{"ROUTABLE"}, 10}},
		{"GetSecurityProfile", qGetSecurityProfile, []any{"i", "s"}},
		{"ListSecurityProfiles", qListSecurityProfiles, []any{"i", "", 10}},
		{"GetHoursOfOperationByName", qGetHoursOfOperationByName, []any{"i", "n"}},
		{"CountQueuesByHoursOfOperation", qCountQueuesByHoursOfOperation, []any{"i", "h"}},
		{"SetTagsUser", taggedTables[7], []any{nil, "arn"}},
		{"SetTagsAgentStatus", taggedTables[10], []any{nil, "arn"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tx, err := db.pool.Begin(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(context.Background())
			if _, err := tx.Exec(t.Context(), "SET LOCAL enable_seqscan = off"); err != nil {
				t.Fatal(err)
			}
			rows, err := tx.Query(t.Context(), "EXPLAIN "+tc.query, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var line string
				if err := rows.Scan(&line); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, line)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if p := strings.Join(plan, "\n"); strings.Contains(p, "Seq Scan") {
				t.Errorf("plan has a sequential scan:\n%s", p)
			}
		})
	}
}
