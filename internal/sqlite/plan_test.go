package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"connectd/internal/sqlstore"
)

// TestQueryPlans checks that the store's hot statements are indexed lookups
// on SQLite: no full table scan of a real table in their EXPLAIN QUERY PLAN,
// and no sort where the statement should read an index in order.
func TestQueryPlans(t *testing.T) {
	t.Parallel()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "connectd.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, st := range sqlstore.Statements(dialect{}) {
		t.Run(st.Name, func(t *testing.T) {
			t.Parallel()
			rows, err := db.rdb.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+rewrite(st.SQL), st.Args...)
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
				if strings.HasPrefix(d, "SCAN ") && !strings.Contains(d, "VIRTUAL TABLE") &&
					!strings.Contains(d, "USING ") && d != "SCAN CONSTANT ROW" &&
					!strings.HasPrefix(d, "SCAN (subquery-") && // the rows of a co-routine (a window count), not a table
					d != "SCAN sqlite_sequence" { // a row per AUTOINCREMENT table

					t.Errorf("plan has a table scan: %q (plan %q)", d, plan)
				}
				if st.InOrder && strings.Contains(d, "TEMP B-TREE") {
					t.Errorf("plan sorts: %q (plan %q)", d, plan)
				}
			}
			if st.Uses != "" && !strings.Contains(strings.Join(plan, "\n"), st.Uses) {
				t.Errorf("plan does not read %s: %q", st.Uses, plan)
			}
			if st.Covering && !strings.Contains(strings.Join(plan, "\n"), "USING COVERING INDEX "+st.Uses) {
				t.Errorf("plan does not read %s as a covering index: %q", st.Uses, plan)
			}
		})
	}
}
