package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/clock"
	"connectd/internal/connect"
	"connectd/internal/postgres"
	"connectd/internal/storetest"
)

// Tests of what several nodes on one database rely on. Each opens two DBs on
// one schema: two nodes, with separate pools and sessions.

func twoNodes(t *testing.T) (*postgres.DB, *postgres.DB) {
	t.Helper()
	url := postgres.SchemaURL(t)
	return mustOpen(t, url, postgres.Options{}), mustOpen(t, url, postgres.Options{})
}

func contactIDs(cs []*connect.Contact) []string {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestDueContactsSkipLocked: a node's DueContacts skips the contacts another
// node's transaction has claimed, without waiting for it, and a claim ends
// with the transaction that made it, so contacts claimed by a run that
// fails (a node that died mid-run) are claimed again.
func TestDueContactsSkipLocked(t *testing.T) {
	t.Parallel()
	a, b := twoNodes(t)
	ctx := t.Context()
	storetest.InsertInstance(t, a, "i-1")
	due := time.UnixMilli(1_700_000_000_000).UTC()
	if err := a.Update(ctx, func(tx connect.Tx) error {
		for i := range 4 {
			c := storetest.Contact("i-1", fmt.Sprintf("c-%d", i+1))
			c.WakeAt = new(due.Add(time.Duration(i) * time.Millisecond))
			if err := tx.InsertContact(ctx, c); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	claim := func(db *postgres.DB, limit int) ([]string, error) {
		var ids []string
		err := db.Update(ctx, func(tx connect.Tx) error {
			cs, err := tx.DueContacts(ctx, due.Add(time.Hour), limit)
			ids = contactIDs(cs)
			return err
		})
		return ids, err
	}

	claimed, release := make(chan []string, 1), make(chan struct{})
	errBoom := errors.New("boom")
	var wg sync.WaitGroup
	wg.Go(func() {
		err := a.Update(ctx, func(tx connect.Tx) error {
			cs, err := tx.DueContacts(ctx, due.Add(time.Hour), 2)
			if err != nil {
				return err
			}
			claimed <- contactIDs(cs)
			<-release
			return errBoom // the run fails: its claims must come free
		})
		if !errors.Is(err, errBoom) {
			t.Errorf("claiming Update = %v, want %v", err, errBoom)
		}
	})
	if diff := cmp.Diff([]string{"c-1", "c-2"}, <-claimed); diff != "" {
		t.Errorf("first claim mismatch (-want +got):\n%s", diff)
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	var got []string
	err := b.Update(wctx, func(tx connect.Tx) error {
		cs, err := tx.DueContacts(wctx, due.Add(time.Hour), 10)
		got = contactIDs(cs)
		return err
	})
	cancel()
	if err != nil {
		t.Errorf("second node's DueContacts while the first holds its claim = %v (it must skip, not wait)", err)
	}
	if diff := cmp.Diff([]string{"c-3", "c-4"}, got); diff != "" {
		t.Errorf("second node's claim mismatch (-want +got):\n%s", diff)
	}
	close(release)
	wg.Wait()
	got, err = claim(b, 10)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"c-1", "c-2", "c-3", "c-4"}, got); diff != "" {
		t.Errorf("claim after the failed run mismatch (-want +got):\n%s", diff)
	}
}

// service returns a Service on db with the shared clock and quota, without
// a flow runner (started tasks stay IN_PROGRESS: active).
func service(db connect.Store, clk connect.Clock, quota int) *connect.Service {
	return connect.NewService(connect.ServiceConfig{Store: db, Clock: clk, ActiveContactQuota: quota})
}

// TestRunDueExactlyOnceAcrossNodes: scheduled tasks created on two nodes
// start exactly once when both nodes' schedulers run at once.
func TestRunDueExactlyOnceAcrossNodes(t *testing.T) {
	t.Parallel()
	a, b := twoNodes(t)
	ctx := t.Context()
	clk := clock.NewManual(time.Now().Truncate(time.Millisecond)) // shared by the nodes
	nodes := []*connect.Service{service(a, clk, 0), service(b, clk, 0)}
	p := connect.Partition{AccountID: "123456789012", Region: "us-east-1"}
	inst, err := nodes[0].EnsureDefaultInstance(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	flows, _, err := nodes[1].ListContactFlows(ctx, p, inst.ID, []string{"CONTACT_FLOW"}, "", 100)
	if err != nil || len(flows) == 0 {
		t.Fatalf("ListContactFlows = %d flows, %v", len(flows), err)
	}
	const n = 40
	want := map[string]bool{}
	for i := range n {
		at := clk.Now().Add(time.Minute + time.Duration(i)*time.Millisecond)
		c, err := nodes[i%2].StartTaskContact(ctx, p, connect.StartTaskInput{InstanceID: inst.ID,
			Name: fmt.Sprintf("task %d", i), ContactFlowID: flows[0].ID, ScheduledTime: &at})
		if err != nil {
			t.Fatal(err)
		}
		want[c.ID] = true
	}
	clk.Advance(2 * time.Minute)
	var (
		woken atomic.Int64
		wg    sync.WaitGroup
	)
	for i := range 4 { // two schedulers per node
		wg.Go(func() {
			k, err := nodes[i%2].RunDue(ctx)
			if err != nil {
				t.Errorf("RunDue on node %d: %v", i%2, err)
			}
			woken.Add(int64(k))
		})
	}
	wg.Wait()
	if woken.Load() != n {
		t.Errorf("the schedulers woke %d contacts in all, want %d", woken.Load(), n)
	}
	// The events become readable once every transaction older than theirs
	// has ended, another test's too.
	var connected map[string]int
	for deadline := time.Now().Add(time.Minute); len(connected) < n && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		connected = map[string]int{}
		evs, err := a.EventsAfter(ctx, 0, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.Type == connect.EventConnectedToSystem {
				connected[e.ContactID]++
			}
		}
	}
	for id := range want {
		if connected[id] != 1 {
			t.Errorf("contact %s has %d CONNECTED_TO_SYSTEM events, want 1", id, connected[id])
		}
		c, err := b.GetContact(ctx, inst.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.State != connect.StateInProgress || c.ConnectedToSystemTimestamp == nil {
			t.Errorf("contact %s: state %s, connected to system %v; want IN_PROGRESS, set", id, c.State, c.ConnectedToSystemTimestamp)
		}
	}
	if len(connected) != n {
		t.Errorf("%d contacts have CONNECTED_TO_SYSTEM events, want %d", len(connected), n)
	}
}

// TestActiveQuotaAcrossNodes: concurrent StartTaskContact calls spread over
// two nodes start exactly as many tasks as the active-task quota allows.
func TestActiveQuotaAcrossNodes(t *testing.T) {
	t.Parallel()
	a, b := twoNodes(t)
	ctx := t.Context()
	clk := clock.NewManual(time.Now().Truncate(time.Millisecond)) // shared by the nodes
	const quota, calls = 5, 24
	nodes := []*connect.Service{service(a, clk, quota), service(b, clk, quota)}
	p := connect.Partition{AccountID: "123456789012", Region: "us-east-1"}
	inst, err := nodes[0].EnsureDefaultInstance(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	flows, _, err := nodes[0].ListContactFlows(ctx, p, inst.ID, []string{"CONTACT_FLOW"}, "", 100)
	if err != nil || len(flows) == 0 {
		t.Fatalf("ListContactFlows = %d flows, %v", len(flows), err)
	}
	var (
		ok, refused atomic.Int64
		wg          sync.WaitGroup
	)
	start := make(chan struct{})
	for i := range calls {
		wg.Go(func() {
			<-start
			_, err := nodes[i%2].StartTaskContact(ctx, p, connect.StartTaskInput{InstanceID: inst.ID,
				Name: fmt.Sprintf("task %d", i), ContactFlowID: flows[0].ID})
			switch {
			case err == nil:
				ok.Add(1)
			case connect.KindOf(err) == connect.QuotaExceeded:
				refused.Add(1)
			default:
				t.Errorf("StartTaskContact %d: %v", i, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if ok.Load() != quota || refused.Load() != calls-quota {
		t.Errorf("%d tasks started and %d refused, want %d and %d", ok.Load(), refused.Load(), quota, calls-quota)
	}
	all, total, err := b.SearchContacts(ctx, inst.ID, connect.ContactQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if total != quota || len(all) != quota {
		t.Errorf("the instance holds %d contacts (page %d), want %d", total, len(all), quota)
	}
}

// startLike is a start's writes: the contact, its count against the quota
// and two events, in one Snapshot Update (as the contact operations run).
func startLike(ctx context.Context, tx connect.Tx, instanceID, id string, quota int) ([]*connect.EventRecord, error) {
	c := storetest.Contact(instanceID, id)
	if err := tx.InsertContact(ctx, c); err != nil {
		return nil, err
	}
	ok, err := tx.AddActiveContacts(ctx, instanceID, 1, quota)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &connect.Error{Kind: connect.QuotaExceeded}
	}
	var evs []*connect.EventRecord
	for _, typ := range []string{connect.EventInitiated, connect.EventConnectedToSystem} {
		e := &connect.EventRecord{Partition: storetest.Instance(instanceID).Partition, InstanceID: instanceID,
			ContactID: id, Type: typ, Time: c.InitiationTimestamp, Body: []byte(`{}`)}
		if err := tx.AppendEvent(ctx, e); err != nil {
			return nil, err
		}
		evs = append(evs, e)
	}
	return evs, nil
}

// TestNoSharedRowAcrossNodes: a start on one node commits while a start
// on another node, in the same instance, holds its transaction open: no
// row (an event counter, an instance's active count) makes the second wait
// for the first. The outbox shows the second start's events only once the
// first has ended, and then both, in Seq order, the first's first.
func TestNoSharedRowAcrossNodes(t *testing.T) {
	t.Parallel()
	a, b := twoNodes(t)
	ctx := connect.WithIsolation(t.Context(), connect.Snapshot)
	storetest.InsertInstance(t, a, "i-1")
	// Both nodes' sessions have counted once: their first start deals
	// them headroom (a write of the anchor row, serial by design).
	for i, db := range []*postgres.DB{a, b} {
		if err := db.Update(ctx, func(tx connect.Tx) error {
			_, err := startLike(ctx, tx, "i-1", fmt.Sprintf("warm-%d", i), 1000)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	last, err := a.LastEventSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}

	held, release := make(chan []*connect.EventRecord, 1), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		err := a.Update(ctx, func(tx connect.Tx) error {
			evs, err := startLike(ctx, tx, "i-1", "c-a", 1000)
			if err != nil {
				return err
			}
			held <- evs
			<-release
			return nil
		})
		if err != nil {
			t.Errorf("the held start: %v", err)
		}
	})
	evsA := <-held
	bctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	var evsB []*connect.EventRecord
	err = b.Update(bctx, func(tx connect.Tx) error {
		evsB, err = startLike(bctx, tx, "i-1", "c-b", 1000)
		return err
	})
	cancel()
	if err != nil {
		close(release)
		wg.Wait()
		t.Fatalf("a start on node b while node a's start is open = %v (it waited for a row a holds)", err)
	}
	if evsB[0].Seq <= evsA[1].Seq {
		t.Errorf("node b's events (Seq %d) below node a's (%d): a took its transaction ID first", evsB[0].Seq, evsA[1].Seq)
	}
	got, err := b.EventsAfter(ctx, last, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range got {
		if e.ContactID == "c-b" || e.ContactID == "c-a" {
			t.Errorf("event %d of %s readable while node a's older transaction is open", e.Seq, e.ContactID)
		}
	}
	close(release)
	wg.Wait()
	var ids []string
	for deadline := time.Now().Add(time.Minute); len(ids) < 4 && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		got, err := b.EventsAfter(ctx, last, 100)
		if err != nil {
			t.Fatal(err)
		}
		ids = nil
		for _, e := range got {
			// The warm-up's events may follow last too: LastEventSeq stops
			// below the horizon, which any transaction on the server (another
			// test's, in parallel) holds back.
			if e.ContactID == "c-a" || e.ContactID == "c-b" {
				ids = append(ids, fmt.Sprintf("%s %s", e.ContactID, e.Type))
			}
		}
	}
	want := []string{"c-a INITIATED", "c-a CONNECTED_TO_SYSTEM", "c-b INITIATED", "c-b CONNECTED_TO_SYSTEM"}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("events after both commits mismatch (-want +got):\n%s", diff)
	}
}

// TestEventsFollowedAcrossNodes: writers on three nodes (three pools) append
// events concurrently, some of their transactions rolling back, each
// contact's events over several transactions; a follower per node reads the
// outbox from a cursor (EventsAfter, or PartitionEventsAfter) and, halfway,
// starts again from its last cursor as a restarted SSE client or webhook
// would. Every follower reads every committed event exactly once, in Seq
// order, each contact's events in the order they were committed, and none
// of a rolled-back transaction.
func TestEventsFollowedAcrossNodes(t *testing.T) {
	t.Parallel()
	url := postgres.SchemaURL(t)
	nodes := []*postgres.DB{mustOpen(t, url, postgres.Options{}), mustOpen(t, url, postgres.Options{}),
		mustOpen(t, url, postgres.Options{})}
	ctx := connect.WithIsolation(t.Context(), connect.Snapshot)
	storetest.InsertInstance(t, nodes[0], "i-1")
	p := storetest.Instance("i-1").Partition
	const writers, steps = 6, 8
	var (
		mu        sync.Mutex
		committed = map[int64]string{} // Seq → "contact step"
		wg        sync.WaitGroup
	)
	for w := range writers {
		wg.Go(func() {
			db := nodes[w%len(nodes)]
			contact := fmt.Sprintf("c-%d", w)
			for step := range steps {
				var evs []*connect.EventRecord
				fail := (w+step)%5 == 4
				err := db.Update(ctx, func(tx connect.Tx) error {
					evs = nil
					for k := range 1 + step%3 {
						e := &connect.EventRecord{Partition: p, InstanceID: "i-1", ContactID: contact,
							Type: fmt.Sprintf("%d.%d", step, k), Time: time.UnixMilli(1_700_000_000_000), Body: []byte(`{}`)}
						if err := tx.AppendEvent(ctx, e); err != nil {
							return err
						}
						evs = append(evs, e)
					}
					if fail {
						return errBoomCluster
					}
					return nil
				})
				if fail != (err != nil) {
					t.Errorf("writer %d step %d: Update = %v", w, step, err)
					continue
				}
				if fail {
					continue
				}
				mu.Lock()
				for _, e := range evs {
					committed[e.Seq] = contact + " " + e.Type
				}
				mu.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	type follower struct {
		read   func(after int64) ([]connect.EventRecord, error)
		cursor int64
		seen   []connect.EventRecord
	}
	var fs []*follower
	for i, db := range nodes {
		f := &follower{read: func(after int64) ([]connect.EventRecord, error) { return db.EventsAfter(ctx, after, 7) }}
		if i == 1 {
			f.read = func(after int64) ([]connect.EventRecord, error) { return db.PartitionEventsAfter(ctx, p, after, 7) }
		}
		fs = append(fs, f)
	}
	follow := func(f *follower) {
		got, err := f.read(f.cursor)
		if err != nil {
			t.Errorf("read after %d: %v", f.cursor, err)
			return
		}
		for _, e := range got {
			if e.Seq <= f.cursor {
				t.Errorf("read after %d returned Seq %d", f.cursor, e.Seq)
			}
			f.cursor = e.Seq
			f.seen = append(f.seen, e)
		}
	}
	restarted := false
	// maybeRestart restarts the first follower past ten events: a new
	// reader on another node, from its cursor. Reads take at most 7 events,
	// so the restart falls mid-stream whether the writers are still running
	// or done (on a fast run they finish before anyone reads).
	maybeRestart := func(i int, f *follower) {
		if !restarted && len(f.seen) > 10 && f.read != nil {
			restarted = true
			db := nodes[(i+1)%len(nodes)]
			f.read = func(after int64) ([]connect.EventRecord, error) { return db.EventsAfter(ctx, after, 7) }
		}
	}
	for running := true; running; time.Sleep(time.Millisecond) {
		select {
		case <-done:
			running = false
		default:
		}
		for i, f := range fs {
			follow(f)
			maybeRestart(i, f)
		}
	}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		caughtUp := true
		for i, f := range fs {
			follow(f)
			maybeRestart(i, f)
			caughtUp = caughtUp && len(f.seen) >= len(committed)
		}
		if caughtUp {
			break
		}
	}
	if !restarted {
		t.Error("no follower restarted from its cursor")
	}
	for i, f := range fs {
		got := map[int64]string{}
		last := map[string]string{} // contact → last step.k read
		for _, e := range f.seen {
			if _, dup := got[e.Seq]; dup {
				t.Errorf("follower %d read Seq %d twice", i, e.Seq)
			}
			got[e.Seq] = e.ContactID + " " + e.Type
			if prev, ok := last[e.ContactID]; ok && !stepBefore(prev, e.Type) {
				t.Errorf("follower %d read %s %s after %s", i, e.ContactID, e.Type, prev)
			}
			last[e.ContactID] = e.Type
		}
		if diff := cmp.Diff(committed, got); diff != "" {
			t.Errorf("follower %d: events read mismatch events committed (-committed +read):\n%s", i, diff)
		}
	}
}

var errBoomCluster = errors.New("boom")

// stepBefore reports whether event type a ("step.k") was written before b
// by the same writer.
func stepBefore(a, b string) bool {
	var sa, ka, sb, kb int
	fmt.Sscanf(a, "%d.%d", &sa, &ka)
	fmt.Sscanf(b, "%d.%d", &sb, &kb)
	return sa < sb || sa == sb && ka < kb
}
