package postgres

import (
	"context"
	"strings"
	"testing"

	"connectd/internal/sqlstore"
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
	tests := sqlstore.Statements(dialect{})
	tests = append(tests,
		sqlstore.Statement{Name: "AppendEvent", SQL: qAppendEvent, Args: []any{0, "a", "r", "i", "c", "t", 0, "{}"}},
		sqlstore.Statement{Name: "ActiveFast", SQL: qActiveFast, Args: []any{"i", 2500}},
		sqlstore.Statement{Name: "ActiveEnd", SQL: qActiveEnd, Args: []any{"i"}},
		sqlstore.Statement{Name: "ActiveShards", SQL: qActiveShards, Args: []any{"i"}},
		sqlstore.Statement{Name: "KeepEventSeq", SQL: dialect{}.KeepEventSeq(), Args: []any{0}})
	for _, tc := range tests {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			tx, err := db.pool.Begin(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(context.Background())
			if _, err := tx.Exec(t.Context(), "SET LOCAL enable_seqscan = off"); err != nil {
				t.Fatal(err)
			}
			rows, err := tx.Query(t.Context(), "EXPLAIN "+rewrite(tc.SQL), tc.Args...)
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
