package connect

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	mrand "math/rand/v2"
	"strings"
	"time"
)

// Partition is the account and region a request acts in. State is isolated
// per partition, as in AWS: a resource of one partition does not exist in another.
type Partition struct {
	AccountID string
	Region    string
}

// ServiceConfig holds what a Service needs. Store is required; the rest have defaults.
type ServiceConfig struct {
	Store  Store
	Clock  Clock         // default: the system clock
	IDs    IDGen         // default: OrderedIDs
	Flows  FlowValidator // default: accept any content
	Logger *slog.Logger  // default: slog.Default()
	// Runner runs a task's flow when it starts. Without one (unit tests of
	// other rules) tasks stay IN_PROGRESS once started.
	Runner FlowRunner
	// ActiveContactQuota caps the active (not ended) contacts of an
	// instance; default DefaultActiveContactQuota.
	ActiveContactQuota int
	// PercentFunc returns a random integer in [0, 100) for
	// DistributeByPercentage; default math/rand/v2.
	PercentFunc func() int
	// WakeFunc, when set, is called after a commit that gave contacts wake
	// times, with the earliest, so the scheduler can wake sooner than it
	// planned.
	WakeFunc func(at time.Time)
	// EventsFunc, when set, is called after a commit that wrote contact
	// events, so the event dispatcher can look now.
	EventsFunc func()
}

// DefaultActiveContactQuota is Amazon Connect's default quota of active
// tasks per instance.
const DefaultActiveContactQuota = 2500

// Service implements the Amazon Connect operations connectd supports. Its
// methods are named after those operations and hold every business rule.
type Service struct {
	store Store
	clock Clock
	ids   IDGen
	flows FlowValidator
	log   *slog.Logger

	runner  FlowRunner
	quota   int
	percent func() int
	wake    func(at time.Time)
	events  func()
}

// NewService returns a Service over cfg.Store.
func NewService(cfg ServiceConfig) *Service {
	if cfg.Store == nil {
		panic("connect.NewService: nil Store")
	}
	s := &Service{store: cfg.Store, clock: cfg.Clock, ids: cfg.IDs, flows: cfg.Flows, log: cfg.Logger,
		runner: cfg.Runner, quota: cfg.ActiveContactQuota, percent: cfg.PercentFunc, wake: cfg.WakeFunc,
		events: cfg.EventsFunc}
	if s.quota <= 0 {
		s.quota = DefaultActiveContactQuota
	}
	if s.percent == nil {
		s.percent = func() int { return mrand.IntN(100) }
	}
	if s.wake == nil {
		s.wake = func(time.Time) {}
	}
	if s.events == nil {
		s.events = func() {}
	}
	if s.clock == nil {
		s.clock = ClockFunc(time.Now)
	}
	if s.ids == nil {
		s.ids = OrderedIDs{}
	}
	if s.flows == nil {
		s.flows = acceptAllFlows{}
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s
}

type acceptAllFlows struct{}

func (acceptAllFlows) ValidateFlow(string) []Problem { return nil }

// now returns the current time at the millisecond precision the stores keep.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Millisecond) }

// RandomIDs makes random (version 4) UUIDs, the form Amazon Connect uses.
type RandomIDs struct{}

// NewID returns a new random UUID.
func (RandomIDs) NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand: " + err.Error()) // never fails on supported platforms
	}
	return uuid4(b)
}

// OrderedIDs makes UUIDs of Amazon Connect's form (version 4) whose first
// 48 bits are the wall-clock time in milliseconds and the other 74 random:
// an ID made later sorts after one made earlier, so that each index keyed
// by IDs (a contact's, its attribute set's, events' and flow logs') takes
// new rows at its end, in pages already in the cache, rather than in a
// random page each. Random v4 IDs made a task start touch a cold page in
// every such index.
type OrderedIDs struct{}

// NewID returns a new time-ordered UUID.
func (OrderedIDs) NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[6:]); err != nil {
		panic("crypto/rand: " + err.Error()) // never fails on supported platforms
	}
	ms := uint64(time.Now().UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	return uuid4(b)
}

// uuid4 sets b's version (4) and variant bits and formats it.
func uuid4(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	hex.Encode(out[9:13], b[4:6])
	hex.Encode(out[14:18], b[6:8])
	hex.Encode(out[19:23], b[8:10])
	hex.Encode(out[24:], b[10:])
	out[8], out[13], out[18], out[23] = '-', '-', '-', '-'
	return string(out[:])
}

// instance returns the instance ref (an ID or an instance ARN) of partition
// p. An instance of another account or region does not exist for the
// caller, and neither does an ARN of another account, region or partition,
// whatever instance ID it carries: each is refused as a missing instance
// is, naming ref as given.
func (s *Service) instance(ctx context.Context, p Partition, ref string) (*Instance, error) {
	return instanceIn(ctx, s.store, p, ref)
}

// knowFlow tells the change's transaction of a flow read before it began,
// so that running the flow reads it no more.
func (ch *change) knowFlow(f *ContactFlow) {
	if b, ok := ch.tx.(*bufferedTx); ok {
		b.knowFlow(f)
	}
}

// queueNamer is a FlowRunner that tells which queues a flow names
// (flow.Runner does).
type queueNamer interface {
	QueueRefs(f *ContactFlow) []string
}

