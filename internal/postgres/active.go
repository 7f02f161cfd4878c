package postgres

import (
	"context"
	"errors"

	"connectd/internal/sqlstore"
)

// The active-task quota without a row that every start updates. An
// instance's count is split over activeShards rows of active_contact_shards,
// (instance_id, shard, n, cap, quota); a transaction counts on the shard of
// its session (pg_backend_pid() modulo activeShards), so concurrent starts on
// different connections update different rows. The count is the sum of n.
//
// Exactness rests on one invariant, kept by every writer: the sum over the
// shards of max(n, cap) is at most the quota the caps were made for (the
// quota column, the same on every row). Then:
//
//   - A start whose shard has n < cap and the caller's quota adds 1 there and
//     reads nothing else (the fast path): max(n, cap) does not change, so the
//     invariant holds, and the count, at most that sum, stays within the quota.
//   - Otherwise (its shard is used up, or the quota changed) the start reads
//     every shard: the exact count, refused if one more exceeds the quota.
//     If not, it adds 1 to its shard and deals what is left of the quota out
//     as new caps (cap = n + share, the shares summing to quota - count), by
//     writing every row: the invariant holds again with equality.
//   - An end subtracts 1 from its shard, which never raises max(n, cap).
//
// Concurrent transactions that write one shard conflict on its row: the later
// waits, then fails to serialise and runs again (40001). A rebalance writes
// every shard, so it conflicts with every concurrent fast path. So the
// refusals are exact: a start is refused only when the count it read, with
// every row it read locked by its own writes or unchanged at commit, leaves
// no room; and a fast path never needs to read the others. With a quota of
// 2500 and 32 shards, each shard gets about 78 starts of headroom per
// rebalance, so rebalances are one start in tens until the instance nears its
// quota, where every start reads every shard (a serial, exact count).
const activeShards = 32

const (
	qActiveFast = `UPDATE active_contact_shards SET n = n + 1
		WHERE instance_id = $1 AND shard = pg_backend_pid() % 32 AND quota = $2 AND n < cap`
	qActiveEnd = `INSERT INTO active_contact_shards AS a (instance_id, shard, n, cap, quota)
		VALUES ($1, pg_backend_pid() % 32, -1, 0, 0)
		ON CONFLICT (instance_id, shard) DO UPDATE SET n = a.n - 1`
	qActiveShards = `SELECT shard, n, pg_backend_pid() % 32 FROM active_contact_shards WHERE instance_id = $1`
	qActiveMine   = `SELECT pg_backend_pid() % 32`
	// qActiveDeal writes every shard's count and cap at once.
	qActiveDeal = `INSERT INTO active_contact_shards AS a (instance_id, shard, n, cap, quota)
		SELECT $1, s.shard, s.n, s.cap, $2 FROM unnest($3::int[], $4::bigint[], $5::bigint[]) AS s (shard, n, cap)
		ON CONFLICT (instance_id, shard) DO UPDATE SET n = excluded.n, cap = excluded.cap, quota = excluded.quota`
)

// AddActiveContacts counts on the session's shard (see above).
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
	return dealActive(ctx, c, instanceID, quota)
}

// dealActive is a start's slow path: the exact count, then new caps.
func dealActive(ctx context.Context, c sqlstore.Conn, instanceID string, quota int) (bool, error) {
	var (
		ns    [activeShards]int64
		total int64
		mine  = -1
	)
	rows, err := c.Query(ctx, qActiveShards, instanceID)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var shard, me int
		var n int64
		if err := rows.Scan(&shard, &n, &me); err != nil {
			rows.Close()
			return false, err
		}
		if shard >= 0 && shard < activeShards {
			ns[shard] = n
		}
		total += n
		mine = me
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	if total+1 > int64(quota) {
		return false, nil
	}
	if mine < 0 { // the instance has no rows yet
		if err := c.QueryRow(ctx, qActiveMine).Scan(&mine); err != nil {
			return false, err
		}
	}
	ns[mine]++
	left := int64(quota) - total - 1
	shards, counts, caps := make([]int32, activeShards), make([]int64, activeShards), make([]int64, activeShards)
	for s := range activeShards {
		share := left / activeShards
		if int64(s) < left%activeShards {
			share++
		}
		shards[s], counts[s], caps[s] = int32(s), ns[s], ns[s]+share
	}
	_, err = c.Exec(ctx, qActiveDeal, instanceID, quota, shards, counts, caps)
	return err == nil, err
}
