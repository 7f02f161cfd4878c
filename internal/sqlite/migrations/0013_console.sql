-- The console's contact page: a contact's events in the order written,
-- without reading the other contacts' events.
CREATE INDEX contact_events_contact ON contact_events (instance_id, contact_id, seq);

-- A queue in the order routing offers it (sqlstore.qQueuedContacts and
-- qNextQueued repeat the expression word for word): the console's board
-- reads its head without sorting every queued contact.
CREATE INDEX contacts_offer_order ON contacts
    (instance_id, queue_id, queue_priority, (enqueue_ts - 1000 * CAST(queue_time_adjustment AS BIGINT)), id)
    WHERE state = 'QUEUED';

-- SearchContacts' default order (initiation time, then ID, either way):
-- the page is read from the index however many contacts share a
-- millisecond. It supersedes contacts_initiation.
DROP INDEX contacts_initiation;
CREATE INDEX contacts_initiation_id ON contacts (instance_id, initiation_ts, id);
