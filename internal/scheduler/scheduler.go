// Package scheduler wakes the contact lifecycle when its work falls due:
// scheduled tasks start and active tasks expire. The database owns the work
// (connect.Service.RunDue claims due contacts in a transaction); the
// scheduler only decides when to look, sleeping until the earliest wake
// time the store reports or a poll interval, whichever comes first, and
// waking early when a commit schedules something sooner. Polling is the
// fallback that keeps it correct if a wake-up is missed (or, with several
// nodes, happened on another node).
package scheduler

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"connectd/internal/connect"
)

// Runner is the work the scheduler drives; connect.Service implements it.
type Runner interface {
	// RunDue does everything due now and returns how many contacts it woke.
	RunDue(ctx context.Context) (int, error)
	// NextWake returns when work is next due (nil: nothing is).
	NextWake(ctx context.Context) (*time.Time, error)
}

// Config configures a Scheduler.
type Config struct {
	Runner Runner
	// Clock tells the time due times are compared with (the manual clock
	// in tests). Default: the system clock.
	Clock connect.Clock
	// PollInterval bounds every sleep. Default 1s.
	PollInterval time.Duration
	// Housekeeping, when set, runs every HousekeepingInterval (default 10
	// minutes): retention of old contact events.
	Housekeeping         func(ctx context.Context) error
	HousekeepingInterval time.Duration
	Logger               *slog.Logger
	// ObserveFunc, when set, gets each pass over due work: how many
	// contacts it woke and how long it took (for /metrics).
	ObserveFunc func(woken int, d time.Duration)
}

// Scheduler runs Config.Runner when work falls due.
type Scheduler struct {
	cfg    Config
	wake   chan time.Time
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// New returns a Scheduler; Start runs it.
func New(cfg Config) *Scheduler {
	if cfg.Runner == nil {
		panic("scheduler.New: nil Runner")
	}
	if cfg.Clock == nil {
		cfg.Clock = connect.ClockFunc(time.Now)
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.HousekeepingInterval <= 0 {
		cfg.HousekeepingInterval = 10 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Scheduler{cfg: cfg, wake: make(chan time.Time, 1)}
}

// Start runs the scheduler in the background until Stop or ctx ends. It is
// an error to Start twice.
func (s *Scheduler) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done != nil {
		return errStarted
	}
	ctx, s.cancel = context.WithCancel(ctx)
	s.done = make(chan struct{})
	go s.loop(ctx, s.done)
	return nil
}

type schedError string

func (e schedError) Error() string { return string(e) }

const errStarted = schedError("scheduler: already started")

// Stop stops the scheduler and waits for its goroutine. It is idempotent
// and safe before Start.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	cancel, done := s.cancel, s.done
	s.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	<-done
}

// Wake tells the scheduler that work is due at at, so it wakes then if that
// is sooner than it planned. It never blocks.
func (s *Scheduler) Wake(at time.Time) {
	for {
		select {
		case s.wake <- at:
			return
		default:
		}
		// Full: keep the earlier of the pending and the new time.
		select {
		case prev := <-s.wake:
			if prev.Before(at) {
				at = prev
			}
		default:
		}
	}
}

func (s *Scheduler) loop(ctx context.Context, done chan struct{}) {
	defer close(done)
	timer := time.NewTimer(0)
	defer timer.Stop()
	housekeeping := time.NewTicker(s.cfg.HousekeepingInterval)
	defer housekeeping.Stop()
	var planned time.Time // when the timer fires, in the scheduler's clock
	for {
		select {
		case <-ctx.Done():
			return
		case <-housekeeping.C:
			if s.cfg.Housekeeping != nil {
				if err := s.cfg.Housekeeping(ctx); err != nil && ctx.Err() == nil {
					s.cfg.Logger.Error("scheduler: housekeeping", "err", err)
				}
			}
			continue
		case at := <-s.wake:
			if !planned.IsZero() && !at.Before(planned) {
				continue // already waking by then
			}
			timer.Reset(max(0, at.Sub(s.cfg.Clock.Now())))
			planned = at
			continue
		case <-timer.C:
		}
		start := time.Now()
		n, err := s.cfg.Runner.RunDue(ctx)
		if s.cfg.ObserveFunc != nil {
			s.cfg.ObserveFunc(n, time.Since(start))
		}
		switch {
		case err != nil:
			if ctx.Err() == nil {
				s.cfg.Logger.Error("scheduler: run due work", "err", err)
			}
			// Try again after a poll interval, not in a tight loop.
			planned = s.cfg.Clock.Now().Add(s.cfg.PollInterval)
		default:
			if n > 0 {
				s.cfg.Logger.Debug("scheduler: woke contacts", "contacts", n)
			}
			planned = s.plan(ctx)
		}
		timer.Reset(max(0, planned.Sub(s.cfg.Clock.Now())))
	}
}

// plan returns when to look next: the earliest wake time, at most one poll
// interval away.
func (s *Scheduler) plan(ctx context.Context) time.Time {
	now := s.cfg.Clock.Now()
	at := now.Add(s.cfg.PollInterval)
	next, err := s.cfg.Runner.NextWake(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.cfg.Logger.Error("scheduler: next wake", "err", err)
		}
		return at
	}
	if next != nil && next.Before(at) {
		at = *next
		// Due already (a contact that failed to wake, or one that fell due
		// while RunDue ran): retry soon, without spinning.
		if !at.After(now) {
			at = now.Add(10 * time.Millisecond)
		}
	}
	return at
}
