package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"connectd/internal/connect"
)

// queryer is what the reader runs SQL on: the read pool (*sql.DB) or the
// writer's connection (*sql.Conn).
type queryer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// stmtCache prepares each static statement once per queryer. On the read
// pool, database/sql re-prepares a *sql.Stmt lazily on each connection.
type stmtCache struct {
	q  queryer
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func newStmtCache(q queryer) *stmtCache { return &stmtCache{q: q, m: map[string]*sql.Stmt{}} }

func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.RLock()
	s, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return s, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s, nil
	}
	s, err := c.q.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.m[query] = s
	return s, nil
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for k, s := range c.m {
		errs = append(errs, s.Close())
		delete(c.m, k)
	}
	return errors.Join(errs...)
}

// reader implements connect.Reader on a queryer. DB uses it on the read pool,
// tx on the write connection.
type reader struct {
	q     queryer
	stmts *stmtCache
	// enter vets a statement before it runs and returns the ctx to run it with.
	enter func(ctx context.Context) (context.Context, error)
}

// queryRow runs a cached static statement returning one row.
func (r *reader) queryRow(ctx context.Context, query string, args ...any) (*sql.Row, error) {
	ctx, err := r.enter(ctx)
	if err != nil {
		return nil, err
	}
	s, err := r.stmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryRowContext(ctx, args...), nil
}

