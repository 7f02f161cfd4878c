package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func taskTemplateInput(in *CreateTaskTemplateRequest) (connect.TaskTemplateInput, error) {
	return connect.TaskTemplateInput{
		InstanceID: str(in.InstanceId), ClientToken: str(in.ClientToken), Name: str(in.Name),
		Description: str(in.Description), ContactFlowID: str(in.ContactFlowId), SelfAssignFlowID: str(in.SelfAssignFlowId),
		Status: str(in.Status), Fields: templateFieldsIn(in.Fields), Constraints: constraintsIn(in.Constraints),
		Defaults: defaultsIn(in.Defaults),
	}, nil
}

func (s *Server) createTaskTemplate(ctx context.Context, in *CreateTaskTemplateRequest) (any, error) {
	ci, err := taskTemplateInput(in)
	if err != nil {
		return nil, err
	}
	t, err := s.svc.CreateTaskTemplate(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateTaskTemplateResponse{Id: &t.ID, Arn: &t.ARN}, nil
}

func (s *Server) getTaskTemplate(ctx context.Context, in *GetTaskTemplateRequest) (any, error) {
	t, err := s.svc.GetTaskTemplate(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.TaskTemplateId), str(in.SnapshotVersion))
	if err != nil {
		return nil, err
	}
	return &GetTaskTemplateResponse{
		InstanceId: &t.InstanceID, Id: &t.ID, Arn: &t.ARN, Name: &t.Name, Description: ptr(t.Description),
		ContactFlowId: ptr(t.ContactFlowID), SelfAssignFlowId: ptr(t.SelfAssignFlowID),
		Constraints: constraintsOut(t.Constraints), Defaults: defaultsOut(t.Defaults), Fields: templateFieldsOut(t.Fields),
		Status: &t.Status, LastModifiedTime: ts(t.LastModified), CreatedTime: ts(t.CreatedTime), Tags: emptyToNil(t.Tags),
	}, nil
}

