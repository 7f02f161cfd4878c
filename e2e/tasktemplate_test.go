package e2e

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// Task template helpers.

func tfield(name string, typ types.TaskTemplateFieldType, options ...string) types.TaskTemplateField {
	return types.TaskTemplateField{Id: fid(name), Type: typ, SingleSelectOptions: options}
}

func fid(name string) *types.TaskTemplateFieldIdentifier {
	return &types.TaskTemplateFieldIdentifier{Name: aws.String(name)}
}

func tconstraints(required, readOnly, invisible []string) *types.TaskTemplateConstraints {
	c := &types.TaskTemplateConstraints{}
	for _, n := range required {
		c.RequiredFields = append(c.RequiredFields, types.RequiredFieldInfo{Id: fid(n)})
	}
	for _, n := range readOnly {
		c.ReadOnlyFields = append(c.ReadOnlyFields, types.ReadOnlyFieldInfo{Id: fid(n)})
	}
	for _, n := range invisible {
		c.InvisibleFields = append(c.InvisibleFields, types.InvisibleFieldInfo{Id: fid(n)})
	}
	return c
}

// tdefaults builds Defaults from name, value pairs.
func tdefaults(pairs ...string) *types.TaskTemplateDefaults {
	d := &types.TaskTemplateDefaults{}
	for i := 0; i+1 < len(pairs); i += 2 {
		d.DefaultFieldValues = append(d.DefaultFieldValues, types.TaskTemplateDefaultFieldValue{Id: fid(pairs[i]), DefaultValue: aws.String(pairs[i+1])})
	}
	return d
}

// templateInput is a minimal valid CreateTaskTemplate input (a required NAME
// field "Title", the default task flow), changed by opts.
func (s *server) templateInput(name string, opts ...func(*connect.CreateTaskTemplateInput)) *connect.CreateTaskTemplateInput {
	in := &connect.CreateTaskTemplateInput{
		InstanceId: aws.String(s.InstanceID), Name: aws.String(name), ContactFlowId: aws.String(s.TaskFlowID),
		Fields:      []types.TaskTemplateField{tfield("Title", types.TaskTemplateFieldTypeName)},
		Constraints: tconstraints([]string{"Title"}, nil, nil),
	}
	for _, o := range opts {
		o(in)
	}
	return in
}

// withFields appends fields to a template input.
func withFields(fs ...types.TaskTemplateField) func(*connect.CreateTaskTemplateInput) {
	return func(in *connect.CreateTaskTemplateInput) { in.Fields = append(in.Fields, fs...) }
}

func createTemplate(t testing.TB, c *connect.Client, s *server, name string, opts ...func(*connect.CreateTaskTemplateInput)) string {
	t.Helper()
	out, err := c.CreateTaskTemplate(ctx(t), s.templateInput(name, opts...))
	if err != nil {
		t.Fatalf("CreateTaskTemplate(%s): %v", name, err)
	}
	return aws.ToString(out.Id)
}

