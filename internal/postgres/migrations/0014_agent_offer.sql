-- 0014_agent_offer: the PostgreSQL twin of
-- internal/sqlite/migrations/0014_agent_offer.sql (see there).
ALTER TABLE contacts ADD COLUMN agent_offer_ts     BIGINT;
ALTER TABLE contacts ADD COLUMN routing_profile_id TEXT COLLATE "C";

DROP INDEX contacts_disconnect;
CREATE INDEX contacts_disconnect ON contacts (instance_id, disconnect_ts, queue_id, channel, agent_id, routing_profile_id,
    initiation_method, disconnect_reason, enqueue_ts, connected_to_agent_ts, agent_offer_ts, id) WHERE disconnect_ts IS NOT NULL;

DROP INDEX contacts_initiation_id;
CREATE INDEX contacts_initiation_id ON contacts (instance_id, initiation_ts, id, queue_id, channel, agent_id,
    routing_profile_id, initiation_method);
