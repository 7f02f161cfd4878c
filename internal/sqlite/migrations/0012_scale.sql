-- 0012_scale: nothing changes on SQLite. PostgreSQL's 0012 replaces the
-- event_seq counter row and the instance_counters row, which every write of
-- a cluster would otherwise pass one at a time; SQLite's single writer
-- passes its AUTOINCREMENT counter and instance_counters at no cost.
SELECT 1;
