package storetest

import (
	"testing"

	"connectd/internal/connect"
)

// testPing: a live store answers Ping; a closed one answers an Internal error
// (a health check then reports the node unhealthy). Close is idempotent, so
// the cleanup's second Close is fine.
func testPing(t *testing.T, s connect.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping = %v, want nil", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	if err := s.Ping(t.Context()); err == nil || connect.KindOf(err) != connect.Internal {
		t.Errorf("Ping after Close = %v, want an Internal error", err)
	}
}
