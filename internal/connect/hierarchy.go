package connect

import (
	"context"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Agent hierarchies: an instance's hierarchy structure names up to five
// levels, and its hierarchy groups form a tree under them: a group with no
// parent is at level one, a group's children are at the level below it.
// Users are assigned one group each (UpdateUserHierarchy); a contact
// remembers the groups its agent was in when it connected to them
// (SearchContacts' AgentHierarchyGroups).

// MaxHierarchyLevels is the number of levels a hierarchy can have.
const MaxHierarchyLevels = 5

const (
	// maxHierarchyLevelName: "Must not be more than 50 characters."
	maxHierarchyLevelName = 50
	// maxHierarchyGroupName: "Must not be more than 100 characters."
	maxHierarchyGroupName = 100
)

// HierarchyLevel is one level of an instance's hierarchy structure. Its ID
// is its number ("1" to "5"), as AWS reports a group's LevelId.
type HierarchyLevel struct {
	Level        int // 1 (the top) to 5
	Name         string
	LastModified time.Time
}

// ID returns the level's ID, its number.
func (l HierarchyLevel) ID() string { return strconv.Itoa(l.Level) }

// HierarchyLevelARN returns the ARN of level n of the instance:
// instance/{InstanceID}/agent-group-level/{n}.
func HierarchyLevelARN(p Partition, instanceID string, n int) string {
	return InstanceARN(p, instanceID) + "/agent-group-level/" + strconv.Itoa(n)
}

// HierarchyGroup is a user hierarchy group. Its ARN is
// instance/{InstanceID}/agent-group/{ID}.
type HierarchyGroup struct {
	ID         string
	ARN        string
	InstanceID string
	Name       string
	ParentID   string // "" for a group at level one
	Level      int
	// Path holds the IDs of the group's ancestors from level one down, then
	// the group's own; a group never moves, so it never changes.
	Path         []string
	LastModified time.Time
	Tags         map[string]string
}

// HierarchyStructureUpdate is UpdateUserHierarchyStructure's structure: the
// name of each level, level one first; nil for a level the structure does
// not have.
type HierarchyStructureUpdate [MaxHierarchyLevels]*string

// UpdateUserHierarchyStructure replaces the instance's hierarchy structure:
// the levels given are added or renamed, the others removed. Levels are
// contiguous from level one. A level that has groups cannot be removed
// (ResourceInUseException, naming the level).
func (s *Service) UpdateUserHierarchyStructure(ctx context.Context, p Partition, instanceID string, in HierarchyStructureUpdate) error {
	if _, err := in.levels(); err != nil {
		return err
	}
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error { return ch.updateHierarchyStructure(ctx, inst, in) })
}

// levels checks in and returns how many levels it gives.
func (in HierarchyStructureUpdate) levels() (int, error) {
	n := 0
	for i, name := range in {
		if name == nil {
			continue
		}
		if i > n {
			return 0, Errorf(Invalid, "Hierarchy level %d cannot be set without level %d: levels are contiguous from level one.", i+1, n+1)
		}
		if c := utf8.RuneCountInString(*name); c < 1 || c > maxHierarchyLevelName {
			return 0, invalidParam("A hierarchy level name must be 1 to %d characters.", maxHierarchyLevelName)
		}
		n++
	}
	return n, nil
}

// updateHierarchyStructure is UpdateUserHierarchyStructure in ch.
func (ch *change) updateHierarchyStructure(ctx context.Context, inst *Instance, in HierarchyStructureUpdate) error {
	n, err := in.levels()
	if err != nil {
		return err
	}
	tx := ch.tx
	cur, err := tx.ListHierarchyLevels(ctx, inst.ID)
	if err != nil {
		return err
	}
	for _, l := range cur {
		if l.Level <= n {
			continue
		}
		gs, err := tx.ListHierarchyGroupsByLevel(ctx, inst.ID, l.Level, PageRequest{Limit: 1})
		if err != nil {
			return err
		}
		if len(gs) > 0 {
			return inUse(ResourceHierarchyGroup, &ResourceRef{Type: "HIERARCHY_LEVEL", ARN: HierarchyLevelARN(inst.Partition, inst.ID, l.Level)},
				"Hierarchy level %d (%s) has groups (%s); delete them before removing the level.", l.Level, l.Name, gs[0].Name)
		}
	}
	next := make([]HierarchyLevel, n)
	for i := range n {
		next[i] = HierarchyLevel{Level: i + 1, Name: *in[i], LastModified: ch.now}
		if i < len(cur) && cur[i].Name == *in[i] {
			next[i].LastModified = cur[i].LastModified
		}
	}
	return tx.PutHierarchyLevels(ctx, inst.ID, next)
}

