package connect_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/clock"
	"connectd/internal/connect"
	"connectd/internal/connecttest"
	"connectd/internal/flow"
	"connectd/internal/sqlite"
)

// Flows a transfer runs: into the preset working queue, or to the preset
// agent's queue; both disconnect when that fails.
const (
	queueTransferFlow = `{"Version":"2019-10-30","StartAction":"t","Metadata":{},"Actions":[` +
		`{"Identifier":"t","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"d",` +
		`"Errors":[{"NextAction":"d","ErrorType":"QueueAtCapacity"},{"NextAction":"d","ErrorType":"NoMatchingError"}]}},` +
		`{"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
	agentTransferFlow = `{"Version":"2019-10-30","StartAction":"t","Metadata":{},"Actions":[` +
		`{"Identifier":"t","Type":"TransferContactToAgent","Parameters":{},"Transitions":{"NextAction":"d",` +
		`"Errors":[{"NextAction":"d","ErrorType":"NoMatchingError"}]}},` +
		`{"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
)

// opsBundle is a Service with the real flow engine over real SQLite, a
// manual clock, and the IDs of what its instance is born with plus a queue
// transfer and an agent transfer flow.
type opsBundle struct {
	svc        *connect.Service
	db         *sqlite.DB
	clock      *clock.Manual
	p          connect.Partition
	inst       *connect.Instance
	rp         string // Basic Routing Profile
	queue      string // BasicQueue
	hours      string
	available  string
	offline    string
	taskFlow   string // Default task flow: into BasicQueue
	toQueue    string // QUEUE_TRANSFER flow
	toAgent    string // AGENT_TRANSFER flow
	otherFlows map[string]string
}

func setupOps(t *testing.T) *opsBundle {
	t.Helper()
	c := connecttest.Setup(t, connecttest.Config{Partition: connect.Partition{AccountID: "123456789012", Region: "eu-west-2"},
		Start: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{})})
	b := &opsBundle{svc: c.Service, db: c.Store, clock: c.Clock, p: c.Partition, inst: c.Instance, rp: c.RoutingProfile,
		queue: c.Queue, hours: c.Hours, available: c.Available, offline: c.Offline, taskFlow: c.TaskFlow, otherFlows: c.Flows}
	b.toQueue = b.flow(t, "to queue", connect.FlowTypeQueueTransfer, queueTransferFlow, connect.FlowPublished)
	b.toAgent = b.flow(t, "to agent", connect.FlowTypeAgentTransfer, agentTransferFlow, connect.FlowPublished)
	return b
}

func (b *opsBundle) flow(t *testing.T, name, typ, content, status string) string {
	t.Helper()
	f, err := b.svc.CreateContactFlow(t.Context(), b.p, connect.CreateContactFlowInput{InstanceID: b.inst.ID,
		Name: name, Type: typ, Content: content, Status: status})
	if err != nil {
		t.Fatalf("CreateContactFlow(%s): %v", name, err)
	}
	return f.ID
}

func (b *opsBundle) newQueue(t *testing.T, name string) string {
	t.Helper()
	q, err := b.svc.CreateQueue(t.Context(), b.p, connect.CreateQueueInput{InstanceID: b.inst.ID, Name: name, HoursOfOperationID: b.hours})
	if err != nil {
		t.Fatalf("CreateQueue(%s): %v", name, err)
	}
	return q.ID
}

// agent creates a user with the Basic Routing Profile, Available unless
// offline is set.
func (b *opsBundle) agent(t *testing.T, name string, offline bool) *connect.User {
	t.Helper()
	u, err := b.svc.CreateUser(t.Context(), b.p, connect.CreateUserInput{
		InstanceID: b.inst.ID, Username: name, Password: new("Passw0rd!"),
		Identity: connect.UserIdentity{FirstName: "F", LastName: "L"}, RoutingProfileID: b.rp,
	})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	if !offline {
		b.status(t, u.ID, b.available)
	}
	return u
}

func (b *opsBundle) status(t *testing.T, userID, statusID string) {
	t.Helper()
	b.clock.Advance(time.Second) // keeps the agents' order in line well defined
	if err := b.svc.PutUserStatus(t.Context(), b.p, b.inst.ID, userID, statusID); err != nil {
		t.Fatalf("PutUserStatus: %v", err)
	}
}

func (b *opsBundle) task(t *testing.T, name string, opts ...func(*connect.StartTaskInput)) *connect.Contact {
	t.Helper()
	in := connect.StartTaskInput{InstanceID: b.inst.ID, ContactFlowID: b.taskFlow, Name: name,
		Attributes: map[string]string{"case": name}}
	for _, o := range opts {
		o(&in)
	}
	c, err := b.svc.StartTaskContact(t.Context(), b.p, in)
	if err != nil {
		t.Fatalf("StartTaskContact(%s): %v", name, err)
	}
	return b.describe(t, c.ID)
}

func (b *opsBundle) describe(t *testing.T, id string) *connect.Contact {
	t.Helper()
	c, err := b.svc.DescribeContact(t.Context(), b.p, b.inst.ID, id)
	if err != nil {
		t.Fatalf("DescribeContact(%s): %v", id, err)
	}
	return c
}

func (b *opsBundle) accept(t *testing.T, userID, contactID string) {
	t.Helper()
	b.clock.Advance(time.Second)
	if err := b.svc.AcceptContact(t.Context(), b.p, b.inst.ID, userID, contactID); err != nil {
		t.Fatalf("AcceptContact: %v", err)
	}
}

func (b *opsBundle) transfer(t *testing.T, in connect.TransferInput) *connect.Contact {
	t.Helper()
	in.InstanceID = b.inst.ID
	b.clock.Advance(time.Second)
	n, err := b.svc.TransferContact(t.Context(), b.p, in)
	if err != nil {
		t.Fatalf("TransferContact: %v", err)
	}
	return b.describe(t, n.ID)
}

func (b *opsBundle) agentContacts(t *testing.T, userID string) []string {
	t.Helper()
	cs, err := b.svc.AgentContacts(t.Context(), b.p, b.inst.ID, userID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.ID+" "+string(c.State))
	}
	return out
}

func (b *opsBundle) events(t *testing.T, id string) string {
	t.Helper()
	evs, err := b.db.EventsAfter(t.Context(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		if e.ContactID == id {
			out = append(out, e.Type)
		}
	}
	return strings.Join(out, ",")
}

// TestTransferToQueue: a task connected with an agent is transferred to a
// queue its agent does not serve. It ends (OTHER); a new TRANSFER
// contact continues it (same initial contact, shared attributes, same data)
// and waits in the target queue; the agent is free.
func TestTransferToQueue(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	ann := b.agent(t, "ann", false)
	other := b.newQueue(t, "Escalations")
	orig := b.task(t, "refund", func(in *connect.StartTaskInput) {
		in.Description = "refund order 7"
		in.References = map[string]connect.Reference{"order": {Type: connect.RefURL, Value: "https://example.com/7"}}
	})
	if orig.State != connect.StateConnecting || orig.AgentID != ann.ID {
		t.Fatalf("task = %s with %q, want offered to ann", orig.State, orig.AgentID)
	}
	b.accept(t, ann.ID, orig.ID)
	n := b.transfer(t, connect.TransferInput{ContactID: orig.ID, QueueID: other, ContactFlowID: b.toQueue})

	old := b.describe(t, orig.ID)
	if old.State != connect.StateEnded || old.DisconnectReason != connect.DisconnectReasonOther ||
		old.DisconnectTimestamp == nil || !old.DisconnectTimestamp.Equal(b.clock.Now()) {
		t.Errorf("transferred task = %s (%s at %v), want ENDED OTHER now", old.State, old.DisconnectReason, old.DisconnectTimestamp)
	}
	type view struct {
		Channel, Method, Initial, Previous, Name, Description, Flow, Queue, Agent string
		State                                                                     connect.ContactState
		Refs                                                                      map[string]connect.Reference
		Attrs                                                                     map[string]string
	}
	got := view{n.Channel, n.InitiationMethod, n.InitialContactID, n.PreviousContactID, n.Name, n.Description,
		n.ContactFlowID, n.QueueID, n.AgentID, n.State, n.References, n.Attributes}
	want := view{"TASK", "TRANSFER", orig.ID, orig.ID, "refund", "refund order 7", b.toQueue, other, "", connect.StateQueued,
		orig.References, map[string]string{"case": "refund"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("new contact (-want +got):\n%s", diff)
	}
	if n.ID == orig.ID || !strings.HasSuffix(n.ARN, "/contact/"+n.ID) || !n.InitiationTimestamp.Equal(b.clock.Now()) {
		t.Errorf("new contact %s (%s) initiated %v", n.ID, n.ARN, n.InitiationTimestamp)
	}
	if got := b.events(t, orig.ID); !strings.HasSuffix(got, "CONNECTED_TO_AGENT,DISCONNECTED,COMPLETED") {
		t.Errorf("transferred task events = %s", got)
	}
	if got := b.events(t, n.ID); got != "INITIATED,CONNECTED_TO_SYSTEM,QUEUED" {
		t.Errorf("new contact events = %s", got)
	}
	if got := b.agentContacts(t, ann.ID); got != nil {
		t.Errorf("ann holds %v after the transfer, want nothing", got)
	}
	// The two contacts share one attribute set, as a chain does.
	if err := b.svc.UpdateContactAttributes(ctx, b.p, b.inst.ID, n.ID, map[string]string{"step": "2"}); err != nil {
		t.Fatal(err)
	}
	attrs, err := b.svc.GetContactAttributes(ctx, b.p, b.inst.ID, orig.ID)
	if err != nil || attrs["step"] != "2" {
		t.Errorf("attributes of the transferred task = %v, %v; want the new contact's", attrs, err)
	}
}

// TestTransferToAgent: an offered task is transferred to another agent (by
// ARN): the new contact goes to that agent's queue and is offered to them.
func TestTransferToAgent(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ann := b.agent(t, "ann", false)
	bob := b.agent(t, "bob", true)
	orig := b.task(t, "handover")
	if orig.AgentID != ann.ID {
		t.Fatalf("task offered to %q, want ann", orig.AgentID)
	}
	b.status(t, bob.ID, b.available)
	n := b.transfer(t, connect.TransferInput{ContactID: orig.ID, UserID: bob.ARN, ContactFlowID: b.toAgent})
	if n.State != connect.StateConnecting || n.AgentID != bob.ID || n.QueueID != bob.ID {
		t.Errorf("new contact = %s with %q in queue %q, want offered to bob from his agent queue", n.State, n.AgentID, n.QueueID)
	}
	if diff := cmp.Diff([]string{n.ID + " CONNECTING"}, b.agentContacts(t, bob.ID)); diff != "" {
		t.Errorf("bob's contacts (-want +got):\n%s", diff)
	}
	if got := b.agentContacts(t, ann.ID); got != nil {
		t.Errorf("ann holds %v, want nothing", got)
	}
}

// TestTransferFlowDecides: with neither QueueId nor UserId the flow picks
// the queue (the default task flow sets BasicQueue); a paused task can be
// transferred and frees its agent.
func TestTransferFlowDecides(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	other := b.newQueue(t, "Parked")
	orig := b.task(t, "parked", func(in *connect.StartTaskInput) { in.ContactFlowID = b.taskFlow })
	parked := b.transfer(t, connect.TransferInput{ContactID: orig.ID, QueueID: other, ContactFlowID: b.toQueue})
	ann := b.agent(t, "ann", false)
	if got := b.agentContacts(t, ann.ID); got != nil {
		t.Fatalf("ann was offered %v from a queue she does not serve", got)
	}
	back := b.transfer(t, connect.TransferInput{ContactID: parked.ID, ContactFlowID: b.taskFlow})
	if back.QueueID != b.queue || back.AgentID != ann.ID || back.State != connect.StateConnecting {
		t.Fatalf("transferred back = %s in %q with %q, want offered to ann from BasicQueue", back.State, back.QueueID, back.AgentID)
	}
	if back.InitialContactID != orig.ID || back.PreviousContactID != parked.ID {
		t.Errorf("chain = initial %s previous %s, want %s and %s", back.InitialContactID, back.PreviousContactID, orig.ID, parked.ID)
	}
	b.accept(t, ann.ID, back.ID)
	if err := b.svc.PauseContact(t.Context(), b.p, b.inst.ID, back.ID, ""); err != nil {
		t.Fatal(err)
	}
	again := b.transfer(t, connect.TransferInput{ContactID: back.ID, QueueID: other, ContactFlowID: b.toQueue})
	if again.State != connect.StateQueued || b.agentContacts(t, ann.ID) != nil {
		t.Errorf("paused task transferred: new contact %s, ann holds %v", again.State, b.agentContacts(t, ann.ID))
	}
}

// TestTransferRefusals: every documented rule, and that a refused transfer
// changes nothing.
func TestTransferRefusals(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	ann := b.agent(t, "ann", true)
	live := b.task(t, "live")
	ended := b.task(t, "ended")
	if err := b.svc.StopContact(ctx, b.p, b.inst.ID, ended.ID); err != nil {
		t.Fatal(err)
	}
	at := b.clock.Now().Add(time.Hour)
	scheduled := b.task(t, "later", func(in *connect.StartTaskInput) { in.ScheduledTime = &at })
	saved := b.flow(t, "draft", connect.FlowTypeQueueTransfer, queueTransferFlow, connect.FlowSaved)
	other, err := b.svc.CreateInstance(ctx, b.p, connect.CreateInstanceInput{IdentityManagementType: connect.DirectoryManaged, Alias: "other"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   connect.TransferInput
		want connect.Kind
	}{
		{"queue and user", connect.TransferInput{ContactID: live.ID, QueueID: b.queue, UserID: ann.ID, ContactFlowID: b.toQueue}, connect.Invalid},
		{"unknown contact", connect.TransferInput{ContactID: "nope", QueueID: b.queue, ContactFlowID: b.toQueue}, connect.NotFound},
		{"ended contact", connect.TransferInput{ContactID: ended.ID, QueueID: b.queue, ContactFlowID: b.toQueue}, connect.Invalid},
		{"scheduled task", connect.TransferInput{ContactID: scheduled.ID, QueueID: b.queue, ContactFlowID: b.toQueue}, connect.Invalid},
		{"unknown flow", connect.TransferInput{ContactID: live.ID, QueueID: b.queue, ContactFlowID: "nope"}, connect.NotFound},
		{"customer queue flow", connect.TransferInput{ContactID: live.ID, QueueID: b.queue, ContactFlowID: b.otherFlows["Default customer queue"]}, connect.Invalid},
		{"unpublished flow", connect.TransferInput{ContactID: live.ID, QueueID: b.queue, ContactFlowID: saved}, connect.Invalid},
		{"unknown queue", connect.TransferInput{ContactID: live.ID, QueueID: "nope", ContactFlowID: b.toQueue}, connect.NotFound},
		{"unknown user", connect.TransferInput{ContactID: live.ID, UserID: "nope", ContactFlowID: b.toAgent}, connect.NotFound},
		{"user of another instance", connect.TransferInput{ContactID: live.ID, UserID: strings.Replace(ann.ARN, b.inst.ID, other.ID, 1), ContactFlowID: b.toAgent}, connect.NotFound},
		{"flow of another instance", connect.TransferInput{ContactID: live.ID, QueueID: b.queue, ContactFlowID: strings.Replace(b.inst.ARN, b.inst.ID, other.ID, 1) + "/contact-flow/" + b.toQueue}, connect.NotFound},
		{"unknown instance", connect.TransferInput{InstanceID: "nope", ContactID: live.ID, QueueID: b.queue, ContactFlowID: b.toQueue}, connect.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in.InstanceID == "" {
				tc.in.InstanceID = b.inst.ID
			}
			_, err := b.svc.TransferContact(ctx, b.p, tc.in)
			if connect.KindOf(err) != tc.want || err == nil {
				t.Errorf("TransferContact = %v, want a %v error", err, tc.want)
			}
		})
	}
	if c := b.describe(t, live.ID); c.State != connect.StateQueued || b.events(t, live.ID) != "INITIATED,CONNECTED_TO_SYSTEM,QUEUED" {
		t.Errorf("after the refusals the task is %s with events %s, want untouched", c.State, b.events(t, live.ID))
	}
}

// TestTransferLimit: a contact can be transferred 11 times, not 12.
func TestTransferLimit(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	c := b.task(t, "hot potato")
	first := c.ID
	for i := range 11 {
		c = b.transfer(t, connect.TransferInput{ContactID: c.ID, QueueID: b.queue, ContactFlowID: b.toQueue})
		if c.InitialContactID != first {
			t.Fatalf("transfer %d: InitialContactId = %s, want %s", i+1, c.InitialContactID, first)
		}
	}
	_, err := b.svc.TransferContact(t.Context(), b.p, connect.TransferInput{InstanceID: b.inst.ID, ContactID: c.ID,
		QueueID: b.queue, ContactFlowID: b.toQueue})
	if connect.KindOf(err) != connect.QuotaExceeded {
		t.Fatalf("12th transfer = %v, want QuotaExceeded", err)
	}
	if got := b.describe(t, c.ID); got.State != connect.StateQueued {
		t.Errorf("after the refused 12th transfer the contact is %s, want still QUEUED", got.State)
	}
}

// TestTransferClientToken: a retry returns the same contact, also once the
// transferred task has ended; the token with another request is refused,
// across operations too.
func TestTransferClientToken(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	other := b.newQueue(t, "Other")
	orig := b.task(t, "retry")
	in := connect.TransferInput{InstanceID: b.inst.ID, ContactID: orig.ID, QueueID: other, ContactFlowID: b.toQueue, ClientToken: "tok-1"}
	first, err := b.svc.TransferContact(ctx, b.p, in)
	if err != nil {
		t.Fatal(err)
	}
	byARN := in
	byARN.InstanceID, byARN.ContactFlowID = b.inst.ARN, b.inst.ARN+"/contact-flow/"+b.toQueue
	for name, retry := range map[string]connect.TransferInput{"same": in, "by ARN": byARN} {
		again, err := b.svc.TransferContact(ctx, b.p, retry)
		if err != nil || again.ID != first.ID || again.ARN != first.ARN {
			t.Errorf("retry (%s) = %v, %v; want contact %s", name, again, err, first.ID)
		}
	}
	changed := in
	changed.QueueID = b.queue
	if _, err := b.svc.TransferContact(ctx, b.p, changed); connect.KindOf(err) != connect.TokenReused {
		t.Errorf("same token, other queue = %v, want TokenReused", err)
	}
	task := connect.StartTaskInput{InstanceID: b.inst.ID, ContactFlowID: b.taskFlow, Name: "t", ClientToken: "tok-1"}
	if _, err := b.svc.StartTaskContact(ctx, b.p, task); connect.KindOf(err) != connect.TokenReused {
		t.Errorf("StartTaskContact with a transfer's token = %v, want TokenReused", err)
	}
	task.ClientToken = "tok-2"
	started, err := b.svc.StartTaskContact(ctx, b.p, task)
	if err != nil {
		t.Fatal(err)
	}
	reuse := connect.TransferInput{InstanceID: b.inst.ID, ContactID: started.ID, QueueID: other, ContactFlowID: b.toQueue, ClientToken: "tok-2"}
	if _, err := b.svc.TransferContact(ctx, b.p, reuse); connect.KindOf(err) != connect.TokenReused {
		t.Errorf("TransferContact with a StartTaskContact token = %v, want TokenReused", err)
	}
	if c := b.describe(t, started.ID); c.State != connect.StateQueued {
		t.Errorf("task of the refused transfer is %s, want still QUEUED", c.State)
	}
}
