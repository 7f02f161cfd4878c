package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"time"

	"connectd/internal/connect"
)

// Record is one event of the outbox.
type Record struct {
	// Seq numbers the records in commit order; see Source.
	Seq int64
	// Partition is the account and region of the record's instance; an
	// event stream shows a record to callers of that partition only.
	Partition  connect.Partition
	InstanceID string
	ContactID  string
	// Time is when the event happened.
	Time time.Time
	// Body is the whole EventBridge event, as webhooks receive it.
	Body json.RawMessage
}

// Source is the event outbox. The store implements it.
type Source interface {
	// EventsAfter returns at most limit records whose Seq is greater than
	// after, in increasing Seq order, or none if there are none yet.
	//
	// Seqs are positive, never reused (not even after records are deleted)
	// and become visible in increasing order: once a record has been
	// returned, no record with a lower Seq may appear later. Gaps are
	// allowed. A store whose numbers can commit out of order (a PostgreSQL
	// sequence used by concurrent transactions) must hold a record back until
	// every lower number has committed or rolled back, or it will be skipped.
	EventsAfter(ctx context.Context, after int64, limit int) ([]Record, error)
	// PartitionEventsAfter is EventsAfter of the records of partition p
	// only, read without reading the other partitions' records.
	PartitionEventsAfter(ctx context.Context, p connect.Partition, after int64, limit int) ([]Record, error)
	// LastSeq returns the highest Seq committed, or 0 if there is none.
	LastSeq(ctx context.Context) (int64, error)
}

// CursorStore keeps the progress of each webhook across restarts: the Seq of
// the last record it delivered. The store implements it.
type CursorStore interface {
	// LoadCursor returns the Seq last saved under name; ok is false if none
	// has been saved.
	LoadCursor(ctx context.Context, name string) (seq int64, ok bool, err error)
	// SaveCursor durably saves seq under name, replacing any earlier value.
	SaveCursor(ctx context.Context, name string, seq int64) error
}

// FromNow, given to Subscribe as from, starts a subscription after the last
// record the Dispatcher has read.
const FromNow int64 = -1

// Config configures a Dispatcher. Source is required, and Cursors when there
// are Webhooks; the rest have defaults.
type Config struct {
	Source  Source
	Cursors CursorStore
	// Webhooks are the absolute http or https URLs every record is posted to.
	// A URL's user information (https://user:password@host/...) is sent as
	// Basic authentication, and neither logged nor stored: a webhook's cursor
	// is saved under CursorName(URL), "webhook:" followed by the URL without
	// it, so changing the URL (but not its credentials) starts a new webhook.
	Webhooks []string
	// Client posts to the webhooks. Default: a client that does not follow
	// redirects (a redirect is a failed delivery, to be fixed in the URL).
	Client *http.Client
	// PollInterval is how often the outbox is read when Notify is not called
	// (default 1s).
	PollInterval time.Duration
	// Timeout bounds each webhook post (default 10s).
	Timeout time.Duration
	// RetryMin and RetryMax bound the delay between two attempts of a webhook
	// post, or between two reads after the Source failed (defaults 1s and 1m).
	// The delay doubles from RetryMin with every failure, up to RetryMax, and
	// a random half of it is taken off.
	RetryMin, RetryMax time.Duration
	// KeepAlive is the interval of the comment lines that keep an idle event
	// stream open through proxies (default 15s).
	KeepAlive time.Duration
	// Buffer is how many of the latest records are kept in memory for the
	// consumers that keep up (default 1024).
	Buffer int
	// BatchSize is the most records read from the Source at once (default
	// 100). It also bounds how many records a webhook may post again after a
	// crash.
	BatchSize int
	// Logger gets delivery failures (default: discard).
	Logger *slog.Logger
	// ErrorFunc writes the event stream's error responses (status, error
	// code, message). connectd passes admin.WriteError, so that they have
	// the shape of every other error under /_connectd/. Default: plain text.
	ErrorFunc func(w http.ResponseWriter, status int, code, message string)
	// MaxSubscribers caps the subscriptions (event streams included) open at
	// once; one more is refused, the event stream answering 503 (default
	// 256).
	MaxSubscribers int
	// WriteTimeout bounds each write to an event stream: a client that does
	// not take what is sent within it is dropped, and may resume with
	// Last-Event-ID (default 1m; negative: no bound).
	WriteTimeout time.Duration
}

