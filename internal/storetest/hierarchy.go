package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// hierarchyCases are the store cases of agent hierarchies.
var hierarchyCases = []struct {
	name string
	fn   func(t *testing.T, s connect.Store)
}{
	{"HierarchyLevels", testHierarchyLevels},
	{"HierarchyGroups", testHierarchyGroups},
	{"ContactAgentHierarchy", testContactAgentHierarchy},
	{"HierarchyGoesWithInstance", testHierarchyGoesWithInstance},
}

func newHierarchyGroup(instanceID, id, name string, parent *connect.HierarchyGroup) *connect.HierarchyGroup {
	g := &connect.HierarchyGroup{ID: id, ARN: arn(partition, instanceID, "agent-group/"+id), InstanceID: instanceID,
		Name: name, Level: 1, Path: []string{id}, LastModified: at(3), Tags: map[string]string{"kind": "group"}}
	if parent != nil {
		g.ParentID, g.Level, g.Path = parent.ID, parent.Level+1, append(append([]string{}, parent.Path...), id)
	}
	return g
}

func testHierarchyLevels(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	if got, err := s.ListHierarchyLevels(ctx, "i-1"); err != nil || len(got) != 0 {
		t.Fatalf("ListHierarchyLevels(new instance) = %v, %v; want none", got, err)
	}
	three := []connect.HierarchyLevel{{Level: 1, Name: "Region", LastModified: at(1)},
		{Level: 2, Name: "Site", LastModified: at(2)}, {Level: 3, Name: "Team", LastModified: at(3)}}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutHierarchyLevels(ctx, "i-1", three) })
	got, err := s.ListHierarchyLevels(ctx, "i-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(three, got); diff != "" {
		t.Errorf("ListHierarchyLevels mismatch (-want +got):\n%s", diff)
	}
	if got, err := s.ListHierarchyLevels(ctx, "i-2"); err != nil || len(got) != 0 {
		t.Errorf("ListHierarchyLevels(other instance) = %v, %v; want none", got, err)
	}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutHierarchyLevels(ctx, "i-1", three[:1]) })
	if got, err := s.ListHierarchyLevels(ctx, "i-1"); err != nil || len(got) != 1 || got[0].Name != "Region" {
		t.Errorf("ListHierarchyLevels after shrinking = %v, %v; want Region only", got, err)
	}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutHierarchyLevels(ctx, "i-1", nil) })
	if got, err := s.ListHierarchyLevels(ctx, "i-1"); err != nil || len(got) != 0 {
		t.Errorf("ListHierarchyLevels after removing all = %v, %v; want none", got, err)
	}
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.PutHierarchyLevels(ctx, "nope", three) })
	wantKind(t, "PutHierarchyLevels(missing instance)", err, connect.NotFound, connect.ResourceInstance)
}

