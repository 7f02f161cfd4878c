package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"connectd/internal/connect"
	"connectd/internal/sqlstore"
)

// commitTimeout bounds COMMIT, ROLLBACK and the gate's unlock, which run
// detached from the caller's ctx (see Update).
const commitTimeout = 30 * time.Second

// The update gate is an advisory lock, one per schema, that every Update run
// takes: shared by the optimistic runs, exclusive by the last run of an
// Update that kept failing to serialise, so that this run has no concurrent
// transaction to fail against and fn cannot run forever. The key is
// ("cupd", hash of the schema).
const (
	gateClass = "1668641892" // 0x63757064
	gateKey   = `hashtext(coalesce(current_schema(), ''))`
	// The transaction starts, then takes the gate shared until it ends.
	// Both are held back with fn's first statements (see begin).
	qBeginSerializable = `BEGIN ISOLATION LEVEL SERIALIZABLE`
	qBeginSnapshot     = `BEGIN ISOLATION LEVEL REPEATABLE READ` // for Snapshot Updates
	qGateShared        = `SELECT pg_advisory_xact_lock_shared(` + gateClass + `, ` + gateKey + `)`
	// Taken before BEGIN (a session lock), so that the transaction's snapshot
	// is taken after every concurrent optimistic run has ended.
	qGateExclusive = `SELECT pg_advisory_lock(` + gateClass + `, ` + gateKey + `)`
	qGateUnlock    = `SELECT pg_advisory_unlock(` + gateClass + `, ` + gateKey + `)`
)

// Update runs fn in one transaction and returns nil only once COMMIT has
// succeeded. The transaction is SERIALIZABLE, or REPEATABLE READ for a ctx
// asking for connect.Snapshot, or alone for connect.Exclusive (see below); if fn fails, the transaction rolls back and Update
// returns fn's error. A transaction PostgreSQL cannot order with a concurrent
// one (serialization failure, deadlock) rolls back, and fn runs again after a
// short jittered pause; the last run (Options.MaxAttempts) is exclusive: it
// waits for every other Update of every node and holds them off, so
// contention costs time, never an error. A ctx that ends before or during fn
// rolls back; COMMIT runs detached from ctx, so a caller who gives up
// mid-commit cannot turn a committed Update into an error, and a COMMIT whose
// outcome is unknown is an Internal error, never a success.
func (db *DB) Update(ctx context.Context, fn func(tx connect.Tx) error) error {
	if err := db.gate.Enter(); err != nil {
		return err
	}
	defer db.gate.Leave()
	iso := connect.IsolationOf(ctx)
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		exclusive := attempt >= db.maxAttempts || iso == connect.Exclusive
		err, retry := db.run(ctx, fn, iso, exclusive)
		if !retry {
			return err
		}
		if exclusive {
			return &connect.Error{Kind: connect.Internal,
				Err: fmt.Errorf("update: no serializable outcome in %d attempts, the last alone: %w", attempt, err)}
		}
		db.log.Debug("postgres: update retried", "attempt", attempt, "err", err)
		if db.retryFunc != nil {
			db.retryFunc()
		}
		if err := sleep(ctx, backoff(attempt)); err != nil {
			return err
		}
	}
}

// run runs fn once in a new transaction, exclusive or not. retry reports
// that the transaction failed to serialise and fn should run again.
func (db *DB) run(ctx context.Context, fn func(connect.Tx) error, iso connect.Isolation, exclusive bool) (err error, retry bool) {
	pconn, err := db.pool.Acquire(ctx)
	if err != nil {
		return internal("update: acquire connection", err), false
	}
	// A connection released inside a transaction, or broken, is destroyed
	// by the pool rather than reused.
	defer pconn.Release()
	begin := qBeginSerializable
	if iso == connect.Snapshot {
		begin = qBeginSnapshot
	}
	if exclusive {
		if _, err := pconn.Exec(ctx, qGateExclusive); err != nil {
			closeConn(pconn) // the lock may have been granted as ctx ended
			return internal("update: take the update gate", err), false
		}
		defer db.unlockGate(ctx, pconn)
		begin = qBeginSerializable
	}
	// A session without headroom for its instance's active-task count gets
	// it in a transaction of its own (once), then fn runs again; exclusive
	// runs, alone anyway, deal inside.
	dealFirst := !exclusive
	for {
		err, retry, deal := db.runOnce(ctx, pconn, fn, begin, exclusive, dealFirst)
		if deal == nil {
			return err, retry
		}
		// A deal that fails (the instance is gone, the connection broke)
		// leaves it to fn's own transaction, which says why.
		if err := dealAhead(ctx, pconn, *deal); err != nil {
			db.log.Debug("postgres: deal active contacts ahead", "err", err)
		}
		dealFirst = false
	}
}

