package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"connectd/internal/connect"
	"connectd/internal/storetest"
)

var errRefused = errors.New("refused")

// step is one request of a batch: it inserts a contact or not, then
// succeeds or fails.
type step struct {
	id     string
	writes bool
	fails  bool
}

// TestBatchUndoesOnlyFailedWrites: requests that share a batch (and so a
// transaction, without savepoints) keep their answers apart. A failed
// request's writes are gone and every other request's are committed,
// whether the failure comes first, after successes, or changes nothing.
func TestBatchUndoesOnlyFailedWrites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		steps []step
	}{
		{"FailureFirst", []step{{"a", true, true}, {"b", true, false}, {"c", true, false}}},
		{"FailureAfterSuccess", []step{{"a", true, false}, {"b", true, true}, {"c", true, false}}},
		{"FailureWithoutWrites", []step{{"a", true, false}, {"b", false, true}, {"c", true, false}}},
		{"EveryOtherFails", []step{{"a", true, true}, {"b", true, false}, {"c", true, true}, {"d", true, false}, {"e", true, true}}},
		{"AllFail", []step{{"a", true, true}, {"b", true, true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, err := Open(t.Context(), filepath.Join(t.TempDir(), "connectd.db"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			storetest.InsertInstance(t, db, "i-1")

			errs := runInOneBatch(t, db, tc.steps)
			for i, s := range tc.steps {
				if refused := errors.Is(errs[i], errRefused); refused != s.fails || !s.fails && errs[i] != nil {
					t.Errorf("request %s = %v, want failure %v", s.id, errs[i], s.fails)
				}
				_, err := db.GetContact(t.Context(), "i-1", s.id)
				if stored := err == nil; stored != (s.writes && !s.fails) {
					t.Errorf("contact %s stored = %v (%v), want %v", s.id, stored, err, s.writes && !s.fails)
				}
			}
		})
	}
}

// runInOneBatch holds the writer with a first request, queues every step
// behind it in order (straight onto the writer's queue, as Update would),
// releases it, so that the steps run as one batch, and returns their
// answers.
func runInOneBatch(t *testing.T, db *DB, steps []step) []error {
	t.Helper()
	started, release := make(chan struct{}), make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- db.Update(t.Context(), func(connect.Tx) error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started // the writer runs it: what is queued from now on waits
	reqs := make([]*request, len(steps))
	for i, s := range steps {
		reqs[i] = &request{ctx: t.Context(), done: make(chan struct{}), fn: func(tx connect.Tx) error {
			if s.writes {
				if err := tx.InsertContact(context.Background(), storetest.Contact("i-1", s.id)); err != nil {
					return err
				}
			}
			if s.fails {
				return fmt.Errorf("request %s: %w", s.id, errRefused)
			}
			return nil
		}}
		db.reqs <- reqs[i] // the queue holds BatchMax requests: no step blocks
	}
	close(release)
	if err := <-held; err != nil {
		t.Errorf("holding request = %v", err)
	}
	errs := make([]error, len(steps))
	for i, r := range reqs {
		<-r.done
		errs[i] = r.err
	}
	return errs
}
