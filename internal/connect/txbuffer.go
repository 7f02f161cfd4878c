package connect

import (
	"context"
	"maps"
	"time"
)

// bufferedTx is the Tx a change works on: it holds back the writes a
// change makes many of (contact updates, contact events, flow log entries)
// and writes them at the end of the change in as few statements as the
// store allows: a contact updated three times on its way through start,
// flow and queue is written once; a burst of due starts appends its events
// and flow logs with multi-row inserts. A read that could see a held-back
// write (a contact, event or flow log read, a delete that cascades) writes
// them first, so the change always reads its own writes. It also keeps the
// instances and flows the change read, the attribute sets a batch of due
// tasks needs (read in one statement), and an instance's lack of routable
// agents: a batch of due tasks reads each once.
type bufferedTx struct {
	Tx
	contacts []pendingContact   // each contact once, in order of first write
	byKey    map[contactKey]int // index in contacts
	created  map[contactKey]bool
	stored   map[contactKey]Contact // each contact as this change read or wrote it
	events   []*EventRecord
	logs     []FlowLogAppend

	instances map[string]*Instance
	flows     map[contactKey]*ContactFlow
	attrs     map[contactKey]map[string]string // attribute sets written, by instance and set ID
	attrsRead map[contactKey]map[string]string // attribute sets read ahead (nil: empty)
	noAgents  map[string]bool                  // instances with no routable user, until a user is written
	routable  map[string][]*User               // routable users read ahead (readRoutableAhead), until used or a user is written
	usersGen  int                              // user writes so far: a read ahead answered after one is dropped
}

// pendingContact is a contact's last state, to insert (a new contact) or
// to update.
type pendingContact struct {
	c      *Contact
	insert bool
}

type contactKey struct{ instance, id string }

func newBufferedTx(tx Tx) *bufferedTx { return &bufferedTx{Tx: tx} }

// flush writes everything held back: contact updates, then flow logs, then
// events.
func (b *bufferedTx) flush(ctx context.Context) error {
	if err := b.flushContacts(ctx); err != nil {
		return err
	}
	if err := b.flushLogs(ctx); err != nil {
		return err
	}
	return b.flushEvents(ctx)
}

func (b *bufferedTx) flushContacts(ctx context.Context) error {
	if len(b.contacts) == 0 {
		return nil
	}
	cs := b.contacts
	b.contacts, b.byKey = nil, nil
	for _, p := range cs {
		k := contactKey{p.c.InstanceID, p.c.ID}
		var err error
		if p.insert {
			err = b.Tx.InsertContact(ctx, p.c)
		} else if before, ok := b.stored[k]; ok {
			err = b.Tx.UpdateContactFrom(ctx, &before, p.c)
		} else {
			err = b.Tx.UpdateContact(ctx, p.c)
		}
		if err != nil {
			return err
		}
		b.remember(p.c)
	}
	return nil
}

// remember keeps a copy of c as the store now has it, for
// UpdateContactFrom. The copy has maps of its own: code changing a
// contact's tags, references or segment attributes sets their entries in
// place. (A segment attribute's value is replaced whole, never changed.)
func (b *bufferedTx) remember(cs ...*Contact) {
	if b.stored == nil {
		b.stored = make(map[contactKey]Contact, len(cs))
	}
	for _, c := range cs {
		cp := *c
		cp.Tags, cp.References, cp.SegmentAttributes = maps.Clone(c.Tags), maps.Clone(c.References),
			maps.Clone(c.SegmentAttributes)
		b.stored[contactKey{c.InstanceID, c.ID}] = cp
	}
}

func (b *bufferedTx) flushLogs(ctx context.Context) error {
	if len(b.logs) == 0 {
		return nil
	}
	logs := b.logs
	b.logs = nil
	return b.Tx.AppendFlowLogs(ctx, logs)
}

