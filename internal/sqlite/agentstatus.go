package sqlite

import (
	"context"
	"database/sql"

	"connectd/internal/connect"
)

// --- agent statuses

const agentStatusCols = `instance_id, id, arn, name, description, type, state, display_order, last_modified, tags`

const (
	qGetAgentStatus       = `SELECT ` + agentStatusCols + ` FROM agent_statuses WHERE instance_id = ? AND id = ?`
	qGetAgentStatusByName = `SELECT ` + agentStatusCols + ` FROM agent_statuses WHERE instance_id = ? AND name = ?`
	qListAgentStatuses    = `SELECT ` + agentStatusCols + ` FROM agent_statuses
		WHERE instance_id = ? AND id > ?
		  AND (?3 IS NULL OR type IN (SELECT value FROM json_each(?3)))
		ORDER BY id LIMIT ?4`
	qInsertAgentStatus = `INSERT INTO agent_statuses (` + agentStatusCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

func scanAgentStatus(s scanner) (*connect.AgentStatus, error) {
	var (
		as    connect.AgentStatus
		order sql.NullInt32
		tags  sql.NullString
		lm    int64
	)
	if err := s.Scan(&as.InstanceID, &as.ID, &as.ARN, &as.Name, &as.Description, &as.Type, &as.State,
		&order, &lm, &tags); err != nil {
		return nil, err
	}
	if order.Valid {
		as.DisplayOrder = &order.Int32
	}
	as.LastModified = fromMS(lm)
	var err error
	if as.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &as, nil
}

func (r *reader) GetAgentStatus(ctx context.Context, instanceID, id string) (*connect.AgentStatus, error) {
	return getOne(ctx, r, "get agent status", func() error { return notFound(connect.ResourceAgentStatus, id) },
		scanAgentStatus, qGetAgentStatus, instanceID, id)
}

func (r *reader) GetAgentStatusByName(ctx context.Context, instanceID, name string) (*connect.AgentStatus, error) {
	return getOne(ctx, r, "get agent status by name", func() error { return notFound(connect.ResourceAgentStatus, name) },
		scanAgentStatus, qGetAgentStatusByName, instanceID, name)
}

func (r *reader) ListAgentStatuses(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.AgentStatus, error) {
	tl, err := jsonList(types)
	if err != nil {
		return nil, internal("list agent statuses", err)
	}
	rows, err := r.query(ctx, qListAgentStatuses, instanceID, page.After, tl, limit(page.Limit))
	return getAll("list agent statuses", rows, err, scanAgentStatus)
}

func (t *tx) InsertAgentStatus(ctx context.Context, as *connect.AgentStatus) error {
	const op = "insert agent status"
	tags, err := encodeTags(as.Tags)
	if err != nil {
		return internal(op, err)
	}
	var order sql.NullInt32
	if as.DisplayOrder != nil {
		order = sql.NullInt32{Int32: *as.DisplayOrder, Valid: true}
	}
	_, err = t.exec(ctx, qInsertAgentStatus, as.InstanceID, as.ID, as.ARN, as.Name, as.Description, as.Type,
		as.State, order, ms(as.LastModified), tags)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(as.InstanceID)
	case isUnique(err):
		if _, gerr := t.GetAgentStatusByName(ctx, as.InstanceID, as.Name); gerr == nil {
			return duplicate(connect.ResourceAgentStatus, "Agent status with name %s already exists", as.Name)
		}
		return duplicate(connect.ResourceAgentStatus, "Agent status already exists: %s", as.ID)
	}
	return internal(op, err)
}

// --- security profiles

const securityProfileCols = `instance_id, id, arn, name, description, last_modified, tags`

const (
	qGetSecurityProfile   = `SELECT ` + securityProfileCols + ` FROM security_profiles WHERE instance_id = ? AND id = ?`
	qListSecurityProfiles = `SELECT ` + securityProfileCols + ` FROM security_profiles
		WHERE instance_id = ? AND id > ? ORDER BY id LIMIT ?`
	qInsertSecurityProfile = `INSERT INTO security_profiles (` + securityProfileCols + `) VALUES (?, ?, ?, ?, ?, ?, ?)`
)

