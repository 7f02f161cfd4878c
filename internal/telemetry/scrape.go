package telemetry

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"connectd/internal/connect"
)

// The gauges read at scrape time, from the database and the dispatcher.
var (
	descContacts = prometheus.NewDesc("connectd_contacts",
		"Contacts that are not ended, by state, across every account, region and instance of the database (no per-tenant labels).",
		[]string{"state"}, nil)
	descDue = prometheus.NewDesc("connectd_scheduler_due_contacts",
		"Contacts whose scheduled start or expiry is due and not yet done (the scheduler's backlog), in the database.", nil, nil)
	descLag = prometheus.NewDesc("connectd_scheduler_lag_seconds",
		"How long the earliest due contact has waited past its due time (0 when nothing is due).", nil, nil)
	descOutbox = prometheus.NewDesc("connectd_event_outbox_events",
		"Contact events kept in the outbox (until retention deletes them).", nil, nil)
	descSubscribers = prometheus.NewDesc("connectd_event_stream_subscribers",
		"Event streams (GET /_connectd/v1/events) this node serves now.", nil, nil)
	descHookPending = prometheus.NewDesc("connectd_webhook_pending_events",
		"Outbox events this node has yet to deliver to the webhook.", []string{"target"}, nil)
	descHookLag = prometheus.NewDesc("connectd_webhook_lag_seconds",
		"Age of the oldest event the webhook has yet to receive (0 when it is up to date).", []string{"target"}, nil)
)

// activeStates are the states connectd_contacts reports, each always (0
// when none): ended contacts are history, and counting them would read
// every row ever written.
var activeStates = []connect.ContactState{connect.StateScheduled, connect.StateInProgress, connect.StateQueued,
	connect.StateConnecting, connect.StateConnected, connect.StatePaused}

// scrape collects the gauges computed when /metrics is read.
type scrape struct {
	cfg     Config
	timeout time.Duration
}

func (s *scrape) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descContacts, descDue, descLag, descOutbox, descSubscribers, descHookPending, descHookLag} {
		ch <- d
	}
}

func (s *scrape) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	if st := s.cfg.Stats; st != nil {
		s.collectStore(ctx, st, ch)
	}
	if ev := s.cfg.Events; ev != nil {
		ch <- prometheus.MustNewConstMetric(descSubscribers, prometheus.GaugeValue, float64(ev.Subscribers()))
		lags, err := ev.WebhookLags(ctx)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(descHookLag, err)
			return
		}
		now := s.cfg.Now()
		for _, l := range lags {
			ch <- prometheus.MustNewConstMetric(descHookPending, prometheus.GaugeValue, float64(l.Pending), l.Target)
			ch <- prometheus.MustNewConstMetric(descHookLag, prometheus.GaugeValue, age(now, l.Oldest), l.Target)
		}
	}
}

func (s *scrape) collectStore(ctx context.Context, st StoreStats, ch chan<- prometheus.Metric) {
	if counts, err := st.ActiveContactStates(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(descContacts, err)
	} else {
		for _, state := range activeStates {
			ch <- prometheus.MustNewConstMetric(descContacts, prometheus.GaugeValue, float64(counts[state]), string(state))
		}
	}
	now := s.cfg.Now()
	if n, oldest, err := st.DueBacklog(ctx, now); err != nil {
		ch <- prometheus.NewInvalidMetric(descDue, err)
	} else {
		ch <- prometheus.MustNewConstMetric(descDue, prometheus.GaugeValue, float64(n))
		var t time.Time
		if oldest != nil {
			t = *oldest
		}
		ch <- prometheus.MustNewConstMetric(descLag, prometheus.GaugeValue, age(now, t))
	}
	if n, err := st.OutboxSize(ctx); err != nil {
		ch <- prometheus.NewInvalidMetric(descOutbox, err)
	} else {
		ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(n))
	}
}

// age is now − t in seconds, 0 for a zero or future t.
func age(now, t time.Time) float64 {
	if t.IsZero() || !now.After(t) {
		return 0
	}
	return now.Sub(t).Seconds()
}
