-- 0001_init: instances, flows, queues, hours of operation, contacts and
-- contact attribute sets.
--
-- Conventions:
--   * timestamps are INTEGER unix milliseconds, UTC;
--   * maps and lists are JSON text, NULL when empty;
--   * optional unique keys (alias, client_token) are NULL when unset, so that
--     partial "WHERE x IS NOT NULL" unique indexes can serve "x = ?" lookups;
--   * tags live in a column of the tagged resource's row, so deleting the row
--     (or cascading from its instance) deletes its tags; every resource table
--     has a UNIQUE arn so that SetTags finds the row by ARN through an index.

CREATE TABLE instances (
    id                       TEXT    NOT NULL PRIMARY KEY,
    arn                      TEXT    NOT NULL UNIQUE,
    account_id               TEXT    NOT NULL,
    region                   TEXT    NOT NULL,
    alias                    TEXT,
    identity_management_type TEXT    NOT NULL,
    directory_id             TEXT    NOT NULL,
    status                   TEXT    NOT NULL,
    inbound_calls_enabled    INTEGER NOT NULL,
    outbound_calls_enabled   INTEGER NOT NULL,
    service_role             TEXT    NOT NULL,
    created_time             INTEGER NOT NULL,
    client_token             TEXT,
    tags                     TEXT
) STRICT;

CREATE INDEX instances_partition ON instances (account_id, region, id);
CREATE UNIQUE INDEX instances_alias ON instances (account_id, region, alias) WHERE alias IS NOT NULL;
CREATE UNIQUE INDEX instances_client_token ON instances (account_id, region, client_token) WHERE client_token IS NOT NULL;

CREATE TABLE contact_flows (
    instance_id   TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT    NOT NULL,
    arn           TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    type          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    content       TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    last_modified INTEGER NOT NULL,
    tags          TEXT,
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
) STRICT;

CREATE TABLE hours_of_operation (
    instance_id   TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT    NOT NULL,
    arn           TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    time_zone     TEXT    NOT NULL,
    config        TEXT,
    last_modified INTEGER NOT NULL,
    tags          TEXT,
    PRIMARY KEY (instance_id, id)
) STRICT;

CREATE TABLE queues (
    instance_id           TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                    TEXT    NOT NULL,
    arn                   TEXT    NOT NULL UNIQUE,
    name                  TEXT    NOT NULL,
    description           TEXT    NOT NULL,
    type                  TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    hours_of_operation_id TEXT    NOT NULL,
    max_contacts          INTEGER,
    quick_connect_ids     TEXT,
    last_modified         INTEGER NOT NULL,
    tags                  TEXT,
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
) STRICT;

CREATE TABLE contacts (
    instance_id         TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id                  TEXT    NOT NULL,
    arn                 TEXT    NOT NULL UNIQUE,
    initial_contact_id  TEXT    NOT NULL,
    previous_contact_id TEXT    NOT NULL,
    related_contact_id  TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    initiation_method   TEXT    NOT NULL,
    name                TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    contact_flow_id     TEXT    NOT NULL,
    task_template_id    TEXT    NOT NULL,
    quick_connect_id    TEXT    NOT NULL,
    -- queue_id is the queue a contact waits in. Routing is not implemented
    -- yet, so it is always NULL; it exists now so that SearchContacts'
    -- QueueIds filter has a column to filter on and the schema does not
    -- change when routing lands.
    queue_id            TEXT,
    attribute_set_id    TEXT    NOT NULL,
    refs                TEXT,
    segment_attributes  TEXT,
    tags                TEXT,
    client_token        TEXT,
    request_hash        TEXT    NOT NULL,
    initiation_ts       INTEGER NOT NULL,
    scheduled_ts        INTEGER,
    last_update_ts      INTEGER NOT NULL,
    disconnect_ts       INTEGER,
    disconnect_reason   TEXT    NOT NULL,
    PRIMARY KEY (instance_id, id)
) STRICT;

CREATE UNIQUE INDEX contacts_client_token ON contacts (instance_id, client_token) WHERE client_token IS NOT NULL;
CREATE INDEX contacts_previous ON contacts (instance_id, previous_contact_id);
CREATE INDEX contacts_initiation ON contacts (instance_id, initiation_ts);
-- For the scheduler: state = 'SCHEDULED' AND scheduled_ts <= now.
CREATE INDEX contacts_due ON contacts (state, scheduled_ts);

CREATE TABLE contact_attributes (
    instance_id TEXT NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    set_id      TEXT NOT NULL,
    attrs       TEXT NOT NULL,
    PRIMARY KEY (instance_id, set_id)
) STRICT, WITHOUT ROWID;
