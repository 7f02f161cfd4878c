package storetest

import (
	"context"
	"testing"
	"time"

	"connectd/internal/connect"
)

// Exported fixtures and helpers for the tests each store keeps for itself
// (crash, concurrency, cluster, benchmarks), so that the backends do not each
// define their own. The suite's own fixtures (newInstance, newContact) set
// every field; these set what a started task has and no more, which is
// also what the benchmarks measure.

// Instance returns an active instance in the suite's partition.
func Instance(id string) *connect.Instance {
	return &connect.Instance{ID: id, ARN: "arn:" + id, Partition: partition, Status: "ACTIVE",
		IdentityManagementType: "CONNECT_MANAGED", CreatedTime: time.UnixMilli(1_700_000_000_000).UTC()}
}

// Contact returns an in-progress API task with one reference, as
// StartTaskContact inserts it.
func Contact(instanceID, id string) *connect.Contact {
	now := time.UnixMilli(1_700_000_000_000).UTC()
	return &connect.Contact{ID: id, ARN: "arn:" + instanceID + ":" + id, InstanceID: instanceID,
		InitialContactID: id, Channel: connect.ChannelTask, InitiationMethod: connect.InitiationMethodAPI,
		Name: "task", State: connect.StateInProgress, AttributeSetID: id,
		References:          map[string]connect.Reference{"r": {Type: connect.RefURL, Value: "https://x"}},
		InitiationTimestamp: now, LastUpdateTimestamp: now}
}

// InsertInstance inserts Instance(id) into s, or fails tb.
func InsertInstance(tb testing.TB, s connect.Store, id string) {
	tb.Helper()
	if err := s.Update(context.Background(), func(tx connect.Tx) error {
		return tx.InsertInstance(context.Background(), Instance(id))
	}); err != nil {
		tb.Fatalf("insert instance: %v", err)
	}
}

// OpenFunc is a backend's Open (sqlite.Open, postgres.Open): it opens the
// store at loc, a file path or a connection URL.
type OpenFunc[S connect.Store, O any] func(ctx context.Context, loc string, opts O) (S, error)

// MustOpen opens the store at loc with open and opts, or fails tb, and
// closes it when the test ends. Its failure does not show loc, which may
// carry a password.
func MustOpen[S connect.Store, O any](tb testing.TB, open OpenFunc[S, O], loc string, opts O) S {
	tb.Helper()
	s, err := open(context.Background(), loc, opts)
	if err != nil {
		tb.Fatalf("Open = %v", err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("Close = %v", err)
		}
	})
	return s
}
