// Package storetest is the conformance suite every connect.Store must pass.
// Run holds every behavioural test of the store contract, so that the SQLite
// store and the PostgreSQL store behave alike; a store change comes with a new
// case here.
//
// Beyond what the connect interfaces spell out, the suite pins these
// conventions:
//
//   - empty maps and lists (tags, references, segment attributes, queue quick
//     connects, hours config, task template fields, constraints, defaults and
//     options) read back as nil;
//   - times read back at millisecond precision, in UTC;
//   - List methods order by ID, and PageRequest.Limit <= 0 means no limit;
//   - SearchContacts: time ranges are inclusive and match only contacts that
//     have the timestamp; ties on the sort key are broken by ID in the sort
//     direction; contacts lacking the sort timestamp come last either way;
//     the default sort is INITIATION_TIMESTAMP.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// Run runs the suite. open must return a new, empty store for each call and
// close it in a t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) connect.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s connect.Store)
	}{
		{"InstanceRoundTrip", testInstanceRoundTrip},
		{"InstanceNotFound", testInstanceNotFound},
		{"InstanceDuplicate", testInstanceDuplicate},
		{"ListInstances", testListInstances},
		{"ContactFlowRoundTrip", testContactFlowRoundTrip},
		{"ContactFlowErrors", testContactFlowErrors},
		{"ListContactFlows", testListContactFlows},
		{"QueueRoundTrip", testQueueRoundTrip},
		{"QueueErrors", testQueueErrors},
		{"ListQueues", testListQueues},
		{"HoursOfOperation", testHoursOfOperation},
		{"Tags", testTags},
		{"DeleteInstanceCascades", testDeleteInstanceCascades},
		{"ContactRoundTrip", testContactRoundTrip},
		{"ContactErrors", testContactErrors},
		{"ContactByClientToken", testContactByClientToken},
		{"CountContactsByPrevious", testCountContactsByPrevious},
		{"Attributes", testAttributes},
		{"SearchContacts", testSearchContacts},
		{"UpdateRollsBackOnError", testUpdateRollsBack},
		{"UpdateReadsOwnWrites", testUpdateReadsOwnWrites},
		{"UpdateConcurrentIsolation", testUpdateConcurrentIsolation},
		{"UpdateCheckThenInsertRace", testCheckThenInsertRace},
		{"NextWake", testNextWake},
		{"DueContacts", testDueContacts},
		{"NextQueuedContact", testNextQueuedContact},
		{"CountQueuedContacts", testCountQueuedContacts},
		{"ListAgentContacts", testListAgentContacts},
		{"AddActiveContacts", testAddActiveContacts},
		{"FlowLog", testFlowLog},
		{"Events", testEvents},
		{"EventsCommitOrder", testEventsCommitOrder},
		{"Cursors", testCursors},
		{"ContactLifecycleRoundTrip", testContactLifecycleRoundTrip},
		{"TaskTemplateRoundTrip", testTaskTemplateRoundTrip},
		{"TaskTemplateErrors", testTaskTemplateErrors},
		{"ListTaskTemplates", testListTaskTemplates},
		{"QuickConnects", testQuickConnects},
		{"QueueQuickConnects", testQueueQuickConnects},
		{"TemplatesAndQuickConnectsCascade", testTemplatesAndQuickConnectsCascade},
		{"Ping", testPing},
	}
	tests = append(tests, agentCases...) // agents.go
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

// --- fixtures

var (
	partition = connect.Partition{AccountID: "123456789012", Region: "us-east-1"}
	otherPart = connect.Partition{AccountID: "210987654321", Region: "eu-west-2"}
	// base has a millisecond part and no finer one: stores keep milliseconds.
	base    = time.Date(2025, 3, 1, 12, 0, 0, 123_000_000, time.UTC)
	errBoom = errors.New("boom")
)

// at returns base plus m minutes.
func at(m int) time.Time { return base.Add(time.Duration(m) * time.Minute) }

func ptr[T any](v T) *T { return &v }

func arn(p connect.Partition, instanceID, rest string) string {
	s := fmt.Sprintf("arn:aws:connect:%s:%s:instance/%s", p.Region, p.AccountID, instanceID)
	if rest != "" {
		s += "/" + rest
	}
	return s
}

func newInstance(p connect.Partition, id string) *connect.Instance {
	return &connect.Instance{
		ID:                     id,
		ARN:                    arn(p, id, ""),
		Partition:              p,
		Alias:                  "alias-" + id,
		IdentityManagementType: "CONNECT_MANAGED",
		DirectoryID:            "d-" + id,
		Status:                 "ACTIVE",
		InboundCallsEnabled:    true,
		OutboundCallsEnabled:   false,
		ServiceRole:            "arn:aws:iam::123456789012:role/connect",
		CreatedTime:            at(0),
		ClientToken:            "token-" + id,
		Tags:                   map[string]string{"team": "blue"},
	}
}

func newFlow(instanceID, id, name string) *connect.ContactFlow {
	return &connect.ContactFlow{
		ID:           id,
		ARN:          arn(partition, instanceID, "contact-flow/"+id),
		InstanceID:   instanceID,
		Name:         name,
		Type:         "CONTACT_FLOW",
		Description:  "flow " + name,
		Content:      `{"Version":"2019-10-30","StartAction":"a","Actions":[]}`,
		State:        "ACTIVE",
		Status:       "PUBLISHED",
		LastModified: at(1),
		Tags:         map[string]string{"kind": "flow"},
	}
}

func newQueue(instanceID, id, name string) *connect.Queue {
	return &connect.Queue{
		ID:                 id,
		ARN:                arn(partition, instanceID, "queue/"+id),
		InstanceID:         instanceID,
		Name:               name,
		Description:        "queue " + name,
		Type:               "STANDARD",
		Status:             "ENABLED",
		HoursOfOperationID: "hours-1",
		MaxContacts:        ptr(int32(10)),
		QuickConnectIDs:    []string{"qc-1", "qc-2"},
		LastModified:       at(2),
		Tags:               map[string]string{"kind": "queue"},
	}
}

func newHours(instanceID, id string) *connect.HoursOfOperation {
	return &connect.HoursOfOperation{
		ID:          id,
		ARN:         arn(partition, instanceID, "operating-hours/"+id),
		InstanceID:  instanceID,
		Name:        "hours " + id,
		Description: "office hours",
		TimeZone:    "Europe/London",
		Config: []connect.HoursConfig{
			{Day: "MONDAY", StartHours: 9, StartMinute: 0, EndHours: 17, EndMinute: 30},
			{Day: "TUESDAY", StartHours: 8, StartMinute: 15, EndHours: 16, EndMinute: 45},
		},
		LastModified: at(3),
		Tags:         map[string]string{"kind": "hours"},
	}
}

