package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"connectd/internal/connect"
)

// testPartition is the partition of the records memSource.add makes, and of
// the tests' subscribers and stream callers.
var testPartition = connect.Partition{AccountID: "000000000000", Region: "us-east-1"}

// asTestPartition is the Handler's partition function of the tests.
func asTestPartition(*http.Request) connect.Partition { return testPartition }

// memSource is an in-memory outbox. Its numbering starts at 1 and has gaps
// (as a PostgreSQL sequence's would after rollbacks) when gap is set.
type memSource struct {
	mu             sync.Mutex
	recs           []Record
	next           int64
	gap            bool
	calls          int // EventsAfter and PartitionEventsAfter calls
	partitionCalls int // PartitionEventsAfter calls
	read           int // records returned
	// failFunc, when set, decides whether a call fails.
	failFunc func(after int64) error
}

func (s *memSource) add(instanceID, contactID, eventType string) Record {
	return s.addIn(testPartition, instanceID, contactID, eventType)
}

// addIn adds a record of an instance of partition p.
func (s *memSource) addIn(p connect.Partition, instanceID, contactID, eventType string) Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	if s.gap && s.next%3 == 0 {
		s.next++
	}
	r := Record{
		Seq: s.next, Partition: p, InstanceID: instanceID, ContactID: contactID,
		Time: time.Now().UTC(),
		Body: eventBody(s.next, p, instanceID, contactID, eventType),
	}
	s.recs = append(s.recs, r)
	return r
}

// addN adds n records alternating between two contacts of instanceID.
func (s *memSource) addN(instanceID string, n int) []Record {
	var out []Record
	for i := range n {
		out = append(out, s.add(instanceID, fmt.Sprintf("contact-%d", i%2), "INITIATED"))
	}
	return out
}

// prune deletes the records up to seq, as retention would.
func (s *memSource) prune(seq int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := sort.Search(len(s.recs), func(i int) bool { return s.recs[i].Seq > seq })
	s.recs = s.recs[i:]
}

func (s *memSource) setFail(f func(after int64) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failFunc = f
}

func (s *memSource) callCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// reads returns how many PartitionEventsAfter calls were made, and how many
// records all calls returned.
func (s *memSource) reads() (partitionCalls, records int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.partitionCalls, s.read
}

func (s *memSource) EventsAfter(ctx context.Context, after int64, limit int) ([]Record, error) {
	return s.eventsAfter(ctx, nil, after, limit)
}

func (s *memSource) PartitionEventsAfter(ctx context.Context, p connect.Partition, after int64, limit int) ([]Record, error) {
	return s.eventsAfter(ctx, &p, after, limit)
}

// eventsAfter returns the records after after, of partition p when p is
// not nil (as through an index: only those count as read).
func (s *memSource) eventsAfter(ctx context.Context, p *connect.Partition, after int64, limit int) ([]Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if p != nil {
		s.partitionCalls++
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.failFunc != nil {
		if err := s.failFunc(after); err != nil {
			return nil, err
		}
	}
	var out []Record
	for i := sort.Search(len(s.recs), func(i int) bool { return s.recs[i].Seq > after }); i < len(s.recs) && len(out) < limit; i++ {
		if p == nil || s.recs[i].Partition == *p {
			out = append(out, s.recs[i])
		}
	}
	s.read += len(out)
	return out, nil
}

func (s *memSource) LastSeq(ctx context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.recs) == 0 {
		return 0, nil
	}
	return s.recs[len(s.recs)-1].Seq, nil
}

func eventBody(seq int64, p connect.Partition, instanceID, contactID, eventType string) json.RawMessage {
	instanceARN := connect.InstanceARN(p, instanceID)
	b, err := json.Marshal(map[string]any{
		"version":     "0",
		"id":          fmt.Sprintf("event-%d", seq),
		"detail-type": "Amazon Connect Contact Event",
		"source":      "aws.connect",
		"account":     p.AccountID,
		"region":      p.Region,
		"resources":   []string{instanceARN + "/contact/" + contactID},
		"detail": map[string]any{
			"eventType":   eventType,
			"contactId":   contactID,
			"channel":     "TASK",
			"instanceArn": instanceARN,
		},
	})
	if err != nil {
		panic(err)
	}
	return b
}

// memCursors is an in-memory CursorStore. saveErr, when set, fails saves.
type memCursors struct {
	mu      sync.Mutex
	m       map[string]int64
	saves   int
	saveErr error
	loadErr error
}

func (c *memCursors) LoadCursor(ctx context.Context, name string) (int64, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loadErr != nil {
		return 0, false, c.loadErr
	}
	seq, ok := c.m[name]
	return seq, ok, nil
}

