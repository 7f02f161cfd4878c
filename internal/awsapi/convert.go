package awsapi

import (
	"time"

	"connectd/internal/connect"
)

// str returns *p, or "" for nil.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ptr returns &s, or nil for "" so that empty members are omitted.
func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ts returns a wire timestamp, or nil for the zero time.
func ts(t time.Time) *Timestamp {
	if t.IsZero() {
		return nil
	}
	return NewTimestamp(t)
}

// tsp returns a wire timestamp for an optional time.
func tsp(t *time.Time) *Timestamp {
	if t == nil {
		return nil
	}
	return NewTimestamp(*t)
}

func intOr0(p *int32) int {
	if p == nil {
		return 0
	}
	return int(*p)
}

// partition is the account and region of the request's caller.
func partition(p Principal) connect.Partition {
	return connect.Partition{AccountID: p.AccountID, Region: p.Region}
}

// emptyToNil keeps empty maps off the wire, as AWS omits unset members.
func emptyToNil[M ~map[string]V, V any](m M) M {
	if len(m) == 0 {
		return nil
	}
	return m
}
