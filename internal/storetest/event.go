package storetest

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// --- the event outbox

// newEvent returns an event of contact c-<n> of the suite's partition at
// at(m). Its body is JSON with spacing and key order no canonical form would
// keep.
func newEvent(instanceID string, n, m int) *connect.EventRecord {
	return &connect.EventRecord{
		Partition:  partition,
		InstanceID: instanceID,
		ContactID:  fmt.Sprintf("c-%d", n),
		Type:       "QUEUED",
		Time:       at(m),
		Body: fmt.Appendf(nil, `{"version":"0", "id" : "e-%d","detail":{"z":1,"a":[],"s":"✓\u00e9\n"}}`+"\n",
			n),
	}
}

// awaitSeq waits (at most a minute) until readers of s may read the events
// up to seq: on PostgreSQL they stop below the oldest transaction still
// running on the server, which may be any other test's.
func awaitSeq(t testing.TB, s connect.Store, seq int64) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		last, err := s.LastEventSeq(t.Context())
		if err != nil {
			t.Fatalf("LastEventSeq: %v", err)
		}
		if last >= seq {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("LastEventSeq = %d, still below %d after a minute", last, seq)
		}
		time.Sleep(time.Millisecond)
	}
}

func testEvents(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	after := func(t *testing.T, seq int64, limit int) []connect.EventRecord {
		t.Helper()
		got, err := s.EventsAfter(ctx, seq, limit)
		if err != nil {
			t.Fatalf("EventsAfter(%d, %d): %v", seq, limit, err)
		}
		return got
	}
	last := func(t *testing.T) int64 {
		t.Helper()
		n, err := s.LastEventSeq(ctx)
		if err != nil {
			t.Fatalf("LastEventSeq: %v", err)
		}
		return n
	}
	if n := last(t); n != 0 {
		t.Errorf("LastEventSeq of an empty outbox = %d, want 0", n)
	}
	if got := after(t, 0, 10); len(got) != 0 {
		t.Errorf("EventsAfter of an empty outbox = %v, want empty", got)
	}

	// Five events: two Updates of two, across instances, then one more,
	// timed out of Seq order.
	evs := []*connect.EventRecord{newEvent("i-1", 1, 1), newEvent("i-2", 2, 3), newEvent("i-1", 3, 2),
		newEvent("i-1", 4, 4), newEvent("i-2", 5, 5)}
	evs[2].Type, evs[3].Type = "CONNECTED_TO_AGENT", "DISCONNECTED"
	evs[1].Partition = connect.Partition{AccountID: "210987654321", Region: "eu-west-1"} // EventsAfter reads every partition
	evs[4].Time = evs[4].Time.Add(789 * time.Microsecond).In(time.FixedZone("UTC-5", -5*3600))
	for i, batch := range [][]*connect.EventRecord{evs[:2], evs[2:4], evs[4:]} {
		mustUpdate(t, s, func(tx connect.Tx) error {
			if i == 1 { // AppendEvents writes as AppendEvent would
				return tx.AppendEvents(ctx, batch)
			}
			for _, e := range batch {
				if err := tx.AppendEvent(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
	}
	awaitSeq(t, s, evs[4].Seq)
	var want []connect.EventRecord
	for i, e := range evs {
		if e.Seq <= 0 {
			t.Errorf("event %d: Seq = %d after AppendEvent, want > 0", i, e.Seq)
		}
		if i > 0 && e.Seq <= evs[i-1].Seq {
			t.Errorf("event %d: Seq = %d, not above the previous event's %d", i, e.Seq, evs[i-1].Seq)
		}
		w := *e
		w.Time = w.Time.Truncate(time.Millisecond).UTC()
		want = append(want, w)
	}
	seq := func(i int) int64 { return evs[i].Seq }
	if n := last(t); n != seq(4) {
		t.Errorf("LastEventSeq = %d, want %d", n, seq(4))
	}
	got := after(t, 0, 100)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EventsAfter(0) mismatch (-want +got):\n%s", diff)
	}
	for i, e := range got {
		if e.Time.Location() != time.UTC {
			t.Errorf("event %d time location = %v, want UTC", i, e.Time.Location())
		}
	}
	for _, tc := range []struct {
		name  string
		after int64
		limit int
		want  []connect.EventRecord
	}{
		{"Limit", 0, 2, want[:2]},
		{"AfterIsExclusive", seq(1), 2, want[2:4]},
		{"AfterBetweenSeqs", seq(1) + (seq(2)-seq(1))/2, 10, want[2:]},
		{"LimitOne", seq(3), 1, want[4:]},
		{"AfterLast", seq(4), 10, nil},
		{"FarAfterLast", seq(4) + 1000, 10, nil},
	} {
		got := after(t, tc.after, tc.limit)
		if len(got) == 0 && len(tc.want) == 0 {
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: EventsAfter(%d, %d) mismatch (-want +got):\n%s", tc.name, tc.after, tc.limit, diff)
		}
	}

	// A failed Update writes no event.
	err := s.Update(ctx, func(tx connect.Tx) error {
		e := newEvent("i-1", 6, 6)
		if err := tx.AppendEvent(ctx, e); err != nil {
			return err
		}
		if e.Seq <= seq(4) {
			t.Errorf("Seq in the failing tx = %d, want > %d", e.Seq, seq(4))
		}
		return errBoom
	})
	if err == nil {
		t.Fatal("failing Update = nil, want an error")
	}
	if n := last(t); n != seq(4) {
		t.Errorf("LastEventSeq after a failed Update = %d, want %d", n, seq(4))
	}
	if got := after(t, seq(4), 10); len(got) != 0 {
		t.Errorf("EventsAfter after a failed Update = %v, want empty", got)
	}

	// DeleteEventsBefore deletes the events timed strictly before t,
	// whatever their Seq.
	del := func(t *testing.T, before time.Time, want int) {
		t.Helper()
		mustUpdate(t, s, func(tx connect.Tx) error {
			n, err := tx.DeleteEventsBefore(ctx, before)
			if err != nil {
				return err
			}
			if n != want {
				t.Errorf("DeleteEventsBefore(%v) = %d, want %d", before, n, want)
			}
			return nil
		})
	}
	del(t, at(0), 0)
	del(t, at(3), 2) // evs[0] at(1) and evs[2] at(2); evs[1] at exactly at(3) stays
	del(t, at(3), 0)
	if diff := cmp.Diff([]connect.EventRecord{want[1], want[3], want[4]}, after(t, 0, 100)); diff != "" {
		t.Errorf("EventsAfter after DeleteEventsBefore mismatch (-want +got):\n%s", diff)
	}
	if n := last(t); n != seq(4) {
		t.Errorf("LastEventSeq after deleting older events = %d, want %d", n, seq(4))
	}

	// Seq keeps increasing after deletions and a failed Update.
	del(t, at(100), 3)
	if got := after(t, 0, 100); len(got) != 0 {
		t.Errorf("EventsAfter after deleting all = %v, want empty", got)
	}
	if n := last(t); n != seq(4) {
		t.Errorf("LastEventSeq after deleting every event = %d, want the highest written, %d", n, seq(4))
	}
	e := newEvent("i-1", 7, 7)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.AppendEvent(ctx, e) })
	awaitSeq(t, s, e.Seq)
	if e.Seq <= seq(4) {
		t.Errorf("Seq after deletions = %d, want > %d", e.Seq, seq(4))
	}
	if n := last(t); n != e.Seq {
		t.Errorf("LastEventSeq = %d, want %d", n, e.Seq)
	}
}

// testEventsCommitOrder has a dispatcher follow the outbox with EventsAfter
// while concurrent Updates append to it, some failing: because Seq rises in
// commit order, following the highest Seq seen misses no committed event.
func testEventsCommitOrder(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	const writers, rounds = 8, 6
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		written = map[int64]string{} // Seq → ContactID of committed events
	)
	start := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			<-start
			for r := range rounds {
				n := w*rounds + r
				var evs []*connect.EventRecord
				err := s.Update(ctx, func(tx connect.Tx) error {
					evs = []*connect.EventRecord{newEvent("i-1", n, 1)}
					if n%3 == 0 {
						evs = append(evs, newEvent("i-1", n, 2))
					}
					for _, e := range evs {
						if err := tx.AppendEvent(ctx, e); err != nil {
							return err
						}
					}
					if n%4 == 1 {
						return errBoom
					}
					return nil
				})
				if n%4 == 1 {
					if err == nil {
						t.Errorf("failing Update %d = nil", n)
					}
					continue
				}
				if err != nil {
					t.Errorf("Update %d = %v", n, err)
					continue
				}
				mu.Lock()
				for _, e := range evs {
					if prev, dup := written[e.Seq]; dup {
						t.Errorf("Seq %d given to %s and %s", e.Seq, prev, e.ContactID)
					}
					written[e.Seq] = e.ContactID
				}
				mu.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	seen := map[int64]string{}
	var cursor int64
	follow := func() {
		got, err := s.EventsAfter(ctx, cursor, 5)
		if err != nil {
			t.Errorf("EventsAfter(%d): %v", cursor, err)
			return
		}
		for _, e := range got {
			if e.Seq <= cursor {
				t.Errorf("EventsAfter(%d) returned Seq %d", cursor, e.Seq)
			}
			cursor = e.Seq
			seen[e.Seq] = e.ContactID
		}
	}
	close(start)
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			follow()
			time.Sleep(time.Millisecond)
		}
	}
	// The last writes become readable once every transaction older than
	// theirs has ended, another test's too.
	for deadline := time.Now().Add(time.Minute); len(seen) < len(written) && time.Now().Before(deadline); {
		follow()
		time.Sleep(time.Millisecond)
	}
	if diff := cmp.Diff(written, seen); diff != "" {
		t.Errorf("events followed mismatch events committed (-committed +followed):\n%s", diff)
	}
	var n int
	for i := range writers * rounds {
		if i%4 != 1 {
			n++
			if i%3 == 0 {
				n++
			}
		}
	}
	if len(written) != n {
		t.Errorf("%d events committed, want %d", len(written), n)
	}
	seqs := slices.Sorted(maps.Keys(written))
	if len(seqs) == 0 {
		return
	}
	awaitSeq(t, s, seqs[len(seqs)-1])
	last, err := s.LastEventSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if last != seqs[len(seqs)-1] {
		t.Errorf("LastEventSeq = %d, want %d", last, seqs[len(seqs)-1])
	}
}

