package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const (
	qGetContact              = `SELECT ` + contactCols + ` FROM contacts WHERE instance_id = ?1 AND id = ?2`
	qGetContactByClientToken = `SELECT ` + contactCols + ` FROM contacts WHERE instance_id = ?1 AND client_token = ?2`
	qCountContactsByPrevious = `SELECT count(*) FROM contacts
		WHERE instance_id = ?1 AND previous_contact_id = ?2 AND previous_contact_id <> ''`
	qGetAttributes    = `SELECT attrs FROM contact_attributes WHERE instance_id = ?1 AND set_id = ?2`
	qGetAttributeSets = `SELECT set_id, attrs FROM contact_attributes WHERE instance_id = ?1 AND set_id = ANY (?2[])`
	// qGetPartitionContact is DescribeContact's one read: the contact, its
	// attributes, and the check that its instance is the caller's.
	qGetPartitionContact = `SELECT ` + contactCols + `, (SELECT a.attrs FROM contact_attributes a
		WHERE a.instance_id = contacts.instance_id AND a.set_id = contacts.attribute_set_id)
		FROM contacts WHERE instance_id = ?1 AND id = ?2
		AND EXISTS (SELECT 1 FROM instances i WHERE i.id = ?1 AND i.account_id = ?3 AND i.region = ?4)`
)

const contactCols = `instance_id, id, arn, initial_contact_id, previous_contact_id, related_contact_id,
	channel, initiation_method, name, description, state, contact_flow_id, task_template_id,
	quick_connect_id, attribute_set_id, refs, segment_attributes, tags, client_token, request_hash,
	initiation_ts, scheduled_ts, last_update_ts, disconnect_ts, disconnect_reason,
	queue_id, queue_priority, queue_time_adjustment, enqueue_ts, agent_id, connected_to_agent_ts,
	connected_to_system_ts, last_paused_ts, last_resumed_ts, total_pause_count, total_pause_seconds,
	expires_ts, wake_ts, task_template_version, task_template_changes, attachments, agent_offer_ts,
	routing_profile_id`

func scanContact(s scanner) (*connect.Contact, error) {
	var (
		c connect.Contact
		// sql.Null* rather than pointers: database/sql scans them without
		// reflection or an allocation per column (the hottest row).
		refs, segs, tags, tok sql.NullString
		attachments           sql.NullString
		initiation, lastUpd   int64
		sched, disc           sql.NullInt64
		queue, agent          sql.NullString
		enq, toAgent, toSys   sql.NullInt64
		paused, resumed       sql.NullInt64
		expires, wake         sql.NullInt64
		offered               sql.NullInt64
		routingProfile        sql.NullString
	)
	if err := s.Scan(&c.InstanceID, &c.ID, &c.ARN, &c.InitialContactID, &c.PreviousContactID,
		&c.RelatedContactID, &c.Channel, &c.InitiationMethod, &c.Name, &c.Description, &c.State,
		&c.ContactFlowID, &c.TaskTemplateID, &c.QuickConnectID, &c.AttributeSetID,
		&refs, &segs, &tags, &tok, &c.RequestHash,
		&initiation, &sched, &lastUpd, &disc, &c.DisconnectReason,
		&queue, &c.QueuePriority, &c.QueueTimeAdjustmentSeconds, &enq, &agent, &toAgent,
		&toSys, &paused, &resumed, &c.TotalPauseCount, &c.TotalPauseDurationInSeconds,
		&expires, &wake, &c.TaskTemplateVersion, &c.TaskTemplateChanges, &attachments,
		&offered, &routingProfile); err != nil {
		return nil, err
	}
	c.QueueID, c.AgentID = queue.String, agent.String
	c.EnqueueTimestamp, c.ConnectedToAgentTimestamp = fromNullMS(enq), fromNullMS(toAgent)
	c.ConnectedToSystemTimestamp = fromNullMS(toSys)
	c.OfferedToAgentTimestamp, c.RoutingProfileID = fromNullMS(offered), routingProfile.String
	c.LastPausedTimestamp, c.LastResumedTimestamp = fromNullMS(paused), fromNullMS(resumed)
	c.ExpiresAt, c.WakeAt = fromNullMS(expires), fromNullMS(wake)
	c.ClientToken = tok.String
	c.InitiationTimestamp = fromMS(initiation)
	c.ScheduledTimestamp = fromNullMS(sched)
	c.LastUpdateTimestamp = fromMS(lastUpd)
	c.DisconnectTimestamp = fromNullMS(disc)
	var err error
	if c.References, err = rowjson.DecodeReferences(nullable(refs)); err != nil {
		return nil, err
	}
	if c.SegmentAttributes, err = rowjson.DecodeSegments(nullable(segs)); err != nil {
		return nil, err
	}
	if c.Tags, err = rowjson.DecodeTags(nullable(tags)); err != nil {
		return nil, err
	}
	if c.Attachments, err = rowjson.DecodeAttachments(nullable(attachments)); err != nil {
		return nil, err
	}
	return &c, nil
}

