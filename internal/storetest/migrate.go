package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// CheckMigratedEventPartitions checks a store just migrated to 0005 from a
// database whose outbox held, in order, events of instance i-a (account
// 111111111111, us-east-1), i-b (222222222222, eu-west-1), a deleted
// instance, and i-a again (contacts c-0 to c-3): each event got its
// instance's partition (none for the deleted instance's), and events
// written after are read by partition. Each backend's migration test builds
// that database in its own dialect.
func CheckMigratedEventPartitions(t *testing.T, db connect.Store) {
	t.Helper()
	ctx := t.Context()
	a := connect.Partition{AccountID: "111111111111", Region: "us-east-1"}
	b := connect.Partition{AccountID: "222222222222", Region: "eu-west-1"}
	got, err := db.EventsAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var parts []connect.Partition
	for _, e := range got {
		parts = append(parts, e.Partition)
	}
	if diff := cmp.Diff([]connect.Partition{a, b, {}, a}, parts); diff != "" {
		t.Errorf("partitions of the events after migration (-want +got):\n%s", diff)
	}
	e := &connect.EventRecord{Partition: b, InstanceID: "i-b", ContactID: "c-4", Type: "QUEUED",
		Time: time.UnixMilli(5000), Body: []byte("{}")}
	if err := db.Update(ctx, func(tx connect.Tx) error { return tx.AppendEvent(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	awaitSeq(t, db, e.Seq)
	for p, want := range map[connect.Partition][]string{a: {"c-0", "c-3"}, b: {"c-1", "c-4"}} {
		es, err := db.PartitionEventsAfter(ctx, p, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range es {
			ids = append(ids, e.ContactID)
		}
		if diff := cmp.Diff(want, ids); diff != "" {
			t.Errorf("PartitionEventsAfter(%v) after migration (-want +got):\n%s", p, diff)
		}
	}
}

// PreAgentOfferContacts are statements that write, in a schema before
// migration 0014, contact c-1 of instance i-a: queued at at(0), connected
// to agent ann a minute later, ended 5 minutes after that (valid SQL on
// both stores).
var PreAgentOfferContacts = []string{fmt.Sprintf(`INSERT INTO contacts (instance_id, id, arn, initial_contact_id,
		previous_contact_id, related_contact_id, channel, initiation_method, name, description, state, contact_flow_id,
		task_template_id, quick_connect_id, attribute_set_id, request_hash, initiation_ts, last_update_ts, disconnect_ts,
		disconnect_reason, queue_id, enqueue_ts, agent_id, connected_to_agent_ts)
	VALUES ('i-a', 'c-1', 'arn:c-1', 'c-1', '', '', 'TASK', 'API', 'old', '', 'ENDED', 'f', '', '', 'c-1', 'h', %[1]d, %[3]d,
		%[3]d, 'AGENT_DISCONNECT', 'q-1', %[1]d, 'ann', %[2]d)`, at(0).UnixMilli(), at(1).UnixMilli(), at(6).UnixMilli())}

// CheckMigratedAgentOffer checks a store migrated to 0014 over
// PreAgentOfferContacts: the contact reads back without an offer time or a
// routing profile, counts as handled and answered (through the rebuilt
// covering indexes), and in no routing profile and no connecting time.
func CheckMigratedAgentOffer(t *testing.T, db connect.Store) {
	t.Helper()
	ctx := t.Context()
	c, err := db.GetContact(ctx, "i-a", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if c.OfferedToAgentTimestamp != nil || c.RoutingProfileID != "" || c.AgentID != "ann" {
		t.Errorf("contact after 0014: offered %v, routing profile %q, agent %q; want none, none, ann",
			c.OfferedToAgentTimestamp, c.RoutingProfileID, c.AgentID)
	}
	ended, err := db.ContactAggregates(ctx, "i-a", connect.AggregateQuery{From: at(0), To: at(60), Ended: true,
		Bucket: time.Hour, By: connect.AggregateBy{Queue: true, RoutingProfile: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := []connect.ContactAggregate{{QueueID: "q-1", Contacts: 1, Queued: 1, Handled: 1, Answered: 1,
		HandleMS: 300000, AnswerMS: 60000, MaxQueuedMS: 60000}}
	if diff := cmp.Diff(want, ended); diff != "" {
		t.Errorf("ended after 0014 (-want +got):\n%s", diff)
	}
	created, err := db.ContactAggregates(ctx, "i-a", connect.AggregateQuery{From: at(0), To: at(60), Bucket: time.Hour,
		RoutingProfiles: []string{"rp"}})
	if err != nil || len(created) != 0 {
		t.Errorf("created in routing profile rp after 0014: %+v, %v; want none", created, err)
	}
}
