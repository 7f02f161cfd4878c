package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// --- queues

func testQueueRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	full := newQueue("i-1", "q-1", "Support")
	bare := newQueue("i-1", "q-2", "Bare")
	bare.MaxContacts, bare.QuickConnectIDs, bare.Tags, bare.Description = nil, nil, nil, ""
	zero := newQueue("i-1", "q-3", "Zero")
	zero.MaxContacts = ptr(int32(0)) // set to zero is not unset
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertQueue(ctx, full), tx.InsertQueue(ctx, bare), tx.InsertQueue(ctx, zero))
	})
	for _, want := range []*connect.Queue{full, bare, zero} {
		got, err := s.GetQueue(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetQueue(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetQueue(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		got, err = s.GetQueueByName(ctx, "i-1", want.Name)
		if err != nil {
			t.Fatalf("GetQueueByName(%s): %v", want.Name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetQueueByName(%s) mismatch (-want +got):\n%s", want.Name, diff)
		}
	}
}

func testQueueErrors(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertQueue(ctx, newQueue("i-1", "q-1", "Support")) })
	_, err := s.GetQueue(ctx, "i-1", "nope")
	wantKind(t, "GetQueue", err, connect.NotFound, connect.ResourceQueue)
	_, err = s.GetQueue(ctx, "i-2", "q-1")
	wantKind(t, "GetQueue(other instance)", err, connect.NotFound, connect.ResourceQueue)
	_, err = s.GetQueueByName(ctx, "i-1", "nope")
	wantKind(t, "GetQueueByName", err, connect.NotFound, connect.ResourceQueue)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQueue(ctx, newQueue("i-1", "q-2", "Support"))
	})
	wantKind(t, "InsertQueue(same name)", err, connect.Duplicate, connect.ResourceQueue)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQueue(ctx, newQueue("nope", "q-3", "Support"))
	})
	wantKind(t, "InsertQueue(missing instance)", err, connect.NotFound, connect.ResourceInstance)
	if err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQueue(ctx, newQueue("i-2", "q-2", "Support"))
	}); err != nil {
		t.Errorf("InsertQueue(same name, other instance) = %v, want nil", err)
	}
}

func testListQueues(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		for i, id := range []string{"q-3", "q-1", "q-4", "q-2"} {
			q := newQueue("i-1", id, "name "+id)
			if i%2 == 0 {
				q.Type = "AGENT"
			}
			if err := tx.InsertQueue(t.Context(), q); err != nil {
				return err
			}
		}
		return nil
	})
	id := func(q *connect.Queue) string { return q.ID }
	tests := []struct {
		types []string
		want  []string
	}{
		{nil, []string{"q-1", "q-2", "q-3", "q-4"}},
		{[]string{"AGENT"}, []string{"q-3", "q-4"}},
		{[]string{"STANDARD"}, []string{"q-1", "q-2"}},
		{[]string{"STANDARD", "AGENT"}, []string{"q-1", "q-2", "q-3", "q-4"}},
	}
	for _, tc := range tests {
		for _, size := range []int{1, 3, 100} {
			t.Run(fmt.Sprintf("%v/%d", tc.types, size), func(t *testing.T) {
				t.Parallel()
				got := paginate(t, size, id, func(p connect.PageRequest) ([]*connect.Queue, error) {
					return s.ListQueues(t.Context(), "i-1", tc.types, p)
				})
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("ListQueues mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}
