-- 0005_admin: what the operations that update and delete queues, routing
-- profiles, security profiles, agent statuses and flows need.
--
-- Same conventions as 0001.

-- DeleteQueue: the active contacts in a queue or from it (queued, offered,
-- connected, paused), without reading the instance's ended contacts. The
-- statement (sqlstore.qQueueContacts) repeats this WHERE word for word.
CREATE INDEX contacts_queue_active ON contacts (instance_id, queue_id, id)
    WHERE state IN ('QUEUED', 'CONNECTING', 'CONNECTED', 'PAUSED');
