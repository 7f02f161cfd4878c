-- 0005_admin: what the operations that update and delete queues, routing
-- profiles, security profiles, agent statuses and flows need. The
-- PostgreSQL twin of internal/sqlite/migrations/0005_admin.sql.

-- DeleteQueue: the active contacts in a queue or from it (queued, offered,
-- connected, paused), without reading the instance's ended contacts.
CREATE INDEX contacts_queue_active ON contacts (instance_id, queue_id, id)
    WHERE state IN ('QUEUED', 'CONNECTING', 'CONNECTED', 'PAUSED');
