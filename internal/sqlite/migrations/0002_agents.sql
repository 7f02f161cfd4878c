-- 0002_agents: users, routing profiles and their queues, security profiles,
-- agent statuses; agent queues; unique hours-of-operation names.
--
-- Same conventions as 0001.

-- Agent queues (one per user, type AGENT) have no name, so queues.name
-- becomes nullable and its uniqueness a partial index. SQLite cannot drop a
-- table constraint: the table is rebuilt. Nothing references queues by
-- foreign key.
CREATE TABLE queues_0002 (
    instance_id           TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                    TEXT    NOT NULL,
    arn                   TEXT    NOT NULL UNIQUE,
    name                  TEXT,
    description           TEXT    NOT NULL,
    type                  TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    hours_of_operation_id TEXT    NOT NULL,
    max_contacts          INTEGER,
    quick_connect_ids     TEXT,
    last_modified         INTEGER NOT NULL,
    tags                  TEXT,
    PRIMARY KEY (instance_id, id)
) STRICT;

INSERT INTO queues_0002 (instance_id, id, arn, name, description, type, status, hours_of_operation_id,
                         max_contacts, quick_connect_ids, last_modified, tags)
SELECT instance_id, id, arn, name, description, type, status, hours_of_operation_id,
       max_contacts, quick_connect_ids, last_modified, tags
FROM queues;

DROP TABLE queues;
ALTER TABLE queues_0002 RENAME TO queues;

CREATE UNIQUE INDEX queues_name ON queues (instance_id, name) WHERE name IS NOT NULL;
-- DeleteHoursOfOperation: is any queue using these hours?
CREATE INDEX queues_hours ON queues (instance_id, hours_of_operation_id);

-- Hours-of-operation names are unique in an instance (DuplicateResourceException).
CREATE UNIQUE INDEX hours_of_operation_name ON hours_of_operation (instance_id, name);

CREATE TABLE agent_statuses (
    instance_id   TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT    NOT NULL,
    arn           TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    display_order INTEGER,
    last_modified INTEGER NOT NULL,
    tags          TEXT,
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
) STRICT;

CREATE TABLE security_profiles (
    instance_id   TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT    NOT NULL,
    arn           TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    last_modified INTEGER NOT NULL,
    tags          TEXT,
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
) STRICT;

CREATE TABLE routing_profiles (
    instance_id               TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                        TEXT    NOT NULL,
    arn                       TEXT    NOT NULL UNIQUE,
    name                      TEXT    NOT NULL,
    description               TEXT    NOT NULL,
    default_outbound_queue_id TEXT    NOT NULL,
    media_concurrencies       TEXT,
    agent_availability_timer  TEXT    NOT NULL,
    is_default                INTEGER NOT NULL,
    last_modified             INTEGER NOT NULL,
    tags                      TEXT,
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
) STRICT;