// newContact returns a contact with every field set.
func newContact(instanceID, id string) *connect.Contact {
	return &connect.Contact{
		ID:                id,
		ARN:               arn(partition, instanceID, "contact/"+id),
		InstanceID:        instanceID,
		InitialContactID:  "initial-" + id,
		PreviousContactID: "previous-" + id,
		RelatedContactID:  "related-" + id,
		Channel:           connect.ChannelTask,
		InitiationMethod:  connect.InitiationMethodAPI,
		Name:              "task " + id,
		Description:       "do the thing",
		State:             connect.StateScheduled,
		ContactFlowID:     "flow-1",
		TaskTemplateID:    "template-1",
		QuickConnectID:    "qc-1",
		AttributeSetID:    "set-" + id,
		// The snapshot of template-1 the task uses.
		TaskTemplateVersion: 2,
		References: map[string]connect.Reference{
			"doc":   {Type: connect.RefURL, Value: "https://example.com/doc"},
			"count": {Type: connect.RefNumber, Value: "42"},
		},
		SegmentAttributes: map[string]connect.SegmentAttributeValue{
			connect.SegmentContactExpiry: {Map: map[string]connect.SegmentAttributeValue{
				"ExpiryDuration": {Integer: ptr(int32(1440))},
			}},
			"custom:string": {String: ptr("hello")},
			"custom:arn":    {ARN: ptr("arn:aws:iam::123456789012:user/me")},
			"custom:list": {List: []connect.SegmentAttributeValue{
				{String: ptr("a")}, {Integer: ptr(int32(0))}, {Map: map[string]connect.SegmentAttributeValue{}},
			}},
			"custom:emptylist": {List: []connect.SegmentAttributeValue{}},
		},
		Tags:                map[string]string{"kind": "contact"},
		ClientToken:         "token-" + id,
		RequestHash:         "hash-" + id,
		InitiationTimestamp: at(10),
		ScheduledTimestamp:  ptr(at(60)),
		LastUpdateTimestamp: at(11),
		DisconnectTimestamp: ptr(at(120)),
		DisconnectReason:    "EXPIRED",
	}
}

// --- helpers

func mustUpdate(t *testing.T, s connect.Store, fn func(tx connect.Tx) error) {
	t.Helper()
	if err := s.Update(t.Context(), fn); err != nil {
		t.Fatalf("Update = %v, want nil", err)
	}
}

// mustInstance inserts newInstance(partition, id).
func mustInstance(t *testing.T, s connect.Store, id string) *connect.Instance {
	t.Helper()
	in := newInstance(partition, id)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(t.Context(), in) })
	return in
}

func mustContact(t *testing.T, s connect.Store, c *connect.Contact) {
	t.Helper()
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertContact(t.Context(), c) })
}

// wantKind fails unless err is a *connect.Error of kind k (and, if r is not
// empty, about resource r).
func wantKind(t *testing.T, what string, err error, k connect.Kind, r connect.Resource) {
	t.Helper()
	var ce *connect.Error
	if !errors.As(err, &ce) {
		t.Errorf("%s: error = %v, want a *connect.Error of kind %v", what, err, k)
		return
	}
	if ce.Kind != k {
		t.Errorf("%s: kind = %v (%v), want %v", what, ce.Kind, err, k)
	}
	if r != "" && ce.Resource != r {
		t.Errorf("%s: resource = %q, want %q", what, ce.Resource, r)
	}
	if ce.Message == "" {
		t.Errorf("%s: error %v has no client-safe Message", what, err)
	}
}

// insertErr runs fn in an Update and returns its error.
func insertErr(t *testing.T, s connect.Store, fn func(ctx context.Context, tx connect.Tx) error) error {
	t.Helper()
	return s.Update(t.Context(), func(tx connect.Tx) error { return fn(t.Context(), tx) })
}

func ids[T any](items []*T, id func(*T) string) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

func contactIDs(cs []*connect.Contact) []string {
	return ids(cs, func(c *connect.Contact) string { return c.ID })
}

// paginate collects every page of list with the given page size, checking
// that no page is longer than asked.
func paginate[T any](t *testing.T, size int, id func(*T) string, list func(connect.PageRequest) ([]*T, error)) []string {
	t.Helper()
	var all []string
	after := ""
	for range 100 {
		page, err := list(connect.PageRequest{After: after, Limit: size})
		if err != nil {
			t.Fatalf("list after %q: %v", after, err)
		}
		if len(page) > size {
			t.Fatalf("page of %d items, want at most %d", len(page), size)
		}
		if len(page) == 0 {
			return all
		}
		all = append(all, ids(page, id)...)
		after = id(page[len(page)-1])
	}
	t.Fatal("pagination does not end")
	return nil
}

// --- instances

func testInstanceRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	want := mustInstance(t, s, "i-1")
	got, err := s.GetInstance(ctx, "i-1")
	if err != nil {
		t.Fatalf("GetInstance: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GetInstance mismatch (-want +got):\n%s", diff)
	}
	if got.CreatedTime.Location() != time.UTC {
		t.Errorf("CreatedTime location = %v, want UTC", got.CreatedTime.Location())
	}
	got, err = s.GetInstanceByAlias(ctx, partition, want.Alias)
	if err != nil {
		t.Fatalf("GetInstanceByAlias: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GetInstanceByAlias mismatch (-want +got):\n%s", diff)
	}
	got, err = s.GetInstanceByClientToken(ctx, partition, want.ClientToken)
	if err != nil {
		t.Fatalf("GetInstanceByClientToken: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GetInstanceByClientToken mismatch (-want +got):\n%s", diff)
	}

	// Optional fields empty: alias, client token and tags unset.
	bare := newInstance(partition, "i-2")
	bare.Alias, bare.ClientToken, bare.Tags, bare.DirectoryID = "", "", nil, ""
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(ctx, bare) })
	got, err = s.GetInstance(ctx, "i-2")
	if err != nil {
		t.Fatalf("GetInstance: %v", err)
	}
	if diff := cmp.Diff(bare, got); diff != "" {
		t.Errorf("GetInstance(bare) mismatch (-want +got):\n%s", diff)
	}
}

func testInstanceNotFound(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	_, err := s.GetInstance(ctx, "nope")
	wantKind(t, "GetInstance", err, connect.NotFound, connect.ResourceInstance)
	_, err = s.GetInstanceByAlias(ctx, partition, "nope")
	wantKind(t, "GetInstanceByAlias", err, connect.NotFound, connect.ResourceInstance)
	_, err = s.GetInstanceByAlias(ctx, otherPart, "alias-i-1")
	wantKind(t, "GetInstanceByAlias(other partition)", err, connect.NotFound, connect.ResourceInstance)
	_, err = s.GetInstanceByClientToken(ctx, partition, "nope")
	wantKind(t, "GetInstanceByClientToken", err, connect.NotFound, connect.ResourceInstance)
	_, err = s.GetInstanceByClientToken(ctx, otherPart, "token-i-1")
	wantKind(t, "GetInstanceByClientToken(other partition)", err, connect.NotFound, connect.ResourceInstance)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.DeleteInstance(ctx, "nope") })
	wantKind(t, "DeleteInstance", err, connect.NotFound, connect.ResourceInstance)
}

