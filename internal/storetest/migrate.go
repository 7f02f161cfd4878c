package storetest

import (
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
