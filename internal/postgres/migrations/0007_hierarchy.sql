-- 0007_hierarchy: agent hierarchies. The PostgreSQL twin of
-- internal/sqlite/migrations/0007_hierarchy.sql.

CREATE TABLE user_hierarchy_levels (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    name          TEXT COLLATE "C" NOT NULL,
    last_modified BIGINT NOT NULL,
    PRIMARY KEY (instance_id, level)
);

CREATE TABLE user_hierarchy_groups (
    instance_id   TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT COLLATE "C" NOT NULL,
    arn           TEXT COLLATE "C" NOT NULL UNIQUE,
    name          TEXT COLLATE "C" NOT NULL,
    parent_id     TEXT COLLATE "C" NOT NULL,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    path          TEXT COLLATE "C" NOT NULL,
    last_modified BIGINT NOT NULL,
    tags          TEXT COLLATE "C",
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
);

CREATE INDEX user_hierarchy_groups_parent ON user_hierarchy_groups (instance_id, parent_id);
CREATE INDEX user_hierarchy_groups_level ON user_hierarchy_groups (instance_id, level);
CREATE INDEX users_hierarchy_group ON users (instance_id, hierarchy_group_id);

CREATE TABLE contact_agent_hierarchy (
    instance_id TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    contact_id  TEXT COLLATE "C" NOT NULL,
    level1      TEXT COLLATE "C" NOT NULL,
    level2      TEXT COLLATE "C" NOT NULL,
    level3      TEXT COLLATE "C" NOT NULL,
    level4      TEXT COLLATE "C" NOT NULL,
    level5      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (instance_id, contact_id)
);
