package bench

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Load is a closed loop: Concurrency workers each call Op again as soon as
// it returns, for Duration, or until Count calls have been made in all.
type Load struct {
	Concurrency int
	Duration    time.Duration
	Count       int
	// Op makes one call; n is the call's number (0, 1, ...) across workers.
	Op func(ctx context.Context, n int) error
}

// Result is what a Load measured.
type Result struct {
	Calls, Errors int
	FirstErr      error
	Elapsed       time.Duration
	P50, P99      time.Duration
}

// PerSec is the successful calls per second.
func (r Result) PerSec() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Calls-r.Errors) / r.Elapsed.Seconds()
}

// Drive runs l and measures each call.
func Drive(ctx context.Context, l Load) Result {
	var (
		next   atomic.Int64
		mu     sync.Mutex
		all    []time.Duration
		errs   int
		first  error
		wg     sync.WaitGroup
		start  = time.Now()
		finish = start.Add(l.Duration)
	)
	for range l.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 1024)
			var bad int
			var firstErr error
			for ctx.Err() == nil {
				if l.Count > 0 {
					if next.Load() >= int64(l.Count) {
						break
					}
				} else if time.Now().After(finish) {
					break
				}
				n := int(next.Add(1) - 1)
				if l.Count > 0 && n >= l.Count {
					break
				}
				t := time.Now()
				err := l.Op(ctx, n)
				lat = append(lat, time.Since(t))
				if err != nil {
					bad++
					if firstErr == nil {
						firstErr = err
					}
				}
			}
			mu.Lock()
			all = append(all, lat...)
			errs += bad
			if first == nil {
				first = firstErr
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	r := Result{Calls: len(all), Errors: errs, FirstErr: first, Elapsed: time.Since(start)}
	slices.Sort(all)
	r.P50, r.P99 = quantile(all, 0.50), quantile(all, 0.99)
	return r
}

func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}
