package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

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
	qUpdateAgentStatus = `UPDATE agent_statuses SET name = ?1, description = ?2, state = ?3, display_order = ?4,
		last_modified = ?5 WHERE instance_id = ?6 AND id = ?7`
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

func (t *Tx) UpdateAgentStatus(ctx context.Context, as *connect.AgentStatus) error {
	n, err := t.exec(ctx, qUpdateAgentStatus, as.Name, as.Description, as.State, as.DisplayOrder, ms(as.LastModified),
		as.InstanceID, as.ID)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceAgentStatus, "Agent status with name %s already exists", as.Name)
	case err != nil:
		return t.internal("update agent status", err)
	case n == 0:
		return notFound(connect.ResourceAgentStatus, as.ID)
	}
	return nil
}
