package connect_test

import (
	"context"
	"errors"
	"testing"

	"connectd/internal/connect"
)

// routeBundle is a service with a task template and quick connects of every
// type over real SQLite, for the parts of templates and quick connects the
// API does not show: which flow, snapshot and quick connect a task records.
type routeBundle struct {
	*benchBundle
	agentFlow, queueFlow, queue string
	user                        string // made by agent
}

func setupRoutes(t *testing.T) *routeBundle {
	t.Helper()
	b := &routeBundle{benchBundle: setupBench(t)}
	ctx := context.Background()
	flows, _, err := b.svc.ListContactFlows(ctx, b.p, b.instance, []string{"AGENT_TRANSFER", "QUEUE_TRANSFER"}, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range flows {
		if f.Type == connect.FlowTypeAgentTransfer {
			b.agentFlow = f.ID
		} else {
			b.queueFlow = f.ID
		}
	}
	queues, _, err := b.svc.ListQueues(ctx, b.p, b.instance, nil, "", 100)
	if err != nil || len(queues) != 1 {
		t.Fatalf("ListQueues = %v, %v", queues, err)
	}
	b.queue = queues[0].ID
	return b
}

func (b *routeBundle) quickConnect(t *testing.T, name string, cfg connect.QuickConnectConfig) string {
	t.Helper()
	q, err := b.svc.CreateQuickConnect(context.Background(), b.p, connect.CreateQuickConnectInput{
		InstanceID: b.instance, Name: name, Config: cfg})
	if err != nil {
		t.Fatalf("CreateQuickConnect(%s): %v", name, err)
	}
	return q.ID
}

// agent returns the ID of a user (created on first use) for USER quick connects.
func (b *routeBundle) agent(t *testing.T) string {
	t.Helper()
	if b.user != "" {
		return b.user
	}
	ctx := context.Background()
	rps, _, err := b.svc.ListRoutingProfiles(ctx, b.p, b.instance, "", 10)
	if err != nil || len(rps) == 0 {
		t.Fatalf("ListRoutingProfiles = %v, %v", rps, err)
	}
	sps, _, err := b.svc.ListSecurityProfiles(ctx, b.p, b.instance, "", 10)
	if err != nil || len(sps) == 0 {
		t.Fatalf("ListSecurityProfiles = %v, %v", sps, err)
	}
	u, err := b.svc.CreateUser(ctx, b.p, connect.CreateUserInput{InstanceID: b.instance, Username: "agent1",
		Password: new("Passw0rd!"), Identity: connect.UserIdentity{FirstName: "F", LastName: "L"},
		RoutingProfileID: rps[0].ID, SecurityProfileIDs: []string{sps[0].ID}})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	b.user = u.ID
	return b.user
}

func (b *routeBundle) queueQC(t *testing.T, name string) string {
	return b.quickConnect(t, name, connect.QuickConnectConfig{Type: connect.QuickConnectQueue,
		Queue: &connect.QueueQuickConnectConfig{QueueID: b.queue, ContactFlowID: b.queueFlow}})
}

func (b *routeBundle) userQC(t *testing.T, name string) string {
	return b.quickConnect(t, name, connect.QuickConnectConfig{Type: connect.QuickConnectUser,
		User: &connect.UserQuickConnectConfig{UserID: b.agent(t), ContactFlowID: b.agentFlow}})
}

func (b *routeBundle) template(t *testing.T, in connect.TaskTemplateInput) *connect.TaskTemplate {
	t.Helper()
	in.InstanceID = b.instance
	if in.Constraints == nil {
		in.Constraints = &connect.TaskTemplateConstraints{Required: []string{"Title"}}
	}
	in.Fields = append([]connect.TaskTemplateField{{Name: "Title", Type: connect.FieldName}}, in.Fields...)
	tt, err := b.svc.CreateTaskTemplate(context.Background(), b.p, in)
	if err != nil {
		t.Fatalf("CreateTaskTemplate(%s): %v", in.Name, err)
	}
	return tt
}

// TestTaskTemplateSnapshots checks that each change makes a snapshot and that
// a task keeps describing the snapshot it was created with.
func TestTaskTemplateSnapshots(t *testing.T) {
	t.Parallel()
	b := setupRoutes(t)
	ctx := context.Background()
	tt := b.template(t, connect.TaskTemplateInput{Name: "v1", ContactFlowID: b.flow})
	start := func() *connect.Contact {
		t.Helper()
		c, err := b.svc.StartTaskContact(ctx, b.p, connect.StartTaskInput{InstanceID: b.instance, Name: "task", TaskTemplateID: tt.ID})
		if err != nil {
			t.Fatal(err)
		}
		c, err = b.svc.DescribeContact(ctx, b.p, b.instance, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := start()
	upd, err := b.svc.UpdateTaskTemplate(ctx, b.p, connect.TaskTemplateInput{InstanceID: b.instance, ID: tt.ID, Name: "v2",
		ContactFlowID: b.flow, Status: connect.TemplateActive, Fields: []connect.TaskTemplateField{{Name: "Title", Type: connect.FieldName}},
		Constraints: &connect.TaskTemplateConstraints{Required: []string{"Title"}}})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Version != 2 || !upd.CreatedTime.Equal(tt.CreatedTime) {
		t.Errorf("after update: version %d created %v, want 2 and %v", upd.Version, upd.CreatedTime, tt.CreatedTime)
	}
	second := start()
	for _, tc := range []struct {
		c       *connect.Contact
		version int
		name    string
	}{{first, 1, "v1"}, {second, 2, "v2"}} {
		if tc.c.TaskTemplateVersion != tc.version || tc.c.TaskTemplate == nil || tc.c.TaskTemplate.Name != tc.name ||
			tc.c.TaskTemplate.ARN != tt.ARN {
			t.Errorf("contact uses version %d, info %+v; want version %d named %s", tc.c.TaskTemplateVersion, tc.c.TaskTemplate, tc.version, tc.name)
		}
	}
	for v, name := range map[string]string{"": "v2", "1": "v1", "2": "v2"} {
		got, err := b.svc.GetTaskTemplate(ctx, b.p, b.instance, tt.ID, v)
		if err != nil || got.Name != name {
			t.Errorf("GetTaskTemplate(snapshot %q) = %v, %v; want %s", v, got, err, name)
		}
	}
	for _, v := range []string{"3", "0", "-1", "x"} {
		if _, err := b.svc.GetTaskTemplate(ctx, b.p, b.instance, tt.ID, v); !connect.IsNotFound(err) {
			t.Errorf("GetTaskTemplate(snapshot %q) = %v, want NotFound", v, err)
		}
	}
	if err := b.svc.DeleteTaskTemplate(ctx, b.p, b.instance, tt.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.GetTaskTemplate(ctx, b.p, b.instance, tt.ID, "1"); !connect.IsNotFound(err) {
		t.Errorf("GetTaskTemplate(deleted, 1) = %v, want NotFound", err)
	}
	c, err := b.svc.DescribeContact(ctx, b.p, b.instance, first.ID)
	if err != nil || c.TaskTemplate == nil || c.TaskTemplate.Name != "v1" {
		t.Errorf("DescribeContact after the template's deletion = %+v, %v; want it to still name v1", c, err)
	}

	// UpdateContactTaskTemplate moves a task to the current snapshot of
	// another template.
	other := b.template(t, connect.TaskTemplateInput{Name: "other", ContactFlowID: b.flow})
	if err := b.svc.UpdateContactTaskTemplate(ctx, b.p, b.instance, second.ID, other.ID); err != nil {
		t.Fatal(err)
	}
	c, err = b.svc.DescribeContact(ctx, b.p, b.instance, second.ID)
	if err != nil || c.TaskTemplateID != other.ID || c.TaskTemplateVersion != 1 || c.TaskTemplateChanges != 1 || c.TaskTemplate.Name != "other" {
		t.Errorf("after UpdateContactTaskTemplate: %+v, %v", c, err)
	}
}

// TestCreateTaskTemplateClientToken checks CreateTaskTemplate's idempotency.
func TestCreateTaskTemplateClientToken(t *testing.T) {
	t.Parallel()
	b := setupRoutes(t)
	ctx := context.Background()
	in := connect.TaskTemplateInput{InstanceID: b.instance, ClientToken: "tok", Name: "T", ContactFlowID: b.flow,
		Fields:      []connect.TaskTemplateField{{Name: "Title", Type: connect.FieldName}},
		Constraints: &connect.TaskTemplateConstraints{Required: []string{"Title"}}}
	first, err := b.svc.CreateTaskTemplate(ctx, b.p, in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := b.svc.CreateTaskTemplate(ctx, b.p, in)
	if err != nil || again.ID != first.ID {
		t.Errorf("retry = %v, %v; want template %s", again, err, first.ID)
	}
	in.Name = "U"
	_, err = b.svc.CreateTaskTemplate(ctx, b.p, in)
	var ce *connect.Error
	if !errors.As(err, &ce) || ce.Kind != connect.TokenReused {
		t.Errorf("same token, other request = %v, want TokenReused", err)
	}
}