// DescribeUserHierarchyStructure returns the instance's hierarchy levels,
// level one first (none for an instance without a structure).
func (s *Service) DescribeUserHierarchyStructure(ctx context.Context, p Partition, instanceID string) ([]HierarchyLevel, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.store.ListHierarchyLevels(ctx, inst.ID)
}

// CreateHierarchyGroupInput is CreateUserHierarchyGroup's input.
type CreateHierarchyGroupInput struct {
	InstanceID    string
	Name          string
	ParentGroupID string // "": a group at level one
	Tags          map[string]string
}

func checkHierarchyGroupName(name string) error {
	if c := utf8.RuneCountInString(name); c < 1 || c > maxHierarchyGroupName {
		return invalidParam("A hierarchy group name must be 1 to %d characters.", maxHierarchyGroupName)
	}
	return nil
}

// CreateUserHierarchyGroup creates a hierarchy group: at level one without
// a parent, else at the level below its parent's. The structure must have
// that level. Group names are unique in an instance.
func (s *Service) CreateUserHierarchyGroup(ctx context.Context, p Partition, in CreateHierarchyGroupInput) (*HierarchyGroup, error) {
	var out *HierarchyGroup
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createHierarchyGroup(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createHierarchyGroup is CreateUserHierarchyGroup in ch; id, when not "",
// is the new ID (see newID).
func (ch *change) createHierarchyGroup(ctx context.Context, p Partition, id string, in CreateHierarchyGroupInput) (*HierarchyGroup, error) {
	if err := checkHierarchyGroupName(in.Name); err != nil {
		return nil, err
	}
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	tx := ch.tx
	level, path := 1, []string(nil)
	if in.ParentGroupID != "" {
		pid, err := resourceID(inst, in.ParentGroupID, ResourceHierarchyGroup)
		if err != nil {
			return nil, err
		}
		parent, err := tx.GetHierarchyGroup(ctx, inst.ID, pid)
		if err != nil {
			return nil, err
		}
		if parent.Level == MaxHierarchyLevels {
			return nil, Errorf(Invalid, "Hierarchy group %s is at level %d, the lowest: it cannot have child groups.", parent.Name, parent.Level)
		}
		level, path, in.ParentGroupID = parent.Level+1, parent.Path, parent.ID
	}
	levels, err := tx.ListHierarchyLevels(ctx, inst.ID)
	if err != nil {
		return nil, err
	}
	if level > len(levels) {
		return nil, Errorf(Invalid, "The hierarchy structure has no level %d: add it with UpdateUserHierarchyStructure first.", level)
	}
	if _, err := tx.GetHierarchyGroupByName(ctx, inst.ID, in.Name); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceHierarchyGroup, Message: "A hierarchy group with the name " + in.Name + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	if id, err = ch.newID(ResourceHierarchyGroup, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	g := &HierarchyGroup{ID: id, InstanceID: inst.ID, Name: in.Name, ParentID: in.ParentGroupID, Level: level,
		Path: append(slices.Clone(path), id), LastModified: ch.now, Tags: in.Tags}
	g.ARN = subARN(p, inst.ID, ResourceHierarchyGroup, g.ID)
	if err := tx.InsertHierarchyGroup(ctx, g); err != nil {
		return nil, err
	}
	return g, nil
}

// DescribeUserHierarchyGroup returns a hierarchy group and the groups of
// its path, level one first, ending with the group itself.
func (s *Service) DescribeUserHierarchyGroup(ctx context.Context, p Partition, instanceID, id string) (*HierarchyGroup, []*HierarchyGroup, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, nil, err
	}
	if id, err = resourceID(inst, id, ResourceHierarchyGroup); err != nil {
		return nil, nil, err
	}
	g, err := s.store.GetHierarchyGroup(ctx, inst.ID, id)
	if err != nil {
		return nil, nil, err
	}
	path, err := groupPath(ctx, s.store, g)
	if err != nil {
		return nil, nil, err
	}
	return g, path, nil
}

// groupPath returns the groups of g's path, level one first.
func groupPath(ctx context.Context, r Reader, g *HierarchyGroup) ([]*HierarchyGroup, error) {
	out := make([]*HierarchyGroup, 0, len(g.Path))
	for _, id := range g.Path {
		if id == g.ID {
			out = append(out, g)
			continue
		}
		a, err := r.GetHierarchyGroup(ctx, g.InstanceID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ListUserHierarchyGroups returns a page of the instance's hierarchy groups.
func (s *Service) ListUserHierarchyGroups(ctx context.Context, p Partition, instanceID, token string, max int) ([]*HierarchyGroup, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*HierarchyGroup, error) {
			return s.store.ListHierarchyGroups(ctx, inst, pr)
		},
		func(g *HierarchyGroup) string { return g.ID })
}

// UpdateUserHierarchyGroupName renames a hierarchy group.
func (s *Service) UpdateUserHierarchyGroupName(ctx context.Context, p Partition, instanceID, id, name string) error {
	if err := checkHierarchyGroupName(name); err != nil {
		return err
	}
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if id, err = resourceID(inst, id, ResourceHierarchyGroup); err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		g, err := tx.GetHierarchyGroup(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if other, err := tx.GetHierarchyGroupByName(ctx, inst.ID, name); err == nil && other.ID != g.ID {
			return &Error{Kind: Duplicate, Resource: ResourceHierarchyGroup, Message: "A hierarchy group with the name " + name + " already exists."}
		} else if err != nil && !IsNotFound(err) {
			return err
		}
		g.Name, g.LastModified = name, ch.now
		return tx.UpdateHierarchyGroupName(ctx, g)
	})
}

// DeleteUserHierarchyGroup deletes a hierarchy group. A group with child
// groups or users cannot be deleted (ResourceInUseException, naming one).
func (s *Service) DeleteUserHierarchyGroup(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if id, err = resourceID(inst, id, ResourceHierarchyGroup); err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		g, err := tx.GetHierarchyGroup(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		kids, err := tx.ListHierarchyGroupsByParent(ctx, inst.ID, g.ID, PageRequest{Limit: 1})
		if err != nil {
			return err
		}
		if len(kids) > 0 {
			return inUse(ResourceHierarchyGroup, &ResourceRef{Type: "HIERARCHY_GROUP", ARN: kids[0].ARN},
				"Hierarchy group %s has child groups (%s); delete them first.", g.Name, kids[0].Name)
		}
		users, err := tx.ListUsersByHierarchyGroup(ctx, inst.ID, g.ID, PageRequest{Limit: 1})
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return inUse(ResourceHierarchyGroup, &ResourceRef{Type: "USER", ARN: users[0].ARN},
				"Hierarchy group %s is assigned to users (%s); remove them from it first.", g.Name, users[0].Username)
		}
		return tx.DeleteHierarchyGroup(ctx, inst.ID, g.ID)
	})
}

