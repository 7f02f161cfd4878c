package bootstrap_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/bootstrap"
	"connectd/internal/connect"
	"connectd/internal/connecttest"
	"connectd/internal/flow"
)

// example is the bootstrap file the README's worked example runs on.
const example = "../../examples/bootstrap.yaml"

func setup(t *testing.T) *connecttest.Bundle {
	t.Helper()
	return connecttest.Setup(t, connecttest.Config{Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{})})
}

func mustLoad(t *testing.T, name string) *bootstrap.File {
	t.Helper()
	f, err := bootstrap.Load(name)
	if err != nil {
		t.Fatalf("Load(%s) = %v", name, err)
	}
	return f
}

func apply(t *testing.T, b *connecttest.Bundle, f *bootstrap.File) error {
	t.Helper()
	return b.Service.Provision(t.Context(), b.Partition, f.Apply)
}

// writeFiles writes name → content into a new directory and returns the
// path of the first name given.
func writeFiles(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i+1 < len(files); i += 2 {
		name := filepath.Join(dir, files[i])
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, files[0])
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// ids returns the ID of every resource of the instance, by kind and name,
// with the instance's last-modified times, to tell a change.
func ids(t *testing.T, b *connecttest.Bundle, inst string) map[string]string {
	t.Helper()
	ctx, svc, p := t.Context(), b.Service, b.Partition
	out := map[string]string{}
	hours, _, err := svc.ListHoursOfOperations(ctx, p, inst, "", 0)
	must(t, err)
	for _, h := range hours {
		out["hours/"+h.Name] = h.ID + " " + h.LastModified.String()
	}
	queues, _, err := svc.ListQueues(ctx, p, inst, nil, "", 0)
	must(t, err)
	for _, q := range queues {
		out["queue/"+q.Name+"/"+q.ID] = q.ID + " " + q.LastModified.String()
	}
	flows, _, err := svc.ListContactFlows(ctx, p, inst, nil, "", 0)
	must(t, err)
	for _, f := range flows {
		out["flow/"+f.Name] = f.ID + " " + f.LastModified.String()
	}
	rps, _, err := svc.ListRoutingProfiles(ctx, p, inst, "", 0)
	must(t, err)
	for _, rp := range rps {
		out["routing profile/"+rp.Name] = rp.ID + " " + rp.LastModified.String()
	}
	sps, _, err := svc.ListSecurityProfiles(ctx, p, inst, "", 0)
	must(t, err)
	for _, sp := range sps {
		out["security profile/"+sp.Name] = sp.ID
	}
	sts, _, err := svc.ListAgentStatuses(ctx, p, inst, nil, "", 0)
	must(t, err)
	for _, st := range sts {
		out["status/"+st.Name] = st.ID
	}
	users, _, err := svc.ListUsers(ctx, p, inst, "", 0)
	must(t, err)
	for _, u := range users {
		out["user/"+u.Username] = u.ID + " " + u.LastModified.String()
	}
	tts, err := svc.ListTaskTemplates(ctx, p, inst, connect.TaskTemplateFilter{}, "")
	must(t, err)
	for _, tt := range tts {
		out["template/"+tt.Name] = tt.ID + " " + tt.LastModified.String()
	}
	qcs, _, err := svc.ListQuickConnects(ctx, p, inst, nil, "", 0)
	must(t, err)
	for _, q := range qcs {
		out["quick connect/"+q.Name] = q.ID
	}
	return out
}

// TestExampleFile applies the shipped example, which declares every kind of
// resource, and checks each; applying it again changes nothing.
func TestExampleFile(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx, svc, p := t.Context(), b.Service, b.Partition
	f := mustLoad(t, example)
	must(t, apply(t, b, f))

	inst, err := svc.DescribeInstance(ctx, p, "demo")
	must(t, err)
	if inst.Alias != "demo" || inst.IdentityManagementType != connect.DirectoryManaged || !inst.InboundCallsEnabled ||
		inst.Tags["env"] != "test" {
		t.Errorf("instance demo = %+v", inst)
	}
	hours, err := svc.DescribeHoursOfOperation(ctx, p, "demo", "office-hours")
	must(t, err)
	if hours.Name != "Office hours" || hours.TimeZone != "Europe/London" || len(hours.Config) != 5 ||
		hours.Config[0] != (connect.HoursConfig{Day: "MONDAY", StartHours: 9, EndHours: 17}) {
		t.Errorf("hours office-hours = %+v", hours)
	}
	basicHours := ""
	all, _, err := svc.ListHoursOfOperations(ctx, p, "demo", "", 0)
	must(t, err)
	for _, h := range all {
		if h.Name == connect.BasicHoursName {
			basicHours = h.ID
		}
	}
	support, err := svc.DescribeQueue(ctx, p, "demo", "support")
	must(t, err)
	if support.Name != "Support" || support.HoursOfOperationID != basicHours {
		t.Errorf("queue support = %+v, want Support on Basic Hours (%s)", support, basicHours)
	}
	billing, err := svc.DescribeQueue(ctx, p, "demo", "billing")
	must(t, err)
	if billing.HoursOfOperationID != "office-hours" {
		t.Errorf("queue billing hours = %s, want office-hours", billing.HoursOfOperationID)
	}
	_, qcs, _, err := svc.ListQueueQuickConnects(ctx, p, "demo", "support", "", 0)
	must(t, err)
	if len(qcs) != 1 || qcs[0].Name != "To billing" || qcs[0].QueueID != "billing" || qcs[0].Type != connect.QuickConnectQueue {
		t.Errorf("quick connects of Support = %+v, want To billing (QUEUE, billing)", qcs)
	}
	content, err := os.ReadFile("../../examples/flows/route-to-support.json")
	must(t, err)
	fl, err := svc.DescribeContactFlow(ctx, p, "demo", "route-to-support")
	must(t, err)
	if fl.Name != "Route to support" || fl.Type != "CONTACT_FLOW" || fl.Status != connect.FlowPublished || fl.Content != string(content) {
		t.Errorf("flow route-to-support = %+v", fl)
	}
	rp, err := svc.DescribeRoutingProfile(ctx, p, "demo", "support-agents")
	must(t, err)
	if rp.Name != "Support agents" || rp.DefaultOutboundQueueID != "support" || rp.Concurrency(connect.ChannelTask) != 2 ||
		rp.NumberOfAssociatedQueues != 2 || rp.NumberOfAssociatedUsers != 1 {
		t.Errorf("routing profile support-agents = %+v (%d queues, %d users)", rp.RoutingProfile, rp.NumberOfAssociatedQueues, rp.NumberOfAssociatedUsers)
	}
	names := ids(t, b, "demo")
	for _, k := range []string{"security profile/Supervisors", "status/Lunch", "quick connect/To billing", "flow/" + connect.DefaultTaskFlowName} {
		if names[k] == "" {
			t.Errorf("no %s", k)
		}
	}
	u, err := svc.DescribeUser(ctx, p, "demo", "ana")
	must(t, err)
	agent := strings.Fields(names["security profile/Agent"])[0]
	if u.Username != "ana" || u.RoutingProfileID != "support-agents" || !cmp.Equal(u.SecurityProfileIDs, []string{agent}) ||
		u.Identity.FirstName != "Ana" {
		t.Errorf("user ana = %+v, want routing profile support-agents and security profile Agent (%s)", u, agent)
	}
	tt, err := svc.GetTaskTemplate(ctx, p, "demo", "follow-up", "")
	must(t, err)
	if tt.Name != "Follow up" || tt.ContactFlowID != "route-to-support" || len(tt.Fields) != 2 {
		t.Errorf("task template follow-up = %+v", tt)
	}

	// The resources work together: a task from the template is routed by
	// the flow to Support.
	c, err := svc.StartTaskContact(ctx, p, connect.StartTaskInput{InstanceID: "demo", TaskTemplateID: "follow-up", Name: "Call back"})
	must(t, err)
	got, err := svc.DescribeContact(ctx, p, "demo", c.ID)
	must(t, err)
	if got.QueueID != "support" {
		t.Errorf("task queue = %q, want support", got.QueueID)
	}

	// Applying again leaves everything as it is.
	must(t, apply(t, b, mustLoad(t, example)))
	if diff := cmp.Diff(names, ids(t, b, "demo")); diff != "" {
		t.Errorf("a second Apply changed resources (-first +second):\n%s", diff)
	}
	insts, _, err := svc.ListInstances(ctx, p, "", 0)
	must(t, err)
	if len(insts) != 2 { // the default instance of the setup, and demo
		t.Errorf("ListInstances = %d instances, want 2", len(insts))
	}
}

// TestFormats: JSON files, flows given inline (JSON text or YAML), by file,
// and references by ID or name, in two instances.
func TestFormats(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx, svc, p := t.Context(), b.Service, b.Partition
	const flowJSON = `{"Version":"2019-10-30","StartAction":"end","Actions":[{"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
	name := writeFiles(t, "boot.json", `{"instances": [
		{"InstanceAlias": "one", "IdentityManagementType": "CONNECT_MANAGED", "InboundCallsEnabled": true, "OutboundCallsEnabled": true,
		 "flows": [
		   {"Name": "text", "Type": "CONTACT_FLOW", "Content": `+jsonString(flowJSON)+`},
		   {"Name": "file", "Type": "CONTACT_FLOW", "ContentFile": "flows/end.json"}
		 ]},
		{"Id": "two", "IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": "two", "InboundCallsEnabled": false, "OutboundCallsEnabled": false,
		 "flows": [{"Id": "inline", "Name": "inline", "Type": "CONTACT_FLOW", "Content": `+flowJSON+`}]}
	]}`, "flows/end.json", flowJSON)
	f := mustLoad(t, name)
	if f.Len() != 2 {
		t.Errorf("Len = %d, want 2", f.Len())
	}
	must(t, apply(t, b, f))
	one, err := b.Store.GetInstanceByAlias(ctx, p, "one")
	must(t, err)
	for _, flowName := range []string{"text", "file"} {
		fl, err := b.Store.GetContactFlowByName(ctx, one.ID, flowName)
		if err != nil || fl.Content != flowJSON {
			t.Errorf("flow %s = %+v, %v", flowName, fl, err)
		}
	}
	fl, err := svc.DescribeContactFlow(ctx, p, "two", "inline")
	must(t, err)
	if !strings.Contains(fl.Content, `"StartAction":"end"`) {
		t.Errorf("inline flow content = %s", fl.Content)
	}

	yamlName := writeFiles(t, "boot.yml", `
instances:
  - InstanceAlias: three
    IdentityManagementType: CONNECT_MANAGED
    InboundCallsEnabled: yes
    OutboundCallsEnabled: true
`)
	_, err = bootstrap.Load(yamlName)
	if err == nil || !strings.Contains(err.Error(), "instances[0].InboundCallsEnabled") {
		t.Errorf("Load with yes (a string in YAML 1.2) for a boolean = %v, want an error at instances[0].InboundCallsEnabled", err)
	}
	yamlName = writeFiles(t, "boot.yaml", `
instances:
  - InstanceAlias: three
    IdentityManagementType: CONNECT_MANAGED
    InboundCallsEnabled: true
    OutboundCallsEnabled: true
    flows:
      - Name: yaml
        Type: CONTACT_FLOW
        Content:
          Version: "2019-10-30"
          StartAction: end
          Actions:
            - { Identifier: end, Type: DisconnectParticipant, Parameters: {}, Transitions: {} }
    queues:
      - Name: By ARN hours
        HoursOfOperationId: Basic Hours
`)
	must(t, apply(t, b, mustLoad(t, yamlName)))
	three, err := b.Store.GetInstanceByAlias(ctx, p, "three")
	must(t, err)
	if _, err := b.Store.GetContactFlowByName(ctx, three.ID, "yaml"); err != nil {
		t.Errorf("flow with YAML content: %v", err)
	}
}

func jsonString(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// TestLoadErrors: every problem Load finds names the file, the line (YAML)
// and the path, with the API's message for a request the API would refuse.
func TestLoadErrors(t *testing.T) {
	t.Parallel()
	const head = "instances:\n  - InstanceAlias: a\n    IdentityManagementType: CONNECT_MANAGED\n" +
		"    InboundCallsEnabled: true\n    OutboundCallsEnabled: true\n"
	long := strings.Repeat("q", 128)
	tests := []struct {
		name  string
		files []string // name, content, ...
		want  string   // the error, after the file's path
	}{
		{"bad YAML", []string{"b.yaml", "instances:\n  - Id: a\n    InstanceAlias: 'b\n"},
			":3: not valid YAML: found unexpected end of stream"},
		{"bad YAML without a line", []string{"b.yaml", "instances: a: b\n"},
			": not valid YAML: mapping values are not allowed in this context"},
		{"tab indentation", []string{"b.yaml", "instances:\n\t- Id: a\n"},
			":2: not valid YAML: found character that cannot start any token"},
		{"empty", []string{"b.yaml", ""}, ": the file is empty"},
		{"two documents", []string{"b.yaml", head + "---\ninstances: []\n"}, ":6: the file holds more than one YAML document"},
		{"root not a mapping", []string{"b.yaml", "- a\n"}, `: the file must be a mapping whose "instances" lists instances`},
		{"unknown root member", []string{"b.yaml", head + "queues: []\n"}, `:6: queues: unknown member queues: the file's root has only "instances"`},
		{"instances not a list", []string{"b.yaml", "instances: {}\n"}, ":1: instances: instances must be a list"},
		{"list not a list", []string{"b.yaml", head + "    queues: Support\n"}, ":6: instances[0].queues: queues must be a list"},
		{"duplicate member", []string{"b.yaml", head + "    InstanceAlias: b\n"}, ":6: instances[0].InstanceAlias: the member is given twice"},
		{"unknown member", []string{"b.yaml", head + "    Queues: []\n"},
			":6: instances[0].Queues: unknown member Queues (did you mean queues?)"},
		{"unknown member of an instance", []string{"b.yaml", head + "    Alias: b\n"},
			":6: instances[0].Alias: InvalidRequestException: CreateInstanceRequest has no member Alias"},
		{"unknown nested member", []string{"b.yaml", head + "    users:\n      - Username: ana\n        IdentityInfo: { Firstname: Ana }\n"},
			":8: instances[0].users[0].IdentityInfo.Firstname: InvalidParameterException: UserIdentityInfo has no member Firstname (did you mean FirstName?)"},
		{"constraint with path", []string{"b.yaml", head + "    queues:\n      - Name: Support\n        HoursOfOperationId: h\n      - Name: " + long + "\n        HoursOfOperationId: h\n"},
			":9: instances[0].queues[1].Name: InvalidParameterException: 1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 127"},
		{"required member", []string{"b.yaml", head + "    agentStatuses:\n      - Name: Lunch\n"},
			":7: instances[0].agentStatuses[0].State: InvalidParameterException: 1 validation error detected: Value null at 'State' failed to satisfy constraint: Member must not be null"},
		{"wrong type", []string{"b.yaml", head + "    agentStatuses:\n      - Name: Lunch\n        State: ENABLED\n        DisplayOrder: first\n"},
			":9: instances[0].agentStatuses[0].DisplayOrder: InvalidParameterException: Value at 'DisplayOrder' has the wrong JSON type (string)"},
		{"missing flow file", []string{"b.yaml", head + "    flows:\n      - Name: f\n        Type: CONTACT_FLOW\n        ContentFile: flows/nope.json\n"},
			":9: instances[0].flows[0].ContentFile: cannot read the flow's content: DIR/flows/nope.json: no such file or directory"},
		{"content and file", []string{"b.yaml", head + "    flows:\n      - Name: f\n        Type: CONTACT_FLOW\n        Content: '{}'\n        ContentFile: x.json\n"},
			":10: instances[0].flows[0].ContentFile: a flow has Content or ContentFile, not both"},
		{"Id not a string", []string{"b.yaml", head + "    queues:\n      - Id: [a]\n        Name: Support\n        HoursOfOperationId: h\n"},
			":7: instances[0].queues[0].Id: Id must be a non-empty string"},
		{"Id twice", []string{"b.yaml", head + "    queues:\n      - { Id: q, Name: A, HoursOfOperationId: h }\n      - { Id: q, Name: B, HoursOfOperationId: h }\n"},
			":8: instances[0].queues[1].Id: Id q is declared twice (first at instances[0].queues[0].Id)"},
		{"unsupported member", []string{"b.yaml", head + "    securityProfiles:\n      - SecurityProfileName: S\n        Applications: [{ Namespace: x }]\n"},
			":7: instances[0].securityProfiles[0]: InvalidRequestException: connectd does not support Applications, AllowedFlowModules or GranularAccessControlConfiguration on security profiles yet."},
		{"merge key", []string{"b.yaml", "base: &b { Name: x }\ninstances:\n  - <<: *b\n"},
			":3: instances[0]: a mapping key must be a plain name (no merge keys or complex keys)"},
		{"bad JSON", []string{"b.json", `{"instances": [}`}, ": not valid JSON: invalid character '}' looking for beginning of value"},
		{"JSON unknown member", []string{"b.json", `{"instances": [{"InstanceAlias": "a", "IdentityManagementType": "CONNECT_MANAGED",
			"InboundCallsEnabled": true, "OutboundCallsEnabled": true, "Alias": "b"}]}`},
			": instances[0].Alias: InvalidRequestException: CreateInstanceRequest has no member Alias"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			name := writeFiles(t, tc.files...)
			_, err := bootstrap.Load(name)
			var e *bootstrap.Error
			if !errors.As(err, &e) {
				t.Fatalf("Load = %v, want a *bootstrap.Error", err)
			}
			want := name + strings.ReplaceAll(tc.want, "DIR", filepath.Dir(name))
			if err.Error() != want {
				t.Errorf("Load error:\n got %s\nwant %s", err, want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		t.Parallel()
		name := filepath.Join(t.TempDir(), "nope.yaml")
		_, err := bootstrap.Load(name)
		if want := name + ": cannot read the bootstrap file: " + name + ": no such file or directory"; err == nil || err.Error() != want {
			t.Errorf("Load = %v, want %s", err, want)
		}
	})
}

// TestApplyErrors: what only the store can tell (references, the Service's
// rules) fails Apply at the resource's or member's path, with the
// operation's exception and message, and the file applies wholly or not
// at all.
func TestApplyErrors(t *testing.T) {
	t.Parallel()
	const head = "instances:\n  - Id: i\n    InstanceAlias: a\n    IdentityManagementType: CONNECT_MANAGED\n" +
		"    InboundCallsEnabled: true\n    OutboundCallsEnabled: true\n"
	const user = "    users:\n      - Username: ana\n        Password: Passw0rd!\n        IdentityInfo: { FirstName: Ana, LastName: Ng }\n" +
		"        PhoneConfig: { PhoneType: SOFT_PHONE }\n"
	tests := []struct {
		name, content, want string
	}{
		{"dangling reference", head + user + "        RoutingProfileId: Sales\n        SecurityProfileIds: [Agent]\n",
			":12: instances[0].users[0].RoutingProfileId: ResourceNotFoundException: Routing profile not found: no routing profile of the instance has the ID or name Sales"},
		{"dangling reference in a list", head + user + "        RoutingProfileId: Basic Routing Profile\n        SecurityProfileIds: [Agent, Bosses]\n",
			":13: instances[0].users[0].SecurityProfileIds[1]: ResourceNotFoundException: Security profile not found: no security profile of the instance has the ID or name Bosses"},
		{"dangling quick connect of a queue", head + "    queues:\n      - { Name: Q, HoursOfOperationId: Basic Hours, QuickConnectIds: [Nope] }\n",
			":8: instances[0].queues[0].QuickConnectIds[0]: ResourceNotFoundException: Quick connect not found: no quick connect of the instance has the ID or name Nope"},
		{"a rule of the Service", head + "    hoursOfOperations:\n      - { Name: Mars, TimeZone: Mars/Base, Config: [] }\n",
			`:8: instances[0].hoursOfOperations[0]: InvalidParameterException: TimeZone "Mars/Base" is not a valid time zone.`},
		{"a taken name", head + "    queues:\n      - { Id: q1, Name: BasicQueue, HoursOfOperationId: Basic Hours }\n",
			":8: instances[0].queues[0]: DuplicateResourceException: A queue with the name BasicQueue already exists."},
		{"a bad Id", head + "    queues:\n      - { Id: a/b, Name: Q, HoursOfOperationId: Basic Hours }\n",
			`:8: instances[0].queues[0]: InvalidParameterException: The ID "a/b" of a new queue must be 1 to 100 letters, digits, '-' or '_'.`},
		{"an invalid flow", head + "    flows:\n      - { Name: F, Type: CONTACT_FLOW, Content: '{\"Version\": 1}' }\n",
			":8: instances[0].flows[0]: InvalidContactFlowException: The flow is not valid."},
		{"an instance that cannot be found again", "instances:\n  - IdentityManagementType: EXISTING_DIRECTORY\n    DirectoryId: d-1234567890\n" +
			"    InboundCallsEnabled: true\n    OutboundCallsEnabled: true\n",
			":2: instances[0]: InvalidRequestException: An instance needs an Id or an InstanceAlias, by which it is found again at the next start."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			name := writeFiles(t, "b.yaml", tc.content)
			err := apply(t, b, mustLoad(t, name))
			var e *bootstrap.Error
			if !errors.As(err, &e) {
				t.Fatalf("Apply = %v, want a *bootstrap.Error", err)
			}
			if want := name + tc.want; err.Error() != want {
				t.Errorf("Apply error:\n got %s\nwant %s", err, want)
			}
			if _, err := b.Service.DescribeInstance(t.Context(), b.Partition, "i"); !connect.IsNotFound(err) {
				t.Errorf("DescribeInstance after a failed Apply = %v, want NotFound: nothing of the file is kept", err)
			}
		})
	}
}

// TestResetRestoresBootstrap: a reset brings back the file's resources
// with the IDs they had, declared or not, and removes the rest.
func TestResetRestoresBootstrap(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx, svc, p := t.Context(), b.Service, b.Partition
	f := mustLoad(t, example)
	must(t, apply(t, b, f))
	before := ids(t, b, "demo")

	b.Clock.Advance(3600e9) // so that re-created resources would show new times
	_, err := svc.CreateQueue(ctx, p, connect.CreateQueueInput{InstanceID: "demo", Name: "Extra", HoursOfOperationID: "office-hours"})
	must(t, err)
	must(t, svc.PutUserStatus(ctx, p, "demo", "ana", strings.Fields(before["status/Available"])[0]))
	_, err = svc.StartTaskContact(ctx, p, connect.StartTaskInput{InstanceID: "demo", ContactFlowID: "route-to-support", Name: "t"})
	must(t, err)

	sum, err := svc.Reset(ctx, p, f.Apply)
	must(t, err)
	if len(sum.Restored) != 1 || sum.Restored[0].ID != "demo" {
		t.Errorf("Restored = %+v, want demo", sum.Restored)
	}
	if sum.Removed.Instances != 2 || sum.Removed.Contacts != 1 || sum.Removed.Queues != 5 {
		t.Errorf("Removed = %+v, want 2 instances (demo and the default one), 1 contact, 5 queues", sum.Removed)
	}
	after := ids(t, b, "demo")
	stripTimes := func(m map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range m {
			out[k] = strings.Fields(v)[0]
		}
		return out
	}
	if diff := cmp.Diff(stripTimes(before), stripTimes(after)); diff != "" {
		t.Errorf("IDs after reset (-before +after):\n%s", diff)
	}
	u, err := svc.DescribeUser(ctx, p, "demo", "ana")
	must(t, err)
	if u.StatusID != strings.Fields(after["status/Offline"])[0] {
		t.Errorf("ana's status after reset = %s, want Offline", u.StatusID)
	}
	// The default instance is not the file's: a reset does not bring it back.
	if _, err := svc.DescribeInstance(ctx, p, b.Instance.ID); !connect.IsNotFound(err) {
		t.Errorf("the default instance after a reset to the bootstrap file = %v, want NotFound", err)
	}
}

// TestReadmeSnippet: the bootstrap file the README shows loads and applies
// (beside a copy of the example's flow).
func TestReadmeSnippet(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	must(t, err)
	_, rest, ok := strings.Cut(string(readme), "## The bootstrap file")
	if !ok {
		t.Fatal("README has no bootstrap file section")
	}
	_, rest, ok = strings.Cut(rest, "```yaml\n")
	snippet, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("the bootstrap file section has no yaml block")
	}
	flowFile, err := os.ReadFile("../../examples/flows/route-to-support.json")
	must(t, err)
	name := writeFiles(t, "bootstrap.yaml", snippet, "flows/route-to-support.json", string(flowFile))
	b := setup(t)
	must(t, apply(t, b, mustLoad(t, name)))
	if u, err := b.Service.DescribeUser(t.Context(), b.Partition, "demo", "ana"); err != nil || u.Username != "ana" {
		t.Errorf("DescribeUser(ana) = %+v, %v", u, err)
	}
}
