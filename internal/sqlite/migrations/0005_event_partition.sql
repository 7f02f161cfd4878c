-- 0005_event_partition: the account and region of each contact event, so
-- that an event stream reads its caller's events (and only those) through
-- an index, however many events other accounts and regions have.

ALTER TABLE contact_events ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
ALTER TABLE contact_events ADD COLUMN region     TEXT NOT NULL DEFAULT '';
-- Events written before: the partition of their instance. The events of an
-- instance deleted since then keep '' and are streamed to no one (webhooks
-- still get them); the outbox keeps events for a day.
UPDATE contact_events SET
    account_id = coalesce((SELECT i.account_id FROM instances i WHERE i.id = contact_events.instance_id), ''),
    region     = coalesce((SELECT i.region     FROM instances i WHERE i.id = contact_events.instance_id), '');
CREATE INDEX contact_events_partition ON contact_events (account_id, region, seq);
