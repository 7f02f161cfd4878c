package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"connectd/internal/connect"
)

// scrapeMetrics GETs /metrics, unsigned, and parses it with Prometheus's
// text parser.
func scrapeMetrics(t *testing.T, m *Main) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get("http://" + m.Addr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type = %q, want the text format", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// metricValue returns the value of the family's metric whose labels include
// labels (a gauge's or counter's value, a histogram's count), and whether
// there is one.
func metricValue(fams map[string]*dto.MetricFamily, name string, labels map[string]string) (float64, bool) {
	f := fams[name]
	if f == nil {
		return 0, false
	}
next:
	for _, mt := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range mt.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range labels {
			if have[k] != v {
				continue next
			}
		}
		switch {
		case mt.Gauge != nil:
			return mt.GetGauge().GetValue(), true
		case mt.Counter != nil:
			return mt.GetCounter().GetValue(), true
		case mt.Histogram != nil:
			return float64(mt.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

// TestMetricsEndpoint: GET /metrics needs no signature, parses with
// Prometheus's parser, and reports requests (by operation, status and error
// type), store transactions, contacts by state, the scheduler's backlog, the
// event outbox, event streams and a failing webhook's lag on the manual
// clock; no label names an account, a region or an instance.
func TestMetricsEndpoint(t *testing.T) {
	t.Parallel()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError) // never delivered: the lag grows
	}))
	t.Cleanup(hook.Close)
	start := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	m := runMain(t, map[string]string{"CONNECTD_STORE": "memory", "CONNECTD_CLOCK": "manual",
		"CONNECTD_CLOCK_START": start.Format(time.RFC3339), "CONNECTD_EVENT_WEBHOOK": hook.URL + "/events"})
	ctx, p := t.Context(), m.partition()
	later := start.Add(time.Hour)
	for i := range 3 {
		in := connect.StartTaskInput{InstanceID: m.DefaultInstance, ContactFlowID: m.DefaultTaskFlow, Name: "t"}
		if i == 2 {
			in.ScheduledTime = &later
		}
		if _, err := m.service.StartTaskContact(ctx, p, in); err != nil {
			t.Fatal(err)
		}
	}
	m.manual.Advance(90 * time.Second)
	resp, err := http.Get("http://" + m.Addr() + "/contacts/nope/nope") // DescribeContact, 404
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	fams := scrapeMetrics(t, m)
	want := []struct {
		name   string
		labels map[string]string
		value  float64
	}{
		{"connectd_request_duration_seconds", map[string]string{"operation": "DescribeContact", "status": "404",
			"error_type": "ResourceNotFoundException"}, 1},
		{"connectd_contacts", map[string]string{"state": "QUEUED"}, 2},
		{"connectd_contacts", map[string]string{"state": "SCHEDULED"}, 1},
		{"connectd_contacts", map[string]string{"state": "CONNECTED"}, 0},
		{"connectd_scheduler_due_contacts", nil, 0},
		{"connectd_scheduler_lag_seconds", nil, 0},
		{"connectd_event_stream_subscribers", nil, 0},
		{"connectd_webhook_lag_seconds", map[string]string{"target": hook.URL + "/events"}, 90},
		{"connectd_store_update_retries_total", nil, 0},
	}
	for _, w := range want {
		got, ok := metricValue(fams, w.name, w.labels)
		if !ok || got != w.value {
			t.Errorf("%s%v = %v (found %v), want %v", w.name, w.labels, got, ok, w.value)
		}
	}
	atLeast := []struct {
		name   string
		labels map[string]string
	}{
		{"connectd_event_outbox_events", nil},
		{"connectd_webhook_pending_events", nil},
		{"connectd_store_update_duration_seconds", map[string]string{"result": "ok"}},
	}
	for _, w := range atLeast {
		if got, ok := metricValue(fams, w.name, w.labels); !ok || got < 1 {
			t.Errorf("%s%v = %v (found %v), want at least 1", w.name, w.labels, got, ok)
		}
	}
	if _, ok := metricValue(fams, "connectd_scheduler_run_duration_seconds", nil); !ok {
		t.Error("no connectd_scheduler_run_duration_seconds")
	}
	for name, f := range fams {
		if !strings.HasPrefix(name, "connectd_") && !strings.HasPrefix(name, "go_") &&
			!strings.HasPrefix(name, "process_") && !strings.HasPrefix(name, "promhttp_") {
			t.Errorf("metric %s has no connectd_ prefix", name)
		}
		for _, mt := range f.GetMetric() {
			for _, l := range mt.GetLabel() {
				switch l.GetName() {
				case "account", "account_id", "region", "instance", "instance_id", "contact_id":
					t.Errorf("%s has the tenant label %s", name, l.GetName())
				}
			}
		}
	}
}

// TestMetricsMethod: /metrics answers GET and HEAD only.
func TestMetricsMethod(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	withMetrics(http.NotFoundHandler(), http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("POST", "/metrics", nil))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /metrics = %d, Allow %q; want 405, GET, HEAD", rec.Code, rec.Header().Get("Allow"))
	}
}
