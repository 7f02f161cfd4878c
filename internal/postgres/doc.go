// Package postgres implements connect.Store on PostgreSQL (jackc/pgx/v5 and
// pgxpool), the store for running connectd as several stateless nodes on one
// database. It passes the same behaviour suite as internal/sqlite
// (internal/storetest) and mirrors its layout: db.go (Open, Close, Ping),
// reader.go and tx.go (instances, flows, queues, hours, contacts), one file
// per later resource (user.go, routingprofile.go, agentstatus.go,
// template.go, quickconnect.go, lifecycle.go), update.go (Update), codec.go
// (stored shapes), errors.go, migrate.go and migrations/.
//
// How it keeps one node's behaviour on many nodes:
//
//   - Update runs fn in one transaction at SERIALIZABLE isolation, so a rule
//     that reads then writes (a ClientToken looked up then inserted, the
//     count of tasks chained to a PreviousContactId) holds across nodes as it
//     does under SQLite's single writer. PostgreSQL aborts one of two
//     transactions whose reads and writes cannot be ordered (SQLSTATE 40001,
//     or 40P01 for a deadlock); Update then runs fn again on a fresh
//     transaction, after a short jittered pause. Its last allowed run is
//     exclusive: an advisory lock that every run holds shared is taken
//     exclusively before BEGIN, so that run has no concurrent transaction to
//     conflict with, and contention costs time, never an error.
//   - Update returns nil only once COMMIT has succeeded. A lost connection or
//     any other database failure is an Internal *connect.Error (the wire
//     answers InternalServiceException, which the SDKs retry).
//   - Due work is claimed with row locks. DueContacts reads the earliest due
//     contacts with SELECT ... FOR UPDATE SKIP LOCKED: the transaction that
//     starts a scheduled task or expires an active one (RunDue; the task's
//     whole flow run commits in it) holds its contacts' rows until it
//     commits, and the schedulers of other nodes skip those rows instead of
//     waiting for them. So each scheduled task starts exactly once across
//     the cluster, and if a node dies mid-run its connection closes, its
//     transaction rolls back, its locks go, and the contacts are due again
//     for the next scheduler that looks (every node polls, at least each
//     second). A claim that races a commit (read from a snapshot taken before
//     the other node committed) fails to serialise and runs again, then
//     finds the contact no longer due.
//   - Counters are rows that the writers update, so that their row locks
//     order the writers. AppendEvent takes each event's Seq from the single
//     event_seq row (UPDATE ... SET seq = seq + 1 RETURNING seq): an
//     appender waits for the previous one's transaction to end, so Seqs
//     become visible in increasing order, and an event dispatcher that
//     follows the highest Seq it has seen (EventsAfter) never skips an event
//     that commits late. A sequence (bigserial) would not do: its numbers
//     are drawn in statement order, not commit order. LastEventSeq reads the
//     row, the highest Seq ever written, also after retention deleted the
//     events. AddActiveContacts upserts the instance's row of
//     instance_counters, so concurrent task starts on several nodes
//     serialise on it and the active-task quota holds. The price is that
//     write transactions that append events run one at a time at the
//     counter (a concurrent one fails to serialise and runs again).
//   - Open applies pending migrations in one transaction holding a
//     transaction-scoped advisory lock, so nodes starting together migrate
//     once and the others wait, then find nothing to do.
//
// The schema is the SQLite schema in PostgreSQL's dialect (see
// migrations/0001_init.sql; each SQLite migration has a twin of the same
// number): times are BIGINT unix milliseconds, maps are
// JSON text, and text columns use the "C" collation so that orderings match
// SQLite's bytewise ones. Inserts use ON CONFLICT DO NOTHING and, when no
// row went in, ask which unique key was taken, as the SQLite store does: the
// transaction stays usable after a Duplicate, and under SERIALIZABLE a row
// that blocked the insert is one the transaction can see (an invisible one
// is a serialization failure, retried).
//
// Search path: the tables live in the first schema of the connection's
// search_path. Add "search_path=NAME" to the URL's query to use a schema
// other than the default (the tests use one schema per test).
package postgres
