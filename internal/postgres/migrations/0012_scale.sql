-- 0012_scale: no row that every write updates. The PostgreSQL side of
-- internal/sqlite/migrations/0012_scale.sql (which changes nothing: with a
-- single writer a counter row costs nothing).
--
-- Event Seqs: from now on an event's seq is its transaction's ID times 2^20
-- plus its rank in the transaction (see the package documentation), so
-- event_seq is no longer taken by every appending transaction: it only keeps
-- the highest seq retention deleted, for LastEventSeq. The seqs already
-- written came from event_seq and are below every new one; this checks it.
DO $$
BEGIN
    IF (SELECT seq FROM event_seq WHERE one) >= pg_current_xact_id()::text::bigint * 1048576 THEN
        RAISE EXCEPTION 'connectd 0012_scale: event seq % is not below the first transaction-ID seq', (SELECT seq FROM event_seq WHERE one);
    END IF;
END
$$;

-- The active-contact count of an instance, split over shards (see
-- internal/postgres/active.go): n is the shard's share of the count; cap
-- and quota are the headroom a start may take from it without reading the
-- other shards, and the quota that headroom was dealt for.
CREATE TABLE active_contact_shards (
    instance_id TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    shard       INTEGER NOT NULL,
    n           BIGINT  NOT NULL,
    cap         BIGINT  NOT NULL,
    quota       BIGINT  NOT NULL,
    PRIMARY KEY (instance_id, shard)
);
-- The counts so far: no headroom, so the next start deals it.
INSERT INTO active_contact_shards (instance_id, shard, n, cap, quota)
    SELECT instance_id, 0, active_contacts, 0, 0 FROM instance_counters;
DROP TABLE instance_counters;
