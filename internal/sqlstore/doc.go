// Package sqlstore is connect.Store's SQL, written once for every engine:
// the statements, their arguments, the row scanners, and the translation of
// constraint violations into domain errors. internal/sqlite and
// internal/postgres each keep only what is theirs: opening the database,
// their transaction discipline (SQLite's single writer with group commit,
// PostgreSQL's isolation per Update with retries), their migrations, and a Dialect.
//
// Statements are plain Go string constants in one neutral dialect, chosen
// over a query builder (it would hide the SQL that the plan tests check)
// and over generated code (sqlc is not served here, and both engines would
// still need their own rewrites). The neutral dialect is SQLite's syntax,
// which PostgreSQL also accepts, with two rules:
//
//   - every parameter is numbered: ?1, ?2, ... (PostgreSQL's adapter turns
//     them into $1, $2, ...);
//   - a list parameter (a []string passed through Dialect.List) is written
//     ?N[] and used only as "col = ANY (?N[])" or "?N[] IS NULL"; SQLite's
//     adapter reads it as a JSON array (json_each), PostgreSQL's as text[].
//
// Everything else that differs (claiming due rows, the event sequence,
// error codes, "no limit") is a Dialect method. Each backend runs the same
// conformance suite, internal/storetest.
package sqlstore
