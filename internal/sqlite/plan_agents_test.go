package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestAgentQueryPlans checks that the statements of 0002_agents are indexed
// lookups: no full scan of a real table, and ListRoutableUsers reads its
// partial index in order (no sort).
func TestAgentQueryPlans(t *testing.T) {
	t.Parallel()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "connectd.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tests := []struct {
		name   string
		query  string
		args   []any
		noSort bool
	}{
		{"GetUser", qGetUser, []any{"i", "u"}, false},
		{"GetUserByUsername", qGetUserByUsername, []any{"i", "n"}, false},
		{"ListUsers", qListUsers, []any{"i", "", 10}, true},
		{"ListRoutableUsers", qListRoutableUsers, []any{"i"}, true},
		{"CountUsersByRoutingProfile", qCountUsersByRoutingProfile, []any{"i", "r"}, false},
		{"InsertUserStatusType", `SELECT ` + statusType, []any{"i", "s"}, false},
		{"DeleteAgentQueue", qDeleteAgentQueue, []any{"i", "u"}, false},
		{"GetRoutingProfile", qGetRoutingProfile, []any{"i", "r"}, false},
		{"GetRoutingProfileByName", qGetRoutingProfileByName, []any{"i", "n"}, false},
		{"ListRoutingProfiles", qListRoutingProfiles, []any{"i", "", 10}, true},
		{"ListRoutingProfileQueues", qListRoutingProfileQueues, []any{"i", "r", "", "", 10}, true},
		{"DeleteRoutingProfileQueue", qDeleteRoutingProfileQueue, []any{"i", "r", "q", "TASK"}, false},
		{"QueuesServingQueue", `SELECT routing_profile_id FROM routing_profile_queues WHERE instance_id = ? AND queue_id = ? AND channel = ?`, []any{"i", "q", "TASK"}, false},
		{"GetAgentStatus", qGetAgentStatus, []any{"i", "s"}, false},
		{"GetAgentStatusByName", qGetAgentStatusByName, []any{"i", "n"}, false},
		{"ListAgentStatuses", qListAgentStatuses, []any{"i", "", `["ROUTABLE"]`, 10}, true},
		{"GetSecurityProfile", qGetSecurityProfile, []any{"i", "s"}, false},
		{"ListSecurityProfiles", qListSecurityProfiles, []any{"i", "", 10}, true},
		{"GetHoursOfOperationByName", qGetHoursOfOperationByName, []any{"i", "n"}, false},
		{"CountQueuesByHoursOfOperation", qCountQueuesByHoursOfOperation, []any{"i", "h"}, false},
		{"GetQueueByName", qGetQueueByName, []any{"i", "n"}, false},
		{"SetTagsUser", taggedTables[5], []any{nil, "arn"}, false},
		{"SetTagsAgentStatus", taggedTables[8], []any{nil, "arn"}, false},
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
				if strings.HasPrefix(d, "SCAN ") && !strings.Contains(d, "VIRTUAL TABLE") && d != "SCAN CONSTANT ROW" {
					t.Errorf("plan has a table scan: %q (plan %q)", d, plan)
				}
				if tc.noSort && strings.Contains(d, "TEMP B-TREE") {
					t.Errorf("plan sorts: %q (plan %q)", d, plan)
				}
			}
		})
	}
}
