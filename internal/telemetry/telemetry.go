// Package telemetry is connectd's own metrics, served in the Prometheus text
// format on GET /metrics: the operator's view of a node (requests, store
// transactions, scheduler, event delivery) and of the database it shares
// with the other nodes (contacts by state, due backlog, outbox). It holds no
// tenant data: no label names an account, a region, an instance or a
// contact, and contacts are counted across every partition.
//
// The request path costs a map lookup of cached histogram children and one
// observation: the hooks other packages call take plain values, and the
// label values of a status code are prebuilt.
package telemetry

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"connectd/internal/connect"
)

// Path is where the metrics are served, without authentication (as the
// health endpoints are).
const Path = "/metrics"

// Metrics is one node's registry of metrics. Its methods are safe for
// concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	requests      *prometheus.HistogramVec
	updates       *prometheus.HistogramVec
	updateOK      prometheus.Observer
	updateErr     prometheus.Observer
	retries       prometheus.Counter
	statusLabels  [600]string
	dueRuns       prometheus.Histogram
	dueContacts   prometheus.Counter
	scrapeTimeout time.Duration
}

// Config says where the gauges computed at scrape time read from (see
// SetSources). Every field is optional: a missing source leaves its metrics
// out.
type Config struct {
	// Stats reads the counts of the database (every node sees the same).
	Stats StoreStats
	// Events reports the event dispatcher's subscribers and webhooks.
	Events EventStats
	// Now is the clock lags are measured with (the manual clock in tests).
	// Default time.Now.
	Now func() time.Time
}

// StoreStats is what the store tells of the database as a whole, read at
// scrape time through indexes; sqlstore implements it.
type StoreStats interface {
	// ActiveContactStates counts the contacts that are not ended, by state,
	// across every partition.
	ActiveContactStates(ctx context.Context) (map[connect.ContactState]int64, error)
	// DueBacklog counts the contacts whose wake time is at or before now
	// (work the scheduler has yet to do), and returns the earliest such
	// time (nil when there is none).
	DueBacklog(ctx context.Context, now time.Time) (int64, *time.Time, error)
	// OutboxSize counts the contact events kept in the outbox.
	OutboxSize(ctx context.Context) (int64, error)
}

// EventStats is what the event dispatcher tells of its consumers;
// events.Dispatcher implements it.
type EventStats interface {
	// Subscribers is the number of open subscriptions (event streams).
	Subscribers() int
	// WebhookLags returns, for each webhook (its URL without credentials),
	// how many records of the outbox it has yet to deliver and the time of
	// the oldest of them (zero when it is up to date).
	WebhookLags(ctx context.Context) ([]WebhookLag, error)
}

// WebhookLag is one webhook's delivery backlog.
type WebhookLag struct {
	Target  string
	Pending int64
	Oldest  time.Time
}

// New returns the registry of a node: the Go runtime and process
// collectors, and the request, store and scheduler metrics. SetSources adds
// the gauges computed at scrape time.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), scrapeTimeout: 5 * time.Second}
	for i := range m.statusLabels {
		m.statusLabels[i] = strconv.Itoa(i)
	}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "connectd_request_duration_seconds",
		Help:    "Time to answer an API or admin request, by operation, HTTP status and error type (its _count is the number of requests).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"operation", "status", "error_type"})
	m.updates = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "connectd_store_update_duration_seconds",
		Help:    "Time of a write transaction (Store.Update) from its call to its durable commit or its failure, retries included.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"result"})
	m.updateOK = m.updates.WithLabelValues("ok")
	m.updateErr = m.updates.WithLabelValues("error")
	m.retries = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "connectd_store_update_retries_total",
		Help: "Write transactions run again after a serialization failure or a deadlock (PostgreSQL; SQLite never retries).",
	})
	m.dueRuns = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "connectd_scheduler_run_duration_seconds",
		Help:    "Time of one pass of the scheduler over due work.",
		Buckets: prometheus.DefBuckets,
	})
	m.dueContacts = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "connectd_scheduler_woken_contacts_total",
		Help: "Contacts this node's scheduler started or expired.",
	})
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.updates, m.retries, m.dueRuns, m.dueContacts)
	return m
}

// SetSources adds the gauges cfg's sources compute at each scrape. It is
// called once, when the store and the event dispatcher exist.
func (m *Metrics) SetSources(cfg Config) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	m.reg.MustRegister(&scrape{cfg: cfg, timeout: m.scrapeTimeout})
}

// Handler serves the registry in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	// A source that fails leaves its metrics out (and counts in
	// promhttp_metric_handler_errors_total) rather than failing the scrape.
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, ErrorHandling: promhttp.ContinueOnError})
}

// ObserveRequest records one answered request. op is the operation's name
// (a low-cardinality label: the caller maps unknown paths to one value).
func (m *Metrics) ObserveRequest(op string, status int, errorType string, d time.Duration) {
	s := "other"
	if status >= 0 && status < len(m.statusLabels) {
		s = m.statusLabels[status]
	}
	m.requests.WithLabelValues(op, s, errorType).Observe(d.Seconds())
}

// ObserveRetry counts a write transaction run again.
func (m *Metrics) ObserveRetry() { m.retries.Inc() }

// ObserveDueRun records one pass of the scheduler that woke n contacts.
func (m *Metrics) ObserveDueRun(n int, d time.Duration) {
	m.dueRuns.Observe(d.Seconds())
	m.dueContacts.Add(float64(n))
}

// Store returns s with its Update timed. Only the write path is wrapped:
// the rest is s's own.
func (m *Metrics) Store(s connect.Store) connect.Store { return timedStore{s, m} }

type timedStore struct {
	connect.Store
	m *Metrics
}

func (t timedStore) Update(ctx context.Context, fn func(tx connect.Tx) error) error {
	start := time.Now()
	err := t.Store.Update(ctx, fn)
	if err != nil {
		t.m.updateErr.Observe(time.Since(start).Seconds())
	} else {
		t.m.updateOK.Observe(time.Since(start).Seconds())
	}
	return err
}