// wantProperties checks that err is a PropertyValidationException (400) whose
// PropertyList holds exactly the given path/reason pairs, each with a message.
func wantProperties(t testing.TB, err error, want ...[2]string) {
	t.Helper()
	wantAPIError(t, err, "PropertyValidationException", 400)
	var pve *types.PropertyValidationException
	if !errors.As(err, &pve) {
		t.Fatalf("err %T is not a *types.PropertyValidationException", err)
	}
	var got [][2]string
	for _, p := range pve.PropertyList {
		got = append(got, [2]string{aws.ToString(p.PropertyPath), string(p.Reason)})
		if aws.ToString(p.Message) == "" {
			t.Errorf("property %s has no Message", aws.ToString(p.PropertyPath))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PropertyList mismatch (-want +got):\n%s", diff)
	}
	if pve.ErrorMessage() == "" {
		t.Error("PropertyValidationException without Message")
	}
}

func TestTaskTemplateLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t, "", "--clock", "manual") // timestamps are the clock's, exactly
	c := s.client(t)
	inst := aws.String(s.InstanceID)
	qc := createQueueQuickConnect(t, c, s, "tier 2")

	// Every field type, with constraints and a default of each kind.
	all := []types.TaskTemplateField{
		tfield("Title", types.TaskTemplateFieldTypeName),
		{Id: fid("Details"), Type: types.TaskTemplateFieldTypeDescription, Description: aws.String("what to do")},
		tfield("When", types.TaskTemplateFieldTypeScheduledTime),
		tfield("Assign", types.TaskTemplateFieldTypeQuickConnect),
		tfield("Link", types.TaskTemplateFieldTypeUrl),
		tfield("Amount", types.TaskTemplateFieldTypeNumber),
		tfield("Note", types.TaskTemplateFieldTypeText),
		tfield("Story", types.TaskTemplateFieldTypeTextArea),
		tfield("Due", types.TaskTemplateFieldTypeDateTime),
		tfield("Urgent", types.TaskTemplateFieldTypeBoolean),
		tfield("Tier", types.TaskTemplateFieldTypeSingleSelect, "gold", "silver"),
		tfield("Mail", types.TaskTemplateFieldTypeEmail),
		tfield("Mine", types.TaskTemplateFieldTypeSelfAssign),
		tfield("Expiry", types.TaskTemplateFieldTypeExpiryDuration),
	}
	cons := tconstraints([]string{"Title", "Amount"}, []string{"Link"}, []string{"Mine"})
	defs := tdefaults("Assign", qc, "Link", "https://example.com/kb", "Amount", "10.5", "Note", "n", "Story", "s",
		"Due", "1767290400", "Urgent", "false", "Tier", "gold", "Mail", "a@example.com", "Mine", "true", "Expiry", "1440")
	createdAt, _ := s.clock(t)
	created, err := c.CreateTaskTemplate(ctx(t), &connect.CreateTaskTemplateInput{
		InstanceId: inst, Name: aws.String("Everything"), Description: aws.String("all field types"),
		ContactFlowId: aws.String(s.TaskFlowID), SelfAssignFlowId: aws.String(s.TaskFlowID),
		Fields: all, Constraints: cons, Defaults: defs,
	})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(created.Id)
	if !strings.HasSuffix(aws.ToString(created.Arn), ":instance/"+s.InstanceID+"/task-template/"+id) {
		t.Errorf("ARN = %s", aws.ToString(created.Arn))
	}

	got, err := c.GetTaskTemplate(ctx(t), &connect.GetTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id})
	if err != nil {
		t.Fatal(err)
	}
	ignore := cmp.Exporter(func(reflect.Type) bool { return true }) // the SDK's types have an unexported marker field
	if aws.ToString(got.Name) != "Everything" || aws.ToString(got.Description) != "all field types" ||
		aws.ToString(got.ContactFlowId) != s.TaskFlowID || aws.ToString(got.SelfAssignFlowId) != s.TaskFlowID ||
		got.Status != types.TaskTemplateStatusActive || aws.ToString(got.InstanceId) != s.InstanceID ||
		aws.ToString(got.Arn) != aws.ToString(created.Arn) || !got.CreatedTime.Equal(createdAt) || !got.LastModifiedTime.Equal(*got.CreatedTime) {
		t.Errorf("GetTaskTemplate = %+v", got)
	}
	for _, d := range []struct {
		name      string
		want, got any
	}{{"Fields", all, got.Fields}, {"Constraints", cons, got.Constraints}, {"Defaults", defs, got.Defaults}} {
		if diff := cmp.Diff(d.want, d.got, ignore); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", d.name, diff)
		}
	}

	// List: one page; status and name filters.
	inactive := createTemplate(t, c, s, "Inactive", func(in *connect.CreateTaskTemplateInput) { in.Status = types.TaskTemplateStatusInactive })
	list := func(in *connect.ListTaskTemplatesInput) []string {
		t.Helper()
		in.InstanceId = inst
		out, err := c.ListTaskTemplates(ctx(t), in)
		if err != nil {
			t.Fatal(err)
		}
		if out.NextToken != nil {
			t.Errorf("NextToken = %q, want none", aws.ToString(out.NextToken))
		}
		var names []string
		for _, m := range out.TaskTemplates {
			names = append(names, aws.ToString(m.Name)+":"+string(m.Status))
			if aws.ToString(m.Id) == id && (aws.ToString(m.Description) != "all field types" || m.CreatedTime == nil || m.LastModifiedTime == nil || aws.ToString(m.Arn) == "") {
				t.Errorf("metadata = %+v", m)
			}
		}
		return names
	}
	sorted := func(l ...string) []string { return l }
	if got := list(&connect.ListTaskTemplatesInput{}); len(got) != 2 {
		t.Errorf("ListTaskTemplates = %q, want both", got)
	}
	if got := list(&connect.ListTaskTemplatesInput{Status: types.TaskTemplateStatusActive}); !cmp.Equal(got, sorted("Everything:ACTIVE")) {
		t.Errorf("ACTIVE = %q", got)
	}
	if got := list(&connect.ListTaskTemplatesInput{Status: types.TaskTemplateStatusInactive}); !cmp.Equal(got, sorted("Inactive:INACTIVE")) {
		t.Errorf("INACTIVE = %q", got)
	}
	if got := list(&connect.ListTaskTemplatesInput{Name: aws.String("Inactive")}); !cmp.Equal(got, sorted("Inactive:INACTIVE")) {
		t.Errorf("name Inactive = %q", got)
	}
	if got := list(&connect.ListTaskTemplatesInput{Name: aws.String("inactive")}); len(got) != 0 {
		t.Errorf("name inactive = %q, want none (names match exactly)", got)
	}
	if got := list(&connect.ListTaskTemplatesInput{MaxResults: aws.Int32(1)}); len(got) != 2 {
		t.Errorf("MaxResults 1 = %q, want both: the list is one page", got)
	}
	// The status filter is case-sensitive, as in Amazon Connect.
	_, err = c.ListTaskTemplates(ctx(t), &connect.ListTaskTemplatesInput{InstanceId: inst, Status: "active"})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListTaskTemplates(ctx(t), &connect.ListTaskTemplatesInput{InstanceId: inst, NextToken: aws.String("x")})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = c.ListTaskTemplates(ctx(t), &connect.ListTaskTemplatesInput{InstanceId: inst, MaxResults: aws.Int32(101)})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListTaskTemplates(ctx(t), &connect.ListTaskTemplatesInput{InstanceId: aws.String(missingID)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// UpdateTaskTemplate replaces everything; the first snapshot stays readable.
	updatedAt, _ := s.advance(t, 5*time.Millisecond)
	upd, err := c.UpdateTaskTemplate(ctx(t), &connect.UpdateTaskTemplateInput{
		InstanceId: inst, TaskTemplateId: &id, Name: aws.String("Renamed"), Status: types.TaskTemplateStatusInactive,
		ContactFlowId: aws.String(s.TaskFlowID), Fields: all[:1], Constraints: tconstraints([]string{"Title"}, nil, nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(upd.Name) != "Renamed" || upd.Status != types.TaskTemplateStatusInactive || upd.Description != nil ||
		upd.SelfAssignFlowId != nil || len(upd.Fields) != 1 || upd.Defaults != nil || aws.ToString(upd.Id) != id ||
		!upd.CreatedTime.Equal(*got.CreatedTime) || !upd.LastModifiedTime.After(*got.LastModifiedTime) || !upd.LastModifiedTime.Equal(updatedAt) {
		t.Errorf("UpdateTaskTemplate = %+v", upd)
	}
	now, err := c.GetTaskTemplate(ctx(t), &connect.GetTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id})
	if err != nil || aws.ToString(now.Name) != "Renamed" || len(now.Fields) != 1 {
		t.Errorf("GetTaskTemplate after update = %+v, %v", now, err)
	}
	v1, err := c.GetTaskTemplate(ctx(t), &connect.GetTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id, SnapshotVersion: aws.String("1")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(v1.Name) != "Everything" || len(v1.Fields) != len(all) || !v1.LastModifiedTime.Equal(*got.LastModifiedTime) {
		t.Errorf("snapshot 1 = %+v", v1)
	}
	_, err = c.GetTaskTemplate(ctx(t), &connect.GetTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id, SnapshotVersion: aws.String("3")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// UpdateTaskTemplate is a full update: Status, Name, Fields and Constraints are needed again.
	_, err = c.UpdateTaskTemplate(ctx(t), &connect.UpdateTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id, Name: aws.String("x")})
	wantProperties(t, err, [2]string{"Status", "REQUIRED_PROPERTY_MISSING"}, [2]string{"Fields", "REQUIRED_PROPERTY_MISSING"},
		[2]string{"ContactFlowId", "REQUIRED_PROPERTY_MISSING"}, [2]string{"Constraints", "REQUIRED_PROPERTY_MISSING"})
	_, err = c.UpdateTaskTemplate(ctx(t), &connect.UpdateTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id,
		Name: aws.String("Inactive"), Status: types.TaskTemplateStatusActive, ContactFlowId: aws.String(s.TaskFlowID),
		Fields: all[:1], Constraints: tconstraints([]string{"Title"}, nil, nil)})
	wantProperties(t, err, [2]string{"Name", "RESOURCE_NAME_ALREADY_EXISTS"})
	_, err = c.UpdateTaskTemplate(ctx(t), &connect.UpdateTaskTemplateInput{InstanceId: inst, TaskTemplateId: aws.String(missingID),
		Status: types.TaskTemplateStatusActive})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// Tags.
	arn := aws.ToString(created.Arn)
	if _, err := c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{"team": "blue"}}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetTaskTemplate(ctx(t), &connect.GetTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id}); err != nil || got.Tags["team"] != "blue" {
		t.Errorf("tags = %v, %v", got.Tags, err)
	}
	if tags, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &arn}); err != nil || tags.Tags["team"] != "blue" {
		t.Errorf("ListTagsForResource = %v, %v", tags, err)
	}

	// Delete.
	if _, err := c.DeleteTaskTemplate(ctx(t), &connect.DeleteTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetTaskTemplate(ctx(t), &connect.GetTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.GetTaskTemplate(ctx(t), &connect.GetTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id, SnapshotVersion: aws.String("1")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeleteTaskTemplate(ctx(t), &connect.DeleteTaskTemplateInput{InstanceId: inst, TaskTemplateId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if got := list(&connect.ListTaskTemplatesInput{}); !cmp.Equal(got, sorted("Inactive:INACTIVE")) {
		t.Errorf("after delete = %q", got)
	}
	_ = inactive
	_, err = c.GetTaskTemplate(ctx(t), &connect.GetTaskTemplateInput{InstanceId: aws.String(missingID), TaskTemplateId: &inactive})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// TestTaskTemplateValidation checks each property rule of CreateTaskTemplate:
// the error type, status and PropertyList.
func TestTaskTemplateValidation(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	createTemplate(t, c, s, "Taken")
	phone, err := c.CreateQuickConnect(ctx(t), &connect.CreateQuickConnectInput{InstanceId: aws.String(s.InstanceID),
		Name: aws.String("pager"), QuickConnectConfig: &types.QuickConnectConfig{QuickConnectType: types.QuickConnectTypePhoneNumber,
			PhoneConfig: &types.PhoneNumberQuickConnectConfig{PhoneNumber: aws.String("+15555550100")}}})
	if err != nil {
		t.Fatal(err)
	}
	type in = connect.CreateTaskTemplateInput
	withDefault := func(field types.TaskTemplateField, value string) func(*in) {
		return func(i *in) {
			i.Fields = append(i.Fields, field)
			i.Defaults = tdefaults(aws.ToString(field.Id.Name), value)
		}
	}
	const dv = "Defaults.DefaultFieldValues[0].DefaultValue"
	tests := []struct {
		name   string
		change func(*in)
		want   [][2]string // nil: the template is valid
	}{
		{name: "valid"},
		{name: "no NAME field", change: func(i *in) {
			i.Fields = []types.TaskTemplateField{tfield("Title", types.TaskTemplateFieldTypeText)}
		}, want: [][2]string{{"Fields", "REQUIRED_PROPERTY_MISSING"}, {"Constraints.RequiredFields", "REQUIRED_PROPERTY_MISSING"}}},
		{name: "two NAME fields", change: withFields(tfield("Other", types.TaskTemplateFieldTypeName)),
			want: [][2]string{{"Fields[1].Type", "UNIQUE_CONSTRAINT_VIOLATED"}}},
		{name: "two DESCRIPTION fields", change: withFields(tfield("D1", types.TaskTemplateFieldTypeDescription), tfield("D2", types.TaskTemplateFieldTypeDescription)),
			want: [][2]string{{"Fields[2].Type", "UNIQUE_CONSTRAINT_VIOLATED"}}},
		{name: "same field name twice", change: withFields(tfield("Title", types.TaskTemplateFieldTypeText)),
			want: [][2]string{{"Fields[1].Id.Name", "UNIQUE_CONSTRAINT_VIOLATED"}}},
		{name: "field without type", change: withFields(types.TaskTemplateField{Id: fid("Untyped")}),
			want: [][2]string{{"Fields[1].Type", "REQUIRED_PROPERTY_MISSING"}}},
		{name: "field without name", change: withFields(types.TaskTemplateField{Id: &types.TaskTemplateFieldIdentifier{}, Type: types.TaskTemplateFieldTypeText}),
			want: [][2]string{{"Fields[1].Id.Name", "REQUIRED_PROPERTY_MISSING"}}},
		{name: "no constraints", change: func(i *in) { i.Constraints = nil },
			want: [][2]string{{"Constraints", "REQUIRED_PROPERTY_MISSING"}}},
		{name: "NAME field not required", change: func(i *in) { i.Constraints = tconstraints(nil, []string{"Title"}, nil) },
			want: [][2]string{{"Constraints.RequiredFields", "REQUIRED_PROPERTY_MISSING"}}},
		{name: "constraint names no field", change: func(i *in) {
			i.Constraints = tconstraints([]string{"Title", "Ghost"}, []string{"Ghost2"}, []string{"Ghost3"})
		}, want: [][2]string{{"Constraints.RequiredFields[1].Id.Name", "REFERENCED_RESOURCE_NOT_FOUND"},
			{"Constraints.ReadOnlyFields[0].Id.Name", "REFERENCED_RESOURCE_NOT_FOUND"},
			{"Constraints.InvisibleFields[0].Id.Name", "REFERENCED_RESOURCE_NOT_FOUND"}}},
		{name: "no flow and no QUICK_CONNECT field", change: func(i *in) { i.ContactFlowId = nil },
			want: [][2]string{{"ContactFlowId", "REQUIRED_PROPERTY_MISSING"}}},
		{name: "no flow, a QUICK_CONNECT field", change: func(i *in) {
			i.ContactFlowId = nil
			i.Fields = append(i.Fields, tfield("Assign", types.TaskTemplateFieldTypeQuickConnect))
		}},
		{name: "flow by ARN", change: func(i *in) {
			i.ContactFlowId = aws.String("arn:aws:connect:us-east-1:000000000000:instance/" + s.InstanceID + "/contact-flow/" + s.TaskFlowID)
		}},
		{name: "flow ARN of another instance", change: func(i *in) {
			i.ContactFlowId = aws.String("arn:aws:connect:us-east-1:000000000000:instance/" + missingID + "/contact-flow/" + s.TaskFlowID)
		}, want: [][2]string{{"ContactFlowId", "REFERENCED_RESOURCE_NOT_FOUND"}}},
		{name: "unknown flow", change: func(i *in) { i.ContactFlowId = aws.String(missingID) },
			want: [][2]string{{"ContactFlowId", "REFERENCED_RESOURCE_NOT_FOUND"}}},
		{name: "unknown self-assign flow", change: func(i *in) { i.SelfAssignFlowId = aws.String(missingID) },
			want: [][2]string{{"SelfAssignFlowId", "REFERENCED_RESOURCE_NOT_FOUND"}}},
		{name: "name taken", change: func(i *in) { i.Name = aws.String("Taken") },
			want: [][2]string{{"Name", "RESOURCE_NAME_ALREADY_EXISTS"}}},
		{name: "default of no field", change: func(i *in) { i.Defaults = tdefaults("Ghost", "x") },
			want: [][2]string{{"Defaults.DefaultFieldValues[0].Id.Name", "REFERENCED_RESOURCE_NOT_FOUND"}}},
		{name: "two defaults of a field", change: func(i *in) { i.Defaults = tdefaults("Title", "a", "Title", "b") },
			want: [][2]string{{"Defaults.DefaultFieldValues[1].Id.Name", "UNIQUE_CONSTRAINT_VIOLATED"}}},
		{name: "SINGLE_SELECT without options", change: withFields(tfield("Tier", types.TaskTemplateFieldTypeSingleSelect)),
			want: [][2]string{{"Fields[1].SingleSelectOptions", "REQUIRED_PROPERTY_MISSING"}}},
		{name: "SINGLE_SELECT repeated option", change: withFields(tfield("Tier", types.TaskTemplateFieldTypeSingleSelect, "a", "a")),
			want: [][2]string{{"Fields[1].SingleSelectOptions[1]", "UNIQUE_CONSTRAINT_VIOLATED"}}},
		{name: "options on a NUMBER field", change: withFields(tfield("N", types.TaskTemplateFieldTypeNumber, "1")),
			want: [][2]string{{"Fields[1].SingleSelectOptions", "NOT_SUPPORTED"}}},
		// A default value of each field type, valid and not.
		{name: "NAME default", change: func(i *in) { i.Defaults = tdefaults("Title", "A task") }},
		{name: "NAME default too long", change: func(i *in) { i.Defaults = tdefaults("Title", strings.Repeat("x", 1025)) },
			want: [][2]string{{dv, "INVALID_FORMAT"}}},
		{name: "DESCRIPTION default", change: withDefault(tfield("D", types.TaskTemplateFieldTypeDescription), strings.Repeat("x", 4096))},
		{name: "SCHEDULED_TIME default", change: withDefault(tfield("W", types.TaskTemplateFieldTypeScheduledTime), "1767290400"),
			want: [][2]string{{dv, "NOT_SUPPORTED"}}},
		{name: "QUICK_CONNECT default unknown", change: withDefault(tfield("A", types.TaskTemplateFieldTypeQuickConnect), missingID),
			want: [][2]string{{dv, "REFERENCED_RESOURCE_NOT_FOUND"}}},
		{name: "QUICK_CONNECT default a phone number", change: withDefault(tfield("A", types.TaskTemplateFieldTypeQuickConnect), aws.ToString(phone.QuickConnectId)),
			want: [][2]string{{dv, "NOT_SUPPORTED"}}},
		{name: "URL default", change: withDefault(tfield("U", types.TaskTemplateFieldTypeUrl), "https://example.com")},
		{name: "URL default not a URL", change: withDefault(tfield("U", types.TaskTemplateFieldTypeUrl), "example"),
			want: [][2]string{{dv, "TYPE_MISMATCH"}}},
		{name: "NUMBER default", change: withDefault(tfield("N", types.TaskTemplateFieldTypeNumber), "-3.25")},
		{name: "NUMBER default not a number", change: withDefault(tfield("N", types.TaskTemplateFieldTypeNumber), "three"),
			want: [][2]string{{dv, "TYPE_MISMATCH"}}},
		{name: "TEXT default 511 characters", change: withDefault(tfield("T", types.TaskTemplateFieldTypeText), strings.Repeat("é", 511))},
		{name: "TEXT default 512 characters", change: withDefault(tfield("T", types.TaskTemplateFieldTypeText), strings.Repeat("é", 512)),
			want: [][2]string{{dv, "INVALID_FORMAT"}}},
		{name: "TEXT_AREA default 4096 characters", change: withDefault(tfield("T", types.TaskTemplateFieldTypeTextArea), strings.Repeat("x", 4096)),
			want: [][2]string{{dv, "INVALID_FORMAT"}}},
		{name: "DATE_TIME default", change: withDefault(tfield("D", types.TaskTemplateFieldTypeDateTime), "1767290400")},
		{name: "DATE_TIME default not epoch", change: withDefault(tfield("D", types.TaskTemplateFieldTypeDateTime), "2026-01-01T00:00:00Z"),
			want: [][2]string{{dv, "TYPE_MISMATCH"}}},
		{name: "BOOLEAN default", change: withDefault(tfield("B", types.TaskTemplateFieldTypeBoolean), "true")},
		{name: "BOOLEAN default not boolean", change: withDefault(tfield("B", types.TaskTemplateFieldTypeBoolean), "yes"),
			want: [][2]string{{dv, "TYPE_MISMATCH"}}},
		{name: "SINGLE_SELECT default", change: withDefault(tfield("S", types.TaskTemplateFieldTypeSingleSelect, "a", "b"), "b")},
		{name: "SINGLE_SELECT default not an option", change: withDefault(tfield("S", types.TaskTemplateFieldTypeSingleSelect, "a", "b"), "c"),
			want: [][2]string{{dv, "INVALID_FORMAT"}}},
		{name: "EMAIL default", change: withDefault(tfield("E", types.TaskTemplateFieldTypeEmail), "jane@example.com")},
		{name: "EMAIL default not an address", change: withDefault(tfield("E", types.TaskTemplateFieldTypeEmail), "jane"),
			want: [][2]string{{dv, "TYPE_MISMATCH"}}},
		{name: "SELF_ASSIGN default not boolean", change: withDefault(tfield("M", types.TaskTemplateFieldTypeSelfAssign), "me"),
			want: [][2]string{{dv, "TYPE_MISMATCH"}}},
		{name: "EXPIRY_DURATION default", change: withDefault(tfield("X", types.TaskTemplateFieldTypeExpiryDuration), "129600")},
		{name: "EXPIRY_DURATION default too long", change: withDefault(tfield("X", types.TaskTemplateFieldTypeExpiryDuration), "129601"),
			want: [][2]string{{dv, "INVALID_FORMAT"}}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := s.templateInput(fmt.Sprintf("template %d", i))
			if tc.change != nil {
				tc.change(in)
			}
			_, err := c.CreateTaskTemplate(ctx(t), in)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("CreateTaskTemplate: %v", err)
				}
				return
			}
			wantProperties(t, err, tc.want...)
		})
	}

	// Model constraints and missing resources answer the operation's other errors.
	t.Run("model constraints", func(t *testing.T) {
		t.Parallel()
		_, err := c.CreateTaskTemplate(ctx(t), s.templateInput(strings.Repeat("n", 101)))
		wantAPIError(t, err, "InvalidParameterException", 400)
		_, err = c.CreateTaskTemplate(ctx(t), s.templateInput("bad type", withFields(tfield("x", "PHONE"))))
		wantAPIError(t, err, "InvalidParameterException", 400)
		_, err = c.CreateTaskTemplate(ctx(t), s.templateInput("bad status", func(i *in) { i.Status = "active" }))
		wantAPIError(t, err, "InvalidParameterException", 400)
		bad := s.templateInput("unknown instance")
		bad.InstanceId = aws.String(missingID)
		_, err = c.CreateTaskTemplate(ctx(t), bad)
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
}

// TestStartTaskContactWithTemplate checks how a template shapes a new task.
func TestStartTaskContactWithTemplate(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	tpl := createTemplate(t, c, s, "Refund", withFields(
		tfield("Details", types.TaskTemplateFieldTypeDescription),
		tfield("Order", types.TaskTemplateFieldTypeNumber),
		tfield("Tier", types.TaskTemplateFieldTypeSingleSelect, "gold", "silver"),
		tfield("Urgent", types.TaskTemplateFieldTypeBoolean),
		tfield("Due", types.TaskTemplateFieldTypeDateTime),
		tfield("Source", types.TaskTemplateFieldTypeUrl),
		tfield("Note", types.TaskTemplateFieldTypeText),
	), func(in *connect.CreateTaskTemplateInput) {
		in.Constraints = tconstraints([]string{"Title", "Order", "Tier"}, []string{"Source"}, []string{"Urgent"})
		in.Defaults = tdefaults("Details", "Refund the order", "Tier", "silver", "Source", "https://example.com/refunds")
	})
	inactive := createTemplate(t, c, s, "Old", func(in *connect.CreateTaskTemplateInput) { in.Status = types.TaskTemplateStatusInactive })
	noFlow := createTemplate(t, c, s, "No flow", withFields(tfield("Assign", types.TaskTemplateFieldTypeQuickConnect)),
		func(in *connect.CreateTaskTemplateInput) { in.ContactFlowId = nil })
	order := map[string]types.Reference{"Order": ref(types.ReferenceTypeNumber, "1001")}
	with := func(extra map[string]types.Reference) map[string]types.Reference {
		out := map[string]types.Reference{"Order": ref(types.ReferenceTypeNumber, "1001")}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}

	t.Run("defaults fill the task", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "refund 1001", func(in *connect.StartTaskContactInput) {
			in.ContactFlowId, in.TaskTemplateId, in.References = nil, aws.String(tpl), order
		})
		got := describe(t, c, s, id)
		if aws.ToString(got.Description) != "Refund the order" || got.TaskTemplateInfo == nil ||
			aws.ToString(got.TaskTemplateInfo.Name) != "Refund" || !strings.HasSuffix(aws.ToString(got.TaskTemplateInfo.Arn), "/task-template/"+tpl) {
			t.Errorf("DescribeContact = Description %q, TaskTemplateInfo %+v", aws.ToString(got.Description), got.TaskTemplateInfo)
		}
		refs := listRefs(t, c, s, id)
		want := map[string]typedValue{
			"Order":  {types.ReferenceTypeNumber, "1001"},
			"Tier":   {types.ReferenceTypeString, "silver"},
			"Source": {types.ReferenceTypeUrl, "https://example.com/refunds"},
		}
		if diff := cmp.Diff(want, refs); diff != "" {
			t.Errorf("references mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("the request's flow runs instead", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "with flow", func(in *connect.StartTaskContactInput) {
			in.TaskTemplateId, in.References = aws.String(tpl), with(map[string]types.Reference{"Tier": ref(types.ReferenceTypeString, "gold")})
		})
		if got := describe(t, c, s, id); got.TaskTemplateInfo == nil {
			t.Error("no TaskTemplateInfo")
		}
		if refs := listRefs(t, c, s, id); refs["Tier"].Value != "gold" {
			t.Errorf("Tier = %v, want the request's gold", refs["Tier"])
		}
	})
	t.Run("task without template", func(t *testing.T) {
		t.Parallel()
		if got := describe(t, c, s, startTask(t, c, s, "plain")); got.TaskTemplateInfo != nil {
			t.Errorf("TaskTemplateInfo = %+v, want none", got.TaskTemplateInfo)
		}
	})

	tests := []struct {
		name        string
		template    string
		flow        *string
		taskName    string
		description *string
		refs        map[string]types.Reference
		code        string
		status      int
	}{
		{name: "required reference missing", template: tpl, code: "InvalidRequestException", status: 400},
		{name: "required reference empty", template: tpl, refs: map[string]types.Reference{"Order": ref(types.ReferenceTypeNumber, "")},
			code: "InvalidRequestException", status: 400},
		{name: "required name empty", template: tpl, taskName: "-", refs: order, code: "InvalidRequestException", status: 400},
		{name: "reference of the wrong type", template: tpl, refs: map[string]types.Reference{"Order": ref(types.ReferenceTypeString, "1001")},
			code: "InvalidRequestException", status: 400},
		{name: "SINGLE_SELECT value not an option", template: tpl, refs: with(map[string]types.Reference{"Tier": ref(types.ReferenceTypeString, "bronze")}),
			code: "InvalidRequestException", status: 400},
		{name: "BOOLEAN value not boolean", template: tpl, refs: with(map[string]types.Reference{"Urgent": ref(types.ReferenceTypeString, "yes")}),
			code: "InvalidRequestException", status: 400},
		{name: "BOOLEAN value", template: tpl, refs: with(map[string]types.Reference{"Urgent": ref(types.ReferenceTypeString, "true")})},
		{name: "DATE_TIME as STRING", template: tpl, refs: with(map[string]types.Reference{"Due": ref(types.ReferenceTypeString, "1767290400")}),
			code: "InvalidRequestException", status: 400},
		{name: "DATE_TIME value", template: tpl, refs: with(map[string]types.Reference{"Due": ref(types.ReferenceTypeDate, "1767290400")})},
		{name: "TEXT of 512 characters", template: tpl, refs: with(map[string]types.Reference{"Note": ref(types.ReferenceTypeString, strings.Repeat("x", 512))}),
			code: "InvalidRequestException", status: 400},
		{name: "read-only field set", template: tpl, refs: with(map[string]types.Reference{"Source": ref(types.ReferenceTypeUrl, "https://example.com/mine")}),
			code: "InvalidRequestException", status: 400},
		{name: "other references are free", template: tpl, refs: with(map[string]types.Reference{"extra": ref(types.ReferenceTypeEmail, "a@example.com")})},
		{name: "description given", template: tpl, refs: order, description: aws.String("mine")},
		{name: "inactive template", template: inactive, code: "InvalidRequestException", status: 400},
		{name: "unknown template", template: missingID, code: "ResourceNotFoundException", status: 404},
		{name: "template without a flow", template: noFlow, code: "InvalidRequestException", status: 400},
		{name: "template without a flow, request names one", template: noFlow, flow: aws.String(s.TaskFlowID)},
		{name: "template and unknown flow", template: tpl, refs: order, flow: aws.String(missingID), code: "ResourceNotFoundException", status: 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			name := tc.name
			if tc.taskName == "-" {
				name = ""
			}
			_, err := c.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: aws.String(s.InstanceID),
				Name: aws.String(name), Description: tc.description, TaskTemplateId: aws.String(tc.template),
				ContactFlowId: tc.flow, References: tc.refs})
			if tc.code == "" {
				if err != nil {
					t.Fatalf("StartTaskContact: %v", err)
				}
				return
			}
			wantAPIError(t, err, tc.code, tc.status)
		})
	}
}

