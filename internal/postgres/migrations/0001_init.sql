-- 0001_init: instances, flows, queues, hours of operation, contacts and
-- contact attribute sets. The PostgreSQL twin of
-- internal/sqlite/migrations/0001_init.sql: same tables, columns, keys and
-- indexes, so that both stores behave alike. Every later SQLite migration
-- gets a twin here with the same number.
--
-- Conventions (as in SQLite, plus two of PostgreSQL's own):
--   * timestamps are BIGINT unix milliseconds, UTC: the same values as in
--     SQLite, and no session time zone can change them;
--   * maps and lists are JSON in TEXT columns, NULL when empty: the same
--     bytes as SQLite writes; JSONB would refuse the "\u0000" escape that
--     attribute and tag values may carry, and nothing queries inside them yet;
--   * optional unique keys (alias, client_token) are NULL when unset, so that
--     partial "WHERE x IS NOT NULL" unique indexes can serve "x = $1" lookups;
--   * tags live in a column of the tagged resource's row; every resource table
--     has a UNIQUE arn so that SetTags finds the row by ARN through an index;
--   * every TEXT column uses the "C" collation: comparisons and ORDER BY are
--     bytewise, as in SQLite, whatever the database's default collation, so
--     pagination ("id > $1 ORDER BY id") and sorted searches give the same
--     order on both stores, and btree indexes serve them.

CREATE TABLE instances (
    id                       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    arn                      TEXT COLLATE "C" NOT NULL UNIQUE,
    account_id               TEXT COLLATE "C" NOT NULL,
    region                   TEXT COLLATE "C" NOT NULL,
    alias                    TEXT COLLATE "C",
    identity_management_type TEXT COLLATE "C" NOT NULL,
    directory_id             TEXT COLLATE "C" NOT NULL,
    status                   TEXT COLLATE "C" NOT NULL,
    inbound_calls_enabled    BOOLEAN NOT NULL,
    outbound_calls_enabled   BOOLEAN NOT NULL,
    service_role             TEXT COLLATE "C" NOT NULL,
    created_time             BIGINT  NOT NULL,
    client_token             TEXT COLLATE "C",
    tags                     TEXT COLLATE "C"
);

CREATE INDEX instances_partition ON instances (account_id, region, id);
CREATE UNIQUE INDEX instances_alias ON instances (account_id, region, alias) WHERE alias IS NOT NULL;
CREATE UNIQUE INDEX instances_client_token ON instances (account_id, region, client_token) WHERE client_token IS NOT NULL;

CREATE TABLE contact_flows (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT COLLATE "C" NOT NULL,
    arn           TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT COLLATE "C" NOT NULL,
    type          TEXT COLLATE "C" NOT NULL,
    description   TEXT COLLATE "C" NOT NULL,
    content       TEXT COLLATE "C" NOT NULL,
    state         TEXT COLLATE "C" NOT NULL,
    status        TEXT COLLATE "C" NOT NULL,
    last_modified BIGINT NOT NULL,
    tags          TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

CREATE TABLE hours_of_operation (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT COLLATE "C" NOT NULL,
    arn           TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT COLLATE "C" NOT NULL,
    description   TEXT COLLATE "C" NOT NULL,
    time_zone     TEXT COLLATE "C" NOT NULL,
    config        TEXT COLLATE "C",
    last_modified BIGINT NOT NULL,
    tags          TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id)
);

CREATE TABLE queues (
    instance_id           TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                    TEXT COLLATE "C" NOT NULL,
    arn                   TEXT COLLATE "C" NOT NULL UNIQUE,
    name                  TEXT COLLATE "C" NOT NULL,
    description           TEXT COLLATE "C" NOT NULL,
    type                  TEXT COLLATE "C" NOT NULL,
    status                TEXT COLLATE "C" NOT NULL,
    hours_of_operation_id TEXT COLLATE "C" NOT NULL,
    max_contacts          INTEGER,
    quick_connect_ids     TEXT COLLATE "C",
    last_modified         BIGINT NOT NULL,
    tags                  TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

CREATE TABLE contacts (
    instance_id         TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                  TEXT COLLATE "C" NOT NULL,
    arn                 TEXT COLLATE "C" NOT NULL UNIQUE,
    initial_contact_id  TEXT COLLATE "C" NOT NULL,
    previous_contact_id TEXT COLLATE "C" NOT NULL,
    related_contact_id  TEXT COLLATE "C" NOT NULL,
    channel             TEXT COLLATE "C" NOT NULL,
    initiation_method   TEXT COLLATE "C" NOT NULL,
    name                TEXT COLLATE "C" NOT NULL,
    description         TEXT COLLATE "C" NOT NULL,
    state               TEXT COLLATE "C" NOT NULL,
    contact_flow_id     TEXT COLLATE "C" NOT NULL,
    task_template_id    TEXT COLLATE "C" NOT NULL,
    quick_connect_id    TEXT COLLATE "C" NOT NULL,
    -- queue_id is the queue a contact waits in. Routing is not implemented
    -- yet, so it is always NULL; it exists now so that SearchContacts'
    -- QueueIds filter has a column to filter on and the schema does not
    -- change when routing lands.
    queue_id            TEXT COLLATE "C",
    attribute_set_id    TEXT COLLATE "C" NOT NULL,
    refs                TEXT COLLATE "C",
    segment_attributes  TEXT COLLATE "C",
    tags                TEXT COLLATE "C",
    client_token        TEXT COLLATE "C",
    request_hash        TEXT COLLATE "C" NOT NULL,
    initiation_ts       BIGINT NOT NULL,
    scheduled_ts        BIGINT,
    last_update_ts      BIGINT NOT NULL,
    disconnect_ts       BIGINT,
    disconnect_reason   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (instance_id, id)
);

CREATE UNIQUE INDEX contacts_client_token ON contacts (instance_id, client_token) WHERE client_token IS NOT NULL;
CREATE INDEX contacts_previous ON contacts (instance_id, previous_contact_id);
CREATE INDEX contacts_initiation ON contacts (instance_id, initiation_ts);
-- For the scheduler: state = 'SCHEDULED' AND scheduled_ts <= now.
CREATE INDEX contacts_due ON contacts (state, scheduled_ts);

CREATE TABLE contact_attributes (
    instance_id TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    set_id      TEXT COLLATE "C" NOT NULL,
    attrs       TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (instance_id, set_id)
);
