package sqlstore

import (
	"context"
	"errors"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const (
	qGetContactFlow = `SELECT ` + flowCols + ` FROM contact_flows WHERE instance_id = ?1 AND id = ?2`
	// qGetInstanceFlow is qGetInstance's row followed by qGetContactFlow's:
	// two primary-key lookups, one statement.
	qGetInstanceFlow = `SELECT * FROM (SELECT ` + instanceCols + ` FROM instances WHERE id = ?1) i,
		(SELECT ` + flowCols + ` FROM contact_flows WHERE instance_id = ?1 AND id = ?2) f`
	qGetContactFlowByName = `SELECT ` + flowCols + ` FROM contact_flows WHERE instance_id = ?1 AND name = ?2`
	qListContactFlows     = `SELECT ` + flowCols + ` FROM contact_flows
		WHERE instance_id = ?1 AND id > ?2
		  AND (?3[] IS NULL OR type = ANY (?3[]))
		ORDER BY id LIMIT ?4`
)

const flowCols = `instance_id, id, arn, name, type, description, content, state, status, last_modified, tags`

func scanFlow(s scanner) (*connect.ContactFlow, error) {
	var (
		f    connect.ContactFlow
		lm   int64
		tags *string
	)
	if err := s.Scan(&f.InstanceID, &f.ID, &f.ARN, &f.Name, &f.Type, &f.Description, &f.Content,
		&f.State, &f.Status, &lm, &tags); err != nil {
		return nil, err
	}
	f.LastModified = fromMS(lm)
	var err error
	if f.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &f, nil
}

func (r *Reader) GetContactFlow(ctx context.Context, instanceID, id string) (*connect.ContactFlow, error) {
	return getOne(ctx, r, "get contact flow", func() error { return notFound(connect.ResourceContactFlow, id) },
		scanFlow, qGetContactFlow, instanceID, id)
}

func (r *Reader) GetInstanceFlow(ctx context.Context, instanceID, flowID string) (*connect.Instance, *connect.ContactFlow, error) {
	inst, f, err := scanPair(r.c.QueryRow(ctx, qGetInstanceFlow, instanceID, flowID), scanInstance, scanFlow)
	switch {
	case errors.Is(err, ErrNoRows):
		return nil, nil, notFound(connect.ResourceContactFlow, flowID)
	case err != nil:
		return nil, nil, r.internal("get instance and flow", err)
	}
	return inst, f, nil
}

func (r *Reader) GetContactFlowByName(ctx context.Context, instanceID, name string) (*connect.ContactFlow, error) {
	return getOne(ctx, r, "get contact flow by name", func() error { return notFound(connect.ResourceContactFlow, name) },
		scanFlow, qGetContactFlowByName, instanceID, name)
}

func (r *Reader) ListContactFlows(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.ContactFlow, error) {
	return getAll(ctx, r, "list contact flows", scanFlow, qListContactFlows,
		instanceID, page.After, r.d.List(types), r.limit(page.Limit))
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
