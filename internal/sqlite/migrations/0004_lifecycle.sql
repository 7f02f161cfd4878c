-- 0004_lifecycle: routing, pauses, expiry and the due-work index of
-- contacts; the contact event outbox and its delivery cursors; flow run
-- logs; the per-instance active contact counter.

ALTER TABLE contacts ADD COLUMN queue_priority         INTEGER NOT NULL DEFAULT 5;
ALTER TABLE contacts ADD COLUMN queue_time_adjustment  INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN enqueue_ts             INTEGER;
ALTER TABLE contacts ADD COLUMN agent_id               TEXT;
ALTER TABLE contacts ADD COLUMN connected_to_agent_ts  INTEGER;
ALTER TABLE contacts ADD COLUMN connected_to_system_ts INTEGER;
ALTER TABLE contacts ADD COLUMN last_paused_ts         INTEGER;
ALTER TABLE contacts ADD COLUMN last_resumed_ts        INTEGER;
ALTER TABLE contacts ADD COLUMN total_pause_count      INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN total_pause_seconds    INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN expires_ts             INTEGER;
-- wake_ts is when the contact next needs the scheduler: its ScheduledTime
-- while scheduled, its expiry while active, NULL once ended. The scheduler
-- reads the earliest ones through contacts_wake, so a million scheduled
-- tasks cost a million rows on disk and nothing in memory.
ALTER TABLE contacts ADD COLUMN wake_ts                INTEGER;

DROP INDEX contacts_due;
CREATE INDEX contacts_wake ON contacts (wake_ts) WHERE wake_ts IS NOT NULL;
-- Routing: the head of a queue, by priority then age.
CREATE INDEX contacts_queued ON contacts (instance_id, queue_id, queue_priority, enqueue_ts)
    WHERE state = 'QUEUED';
-- An agent's offered, connected and paused contacts.
CREATE INDEX contacts_agent ON contacts (instance_id, agent_id) WHERE agent_id IS NOT NULL;

-- The outbox of contact events: written in the transaction that changes the
-- contact, read in seq order by the event dispatcher.
CREATE TABLE contact_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id TEXT    NOT NULL,
    contact_id  TEXT    NOT NULL,
    event_type  TEXT    NOT NULL,
    ts          INTEGER NOT NULL,
    body        TEXT    NOT NULL
) STRICT;
CREATE INDEX contact_events_ts ON contact_events (ts);

-- Durable delivery positions (one per webhook) in contact_events.
CREATE TABLE event_cursors (
    name TEXT    NOT NULL PRIMARY KEY,
    seq  INTEGER NOT NULL
) STRICT;

CREATE TABLE flow_logs (
    instance_id TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    contact_id  TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    entry       TEXT    NOT NULL,
    PRIMARY KEY (instance_id, contact_id, seq)
) STRICT;

-- Active (not ended) contacts per instance, kept by the transactions that
-- start and end contacts, so the quota check does not count rows.
CREATE TABLE instance_counters (
    instance_id     TEXT    NOT NULL PRIMARY KEY REFERENCES instances (id) ON DELETE CASCADE,
    active_contacts INTEGER NOT NULL
) STRICT;
INSERT INTO instance_counters (instance_id, active_contacts)
    SELECT i.id, (SELECT count(*) FROM contacts c WHERE c.instance_id = i.id AND c.state <> 'ENDED')
    FROM instances i;
