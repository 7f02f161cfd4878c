package connect_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
	"connectd/internal/connecttest"
	"connectd/internal/flow"
)

// restoreDefault is the restore function of a connectd without a bootstrap
// file: the default instance.
func restoreDefault(ctx context.Context, pv *connect.Provisioner) error {
	_, _, err := pv.DefaultInstance(ctx)
	return err
}

// resourceIDs returns the ID of every resource of the instance, keyed by
// kind and name.
func resourceIDs(t *testing.T, svc *connect.Service, p connect.Partition, inst string) map[string]string {
	t.Helper()
	ctx := t.Context()
	out := map[string]string{}
	add := func(kind, name, id string) { out[kind+"/"+name] = id }
	hours, _, err := svc.ListHoursOfOperations(ctx, p, inst, "", 0)
	must(t, err)
	for _, h := range hours {
		add("hours", h.Name, h.ID)
	}
	queues, _, err := svc.ListQueues(ctx, p, inst, nil, "", 0)
	must(t, err)
	for _, q := range queues {
		add("queue", q.Name, q.ID)
	}
	flows, _, err := svc.ListContactFlows(ctx, p, inst, nil, "", 0)
	must(t, err)
	for _, f := range flows {
		add("flow", f.Name, f.ID)
	}
	rps, _, err := svc.ListRoutingProfiles(ctx, p, inst, "", 0)
	must(t, err)
	for _, rp := range rps {
		add("routing profile", rp.Name, rp.ID)
	}
	sps, _, err := svc.ListSecurityProfiles(ctx, p, inst, "", 0)
	must(t, err)
	for _, sp := range sps {
		add("security profile", sp.Name, sp.ID)
	}
	sts, _, err := svc.ListAgentStatuses(ctx, p, inst, nil, "", 0)
	must(t, err)
	for _, st := range sts {
		add("status", st.Name, st.ID)
	}
	users, _, err := svc.ListUsers(ctx, p, inst, "", 0)
	must(t, err)
	for _, u := range users {
		add("user", u.Username, u.ID)
	}
	tts, err := svc.ListTaskTemplates(ctx, p, inst, connect.TaskTemplateFilter{}, "")
	must(t, err)
	for _, tt := range tts {
		add("template", tt.Name, tt.ID)
	}
	qcs, _, err := svc.ListQuickConnects(ctx, p, inst, nil, "", 0)
	must(t, err)
	for _, q := range qcs {
		add("quick connect", q.Name, q.ID)
	}
	return out
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestResetRestoresDefaultInstanceWithItsIDs: a reset removes what a test
// made (resources, tasks, scheduled work, events, agent state) and brings
// the default instance back as a first start makes it, with the same IDs.
func TestResetRestoresDefaultInstanceWithItsIDs(t *testing.T) {
	t.Parallel()
	b := connecttest.Setup(t, connecttest.Config{Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{})})
	ctx, svc, p, inst := t.Context(), b.Service, b.Partition, b.Instance.ID
	before := resourceIDs(t, svc, p, inst)

	// What a test does: a queue, a user made Available, a task routed to
	// it, a scheduled task, a renamed default resource.
	q, err := svc.CreateQueue(ctx, p, connect.CreateQueueInput{InstanceID: inst, Name: "Extra", HoursOfOperationID: b.Hours})
	must(t, err)
	u, err := svc.CreateUser(ctx, p, connect.CreateUserInput{InstanceID: inst, Username: "ana", Password: new("Passw0rd!"),
		Identity: connect.UserIdentity{FirstName: "Ana", LastName: "Ng"}, RoutingProfileID: b.RoutingProfile,
		SecurityProfileIDs: []string{b.SecurityProfiles["Agent"]}})
	must(t, err)
	must(t, svc.PutUserStatus(ctx, p, inst, u.ID, b.Available))
	_, err = svc.StartTaskContact(ctx, p, connect.StartTaskInput{InstanceID: inst, ContactFlowID: b.TaskFlow, Name: "now"})
	must(t, err)
	later := b.Clock.Now().Add(time.Hour)
	_, err = svc.StartTaskContact(ctx, p, connect.StartTaskInput{InstanceID: inst, ContactFlowID: b.TaskFlow, Name: "later",
		ScheduledTime: &later})
	must(t, err)
	must(t, svc.UpdateHoursOfOperation(ctx, p, connect.UpdateHoursOfOperationInput{InstanceID: inst, ID: b.Hours, Name: new("Renamed")}))

	sum, err := svc.Reset(ctx, p, restoreDefault)
	must(t, err)
	wantRemoved := connect.PartitionCounts{Instances: 1, HoursOfOperations: 1, Queues: 2, ContactFlows: len(b.Flows),
		RoutingProfiles: 1, SecurityProfiles: 4, AgentStatuses: 2, Users: 1, Contacts: 2, ContactEvents: sum.Removed.ContactEvents,
		FlowLogEntries: sum.Removed.FlowLogEntries}
	if diff := cmp.Diff(wantRemoved, sum.Removed); diff != "" {
		t.Errorf("Reset removed (-want +got):\n%s", diff)
	}
	if sum.Removed.ContactEvents == 0 || sum.Removed.FlowLogEntries == 0 {
		t.Errorf("Reset removed %d events and %d flow log entries, want some", sum.Removed.ContactEvents, sum.Removed.FlowLogEntries)
	}
	if len(sum.Restored) != 1 || sum.Restored[0].ID != inst || sum.Restored[0].Alias != connect.DefaultInstanceAlias {
		t.Errorf("Reset restored %+v, want the default instance %s", sum.Restored, inst)
	}

	// Renamed Basic Hours come back under their name, with a new ID: a
	// resource is known across a reset by its name.
	after := resourceIDs(t, svc, p, inst)
	want := map[string]string{}
	for k, v := range before {
		if k != "hours/"+connect.BasicHoursName {
			want[k] = v
		}
	}
	gotHours := after["hours/"+connect.BasicHoursName]
	delete(after, "hours/"+connect.BasicHoursName)
	if diff := cmp.Diff(want, after); diff != "" {
		t.Errorf("IDs after the reset (-before +after):\n%s", diff)
	}
	if gotHours == "" {
		t.Error("Basic Hours were not restored")
	}
	if _, err := svc.DescribeQueue(ctx, p, inst, q.ID); !connect.IsNotFound(err) {
		t.Errorf("DescribeQueue(Extra) after reset = %v, want NotFound", err)
	}
	res, total, err := b.Store.SearchContacts(ctx, inst, connect.ContactQuery{})
	if err != nil || total != 0 {
		t.Errorf("SearchContacts after reset = %d contacts (%v), %v; want none", total, res, err)
	}
	if next, err := b.Store.NextWake(ctx); err != nil || next != nil {
		t.Errorf("NextWake after reset = %v, %v; want no scheduled work", next, err)
	}
	if evs, err := b.Store.EventsAfter(ctx, 0, 100); err != nil || len(evs) != 0 {
		t.Errorf("EventsAfter after reset = %d events, %v; want none", len(evs), err)
	}
	// The restored instance works: a task goes to BasicQueue.
	c, err := svc.StartTaskContact(ctx, p, connect.StartTaskInput{InstanceID: inst, ContactFlowID: b.TaskFlow, Name: "again"})
	must(t, err)
	if _, err := svc.DescribeContact(ctx, p, inst, c.ID); err != nil {
		t.Errorf("DescribeContact after reset = %v", err)
	}
}

