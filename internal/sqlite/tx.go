package sqlite

import (
	"context"
	"database/sql"

	"connectd/internal/connect"
)

// rowsAffected reports whether res touched a row.
func rowsAffected(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	return n > 0, err
}

// instanceMissing translates a foreign key failure on an instance-scoped
// insert: the instance does not exist.
func instanceMissing(instanceID string) error {
	return notFound(connect.ResourceInstance, instanceID)
}

func (t *tx) InsertInstance(ctx context.Context, in *connect.Instance) error {
	const op = "insert instance"
	tags, err := encodeTags(in.Tags)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, `INSERT INTO instances (`+instanceCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		in.ID, in.ARN, in.Partition.AccountID, in.Partition.Region, nullIfEmpty(in.Alias),
		in.IdentityManagementType, in.DirectoryID, in.Status, in.InboundCallsEnabled, in.OutboundCallsEnabled,
		in.ServiceRole, ms(in.CreatedTime), nullIfEmpty(in.ClientToken), tags)
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		// Which key? Ask, rather than parse the driver's message.
		if in.Alias != "" {
			if _, gerr := t.GetInstanceByAlias(ctx, in.Partition, in.Alias); gerr == nil {
				return duplicate(connect.ResourceInstance, "Instance alias already exists: %s", in.Alias)
			}
		}
		if in.ClientToken != "" {
			if _, gerr := t.GetInstanceByClientToken(ctx, in.Partition, in.ClientToken); gerr == nil {
				return duplicate(connect.ResourceInstance, "An instance was already created with this client token")
			}
		}
		return duplicate(connect.ResourceInstance, "Instance already exists: %s", in.ID)
	}
	return internal(op, err)
}

func (t *tx) DeleteInstance(ctx context.Context, id string) error {
	// Flows, queues, hours, contacts and attribute sets go by ON DELETE
	// CASCADE; their tags are columns of their rows.
	res, err := t.exec(ctx, `DELETE FROM instances WHERE id = ?`, id)
	if err != nil {
		return internal("delete instance", err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal("delete instance", err)
	} else if !ok {
		return notFound(connect.ResourceInstance, id)
	}
	return nil
}

func (t *tx) InsertContactFlow(ctx context.Context, f *connect.ContactFlow) error {
	const op = "insert contact flow"
	tags, err := encodeTags(f.Tags)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, `INSERT INTO contact_flows (`+flowCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.InstanceID, f.ID, f.ARN, f.Name, f.Type, f.Description, f.Content, f.State, f.Status,
		ms(f.LastModified), tags)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(f.InstanceID)
	case isUnique(err):
		if _, gerr := t.GetContactFlowByName(ctx, f.InstanceID, f.Name); gerr == nil {
			return duplicate(connect.ResourceContactFlow, "Contact flow with name %s already exists", f.Name)
		}
		return duplicate(connect.ResourceContactFlow, "Contact flow already exists: %s", f.ID)
	}
	return internal(op, err)
}

// UpdateContactFlow stores f's name, type, description, content, state,
// status and last-modified time. Tags change only through SetTags.
func (t *tx) UpdateContactFlow(ctx context.Context, f *connect.ContactFlow) error {
	const op = "update contact flow"
	res, err := t.exec(ctx, `UPDATE contact_flows SET name = ?, type = ?, description = ?, content = ?,
		state = ?, status = ?, last_modified = ? WHERE instance_id = ? AND id = ?`,
		f.Name, f.Type, f.Description, f.Content, f.State, f.Status, ms(f.LastModified), f.InstanceID, f.ID)
	if err != nil {
		if isUnique(err) {
			return duplicate(connect.ResourceContactFlow, "Contact flow with name %s already exists", f.Name)
		}
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceContactFlow, f.ID)
	}
	return nil
}