// runOnce runs fn once on pconn, in a new transaction begun by begin, and
// commits. deal, when set, is a deal fn asked for (see dealAhead): the
// transaction has rolled back.
func (db *DB) runOnce(ctx context.Context, pconn *pgxpool.Conn, fn func(connect.Tx) error, begin string, exclusive, dealFirst bool) (err error, retry bool, deal *dealRequest) {
	st := &txState{dealFirst: dealFirst}
	c := &conn{q: pconn, tx: st}
	// BEGIN (and the shared gate) wait for fn's first statement and go
	// with it: a round trip fewer. The snapshot is the first statement's
	// either way.
	beginRead := func(br pgx.BatchResults) error {
		if _, err := br.Exec(); err != nil {
			return internal("update: begin", c.observe(err))
		}
		return nil
	}
	st.hold(begin, nil, beginRead)
	if !exclusive {
		st.hold(rewrite(qGateShared), nil, beginRead)
	}
	begun := len(st.reads)
	t := sqlstore.NewTx(c, dialect{})
	err = sqlstore.Run(fn, t)
	st.done.Store(true) // fn must not retain tx
	if st.failed != nil {
		err = st.failed // the cause, also if fn swallowed it
	}
	if st.deal != nil || err != nil || st.retry.Load() {
		// A retryable failure counts even if fn swallowed it: the
		// transaction is aborted either way.
		if st.sent {
			db.rollback(ctx, pconn)
		}
		if st.deal != nil {
			return nil, false, st.deal
		}
		if err == nil {
			err = &connect.Error{Kind: connect.Internal, Err: errors.New("update: a statement failed to serialise")}
		}
		return err, st.retry.Load(), nil
	}
	if !st.sent && len(st.reads) == begun {
		return nil, false, nil // fn ran no statement: there is nothing to commit
	}
	// COMMIT goes with the statements still held back, in one round trip.
	// It runs detached from ctx, so that a caller who gives up mid-commit
	// cannot turn a committed Update into an error; a COMMIT whose outcome
	// is unknown is an Internal error, never a success.
	if err := ctx.Err(); err != nil {
		if st.sent {
			db.rollback(ctx, pconn)
		}
		return err, false, nil
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
	defer cancel()
	var tag pgconn.CommandTag
	var commitErr error
	st.hold("COMMIT", nil, func(br pgx.BatchResults) error {
		tag, commitErr = br.Exec()
		c.observe(commitErr)
		return nil
	})
	if br, err := c.send(cctx, "", nil); err == nil {
		err = br.Close()
		if commitErr == nil {
			commitErr = err
		}
	}
	switch {
	case st.failed != nil && tag.String() == "COMMIT":
		// done broke its contract (see sqlstore.Later): it failed a
		// statement that succeeded, and committed with it.
		return &connect.Error{Kind: connect.Internal, Err: fmt.Errorf("update: committed, yet a statement's outcome was: %w", st.failed)}, false, nil
	case st.failed != nil:
		// A statement held back failed: the transaction is aborted, and
		// COMMIT was skipped or answered ROLLBACK.
		db.rollback(ctx, pconn)
		return st.failed, st.retry.Load(), nil
	case commitErr != nil:
		return internal("update: commit", commitErr), isRetryable(commitErr), nil
	case tag.String() != "COMMIT":
		// The server answers COMMIT of a failed transaction with ROLLBACK:
		// a statement failed and fn went on.
		return &connect.Error{Kind: connect.Internal, Err: errors.New("update: the transaction failed and was rolled back")}, false, nil
	}
	return nil, false, nil
}

func (db *DB) rollback(ctx context.Context, conn *pgxpool.Conn) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
	defer cancel()
	if _, err := conn.Exec(rctx, "ROLLBACK"); err != nil {
		db.log.Debug("postgres: rollback", "err", err)
		closeConn(conn) // nothing to undo: a closed session rolls back
	}
}

// unlockGate releases the exclusive gate; if that fails, it closes the
// connection, which releases every lock of its session.
func (db *DB) unlockGate(ctx context.Context, conn *pgxpool.Conn) {
	uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
	defer cancel()
	var released bool
	if err := conn.QueryRow(uctx, qGateUnlock).Scan(&released); err != nil || !released {
		db.log.Warn("postgres: release the update gate; closing its connection", "err", err)
		closeConn(conn)
	}
}

// closeConn closes conn's session; the pool then discards it on Release.
func closeConn(conn *pgxpool.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = conn.Conn().Close(ctx)
}

// backoff is the pause before run attempt+1: about 2ms doubling per attempt,
// at most 100ms, with the upper half jittered so that the transactions that
// collided do not collide again.
func backoff(attempt int) time.Duration {
	d := min(time.Millisecond<<min(attempt, 10), 100*time.Millisecond)
	return d/2 + rand.N(d/2+1)
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
