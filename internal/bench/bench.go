package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Options configure a run.
type Options struct {
	// Command is the argv prefix that runs connectd (flags are appended);
	// Env is added to the child's environment.
	Command []string
	Env     []string
	// Connectd, if set, is the connectd binary under test instead of
	// Command (an older build, to compare with); the baseline still runs
	// from Command.
	Connectd string
	// Store is sqlite, memory or postgres; PostgresURL names the database
	// a postgres run creates its temporary schema in.
	Store       string
	PostgresURL string
	// Scenarios are the names of the scenarios to run, in order.
	Scenarios []string
	// Concurrencies are the numbers of connections the API scenario drives,
	// each for Duration.
	Concurrencies []int
	Duration      time.Duration
	// Burst is the number of tasks the burst scenario schedules for one
	// instant.
	Burst int
	// Pending is the number of tasks the pending scenario schedules.
	Pending int
	// KeepDir keeps the temporary directory (the child's logs, the SQLite
	// files) instead of removing it.
	KeepDir bool
	// ServeBaseline, set, makes the run serve the baseline handler instead
	// (the child a run starts) and write its endpoint to this file.
	ServeBaseline string
	// Out receives the report; Log, progress and the children's logs.
	Out, Log io.Writer
}

// DefaultOptions is a run of `connectd bench` with no flags.
func DefaultOptions() Options {
	return Options{
		Store:         "sqlite",
		Scenarios:     DefaultScenarios(),
		Concurrencies: []int{1, 16, 64},
		Duration:      5 * time.Second,
		Burst:         20000,
		Pending:       100000,
		Out:           os.Stdout,
		Log:           os.Stderr,
	}
}

// ParseArgs reads `connectd bench`'s flags over DefaultOptions.
func ParseArgs(args []string) (Options, error) {
	o := DefaultOptions()
	fs := flag.NewFlagSet("connectd bench", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.Store, "store", o.Store, "store of the connectd under test: sqlite, memory or postgres")
	fs.StringVar(&o.PostgresURL, "postgres-url", o.PostgresURL, "PostgreSQL URL (with --store postgres, or implied by it): a temporary schema is created in it and dropped")
	scen := strings.Join(o.Scenarios, ",")
	fs.StringVar(&scen, "scenarios", scen, "comma-separated scenarios to run: "+strings.Join(ScenarioNames(), ", "))
	conc := joinInts(o.Concurrencies)
	fs.StringVar(&conc, "concurrency", conc, "comma-separated numbers of connections")
	fs.DurationVar(&o.Duration, "duration", o.Duration, "time each load step runs")
	fs.IntVar(&o.Burst, "burst", o.Burst, "tasks scheduled for one instant in the burst scenario")
	fs.IntVar(&o.Pending, "pending", o.Pending, "tasks the pending scenario schedules over 5 days")
	fs.StringVar(&o.Connectd, "connectd", "", "connectd binary to measure (default: this one), e.g. an older build to compare with")
	fs.BoolVar(&o.KeepDir, "keep", o.KeepDir, "keep the temporary directory (logs, store files)")
	fs.StringVar(&o.ServeBaseline, "serve-baseline", "", "serve the baseline handler and write its endpoint to this file (what a run starts)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			var b strings.Builder
			fs.SetOutput(&b)
			fs.PrintDefaults()
			return o, ErrHelp{"usage: connectd bench [flags]\n" +
				"  measures connectd (a child process on a temporary store) against a bare net/http handler\n" + b.String()}
		}
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.PostgresURL != "" && o.Store == "sqlite" && !flagSet(fs, "store") {
		o.Store = "postgres"
	}
	var err error
	if o.Concurrencies, err = parseInts(conc); err != nil {
		return o, fmt.Errorf("--concurrency %q: %w", conc, err)
	}
	o.Scenarios = strings.Split(scen, ",")
	return o, o.Validate()
}

// ErrHelp carries the usage text --help asks for.
type ErrHelp struct{ Usage string }

func (e ErrHelp) Error() string { return e.Usage }

// Validate reports every problem of o at once.
func (o Options) Validate() error {
	var errs []error
	switch o.Store {
	case "sqlite", "memory":
	case "postgres":
		if o.PostgresURL == "" {
			errs = append(errs, errors.New("--store postgres needs --postgres-url"))
		}
	default:
		errs = append(errs, fmt.Errorf("--store %q must be sqlite, memory or postgres", o.Store))
	}
	for _, s := range o.Scenarios {
		if _, ok := scenario(s); !ok {
			errs = append(errs, fmt.Errorf("no scenario %q (there are %s)", s, strings.Join(ScenarioNames(), ", ")))
		}
	}
	if len(o.Concurrencies) == 0 {
		errs = append(errs, errors.New("--concurrency needs at least one number"))
	}
	if o.Duration <= 0 {
		errs = append(errs, errors.New("--duration must be positive"))
	}
	if o.Burst < 1 {
		errs = append(errs, errors.New("--burst must be at least 1"))
	}
	if o.Pending < 1 {
		errs = append(errs, errors.New("--pending must be at least 1"))
	}
	return errors.Join(errs...)
}

// Run runs o's scenarios in order and prints the report to o.Out.
func Run(ctx context.Context, o Options) error {
	if o.ServeBaseline != "" {
		return serveBaseline(ctx, o.ServeBaseline)
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	env, err := newEnv(ctx, o)
	if err != nil {
		return err
	}
	defer env.close()
	r := &Report{}
	env.report = r
	fmt.Fprintf(o.Out, "connectd bench: store %s, %d CPUs, %s per step\n", o.Store, numCPU(), o.Duration)
	for _, name := range o.Scenarios {
		s, _ := scenario(name)
		env.logf("scenario %s: %s", s.Name, s.About)
		r.scenario = s.Name
		if err := s.Run(ctx, env); err != nil {
			r.Print(o.Out)
			return fmt.Errorf("scenario %s: %w", s.Name, err)
		}
	}
	r.Print(o.Out)
	return nil
}

// Scenario is one measurement: Run drives servers from env and adds rows
// to env's report.
type Scenario struct {
	Name, About string
	// Default scenarios run when --scenarios is not given.
	Default bool
	Run     func(ctx context.Context, env *Env) error
}

func scenario(name string) (Scenario, bool) {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s, true
		}
	}
	return Scenario{}, false
}

// ScenarioNames lists every scenario's name.
func ScenarioNames() []string {
	var out []string
	for _, s := range Scenarios() {
		out = append(out, s.Name)
	}
	return out
}

// DefaultScenarios lists the names of the scenarios run by default.
func DefaultScenarios() []string {
	var out []string
	for _, s := range Scenarios() {
		if s.Default {
			out = append(out, s.Name)
		}
	}
	return out
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func joinInts(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, ",")
}
