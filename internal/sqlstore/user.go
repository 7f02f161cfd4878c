package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

const userCols = `instance_id, id, arn, username, directory_user_id, hierarchy_group_id, identity, channel_configs,
	routing_profile_id, security_profile_ids, status_id, status_start_ts, last_modified, tags`

// statusType is the subquery that copies a user's status type into
// users.status_type (see 0002_agents.sql); ?1 is the instance, ?2 the status.
const statusType = `coalesce((SELECT type FROM agent_statuses WHERE instance_id = ?1 AND id = ?2), '')`

const (
	qGetUser           = `SELECT ` + userCols + ` FROM users WHERE instance_id = ?1 AND id = ?2`
	qGetUserByUsername = `SELECT ` + userCols + ` FROM users WHERE instance_id = ?1 AND username = ?2`
	qListUsers         = `SELECT ` + userCols + ` FROM users WHERE instance_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`
	qListRoutableUsers = `SELECT ` + userCols + ` FROM users
		WHERE instance_id = ?1 AND status_type = 'ROUTABLE' ORDER BY status_start_ts, id`
	qCountUsersByRoutingProfile = `SELECT count(*) FROM users WHERE instance_id = ?1 AND routing_profile_id = ?2`
	qListUsersByRoutingProfile  = `SELECT ` + userCols + ` FROM users
		WHERE instance_id = ?1 AND routing_profile_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4`
	qInsertUser = `INSERT INTO users (` + userCols + `, status_type)
		VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?2, ?12, ?13, ?14, ` + statusType + `)
		ON CONFLICT DO NOTHING`
	qUpdateUser = `UPDATE users SET hierarchy_group_id = ?3, identity = ?4, channel_configs = ?5,
		routing_profile_id = ?6, security_profile_ids = ?7, status_id = ?2, status_type = ` + statusType + `,
		status_start_ts = ?8, last_modified = ?9
		WHERE instance_id = ?1 AND id = ?10`
	qDeleteUser       = `DELETE FROM users WHERE instance_id = ?1 AND id = ?2`
	qDeleteAgentQueue = `DELETE FROM queues WHERE instance_id = ?1 AND id = ?2 AND type = 'AGENT'`
)

func scanUser(s scanner) (*connect.User, error) {
	var (
		u                             connect.User
		identity, channels, sps, tags *string
		statusStart, lm               int64
	)
	if err := s.Scan(&u.InstanceID, &u.ID, &u.ARN, &u.Username, &u.DirectoryUserID, &u.HierarchyGroupID,
		&identity, &channels, &u.RoutingProfileID, &sps, &u.StatusID, &statusStart, &lm, &tags); err != nil {
		return nil, err
	}
	u.StatusStartTimestamp, u.LastModified = fromMS(statusStart), fromMS(lm)
	var err error
	if u.Identity, err = rowjson.DecodeIdentity(identity); err != nil {
		return nil, err
	}
	if u.Channels, err = rowjson.DecodeChannelConfigs(channels); err != nil {
		return nil, err
	}
	if u.SecurityProfileIDs, err = rowjson.DecodeStrings(sps); err != nil {
		return nil, err
	}
	if u.Tags, err = rowjson.DecodeTags(tags); err != nil {
		return nil, err
	}
	return &u, nil
}

func (r *Reader) GetUser(ctx context.Context, instanceID, id string) (*connect.User, error) {
	return getOne(ctx, r, "get user", func() error { return notFound(connect.ResourceUser, id) },
		scanUser, qGetUser, instanceID, id)
}

func (r *Reader) GetUserByUsername(ctx context.Context, instanceID, username string) (*connect.User, error) {
	return getOne(ctx, r, "get user by username", func() error { return notFound(connect.ResourceUser, username) },
		scanUser, qGetUserByUsername, instanceID, username)
}

func (r *Reader) ListUsers(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.User, error) {
	return getAll(ctx, r, "list users", scanUser, qListUsers, instanceID, page.After, r.limit(page.Limit))
}

func (r *Reader) ListRoutableUsers(ctx context.Context, instanceID string) ([]*connect.User, error) {
	return getAll(ctx, r, "list routable users", scanUser, qListRoutableUsers, instanceID)
}

func (t *Tx) ReadRoutableUsersAhead(ctx context.Context, instanceID string, got func([]*connect.User)) error {
	return readAhead(ctx, t, "list routable users", scanUser, got, qListRoutableUsers, instanceID)
}

func (r *Reader) ListUsersByRoutingProfile(ctx context.Context, instanceID, routingProfileID string, page connect.PageRequest) ([]*connect.User, error) {
	return getAll(ctx, r, "list users by routing profile", scanUser, qListUsersByRoutingProfile,
		instanceID, routingProfileID, page.After, r.limit(page.Limit))
}

func (r *Reader) CountUsersByRoutingProfile(ctx context.Context, instanceID, routingProfileID string) (int, error) {
	return r.count(ctx, "count users by routing profile", qCountUsersByRoutingProfile, instanceID, routingProfileID)
}

// userJSON encodes the JSON columns of u.
func userJSON(u *connect.User) (identity, channels, sps, tags *string, err error) {
	if identity, err = rowjson.Identity(u.Identity); err != nil {
		return
	}
	if channels, err = rowjson.ChannelConfigs(u.Channels); err != nil {
		return
	}
	if sps, err = rowjson.Strings(u.SecurityProfileIDs); err != nil {
		return
	}
	tags, err = rowjson.Tags(u.Tags)
	return
}

func (t *Tx) InsertUser(ctx context.Context, u *connect.User) error {
	const op = "insert user"
	identity, channels, sps, tags, err := userJSON(u)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qInsertUser, u.InstanceID, u.StatusID, u.ID, u.ARN, u.Username, u.DirectoryUserID,
		u.HierarchyGroupID, identity, channels, u.RoutingProfileID, sps, ms(u.StatusStartTimestamp),
		ms(u.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(u.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return nil
	}
	if _, gerr := t.GetUserByUsername(ctx, u.InstanceID, u.Username); gerr == nil {
		return duplicate(connect.ResourceUser, "User with username %s already exists", u.Username)
	}
	return duplicate(connect.ResourceUser, "User already exists: %s", u.ID)
}

func (t *Tx) UpdateUser(ctx context.Context, u *connect.User) error {
	const op = "update user"
	identity, channels, sps, _, err := userJSON(u)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, qUpdateUser, u.InstanceID, u.StatusID, u.HierarchyGroupID, identity, channels,
		u.RoutingProfileID, sps, ms(u.StatusStartTimestamp), ms(u.LastModified), u.ID)
	if err != nil {
		return t.internal(op, err)
	}
	if n == 0 {
		return notFound(connect.ResourceUser, u.ID)
	}
	return nil
}

func (t *Tx) DeleteUser(ctx context.Context, instanceID, id string) error {
	const op = "delete user"
	n, err := t.exec(ctx, qDeleteUser, instanceID, id)
	if err != nil {
		return t.internal(op, err)
	}
	if n == 0 {
		return notFound(connect.ResourceUser, id)
	}
	if _, err := t.exec(ctx, qDeleteAgentQueue, instanceID, id); err != nil {
		return t.internal(op, err)
	}
	return nil
}
