-- 0011_retention: flow log entries carry their time, so that retention
-- deletes the old ones through an index (connect.flowLogRetention).
--
-- Same conventions as 0001. Entries written before this migration are
-- dated by it: retention deletes them one period after the upgrade.
ALTER TABLE flow_logs ADD COLUMN ts INTEGER NOT NULL DEFAULT 0;
UPDATE flow_logs SET ts = unixepoch() * 1000;
CREATE INDEX flow_logs_ts ON flow_logs (ts);
