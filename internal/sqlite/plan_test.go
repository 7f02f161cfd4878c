package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestQueryPlans checks that the hot statements are indexed lookups: no
// full table scan of a real table in their EXPLAIN QUERY PLAN.
func TestQueryPlans(t *testing.T) {
	t.Parallel()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "connectd.db"), Options{})
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
		{"ListContactFlows", qListContactFlows, []any{"i", "", `["A"]`, 10}},
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
		{"NextQueued", qNextQueued, []any{"i", `["q"]`}},
		{"CountQueued", qCountQueued, []any{"i", "q"}},
		{"AgentContacts", qAgentContacts, []any{"i", "u"}},
		{"FlowLog", qFlowLog, []any{"i", "c"}},
		{"EventsAfter", qEventsAfter, []any{0, 10}},
		{"GetTaskTemplate", qGetTaskTemplate, []any{"i", "t"}},
		{"GetTaskTemplateByName", qGetTaskTemplateByName, []any{"i", "n"}},
		{"GetTaskTemplateByClientToken", qGetTaskTemplateByClientToken, []any{"i", "t"}},
		{"GetTaskTemplateVersion", qGetTaskTemplateVersion, []any{"i", "t", 1}},
		{"ListTaskTemplates", qListTaskTemplates, []any{"i", "ACTIVE", ""}},
		{"SnapshotTaskTemplate", qSnapshotTaskTemplate, []any{"i", "t"}},
		{"GetQuickConnect", qGetQuickConnect, []any{"i", "q"}},
		{"GetQuickConnectByName", qGetQuickConnectByName, []any{"i", "n"}},
		{"ListQuickConnects", qListQuickConnects, []any{"i", "", `["USER"]`, 10}},
		{"UnlinkQuickConnect", qUnlinkQuickConnect, []any{"i", "q"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rows, err := db.rdb.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+tc.query, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			for _, d := range plan {
				if strings.HasPrefix(d, "SCAN ") && !strings.Contains(d, "VIRTUAL TABLE") && !strings.Contains(d, "USING ") {
					t.Errorf("plan has a table scan: %q (plan %q)", d, plan)
				}
			}
		})
	}
}
