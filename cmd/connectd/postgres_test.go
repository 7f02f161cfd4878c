package main

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

// postgresSchemaURL returns a URL of a fresh schema of the test database
// (CONNECTD_TEST_POSTGRES_URL; see .ci/postgres), dropped at the end of the
// test. Without a database the test is skipped, or fails under CI=true.
func postgresSchemaURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv("CONNECTD_TEST_POSTGRES_URL")
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CONNECTD_TEST_POSTGRES_URL is not set, and CI=true: CI must run the PostgreSQL tests")
		}
		t.Skip("CONNECTD_TEST_POSTGRES_URL is not set, so there is no PostgreSQL to test against; `source .ci/postgres` starts one")
	}
	schema := "connectd_test_" + strings.ToLower(rand.Text())
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
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" {
		t.Skip("CONNECTD_TEST_POSTGRES_URL is not a URL; this test adds search_path to its query")
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestPostgresNodes: `connectd migrate`, then two nodes started together on
// one database agree on the default instance and its task flow.
func TestPostgresNodes(t *testing.T) {
	t.Parallel()
	dsn := postgresSchemaURL(t)
	env := func(k string) string {
		return map[string]string{"CONNECTD_STORE": "postgres", "CONNECTD_POSTGRES_URL": dsn, "CONNECTD_LISTEN": "127.0.0.1:0"}[k]
	}
	quiet := slog.New(slog.DiscardHandler)

	m := NewMain()
	m.Logger = quiet
	if err := m.ParseFlags([]string{"migrate"}, env); err != nil {
		t.Fatal(err)
	}
	if err := m.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate = %v", err)
	}

	nodes := make([]*Main, 2)
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i := range nodes {
		nodes[i] = NewMain()
		nodes[i].Logger = quiet
		if err := nodes[i].ParseFlags(nil, env); err != nil {
			t.Fatal(err)
		}
		wg.Go(func() { errs[i] = nodes[i].Run(t.Context()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d Run = %v", i, err)
		}
		t.Cleanup(func() {
			if err := nodes[i].Close(); err != nil {
				t.Errorf("node %d Close = %v", i, err)
			}
		})
	}
	a, b := nodes[0], nodes[1]
	if a.DefaultInstance == "" || a.DefaultInstance != b.DefaultInstance || a.DefaultTaskFlow != b.DefaultTaskFlow {
		t.Errorf("nodes disagree: instance %q/%q, task flow %q/%q",
			a.DefaultInstance, b.DefaultInstance, a.DefaultTaskFlow, b.DefaultTaskFlow)
	}
	if err := a.store.Ping(t.Context()); err != nil {
		t.Errorf("Ping = %v", err)
	}
}

// TestPostgresNodesBootstrap: three nodes started together with one
// bootstrap file apply it once and agree on its resources, undeclared IDs
// included; a reset through one node is seen by the others.
func TestPostgresNodesBootstrap(t *testing.T) {
	t.Parallel()
	dsn := postgresSchemaURL(t)
	env := map[string]string{"CONNECTD_STORE": "postgres", "CONNECTD_POSTGRES_URL": dsn, "CONNECTD_BOOTSTRAP": exampleBootstrap}
	nodes := make([]*Main, 3)
	errs := make([]error, len(nodes))
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Go(func() { nodes[i], errs[i] = startMain(t, env) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d Run = %v", i, err)
		}
		t.Cleanup(func() { nodes[i].Close() })
	}
	first := resourceIDs(t, nodes[0], "demo")
	for i, m := range nodes[1:] {
		if diff := cmp.Diff(first, resourceIDs(t, m, "demo")); diff != "" {
			t.Errorf("node %d sees other resources (-node 0 +node %d):\n%s", i+1, i+1, diff)
		}
	}
	insts, _, err := nodes[0].service.ListInstances(t.Context(), nodes[0].partition(), "", 0)
	if err != nil || len(insts) != 1 {
		t.Errorf("ListInstances = %d, %v; want the file's one instance, created once", len(insts), err)
	}
	makeTestData(t, nodes[1])
	var r resetReply
	if status := postJSON(t, nodes[2], "/_connectd/v1/reset", &r); status != 200 || r.Removed["Contacts"] != 20 {
		t.Fatalf("POST reset = %d %+v", status, r)
	}
	if diff := cmp.Diff(first, resourceIDs(t, nodes[0], "demo")); diff != "" {
		t.Errorf("resources after a reset through another node (-before +after):\n%s", diff)
	}
}
