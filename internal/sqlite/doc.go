// Package sqlite implements connect.Store on SQLite (modernc.org/sqlite, pure
// Go), connectd's default single-node store.
//
// Layout of a DB:
//
//   - an exclusive flock on "<path>.lock", so that two processes never share
//     one database file;
//   - a read-only pool of connections on which the Reader methods run
//     directly, with cached prepared statements;
//   - one write connection owned by one writer goroutine, which implements
//     group commit: Update enqueues its fn, and the writer runs every queued
//     fn (up to Options.BatchMax) in one BEGIN IMMEDIATE transaction, each in
//     its own SAVEPOINT, then COMMITs once. With synchronous=FULL that one
//     commit is one fsync for the whole batch, and a fn that fails is rolled
//     back to its savepoint without touching its neighbours.
//
// Schema changes are numbered, forward-only files in migrations/, applied in
// one transaction by Open and recorded in schema_migrations.
package sqlite
