-- 0002_agents: users, routing profiles and their queues, security profiles,
-- agent statuses; agent queues; unique hours-of-operation names. The
-- PostgreSQL twin of internal/sqlite/migrations/0002_agents.sql, with the
-- conventions of 0001.
--
-- SQLite's 0002 also gives the instances that existed before it the agent
-- resources a new instance is born with. No released connectd wrote a
-- PostgreSQL database before this migration existed, so every instance here
-- is created by connect.Service, which seeds those resources itself. A
-- database of a pre-release build that already holds instances is refused
-- rather than left without them.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM instances) THEN
        RAISE EXCEPTION 'connectd 0002_agents: this database holds instances created by a pre-release connectd without agent resources; start from an empty database';
    END IF;
END
$$;

-- Agent queues (one per user, type AGENT) have no name: queues.name becomes
-- nullable and its uniqueness a partial index (the name of 0001's UNIQUE
-- (instance_id, name) constraint is PostgreSQL's default one).
ALTER TABLE queues ALTER COLUMN name DROP NOT NULL;
ALTER TABLE queues DROP CONSTRAINT queues_instance_id_name_key;
CREATE UNIQUE INDEX queues_name ON queues (instance_id, name) WHERE name IS NOT NULL;
-- DeleteHoursOfOperation: is any queue using these hours?
CREATE INDEX queues_hours ON queues (instance_id, hours_of_operation_id);

-- Hours-of-operation names are unique in an instance (DuplicateResourceException).
CREATE UNIQUE INDEX hours_of_operation_name ON hours_of_operation (instance_id, name);

CREATE TABLE agent_statuses (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT COLLATE "C" NOT NULL,
    arn           TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT COLLATE "C" NOT NULL,
    description   TEXT COLLATE "C" NOT NULL,
    type          TEXT COLLATE "C" NOT NULL,
    state         TEXT COLLATE "C" NOT NULL,
    display_order INTEGER,
    last_modified BIGINT NOT NULL,
    tags          TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

CREATE TABLE security_profiles (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT COLLATE "C" NOT NULL,
    arn           TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT COLLATE "C" NOT NULL,
    description   TEXT COLLATE "C" NOT NULL,
    last_modified BIGINT NOT NULL,
    tags          TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

CREATE TABLE routing_profiles (
    instance_id               TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                        TEXT COLLATE "C" NOT NULL,
    arn                       TEXT COLLATE "C" NOT NULL UNIQUE,
    name                      TEXT COLLATE "C" NOT NULL,
    description               TEXT COLLATE "C" NOT NULL,
    default_outbound_queue_id TEXT COLLATE "C" NOT NULL,
    media_concurrencies       TEXT COLLATE "C",
    agent_availability_timer  TEXT COLLATE "C" NOT NULL,
    is_default                BOOLEAN NOT NULL,
    last_modified             BIGINT  NOT NULL,
    tags                      TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

CREATE TABLE routing_profile_queues (
    instance_id        TEXT COLLATE "C" NOT NULL,
    routing_profile_id TEXT COLLATE "C" NOT NULL,
    queue_id           TEXT COLLATE "C" NOT NULL,
    channel            TEXT COLLATE "C" NOT NULL,
    priority           INTEGER NOT NULL,
    delay              INTEGER NOT NULL,
    PRIMARY KEY (instance_id, routing_profile_id, queue_id, channel),
    FOREIGN KEY (instance_id, routing_profile_id) REFERENCES routing_profiles (instance_id, id) ON DELETE CASCADE
);

-- For routing: which profiles serve a queue on a channel.
CREATE INDEX routing_profile_queues_queue ON routing_profile_queues (instance_id, queue_id, channel);

CREATE TABLE users (
    instance_id          TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                   TEXT COLLATE "C" NOT NULL,
    arn                  TEXT COLLATE "C" NOT NULL UNIQUE,
    username             TEXT COLLATE "C" NOT NULL,
    directory_user_id    TEXT COLLATE "C" NOT NULL,
    hierarchy_group_id   TEXT COLLATE "C" NOT NULL,
    identity             TEXT COLLATE "C",
    channel_configs      TEXT COLLATE "C",
    routing_profile_id   TEXT COLLATE "C" NOT NULL,
    security_profile_ids TEXT COLLATE "C",
    status_id            TEXT COLLATE "C" NOT NULL,
    -- status_type is the type of the agent status status_id names, copied
    -- on every write (a status's type never changes), so that the users an
    -- agent can be routed to are one partial index away.
    status_type          TEXT COLLATE "C" NOT NULL,
    status_start_ts      BIGINT NOT NULL,
    last_modified        BIGINT NOT NULL,
    tags                 TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, username)
);

-- ListRoutableUsers: longest in a ROUTABLE status first.
CREATE INDEX users_routable ON users (instance_id, status_start_ts, id) WHERE status_type = 'ROUTABLE';
-- DescribeRoutingProfile's NumberOfAssociatedUsers.
CREATE INDEX users_routing_profile ON users (instance_id, routing_profile_id);
