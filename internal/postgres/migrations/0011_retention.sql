-- 0011_retention: flow log entries carry their time, so that retention
-- deletes the old ones through an index. The PostgreSQL twin of
-- internal/sqlite/migrations/0011_retention.sql.
ALTER TABLE flow_logs ADD COLUMN ts BIGINT NOT NULL DEFAULT 0;
UPDATE flow_logs SET ts = (extract(epoch FROM now()) * 1000)::bigint;
CREATE INDEX flow_logs_ts ON flow_logs (ts);
