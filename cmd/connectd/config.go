package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

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
		Clock:     "real",

		ActiveTaskQuota: 2500,
	}
}

// The stores connectd can run on, and its one subcommand.
const (
	StoreSQLite    = "sqlite"
	StoreMemory    = "memory"
	StorePostgres  = "postgres"
	CommandMigrate = "migrate"
)

var accountIDPattern = regexp.MustCompile(`^\d{12}$`)

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
	return errors.Join(errs...)
}

// parseConfig reads args and the environment (through getenv) over the
// defaults. args may start with the subcommand "migrate".
func parseConfig(args []string, getenv func(string) string) (Config, error) {
	c := DefaultConfig()
	if len(args) > 0 && args[0] == CommandMigrate {
		c.Command, args = CommandMigrate, args[1:]
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
	str(&c.Bootstrap, "bootstrap", "YAML or JSON file of the instances and resources to create at start (instead of the default instance)")
	quota := strconv.Itoa(c.ActiveTaskQuota)
	str(&quota, "active-task-quota", "active tasks per instance before StartTaskContact is refused")
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
			return c, fmt.Errorf("usage: connectd [migrate] [flags]\n  migrate: apply the store's schema migrations and exit\n%s", b.String())
		}
		return c, err
	}
	if fs.NArg() > 0 {
		if fs.Arg(0) == CommandMigrate {
			return c, fmt.Errorf("unexpected argument %q (the subcommand comes first: connectd migrate [flags])", fs.Arg(0))
		}
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	n, err := strconv.Atoi(quota)
	if err != nil {
		return c, fmt.Errorf("--active-task-quota %q must be a number", quota)
	}
	c.ActiveTaskQuota = n
	c.EventWebhooks = nil
	if len(flagHooks) > 0 {
		c.EventWebhooks = flagHooks
	} else if hooks != "" {
		c.EventWebhooks = strings.Split(hooks, ",")
	}
	return c, c.Validate()
}
