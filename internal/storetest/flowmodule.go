package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// --- flow modules, instance attributes and queue outbound caller settings

func newFlowModule(instanceID, id, name string) *connect.ContactFlowModule {
	return &connect.ContactFlowModule{
		ID: id, ARN: arn(partition, instanceID, "flow-module/"+id), InstanceID: instanceID, Name: name,
		Description: "module " + name, Content: `{"Version":"2019-10-30","StartAction":"a","Actions":[]}`,
		Settings: `{"InputParameters":[]}`, State: "ACTIVE", Status: "PUBLISHED", ClientToken: "token-" + id,
		LastModified: at(1), Tags: map[string]string{"team": "blue"},
	}
}

func testFlowModuleRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	want := newFlowModule("i-1", "m-1", "Main")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertContactFlowModule(ctx, want) })
	for name, get := range map[string]func() (*connect.ContactFlowModule, error){
		"GetContactFlowModule":       func() (*connect.ContactFlowModule, error) { return s.GetContactFlowModule(ctx, "i-1", "m-1") },
		"GetContactFlowModuleByName": func() (*connect.ContactFlowModule, error) { return s.GetContactFlowModuleByName(ctx, "i-1", "Main") },
		"GetContactFlowModuleByClientToken": func() (*connect.ContactFlowModule, error) {
			return s.GetContactFlowModuleByClientToken(ctx, "i-1", "token-m-1")
		},
	} {
		got, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
		}
	}
	_, err := s.GetContactFlowModule(ctx, "i-2", "m-1")
	wantKind(t, "GetContactFlowModule(other instance)", err, connect.NotFound, connect.ResourceFlowModule)

	upd := *want
	upd.Name, upd.Description, upd.Content, upd.Settings, upd.State, upd.LastModified = "Renamed", "", `{}`, "", "ARCHIVED", at(30)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContactFlowModule(ctx, &upd) })
	got, err := s.GetContactFlowModule(ctx, "i-1", "m-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&upd, got); diff != "" {
		t.Errorf("after UpdateContactFlowModule mismatch (-want +got):\n%s", diff)
	}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.SetTags(ctx, upd.ARN, map[string]string{"k": "v"}) })
	if got, _ := s.GetContactFlowModule(ctx, "i-1", "m-1"); !cmp.Equal(got.Tags, map[string]string{"k": "v"}) {
		t.Errorf("tags after SetTags = %v", got.Tags)
	}

	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertContactFlowModule(ctx, newFlowModule("i-1", "m-2", "Second")),
			tx.InsertContactFlowModule(ctx, newFlowModule("i-1", "m-3", "Third")))
	})
	all, err := s.ListContactFlowModules(ctx, "i-1", "", connect.PageRequest{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"m-1", "m-2", "m-3"}, ids(all, func(m *connect.ContactFlowModule) string { return m.ID })); diff != "" {
		t.Errorf("ListContactFlowModules mismatch (-want +got):\n%s", diff)
	}
	active, err := s.ListContactFlowModules(ctx, "i-1", "ACTIVE", connect.PageRequest{After: "m-2", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"m-3"}, ids(active, func(m *connect.ContactFlowModule) string { return m.ID })); diff != "" {
		t.Errorf("ListContactFlowModules(ACTIVE, after m-2) mismatch (-want +got):\n%s", diff)
	}

	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteContactFlowModule(ctx, "i-1", "m-1") })
	_, err = s.GetContactFlowModule(ctx, "i-1", "m-1")
	wantKind(t, "GetContactFlowModule after delete", err, connect.NotFound, connect.ResourceFlowModule)
}

func testFlowModuleErrors(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.InsertContactFlowModule(t.Context(), newFlowModule("i-1", "m-1", "Main"))
	})
	tests := []struct {
		name string
		fn   func(ctx context.Context, tx connect.Tx) error
		kind connect.Kind
	}{
		{"InsertSameName", func(ctx context.Context, tx connect.Tx) error {
			m := newFlowModule("i-1", "m-2", "Main")
			m.ClientToken = ""
			return tx.InsertContactFlowModule(ctx, m)
		}, connect.Duplicate},
		{"InsertSameID", func(ctx context.Context, tx connect.Tx) error {
			m := newFlowModule("i-1", "m-1", "Other")
			m.ClientToken = ""
			return tx.InsertContactFlowModule(ctx, m)
		}, connect.Duplicate},
		{"InsertNoInstance", func(ctx context.Context, tx connect.Tx) error {
			return tx.InsertContactFlowModule(ctx, newFlowModule("nope", "m-9", "X"))
		}, connect.NotFound},
		{"UpdateMissing", func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateContactFlowModule(ctx, newFlowModule("i-1", "nope", "X"))
		}, connect.NotFound},
		{"RenameToTaken", func(ctx context.Context, tx connect.Tx) error {
			if err := tx.InsertContactFlowModule(ctx, newFlowModule("i-1", "m-3", "Other")); err != nil {
				return err
			}
			m := newFlowModule("i-1", "m-3", "Main")
			return tx.UpdateContactFlowModule(ctx, m)
		}, connect.Duplicate},
		{"DeleteMissing", func(ctx context.Context, tx connect.Tx) error {
			return tx.DeleteContactFlowModule(ctx, "i-1", "nope")
		}, connect.NotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := insertErr(t, s, tc.fn)
			if connect.KindOf(err) != tc.kind {
				t.Errorf("err = %v, want kind %v", err, tc.kind)
			}
		})
	}
}

func testInstanceAttributes(t *testing.T, s connect.Store) {
	ctx := t.Context()
	want := mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	want.InboundCallsEnabled, want.OutboundCallsEnabled = false, true
	want.Attributes = map[string]string{"CONTACT_LENS": "false", "EARLY_MEDIA": "true"}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateInstanceAttributes(ctx, want) })
	got, err := s.GetInstance(ctx, "i-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after UpdateInstanceAttributes mismatch (-want +got):\n%s", diff)
	}
	if other, _ := s.GetInstance(ctx, "i-2"); other.Attributes != nil {
		t.Errorf("the other instance's attributes = %v, want none", other.Attributes)
	}
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.UpdateInstanceAttributes(ctx, newInstance(partition, "nope"))
	})
	wantKind(t, "UpdateInstanceAttributes(missing)", err, connect.NotFound, connect.ResourceInstance)
}

func testQueueOutboundCaller(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	q := newQueue("i-1", "q-1", "Q")
	q.OutboundCaller = &connect.OutboundCallerConfig{CallerIDName: "Support", FlowID: "f-1"}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertQueue(ctx, q) })
	got, err := s.GetQueue(ctx, "i-1", "q-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(q, got); diff != "" {
		t.Errorf("GetQueue mismatch (-want +got):\n%s", diff)
	}
	q.OutboundCaller, q.LastModified = &connect.OutboundCallerConfig{CallerIDName: "Sales"}, at(9)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateQueue(ctx, q) })
	if got, _ = s.GetQueue(ctx, "i-1", "q-1"); !cmp.Equal(q, got) {
		t.Errorf("after UpdateQueue mismatch (-want +got):\n%s", cmp.Diff(q, got))
	}
	q.OutboundCaller = nil
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateQueue(ctx, q) })
	if got, _ = s.GetQueue(ctx, "i-1", "q-1"); got.OutboundCaller != nil {
		t.Errorf("OutboundCaller after clearing = %+v, want nil", got.OutboundCaller)
	}
}