// testPartitionEvents: PartitionEventsAfter reads one partition's events
// (its account and region both match), in Seq order, with the Seq and limit
// rules of EventsAfter; Seqs of other partitions in between are no gaps to
// wait for.
func testPartitionEvents(t *testing.T, s connect.Store) {
	ctx := t.Context()
	ps := []connect.Partition{
		partition,
		{AccountID: partition.AccountID, Region: "eu-west-1"}, // same account, another region
		{AccountID: "210987654321", Region: partition.Region}, // another account, same region
		{AccountID: "210987654321", Region: "eu-west-1"},
	}
	for i, p := range ps {
		in := newInstance(p, fmt.Sprintf("i-%d", i))
		in.Alias = ""
		mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(ctx, in) })
	}
	partitionAfter := func(t *testing.T, p connect.Partition, after int64, limit int) []connect.EventRecord {
		t.Helper()
		got, err := s.PartitionEventsAfter(ctx, p, after, limit)
		if err != nil {
			t.Fatalf("PartitionEventsAfter(%v, %d, %d): %v", p, after, limit, err)
		}
		return got
	}
	if got := partitionAfter(t, partition, 0, 10); len(got) != 0 {
		t.Errorf("PartitionEventsAfter of an empty outbox = %v, want empty", got)
	}

	// Events of every partition, interleaved, then a run of one partition's
	// (a gap in the others' Seqs), then interleaved again.
	var order []int
	for n := range 8 {
		order = append(order, n%len(ps))
	}
	for range 6 {
		order = append(order, 3)
	}
	for n := range 8 {
		order = append(order, (n+1)%len(ps))
	}
	byPartition := map[connect.Partition][]connect.EventRecord{}
	for start := 0; start < len(order); start += 5 {
		var batch []*connect.EventRecord
		mustUpdate(t, s, func(tx connect.Tx) error {
			for n := start; n < min(start+5, len(order)); n++ {
				i := order[n]
				e := newEvent(fmt.Sprintf("i-%d", i), n, n)
				e.Partition = ps[i]
				if err := tx.AppendEvent(ctx, e); err != nil {
					return err
				}
				batch = append(batch, e)
			}
			return nil
		})
		awaitSeq(t, s, batch[len(batch)-1].Seq)
		for _, e := range batch {
			w := *e
			w.Time = w.Time.UTC()
			byPartition[e.Partition] = append(byPartition[e.Partition], w)
		}
	}
	for _, p := range ps {
		want := byPartition[p]
		t.Run(p.AccountID+"/"+p.Region, func(t *testing.T) {
			if diff := cmp.Diff(want, partitionAfter(t, p, 0, 100)); diff != "" {
				t.Errorf("PartitionEventsAfter(0) mismatch (-want +got):\n%s", diff)
			}
			for _, tc := range []struct {
				name  string
				after int64
				limit int
				want  []connect.EventRecord
			}{
				{"Limit", 0, 2, want[:2]},
				{"AfterIsExclusive", want[1].Seq, 2, want[2:4]},
				{"AfterOtherPartitionsSeq", want[0].Seq + 1, 100, eventsAbove(want, want[0].Seq+1)},
				{"AfterLast", want[len(want)-1].Seq, 10, nil},
			} {
				got := partitionAfter(t, p, tc.after, tc.limit)
				if len(got) == 0 && len(tc.want) == 0 {
					continue
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%s: PartitionEventsAfter(%d, %d) mismatch (-want +got):\n%s", tc.name, tc.after, tc.limit, diff)
				}
			}
		})
	}
	for _, p := range []connect.Partition{
		{AccountID: "999999999999", Region: partition.Region},
		{AccountID: partition.AccountID, Region: "ap-south-1"},
		{AccountID: partition.AccountID},
		{},
	} {
		if got := partitionAfter(t, p, 0, 100); len(got) != 0 {
			t.Errorf("PartitionEventsAfter(%+v) = %d events, want none", p, len(got))
		}
	}

	// Deleted events are gone from every partition's view.
	mustUpdate(t, s, func(tx connect.Tx) error {
		_, err := tx.DeleteEventsBefore(ctx, at(10))
		return err
	})
	for _, p := range ps {
		var want []connect.EventRecord
		for _, e := range byPartition[p] {
			if !e.Time.Before(at(10)) {
				want = append(want, e)
			}
		}
		got := partitionAfter(t, p, 0, 100)
		if len(got) == 0 && len(want) == 0 {
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%+v after DeleteEventsBefore mismatch (-want +got):\n%s", p, diff)
		}
	}
}

