package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// testURLEnv names the database the tests use. .ci/postgres sets it.
const testURLEnv = "CONNECTD_TEST_POSTGRES_URL"

// DatabaseURL returns the test database's URL. Without one the test is skipped,
// except under CI=true, where a missing database fails the run: CI must not
// pass by testing nothing.
func DatabaseURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(testURLEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is not set, and CI=true: CI must run the PostgreSQL tests (.ci/run sources .ci/postgres, which sets it)", testURLEnv)
		}
		tb.Skipf("%s is not set, so there is no PostgreSQL to test against; `source .ci/postgres` starts one and sets it", testURLEnv)
	}
	return u
}

// SchemaURL creates a schema with a random name in the test database and
// returns a URL whose connections use it (search_path), so that each test has
// its own empty tables. The schema is dropped when the test ends, after the
// cleanups registered later (such as closing the store) have run.
func SchemaURL(tb testing.TB) string {
	tb.Helper()
	base := DatabaseURL(tb)
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "connectd_test_" + hex.EncodeToString(b[:])
	exec := func(sql string) error {
		conn, err := pgx.Connect(tb.Context(), base)
		if err != nil {
			return err
		}
		defer conn.Close(tb.Context())
		_, err = conn.Exec(tb.Context(), sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		tb.Fatalf("create test schema: %v", err)
	}
	tb.Cleanup(func() {
		// tb.Context is done by now: use a fresh one.
		conn, err := pgx.Connect(context.Background(), base)
		if err != nil {
			tb.Errorf("drop test schema %s: %v", schema, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	return WithParam(tb, base, "search_path", schema)
}

// WithParam returns the connection string base with a run-time parameter
// added (pgx passes unknown URL query keys and key=value pairs to the server).
func WithParam(tb testing.TB, base, key, value string) string {
	tb.Helper()
	if !strings.Contains(base, "://") { // key=value form
		return base + " " + key + "=" + value
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", testURLEnv, err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}
