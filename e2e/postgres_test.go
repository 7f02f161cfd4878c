package e2e

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// The store of the end-to-end tests: SQLite by default;
// CONNECTD_E2E_STORE=memory runs every server on --store memory (the tests
// of restarts are skipped: the memory store forgets by design), and
// CONNECTD_E2E_STORE=postgres on PostgreSQL, as follows.
//
// PostgreSQL in the end-to-end tests. Two environment variables:
//
//   - CONNECTD_E2E_POSTGRES_URL names a PostgreSQL database the tests may
//     create schemas in (.ci/run points it at the database of
//     .ci/postgres). The cluster test needs it: without it that test is
//     skipped, and under CI=true it fails.
//   - CONNECTD_E2E_STORE=postgres, with that URL, runs every server
//     startServer starts on PostgreSQL: one fresh schema per data
//     directory (a restart on the same directory finds its state), dropped
//     when the test ends.
//
// The default stays SQLite: CI does not run the whole suite on PostgreSQL
// (it takes longer). By hand:
//
//	source .ci/postgres
//	export CONNECTD_E2E_POSTGRES_URL=$CONNECTD_TEST_POSTGRES_URL
//	CONNECTD_E2E_STORE=postgres CONNECTD_E2E_NORACE=1 go test ./e2e
const (
	e2ePostgresEnv = "CONNECTD_E2E_POSTGRES_URL"
	e2eStoreEnv    = "CONNECTD_E2E_STORE"
)

// e2eSchemas maps a data directory to the URL of its schema.
var e2eSchemas sync.Map

// storeFlags returns the flags that put a server of dataDir on PostgreSQL
// when CONNECTD_E2E_STORE=postgres, and nothing otherwise or when flags
// already choose a store.
func storeFlags(t testing.TB, dataDir string, flags []string) []string {
	t.Helper()
	if slices.Contains(flags, "--store") {
		return nil
	}
	switch os.Getenv(e2eStoreEnv) {
	case "memory":
		return []string{"--store", "memory"}
	case "postgres":
	default:
		return nil
	}
	u, ok := e2eSchemas.Load(dataDir)
	if !ok {
		if os.Getenv(e2ePostgresEnv) == "" {
			t.Fatalf("%s=postgres needs %s", e2eStoreEnv, e2ePostgresEnv)
		}
		u = postgresSchemaURL(t)
		e2eSchemas.Store(dataDir, u)
		t.Cleanup(func() { e2eSchemas.Delete(dataDir) })
	}
	return []string{"--store", "postgres", "--postgres-url", u.(string)}
}

// postgresDatabase returns CONNECTD_E2E_POSTGRES_URL. Without it the test
// is skipped, except under CI=true, where it fails: CI must not pass by
// testing nothing.
func postgresDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv(e2ePostgresEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, and CI=true: CI must run the PostgreSQL end-to-end tests (.ci/run sets it)", e2ePostgresEnv)
		}
		t.Skipf("%s is not set: no PostgreSQL to run connectd on (`source .ci/postgres`, then set it to $CONNECTD_TEST_POSTGRES_URL)", e2ePostgresEnv)
	}
	return base
}

// postgresSchemaURL creates a schema in the test database and returns a URL
// whose connections use it. The schema is dropped when the test ends, after
// the servers started later in the test have stopped (cleanups run last
// registered first).
func postgresSchemaURL(t testing.TB) string {
	t.Helper()
	base := postgresDatabase(t)
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		t.Fatalf("%s must be a postgres:// URL (a schema is added to its query)", e2ePostgresEnv)
	}
	schema := "connectd_e2e_" + strings.ToLower(rand.Text())
	exec := func(sql string) error {
		conn, err := pgx.Connect(context.Background(), base)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(context.Background(), sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// needDurableStore skips a test that restarts a server and expects its
// state back, when CONNECTD_E2E_STORE=memory.
func needDurableStore(t *testing.T) {
	t.Helper()
	if os.Getenv(e2eStoreEnv) == "memory" {
		t.Skip("CONNECTD_E2E_STORE=memory: the memory store forgets at a restart, by design")
	}
}
