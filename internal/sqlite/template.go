package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// Task templates: the current state in task_templates, every snapshot in
// task_template_versions. The content column holds the JSON of
// templateContentJSON in both.

const (
	templateCols = `instance_id, id, arn, name, status, version, content, client_token, request_hash,
	created_time, last_modified, tags`
	templateVersionCols = `instance_id, template_id, version, arn, name, status, content, created_time, last_modified`

	qGetTaskTemplate              = `SELECT ` + templateCols + ` FROM task_templates WHERE instance_id = ? AND id = ?`
	qGetTaskTemplateByName        = `SELECT ` + templateCols + ` FROM task_templates WHERE instance_id = ? AND name = ?`
	qGetTaskTemplateByClientToken = `SELECT ` + templateCols + ` FROM task_templates WHERE instance_id = ? AND client_token = ?`
	qGetTaskTemplateVersion       = `SELECT ` + templateVersionCols + ` FROM task_template_versions
		WHERE instance_id = ? AND template_id = ? AND version = ?`
	qListTaskTemplates = `SELECT ` + templateCols + ` FROM task_templates
		WHERE instance_id = ?1 AND (?2 = '' OR status = ?2) AND (?3 = '' OR name = ?3) ORDER BY id`
	// qSnapshotTaskTemplate copies a template's current state into its
	// snapshots, so that a snapshot is exactly what the template was.
	qSnapshotTaskTemplate = `INSERT INTO task_template_versions (` + templateVersionCols + `)
		SELECT instance_id, id, version, arn, name, status, content, created_time, last_modified
		FROM task_templates WHERE instance_id = ? AND id = ?`
)

func scanTemplate(s scanner) (*connect.TaskTemplate, error) {
	var (
		t             connect.TaskTemplate
		content       string
		token, tags   sql.NullString
		created, lmod int64
	)
	if err := s.Scan(&t.InstanceID, &t.ID, &t.ARN, &t.Name, &t.Status, &t.Version, &content, &token,
		&t.RequestHash, &created, &lmod, &tags); err != nil {
		return nil, err
	}
	t.ClientToken = token.String
	t.CreatedTime, t.LastModified = fromMS(created), fromMS(lmod)
	if err := rowjson.DecodeTemplateContent(content, &t); err != nil {
		return nil, err
	}
	var err error
	if t.Tags, err = decodeTags(tags); err != nil {
		return nil, err
	}
	return &t, nil
}

func scanTemplateVersion(s scanner) (*connect.TaskTemplate, error) {
	var (
		t             connect.TaskTemplate
		content       string
		created, lmod int64
	)
	if err := s.Scan(&t.InstanceID, &t.ID, &t.Version, &t.ARN, &t.Name, &t.Status, &content, &created, &lmod); err != nil {
		return nil, err
	}
	t.CreatedTime, t.LastModified = fromMS(created), fromMS(lmod)
	if err := rowjson.DecodeTemplateContent(content, &t); err != nil {
		return nil, err
	}
	return &t, nil
}

func (r *reader) GetTaskTemplate(ctx context.Context, instanceID, id string) (*connect.TaskTemplate, error) {
	return getOne(ctx, r, "get task template", func() error { return notFound(connect.ResourceTaskTemplate, id) },
		scanTemplate, qGetTaskTemplate, instanceID, id)
}

func (r *reader) GetTaskTemplateByName(ctx context.Context, instanceID, name string) (*connect.TaskTemplate, error) {
	return getOne(ctx, r, "get task template by name", func() error { return notFound(connect.ResourceTaskTemplate, name) },
		scanTemplate, qGetTaskTemplateByName, instanceID, name)
}

func (r *reader) GetTaskTemplateByClientToken(ctx context.Context, instanceID, token string) (*connect.TaskTemplate, error) {
	return getOne(ctx, r, "get task template by client token",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceTaskTemplate,
				Message: "Task template not found for client token"}
		},
		scanTemplate, qGetTaskTemplateByClientToken, instanceID, token)
}