func (c *memCursors) SaveCursor(ctx context.Context, name string, seq int64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := ctx.Err(); err != nil { // as a database would
		return err
	}
	if c.saveErr != nil {
		return c.saveErr
	}
	if c.m == nil {
		c.m = make(map[string]int64)
	}
	c.m[name] = seq
	c.saves++
	return nil
}

func (c *memCursors) get(name string) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	seq, ok := c.m[name]
	return seq, ok
}

func (c *memCursors) setSaveErr(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.saveErr = err
}

// delivery is one request a receiver got.
type delivery struct {
	at          time.Time
	method      string
	path        string
	contentType string
	seq         int64             // from the body's "id"
	partition   connect.Partition // from the body's "account" and "region"
	status      int               // what the receiver answered; 0 for a connection error
}

// receiver is a webhook endpoint that records every request on got and
// answers what status says (2xx when status is nil; 0 means "break the
// connection", which only inProcess clients can do).
type receiver struct {
	got    chan delivery
	mu     sync.Mutex
	n      int
	status func(n int, d delivery) int
}

func newReceiver(status func(n int, d delivery) int) *receiver {
	return &receiver{got: make(chan delivery, 1000), status: status}
}

func (rc *receiver) setStatus(status func(n int, d delivery) int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.status = status
}

// handle records r and returns the status to answer.
func (rc *receiver) handle(r *http.Request) int {
	b, _ := io.ReadAll(r.Body)
	var e struct{ ID, Account, Region string }
	_ = json.Unmarshal(b, &e)
	d := delivery{at: time.Now(), method: r.Method, path: r.URL.Path, contentType: r.Header.Get("Content-Type"),
		partition: connect.Partition{AccountID: e.Account, Region: e.Region}, status: http.StatusNoContent}
	_, _ = fmt.Sscanf(e.ID, "event-%d", &d.seq)
	rc.mu.Lock()
	if rc.status != nil {
		d.status = rc.status(rc.n, d)
	}
	rc.n++
	rc.mu.Unlock()
	rc.got <- d
	return d.status
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status := rc.handle(r)
	if status == 0 {
		status = http.StatusBadGateway
	}
	if status >= 300 && status < 400 {
		w.Header().Set("Location", "/elsewhere")
	}
	w.WriteHeader(status)
}

var errConnReset = errors.New("connection reset by peer")

// inProcess returns a client whose requests are served by rc in-process, so
// that it works inside a synctest bubble. A status of 0 is a transport error.
func inProcess(rc *receiver) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		defer r.Body.Close()
		status := rc.handle(r)
		if status == 0 {
			return nil, errConnReset
		}
		w := httptest.NewRecorder()
		w.WriteHeader(status)
		return w.Result(), nil
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// take receives n values from ch, failing the test if they do not come
// within an hour of the bubble's fake time. Outside a bubble, use takeWithin.
func take[T any](t *testing.T, ch <-chan T, n int) []T {
	t.Helper()
	return takeWithin(t, ch, n, time.Hour)
}

// takeWithin receives n values from ch, failing the test if they do not come
// within limit.
func takeWithin[T any](t *testing.T, ch <-chan T, n int, limit time.Duration) []T {
	t.Helper()
	var out []T
	timeout := time.After(limit)
	for len(out) < n {
		select {
		case v, ok := <-ch:
			if !ok {
				t.Fatalf("channel closed after %d of %d values", len(out), n)
			}
			out = append(out, v)
		case <-timeout:
			t.Fatalf("got %d of %d values within %v", len(out), n, limit)
		}
	}
	return out
}

// waitDone waits for done to be closed, failing the test if it is not within
// an hour of the bubble's fake time (a Dispatcher that polls keeps a bubble
// from ever deadlocking, so a missed close would otherwise hang the test).
func waitDone(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(time.Hour):
		t.Fatalf("%s did not happen within an hour", what)
	}
}

// none fails the test if ch holds a value. Call it after synctest.Wait.
func none[T any](t *testing.T, ch <-chan T) {
	t.Helper()
	select {
	case v, ok := <-ch:
		if ok {
			t.Fatalf("unexpected value %+v", v)
		}
	default:
	}
}

func seqs(recs []Record) []int64 {
	out := make([]int64, len(recs))
	for i, r := range recs {
		out[i] = r.Seq
	}
	return out
}

func deliveredSeqs(ds []delivery) []int64 {
	out := make([]int64, len(ds))
	for i, d := range ds {
		out[i] = d.seq
	}
	return out
}

// mustStart returns a started Dispatcher for cfg, stopped at the end of the
// test.
func mustStart(t *testing.T, cfg Config) *Dispatcher {
	t.Helper()
	d, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Stop)
	return d
}
