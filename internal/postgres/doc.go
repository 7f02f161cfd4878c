// Package postgres runs connect.Store (internal/sqlstore's statements) on
// PostgreSQL through pgx, for connectd as several stateless nodes on one
// database. No row is written by every write of the deployment: concurrent
// requests on any node meet only where they touch the same contact, agent or
// database session. What is PostgreSQL's own:
//
//   - Isolation per Update (connect.Isolation). Contact operations run at
//     REPEATABLE READ (Snapshot): one snapshot, and of two transactions that
//     write one row the later fails to serialise (40001) and runs again. Their
//     rules hold by unique indexes (a ClientToken: a conflicting row the
//     snapshot cannot see is a 40001 too), by rows both write (the contact;
//     Tx.WriteLock of the contact a task is chained to, for the 12-task limit
//     of a PreviousContactId, and of the agent a task is offered to, for one
//     offer per agent slot) and by the active-task counters (active.go).
//     Resource operations run Exclusive: alone among the Updates of every
//     node (below), so their rules (a queue in use, a name, a count) hold
//     whatever the contact operations write. Other Updates (webhook cursors,
//     the tests') are SERIALIZABLE. A transaction that fails to serialise
//     (40001, or 40P01) runs again after a jittered pause; the last allowed
//     run is exclusive, so contention costs time, never an error. Update
//     returns nil only once COMMIT has succeeded.
//   - The update gate is an advisory lock every run takes shared; an
//     exclusive run takes it exclusively before its transaction starts, so
//     its snapshot follows every concurrent run's commit.
//   - Round trips (conn.go): a write whose caller needs only its outcome
//     (an attribute set, a contact insert, flow log entries, events; see
//     sqlstore.Later) is held back and sent, as one pgx batch, with the next
//     statement that needs an answer, or with COMMIT; BEGIN and the gate go
//     with the first statement. A StartTaskContact is 4 round trips: BEGIN
//     with its active-task count; its attributes with the queue read; the
//     routing read; the contact, flow log, events and COMMIT. A held-back
//     write that fails fails its Update with its own error, whatever fn does
//     after, and nothing of it commits (the statements sent with it are
//     skipped by the server, and a failure classified afterwards, such as a
//     taken ClientToken, makes a plain INSERT fail rather than ON CONFLICT
//     DO NOTHING, so that it is the server that refuses).
//   - Due work is claimed with SELECT ... FOR UPDATE SKIP LOCKED in the
//     transaction that starts it: other nodes skip the rows, and a node that
//     dies releases its claims with its connection, unless it had sent its
//     COMMIT already (with the last writes, above): then the transaction
//     commits, once, when the server gets to it.
//   - A session's first start on an instance deals it headroom on the
//     active-task counters (active.go) in a READ COMMITTED transaction of its
//     own, serialised by a row lock on the instance's anchor row, and the
//     start runs again: sessions that start together queue on the lock
//     instead of failing to serialise against each other inside their
//     starts, one per round.
//   - Contact events without a counter (the transactional outbox ordered by
//     transaction ID). An event's Seq is its transaction's ID (xid8) times
//     2^20 plus its rank among the transaction's events; readers read only
//     the Seqs below the horizon, the oldest transaction ID still running in
//     their statement's snapshot (pg_snapshot_xmin(pg_current_snapshot()))
//     times 2^20. No gap: a transaction ID below the horizon belongs to a
//     transaction that had ended when the snapshot was taken, so the
//     statement sees all its events or (rolled back) none, and every
//     transaction that has not ended, or has not started, has an ID at or
//     above the horizon; so once a reader has read up to a Seq below the
//     horizon, no event can appear below it any more, and following the
//     highest Seq read (a webhook cursor, an SSE Last-Event-ID) misses none
//     and repeats none. Order: a transaction's ID is given at its first
//     write, after its snapshot was taken, so it is above the ID of every
//     transaction whose writes it reads or overwrites (REPEATABLE READ and
//     SERIALIZABLE keep one snapshot); a contact's events, and any event
//     caused by another's commit, come after it. Seqs stay one int64, so
//     cursors are unchanged: those written before (event_seq's numbers) are
//     below every new Seq and resume where they were. The price: an event
//     becomes readable once every write transaction older than its own, on
//     the whole server (other databases too), has ended; the transactions of
//     connectd are milliseconds long, and idle_in_transaction_session_timeout
//     ends a forgotten one. A transaction ID beyond 2^43, or more than 2^20
//     events in one transaction, is an error, not a wrapped Seq.
//   - Open migrates under a transaction-scoped advisory lock: nodes starting
//     together migrate once. Migration N is SQLite's migration N in this
//     dialect; text columns use the "C" collation so that orderings match
//     SQLite's bytewise ones.
//
// The tables live in the first schema of the connection's search_path
// ("search_path=NAME" in the URL's query picks another; tests use one schema
// each). ARCHITECTURE.md has the longer story.
package postgres
