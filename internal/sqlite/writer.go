package sqlite

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	"connectd/internal/connect"
	"connectd/internal/sqlstore"
)

// request is one Update waiting for the writer.
type request struct {
	ctx  context.Context
	fn   func(connect.Tx) error
	err  error
	ok   bool          // fn succeeded; its writes ride on the batch commit
	done chan struct{} // closed when err is final
}

// Update runs fn in a write transaction on the writer goroutine and returns
// once fn's writes are committed (durable), or fn's error, in which case none
// of fn's writes persist. Concurrent Updates share a commit (group commit);
// the caller never holds a lock across the fsync, it just waits for its
// answer. If ctx is done before fn's turn, fn does not run and Update returns
// ctx.Err(). Once fn has been handed to the writer Update waits for the
// answer even if ctx ends, so that its result is never ambiguous.
func (db *DB) Update(ctx context.Context, fn func(tx connect.Tx) error) error {
	if err := db.gate.Enter(); err != nil {
		return err
	}
	defer db.gate.Leave()

	if err := ctx.Err(); err != nil {
		return err
	}
	req := &request{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case db.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	<-req.done
	return req.err
}

// writer is the one goroutine that writes. It takes the first queued request,
// drains whatever else is queued up to batchMax, and commits them together.
func (db *DB) writer() {
	defer close(db.stopped)
	batch := make([]*request, 0, db.batchMax)
	for {
		select {
		case <-db.quit:
			return
		case req := <-db.reqs:
			batch = append(batch[:0], req)
		drain:
			for len(batch) < db.batchMax {
				select {
				case req := <-db.reqs:
					batch = append(batch, req)
				default:
					break drain
				}
			}
			db.runBatch(batch)
			for _, r := range batch {
				close(r.done)
			}
			clear(batch) // drop references for the GC
		}
	}
}

// runBatch runs the batch's requests in one transaction and commits once.
// It sets every request's err.
//
// The requests run side by side, without a savepoint each: a savepoint
// makes SQLite copy every page a request changes into its sub-journal
// first, which cost a start a third of its time. A failed request that
// changed nothing needs no undo. One that did is undone by rolling the
// transaction back: if no request before it succeeded, that undoes only its
// writes, and the rest of the batch goes on in a new transaction; otherwise
// the whole batch runs again, each request in its own savepoint (runApart),
// so that no answer rests on writes that were rolled back.
func (db *DB) runBatch(batch []*request) {
	live := 0
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			continue
		}
		live++
	}
	if live == 0 {
		return
	}
	if db.batches != nil { // a memory database: no reader during the batch
		db.batches.Lock()
		defer db.batches.Unlock()
	}
	for rest := batch; len(rest) > 0; {
		var together bool
		rest, together = db.runTogether(rest)
		if !together {
			for _, r := range rest {
				r.err, r.ok = nil, false
			}
			db.runApart(rest)
			return
		}
	}
}

// runTogether runs the requests of batch in one transaction, no savepoints,
// and commits it. When a request fails after changing rows it rolls the
// transaction back and returns the requests still to run: those after it
// if no request before it had succeeded (the rollback undid only its
// writes, and its answer rests on committed state alone), or else, with
// together false, the whole batch, its own answer included, since the
// writes it saw were undone with its own.
func (db *DB) runTogether(batch []*request) (rest []*request, together bool) {
	ctx := context.Background() // the batch outlives any single request's ctx
	if _, err := db.wconn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		db.failBatch(batch, fmt.Errorf("begin: %w", err))
		return nil, true
	}
	changes, err := db.totalChanges(ctx)
	if err != nil {
		db.abortBatch(batch, err)
		return nil, true
	}
	for i, r := range batch {
		if r.err != nil {
			continue
		}
		if err := r.ctx.Err(); err != nil { // ended while earlier requests ran
			r.err = err
			continue
		}
		fnErr := db.runFn(r)
		after, err := db.totalChanges(ctx)
		if err != nil {
			db.abortBatch(batch, err)
			return nil, true
		}
		if fnErr == nil {
			r.ok, changes = true, after
			continue
		}
		r.err = fnErr
		if !db.inTransaction(ctx) { // SQLite rolled it back (a full disk, an I/O error)
			db.abortBatch(batch, fmt.Errorf("transaction rolled back by SQLite: %w", fnErr))
			return nil, true
		}
		if after == changes {
			continue // r changed nothing: there is nothing to undo
		}
		if _, err := db.wconn.ExecContext(ctx, "ROLLBACK"); err != nil {
			db.log.Debug("sqlite: rollback after failed request", "err", err)
		}
		if !slices.ContainsFunc(batch[:i], func(r *request) bool { return r.ok }) {
			return batch[i+1:], true
		}
		return batch, false
	}
	if _, err := db.wconn.ExecContext(ctx, "COMMIT"); err != nil {
		db.abortBatch(batch, fmt.Errorf("commit: %w", err))
	}
	return nil, true
}

