// Package postgres implements connect.Store on PostgreSQL (jackc/pgx/v5 and
// pgxpool), the store for running connectd as several stateless nodes on one
// database. It passes the same behaviour suite as internal/sqlite
// (internal/storetest) and mirrors its layout: db.go (Open, Close, Ping),
// reader.go (the Reader methods), tx.go (the Tx writes), update.go (Update),
// codec.go (stored shapes), errors.go, migrate.go and migrations/.
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
//   - Open applies pending migrations in one transaction holding a
//     transaction-scoped advisory lock, so nodes starting together migrate
//     once and the others wait, then find nothing to do.
//
// The schema is the SQLite schema in PostgreSQL's dialect (see
// migrations/0001_init.sql): times are BIGINT unix milliseconds, maps are
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
