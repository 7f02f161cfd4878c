-- 0018_agent_active: the contacts an agent holds now (offered, connected,
-- paused), in the order routing reads them. Routing reads them for every
-- available agent at every offer; through contacts_agent (0004), which has
-- every contact the agent ever handled, that read grew with the agent's
-- history and sorted it. contacts_agent stays for SearchContacts' AgentIds,
-- which matches ended contacts too.
CREATE INDEX contacts_agent_active ON contacts (instance_id, agent_id, enqueue_ts, id)
    WHERE state IN ('CONNECTING', 'CONNECTED', 'PAUSED');