func listRefs(t *testing.T, c *connect.Client, s *server, id string) map[string]typedValue {
	t.Helper()
	out, err := c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{
		InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id), ReferenceTypes: listableTypes})
	if err != nil {
		t.Fatal(err)
	}
	return referenceMap(t, out.ReferenceSummaryList)
}

// TestUpdateContactWithTemplate checks that UpdateContact keeps a task within
// its template's constraints.
func TestUpdateContactWithTemplate(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	tpl := createTemplate(t, c, s, "Constrained", withFields(
		tfield("Details", types.TaskTemplateFieldTypeDescription),
		tfield("Order", types.TaskTemplateFieldTypeNumber),
		tfield("Tier", types.TaskTemplateFieldTypeSingleSelect, "gold", "silver"),
	), func(in *connect.CreateTaskTemplateInput) {
		in.Constraints = tconstraints([]string{"Title", "Order"}, []string{"Details"}, nil)
		in.Defaults = tdefaults("Details", "fixed")
	})
	id := startTask(t, c, s, "task", func(in *connect.StartTaskContactInput) {
		in.ContactFlowId, in.TaskTemplateId = nil, aws.String(tpl)
		in.References = map[string]types.Reference{"Order": ref(types.ReferenceTypeNumber, "7")}
	})
	tests := []struct {
		name string
		in   connect.UpdateContactInput
		ok   bool
	}{
		{name: "rename", in: connect.UpdateContactInput{Name: aws.String("renamed")}, ok: true},
		{name: "change a value", in: connect.UpdateContactInput{References: map[string]types.Reference{"Order": ref(types.ReferenceTypeNumber, "8")}}, ok: true},
		{name: "set an option", in: connect.UpdateContactInput{References: map[string]types.Reference{"Tier": ref(types.ReferenceTypeString, "gold")}}, ok: true},
		{name: "a reference of no field", in: connect.UpdateContactInput{References: map[string]types.Reference{"x": ref(types.ReferenceTypeString, "y")}}, ok: true},
		{name: "empty the required name", in: connect.UpdateContactInput{Name: aws.String("")}},
		{name: "empty a required reference", in: connect.UpdateContactInput{References: map[string]types.Reference{"Order": ref(types.ReferenceTypeNumber, "")}}},
		{name: "a reference of the wrong type", in: connect.UpdateContactInput{References: map[string]types.Reference{"Order": ref(types.ReferenceTypeString, "9")}}},
		{name: "a value not an option", in: connect.UpdateContactInput{References: map[string]types.Reference{"Tier": ref(types.ReferenceTypeString, "bronze")}}},
		{name: "set a read-only field", in: connect.UpdateContactInput{Description: aws.String("changed")}},
	}
	for _, tc := range tests {
		// Serial: the cases update one contact.
		in := tc.in
		in.InstanceId, in.ContactId = aws.String(s.InstanceID), aws.String(id)
		_, err := c.UpdateContact(ctx(t), &in)
		if tc.ok {
			if err != nil {
				t.Errorf("%s: UpdateContact: %v", tc.name, err)
			}
			continue
		}
		if apiCode(err) != "InvalidRequestException" {
			t.Errorf("%s: err = %v, want InvalidRequestException", tc.name, err)
		}
		wantAPIError(t, err, "InvalidRequestException", 400)
	}
	got := describe(t, c, s, id)
	if aws.ToString(got.Name) != "renamed" || aws.ToString(got.Description) != "fixed" {
		t.Errorf("after updates: Name %q Description %q", aws.ToString(got.Name), aws.ToString(got.Description))
	}
	if refs := listRefs(t, c, s, id); refs["Order"].Value != "8" || refs["Tier"].Value != "gold" {
		t.Errorf("after updates: references %v", refs)
	}
}
