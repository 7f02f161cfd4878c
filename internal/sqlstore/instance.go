package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const (
	qGetInstance              = `SELECT ` + instanceCols + ` FROM instances WHERE id = ?1`
	qGetInstanceByAlias       = `SELECT ` + instanceCols + ` FROM instances WHERE account_id = ?1 AND region = ?2 AND alias = ?3`
	qGetInstanceByClientToken = `SELECT ` + instanceCols + ` FROM instances WHERE account_id = ?1 AND region = ?2 AND client_token = ?3`
	qListInstances            = `SELECT ` + instanceCols + ` FROM instances
		WHERE account_id = ?1 AND region = ?2 AND id > ?3 ORDER BY id LIMIT ?4`
)

const instanceCols = `id, arn, account_id, region, alias, identity_management_type, directory_id, status,
	inbound_calls_enabled, outbound_calls_enabled, service_role, created_time, client_token, tags, attributes`

func scanInstance(s scanner) (*connect.Instance, error) {
	var (
		in                        connect.Instance
		alias, token, tags, attrs *string
		created                   int64
	)
	if err := s.Scan(&in.ID, &in.ARN, &in.Partition.AccountID, &in.Partition.Region, &alias,
		&in.IdentityManagementType, &in.DirectoryID, &in.Status, &in.InboundCallsEnabled, &in.OutboundCallsEnabled,
		&in.ServiceRole, &created, &token, &tags, &attrs); err != nil {
		return nil, err
	}
	in.Alias, in.ClientToken = str(alias), str(token)
	in.CreatedTime = fromMS(created)
	var err error
	if in.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	if in.Attributes, err = rowjson.DecodeTags(attrs); err != nil {
		return nil, err
	}
	return &in, nil
}

func (r *Reader) GetInstance(ctx context.Context, id string) (*connect.Instance, error) {
	return getOne(ctx, r, "get instance", func() error { return notFound(connect.ResourceInstance, id) },
		scanInstance, qGetInstance, id)
}

func (r *Reader) GetInstanceByAlias(ctx context.Context, p connect.Partition, alias string) (*connect.Instance, error) {
	return getOne(ctx, r, "get instance by alias", func() error { return notFound(connect.ResourceInstance, alias) },
		scanInstance, qGetInstanceByAlias,
		p.AccountID, p.Region, alias)
}

func (r *Reader) GetInstanceByClientToken(ctx context.Context, p connect.Partition, token string) (*connect.Instance, error) {
	return getOne(ctx, r, "get instance by client token",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceInstance,
				Message: "Instance not found for client token"}
		},
		scanInstance, qGetInstanceByClientToken,
		p.AccountID, p.Region, token)
}

func (r *Reader) ListInstances(ctx context.Context, p connect.Partition, page connect.PageRequest) ([]*connect.Instance, error) {
	return getAll(ctx, r, "list instances", scanInstance, qListInstances,
		p.AccountID, p.Region, page.After, r.limit(page.Limit))
}

func (t *Tx) InsertInstance(ctx context.Context, in *connect.Instance) error {
	const op = "insert instance"
	tags, err := rowjson.Tags(in.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	attrs, err := rowjson.Tags(in.Attributes)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO instances (`+instanceCols+`) VALUES (`+placeholders(1, 15)+`)
		ON CONFLICT DO NOTHING`,
		in.ID, in.ARN, in.Partition.AccountID, in.Partition.Region, nullIfEmpty(in.Alias),
		in.IdentityManagementType, in.DirectoryID, in.Status, in.InboundCallsEnabled, in.OutboundCallsEnabled,
		in.ServiceRole, ms(in.CreatedTime), nullIfEmpty(in.ClientToken), tags, attrs)
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

func (t *Tx) UpdateInstanceAttributes(ctx context.Context, in *connect.Instance) error {
	const op = "update instance attributes"
	attrs, err := rowjson.Tags(in.Attributes)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `UPDATE instances SET inbound_calls_enabled = ?1, outbound_calls_enabled = ?2, attributes = ?3
		WHERE id = ?4`, in.InboundCallsEnabled, in.OutboundCallsEnabled, attrs, in.ID)
	if err != nil {
		return t.internal(op, err)
	}
	if n == 0 {
		return notFound(connect.ResourceInstance, in.ID)
	}
	return nil
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
