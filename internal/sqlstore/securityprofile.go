package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const securityProfileCols = `instance_id, id, arn, name, description, last_modified, tags`

const (
	qGetSecurityProfile   = `SELECT ` + securityProfileCols + ` FROM security_profiles WHERE instance_id = ?1 AND id = ?2`
	qListSecurityProfiles = `SELECT ` + securityProfileCols + ` FROM security_profiles
		WHERE instance_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`
	qInsertSecurityProfile = `INSERT INTO security_profiles (` + securityProfileCols + `)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING`
)

func scanSecurityProfile(s scanner) (*connect.SecurityProfile, error) {
	var (
		sp   connect.SecurityProfile
		tags *string
		lm   int64
	)
	if err := s.Scan(&sp.InstanceID, &sp.ID, &sp.ARN, &sp.Name, &sp.Description, &lm, &tags); err != nil {
		return nil, err
	}
	sp.LastModified = fromMS(lm)
	var err error
	if sp.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &sp, nil
}

func (r *Reader) GetSecurityProfile(ctx context.Context, instanceID, id string) (*connect.SecurityProfile, error) {
	return getOne(ctx, r, "get security profile", func() error { return notFound(connect.ResourceSecurityProfile, id) },
		scanSecurityProfile, qGetSecurityProfile, instanceID, id)
}

func (r *Reader) ListSecurityProfiles(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.SecurityProfile, error) {
	return getAll(ctx, r, "list security profiles", scanSecurityProfile, qListSecurityProfiles,
		instanceID, page.After, r.limit(page.Limit))
}

func (t *Tx) InsertSecurityProfile(ctx context.Context, sp *connect.SecurityProfile) error {
	const op = "insert security profile"
	tags, err := rowjson.Tags(sp.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qInsertSecurityProfile, sp.InstanceID, sp.ID, sp.ARN, sp.Name, sp.Description, ms(sp.LastModified), tags)
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
