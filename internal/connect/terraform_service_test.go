package connect_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// Service tests of the operations Terraform's aws_connect_* resources call:
// instance attributes, flow modules, queue and routing profile updates,
// security profile permissions.

func TestInstanceAttributes(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	other := connect.Partition{AccountID: "999999999999", Region: b.p.Region}

	// A new instance: its calls as created, the rest as AWS creates them.
	want := map[string]string{
		"INBOUND_CALLS": "true", "OUTBOUND_CALLS": "true", "CONTACTFLOW_LOGS": "false", "CONTACT_LENS": "true",
		"AUTO_RESOLVE_BEST_VOICES": "true", "USE_CUSTOM_TTS_VOICES": "false", "EARLY_MEDIA": "true",
		"MULTI_PARTY_CONFERENCE": "false", "HIGH_VOLUME_OUTBOUND": "false", "ENHANCED_CONTACT_MONITORING": "false",
		"ENHANCED_CHAT_MONITORING": "false", "MULTI_PARTY_CHAT_CONFERENCE": "false", "MESSAGE_STREAMING": "false",
	}
	inst, err := b.svc.CreateInstance(ctx, b.p, connect.CreateInstanceInput{IdentityManagementType: "CONNECT_MANAGED",
		Alias: "attrs", InboundCallsEnabled: true, OutboundCallsEnabled: true})
	if err != nil {
		t.Fatal(err)
	}
	list := func() map[string]string {
		t.Helper()
		got := map[string]string{}
		token := ""
		for pages := 0; ; pages++ {
			page, next, err := b.svc.ListInstanceAttributes(ctx, b.p, inst.ID, token, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) > 7 {
				t.Errorf("page of %d attributes, want at most 7", len(page))
			}
			for _, a := range page {
				got[a.Type] = a.Value
			}
			if next == "" {
				if pages != 1 {
					t.Errorf("%d pages, want 2 of 7 and 6", pages+1)
				}
				return got
			}
			token = next
		}
	}
	if diff := cmp.Diff(want, list()); diff != "" {
		t.Errorf("new instance's attributes (-want +got):\n%s", diff)
	}

	for typ, v := range map[string]string{"INBOUND_CALLS": "false", "CONTACT_LENS": "false", "MESSAGE_STREAMING": "true"} {
		if err := b.svc.UpdateInstanceAttribute(ctx, b.p, inst.ID, typ, v); err != nil {
			t.Fatalf("UpdateInstanceAttribute(%s): %v", typ, err)
		}
		want[typ] = v
	}
	if diff := cmp.Diff(want, list()); diff != "" {
		t.Errorf("attributes after updates (-want +got):\n%s", diff)
	}
	if a, err := b.svc.DescribeInstanceAttribute(ctx, b.p, inst.ARN, "CONTACT_LENS"); err != nil || a.Value != "false" {
		t.Errorf("DescribeInstanceAttribute(CONTACT_LENS) = %+v, %v", a, err)
	}
	if got, _ := b.svc.DescribeInstance(ctx, b.p, inst.ID); got.InboundCallsEnabled || !got.OutboundCallsEnabled {
		t.Errorf("DescribeInstance calls = %v/%v, want false/true", got.InboundCallsEnabled, got.OutboundCallsEnabled)
	}
	// The default instance is untouched.
	if a, _ := b.svc.DescribeInstanceAttribute(ctx, b.p, b.inst.ID, "CONTACT_LENS"); a.Value != "true" {
		t.Errorf("the other instance's CONTACT_LENS = %q, want true", a.Value)
	}

	wantKind(t, "value not a boolean", b.svc.UpdateInstanceAttribute(ctx, b.p, inst.ID, "EARLY_MEDIA", "yes"), connect.InvalidParameter)
	wantKind(t, "unknown type", b.svc.UpdateInstanceAttribute(ctx, b.p, inst.ID, "TELEPATHY", "true"), connect.InvalidParameter)
	_, _, err = b.svc.ListInstanceAttributes(ctx, b.p, inst.ID, "garbage", 0)
	wantKind(t, "bad token", err, connect.Invalid)
	// Another account sees no such instance.
	_, err = b.svc.DescribeInstanceAttribute(ctx, other, inst.ID, "CONTACT_LENS")
	wantKind(t, "other account's Describe", err, connect.NotFound)
	_, _, err = b.svc.ListInstanceAttributes(ctx, other, inst.ID, "", 0)
	wantKind(t, "other account's List", err, connect.NotFound)
	wantKind(t, "other account's Update", b.svc.UpdateInstanceAttribute(ctx, other, inst.ID, "CONTACT_LENS", "true"), connect.NotFound)
}