// query runs a cached static statement returning rows.
func (r *reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx, err := r.enter(ctx)
	if err != nil {
		return nil, err
	}
	s, err := r.stmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// exec runs a cached static statement.
func (r *reader) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx, err := r.enter(ctx)
	if err != nil {
		return nil, err
	}
	s, err := r.stmts.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// queryDynamic runs SQL built per call (variable IN lists), unprepared, so
// that the cache cannot grow without bound.
func (r *reader) queryDynamic(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx, err := r.enter(ctx)
	if err != nil {
		return nil, err
	}
	return r.q.QueryContext(ctx, query, args...)
}

type scanner interface{ Scan(dest ...any) error }

// limit maps PageRequest.Limit to SQL: <= 0 means no limit.
func limit(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

// jsonList passes a []string as one JSON parameter for "IN (SELECT value
// FROM json_each(?))", keeping list filters in one static statement. An
// empty list is NULL, which the statements read as "no filter".
func jsonList(l []string) (sql.NullString, error) { return encodeStrings(l) }

// getOne scans the single row of query with scan, translating ErrNoRows.
func getOne[T any](ctx context.Context, r *reader, op string, nf func() error,
	scan func(scanner) (*T, error), query string, args ...any) (*T, error) {
	row, err := r.queryRow(ctx, query, args...)
	if err != nil {
		return nil, internal(op, err)
	}
	v, err := scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nf()
	}
	if err != nil {
		return nil, internal(op, err)
	}
	return v, nil
}

// getAll scans every row of rows with scan.
func getAll[T any](op string, rows *sql.Rows, err error, scan func(scanner) (*T, error)) ([]*T, error) {
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, internal(op, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}

// Static statements, named so that plan_test.go can check that each is an
// indexed lookup (no table scan).
const (
	qGetInstance              = `SELECT ` + instanceCols + ` FROM instances WHERE id = ?`
	qGetInstanceByAlias       = `SELECT ` + instanceCols + ` FROM instances WHERE account_id = ? AND region = ? AND alias = ?`
	qGetInstanceByClientToken = `SELECT ` + instanceCols + ` FROM instances WHERE account_id = ? AND region = ? AND client_token = ?`
	qGetContactFlow           = `SELECT ` + flowCols + ` FROM contact_flows WHERE instance_id = ? AND id = ?`
	qGetContactFlowByName     = `SELECT ` + flowCols + ` FROM contact_flows WHERE instance_id = ? AND name = ?`
	qGetQueue                 = `SELECT ` + queueCols + ` FROM queues WHERE instance_id = ? AND id = ?`
	qGetQueueByName           = `SELECT ` + queueCols + ` FROM queues WHERE instance_id = ? AND name = ?`
	qGetHoursOfOperation      = `SELECT ` + hoursCols + ` FROM hours_of_operation WHERE instance_id = ? AND id = ?`
	qGetContact               = `SELECT ` + contactCols + ` FROM contacts WHERE instance_id = ? AND id = ?`
	qGetContactByClientToken  = `SELECT ` + contactCols + ` FROM contacts WHERE instance_id = ? AND client_token = ?`
	qCountContactsByPrevious  = `SELECT count(*) FROM contacts WHERE instance_id = ? AND previous_contact_id = ?`
	qGetAttributes            = `SELECT attrs FROM contact_attributes WHERE instance_id = ? AND set_id = ?`
	qListInstances            = `SELECT ` + instanceCols + ` FROM instances
		WHERE account_id = ? AND region = ? AND id > ? ORDER BY id LIMIT ?`
	qListContactFlows = `SELECT ` + flowCols + ` FROM contact_flows
		WHERE instance_id = ? AND id > ?
		  AND (?3 IS NULL OR type IN (SELECT value FROM json_each(?3)))
		ORDER BY id LIMIT ?4`
	qListQueues = `SELECT ` + queueCols + ` FROM queues
		WHERE instance_id = ? AND id > ?
		  AND (?3 IS NULL OR type IN (SELECT value FROM json_each(?3)))
		ORDER BY id LIMIT ?4`
	qListHoursOfOperations = `SELECT ` + hoursCols + ` FROM hours_of_operation
		WHERE instance_id = ? AND id > ? ORDER BY id LIMIT ?`
)

// --- instances

const instanceCols = `id, arn, account_id, region, alias, identity_management_type, directory_id, status,
	inbound_calls_enabled, outbound_calls_enabled, service_role, created_time, client_token, tags`

func scanInstance(s scanner) (*connect.Instance, error) {
	var (
		in            connect.Instance
		alias, token  sql.NullString
		tags          sql.NullString
		created       int64
		inbound, outb bool
	)
	if err := s.Scan(&in.ID, &in.ARN, &in.Partition.AccountID, &in.Partition.Region, &alias,
		&in.IdentityManagementType, &in.DirectoryID, &in.Status, &inbound, &outb,
		&in.ServiceRole, &created, &token, &tags); err != nil {
		return nil, err
	}
	in.Alias, in.ClientToken = alias.String, token.String
	in.InboundCallsEnabled, in.OutboundCallsEnabled = inbound, outb
	in.CreatedTime = fromMS(created)
	var err error
	if in.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &in, nil
}

func (r *reader) GetInstance(ctx context.Context, id string) (*connect.Instance, error) {
	return getOne(ctx, r, "get instance", func() error { return notFound(connect.ResourceInstance, id) },
		scanInstance, qGetInstance, id)
}

func (r *reader) GetInstanceByAlias(ctx context.Context, p connect.Partition, alias string) (*connect.Instance, error) {
	return getOne(ctx, r, "get instance by alias", func() error { return notFound(connect.ResourceInstance, alias) },
		scanInstance, qGetInstanceByAlias,
		p.AccountID, p.Region, alias)
}

func (r *reader) GetInstanceByClientToken(ctx context.Context, p connect.Partition, token string) (*connect.Instance, error) {
	return getOne(ctx, r, "get instance by client token",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceInstance,
				Message: "Instance not found for client token"}
		},
		scanInstance, qGetInstanceByClientToken,
		p.AccountID, p.Region, token)
}

func (r *reader) ListInstances(ctx context.Context, p connect.Partition, page connect.PageRequest) ([]*connect.Instance, error) {
	rows, err := r.query(ctx, qListInstances,
		p.AccountID, p.Region, page.After, limit(page.Limit))
	return getAll("list instances", rows, err, scanInstance)
}

// --- contact flows

const flowCols = `instance_id, id, arn, name, type, description, content, state, status, last_modified, tags`

func scanFlow(s scanner) (*connect.ContactFlow, error) {
	var (
		f    connect.ContactFlow
		lm   int64
		tags sql.NullString
	)
	if err := s.Scan(&f.InstanceID, &f.ID, &f.ARN, &f.Name, &f.Type, &f.Description, &f.Content,
		&f.State, &f.Status, &lm, &tags); err != nil {
		return nil, err
	}
	f.LastModified = fromMS(lm)
	var err error
	if f.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &f, nil
}

