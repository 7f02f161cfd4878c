package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// The console's reads (connect.ConsoleReader).

func testListQueuedContacts(t *testing.T, s connect.Store) {
	ctx := t.Context()
	queueFixture(t, s)
	ids := func(cs []*connect.Contact) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	for _, tc := range []struct {
		instance, queue string
		limit           int
		want            []string
	}{
		// NextQueuedContact's order: adjustment first, then age, then ID.
		{"i-1", "q-1", 10, []string{"c-b", "c-a", "c-c", "c-n"}},
		{"i-1", "q-1", 2, []string{"c-b", "c-a"}},
		{"i-1", "q-3", 10, []string{"c-t0", "c-t1"}},
		{"i-1", "q-4", 10, nil}, // only other states
		{"i-2", "q-1", 10, []string{"c-z", "c-z2"}},
		{"nope", "q-1", 10, nil},
	} {
		got, err := s.ListQueuedContacts(ctx, tc.instance, tc.queue, tc.limit)
		if err != nil {
			t.Fatalf("ListQueuedContacts(%s, %s, %d): %v", tc.instance, tc.queue, tc.limit, err)
		}
		if diff := cmp.Diff(tc.want, ids(got)); diff != "" {
			t.Errorf("ListQueuedContacts(%s, %s, %d) mismatch (-want +got):\n%s", tc.instance, tc.queue, tc.limit, diff)
		}
	}
}

func testQueueStats(t *testing.T, s connect.Store) {
	ctx := t.Context()
	queueFixture(t, s)
	for _, tc := range []struct {
		instance, queue string
		want            connect.QueueStats
	}{
		{"i-1", "q-1", connect.QueueStats{Queued: 4, Oldest: ptr(sec(0, -30))}}, // c-x4's older enqueue has ended
		{"i-1", "q-2", connect.QueueStats{Queued: 1, Oldest: ptr(at(10))}},
		{"i-1", "q-4", connect.QueueStats{}},
		{"i-2", "q-1", connect.QueueStats{Queued: 2, Oldest: ptr(at(-100))}},
		{"nope", "q-1", connect.QueueStats{}},
	} {
		got, err := s.QueueStats(ctx, tc.instance, tc.queue)
		if err != nil {
			t.Fatalf("QueueStats(%s, %s): %v", tc.instance, tc.queue, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("QueueStats(%s, %s) mismatch (-want +got):\n%s", tc.instance, tc.queue, diff)
		}
	}
}

func testCountScheduledDue(t *testing.T, s connect.Store) {
	ctx := t.Context()
	wakeFixture(t, s)
	for _, tc := range []struct {
		instance string
		from, to int
		want     int
	}{
		{"i-1", 0, 60, 2},  // d-1 and d-future; d-2b and d-3 wake but are not scheduled
		{"i-1", 1, 1, 1},   // both ends inclusive
		{"i-1", 2, 9, 0},   // only non-scheduled wakes
		{"i-1", 11, 60, 0}, // after every wake
		{"i-2", 0, 60, 1},  // d-0 only: d-2a is in progress
		{"nope", 0, 60, 0},
	} {
		got, err := s.CountScheduledDue(ctx, tc.instance, at(tc.from), at(tc.to))
		if err != nil {
			t.Fatalf("CountScheduledDue(%s, %d, %d): %v", tc.instance, tc.from, tc.to, err)
		}
		if got != tc.want {
			t.Errorf("CountScheduledDue(%s, %d, %d) = %d, want %d", tc.instance, tc.from, tc.to, got, tc.want)
		}
	}
}

func testListContactEvents(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	evs := []*connect.EventRecord{newEvent("i-1", 1, 1), newEvent("i-1", 2, 2), newEvent("i-1", 1, 3),
		newEvent("i-2", 1, 4), newEvent("i-1", 1, 5)}
	evs[2].Type = "CONNECTED_TO_AGENT"
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, e := range evs {
			if err := tx.AppendEvent(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	seqs := func(rs []connect.EventRecord) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.Seq)
		}
		return out
	}
	for _, tc := range []struct {
		instance, contact string
		limit             int
		want              []int64
	}{
		{"i-1", "c-1", 10, []int64{evs[0].Seq, evs[2].Seq, evs[4].Seq}},
		{"i-1", "c-1", 2, []int64{evs[0].Seq, evs[2].Seq}},
		{"i-1", "c-2", 10, []int64{evs[1].Seq}},
		{"i-2", "c-1", 10, []int64{evs[3].Seq}}, // the same contact ID in another instance
		{"i-1", "c-9", 10, nil},
	} {
		got, err := s.ListContactEvents(ctx, tc.instance, tc.contact, tc.limit)
		if err != nil {
			t.Fatalf("ListContactEvents(%s, %s): %v", tc.instance, tc.contact, err)
		}
		if diff := cmp.Diff(tc.want, seqs(got)); diff != "" {
			t.Errorf("ListContactEvents(%s, %s, %d) mismatch (-want +got):\n%s", tc.instance, tc.contact, tc.limit, diff)
		}
	}
	got, err := s.ListContactEvents(ctx, "i-1", "c-1", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got[1].Type != "CONNECTED_TO_AGENT" || string(got[1].Body) != string(evs[2].Body) || got[1].Partition != evs[2].Partition {
		t.Errorf("ListContactEvents record = %+v, want the appended %+v", got[1], *evs[2])
	}
}