// eventsAbove returns the events of es with a Seq above seq.
func eventsAbove(es []connect.EventRecord, seq int64) []connect.EventRecord {
	var out []connect.EventRecord
	for _, e := range es {
		if e.Seq > seq {
			out = append(out, e)
		}
	}
	return out
}

// --- delivery cursors

func testCursors(t *testing.T, s connect.Store) {
	ctx := t.Context()
	get := func(t *testing.T, name string, wantSeq int64, wantOK bool) {
		t.Helper()
		seq, ok, err := s.GetCursor(ctx, name)
		if err != nil {
			t.Fatalf("GetCursor(%s): %v", name, err)
		}
		if seq != wantSeq || ok != wantOK {
			t.Errorf("GetCursor(%s) = %d, %v; want %d, %v", name, seq, ok, wantSeq, wantOK)
		}
	}
	put := func(name string, seq int64) func(tx connect.Tx) error {
		return func(tx connect.Tx) error { return tx.PutCursor(ctx, name, seq) }
	}
	get(t, "hook-a", 0, false)
	get(t, "", 0, false)
	mustUpdate(t, s, put("hook-a", 5))
	get(t, "hook-a", 5, true)
	get(t, "hook-b", 0, false)
	mustUpdate(t, s, put("hook-a", 9))
	get(t, "hook-a", 9, true)
	mustUpdate(t, s, put("hook-a", 3)) // a cursor may move back (a replay)
	get(t, "hook-a", 3, true)
	mustUpdate(t, s, put("hook-b", 0))
	get(t, "hook-b", 0, true)
	mustUpdate(t, s, put("hook-c", math.MaxInt64))
	get(t, "hook-c", math.MaxInt64, true)
	get(t, "hook-a", 3, true)

	err := s.Update(ctx, func(tx connect.Tx) error {
		if err := put("hook-a", 100)(tx); err != nil {
			return err
		}
		if err := put("hook-d", 100)(tx); err != nil {
			return err
		}
		seq, ok, err := tx.GetCursor(ctx, "hook-a")
		if err != nil {
			return err
		}
		if seq != 100 || !ok {
			t.Errorf("GetCursor in the writing tx = %d, %v; want 100, true", seq, ok)
		}
		return errBoom
	})
	if err == nil {
		t.Fatal("failing Update = nil, want an error")
	}
	get(t, "hook-a", 3, true)
	get(t, "hook-d", 0, false)

	// Deleting a cursor leaves the others; deleting one that is not there
	// is no error; a deleted cursor can be set again.
	del := func(name string) func(tx connect.Tx) error {
		return func(tx connect.Tx) error { return tx.DeleteCursor(ctx, name) }
	}
	mustUpdate(t, s, del("hook-b"))
	get(t, "hook-b", 0, false)
	get(t, "hook-a", 3, true)
	mustUpdate(t, s, del("hook-b"))
	mustUpdate(t, s, del("never-set"))
	mustUpdate(t, s, put("hook-b", 7))
	get(t, "hook-b", 7, true)
}