func (t *tx) DeleteContactFlow(ctx context.Context, instanceID, id string) error {
	res, err := t.exec(ctx, `DELETE FROM contact_flows WHERE instance_id = ? AND id = ?`, instanceID, id)
	if err != nil {
		return internal("delete contact flow", err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal("delete contact flow", err)
	} else if !ok {
		return notFound(connect.ResourceContactFlow, id)
	}
	return nil
}

func (t *tx) InsertQueue(ctx context.Context, q *connect.Queue) error {
	const op = "insert queue"
	tags, err := encodeTags(q.Tags)
	if err != nil {
		return internal(op, err)
	}
	qcs, err := encodeStrings(q.QuickConnectIDs)
	if err != nil {
		return internal(op, err)
	}
	var maxC sql.NullInt32
	if q.MaxContacts != nil {
		maxC = sql.NullInt32{Int32: *q.MaxContacts, Valid: true}
	}
	_, err = t.exec(ctx, `INSERT INTO queues (`+queueCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.InstanceID, q.ID, q.ARN, nullIfEmpty(q.Name), q.Description, q.Type, q.Status, q.HoursOfOperationID,
		maxC, qcs, ms(q.LastModified), tags)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(q.InstanceID)
	case isUnique(err):
		if _, gerr := t.GetQueueByName(ctx, q.InstanceID, q.Name); gerr == nil {
			return duplicate(connect.ResourceQueue, "Queue with name %s already exists", q.Name)
		}
		return duplicate(connect.ResourceQueue, "Queue already exists: %s", q.ID)
	}
	return internal(op, err)
}

func (t *tx) InsertHoursOfOperation(ctx context.Context, h *connect.HoursOfOperation) error {
	const op = "insert hours of operation"
	tags, err := encodeTags(h.Tags)
	if err != nil {
		return internal(op, err)
	}
	cfg, err := encodeHoursConfig(h.Config)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, `INSERT INTO hours_of_operation (`+hoursCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		h.InstanceID, h.ID, h.ARN, h.Name, h.Description, h.TimeZone, cfg, ms(h.LastModified), tags)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(h.InstanceID)
	case isUnique(err):
		return duplicate(connect.ResourceHoursOfOperation, "Hours of operation already exists: %s", h.ID)
	}
	return internal(op, err)
}

// taggedTables are the tables whose rows SetTags can find by ARN (each has a
// UNIQUE arn index).
var taggedTables = []string{
	`UPDATE instances SET tags = ? WHERE arn = ?`,
	`UPDATE contact_flows SET tags = ? WHERE arn = ?`,
	`UPDATE queues SET tags = ? WHERE arn = ?`,
	`UPDATE hours_of_operation SET tags = ? WHERE arn = ?`,
	`UPDATE contacts SET tags = ? WHERE arn = ?`,
	`UPDATE task_templates SET tags = ? WHERE arn = ?`,
	`UPDATE quick_connects SET tags = ? WHERE arn = ?`,
	`UPDATE users SET tags = ? WHERE arn = ?`,
	`UPDATE routing_profiles SET tags = ? WHERE arn = ?`,
	`UPDATE security_profiles SET tags = ? WHERE arn = ?`,
	`UPDATE agent_statuses SET tags = ? WHERE arn = ?`,
}

func (t *tx) SetTags(ctx context.Context, arn string, tags map[string]string) error {
	const op = "set tags"
	enc, err := encodeTags(tags)
	if err != nil {
		return internal(op, err)
	}
	for _, stmt := range taggedTables {
		res, err := t.exec(ctx, stmt, enc, arn)
		if err != nil {
			return internal(op, err)
		}
		if ok, err := rowsAffected(res); err != nil {
			return internal(op, err)
		} else if ok {
			return nil
		}
	}
	return &connect.Error{Kind: connect.NotFound, Message: "Resource not found: " + arn}
}

func (t *tx) InsertContact(ctx context.Context, c *connect.Contact) error {
	const op = "insert contact"
	refs, segs, tags, err := encodeContactJSON(c)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, `INSERT INTO contacts (`+contactCols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
		        ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.InstanceID, c.ID, c.ARN, c.InitialContactID, c.PreviousContactID, c.RelatedContactID,
		c.Channel, c.InitiationMethod, c.Name, c.Description, string(c.State), c.ContactFlowID,
		c.TaskTemplateID, c.QuickConnectID, c.AttributeSetID, refs, segs, tags,
		nullIfEmpty(c.ClientToken), c.RequestHash, ms(c.InitiationTimestamp), msPtr(c.ScheduledTimestamp),
		ms(c.LastUpdateTimestamp), msPtr(c.DisconnectTimestamp), c.DisconnectReason,
		nullIfEmpty(c.QueueID), c.QueuePriority, c.QueueTimeAdjustmentSeconds, msPtr(c.EnqueueTimestamp),
		nullIfEmpty(c.AgentID), msPtr(c.ConnectedToAgentTimestamp), msPtr(c.ConnectedToSystemTimestamp),
		msPtr(c.LastPausedTimestamp), msPtr(c.LastResumedTimestamp), c.TotalPauseCount,
		c.TotalPauseDurationInSeconds, msPtr(c.ExpiresAt), msPtr(c.WakeAt),
		c.TaskTemplateVersion, c.TaskTemplateChanges)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(c.InstanceID)
	case isUnique(err):
		if c.ClientToken != "" {
			if _, gerr := t.GetContactByClientToken(ctx, c.InstanceID, c.ClientToken); gerr == nil {
				return duplicate(connect.ResourceContact, "A contact was already created with this client token")
			}
		}
		return duplicate(connect.ResourceContact, "Contact already exists: %s", c.ID)
	}
	return internal(op, err)
}