func testHierarchyGroups(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustStatuses(t, s, "i-1")
	top := newHierarchyGroup("i-1", "g-1", "Europe", nil)
	mid := newHierarchyGroup("i-1", "g-2", "France", top)
	low := newHierarchyGroup("i-1", "g-3", "Paris", mid)
	other := newHierarchyGroup("i-1", "g-4", "Asia", nil)
	other.Tags = nil
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertHierarchyGroup(ctx, low), tx.InsertHierarchyGroup(ctx, top),
			tx.InsertHierarchyGroup(ctx, other), tx.InsertHierarchyGroup(ctx, mid))
	})
	for _, want := range []*connect.HierarchyGroup{top, mid, low, other} {
		got, err := s.GetHierarchyGroup(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetHierarchyGroup(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		if got, err = s.GetHierarchyGroupByName(ctx, "i-1", want.Name); err != nil || got.ID != want.ID {
			t.Errorf("GetHierarchyGroupByName(%s) = %v, %v", want.Name, got, err)
		}
	}
	_, err := s.GetHierarchyGroup(ctx, "i-2", "g-1")
	wantKind(t, "GetHierarchyGroup(other instance)", err, connect.NotFound, connect.ResourceHierarchyGroup)
	_, err = s.GetHierarchyGroupByName(ctx, "i-2", "Europe")
	wantKind(t, "GetHierarchyGroupByName(other instance)", err, connect.NotFound, connect.ResourceHierarchyGroup)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertHierarchyGroup(ctx, newHierarchyGroup("i-1", "g-9", "Europe", nil))
	})
	wantKind(t, "InsertHierarchyGroup(same name)", err, connect.Duplicate, connect.ResourceHierarchyGroup)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertHierarchyGroup(ctx, newHierarchyGroup("nope", "g-9", "X", nil))
	})
	wantKind(t, "InsertHierarchyGroup(missing instance)", err, connect.NotFound, connect.ResourceInstance)

	for _, size := range []int{1, 3, 10} {
		got := paginate(t, size, func(g *connect.HierarchyGroup) string { return g.ID },
			func(p connect.PageRequest) ([]*connect.HierarchyGroup, error) {
				return s.ListHierarchyGroups(ctx, "i-1", p)
			})
		if diff := cmp.Diff([]string{"g-1", "g-2", "g-3", "g-4"}, got); diff != "" {
			t.Errorf("ListHierarchyGroups(page %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
	groupIDs := func(gs []*connect.HierarchyGroup, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return ids(gs, func(g *connect.HierarchyGroup) string { return g.ID })
	}
	if got := groupIDs(s.ListHierarchyGroupsByParent(ctx, "i-1", "g-1", connect.PageRequest{})); !cmp.Equal(got, []string{"g-2"}) {
		t.Errorf("ListHierarchyGroupsByParent(g-1) = %v, want [g-2]", got)
	}
	if got := groupIDs(s.ListHierarchyGroupsByParent(ctx, "i-1", "g-3", connect.PageRequest{})); len(got) != 0 {
		t.Errorf("ListHierarchyGroupsByParent(g-3) = %v, want none", got)
	}
	if got := groupIDs(s.ListHierarchyGroupsByLevel(ctx, "i-1", 1, connect.PageRequest{Limit: 1})); !cmp.Equal(got, []string{"g-1"}) {
		t.Errorf("ListHierarchyGroupsByLevel(1, limit 1) = %v, want [g-1]", got)
	}
	if got := groupIDs(s.ListHierarchyGroupsByLevel(ctx, "i-1", 3, connect.PageRequest{})); !cmp.Equal(got, []string{"g-3"}) {
		t.Errorf("ListHierarchyGroupsByLevel(3) = %v, want [g-3]", got)
	}

	renamed := *mid
	renamed.Name, renamed.LastModified = "Francia", at(9)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateHierarchyGroupName(ctx, &renamed) })
	if got, err := s.GetHierarchyGroup(ctx, "i-1", "g-2"); err != nil || !cmp.Equal(&renamed, got) {
		t.Errorf("GetHierarchyGroup after rename = %+v, %v; want %+v", got, err, renamed)
	}
	renamed.Name = "Europe"
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateHierarchyGroupName(ctx, &renamed) })
	wantKind(t, "UpdateHierarchyGroupName(taken name)", err, connect.Duplicate, connect.ResourceHierarchyGroup)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.UpdateHierarchyGroupName(ctx, newHierarchyGroup("i-2", "g-2", "Y", nil))
	})
	wantKind(t, "UpdateHierarchyGroupName(other instance)", err, connect.NotFound, connect.ResourceHierarchyGroup)

	u1, u2 := newUser("i-1", "u-1", "ada"), newUser("i-1", "u-2", "bob")
	u1.HierarchyGroupID, u2.HierarchyGroupID = "g-3", "g-1"
	mustUser(t, s, u1)
	mustUser(t, s, u2)
	users, err := s.ListUsersByHierarchyGroup(ctx, "i-1", "g-3", connect.PageRequest{})
	if err != nil || !cmp.Equal(userIDs(users), []string{"u-1"}) {
		t.Errorf("ListUsersByHierarchyGroup(g-3) = %v, %v; want [u-1]", userIDs(users), err)
	}
	if users, err = s.ListUsersByHierarchyGroup(ctx, "i-2", "g-3", connect.PageRequest{}); err != nil || len(users) != 0 {
		t.Errorf("ListUsersByHierarchyGroup(other instance) = %v, %v; want none", userIDs(users), err)
	}

	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteHierarchyGroup(ctx, "i-1", "g-4") })
	_, err = s.GetHierarchyGroup(ctx, "i-1", "g-4")
	wantKind(t, "GetHierarchyGroup(deleted)", err, connect.NotFound, connect.ResourceHierarchyGroup)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.DeleteHierarchyGroup(ctx, "i-1", "g-4") })
	wantKind(t, "DeleteHierarchyGroup(twice)", err, connect.NotFound, connect.ResourceHierarchyGroup)

	// Tags go through SetTags, by ARN.
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.SetTags(ctx, top.ARN, map[string]string{"a": "b"}) })
	if got, err := s.GetHierarchyGroup(ctx, "i-1", "g-1"); err != nil || !cmp.Equal(got.Tags, map[string]string{"a": "b"}) {
		t.Errorf("tags after SetTags = %v, %v", got, err)
	}
}