func testInstanceDuplicate(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	tests := []struct {
		name    string
		mutate  func(in *connect.Instance)
		wantErr bool
	}{
		{"SameID", func(in *connect.Instance) { in.Alias, in.ClientToken = "x", "x"; in.ID = "i-1"; in.ARN = "arn-x" }, true},
		{"SameAlias", func(in *connect.Instance) { in.Alias = "alias-i-1" }, true},
		{"SameClientToken", func(in *connect.Instance) { in.ClientToken = "token-i-1" }, true},
		{"SameAliasOtherPartition", func(in *connect.Instance) {
			in.Partition, in.Alias, in.ClientToken = otherPart, "alias-i-1", "token-i-1"
		}, false},
		{"NoAliasNoToken", func(in *connect.Instance) { in.Alias, in.ClientToken = "", "" }, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Serial: the cases share one store and insert into it.
			in := newInstance(partition, fmt.Sprintf("i-new-%d", i))
			tc.mutate(in)
			err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.InsertInstance(ctx, in) })
			if tc.wantErr {
				wantKind(t, "InsertInstance", err, connect.Duplicate, connect.ResourceInstance)
			} else if err != nil {
				t.Errorf("InsertInstance = %v, want nil", err)
			}
		})
	}
	// A second instance without alias nor token is fine too.
	in := newInstance(partition, "i-bare-2")
	in.Alias, in.ClientToken = "", ""
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(t.Context(), in) })
}

func testListInstances(t *testing.T, s connect.Store) {
	var want []string
	for _, id := range []string{"i-5", "i-3", "i-1", "i-4", "i-2"} {
		mustInstance(t, s, id)
	}
	for _, id := range []string{"o-1", "o-2"} {
		in := newInstance(otherPart, id)
		mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(t.Context(), in) })
	}
	want = []string{"i-1", "i-2", "i-3", "i-4", "i-5"}
	id := func(in *connect.Instance) string { return in.ID }
	for _, size := range []int{1, 2, 5, 10} {
		got := paginate(t, size, id, func(p connect.PageRequest) ([]*connect.Instance, error) {
			return s.ListInstances(t.Context(), partition, p)
		})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ListInstances(size %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
	got, err := s.ListInstances(t.Context(), otherPart, connect.PageRequest{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"o-1", "o-2"}, ids(got, id)); diff != "" {
		t.Errorf("ListInstances(other partition) mismatch (-want +got):\n%s", diff)
	}
	full, err := s.ListInstances(t.Context(), partition, connect.PageRequest{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(newInstance(partition, "i-1"), full[0]); diff != "" {
		t.Errorf("listed instance mismatch (-want +got):\n%s", diff)
	}
}

// --- contact flows

func testContactFlowRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	want := newFlow("i-1", "f-1", "Main")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertContactFlow(ctx, want) })
	for name, get := range map[string]func() (*connect.ContactFlow, error){
		"GetContactFlow":       func() (*connect.ContactFlow, error) { return s.GetContactFlow(ctx, "i-1", "f-1") },
		"GetContactFlowByName": func() (*connect.ContactFlow, error) { return s.GetContactFlowByName(ctx, "i-1", "Main") },
	} {
		got, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
		}
	}

	upd := *want
	upd.Name, upd.Type, upd.Description, upd.Content = "Renamed", "AGENT_TRANSFER", "", `{}`
	upd.State, upd.Status, upd.LastModified = "ARCHIVED", "SAVED", at(30)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContactFlow(ctx, &upd) })
	got, err := s.GetContactFlow(ctx, "i-1", "f-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&upd, got); diff != "" {
		t.Errorf("after UpdateContactFlow mismatch (-want +got):\n%s", diff)
	}
	if _, err := s.GetContactFlowByName(ctx, "i-1", "Main"); !connect.IsNotFound(err) {
		t.Errorf("GetContactFlowByName(old name) = %v, want NotFound", err)
	}

	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteContactFlow(ctx, "i-1", "f-1") })
	_, err = s.GetContactFlow(ctx, "i-1", "f-1")
	wantKind(t, "GetContactFlow after delete", err, connect.NotFound, connect.ResourceContactFlow)
}

func testContactFlowErrors(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		if err := tx.InsertContactFlow(t.Context(), newFlow("i-1", "f-1", "Main")); err != nil {
			return err
		}
		return tx.InsertContactFlow(t.Context(), newFlow("i-1", "f-2", "Other"))
	})
	ctx := t.Context()
	_, err := s.GetContactFlow(ctx, "i-1", "nope")
	wantKind(t, "GetContactFlow", err, connect.NotFound, connect.ResourceContactFlow)
	_, err = s.GetContactFlow(ctx, "i-2", "f-1")
	wantKind(t, "GetContactFlow(other instance)", err, connect.NotFound, connect.ResourceContactFlow)
	_, err = s.GetContactFlowByName(ctx, "i-1", "nope")
	wantKind(t, "GetContactFlowByName", err, connect.NotFound, connect.ResourceContactFlow)

	tests := []struct {
		name string
		fn   func(ctx context.Context, tx connect.Tx) error
		kind connect.Kind
		res  connect.Resource
	}{
		{"InsertSameName", func(ctx context.Context, tx connect.Tx) error {
			return tx.InsertContactFlow(ctx, newFlow("i-1", "f-3", "Main"))
		}, connect.Duplicate, connect.ResourceContactFlow},
		{"InsertSameID", func(ctx context.Context, tx connect.Tx) error {
			f := newFlow("i-1", "f-1", "Fresh")
			f.ARN += "-x"
			return tx.InsertContactFlow(ctx, f)
		}, connect.Duplicate, connect.ResourceContactFlow},
		{"InsertMissingInstance", func(ctx context.Context, tx connect.Tx) error {
			return tx.InsertContactFlow(ctx, newFlow("nope", "f-9", "Main"))
		}, connect.NotFound, connect.ResourceInstance},
		{"UpdateToTakenName", func(ctx context.Context, tx connect.Tx) error {
			f := newFlow("i-1", "f-2", "Main")
			return tx.UpdateContactFlow(ctx, f)
		}, connect.Duplicate, connect.ResourceContactFlow},
		{"UpdateMissing", func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateContactFlow(ctx, newFlow("i-1", "nope", "Brand new"))
		}, connect.NotFound, connect.ResourceContactFlow},
		{"DeleteMissing", func(ctx context.Context, tx connect.Tx) error {
			return tx.DeleteContactFlow(ctx, "i-1", "nope")
		}, connect.NotFound, connect.ResourceContactFlow},
		{"DeleteOtherInstance", func(ctx context.Context, tx connect.Tx) error {
			return tx.DeleteContactFlow(ctx, "i-2", "f-1")
		}, connect.NotFound, connect.ResourceContactFlow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := insertErr(t, s, tc.fn)
			wantKind(t, tc.name, err, tc.kind, tc.res)
		})
	}
	t.Run("SameNameOtherInstance", func(t *testing.T) {
		t.Parallel()
		if err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.InsertContactFlow(ctx, newFlow("i-2", "f-7", "Main"))
		}); err != nil {
			t.Errorf("InsertContactFlow = %v, want nil", err)
		}
	})
}

