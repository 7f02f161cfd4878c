-- 0007_hierarchy: agent hierarchies. An instance's hierarchy structure (up
-- to five named levels), its hierarchy groups (a tree: a group at level n
-- has a parent at level n-1), and, per contact, the groups its agent was in
-- when the contact connected to them (SearchContacts' AgentHierarchyGroups).
--
-- Same conventions as 0001.

CREATE TABLE user_hierarchy_levels (
    instance_id   TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    name          TEXT    NOT NULL,
    last_modified INTEGER NOT NULL,
    PRIMARY KEY (instance_id, level)
) STRICT;

-- path is the JSON list of the IDs of the group's ancestors from level one
-- down to the group itself; a group never moves, so it never changes.
CREATE TABLE user_hierarchy_groups (
    instance_id   TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT    NOT NULL,
    arn           TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    parent_id     TEXT    NOT NULL,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    path          TEXT    NOT NULL,
    last_modified INTEGER NOT NULL,
    tags          TEXT,
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
) STRICT;

-- DeleteUserHierarchyGroup: does the group have children?
CREATE INDEX user_hierarchy_groups_parent ON user_hierarchy_groups (instance_id, parent_id);
-- UpdateUserHierarchyStructure: does a level to remove have groups?
CREATE INDEX user_hierarchy_groups_level ON user_hierarchy_groups (instance_id, level);
-- DeleteUserHierarchyGroup: is the group assigned to users?
CREATE INDEX users_hierarchy_group ON users (instance_id, hierarchy_group_id);

-- The groups (level one to five; '' when the agent's group had no such
-- level) of the agent a contact connected to, as they were then.
CREATE TABLE contact_agent_hierarchy (
    instance_id TEXT NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    contact_id  TEXT NOT NULL,
    level1      TEXT NOT NULL,
    level2      TEXT NOT NULL,
    level3      TEXT NOT NULL,
    level4      TEXT NOT NULL,
    level5      TEXT NOT NULL,
    PRIMARY KEY (instance_id, contact_id)
) STRICT, WITHOUT ROWID;
