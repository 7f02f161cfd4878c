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
	"testing"
	"time"

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
		{"GetInstanceFlow", testGetInstanceFlow},
		{"ListContactFlows", testListContactFlows},
		{"FlowModuleRoundTrip", testFlowModuleRoundTrip},
		{"FlowModuleErrors", testFlowModuleErrors},
		{"InstanceAttributes", testInstanceAttributes},
		{"QueueOutboundCaller", testQueueOutboundCaller},
		{"QueueRoundTrip", testQueueRoundTrip},
		{"QueueErrors", testQueueErrors},
		{"ListQueues", testListQueues},
		{"HoursOfOperation", testHoursOfOperation},
		{"Tags", testTags},
		{"DeleteInstanceCascades", testDeleteInstanceCascades},
		{"DeletePartition", testDeletePartition},
		{"ContactRoundTrip", testContactRoundTrip},
		{"ContactErrors", testContactErrors},
		{"UpdateContactFrom", testUpdateContactFrom},
		{"ContactByClientToken", testContactByClientToken},
		{"FailedWriteUndoesUpdate", testFailedWriteUndoesUpdate},
		{"CountContactsByPrevious", testCountContactsByPrevious},
		{"Attributes", testAttributes},
		{"SearchContacts", testSearchContacts},
		{"SearchContactsCriteria", testSearchContactsCriteria},
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
		{"WriteLock", testWriteLock},
		{"FlowLog", testFlowLog},
		{"Events", testEvents},
		{"EventsCommitOrder", testEventsCommitOrder},
		{"PartitionEvents", testPartitionEvents},
		{"Cursors", testCursors},
		{"ContactLifecycleRoundTrip", testContactLifecycleRoundTrip},
		{"PartitionContact", testPartitionContact},
		{"TaskTemplateRoundTrip", testTaskTemplateRoundTrip},
		{"TaskTemplateErrors", testTaskTemplateErrors},
		{"ListTaskTemplates", testListTaskTemplates},
		{"QuickConnects", testQuickConnects},
		{"QueueQuickConnects", testQueueQuickConnects},
		{"TemplatesAndQuickConnectsCascade", testTemplatesAndQuickConnectsCascade},
		{"ListQueuedContacts", testListQueuedContacts},
		{"QueueStats", testQueueStats},
		{"CountScheduledDue", testCountScheduledDue},
		{"ListContactEvents", testListContactEvents},
		{"Ping", testPing},
	}
	tests = append(tests, agentCases...)
	tests = append(tests, adminCases...)
	tests = append(tests, hierarchyCases...)
	tests = append(tests, metricsCases...)
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
		Attachments: []connect.Attachment{
			{ID: "file-1", FileName: "scan.pdf", URL: "https://bucket.s3.amazonaws.com/scan.pdf?X-Amz-Signature=abc"},
			{ID: "file-2", FileName: "scan.pdf", URL: "http://localhost:4566/b/k"},
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

// agentCases are the store cases of the agent-side resources: users, routing
// profiles and their queues, security profiles, agent statuses, agent queues
// and the hours-of-operation writes.
//
// Conventions they pin, beyond the interfaces' documentation: empty user
// channel configs, security profile IDs, media concurrencies read back as
// nil; ListRoutingProfileQueues is ordered by (QueueID, Channel).
var agentCases = []struct {
	name string
	fn   func(t *testing.T, s connect.Store)
}{
	{"UserRoundTrip", testUserRoundTrip},
	{"UserErrors", testUserErrors},
	{"ListUsers", testListUsers},
	{"ListRoutableUsers", testListRoutableUsers},
	{"ReadRoutableUsersAhead", testReadRoutableUsersAhead},
	{"DeleteUserDeletesAgentQueue", testDeleteUser},
	{"AgentQueuesHaveNoName", testAgentQueues},
	{"RoutingProfileRoundTrip", testRoutingProfileRoundTrip},
	{"RoutingProfileErrors", testRoutingProfileErrors},
	{"RoutingProfileQueues", testRoutingProfileQueues},
	{"AgentStatuses", testAgentStatuses},
	{"SecurityProfiles", testSecurityProfiles},
	{"HoursOfOperationWrites", testHoursOfOperationWrites},
	{"AgentTags", testAgentTags},
	{"DeleteInstanceCascadesAgents", testDeleteInstanceCascadesAgents},
}
