-- 0003_task_templates: task templates with their snapshots, quick connects,
-- and the template snapshot and template-change count of a contact. The
-- PostgreSQL twin of internal/sqlite/migrations/0003_task_templates.sql.
--
-- A queue's quick connects stay in queues.quick_connect_ids (JSON list of
-- IDs); deleting a quick connect removes it from those lists.

CREATE TABLE task_templates (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT COLLATE "C" NOT NULL,
    arn           TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT COLLATE "C" NOT NULL,
    status        TEXT COLLATE "C" NOT NULL,
    version       INTEGER NOT NULL,
    -- content is the JSON of everything else a snapshot holds: description,
    -- flows, fields, constraints and defaults.
    content       TEXT COLLATE "C" NOT NULL,
    client_token  TEXT COLLATE "C",
    request_hash  TEXT COLLATE "C" NOT NULL,
    created_time  BIGINT NOT NULL,
    last_modified BIGINT NOT NULL,
    tags          TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

CREATE UNIQUE INDEX task_templates_client_token ON task_templates (instance_id, client_token) WHERE client_token IS NOT NULL;

-- Every change of a template is a snapshot; tasks name the one they use. A
-- snapshot outlives its template (no foreign key to task_templates), since
-- tasks created from a deleted template still describe it.
CREATE TABLE task_template_versions (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    template_id   TEXT COLLATE "C" NOT NULL,
    version       INTEGER NOT NULL,
    arn           TEXT COLLATE "C" NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    status        TEXT COLLATE "C" NOT NULL,
    content       TEXT COLLATE "C" NOT NULL,
    created_time  BIGINT NOT NULL,
    last_modified BIGINT NOT NULL,
    PRIMARY KEY (instance_id, template_id, version)
);

CREATE TABLE quick_connects (
    instance_id     TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id              TEXT COLLATE "C" NOT NULL,
    arn             TEXT COLLATE "C" NOT NULL UNIQUE,
    name            TEXT COLLATE "C" NOT NULL,
    description     TEXT COLLATE "C" NOT NULL,
    type            TEXT COLLATE "C" NOT NULL,
    user_id         TEXT COLLATE "C" NOT NULL,
    queue_id        TEXT COLLATE "C" NOT NULL,
    contact_flow_id TEXT COLLATE "C" NOT NULL,
    phone_number    TEXT COLLATE "C" NOT NULL,
    last_modified   BIGINT NOT NULL,
    tags            TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

-- The template snapshot a task uses (0 without a template) and how many
-- times UpdateContactTaskTemplate changed its template.
ALTER TABLE contacts ADD COLUMN task_template_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN task_template_changes INTEGER NOT NULL DEFAULT 0;
