package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// Task templates and quick connects.

func newTemplate(instanceID, id, name string) *connect.TaskTemplate {
	return &connect.TaskTemplate{
		ID:               id,
		ARN:              arn(partition, instanceID, "task-template/"+id),
		InstanceID:       instanceID,
		Name:             name,
		Description:      "template " + name,
		ContactFlowID:    "flow-1",
		SelfAssignFlowID: "flow-2",
		Status:           connect.TemplateActive,
		Fields: []connect.TaskTemplateField{
			{Name: "Title", Type: connect.FieldName},
			{Name: "Priority", Description: "how urgent", Type: connect.FieldSingleSelect, SingleSelectOptions: []string{"low", "high"}},
			{Name: "Link", Type: connect.FieldURL},
		},
		Constraints: connect.TaskTemplateConstraints{
			Required: []string{"Title", "Priority"}, ReadOnly: []string{"Link"}, Invisible: []string{"Link"},
		},
		Defaults:     []connect.TaskTemplateDefault{{Field: "Priority", Value: "low"}, {Field: "Link", Value: ""}},
		Version:      1,
		CreatedTime:  at(1),
		LastModified: at(1),
		ClientToken:  "token-" + id,
		RequestHash:  "hash-" + id,
		Tags:         map[string]string{"kind": "template"},
	}
}

// snapshot is what GetTaskTemplateVersion returns for t.
func snapshot(t *connect.TaskTemplate) *connect.TaskTemplate {
	s := *t
	s.Tags, s.ClientToken, s.RequestHash = nil, "", ""
	return &s
}

func testTaskTemplateRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	full := newTemplate("i-1", "t-1", "Refund")
	bare := &connect.TaskTemplate{
		ID: "t-2", ARN: arn(partition, "i-1", "task-template/t-2"), InstanceID: "i-1", Name: "Bare",
		Status: connect.TemplateInactive, Version: 1, CreatedTime: at(2), LastModified: at(2), RequestHash: "h",
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertTaskTemplate(ctx, full), tx.InsertTaskTemplate(ctx, bare))
	})
	for _, want := range []*connect.TaskTemplate{full, bare} {
		got, err := s.GetTaskTemplate(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetTaskTemplate(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetTaskTemplate(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		if got, err = s.GetTaskTemplateByName(ctx, "i-1", want.Name); err != nil || got.ID != want.ID {
			t.Errorf("GetTaskTemplateByName(%s) = %v, %v; want %s", want.Name, got, err, want.ID)
		}
		got, err = s.GetTaskTemplateVersion(ctx, "i-1", want.ID, 1)
		if err != nil {
			t.Fatalf("GetTaskTemplateVersion(%s, 1): %v", want.ID, err)
		}
		if diff := cmp.Diff(snapshot(want), got); diff != "" {
			t.Errorf("GetTaskTemplateVersion(%s, 1) mismatch (-want +got):\n%s", want.ID, diff)
		}
	}
	got, err := s.GetTaskTemplateByClientToken(ctx, "i-1", "token-t-1")
	if err != nil || got.ID != "t-1" {
		t.Errorf("GetTaskTemplateByClientToken = %v, %v; want t-1", got, err)
	}

	// An update replaces the current state and adds a snapshot; tags, token,
	// hash and creation time are not the update's to change.
	upd := newTemplate("i-1", "t-1", "Refund v2")
	upd.Fields = upd.Fields[:1]
	upd.Constraints = connect.TaskTemplateConstraints{Required: []string{"Title"}}
	upd.Defaults, upd.SelfAssignFlowID, upd.Description = nil, "", ""
	upd.Status, upd.Version, upd.LastModified = connect.TemplateInactive, 2, at(5)
	upd.Tags, upd.ClientToken, upd.RequestHash, upd.CreatedTime = map[string]string{"x": "y"}, "x", "x", at(99)
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateTaskTemplate(ctx, upd) })
	want := *upd
	want.Tags, want.ClientToken, want.RequestHash, want.CreatedTime = full.Tags, full.ClientToken, full.RequestHash, full.CreatedTime
	got, err = s.GetTaskTemplate(ctx, "i-1", "t-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateTaskTemplate mismatch (-want +got):\n%s", diff)
	}
	for v, w := range map[int]*connect.TaskTemplate{1: snapshot(full), 2: snapshot(&want)} {
		got, err := s.GetTaskTemplateVersion(ctx, "i-1", "t-1", v)
		if err != nil {
			t.Fatalf("GetTaskTemplateVersion(t-1, %d): %v", v, err)
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("GetTaskTemplateVersion(t-1, %d) mismatch (-want +got):\n%s", v, diff)
		}
	}
	if _, err := s.GetTaskTemplateByName(ctx, "i-1", "Refund"); !connect.IsNotFound(err) {
		t.Errorf("GetTaskTemplateByName(old name) = %v, want NotFound", err)
	}

	// Deleting keeps the snapshots.
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteTaskTemplate(ctx, "i-1", "t-1") })
	_, err = s.GetTaskTemplate(ctx, "i-1", "t-1")
	wantKind(t, "GetTaskTemplate(deleted)", err, connect.NotFound, connect.ResourceTaskTemplate)
	if got, err := s.GetTaskTemplateVersion(ctx, "i-1", "t-1", 2); err != nil || got.Name != "Refund v2" {
		t.Errorf("GetTaskTemplateVersion(deleted, 2) = %v, %v; want the snapshot", got, err)
	}
}

