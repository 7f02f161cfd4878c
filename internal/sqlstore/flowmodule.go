package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const (
	qGetFlowModule              = `SELECT ` + moduleCols + ` FROM contact_flow_modules WHERE instance_id = ?1 AND id = ?2`
	qGetFlowModuleByName        = `SELECT ` + moduleCols + ` FROM contact_flow_modules WHERE instance_id = ?1 AND name = ?2`
	qGetFlowModuleByClientToken = `SELECT ` + moduleCols + ` FROM contact_flow_modules WHERE instance_id = ?1 AND client_token = ?2`
	qListFlowModules            = `SELECT ` + moduleCols + ` FROM contact_flow_modules
		WHERE instance_id = ?1 AND id > ?2 AND (?3 = '' OR state = ?3)
		ORDER BY id LIMIT ?4`
)

const moduleCols = `instance_id, id, arn, name, description, content, settings, state, status, client_token,
	last_modified, tags`

func scanFlowModule(s scanner) (*connect.ContactFlowModule, error) {
	var (
		m           connect.ContactFlowModule
		lm          int64
		token, tags *string
	)
	if err := s.Scan(&m.InstanceID, &m.ID, &m.ARN, &m.Name, &m.Description, &m.Content, &m.Settings,
		&m.State, &m.Status, &token, &lm, &tags); err != nil {
		return nil, err
	}
	m.ClientToken = str(token)
	m.LastModified = fromMS(lm)
	var err error
	if m.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &m, nil
}

func (r *Reader) GetContactFlowModule(ctx context.Context, instanceID, id string) (*connect.ContactFlowModule, error) {
	return getOne(ctx, r, "get flow module", func() error { return notFound(connect.ResourceFlowModule, id) },
		scanFlowModule, qGetFlowModule, instanceID, id)
}

func (r *Reader) GetContactFlowModuleByName(ctx context.Context, instanceID, name string) (*connect.ContactFlowModule, error) {
	return getOne(ctx, r, "get flow module by name", func() error { return notFound(connect.ResourceFlowModule, name) },
		scanFlowModule, qGetFlowModuleByName, instanceID, name)
}

func (r *Reader) GetContactFlowModuleByClientToken(ctx context.Context, instanceID, token string) (*connect.ContactFlowModule, error) {
	return getOne(ctx, r, "get flow module by client token",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceFlowModule,
				Message: "Flow module not found for client token"}
		},
		scanFlowModule, qGetFlowModuleByClientToken, instanceID, token)
}

func (r *Reader) ListContactFlowModules(ctx context.Context, instanceID, state string, page connect.PageRequest) ([]*connect.ContactFlowModule, error) {
	return getAll(ctx, r, "list flow modules", scanFlowModule, qListFlowModules,
		instanceID, page.After, state, r.limit(page.Limit))
}

func (t *Tx) InsertContactFlowModule(ctx context.Context, m *connect.ContactFlowModule) error {
	const op = "insert flow module"
	tags, err := rowjson.Tags(m.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO contact_flow_modules (`+moduleCols+`) VALUES (`+placeholders(1, 12)+`)
		ON CONFLICT DO NOTHING`,
		m.InstanceID, m.ID, m.ARN, m.Name, m.Description, m.Content, m.Settings, m.State, m.Status,
		nullIfEmpty(m.ClientToken), ms(m.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(m.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if _, gerr := t.GetContactFlowModuleByName(ctx, m.InstanceID, m.Name); gerr == nil {
		return duplicate(connect.ResourceFlowModule, "Flow module with name %s already exists", m.Name)
	}
	return duplicate(connect.ResourceFlowModule, "Flow module already exists: %s", m.ID)
}

func (t *Tx) UpdateContactFlowModule(ctx context.Context, m *connect.ContactFlowModule) error {
	const op = "update flow module"
	n, err := t.exec(ctx, `UPDATE contact_flow_modules SET name = ?1, description = ?2, content = ?3, settings = ?4,
		state = ?5, last_modified = ?6 WHERE instance_id = ?7 AND id = ?8`,
		m.Name, m.Description, m.Content, m.Settings, m.State, ms(m.LastModified), m.InstanceID, m.ID)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceFlowModule, "Flow module with name %s already exists", m.Name)
	case err != nil:
		return t.internal(op, err)
	case n == 0:
		return notFound(connect.ResourceFlowModule, m.ID)
	}
	return nil
}

func (t *Tx) DeleteContactFlowModule(ctx context.Context, instanceID, id string) error {
	n, err := t.exec(ctx, `DELETE FROM contact_flow_modules WHERE instance_id = ?1 AND id = ?2`, instanceID, id)
	if err != nil {
		return t.internal("delete flow module", err)
	}
	if n == 0 {
		return notFound(connect.ResourceFlowModule, id)
	}
	return nil
}
