-- 0006_admin: what the operations that update and delete queues, routing
-- profiles, security profiles, agent statuses and flows need.
--
-- Same conventions as 0001.

-- DeleteQueue: the active contacts in a queue or from it (queued, offered,
-- connected, paused), without reading the instance's ended contacts. The
-- statement (sqlstore.qQueueContacts) repeats this WHERE word for word.
CREATE INDEX contacts_queue_active ON contacts (instance_id, queue_id, id)
    WHERE state IN ('QUEUED', 'CONNECTING', 'CONNECTED', 'PAUSED');

-- CreateSecurityProfile and UpdateSecurityProfile: the permissions and the
-- access control settings a profile is given (JSON lists and a JSON map,
-- NULL when empty). connectd keeps them and enforces none.
ALTER TABLE security_profiles ADD COLUMN permissions                    TEXT;
ALTER TABLE security_profiles ADD COLUMN allowed_access_control_tags    TEXT;
ALTER TABLE security_profiles ADD COLUMN tag_restricted_resources       TEXT;
ALTER TABLE security_profiles ADD COLUMN hierarchy_restricted_resources TEXT;
