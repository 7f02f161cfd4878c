package postgres

import (
	"context"
	"testing"

	"connectd/internal/connect"
)

// TestMigrate0012: the active-task counts of instance_counters carry over
// to the per-session counters, and the event Seqs written from event_seq
// stay below the new ones, so a cursor on them resumes.
func TestMigrate0012(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := schemaBefore(t, 12, `INSERT INTO instances (id, arn, account_id, region, identity_management_type,
			directory_id, status, inbound_calls_enabled, outbound_calls_enabled, service_role, created_time)
			VALUES ('i-a', 'arn:i-a', '111111111111', 'us-east-1', 'CONNECT_MANAGED', '', 'ACTIVE', true, true, '', 0)`,
		`INSERT INTO instance_counters VALUES ('i-a', 3)`,
		`INSERT INTO contact_events (seq, account_id, region, instance_id, contact_id, event_type, ts, body)
			VALUES (7, '111111111111', 'us-east-1', 'i-a', 'c-0', 'QUEUED', 1000, '{}')`,
		`UPDATE event_seq SET seq = 7`)
	db, err := Open(ctx, url, Options{})
	if err != nil {
		t.Fatalf("Open (migrating to 0012): %v", err)
	}
	t.Cleanup(func() { db.Close() })
	add := func(quota int) bool {
		var ok bool
		if err := db.Update(ctx, func(tx connect.Tx) error {
			var err error
			ok, err = tx.AddActiveContacts(ctx, "i-a", 1, quota)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if add(3) {
		t.Error("a 4th active task fits a quota of 3 after the migration: the 3 counted before were lost")
	}
	if !add(4) {
		t.Error("a 4th active task does not fit a quota of 4 after the migration")
	}
	e := &connect.EventRecord{InstanceID: "i-a", ContactID: "c-1", Type: "QUEUED", Body: []byte("{}")}
	if err := db.Update(ctx, func(tx connect.Tx) error { return tx.AppendEvent(ctx, e) }); err != nil {
		t.Fatal(err)
	}
	if e.Seq <= 7 {
		t.Errorf("the first Seq after the migration = %d, not above the last before (7)", e.Seq)
	}
}
