// Package sqlite runs connect.Store (internal/sqlstore's statements) on
// SQLite (modernc.org/sqlite, pure Go): connectd's single-node store. What
// is SQLite's own:
//
//   - an exclusive flock on "<path>.lock", so two processes never share a file;
//   - a read-only pool of connections for the Reader methods;
//   - one write connection owned by one writer goroutine, doing group commit:
//     the writer runs every queued Update (up to Options.BatchMax) in one
//     BEGIN IMMEDIATE transaction, then COMMITs once: with synchronous=FULL,
//     one fsync per batch. A failed fn that changed no row needs no undo; one
//     that did is undone by a rollback, after which its neighbours run again,
//     each in its own SAVEPOINT (see runBatch for why not always).
//
// OpenMemory runs the same store on a database in the process's memory
// (SQLite's memdb VFS, shared by the store's connections): no file, no
// lock file, no fsync, and no WAL, so a read waits for the writer's batch
// to commit instead of reading beside it, the two taking turns through a
// sync.RWMutex (sqlstore.LockedConn) rather than SQLite's busy retries
// (connectd --store memory).
package sqlite
