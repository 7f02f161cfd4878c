package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// --- agent statuses

const agentStatusCols = `instance_id, id, arn, name, description, type, state, display_order, last_modified, tags`

const (
	qGetAgentStatus       = `SELECT ` + agentStatusCols + ` FROM agent_statuses WHERE instance_id = ?1 AND id = ?2`
	qGetAgentStatusByName = `SELECT ` + agentStatusCols + ` FROM agent_statuses WHERE instance_id = ?1 AND name = ?2`
	qListAgentStatuses    = `SELECT ` + agentStatusCols + ` FROM agent_statuses
		WHERE instance_id = ?1 AND id > ?2
		  AND (?3[] IS NULL OR type = ANY (?3[]))
		ORDER BY id LIMIT ?4`
	qInsertAgentStatus = `INSERT INTO agent_statuses (` + agentStatusCols + `)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING`
)

func scanAgentStatus(s scanner) (*connect.AgentStatus, error) {
	var (
		as   connect.AgentStatus
		tags *string
		lm   int64
	)
	if err := s.Scan(&as.InstanceID, &as.ID, &as.ARN, &as.Name, &as.Description, &as.Type, &as.State,
		&as.DisplayOrder, &lm, &tags); err != nil {
		return nil, err
	}
	as.LastModified = fromMS(lm)
	var err error
	if as.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &as, nil
}

func (r *Reader) GetAgentStatus(ctx context.Context, instanceID, id string) (*connect.AgentStatus, error) {
	return getOne(ctx, r, "get agent status", func() error { return notFound(connect.ResourceAgentStatus, id) },
		scanAgentStatus, qGetAgentStatus, instanceID, id)
}

func (r *Reader) GetAgentStatusByName(ctx context.Context, instanceID, name string) (*connect.AgentStatus, error) {
	return getOne(ctx, r, "get agent status by name", func() error { return notFound(connect.ResourceAgentStatus, name) },
		scanAgentStatus, qGetAgentStatusByName, instanceID, name)
}

func (r *Reader) ListAgentStatuses(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.AgentStatus, error) {
	return getAll(ctx, r, "list agent statuses", scanAgentStatus, qListAgentStatuses,
		instanceID, page.After, r.d.List(types), r.limit(page.Limit))
}

func (t *Tx) InsertAgentStatus(ctx context.Context, as *connect.AgentStatus) error {
	const op = "insert agent status"
	tags, err := rowjson.Tags(as.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qInsertAgentStatus, as.InstanceID, as.ID, as.ARN, as.Name, as.Description, as.Type,
		as.State, as.DisplayOrder, ms(as.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(as.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if _, gerr := t.GetAgentStatusByName(ctx, as.InstanceID, as.Name); gerr == nil {
		return duplicate(connect.ResourceAgentStatus, "Agent status with name %s already exists", as.Name)
	}
	return duplicate(connect.ResourceAgentStatus, "Agent status already exists: %s", as.ID)
}

// --- security profiles

const securityProfileCols = `instance_id, id, arn, name, description, last_modified, tags`

const (
	qGetSecurityProfile   = `SELECT ` + securityProfileCols + ` FROM security_profiles WHERE instance_id = ?1 AND id = ?2`
	qListSecurityProfiles = `SELECT ` + securityProfileCols + ` FROM security_profiles
		WHERE instance_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`
	qInsertSecurityProfile = `INSERT INTO security_profiles (` + securityProfileCols + `)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING`
)

func scanSecurityProfile(s scanner) (*connect.SecurityProfile, error) {
	var (
		sp   connect.SecurityProfile
		tags *string
		lm   int64
	)
	if err := s.Scan(&sp.InstanceID, &sp.ID, &sp.ARN, &sp.Name, &sp.Description, &lm, &tags); err != nil {
		return nil, err
	}
	sp.LastModified = fromMS(lm)
	var err error
	if sp.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &sp, nil
}

func (r *Reader) GetSecurityProfile(ctx context.Context, instanceID, id string) (*connect.SecurityProfile, error) {
	return getOne(ctx, r, "get security profile", func() error { return notFound(connect.ResourceSecurityProfile, id) },
		scanSecurityProfile, qGetSecurityProfile, instanceID, id)
}

func (r *Reader) ListSecurityProfiles(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.SecurityProfile, error) {
	return getAll(ctx, r, "list security profiles", scanSecurityProfile, qListSecurityProfiles,
		instanceID, page.After, r.limit(page.Limit))
}

func (t *Tx) InsertSecurityProfile(ctx context.Context, sp *connect.SecurityProfile) error {
	const op = "insert security profile"
	tags, err := rowjson.Tags(sp.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qInsertSecurityProfile, sp.InstanceID, sp.ID, sp.ARN, sp.Name, sp.Description, ms(sp.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(sp.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	return duplicate(connect.ResourceSecurityProfile, "Security profile already exists: %s", sp.Name)
}

// --- hours of operation (0002 additions)

const (
	qGetHoursOfOperationByName     = `SELECT ` + hoursCols + ` FROM hours_of_operation WHERE instance_id = ?1 AND name = ?2`
	qCountQueuesByHoursOfOperation = `SELECT count(*) FROM queues WHERE instance_id = ?1 AND hours_of_operation_id = ?2`
	qUpdateHoursOfOperation        = `UPDATE hours_of_operation SET name = ?1, description = ?2, time_zone = ?3, config = ?4,
		last_modified = ?5 WHERE instance_id = ?6 AND id = ?7`
	qDeleteHoursOfOperation = `DELETE FROM hours_of_operation WHERE instance_id = ?1 AND id = ?2`
)

func (r *Reader) GetHoursOfOperationByName(ctx context.Context, instanceID, name string) (*connect.HoursOfOperation, error) {
	return getOne(ctx, r, "get hours of operation by name", func() error { return notFound(connect.ResourceHoursOfOperation, name) },
		scanHours, qGetHoursOfOperationByName, instanceID, name)
}

func (r *Reader) CountQueuesByHoursOfOperation(ctx context.Context, instanceID, hoursID string) (int, error) {
	return r.count(ctx, "count queues by hours of operation", qCountQueuesByHoursOfOperation, instanceID, hoursID)
}

func (t *Tx) UpdateHoursOfOperation(ctx context.Context, h *connect.HoursOfOperation) error {
	const op = "update hours of operation"
	cfg, err := rowjson.HoursConfig(h.Config)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qUpdateHoursOfOperation, h.Name, h.Description, h.TimeZone, cfg, ms(h.LastModified), h.InstanceID, h.ID)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceHoursOfOperation, "Hours of operation with name %s already exist", h.Name)
	case err != nil:
		return t.internal(op, err)
	case n == 0:
		return notFound(connect.ResourceHoursOfOperation, h.ID)
	}
	return nil
}

func (t *Tx) DeleteHoursOfOperation(ctx context.Context, instanceID, id string) error {
	n, err := t.exec(ctx, qDeleteHoursOfOperation, instanceID, id)
	if err != nil {
		return t.internal("delete hours of operation", err)
	}
	if n == 0 {
		return notFound(connect.ResourceHoursOfOperation, id)
	}
	return nil
}
