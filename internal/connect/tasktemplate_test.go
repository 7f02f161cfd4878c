package connect

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// validTemplate is a template with one field of every type, which passes
// checkTaskTemplate; tests break one property at a time.
func validTemplate() *TaskTemplate {
	return &TaskTemplate{
		Name: "Everything", Status: TemplateActive, ContactFlowID: "flow-1",
		Fields: []TaskTemplateField{
			{Name: "Title", Type: FieldName},
			{Name: "Details", Type: FieldDescription},
			{Name: "When", Type: FieldScheduledTime},
			{Name: "Assign", Type: FieldQuickConnect},
			{Name: "Link", Type: FieldURL},
			{Name: "Amount", Type: FieldNumber},
			{Name: "Note", Type: FieldText},
			{Name: "Story", Type: FieldTextArea},
			{Name: "Due", Type: FieldDateTime},
			{Name: "Urgent", Type: FieldBoolean},
			{Name: "Tier", Type: FieldSingleSelect, SingleSelectOptions: []string{"gold", "silver"}},
			{Name: "Mail", Type: FieldEmail},
			{Name: "Mine", Type: FieldSelfAssign},
			{Name: "Expiry", Type: FieldExpiryDuration},
		},
		Constraints: TaskTemplateConstraints{Required: []string{"Title"}, ReadOnly: []string{"Link"}, Invisible: []string{"Mine"}},
		Defaults: []TaskTemplateDefault{
			{Field: "Title", Value: "A task"}, {Field: "Details", Value: "details"}, {Field: "Assign", Value: "qc-1"},
			{Field: "Link", Value: "https://example.com/a"}, {Field: "Amount", Value: "-1.5e3"}, {Field: "Note", Value: "n"},
			{Field: "Story", Value: "s"}, {Field: "Due", Value: "1767290400"}, {Field: "Urgent", Value: "false"},
			{Field: "Tier", Value: "gold"}, {Field: "Mail", Value: "a@example.com"}, {Field: "Mine", Value: "true"},
			{Field: "Expiry", Value: "1440"},
		},
	}
}