func (r *reader) GetTaskTemplateVersion(ctx context.Context, instanceID, id string, version int) (*connect.TaskTemplate, error) {
	return getOne(ctx, r, "get task template version",
		func() error { return notFound(connect.ResourceTaskTemplate, fmt.Sprintf("%s version %d", id, version)) },
		scanTemplateVersion, qGetTaskTemplateVersion, instanceID, id, version)
}

func (r *reader) ListTaskTemplates(ctx context.Context, instanceID string, f connect.TaskTemplateFilter) ([]*connect.TaskTemplate, error) {
	rows, err := r.query(ctx, qListTaskTemplates, instanceID, f.Status, f.Name)
	return getAll("list task templates", rows, err, scanTemplate)
}

func (t *tx) InsertTaskTemplate(ctx context.Context, tt *connect.TaskTemplate) error {
	const op = "insert task template"
	content, err := rowjson.TemplateContent(tt)
	if err != nil {
		return internal(op, err)
	}
	tags, err := encodeTags(tt.Tags)
	if err != nil {
		return internal(op, err)
	}
	_, err = t.exec(ctx, `INSERT INTO task_templates (`+templateCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tt.InstanceID, tt.ID, tt.ARN, tt.Name, tt.Status, tt.Version, content, nullIfEmpty(tt.ClientToken),
		tt.RequestHash, ms(tt.CreatedTime), ms(tt.LastModified), tags)
	switch {
	case err == nil:
		return t.snapshotTemplate(ctx, tt)
	case isForeignKey(err):
		return instanceMissing(tt.InstanceID)
	case isUnique(err):
		if _, gerr := t.GetTaskTemplateByName(ctx, tt.InstanceID, tt.Name); gerr == nil {
			return duplicate(connect.ResourceTaskTemplate, "Task template with name %s already exists", tt.Name)
		}
		if tt.ClientToken != "" {
			if _, gerr := t.GetTaskTemplateByClientToken(ctx, tt.InstanceID, tt.ClientToken); gerr == nil {
				return duplicate(connect.ResourceTaskTemplate, "A task template was already created with this client token")
			}
		}
		return duplicate(connect.ResourceTaskTemplate, "Task template already exists: %s", tt.ID)
	}
	return internal(op, err)
}

func (t *tx) snapshotTemplate(ctx context.Context, tt *connect.TaskTemplate) error {
	_, err := t.exec(ctx, qSnapshotTaskTemplate, tt.InstanceID, tt.ID)
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return duplicate(connect.ResourceTaskTemplate, "Task template %s already has version %d", tt.ID, tt.Version)
	}
	return internal("snapshot task template", err)
}

func (t *tx) UpdateTaskTemplate(ctx context.Context, tt *connect.TaskTemplate) error {
	const op = "update task template"
	content, err := rowjson.TemplateContent(tt)
	if err != nil {
		return internal(op, err)
	}
	res, err := t.exec(ctx, `UPDATE task_templates SET name = ?, status = ?, version = ?, content = ?, last_modified = ?
		WHERE instance_id = ? AND id = ?`,
		tt.Name, tt.Status, tt.Version, content, ms(tt.LastModified), tt.InstanceID, tt.ID)
	if err != nil {
		if isUnique(err) {
			return duplicate(connect.ResourceTaskTemplate, "Task template with name %s already exists", tt.Name)
		}
		return internal(op, err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal(op, err)
	} else if !ok {
		return notFound(connect.ResourceTaskTemplate, tt.ID)
	}
	return t.snapshotTemplate(ctx, tt)
}

func (t *tx) DeleteTaskTemplate(ctx context.Context, instanceID, id string) error {
	res, err := t.exec(ctx, `DELETE FROM task_templates WHERE instance_id = ? AND id = ?`, instanceID, id)
	if err != nil {
		return internal("delete task template", err)
	}
	if ok, err := rowsAffected(res); err != nil {
		return internal("delete task template", err)
	} else if !ok {
		return notFound(connect.ResourceTaskTemplate, id)
	}
	return nil
}
