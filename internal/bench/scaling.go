package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The scaling scenario: StartTaskContact on one node on SQLite, one node
// on PostgreSQL and three nodes on one PostgreSQL, each at the run's
// highest concurrency, and pgbench's TPC-B on the same database in the same
// run, the yardstick of what the database sustains for short write
// transactions. Every figure is in one run, so their ratios hold however
// busy the machine is.

const (
	// nodePool is each PostgreSQL node's connection pool (pool_max_conns):
	// the default, the larger of 4 and the CPU count, leaves a node of a
	// small machine waiting for connections rather than the database.
	nodePool = 16
	// pgbenchClients and pgbenchScale are pgbench's -c and -s: 32 clients
	// (the figure the README compares with) on ten branches, so that its
	// own updates of a branch row do not bound it.
	pgbenchClients = 32
	pgbenchScale   = 10
)

func runScaling(ctx context.Context, e *Env) error {
	conc := e.Options.Concurrencies[len(e.Options.Concurrencies)-1]
	pgbench, err := findPgbench()
	if err != nil {
		return err
	}
	type setup struct {
		name  string
		nodes int
		store string
	}
	var pgRows []*Row
	var pgb Row
	for _, s := range []setup{{"1 node, SQLite", 1, "sqlite"}, {"pgbench TPC-B", 0, ""},
		{"1 node, PostgreSQL", 1, "postgres"}, {"3 nodes, one PostgreSQL", 3, "postgres"}} {
		if s.nodes == 0 {
			if pgb, err = runPgbench(ctx, e, pgbench); err != nil {
				return err
			}
			e.Add(pgb)
			continue
		}
		row, err := driveNodes(ctx, e, s.store, s.nodes, conc)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		row.Target = s.name
		if s.store == "postgres" {
			row.Base = pgb.Value
			pgRows = append(pgRows, &row)
		}
		e.Add(row)
	}
	one, three := pgRows[0], pgRows[1]
	e.Note("vs baseline of the PostgreSQL rows: pgbench TPC-B's transactions/s (%d clients, scale %d) on the same database in this run", pgbenchClients, pgbenchScale)
	e.Note("targets: 1 node on PostgreSQL >= 50%% of pgbench (%.0f%%), p99 < 250ms (%s); 3 nodes >= 1 node (%.2fx) with no failed request (%d)",
		100*one.Value/max(pgb.Value, 1), ms(one.P99), three.Value/max(one.Value, 1), three.Errors)
	return nil
}

// driveNodes starts nodes connectd processes on one new store and drives
// StartTaskContact at conc connections spread over them.
func driveNodes(ctx context.Context, e *Env, store string, nodes, conc int) (Row, error) {
	o := ConnectdOptions{Store: store}
	if store == "postgres" {
		u, err := e.PostgresSchema(ctx)
		if err != nil {
			return Row{}, err
		}
		o.PostgresURL = withPool(u, nodePool)
	}
	var cs []*Connectd
	defer func() {
		for _, c := range cs {
			c.Close()
		}
	}()
	for range nodes {
		c, err := e.StartConnectd(ctx, o)
		if err != nil {
			return Row{}, err
		}
		cs = append(cs, c)
	}
	// Each node serves the same instance and flow (the first started them).
	in := taskInput(cs[0], nil)
	ops := make([]func(context.Context, int) error, len(cs))
	for i, c := range cs {
		ops[i] = startOp(c.Client, in, nil)
	}
	// A short warm-up: every node's pool connects, the first deals of the
	// quota counters are made.
	Drive(ctx, Load{Concurrency: conc, Count: 4 * conc, Op: spread(ops)})
	r := Drive(ctx, Load{Concurrency: conc, Duration: e.Options.Duration, Op: spread(ops)})
	if r.FirstErr != nil {
		e.Note("%d node(s) on %s: first error: %v", nodes, store, r.FirstErr)
	}
	e.logf("scaling: %d node(s) on %s: %.0f req/s, p50 %s, p99 %s, %d errors", nodes, store, r.PerSec(), ms(r.P50), ms(r.P99), r.Errors)
	return Row{Measure: "StartTaskContact", Conc: conc, Value: r.PerSec(), Unit: "req/s", P50: r.P50, P99: r.P99, Errors: r.Errors}, nil
}

