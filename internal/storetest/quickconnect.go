package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

func newQuickConnect(instanceID, id, name, typ string) *connect.QuickConnect {
	q := &connect.QuickConnect{
		ID: id, ARN: arn(partition, instanceID, "transfer-destination/"+id), InstanceID: instanceID,
		Name: name, Description: "qc " + name, Type: typ, LastModified: at(3),
		Tags: map[string]string{"kind": "qc"},
	}
	switch typ {
	case connect.QuickConnectUser:
		q.UserID, q.ContactFlowID = "user-1", "flow-agent"
	case connect.QuickConnectQueue:
		q.QueueID, q.ContactFlowID = "q-1", "flow-queue"
	case connect.QuickConnectFlow:
		q.ContactFlowID = "flow-in"
	case connect.QuickConnectPhoneNumber:
		q.PhoneNumber = "+15555550100"
	}
	return q
}

func testQuickConnects(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	all := []*connect.QuickConnect{
		newQuickConnect("i-1", "qc-3", "Agent", connect.QuickConnectUser),
		newQuickConnect("i-1", "qc-1", "Queue", connect.QuickConnectQueue),
		newQuickConnect("i-1", "qc-4", "Phone", connect.QuickConnectPhoneNumber),
		newQuickConnect("i-1", "qc-2", "Flow", connect.QuickConnectFlow),
	}
	all[3].Description, all[3].Tags = "", nil
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, q := range all {
			if err := tx.InsertQuickConnect(ctx, q); err != nil {
				return err
			}
		}
		return tx.InsertQuickConnect(ctx, newQuickConnect("i-2", "qc-1", "Queue", connect.QuickConnectQueue))
	})
	for _, want := range all {
		got, err := s.GetQuickConnect(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetQuickConnect(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetQuickConnect(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		if got, err := s.GetQuickConnectByName(ctx, "i-1", want.Name); err != nil || got.ID != want.ID {
			t.Errorf("GetQuickConnectByName(%s) = %v, %v", want.Name, got, err)
		}
	}
	id := func(q *connect.QuickConnect) string { return q.ID }
	for _, tc := range []struct {
		types []string
		want  []string
	}{
		{nil, []string{"qc-1", "qc-2", "qc-3", "qc-4"}},
		{[]string{connect.QuickConnectUser, connect.QuickConnectQueue}, []string{"qc-1", "qc-3"}},
		{[]string{connect.QuickConnectPhoneNumber}, []string{"qc-4"}},
	} {
		for _, size := range []int{1, 3, 100} {
			got := paginate(t, size, id, func(p connect.PageRequest) ([]*connect.QuickConnect, error) {
				return s.ListQuickConnects(ctx, "i-1", tc.types, p)
			})
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ListQuickConnects(%v, %d) mismatch (-want +got):\n%s", tc.types, size, diff)
			}
		}
	}

	// UpdateQuickConnect changes everything but identity and tags.
	upd := newQuickConnect("i-1", "qc-3", "Agent renamed", connect.QuickConnectQueue)
	upd.Tags, upd.ARN, upd.LastModified = map[string]string{"x": "y"}, "x", at(9)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateQuickConnect(ctx, upd) })
	want := *upd
	want.Tags, want.ARN = all[0].Tags, all[0].ARN
	got, err := s.GetQuickConnect(ctx, "i-1", "qc-3")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateQuickConnect mismatch (-want +got):\n%s", diff)
	}

	for name, err := range map[string]error{
		"GetQuickConnect":       get(s.GetQuickConnect(ctx, "i-1", "nope")),
		"GetQuickConnectByName": get(s.GetQuickConnectByName(ctx, "i-2", "Agent")),
		"UpdateQuickConnect(missing)": insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateQuickConnect(ctx, newQuickConnect("i-2", "qc-9", "x", connect.QuickConnectFlow))
		}),
		"DeleteQuickConnect(missing)": insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.DeleteQuickConnect(ctx, "i-1", "qc-9")
		}),
	} {
		wantKind(t, name, err, connect.NotFound, connect.ResourceQuickConnect)
	}
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQuickConnect(ctx, newQuickConnect("i-1", "qc-5", "Queue", connect.QuickConnectQueue))
	})
	wantKind(t, "InsertQuickConnect(same name)", err, connect.Duplicate, connect.ResourceQuickConnect)
	taken := newQuickConnect("i-1", "qc-2", "Queue", connect.QuickConnectFlow)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateQuickConnect(ctx, taken) })
	wantKind(t, "UpdateQuickConnect(taken name)", err, connect.Duplicate, connect.ResourceQuickConnect)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertQuickConnect(ctx, newQuickConnect("nope", "qc-6", "x", connect.QuickConnectFlow))
	})
	wantKind(t, "InsertQuickConnect(missing instance)", err, connect.NotFound, connect.ResourceInstance)
}

func testQueueQuickConnects(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	q1, q2, other := newQueue("i-1", "q-1", "One"), newQueue("i-1", "q-2", "Two"), newQueue("i-2", "q-1", "One")
	q1.QuickConnectIDs, q2.QuickConnectIDs, other.QuickConnectIDs = nil, []string{"qc-2"}, []string{"qc-1"}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(
			tx.InsertQuickConnect(ctx, newQuickConnect("i-1", "qc-1", "A", connect.QuickConnectFlow)),
			tx.InsertQuickConnect(ctx, newQuickConnect("i-1", "qc-2", "B", connect.QuickConnectFlow)),
			tx.InsertQuickConnect(ctx, newQuickConnect("i-2", "qc-1", "A", connect.QuickConnectFlow)),
			tx.InsertQueue(ctx, q1), tx.InsertQueue(ctx, q2), tx.InsertQueue(ctx, other))
	})
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.SetQueueQuickConnects(ctx, "i-1", "q-1", []string{"qc-2", "qc-1"}, at(20))
	})
	got, err := s.GetQueue(ctx, "i-1", "q-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"qc-2", "qc-1"}, got.QuickConnectIDs); diff != "" || !got.LastModified.Equal(at(20)) {
		t.Errorf("after SetQueueQuickConnects: ids (-want +got):\n%s last modified %v, want %v", diff, got.LastModified, at(20))
	}

	// Deleting a quick connect takes it off every queue of its instance.
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteQuickConnect(ctx, "i-1", "qc-2") })
	for _, tc := range []struct {
		instance, queue string
		want            []string
	}{{"i-1", "q-1", []string{"qc-1"}}, {"i-1", "q-2", nil}, {"i-2", "q-1", []string{"qc-1"}}} {
		got, err := s.GetQueue(ctx, tc.instance, tc.queue)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got.QuickConnectIDs); diff != "" {
			t.Errorf("%s/%s quick connects after delete (-want +got):\n%s", tc.instance, tc.queue, diff)
		}
	}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.SetQueueQuickConnects(ctx, "i-1", "q-1", nil, at(21)) })
	if got, err := s.GetQueue(ctx, "i-1", "q-1"); err != nil || got.QuickConnectIDs != nil {
		t.Errorf("after SetQueueQuickConnects(nil) = %v, %v; want no quick connects", got, err)
	}
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.SetQueueQuickConnects(ctx, "i-1", "nope", []string{"qc-1"}, at(22))
	})
	wantKind(t, "SetQueueQuickConnects(missing queue)", err, connect.NotFound, connect.ResourceQueue)
}