// TestResetIsolation: a reset empties the caller's account and region only.
func TestResetIsolation(t *testing.T) {
	t.Parallel()
	b := connecttest.Setup(t, connecttest.Config{})
	ctx, svc := t.Context(), b.Service
	others := []connect.Partition{
		{AccountID: b.Partition.AccountID, Region: "eu-west-2"}, // same account, another region
		{AccountID: "123456789012", Region: b.Partition.Region}, // another account, same region
	}
	type seen struct{ inst, contact string }
	var kept []seen
	for _, p := range others {
		inst, err := svc.EnsureDefaultInstance(ctx, p)
		must(t, err)
		flows, _, err := svc.ListContactFlows(ctx, p, inst.ID, []string{"CONTACT_FLOW"}, "", 0)
		must(t, err)
		var flow string
		for _, f := range flows {
			if f.Name == connect.DefaultTaskFlowName {
				flow = f.ID
			}
		}
		c, err := svc.StartTaskContact(ctx, p, connect.StartTaskInput{InstanceID: inst.ID, ContactFlowID: flow, Name: "keep"})
		must(t, err)
		kept = append(kept, seen{inst.ID, c.ID})
	}
	_, err := svc.StartTaskContact(ctx, b.Partition, connect.StartTaskInput{InstanceID: b.Instance.ID, ContactFlowID: b.TaskFlow, Name: "go"})
	must(t, err)
	before := map[connect.Partition]map[string]string{}
	for i, p := range others {
		before[p] = resourceIDs(t, svc, p, kept[i].inst)
	}

	sum, err := svc.Reset(ctx, b.Partition, nil) // nothing restored
	must(t, err)
	if sum.Removed.Instances != 1 || sum.Removed.Contacts != 1 || len(sum.Restored) != 0 {
		t.Errorf("Reset = %+v, want 1 instance and 1 contact removed, nothing restored", sum)
	}
	if insts, _, err := svc.ListInstances(ctx, b.Partition, "", 0); err != nil || len(insts) != 0 {
		t.Errorf("ListInstances after reset = %d, %v; want none", len(insts), err)
	}
	for i, p := range others {
		if _, err := svc.DescribeContact(ctx, p, kept[i].inst, kept[i].contact); err != nil {
			t.Errorf("%v: DescribeContact after another partition's reset = %v", p, err)
		}
		if diff := cmp.Diff(before[p], resourceIDs(t, svc, p, kept[i].inst)); diff != "" {
			t.Errorf("%v: resources changed by another partition's reset (-before +after):\n%s", p, diff)
		}
	}
	evs, err := b.Store.EventsAfter(ctx, 0, 100)
	must(t, err)
	for _, e := range evs {
		if e.InstanceID != kept[0].inst && e.InstanceID != kept[1].inst {
			t.Errorf("event of instance %s left after its partition's reset", e.InstanceID)
		}
	}
	if len(evs) == 0 {
		t.Error("the other partitions' events are gone")
	}
}

