-- 0010_metrics: GetMetricDataV2 reads the contacts an instance ended in a
-- time range (most historical metrics count a contact when it ends): an
-- index on the disconnect time, of ended contacts only. Contacts created
-- in a range are read through contacts_initiation (0001).
CREATE INDEX contacts_disconnect ON contacts (instance_id, disconnect_ts, queue_id, channel, agent_id, initiation_method,
    disconnect_reason, enqueue_ts, connected_to_agent_ts) WHERE disconnect_ts IS NOT NULL;
