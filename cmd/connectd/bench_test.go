package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"connectd/internal/bench"
)

// benchChildEnv makes this test binary act as the connectd binary (main)
// when `connectd bench` starts it as a child.
const benchChildEnv = "CONNECTD_TEST_BENCH_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(benchChildEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestBench runs `connectd bench` at a tiny size, so that the benchmark
// keeps working: its SQLite scenarios, connectd and the baseline as children,
// strict SigV4 through the SDK, and every figure in the report.
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("starts connectd and the baseline as child processes")
	}
	o, err := bench.ParseArgs([]string{"--concurrency", "1,4", "--duration", "200ms", "--burst", "30",
		"--scenarios", "api,burst,pending", "--pending", "40"})
	if err != nil {
		t.Fatal(err)
	}
	var out, log bytes.Buffer
	o.Out, o.Log = &out, &log
	o.Command, o.Env = []string{os.Args[0]}, []string{benchChildEnv + "=1"}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	if err := bench.Run(ctx, o); err != nil {
		t.Fatalf("bench: %v\nreport:\n%s\nlog:\n%s", err, &out, &log)
	}
	report := out.String()
	for _, want := range []string{
		"StartTaskContact  baseline      1", "StartTaskContact  connectd      4", "DescribeContact  connectd      4",
		"store per task", "peak RSS", "due burst: 30 tasks started", "due burst: starts per second",
		"RSS, 40 pending tasks", "store size, 40 pending tasks",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report has no %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "first error") {
		t.Errorf("a load had errors:\n%s", report)
	}
}

func TestBenchArgs(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--scenarios", "nope"}, {"--concurrency", "0"}, {"--store", "postgres"}, {"--burst", "0"}, {"--pending", "0"}, {"extra"},
	} {
		if _, err := bench.ParseArgs(args); err == nil {
			t.Errorf("bench.ParseArgs(%q) = nil error, want one", args)
		}
	}
	o, err := bench.ParseArgs([]string{"--postgres-url", "postgres://x/y", "--concurrency", "64,1,16,16"})
	if err != nil {
		t.Fatal(err)
	}
	if o.Store != "postgres" || len(o.Concurrencies) != 3 || o.Concurrencies[0] != 1 {
		t.Errorf("ParseArgs = store %q concurrencies %v, want postgres [1 16 64]", o.Store, o.Concurrencies)
	}
}
