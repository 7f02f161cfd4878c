-- 0017_terms_triggers: nothing changes on SQLite. PostgreSQL's 0017 has its
-- search-term triggers run their INSERTs themselves, as this store's
-- triggers (0009) always have.
SELECT 1;
