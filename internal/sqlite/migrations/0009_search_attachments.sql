-- 0009_search_attachments: what SearchContacts' selective criteria read, and
-- task attachments.
--
-- Same conventions as 0001.

-- StartTaskContact's Attachments: a JSON list of {id, name, url}, NULL when
-- the task has none.
ALTER TABLE contacts ADD COLUMN attachments TEXT;

-- QueueIds and SearchableContactAttributes: a contact's queue (any state,
-- ended contacts included) and its attribute set. AgentIds reads
-- contacts_agent (0004).
CREATE INDEX contacts_queue ON contacts (instance_id, queue_id) WHERE queue_id IS NOT NULL;
CREATE INDEX contacts_attribute_set ON contacts (instance_id, attribute_set_id);

-- contact_search_terms holds, one row per key and value, what the
-- SearchableContactAttributes ('attr': owner_id is an attribute set),
-- ContactTags ('tag') and SearchableSegmentAttributes ('seg': owner_id is a
-- contact; string, integer and ARN values) criteria match, so that they
-- are index lookups. The triggers below keep it in step with the JSON
-- columns, whatever statement changes them. Values longer than any search
-- value may be (256 characters), and keys longer than any search key
-- (128), are left out: no criterion can match them.
CREATE TABLE contact_search_terms (
    instance_id TEXT NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    k           TEXT NOT NULL,
    v           TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    PRIMARY KEY (instance_id, kind, k, v, owner_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_search_terms_owner ON contact_search_terms (instance_id, owner_id);

CREATE TRIGGER contacts_terms_insert AFTER INSERT ON contacts
WHEN new.tags IS NOT NULL OR new.segment_attributes IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT new.instance_id, 'tag', key, value, new.id FROM json_each(new.tags)
        WHERE length(key) <= 128 AND length(value) <= 256;
    INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT new.instance_id, 'seg', key, v, new.id FROM (
            SELECT key, CAST(coalesce(json_extract(value, '$.s'), json_extract(value, '$.i'),
                json_extract(value, '$.arn')) AS TEXT) AS v FROM json_each(new.segment_attributes))
        WHERE v IS NOT NULL AND length(key) <= 128 AND length(v) <= 256;
END;

CREATE TRIGGER contacts_terms_update AFTER UPDATE OF tags, segment_attributes ON contacts
WHEN old.tags IS NOT new.tags OR old.segment_attributes IS NOT new.segment_attributes
BEGIN
    DELETE FROM contact_search_terms
        WHERE instance_id = old.instance_id AND owner_id = old.id AND kind IN ('tag', 'seg');
    INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT new.instance_id, 'tag', key, value, new.id FROM json_each(new.tags)
        WHERE length(key) <= 128 AND length(value) <= 256;
    INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT new.instance_id, 'seg', key, v, new.id FROM (
            SELECT key, CAST(coalesce(json_extract(value, '$.s'), json_extract(value, '$.i'),
                json_extract(value, '$.arn')) AS TEXT) AS v FROM json_each(new.segment_attributes))
        WHERE v IS NOT NULL AND length(key) <= 128 AND length(v) <= 256;
END;

CREATE TRIGGER contact_attributes_terms_insert AFTER INSERT ON contact_attributes
BEGIN
    INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT new.instance_id, 'attr', key, value, new.set_id FROM json_each(new.attrs)
        WHERE length(key) <= 128 AND length(value) <= 256;
END;

CREATE TRIGGER contact_attributes_terms_update AFTER UPDATE OF attrs ON contact_attributes
WHEN old.attrs IS NOT new.attrs
BEGIN
    DELETE FROM contact_search_terms
        WHERE instance_id = old.instance_id AND owner_id = old.set_id AND kind = 'attr';
    INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT new.instance_id, 'attr', key, value, new.set_id FROM json_each(new.attrs)
        WHERE length(key) <= 128 AND length(value) <= 256;
END;

CREATE TRIGGER contact_attributes_terms_delete AFTER DELETE ON contact_attributes
BEGIN
    DELETE FROM contact_search_terms
        WHERE instance_id = old.instance_id AND owner_id = old.set_id AND kind = 'attr';
END;

-- The terms of the contacts and attribute sets stored before this migration.
INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
    SELECT c.instance_id, 'tag', t.key, t.value, c.id FROM contacts c, json_each(c.tags) t
    WHERE c.tags IS NOT NULL AND length(t.key) <= 128 AND length(t.value) <= 256;
INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
    SELECT instance_id, 'seg', key, v, id FROM (
        SELECT c.instance_id, c.id, s.key, CAST(coalesce(json_extract(s.value, '$.s'), json_extract(s.value, '$.i'),
            json_extract(s.value, '$.arn')) AS TEXT) AS v
        FROM contacts c, json_each(c.segment_attributes) s WHERE c.segment_attributes IS NOT NULL)
    WHERE v IS NOT NULL AND length(key) <= 128 AND length(v) <= 256;
INSERT OR IGNORE INTO contact_search_terms (instance_id, kind, k, v, owner_id)
    SELECT a.instance_id, 'attr', t.key, t.value, a.set_id FROM contact_attributes a, json_each(a.attrs) t
    WHERE length(t.key) <= 128 AND length(t.value) <= 256;