// UpdateUserHierarchy assigns a user to a hierarchy group; "" removes the
// user from their group.
func (s *Service) UpdateUserHierarchy(ctx context.Context, p Partition, instanceID, userID, groupID string) error {
	return s.updateUser(ctx, p, instanceID, userID, func(tx Tx, inst *Instance, u *User) error {
		id, err := hierarchyGroupRef(ctx, tx, inst, groupID)
		if err != nil {
			return err
		}
		u.HierarchyGroupID = id
		return nil
	})
}

// hierarchyGroupRef returns the ID of the group ref (an ID or ARN, "" for
// none) names in inst, NotFound when there is no such group.
func hierarchyGroupRef(ctx context.Context, r Reader, inst *Instance, ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	id, err := resourceID(inst, ref, ResourceHierarchyGroup)
	if err != nil {
		return "", err
	}
	if _, err := r.GetHierarchyGroup(ctx, inst.ID, id); err != nil {
		return "", err
	}
	return id, nil
}

// recordAgentHierarchy remembers, as c connects to its agent, the groups
// the agent is in (SearchContacts' AgentHierarchyGroups select contacts by
// the agent's groups "at the time of handling the contact"). An agent
// deleted meanwhile has no groups to record.
func (ch *change) recordAgentHierarchy(ctx context.Context, c *Contact) error {
	u, err := ch.tx.GetUser(ctx, c.InstanceID, c.AgentID)
	if IsNotFound(err) {
		return nil
	}
	if err != nil || u.HierarchyGroupID == "" {
		return err
	}
	g, err := ch.tx.GetHierarchyGroup(ctx, c.InstanceID, u.HierarchyGroupID)
	if err != nil {
		return err
	}
	return ch.tx.PutContactAgentHierarchy(ctx, c.InstanceID, c.ID, g.Path)
}

// contactAgentHierarchy returns the ARNs of the groups recorded for c's
// agent, level one first (none before an agent took c, or for an agent
// without a group). The groups may have been deleted since: their ARNs stay.
func (s *Service) contactAgentHierarchy(ctx context.Context, p Partition, c *Contact) ([]string, error) {
	if c.ConnectedToAgentTimestamp == nil {
		return nil, nil
	}
	ids, err := s.store.GetContactAgentHierarchy(ctx, c.InstanceID, c.ID)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = subARN(p, c.InstanceID, ResourceHierarchyGroup, id)
	}
	return out, nil
}

// AgentHierarchyCriterion is SearchContacts' AgentHierarchyGroups: per
// level (level one first), the group IDs one of which the contact's agent
// was in at that level when the contact connected; an empty level does
// not filter.
type AgentHierarchyCriterion [MaxHierarchyLevels][]string

// Empty reports whether c selects nothing out: no level lists groups.
func (c AgentHierarchyCriterion) Empty() bool {
	for _, ids := range c {
		if len(ids) > 0 {
			return false
		}
	}
	return true
}
