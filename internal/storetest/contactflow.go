package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

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

// testGetInstanceFlow: the one-statement read of an instance and its flow
// gives what the two reads give, and NotFound when either is missing.
func testGetInstanceFlow(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	f := newFlow("i-1", "f-1", "Main")
	f.Tags = map[string]string{"team": "billing"}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertContactFlow(ctx, f) })
	wantInst, err := s.GetInstance(ctx, "i-1")
	if err != nil {
		t.Fatal(err)
	}
	inst, got, err := s.GetInstanceFlow(ctx, "i-1", "f-1")
	if err != nil {
		t.Fatalf("GetInstanceFlow: %v", err)
	}
	if diff := cmp.Diff(wantInst, inst); diff != "" {
		t.Errorf("instance mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(f, got); diff != "" {
		t.Errorf("flow mismatch (-want +got):\n%s", diff)
	}
	for _, tc := range []struct{ instance, flow string }{
		{"i-1", "nope"}, {"nope", "f-1"}, {"i-2", "f-1"}, {"", ""},
	} {
		inst, f, err := s.GetInstanceFlow(ctx, tc.instance, tc.flow)
		if !connect.IsNotFound(err) || inst != nil || f != nil {
			t.Errorf("GetInstanceFlow(%q, %q) = %v, %v, %v; want NotFound", tc.instance, tc.flow, inst, f, err)
		}
	}
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
