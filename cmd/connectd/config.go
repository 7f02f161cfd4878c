package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"connectd/internal/events"
)

// Config is connectd's configuration: flags override CONNECTD_* environment
// variables, which override the defaults.
type Config struct {
	// Command is "" to serve the API, or CommandMigrate.
	Command     string
	Listen      string
	Store       string // sqlite | memory | postgres
	DataDir     string // sqlite: directory of connectd.db
	PostgresURL string // postgres: connection URL
	AccountID   string
	Region      string
	Auth        string // permissive | strict
	Credentials string // path of a JSON credentials file
	LogLevel    string
	// Clock is "real", or "manual": a virtual clock that only the admin API
	// moves (POST /_connectd/v1/clock), for tests.
	Clock string
	// ActiveTaskQuota caps the active tasks per instance.
	ActiveTaskQuota int
	// EventWebhooks receive every contact event (POST, JSON).
	EventWebhooks []string
	// ClockStart is where the manual clock starts (zero: the real now).
	ClockStart time.Time
	// ReadyFile, if set, receives a JSON description of the running server
	// once it serves (see readyInfo), and is removed on a clean shutdown.
	ReadyFile string
	// LogFormat is "text" or "json".
	LogFormat string

	// The HTTP server's limits (see serverLimits): what one connection or
	// request may hold of the node. A zero duration turns its limit off.
	//
	// ReadTimeout bounds the reading of a request, headers and body.
	ReadTimeout time.Duration
	// WriteTimeout bounds a response, from the end of its request's headers
	// to its last byte; on the event stream, each write.
	WriteTimeout time.Duration
	// IdleTimeout closes a kept-alive connection that has waited this long
	// for its next request.
	IdleTimeout time.Duration
	// MaxHeaderBytes caps the size of a request's headers.
	MaxHeaderBytes int
	// MaxEventStreams caps the event streams (GET /_connectd/v1/events) open
	// on this node at once.
	MaxEventStreams int
	// Bootstrap is the bootstrap file (internal/bootstrap): what a first
	// start creates in the default account and region instead of the
	// default instance. Applied at every start.
	Bootstrap string
}

// DefaultConfig returns the configuration of `connectd` run with no flags.
func DefaultConfig() Config {
	return Config{
		Listen:    "127.0.0.1:4580",
		Store:     StoreSQLite,
		DataDir:   "./connectd-data",
		AccountID: "000000000000",
		Region:    "us-east-1",
		Auth:      "permissive",
		LogLevel:  "info",
		LogFormat: "text",
		Clock:     "real",

		ActiveTaskQuota: 2500,

		ReadTimeout:     30 * time.Second,
		WriteTimeout:    time.Minute,
		IdleTimeout:     2 * time.Minute,
		MaxHeaderBytes:  64 << 10,
		MaxEventStreams: 256,
	}
}

// The stores connectd can run on, and its subcommands.
const (
	StoreSQLite    = "sqlite"
	StoreMemory    = "memory"
	StorePostgres  = "postgres"
	CommandMigrate = "migrate"
	CommandVersion = "version"
	CommandHealth  = "health"
)

// errHelp is what parseConfig returns for --help: main prints the usage it
// carries and exits 0.
type errHelp struct{ usage string }

func (e errHelp) Error() string { return e.usage }

var accountIDPattern = regexp.MustCompile(`^\d{12}$`)

// minHeaderBytes is the least --max-header-bytes: a request signed with
// temporary credentials carries a few KiB of headers.
const minHeaderBytes = 8 << 10

