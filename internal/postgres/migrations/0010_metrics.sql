-- 0010_metrics: the PostgreSQL twin of
-- internal/sqlite/migrations/0010_metrics.sql.
CREATE INDEX contacts_disconnect ON contacts (instance_id, disconnect_ts, queue_id, channel, agent_id, initiation_method,
    disconnect_reason, enqueue_ts, connected_to_agent_ts) WHERE disconnect_ts IS NOT NULL;