func testTaskTemplateErrors(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.InsertTaskTemplate(ctx, newTemplate("i-1", "t-1", "Refund")) })
	for name, err := range map[string]error{
		"GetTaskTemplate":                 get(s.GetTaskTemplate(ctx, "i-1", "nope")),
		"GetTaskTemplate(other instance)": get(s.GetTaskTemplate(ctx, "i-2", "t-1")),
		"GetTaskTemplateByName":           get(s.GetTaskTemplateByName(ctx, "i-1", "nope")),
		"GetTaskTemplateByClientToken":    get(s.GetTaskTemplateByClientToken(ctx, "i-1", "nope")),
		"GetTaskTemplateVersion":          get(s.GetTaskTemplateVersion(ctx, "i-1", "t-1", 2)),
		"UpdateTaskTemplate(missing)": insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateTaskTemplate(ctx, newTemplate("i-1", "nope", "Other"))
		}),
		"DeleteTaskTemplate(missing)": insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.DeleteTaskTemplate(ctx, "i-2", "t-1")
		}),
	} {
		wantKind(t, name, err, connect.NotFound, connect.ResourceTaskTemplate)
	}
	dupName := newTemplate("i-1", "t-2", "Refund")
	dupName.ClientToken = "other"
	err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.InsertTaskTemplate(ctx, dupName) })
	wantKind(t, "InsertTaskTemplate(same name)", err, connect.Duplicate, connect.ResourceTaskTemplate)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertTaskTemplate(ctx, newTemplate("i-1", "t-3", "Other")) // token-t-3 is free...
	})
	if err != nil {
		t.Fatalf("InsertTaskTemplate(t-3) = %v", err)
	}
	sameToken := newTemplate("i-1", "t-4", "Fourth")
	sameToken.ClientToken = "token-t-1"
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.InsertTaskTemplate(ctx, sameToken) })
	wantKind(t, "InsertTaskTemplate(same token)", err, connect.Duplicate, connect.ResourceTaskTemplate)
	renamed := newTemplate("i-1", "t-3", "Refund")
	renamed.Version = 2
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateTaskTemplate(ctx, renamed) })
	wantKind(t, "UpdateTaskTemplate(taken name)", err, connect.Duplicate, connect.ResourceTaskTemplate)
	sameVersion := newTemplate("i-1", "t-3", "Other")
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateTaskTemplate(ctx, sameVersion) })
	wantKind(t, "UpdateTaskTemplate(existing version)", err, connect.Duplicate, connect.ResourceTaskTemplate)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertTaskTemplate(ctx, newTemplate("nope", "t-5", "Fifth"))
	})
	wantKind(t, "InsertTaskTemplate(missing instance)", err, connect.NotFound, connect.ResourceInstance)
	if err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertTaskTemplate(ctx, newTemplate("i-2", "t-1", "Refund"))
	}); err != nil {
		t.Errorf("InsertTaskTemplate(same ID, name and token, other instance) = %v, want nil", err)
	}
}