// TestResetFailureKeepsEverything: a reset whose restore fails changes
// nothing.
func TestResetFailureKeepsEverything(t *testing.T) {
	t.Parallel()
	b := connecttest.Setup(t, connecttest.Config{})
	ctx := t.Context()
	boom := errors.New("boom")
	_, err := b.Service.Reset(ctx, b.Partition, func(ctx context.Context, pv *connect.Provisioner) error {
		if _, _, err := pv.DefaultInstance(ctx); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Reset = %v, want the restore function's error", err)
	}
	if _, err := b.Service.DescribeInstance(ctx, b.Partition, b.Instance.ID); err != nil {
		t.Errorf("DescribeInstance after a failed reset = %v", err)
	}
}

// TestProvisionChosenIDs: a Provisioner creates with the IDs it is given,
// finds existing resources by ID or name and leaves them alone, and applies
// the Create operations' rules.
func TestProvisionChosenIDs(t *testing.T) {
	t.Parallel()
	b := connecttest.Setup(t, connecttest.Config{})
	ctx, svc, p := t.Context(), b.Service, b.Partition
	var created []bool
	provision := func(fn func(ctx context.Context, pv *connect.Provisioner) error) error {
		created = nil
		return svc.Provision(ctx, p, fn)
	}
	note := func(ok bool, err error) error {
		created = append(created, ok)
		return err
	}
	mk := func(ctx context.Context, pv *connect.Provisioner) error {
		inst, ok, err := pv.Instance(ctx, "inst-1", connect.CreateInstanceInput{IdentityManagementType: connect.DirectoryManaged, Alias: "boot"})
		if err := note(ok, err); err != nil {
			return err
		}
		if inst.ID != "inst-1" {
			t.Errorf("instance ID = %s, want inst-1", inst.ID)
		}
		hours, err := pv.Resolve(ctx, inst.ID, connect.ResourceHoursOfOperation, connect.BasicHoursName)
		if err != nil {
			return err
		}
		q, ok, err := pv.Queue(ctx, "q-support", connect.CreateQueueInput{InstanceID: inst.ID, Name: "Support", HoursOfOperationID: hours})
		if err := note(ok, err); err != nil {
			return err
		}
		_, ok, err = pv.Queue(ctx, "", connect.CreateQueueInput{InstanceID: inst.ID, Name: "Sales", HoursOfOperationID: hours})
		if err := note(ok, err); err != nil {
			return err
		}
		sp, ok, err := pv.SecurityProfile(ctx, "sp-1", connect.CreateSecurityProfileInput{InstanceID: inst.ID, Name: "Supervisors"})
		if err := note(ok, err); err != nil {
			return err
		}
		rp, err := pv.Resolve(ctx, inst.ID, connect.ResourceRoutingProfile, connect.BasicRoutingProfileName)
		if err != nil {
			return err
		}
		_, ok, err = pv.User(ctx, "u-ana", connect.CreateUserInput{InstanceID: inst.ID, Username: "ana", Password: new("Passw0rd!"),
			Identity: connect.UserIdentity{FirstName: "Ana", LastName: "Ng"}, RoutingProfileID: rp, SecurityProfileIDs: []string{sp.ID}})
		if err := note(ok, err); err != nil {
			return err
		}
		if got, err := pv.Resolve(ctx, inst.ID, connect.ResourceQueue, "Support"); err != nil || got != q.ID {
			t.Errorf("Resolve(queue Support) = %q, %v; want %s", got, err, q.ID)
		}
		if got, err := pv.Resolve(ctx, inst.ID, connect.ResourceUser, "u-ana"); err != nil || got != "u-ana" {
			t.Errorf("Resolve(user u-ana) = %q, %v; want u-ana", got, err)
		}
		return nil
	}
	must(t, provision(mk))
	if diff := cmp.Diff([]bool{true, true, true, true, true}, created); diff != "" {
		t.Errorf("first run created (-want +got):\n%s", diff)
	}
	must(t, provision(mk))
	if diff := cmp.Diff([]bool{false, false, false, false, false}, created); diff != "" {
		t.Errorf("second run created (-want +got):\n%s", diff)
	}
	if q, err := svc.DescribeQueue(ctx, p, "inst-1", "q-support"); err != nil || q.Name != "Support" ||
		q.ARN != connect.InstanceARN(p, "inst-1")+"/queue/q-support" {
		t.Errorf("DescribeQueue(q-support) = %+v, %v", q, err)
	}
	if u, err := svc.DescribeUser(ctx, p, "inst-1", "u-ana"); err != nil || u.Username != "ana" {
		t.Errorf("DescribeUser(u-ana) = %+v, %v", u, err)
	}
	if q, err := svc.DescribeQueue(ctx, p, "inst-1", "u-ana"); err != nil || q.Type != connect.QueueAgent {
		t.Errorf("agent queue of u-ana = %+v, %v", q, err)
	}

	for _, tc := range []struct {
		name string
		fn   func(ctx context.Context, pv *connect.Provisioner) error
		kind connect.Kind
	}{
		{"bad chosen ID", func(ctx context.Context, pv *connect.Provisioner) error {
			_, _, err := pv.Queue(ctx, "a/b", connect.CreateQueueInput{InstanceID: "inst-1", Name: "Slash", HoursOfOperationID: "x"})
			return err
		}, connect.InvalidParameter},
		{"taken name under another ID", func(ctx context.Context, pv *connect.Provisioner) error {
			hours, err := pv.Resolve(ctx, "inst-1", connect.ResourceHoursOfOperation, connect.BasicHoursName)
			if err != nil {
				return err
			}
			_, _, err = pv.Queue(ctx, "q-other", connect.CreateQueueInput{InstanceID: "inst-1", Name: "Support", HoursOfOperationID: hours})
			return err
		}, connect.Duplicate},
		{"instance without ID or alias", func(ctx context.Context, pv *connect.Provisioner) error {
			_, _, err := pv.Instance(ctx, "", connect.CreateInstanceInput{IdentityManagementType: connect.DirectoryExisting, DirectoryID: "d-1"})
			return err
		}, connect.Invalid},
		{"dangling reference", func(ctx context.Context, pv *connect.Provisioner) error {
			_, err := pv.Resolve(ctx, "inst-1", connect.ResourceRoutingProfile, "Nope")
			return err
		}, connect.NotFound},
		{"instance of another partition", func(ctx context.Context, pv *connect.Provisioner) error {
			_, _, err := pv.Queue(ctx, "", connect.CreateQueueInput{InstanceID: b.Instance.ID, Name: "Elsewhere", HoursOfOperationID: b.Hours})
			return err
		}, connect.NotFound},
		{"a rule of CreateHoursOfOperation", func(ctx context.Context, pv *connect.Provisioner) error {
			_, _, err := pv.HoursOfOperation(ctx, "", connect.CreateHoursOfOperationInput{InstanceID: "inst-1", Name: "Mars", TimeZone: "Mars/Base"})
			return err
		}, connect.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other := p
			if tc.name == "instance of another partition" {
				other = connect.Partition{AccountID: "123456789012", Region: p.Region}
			}
			err := svc.Provision(ctx, other, tc.fn)
			if got := connect.KindOf(err); got != tc.kind {
				t.Errorf("error = %v (kind %v), want kind %v", err, got, tc.kind)
			}
		})
	}
}

