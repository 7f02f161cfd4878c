// Package postgres runs connect.Store (internal/sqlstore's statements) on
// PostgreSQL through pgx, for connectd as several stateless nodes on one
// database. What is PostgreSQL's own:
//
//   - Update runs fn in one SERIALIZABLE transaction, so a rule that reads
//     then writes (a ClientToken, the 12 tasks of a PreviousContactId) holds
//     across nodes as under SQLite's single writer. A transaction PostgreSQL
//     cannot order (SQLSTATE 40001, or 40P01) runs again after a jittered
//     pause; the last allowed run takes the update gate, an advisory lock
//     every run holds shared, exclusively, so contention costs time, never an
//     error. Update returns nil only once COMMIT has succeeded.
//   - Due work is claimed with SELECT ... FOR UPDATE SKIP LOCKED in the
//     transaction that starts it: other nodes skip the rows, and a node that
//     dies releases its claims with its connection.
//   - Counters are rows the writers update, so their row locks order the
//     writers: each event's Seq comes from the event_seq row, so Seqs become
//     visible in increasing order (a sequence's numbers commit out of order),
//     and instance_counters keeps the active-task quota across nodes.
//   - Open migrates under a transaction-scoped advisory lock: nodes starting
//     together migrate once. Migration N is SQLite's migration N in this
//     dialect; text columns use the "C" collation so that orderings match
//     SQLite's bytewise ones.
//
// The tables live in the first schema of the connection's search_path
// ("search_path=NAME" in the URL's query picks another; tests use one schema
// each). ARCHITECTURE.md has the longer story.
package postgres