func (r *reader) GetContactFlow(ctx context.Context, instanceID, id string) (*connect.ContactFlow, error) {
	return getOne(ctx, r, "get contact flow", func() error { return notFound(connect.ResourceContactFlow, id) },
		scanFlow, qGetContactFlow, instanceID, id)
}

func (r *reader) GetContactFlowByName(ctx context.Context, instanceID, name string) (*connect.ContactFlow, error) {
	return getOne(ctx, r, "get contact flow by name", func() error { return notFound(connect.ResourceContactFlow, name) },
		scanFlow, qGetContactFlowByName, instanceID, name)
}

func (r *reader) ListContactFlows(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.ContactFlow, error) {
	tl, err := jsonList(types)
	if err != nil {
		return nil, internal("list contact flows", err)
	}
	rows, err := r.query(ctx, qListContactFlows, instanceID, page.After, tl, limit(page.Limit))
	return getAll("list contact flows", rows, err, scanFlow)
}

// --- queues

const queueCols = `instance_id, id, arn, name, description, type, status, hours_of_operation_id,
	max_contacts, quick_connect_ids, last_modified, tags`

func scanQueue(s scanner) (*connect.Queue, error) {
	var (
		q         connect.Queue
		maxC      sql.NullInt32
		qcs, tags sql.NullString
		name      sql.NullString // NULL for agent queues (0002)
		lm        int64
	)
	if err := s.Scan(&q.InstanceID, &q.ID, &q.ARN, &name, &q.Description, &q.Type, &q.Status,
		&q.HoursOfOperationID, &maxC, &qcs, &lm, &tags); err != nil {
		return nil, err
	}
	q.Name = name.String
	if maxC.Valid {
		q.MaxContacts = &maxC.Int32
	}
	q.LastModified = fromMS(lm)
	var err error
	if q.QuickConnectIDs, err = decodeStrings(qcs); err != nil {
		return nil, err
	}
	if q.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &q, nil
}

func (r *reader) GetQueue(ctx context.Context, instanceID, id string) (*connect.Queue, error) {
	return getOne(ctx, r, "get queue", func() error { return notFound(connect.ResourceQueue, id) },
		scanQueue, qGetQueue, instanceID, id)
}

func (r *reader) GetQueueByName(ctx context.Context, instanceID, name string) (*connect.Queue, error) {
	return getOne(ctx, r, "get queue by name", func() error { return notFound(connect.ResourceQueue, name) },
		scanQueue, qGetQueueByName, instanceID, name)
}

func (r *reader) ListQueues(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.Queue, error) {
	tl, err := jsonList(types)
	if err != nil {
		return nil, internal("list queues", err)
	}
	rows, err := r.query(ctx, qListQueues, instanceID, page.After, tl, limit(page.Limit))
	return getAll("list queues", rows, err, scanQueue)
}

// --- hours of operation

const hoursCols = `instance_id, id, arn, name, description, time_zone, config, last_modified, tags`

func scanHours(s scanner) (*connect.HoursOfOperation, error) {
	var (
		h         connect.HoursOfOperation
		cfg, tags sql.NullString
		lm        int64
	)
	if err := s.Scan(&h.InstanceID, &h.ID, &h.ARN, &h.Name, &h.Description, &h.TimeZone, &cfg, &lm, &tags); err != nil {
		return nil, err
	}
	h.LastModified = fromMS(lm)
	var err error
	if h.Config, err = decodeHoursConfig(cfg); err != nil {
		return nil, err
	}
	if h.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &h, nil
}

func (r *reader) GetHoursOfOperation(ctx context.Context, instanceID, id string) (*connect.HoursOfOperation, error) {
	return getOne(ctx, r, "get hours of operation", func() error { return notFound(connect.ResourceHoursOfOperation, id) },
		scanHours, qGetHoursOfOperation, instanceID, id)
}

func (r *reader) ListHoursOfOperations(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.HoursOfOperation, error) {
	rows, err := r.query(ctx, qListHoursOfOperations, instanceID, page.After, limit(page.Limit))
	return getAll("list hours of operation", rows, err, scanHours)
}

// --- contacts

