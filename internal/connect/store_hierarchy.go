package connect

import "context"

// HierarchyReader is the read side of agent hierarchies: the structure's
// levels, the groups, and what uses a group. It is part of Reader; a getter
// returns a NotFound *Error (with Resource set) when the thing asked for
// does not exist.
type HierarchyReader interface {
	// ListHierarchyLevels returns the instance's hierarchy levels, level
	// one first; none when it has no structure.
	ListHierarchyLevels(ctx context.Context, instanceID string) ([]HierarchyLevel, error)
	GetHierarchyGroup(ctx context.Context, instanceID, id string) (*HierarchyGroup, error)
	// GetHierarchyGroupByName returns NotFound if the instance has no group of that name.
	GetHierarchyGroupByName(ctx context.Context, instanceID, name string) (*HierarchyGroup, error)
	ListHierarchyGroups(ctx context.Context, instanceID string, page PageRequest) ([]*HierarchyGroup, error)
	// ListHierarchyGroupsByParent lists the child groups of group parentID, ordered by ID.
	ListHierarchyGroupsByParent(ctx context.Context, instanceID, parentID string, page PageRequest) ([]*HierarchyGroup, error)
	// ListHierarchyGroupsByLevel lists the groups at level (1 to 5), ordered by ID.
	ListHierarchyGroupsByLevel(ctx context.Context, instanceID string, level int, page PageRequest) ([]*HierarchyGroup, error)
	// ListUsersByHierarchyGroup lists the users assigned group groupID, ordered by ID.
	ListUsersByHierarchyGroup(ctx context.Context, instanceID, groupID string, page PageRequest) ([]*User, error)
	// GetContactAgentHierarchy returns the group IDs, level one first, of
	// the agent the contact connected to, as recorded then; NotFound when
	// none was recorded.
	GetContactAgentHierarchy(ctx context.Context, instanceID, contactID string) ([]string, error)
}

// HierarchyWriter is the write side of HierarchyReader's resources. It is
// part of Tx.
type HierarchyWriter interface {
	// PutHierarchyLevels replaces the instance's levels with levels (level
	// one first, contiguous; empty removes the structure).
	PutHierarchyLevels(ctx context.Context, instanceID string, levels []HierarchyLevel) error
	// InsertHierarchyGroup returns Duplicate when the name is taken.
	InsertHierarchyGroup(ctx context.Context, g *HierarchyGroup) error
	// UpdateHierarchyGroupName stores g's name and last-modified time;
	// Duplicate when the name is taken.
	UpdateHierarchyGroupName(ctx context.Context, g *HierarchyGroup) error
	// DeleteHierarchyGroup deletes the group; the Service decides whether it may.
	DeleteHierarchyGroup(ctx context.Context, instanceID, id string) error
	// PutContactAgentHierarchy records (or replaces) the group IDs, level
	// one first, of the agent the contact connected to.
	PutContactAgentHierarchy(ctx context.Context, instanceID, contactID string, path []string) error
}