// TestCheckTaskTemplate covers each template rule, and each field type's
// default value, one broken property per case.
func TestCheckTaskTemplate(t *testing.T) {
	t.Parallel()
	setDefault := func(field, v string) func(*TaskTemplate) {
		return func(tt *TaskTemplate) {
			for i := range tt.Defaults {
				if tt.Defaults[i].Field == field {
					tt.Defaults[i].Value = v
				}
			}
		}
	}
	addField := func(f TaskTemplateField) func(*TaskTemplate) {
		return func(tt *TaskTemplate) { tt.Fields = append(tt.Fields, f) }
	}
	const d = "Defaults.DefaultFieldValues"
	tests := []struct {
		name           string
		change         func(*TaskTemplate)
		noConstraints  bool
		path, reason   string // of the one problem expected; "" for none
		moreProblemsOK bool
	}{
		{name: "valid"},
		{name: "no name", change: func(tt *TaskTemplate) { tt.Name = "" }, path: "Name", reason: ReasonRequiredPropertyMissing},
		{name: "no status", change: func(tt *TaskTemplate) { tt.Status = "" }, path: "Status", reason: ReasonRequiredPropertyMissing},
		{name: "bad status", change: func(tt *TaskTemplate) { tt.Status = "active" }, path: "Status", reason: ReasonInvalidFormat},
		{name: "inactive", change: func(tt *TaskTemplate) { tt.Status = TemplateInactive }},
		// Fields.
		{name: "no NAME field", change: func(tt *TaskTemplate) { tt.Fields[0].Type = FieldText },
			path: "Fields", reason: ReasonRequiredPropertyMissing, moreProblemsOK: true},
		{name: "two NAME fields", change: addField(TaskTemplateField{Name: "Title2", Type: FieldName}),
			path: "Fields[14].Type", reason: ReasonUniqueConstraintViolated},
		{name: "two DESCRIPTION fields", change: addField(TaskTemplateField{Name: "D2", Type: FieldDescription}),
			path: "Fields[14].Type", reason: ReasonUniqueConstraintViolated},
		{name: "two SCHEDULED_TIME fields", change: addField(TaskTemplateField{Name: "W2", Type: FieldScheduledTime}),
			path: "Fields[14].Type", reason: ReasonUniqueConstraintViolated},
		{name: "two QUICK_CONNECT fields", change: addField(TaskTemplateField{Name: "A2", Type: FieldQuickConnect}),
			path: "Fields[14].Type", reason: ReasonUniqueConstraintViolated},
		{name: "two SELF_ASSIGN fields", change: addField(TaskTemplateField{Name: "M2", Type: FieldSelfAssign}),
			path: "Fields[14].Type", reason: ReasonUniqueConstraintViolated},
		{name: "two EXPIRY_DURATION fields", change: addField(TaskTemplateField{Name: "E2", Type: FieldExpiryDuration}),
			path: "Fields[14].Type", reason: ReasonUniqueConstraintViolated},
		{name: "two URL fields", change: addField(TaskTemplateField{Name: "Link2", Type: FieldURL})},
		{name: "two TEXT fields", change: addField(TaskTemplateField{Name: "Note2", Type: FieldText})},
		{name: "field without name", change: addField(TaskTemplateField{Type: FieldText}),
			path: "Fields[14].Id.Name", reason: ReasonRequiredPropertyMissing},
		{name: "duplicate field name", change: addField(TaskTemplateField{Name: "Note", Type: FieldNumber}),
			path: "Fields[14].Id.Name", reason: ReasonUniqueConstraintViolated},
		{name: "field without type", change: addField(TaskTemplateField{Name: "X"}),
			path: "Fields[14].Type", reason: ReasonRequiredPropertyMissing},
		{name: "unknown field type", change: addField(TaskTemplateField{Name: "X", Type: "PHONE"}),
			path: "Fields[14].Type", reason: ReasonInvalidFormat},
		{name: "SINGLE_SELECT without options", change: addField(TaskTemplateField{Name: "X", Type: FieldSingleSelect}),
			path: "Fields[14].SingleSelectOptions", reason: ReasonRequiredPropertyMissing},
		{name: "SINGLE_SELECT repeated option", change: addField(TaskTemplateField{Name: "X", Type: FieldSingleSelect, SingleSelectOptions: []string{"a", "b", "a"}}),
			path: "Fields[14].SingleSelectOptions[2]", reason: ReasonUniqueConstraintViolated},
		{name: "SINGLE_SELECT 50 options", change: addField(TaskTemplateField{Name: "X", Type: FieldSingleSelect, SingleSelectOptions: options(50)})},
		{name: "SINGLE_SELECT 51 options", change: addField(TaskTemplateField{Name: "X", Type: FieldSingleSelect, SingleSelectOptions: options(51)}),
			path: "Fields[14].SingleSelectOptions", reason: ReasonInvalidFormat},
		{name: "options on a TEXT field", change: addField(TaskTemplateField{Name: "X", Type: FieldText, SingleSelectOptions: []string{"a"}}),
			path: "Fields[14].SingleSelectOptions", reason: ReasonNotSupported},
		// Flow.
		{name: "no flow, QUICK_CONNECT field", change: func(tt *TaskTemplate) { tt.ContactFlowID = "" }},
		{name: "no flow, no QUICK_CONNECT field", change: func(tt *TaskTemplate) {
			tt.ContactFlowID = ""
			tt.Fields[3].Type = FieldText
			tt.Defaults[2].Value = "x"
		}, path: "ContactFlowId", reason: ReasonRequiredPropertyMissing},
		// Constraints.
		{name: "no constraints", noConstraints: true, path: "Constraints", reason: ReasonRequiredPropertyMissing},
		{name: "NAME not required", change: func(tt *TaskTemplate) { tt.Constraints.Required = []string{"Note"} },
			path: "Constraints.RequiredFields", reason: ReasonRequiredPropertyMissing},
		{name: "no required fields", change: func(tt *TaskTemplate) { tt.Constraints.Required = nil },
			path: "Constraints.RequiredFields", reason: ReasonRequiredPropertyMissing},
		{name: "required unknown field", change: func(tt *TaskTemplate) { tt.Constraints.Required = append(tt.Constraints.Required, "Nope") },
			path: "Constraints.RequiredFields[1].Id.Name", reason: ReasonReferencedResourceMissing},
		{name: "read-only unknown field", change: func(tt *TaskTemplate) { tt.Constraints.ReadOnly = []string{"Nope"} },
			path: "Constraints.ReadOnlyFields[0].Id.Name", reason: ReasonReferencedResourceMissing},
		{name: "invisible unknown field", change: func(tt *TaskTemplate) { tt.Constraints.Invisible = []string{"Mine", "Nope"} },
			path: "Constraints.InvisibleFields[1].Id.Name", reason: ReasonReferencedResourceMissing},
		{name: "required twice", change: func(tt *TaskTemplate) { tt.Constraints.Required = []string{"Title", "Title"} },
			path: "Constraints.RequiredFields[1].Id.Name", reason: ReasonUniqueConstraintViolated},
		{name: "constraint without name", change: func(tt *TaskTemplate) { tt.Constraints.ReadOnly = []string{""} },
			path: "Constraints.ReadOnlyFields[0].Id.Name", reason: ReasonRequiredPropertyMissing},
		// Defaults: names.
		{name: "default of unknown field", change: func(tt *TaskTemplate) { tt.Defaults = append(tt.Defaults, TaskTemplateDefault{Field: "Nope"}) },
			path: d + "[13].Id.Name", reason: ReasonReferencedResourceMissing},
		{name: "default twice", change: func(tt *TaskTemplate) {
			tt.Defaults = append(tt.Defaults, TaskTemplateDefault{Field: "Note", Value: "b"})
		},
			path: d + "[13].Id.Name", reason: ReasonUniqueConstraintViolated},
		{name: "default without name", change: func(tt *TaskTemplate) { tt.Defaults = append(tt.Defaults, TaskTemplateDefault{Value: "b"}) },
			path: d + "[13].Id.Name", reason: ReasonRequiredPropertyMissing},
		{name: "51 defaults", change: func(tt *TaskTemplate) {
			for i := range 38 {
				name := "T" + strings.Repeat("x", i)
				tt.Fields = append(tt.Fields, TaskTemplateField{Name: name, Type: FieldText})
				tt.Defaults = append(tt.Defaults, TaskTemplateDefault{Field: name, Value: "v"})
			}
		}, path: d, reason: ReasonInvalidFormat},
		// Defaults: one value per field type.
		{name: "NAME default 1024 chars", change: setDefault("Title", strings.Repeat("é", 1024))},
		{name: "NAME default 1025 chars", change: setDefault("Title", strings.Repeat("é", 1025)), path: d + "[0].DefaultValue", reason: ReasonInvalidFormat},
		{name: "DESCRIPTION default 4097 chars", change: setDefault("Details", strings.Repeat("x", 4097)), path: d + "[1].DefaultValue", reason: ReasonInvalidFormat},
		{name: "QUICK_CONNECT default empty", change: setDefault("Assign", ""), path: d + "[2].DefaultValue", reason: ReasonRequiredPropertyMissing},
		{name: "URL default not a URL", change: setDefault("Link", "example.com"), path: d + "[3].DefaultValue", reason: ReasonTypeMismatch},
		{name: "NUMBER default not a number", change: setDefault("Amount", "twelve"), path: d + "[4].DefaultValue", reason: ReasonTypeMismatch},
		{name: "NUMBER default NaN", change: setDefault("Amount", "NaN"), path: d + "[4].DefaultValue", reason: ReasonTypeMismatch},
		{name: "TEXT default 511 chars", change: setDefault("Note", strings.Repeat("x", 511))},
		{name: "TEXT default 512 chars", change: setDefault("Note", strings.Repeat("x", 512)), path: d + "[5].DefaultValue", reason: ReasonInvalidFormat},
		{name: "TEXT default empty", change: setDefault("Note", "")},
		{name: "TEXT_AREA default 4095 chars", change: setDefault("Story", strings.Repeat("x", 4095))},
		{name: "TEXT_AREA default 4096 chars", change: setDefault("Story", strings.Repeat("x", 4096)), path: d + "[6].DefaultValue", reason: ReasonInvalidFormat},
		{name: "DATE_TIME default not epoch", change: setDefault("Due", "2026-01-01"), path: d + "[7].DefaultValue", reason: ReasonTypeMismatch},
		{name: "BOOLEAN default true", change: setDefault("Urgent", "true")},
		{name: "BOOLEAN default yes", change: setDefault("Urgent", "yes"), path: d + "[8].DefaultValue", reason: ReasonTypeMismatch},
		{name: "BOOLEAN default TRUE", change: setDefault("Urgent", "TRUE"), path: d + "[8].DefaultValue", reason: ReasonTypeMismatch},
		{name: "SINGLE_SELECT default not an option", change: setDefault("Tier", "bronze"), path: d + "[9].DefaultValue", reason: ReasonInvalidFormat},
		{name: "SINGLE_SELECT default wrong case", change: setDefault("Tier", "Gold"), path: d + "[9].DefaultValue", reason: ReasonInvalidFormat},
		{name: "EMAIL default not an address", change: setDefault("Mail", "jane"), path: d + "[10].DefaultValue", reason: ReasonTypeMismatch},
		{name: "SELF_ASSIGN default not boolean", change: setDefault("Mine", "me"), path: d + "[11].DefaultValue", reason: ReasonTypeMismatch},
		{name: "EXPIRY_DURATION default not a number", change: setDefault("Expiry", "1d"), path: d + "[12].DefaultValue", reason: ReasonTypeMismatch},
		{name: "EXPIRY_DURATION default 0", change: setDefault("Expiry", "0"), path: d + "[12].DefaultValue", reason: ReasonInvalidFormat},
		{name: "EXPIRY_DURATION default 90 days", change: setDefault("Expiry", "129600")},
		{name: "EXPIRY_DURATION default over 90 days", change: setDefault("Expiry", "129601"), path: d + "[12].DefaultValue", reason: ReasonInvalidFormat},
		{name: "SCHEDULED_TIME default", change: func(tt *TaskTemplate) {
			tt.Defaults = append(tt.Defaults, TaskTemplateDefault{Field: "When", Value: "1767290400"})
		}, path: d + "[13].DefaultValue", reason: ReasonNotSupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tt := validTemplate()
			if tc.change != nil {
				tc.change(tt)
			}
			got := checkTaskTemplate(tt, !tc.noConstraints)
			if tc.path == "" {
				if len(got) > 0 {
					t.Fatalf("problems = %+v, want none", got)
				}
				return
			}
			if len(got) == 0 || (len(got) > 1 && !tc.moreProblemsOK) {
				t.Fatalf("problems = %+v, want one at %s (%s)", got, tc.path, tc.reason)
			}
			if got[0].Path != tc.path || got[0].Reason != tc.reason || got[0].Message == "" {
				t.Errorf("problem = %+v, want %s (%s) with a message", got[0], tc.path, tc.reason)
			}
		})
	}
}

func options(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "o" + strings.Repeat("x", i)
	}
	return out
}

func TestCheckTaskTemplateListsEveryProblem(t *testing.T) {
	t.Parallel()
	tt := &TaskTemplate{Status: TemplateActive, Fields: []TaskTemplateField{{Name: "a", Type: FieldNumber}}}
	got := checkTaskTemplate(tt, false)
	want := []PropertyProblem{
		{Path: "Name", Reason: ReasonRequiredPropertyMissing},
		{Path: "Fields", Reason: ReasonRequiredPropertyMissing},
		{Path: "ContactFlowId", Reason: ReasonRequiredPropertyMissing},
		{Path: "Constraints", Reason: ReasonRequiredPropertyMissing},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b PropertyProblem) bool { return a.Path == b.Path && a.Reason == b.Reason })); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}
