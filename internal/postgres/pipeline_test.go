package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"connectd/internal/connect"
	"connectd/internal/postgres"
	"connectd/internal/storetest"
)

// Tests of the writes held back and sent with the next statement or COMMIT
// (see sqlstore.Later), and of the deals made ahead of a start.

// TestHeldBackFailureFailsUpdate: a held-back write that fails fails the
// whole Update with its own error, even when fn goes on or returns nil, and
// nothing of the transaction commits: the attribute set written before it
// and the event after it are gone with it.
func TestHeldBackFailureFailsUpdate(t *testing.T) {
	t.Parallel()
	db := mustOpenFresh(t, postgres.Options{})
	ctx := connect.WithIsolation(t.Context(), connect.Snapshot)
	storetest.InsertInstance(t, db, "i-1")
	first := storetest.Contact("i-1", "c-1")
	first.ClientToken = "token-1"
	if err := db.Update(ctx, func(tx connect.Tx) error { return tx.InsertContact(ctx, first) }); err != nil {
		t.Fatal(err)
	}
	last, err := db.LastEventSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// then is what fn does after the failing insert was held back.
		then func(ctx context.Context, tx connect.Tx) error
	}{
		{"ReturnsNil", func(context.Context, connect.Tx) error { return nil }},
		{"ReadsOn", func(ctx context.Context, tx connect.Tx) error {
			_, err := tx.GetInstance(ctx, "i-1") // sends the insert; its failure comes back here
			if connect.KindOf(err) != connect.Duplicate {
				t.Errorf("the read after the failed insert = %v, want the insert's Duplicate", err)
			}
			return nil // and fn ignores it
		}},
		{"WritesOn", func(ctx context.Context, tx connect.Tx) error {
			return tx.AppendEvents(ctx, []*connect.EventRecord{{Partition: storetest.Instance("i-1").Partition,
				InstanceID: "i-1", ContactID: "c-2", Type: connect.EventInitiated, Time: first.InitiationTimestamp, Body: []byte(`{}`)}})
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			twin := storetest.Contact("i-1", "c-2-"+tc.name)
			twin.ClientToken = "token-1" // taken: the insert fails on its unique key
			err := db.Update(ctx, func(tx connect.Tx) error {
				if err := tx.PutAttributes(ctx, "i-1", twin.ID, map[string]string{"k": "v"}); err != nil {
					return err
				}
				if err := tx.InsertContact(ctx, twin); err != nil {
					return err // SQLite would fail here; PostgreSQL holds it back
				}
				return tc.then(ctx, tx)
			})
			if connect.KindOf(err) != connect.Duplicate {
				t.Fatalf("Update = %v, want Duplicate", err)
			}
			attrs, err := db.GetAttributes(ctx, "i-1", twin.ID)
			if err != nil || len(attrs) != 0 {
				t.Errorf("attributes of the failed Update = %v, %v; want none", attrs, err)
			}
			if _, err := db.GetContact(ctx, "i-1", twin.ID); !connect.IsNotFound(err) {
				t.Errorf("contact of the failed Update: %v, want NotFound", err)
			}
			if n, err := db.LastEventSeq(ctx); err != nil || n != last {
				t.Errorf("LastEventSeq after the failed Update = %d, %v; want %d", n, err, last)
			}
		})
	}
}

// TestHeldBackWritesCommit: the held-back writes of an Update commit with
// it, in order, and the events' Seqs are set when Update returns.
func TestHeldBackWritesCommit(t *testing.T) {
	t.Parallel()
	db := mustOpenFresh(t, postgres.Options{})
	ctx := connect.WithIsolation(t.Context(), connect.Snapshot)
	storetest.InsertInstance(t, db, "i-1")
	c := storetest.Contact("i-1", "c-1")
	p := storetest.Instance("i-1").Partition
	evs := []*connect.EventRecord{
		{Partition: p, InstanceID: "i-1", ContactID: "c-1", Type: connect.EventInitiated, Time: c.InitiationTimestamp, Body: []byte(`{}`)},
		{Partition: p, InstanceID: "i-1", ContactID: "c-1", Type: connect.EventQueued, Time: c.InitiationTimestamp, Body: []byte(`{}`)},
	}
	if err := db.Update(ctx, func(tx connect.Tx) error {
		if err := tx.PutAttributes(ctx, "i-1", c.ID, map[string]string{"k": "v"}); err != nil {
			return err
		}
		// A second write of the set, held back after the first: the last wins.
		if err := tx.PutAttributes(ctx, "i-1", c.ID, map[string]string{"k": "w"}); err != nil {
			return err
		}
		if err := tx.InsertContact(ctx, c); err != nil {
			return err
		}
		if err := tx.AppendFlowLogs(ctx, []connect.FlowLogAppend{{InstanceID: "i-1", ContactID: c.ID, New: true,
			Entries: []connect.FlowLogEntry{{Timestamp: c.InitiationTimestamp, ContactFlowID: "f-1", Branch: "Success"}}}}); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, evs)
	}); err != nil {
		t.Fatal(err)
	}
	if evs[0].Seq <= 0 || evs[1].Seq != evs[0].Seq+1 {
		t.Errorf("Seqs after Update = %d, %d; want consecutive, above 0", evs[0].Seq, evs[1].Seq)
	}
	if attrs, err := db.GetAttributes(ctx, "i-1", c.ID); err != nil || attrs["k"] != "w" {
		t.Errorf("attributes = %v, %v; want k=w", attrs, err)
	}
	if _, err := db.GetContact(ctx, "i-1", c.ID); err != nil {
		t.Errorf("GetContact = %v", err)
	}
	if log, err := db.ListFlowLog(ctx, "i-1", c.ID); err != nil || len(log) != 1 {
		t.Errorf("flow log = %d entries, %v; want 1", len(log), err)
	}
}

// TestFirstDealsDoNotRetry: the sessions of two nodes that all count their
// first start on one instance at once deal their headroom ahead, one after
// the other on the anchor's row lock, instead of failing to serialise
// against each other inside their starts (one retry per session and
// round, then runs exclusive). Every start counts.
func TestFirstDealsDoNotRetry(t *testing.T) {
	t.Parallel()
	const conns, quota = 8, 1000
	url := postgres.WithParam(t, postgres.SchemaURL(t), "pool_max_conns", fmt.Sprint(conns))
	var retries atomic.Int64
	opts := postgres.Options{RetryFunc: func() { retries.Add(1) }}
	a, b := mustOpen(t, url, opts), mustOpen(t, url, opts)
	ctx := connect.WithIsolation(t.Context(), connect.Snapshot)
	storetest.InsertInstance(t, a, "i-1")
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 2 * conns {
		db := []*postgres.DB{a, b}[i%2]
		wg.Go(func() {
			<-start
			err := db.Update(ctx, func(tx connect.Tx) error {
				_, err := startLike(ctx, tx, "i-1", fmt.Sprintf("c-%d", i), quota)
				return err
			})
			if err != nil {
				t.Errorf("start %d: %v", i, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if n := retries.Load(); n != 0 {
		t.Errorf("%d Updates ran again after a serialization failure, want 0", n)
	}
	if _, total, err := a.SearchContacts(ctx, "i-1", connect.ContactQuery{}); err != nil || total != 2*conns {
		t.Errorf("contacts = %d, %v; want %d", total, err, 2*conns)
	}
}