func testListContactFlows(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	types := map[string]string{"f-1": "CONTACT_FLOW", "f-2": "AGENT_TRANSFER", "f-3": "CONTACT_FLOW", "f-4": "QUEUE_TRANSFER", "f-5": "CONTACT_FLOW"}
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, id := range []string{"f-4", "f-2", "f-5", "f-1", "f-3"} {
			f := newFlow("i-1", id, "name "+id)
			f.Type = types[id]
			if err := tx.InsertContactFlow(t.Context(), f); err != nil {
				return err
			}
		}
		return tx.InsertContactFlow(t.Context(), newFlow("i-2", "f-0", "elsewhere"))
	})
	id := func(f *connect.ContactFlow) string { return f.ID }
	tests := []struct {
		types []string
		want  []string
	}{
		{nil, []string{"f-1", "f-2", "f-3", "f-4", "f-5"}},
		{[]string{"CONTACT_FLOW"}, []string{"f-1", "f-3", "f-5"}},
		{[]string{"AGENT_TRANSFER", "QUEUE_TRANSFER"}, []string{"f-2", "f-4"}},
		{[]string{"CUSTOMER_QUEUE"}, nil},
	}
	for _, tc := range tests {
		for _, size := range []int{1, 2, 100} {
			t.Run(fmt.Sprintf("%v/%d", tc.types, size), func(t *testing.T) {
				t.Parallel()
				got := paginate(t, size, id, func(p connect.PageRequest) ([]*connect.ContactFlow, error) {
					return s.ListContactFlows(t.Context(), "i-1", tc.types, p)
				})
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("ListContactFlows mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
	t.Run("FullItems", func(t *testing.T) {
		t.Parallel()
		got, err := s.ListContactFlows(t.Context(), "i-2", nil, connect.PageRequest{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*connect.ContactFlow{newFlow("i-2", "f-0", "elsewhere")}, got); diff != "" {
			t.Errorf("ListContactFlows(i-2) mismatch (-want +got):\n%s", diff)
		}
	})
}

// --- queues

func testQueueRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	full := newQueue("i-1", "q-1", "Support")
	bare := newQueue("i-1", "q-2", "Bare")
	bare.MaxContacts, bare.QuickConnectIDs, bare.Tags, bare.Description = nil, nil, nil, ""
	zero := newQueue("i-1", "q-3", "Zero")
	zero.MaxContacts = ptr(int32(0)) // set to zero is not unset
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertQueue(ctx, full), tx.InsertQueue(ctx, bare), tx.InsertQueue(ctx, zero))
	})
	for _, want := range []*connect.Queue{full, bare, zero} {
		got, err := s.GetQueue(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetQueue(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetQueue(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		got, err = s.GetQueueByName(ctx, "i-1", want.Name)
		if err != nil {
			t.Fatalf("GetQueueByName(%s): %v", want.Name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetQueueByName(%s) mismatch (-want +got):\n%s", want.Name, diff)
		}
	}
}

func testQueueErrors(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertQueue(ctx, newQueue("i-1", "q-1", "Support")) })
	_, err := s.GetQueue(ctx, "i-1", "nope")
	wantKind(t, "GetQueue", err, connect.NotFound, connect.ResourceQueue)
	_, err = s.GetQueue(ctx, "i-2", "q-1")
	wantKind(t, "GetQueue(other instance)", err, connect.NotFound, connect.ResourceQueue)
	_, err = s.GetQueueByName(ctx, "i-1", "nope")
	wantKind(t, "GetQueueByName", err, connect.NotFound, connect.ResourceQueue)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQueue(ctx, newQueue("i-1", "q-2", "Support"))
	})
	wantKind(t, "InsertQueue(same name)", err, connect.Duplicate, connect.ResourceQueue)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQueue(ctx, newQueue("nope", "q-3", "Support"))
	})
	wantKind(t, "InsertQueue(missing instance)", err, connect.NotFound, connect.ResourceInstance)
	if err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQueue(ctx, newQueue("i-2", "q-2", "Support"))
	}); err != nil {
		t.Errorf("InsertQueue(same name, other instance) = %v, want nil", err)
	}
}

