package sqlstore

import (
	"context"
	"fmt"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// Task templates: the current state in task_templates, every snapshot in
// task_template_versions. The content column holds the JSON of
// templateContentJSON in both (the shape internal/sqlite stores).

const (
	templateCols = `instance_id, id, arn, name, status, version, content, client_token, request_hash,
	created_time, last_modified, tags`
	templateVersionCols = `instance_id, template_id, version, arn, name, status, content, created_time, last_modified`

	qGetTaskTemplate              = `SELECT ` + templateCols + ` FROM task_templates WHERE instance_id = ?1 AND id = ?2`
	qGetTaskTemplateByName        = `SELECT ` + templateCols + ` FROM task_templates WHERE instance_id = ?1 AND name = ?2`
	qGetTaskTemplateByClientToken = `SELECT ` + templateCols + ` FROM task_templates WHERE instance_id = ?1 AND client_token = ?2`
	qGetTaskTemplateVersion       = `SELECT ` + templateVersionCols + ` FROM task_template_versions
		WHERE instance_id = ?1 AND template_id = ?2 AND version = ?3`
	qListTaskTemplates = `SELECT ` + templateCols + ` FROM task_templates
		WHERE instance_id = ?1 AND (?2 = '' OR status = ?2) AND (?3 = '' OR name = ?3) ORDER BY id`
	// qSnapshotTaskTemplate copies a template's current state into its
	// snapshots, so that a snapshot is exactly what the template was. A
	// snapshot already there inserts nothing (the caller reports it).
	qSnapshotTaskTemplate = `INSERT INTO task_template_versions (` + templateVersionCols + `)
		SELECT instance_id, id, version, arn, name, status, content, created_time, last_modified
		FROM task_templates WHERE instance_id = ?1 AND id = ?2
		ON CONFLICT DO NOTHING`
)

func scanTemplate(s scanner) (*connect.TaskTemplate, error) {
	var (
		t             connect.TaskTemplate
		content       string
		token, tags   *string
		created, lmod int64
	)
	if err := s.Scan(&t.InstanceID, &t.ID, &t.ARN, &t.Name, &t.Status, &t.Version, &content, &token,
		&t.RequestHash, &created, &lmod, &tags); err != nil {
		return nil, err
	}
	t.ClientToken = str(token)
	t.CreatedTime, t.LastModified = fromMS(created), fromMS(lmod)
	if err := rowjson.DecodeTemplateContent(content, &t); err != nil {
		return nil, err
	}
	var err error
	if t.Tags, err = rowjson.DecodeTags(tags); err != nil {
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

func (r *Reader) GetTaskTemplate(ctx context.Context, instanceID, id string) (*connect.TaskTemplate, error) {
	return getOne(ctx, r, "get task template", func() error { return notFound(connect.ResourceTaskTemplate, id) },
		scanTemplate, qGetTaskTemplate, instanceID, id)
}

func (r *Reader) GetTaskTemplateByName(ctx context.Context, instanceID, name string) (*connect.TaskTemplate, error) {
	return getOne(ctx, r, "get task template by name", func() error { return notFound(connect.ResourceTaskTemplate, name) },
		scanTemplate, qGetTaskTemplateByName, instanceID, name)
}

func (r *Reader) GetTaskTemplateByClientToken(ctx context.Context, instanceID, token string) (*connect.TaskTemplate, error) {
	return getOne(ctx, r, "get task template by client token",
		func() error {
			return &connect.Error{Kind: connect.NotFound, Resource: connect.ResourceTaskTemplate,
				Message: "Task template not found for client token"}
		},
		scanTemplate, qGetTaskTemplateByClientToken, instanceID, token)
}

func (r *Reader) GetTaskTemplateVersion(ctx context.Context, instanceID, id string, version int) (*connect.TaskTemplate, error) {
	return getOne(ctx, r, "get task template version",
		func() error { return notFound(connect.ResourceTaskTemplate, fmt.Sprintf("%s version %d", id, version)) },
		scanTemplateVersion, qGetTaskTemplateVersion, instanceID, id, version)
}

func (r *Reader) ListTaskTemplates(ctx context.Context, instanceID string, f connect.TaskTemplateFilter) ([]*connect.TaskTemplate, error) {
	return getAll(ctx, r, "list task templates", scanTemplate, qListTaskTemplates, instanceID, f.Status, f.Name)
}

func (t *Tx) InsertTaskTemplate(ctx context.Context, tt *connect.TaskTemplate) error {
	const op = "insert task template"
	content, err := rowjson.TemplateContent(tt)
	if err != nil {
		return t.internal(op, err)
	}
	tags, err := rowjson.Tags(tt.Tags)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `INSERT INTO task_templates (`+templateCols+`) VALUES (`+placeholders(1, 12)+`)
		ON CONFLICT DO NOTHING`,
		tt.InstanceID, tt.ID, tt.ARN, tt.Name, tt.Status, tt.Version, content, nullIfEmpty(tt.ClientToken),
		tt.RequestHash, ms(tt.CreatedTime), ms(tt.LastModified), tags)
	switch {
	case t.d.IsForeignKey(err):
		return instanceMissing(tt.InstanceID)
	case err != nil:
		return t.internal(op, err)
	case n > 0:
		return t.snapshotTemplate(ctx, tt)
	}
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

// snapshotTemplate stores the template's current state as its snapshot
// tt.Version, which must be new.
func (t *Tx) snapshotTemplate(ctx context.Context, tt *connect.TaskTemplate) error {
	n, err := t.exec(ctx, qSnapshotTaskTemplate, tt.InstanceID, tt.ID)
	switch {
	case err != nil:
		return t.internal("snapshot task template", err)
	case n == 0:
		return duplicate(connect.ResourceTaskTemplate, "Task template %s already has version %d", tt.ID, tt.Version)
	}
	return nil
}

func (t *Tx) UpdateTaskTemplate(ctx context.Context, tt *connect.TaskTemplate) error {
	const op = "update task template"
	content, err := rowjson.TemplateContent(tt)
	if err != nil {
		return t.internal(op, err)
	}
	n, err := t.exec(ctx, `UPDATE task_templates SET name = ?1, status = ?2, version = ?3, content = ?4, last_modified = ?5
		WHERE instance_id = ?6 AND id = ?7`,
		tt.Name, tt.Status, tt.Version, content, ms(tt.LastModified), tt.InstanceID, tt.ID)
	switch {
	case t.d.IsUnique(err):
		return duplicate(connect.ResourceTaskTemplate, "Task template with name %s already exists", tt.Name)
	case err != nil:
		return t.internal(op, err)
	case n == 0:
		return notFound(connect.ResourceTaskTemplate, tt.ID)
	}
	return t.snapshotTemplate(ctx, tt)
}

func (t *Tx) DeleteTaskTemplate(ctx context.Context, instanceID, id string) error {
	n, err := t.exec(ctx, `DELETE FROM task_templates WHERE instance_id = ?1 AND id = ?2`, instanceID, id)
	if err != nil {
		return t.internal("delete task template", err)
	}
	if n == 0 {
		return notFound(connect.ResourceTaskTemplate, id)
	}
	return nil
}
