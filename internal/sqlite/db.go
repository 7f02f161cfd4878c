package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"connectd/internal/connect"
	"connectd/internal/sqlstore"
)

// Options configures Open. The zero value is ready to use.
type Options struct {
	// Logger receives the store's rare diagnostics (a rollback that failed
	// after a failed request). Default: discard.
	Logger *slog.Logger
	// BatchMax is the most Update requests one commit serves. Default 128;
	// 1 disables group commit (one transaction and one fsync per Update).
	BatchMax int
	// ReadConns is the size of the read-only connection pool.
	// Default: max(4, GOMAXPROCS).
	ReadConns int
	// BusyTimeout is SQLite's busy_timeout. Default 5s.
	BusyTimeout time.Duration
}

func (o *Options) applyDefaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.BatchMax <= 0 {
		o.BatchMax = 128
	}
	if o.ReadConns <= 0 {
		o.ReadConns = max(4, runtime.GOMAXPROCS(0))
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
}

// DB is a connect.Store on one SQLite database: a file (Open) or memory
// (OpenMemory). Its Reader methods run on a read-only connection pool;
// Update runs on the single writer (see the package documentation for group
// commit).
type DB struct {
	*sqlstore.Reader // the Reader methods, on the read pool

	log      *slog.Logger
	batchMax int
	lock     *os.File // nil for a memory database
	rdb      *sql.DB  // read-only pool
	wdb      *sql.DB  // holds wconn, the one write connection
	wconn    *sql.Conn
	wstmts   *sqlstore.StmtCache
	changes  *sql.Stmt // SELECT total_changes() on wconn (see runTogether)
	rstmts   *sqlstore.StmtCache

	// batches, for a memory database only, orders the writer's batches
	// and the read statements (see open); nil for a file.
	batches *sync.RWMutex

	reqs     chan *request
	quit     chan struct{} // closed when the writer should stop
	stopped  chan struct{} // closed when the writer has stopped
	gate     sqlstore.Gate
	closeErr error
}

var _ connect.Store = (*DB)(nil)

// Open opens (creating if needed) the SQLite database at path, takes the
// exclusive lock "<path>.lock", applies pending migrations and starts the
// writer. It fails if another process (or another DB in this process) holds
// the lock.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if path == "" || strings.ContainsAny(path, "?#") || path == ":memory:" {
		return nil, fmt.Errorf("sqlite: invalid database path %q (a file path without '?' or '#' is required)", path)
	}
	lock, err := lockFile(path + ".lock")
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return open(ctx, path, path, lock, opts)
}

// OpenMemory opens a new, empty database that lives in this process's memory
// only (connectd --store memory): nothing is written to disk, not even a
// lock file, and the data is gone once the DB is closed. It is the store Open
// returns in every other respect (the same schema, statements, read pool and
// single writer with group commit), on SQLite's memdb VFS: each OpenMemory
// gets a database of its own, which its connections share.
//
// The memdb VFS has no WAL (it has no shared memory), so a read waits while
// the writer runs a batch, instead of reading the last committed state
// beside it; the DB orders the two fairly (see open).
func OpenMemory(ctx context.Context, opts Options) (*DB, error) {
	// A name starting with "/" makes memdb share the database between the
	// connections of this process that open the same name; a random one
	// keeps each OpenMemory's apart.
	name := "file:/connectd-" + strings.ToLower(rand.Text()) + ".db"
	return open(ctx, name, "memory", nil, opts)
}

