package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"connectd/internal/connect"
	"connectd/internal/sqlstore"
)

// Options configures Open. The zero value is ready to use. The pool itself
// is tuned through the URL (pool_max_conns, pool_max_conn_lifetime, ...; see
// pgxpool.ParseConfig).
type Options struct {
	// Logger receives the store's rare diagnostics (a rollback that failed,
	// an Update retried after a serialization failure, at DEBUG). Default:
	// discard.
	Logger *slog.Logger
	// MaxAttempts is how many times Update runs fn when PostgreSQL aborts
	// its transaction with a serialization failure or a deadlock. The last
	// run is exclusive: it runs alone among the Updates of every node (see
	// Update). Default 10; 1 makes every Update exclusive, i.e. serial
	// writes across the cluster, as with SQLite's single writer.
	MaxAttempts int
	// RetryFunc, when set, is called each time Update runs fn again (for
	// /metrics).
	RetryFunc func()
}

func (o *Options) applyDefaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 10
	}
}

// sessionDefaults are the run-time parameters each connection starts with
// unless the URL sets them. The last four bound how long a node that
// vanished without closing its connections (a host crash, a network
// partition) keeps its row locks, its due-work claims and the update gate:
// the server ends a transaction left idle for a minute, and probes a silent
// client after 30s, dropping it after three unanswered probes 10s apart.
// (A process that dies, even by SIGKILL, closes its connections at once.)
var sessionDefaults = map[string]string{
	"application_name":                    "connectd",
	"idle_in_transaction_session_timeout": "60000", // ms
	"tcp_keepalives_idle":                 "30",    // s
	"tcp_keepalives_interval":             "10",    // s
	"tcp_keepalives_count":                "3",
}

// DB is a connect.Store on a PostgreSQL database. Its Reader methods run on
// the pool, each statement on its own (READ COMMITTED); Update runs fn in a
// transaction of the isolation its ctx asks for (see update.go).
type DB struct {
	*sqlstore.Reader // the Reader methods, on the pool

	log         *slog.Logger
	maxAttempts int
	retryFunc   func() // nil: none
	pool        *pgxpool.Pool

	gate sqlstore.Gate
}

var _ connect.Store = (*DB)(nil)

// Open connects to the database at url (a postgres:// URL or a key=value
// connection string), checks that it stores UTF-8, and applies pending
// migrations. Several processes may Open the same database at once: the
// migrations run once, under an advisory lock.
func Open(ctx context.Context, url string, opts Options) (_ *DB, err error) {
	opts.applyDefaults()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgconn's parse errors do not repeat the password.
		return nil, fmt.Errorf("postgres: %w", err)
	}
	for k, v := range sessionDefaults {
		if _, ok := cfg.ConnConfig.RuntimeParams[k]; !ok {
			cfg.ConnConfig.RuntimeParams[k] = v
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	defer func() {
		if err != nil {
			pool.Close()
		}
	}()
	var enc string
	if err := pool.QueryRow(ctx, "SHOW server_encoding").Scan(&enc); err != nil {
		return nil, fmt.Errorf("postgres: connect to %s: %w", cfg.ConnConfig.Host, err)
	}
	if enc != "UTF8" {
		return nil, fmt.Errorf("postgres: database encoding is %s, want UTF8 (CREATE DATABASE ... ENCODING 'UTF8')", enc)
	}
	if err := migrate(ctx, pool); err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	return &DB{
		Reader:      sqlstore.NewReader(&conn{q: pool}, dialect{}),
		log:         opts.Logger,
		maxAttempts: opts.MaxAttempts,
		retryFunc:   opts.RetryFunc,
		pool:        pool,
	}, nil
}

// Ping checks that the database answers a query. It returns an Internal
// *connect.Error when it does not.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.pool.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return internal("ping", err)
	}
	return nil
}

// Close stops accepting Updates, waits for the Updates already running, then
// closes the pool. It is idempotent.
func (db *DB) Close() error {
	db.gate.Close(db.pool.Close)
	return nil
}

// Location describes the database url names, for logs: user, host, port and
// database, never the password. An unparsable url is just "postgres".
func Location(url string) string {
	cfg, err := pgconn.ParseConfig(url)
	if err != nil {
		return "postgres"
	}
	return fmt.Sprintf("postgres://%s@%s/%s", cfg.User, net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port))), cfg.Database)
}
