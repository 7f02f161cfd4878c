package scheduler

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeRunner holds due times; RunDue "wakes" those at or before now and
// records when it ran.
type fakeRunner struct {
	mu   sync.Mutex
	due  []time.Time
	woke []time.Time // the due times woken, in order
	runs int
	fail bool
}

func (f *fakeRunner) add(at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.due = append(f.due, at)
	slices.SortFunc(f.due, time.Time.Compare)
}

func (f *fakeRunner) RunDue(context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs++
	if f.fail {
		return 0, errors.New("store down")
	}
	now, n := time.Now(), 0
	for len(f.due) > 0 && !f.due[0].After(now) {
		f.woke = append(f.woke, f.due[0])
		f.due = f.due[1:]
		n++
	}
	return n, nil
}

func (f *fakeRunner) NextWake(context.Context) (*time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.due) == 0 {
		return nil, nil
	}
	t := f.due[0]
	return &t, nil
}

func (f *fakeRunner) snapshot() (woke []time.Time, runs int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.woke), f.runs
}

// TestWakesAtDueTime: work due in 3.5s runs at 3.5s, not at the next poll.
func TestWakesAtDueTime(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &fakeRunner{}
		start := time.Now()
		r.add(start.Add(3500 * time.Millisecond))
		s := New(Config{Runner: r, PollInterval: time.Second})
		if err := s.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		time.Sleep(3499 * time.Millisecond)
		synctest.Wait()
		if woke, _ := r.snapshot(); len(woke) != 0 {
			t.Fatalf("woke %v before it was due", woke)
		}
		time.Sleep(time.Millisecond)
		synctest.Wait()
		if woke, _ := r.snapshot(); len(woke) != 1 {
			t.Fatalf("woke = %v at 3.5s, want the due work", woke)
		}
	})
}

// TestWakeSooner: Wake with an earlier time than planned wakes the loop then.
func TestWakeSooner(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &fakeRunner{}
		s := New(Config{Runner: r, PollInterval: time.Hour})
		if err := s.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		synctest.Wait() // first pass ran; next planned an hour away
		at := time.Now().Add(2 * time.Second)
		r.add(at)
		s.Wake(at)
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if woke, _ := r.snapshot(); len(woke) != 1 || !woke[0].Equal(at) {
			t.Fatalf("woke = %v, want [%v]", woke, at)
		}
	})
}

// TestPollFallback: work added without a Wake is found by the next poll.
func TestPollFallback(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &fakeRunner{}
		s := New(Config{Runner: r, PollInterval: time.Second})
		if err := s.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		synctest.Wait()
		r.add(time.Now()) // due now, e.g. written by another node
		time.Sleep(time.Second)
		synctest.Wait()
		if woke, _ := r.snapshot(); len(woke) != 1 {
			t.Fatalf("woke = %v after a poll interval, want the work", woke)
		}
	})
}

// TestFailureBacksOff: a failing RunDue is retried once per poll interval.
func TestFailureBacksOff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r := &fakeRunner{fail: true}
		r.add(time.Now())
		s := New(Config{Runner: r, PollInterval: time.Second})
		if err := s.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer s.Stop()
		time.Sleep(5*time.Second + time.Millisecond)
		synctest.Wait()
		if _, runs := r.snapshot(); runs != 6 {
			t.Errorf("RunDue ran %d times in 5s of failures, want 6 (one per poll)", runs)
		}
	})
}

// TestStop: Stop is idempotent, safe before Start, and a second Start fails.
func TestStop(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := New(Config{Runner: &fakeRunner{}})
		s.Stop() // before Start
		if err := s.Start(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := s.Start(t.Context()); err == nil {
			t.Error("second Start succeeded")
		}
		s.Stop()
		s.Stop()
	})
}

// TestWakeNeverBlocks: many Wakes without a running loop do not block.
func TestWakeNeverBlocks(t *testing.T) {
	t.Parallel()
	s := New(Config{Runner: &fakeRunner{}})
	base := time.Now()
	for i := range 100 {
		s.Wake(base.Add(time.Duration(100-i) * time.Second))
	}
	if got := <-s.wake; !got.Equal(base.Add(time.Second)) {
		t.Errorf("pending wake = %v, want the earliest %v", got, base.Add(time.Second))
	}
}
