package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// --- hours of operation

func testHoursOfOperation(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	bare := newHours("i-1", "h-0")
	bare.Config, bare.Tags = nil, nil
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, id := range []string{"h-3", "h-1", "h-2"} {
			if err := tx.InsertHoursOfOperation(ctx, newHours("i-1", id)); err != nil {
				return err
			}
		}
		return errors.Join(tx.InsertHoursOfOperation(ctx, bare), tx.InsertHoursOfOperation(ctx, newHours("i-2", "h-9")))
	})
	for _, want := range []*connect.HoursOfOperation{newHours("i-1", "h-1"), bare} {
		got, err := s.GetHoursOfOperation(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetHoursOfOperation: %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetHoursOfOperation(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
	}
	_, err := s.GetHoursOfOperation(ctx, "i-1", "nope")
	wantKind(t, "GetHoursOfOperation", err, connect.NotFound, connect.ResourceHoursOfOperation)
	_, err = s.GetHoursOfOperation(ctx, "i-2", "h-1")
	wantKind(t, "GetHoursOfOperation(other instance)", err, connect.NotFound, connect.ResourceHoursOfOperation)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertHoursOfOperation(ctx, newHours("nope", "h-5"))
	})
	wantKind(t, "InsertHoursOfOperation(missing instance)", err, connect.NotFound, connect.ResourceInstance)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertHoursOfOperation(ctx, newHours("i-1", "h-1"))
	})
	wantKind(t, "InsertHoursOfOperation(same id)", err, connect.Duplicate, connect.ResourceHoursOfOperation)

	id := func(h *connect.HoursOfOperation) string { return h.ID }
	for _, size := range []int{1, 2, 10} {
		got := paginate(t, size, id, func(p connect.PageRequest) ([]*connect.HoursOfOperation, error) {
			return s.ListHoursOfOperations(ctx, "i-1", p)
		})
		if diff := cmp.Diff([]string{"h-0", "h-1", "h-2", "h-3"}, got); diff != "" {
			t.Errorf("ListHoursOfOperations(size %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
}

// --- hours of operation

func testHoursOfOperationWrites(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		q1, q2 := newQueue("i-1", "q-1", "One"), newQueue("i-1", "q-2", "Two")
		q1.HoursOfOperationID, q2.HoursOfOperationID = "h-1", "h-1"
		return errors.Join(tx.InsertHoursOfOperation(ctx, newHours("i-1", "h-1")), tx.InsertHoursOfOperation(ctx, newHours("i-1", "h-2")),
			tx.InsertHoursOfOperation(ctx, newHours("i-2", "h-1")), tx.InsertQueue(ctx, q1), tx.InsertQueue(ctx, q2))
	})
	got, err := s.GetHoursOfOperationByName(ctx, "i-1", "hours h-2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(newHours("i-1", "h-2"), got); diff != "" {
		t.Errorf("GetHoursOfOperationByName mismatch (-want +got):\n%s", diff)
	}
	_, err = s.GetHoursOfOperationByName(ctx, "i-1", "nope")
	wantKind(t, "GetHoursOfOperationByName", err, connect.NotFound, connect.ResourceHoursOfOperation)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		h := newHours("i-1", "h-3")
		h.Name = "hours h-1"
		return tx.InsertHoursOfOperation(ctx, h)
	})
	wantKind(t, "InsertHoursOfOperation(same name)", err, connect.Duplicate, connect.ResourceHoursOfOperation)

	for _, tc := range []struct {
		id   string
		want int
	}{{"h-1", 2}, {"h-2", 0}, {"nope", 0}} {
		if n, err := s.CountQueuesByHoursOfOperation(ctx, "i-1", tc.id); err != nil || n != tc.want {
			t.Errorf("CountQueuesByHoursOfOperation(%s) = %d, %v; want %d", tc.id, n, err, tc.want)
		}
	}

	// UpdateHoursOfOperation stores name, description, time zone, config and
	// last-modified time; tags stay.
	upd := *newHours("i-1", "h-2")
	upd.Name, upd.Description, upd.TimeZone, upd.Config, upd.LastModified = "renamed", "", "Asia/Tokyo",
		[]connect.HoursConfig{{Day: "SUNDAY", StartHours: 22, EndHours: 2}}, at(40)
	want := upd
	upd.Tags, upd.ARN = map[string]string{"x": "x"}, "x"
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateHoursOfOperation(ctx, &upd) })
	if got, err = s.GetHoursOfOperation(ctx, "i-1", "h-2"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateHoursOfOperation mismatch (-want +got):\n%s", diff)
	}
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		h := newHours("i-1", "h-2")
		h.Name = "hours h-1"
		return tx.UpdateHoursOfOperation(ctx, h)
	})
	wantKind(t, "UpdateHoursOfOperation(taken name)", err, connect.Duplicate, connect.ResourceHoursOfOperation)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.UpdateHoursOfOperation(ctx, newHours("i-1", "nope"))
	})
	wantKind(t, "UpdateHoursOfOperation(missing)", err, connect.NotFound, connect.ResourceHoursOfOperation)

	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteHoursOfOperation(ctx, "i-1", "h-2") })
	_, err = s.GetHoursOfOperation(ctx, "i-1", "h-2")
	wantKind(t, "GetHoursOfOperation after delete", err, connect.NotFound, connect.ResourceHoursOfOperation)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.DeleteHoursOfOperation(ctx, "i-1", "h-2") })
	wantKind(t, "DeleteHoursOfOperation(missing)", err, connect.NotFound, connect.ResourceHoursOfOperation)
	if _, err := s.GetHoursOfOperation(ctx, "i-2", "h-1"); err != nil {
		t.Errorf("other instance's hours after delete: %v", err)
	}
}
