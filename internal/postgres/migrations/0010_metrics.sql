-- 0010_metrics: the PostgreSQL twin of
-- internal/sqlite/migrations/0010_metrics.sql.
CREATE INDEX contacts_disconnect ON contacts (instance_id, disconnect_ts) WHERE disconnect_ts IS NOT NULL;
