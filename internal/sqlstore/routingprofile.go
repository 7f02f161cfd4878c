package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const routingProfileCols = `instance_id, id, arn, name, description, default_outbound_queue_id, media_concurrencies,
	agent_availability_timer, is_default, last_modified, tags`

const (
	qGetRoutingProfile       = `SELECT ` + routingProfileCols + ` FROM routing_profiles WHERE instance_id = ?1 AND id = ?2`
	qGetRoutingProfileByName = `SELECT ` + routingProfileCols + ` FROM routing_profiles WHERE instance_id = ?1 AND name = ?2`
	qListRoutingProfiles     = `SELECT ` + routingProfileCols + ` FROM routing_profiles
		WHERE instance_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`
	// qRoutingProfilesByQueue: DeleteQueue's check, through the
	// routing_profile_queues_queue index; default outbound queues are
	// few enough per instance to read.
	qRoutingProfilesByQueue = `SELECT ` + routingProfileCols + ` FROM routing_profiles
		WHERE instance_id = ?1 AND (default_outbound_queue_id = ?2
		  OR id IN (SELECT routing_profile_id FROM routing_profile_queues WHERE instance_id = ?1 AND queue_id = ?2))
		ORDER BY id`
	qInsertRoutingProfile = `INSERT INTO routing_profiles (` + routingProfileCols + `)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING`
	qUpdateRoutingProfile = `UPDATE routing_profiles SET name = ?1, description = ?2, default_outbound_queue_id = ?3,
		media_concurrencies = ?4, agent_availability_timer = ?5, last_modified = ?6 WHERE instance_id = ?7 AND id = ?8`
	// The queue is LEFT JOINed: a missing queue must not hide its
	// configuration.
	qListRoutingProfileQueues = `SELECT p.queue_id, p.channel, p.priority, p.delay, coalesce(q.arn, ''), coalesce(q.name, '')
		FROM routing_profile_queues p LEFT JOIN queues q ON q.instance_id = p.instance_id AND q.id = p.queue_id
		WHERE p.instance_id = ?1 AND p.routing_profile_id = ?2 AND (p.queue_id, p.channel) > (?3, ?4)
		ORDER BY p.queue_id, p.channel LIMIT ?5`
	qPutRoutingProfileQueue = `INSERT INTO routing_profile_queues (instance_id, routing_profile_id, queue_id, channel, priority, delay)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6)
		ON CONFLICT (instance_id, routing_profile_id, queue_id, channel) DO UPDATE SET priority = excluded.priority, delay = excluded.delay`
	// The profile's queues go with it (ON DELETE CASCADE).
	qDeleteRoutingProfile      = `DELETE FROM routing_profiles WHERE instance_id = ?1 AND id = ?2`
	qDeleteRoutingProfileQueue = `DELETE FROM routing_profile_queues
		WHERE instance_id = ?1 AND routing_profile_id = ?2 AND queue_id = ?3 AND channel = ?4`
)

func scanRoutingProfile(s scanner) (*connect.RoutingProfile, error) {
	var (
		rp          connect.RoutingProfile
		media, tags *string
		lm          int64
	)
	if err := s.Scan(&rp.InstanceID, &rp.ID, &rp.ARN, &rp.Name, &rp.Description, &rp.DefaultOutboundQueueID,
		&media, &rp.AgentAvailabilityTimer, &rp.IsDefault, &lm, &tags); err != nil {
		return nil, err
	}
	rp.LastModified = fromMS(lm)
	var err error
	if rp.MediaConcurrencies, err = rowjson.DecodeConcurrencies(media); err != nil {
		return nil, err
	}
	if rp.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &rp, nil
}

func (r *Reader) GetRoutingProfile(ctx context.Context, instanceID, id string) (*connect.RoutingProfile, error) {
	return getOne(ctx, r, "get routing profile", func() error { return notFound(connect.ResourceRoutingProfile, id) },
		scanRoutingProfile, qGetRoutingProfile, instanceID, id)
}

func (r *Reader) GetRoutingProfileByName(ctx context.Context, instanceID, name string) (*connect.RoutingProfile, error) {
	return getOne(ctx, r, "get routing profile by name", func() error { return notFound(connect.ResourceRoutingProfile, name) },
		scanRoutingProfile, qGetRoutingProfileByName, instanceID, name)
}

