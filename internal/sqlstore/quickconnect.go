package sqlstore

import (
	"context"
	"slices"
	"time"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const (
	quickConnectCols = `instance_id, id, arn, name, description, type, user_id, queue_id, contact_flow_id,
	phone_number, last_modified, tags`

	qGetQuickConnect       = `SELECT ` + quickConnectCols + ` FROM quick_connects WHERE instance_id = ?1 AND id = ?2`
	qGetQuickConnectByName = `SELECT ` + quickConnectCols + ` FROM quick_connects WHERE instance_id = ?1 AND name = ?2`
	qListQuickConnects     = `SELECT ` + quickConnectCols + ` FROM quick_connects
		WHERE instance_id = ?1 AND id > ?2
		  AND (?3[] IS NULL OR type = ANY (?3[]))
		ORDER BY id LIMIT ?4`
	qQuickConnectsByQueue = `SELECT ` + quickConnectCols + ` FROM quick_connects
		WHERE instance_id = ?1 AND type = 'QUEUE' AND queue_id = ?2 ORDER BY id`
	// qQueuesWithQuickConnects lists the queues of an instance that have
	// quick connects, for DeleteQuickConnect to edit their lists. The lists
	// are JSON text, edited in Go rather than with the database's JSON
	// functions (see the README's list of PostgreSQL features used).
	qQueuesWithQuickConnects = `SELECT id, quick_connect_ids FROM queues
		WHERE instance_id = ?1 AND quick_connect_ids IS NOT NULL ORDER BY id`
	qSetQueueQuickConnectIDs = `UPDATE queues SET quick_connect_ids = ?1 WHERE instance_id = ?2 AND id = ?3`
)

func scanQuickConnect(s scanner) (*connect.QuickConnect, error) {
	var (
		q    connect.QuickConnect
		lm   int64
		tags *string
	)
	if err := s.Scan(&q.InstanceID, &q.ID, &q.ARN, &q.Name, &q.Description, &q.Type, &q.UserID, &q.QueueID,
		&q.ContactFlowID, &q.PhoneNumber, &lm, &tags); err != nil {
		return nil, err
	}
	q.LastModified = fromMS(lm)
	var err error
	if q.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &q, nil
}

func (r *Reader) GetQuickConnect(ctx context.Context, instanceID, id string) (*connect.QuickConnect, error) {
	return getOne(ctx, r, "get quick connect", func() error { return notFound(connect.ResourceQuickConnect, id) },
		scanQuickConnect, qGetQuickConnect, instanceID, id)
}

func (r *Reader) GetQuickConnectByName(ctx context.Context, instanceID, name string) (*connect.QuickConnect, error) {
	return getOne(ctx, r, "get quick connect by name", func() error { return notFound(connect.ResourceQuickConnect, name) },
		scanQuickConnect, qGetQuickConnectByName, instanceID, name)
}

func (r *Reader) ListQuickConnectsByQueue(ctx context.Context, instanceID, queueID string) ([]*connect.QuickConnect, error) {
	return getAll(ctx, r, "list quick connects by queue", scanQuickConnect, qQuickConnectsByQueue, instanceID, queueID)
}

func (r *Reader) ListQuickConnects(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.QuickConnect, error) {
	return getAll(ctx, r, "list quick connects", scanQuickConnect, qListQuickConnects,
		instanceID, page.After, r.d.List(types), r.limit(page.Limit))
}

func (t *Tx) InsertQuickConnect(ctx context.Context, q *connect.QuickConnect) error {
	const op = "insert quick connect"
	tags, err := rowjson.Tags(q.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO quick_connects (`+quickConnectCols+`) VALUES (`+placeholders(1, 12)+`)
		ON CONFLICT DO NOTHING`,
		q.InstanceID, q.ID, q.ARN, q.Name, q.Description, q.Type, q.UserID, q.QueueID, q.ContactFlowID,
		q.PhoneNumber, ms(q.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(q.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if _, gerr := t.GetQuickConnectByName(ctx, q.InstanceID, q.Name); gerr == nil {
		return duplicate(connect.ResourceQuickConnect, "Quick connect with name %s already exists", q.Name)
	}
	return duplicate(connect.ResourceQuickConnect, "Quick connect already exists: %s", q.ID)
}

func (t *Tx) UpdateQuickConnect(ctx context.Context, q *connect.QuickConnect) error {
	const op = "update quick connect"
	n, err := t.exec(ctx, `UPDATE quick_connects SET name = ?1, description = ?2, type = ?3, user_id = ?4, queue_id = ?5,
		contact_flow_id = ?6, phone_number = ?7, last_modified = ?8 WHERE instance_id = ?9 AND id = ?10`,
		q.Name, q.Description, q.Type, q.UserID, q.QueueID, q.ContactFlowID, q.PhoneNumber, ms(q.LastModified),
		q.InstanceID, q.ID)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceQuickConnect, "Quick connect with name %s already exists", q.Name)
	case err != nil:
		return t.internal(op, err)
	case n == 0:
		return notFound(connect.ResourceQuickConnect, q.ID)
	}
	return nil
}

func (t *Tx) DeleteQuickConnect(ctx context.Context, instanceID, id string) error {
	const op = "delete quick connect"
	n, err := t.exec(ctx, `DELETE FROM quick_connects WHERE instance_id = ?1 AND id = ?2`, instanceID, id)
	if err != nil {
		return t.internal(op, err)
	}
	if n == 0 {
		return notFound(connect.ResourceQuickConnect, id)
	}
	return t.unlinkQuickConnect(ctx, instanceID, id)
}

// unlinkQuickConnect removes quick connect id from the lists of the
// instance's queues that hold it (an emptied list becomes NULL), leaving
// their LastModified as it was, as internal/sqlite does.
func (t *Tx) unlinkQuickConnect(ctx context.Context, instanceID, id string) error {
	const op = "unlink quick connect"
	type queueList struct {
		id  string
		ids []string
	}
	lists, err := getAll(ctx, &t.Reader, op, func(s scanner) (*queueList, error) {
		var (
			l   queueList
			raw *string
		)
		if err := s.Scan(&l.id, &raw); err != nil {
			return nil, err
		}
		var err error
		l.ids, err = rowjson.DecodeStrings(raw)
		return &l, err
	}, qQueuesWithQuickConnects, instanceID)
	if err != nil {
		return err
	}
	for _, l := range lists {
		kept := slices.DeleteFunc(slices.Clone(l.ids), func(s string) bool { return s == id })
		if len(kept) == len(l.ids) {
			continue
		}
		enc, err := rowjson.Strings(kept)
		if err != nil {
			return t.internal(op, err)
		}
		if _, err := t.exec(ctx, qSetQueueQuickConnectIDs, enc, instanceID, l.id); err != nil {
			return t.internal(op, err)
		}
	}
	return nil
}

func (t *Tx) SetQueueQuickConnects(ctx context.Context, instanceID, queueID string, ids []string, lastModified time.Time) error {
	const op = "set queue quick connects"
	enc, err := rowjson.Strings(ids)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `UPDATE queues SET quick_connect_ids = ?1, last_modified = ?2 WHERE instance_id = ?3 AND id = ?4`,
		enc, ms(lastModified), instanceID, queueID)
	if err != nil {
		return t.internal(op, err)
	}
	if n == 0 {
		return notFound(connect.ResourceQueue, queueID)
	}
	return nil
}