func (b *bufferedTx) flushEvents(ctx context.Context) error {
	if len(b.events) == 0 {
		return nil
	}
	es := b.events
	b.events = nil
	return b.Tx.AppendEvents(ctx, es)
}

// InsertContact holds back a copy of c: a new contact is inserted once, in
// the state it has when the change ends (or when a read needs it). A
// contact ID or client token already taken is Duplicate then, which fails
// the change as it would have failed here.
func (b *bufferedTx) InsertContact(_ context.Context, c *Contact) error {
	k := contactKey{c.InstanceID, c.ID}
	if b.created == nil {
		b.created = map[contactKey]bool{}
	}
	b.created[k] = true
	b.hold(k, c, true)
	return nil
}

// UpdateContact holds back a copy of c (the state to store), replacing one
// held back for the same contact. A contact that no longer exists is
// NotFound when the change ends, which fails it.
func (b *bufferedTx) UpdateContact(_ context.Context, c *Contact) error {
	b.hold(contactKey{c.InstanceID, c.ID}, c, false)
	return nil
}

func (b *bufferedTx) hold(k contactKey, c *Contact, insert bool) {
	cp := *c
	if i, ok := b.byKey[k]; ok {
		b.contacts[i].c = &cp // an insert held back stays one, with this state
		return
	}
	if b.byKey == nil {
		b.byKey = map[contactKey]int{}
	}
	b.byKey[k] = len(b.contacts)
	b.contacts = append(b.contacts, pendingContact{c: &cp, insert: insert})
}

// PutAttributes writes the set and remembers it: the flow that runs next
// reads it back from here.
func (b *bufferedTx) PutAttributes(ctx context.Context, instanceID, setID string, attrs map[string]string) error {
	if err := b.Tx.PutAttributes(ctx, instanceID, setID, attrs); err != nil {
		return err
	}
	if b.attrs == nil {
		b.attrs = map[contactKey]map[string]string{}
	}
	b.attrs[contactKey{instanceID, setID}] = maps.Clone(attrs)
	return nil
}

// GetAttributes returns a set this change wrote, or read ahead, without
// reading it.
func (b *bufferedTx) GetAttributes(ctx context.Context, instanceID, setID string) (map[string]string, error) {
	k := contactKey{instanceID, setID}
	a, ok := b.attrs[k]
	if !ok {
		a, ok = b.attrsRead[k]
	}
	if ok {
		if a == nil {
			a = map[string]string{}
		}
		return maps.Clone(a), nil
	}
	return b.Tx.GetAttributes(ctx, instanceID, setID)
}

// readAttributesAhead reads the attribute sets of cs, by instance, in one
// statement each, for the GetAttributes that starting them will make.
func (b *bufferedTx) readAttributesAhead(ctx context.Context, cs []*Contact) error {
	byInstance := map[string][]string{}
	for _, c := range cs {
		k := contactKey{c.InstanceID, c.AttributeSetID}
		if _, ok := b.attrs[k]; ok {
			continue
		}
		if _, ok := b.attrsRead[k]; ok {
			continue
		}
		byInstance[c.InstanceID] = append(byInstance[c.InstanceID], c.AttributeSetID)
	}
	if b.attrsRead == nil && len(byInstance) > 0 {
		b.attrsRead = map[contactKey]map[string]string{}
	}
	for instanceID, ids := range byInstance {
		sets, err := b.Tx.GetAttributeSets(ctx, instanceID, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			b.attrsRead[contactKey{instanceID, id}] = sets[id]
		}
	}
	return nil
}

// ListRoutableUsers remembers an instance that has none: a batch of due
// tasks queued where no agent is available asks once, not once per task.
// Only a user write can make a user routable (ListRoutableUsers reads the
// status kept on the user's row), and those forget it. A read ahead
// (readRoutableAhead) answers the first call after it.
func (b *bufferedTx) ListRoutableUsers(ctx context.Context, instanceID string) ([]*User, error) {
	if b.noAgents[instanceID] {
		return nil, nil
	}
	users, ok := b.routable[instanceID]
	if !ok {
		var err error
		if users, err = b.Tx.ListRoutableUsers(ctx, instanceID); err != nil {
			return nil, err
		}
	}
	// Also a read ahead that came with this read's round trip is spent.
	delete(b.routable, instanceID)
	if len(users) == 0 {
		if b.noAgents == nil {
			b.noAgents = map[string]bool{}
		}
		b.noAgents[instanceID] = true
	}
	return users, nil
}

