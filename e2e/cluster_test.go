package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	smithy "github.com/aws/smithy-go"
	"github.com/jackc/pgx/v5"
)

// clusterLog records what the cluster acknowledged.
type clusterLog struct {
	mu        sync.Mutex
	immediate map[string]bool     // ContactId of every acknowledged immediate task
	scheduled map[string]bool     // ... of every acknowledged scheduled task
	batch     map[string]bool     // ... of the scheduled tasks all due at batchDue
	tokens    map[string][]string // ClientToken → ContactIds acknowledged for it
	chained   []string            // acknowledged tasks chained to the root
	refused   int                 // chained tasks refused with ServiceQuotaExceededException
}

func (l *clusterLog) add(m map[string]bool, id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	m[id] = true
}

// TestCluster runs three connectd processes on one PostgreSQL schema and
// drives them at once through the Go SDK: immediate and scheduled tasks
// round-robin, ClientToken retries of one request sent to every node at
// once, and a PreviousContactId chain built across nodes. Then a node is
// killed (SIGKILL) in the middle of its scheduler's transaction, with
// requests in flight: as a batch of scheduled tasks falls due, the test
// holds the contacts table locked against writes, so the node whose
// scheduler claims the batch (FOR UPDATE SKIP LOCKED) waits for that lock
// while starting the tasks, and dies holding its claims. Then: every acknowledged contact
// describes on a surviving node, a ClientToken made one contact, the chain
// holds exactly 12 tasks, every task started exactly once (one
// CONNECTED_TO_SYSTEM event each in the outbox), and a survivor started
// the batch the dead node held, all within seconds of their time.
func TestCluster(t *testing.T) {
	t.Parallel()
	dsn := postgresSchemaURL(t)
	nodes := make([]*server, 3)
	for i := range nodes {
		// application_name tells the nodes' sessions apart in pg_stat_activity.
		nodeDSN := withQuery(t, dsn, "application_name", fmt.Sprintf("connectd-node-%d", i))
		nodes[i] = startServer(t, "", "--store", "postgres", "--postgres-url", nodeDSN, "--clock", "real")
	}
	for i, n := range nodes[1:] {
		if n.InstanceID != nodes[0].InstanceID || n.TaskFlowID != nodes[0].TaskFlowID {
			t.Fatalf("node %d serves instance %s (flow %s), node 0 %s (flow %s)", i+1, n.InstanceID, n.TaskFlowID,
				nodes[0].InstanceID, nodes[0].TaskFlowID)
		}
	}
	clients := make([]*connect.Client, len(nodes))
	for i, n := range nodes {
		clients[i] = n.client(t)
	}
	s := nodes[0] // taskInput uses only the shared instance and flow
	log := &clusterLog{immediate: map[string]bool{}, scheduled: map[string]bool{}, batch: map[string]bool{},
		tokens: map[string][]string{}}
	// victim is the node killed, chosen in phase 2 (-1 until then).
	var victim atomic.Int32
	victim.Store(-1)
	// start sends in to node i. An error is a failure, except a transport
	// error from the victim: that request is simply not acknowledged (it
	// may or may not have committed).
	start := func(i int, in *connect.StartTaskContactInput) (string, error) {
		out, err := clients[i].StartTaskContact(ctx(t), in)
		if err == nil {
			return aws.ToString(out.ContactId), nil
		}
		var ae smithy.APIError
		if int32(i) == victim.Load() && !errors.As(err, &ae) {
			return "", nil
		}
		return "", err
	}

	// Phase 1, every node up: a chain, token retries, immediate tasks and
	// scheduled ones (round-robin, due from firstDue on; and a batch all
	// due at batchDue), all at once.
	root := startTask(t, clients[1], s, "root")
	firstDue := time.Now().Add(3 * time.Second)
	batchDue := firstDue.Add(2 * time.Second)
	const chainTries, tokenCount, immediateCount, scheduledCount, batchCount = 15, 8, 24, 24, 12
	var wg sync.WaitGroup
	for i := range chainTries {
		wg.Go(func() {
			id, err := start(i%3, s.taskInput(fmt.Sprintf("chained %d", i), withPrevious(root)))
			var ae smithy.APIError
			log.mu.Lock()
			defer log.mu.Unlock()
			switch {
			case err == nil:
				log.chained = append(log.chained, id)
			case errors.As(err, &ae) && ae.ErrorCode() == "ServiceQuotaExceededException":
				log.refused++
			default:
				t.Errorf("chained task %d on node %d: %v", i, i%3, err)
			}
		})
	}
	for k := range tokenCount {
		token := fmt.Sprintf("retry-%d-%d", k, firstDue.UnixNano())
		for i := range nodes {
			wg.Go(func() {
				id, err := start(i, s.taskInput(fmt.Sprintf("retried %d", k), withToken(token)))
				if err != nil {
					t.Errorf("token %s on node %d: %v", token, i, err)
					return
				}
				log.mu.Lock()
				log.tokens[token] = append(log.tokens[token], id)
				log.mu.Unlock()
			})
		}
	}
	for i := range immediateCount {
		wg.Go(func() {
			id, err := start(i%3, s.taskInput(fmt.Sprintf("immediate %d", i)))
			if err != nil {
				t.Errorf("immediate task %d on node %d: %v", i, i%3, err)
				return
			}
			log.add(log.immediate, id)
		})
	}
	for i := range scheduledCount {
		wg.Go(func() {
			at := firstDue.Add(time.Duration(i) * 20 * time.Millisecond)
			id, err := start(i%3, s.taskInput(fmt.Sprintf("scheduled %d", i), withSchedule(at)))
			if err != nil {
				t.Errorf("scheduled task %d on node %d: %v", i, i%3, err)
				return
			}
			log.add(log.scheduled, id)
		})
	}
	for i := range batchCount {
		wg.Go(func() {
			id, err := start(i%3, s.taskInput(fmt.Sprintf("batch %d", i), withSchedule(batchDue)))
			if err != nil {
				t.Errorf("batch task %d on node %d: %v", i, i%3, err)
				return
			}
			log.add(log.scheduled, id)
			log.add(log.batch, id)
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if time.Now().After(firstDue) {
		t.Fatalf("phase 1 ended %v after the first scheduled time", time.Since(firstDue))
	}

	// Phase 2: as the scheduled tasks fall due, requests keep coming to
	// every node.
	time.Sleep(time.Until(firstDue))
	var (
		paused sync.RWMutex // held by each request; Lock pauses them all
		up     = []int{0, 1, 2}
		upMu   sync.Mutex
	)
	stop := make(chan struct{})
	pausedHere := false // the test holds paused
	stopLoad := sync.OnceFunc(func() {
		if pausedHere {
			paused.Unlock()
		}
		close(stop)
		wg.Wait()
	})
	defer stopLoad() // also when the test fails early: no request outlives it
	for g := range 3 {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				upMu.Lock()
				i := up[(g+n)%len(up)]
				upMu.Unlock()
				paused.RLock()
				id, err := start(i, s.taskInput(fmt.Sprintf("during %d-%d", g, n)))
				paused.RUnlock()
				switch {
				case err != nil:
					t.Errorf("task during phase 2 on node %d: %v", i, err)
				case id != "":
					log.add(log.immediate, id)
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	// Shortly before batchDue, requests pause and the test locks the
	// contacts table against writes (SHARE mode: its readers go on, and
	// FOR UPDATE claims too). Every node's scheduler wakes at batchDue (the
	// earliest wake time in the database); the one that claims the batch
	// waits for the lock in its transaction, at the first update of a
	// started task, and it is the only session waiting for a lock: that
	// node is the victim. (Not the outbox: its rows are written with
	// COMMIT, in one round trip, so a node that dies waiting for them has
	// sent its COMMIT already, and its transaction commits once the lock
	// goes. Exactly once either way, but no claim would be left to a
	// survivor.)
	time.Sleep(time.Until(batchDue.Add(-400 * time.Millisecond)))
	paused.Lock()
	pausedHere = true
	lockConn, err := pgx.Connect(ctx(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer lockConn.Close(context.Background())
	lock, err := lockConn.Begin(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec(ctx(t), `LOCK TABLE contacts IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	for victim.Load() < 0 {
		if time.Now().After(batchDue.Add(3 * time.Second)) {
			t.Fatal("no node's scheduler waited for the contacts lock within 3s of batchDue")
		}
		var i int32
		err := lockConn.QueryRow(ctx(t), `SELECT substr(application_name, 15)::int FROM pg_stat_activity
			WHERE application_name LIKE 'connectd-node-_' AND wait_event_type = 'Lock' LIMIT 1`).Scan(&i)
		switch {
		case err == nil:
			victim.Store(i)
		case errors.Is(err, pgx.ErrNoRows):
			time.Sleep(10 * time.Millisecond)
		default:
			t.Fatal(err)
		}
	}
	v := int(victim.Load())
	var (
		survivors []*connect.Client
		alive     []int
	)
	for i := range nodes {
		if i != v {
			alive = append(alive, i)
			survivors = append(survivors, clients[i])
		}
	}
	// Requests resume, to the victim too for an instant (they wait behind
	// the lock), then the victim dies and the lock goes.
	upMu.Lock()
	up = append(slices.Clone(alive), v)
	upMu.Unlock()
	pausedHere = false
	paused.Unlock()
	time.Sleep(100 * time.Millisecond)
	nodes[v].kill()
	killedAt := time.Now().Truncate(time.Millisecond)
	upMu.Lock()
	up = alive
	upMu.Unlock()
	if err := lock.Rollback(ctx(t)); err != nil {
		t.Fatal(err)
	}
	t.Logf("node %d was killed in its scheduler's transaction", v)
	time.Sleep(time.Second)
	stopLoad()

	// Every scheduled task starts, within a bound.
	deadline := time.Now().Add(20 * time.Second)
	var latest time.Duration
	for id := range log.scheduled {
		for {
			c := describe(t, survivors[len(id)%2], s, id)
			if c.ConnectedToSystemTimestamp != nil {
				latest = max(latest, c.ConnectedToSystemTimestamp.Sub(aws.ToTime(c.ScheduledTimestamp)))
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("scheduled task %s (due %v) has not started 20s after the last came due", id, c.ScheduledTimestamp)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	t.Logf("%d immediate and %d scheduled tasks acknowledged; the latest scheduled task started %v after its time",
		len(log.immediate), len(log.scheduled), latest)
	// The batch the victim died holding was started by a survivor, after
	// the kill.
	after := 0
	for id := range log.batch {
		if c := describe(t, survivors[0], s, id); !aws.ToTime(c.ConnectedToSystemTimestamp).Before(killedAt) {
			after++
		}
	}
	t.Logf("%d of the %d batch tasks were held by the victim and started by a survivor after the kill", after, batchCount)
	if after == 0 {
		t.Errorf("no batch task started after the kill, though the victim died holding a claim")
	}
	if latest > 10*time.Second {
		t.Errorf("a scheduled task started %v after its time, want at most 10s", latest)
	}

	// No acknowledged write is lost.
	all := map[string]bool{root: true}
	for _, m := range []map[string]bool{log.immediate, log.scheduled} {
		for id := range m {
			all[id] = true
		}
	}
	for _, id := range log.chained {
		all[id] = true
	}
	for _, ids := range log.tokens {
		for _, id := range ids {
			all[id] = true
		}
	}
	n := 0
	for id := range all {
		c := describe(t, survivors[n%2], s, id)
		if aws.ToString(c.Id) != id {
			t.Errorf("DescribeContact(%s) = contact %s", id, aws.ToString(c.Id))
		}
		n++
	}

	// A ClientToken sent to three nodes at once made one contact.
	for token, ids := range log.tokens {
		if len(ids) != len(nodes) {
			t.Errorf("token %s: %d of %d requests acknowledged", token, len(ids), len(nodes))
		}
		for _, id := range ids[1:] {
			if id != ids[0] {
				t.Errorf("token %s gave contacts %v, want one", token, ids)
				break
			}
		}
	}
	if len(log.chained) != 12 || log.refused != chainTries-12 {
		t.Errorf("chain: %d tasks accepted and %d refused, want 12 and %d", len(log.chained), log.refused, chainTries-12)
	}

	// The database agrees, and every task started exactly once.
	db, err := pgx.Connect(ctx(t), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(ctx(t), query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	for token := range log.tokens {
		if n := count(`SELECT count(*) FROM contacts WHERE client_token = $1`, token); n != 1 {
			t.Errorf("token %s: %d contacts in the database, want 1", token, n)
		}
	}
	if n := count(`SELECT count(*) FROM contacts WHERE previous_contact_id = $1`, root); n != 12 {
		t.Errorf("%d contacts chained to the root in the database, want 12", n)
	}
	if n := count(`SELECT count(*) FROM contacts WHERE state = 'SCHEDULED'`); n != 0 {
		t.Errorf("%d contacts still SCHEDULED, want 0", n)
	}
	rows, err := db.Query(ctx(t), `SELECT c.id, count(e.seq) FROM contacts c
		LEFT JOIN contact_events e ON e.contact_id = c.id AND e.event_type = 'CONNECTED_TO_SYSTEM'
		GROUP BY c.id`)
	if err != nil {
		t.Fatal(err)
	}
	started := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		started[id] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for id, n := range started {
		// Every contact in the database (acknowledged or not) started once.
		if n != 1 {
			t.Errorf("contact %s has %d CONNECTED_TO_SYSTEM events, want 1 (scheduled: %v)", id, n, log.scheduled[id])
		}
	}
	for id := range all {
		if _, ok := started[id]; !ok {
			t.Errorf("acknowledged contact %s is not in the database", id)
		}
	}
}

// withQuery returns dsn with a query parameter set.
func withQuery(t *testing.T, dsn, key, value string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}