const contactCols = `instance_id, id, arn, initial_contact_id, previous_contact_id, related_contact_id,
	channel, initiation_method, name, description, state, contact_flow_id, task_template_id,
	quick_connect_id, attribute_set_id, refs, segment_attributes, tags, client_token, request_hash,
	initiation_ts, scheduled_ts, last_update_ts, disconnect_ts, disconnect_reason,
	queue_id, queue_priority, queue_time_adjustment, enqueue_ts, agent_id, connected_to_agent_ts,
	connected_to_system_ts, last_paused_ts, last_resumed_ts, total_pause_count, total_pause_seconds,
	expires_ts, wake_ts, task_template_version, task_template_changes`

func scanContact(s scanner) (*connect.Contact, error) {
	var (
		c                     connect.Contact
		refs, segs, tags, tok sql.NullString
		initiation, lastUpd   int64
		sched, disc           sql.NullInt64
		queue, agent          sql.NullString
		enq, toAgent, toSys   sql.NullInt64
		paused, resumed       sql.NullInt64
		expires, wake         sql.NullInt64
	)
	if err := s.Scan(&c.InstanceID, &c.ID, &c.ARN, &c.InitialContactID, &c.PreviousContactID,
		&c.RelatedContactID, &c.Channel, &c.InitiationMethod, &c.Name, &c.Description, &c.State,
		&c.ContactFlowID, &c.TaskTemplateID, &c.QuickConnectID, &c.AttributeSetID,
		&refs, &segs, &tags, &tok, &c.RequestHash,
		&initiation, &sched, &lastUpd, &disc, &c.DisconnectReason,
		&queue, &c.QueuePriority, &c.QueueTimeAdjustmentSeconds, &enq, &agent, &toAgent,
		&toSys, &paused, &resumed, &c.TotalPauseCount, &c.TotalPauseDurationInSeconds,
		&expires, &wake, &c.TaskTemplateVersion, &c.TaskTemplateChanges); err != nil {
		return nil, err
	}
	c.QueueID, c.AgentID = queue.String, agent.String
	c.EnqueueTimestamp, c.ConnectedToAgentTimestamp = fromMSPtr(enq), fromMSPtr(toAgent)
	c.ConnectedToSystemTimestamp = fromMSPtr(toSys)
	c.LastPausedTimestamp, c.LastResumedTimestamp = fromMSPtr(paused), fromMSPtr(resumed)
	c.ExpiresAt, c.WakeAt = fromMSPtr(expires), fromMSPtr(wake)
	c.ClientToken = tok.String
	c.InitiationTimestamp = fromMS(initiation)
	c.ScheduledTimestamp = fromMSPtr(sched)
	c.LastUpdateTimestamp = fromMS(lastUpd)
	c.DisconnectTimestamp = fromMSPtr(disc)
	var err error
	if c.References, err = decodeReferences(refs); err != nil {
		return nil, err
	}
	if c.SegmentAttributes, err = decodeSegments(segs); err != nil {
		return nil, err
	}
	if c.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &c, nil
}

func (r *reader) GetContact(ctx context.Context, instanceID, id string) (*connect.Contact, error) {
	return getOne(ctx, r, "get contact", func() error { return notFound(connect.ResourceContact, id) },
		scanContact, qGetContact, instanceID, id)
}

func (r *reader) GetContactByClientToken(ctx context.Context, instanceID, token string) (*connect.Contact, error) {
	return getOne(ctx, r, "get contact by client token",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceContact,
				Message: "Contact not found for client token"}
		},
		scanContact, qGetContactByClientToken, instanceID, token)
}

func (r *reader) CountContactsByPrevious(ctx context.Context, instanceID, id string) (int, error) {
	row, err := r.queryRow(ctx, qCountContactsByPrevious, instanceID, id)
	if err != nil {
		return 0, internal("count contacts by previous", err)
	}
	var n int
	if err := row.Scan(&n); err != nil {
		return 0, internal("count contacts by previous", err)
	}
	return n, nil
}

// timeColumns maps ContactQuery time fields to columns.
var timeColumns = map[string]string{
	"INITIATION_TIMESTAMP":         "initiation_ts",
	"SCHEDULED_TIMESTAMP":          "scheduled_ts",
	"DISCONNECT_TIMESTAMP":         "disconnect_ts",
	"CONNECTED_TO_AGENT_TIMESTAMP": "connected_to_agent_ts",
	"ENQUEUE_TIMESTAMP":            "enqueue_ts",
}