// open opens the database name (a path, or a memdb file: URI when lock is
// nil) and starts the writer; what names it in errors.
func open(ctx context.Context, name, what string, lock *os.File, opts Options) (_ *DB, err error) {
	opts.applyDefaults()
	memory := lock == nil
	db := &DB{
		log:      opts.Logger,
		batchMax: opts.BatchMax,
		lock:     lock,
		reqs:     make(chan *request, opts.BatchMax),
		quit:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	defer func() {
		if err != nil {
			db.closeResources()
		}
	}()

	// The writer opens first: it creates the database and switches a file
	// to WAL (persistent), before any read-only connection exists. For the
	// memory database its connection also keeps the database alive.
	if db.wdb, err = sql.Open("sqlite", dsn(name, memory, opts, false)); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", what, err)
	}
	db.wdb.SetMaxOpenConns(1)
	db.wdb.SetMaxIdleConns(1)
	db.wdb.SetConnMaxLifetime(0)
	db.wdb.SetConnMaxIdleTime(0)
	if db.wconn, err = db.wdb.Conn(ctx); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", what, err)
	}
	if err := migrate(ctx, db.wconn); err != nil {
		return nil, fmt.Errorf("sqlite: migrate %s: %w", what, err)
	}
	db.wstmts = sqlstore.NewStmtCache(db.wconn, rewrite)
	if db.changes, err = db.wconn.PrepareContext(ctx, "SELECT total_changes()"); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", what, err)
	}

	if db.rdb, err = sql.Open("sqlite", dsn(name, memory, opts, true)); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", what, err)
	}
	db.rdb.SetMaxOpenConns(opts.ReadConns)
	db.rdb.SetMaxIdleConns(opts.ReadConns)
	db.rdb.SetConnMaxLifetime(0)
	db.rdb.SetConnMaxIdleTime(0)
	if err := db.rdb.PingContext(ctx); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", what, err)
	}
	db.rstmts = sqlstore.NewStmtCache(db.rdb, rewrite)
	var reads sqlstore.Conn = &sqlstore.SQLConn{Q: db.rdb, Stmts: db.rstmts}
	if memory {
		// A memory database has no WAL: a reader and the writer's batch
		// exclude each other in SQLite, and the loser sleeps and retries
		// (busy_timeout), so under steady writes a read could starve for
		// seconds. They take turns on an RWMutex instead, which lets waiting
		// readers in between two batches and a waiting batch in between
		// readers.
		db.batches = &sync.RWMutex{}
		reads = sqlstore.LockedConn{C: reads, Mu: db.batches}
	}
	db.Reader = sqlstore.NewReader(reads, dialect{})

	go db.writer()
	return db, nil
}

// dsn returns the modernc.org/sqlite DSN for name. Pragmas travel as _pragma
// parameters so that every connection the pools open gets them.
func dsn(name string, memory bool, opts Options, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opts.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	if memory {
		// memdb keeps its journal in memory and has nothing to sync.
		q.Add("vfs", "memdb")
	} else {
		// FULL: a transaction acknowledged by COMMIT survives power loss.
		// Group commit amortises the fsync over a batch.
		q.Add("_pragma", "synchronous(FULL)")
	}
	switch {
	case readOnly:
		q.Add("_pragma", "query_only(1)")
	case !memory:
		// The writer's statement journals (the undo of one statement that
		// fails halfway) stay in memory: in a file, once a large statement
		// of a batch (a due burst's multi-row inserts) spilled it past
		// 64 KiB, every statement after it in the transaction wrote its
		// pages there, a system call each.
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", "journal_mode(WAL)")
		// SQLite checkpoints the WAL every 1,000 pages; a WAL that a busy
		// moment grew beyond 64 MiB is cut back to it when the checkpoint
		// restarts it, so the file stays bounded.
		q.Add("_pragma", "journal_size_limit(67108864)")
	}
	return name + "?" + q.Encode()
}

// Close stops accepting Updates, lets the writer finish every Update already
// accepted, then closes the connections and releases the lock. It is
// idempotent.
func (db *DB) Close() error {
	db.gate.Close(func() { // every accepted request has its answer
		close(db.quit)
		<-db.stopped
		db.closeErr = db.closeResources()
	})
	return db.closeErr
}

func (db *DB) closeResources() error {
	var errs []error
	if db.rstmts != nil {
		errs = append(errs, db.rstmts.Close())
	}
	if db.wstmts != nil {
		errs = append(errs, db.wstmts.Close())
	}
	if db.changes != nil {
		errs = append(errs, db.changes.Close())
	}
	if db.rdb != nil {
		errs = append(errs, db.rdb.Close())
	}
	if db.wconn != nil {
		errs = append(errs, db.wconn.Close())
	}
	if db.wdb != nil {
		errs = append(errs, db.wdb.Close())
	}
	if db.lock != nil {
		errs = append(errs, db.lock.Close()) // closing the descriptor drops the flock
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// Ping checks that the database answers a query on the read pool. It returns
// an Internal *connect.Error when it does not.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.rdb.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return sqlstore.Internal("ping", err)
	}
	return nil
}
