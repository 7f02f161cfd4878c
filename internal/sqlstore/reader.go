package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// Static statements, named so that plan_test.go can check that each is an
// indexed lookup (no sequential scan).
const (
	qGetInstance              = `SELECT ` + instanceCols + ` FROM instances WHERE id = ?1`
	qGetInstanceByAlias       = `SELECT ` + instanceCols + ` FROM instances WHERE account_id = ?1 AND region = ?2 AND alias = ?3`
	qGetInstanceByClientToken = `SELECT ` + instanceCols + ` FROM instances WHERE account_id = ?1 AND region = ?2 AND client_token = ?3`
	qGetContactFlow           = `SELECT ` + flowCols + ` FROM contact_flows WHERE instance_id = ?1 AND id = ?2`
	qGetContactFlowByName     = `SELECT ` + flowCols + ` FROM contact_flows WHERE instance_id = ?1 AND name = ?2`
	qGetQueue                 = `SELECT ` + queueCols + ` FROM queues WHERE instance_id = ?1 AND id = ?2`
	qGetQueueByName           = `SELECT ` + queueCols + ` FROM queues WHERE instance_id = ?1 AND name = ?2`
	qGetHoursOfOperation      = `SELECT ` + hoursCols + ` FROM hours_of_operation WHERE instance_id = ?1 AND id = ?2`
	qGetContact               = `SELECT ` + contactCols + ` FROM contacts WHERE instance_id = ?1 AND id = ?2`
	qGetContactByClientToken  = `SELECT ` + contactCols + ` FROM contacts WHERE instance_id = ?1 AND client_token = ?2`
	qCountContactsByPrevious  = `SELECT count(*) FROM contacts WHERE instance_id = ?1 AND previous_contact_id = ?2`
	qGetAttributes            = `SELECT attrs FROM contact_attributes WHERE instance_id = ?1 AND set_id = ?2`
	qListInstances            = `SELECT ` + instanceCols + ` FROM instances
		WHERE account_id = ?1 AND region = ?2 AND id > ?3 ORDER BY id LIMIT ?4`
	qListContactFlows = `SELECT ` + flowCols + ` FROM contact_flows
		WHERE instance_id = ?1 AND id > ?2
		  AND (?3[] IS NULL OR type = ANY (?3[]))
		ORDER BY id LIMIT ?4`
	qListQueues = `SELECT ` + queueCols + ` FROM queues
		WHERE instance_id = ?1 AND id > ?2
		  AND (?3[] IS NULL OR type = ANY (?3[]))
		ORDER BY id LIMIT ?4`
	qListHoursOfOperations = `SELECT ` + hoursCols + ` FROM hours_of_operation
		WHERE instance_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`
)

// --- instances

const instanceCols = `id, arn, account_id, region, alias, identity_management_type, directory_id, status,
	inbound_calls_enabled, outbound_calls_enabled, service_role, created_time, client_token, tags`

func scanInstance(s scanner) (*connect.Instance, error) {
	var (
		in                 connect.Instance
		alias, token, tags *string
		created            int64
	)
	if err := s.Scan(&in.ID, &in.ARN, &in.Partition.AccountID, &in.Partition.Region, &alias,
		&in.IdentityManagementType, &in.DirectoryID, &in.Status, &in.InboundCallsEnabled, &in.OutboundCallsEnabled,
		&in.ServiceRole, &created, &token, &tags); err != nil {
		return nil, err
	}
	in.Alias, in.ClientToken = str(alias), str(token)
	in.CreatedTime = fromMS(created)
	var err error
	if in.Tags, err = rowjson.DecodeTags(tags); err != nil {
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

// --- contact flows

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

func (r *Reader) GetContactFlowByName(ctx context.Context, instanceID, name string) (*connect.ContactFlow, error) {
	return getOne(ctx, r, "get contact flow by name", func() error { return notFound(connect.ResourceContactFlow, name) },
		scanFlow, qGetContactFlowByName, instanceID, name)
}

func (r *Reader) ListContactFlows(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.ContactFlow, error) {
	return getAll(ctx, r, "list contact flows", scanFlow, qListContactFlows,
		instanceID, page.After, r.d.List(types), r.limit(page.Limit))
}

// --- queues

const queueCols = `instance_id, id, arn, name, description, type, status, hours_of_operation_id,
	max_contacts, quick_connect_ids, last_modified, tags`

func scanQueue(s scanner) (*connect.Queue, error) {
	var (
		q         connect.Queue
		qcs, tags *string
		name      *string // NULL for agent queues (0002)
		lm        int64
	)
	if err := s.Scan(&q.InstanceID, &q.ID, &q.ARN, &name, &q.Description, &q.Type, &q.Status,
		&q.HoursOfOperationID, &q.MaxContacts, &qcs, &lm, &tags); err != nil {
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
	return &q, nil
}

func (r *Reader) GetQueue(ctx context.Context, instanceID, id string) (*connect.Queue, error) {
	return getOne(ctx, r, "get queue", func() error { return notFound(connect.ResourceQueue, id) },
		scanQueue, qGetQueue, instanceID, id)
}

func (r *Reader) GetQueueByName(ctx context.Context, instanceID, name string) (*connect.Queue, error) {
	return getOne(ctx, r, "get queue by name", func() error { return notFound(connect.ResourceQueue, name) },
		scanQueue, qGetQueueByName, instanceID, name)
}

func (r *Reader) ListQueues(ctx context.Context, instanceID string, types []string, page connect.PageRequest) ([]*connect.Queue, error) {
	return getAll(ctx, r, "list queues", scanQueue, qListQueues,
		instanceID, page.After, r.d.List(types), r.limit(page.Limit))
}

// --- hours of operation

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
		refs, segs, tags, tok *string
		initiation, lastUpd   int64
		sched, disc           *int64
		queue, agent          *string
		enq, toAgent, toSys   *int64
		paused, resumed       *int64
		expires, wake         *int64
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
	c.QueueID, c.AgentID = str(queue), str(agent)
	c.EnqueueTimestamp, c.ConnectedToAgentTimestamp = fromMSPtr(enq), fromMSPtr(toAgent)
	c.ConnectedToSystemTimestamp = fromMSPtr(toSys)
	c.LastPausedTimestamp, c.LastResumedTimestamp = fromMSPtr(paused), fromMSPtr(resumed)
	c.ExpiresAt, c.WakeAt = fromMSPtr(expires), fromMSPtr(wake)
	c.ClientToken = str(tok)
	c.InitiationTimestamp = fromMS(initiation)
	c.ScheduledTimestamp = fromMSPtr(sched)
	c.LastUpdateTimestamp = fromMS(lastUpd)
	c.DisconnectTimestamp = fromMSPtr(disc)
	var err error
	if c.References, err = rowjson.DecodeReferences(refs); err != nil {
		return nil, err
	}
	if c.SegmentAttributes, err = rowjson.DecodeSegments(segs); err != nil {
		return nil, err
	}
	if c.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &c, nil
}

func (r *Reader) GetContact(ctx context.Context, instanceID, id string) (*connect.Contact, error) {
	return getOne(ctx, r, "get contact", func() error { return notFound(connect.ResourceContact, id) },
		scanContact, qGetContact, instanceID, id)
}

func (r *Reader) GetContactByClientToken(ctx context.Context, instanceID, token string) (*connect.Contact, error) {
	return getOne(ctx, r, "get contact by client token",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceContact,
				Message: "Contact not found for client token"}
		},
		scanContact, qGetContactByClientToken, instanceID, token)
}