// readRoutableAhead asks for the routable users of an instance ahead of the
// routing that follows a task's start: on PostgreSQL the answer comes with
// the statement the start sends next (its active-task count) instead of in
// a round trip of its own.
func (b *bufferedTx) readRoutableAhead(ctx context.Context, instanceID string) error {
	if _, ok := b.routable[instanceID]; ok || b.noAgents[instanceID] {
		return nil
	}
	gen := b.usersGen
	return b.Tx.ReadRoutableUsersAhead(ctx, instanceID, func(users []*User) {
		if b.usersGen != gen {
			return // a user was written since the read was asked for
		}
		if b.routable == nil {
			b.routable = map[string][]*User{}
		}
		b.routable[instanceID] = users
	})
}

// forgetUsers forgets what the change knows of routable users: a user is
// about to be written.
func (b *bufferedTx) forgetUsers() {
	b.noAgents, b.routable = nil, nil
	b.usersGen++
}

func (b *bufferedTx) InsertUser(ctx context.Context, u *User) error {
	b.forgetUsers()
	return b.Tx.InsertUser(ctx, u)
}

func (b *bufferedTx) UpdateUser(ctx context.Context, u *User) error {
	b.forgetUsers()
	return b.Tx.UpdateUser(ctx, u)
}

func (b *bufferedTx) DeleteUser(ctx context.Context, instanceID, id string) error {
	b.forgetUsers()
	return b.Tx.DeleteUser(ctx, instanceID, id)
}

// AppendEvent holds e back; e.Seq is set when the change ends.
func (b *bufferedTx) AppendEvent(_ context.Context, e *EventRecord) error {
	b.events = append(b.events, e)
	return nil
}

func (b *bufferedTx) AppendEvents(_ context.Context, es []*EventRecord) error {
	b.events = append(b.events, es...)
	return nil
}

func (b *bufferedTx) AppendFlowLog(_ context.Context, instanceID, contactID string, entries []FlowLogEntry) error {
	if len(entries) > 0 {
		b.logs = append(b.logs, FlowLogAppend{InstanceID: instanceID, ContactID: contactID, Entries: entries,
			New: b.created[contactKey{instanceID, contactID}]})
	}
	return nil
}

func (b *bufferedTx) AppendFlowLogs(_ context.Context, logs []FlowLogAppend) error {
	b.logs = append(b.logs, logs...)
	return nil
}

// GetInstance reads each instance once per change.
func (b *bufferedTx) GetInstance(ctx context.Context, id string) (*Instance, error) {
	if in, ok := b.instances[id]; ok {
		return in, nil
	}
	in, err := b.Tx.GetInstance(ctx, id)
	if err != nil {
		return nil, err
	}
	if b.instances == nil {
		b.instances = map[string]*Instance{}
	}
	b.instances[id] = in
	return in, nil
}

// GetContactFlow reads each flow once per change, until the change writes
// flows.
func (b *bufferedTx) GetContactFlow(ctx context.Context, instanceID, id string) (*ContactFlow, error) {
	k := contactKey{instanceID, id}
	if f, ok := b.flows[k]; ok {
		return f, nil
	}
	f, err := b.Tx.GetContactFlow(ctx, instanceID, id)
	if err != nil {
		return nil, err
	}
	if b.flows == nil {
		b.flows = map[contactKey]*ContactFlow{}
	}
	b.flows[k] = f
	return f, nil
}

