package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"connectd/internal/connect"
)

var resourceLabel = map[connect.Resource]string{
	connect.ResourceInstance:         "Instance",
	connect.ResourceContact:          "Contact",
	connect.ResourceContactFlow:      "Contact flow",
	connect.ResourceQueue:            "Queue",
	connect.ResourceHoursOfOperation: "Hours of operation",
	connect.ResourceTaskTemplate:     "Task template",
	connect.ResourceQuickConnect:     "Quick connect",
	connect.ResourceUser:             "User",
	connect.ResourceRoutingProfile:   "Routing profile",
	connect.ResourceSecurityProfile:  "Security profile",
	connect.ResourceAgentStatus:      "Agent status",
}

// notFound is the NotFound error for resource r named by key (an ID, a name,
// a client token...).
func notFound(r connect.Resource, key string) error {
	return &connect.Error{Kind: connect.NotFound, Resource: r,
		Message: fmt.Sprintf("%s not found: %s", resourceLabel[r], key)}
}

func duplicate(r connect.Resource, format string, args ...any) error {
	return &connect.Error{Kind: connect.Duplicate, Resource: r, Message: fmt.Sprintf(format, args...)}
}

// sqliteCode returns the extended result code of a driver error, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

func isUnique(err error) bool {
	c := sqliteCode(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func isForeignKey(err error) bool { return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY }

// internal wraps an unexpected error with the operation's context as an
// Internal *connect.Error. Context errors keep their identity (errors.Is
// works); driver errors are flattened so no driver type leaks upward.
func internal(op string, err error) error {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return err // already classified (e.g. errTxDone)
	}
	return &connect.Error{Kind: connect.Internal, Err: fmt.Errorf("%s: %w", op, sanitize(err))}
}

// sanitize replaces driver errors by plain errors carrying the same text.
func sanitize(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if sqliteCode(err) != 0 {
		return errors.New(err.Error())
	}
	return err
}