func (r *Reader) ListRoutingProfiles(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.RoutingProfile, error) {
	return getAll(ctx, r, "list routing profiles", scanRoutingProfile, qListRoutingProfiles,
		instanceID, page.After, r.limit(page.Limit))
}

func (r *Reader) ListRoutingProfilesByQueue(ctx context.Context, instanceID, queueID string) ([]*connect.RoutingProfile, error) {
	return getAll(ctx, r, "list routing profiles by queue", scanRoutingProfile, qRoutingProfilesByQueue, instanceID, queueID)
}

func (r *Reader) ListRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, page connect.PageRequest) ([]connect.RoutingProfileQueue, error) {
	queueID, channel := connect.SplitRoutingProfileQueueKey(page.After)
	qs, err := getAll(ctx, r, "list routing profile queues", func(s scanner) (*connect.RoutingProfileQueue, error) {
		var q connect.RoutingProfileQueue
		err := s.Scan(&q.QueueID, &q.Channel, &q.Priority, &q.Delay, &q.QueueARN, &q.QueueName)
		return &q, err
	}, qListRoutingProfileQueues, instanceID, routingProfileID, queueID, channel, r.limit(page.Limit))
	if err != nil {
		return nil, err
	}
	out := make([]connect.RoutingProfileQueue, len(qs))
	for i, q := range qs {
		out[i] = *q
	}
	return out, nil
}

func (t *Tx) InsertRoutingProfile(ctx context.Context, rp *connect.RoutingProfile) error {
	const op = "insert routing profile"
	media, err := rowjson.Concurrencies(rp.MediaConcurrencies)
	if err != nil {
		return t.internal(op, err)
	}
	tags, err := rowjson.Tags(rp.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qInsertRoutingProfile, rp.InstanceID, rp.ID, rp.ARN, rp.Name, rp.Description,
		rp.DefaultOutboundQueueID, media, rp.AgentAvailabilityTimer, rp.IsDefault, ms(rp.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(rp.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if _, gerr := t.GetRoutingProfileByName(ctx, rp.InstanceID, rp.Name); gerr == nil {
		return duplicate(connect.ResourceRoutingProfile, "Routing profile with name %s already exists", rp.Name)
	}
	return duplicate(connect.ResourceRoutingProfile, "Routing profile already exists: %s", rp.ID)
}

func (t *Tx) UpdateRoutingProfile(ctx context.Context, rp *connect.RoutingProfile) error {
	const op = "update routing profile"
	media, err := rowjson.Concurrencies(rp.MediaConcurrencies)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qUpdateRoutingProfile, rp.Name, rp.Description, rp.DefaultOutboundQueueID, media,
		rp.AgentAvailabilityTimer, ms(rp.LastModified), rp.InstanceID, rp.ID)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceRoutingProfile, "Routing profile with name %s already exists", rp.Name)
	case err != nil:
		return t.internal(op, err)
	case n == 0:
		return notFound(connect.ResourceRoutingProfile, rp.ID)
	}
	return nil
}

func (t *Tx) PutRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, qs []connect.RoutingProfileQueue) error {
	const op = "put routing profile queues"
	for _, q := range qs {
		_, err := t.exec(ctx, qPutRoutingProfileQueue, instanceID, routingProfileID, q.QueueID, q.Channel, q.Priority, q.Delay)
		switch {
		case err == nil:
		case t.d.IsForeignKey(err):
			return notFound(connect.ResourceRoutingProfile, routingProfileID)
		default:
			return t.internal(op, err)
		}
	}
	return nil
}

func (t *Tx) DeleteRoutingProfile(ctx context.Context, instanceID, id string) error {
	n, err := t.exec(ctx, qDeleteRoutingProfile, instanceID, id)
	if err != nil {
		return t.internal("delete routing profile", err)
	}
	if n == 0 {
		return notFound(connect.ResourceRoutingProfile, id)
	}
	return nil
}

func (t *Tx) DeleteRoutingProfileQueues(ctx context.Context, instanceID, routingProfileID string, refs []connect.RoutingProfileQueue) error {
	for _, q := range refs {
		if _, err := t.exec(ctx, qDeleteRoutingProfileQueue, instanceID, routingProfileID, q.QueueID, q.Channel); err != nil {
			return t.internal("delete routing profile queues", err)
		}
	}
	return nil
}
