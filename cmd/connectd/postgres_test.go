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
