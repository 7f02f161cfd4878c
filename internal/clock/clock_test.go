package clock

import (
	"sync"
	"testing"
	"time"
)

func TestManual(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	m := NewManual(start)
	if got := m.Now(); !got.Equal(start) {
		t.Fatalf("Now() = %v, want %v", got, start)
	}
	if got := m.Advance(5 * 24 * time.Hour); !got.Equal(start.Add(5 * 24 * time.Hour)) {
		t.Errorf("Advance(5d) = %v, want %v", got, start.Add(5*24*time.Hour))
	}
	if got := m.Advance(-time.Hour); !got.Equal(start.Add(5 * 24 * time.Hour)) {
		t.Errorf("Advance(-1h) = %v, want the clock unchanged", got)
	}
	// Concurrent advances all count.
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() { m.Advance(time.Second) })
	}
	wg.Wait()
	if got, want := m.Now(), start.Add(5*24*time.Hour+100*time.Second); !got.Equal(want) {
		t.Errorf("after 100 concurrent Advance(1s): Now() = %v, want %v", got, want)
	}
}

func TestReal(t *testing.T) {
	t.Parallel()
	before := time.Now()
	got := Real{}.Now()
	if got.Before(before) || got.After(time.Now()) {
		t.Errorf("Real.Now() = %v, not between the surrounding time.Now() calls", got)
	}
}