// Dispatcher reads the outbox and delivers its records to webhooks and
// event-stream subscribers. Its methods are safe for concurrent use.
type Dispatcher struct {
	src     Source
	cursors CursorStore
	client  *http.Client
	log     *slog.Logger
	hooks   []*webhook

	errorFunc func(w http.ResponseWriter, status int, code, message string)

	poll, timeout, retryMin, retryMax, keepAlive, writeTimeout time.Duration
	batch, maxSubs                                             int

	// notify holds at most one pending wake-up for the tail loop.
	notify chan struct{}

	// life serialises Start and Stop.
	life sync.Mutex

	mu      sync.Mutex
	state   int             // idle, running or stopped
	ctx     context.Context // ends when the Dispatcher stops
	cancel  context.CancelFunc
	ring    ring
	changed chan struct{} // closed (and replaced) when ring gets records
	subs    int           // open subscriptions

	wg sync.WaitGroup
}

const (
	idle = iota
	running
	stopped
)

var (
	errNotRunning = errors.New("events: dispatcher is not running")
	errTooMany    = errors.New("events: too many subscribers")
)

// New returns a Dispatcher for cfg. It fails if cfg is incomplete or a
// webhook URL is not valid; it starts nothing.
func New(cfg Config) (*Dispatcher, error) {
	var errs []error
	if cfg.Source == nil {
		errs = append(errs, errors.New("events: no Source"))
	}
	if len(cfg.Webhooks) > 0 && cfg.Cursors == nil {
		errs = append(errs, errors.New("events: webhooks need a CursorStore"))
	}
	d := &Dispatcher{
		src:       cfg.Source,
		cursors:   cfg.Cursors,
		client:    cfg.Client,
		log:       cfg.Logger,
		errorFunc: cfg.ErrorFunc,
		poll:      orDefault(cfg.PollInterval, time.Second),
		timeout:   orDefault(cfg.Timeout, 10*time.Second),
		retryMin:  orDefault(cfg.RetryMin, time.Second),
		retryMax:  orDefault(cfg.RetryMax, time.Minute),
		keepAlive: orDefault(cfg.KeepAlive, 15*time.Second),
		batch:     orDefault(cfg.BatchSize, 100),
		maxSubs:   orDefault(cfg.MaxSubscribers, 256),
		notify:    make(chan struct{}, 1),
		changed:   make(chan struct{}),
	}
	d.ring.buf = make([]Record, orDefault(cfg.Buffer, 1024))
	switch {
	case cfg.WriteTimeout == 0:
		d.writeTimeout = time.Minute
	case cfg.WriteTimeout > 0:
		d.writeTimeout = cfg.WriteTimeout
	}
	if d.retryMax < d.retryMin {
		d.retryMax = d.retryMin
	}
	if d.client == nil {
		d.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	seen := make(map[string]bool) // cursor names
	for _, u := range cfg.Webhooks {
		w, err := newWebhook(u)
		switch {
		case err != nil:
			errs = append(errs, err)
		case seen[w.cursor]:
			errs = append(errs, fmt.Errorf("events: webhook %s given twice (credentials aside)", w.logURL))
		default:
			seen[w.cursor] = true
			d.hooks = append(d.hooks, w)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return d, nil
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Start reads where each webhook stopped (saving a cursor for new ones) and
// starts delivering in the background. ctx bounds only these start-up reads:
// delivery goes on until Stop. A Dispatcher starts once; Start fails if it
// has been started or stopped before.
func (d *Dispatcher) Start(ctx context.Context) error {
	d.life.Lock()
	defer d.life.Unlock()
	d.mu.Lock()
	state := d.state
	d.mu.Unlock()
	if state != idle {
		return errors.New("events: dispatcher already started or stopped")
	}
	head, err := d.src.LastSeq(ctx)
	if err != nil {
		return fmt.Errorf("events: read last seq: %w", err)
	}
	for _, w := range d.hooks {
		if err := d.loadCursor(ctx, w, head); err != nil {
			return err
		}
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	d.mu.Lock()
	d.state, d.ctx, d.cancel = running, runCtx, cancel
	d.ring.base, d.ring.head = head, head
	d.mu.Unlock()
	d.wg.Go(func() { d.tail(runCtx) })
	for _, w := range d.hooks {
		d.wg.Go(func() { d.runWebhook(runCtx, w) })
	}
	return nil
}

// Stop stops delivery and waits for the Dispatcher's goroutines to end: a
// webhook post in flight is let finish (see Config.Timeout) and the webhooks'
// cursors are saved; subscriptions and event streams end. Stop may be called
// more than once, and before Start.
func (d *Dispatcher) Stop() {
	d.life.Lock()
	d.mu.Lock()
	if d.cancel != nil {
		d.cancel()
	}
	d.state = stopped
	d.mu.Unlock()
	d.life.Unlock()
	d.wg.Wait()
}

// Notify tells the Dispatcher that new records may have been committed, so
// that it reads the outbox now rather than at the next poll. It never blocks,
// and calls made while a read is pending are coalesced into one.
func (d *Dispatcher) Notify() {
	select {
	case d.notify <- struct{}{}:
	default:
	}
}

// tail reads new records from the Source into the ring and wakes the
// consumers, until ctx ends.
func (d *Dispatcher) tail(ctx context.Context) {
	failures := 0
	for {
		d.mu.Lock()
		head := d.ring.head
		d.mu.Unlock()
		recs, err := d.src.EventsAfter(ctx, head, d.batch)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			d.log.Warn("events: read outbox", "after", head, "attempt", failures+1, "err", err)
			if !sleep(ctx, backoff(failures, d.poll, d.retryMax)) {
				return
			}
			failures++
			continue
		}
		failures = 0
		full := len(recs) >= d.batch
		if recs = ordered(recs, head); len(recs) > 0 {
			d.mu.Lock()
			for _, r := range recs {
				d.ring.push(r)
			}
			close(d.changed)
			d.changed = make(chan struct{})
			d.mu.Unlock()
		}
		if full {
			continue // more may be waiting
		}
		select {
		case <-d.notify:
		case <-time.After(d.poll):
		case <-ctx.Done():
			return
		}
	}
}

// read returns the next records after pos (at most BatchSize of them), in Seq
// order, waiting until there is at least one or ctx ends. It serves them from
// the ring when pos is within it, and from the Source when pos is older: the
// records of partition p only when p is not nil (the ring's records are of
// every partition, for the reader to filter).
func (d *Dispatcher) read(ctx context.Context, pos int64, p *connect.Partition) ([]Record, error) {
	for {
		d.mu.Lock()
		changed, base := d.changed, d.ring.base
		var recs []Record
		if pos >= base {
			recs = d.ring.after(pos, d.batch)
		}
		d.mu.Unlock()
		if len(recs) > 0 {
			return recs, nil
		}
		if pos < base {
			var got []Record
			var err error
			if p != nil {
				got, err = d.src.PartitionEventsAfter(ctx, *p, pos, d.batch)
			} else {
				got, err = d.src.EventsAfter(ctx, pos, d.batch)
			}
			if err != nil {
				return nil, err
			}
			if got = ordered(got, pos); len(got) > 0 {
				return got, nil
			}
			// Nothing is left between pos and base (those records were
			// deleted, or are of other partitions): go on from the ring.
			pos = base
			continue
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// ordered returns the prefix of recs that is strictly increasing in Seq after
// after, so that a misbehaving Source cannot reorder or repeat deliveries.
func ordered(recs []Record, after int64) []Record {
	for i, r := range recs {
		if r.Seq <= after {
			return recs[:i]
		}
		after = r.Seq
	}
	return recs
}

// backoff returns the delay before retry number attempt (from 0): lo
// doubled attempt times, capped at hi, less a random part of up to half.
func backoff(attempt int, lo, hi time.Duration) time.Duration {
	d := lo
	for range attempt {
		if d >= hi/2 {
			d = hi
			break
		}
		d *= 2
	}
	d = min(d, hi)
	return d - rand.N(d/2+1)
}

// sleep waits for d or the end of ctx, and reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// ring keeps the latest records, in Seq order. It holds every record with a
// Seq in (base, head].
type ring struct {
	buf        []Record
	start, n   int
	base, head int64
}

func (r *ring) push(rec Record) {
	if r.n == len(r.buf) {
		r.base = r.buf[r.start].Seq
		r.buf[r.start] = Record{}
		r.start = (r.start + 1) % len(r.buf)
		r.n--
	}
	r.buf[(r.start+r.n)%len(r.buf)] = rec
	r.n++
	r.head = rec.Seq
}

func (r *ring) at(i int) Record { return r.buf[(r.start+i)%len(r.buf)] }

// after returns a copy of the first limit records with a Seq above pos.
func (r *ring) after(pos int64, limit int) []Record {
	i := sort.Search(r.n, func(i int) bool { return r.at(i).Seq > pos })
	k := min(r.n-i, limit)
	if k <= 0 {
		return nil
	}
	out := make([]Record, k)
	for j := range out {
		out[j] = r.at(i + j)
	}
	return out
}
