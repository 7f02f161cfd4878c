-- 0017_terms_triggers: the search-term triggers (0009) run their INSERTs
-- themselves instead of calling contact_terms and attribute_terms. A
-- LANGUAGE sql function that is not inlined is parsed, analysed and planned
-- again on every call, so each start (its attribute set, and its contact
-- when it has tags or segment attributes) paid a parse and a plan; PL/pgSQL
-- keeps the plans of its own statements for the session. The terms written
-- are the same. SQLite's 0017 changes nothing: its triggers hold their
-- statements already.
CREATE OR REPLACE FUNCTION contacts_terms_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM contact_search_terms
            WHERE instance_id = OLD.instance_id AND owner_id = OLD.id AND kind IN ('tag', 'seg');
    END IF;
    INSERT INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT NEW.instance_id, 'tag', t.key, t.value, NEW.id
        FROM json_each_text(CASE WHEN strpos(NEW.tags, '\u0000') = 0 THEN NEW.tags::json END) t
        WHERE length(t.key) <= 128 AND length(t.value) <= 256
        ON CONFLICT DO NOTHING;
    INSERT INTO contact_search_terms (instance_id, kind, k, v, owner_id)
        SELECT NEW.instance_id, 'seg', s.key, s.v, NEW.id FROM (
            SELECT e.key, coalesce(e.value->>'s', e.value->>'i', e.value->>'arn') AS v
            FROM json_each(CASE WHEN strpos(NEW.segment_attributes, '\u0000') = 0 THEN NEW.segment_attributes::json END) e) s
        WHERE s.v IS NOT NULL AND length(s.key) <= 128 AND length(s.v) <= 256
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION contact_attributes_terms_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM contact_search_terms
            WHERE instance_id = OLD.instance_id AND owner_id = OLD.set_id AND kind = 'attr';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO contact_search_terms (instance_id, kind, k, v, owner_id)
            SELECT NEW.instance_id, 'attr', t.key, t.value, NEW.set_id
            FROM json_each_text(CASE WHEN strpos(NEW.attrs, '\u0000') = 0 THEN NEW.attrs::json END) t
            WHERE length(t.key) <= 128 AND length(t.value) <= 256
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

-- No trigger calls them any more.
DROP FUNCTION contact_terms(TEXT, TEXT, TEXT, TEXT);
DROP FUNCTION attribute_terms(TEXT, TEXT, TEXT);