var sortColumns = map[string]string{
	"":                             "initiation_ts",
	"INITIATION_TIMESTAMP":         "initiation_ts",
	"SCHEDULED_TIMESTAMP":          "scheduled_ts",
	"DISCONNECT_TIMESTAMP":         "disconnect_ts",
	"INITIATION_METHOD":            "initiation_method",
	"CHANNEL":                      "channel",
	"CONNECTED_TO_AGENT_TIMESTAMP": "connected_to_agent_ts",
	"EXPIRY_TIMESTAMP":             "expires_ts",
}

// SearchContacts builds one parameterised query from q. The time range is
// inclusive at both ends and only matches contacts that have the timestamp;
// contacts without the sort timestamp come last in both directions; ties are
// broken by id in the sort direction.
func (r *reader) SearchContacts(ctx context.Context, instanceID string, q connect.ContactQuery) ([]*connect.Contact, int, error) {
	const op = "search contacts"
	where := []string{"instance_id = ?"}
	args := []any{instanceID}
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			return
		}
		where = append(where, col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if q.TimeField != "" {
		col, ok := timeColumns[q.TimeField]
		switch {
		case !ok:
			return nil, 0, &connect.Error{Kind: connect.Invalid, Resource: connect.ResourceContact,
				Message: fmt.Sprintf("unsupported time range type: %s", q.TimeField)}
		case col == "":
			where = append(where, "0") // see timeColumns
		default:
			where = append(where, col+" IS NOT NULL")
			if !q.Start.IsZero() {
				where, args = append(where, col+" >= ?"), append(args, ms(q.Start))
			}
			if !q.End.IsZero() {
				where, args = append(where, col+" <= ?"), append(args, ms(q.End))
			}
		}
	}
	in("channel", q.Channels)
	in("initiation_method", q.InitiationMethods)
	in("queue_id", q.QueueIDs) // always NULL until routing exists: matches nothing
	sortCol, ok := sortColumns[q.SortField]
	if !ok {
		return nil, 0, &connect.Error{Kind: connect.Invalid, Resource: connect.ResourceContact,
			Message: fmt.Sprintf("unsupported sort field: %s", q.SortField)}
	}
	dir := "ASC"
	if q.Descending {
		dir = "DESC"
	}
	order := "id " + dir
	if sortCol != "" {
		order = sortCol + " " + dir + " NULLS LAST, " + order
	}
	cond := strings.Join(where, " AND ")
	pageArgs := append(args[:len(args):len(args)], limit(q.Limit), max(q.Offset, 0))
	rows, err := r.queryDynamic(ctx, `SELECT `+contactCols+`, count(*) OVER () FROM contacts WHERE `+cond+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, pageArgs...)
	if err != nil {
		return nil, 0, internal(op, err)
	}
	defer rows.Close()
	var (
		out   []*connect.Contact
		total int
	)
	for rows.Next() {
		c, err := scanContact(scanWithTotal{rows, &total})
		if err != nil {
			return nil, 0, internal(op, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, internal(op, err)
	}
	if len(out) == 0 && q.Offset > 0 {
		// The page is past the end: the window count had no row to ride on.
		rows, err := r.queryDynamic(ctx, `SELECT count(*) FROM contacts WHERE `+cond, args...)
		if err != nil {
			return nil, 0, internal(op, err)
		}
		defer rows.Close()
		if rows.Next() {
			if err := rows.Scan(&total); err != nil {
				return nil, 0, internal(op, err)
			}
		}
		if err := rows.Err(); err != nil {
			return nil, 0, internal(op, err)
		}
	}
	return out, total, nil
}

// scanWithTotal appends the window count column to a contact scan.
type scanWithTotal struct {
	rows  *sql.Rows
	total *int
}

func (s scanWithTotal) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.total)...) }

// --- attributes

func (r *reader) GetAttributes(ctx context.Context, instanceID, setID string) (map[string]string, error) {
	row, err := r.queryRow(ctx, qGetAttributes, instanceID, setID)
	if err != nil {
		return nil, internal("get attributes", err)
	}
	var s sql.NullString
	if err := row.Scan(&s); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, internal("get attributes", err)
	}
	m, err := decodeTags(s)
	if err != nil {
		return nil, internal("get attributes", err)
	}
	return m, nil
}