func (r *Reader) CountContactsByPrevious(ctx context.Context, instanceID, id string) (int, error) {
	var n int
	if err := r.c.QueryRow(ctx, qCountContactsByPrevious, instanceID, id).Scan(&n); err != nil {
		return 0, r.internal("count contacts by previous", err)
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
// broken by id in the sort direction. List filters are one text[] parameter
// each, so the statement's text depends only on which filters are present and
// pgx's per-connection statement cache stays small.
func (r *Reader) SearchContacts(ctx context.Context, instanceID string, q connect.ContactQuery) ([]*connect.Contact, int, error) {
	const op = "search contacts"
	where := []string{"instance_id = ?1"}
	args := []any{instanceID}
	arg := func(v any) string {
		args = append(args, v)
		return "?" + strconv.Itoa(len(args))
	}
	in := func(col string, vals []string) {
		if len(vals) > 0 {
			where = append(where, col+" = ANY ("+arg(r.d.List(vals))+"[])")
		}
	}
	if q.TimeField != "" {
		col, ok := timeColumns[q.TimeField]
		switch {
		case !ok:
			return nil, 0, &connect.Error{Kind: connect.Invalid, Resource: connect.ResourceContact,
				Message: fmt.Sprintf("unsupported time range type: %s", q.TimeField)}
		case col == "":
			where = append(where, "1 = 0") // see timeColumns
		default:
			where = append(where, col+" IS NOT NULL")
			if !q.Start.IsZero() {
				where = append(where, col+" >= "+arg(ms(q.Start)))
			}
			if !q.End.IsZero() {
				where = append(where, col+" <= "+arg(ms(q.End)))
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
	countArgs := args[:len(args):len(args)]
	page := `SELECT ` + contactCols + `, count(*) OVER () FROM contacts WHERE ` + cond +
		` ORDER BY ` + order + ` LIMIT ` + arg(r.limit(q.Limit)) + ` OFFSET ` + arg(max(q.Offset, 0))

	rows, err := r.c.Query(ctx, page, args...)
	if err != nil {
		return nil, 0, r.internal(op, err)
	}
	defer rows.Close()
	var (
		out   []*connect.Contact
		total int
	)
	for rows.Next() {
		c, err := scanContact(scanWithTotal{rows, &total})
		if err != nil {
			return nil, 0, r.internal(op, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, r.internal(op, err)
	}
	rows.Close() // frees the connection (a transaction has one) for the count
	if len(out) == 0 && q.Offset > 0 {
		// The page is past the end: the window count had no row to ride on.
		if err := r.c.QueryRow(ctx, `SELECT count(*) FROM contacts WHERE `+cond, countArgs...).Scan(&total); err != nil {
			return nil, 0, r.internal(op, err)
		}
	}
	return out, total, nil
}

// scanWithTotal appends the window count column to a contact scan.
type scanWithTotal struct {
	rows  Rows
	total *int
}

func (s scanWithTotal) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.total)...) }

// --- attributes

func (r *Reader) GetAttributes(ctx context.Context, instanceID, setID string) (map[string]string, error) {
	var s *string
	if err := r.c.QueryRow(ctx, qGetAttributes, instanceID, setID).Scan(&s); err != nil && !errors.Is(err, ErrNoRows) {
		return nil, r.internal("get attributes", err)
	}
	m, err := rowjson.DecodeTags(s)
	if err != nil {
		return nil, r.internal("get attributes", err)
	}
	return m, nil
}