// Validate reports every problem of c at once.
func (c Config) Validate() error {
	var errs []error
	if c.Listen == "" {
		errs = append(errs, errors.New("--listen must not be empty"))
	}
	switch c.Store {
	case StoreSQLite:
		if c.DataDir == "" {
			errs = append(errs, errors.New("--data-dir must not be empty"))
		}
		if c.PostgresURL != "" {
			// Serving from a local file while the operator believes the
			// state is in PostgreSQL would be a silent split brain.
			errs = append(errs, errors.New("--postgres-url is set but --store is sqlite: add --store postgres, or unset it"))
		}
	case StoreMemory:
		if c.PostgresURL != "" {
			errs = append(errs, errors.New("--postgres-url is set but --store is memory: add --store postgres, or unset it"))
		}
		if c.Command == CommandMigrate {
			errs = append(errs, errors.New("connectd migrate has nothing to do with --store memory: the memory store starts empty and migrated at every start"))
		}
	case StorePostgres:
		if c.PostgresURL == "" {
			errs = append(errs, errors.New("--store postgres needs --postgres-url (or CONNECTD_POSTGRES_URL)"))
		}
	default:
		errs = append(errs, fmt.Errorf("--store %q must be sqlite, memory or postgres", c.Store))
	}
	if !accountIDPattern.MatchString(c.AccountID) {
		errs = append(errs, fmt.Errorf("--account-id %q must be 12 digits", c.AccountID))
	}
	if c.Region == "" {
		errs = append(errs, errors.New("--region must not be empty"))
	}
	switch c.Auth {
	case "permissive":
	case "strict":
		if c.Credentials == "" {
			errs = append(errs, errors.New("--auth strict needs --credentials FILE"))
		}
	default:
		errs = append(errs, fmt.Errorf("--auth %q must be permissive or strict", c.Auth))
	}
	switch c.Clock {
	case "real", "manual":
	default:
		errs = append(errs, fmt.Errorf("--clock %q must be real or manual", c.Clock))
	}
	if c.ActiveTaskQuota < 1 {
		errs = append(errs, fmt.Errorf("--active-task-quota %d must be at least 1", c.ActiveTaskQuota))
	}
	for _, u := range c.EventWebhooks {
		if err := events.ValidateWebhook(u); err != nil {
			errs = append(errs, fmt.Errorf("--event-webhook: %w", err))
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level %q must be debug, info, warn or error", c.LogLevel))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"read-timeout", c.ReadTimeout}, {"write-timeout", c.WriteTimeout}, {"idle-timeout", c.IdleTimeout}} {
		if d.v < 0 {
			errs = append(errs, fmt.Errorf("--%s %s must not be negative (0 turns the limit off)", d.name, d.v))
		}
	}
	if c.MaxHeaderBytes < minHeaderBytes {
		errs = append(errs, fmt.Errorf("--max-header-bytes %d must be at least %d", c.MaxHeaderBytes, minHeaderBytes))
	}
	if c.MaxEventStreams < 1 {
		errs = append(errs, fmt.Errorf("--max-event-streams %d must be at least 1", c.MaxEventStreams))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("--log-format %q must be text or json", c.LogFormat))
	}
	if !c.ClockStart.IsZero() && c.Clock != "manual" {
		errs = append(errs, errors.New("--clock-start needs --clock manual"))
	}
	return errors.Join(errs...)
}

