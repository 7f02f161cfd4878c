-- 0015_burst: the scheduler claims due contacts in (wake_ts, id) order, a
-- batch at a time. contacts_wake held wake_ts alone, so SQLite sorted every
-- contact due at one instant to return the first batch, and again for each
-- batch after it: a burst of n tasks due together read about n²/1024 rows.
-- With id in the index, a batch reads its own rows and no more (as the
-- PostgreSQL index has done since 0004).
DROP INDEX contacts_wake;
CREATE INDEX contacts_wake ON contacts (wake_ts, id) WHERE wake_ts IS NOT NULL;