// get drops the value of a getter's result.
func get[T any](_ T, err error) error { return err }

func testListTaskTemplates(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		for i, id := range []string{"t-3", "t-1", "t-4", "t-2"} {
			tt := newTemplate("i-1", id, "name "+id)
			if i%2 == 0 {
				tt.Status = connect.TemplateInactive
			}
			if err := tx.InsertTaskTemplate(t.Context(), tt); err != nil {
				return err
			}
		}
		return tx.InsertTaskTemplate(t.Context(), newTemplate("i-2", "t-0", "name t-1"))
	})
	id := func(tt *connect.TaskTemplate) string { return tt.ID }
	for _, tc := range []struct {
		filter connect.TaskTemplateFilter
		want   []string
	}{
		{connect.TaskTemplateFilter{}, []string{"t-1", "t-2", "t-3", "t-4"}},
		{connect.TaskTemplateFilter{Status: connect.TemplateActive}, []string{"t-1", "t-2"}},
		{connect.TaskTemplateFilter{Status: connect.TemplateInactive}, []string{"t-3", "t-4"}},
		{connect.TaskTemplateFilter{Name: "name t-4"}, []string{"t-4"}},
		{connect.TaskTemplateFilter{Name: "name t-4", Status: connect.TemplateActive}, []string{}},
		{connect.TaskTemplateFilter{Name: "name"}, []string{}},
	} {
		t.Run(fmt.Sprintf("%+v", tc.filter), func(t *testing.T) {
			t.Parallel()
			got, err := s.ListTaskTemplates(t.Context(), "i-1", tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, ids(got, id)); diff != "" {
				t.Errorf("ListTaskTemplates mismatch (-want +got):\n%s", diff)
			}
		})
	}
	got, err := s.ListTaskTemplates(t.Context(), "i-2", connect.TaskTemplateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*connect.TaskTemplate{newTemplate("i-2", "t-0", "name t-1")}, got); diff != "" {
		t.Errorf("ListTaskTemplates(i-2) mismatch (-want +got):\n%s", diff)
	}
}

// testTemplatesAndQuickConnectsCascade checks tags and instance deletion for
// task templates and quick connects.
func testTemplatesAndQuickConnectsCascade(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	tt, qc := newTemplate("i-1", "t-1", "T"), newQuickConnect("i-1", "qc-1", "Q", connect.QuickConnectFlow)
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertTaskTemplate(ctx, tt), tx.InsertQuickConnect(ctx, qc))
	})
	newTags := map[string]string{"team": "blue"}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.SetTags(ctx, tt.ARN, newTags), tx.SetTags(ctx, qc.ARN, newTags))
	})
	gotT, err := s.GetTaskTemplate(ctx, "i-1", "t-1")
	if err != nil {
		t.Fatal(err)
	}
	gotQ, err := s.GetQuickConnect(ctx, "i-1", "qc-1")
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(gotT.Tags, newTags) || !cmp.Equal(gotQ.Tags, newTags) {
		t.Errorf("tags after SetTags: template %v, quick connect %v; want %v", gotT.Tags, gotQ.Tags, newTags)
	}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.DeleteInstance(ctx, "i-1") })
	for name, err := range map[string]error{
		"GetTaskTemplate":        get(s.GetTaskTemplate(ctx, "i-1", "t-1")),
		"GetTaskTemplateVersion": get(s.GetTaskTemplateVersion(ctx, "i-1", "t-1", 1)),
		"GetQuickConnect":        get(s.GetQuickConnect(ctx, "i-1", "qc-1")),
	} {
		if !connect.IsNotFound(err) {
			t.Errorf("%s after DeleteInstance = %v, want NotFound", name, err)
		}
	}
}
