-- 0015_burst: nothing changes on PostgreSQL. SQLite's 0015 adds id to
-- contacts_wake, which this store's index has had since 0004.
SELECT 1;
