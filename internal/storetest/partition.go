package storetest

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// --- deleting an account's region (connectd's reset)

// fillInstance inserts instance id of partition p with one resource of each
// kind, a contact with attributes, two flow log entries and three events,
// and counts the contact active.
func fillInstance(t *testing.T, s connect.Store, p connect.Partition, id string) {
	t.Helper()
	ctx := t.Context()
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(ctx, newInstance(p, id)) })
	mustStatuses(t, s, id)
	last := newEvent(id, 1, 3)
	mustUpdate(t, s, func(tx connect.Tx) error {
		user := newUser(id, "u-1", "ada")
		user.SecurityProfileIDs = []string{"sp-1"}
		_, err := tx.AddActiveContacts(ctx, id, 1, 1)
		return errors.Join(
			tx.InsertHoursOfOperation(ctx, newHours(id, "h-1")),
			tx.InsertQueue(ctx, newQueue(id, "q-1", "Q")),
			tx.InsertContactFlow(ctx, newFlow(id, "f-1", "Main")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile(id, "rp-1", "Main")),
			tx.PutRoutingProfileQueues(ctx, id, "rp-1", []connect.RoutingProfileQueue{{QueueID: "q-1", Channel: "TASK", Priority: 1}}),
			tx.InsertSecurityProfile(ctx, newSecurityProfile(id, "sp-1", "Admin")),
			tx.InsertUser(ctx, user),
			tx.InsertQueue(ctx, &connect.Queue{ID: "u-1", ARN: arn(partition, id, "queue/agent/u-1"), InstanceID: id,
				Type: connect.QueueAgent, Status: "ENABLED", LastModified: at(1)}),
			tx.InsertTaskTemplate(ctx, newTemplate(id, "t-1", "Template")),
			tx.InsertQuickConnect(ctx, newQuickConnect(id, "qc-1", "QC", connect.QuickConnectQueue)),
			tx.InsertContactFlowModule(ctx, newFlowModule(id, "m-1", "Module")),
			tx.InsertContact(ctx, newContact(id, "c-1")),
			tx.PutAttributes(ctx, id, "set-c-1", map[string]string{"a": "1"}),
			tx.AppendFlowLog(ctx, id, "c-1", []connect.FlowLogEntry{{Timestamp: at(1), ActionID: "a"}, {Timestamp: at(2), ActionID: "b"}}),
			tx.AppendEvent(ctx, newEvent(id, 1, 1)),
			tx.AppendEvent(ctx, newEvent(id, 1, 2)),
			tx.AppendEvent(ctx, last),
			err,
		)
	})
	awaitSeq(t, s, last.Seq)
}

