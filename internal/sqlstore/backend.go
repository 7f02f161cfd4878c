package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"connectd/internal/connect"
)

// What the backends share beyond the SQL: the close gate, running fn, and
// the errors that no driver type may leak through.

var (
	// ErrClosed is what Update returns after Close.
	ErrClosed = &connect.Error{Kind: connect.Internal, Message: "store is closed"}
	// ErrTxDone is what a statement on a Tx returns once its Update's fn has
	// returned: fn must not retain tx.
	ErrTxDone = &connect.Error{Kind: connect.Internal, Message: "transaction used after its Update returned"}
)

// Gate admits Updates until Close, which waits for the admitted ones.
type Gate struct {
	mu       sync.RWMutex // guards closed; held for reading while admitting
	closed   bool
	inflight sync.WaitGroup
	once     sync.Once
}

// Enter admits an Update, or refuses it with ErrClosed after Close. An
// admitted Update calls Leave when it is over.
func (g *Gate) Enter() error {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if g.closed {
		return ErrClosed
	}
	g.inflight.Add(1)
	return nil
}

// Leave ends an Update that Enter admitted.
func (g *Gate) Leave() { g.inflight.Done() }

// Close refuses new Updates, waits for the admitted ones to Leave, then runs
// release, once: later calls return at once.
func (g *Gate) Close(release func()) {
	g.once.Do(func() {
		g.mu.Lock()
		g.closed = true
		g.mu.Unlock()
		g.inflight.Wait()
		release()
	})
}

// Run runs fn with tx, turning a panic into an Internal error so that one
// request's bug fails that request alone.
func Run(fn func(connect.Tx) error, tx connect.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &connect.Error{Kind: connect.Internal,
				Err: fmt.Errorf("update: panic: %v\n%s", p, debug.Stack())}
		}
	}()
	return fn(tx)
}

// Internal wraps an unexpected error of op as an Internal *connect.Error.
// Errors already classified pass through; context errors and ErrNoRows keep
// their identity (errors.Is works); any other error is flattened to its text,
// so that no driver type leaks upward.
func Internal(op string, err error) error {
	var ce *connect.Error
	if errors.As(err, &ce) {
		return err
	}
	return &connect.Error{Kind: connect.Internal, Err: fmt.Errorf("%s: %w", op, Flatten(err))}
}

// Flatten replaces err by a plain error with the same text, unless it is a
// context error or ErrNoRows.
func Flatten(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrNoRows) {
		return err
	}
	return errors.New(err.Error())
}
