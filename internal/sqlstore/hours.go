package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const (
	qGetHoursOfOperation   = `SELECT ` + hoursCols + ` FROM hours_of_operation WHERE instance_id = ?1 AND id = ?2`
	qListHoursOfOperations = `SELECT ` + hoursCols + ` FROM hours_of_operation
		WHERE instance_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`
)

const hoursCols = `instance_id, id, arn, name, description, time_zone, config, last_modified, tags`

func scanHours(s scanner) (*connect.HoursOfOperation, error) {
	var (
		h         connect.HoursOfOperation
		cfg, tags *string
		lm        int64
	)
	if err := s.Scan(&h.InstanceID, &h.ID, &h.ARN, &h.Name, &h.Description, &h.TimeZone, &cfg, &lm, &tags); err != nil {
		return nil, err
	}
	h.LastModified = fromMS(lm)
	var err error
	if h.Config, err = rowjson.DecodeHoursConfig(cfg); err != nil {
		return nil, err
	}
	if h.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &h, nil
}

func (r *Reader) GetHoursOfOperation(ctx context.Context, instanceID, id string) (*connect.HoursOfOperation, error) {
	return getOne(ctx, r, "get hours of operation", func() error { return notFound(connect.ResourceHoursOfOperation, id) },
		scanHours, qGetHoursOfOperation, instanceID, id)
}

func (r *Reader) ListHoursOfOperations(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.HoursOfOperation, error) {
	return getAll(ctx, r, "list hours of operation", scanHours, qListHoursOfOperations,
		instanceID, page.After, r.limit(page.Limit))
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