// moduleContent is a module that sets the attribute module=value and returns.
func moduleContent(value string) string {
	return fmt.Sprintf(`{"Version":"2019-10-30","StartAction":"set","Actions":[`+
		`{"Identifier":"set","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"module":%q}},"Transitions":{"NextAction":"end"}},`+
		`{"Identifier":"end","Type":"EndFlowModuleExecution","Parameters":{},"Transitions":{}}]}`, value)
}

func TestFlowModules(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	other := connect.Partition{AccountID: "999999999999", Region: b.p.Region}
	create := func(name, content, token string) (*connect.ContactFlowModule, error) {
		return b.svc.CreateContactFlowModule(ctx, b.p, connect.CreateContactFlowModuleInput{InstanceID: b.inst.ID,
			Name: name, Content: content, ClientToken: token, Tags: map[string]string{"k": "v"}})
	}
	m, err := create("Tagging", moduleContent("v1"), "tok-1")
	if err != nil {
		t.Fatal(err)
	}
	if m.State != connect.FlowActive || m.Status != connect.FlowPublished {
		t.Errorf("new module state/status = %s/%s", m.State, m.Status)
	}
	if again, err := create("Tagging", moduleContent("v1"), "tok-1"); err != nil || again.ID != m.ID {
		t.Errorf("retry with the same token = %v, %v; want the first module", again, err)
	}
	_, err = create("Other", moduleContent("v1"), "tok-1")
	wantKind(t, "token reused for another module", err, connect.TokenReused)
	_, err = create("Tagging", moduleContent("v1"), "")
	wantKind(t, "name taken", err, connect.Duplicate)
	_, err = create("Broken", `{"Version":"2019-10-30"}`, "")
	wantKind(t, "invalid content", err, connect.InvalidFlow)

	got, err := b.svc.DescribeContactFlowModule(ctx, b.p, b.inst.ID, m.ARN)
	if err != nil || got.ID != m.ID || got.Tags["k"] != "v" {
		t.Errorf("DescribeContactFlowModule(ARN) = %+v, %v", got, err)
	}
	_, err = b.svc.DescribeContactFlowModule(ctx, other, b.inst.ID, m.ID)
	wantKind(t, "other account's Describe", err, connect.NotFound)
	_, _, err = b.svc.ListContactFlowModules(ctx, other, b.inst.ID, "", "", 0)
	wantKind(t, "other account's List", err, connect.NotFound)

	// A flow invoking the module runs it and comes back.
	f := b.flow(t, "invoker", connect.FlowTypeInbound, fmt.Sprintf(`{"Version":"2019-10-30","StartAction":"m","Actions":[`+
		`{"Identifier":"m","Type":"InvokeFlowModule","Parameters":{"FlowModuleId":%q},"Transitions":{"NextAction":"after","Errors":[{"NextAction":"d","ErrorType":"NoMatchingError"}]}},`+
		`{"Identifier":"after","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"after":"yes"}},"Transitions":{"NextAction":"d"}},`+
		`{"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`, m.ID), connect.FlowPublished)
	attrsOf := func() map[string]string {
		t.Helper()
		c := b.task(t, "modular", func(in *connect.StartTaskInput) { in.ContactFlowID = f })
		attrs, err := b.svc.GetContactAttributes(ctx, b.p, b.inst.ID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return attrs
	}
	if diff := cmp.Diff(map[string]string{"module": "v1", "after": "yes", "case": "modular"}, attrsOf()); diff != "" {
		t.Errorf("attributes after the module ran (-want +got):\n%s", diff)
	}

	// Updates: content (validated), metadata (names unique), state.
	if err := b.svc.UpdateContactFlowModuleContent(ctx, b.p, b.inst.ID, m.ID, moduleContent("v2"), nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"module": "v2", "after": "yes", "case": "modular"}, attrsOf()); diff != "" {
		t.Errorf("attributes after the module changed (-want +got):\n%s", diff)
	}
	wantKind(t, "invalid new content", b.svc.UpdateContactFlowModuleContent(ctx, b.p, b.inst.ID, m.ID, `{}`, nil), connect.InvalidFlow)
	wantKind(t, "no content", b.svc.UpdateContactFlowModuleContent(ctx, b.p, b.inst.ID, m.ID, "", nil), connect.Invalid)
	second, err := create("Second", moduleContent("x"), "")
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, "rename to a taken name", b.svc.UpdateContactFlowModuleMetadata(ctx, b.p, b.inst.ID, second.ID, new("Tagging"), nil, nil), connect.Duplicate)
	wantKind(t, "no metadata", b.svc.UpdateContactFlowModuleMetadata(ctx, b.p, b.inst.ID, second.ID, nil, nil, nil), connect.Invalid)
	if err := b.svc.UpdateContactFlowModuleMetadata(ctx, b.p, b.inst.ID, second.ID, new("Renamed"), new("d"), new(connect.FlowArchived)); err != nil {
		t.Fatal(err)
	}
	archived, _, err := b.svc.ListContactFlowModules(ctx, b.p, b.inst.ID, connect.FlowArchived, "", 0)
	if err != nil || len(archived) != 1 || archived[0].Name != "Renamed" {
		t.Errorf("ListContactFlowModules(ARCHIVED) = %v, %v", archived, err)
	}
	all, _, err := b.svc.ListContactFlowModules(ctx, b.p, b.inst.ID, "", "", 0)
	if err != nil || len(all) != 2 {
		t.Errorf("ListContactFlowModules = %d modules, %v; want 2", len(all), err)
	}

	// Deleted, the module is gone, and the invoking flow takes its error branch.
	if err := b.svc.DeleteContactFlowModule(ctx, b.p, b.inst.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	wantKind(t, "delete again", b.svc.DeleteContactFlowModule(ctx, b.p, b.inst.ID, m.ID), connect.NotFound)
	if got := attrsOf(); got["module"] != "" || got["after"] != "" {
		t.Errorf("attributes when the module is gone = %v, want none (the error branch)", got)
	}
}

