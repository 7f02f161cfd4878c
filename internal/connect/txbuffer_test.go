package connect_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"connectd/internal/connect"
	"connectd/internal/connecttest"
	"connectd/internal/flow"
)

// countingStore counts the writes the Service's transactions hand the
// store.
type countingStore struct {
	connect.Store
	mu     sync.Mutex
	counts map[string]int
}

func (s *countingStore) add(name string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[name] += n
}

func (s *countingStore) take() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.counts
	s.counts = map[string]int{}
	return c
}

func (s *countingStore) Update(ctx context.Context, fn func(connect.Tx) error) error {
	return s.Store.Update(ctx, func(tx connect.Tx) error { return fn(countingTx{tx, s}) })
}

type countingTx struct {
	connect.Tx
	s *countingStore
}

func (t countingTx) InsertContact(ctx context.Context, c *connect.Contact) error {
	t.s.add("InsertContact", 1)
	return t.Tx.InsertContact(ctx, c)
}

func (t countingTx) UpdateContact(ctx context.Context, c *connect.Contact) error {
	t.s.add("UpdateContact", 1)
	return t.Tx.UpdateContact(ctx, c)
}

func (t countingTx) UpdateContactFrom(ctx context.Context, before, c *connect.Contact) error {
	t.s.add("UpdateContactFrom", 1)
	return t.Tx.UpdateContactFrom(ctx, before, c)
}

func (t countingTx) AppendEvent(ctx context.Context, e *connect.EventRecord) error {
	t.s.add("AppendEvent", 1)
	return t.Tx.AppendEvent(ctx, e)
}

func (t countingTx) AppendEvents(ctx context.Context, es []*connect.EventRecord) error {
	t.s.add("AppendEvents", 1)
	t.s.add("events", len(es))
	return t.Tx.AppendEvents(ctx, es)
}

func (t countingTx) AppendFlowLog(ctx context.Context, instanceID, contactID string, entries []connect.FlowLogEntry) error {
	t.s.add("AppendFlowLog", 1)
	return t.Tx.AppendFlowLog(ctx, instanceID, contactID, entries)
}

func (t countingTx) AppendFlowLogs(ctx context.Context, logs []connect.FlowLogAppend) error {
	t.s.add("AppendFlowLogs", 1)
	return t.Tx.AppendFlowLogs(ctx, logs)
}

func (t countingTx) GetAttributes(ctx context.Context, instanceID, setID string) (map[string]string, error) {
	t.s.add("GetAttributes", 1)
	return t.Tx.GetAttributes(ctx, instanceID, setID)
}

func (t countingTx) GetAttributeSets(ctx context.Context, instanceID string, setIDs []string) (map[string]map[string]string, error) {
	t.s.add("GetAttributeSets", 1)
	return t.Tx.GetAttributeSets(ctx, instanceID, setIDs)
}

func (t countingTx) ListRoutableUsers(ctx context.Context, instanceID string) ([]*connect.User, error) {
	t.s.add("ListRoutableUsers", 1)
	return t.Tx.ListRoutableUsers(ctx, instanceID)
}

func (t countingTx) ReadRoutableUsersAhead(ctx context.Context, instanceID string, got func([]*connect.User)) error {
	t.s.add("ReadRoutableUsersAhead", 1)
	return t.Tx.ReadRoutableUsersAhead(ctx, instanceID, got)
}

func (t countingTx) ReadQueueAhead(ctx context.Context, instanceID, id string, got func(*connect.Queue)) error {
	t.s.add("ReadQueueAhead", 1)
	return t.Tx.ReadQueueAhead(ctx, instanceID, id, got)
}

func (t countingTx) GetQueue(ctx context.Context, instanceID, id string) (*connect.Queue, error) {
	t.s.add("GetQueue", 1)
	return t.Tx.GetQueue(ctx, instanceID, id)
}

func (t countingTx) GetInstance(ctx context.Context, id string) (*connect.Instance, error) {
	t.s.add("GetInstance", 1)
	return t.Tx.GetInstance(ctx, id)
}