func encodeContactJSON(c *connect.Contact) (refs, segs, tags sql.NullString, err error) {
	if refs, err = encodeReferences(c.References); err != nil {
		return
	}
	if segs, err = encodeSegments(c.SegmentAttributes); err != nil {
		return
	}
	tags, err = encodeTags(c.Tags)
	return
}

// UpdateContact stores c's mutable fields: all but the identity and
// creation facts (IDs, ARN, channel, initiation method and time, attribute
// set, client token, request hash). The task template (ID, version, change
// count) is mutable: UpdateContactTaskTemplate changes it.
func (t *tx) UpdateContact(ctx context.Context, c *connect.Contact) error {
	const op = "update contact"
	refs, segs, tags, err := encodeContactJSON(c)
	if err != nil {
		return internal(op, err)
	}
	res, err := t.exec(ctx, `UPDATE contacts SET name = ?, description = ?, state = ?, contact_flow_id = ?,
		quick_connect_id = ?, refs = ?, segment_attributes = ?, tags = ?, scheduled_ts = ?, last_update_ts = ?,
		disconnect_ts = ?, disconnect_reason = ?, queue_id = ?, queue_priority = ?, queue_time_adjustment = ?,
		enqueue_ts = ?, agent_id = ?, connected_to_agent_ts = ?, connected_to_system_ts = ?,
		last_paused_ts = ?, last_resumed_ts = ?, total_pause_count = ?, total_pause_seconds = ?,
		expires_ts = ?, wake_ts = ?, task_template_id = ?, task_template_version = ?,
		task_template_changes = ?
		WHERE instance_id = ? AND id = ?`,
		c.Name, c.Description, string(c.State), c.ContactFlowID, c.QuickConnectID, refs, segs, tags,
		msPtr(c.ScheduledTimestamp), ms(c.LastUpdateTimestamp), msPtr(c.DisconnectTimestamp),
		c.DisconnectReason, nullIfEmpty(c.QueueID), c.QueuePriority, c.QueueTimeAdjustmentSeconds,
		msPtr(c.EnqueueTimestamp), nullIfEmpty(c.AgentID), msPtr(c.ConnectedToAgentTimestamp),
		msPtr(c.ConnectedToSystemTimestamp), msPtr(c.LastPausedTimestamp), msPtr(c.LastResumedTimestamp),
		c.TotalPauseCount, c.TotalPauseDurationInSeconds, msPtr(c.ExpiresAt), msPtr(c.WakeAt),
		c.TaskTemplateID, c.TaskTemplateVersion, c.TaskTemplateChanges, c.InstanceID, c.ID)
	if err != nil {
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceContact, c.ID)
	}
	return nil
}

// PutAttributes replaces the attribute set; an empty set deletes its row, so
// GetAttributes reads it back as empty.
func (t *tx) PutAttributes(ctx context.Context, instanceID, setID string, attrs map[string]string) error {
	const op = "put attributes"
	if len(attrs) == 0 {
		if _, err := t.exec(ctx, `DELETE FROM contact_attributes WHERE instance_id = ? AND set_id = ?`, instanceID, setID); err != nil {
			return internal(op, err)
		}
		return nil
	}
	enc, err := encodeTags(attrs)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, `INSERT INTO contact_attributes (instance_id, set_id, attrs) VALUES (?, ?, ?)
		ON CONFLICT (instance_id, set_id) DO UPDATE SET attrs = excluded.attrs`, instanceID, setID, enc)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(instanceID)
	}
	return internal(op, err)
}