func (s *Server) listTaskTemplates(ctx context.Context, in *ListTaskTemplatesRequest) (any, error) {
	items, err := s.svc.ListTaskTemplates(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		connect.TaskTemplateFilter{Status: str(in.Status), Name: str(in.Name)}, str(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &ListTaskTemplatesResponse{TaskTemplates: []TaskTemplateMetadata{}}
	for _, t := range items {
		out.TaskTemplates = append(out.TaskTemplates, TaskTemplateMetadata{
			Id: &t.ID, Arn: &t.ARN, Name: &t.Name, Description: ptr(t.Description), Status: &t.Status,
			LastModifiedTime: ts(t.LastModified), CreatedTime: ts(t.CreatedTime),
		})
	}
	return out, nil
}

func (s *Server) updateTaskTemplate(ctx context.Context, in *UpdateTaskTemplateRequest) (any, error) {
	t, err := s.svc.UpdateTaskTemplate(ctx, partition(PrincipalFrom(ctx)), connect.TaskTemplateInput{
		InstanceID: str(in.InstanceId), ID: str(in.TaskTemplateId), Name: str(in.Name),
		Description: str(in.Description), ContactFlowID: str(in.ContactFlowId), SelfAssignFlowID: str(in.SelfAssignFlowId),
		Status: str(in.Status), Fields: templateFieldsIn(in.Fields), Constraints: constraintsIn(in.Constraints),
		Defaults: defaultsIn(in.Defaults),
	})
	if err != nil {
		return nil, err
	}
	return &UpdateTaskTemplateResponse{
		InstanceId: &t.InstanceID, Id: &t.ID, Arn: &t.ARN, Name: &t.Name, Description: ptr(t.Description),
		ContactFlowId: ptr(t.ContactFlowID), SelfAssignFlowId: ptr(t.SelfAssignFlowID),
		Constraints: constraintsOut(t.Constraints), Defaults: defaultsOut(t.Defaults), Fields: templateFieldsOut(t.Fields),
		Status: &t.Status, LastModifiedTime: ts(t.LastModified), CreatedTime: ts(t.CreatedTime),
	}, nil
}

func (s *Server) deleteTaskTemplate(ctx context.Context, in *DeleteTaskTemplateRequest) (any, error) {
	return nil, s.svc.DeleteTaskTemplate(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.TaskTemplateId))
}

// fieldName reads a TaskTemplateFieldIdentifier; a missing one is "".
func fieldName(id *TaskTemplateFieldIdentifier) string {
	if id == nil {
		return ""
	}
	return str(id.Name)
}

func fieldID(name string) *TaskTemplateFieldIdentifier {
	return &TaskTemplateFieldIdentifier{Name: &name}
}

func templateFieldsIn(fs []TaskTemplateField) []connect.TaskTemplateField {
	var out []connect.TaskTemplateField
	for _, f := range fs {
		out = append(out, connect.TaskTemplateField{
			Name: fieldName(f.Id), Description: str(f.Description), Type: str(f.Type), SingleSelectOptions: f.SingleSelectOptions,
		})
	}
	return out
}

func templateFieldsOut(fs []connect.TaskTemplateField) []TaskTemplateField {
	out := []TaskTemplateField{}
	for _, f := range fs {
		out = append(out, TaskTemplateField{
			Id: fieldID(f.Name), Description: ptr(f.Description), Type: ptr(f.Type), SingleSelectOptions: f.SingleSelectOptions,
		})
	}
	return out
}

func constraintsIn(c *TaskTemplateConstraints) *connect.TaskTemplateConstraints {
	if c == nil {
		return nil
	}
	out := &connect.TaskTemplateConstraints{}
	for _, f := range c.RequiredFields {
		out.Required = append(out.Required, fieldName(f.Id))
	}
	for _, f := range c.ReadOnlyFields {
		out.ReadOnly = append(out.ReadOnly, fieldName(f.Id))
	}
	for _, f := range c.InvisibleFields {
		out.Invisible = append(out.Invisible, fieldName(f.Id))
	}
	return out
}

func constraintsOut(c connect.TaskTemplateConstraints) *TaskTemplateConstraints {
	out := &TaskTemplateConstraints{}
	for _, n := range c.Required {
		out.RequiredFields = append(out.RequiredFields, RequiredFieldInfo{Id: fieldID(n)})
	}
	for _, n := range c.ReadOnly {
		out.ReadOnlyFields = append(out.ReadOnlyFields, ReadOnlyFieldInfo{Id: fieldID(n)})
	}
	for _, n := range c.Invisible {
		out.InvisibleFields = append(out.InvisibleFields, InvisibleFieldInfo{Id: fieldID(n)})
	}
	return out
}

func defaultsIn(d *TaskTemplateDefaults) []connect.TaskTemplateDefault {
	if d == nil {
		return nil
	}
	var out []connect.TaskTemplateDefault
	for _, v := range d.DefaultFieldValues {
		out = append(out, connect.TaskTemplateDefault{Field: fieldName(v.Id), Value: str(v.DefaultValue)})
	}
	return out
}

func defaultsOut(ds []connect.TaskTemplateDefault) *TaskTemplateDefaults {
	if len(ds) == 0 {
		return nil
	}
	out := &TaskTemplateDefaults{}
	for _, d := range ds {
		out.DefaultFieldValues = append(out.DefaultFieldValues, TaskTemplateDefaultFieldValue{Id: fieldID(d.Field), DefaultValue: &d.Value})
	}
	return out
}

// taskTemplateInfo is a contact's TaskTemplateInfo.
func taskTemplateInfo(t *connect.TaskTemplateInfo) *TaskTemplateInfoV2 {
	if t == nil {
		return nil
	}
	return &TaskTemplateInfoV2{Arn: &t.ARN, Name: &t.Name}
}