func (r *Reader) GetContact(ctx context.Context, instanceID, id string) (*connect.Contact, error) {
	return getOne(ctx, r, "get contact", func() error { return notFound(connect.ResourceContact, id) },
		scanContact, qGetContact, instanceID, id)
}

func (r *Reader) GetPartitionContact(ctx context.Context, p connect.Partition, instanceID, id string) (*connect.Contact, error) {
	const op = "get partition contact"
	var attrs sql.NullString
	c, err := scanContact(withAttrs{r.c.QueryRow(ctx, qGetPartitionContact, instanceID, id, p.AccountID, p.Region), &attrs})
	switch {
	case errors.Is(err, ErrNoRows):
		return nil, notFound(connect.ResourceContact, id)
	case err != nil:
		return nil, r.internal(op, err)
	}
	if c.Attributes, err = rowjson.DecodeTags(nullable(attrs)); err != nil {
		return nil, r.internal(op, err)
	}
	return c, nil
}

// withAttrs appends the attribute set column to a contact scan.
type withAttrs struct {
	row   Row
	attrs *sql.NullString
}

func (s withAttrs) Scan(dest ...any) error { return s.row.Scan(append(dest, s.attrs)...) }

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

// SearchContacts builds one parameterised query from q (searchQuery). The
// page and the count are two statements: a window count over the page's
// statement would make the engine read and sort every matching row in full,
// where the page alone stops at its LIMIT on an ordered index and the count
// reads only the index.
func (r *Reader) SearchContacts(ctx context.Context, instanceID string, q connect.ContactQuery) ([]*connect.Contact, int, error) {
	const op = "search contacts"
	sq, err := searchQuery(r.d, instanceID, q)
	if err != nil {
		return nil, 0, err
	}
	out, err := getAll(ctx, r, op, scanContact, sq.page, sq.args...)
	if err != nil {
		return nil, 0, err
	}
	var total int
	if err := r.c.QueryRow(ctx, sq.count, sq.countArgs...).Scan(&total); err != nil {
		return nil, 0, r.internal(op, err)
	}
	return out, total, nil
}

