package postgres

import "testing"

func TestRewrite(t *testing.T) {
	tests := []struct{ in, want string }{
		{`SELECT a FROM t WHERE x = ?1 AND y = ?12`, `SELECT a FROM t WHERE x = $1 AND y = $12`},
		{`SELECT a FROM t WHERE (?3[] IS NULL OR type = ANY (?3[])) LIMIT ?4`,
			`SELECT a FROM t WHERE ($3::text[] IS NULL OR type = ANY ($3::text[])) LIMIT $4`},
		{`SELECT 1`, `SELECT 1`},
	}
	for _, tc := range tests {
		if got := rewrite(tc.in); got != tc.want {
			t.Errorf("rewrite(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
