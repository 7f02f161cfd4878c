package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"connectd/internal/connect"
	"connectd/internal/sqlstore"
)

// The active-task quota without a row that every start updates. An
// instance's count is split over rows of active_contact_shards,
// (instance_id, shard, n, cap, quota), one per database session that
// counted (shard is its pg_backend_pid(), unique among live sessions), plus
// an anchor row (shard 0). A transaction counts on its session's row, so
// concurrent starts never update the same row. The count is the sum of n.
//
// Exactness rests on one invariant, kept by every writer: the sum over the
// rows of max(n, cap), the reserved count, is at most the quota the caps
// were dealt for (the quota column). Then:
//
//   - A start whose row has n < cap, dealt for the caller's quota, adds 1
//     there and reads nothing else (the fast path): max(n, cap) does not
//     change, so the invariant holds, and the count, at most the reserved
//     count, stays within the quota.
//   - Otherwise (no row yet, its headroom used up) the start reads every
//     row (the slow path): the count, refused if one more exceeds the quota.
//     If not, and the quota has unreserved room, the start takes a share of
//     half of it into its own row's cap and counts there (a deal: it writes
//     its row and the anchor). If no room is unreserved (only near the
//     quota, or after the quota changed), it reclaims: folds the rows of
//     sessions that are gone into its own, and deals half the room left out
//     among the live sessions' rows (cap = n + share), writing every row
//     and the anchor.
//   - An end subtracts 1 from its session's row (a new row has cap 0),
//     which never raises max(n, cap).
//   - Before a start of an Update's first run goes the slow way, Update
//     makes the deal ahead, in a READ COMMITTED transaction of its own that
//     locks the anchor first and so reads the rows as the deal before it
//     left them (dealAhead), then runs the start again: its fast path then
//     usually hits. Only what that deal cannot do (near the quota, after the
//     quota changed) is left to the start's own slow path.
//
// Two transactions that write one row conflict: the later waits, then fails
// to serialise and runs again (40001), at REPEATABLE READ as at
// SERIALIZABLE. Every deal writes the anchor, so deals are serial; fast
// paths and ends leave the reserved count as it was, so a deal may compute
// the unreserved room from its snapshot. A reclaim writes every row, so it
// has read the latest version of each. So a refusal is exact (up to ends
// committed concurrently, which a serial order may put after it), and no
// start reads or writes another session's row until the instance nears its
// quota.
const anchorShard = 0

const (
	qActiveFast = `UPDATE active_contact_shards SET n = n + 1
		WHERE instance_id = $1 AND shard = pg_backend_pid() AND quota = $2 AND n < cap`
	qActiveEnd = `INSERT INTO active_contact_shards AS a (instance_id, shard, n, cap, quota)
		VALUES ($1, pg_backend_pid(), -1, 0, 0)
		ON CONFLICT (instance_id, shard) DO UPDATE SET n = a.n - 1`
	// qActiveShards reads every row, whether its session is alive, and this
	// session's shard.
	qActiveShards = `SELECT a.shard, a.n, a.cap, a.quota, EXISTS (SELECT 1 FROM pg_stat_activity s WHERE s.pid = a.shard),
		pg_backend_pid() FROM active_contact_shards a WHERE a.instance_id = $1`
	qActiveMine   = `SELECT pg_backend_pid()`
	qActiveDelete = `DELETE FROM active_contact_shards WHERE instance_id = $1 AND shard = ANY ($2::int[])`
	// qActiveDeal writes rows' counts and caps at once.
	qActiveDeal = `INSERT INTO active_contact_shards AS a (instance_id, shard, n, cap, quota)
		SELECT $1, s.shard, s.n, s.cap, $2 FROM unnest($3::int[], $4::bigint[], $5::bigint[]) AS s (shard, n, cap)
		ON CONFLICT (instance_id, shard) DO UPDATE SET n = excluded.n, cap = excluded.cap, quota = excluded.quota`
)

