package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

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
				tx.InsertContactFlowModule(ctx, newFlowModule(id, "m-1", "Module")),
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
		_, errs["flow module"] = s.GetContactFlowModule(ctx, id, "m-1")
		_, errs["flow module by token"] = s.GetContactFlowModuleByClientToken(ctx, id, "token-m-1")
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

func testDeleteInstanceCascadesAgents(t *testing.T, s connect.Store) {
	ctx := t.Context()
	fill := func(id string) {
		mustInstance(t, s, id)
		mustStatuses(t, s, id)
		mustUpdate(t, s, func(tx connect.Tx) error {
			return errors.Join(
				tx.InsertUser(ctx, newUser(id, "u-1", "ada")),
				tx.InsertRoutingProfile(ctx, newRoutingProfile(id, "rp-1", "Main")),
				tx.PutRoutingProfileQueues(ctx, id, "rp-1", []connect.RoutingProfileQueue{{QueueID: "q-1", Channel: "TASK", Priority: 1}}),
				tx.InsertSecurityProfile(ctx, newSecurityProfile(id, "sp-1", "Admin")),
			)
		})
	}
	fill("i-1")
	fill("i-2")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteInstance(ctx, "i-1") })
	for _, tc := range []struct {
		id   string
		gone bool
	}{{"i-1", true}, {"i-2", false}} {
		errs := map[string]error{}
		_, errs["user"] = s.GetUser(ctx, tc.id, "u-1")
		_, errs["routing profile"] = s.GetRoutingProfile(ctx, tc.id, "rp-1")
		_, errs["security profile"] = s.GetSecurityProfile(ctx, tc.id, "sp-1")
		_, errs["agent status"] = s.GetAgentStatus(ctx, tc.id, "s-avail")
		for what, err := range errs {
			if tc.gone && !connect.IsNotFound(err) {
				t.Errorf("%s of %s: err = %v, want NotFound", what, tc.id, err)
			}
			if !tc.gone && err != nil {
				t.Errorf("%s of %s: err = %v, want nil", what, tc.id, err)
			}
		}
		qs, err := s.ListRoutingProfileQueues(ctx, tc.id, "rp-1", connect.PageRequest{})
		if err != nil || tc.gone != (len(qs) == 0) {
			t.Errorf("ListRoutingProfileQueues of %s = %d, %v; gone = %v", tc.id, len(qs), err, tc.gone)
		}
	}
	// Re-created under the same ID, the instance starts without them.
	mustInstance(t, s, "i-1")
	if got, err := s.ListRoutingProfileQueues(ctx, "i-1", "rp-1", connect.PageRequest{}); err != nil || len(got) != 0 {
		t.Errorf("routing profile queues of re-created instance = %v, %v; want none", keys(got), err)
	}
}
