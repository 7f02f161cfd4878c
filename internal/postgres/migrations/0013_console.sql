-- The console's contact page: a contact's events in the order written,
-- without reading the other contacts' events.
CREATE INDEX contact_events_contact ON contact_events (instance_id, contact_id, seq);
