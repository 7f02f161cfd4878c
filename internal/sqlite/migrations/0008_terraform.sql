-- 0008_terraform: what Terraform's aws_connect_* resources need that no earlier migration has:
-- instance attributes, a queue's outbound caller configuration, and flow
-- modules.
--
-- Same conventions as 0001.

-- UpdateInstanceAttribute: the attributes set on an instance other than
-- INBOUND_CALLS and OUTBOUND_CALLS (which are columns of their own), as a
-- JSON map from attribute type to value; NULL when none was set. An
-- attribute absent from the map has the value a new instance is born with
-- (connect.DefaultInstanceAttributes).
ALTER TABLE instances ADD COLUMN attributes TEXT;

-- UpdateQueueOutboundCallerConfig: OutboundCallerConfig as JSON, NULL when unset.
ALTER TABLE queues ADD COLUMN outbound_caller_config TEXT;

-- Flow modules (CreateContactFlowModule ...): Flow-language content a flow
-- runs with InvokeFlowModule. They go with their instance.
CREATE TABLE contact_flow_modules (
    instance_id   TEXT    NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    id            TEXT    NOT NULL,
    arn           TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    content       TEXT    NOT NULL,
    settings      TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    client_token  TEXT,
    last_modified INTEGER NOT NULL,
    tags          TEXT,
    PRIMARY KEY (instance_id, id),
    UNIQUE (instance_id, name)
) STRICT;

CREATE UNIQUE INDEX contact_flow_modules_client_token ON contact_flow_modules (instance_id, client_token)
    WHERE client_token IS NOT NULL;
