-- 0014_agent_offer: what GetMetricDataV2 needs of the agent a contact was
-- routed to. agent_offer_ts is when routing offered the contact to its
-- agent (AVG_AGENT_CONNECTING_TIME: the offer until the agent connects);
-- routing_profile_id is that agent's routing profile at the offer (the
-- ROUTING_PROFILE filter and grouping). Both are written with the rest of
-- the contact's row, so they cost no statement of their own. Contacts
-- routed before 0014 have neither.
ALTER TABLE contacts ADD COLUMN agent_offer_ts     INTEGER;
ALTER TABLE contacts ADD COLUMN routing_profile_id TEXT;

-- contacts_disconnect (0010) covers every column the aggregate of ended
-- contacts reads: with the two new ones, and the ID that CONTACTS_TRANSFERRED_OUT
-- looks up in contacts_previous.
DROP INDEX contacts_disconnect;
CREATE INDEX contacts_disconnect ON contacts (instance_id, disconnect_ts, queue_id, channel, agent_id, routing_profile_id,
    initiation_method, disconnect_reason, enqueue_ts, connected_to_agent_ts, agent_offer_ts, id) WHERE disconnect_ts IS NOT NULL;

-- CONTACTS_CREATED reads contacts by initiation time and groups them by
-- queue, channel, agent, routing profile and initiation method: with those
-- after the key, contacts_initiation_id (0013) covers it and the table is
-- not read. SearchContacts' order (instance, initiation time, ID) is the
-- index's prefix, as before.
DROP INDEX contacts_initiation_id;
CREATE INDEX contacts_initiation_id ON contacts (instance_id, initiation_ts, id, queue_id, channel, agent_id,
    routing_profile_id, initiation_method);
