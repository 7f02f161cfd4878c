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
