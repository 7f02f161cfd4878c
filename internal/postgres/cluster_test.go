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
