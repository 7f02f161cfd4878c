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
		{"DueTasks", `SELECT id FROM contacts WHERE state = 'SCHEDULED' AND scheduled_ts <= $1 ORDER BY scheduled_ts LIMIT 10`, []any{0}},
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
