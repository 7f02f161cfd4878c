-- 0006_admin: what the operations that update and delete queues, routing
-- profiles, security profiles, agent statuses and flows need. The
-- PostgreSQL twin of internal/sqlite/migrations/0006_admin.sql.

-- DeleteQueue: the active contacts in a queue or from it (queued, offered,
-- connected, paused), without reading the instance's ended contacts.
CREATE INDEX contacts_queue_active ON contacts (instance_id, queue_id, id)
    WHERE state IN ('QUEUED', 'CONNECTING', 'CONNECTED', 'PAUSED');

-- CreateSecurityProfile and UpdateSecurityProfile: the permissions and the
-- access control settings a profile is given (JSON lists and a JSON map,
-- NULL when empty). connectd keeps them and enforces none.
ALTER TABLE security_profiles ADD COLUMN permissions                    TEXT COLLATE "C";
ALTER TABLE security_profiles ADD COLUMN allowed_access_control_tags    TEXT COLLATE "C";
ALTER TABLE security_profiles ADD COLUMN tag_restricted_resources       TEXT COLLATE "C";
ALTER TABLE security_profiles ADD COLUMN hierarchy_restricted_resources TEXT COLLATE "C";