// knowFlow adds f, read before the change began, to the flows the change
// has read.
func (b *bufferedTx) knowFlow(f *ContactFlow) {
	if b.flows == nil {
		b.flows = map[contactKey]*ContactFlow{}
	}
	b.flows[contactKey{f.InstanceID, f.ID}] = f
}

func (b *bufferedTx) InsertContactFlow(ctx context.Context, f *ContactFlow) error {
	b.flows = nil
	return b.Tx.InsertContactFlow(ctx, f)
}

func (b *bufferedTx) UpdateContactFlow(ctx context.Context, f *ContactFlow) error {
	b.flows = nil
	return b.Tx.UpdateContactFlow(ctx, f)
}

func (b *bufferedTx) DeleteContactFlow(ctx context.Context, instanceID, id string) error {
	b.flows = nil
	return b.Tx.DeleteContactFlow(ctx, instanceID, id)
}

// The reads and writes below may see or touch the held-back rows: they
// write them first.

// readContact writes the held-back contacts, reads one with read, and
// remembers it as stored (for UpdateContactFrom).
func (b *bufferedTx) readContact(ctx context.Context, read func() (*Contact, error)) (*Contact, error) {
	cs, err := b.readContacts(ctx, func() ([]*Contact, error) {
		c, err := read()
		return []*Contact{c}, err
	})
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

// readContacts is readContact for a read of several.
func (b *bufferedTx) readContacts(ctx context.Context, read func() ([]*Contact, error)) ([]*Contact, error) {
	if err := b.flushContacts(ctx); err != nil {
		return nil, err
	}
	cs, err := read()
	if err != nil {
		return nil, err
	}
	b.remember(cs...)
	return cs, nil
}

func (b *bufferedTx) GetContact(ctx context.Context, instanceID, id string) (*Contact, error) {
	return b.readContact(ctx, func() (*Contact, error) { return b.Tx.GetContact(ctx, instanceID, id) })
}

// WriteLock writes the held-back contacts first: the row to lock may be
// one of them.
func (b *bufferedTx) WriteLock(ctx context.Context, r Resource, instanceID, id string) error {
	if err := b.flushContacts(ctx); err != nil {
		return err
	}
	return b.Tx.WriteLock(ctx, r, instanceID, id)
}

func (b *bufferedTx) GetPartitionContact(ctx context.Context, p Partition, instanceID, id string) (*Contact, error) {
	return b.readContact(ctx, func() (*Contact, error) { return b.Tx.GetPartitionContact(ctx, p, instanceID, id) })
}

func (b *bufferedTx) GetContactByClientToken(ctx context.Context, instanceID, token string) (*Contact, error) {
	return b.readContact(ctx, func() (*Contact, error) { return b.Tx.GetContactByClientToken(ctx, instanceID, token) })
}

func (b *bufferedTx) CountContactsByPrevious(ctx context.Context, instanceID, id string) (int, error) {
	if err := b.flushContacts(ctx); err != nil {
		return 0, err
	}
	return b.Tx.CountContactsByPrevious(ctx, instanceID, id)
}

func (b *bufferedTx) SearchContacts(ctx context.Context, instanceID string, q ContactQuery) ([]*Contact, int, error) {
	if err := b.flushContacts(ctx); err != nil {
		return nil, 0, err
	}
	return b.Tx.SearchContacts(ctx, instanceID, q)
}

func (b *bufferedTx) NextWake(ctx context.Context) (*time.Time, error) {
	if err := b.flushContacts(ctx); err != nil {
		return nil, err
	}
	return b.Tx.NextWake(ctx)
}

func (b *bufferedTx) NextQueuedContact(ctx context.Context, instanceID string, queueIDs []string) (*Contact, error) {
	return b.readContact(ctx, func() (*Contact, error) { return b.Tx.NextQueuedContact(ctx, instanceID, queueIDs) })
}

func (b *bufferedTx) CountQueuedContacts(ctx context.Context, instanceID, queueID string) (int, error) {
	if err := b.flushContacts(ctx); err != nil {
		return 0, err
	}
	return b.Tx.CountQueuedContacts(ctx, instanceID, queueID)
}

func (b *bufferedTx) ListAgentContacts(ctx context.Context, instanceID, userID string) ([]*Contact, error) {
	return b.readContacts(ctx, func() ([]*Contact, error) { return b.Tx.ListAgentContacts(ctx, instanceID, userID) })
}

func (b *bufferedTx) ListQueueContacts(ctx context.Context, instanceID, queueID string, limit int) ([]*Contact, error) {
	return b.readContacts(ctx, func() ([]*Contact, error) { return b.Tx.ListQueueContacts(ctx, instanceID, queueID, limit) })
}

func (b *bufferedTx) DueContacts(ctx context.Context, now time.Time, limit int) ([]*Contact, error) {
	return b.readContacts(ctx, func() ([]*Contact, error) { return b.Tx.DueContacts(ctx, now, limit) })
}

// SetTags writes held-back contacts first (the ARN may be one's) and
// forgets the instances and flows read, whose tags may change.
func (b *bufferedTx) SetTags(ctx context.Context, arn string, tags map[string]string) error {
	if err := b.flushContacts(ctx); err != nil {
		return err
	}
	b.instances, b.flows = nil, nil
	return b.Tx.SetTags(ctx, arn, tags)
}

func (b *bufferedTx) ListFlowLog(ctx context.Context, instanceID, contactID string) ([]FlowLogEntry, error) {
	if err := b.flushLogs(ctx); err != nil {
		return nil, err
	}
	return b.Tx.ListFlowLog(ctx, instanceID, contactID)
}

func (b *bufferedTx) EventsAfter(ctx context.Context, after int64, limit int) ([]EventRecord, error) {
	if err := b.flushEvents(ctx); err != nil {
		return nil, err
	}
	return b.Tx.EventsAfter(ctx, after, limit)
}

func (b *bufferedTx) PartitionEventsAfter(ctx context.Context, p Partition, after int64, limit int) ([]EventRecord, error) {
	if err := b.flushEvents(ctx); err != nil {
		return nil, err
	}
	return b.Tx.PartitionEventsAfter(ctx, p, after, limit)
}

func (b *bufferedTx) LastEventSeq(ctx context.Context) (int64, error) {
	if err := b.flushEvents(ctx); err != nil {
		return 0, err
	}
	return b.Tx.LastEventSeq(ctx)
}

func (b *bufferedTx) DeleteEventsBefore(ctx context.Context, t time.Time) (int, error) {
	if err := b.flushEvents(ctx); err != nil {
		return 0, err
	}
	return b.Tx.DeleteEventsBefore(ctx, t)
}

func (b *bufferedTx) DeleteFlowLogsBefore(ctx context.Context, t time.Time) (int, error) {
	if err := b.flushLogs(ctx); err != nil {
		return 0, err
	}
	return b.Tx.DeleteFlowLogsBefore(ctx, t)
}

func (b *bufferedTx) InsertInstance(ctx context.Context, in *Instance) error {
	b.instances = nil
	return b.Tx.InsertInstance(ctx, in)
}

func (b *bufferedTx) DeleteInstance(ctx context.Context, id string) error {
	if err := b.flush(ctx); err != nil {
		return err
	}
	b.instances, b.flows, b.attrs, b.attrsRead, b.stored = nil, nil, nil, nil, nil
	b.forgetUsers()
	return b.Tx.DeleteInstance(ctx, id)
}

func (b *bufferedTx) DeletePartition(ctx context.Context, p Partition) (PartitionCounts, error) {
	if err := b.flush(ctx); err != nil {
		return PartitionCounts{}, err
	}
	b.instances, b.flows, b.attrs, b.attrsRead, b.stored = nil, nil, nil, nil, nil
	b.forgetUsers()
	return b.Tx.DeletePartition(ctx, p)
}