// TestWritesAreBatched: a task's start inserts its contact once, in its
// final state, and appends its events and flow log in one call each, its
// flow's queue and routing's users asked for ahead; a
// due burst writes each contact once (only what changed, since it read
// them) and the batch's events and flow logs in one call each, reading its
// instance, its queue and its tasks' attribute sets once, and finding once that no
// agent is available.
func TestWritesAreBatched(t *testing.T) {
	t.Parallel()
	c := connecttest.Setup(t, connecttest.Config{Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{})})
	store := &countingStore{Store: c.Store, counts: map[string]int{}}
	svc := connect.NewService(connect.ServiceConfig{Store: store, Clock: c.Clock, Flows: flow.Validator{},
		Runner: flow.NewRunner(flow.RunnerConfig{})})
	ctx := t.Context()
	in := connect.StartTaskInput{InstanceID: c.Instance.ID, ContactFlowID: c.TaskFlow, Name: "now",
		Attributes: map[string]string{"k": "v"}}
	started, err := svc.StartTaskContact(ctx, c.Partition, in)
	if err != nil {
		t.Fatal(err)
	}
	// The flow's queue and the routing's users are asked for ahead, with
	// the active-task count, and not read again.
	want := map[string]int{"InsertContact": 1, "AppendEvents": 1, "events": 3, "AppendFlowLogs": 1,
		"ReadQueueAhead": 1, "ReadRoutableUsersAhead": 1}
	if got := store.take(); !sameCounts(got, want) {
		t.Errorf("StartTaskContact's writes = %v, want %v", got, want)
	}
	if got, err := svc.DescribeContact(ctx, c.Partition, c.Instance.ID, started.ID); err != nil || got.QueueID == "" || got.Attributes["k"] != "v" {
		t.Errorf("DescribeContact after the start = %+v, %v; want the task queued with its attribute", got, err)
	}

	at := c.Clock.Now().Add(time.Hour)
	in.ScheduledTime = &at
	for range 3 {
		if _, err := svc.StartTaskContact(ctx, c.Partition, in); err != nil {
			t.Fatal(err)
		}
	}
	store.take()
	c.Clock.Set(at)
	if n, err := svc.RunDue(ctx); err != nil || n != 3 {
		t.Fatalf("RunDue = %d, %v; want 3", n, err)
	}
	want = map[string]int{"UpdateContactFrom": 3, "AppendEvents": 1, "events": 6, "AppendFlowLogs": 1, "GetInstance": 1,
		"GetAttributeSets": 1, "GetQueue": 1, "ListRoutableUsers": 1}
	if got := store.take(); !sameCounts(got, want) {
		t.Errorf("RunDue's writes = %v, want %v", got, want)
	}
}

func sameCounts(got, want map[string]int) bool {
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	for k, v := range got {
		if want[k] != v {
			return false
		}
	}
	return true
}

// pipelinedTx answers a read ahead the way PostgreSQL's pipeline does: the
// read runs in statement order, its answer arrives with the next statement
// that needs one (here a user write, a read of the instance, or of the
// routable users).
type pipelinedTx struct {
	connect.Tx
	pending  func()
	listings int // ListRoutableUsers reads that reached the store
}

func (t *pipelinedTx) ReadRoutableUsersAhead(ctx context.Context, instanceID string, got func([]*connect.User)) error {
	users, err := t.Tx.ListRoutableUsers(ctx, instanceID)
	if err != nil {
		return err
	}
	t.pending = func() { got(users) }
	return nil
}

func (t *pipelinedTx) arrive() {
	if p := t.pending; p != nil {
		t.pending = nil
		p()
	}
}

func (t *pipelinedTx) UpdateUser(ctx context.Context, u *connect.User) error {
	err := t.Tx.UpdateUser(ctx, u)
	t.arrive()
	return err
}

func (t *pipelinedTx) GetInstance(ctx context.Context, id string) (*connect.Instance, error) {
	in, err := t.Tx.GetInstance(ctx, id)
	t.arrive()
	return in, err
}

func (t *pipelinedTx) ListRoutableUsers(ctx context.Context, instanceID string) ([]*connect.User, error) {
	t.arrive()
	t.listings++
	return t.Tx.ListRoutableUsers(ctx, instanceID)
}

// TestRoutableUsersReadAhead: routing's read asked for ahead answers the
// routing that follows without a read of its own, unless a user was
// written before its answer arrived: then routing reads again and sees the
// write.
func TestRoutableUsersReadAhead(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	agent := b.user(t, "agent")
	if err := b.db.Update(ctx, func(tx connect.Tx) error {
		pt := &pipelinedTx{Tx: tx}
		bt := connect.NewBufferedTx(pt)
		if err := connect.ReadRoutableAhead(ctx, bt, b.inst); err != nil {
			return err
		}
		if _, err := bt.GetInstance(ctx, b.inst); err != nil { // the answer arrives: nobody is routable
			return err
		}
		if users, err := bt.ListRoutableUsers(ctx, b.inst); err != nil || len(users) != 0 || pt.listings != 0 {
			t.Errorf("ListRoutableUsers after the read ahead = %d users, %v, %d reads; want none, from the read ahead",
				len(users), err, pt.listings)
		}

		// Asked for again (the empty answer was remembered, so forget it by
		// writing the user), then the user becomes routable before the
		// answer arrives: that answer predates the write and is dropped.
		u, err := bt.GetUser(ctx, b.inst, agent.ID)
		if err != nil {
			return err
		}
		if err := bt.UpdateUser(ctx, u); err != nil {
			return err
		}
		if err := connect.ReadRoutableAhead(ctx, bt, b.inst); err != nil {
			return err
		}
		u.StatusID, u.StatusStartTimestamp = b.available, b.clock.Now()
		if err := bt.UpdateUser(ctx, u); err != nil {
			return err
		}
		users, err := bt.ListRoutableUsers(ctx, b.inst)
		if err != nil || len(users) != 1 || users[0].ID != agent.ID {
			t.Errorf("ListRoutableUsers after the agent became available = %d users, %v; want the agent", len(users), err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