func (r *Reader) GetAttributeSets(ctx context.Context, instanceID string, setIDs []string) (map[string]map[string]string, error) {
	const op = "get attribute sets"
	rows, err := r.c.Query(ctx, qGetAttributeSets, instanceID, r.d.List(setIDs))
	if err != nil {
		return nil, r.internal(op, err)
	}
	defer rows.Close()
	sets := make(map[string]map[string]string, len(setIDs))
	for rows.Next() {
		var id string
		var s *string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, r.internal(op, err)
		}
		if sets[id], err = rowjson.DecodeTags(s); err != nil {
			return nil, r.internal(op, err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, r.internal(op, err)
	}
	return sets, nil
}

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

// qInsertContact inserts a contact; qInsertNewContact does nothing when
// its ID or client token is taken.
var (
	qInsertContact    = `INSERT INTO contacts (` + contactCols + `) VALUES (` + placeholders(1, 43) + `)`
	qInsertNewContact = qInsertContact + `
		ON CONFLICT DO NOTHING`
)

func (t *Tx) InsertContact(ctx context.Context, c *connect.Contact) error {
	const op = "insert contact"
	refs, segs, tags, err := encodeContactJSON(c)
	if err != nil {
		return t.internal(op, err)
	}
	attachments, err := rowjson.Attachments(c.Attachments)
	if err != nil {
		return t.internal(op, err)
	}
	args := []any{c.InstanceID, c.ID, c.ARN, c.InitialContactID, c.PreviousContactID, c.RelatedContactID,
		c.Channel, c.InitiationMethod, c.Name, c.Description, string(c.State), c.ContactFlowID,
		c.TaskTemplateID, c.QuickConnectID, c.AttributeSetID, refs, segs, tags,
		nullIfEmpty(c.ClientToken), c.RequestHash, ms(c.InitiationTimestamp), msPtr(c.ScheduledTimestamp),
		ms(c.LastUpdateTimestamp), msPtr(c.DisconnectTimestamp), c.DisconnectReason,
		nullIfEmpty(c.QueueID), c.QueuePriority, c.QueueTimeAdjustmentSeconds, msPtr(c.EnqueueTimestamp),
		nullIfEmpty(c.AgentID), msPtr(c.ConnectedToAgentTimestamp), msPtr(c.ConnectedToSystemTimestamp),
		msPtr(c.LastPausedTimestamp), msPtr(c.LastResumedTimestamp), c.TotalPauseCount,
		c.TotalPauseDurationInSeconds, msPtr(c.ExpiresAt), msPtr(c.WakeAt),
		c.TaskTemplateVersion, c.TaskTemplateChanges, attachments, msPtr(c.OfferedToAgentTimestamp),
		nullIfEmpty(c.RoutingProfileID)}
	if _, ok := t.c.(Later); ok {
		// Held back, perhaps until COMMIT: a taken ID or token must fail
		// the statement itself (no ON CONFLICT), so that nothing sent with
		// it commits. Which key it was is not read back (the transaction
		// has failed): a new contact's ID is fresh, so a token given is the
		// one taken.
		return t.execLater(ctx, func(_ int64, err error) error {
			switch {
			case err == nil:
				return nil
			case t.d.IsUnique(err) && c.ClientToken != "":
				return duplicate(connect.ResourceContact, "A contact was already created with this client token")
			case t.d.IsUnique(err):
				return duplicate(connect.ResourceContact, "Contact already exists: %s", c.ID)
			case t.d.IsForeignKey(err):
				return instanceMissing(c.InstanceID)
			}
			return t.internal(op, err)
		}, qInsertContact, args...)
	}
	n, err := t.exec(ctx, qInsertNewContact, args...)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(c.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if c.ClientToken != "" {
		if _, gerr := t.GetContactByClientToken(ctx, c.InstanceID, c.ClientToken); gerr == nil {
			return duplicate(connect.ResourceContact, "A contact was already created with this client token")
		}
	}
	return duplicate(connect.ResourceContact, "Contact already exists: %s", c.ID)
}

func encodeContactJSON(c *connect.Contact) (refs, segs, tags *string, err error) {
	if refs, err = rowjson.References(c.References); err != nil {
		return
	}
	if segs, err = rowjson.Segments(c.SegmentAttributes); err != nil {
		return
	}
	tags, err = rowjson.Tags(c.Tags)
	return
}

// UpdateContact stores c's mutable fields: all but the identity and
// creation facts (IDs, ARN, channel, initiation method and time, attribute
// set, client token, request hash). The task template (ID, version, change
// count) is mutable: UpdateContactTaskTemplate changes it; so are the tags a
// flow's TagContact block sets.
func (t *Tx) UpdateContact(ctx context.Context, c *connect.Contact) error {
	return t.updateContact(ctx, nil, c)
}

// UpdateContactFrom is UpdateContact for a contact that was stored as
// before in this transaction: it sets only the columns whose values differ,
// so that the database rewrites only the index entries of those. A start,
// for one, leaves the indexes on the client token, the chain, the attribute
// set and the ARN alone. Nothing changed, nothing is written.
func (t *Tx) UpdateContactFrom(ctx context.Context, before, c *connect.Contact) error {
	return t.updateContact(ctx, before, c)
}

func (t *Tx) updateContact(ctx context.Context, before, c *connect.Contact) error {
	const op = "update contact"
	var set uint64
	args := make([]any, 0, len(contactColumns)+5)
	jsonCols, err := contactJSONChanges(before, c)
	if err != nil {
		return t.internal(op, err)
	}
	for i, v := range jsonCols {
		if v.changed {
			set |= 1 << i
			args = append(args, v.value)
		}
	}
	for i, col := range contactColumns {
		if before == nil || !col.same(before, c) {
			set |= 1 << (len(jsonCols) + i)
			args = append(args, col.value(c))
		}
	}
	if set == 0 {
		return nil // as stored: the row exists, since this transaction read or wrote it
	}
	n, err := t.exec(ctx, contactUpdate(set), append(args, c.InstanceID, c.ID)...)
	if err != nil {
		return t.internal(op, err)
	}
	if n == 0 {
		return notFound(connect.ResourceContact, c.ID)
	}
	return nil
}

// jsonChange is a JSON column's value in a contact, and whether it differs
// from the contact before (always, without one).
type jsonChange struct {
	value   *string
	changed bool
}

// contactJSONColumns are the JSON columns, in contactJSONChanges' order.
var contactJSONColumns = []string{"refs", "segment_attributes", "tags"}

// contactJSONChanges encodes c's JSON columns and compares them with
// before's. Leaving one out when unchanged matters beyond its bytes: an
// UPDATE that sets tags or segment_attributes fires the search terms'
// trigger, which makes SQLite journal every page the statement touches.
func contactJSONChanges(before, c *connect.Contact) ([3]jsonChange, error) {
	var out [3]jsonChange
	refs, segs, tags, err := encodeContactJSON(c)
	if err != nil {
		return out, err
	}
	out = [3]jsonChange{{refs, true}, {segs, true}, {tags, true}}
	if before == nil {
		return out, nil
	}
	brefs, bsegs, btags, err := encodeContactJSON(before)
	if err != nil {
		return out, err
	}
	for i, b := range []*string{brefs, bsegs, btags} {
		out[i].changed = str(b) != str(out[i].value) || (b == nil) != (out[i].value == nil)
	}
	return out, nil
}

// contactColumn is a mutable scalar column of contacts: its value in a
// contact, and whether two contacts have the same one.
type contactColumn struct {
	name  string
	value func(*connect.Contact) any
	same  func(a, b *connect.Contact) bool
}

func contactCol[T comparable](name string, get func(*connect.Contact) T) contactColumn {
	return contactColumn{name: name, value: func(c *connect.Contact) any { return get(c) },
		same: func(a, b *connect.Contact) bool { return get(a) == get(b) }}
}

// contactNullCol is a text column that stores "" as NULL.
func contactNullCol(name string, get func(*connect.Contact) string) contactColumn {
	return contactColumn{name: name, value: func(c *connect.Contact) any { return nullIfEmpty(get(c)) },
		same: func(a, b *connect.Contact) bool { return get(a) == get(b) }}
}

// contactTimeCol is a nullable time in milliseconds.
func contactTimeCol(name string, get func(*connect.Contact) *time.Time) contactColumn {
	return contactColumn{name: name, value: func(c *connect.Contact) any { return msPtr(get(c)) },
		same: func(a, b *connect.Contact) bool {
			x, y := get(a), get(b)
			return x == nil && y == nil || x != nil && y != nil && x.UnixMilli() == y.UnixMilli()
		}}
}

// contactColumns are the columns UpdateContact sets besides the JSON ones.
var contactColumns = []contactColumn{
	contactCol("name", func(c *connect.Contact) string { return c.Name }),
	contactCol("description", func(c *connect.Contact) string { return c.Description }),
	contactCol("state", func(c *connect.Contact) string { return string(c.State) }),
	contactCol("contact_flow_id", func(c *connect.Contact) string { return c.ContactFlowID }),
	contactCol("quick_connect_id", func(c *connect.Contact) string { return c.QuickConnectID }),
	contactTimeCol("scheduled_ts", func(c *connect.Contact) *time.Time { return c.ScheduledTimestamp }),
	contactCol("last_update_ts", func(c *connect.Contact) int64 { return ms(c.LastUpdateTimestamp) }),
	contactTimeCol("disconnect_ts", func(c *connect.Contact) *time.Time { return c.DisconnectTimestamp }),
	contactCol("disconnect_reason", func(c *connect.Contact) string { return c.DisconnectReason }),
	contactNullCol("queue_id", func(c *connect.Contact) string { return c.QueueID }),
	contactCol("queue_priority", func(c *connect.Contact) int64 { return c.QueuePriority }),
	contactCol("queue_time_adjustment", func(c *connect.Contact) int32 { return c.QueueTimeAdjustmentSeconds }),
	contactTimeCol("enqueue_ts", func(c *connect.Contact) *time.Time { return c.EnqueueTimestamp }),
	contactNullCol("agent_id", func(c *connect.Contact) string { return c.AgentID }),
	contactTimeCol("connected_to_agent_ts", func(c *connect.Contact) *time.Time { return c.ConnectedToAgentTimestamp }),
	contactTimeCol("connected_to_system_ts", func(c *connect.Contact) *time.Time { return c.ConnectedToSystemTimestamp }),
	contactTimeCol("last_paused_ts", func(c *connect.Contact) *time.Time { return c.LastPausedTimestamp }),
	contactTimeCol("last_resumed_ts", func(c *connect.Contact) *time.Time { return c.LastResumedTimestamp }),
	contactCol("total_pause_count", func(c *connect.Contact) int32 { return c.TotalPauseCount }),
	contactCol("total_pause_seconds", func(c *connect.Contact) int32 { return c.TotalPauseDurationInSeconds }),
	contactTimeCol("expires_ts", func(c *connect.Contact) *time.Time { return c.ExpiresAt }),
	contactTimeCol("wake_ts", func(c *connect.Contact) *time.Time { return c.WakeAt }),
	contactCol("task_template_id", func(c *connect.Contact) string { return c.TaskTemplateID }),
	contactCol("task_template_version", func(c *connect.Contact) int { return c.TaskTemplateVersion }),
	contactCol("task_template_changes", func(c *connect.Contact) int { return c.TaskTemplateChanges }),
	contactTimeCol("agent_offer_ts", func(c *connect.Contact) *time.Time { return c.OfferedToAgentTimestamp }),
	contactNullCol("routing_profile_id", func(c *connect.Contact) string { return c.RoutingProfileID }),
}

// contactUpdates caches the UPDATE statement of each set of columns (a bit
// each, contactJSONColumns then contactColumns): the few transitions of a
// contact make few distinct ones.
var contactUpdates sync.Map // uint64 -> string

func contactUpdate(set uint64) string {
	if q, ok := contactUpdates.Load(set); ok {
		return q.(string)
	}
	names := append(slices.Clone(contactJSONColumns), make([]string, len(contactColumns))...)
	for i, col := range contactColumns {
		names[len(contactJSONColumns)+i] = col.name
	}
	var b strings.Builder
	b.WriteString("UPDATE contacts SET ")
	n := 0
	for i, name := range names {
		if set&(1<<i) != 0 {
			if n > 0 {
				b.WriteString(", ")
			}
			n++
			fmt.Fprintf(&b, "%s = ?%d", name, n)
		}
	}
	fmt.Fprintf(&b, " WHERE instance_id = ?%d AND id = ?%d", n+1, n+2)
	q := b.String()
	contactUpdates.Store(set, q)
	return q
}

// PutAttributes replaces the attribute set; an empty set deletes its row, so
// GetAttributes reads it back as empty.
func (t *Tx) PutAttributes(ctx context.Context, instanceID, setID string, attrs map[string]string) error {
	const op = "put attributes"
	done := t.instanceWrite(op, instanceID)
	if len(attrs) == 0 {
		return t.execLater(ctx, done, `DELETE FROM contact_attributes WHERE instance_id = ?1 AND set_id = ?2`, instanceID, setID)
	}
	enc, err := rowjson.Tags(attrs)
	if err != nil {
		return t.internal(op, err)
	}
	return t.execLater(ctx, done, `INSERT INTO contact_attributes (instance_id, set_id, attrs) VALUES (?1, ?2, ?3)
		ON CONFLICT (instance_id, set_id) DO UPDATE SET attrs = excluded.attrs`, instanceID, setID, enc)
}
