package sqlite

import (
	"context"
	"database/sql"

	"connectd/internal/connect"
)

// --- users

const userCols = `instance_id, id, arn, username, directory_user_id, hierarchy_group_id, identity, channel_configs,
	routing_profile_id, security_profile_ids, status_id, status_start_ts, last_modified, tags`

// statusType is the subquery that copies a user's status type into
// users.status_type (see 0002_agents.sql); ?1 is the instance, ?2 the status.
const statusType = `coalesce((SELECT type FROM agent_statuses WHERE instance_id = ?1 AND id = ?2), '')`

const (
	qGetUser           = `SELECT ` + userCols + ` FROM users WHERE instance_id = ? AND id = ?`
	qGetUserByUsername = `SELECT ` + userCols + ` FROM users WHERE instance_id = ? AND username = ?`
	qListUsers         = `SELECT ` + userCols + ` FROM users WHERE instance_id = ? AND id > ? ORDER BY id LIMIT ?`
	qListRoutableUsers = `SELECT ` + userCols + ` FROM users
		WHERE instance_id = ? AND status_type = 'ROUTABLE' ORDER BY status_start_ts, id`
	qCountUsersByRoutingProfile = `SELECT count(*) FROM users WHERE instance_id = ? AND routing_profile_id = ?`
	qInsertUser                 = `INSERT INTO users (` + userCols + `, status_type)
		VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?2, ?12, ?13, ?14, ` + statusType + `)`
	qUpdateUser = `UPDATE users SET hierarchy_group_id = ?3, identity = ?4, channel_configs = ?5,
		routing_profile_id = ?6, security_profile_ids = ?7, status_id = ?2, status_type = ` + statusType + `,
		status_start_ts = ?8, last_modified = ?9
		WHERE instance_id = ?1 AND id = ?10`
	qDeleteUser       = `DELETE FROM users WHERE instance_id = ? AND id = ?`
	qDeleteAgentQueue = `DELETE FROM queues WHERE instance_id = ? AND id = ? AND type = 'AGENT'`
)

func scanUser(s scanner) (*connect.User, error) {
	var (
		u                             connect.User
		identity, channels, sps, tags sql.NullString
		statusStart, lm               int64
	)
	if err := s.Scan(&u.InstanceID, &u.ID, &u.ARN, &u.Username, &u.DirectoryUserID, &u.HierarchyGroupID,
		&identity, &channels, &u.RoutingProfileID, &sps, &u.StatusID, &statusStart, &lm, &tags); err != nil {
		return nil, err
	}
	u.StatusStartTimestamp, u.LastModified = fromMS(statusStart), fromMS(lm)
	var err error
	if u.Identity, err = decodeIdentity(identity); err != nil {
		return nil, err
	}
	if u.Channels, err = decodeChannelConfigs(channels); err != nil {
		return nil, err
	}
	if u.SecurityProfileIDs, err = decodeStrings(sps); err != nil {
		return nil, err
	}
	if u.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &u, nil
}

func (r *reader) GetUser(ctx context.Context, instanceID, id string) (*connect.User, error) {
	return getOne(ctx, r, "get user", func() error { return notFound(connect.ResourceUser, id) },
		scanUser, qGetUser, instanceID, id)
}

func (r *reader) GetUserByUsername(ctx context.Context, instanceID, username string) (*connect.User, error) {
	return getOne(ctx, r, "get user by username", func() error { return notFound(connect.ResourceUser, username) },
		scanUser, qGetUserByUsername, instanceID, username)
}

func (r *reader) ListUsers(ctx context.Context, instanceID string, page connect.PageRequest) ([]*connect.User, error) {
	rows, err := r.query(ctx, qListUsers, instanceID, page.After, limit(page.Limit))
	return getAll("list users", rows, err, scanUser)
}

func (r *reader) ListRoutableUsers(ctx context.Context, instanceID string) ([]*connect.User, error) {
	rows, err := r.query(ctx, qListRoutableUsers, instanceID)
	return getAll("list routable users", rows, err, scanUser)
}

func (r *reader) CountUsersByRoutingProfile(ctx context.Context, instanceID, routingProfileID string) (int, error) {
	return r.count(ctx, "count users by routing profile", qCountUsersByRoutingProfile, instanceID, routingProfileID)
}

// count runs a cached "SELECT count(*)" statement.
func (r *reader) count(ctx context.Context, op, query string, args ...any) (int, error) {
	row, err := r.queryRow(ctx, query, args...)
	if err != nil {
		return 0, internal(op, err)
	}
	var n int
	if err := row.Scan(&n); err != nil {
		return 0, internal(op, err)
	}
	return n, nil
}

// userJSON encodes the JSON columns of u.
func userJSON(u *connect.User) (identity, channels, sps, tags sql.NullString, err error) {
	if identity, err = encodeIdentity(u.Identity); err != nil {
		return
	}
	if channels, err = encodeChannelConfigs(u.Channels); err != nil {
		return
	}
	if sps, err = encodeStrings(u.SecurityProfileIDs); err != nil {
		return
	}
	tags, err = encodeTags(u.Tags)
	return
}

func (t *tx) InsertUser(ctx context.Context, u *connect.User) error {
	const op = "insert user"
	identity, channels, sps, tags, err := userJSON(u)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, qInsertUser, u.InstanceID, u.StatusID, u.ID, u.ARN, u.Username, u.DirectoryUserID,
		u.HierarchyGroupID, identity, channels, u.RoutingProfileID, sps, ms(u.StatusStartTimestamp),
		ms(u.LastModified), tags)
	switch {
	case err == nil:
		return nil
	case isForeignKey(err):
		return instanceMissing(u.InstanceID)
	case isUnique(err):
		if _, gerr := t.GetUserByUsername(ctx, u.InstanceID, u.Username); gerr == nil {
			return duplicate(connect.ResourceUser, "User with username %s already exists", u.Username)
		}
		return duplicate(connect.ResourceUser, "User already exists: %s", u.ID)
	}
	return internal(op, err)
}

func (t *tx) UpdateUser(ctx context.Context, u *connect.User) error {
	const op = "update user"
	identity, channels, _, _, err := userJSON(u)
	if err != nil {
		return internal(op, err)
	}
	sps, err := encodeStrings(u.SecurityProfileIDs)
	if err != nil {
		return internal(op, err)
	}
	res, err := t.exec(ctx, qUpdateUser, u.InstanceID, u.StatusID, u.HierarchyGroupID, identity, channels,
		u.RoutingProfileID, sps, ms(u.StatusStartTimestamp), ms(u.LastModified), u.ID)
	if err != nil {
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceUser, u.ID)
	}
	return nil
}

func (t *tx) DeleteUser(ctx context.Context, instanceID, id string) error {
	const op = "delete user"
	res, err := t.exec(ctx, qDeleteUser, instanceID, id)
	if err != nil {
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceUser, id)
	}
	if _, err := t.exec(ctx, qDeleteAgentQueue, instanceID, id); err != nil {
		return internal(op, err)
	}
	return nil
}