// parseConfig reads args and the environment (through getenv) over the
// defaults. args may start with the subcommand "migrate".
func parseConfig(args []string, getenv func(string) string) (Config, error) {
	c := DefaultConfig()
	if len(args) > 0 {
		switch args[0] {
		case CommandMigrate, CommandVersion, CommandHealth:
			c.Command, args = args[0], args[1:]
		}
	}
	fs := flag.NewFlagSet("connectd", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	str := func(p *string, name, usage string) {
		if v := getenv("CONNECTD_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))); v != "" {
			*p = v
		}
		fs.StringVar(p, name, *p, usage+" (env CONNECTD_"+strings.ToUpper(strings.ReplaceAll(name, "-", "_"))+")")
	}
	str(&c.Listen, "listen", "address to serve the API on")
	str(&c.Store, "store", "sqlite (one process, a local file), memory (one process, nothing on disk) or postgres (any number of nodes on one database)")
	str(&c.DataDir, "data-dir", "directory of the SQLite database")
	str(&c.PostgresURL, "postgres-url", "PostgreSQL URL, e.g. postgres://user:pass@host:5432/db (--store postgres)")
	str(&c.AccountID, "account-id", "account of unknown access keys in permissive mode")
	str(&c.Region, "region", "region of the default instance")
	str(&c.Auth, "auth", "permissive: any signature is accepted; strict: signatures are verified")
	str(&c.Credentials, "credentials", `JSON file: [{"AccessKeyId","SecretAccessKey","AccountId"}]`)
	str(&c.LogLevel, "log-level", "debug, info, warn or error")
	str(&c.Clock, "clock", "real, or manual: time moves only through POST /_connectd/v1/clock")
	str(&c.LogFormat, "log-format", "text or json")
	str(&c.ReadyFile, "ready-file", "once serving, write the endpoint, pid, version and instances here as JSON (removed on clean shutdown)")
	var clockStart string
	str(&clockStart, "clock-start", "with --clock manual: the virtual clock's start, RFC 3339 (default: the real now)")
	version := false
	fs.BoolVar(&version, "version", false, "print the version and exit")
	// Numbers and durations are read as strings (flag or environment) and
	// converted once parsing is done.
	var convert []func() error
	num := func(p *int, name, usage string) {
		v := strconv.Itoa(*p)
		str(&v, name, usage)
		convert = append(convert, func() error {
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("--%s %q must be a number", name, v)
			}
			*p = n
			return nil
		})
	}
	dur := func(p *time.Duration, name, usage string) {
		v := p.String()
		str(&v, name, usage+"; 0 turns it off")
		convert = append(convert, func() error {
			d, err := time.ParseDuration(v)
			if err != nil {
				return fmt.Errorf("--%s %q must be a duration, e.g. 30s", name, v)
			}
			*p = d
			return nil
		})
	}
	str(&c.Bootstrap, "bootstrap", "YAML or JSON file of the instances and resources to create at start (instead of the default instance)")
	num(&c.ActiveTaskQuota, "active-task-quota", "active tasks per instance before StartTaskContact is refused")
	dur(&c.ReadTimeout, "read-timeout", "time a client has to send a request, headers and body")
	dur(&c.WriteTimeout, "write-timeout", "time a client has to take a response (on the event stream: each write)")
	dur(&c.IdleTimeout, "idle-timeout", "time a kept-alive connection may wait for its next request")
	num(&c.MaxHeaderBytes, "max-header-bytes", "largest request headers accepted (431 beyond)")
	num(&c.MaxEventStreams, "max-event-streams", "event streams this node serves at once (503 beyond)")
	hooks := strings.Join(c.EventWebhooks, ",")
	if v := getenv("CONNECTD_EVENT_WEBHOOK"); v != "" {
		hooks = v
	}
	var flagHooks []string
	fs.Func("event-webhook", "URL that receives every contact event; repeatable (env CONNECTD_EVENT_WEBHOOK, comma-separated)",
		func(v string) error { flagHooks = append(flagHooks, v); return nil })
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			var b strings.Builder
			fs.SetOutput(&b)
			fs.PrintDefaults()
			return c, errHelp{fmt.Sprintf("usage: connectd [migrate|version|health|bench] [flags]\n"+
				"  migrate: apply the store's schema migrations and exit\n"+
				"  version: print the version and exit (also --version)\n"+
				"  health:  probe the ready endpoint of the connectd at --listen; exit 0 when ready\n"+
				"  bench:   measure connectd against a bare HTTP handler (connectd bench --help)\n%s", b.String())}
		}
		return c, err
	}
	if version {
		c.Command = CommandVersion
	}
	if clockStart != "" {
		t, err := time.Parse(time.RFC3339Nano, clockStart)
		if err != nil {
			return c, fmt.Errorf("--clock-start %q must be an RFC 3339 time, e.g. 2026-01-05T09:00:00Z", clockStart)
		}
		c.ClockStart = t.UTC()
	}
	if fs.NArg() > 0 {
		switch fs.Arg(0) {
		case CommandMigrate, CommandVersion, CommandHealth:
			return c, fmt.Errorf("unexpected argument %q (the subcommand comes first: connectd %s [flags])", fs.Arg(0), fs.Arg(0))
		}
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, f := range convert {
		if err := f(); err != nil {
			return c, err
		}
	}
	c.EventWebhooks = nil
	if len(flagHooks) > 0 {
		c.EventWebhooks = flagHooks
	} else if hooks != "" {
		c.EventWebhooks = strings.Split(hooks, ",")
	}
	return c, c.Validate()
}
