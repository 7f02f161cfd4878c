package bootstrap_test

import (
	"strings"
	"testing"

	"connectd/internal/bootstrap"
	"connectd/internal/connect"
)

const hierarchyFile = `instances:
  - Id: i
    InstanceAlias: a
    IdentityManagementType: CONNECT_MANAGED
    InboundCallsEnabled: true
    OutboundCallsEnabled: true
    hierarchyStructure:
      LevelOne: { Name: Region }
      LevelTwo: { Name: Country }
    hierarchyGroups:
      - { Id: europe, Name: Europe, Tags: { team: blue } }
      - { Name: France, ParentGroupId: Europe }
    users:
      - Username: ana
        Password: Passw0rd!
        IdentityInfo: { FirstName: Ana, LastName: Ng }
        PhoneConfig: { PhoneType: SOFT_PHONE }
        RoutingProfileId: Basic Routing Profile
        SecurityProfileIds: [Agent]
        HierarchyGroupId: France
`

// TestHierarchy: a file's hierarchy structure, its groups (a parent by
// name) and a user's group (by name), applied twice without change.
func TestHierarchy(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := mustLoad(t, writeFiles(t, "b.yaml", hierarchyFile))
	must(t, apply(t, b, f))
	ctx, svc, p := t.Context(), b.Service, b.Partition
	levels, err := svc.DescribeUserHierarchyStructure(ctx, p, "i")
	must(t, err)
	if len(levels) != 2 || levels[0].Name != "Region" || levels[1].Name != "Country" {
		t.Fatalf("levels = %+v", levels)
	}
	groups, _, err := svc.ListUserHierarchyGroups(ctx, p, "i", "", 0)
	must(t, err)
	var france *connect.HierarchyGroup
	for _, g := range groups {
		if g.Name == "France" {
			france = g
		}
	}
	if len(groups) != 2 || france == nil || france.ParentID != "europe" || france.Level != 2 {
		t.Fatalf("groups = %+v", groups)
	}
	if g, _, err := svc.DescribeUserHierarchyGroup(ctx, p, "i", "europe"); err != nil || g.Tags["team"] != "blue" {
		t.Errorf("Europe = %+v, %v", g, err)
	}
	users, _, err := svc.ListUsers(ctx, p, "i", "", 0)
	must(t, err)
	if len(users) != 1 || users[0].HierarchyGroupID != france.ID {
		t.Errorf("users = %+v, want ana in France (%s)", users, france.ID)
	}
	// Applying again leaves everything alone; a structure already there is kept.
	must(t, svc.UpdateUserHierarchyStructure(ctx, p, "i", connect.HierarchyStructureUpdate{new("Area"), new("Country"), new("Team")}))
	must(t, apply(t, b, f))
	if levels, err := svc.DescribeUserHierarchyStructure(ctx, p, "i"); err != nil || len(levels) != 3 || levels[0].Name != "Area" {
		t.Errorf("levels after a second apply = %+v, %v", levels, err)
	}
	if again, _, err := svc.ListUserHierarchyGroups(ctx, p, "i", "", 0); err != nil || len(again) != 2 {
		t.Errorf("groups after a second apply = %+v, %v", again, err)
	}
}

func TestHierarchyErrors(t *testing.T) {
	t.Parallel()
	head, _, _ := strings.Cut(hierarchyFile, "    hierarchyStructure:")
	for _, tc := range []struct {
		name, content, want string
		atLoad              bool
	}{
		{"structure not a mapping", head + "    hierarchyStructure: [Region]\n",
			":7: instances[0].hierarchyStructure: hierarchyStructure must be a mapping: UpdateUserHierarchyStructure's HierarchyStructure", true},
		{"unknown level", head + "    hierarchyStructure: { LevelSix: { Name: X } }\n",
			":7: instances[0].hierarchyStructure.LevelSix: InvalidParameterException: HierarchyStructureUpdate has no member LevelSix", true},
		{"a gap", head + "    hierarchyStructure: { LevelTwo: { Name: X } }\n",
			":7: instances[0].hierarchyStructure: InvalidRequestException: Hierarchy level 2 cannot be set without level 1: levels are contiguous from level one.", false},
		{"no structure", head + "    hierarchyGroups:\n      - { Name: Europe }\n",
			":8: instances[0].hierarchyGroups[0]: InvalidRequestException: The hierarchy structure has no level 1: add it with UpdateUserHierarchyStructure first.", false},
		{"dangling parent", head + "    hierarchyStructure: { LevelOne: { Name: R } }\n    hierarchyGroups:\n      - { Name: France, ParentGroupId: Europe }\n",
			":9: instances[0].hierarchyGroups[0].ParentGroupId: ResourceNotFoundException: Hierarchy group not found: no hierarchy group of the instance has the ID or name Europe", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := writeFiles(t, "b.yaml", tc.content)
			f, err := bootstrap.Load(name)
			if tc.atLoad {
				if err == nil || err.Error() != name+tc.want {
					t.Fatalf("Load = %v, want %s%s", err, name, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load = %v", err)
			}
			b := setup(t)
			if err := apply(t, b, f); err == nil || err.Error() != name+tc.want {
				t.Errorf("Apply = %v, want %s%s", err, name, tc.want)
			}
		})
	}
}
