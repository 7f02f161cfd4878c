package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// Inserts add "ON CONFLICT DO NOTHING" and, when no row went in, ask which
// unique key is taken, as the SQLite store does. This keeps the transaction
// usable after a Duplicate (a failed statement would abort it) and needs no
// constraint names. Under SERIALIZABLE, a conflicting row that this
// transaction cannot see makes the insert fail with a serialization failure
// (retried) instead, so the row asked for is always visible.

func (t *Tx) InsertInstance(ctx context.Context, in *connect.Instance) error {
	const op = "insert instance"
	tags, err := rowjson.Tags(in.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO instances (`+instanceCols+`) VALUES (`+placeholders(1, 14)+`)
		ON CONFLICT DO NOTHING`,
		in.ID, in.ARN, in.Partition.AccountID, in.Partition.Region, nullIfEmpty(in.Alias),
		in.IdentityManagementType, in.DirectoryID, in.Status, in.InboundCallsEnabled, in.OutboundCallsEnabled,
		in.ServiceRole, ms(in.CreatedTime), nullIfEmpty(in.ClientToken), tags)
	switch {
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
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

func (t *Tx) DeleteInstance(ctx context.Context, id string) error {
	// Flows, queues, hours, contacts and attribute sets go by ON DELETE
	// CASCADE; their tags are columns of their rows.
	n, err := t.exec(ctx, `DELETE FROM instances WHERE id = ?1`, id)
	if err != nil {
		return t.internal("delete instance", err)
	}
	if n == 0 {
		return notFound(connect.ResourceInstance, id)
	}
	return nil
}

func (t *Tx) InsertContactFlow(ctx context.Context, f *connect.ContactFlow) error {
	const op = "insert contact flow"
	tags, err := rowjson.Tags(f.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO contact_flows (`+flowCols+`) VALUES (`+placeholders(1, 11)+`)
		ON CONFLICT DO NOTHING`,
		f.InstanceID, f.ID, f.ARN, f.Name, f.Type, f.Description, f.Content, f.State, f.Status,
		ms(f.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(f.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if _, gerr := t.GetContactFlowByName(ctx, f.InstanceID, f.Name); gerr == nil {
		return duplicate(connect.ResourceContactFlow, "Contact flow with name %s already exists", f.Name)
	}
	return duplicate(connect.ResourceContactFlow, "Contact flow already exists: %s", f.ID)
}

// UpdateContactFlow stores f's name, type, description, content, state,
// status and last-modified time. Tags change only through SetTags.
func (t *Tx) UpdateContactFlow(ctx context.Context, f *connect.ContactFlow) error {
	const op = "update contact flow"
	n, err := t.exec(ctx, `UPDATE contact_flows SET name = ?1, type = ?2, description = ?3, content = ?4,
		state = ?5, status = ?6, last_modified = ?7 WHERE instance_id = ?8 AND id = ?9`,
		f.Name, f.Type, f.Description, f.Content, f.State, f.Status, ms(f.LastModified), f.InstanceID, f.ID)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceContactFlow, "Contact flow with name %s already exists", f.Name)
	case err != nil:
		return t.internal(op, err)
	case n == 0:
		return notFound(connect.ResourceContactFlow, f.ID)
	}
	return nil
}

func (t *Tx) DeleteContactFlow(ctx context.Context, instanceID, id string) error {
	n, err := t.exec(ctx, `DELETE FROM contact_flows WHERE instance_id = ?1 AND id = ?2`, instanceID, id)
	if err != nil {
		return t.internal("delete contact flow", err)
	}
	if n == 0 {
		return notFound(connect.ResourceContactFlow, id)
	}
	return nil
}

func (t *Tx) InsertQueue(ctx context.Context, q *connect.Queue) error {
	const op = "insert queue"
	tags, err := rowjson.Tags(q.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	qcs, err := rowjson.Strings(q.QuickConnectIDs)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO queues (`+queueCols+`) VALUES (`+placeholders(1, 12)+`)
		ON CONFLICT DO NOTHING`,
		q.InstanceID, q.ID, q.ARN, nullIfEmpty(q.Name), q.Description, q.Type, q.Status, q.HoursOfOperationID,
		q.MaxContacts, qcs, ms(q.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(q.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if _, gerr := t.GetQueueByName(ctx, q.InstanceID, q.Name); gerr == nil {
		return duplicate(connect.ResourceQueue, "Queue with name %s already exists", q.Name)
	}
	return duplicate(connect.ResourceQueue, "Queue already exists: %s", q.ID)
}

func (t *Tx) InsertHoursOfOperation(ctx context.Context, h *connect.HoursOfOperation) error {
	const op = "insert hours of operation"
	tags, err := rowjson.Tags(h.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	cfg, err := rowjson.HoursConfig(h.Config)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO hours_of_operation (`+hoursCols+`) VALUES (`+placeholders(1, 9)+`)
		ON CONFLICT DO NOTHING`,
		h.InstanceID, h.ID, h.ARN, h.Name, h.Description, h.TimeZone, cfg, ms(h.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(h.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	return duplicate(connect.ResourceHoursOfOperation, "Hours of operation already exists: %s", h.ID)
}

// taggedTables are the tables whose rows SetTags can find by ARN (each has a
// UNIQUE arn index).
var taggedTables = []string{
	`UPDATE instances SET tags = ?1 WHERE arn = ?2`,
	`UPDATE contact_flows SET tags = ?1 WHERE arn = ?2`,
	`UPDATE queues SET tags = ?1 WHERE arn = ?2`,
	`UPDATE hours_of_operation SET tags = ?1 WHERE arn = ?2`,
	`UPDATE contacts SET tags = ?1 WHERE arn = ?2`,
	`UPDATE task_templates SET tags = ?1 WHERE arn = ?2`,
	`UPDATE quick_connects SET tags = ?1 WHERE arn = ?2`,
	`UPDATE users SET tags = ?1 WHERE arn = ?2`,
	`UPDATE routing_profiles SET tags = ?1 WHERE arn = ?2`,
	`UPDATE security_profiles SET tags = ?1 WHERE arn = ?2`,
	`UPDATE agent_statuses SET tags = ?1 WHERE arn = ?2`,
}

func (t *Tx) SetTags(ctx context.Context, arn string, tags map[string]string) error {
	const op = "set tags"
	enc, err := rowjson.Tags(tags)
	if err != nil {
		return t.internal(op, err)
	}
	for _, stmt := range taggedTables {
		n, err := t.exec(ctx, stmt, enc, arn)
		if err != nil {
			return t.internal(op, err)
		}
		if n > 0 {
			return nil
		}
	}
	return &connect.Error{Kind: connect.NotFound, Message: "Resource not found: " + arn}
}

func (t *Tx) InsertContact(ctx context.Context, c *connect.Contact) error {
	const op = "insert contact"
	refs, segs, tags, err := encodeContactJSON(c)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO contacts (`+contactCols+`) VALUES (`+placeholders(1, 40)+`)
		ON CONFLICT DO NOTHING`,
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
	case t.d.IsForeignKey(err):
		return instanceMissing(c.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if c.ClientToken != "" {
		if _, gerr := t.GetContactByClientToken(ctx, c.InstanceID, c.ClientToken); gerr == nil {
			return duplicate(connect.ResourceContact, "A contact was already created with this client token")
		}
	}
	return duplicate(connect.ResourceContact, "Contact already exists: %s", c.ID)
}

func encodeContactJSON(c *connect.Contact) (refs, segs, tags *string, err error) {
	if refs, err = rowjson.References(c.References); err != nil {
		return
	}
	if segs, err = rowjson.Segments(c.SegmentAttributes); err != nil {
		return
	}
	tags, err = rowjson.Tags(c.Tags)
	return
}

// UpdateContact stores c's mutable fields: all but the identity and
// creation facts (IDs, ARN, channel, initiation method and time, attribute
// set, client token, request hash). The task template (ID, version, change
// count) is mutable: UpdateContactTaskTemplate changes it; so are the tags a
// flow's TagContact block sets.
func (t *Tx) UpdateContact(ctx context.Context, c *connect.Contact) error {
	const op = "update contact"
	refs, segs, tags, err := encodeContactJSON(c)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `UPDATE contacts SET name = ?1, description = ?2, state = ?3, contact_flow_id = ?4,
		quick_connect_id = ?5, refs = ?6, segment_attributes = ?7, tags = ?8, scheduled_ts = ?9,
		last_update_ts = ?10, disconnect_ts = ?11, disconnect_reason = ?12, queue_id = ?13,
		queue_priority = ?14, queue_time_adjustment = ?15, enqueue_ts = ?16, agent_id = ?17,
		connected_to_agent_ts = ?18, connected_to_system_ts = ?19, last_paused_ts = ?20,
		last_resumed_ts = ?21, total_pause_count = ?22, total_pause_seconds = ?23, expires_ts = ?24,
		wake_ts = ?25, task_template_id = ?26, task_template_version = ?27, task_template_changes = ?28
		WHERE instance_id = ?29 AND id = ?30`,
		c.Name, c.Description, string(c.State), c.ContactFlowID, c.QuickConnectID, refs, segs, tags,
		msPtr(c.ScheduledTimestamp), ms(c.LastUpdateTimestamp), msPtr(c.DisconnectTimestamp),
		c.DisconnectReason, nullIfEmpty(c.QueueID), c.QueuePriority, c.QueueTimeAdjustmentSeconds,
		msPtr(c.EnqueueTimestamp), nullIfEmpty(c.AgentID), msPtr(c.ConnectedToAgentTimestamp),
		msPtr(c.ConnectedToSystemTimestamp), msPtr(c.LastPausedTimestamp), msPtr(c.LastResumedTimestamp),
		c.TotalPauseCount, c.TotalPauseDurationInSeconds, msPtr(c.ExpiresAt), msPtr(c.WakeAt),
		c.TaskTemplateID, c.TaskTemplateVersion, c.TaskTemplateChanges, c.InstanceID, c.ID)
	if err != nil {
		return t.internal(op, err)
	}
	if n == 0 {
		return notFound(connect.ResourceContact, c.ID)
	}
	return nil
}

// PutAttributes replaces the attribute set; an empty set deletes its row, so
// GetAttributes reads it back as empty.
func (t *Tx) PutAttributes(ctx context.Context, instanceID, setID string, attrs map[string]string) error {
	const op = "put attributes"
	if len(attrs) == 0 {
		if _, err := t.exec(ctx, `DELETE FROM contact_attributes WHERE instance_id = ?1 AND set_id = ?2`, instanceID, setID); err != nil {
			return t.internal(op, err)
		}
		return nil
	}
	enc, err := rowjson.Tags(attrs)
	if err != nil {
		return t.internal(op, err)
	}
	_, err = t.exec(ctx, `INSERT INTO contact_attributes (instance_id, set_id, attrs) VALUES (?1, ?2, ?3)
		ON CONFLICT (instance_id, set_id) DO UPDATE SET attrs = excluded.attrs`, instanceID, setID, enc)
	switch {
	case err == nil:
		return nil
	case t.d.IsForeignKey(err):
		return instanceMissing(instanceID)
	}
	return t.internal(op, err)
}
