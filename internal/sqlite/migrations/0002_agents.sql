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
