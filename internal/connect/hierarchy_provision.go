package connect

import "context"

// Agent hierarchies for a Provisioner (the bootstrap file and the reset):
// see provision.go.

// HierarchyStructure gives the instance the structure in when it has no
// levels yet; an instance with a structure is left alone. It reports
// whether it set one.
func (pv *Provisioner) HierarchyStructure(ctx context.Context, instanceID string, in HierarchyStructureUpdate) (bool, error) {
	inst, err := pv.instanceOf(ctx, instanceID)
	if err != nil {
		return false, err
	}
	cur, err := pv.ch.tx.ListHierarchyLevels(ctx, inst.ID)
	if err != nil || len(cur) > 0 {
		return false, err
	}
	if err := pv.ch.updateHierarchyStructure(ctx, inst, in); err != nil {
		return false, err
	}
	return true, nil
}

// HierarchyGroup ensures a hierarchy group (by id, or by in.Name).
func (pv *Provisioner) HierarchyGroup(ctx context.Context, id string, in CreateHierarchyGroupInput) (*HierarchyGroup, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*HierarchyGroup, error) { return tx.GetHierarchyGroup(ctx, inst.ID, id) },
		func(name string) (*HierarchyGroup, error) { return tx.GetHierarchyGroupByName(ctx, inst.ID, name) },
		func() (*HierarchyGroup, error) { return pv.ch.createHierarchyGroup(ctx, pv.p, id, in) })
}

func (g *HierarchyGroup) id() string { return g.ID }

// keepHierarchyGroups adds the instance's hierarchy groups to kept (see
// keptIDs), so that a reset gives a group it restores its former ID.
func keepHierarchyGroups(ctx context.Context, r Reader, instanceID string, keep func(r Resource, instanceID, name, id string)) error {
	gs, err := r.ListHierarchyGroups(ctx, instanceID, PageRequest{})
	if err != nil {
		return err
	}
	for _, g := range gs {
		keep(ResourceHierarchyGroup, instanceID, g.Name, g.ID)
	}
	return nil
}
