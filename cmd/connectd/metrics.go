package main

import (
	"context"
	"net/http"

	"connectd/internal/events"
	"connectd/internal/telemetry"
)

// withMetrics serves GET (and HEAD) /metrics, connectd's own metrics in the
// Prometheus text format, without a signature (a Prometheus server sends
// none), and hands every other request to next. It tells nothing of any
// tenant beyond totals (see internal/telemetry).
func withMetrics(next, metrics http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != telemetry.Path {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, r.Method+" is not allowed; use GET", http.StatusMethodNotAllowed)
			return
		}
		metrics.ServeHTTP(w, r)
	})
}

// eventStats adapts the event dispatcher to what /metrics reads of it.
type eventStats struct{ d *events.Dispatcher }

func (e eventStats) Subscribers() int { return e.d.Subscribers() }

func (e eventStats) WebhookLags(ctx context.Context) ([]telemetry.WebhookLag, error) {
	lags, err := e.d.WebhookLags(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]telemetry.WebhookLag, len(lags))
	for i, l := range lags {
		out[i] = telemetry.WebhookLag{Target: l.Target, Pending: l.Pending, Oldest: l.Oldest}
	}
	return out, nil
}

// storeStats is the store's side of /metrics, if it has one (both stores
// do: sqlstore.Reader implements it).
func storeStats(s any) telemetry.StoreStats {
	st, _ := s.(telemetry.StoreStats)
	return st
}