// AddActiveContacts counts on the session's row (see above).
func (dialect) AddActiveContacts(ctx context.Context, c sqlstore.Conn, instanceID string, delta, quota int) (bool, error) {
	switch delta {
	case -1:
		_, err := c.Exec(ctx, qActiveEnd, instanceID)
		return true, err
	case 1:
	default:
		return false, errors.New("active contacts: delta must be +1 or -1")
	}
	n, err := c.Exec(ctx, qActiveFast, instanceID, quota)
	if err != nil || n == 1 {
		return err == nil, err
	}
	if pc, ok := c.(*conn); ok && pc.tx != nil && pc.tx.dealFirst {
		// Update deals this session headroom in a transaction of its own,
		// then runs fn again (see dealAhead).
		pc.tx.deal = &dealRequest{instanceID: instanceID, quota: int64(quota)}
		return false, errDealFirst
	}
	return dealActive(ctx, c, instanceID, int64(quota))
}

// dealRequest is a deal a start's transaction asks Update to make before
// it runs again.
type dealRequest struct {
	instanceID string
	quota      int64
}

// errDealFirst ends a run of fn whose session has no headroom: Update
// deals it some and runs fn again, so no caller sees this error.
var errDealFirst = &connect.Error{Kind: connect.Internal, Err: errors.New("active contacts: a deal is due first")}

// qActiveAnchor creates the instance's anchor row if need be and locks it:
// a deal made at READ COMMITTED waits for the deal before it, then reads
// the rows as that deal left them, instead of failing to serialise.
const qActiveAnchor = `INSERT INTO active_contact_shards AS a (instance_id, shard, n, cap, quota) VALUES ($1, 0, 0, 0, 0)
	ON CONFLICT (instance_id, shard) DO UPDATE SET n = a.n`

// dealAhead deals the session on pc headroom for instanceID in a
// transaction of its own, at READ COMMITTED, serialised by the anchor's
// row lock: a start whose session has none would otherwise deal inside its
// own transaction, at REPEATABLE READ, where the sessions that deal at once
// (every session of every node, when they start) fail to serialise against
// each other one after the other. It deals only what dealActive's deal
// would (a share of the unreserved room, written with the anchor, which
// keeps the invariant); near the quota, or after it changed, it deals
// nothing and leaves the count, the refusal and the reclaim to the start's
// own transaction.
func dealAhead(ctx context.Context, pc *pgxpool.Conn, r dealRequest) error {
	st := &txState{}
	c := &conn{q: pc, tx: st}
	begin := func(br pgx.BatchResults) error {
		_, err := br.Exec()
		return err
	}
	st.hold("BEGIN ISOLATION LEVEL READ COMMITTED", nil, begin)
	st.hold(rewrite(qGateShared), nil, begin)
	st.hold(qActiveAnchor, []any{r.instanceID}, begin)
	set, err := readShards(ctx, c, r.instanceID, r.quota)
	if err == nil && set.total+1 <= r.quota {
		if shards, ns, caps, ok := set.deal(r.quota, 0); ok {
			_, err = c.Exec(ctx, qActiveDeal, r.instanceID, r.quota, shards, ns, caps)
		}
	}
	if err == nil {
		_, err = c.Exec(ctx, "COMMIT")
	}
	if err != nil {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
		defer cancel()
		if _, rerr := pc.Exec(rctx, "ROLLBACK"); rerr != nil {
			closeConn(pc)
		}
		return internal("deal active contacts", err)
	}
	return nil
}

// shardRow is a row of active_contact_shards.
type shardRow struct {
	shard        int32
	n, cap, quot int64
	alive        bool
}

// shardSet is an instance's rows of active_contact_shards as a start
// reads them.
type shardSet struct {
	all      []shardRow
	mine     int32 // this session's shard
	total    int64 // the count
	reserved int64 // the sum of max(n, cap)
	sameQ    bool  // every row was dealt for the quota
}

