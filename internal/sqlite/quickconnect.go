package sqlite

import (
	"context"
	"database/sql"
	"time"

	"connectd/internal/connect"
)

const (
	quickConnectCols = `instance_id, id, arn, name, description, type, user_id, queue_id, contact_flow_id,
	phone_number, last_modified, tags`

	qGetQuickConnect       = `SELECT ` + quickConnectCols + ` FROM quick_connects WHERE instance_id = ? AND id = ?`
	qGetQuickConnectByName = `SELECT ` + quickConnectCols + ` FROM quick_connects WHERE instance_id = ? AND name = ?`
	qListQuickConnects     = `SELECT ` + quickConnectCols + ` FROM quick_connects
		WHERE instance_id = ? AND id > ?
		  AND (?3 IS NULL OR type IN (SELECT value FROM json_each(?3)))
		ORDER BY id LIMIT ?4`
	// qUnlinkQuickConnect removes quick connect ?2 from the lists of the
	// queues of instance ?1 that hold it (an emptied list becomes NULL).
	qUnlinkQuickConnect = `UPDATE queues SET quick_connect_ids = (
			SELECT nullif(json_group_array(value ORDER BY key), '[]')
			FROM json_each(queues.quick_connect_ids) WHERE value <> ?2)
		WHERE instance_id = ?1 AND quick_connect_ids IS NOT NULL
		  AND EXISTS (SELECT 1 FROM json_each(queues.quick_connect_ids) WHERE value = ?2)`
)

func scanQuickConnect(s scanner) (*connect.QuickConnect, error) {
	var (
		q    connect.QuickConnect
		lm   int64
		tags sql.NullString
	)
	if err := s.Scan(&q.InstanceID, &q.ID, &q.ARN, &q.Name, &q.Description, &q.Type, &q.UserID, &q.QueueID,
		&q.ContactFlowID, &q.PhoneNumber, &lm, &tags); err != nil {
		return nil, err
	}
	q.LastModified = fromMS(lm)
	var err error
	if q.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &q, nil
}

func (r *reader) GetQuickConnect(ctx context.Context, instanceID, id string) (*connect.QuickConnect, error) {
	return getOne(ctx, r, "get quick connect", func() error { return notFound(connect.ResourceQuickConnect, id) },
		scanQuickConnect, qGetQuickConnect, instanceID, id)
}

func (r *reader) GetQuickConnectByName(ctx context.Context, instanceID, name string) (*connect.QuickConnect, error) {
	return getOne(ctx, r, "get quick connect by name", func() error { return notFound(connect.ResourceQuickConnect, name) },
		scanQuickConnect, qGetQuickConnectByName, instanceID, name)
}

func (r *reader) ListQuickConnects(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.QuickConnect, error) {
	tl, err := jsonList(types)
	if err != nil {
		return nil, internal("list quick connects", err)
	}
	rows, err := r.query(ctx, qListQuickConnects, instanceID, page.After, tl, limit(page.Limit))
	return getAll("list quick connects", rows, err, scanQuickConnect)
}

func (t *tx) InsertQuickConnect(ctx context.Context, q *connect.QuickConnect) error {
	const op = "insert quick connect"
	tags, err := encodeTags(q.Tags)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, `INSERT INTO quick_connects (`+quickConnectCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.InstanceID, q.ID, q.ARN, q.Name, q.Description, q.Type, q.UserID, q.QueueID, q.ContactFlowID,
		q.PhoneNumber, ms(q.LastModified), tags)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(q.InstanceID)
	case isUnique(err):
		if _, gerr := t.GetQuickConnectByName(ctx, q.InstanceID, q.Name); gerr == nil {
			return duplicate(connect.ResourceQuickConnect, "Quick connect with name %s already exists", q.Name)
		}
		return duplicate(connect.ResourceQuickConnect, "Quick connect already exists: %s", q.ID)
	}
	return internal(op, err)
}

func (t *tx) UpdateQuickConnect(ctx context.Context, q *connect.QuickConnect) error {
	const op = "update quick connect"
	res, err := t.exec(ctx, `UPDATE quick_connects SET name = ?, description = ?, type = ?, user_id = ?, queue_id = ?,
		contact_flow_id = ?, phone_number = ?, last_modified = ? WHERE instance_id = ? AND id = ?`,
		q.Name, q.Description, q.Type, q.UserID, q.QueueID, q.ContactFlowID, q.PhoneNumber, ms(q.LastModified),
		q.InstanceID, q.ID)
	if err != nil {
		if isUnique(err) {
			return duplicate(connect.ResourceQuickConnect, "Quick connect with name %s already exists", q.Name)
		}
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceQuickConnect, q.ID)
	}
	return nil
}

func (t *tx) DeleteQuickConnect(ctx context.Context, instanceID, id string) error {
	const op = "delete quick connect"
	res, err := t.exec(ctx, `DELETE FROM quick_connects WHERE instance_id = ? AND id = ?`, instanceID, id)
	if err != nil {
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceQuickConnect, id)
	}
	if _, err := t.exec(ctx, qUnlinkQuickConnect, instanceID, id); err != nil {
		return internal(op, err)
	}
	return nil
}

func (t *tx) SetQueueQuickConnects(ctx context.Context, instanceID, queueID string, ids []string, lastModified time.Time) error {
	const op = "set queue quick connects"
	enc, err := encodeStrings(ids)
	if err != nil {
		return internal(op, err)
	}
	res, err := t.exec(ctx, `UPDATE queues SET quick_connect_ids = ?, last_modified = ? WHERE instance_id = ? AND id = ?`,
		enc, ms(lastModified), instanceID, queueID)
	if err != nil {
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceQueue, queueID)
	}
	return nil
}