func TestQueueUpdates(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	id := b.newQueue(t, "Support")
	max := int32(1)
	if err := b.svc.UpdateQueueMaxContacts(ctx, b.p, b.inst.ID, id, &max); err != nil {
		t.Fatal(err)
	}
	if q := b.describeQueue(t, id); q.MaxContacts == nil || *q.MaxContacts != 1 {
		t.Errorf("MaxContacts = %v, want 1", q.MaxContacts)
	}
	// The limit applies: the second task finds the queue full.
	first := b.taskTo(t, "first", id)
	second := b.taskTo(t, "second", id)
	if first.State != connect.StateQueued || second.State == connect.StateQueued {
		t.Errorf("states = %s, %s; want the second refused by the full queue", first.State, second.State)
	}
	if err := b.svc.UpdateQueueMaxContacts(ctx, b.p, b.inst.ID, id, nil); err != nil {
		t.Fatal(err)
	}
	if q := b.describeQueue(t, id); q.MaxContacts != nil {
		t.Errorf("MaxContacts = %v, want none", *q.MaxContacts)
	}

	h, err := b.svc.CreateHoursOfOperation(ctx, b.p, connect.CreateHoursOfOperationInput{InstanceID: b.inst.ID, Name: "Nights", TimeZone: "UTC",
		Config: []connect.HoursConfig{{Day: "MONDAY", StartHours: 20, EndHours: 6}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.svc.UpdateQueueHoursOfOperation(ctx, b.p, b.inst.ID, id, h.ID); err != nil {
		t.Fatal(err)
	}
	if q := b.describeQueue(t, id); q.HoursOfOperationID != h.ID {
		t.Errorf("HoursOfOperationID = %s, want %s", q.HoursOfOperationID, h.ID)
	}
	wantKind(t, "missing hours", b.svc.UpdateQueueHoursOfOperation(ctx, b.p, b.inst.ID, id, "nope"), connect.NotFound)

	whisper := b.otherFlows["Default outbound"]
	cfg := connect.OutboundCallerConfig{CallerIDName: "Support", FlowID: whisper}
	if err := b.svc.UpdateQueueOutboundCallerConfig(ctx, b.p, b.inst.ID, id, cfg); err != nil {
		t.Fatal(err)
	}
	if q := b.describeQueue(t, id); q.OutboundCaller == nil || *q.OutboundCaller != cfg {
		t.Errorf("OutboundCaller = %+v, want %+v", q.OutboundCaller, cfg)
	}
	wantKind(t, "not an outbound whisper flow", b.svc.UpdateQueueOutboundCallerConfig(ctx, b.p, b.inst.ID, id,
		connect.OutboundCallerConfig{FlowID: b.taskFlow}), connect.Invalid)
	wantKind(t, "missing flow", b.svc.UpdateQueueOutboundCallerConfig(ctx, b.p, b.inst.ID, id,
		connect.OutboundCallerConfig{FlowID: "nope"}), connect.NotFound)
	wantKind(t, "phone number", b.svc.UpdateQueueOutboundCallerConfig(ctx, b.p, b.inst.ID, id,
		connect.OutboundCallerConfig{CallerIDNumberID: "pn-1"}), connect.NotFound)

	// An agent queue changes only with its user.
	u := b.agent(t, "ana", false)
	wantKind(t, "agent queue max", b.svc.UpdateQueueMaxContacts(ctx, b.p, b.inst.ID, u.ID, &max), connect.Invalid)
	wantKind(t, "agent queue hours", b.svc.UpdateQueueHoursOfOperation(ctx, b.p, b.inst.ID, u.ID, h.ID), connect.Invalid)
	// Another account sees no such queue.
	other := connect.Partition{AccountID: "999999999999", Region: b.p.Region}
	wantKind(t, "other account", b.svc.UpdateQueueMaxContacts(ctx, other, b.inst.ID, id, &max), connect.NotFound)
}

func TestRoutingProfileDefaultOutboundQueue(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	id := b.newQueue(t, "Outbound")
	if err := b.svc.UpdateRoutingProfileDefaultOutboundQueue(ctx, b.p, b.inst.ID, b.rp, id); err != nil {
		t.Fatal(err)
	}
	rp, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst.ID, b.rp)
	if err != nil || rp.DefaultOutboundQueueID != id {
		t.Errorf("DefaultOutboundQueueID = %v, %v; want %s", rp, err, id)
	}
	// The queue is now in use.
	wantKind(t, "delete the outbound queue", b.svc.DeleteQueue(ctx, b.p, b.inst.ID, id), connect.InUse)
	wantKind(t, "missing queue", b.svc.UpdateRoutingProfileDefaultOutboundQueue(ctx, b.p, b.inst.ID, b.rp, "nope"), connect.NotFound)
	u := b.agent(t, "ana", false)
	wantKind(t, "agent queue", b.svc.UpdateRoutingProfileDefaultOutboundQueue(ctx, b.p, b.inst.ID, b.rp, u.ID), connect.Invalid)
	other := connect.Partition{AccountID: "999999999999", Region: b.p.Region}
	wantKind(t, "other account", b.svc.UpdateRoutingProfileDefaultOutboundQueue(ctx, other, b.inst.ID, b.rp, id), connect.NotFound)
}

func TestListSecurityProfilePermissions(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	sp, err := b.svc.CreateSecurityProfile(ctx, b.p, connect.CreateSecurityProfileInput{InstanceID: b.inst.ID, Name: "Ops",
		SecurityProfileSettings: connect.SecurityProfileSettings{Permissions: []string{"C.View", "A.Edit", "B.View"}}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	token := ""
	for {
		_, page, next, err := b.svc.ListSecurityProfilePermissions(ctx, b.p, b.inst.ID, sp.ID, token, 2)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page...)
		if next == "" {
			break
		}
		token = next
	}
	if diff := cmp.Diff([]string{"A.Edit", "B.View", "C.View"}, got); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	_, _, _, err = b.svc.ListSecurityProfilePermissions(ctx, b.p, b.inst.ID, "nope", "", 0)
	wantKind(t, "missing profile", err, connect.NotFound)
	other := connect.Partition{AccountID: "999999999999", Region: b.p.Region}
	_, _, _, err = b.svc.ListSecurityProfilePermissions(ctx, other, b.inst.ID, sp.ID, "", 0)
	wantKind(t, "other account", err, connect.NotFound)
}
