package connect_test

import (
	"fmt"
	"testing"
	"time"

	"connectd/internal/connect"
	"connectd/internal/connecttest"
)

// BenchmarkGetMetricDataV2 measures a report over 100,000 ended tasks of 30
// days in 10 queues and 5 routing profiles (SQLite): every computed metric,
// by queue, in total and by day; by routing profile; and single metrics.
// The README quotes it.
func BenchmarkGetMetricDataV2(b *testing.B) {
	const contacts, queues = 100_000, 10
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	bd := connecttest.Setup(b, connecttest.Config{Start: start.Add(31 * 24 * time.Hour)})
	ctx := b.Context()
	inst := bd.Instance.ID
	for batch := 0; batch < contacts; batch += 5000 {
		if err := bd.Store.Update(ctx, func(tx connect.Tx) error {
			for i := batch; i < batch+5000; i++ {
				c := benchContact(inst, i, start.Add(time.Duration(i)*30*24*time.Hour/contacts), fmt.Sprintf("q-%d", i%queues))
				if err := tx.InsertContact(ctx, c); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	var metrics []connect.MetricV2
	for _, n := range []string{"CONTACTS_CREATED", "CONTACTS_HANDLED", "CONTACTS_QUEUED", "CONTACTS_ABANDONED", "CONTACTS_TRANSFERRED_OUT",
		"AVG_HANDLE_TIME", "AVG_QUEUE_ANSWER_TIME", "MAX_QUEUED_TIME", "SUM_CONTACTS_DISCONNECTED", "AVG_AGENT_CONNECTING_TIME"} {
		metrics = append(metrics, connect.MetricV2{Name: n})
	}
	lt, lte := "LT", "LTE"
	for _, th := range []struct {
		name, cmp string
		x         float64
	}{{"SERVICE_LEVEL", lt, 60}, {"SERVICE_LEVEL", lte, 120}, {"SUM_CONTACTS_ANSWERED_IN_X", lt, 90},
		{"SUM_CONTACTS_ABANDONED_IN_X", lt, 90}, {"CONTACTS_REMOVED_FROM_QUEUE_IN_X", lt, 90}} {
		metrics = append(metrics, connect.MetricV2{Name: th.name, Thresholds: []connect.MetricThreshold{{Comparison: &th.cmp, Value: &th.x}}})
	}
	var qs []string
	for i := range queues {
		qs = append(qs, fmt.Sprintf("q-%d", i))
	}
	for _, bm := range []struct{ period, metric, by string }{{connect.IntervalTotal, "", connect.KeyQueue},
		{connect.IntervalDay, "", connect.KeyQueue}, {connect.IntervalTotal, "", connect.KeyRoutingProfile},
		{connect.IntervalTotal, "CONTACTS_HANDLED", connect.KeyQueue}, {connect.IntervalTotal, "CONTACTS_CREATED", connect.KeyQueue},
		{connect.IntervalTotal, "AVG_AGENT_CONNECTING_TIME", connect.KeyQueue}} {
		period := bm.period
		metrics := metrics
		if bm.metric != "" {
			metrics = []connect.MetricV2{{Name: bm.metric}}
		}
		b.Run(period+"/"+bm.by+"/"+bm.metric, func(b *testing.B) {
			in := connect.MetricDataV2Input{ResourceARN: bd.Instance.ARN, Start: start, End: start.Add(30 * 24 * time.Hour),
				Period: period, Filters: []connect.MetricFilterV2{{Key: connect.KeyQueue, Values: qs}},
				Groupings: []string{bm.by}, Metrics: metrics}
			for b.Loop() {
				out, err := bd.Service.GetMetricDataV2(ctx, bd.Partition, in)
				if err != nil {
					b.Fatal(err)
				}
				if len(out.Rows) < 5 || *out.Rows[1].Values[0] == 0 {
					b.Fatalf("no data: %+v", out.Rows)
				}
			}
		})
	}
}

// benchContact is task i, created at t in queue q: every fifth abandoned
// after 2 minutes in queue, the others offered after 50 seconds (to an
// agent of one of 5 routing profiles), answered after 1 minute and handled
// for 5.
func benchContact(inst string, i int, t time.Time, q string) *connect.Contact {
	id := fmt.Sprintf("c-%d", i)
	enq, offer, conn, end := t, t.Add(50*time.Second), t.Add(time.Minute), t.Add(6*time.Minute)
	c := &connect.Contact{ID: id, ARN: "arn:aws:connect:us-east-1:000000000000:instance/" + inst + "/contact/" + id,
		InstanceID: inst, InitialContactID: id, Channel: connect.ChannelTask, InitiationMethod: connect.InitiationMethodAPI,
		Name: "task", State: connect.StateEnded, AttributeSetID: id, InitiationTimestamp: t, LastUpdateTimestamp: end,
		QueueID: q, EnqueueTimestamp: &enq, AgentID: "agent", ConnectedToAgentTimestamp: &conn,
		OfferedToAgentTimestamp: &offer, RoutingProfileID: fmt.Sprintf("rp-%d", i/5%5),
		DisconnectTimestamp: &end, DisconnectReason: connect.DisconnectReasonAgent}
	if i%5 == 0 {
		abandon := t.Add(2 * time.Minute)
		c.AgentID, c.ConnectedToAgentTimestamp, c.DisconnectTimestamp = "", nil, &abandon
		c.OfferedToAgentTimestamp, c.RoutingProfileID = nil, ""
		c.DisconnectReason = connect.DisconnectReasonAPI
	}
	return c
}
