// Package clock provides connectd's two clocks: the system clock, and a
// manual clock that tests move forward through the admin API
// (--clock manual), so that a task scheduled days ahead fires in
// milliseconds.
package clock

import (
	"sync"
	"time"
)

// Real is the system clock.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// Manual is a virtual clock that moves only when Advance is called. Its
// zero value is not usable; use NewManual.
type Manual struct {
	mu  sync.Mutex
	now time.Time
}

// NewManual returns a Manual clock reading start.
func NewManual(start time.Time) *Manual { return &Manual{now: start} }

// Now returns the clock's current time.
func (m *Manual) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now
}

// Advance moves the clock forward by d (d < 0 is treated as 0: time never
// runs backwards) and returns the new time.
func (m *Manual) Advance(d time.Duration) time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d > 0 {
		m.now = m.now.Add(d)
	}
	return m.now
}

// Set moves the clock to t and returns true, unless t is before the clock's
// time (time never runs backwards): then the clock stays and Set returns
// false.
func (m *Manual) Set(t time.Time) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if t.Before(m.now) {
		return m.now, false
	}
	m.now = t
	return m.now, true
}
