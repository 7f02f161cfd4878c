package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"connectd/internal/connect"
)

// SQLSTATEs the store acts on
// (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	codeUniqueViolation       = "23505"
	codeForeignKeyViolation   = "23503"
	codeSerializationFailure  = "40001"
	codeDeadlockDetected      = "40P01"
	codeCharacterNotInRepert  = "22021" // e.g. a NUL byte in a text value
	codeUntranslatableCharact = "22P05"
)

// sqlState returns the SQLSTATE of a server error, or "".
func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// isRetryable reports whether err means "run the transaction again": the
// server could not serialise it with a concurrent one, or chose it as a
// deadlock victim.
func isRetryable(err error) bool {
	switch sqlState(err) {
	case codeSerializationFailure, codeDeadlockDetected:
		return true
	}
	return false
}

// internal wraps an unexpected error with the operation's context as an
// Internal *connect.Error. Context errors keep their identity (errors.Is
// works); driver errors are flattened so no driver type leaks upward. Text
// PostgreSQL cannot store (a NUL character) is the client's doing, so it is
// Invalid, not Internal.
func internal(op string, err error) error {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return err // already classified (e.g. errTxDone)
	}
	switch sqlState(err) {
	case codeCharacterNotInRepert, codeUntranslatableCharact:
		return &connect.Error{Kind: connect.Invalid, Message: "Text values must not contain the NUL character (U+0000).",
			Err: fmt.Errorf("%s: %w", op, sanitize(err))}
	}
	return &connect.Error{Kind: connect.Internal, Err: fmt.Errorf("%s: %w", op, sanitize(err))}
}

// sanitize replaces driver errors by plain errors carrying the same text.
func sanitize(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	return errors.New(err.Error())
}