// readShards reads every row of the instance (see qActiveShards).
func readShards(ctx context.Context, c sqlstore.Conn, instanceID string, quota int64) (shardSet, error) {
	s := shardSet{sameQ: true}
	rows, err := c.Query(ctx, qActiveShards, instanceID)
	if err != nil {
		return s, err
	}
	for rows.Next() {
		var r shardRow
		if err := rows.Scan(&r.shard, &r.n, &r.cap, &r.quot, &r.alive, &s.mine); err != nil {
			rows.Close()
			return s, err
		}
		s.all = append(s.all, r)
		s.total += r.n
		s.reserved += max(r.n, r.cap)
		// Rows an end created (cap 0) reserve nothing beyond their count.
		s.sameQ = s.sameQ && (r.quot == quota || r.cap == 0)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, err
	}
	if s.mine == 0 { // the instance has no rows yet
		if err := c.QueryRow(ctx, qActiveMine).Scan(&s.mine); err != nil {
			return s, err
		}
	}
	return s, nil
}

// deal returns the rows a deal writes (the anchor, and this session's with
// count more starts counted and a share of half the unreserved room as
// headroom), or ok false if no room is unreserved or a row was dealt for
// another quota.
func (s shardSet) deal(quota, count int64) (shards []int32, ns, caps []int64, ok bool) {
	room := quota - s.reserved
	if !s.sameQ || room < 1 {
		return nil, nil, nil, false
	}
	live := 1 // this session
	var own shardRow
	var anchor int64
	for _, r := range s.all {
		switch {
		case r.shard == s.mine:
			own = r
		case r.shard == anchorShard:
			anchor = r.n
		case r.alive:
			live++
		}
	}
	// A share of half the unreserved room (the other half is for sessions
	// yet to come), at least the one start.
	share := max(1, room/int64(2*live))
	base := max(own.n, own.cap)
	return []int32{anchorShard, s.mine}, []int64{anchor, own.n + count}, []int64{anchor, base + share}, true
}

// dealActive is a start's slow path: the count, then a deal or a reclaim.
func dealActive(ctx context.Context, c sqlstore.Conn, instanceID string, quota int64) (bool, error) {
	s, err := readShards(ctx, c, instanceID, quota)
	if err != nil {
		return false, err
	}
	if s.total+1 > quota {
		return false, nil
	}
	if shards, ns, caps, ok := s.deal(quota, 1); ok {
		_, err := c.Exec(ctx, qActiveDeal, instanceID, quota, shards, ns, caps)
		return err == nil, err
	}
	return true, reclaim(ctx, c, instanceID, quota, s.all, s.mine, s.total)
}

// reclaim folds the rows of sessions that are gone into this session's and
// deals the room left among the live sessions' rows, writing every row.
func reclaim(ctx context.Context, c sqlstore.Conn, instanceID string, quota int64, all []shardRow, mine int32, total int64) error {
	counts := map[int32]int64{mine: 1} // this start
	var gone []int32
	for _, r := range all {
		switch {
		case r.alive || r.shard == anchorShard || r.shard == mine:
			counts[r.shard] += r.n
		default:
			gone = append(gone, r.shard)
			counts[mine] += r.n
		}
	}
	if len(gone) > 0 {
		if _, err := c.Exec(ctx, qActiveDelete, instanceID, gone); err != nil {
			return err
		}
	}
	anchor := counts[anchorShard]
	delete(counts, anchorShard)
	// Half the room left is dealt, half stays unreserved: a session that
	// comes later deals itself a share without a reclaim, which would
	// conflict with every session's fast path.
	left, k := (quota-total-1)/2, int64(len(counts))
	shards, ns, caps := []int32{anchorShard}, []int64{anchor}, []int64{anchor}
	i := int64(0)
	for shard, n := range counts {
		share := left / k
		if i < left%k {
			share++
		}
		i++
		shards, ns, caps = append(shards, shard), append(ns, n), append(caps, n+share)
	}
	_, err := c.Exec(ctx, qActiveDeal, instanceID, quota, shards, ns, caps)
	return err
}
