package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const (
	qGetQueue       = `SELECT ` + queueCols + ` FROM queues WHERE instance_id = ?1 AND id = ?2`
	qGetQueueByName = `SELECT ` + queueCols + ` FROM queues WHERE instance_id = ?1 AND name = ?2`
	qListQueues     = `SELECT ` + queueCols + ` FROM queues
		WHERE instance_id = ?1 AND id > ?2
		  AND (?3[] IS NULL OR type = ANY (?3[]))
		ORDER BY id LIMIT ?4`
	qUpdateQueue = `UPDATE queues SET name = ?1, description = ?2, status = ?3, hours_of_operation_id = ?4,
		max_contacts = ?5, last_modified = ?6, outbound_caller_config = ?9 WHERE instance_id = ?7 AND id = ?8`
	qDeleteQueue = `DELETE FROM queues WHERE instance_id = ?1 AND id = ?2`
	// qQueueContacts reads the contacts_queue_active index (0005), whose
	// WHERE it repeats word for word so that SQLite sees it applies.
	qQueueContacts = `SELECT ` + contactCols + ` FROM contacts
		WHERE instance_id = ?1 AND queue_id = ?2 AND state IN ('QUEUED', 'CONNECTING', 'CONNECTED', 'PAUSED')
		ORDER BY id LIMIT ?3`
)

const queueCols = `instance_id, id, arn, name, description, type, status, hours_of_operation_id,
	max_contacts, quick_connect_ids, last_modified, tags, outbound_caller_config`

func scanQueue(s scanner) (*connect.Queue, error) {
	var (
		q              connect.Queue
		qcs, tags, occ *string
		name           *string // NULL for agent queues (0002)
		lm             int64
	)
	if err := s.Scan(&q.InstanceID, &q.ID, &q.ARN, &name, &q.Description, &q.Type, &q.Status,
		&q.HoursOfOperationID, &q.MaxContacts, &qcs, &lm, &tags, &occ); err != nil {
		return nil, err
	}
	q.Name = str(name)
	q.LastModified = fromMS(lm)
	var err error
	if q.QuickConnectIDs, err = rowjson.DecodeStrings(qcs); err != nil {
		return nil, err
	}
	if q.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	if q.OutboundCaller, err = rowjson.DecodeOutboundCaller(occ); err != nil {
		return nil, err
	}
	return &q, nil
}

func (r *Reader) GetQueue(ctx context.Context, instanceID, id string) (*connect.Queue, error) {
	return getOne(ctx, r, "get queue", func() error { return notFound(connect.ResourceQueue, id) },
		scanQueue, qGetQueue, instanceID, id)
}

func (t *Tx) ReadQueueAhead(ctx context.Context, instanceID, id string, got func(*connect.Queue)) error {
	return readAhead(ctx, t, "get queue", scanQueue, func(qs []*connect.Queue) {
		if len(qs) == 1 {
			got(qs[0])
		}
	}, qGetQueue, instanceID, id)
}

func (r *Reader) GetQueueByName(ctx context.Context, instanceID, name string) (*connect.Queue, error) {
	return getOne(ctx, r, "get queue by name", func() error { return notFound(connect.ResourceQueue, name) },
		scanQueue, qGetQueueByName, instanceID, name)
}

func (r *Reader) ListQueues(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.Queue, error) {
	return getAll(ctx, r, "list queues", scanQueue, qListQueues,
		instanceID, page.After, r.d.List(types), r.limit(page.Limit))
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
	occ, err := rowjson.OutboundCaller(q.OutboundCaller)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO queues (`+queueCols+`) VALUES (`+placeholders(1, 13)+`)
		ON CONFLICT DO NOTHING`,
		q.InstanceID, q.ID, q.ARN, nullIfEmpty(q.Name), q.Description, q.Type, q.Status, q.HoursOfOperationID,
		q.MaxContacts, qcs, ms(q.LastModified), tags, occ)
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

func (r *Reader) ListQueueContacts(ctx context.Context, instanceID, queueID string, limit int) ([]*connect.Contact, error) {
	return getAll(ctx, r, "list queue contacts", scanContact, qQueueContacts, instanceID, queueID, r.limit(limit))
}

func (t *Tx) UpdateQueue(ctx context.Context, q *connect.Queue) error {
	occ, err := rowjson.OutboundCaller(q.OutboundCaller)
	if err != nil {
		return t.internal("update queue", err)
	}
	n, err := t.exec(ctx, qUpdateQueue, nullIfEmpty(q.Name), q.Description, q.Status, q.HoursOfOperationID,
		q.MaxContacts, ms(q.LastModified), q.InstanceID, q.ID, occ)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceQueue, "Queue with name %s already exists", q.Name)
	case err != nil:
		return t.internal("update queue", err)
	case n == 0:
		return notFound(connect.ResourceQueue, q.ID)
	}
	return nil
}

func (t *Tx) DeleteQueue(ctx context.Context, instanceID, id string) error {
	n, err := t.exec(ctx, qDeleteQueue, instanceID, id)
	if err != nil {
		return t.internal("delete queue", err)
	}
	if n == 0 {
		return notFound(connect.ResourceQueue, id)
	}
	return nil
}
