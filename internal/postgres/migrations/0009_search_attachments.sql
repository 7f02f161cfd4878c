-- 0009_search_attachments: what SearchContacts' selective criteria read, and
-- task attachments. The
-- PostgreSQL twin of internal/sqlite/migrations/0009_search_attachments.sql.

-- StartTaskContact's Attachments: a JSON list of {id, name, url}, NULL when
-- the task has none.
ALTER TABLE contacts ADD COLUMN attachments TEXT COLLATE "C";

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
    instance_id TEXT COLLATE "C" NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    kind        TEXT COLLATE "C" NOT NULL,
    k           TEXT COLLATE "C" NOT NULL,
    v           TEXT COLLATE "C" NOT NULL,
    owner_id    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (instance_id, kind, k, v, owner_id)
);
CREATE INDEX contact_search_terms_owner ON contact_search_terms (instance_id, owner_id);

-- contact_terms writes the tag and segment attribute terms of a contact.
-- A JSON document holding an escaped NUL (\u0000), which PostgreSQL text
-- cannot hold decoded, gives no terms (json_each would fail on it).
CREATE FUNCTION contact_terms(p_inst TEXT, p_id TEXT, p_tags TEXT, p_segs TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT p_inst, 'tag', t.key, t.value, p_id
        FROM json_each_text(CASE WHEN strpos(p_tags, '\u0000') = 0 THEN p_tags::json END) t
        WHERE length(t.key) <= 128 AND length(t.value) <= 256
        ON CONFLICT DO NOTHING;
    INSERT INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT p_inst, 'seg', s.key, s.v, p_id FROM (
            SELECT e.key, coalesce(e.value->>'s', e.value->>'i', e.value->>'arn') AS v
            FROM json_each(CASE WHEN strpos(p_segs, '\u0000') = 0 THEN p_segs::json END) e) s
        WHERE s.v IS NOT NULL AND length(s.key) <= 128 AND length(s.v) <= 256
        ON CONFLICT DO NOTHING;
$$;

-- attribute_terms writes the terms of an attribute set (NULs as above).
CREATE FUNCTION attribute_terms(p_inst TEXT, p_set TEXT, p_attrs TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT p_inst, 'attr', t.key, t.value, p_set
        FROM json_each_text(CASE WHEN strpos(p_attrs, '\u0000') = 0 THEN p_attrs::json END) t
        WHERE length(t.key) <= 128 AND length(t.value) <= 256
        ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION contacts_terms_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM contact_search_terms
            WHERE instance_id = OLD.instance_id AND owner_id = OLD.id AND kind IN ('tag', 'seg');
    END IF;
    PERFORM contact_terms(NEW.instance_id, NEW.id, NEW.tags, NEW.segment_attributes);
    RETURN NULL;
END $$;

CREATE TRIGGER contacts_terms_insert AFTER INSERT ON contacts FOR EACH ROW
    WHEN (NEW.tags IS NOT NULL OR NEW.segment_attributes IS NOT NULL)
    EXECUTE FUNCTION contacts_terms_trigger();
CREATE TRIGGER contacts_terms_update AFTER UPDATE OF tags, segment_attributes ON contacts FOR EACH ROW
    WHEN (OLD.tags IS DISTINCT FROM NEW.tags OR OLD.segment_attributes IS DISTINCT FROM NEW.segment_attributes)
    EXECUTE FUNCTION contacts_terms_trigger();

CREATE FUNCTION contact_attributes_terms_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM contact_search_terms
            WHERE instance_id = OLD.instance_id AND owner_id = OLD.set_id AND kind = 'attr';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM attribute_terms(NEW.instance_id, NEW.set_id, NEW.attrs);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER contact_attributes_terms_insert AFTER INSERT ON contact_attributes FOR EACH ROW
    EXECUTE FUNCTION contact_attributes_terms_trigger();
CREATE TRIGGER contact_attributes_terms_update AFTER UPDATE OF attrs ON contact_attributes FOR EACH ROW
    WHEN (OLD.attrs IS DISTINCT FROM NEW.attrs)
    EXECUTE FUNCTION contact_attributes_terms_trigger();
CREATE TRIGGER contact_attributes_terms_delete AFTER DELETE ON contact_attributes FOR EACH ROW
    EXECUTE FUNCTION contact_attributes_terms_trigger();

-- The terms of the contacts and attribute sets stored before this migration.
SELECT contact_terms(instance_id, id, tags, segment_attributes) FROM contacts
    WHERE tags IS NOT NULL OR segment_attributes IS NOT NULL;
SELECT attribute_terms(instance_id, set_id, attrs) FROM contact_attributes;