// readStartAhead asks for what a task's start reads after its active-task
// count: the queues its flow f names and the instance's routable users, for
// the routing the start ends with. On PostgreSQL their answers come with
// the count's instead of in round trips of their own; elsewhere they are
// read at once.
func (ch *change) readStartAhead(ctx context.Context, inst *Instance, f *ContactFlow) error {
	b, ok := ch.tx.(*bufferedTx)
	if !ok {
		return nil
	}
	if qn, ok := ch.s.runner.(queueNamer); ok && f != nil {
		for _, ref := range qn.QueueRefs(f) {
			id, err := resourceID(inst, ref, ResourceQueue)
			if _, known := ch.queues[id]; err != nil || known {
				continue // the run says what is wrong with the reference
			}
			if err := b.Tx.ReadQueueAhead(ctx, inst.ID, id, ch.rememberQueue); err != nil {
				return err
			}
		}
	}
	return b.readRoutableAhead(ctx, inst.ID)
}

// readAttributesAhead reads the attribute sets of cs in one statement per
// instance, for the flows about to run for them.
func (ch *change) readAttributesAhead(ctx context.Context, cs []*Contact) error {
	if b, ok := ch.tx.(*bufferedTx); ok {
		return b.readAttributesAhead(ctx, cs)
	}
	return nil
}

// instance is Service.instance read through the change's transaction.
func (ch *change) instance(ctx context.Context, p Partition, ref string) (*Instance, error) {
	return instanceIn(ctx, ch.tx, p, ref)
}

func instanceIn(ctx context.Context, r Reader, p Partition, ref string) (*Instance, error) {
	id, ok := InstanceRef(p, ref)
	if !ok {
		return nil, notFound(ResourceInstance, ref)
	}
	in, err := r.GetInstance(ctx, id)
	if IsNotFound(err) || err == nil && in.Partition != p {
		return nil, notFound(ResourceInstance, ref)
	}
	if err != nil {
		return nil, err
	}
	return in, nil
}

// Page sizes when the caller gives no MaxResults.
const (
	defaultPageSize = 100
)

// pageRequest turns a wire NextToken and MaxResults into a PageRequest.
func pageRequest(token string, max int, def int) (PageRequest, error) {
	if max <= 0 {
		max = def
	}
	pr := PageRequest{Limit: max + 1} // one extra row tells whether a next page exists
	if token != "" {
		after, err := decodeToken(token)
		if err != nil {
			return pr, err
		}
		pr.After = after
	}
	return pr, nil
}

// listPage returns one page of an instance's resources: list reads them from
// the store, id gives the key pages are ordered and continued by.
func listPage[T any](ctx context.Context, s *Service, p Partition, instanceID, token string, max int,
	list func(instanceID string, pr PageRequest) ([]T, error), id func(T) string) ([]T, string, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, "", err
	}
	pr, err := pageRequest(token, max, defaultPageSize)
	if err != nil {
		return nil, "", err
	}
	items, err := list(inst.ID, pr)
	if err != nil {
		return nil, "", err
	}
	items, next := nextToken(items, pr, id)
	return items, next, nil
}

// nextToken trims items to the requested page and returns the token of the
// next page, or "" on the last one.
func nextToken[T any](items []T, pr PageRequest, id func(T) string) ([]T, string) {
	if len(items) < pr.Limit {
		return items, ""
	}
	items = items[:pr.Limit-1]
	return items, encodeToken(id(items[len(items)-1]))
}

const tokenPrefix = "cd1:"

func encodeToken(after string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + after))
}

func decodeToken(tok string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || !strings.HasPrefix(string(b), tokenPrefix) {
		return "", Errorf(Invalid, "The NextToken is not valid.")
	}
	return strings.TrimPrefix(string(b), tokenPrefix), nil
}

// change is one write transaction of the Service: its reads and writes (tx),
// its time, and what the scheduler and the event dispatcher must hear of
// once it commits.
type change struct {
	s      *Service
	tx     Tx
	now    time.Time
	depth  int        // nesting of flow runs started by CreateTask
	next   *time.Time // the earliest wake time written
	events bool       // contact events were written
	queues map[string]*Queue
	// kept holds the IDs resources had before a reset (see Reset and
	// newID); nil otherwise.
	kept map[keptKey]string
}

// snapshot marks the write of a contact operation, which every node runs
// all the time, as a Snapshot Update (see write).
func snapshot(ctx context.Context) context.Context { return WithIsolation(ctx, Snapshot) }

// write is the Service's one write path, the only caller of Store.Update: it
// runs fn in a store transaction with a change and, once committed, tells
// the scheduler and the event dispatcher about its effects. Reads inside fn
// go through ch.tx, never s.store, so that they see the transaction's data.
//
// A write is Exclusive unless ctx says otherwise: the resource operations,
// rare, whose rules (a resource in use, a name, a count) read what the
// contact operations write. The contact operations pass snapshot(ctx):
// their rules hold by unique keys (ClientToken), by the rows they write (the
// contact itself; Tx.WriteLock on the contact a task is chained to and on
// the agent offered a task) and by the active contact counters
// (Tx.AddActiveContacts), and the resources they read (flows, queues,
// templates) change only in Exclusive writes.
func (s *Service) write(ctx context.Context, fn func(ch *change) error) error {
	if _, set := ctx.Value(isolationKey{}).(Isolation); !set {
		ctx = WithIsolation(ctx, Exclusive)
	}
	var next *time.Time
	var events bool
	err := s.store.Update(ctx, func(tx Tx) error {
		btx := newBufferedTx(tx)
		ch := &change{s: s, tx: btx, now: s.now()}
		if err := fn(ch); err != nil {
			return err
		}
		if err := btx.flush(ctx); err != nil {
			return err
		}
		next, events = ch.next, ch.events
		return nil
	})
	if err != nil {
		return err
	}
	if next != nil {
		s.wake(*next)
	}
	if events {
		s.events()
	}
	return nil
}