// TestCreateSecurityProfile: names are unique in an instance.
func TestCreateSecurityProfile(t *testing.T) {
	t.Parallel()
	b := connecttest.Setup(t, connecttest.Config{})
	ctx := t.Context()
	in := connect.CreateSecurityProfileInput{InstanceID: b.Instance.ID, Name: "Supervisors", Tags: map[string]string{"team": "a"},
		SecurityProfileSettings: connect.SecurityProfileSettings{Description: new("leads"), Permissions: []string{"BasicAgentAccess"}}}
	sp, err := b.Service.CreateSecurityProfile(ctx, b.Partition, in)
	must(t, err)
	got, err := b.Service.DescribeSecurityProfile(ctx, b.Partition, b.Instance.ID, sp.ID)
	must(t, err)
	if got.Name != "Supervisors" || got.Description != "leads" || got.Tags["team"] != "a" ||
		got.ARN != connect.InstanceARN(b.Partition, b.Instance.ID)+"/security-profile/"+sp.ID {
		t.Errorf("DescribeSecurityProfile = %+v", got)
	}
	if _, err := b.Service.CreateSecurityProfile(ctx, b.Partition, in); connect.KindOf(err) != connect.Duplicate {
		t.Errorf("second CreateSecurityProfile = %v, want Duplicate", err)
	}
	in.Name = "Agent" // a default profile's name
	if _, err := b.Service.CreateSecurityProfile(ctx, b.Partition, in); connect.KindOf(err) != connect.Duplicate {
		t.Errorf("CreateSecurityProfile(Agent) = %v, want Duplicate", err)
	}
}
