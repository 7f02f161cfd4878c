package sqlite

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"connectd/internal/connect"
)

// TestMigrate0002 opens a database written by a connectd that knew only 0001,
// with an instance and queues in it, and checks that 0002's rebuild of the
// queues table keeps every row and every constraint, and that the instance
// gets the agent-side resources a new instance is born with.
func TestMigrate0002(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openMigrated(t, schemaBefore(t, 2,
		`INSERT INTO instances (id, arn, account_id, region, alias, identity_management_type, directory_id, status,
			inbound_calls_enabled, outbound_calls_enabled, service_role, created_time, client_token, tags)
			VALUES ('i-1', 'arn:i-1', 'a', 'r', NULL, 'CONNECT_MANAGED', '', 'ACTIVE', 1, 1, '', 0, NULL, NULL)`,
		`INSERT INTO queues (instance_id, id, arn, name, description, type, status, hours_of_operation_id,
			max_contacts, quick_connect_ids, last_modified, tags)
			VALUES ('i-1', 'q-1', 'arn:q-1', 'Support', 'd', 'STANDARD', 'ENABLED', 'h-1', 7, '["qc"]', 1000, '{"k":"v"}')`,
		`INSERT INTO queues (instance_id, id, arn, name, description, type, status, hours_of_operation_id,
			max_contacts, quick_connect_ids, last_modified, tags)
			VALUES ('i-1', 'q-basic', 'arn:i-1/queue/q-basic', 'BasicQueue', '', 'STANDARD', 'ENABLED', 'h-1', NULL, NULL, 1000, NULL)`))
	got, err := db.GetQueue(ctx, "i-1", "q-1")
	if err != nil {
		t.Fatal(err)
	}
	want := &connect.Queue{ID: "q-1", ARN: "arn:q-1", InstanceID: "i-1", Name: "Support", Description: "d", Type: "STANDARD",
		Status: "ENABLED", HoursOfOperationID: "h-1", MaxContacts: new(int32(7)), QuickConnectIDs: []string{"qc"},
		LastModified: time.UnixMilli(1000).UTC(), Tags: map[string]string{"k": "v"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("queue after migration (-want +got):\n%s", diff)
	}
	err = db.Update(ctx, func(tx connect.Tx) error {
		return tx.InsertQueue(ctx, &connect.Queue{ID: "q-2", ARN: "arn:q-2", InstanceID: "i-1", Name: "Support", Type: "STANDARD", Status: "ENABLED"})
	})
	if connect.KindOf(err) != connect.Duplicate {
		t.Errorf("InsertQueue(same name) after migration = %v, want Duplicate", err)
	}
	err = db.Update(ctx, func(tx connect.Tx) error {
		return tx.InsertQueue(ctx, &connect.Queue{ID: "q-3", ARN: "arn:q-3", InstanceID: "nope", Name: "X", Type: "STANDARD", Status: "ENABLED"})
	})
	if !connect.IsNotFound(err) {
		t.Errorf("InsertQueue(missing instance) after migration = %v, want NotFound (the foreign key survives)", err)
	}
	if n, err := db.CountQueuesByHoursOfOperation(ctx, "i-1", "h-1"); err != nil || n != 2 {
		t.Errorf("CountQueuesByHoursOfOperation = %d, %v; want 2", n, err)
	}
	var fkProblems int
	if err := db.rdb.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fkProblems); err != nil || fkProblems != 0 {
		t.Errorf("foreign_key_check = %d problems, %v", fkProblems, err)
	}

	checkBackfill(t, db)
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// checkBackfill compares what 0002 gave the pre-existing instance i-1 with
// what connect.Service gives a new instance.
func checkBackfill(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	svc := connect.NewService(connect.ServiceConfig{Store: db})
	p := connect.Partition{AccountID: "a", Region: "r"}
	fresh, err := svc.CreateInstance(ctx, p, connect.CreateInstanceInput{IdentityManagementType: connect.DirectoryManaged, Alias: "fresh"})
	if err != nil {
		t.Fatal(err)
	}
	type snapshot struct {
		Profiles []*connect.RoutingProfile
		Queues   []connect.RoutingProfileQueue
		Security []*connect.SecurityProfile
		Statuses []*connect.AgentStatus
	}
	take := func(instanceID, instanceARN, basicQueue string) snapshot {
		t.Helper()
		var s snapshot
		var err error
		if s.Profiles, err = db.ListRoutingProfiles(ctx, instanceID, connect.PageRequest{}); err != nil {
			t.Fatal(err)
		}
		if len(s.Profiles) != 1 {
			t.Fatalf("instance %s has %d routing profiles, want 1", instanceID, len(s.Profiles))
		}
		if s.Queues, err = db.ListRoutingProfileQueues(ctx, instanceID, s.Profiles[0].ID, connect.PageRequest{}); err != nil {
			t.Fatal(err)
		}
		if s.Security, err = db.ListSecurityProfiles(ctx, instanceID, connect.PageRequest{}); err != nil {
			t.Fatal(err)
		}
		if s.Statuses, err = db.ListAgentStatuses(ctx, instanceID, nil, connect.PageRequest{}); err != nil {
			t.Fatal(err)
		}
		check := func(kind, id, arn string) {
			if !uuidV4.MatchString(id) || arn != instanceARN+"/"+kind+"/"+id {
				t.Errorf("instance %s: %s id %q, arn %q", instanceID, kind, id, arn)
			}
		}
		for _, rp := range s.Profiles {
			check("routing-profile", rp.ID, rp.ARN)
			if rp.DefaultOutboundQueueID != basicQueue {
				t.Errorf("instance %s: default outbound queue %s, want BasicQueue %s", instanceID, rp.DefaultOutboundQueueID, basicQueue)
			}
		}
		for _, q := range s.Queues {
			if q.QueueID != basicQueue {
				t.Errorf("instance %s: profile queue %s, want BasicQueue %s", instanceID, q.QueueID, basicQueue)
			}
		}
		for _, sp := range s.Security {
			check("security-profile", sp.ID, sp.ARN)
		}
		for _, st := range s.Statuses {
			check("agent-state", st.ID, st.ARN)
		}
		slices.SortFunc(s.Security, func(a, b *connect.SecurityProfile) int { return strings.Compare(a.Name, b.Name) })
		slices.SortFunc(s.Statuses, func(a, b *connect.AgentStatus) int { return strings.Compare(a.Name, b.Name) })
		return s
	}
	freshQueue, err := db.GetQueueByName(ctx, fresh.ID, connect.BasicQueueName)
	if err != nil {
		t.Fatal(err)
	}
	want := take(fresh.ID, fresh.ARN, freshQueue.ID)
	got := take("i-1", "arn:i-1", "q-basic")
	ignore := cmpopts.IgnoreFields
	if diff := cmp.Diff(want, got,
		ignore(connect.RoutingProfile{}, "ID", "ARN", "InstanceID", "DefaultOutboundQueueID", "LastModified"),
		ignore(connect.RoutingProfileQueue{}, "QueueID", "QueueARN"),
		ignore(connect.SecurityProfile{}, "ID", "ARN", "InstanceID", "LastModified"),
		ignore(connect.AgentStatus{}, "ID", "ARN", "InstanceID", "LastModified"),
	); diff != "" {
		t.Errorf("backfilled agent resources differ from a new instance's (-new +backfilled):\n%s", diff)
	}
	// The migrated instance takes users.
	rp, sp := got.Profiles[0].ID, got.Security[0].ID
	if _, err := svc.CreateUser(ctx, p, connect.CreateUserInput{InstanceID: "i-1", Username: "ann", Password: new("Passw0rd"),
		Identity: connect.UserIdentity{FirstName: "A", LastName: "B"}, RoutingProfileID: rp, SecurityProfileIDs: []string{sp}}); err != nil {
		t.Errorf("CreateUser in the migrated instance: %v", err)
	}
}
