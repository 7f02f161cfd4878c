package sqlite

import "testing"

func TestRewrite(t *testing.T) {
	tests := []struct{ in, want string }{
		{`SELECT a FROM t WHERE x = ?1 AND y = ?2`, `SELECT a FROM t WHERE x = ? AND y = ?`},
		{`SELECT a FROM t WHERE x = ?2 AND y = ?1`, `SELECT a FROM t WHERE x = ?2 AND y = ?1`},
		{`SELECT a FROM t WHERE (?3[] IS NULL OR type = ANY (?3[])) LIMIT ?4`,
			`SELECT a FROM t WHERE (?3 IS NULL OR type IN (SELECT value FROM json_each(?3))) LIMIT ?4`},
		{`SELECT a FROM t WHERE q = ?1 AND c = ANY (?2[])`,
			`SELECT a FROM t WHERE q = ? AND c IN (SELECT value FROM json_each(?))`},
		{`SELECT 1`, `SELECT 1`},
	}
	for _, tc := range tests {
		if got := rewrite(tc.in); got != tc.want {
			t.Errorf("rewrite(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