func testContactAgentHierarchy(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	_, err := s.GetContactAgentHierarchy(ctx, "i-1", "c-1")
	wantKind(t, "GetContactAgentHierarchy(none)", err, connect.NotFound, "")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.PutContactAgentHierarchy(ctx, "i-1", "c-1", []string{"g-1", "g-2"})
	})
	got, err := s.GetContactAgentHierarchy(ctx, "i-1", "c-1")
	if err != nil || !cmp.Equal(got, []string{"g-1", "g-2"}) {
		t.Errorf("GetContactAgentHierarchy = %v, %v; want [g-1 g-2]", got, err)
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.PutContactAgentHierarchy(ctx, "i-1", "c-1", []string{"g-5"})
	})
	if got, err = s.GetContactAgentHierarchy(ctx, "i-1", "c-1"); err != nil || !cmp.Equal(got, []string{"g-5"}) {
		t.Errorf("GetContactAgentHierarchy after replacing = %v, %v; want [g-5]", got, err)
	}
	_, err = s.GetContactAgentHierarchy(ctx, "i-2", "c-1")
	wantKind(t, "GetContactAgentHierarchy(other instance)", err, connect.NotFound, "")

	// SearchContacts' AgentHierarchy criterion reads these rows.
	for _, c := range []*connect.Contact{newContact("i-1", "c-1"), newContact("i-1", "c-2"), newContact("i-1", "c-3")} {
		mustContact(t, s, c)
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.PutContactAgentHierarchy(ctx, "i-1", "c-1", []string{"g-1", "g-2"}),
			tx.PutContactAgentHierarchy(ctx, "i-1", "c-2", []string{"g-1", "g-3"}))
	})
	for _, tc := range []struct {
		name string
		crit connect.AgentHierarchyCriterion
		want []string
	}{
		{"none", connect.AgentHierarchyCriterion{}, []string{"c-1", "c-2", "c-3"}},
		{"level one", connect.AgentHierarchyCriterion{{"g-1"}}, []string{"c-1", "c-2"}},
		{"level two", connect.AgentHierarchyCriterion{nil, {"g-3", "g-9"}}, []string{"c-2"}},
		{"both levels", connect.AgentHierarchyCriterion{{"g-1"}, {"g-2"}}, []string{"c-1"}},
		{"no match", connect.AgentHierarchyCriterion{{"g-2"}}, nil},
		{"level three", connect.AgentHierarchyCriterion{nil, nil, {"g-1"}}, nil},
	} {
		got, total, err := s.SearchContacts(ctx, "i-1", connect.ContactQuery{AgentHierarchy: tc.crit, SortField: "INITIATION_TIMESTAMP"})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if ids := contactIDs(got); !cmp.Equal(sortedIDs(ids), sortedIDs(tc.want)) || total != len(tc.want) {
			t.Errorf("%s: SearchContacts = %v (total %d), want %v", tc.name, ids, total, tc.want)
		}
	}
}

func sortedIDs(l []string) []string {
	out := append([]string{}, l...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// testHierarchyGoesWithInstance: deleting an instance, or its partition,
// deletes its levels, groups and recorded contact hierarchies.
func testHierarchyGoesWithInstance(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertInstance(ctx, newInstance(otherPart, "i-3")) })
	mustInstance(t, s, "i-2")
	for _, id := range []string{"i-1", "i-2", "i-3"} {
		mustUpdate(t, s, func(tx connect.Tx) error {
			return errors.Join(tx.PutHierarchyLevels(ctx, id, []connect.HierarchyLevel{{Level: 1, Name: "L1", LastModified: at(1)}}),
				tx.InsertHierarchyGroup(ctx, newHierarchyGroup(id, "g-1", "G", nil)),
				tx.PutContactAgentHierarchy(ctx, id, "c-1", []string{"g-1"}))
		})
	}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteInstance(ctx, "i-1") })
	mustUpdate(t, s, func(tx connect.Tx) error {
		_, err := tx.DeletePartition(ctx, otherPart)
		return err
	})
	for id, gone := range map[string]bool{"i-1": true, "i-2": false, "i-3": true} {
		levels, err := s.ListHierarchyLevels(ctx, id)
		if err != nil || gone != (len(levels) == 0) {
			t.Errorf("ListHierarchyLevels(%s) = %v, %v; gone = %v", id, levels, err, gone)
		}
		_, gerr := s.GetHierarchyGroup(ctx, id, "g-1")
		_, cerr := s.GetContactAgentHierarchy(ctx, id, "c-1")
		for what, err := range map[string]error{"group": gerr, "contact hierarchy": cerr} {
			if gone != connect.IsNotFound(err) || (!gone && err != nil) {
				t.Errorf("%s of %s: err = %v; gone = %v", what, id, err, gone)
			}
		}
	}
}
