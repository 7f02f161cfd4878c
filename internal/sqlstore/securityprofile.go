package sqlstore

import (
	"context"
	"slices"
	"strings"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const securityProfileCols = `instance_id, id, arn, name, description, permissions, allowed_access_control_tags,
	tag_restricted_resources, hierarchy_restricted_resources, last_modified, tags`

const (
	qGetSecurityProfile       = `SELECT ` + securityProfileCols + ` FROM security_profiles WHERE instance_id = ?1 AND id = ?2`
	qGetSecurityProfileByName = `SELECT ` + securityProfileCols + ` FROM security_profiles WHERE instance_id = ?1 AND name = ?2`
	qListSecurityProfiles     = `SELECT ` + securityProfileCols + ` FROM security_profiles
		WHERE instance_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`
	qInsertSecurityProfile = `INSERT INTO security_profiles (` + securityProfileCols + `)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING`
	qUpdateSecurityProfile = `UPDATE security_profiles SET description = ?1, permissions = ?2, allowed_access_control_tags = ?3,
		tag_restricted_resources = ?4, hierarchy_restricted_resources = ?5, last_modified = ?6
		WHERE instance_id = ?7 AND id = ?8`
	qDeleteSecurityProfile = `DELETE FROM security_profiles WHERE instance_id = ?1 AND id = ?2`
	// qUsersWithSecurityProfile finds the users whose JSON list of security
	// profile IDs holds ?2, an element as rowjson.StringElement writes it
	// with LIKE's wildcards escaped. SQLite's LIKE ignores ASCII case, so
	// ListUsersBySecurityProfile checks each list exactly and pages in Go.
	qUsersWithSecurityProfile = `SELECT ` + userCols + ` FROM users
		WHERE instance_id = ?1 AND security_profile_ids LIKE ?2 ESCAPE '\' AND id > ?3 ORDER BY id`
)

func scanSecurityProfile(s scanner) (*connect.SecurityProfile, error) {
	var (
		sp                                   connect.SecurityProfile
		perms, acTags, tagRes, hierRes, tags *string
		lm                                   int64
	)
	if err := s.Scan(&sp.InstanceID, &sp.ID, &sp.ARN, &sp.Name, &sp.Description, &perms, &acTags, &tagRes, &hierRes,
		&lm, &tags); err != nil {
		return nil, err
	}
	sp.LastModified = fromMS(lm)
	var err error
	if sp.Permissions, err = rowjson.DecodeStrings(perms); err != nil {
		return nil, err
	}
	if sp.AllowedAccessControlTags, err = rowjson.DecodeTags(acTags); err != nil {
		return nil, err
	}
	if sp.TagRestrictedResources, err = rowjson.DecodeStrings(tagRes); err != nil {
		return nil, err
	}
	if sp.HierarchyRestrictedResources, err = rowjson.DecodeStrings(hierRes); err != nil {
		return nil, err
	}
	if sp.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &sp, nil
}

// securityProfileSettings encodes the JSON columns of sp, tags aside.
func securityProfileSettings(sp *connect.SecurityProfile) (perms, acTags, tagRes, hierRes *string, err error) {
	if perms, err = rowjson.Strings(sp.Permissions); err != nil {
		return
	}
	if acTags, err = rowjson.Tags(sp.AllowedAccessControlTags); err != nil {
		return
	}
	if tagRes, err = rowjson.Strings(sp.TagRestrictedResources); err != nil {
		return
	}
	hierRes, err = rowjson.Strings(sp.HierarchyRestrictedResources)
	return
}

func (r *Reader) GetSecurityProfile(ctx context.Context, instanceID, id string) (*connect.SecurityProfile, error) {
	return getOne(ctx, r, "get security profile", func() error { return notFound(connect.ResourceSecurityProfile, id) },
		scanSecurityProfile, qGetSecurityProfile, instanceID, id)
}

func (r *Reader) GetSecurityProfileByName(ctx context.Context, instanceID, name string) (*connect.SecurityProfile, error) {
	return getOne(ctx, r, "get security profile by name", func() error { return notFound(connect.ResourceSecurityProfile, name) },
		scanSecurityProfile, qGetSecurityProfileByName, instanceID, name)
}

func (r *Reader) ListSecurityProfiles(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.SecurityProfile, error) {
	return getAll(ctx, r, "list security profiles", scanSecurityProfile, qListSecurityProfiles,
		instanceID, page.After, r.limit(page.Limit))
}

// likeEscaper escapes LIKE's wildcards and its escape character.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func (r *Reader) ListUsersBySecurityProfile(ctx context.Context, instanceID, securityProfileID string, page connect.PageRequest) ([]*connect.User, error) {
	pattern := "%" + likeEscaper.Replace(rowjson.StringElement(securityProfileID)) + "%"
	us, err := getAll(ctx, r, "list users by security profile", scanUser, qUsersWithSecurityProfile, instanceID, pattern, page.After)
	if err != nil {
		return nil, err
	}
	us = slices.DeleteFunc(us, func(u *connect.User) bool { return !slices.Contains(u.SecurityProfileIDs, securityProfileID) })
	if page.Limit > 0 && len(us) > page.Limit {
		us = us[:page.Limit]
	}
	return us, nil
}

func (t *Tx) InsertSecurityProfile(ctx context.Context, sp *connect.SecurityProfile) error {
	const op = "insert security profile"
	tags, err := rowjson.Tags(sp.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	perms, acTags, tagRes, hierRes, err := securityProfileSettings(sp)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qInsertSecurityProfile, sp.InstanceID, sp.ID, sp.ARN, sp.Name, sp.Description,
		perms, acTags, tagRes, hierRes, ms(sp.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(sp.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	return duplicate(connect.ResourceSecurityProfile, "Security profile already exists: %s", sp.Name)
}

func (t *Tx) UpdateSecurityProfile(ctx context.Context, sp *connect.SecurityProfile) error {
	const op = "update security profile"
	perms, acTags, tagRes, hierRes, err := securityProfileSettings(sp)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qUpdateSecurityProfile, sp.Description, perms, acTags, tagRes, hierRes, ms(sp.LastModified),
		sp.InstanceID, sp.ID)
	switch {
	case err != nil:
		return t.internal(op, err)
	case n == 0:
		return notFound(connect.ResourceSecurityProfile, sp.ID)
	}
	return nil
}

func (t *Tx) DeleteSecurityProfile(ctx context.Context, instanceID, id string) error {
	n, err := t.exec(ctx, qDeleteSecurityProfile, instanceID, id)
	if err != nil {
		return t.internal("delete security profile", err)
	}
	if n == 0 {
		return notFound(connect.ResourceSecurityProfile, id)
	}
	return nil
}