func scanSecurityProfile(s scanner) (*connect.SecurityProfile, error) {
	var (
		sp   connect.SecurityProfile
		tags sql.NullString
		lm   int64
	)
	if err := s.Scan(&sp.InstanceID, &sp.ID, &sp.ARN, &sp.Name, &sp.Description, &lm, &tags); err != nil {
		return nil, err
	}
	sp.LastModified = fromMS(lm)
	var err error
	if sp.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &sp, nil
}

func (r *reader) GetSecurityProfile(ctx context.Context, instanceID, id string) (*connect.SecurityProfile, error) {
	return getOne(ctx, r, "get security profile", func() error { return notFound(connect.ResourceSecurityProfile, id) },
		scanSecurityProfile, qGetSecurityProfile, instanceID, id)
}

func (r *reader) ListSecurityProfiles(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.SecurityProfile, error) {
	rows, err := r.query(ctx, qListSecurityProfiles, instanceID, page.After, limit(page.Limit))
	return getAll("list security profiles", rows, err, scanSecurityProfile)
}

func (t *tx) InsertSecurityProfile(ctx context.Context, sp *connect.SecurityProfile) error {
	const op = "insert security profile"
	tags, err := encodeTags(sp.Tags)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, qInsertSecurityProfile, sp.InstanceID, sp.ID, sp.ARN, sp.Name, sp.Description, ms(sp.LastModified), tags)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(sp.InstanceID)
	case isUnique(err):
		return duplicate(connect.ResourceSecurityProfile, "Security profile already exists: %s", sp.Name)
	}
	return internal(op, err)
}

// --- hours of operation (0002 additions)

const (
	qGetHoursOfOperationByName     = `SELECT ` + hoursCols + ` FROM hours_of_operation WHERE instance_id = ? AND name = ?`
	qCountQueuesByHoursOfOperation = `SELECT count(*) FROM queues WHERE instance_id = ? AND hours_of_operation_id = ?`
	qUpdateHoursOfOperation        = `UPDATE hours_of_operation SET name = ?, description = ?, time_zone = ?, config = ?,
		last_modified = ? WHERE instance_id = ? AND id = ?`
	qDeleteHoursOfOperation = `DELETE FROM hours_of_operation WHERE instance_id = ? AND id = ?`
)

func (r *reader) GetHoursOfOperationByName(ctx context.Context, instanceID, name string) (*connect.HoursOfOperation, error) {
	return getOne(ctx, r, "get hours of operation by name", func() error { return notFound(connect.ResourceHoursOfOperation, name) },
		scanHours, qGetHoursOfOperationByName, instanceID, name)
}

func (r *reader) CountQueuesByHoursOfOperation(ctx context.Context, instanceID, hoursID string) (int, error) {
	return r.count(ctx, "count queues by hours of operation", qCountQueuesByHoursOfOperation, instanceID, hoursID)
}

func (t *tx) UpdateHoursOfOperation(ctx context.Context, h *connect.HoursOfOperation) error {
	const op = "update hours of operation"
	cfg, err := encodeHoursConfig(h.Config)
	if err != nil {
		return internal(op, err)
	}
	res, err := t.exec(ctx, qUpdateHoursOfOperation, h.Name, h.Description, h.TimeZone, cfg, ms(h.LastModified), h.InstanceID, h.ID)
	if err != nil {
		if isUnique(err) {
			return duplicate(connect.ResourceHoursOfOperation, "Hours of operation with name %s already exist", h.Name)
		}
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceHoursOfOperation, h.ID)
	}
	return nil
}

func (t *tx) DeleteHoursOfOperation(ctx context.Context, instanceID, id string) error {
	const op = "delete hours of operation"
	res, err := t.exec(ctx, qDeleteHoursOfOperation, instanceID, id)
	if err != nil {
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceHoursOfOperation, id)
	}
	return nil
}