func testListQueues(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		for i, id := range []string{"q-3", "q-1", "q-4", "q-2"} {
			q := newQueue("i-1", id, "name "+id)
			if i%2 == 0 {
				q.Type = "AGENT"
			}
			if err := tx.InsertQueue(t.Context(), q); err != nil {
				return err
			}
		}
		return nil
	})
	id := func(q *connect.Queue) string { return q.ID }
	tests := []struct {
		types []string
		want  []string
	}{
		{nil, []string{"q-1", "q-2", "q-3", "q-4"}},
		{[]string{"AGENT"}, []string{"q-3", "q-4"}},
		{[]string{"STANDARD"}, []string{"q-1", "q-2"}},
		{[]string{"STANDARD", "AGENT"}, []string{"q-1", "q-2", "q-3", "q-4"}},
	}
	for _, tc := range tests {
		for _, size := range []int{1, 3, 100} {
			t.Run(fmt.Sprintf("%v/%d", tc.types, size), func(t *testing.T) {
				t.Parallel()
				got := paginate(t, size, id, func(p connect.PageRequest) ([]*connect.Queue, error) {
					return s.ListQueues(t.Context(), "i-1", tc.types, p)
				})
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("ListQueues mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

// --- hours of operation

func testHoursOfOperation(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	bare := newHours("i-1", "h-0")
	bare.Config, bare.Tags = nil, nil
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, id := range []string{"h-3", "h-1", "h-2"} {
			if err := tx.InsertHoursOfOperation(ctx, newHours("i-1", id)); err != nil {
				return err
			}
		}
		return errors.Join(tx.InsertHoursOfOperation(ctx, bare), tx.InsertHoursOfOperation(ctx, newHours("i-2", "h-9")))
	})
	for _, want := range []*connect.HoursOfOperation{newHours("i-1", "h-1"), bare} {
		got, err := s.GetHoursOfOperation(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetHoursOfOperation: %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetHoursOfOperation(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
	}
	_, err := s.GetHoursOfOperation(ctx, "i-1", "nope")
	wantKind(t, "GetHoursOfOperation", err, connect.NotFound, connect.ResourceHoursOfOperation)
	_, err = s.GetHoursOfOperation(ctx, "i-2", "h-1")
	wantKind(t, "GetHoursOfOperation(other instance)", err, connect.NotFound, connect.ResourceHoursOfOperation)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertHoursOfOperation(ctx, newHours("nope", "h-5"))
	})
	wantKind(t, "InsertHoursOfOperation(missing instance)", err, connect.NotFound, connect.ResourceInstance)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertHoursOfOperation(ctx, newHours("i-1", "h-1"))
	})
	wantKind(t, "InsertHoursOfOperation(same id)", err, connect.Duplicate, connect.ResourceHoursOfOperation)

	id := func(h *connect.HoursOfOperation) string { return h.ID }
	for _, size := range []int{1, 2, 10} {
		got := paginate(t, size, id, func(p connect.PageRequest) ([]*connect.HoursOfOperation, error) {
			return s.ListHoursOfOperations(ctx, "i-1", p)
		})
		if diff := cmp.Diff([]string{"h-0", "h-1", "h-2", "h-3"}, got); diff != "" {
			t.Errorf("ListHoursOfOperations(size %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
}

// --- tags

func testTags(t *testing.T, s connect.Store) {
	ctx := t.Context()
	in := mustInstance(t, s, "i-1")
	f, q, h, c := newFlow("i-1", "f-1", "Main"), newQueue("i-1", "q-1", "Q"), newHours("i-1", "h-1"), newContact("i-1", "c-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertContactFlow(ctx, f), tx.InsertQueue(ctx, q),
			tx.InsertHoursOfOperation(ctx, h), tx.InsertContact(ctx, c))
	})
	tests := []struct {
		name string
		arn  string
		get  func() (map[string]string, error)
	}{
		{"Instance", in.ARN, func() (map[string]string, error) {
			v, err := s.GetInstance(ctx, "i-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"ContactFlow", f.ARN, func() (map[string]string, error) {
			v, err := s.GetContactFlow(ctx, "i-1", "f-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"Queue", q.ARN, func() (map[string]string, error) {
			v, err := s.GetQueue(ctx, "i-1", "q-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"HoursOfOperation", h.ARN, func() (map[string]string, error) {
			v, err := s.GetHoursOfOperation(ctx, "i-1", "h-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"Contact", c.ARN, func() (map[string]string, error) {
			v, err := s.GetContact(ctx, "i-1", "c-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, want := range []map[string]string{
				{"env": "prod", "owner": "ops", "": "empty key is data too"},
				{"env": "dev"}, // replaces, does not merge
				nil,
			} {
				mustUpdate(t, s, func(tx connect.Tx) error { return tx.SetTags(t.Context(), tc.arn, want) })
				got, err := tc.get()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("tags after SetTags(%v) mismatch (-want +got):\n%s", want, diff)
				}
			}
		})
	}
	t.Run("Missing", func(t *testing.T) {
		t.Parallel()
		err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.SetTags(ctx, arn(partition, "i-1", "queue/nope"), map[string]string{"a": "b"})
		})
		wantKind(t, "SetTags", err, connect.NotFound, "")
	})
}

// --- delete instance

func testDeleteInstanceCascades(t *testing.T, s connect.Store) {
	ctx := t.Context()
	fill := func(id string) {
		mustInstance(t, s, id)
		mustUpdate(t, s, func(tx connect.Tx) error {
			return errors.Join(
				tx.InsertContactFlow(ctx, newFlow(id, "f-1", "Main")),
				tx.InsertQueue(ctx, newQueue(id, "q-1", "Q")),
				tx.InsertHoursOfOperation(ctx, newHours(id, "h-1")),
				tx.InsertContact(ctx, newContact(id, "c-1")),
				tx.PutAttributes(ctx, id, "set-c-1", map[string]string{"a": "1"}),
			)
		})
	}
	fill("i-1")
	fill("i-2")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteInstance(ctx, "i-1") })

	check := func(t *testing.T, id string, gone bool) {
		t.Helper()
		errs := map[string]error{}
		_, errs["instance"] = s.GetInstance(ctx, id)
		_, errs["flow"] = s.GetContactFlow(ctx, id, "f-1")
		_, errs["flow by name"] = s.GetContactFlowByName(ctx, id, "Main")
		_, errs["queue"] = s.GetQueue(ctx, id, "q-1")
		_, errs["hours"] = s.GetHoursOfOperation(ctx, id, "h-1")
		_, errs["contact"] = s.GetContact(ctx, id, "c-1")
		_, errs["contact by token"] = s.GetContactByClientToken(ctx, id, "token-c-1")
		for what, err := range errs {
			if gone && !connect.IsNotFound(err) {
				t.Errorf("%s of %s: err = %v, want NotFound", what, id, err)
			}
			if !gone && err != nil {
				t.Errorf("%s of %s: err = %v, want nil", what, id, err)
			}
		}
		attrs, err := s.GetAttributes(ctx, id, "set-c-1")
		if err != nil {
			t.Errorf("GetAttributes: %v", err)
		}
		if gone != (len(attrs) == 0) {
			t.Errorf("GetAttributes of %s = %v, gone = %v", id, attrs, gone)
		}
		flows, err := s.ListContactFlows(ctx, id, nil, connect.PageRequest{Limit: 10})
		if err != nil || gone != (len(flows) == 0) {
			t.Errorf("ListContactFlows of %s = %d flows, %v; gone = %v", id, len(flows), err, gone)
		}
		_, total, err := s.SearchContacts(ctx, id, connect.ContactQuery{})
		if err != nil || gone != (total == 0) {
			t.Errorf("SearchContacts of %s total = %d, %v; gone = %v", id, total, err, gone)
		}
	}
	check(t, "i-1", true)
	check(t, "i-2", false)

	// The deleted resources' tags went with them.
	for _, a := range []string{
		arn(partition, "i-1", ""), arn(partition, "i-1", "contact-flow/f-1"), arn(partition, "i-1", "queue/q-1"),
		arn(partition, "i-1", "operating-hours/h-1"), arn(partition, "i-1", "contact/c-1"),
	} {
		err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.SetTags(ctx, a, map[string]string{"x": "y"}) })
		wantKind(t, "SetTags("+a+")", err, connect.NotFound, "")
	}

	// An instance re-created under the same ID starts empty.
	in := newInstance(partition, "i-1")
	in.Tags = nil
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(ctx, in) })
	got, err := s.GetInstance(ctx, "i-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Tags != nil {
		t.Errorf("re-created instance tags = %v, want nil", got.Tags)
	}
	if _, err := s.GetContact(ctx, "i-1", "c-1"); !connect.IsNotFound(err) {
		t.Errorf("GetContact in re-created instance = %v, want NotFound", err)
	}
}

// --- contacts

func testContactRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	full := newContact("i-1", "c-1")
	bare := &connect.Contact{ // every optional field unset
		ID: "c-2", ARN: arn(partition, "i-1", "contact/c-2"), InstanceID: "i-1",
		InitialContactID: "c-2", Channel: connect.ChannelTask, InitiationMethod: connect.InitiationMethodAPI,
		Name: "bare", State: connect.StateInProgress, AttributeSetID: "c-2",
		InitiationTimestamp: at(5), LastUpdateTimestamp: at(5),
	}
	mustContact(t, s, full)
	mustContact(t, s, bare)
	for _, want := range []*connect.Contact{full, bare} {
		got, err := s.GetContact(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetContact(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetContact(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		for name, ts := range map[string]*time.Time{"initiation": &got.InitiationTimestamp,
			"last update": &got.LastUpdateTimestamp, "scheduled": got.ScheduledTimestamp, "disconnect": got.DisconnectTimestamp} {
			if ts != nil && ts.Location() != time.UTC {
				t.Errorf("%s timestamp location = %v, want UTC", name, ts.Location())
			}
		}
	}

	// UpdateContact stores every mutable field; identity and creation facts
	// stay as inserted.
	upd := *newContact("i-1", "c-1")
	upd.Name, upd.Description, upd.State = "renamed", "", connect.StateEnded
	upd.ContactFlowID, upd.QuickConnectID = "flow-2", ""
	upd.References = map[string]connect.Reference{"new": {Type: connect.RefString, Value: "v"}}
	upd.SegmentAttributes = map[string]connect.SegmentAttributeValue{"k": {List: []connect.SegmentAttributeValue{{ARN: ptr("a")}}}}
	upd.ScheduledTimestamp, upd.LastUpdateTimestamp = nil, at(200)
	upd.DisconnectTimestamp, upd.DisconnectReason = ptr(at(201)), "API"
	upd.Tags = map[string]string{"x": "x"} // a flow's TagContact
	upd.QueueID, upd.QueuePriority, upd.QueueTimeAdjustmentSeconds = "q-1", 2, 30
	upd.EnqueueTimestamp, upd.AgentID, upd.ConnectedToAgentTimestamp = ptr(at(150)), "u-1", ptr(at(160))
	upd.ConnectedToSystemTimestamp, upd.LastPausedTimestamp, upd.LastResumedTimestamp = ptr(at(140)), ptr(at(170)), ptr(at(180))
	upd.TotalPauseCount, upd.TotalPauseDurationInSeconds = 1, 10
	upd.ExpiresAt, upd.WakeAt = ptr(at(9000)), ptr(at(9000))
	upd.TaskTemplateID, upd.TaskTemplateVersion, upd.TaskTemplateChanges = "template-2", 7, 1
	want := upd
	// Immutable: whatever the caller sends, these keep their inserted values.
	upd.InitialContactID, upd.PreviousContactID, upd.RelatedContactID = "x", "x", "x"
	upd.Channel, upd.InitiationMethod, upd.AttributeSetID = "x", "x", "x"
	upd.ClientToken, upd.RequestHash, upd.InitiationTimestamp = "x", "x", at(999)
	upd.ARN = "x"
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContact(ctx, &upd) })
	got, err := s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateContact mismatch (-want +got):\n%s", diff)
	}

	// And back from unset to set.
	upd2 := *got
	upd2.ScheduledTimestamp, upd2.DisconnectTimestamp, upd2.References, upd2.SegmentAttributes = ptr(at(300)), nil, nil, nil
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContact(ctx, &upd2) })
	got, err = s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&upd2, got); diff != "" {
		t.Errorf("after second UpdateContact mismatch (-want +got):\n%s", diff)
	}
}

func testContactErrors(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustContact(t, s, newContact("i-1", "c-1"))
	ctx := t.Context()
	_, err := s.GetContact(ctx, "i-1", "nope")
	wantKind(t, "GetContact", err, connect.NotFound, connect.ResourceContact)
	_, err = s.GetContact(ctx, "i-2", "c-1")
	wantKind(t, "GetContact(other instance)", err, connect.NotFound, connect.ResourceContact)

	noToken := func(id string) *connect.Contact {
		c := newContact("i-1", id)
		c.ClientToken = ""
		return c
	}
	tests := []struct {
		name string
		c    *connect.Contact
		kind connect.Kind // Internal (zero) means success
		res  connect.Resource
	}{
		{"SameID", func() *connect.Contact {
			c := newContact("i-1", "c-1")
			c.ClientToken, c.ARN = "", "other-arn"
			return c
		}(),
			connect.Duplicate, connect.ResourceContact},
		{"SameClientToken", func() *connect.Contact { c := newContact("i-1", "c-2"); c.ClientToken = "token-c-1"; return c }(),
			connect.Duplicate, connect.ResourceContact},
		{"MissingInstance", newContact("nope", "c-3"), connect.NotFound, connect.ResourceInstance},
		{"SameClientTokenOtherInstance", func() *connect.Contact { c := newContact("i-2", "c-4"); c.ClientToken = "token-c-1"; return c }(),
			connect.Internal, ""},
		{"NoClientToken1", noToken("c-5"), connect.Internal, ""},
		{"NoClientToken2", noToken("c-6"), connect.Internal, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.InsertContact(ctx, tc.c) })
			if tc.kind == connect.Internal {
				if err != nil {
					t.Errorf("InsertContact = %v, want nil", err)
				}
				return
			}
			wantKind(t, "InsertContact", err, tc.kind, tc.res)
		})
	}
	t.Run("UpdateMissing", func(t *testing.T) {
		t.Parallel()
		err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateContact(ctx, newContact("i-1", "nope"))
		})
		wantKind(t, "UpdateContact", err, connect.NotFound, connect.ResourceContact)
		err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateContact(ctx, newContact("i-2", "c-1"))
		})
		wantKind(t, "UpdateContact(other instance)", err, connect.NotFound, connect.ResourceContact)
	})
}

func testContactByClientToken(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	want := newContact("i-1", "c-1")
	mustContact(t, s, want)
	mustContact(t, s, newContact("i-1", "c-2"))
	got, err := s.GetContactByClientToken(ctx, "i-1", "token-c-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GetContactByClientToken mismatch (-want +got):\n%s", diff)
	}
	_, err = s.GetContactByClientToken(ctx, "i-1", "nope")
	wantKind(t, "GetContactByClientToken", err, connect.NotFound, connect.ResourceContact)
	_, err = s.GetContactByClientToken(ctx, "i-2", "token-c-1")
	wantKind(t, "GetContactByClientToken(other instance)", err, connect.NotFound, connect.ResourceContact)
	noToken := newContact("i-1", "c-3")
	noToken.ClientToken = ""
	mustContact(t, s, noToken)
	_, err = s.GetContactByClientToken(ctx, "i-1", "")
	wantKind(t, "GetContactByClientToken(empty)", err, connect.NotFound, connect.ResourceContact)
}

func testCountContactsByPrevious(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		for i, prev := range []string{"p-1", "p-1", "p-1", "p-2", ""} {
			c := newContact("i-1", fmt.Sprintf("c-%d", i))
			c.PreviousContactID = prev
			if err := tx.InsertContact(ctx, c); err != nil {
				return err
			}
		}
		c := newContact("i-2", "c-x")
		c.PreviousContactID = "p-1"
		return tx.InsertContact(ctx, c)
	})
	for _, tc := range []struct {
		instance, prev string
		want           int
	}{{"i-1", "p-1", 3}, {"i-1", "p-2", 1}, {"i-1", "p-3", 0}, {"i-2", "p-1", 1}, {"i-2", "p-2", 0}} {
		got, err := s.CountContactsByPrevious(ctx, tc.instance, tc.prev)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("CountContactsByPrevious(%s, %s) = %d, want %d", tc.instance, tc.prev, got, tc.want)
		}
	}
}

