package sqlstore

import (
	"context"
	"errors"
	"strconv"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// Agent hierarchies (0007_hierarchy.sql): levels, groups, and the groups of
// the agent each contact connected to.

const hierarchyGroupCols = `instance_id, id, arn, name, parent_id, level, path, last_modified, tags`

const (
	qListHierarchyLevels   = `SELECT level, name, last_modified FROM user_hierarchy_levels WHERE instance_id = ?1 ORDER BY level`
	qDeleteHierarchyLevels = `DELETE FROM user_hierarchy_levels WHERE instance_id = ?1`
	qInsertHierarchyLevel  = `INSERT INTO user_hierarchy_levels (instance_id, level, name, last_modified) VALUES (?1, ?2, ?3, ?4)`

	qGetHierarchyGroup       = `SELECT ` + hierarchyGroupCols + ` FROM user_hierarchy_groups WHERE instance_id = ?1 AND id = ?2`
	qGetHierarchyGroupByName = `SELECT ` + hierarchyGroupCols + ` FROM user_hierarchy_groups WHERE instance_id = ?1 AND name = ?2`
	qListHierarchyGroups     = `SELECT ` + hierarchyGroupCols + ` FROM user_hierarchy_groups
		WHERE instance_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`
	qListHierarchyGroupsByParent = `SELECT ` + hierarchyGroupCols + ` FROM user_hierarchy_groups
		WHERE instance_id = ?1 AND parent_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4`
	qListHierarchyGroupsByLevel = `SELECT ` + hierarchyGroupCols + ` FROM user_hierarchy_groups
		WHERE instance_id = ?1 AND level = ?2 AND id > ?3 ORDER BY id LIMIT ?4`
	qInsertHierarchyGroup = `INSERT INTO user_hierarchy_groups (` + hierarchyGroupCols + `)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING`
	qUpdateHierarchyGroupName = `UPDATE user_hierarchy_groups SET name = ?1, last_modified = ?2 WHERE instance_id = ?3 AND id = ?4`
	qDeleteHierarchyGroup     = `DELETE FROM user_hierarchy_groups WHERE instance_id = ?1 AND id = ?2`

	qListUsersByHierarchyGroup = `SELECT ` + userCols + ` FROM users
		WHERE instance_id = ?1 AND hierarchy_group_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4`

	qGetContactAgentHierarchy = `SELECT level1, level2, level3, level4, level5 FROM contact_agent_hierarchy
		WHERE instance_id = ?1 AND contact_id = ?2`
	qPutContactAgentHierarchy = `INSERT INTO contact_agent_hierarchy (instance_id, contact_id, level1, level2, level3, level4, level5)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
		ON CONFLICT (instance_id, contact_id) DO UPDATE SET level1 = excluded.level1, level2 = excluded.level2,
			level3 = excluded.level3, level4 = excluded.level4, level5 = excluded.level5`
)

// hierarchyStatements are the agent hierarchy's statements for Statements:
// DescribeContact reads a contact's agent hierarchy; the others serve the
// hierarchy operations and their checks, which must not scan.
func hierarchyStatements() []Statement {
	return []Statement{
		{Name: "GetContactAgentHierarchy", SQL: qGetContactAgentHierarchy, Args: []any{"i", "c"}},
		{Name: "GetHierarchyGroup", SQL: qGetHierarchyGroup, Args: []any{"i", "g"}},
		{Name: "GetHierarchyGroupByName", SQL: qGetHierarchyGroupByName, Args: []any{"i", "n"}},
		{Name: "ListHierarchyGroups", SQL: qListHierarchyGroups, Args: []any{"i", "", 10}, InOrder: true},
		{Name: "ListHierarchyGroupsByParent", SQL: qListHierarchyGroupsByParent, Args: []any{"i", "p", "", 1}, InOrder: true},
		{Name: "ListHierarchyGroupsByLevel", SQL: qListHierarchyGroupsByLevel, Args: []any{"i", 2, "", 1}, InOrder: true},
		{Name: "ListUsersByHierarchyGroup", SQL: qListUsersByHierarchyGroup, Args: []any{"i", "g", "", 1}, InOrder: true},
		{Name: "ListHierarchyLevels", SQL: qListHierarchyLevels, Args: []any{"i"}, InOrder: true},
	}
}

func scanHierarchyGroup(s scanner) (*connect.HierarchyGroup, error) {
	var (
		g          connect.HierarchyGroup
		path, tags *string
		lm         int64
	)
	if err := s.Scan(&g.InstanceID, &g.ID, &g.ARN, &g.Name, &g.ParentID, &g.Level, &path, &lm, &tags); err != nil {
		return nil, err
	}
	g.LastModified = fromMS(lm)
	var err error
	if g.Path, err = rowjson.DecodeStrings(path); err != nil {
		return nil, err
	}
	if g.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &g, nil
}

func (r *Reader) ListHierarchyLevels(ctx context.Context, instanceID string) ([]connect.HierarchyLevel, error) {
	const op = "list hierarchy levels"
	rows, err := r.c.Query(ctx, qListHierarchyLevels, instanceID)
	if err != nil {
		return nil, r.internal(op, err)
	}
	defer rows.Close()
	var out []connect.HierarchyLevel
	for rows.Next() {
		var (
			l  connect.HierarchyLevel
			lm int64
		)
		if err := rows.Scan(&l.Level, &l.Name, &lm); err != nil {
			return nil, r.internal(op, err)
		}
		l.LastModified = fromMS(lm)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, r.internal(op, err)
	}
	return out, nil
}

func (r *Reader) GetHierarchyGroup(ctx context.Context, instanceID, id string) (*connect.HierarchyGroup, error) {
	return getOne(ctx, r, "get hierarchy group", func() error { return notFound(connect.ResourceHierarchyGroup, id) },
		scanHierarchyGroup, qGetHierarchyGroup, instanceID, id)
}

func (r *Reader) GetHierarchyGroupByName(ctx context.Context, instanceID, name string) (*connect.HierarchyGroup, error) {
	return getOne(ctx, r, "get hierarchy group by name", func() error { return notFound(connect.ResourceHierarchyGroup, name) },
		scanHierarchyGroup, qGetHierarchyGroupByName, instanceID, name)
}

func (r *Reader) ListHierarchyGroups(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.HierarchyGroup, error) {
	return getAll(ctx, r, "list hierarchy groups", scanHierarchyGroup, qListHierarchyGroups,
		instanceID, page.After, r.limit(page.Limit))
}

func (r *Reader) ListHierarchyGroupsByParent(ctx context.Context, instanceID, parentID string, page connect.PageRequest) ([]*connect.HierarchyGroup, error) {
	return getAll(ctx, r, "list hierarchy groups by parent", scanHierarchyGroup, qListHierarchyGroupsByParent,
		instanceID, parentID, page.After, r.limit(page.Limit))
}

func (r *Reader) ListHierarchyGroupsByLevel(ctx context.Context, instanceID string, level int, page connect.PageRequest) ([]*connect.HierarchyGroup, error) {
	return getAll(ctx, r, "list hierarchy groups by level", scanHierarchyGroup, qListHierarchyGroupsByLevel,
		instanceID, level, page.After, r.limit(page.Limit))
}

func (r *Reader) ListUsersByHierarchyGroup(ctx context.Context, instanceID, groupID string, page connect.PageRequest) ([]*connect.User, error) {
	return getAll(ctx, r, "list users by hierarchy group", scanUser, qListUsersByHierarchyGroup,
		instanceID, groupID, page.After, r.limit(page.Limit))
}

func (r *Reader) GetContactAgentHierarchy(ctx context.Context, instanceID, contactID string) ([]string, error) {
	var l [connect.MaxHierarchyLevels]string
	err := r.c.QueryRow(ctx, qGetContactAgentHierarchy, instanceID, contactID).Scan(&l[0], &l[1], &l[2], &l[3], &l[4])
	switch {
	case errors.Is(err, ErrNoRows):
		return nil, &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceContact,
			Message: "No agent hierarchy recorded for contact " + contactID}
	case err != nil:
		return nil, r.internal("get contact agent hierarchy", err)
	}
	out := l[:]
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out, nil
}