func testDeletePartition(t *testing.T, s connect.Store) {
	ctx := t.Context()
	otherRegion := connect.Partition{AccountID: partition.AccountID, Region: "eu-west-2"}
	otherAccount := connect.Partition{AccountID: "210987654321", Region: partition.Region}
	fillInstance(t, s, partition, "i-1")
	fillInstance(t, s, partition, "i-2")
	fillInstance(t, s, otherRegion, "i-3")
	fillInstance(t, s, otherAccount, "i-4")

	var got connect.PartitionCounts
	mustUpdate(t, s, func(tx connect.Tx) (err error) {
		got, err = tx.DeletePartition(ctx, partition)
		return err
	})
	want := connect.PartitionCounts{Instances: 2, HoursOfOperations: 2, Queues: 2, ContactFlows: 2, RoutingProfiles: 2,
		SecurityProfiles: 2, AgentStatuses: 6, Users: 2, TaskTemplates: 2, QuickConnects: 2, FlowModules: 2, Contacts: 2,
		ContactEvents: 6, FlowLogEntries: 4}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DeletePartition counts mismatch (-want +got):\n%s", diff)
	}

	check := func(t *testing.T, id string, gone bool) {
		t.Helper()
		errs := map[string]error{}
		_, errs["instance"] = s.GetInstance(ctx, id)
		_, errs["hours"] = s.GetHoursOfOperation(ctx, id, "h-1")
		_, errs["queue"] = s.GetQueue(ctx, id, "q-1")
		_, errs["agent queue"] = s.GetQueue(ctx, id, "u-1")
		_, errs["flow"] = s.GetContactFlow(ctx, id, "f-1")
		_, errs["routing profile"] = s.GetRoutingProfile(ctx, id, "rp-1")
		_, errs["security profile"] = s.GetSecurityProfile(ctx, id, "sp-1")
		_, errs["agent status"] = s.GetAgentStatus(ctx, id, "s-avail")
		_, errs["user"] = s.GetUser(ctx, id, "u-1")
		_, errs["task template"] = s.GetTaskTemplate(ctx, id, "t-1")
		_, errs["task template snapshot"] = s.GetTaskTemplateVersion(ctx, id, "t-1", 1)
		_, errs["quick connect"] = s.GetQuickConnect(ctx, id, "qc-1")
		_, errs["flow module"] = s.GetContactFlowModule(ctx, id, "m-1")
		_, errs["contact"] = s.GetContact(ctx, id, "c-1")
		for what, err := range errs {
			if gone && !connect.IsNotFound(err) {
				t.Errorf("%s of %s: err = %v, want NotFound", what, id, err)
			}
			if !gone && err != nil {
				t.Errorf("%s of %s: err = %v, want nil", what, id, err)
			}
		}
		attrs, err := s.GetAttributes(ctx, id, "set-c-1")
		if err != nil || gone != (len(attrs) == 0) {
			t.Errorf("GetAttributes of %s = %v, %v; gone = %v", id, attrs, err, gone)
		}
		logs, err := s.ListFlowLog(ctx, id, "c-1")
		if err != nil || gone != (len(logs) == 0) {
			t.Errorf("ListFlowLog of %s = %d entries, %v; gone = %v", id, len(logs), err, gone)
		}
		rpq, err := s.ListRoutingProfileQueues(ctx, id, "rp-1", connect.PageRequest{})
		if err != nil || gone != (len(rpq) == 0) {
			t.Errorf("ListRoutingProfileQueues of %s = %v, %v; gone = %v", id, rpq, err, gone)
		}
	}
	check(t, "i-1", true)
	check(t, "i-2", true)
	check(t, "i-3", false)
	check(t, "i-4", false)

	events, err := s.EventsAfter(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	byInstance := map[string]int{}
	for _, e := range events {
		byInstance[e.InstanceID]++
	}
	if diff := cmp.Diff(map[string]int{"i-3": 3, "i-4": 3}, byInstance); diff != "" {
		t.Errorf("events left by instance mismatch (-want +got):\n%s", diff)
	}
	if insts, err := s.ListInstances(ctx, partition, connect.PageRequest{}); err != nil || len(insts) != 0 {
		t.Errorf("ListInstances after DeletePartition = %d, %v; want none", len(insts), err)
	}

	// The instance comes back empty: no quota count, no snapshot, no contact.
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(ctx, newInstance(partition, "i-1")) })
	mustUpdate(t, s, func(tx connect.Tx) error {
		ok, err := tx.AddActiveContacts(ctx, "i-1", 1, 1)
		if err == nil && !ok {
			t.Errorf("AddActiveContacts(+1, quota 1) in the re-created instance = false, want true")
		}
		return err
	})
	if _, err := s.GetContact(ctx, "i-1", "c-1"); !connect.IsNotFound(err) {
		t.Errorf("GetContact in the re-created instance = %v, want NotFound", err)
	}

	// An empty partition: nothing to delete.
	mustUpdate(t, s, func(tx connect.Tx) (err error) {
		got, err = tx.DeletePartition(ctx, connect.Partition{AccountID: "999999999999", Region: "ap-south-1"})
		return err
	})
	if got != (connect.PartitionCounts{}) {
		t.Errorf("DeletePartition of an empty partition = %+v, want zero counts", got)
	}
}