CREATE TABLE routing_profile_queues (
    instance_id        TEXT    NOT NULL,
    routing_profile_id TEXT    NOT NULL,
    queue_id           TEXT    NOT NULL,
    channel            TEXT    NOT NULL,
    priority           INTEGER NOT NULL,
    delay              INTEGER NOT NULL,
    PRIMARY KEY (instance_id, routing_profile_id, queue_id, channel),
    FOREIGN KEY (instance_id, routing_profile_id) REFERENCES routing_profiles (instance_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- For routing: which profiles serve a queue on a channel.
CREATE INDEX routing_profile_queues_queue ON routing_profile_queues (instance_id, queue_id, channel);

CREATE TABLE users (
    instance_id          TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                   TEXT    NOT NULL,
    arn                  TEXT    NOT NULL UNIQUE,
    username             TEXT    NOT NULL,
    directory_user_id    TEXT    NOT NULL,
    hierarchy_group_id   TEXT    NOT NULL,
    identity             TEXT,
    channel_configs      TEXT,
    routing_profile_id   TEXT    NOT NULL,
    security_profile_ids TEXT,
    status_id            TEXT    NOT NULL,
    -- status_type is the type of the agent status status_id names, copied
    -- on every write (a status's type never changes), so that the users an
    -- agent can be routed to are one partial index away.
    status_type          TEXT    NOT NULL,
    status_start_ts      INTEGER NOT NULL,
    last_modified        INTEGER NOT NULL,
    tags                 TEXT,
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, username)
) STRICT;

-- ListRoutableUsers: longest in a ROUTABLE status first.
CREATE INDEX users_routable ON users (instance_id, status_start_ts, id) WHERE status_type = 'ROUTABLE';
-- DescribeRoutingProfile's NumberOfAssociatedUsers.
CREATE INDEX users_routing_profile ON users (instance_id, routing_profile_id);

-- Instances created before 0002 get what a new instance is born with for its
-- agents (connect.Service.seedAgentResources; migrate_agents_test.go checks
-- that the two agree): the Basic Routing Profile serving BasicQueue on VOICE,
-- CHAT and TASK, the four default security profiles, and the Available
-- (ROUTABLE) and Offline (OFFLINE) statuses. IDs are random version 4 UUIDs,
-- stored in a temporary table first so that each is drawn once; ARNs extend
-- the instance's own.
CREATE TEMP TABLE seed_0002 AS
SELECT i.id AS instance_id, i.arn AS instance_arn, i.created_time AS t, q.id AS queue_id,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS rp,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS sp_admin,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS sp_agent,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS sp_manager,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS sp_analyst,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS st_available,
       lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
       substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))) AS st_offline
FROM instances i JOIN queues q ON q.instance_id = i.id AND q.name = 'BasicQueue';

INSERT INTO routing_profiles (instance_id, id, arn, name, description, default_outbound_queue_id, media_concurrencies,
                              agent_availability_timer, is_default, last_modified, tags)
SELECT instance_id, rp, instance_arn || '/routing-profile/' || rp, 'Basic Routing Profile', 'Basic Routing Profile', queue_id,
       '[{"channel":"VOICE","concurrency":1},{"channel":"CHAT","concurrency":2},{"channel":"TASK","concurrency":1}]',
       'TIME_SINCE_LAST_ACTIVITY', 1, t, NULL
FROM seed_0002;

INSERT INTO routing_profile_queues (instance_id, routing_profile_id, queue_id, channel, priority, delay)
SELECT s.instance_id, s.rp, s.queue_id, c.channel, 1, 0
FROM seed_0002 s, (SELECT 'VOICE' AS channel UNION ALL SELECT 'CHAT' UNION ALL SELECT 'TASK') c;

INSERT INTO security_profiles (instance_id, id, arn, name, description, last_modified, tags)
SELECT instance_id, sp_admin, instance_arn || '/security-profile/' || sp_admin, 'Admin', '', t, NULL FROM seed_0002
UNION ALL
SELECT instance_id, sp_agent, instance_arn || '/security-profile/' || sp_agent, 'Agent', '', t, NULL FROM seed_0002
UNION ALL
SELECT instance_id, sp_manager, instance_arn || '/security-profile/' || sp_manager, 'CallCenterManager', '', t, NULL FROM seed_0002
UNION ALL
SELECT instance_id, sp_analyst, instance_arn || '/security-profile/' || sp_analyst, 'QualityAnalyst', '', t, NULL FROM seed_0002;

INSERT INTO agent_statuses (instance_id, id, arn, name, description, type, state, display_order, last_modified, tags)
SELECT instance_id, st_available, instance_arn || '/agent-state/' || st_available, 'Available', '', 'ROUTABLE', 'ENABLED', 1, t, NULL
FROM seed_0002
UNION ALL
SELECT instance_id, st_offline, instance_arn || '/agent-state/' || st_offline, 'Offline', '', 'OFFLINE', 'ENABLED', 2, t, NULL
FROM seed_0002;

DROP TABLE seed_0002;
