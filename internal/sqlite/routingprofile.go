package sqlite

import (
	"context"
	"database/sql"

	"connectd/internal/connect"
)

// --- routing profiles

const routingProfileCols = `instance_id, id, arn, name, description, default_outbound_queue_id, media_concurrencies,
	agent_availability_timer, is_default, last_modified, tags`

const (
	qGetRoutingProfile       = `SELECT ` + routingProfileCols + ` FROM routing_profiles WHERE instance_id = ? AND id = ?`
	qGetRoutingProfileByName = `SELECT ` + routingProfileCols + ` FROM routing_profiles WHERE instance_id = ? AND name = ?`
	qListRoutingProfiles     = `SELECT ` + routingProfileCols + ` FROM routing_profiles
		WHERE instance_id = ? AND id > ? ORDER BY id LIMIT ?`
	qInsertRoutingProfile = `INSERT INTO routing_profiles (` + routingProfileCols + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qUpdateRoutingProfile = `UPDATE routing_profiles SET name = ?, description = ?, default_outbound_queue_id = ?,
		media_concurrencies = ?, agent_availability_timer = ?, last_modified = ? WHERE instance_id = ? AND id = ?`
	// The queue is LEFT JOINed: a configuration outlives nothing, but a
	// missing queue must not hide it.
	qListRoutingProfileQueues = `SELECT p.queue_id, p.channel, p.priority, p.delay, coalesce(q.arn, ''), coalesce(q.name, '')
		FROM routing_profile_queues p LEFT JOIN queues q ON q.instance_id = p.instance_id AND q.id = p.queue_id
		WHERE p.instance_id = ?1 AND p.routing_profile_id = ?2 AND (p.queue_id, p.channel) > (?3, ?4)
		ORDER BY p.queue_id, p.channel LIMIT ?5`
	qPutRoutingProfileQueue = `INSERT INTO routing_profile_queues (instance_id, routing_profile_id, queue_id, channel, priority, delay)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (instance_id, routing_profile_id, queue_id, channel) DO UPDATE SET priority = excluded.priority, delay = excluded.delay`
	qDeleteRoutingProfileQueue = `DELETE FROM routing_profile_queues
		WHERE instance_id = ? AND routing_profile_id = ? AND queue_id = ? AND channel = ?`
)

func scanRoutingProfile(s scanner) (*connect.RoutingProfile, error) {
	var (
		rp          connect.RoutingProfile
		media, tags sql.NullString
		lm          int64
	)
	if err := s.Scan(&rp.InstanceID, &rp.ID, &rp.ARN, &rp.Name, &rp.Description, &rp.DefaultOutboundQueueID,
		&media, &rp.AgentAvailabilityTimer, &rp.IsDefault, &lm, &tags); err != nil {
		return nil, err
	}
	rp.LastModified = fromMS(lm)
	var err error
	if rp.MediaConcurrencies, err = decodeConcurrencies(media); err != nil {
		return nil, err
	}
	if rp.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &rp, nil
}

func (r *reader) GetRoutingProfile(ctx context.Context, instanceID, id string) (*connect.RoutingProfile, error) {
	return getOne(ctx, r, "get routing profile", func() error { return notFound(connect.ResourceRoutingProfile, id) },
		scanRoutingProfile, qGetRoutingProfile, instanceID, id)
}

func (r *reader) GetRoutingProfileByName(ctx context.Context, instanceID, name string) (*connect.RoutingProfile, error) {
	return getOne(ctx, r, "get routing profile by name", func() error { return notFound(connect.ResourceRoutingProfile, name) },
		scanRoutingProfile, qGetRoutingProfileByName, instanceID, name)
}

func (r *reader) ListRoutingProfiles(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.RoutingProfile, error) {
	rows, err := r.query(ctx, qListRoutingProfiles, instanceID, page.After, limit(page.Limit))
	return getAll("list routing profiles", rows, err, scanRoutingProfile)
}

func (r *reader) ListRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, page connect.PageRequest) ([]connect.RoutingProfileQueue, error) {
	const op = "list routing profile queues"
	queueID, channel := connect.SplitRoutingProfileQueueKey(page.After)
	rows, err := r.query(ctx, qListRoutingProfileQueues, instanceID, routingProfileID, queueID, channel, limit(page.Limit))
	qs, err := getAll(op, rows, err, func(s scanner) (*connect.RoutingProfileQueue, error) {
		var q connect.RoutingProfileQueue
		err := s.Scan(&q.QueueID, &q.Channel, &q.Priority, &q.Delay, &q.QueueARN, &q.QueueName)
		return &q, err
	})
	if err != nil {
		return nil, err
	}
	out := make([]connect.RoutingProfileQueue, len(qs))
	for i, q := range qs {
		out[i] = *q
	}
	return out, nil
}

func (t *tx) InsertRoutingProfile(ctx context.Context, rp *connect.RoutingProfile) error {
	const op = "insert routing profile"
	media, err := encodeConcurrencies(rp.MediaConcurrencies)
	if err != nil {
		return internal(op, err)
	}
	tags, err := encodeTags(rp.Tags)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, qInsertRoutingProfile, rp.InstanceID, rp.ID, rp.ARN, rp.Name, rp.Description,
		rp.DefaultOutboundQueueID, media, rp.AgentAvailabilityTimer, rp.IsDefault, ms(rp.LastModified), tags)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(rp.InstanceID)
	case isUnique(err):
		if _, gerr := t.GetRoutingProfileByName(ctx, rp.InstanceID, rp.Name); gerr == nil {
			return duplicate(connect.ResourceRoutingProfile, "Routing profile with name %s already exists", rp.Name)
		}
		return duplicate(connect.ResourceRoutingProfile, "Routing profile already exists: %s", rp.ID)
	}
	return internal(op, err)
}

func (t *tx) UpdateRoutingProfile(ctx context.Context, rp *connect.RoutingProfile) error {
	const op = "update routing profile"
	media, err := encodeConcurrencies(rp.MediaConcurrencies)
	if err != nil {
		return internal(op, err)
	}
	res, err := t.exec(ctx, qUpdateRoutingProfile, rp.Name, rp.Description, rp.DefaultOutboundQueueID, media,
		rp.AgentAvailabilityTimer, ms(rp.LastModified), rp.InstanceID, rp.ID)
	if err != nil {
		if isUnique(err) {
			return duplicate(connect.ResourceRoutingProfile, "Routing profile with name %s already exists", rp.Name)
		}
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceRoutingProfile, rp.ID)
	}
	return nil
}

func (t *tx) PutRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, qs []connect.RoutingProfileQueue) error {
	const op = "put routing profile queues"
	for _, q := range qs {
		_, err := t.exec(ctx, qPutRoutingProfileQueue, instanceID, routingProfileID, q.QueueID, q.Channel, q.Priority, q.Delay)
		switch {
		case err == nil:
		case isForeignKey(err):
			return notFound(connect.ResourceRoutingProfile, routingProfileID)
		default:
			return internal(op, err)
		}
	}
	return nil
}

func (t *tx) DeleteRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, refs []connect.RoutingProfileQueue) error {
	for _, q := range refs {
		if _, err := t.exec(ctx, qDeleteRoutingProfileQueue, instanceID, routingProfileID, q.QueueID, q.Channel); err != nil {
			return internal("delete routing profile queues", err)
		}
	}
	return nil
}