func testAttributes(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	get := func(instance, set string) map[string]string {
		t.Helper()
		m, err := s.GetAttributes(ctx, instance, set)
		if err != nil {
			t.Fatalf("GetAttributes(%s, %s) = %v, want nil error", instance, set, err)
		}
		return m
	}
	if m := get("i-1", "set-1"); len(m) != 0 {
		t.Errorf("GetAttributes(unset) = %v, want empty", m)
	}
	if m := get("nope", "set-1"); len(m) != 0 {
		t.Errorf("GetAttributes(missing instance) = %v, want empty", m)
	}
	for _, want := range []map[string]string{
		{"a": "1", "b": "", "ünïcode": "✓"},
		{"c": "3"}, // replaces
	} {
		mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutAttributes(ctx, "i-1", "set-1", want) })
		if diff := cmp.Diff(want, get("i-1", "set-1")); diff != "" {
			t.Errorf("GetAttributes mismatch (-want +got):\n%s", diff)
		}
	}
	if m := get("i-2", "set-1"); len(m) != 0 {
		t.Errorf("GetAttributes(other instance) = %v, want empty", m)
	}
	if m := get("i-1", "set-2"); len(m) != 0 {
		t.Errorf("GetAttributes(other set) = %v, want empty", m)
	}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutAttributes(ctx, "i-1", "set-1", nil) })
	if m := get("i-1", "set-1"); len(m) != 0 {
		t.Errorf("GetAttributes after PutAttributes(nil) = %v, want empty", m)
	}
	err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.PutAttributes(ctx, "nope", "set-1", map[string]string{"a": "b"})
	})
	wantKind(t, "PutAttributes(missing instance)", err, connect.NotFound, connect.ResourceInstance)
}

// --- search

func testSearchContacts(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	type spec struct {
		id, channel, method string
		init                int
		sched, disc         *int
	}
	specs := []spec{
		{"c-1", "TASK", "API", 1, nil, nil},
		{"c-2", "TASK", "API", 2, ptr(100), nil},
		{"c-3", "TASK", "FLOW", 3, ptr(50), nil},
		{"c-4", "CHAT", "API", 4, nil, nil},
		{"c-5", "TASK", "FLOW", 5, nil, ptr(6)},
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, sp := range specs {
			c := newContact("i-1", sp.id)
			c.Channel, c.InitiationMethod, c.InitiationTimestamp = sp.channel, sp.method, at(sp.init)
			c.ScheduledTimestamp, c.DisconnectTimestamp = nil, nil
			if sp.sched != nil {
				c.ScheduledTimestamp = ptr(at(*sp.sched))
			}
			if sp.disc != nil {
				c.DisconnectTimestamp = ptr(at(*sp.disc))
			}
			if err := tx.InsertContact(t.Context(), c); err != nil {
				return err
			}
		}
		return tx.InsertContact(t.Context(), newContact("i-2", "c-0")) // never in i-1's results
	})
	all := []string{"c-1", "c-2", "c-3", "c-4", "c-5"}
	tests := []struct {
		name      string
		q         connect.ContactQuery
		want      []string
		wantTotal int // -1: len(want)
	}{
		{"All", connect.ContactQuery{}, all, -1},
		{"Descending", connect.ContactQuery{Descending: true}, []string{"c-5", "c-4", "c-3", "c-2", "c-1"}, -1},
		{"InitiationRangeInclusive", connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP", Start: at(2), End: at(4)},
			[]string{"c-2", "c-3", "c-4"}, -1},
		{"InitiationOpenEnd", connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP", Start: at(4)}, []string{"c-4", "c-5"}, -1},
		{"InitiationOpenStart", connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP", End: at(1)}, []string{"c-1"}, -1},
		{"InitiationMillisecond", connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP",
			Start: at(2).Add(time.Millisecond), End: at(4).Add(-time.Millisecond)}, []string{"c-3"}, -1},
		{"ScheduledRange", connect.ContactQuery{TimeField: "SCHEDULED_TIMESTAMP", Start: at(0), End: at(60)}, []string{"c-3"}, -1},
		{"ScheduledAny", connect.ContactQuery{TimeField: "SCHEDULED_TIMESTAMP", Start: at(0), End: at(1000)}, []string{"c-2", "c-3"}, -1},
		{"DisconnectRange", connect.ContactQuery{TimeField: "DISCONNECT_TIMESTAMP", Start: at(0), End: at(1000)}, []string{"c-5"}, -1},
		{"ConnectedToAgentNone", connect.ContactQuery{TimeField: "CONNECTED_TO_AGENT_TIMESTAMP", Start: at(0), End: at(1000)}, nil, -1},
		{"EnqueueNone", connect.ContactQuery{TimeField: "ENQUEUE_TIMESTAMP", Start: at(0), End: at(1000)}, nil, -1},
		{"Channel", connect.ContactQuery{Channels: []string{"CHAT"}}, []string{"c-4"}, -1},
		{"Channels", connect.ContactQuery{Channels: []string{"CHAT", "TASK"}}, all, -1},
		{"Method", connect.ContactQuery{InitiationMethods: []string{"FLOW"}}, []string{"c-3", "c-5"}, -1},
		{"ChannelAndMethod", connect.ContactQuery{Channels: []string{"TASK"}, InitiationMethods: []string{"API"}}, []string{"c-1", "c-2"}, -1},
		{"QueueNoneYet", connect.ContactQuery{QueueIDs: []string{"q-1"}}, nil, -1},
		{"SortScheduledAsc", connect.ContactQuery{SortField: "SCHEDULED_TIMESTAMP"}, []string{"c-3", "c-2", "c-1", "c-4", "c-5"}, -1},
		{"SortScheduledDesc", connect.ContactQuery{SortField: "SCHEDULED_TIMESTAMP", Descending: true},
			[]string{"c-2", "c-3", "c-5", "c-4", "c-1"}, -1},
		{"SortChannel", connect.ContactQuery{SortField: "CHANNEL"}, []string{"c-4", "c-1", "c-2", "c-3", "c-5"}, -1},
		{"SortMethodDesc", connect.ContactQuery{SortField: "INITIATION_METHOD", Descending: true},
			[]string{"c-5", "c-3", "c-4", "c-2", "c-1"}, -1},
		{"SortInitiationDesc", connect.ContactQuery{SortField: "INITIATION_TIMESTAMP", Descending: true},
			[]string{"c-5", "c-4", "c-3", "c-2", "c-1"}, -1},
		{"OffsetLimit", connect.ContactQuery{Offset: 1, Limit: 2}, []string{"c-2", "c-3"}, 5},
		{"LimitOnly", connect.ContactQuery{Limit: 1, Descending: true}, []string{"c-5"}, 5},
		{"LastPartialPage", connect.ContactQuery{Offset: 4, Limit: 2}, []string{"c-5"}, 5},
		{"OffsetPastEnd", connect.ContactQuery{Offset: 10, Limit: 2}, nil, 5},
		{"FilteredPage", connect.ContactQuery{InitiationMethods: []string{"API"}, Offset: 1, Limit: 1}, []string{"c-2"}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, total, err := s.SearchContacts(t.Context(), "i-1", tc.q)
			if err != nil {
				t.Fatalf("SearchContacts: %v", err)
			}
			if diff := cmp.Diff(tc.want, contactIDs(got), cmpEmptyAsNil); diff != "" {
				t.Errorf("SearchContacts IDs mismatch (-want +got):\n%s", diff)
			}
			wantTotal := tc.wantTotal
			if wantTotal < 0 {
				wantTotal = len(tc.want)
			}
			if total != wantTotal {
				t.Errorf("SearchContacts total = %d, want %d", total, wantTotal)
			}
		})
	}
	t.Run("FullContacts", func(t *testing.T) {
		t.Parallel()
		got, _, err := s.SearchContacts(t.Context(), "i-2", connect.ContactQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*connect.Contact{newContact("i-2", "c-0")}, got); diff != "" {
			t.Errorf("SearchContacts(i-2) mismatch (-want +got):\n%s", diff)
		}
	})
}