func (t *Tx) PutHierarchyLevels(ctx context.Context, instanceID string, levels []connect.HierarchyLevel) error {
	const op = "put hierarchy levels"
	if _, err := t.exec(ctx, qDeleteHierarchyLevels, instanceID); err != nil {
		return t.internal(op, err)
	}
	for _, l := range levels {
		_, err := t.exec(ctx, qInsertHierarchyLevel, instanceID, l.Level, l.Name, ms(l.LastModified))
		switch {
		case t.d.IsForeignKey(err):
			return instanceMissing(instanceID)
		case err != nil:
			return t.internal(op, err)
		}
	}
	return nil
}

func (t *Tx) InsertHierarchyGroup(ctx context.Context, g *connect.HierarchyGroup) error {
	const op = "insert hierarchy group"
	path, err := rowjson.Strings(g.Path)
	if err != nil {
		return t.internal(op, err)
	}
	if path == nil {
		return t.internal(op, errors.New("hierarchy group without a path"))
	}
	tags, err := rowjson.Tags(g.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qInsertHierarchyGroup, g.InstanceID, g.ID, g.ARN, g.Name, g.ParentID, g.Level, path,
		ms(g.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(g.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	return duplicate(connect.ResourceHierarchyGroup, "Hierarchy group already exists: %s", g.Name)
}

func (t *Tx) UpdateHierarchyGroupName(ctx context.Context, g *connect.HierarchyGroup) error {
	n, err := t.exec(ctx, qUpdateHierarchyGroupName, g.Name, ms(g.LastModified), g.InstanceID, g.ID)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceHierarchyGroup, "Hierarchy group with name %s already exists", g.Name)
	case err != nil:
		return t.internal("update hierarchy group name", err)
	case n == 0:
		return notFound(connect.ResourceHierarchyGroup, g.ID)
	}
	return nil
}

func (t *Tx) DeleteHierarchyGroup(ctx context.Context, instanceID, id string) error {
	n, err := t.exec(ctx, qDeleteHierarchyGroup, instanceID, id)
	if err != nil {
		return t.internal("delete hierarchy group", err)
	}
	if n == 0 {
		return notFound(connect.ResourceHierarchyGroup, id)
	}
	return nil
}

func (t *Tx) PutContactAgentHierarchy(ctx context.Context, instanceID, contactID string, path []string) error {
	const op = "put contact agent hierarchy"
	if len(path) > connect.MaxHierarchyLevels {
		return t.internal(op, errors.New("hierarchy path of "+strconv.Itoa(len(path))+" levels"))
	}
	var l [connect.MaxHierarchyLevels]string
	copy(l[:], path)
	_, err := t.exec(ctx, qPutContactAgentHierarchy, instanceID, contactID, l[0], l[1], l[2], l[3], l[4])
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(instanceID)
	case err != nil:
		return t.internal(op, err)
	}
	return nil
}

// agentHierarchyCond returns SearchContacts' condition for an
// AgentHierarchyGroups criterion ("" when c does not filter): the contact's
// recorded agent groups are, at each level c lists groups for, one of them.
// arg adds a parameter and returns its placeholder; ?1 is the instance.
func agentHierarchyCond(c connect.AgentHierarchyCriterion, d Dialect, arg func(any) string) string {
	if c.Empty() {
		return ""
	}
	cond := `id IN (SELECT contact_id FROM contact_agent_hierarchy WHERE instance_id = ?1`
	for i, ids := range c {
		if len(ids) > 0 {
			cond += ` AND level` + strconv.Itoa(i+1) + ` = ANY (` + arg(d.List(ids)) + `[])`
		}
	}
	return cond + `)`
}