// spread sends call n to node n modulo the nodes: round robin, as a load
// balancer would.
func spread(ops []func(context.Context, int) error) func(context.Context, int) error {
	return func(ctx context.Context, n int) error { return ops[n%len(ops)](ctx, n) }
}

// withPool sets pool_max_conns in a PostgreSQL URL.
func withPool(u string, n int) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + "pool_max_conns=" + strconv.Itoa(n)
}

// findPgbench returns pgbench from PATH, or from a Debian PostgreSQL
// installation.
func findPgbench() (string, error) {
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p, nil
	}
	ms, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	if len(ms) == 0 {
		return "", errors.New("the scaling scenario needs pgbench (PATH, or /usr/lib/postgresql/*/bin)")
	}
	slices.Sort(ms)
	return ms[len(ms)-1], nil
}

var pgbenchTPS = regexp.MustCompile(`(?m)^tps = ([0-9.]+)`)

// runPgbench initialises pgbench's tables in a new schema of the run's
// database (dropped when the run ends), runs TPC-B for the run's duration
// and returns its transactions per second, with the latency percentiles
// of its per-transaction log.
func runPgbench(ctx context.Context, e *Env, pgbench string) (Row, error) {
	u, err := e.PostgresSchema(ctx)
	if err != nil {
		return Row{}, err
	}
	schema, conninfo, err := splitSearchPath(u)
	if err != nil {
		return Row{}, err
	}
	dir, err := e.TempDir("pgbench")
	if err != nil {
		return Row{}, err
	}
	run := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, pgbench, append(args, conninfo)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "PGOPTIONS=-c search_path="+schema)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("pgbench %s: %w\n%s", strings.Join(args, " "), err, out)
		}
		return string(out), nil
	}
	if _, err := run("-i", "-q", "-s", strconv.Itoa(pgbenchScale)); err != nil {
		return Row{}, err
	}
	out, err := run("-n", "-c", strconv.Itoa(pgbenchClients), "-j", strconv.Itoa(min(pgbenchClients, max(numCPU(), 2))),
		"-T", strconv.Itoa(max(1, int(e.Options.Duration.Seconds()))), "-l", "--log-prefix", filepath.Join(dir, "tx"))
	if err != nil {
		return Row{}, err
	}
	m := pgbenchTPS.FindStringSubmatch(out)
	if m == nil {
		return Row{}, fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	tps, _ := strconv.ParseFloat(m[1], 64)
	lat, err := pgbenchLatencies(dir)
	if err != nil {
		return Row{}, err
	}
	e.logf("scaling: pgbench TPC-B: %.0f tps", tps)
	return Row{Measure: "TPC-B transactions", Target: "pgbench", Conc: pgbenchClients, Value: tps, Unit: "tx/s",
		P50: quantile(lat, 0.50), P99: quantile(lat, 0.99)}, nil
}

// splitSearchPath takes the search_path out of a URL from PostgresSchema:
// pgbench gets it through PGOPTIONS, libpq refusing it as a URL parameter.
func splitSearchPath(u string) (schema, rest string, err error) {
	base, query, _ := strings.Cut(u, "?")
	var keep []string
	for _, kv := range strings.Split(query, "&") {
		if v, ok := strings.CutPrefix(kv, "search_path="); ok {
			schema = v
			continue
		}
		if kv != "" && !strings.HasPrefix(kv, "pool_") {
			keep = append(keep, kv)
		}
	}
	if schema == "" {
		return "", "", fmt.Errorf("no search_path in %s", u)
	}
	if len(keep) > 0 {
		base += "?" + strings.Join(keep, "&")
	}
	return schema, base, nil
}

// pgbenchLatencies reads the latencies of pgbench's per-transaction logs
// (tx.<pid>[.<thread>] in dir; the third field is the latency in µs),
// sorted.
func pgbenchLatencies(dir string) ([]time.Duration, error) {
	files, err := filepath.Glob(filepath.Join(dir, "tx.*"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("pgbench wrote no transaction log in %s", dir)
	}
	var lat []time.Duration
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) < 3 {
				continue
			}
			if us, err := strconv.ParseInt(fs[2], 10, 64); err == nil {
				lat = append(lat, time.Duration(us)*time.Microsecond)
			}
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	slices.Sort(lat)
	return lat, nil
}