// inTransaction reports whether the write connection is still in the
// batch's transaction: SQLite rolls a transaction back by itself on some
// errors, after which statements would commit one by one. BEGIN fails
// inside a transaction; outside, the transaction it opens is rolled back.
func (db *DB) inTransaction(ctx context.Context) bool {
	if _, err := db.wconn.ExecContext(ctx, "BEGIN"); err != nil {
		return true
	}
	if _, err := db.wconn.ExecContext(ctx, "ROLLBACK"); err != nil {
		db.log.Debug("sqlite: rollback of a probe transaction", "err", err)
	}
	return false
}

// totalChanges is SQLite's count of rows the write connection has
// inserted, updated or deleted (triggers included): a request that leaves
// it unchanged wrote nothing.
func (db *DB) totalChanges(ctx context.Context) (int64, error) {
	var n int64
	if err := db.changes.QueryRowContext(ctx).Scan(&n); err != nil {
		return 0, fmt.Errorf("total_changes: %w", err)
	}
	return n, nil
}

// runApart runs the batch in one transaction, each request inside its own
// savepoint, and commits once: a failed request is rolled back to its
// savepoint without touching its neighbours.
func (db *DB) runApart(batch []*request) {
	ctx := context.Background()
	if _, err := db.wconn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		db.failBatch(batch, fmt.Errorf("begin: %w", err))
		return
	}
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err
			continue
		}
		if _, err := db.wconn.ExecContext(ctx, "SAVEPOINT req"); err != nil {
			db.abortBatch(batch, fmt.Errorf("savepoint: %w", err))
			return
		}
		if err := db.runFn(r); err != nil {
			r.err = err
			// ROLLBACK TO undoes r's writes and keeps the savepoint open;
			// RELEASE then pops it. Earlier requests' writes are untouched.
			if _, rerr := db.wconn.ExecContext(ctx, "ROLLBACK TO req"); rerr != nil {
				db.abortBatch(batch, fmt.Errorf("rollback to savepoint: %w", rerr))
				return
			}
			if _, rerr := db.wconn.ExecContext(ctx, "RELEASE req"); rerr != nil {
				db.abortBatch(batch, fmt.Errorf("release savepoint: %w", rerr))
				return
			}
			continue
		}
		if _, err := db.wconn.ExecContext(ctx, "RELEASE req"); err != nil {
			db.abortBatch(batch, fmt.Errorf("release savepoint: %w", err))
			return
		}
		r.ok = true
	}
	if _, err := db.wconn.ExecContext(ctx, "COMMIT"); err != nil {
		db.abortBatch(batch, fmt.Errorf("commit: %w", err))
	}
}

// runFn runs r.fn with a Tx on the write connection.
func (db *DB) runFn(r *request) error {
	g := &txGuard{}
	defer g.done.Store(true) // fn must not retain tx
	return sqlstore.Run(r.fn, sqlstore.NewTx(&sqlstore.SQLConn{Q: db.wconn, Stmts: db.wstmts, Enter: g.enter}, dialect{}))
}

// abortBatch rolls the whole transaction back after a failure that left it
// unusable, and fails every request that had succeeded so far.
func (db *DB) abortBatch(batch []*request, cause error) {
	if _, err := db.wconn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		// "no transaction is active" when SQLite already rolled back.
		db.log.Debug("sqlite: rollback after failed batch", "err", err)
	}
	db.failBatch(batch, cause)
}

// failBatch gives cause to every request that has no error of its own.
func (db *DB) failBatch(batch []*request, cause error) {
	err := &connect.Error{Kind: connect.Internal, Err: fmt.Errorf("update: %w", sqlstore.Flatten(cause))}
	for _, r := range batch {
		if r.err == nil {
			r.err = err
			r.ok = false
		}
	}
}

// txGuard vets the statements of the connect.Tx handed to one Update's fn.
// That Tx reads and writes through the writer's transaction, so it sees the
// writes of earlier requests in the same batch.
type txGuard struct {
	done atomic.Bool
}

// enter checks that the statement may run and returns the context to run it
// with. A context cancelled mid-statement makes SQLite interrupt it, and an
// interrupted write rolls back the whole transaction (every request of the
// batch), so statements run detached from cancellation; ctx is only checked
// between statements.
func (t *txGuard) enter(ctx context.Context) (context.Context, error) {
	if t.done.Load() {
		return nil, sqlstore.ErrTxDone
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return context.WithoutCancel(ctx), nil
}