// cmpEmptyAsNil compares string slices treating nil and empty alike (only
// used for ID lists, where the distinction means nothing).
var cmpEmptyAsNil = cmp.Transformer("emptyAsNil", func(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
})

// --- Update semantics

func testUpdateRollsBack(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	tests := []struct {
		name  string
		ctx   func(t *testing.T) context.Context
		fail  func() error // called after the writes; nil: panic
		check func(t *testing.T, err error)
	}{
		{"Error", func(t *testing.T) context.Context { return t.Context() },
			func() error { return errBoom },
			func(t *testing.T, err error) {
				if !errors.Is(err, errBoom) {
					t.Errorf("Update = %v, want %v", err, errBoom)
				}
			}},
		{"Panic", func(t *testing.T) context.Context { return t.Context() },
			nil,
			func(t *testing.T, err error) {
				if err == nil {
					t.Error("Update = nil after a panic, want an error")
				}
			}},
		{"CancelledContext", func(t *testing.T) context.Context {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			return ctx
		}, func() error { return nil },
			func(t *testing.T, err error) {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Update = %v, want context.Canceled", err)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			id := "c-" + tc.name
			err := s.Update(tc.ctx(t), func(tx connect.Tx) error {
				ctx := t.Context()
				if err := tx.InsertContact(ctx, newContact("i-1", id)); err != nil {
					return err
				}
				if err := tx.PutAttributes(ctx, "i-1", "set-"+id, map[string]string{"a": "b"}); err != nil {
					return err
				}
				if err := tx.SetTags(ctx, arn(partition, "i-1", ""), map[string]string{"by": id}); err != nil {
					return err
				}
				if tc.fail == nil {
					panic("boom")
				}
				return tc.fail()
			})
			tc.check(t, err)
			if _, err := s.GetContact(t.Context(), "i-1", id); !connect.IsNotFound(err) {
				t.Errorf("GetContact after failed Update = %v, want NotFound", err)
			}
			if m, err := s.GetAttributes(t.Context(), "i-1", "set-"+id); err != nil || len(m) != 0 {
				t.Errorf("GetAttributes after failed Update = %v, %v; want empty", m, err)
			}
			in, err := s.GetInstance(t.Context(), "i-1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string]string{"team": "blue"}, in.Tags); diff != "" {
				t.Errorf("instance tags after failed Update (-want +got):\n%s", diff)
			}
		})
	}
	// The store still works after all that.
	mustContact(t, s, newContact("i-1", "c-after"))
}

func testUpdateReadsOwnWrites(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	c := newContact("i-1", "c-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		ctx := t.Context()
		if err := tx.InsertContact(ctx, c); err != nil {
			return err
		}
		got, err := tx.GetContact(ctx, "i-1", "c-1")
		if err != nil {
			return fmt.Errorf("GetContact in the same tx: %w", err)
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("GetContact in tx mismatch (-want +got):\n%s", diff)
		}
		if _, err := tx.GetContactByClientToken(ctx, "i-1", c.ClientToken); err != nil {
			return fmt.Errorf("GetContactByClientToken in the same tx: %w", err)
		}
		if err := tx.PutAttributes(ctx, "i-1", "s", map[string]string{"k": "v"}); err != nil {
			return err
		}
		m, err := tx.GetAttributes(ctx, "i-1", "s")
		if err != nil {
			return err
		}
		if m["k"] != "v" {
			t.Errorf("GetAttributes in tx = %v, want k=v", m)
		}
		return nil
	})
}

func testUpdateConcurrentIsolation(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	const n = 50
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = s.Update(t.Context(), func(tx connect.Tx) error {
				ctx := t.Context()
				id := fmt.Sprintf("c-%02d", i)
				if err := tx.InsertContact(ctx, newContact("i-1", id)); err != nil {
					return err
				}
				if err := tx.PutAttributes(ctx, "i-1", "set-"+id, map[string]string{"i": id}); err != nil {
					return err
				}
				if i%2 == 1 {
					return fmt.Errorf("request %d: %w", i, errBoom)
				}
				return nil
			})
		})
	}
	close(start)
	wg.Wait()
	var want []string
	for i := range n {
		if i%2 == 1 {
			if !errors.Is(errs[i], errBoom) {
				t.Errorf("Update %d = %v, want %v", i, errs[i], errBoom)
			}
			continue
		}
		if errs[i] != nil {
			t.Errorf("Update %d = %v, want nil", i, errs[i])
		}
		want = append(want, fmt.Sprintf("c-%02d", i))
	}
	got, total, err := s.SearchContacts(t.Context(), "i-1", connect.ContactQuery{})
	if err != nil {
		t.Fatal(err)
	}
	gotIDs := contactIDs(got)
	slices.Sort(gotIDs)
	if diff := cmp.Diff(want, gotIDs); diff != "" {
		t.Errorf("persisted contacts mismatch (-want +got):\n%s", diff)
	}
	if total != n/2 {
		t.Errorf("total = %d, want %d", total, n/2)
	}
	for i := range n {
		id := fmt.Sprintf("c-%02d", i)
		m, err := s.GetAttributes(t.Context(), "i-1", "set-"+id)
		if err != nil {
			t.Fatal(err)
		}
		if (i%2 == 0) != (m["i"] == id) {
			t.Errorf("attributes of %s = %v after Update %d returned %v", id, m, i, errs[i])
		}
	}
}

func testCheckThenInsertRace(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	const n = 20
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = s.Update(t.Context(), func(tx connect.Tx) error {
				ctx := t.Context()
				_, err := tx.GetContactByClientToken(ctx, "i-1", "same-token")
				if err == nil {
					return nil // already created: idempotent success
				}
				if !connect.IsNotFound(err) {
					return err
				}
				c := newContact("i-1", fmt.Sprintf("c-%02d", i))
				c.ClientToken = "same-token"
				return tx.InsertContact(ctx, c)
			})
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Update %d = %v, want nil", i, err)
		}
	}
	_, total, err := s.SearchContacts(t.Context(), "i-1", connect.ContactQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 {
		t.Errorf("contacts = %d, want 1", total)
	}
	if _, err := s.GetContactByClientToken(t.Context(), "i-1", "same-token"); err != nil {
		t.Errorf("GetContactByClientToken = %v, want nil", err)
	}
}
