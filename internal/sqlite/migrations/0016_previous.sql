-- 0016_previous: contacts_previous holds only the contacts chained to
-- another (PreviousContactId). Every other contact has '' there, and gave the
-- index an entry that no lookup reads: one index write more per
-- StartTaskContact, and bytes kept for as long as the contact. The lookups
-- say previous_contact_id <> '' so that they can read the partial index.
DROP INDEX contacts_previous;
CREATE INDEX contacts_previous ON contacts (instance_id, previous_contact_id) WHERE previous_contact_id <> '';
