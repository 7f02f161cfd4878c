-- 0008_terraform: instance attributes, a queue's outbound caller
-- configuration, and flow modules. The PostgreSQL twin of
-- internal/sqlite/migrations/0008_terraform.sql.

ALTER TABLE instances ADD COLUMN attributes TEXT COLLATE "C";

ALTER TABLE queues ADD COLUMN outbound_caller_config TEXT COLLATE "C";

CREATE TABLE contact_flow_modules (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT COLLATE "C" NOT NULL,
    arn           TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT COLLATE "C" NOT NULL,
    description   TEXT COLLATE "C" NOT NULL,
    content       TEXT COLLATE "C" NOT NULL,
    settings      TEXT COLLATE "C" NOT NULL,
    state         TEXT COLLATE "C" NOT NULL,
    status        TEXT COLLATE "C" NOT NULL,
    client_token  TEXT COLLATE "C",
    last_modified BIGINT NOT NULL,
    tags          TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

CREATE UNIQUE INDEX contact_flow_modules_client_token ON contact_flow_modules (instance_id, client_token)
    WHERE client_token IS NOT NULL;
