package connect

import (
	"testing"
	"time"
)

// TestIntervalsAcrossDST: a DAY interval is a day of the zone's clock, 23
// hours on the day New York springs forward; the buckets the store sums
// by stay aligned with every boundary.
func TestIntervalsAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2027, 3, 13, 0, 0, 0, 0, ny) // DST begins Mar 14, 02:00
	end := time.Date(2027, 3, 15, 12, 0, 0, 0, ny)
	cuts := intervals(start, end, IntervalDay, ny)
	want := []time.Time{start, time.Date(2027, 3, 14, 0, 0, 0, 0, ny), time.Date(2027, 3, 15, 0, 0, 0, 0, ny), end}
	if len(cuts) != len(want) {
		t.Fatalf("cuts = %v, want %v", cuts, want)
	}
	for i := range want {
		if !cuts[i].Equal(want[i]) {
			t.Errorf("cut %d = %v, want %v", i, cuts[i], want[i])
		}
	}
	if d := cuts[2].Sub(cuts[1]); d != 23*time.Hour {
		t.Errorf("Mar 14 lasts %v, want 23h", d)
	}
	if b := bucketSize(cuts); b != time.Hour {
		t.Errorf("bucketSize = %v, want 1h (gcd of 24h and 47h)", b)
	}
	if b := bucketSize(intervals(start, end, IntervalTotal, ny)); b != end.Sub(start) {
		t.Errorf("TOTAL bucketSize = %v, want the whole range", b)
	}
	if b := bucketSize(intervals(start, start.Add(2*time.Hour), IntervalFifteenMin, ny)); b != 15*time.Minute {
		t.Errorf("FIFTEEN_MIN bucketSize = %v", b)
	}
}

// TestThresholds: a threshold metric counts contacts under a queue time
// limit in milliseconds (LTE X is under X s + 1 ms), and the documented
// bounds of a Threshold hold.
func TestThresholds(t *testing.T) {
	t.Parallel()
	th := func(cmp string, v float64) []MetricThreshold { return []MetricThreshold{{Comparison: &cmp, Value: &v}} }
	for _, tc := range []struct {
		name  string
		m     MetricV2
		ok    bool
		limit time.Duration
	}{
		{"LT", MetricV2{Name: MetricServiceLevel, Thresholds: th("LT", 60)}, true, 60 * time.Second},
		{"LTE", MetricV2{Name: MetricContactsAnsweredInX, Thresholds: th("LTE", 60)}, true, 60*time.Second + time.Millisecond},
		{"a week", MetricV2{Name: MetricContactsAbandonedInX, Thresholds: th("LT", 604800)}, true, 7 * 24 * time.Hour},
		{"over a week", MetricV2{Name: MetricContactsRemovedInX, Thresholds: th("LT", 604801)}, false, 0},
		{"zero", MetricV2{Name: MetricServiceLevel, Thresholds: th("LT", 0)}, false, 0},
		{"fraction", MetricV2{Name: MetricServiceLevel, Thresholds: th("LT", 59.5)}, false, 0},
		{"GT", MetricV2{Name: MetricServiceLevel, Thresholds: th("GT", 60)}, false, 0},
		{"lower case", MetricV2{Name: MetricServiceLevel, Thresholds: th("lt", 60)}, false, 0},
		{"missing", MetricV2{Name: MetricServiceLevel}, false, 0},
		{"not taken", MetricV2{Name: MetricContactsHandled, Thresholds: th("LT", 60)}, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkMetricV2(tc.m, false)
			if (err == nil) != tc.ok {
				t.Fatalf("checkMetricV2 = %v, want ok %v", err, tc.ok)
			}
			if err != nil {
				if KindOf(err) != InvalidParameter {
					t.Errorf("kind %v, want InvalidParameter", KindOf(err))
				}
				return
			}
			if got := tc.m.queueLimit(); got != tc.limit {
				t.Errorf("queueLimit = %v, want %v", got, tc.limit)
			}
		})
	}
}

// TestServiceLevelNull: SERVICE_LEVEL of a group without queued contacts
// is null (no data), not 0 %.
func TestServiceLevelNull(t *testing.T) {
	t.Parallel()
	cmp, v := "LT", 60.0
	m := MetricV2{Name: MetricServiceLevel, Thresholds: []MetricThreshold{{Comparison: &cmp, Value: &v}}}
	g := &v2Group{ended: []ContactAggregate{{Contacts: 2, AnsweredIn: []int64{0}, AbandonedIn: []int64{0}}}}
	if got := v2Value(m, g, 0); got != nil {
		t.Errorf("no queued contacts: %v, want null", *got)
	}
	g.ended[0].Queued, g.ended[0].AnsweredIn[0], g.ended[0].AbandonedIn[0] = 4, 1, 2
	if got := v2Value(m, g, 0); got == nil || *got != 75 {
		t.Errorf("3 of 4 removed in time: %v, want 75", got)
	}
}
