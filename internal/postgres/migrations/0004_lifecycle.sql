-- 0004_lifecycle: routing, pauses, expiry and the due-work index of
-- contacts; the contact event outbox, its sequence counter and its delivery
-- cursors; flow run logs; the per-instance active contact counter. The
-- PostgreSQL twin of internal/sqlite/migrations/0004_lifecycle.sql.
--
-- Two counters are single rows that every writer updates, on purpose:
-- PostgreSQL's row lock on them orders the transactions that touch them,
-- across every node (see the package documentation).

ALTER TABLE contacts ADD COLUMN queue_priority         BIGINT  NOT NULL DEFAULT 5;
ALTER TABLE contacts ADD COLUMN queue_time_adjustment  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN enqueue_ts             BIGINT;
ALTER TABLE contacts ADD COLUMN agent_id               TEXT COLLATE "C";
ALTER TABLE contacts ADD COLUMN connected_to_agent_ts  BIGINT;
ALTER TABLE contacts ADD COLUMN connected_to_system_ts BIGINT;
ALTER TABLE contacts ADD COLUMN last_paused_ts         BIGINT;
ALTER TABLE contacts ADD COLUMN last_resumed_ts        BIGINT;
ALTER TABLE contacts ADD COLUMN total_pause_count      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN total_pause_seconds    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN expires_ts             BIGINT;
-- wake_ts is when the contact next needs the scheduler: its ScheduledTime
-- while scheduled, its expiry while active, NULL once ended. Schedulers
-- claim the earliest ones through contacts_wake (DueContacts: FOR UPDATE
-- SKIP LOCKED), so a million scheduled tasks cost a million rows on disk and
-- nothing in memory.
ALTER TABLE contacts ADD COLUMN wake_ts                BIGINT;

DROP INDEX contacts_due;
CREATE INDEX contacts_wake ON contacts (wake_ts, id) WHERE wake_ts IS NOT NULL;
-- Routing: the head of a queue, by priority then age.
CREATE INDEX contacts_queued ON contacts (instance_id, queue_id, queue_priority, enqueue_ts)
    WHERE state = 'QUEUED';
-- An agent's offered, connected and paused contacts.
CREATE INDEX contacts_agent ON contacts (instance_id, agent_id) WHERE agent_id IS NOT NULL;

-- The outbox of contact events: written in the transaction that changes the
-- contact, read in seq order by the event dispatchers. seq comes from
-- event_seq, not from a sequence: a sequence hands out numbers in call order,
-- and transactions commit in another, so a reader following the highest seq
-- it has seen could skip an event that commits late with a lower one.
CREATE TABLE contact_events (
    seq         BIGINT NOT NULL PRIMARY KEY,
    instance_id TEXT COLLATE "C" NOT NULL,
    contact_id  TEXT COLLATE "C" NOT NULL,
    event_type  TEXT COLLATE "C" NOT NULL,
    ts          BIGINT NOT NULL,
    body        TEXT COLLATE "C" NOT NULL
);
CREATE INDEX contact_events_ts ON contact_events (ts);

-- The highest seq ever given to an event (SQLite's sqlite_sequence row of
-- contact_events). AppendEvent increments it in its transaction: the row
-- lock holds every other appender until that transaction ends, so seqs
-- become visible in increasing order, and a rolled-back append gives its
-- number back.
CREATE TABLE event_seq (
    one BOOLEAN NOT NULL PRIMARY KEY DEFAULT true CHECK (one),
    seq BIGINT  NOT NULL
);
INSERT INTO event_seq (one, seq) VALUES (true, 0);

-- Durable delivery positions (one per webhook) in contact_events.
CREATE TABLE event_cursors (
    name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    seq  BIGINT NOT NULL
);

CREATE TABLE flow_logs (
    instance_id TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    contact_id  TEXT COLLATE "C" NOT NULL,
    seq         BIGINT NOT NULL,
    entry       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (instance_id, contact_id, seq)
);

-- Active (not ended) contacts per instance, kept by the transactions that
-- start and end contacts, so the quota check does not count rows, and
-- concurrent starts on several nodes serialise on the instance's row.
CREATE TABLE instance_counters (
    instance_id     TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES instances (id) ON DELETE CASCADE,
    active_contacts BIGINT NOT NULL
);
