package connect

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// startTemplate is a template for StartTaskContact tests.
func startTemplate() *TaskTemplate {
	return &TaskTemplate{
		ID: "t-1", Name: "Refund", Status: TemplateActive, ContactFlowID: "flow-1",
		Fields: []TaskTemplateField{
			{Name: "Title", Type: FieldName},
			{Name: "Details", Type: FieldDescription},
			{Name: "Order", Type: FieldNumber},
			{Name: "Tier", Type: FieldSingleSelect, SingleSelectOptions: []string{"gold", "silver"}},
			{Name: "Urgent", Type: FieldBoolean},
			{Name: "Due", Type: FieldDateTime},
			{Name: "Source", Type: FieldURL},
			{Name: "Expiry", Type: FieldExpiryDuration},
			{Name: "When", Type: FieldScheduledTime},
		},
		Constraints: TaskTemplateConstraints{
			Required: []string{"Title", "Order", "Tier"},
			ReadOnly: []string{"Source", "Details"},
		},
		Defaults: []TaskTemplateDefault{
			{Field: "Tier", Value: "silver"}, {Field: "Source", Value: "https://example.com/src"},
			{Field: "Details", Value: "from the template"}, {Field: "Expiry", Value: "60"},
		},
	}
}

func TestApplyTaskTemplate(t *testing.T) {
	t.Parallel()
	ref := func(typ, v string) Reference { return Reference{Type: typ, Value: v} }
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	expiry := func(m int32) map[string]SegmentAttributeValue {
		return map[string]SegmentAttributeValue{SegmentContactExpiry: {Map: map[string]SegmentAttributeValue{"ExpiryDuration": {Integer: &m}}}}
	}
	tests := []struct {
		name    string
		change  func(*TaskTemplate)
		in      StartTaskInput
		want    StartTaskInput // after defaults; ignored on error
		wantQC  string
		errPart string // "" for success
	}{
		{
			name: "defaults fill what is missing",
			in:   StartTaskInput{Name: "n", References: map[string]Reference{"Order": ref(RefNumber, "42")}},
			want: StartTaskInput{Name: "n", Description: "from the template",
				References: map[string]Reference{"Order": ref(RefNumber, "42"), "Tier": ref(RefString, "silver"),
					"Source": ref(RefURL, "https://example.com/src")},
				SegmentAttributes: expiry(60)},
		},
		{
			name: "given values win over defaults",
			in: StartTaskInput{Name: "n", ScheduledTime: &at, SegmentAttributes: expiry(5), References: map[string]Reference{
				"Order": ref(RefNumber, "1"), "Tier": ref(RefString, "gold"), "Urgent": ref(RefString, "true"),
				"Due": ref(RefDate, "1767290400"), "Other": ref(RefEmail, "a@example.com")}},
			want: StartTaskInput{Name: "n", Description: "from the template", ScheduledTime: &at, SegmentAttributes: expiry(5),
				References: map[string]Reference{"Order": ref(RefNumber, "1"), "Tier": ref(RefString, "gold"),
					"Urgent": ref(RefString, "true"), "Due": ref(RefDate, "1767290400"), "Other": ref(RefEmail, "a@example.com"),
					"Source": ref(RefURL, "https://example.com/src")}},
		},
		{name: "required NAME missing", in: StartTaskInput{References: map[string]Reference{"Order": ref(RefNumber, "1")}},
			errPart: "Name: Field \"Title\""},
		{name: "NAME from default", change: func(tt *TaskTemplate) {
			tt.Defaults = append(tt.Defaults, TaskTemplateDefault{Field: "Title", Value: "Default title"})
		}, in: StartTaskInput{References: map[string]Reference{"Order": ref(RefNumber, "1")}},
			want: StartTaskInput{Name: "Default title", Description: "from the template", SegmentAttributes: expiry(60),
				References: map[string]Reference{"Order": ref(RefNumber, "1"), "Tier": ref(RefString, "silver"),
					"Source": ref(RefURL, "https://example.com/src")}}},
		{name: "required reference missing", in: StartTaskInput{Name: "n"}, errPart: "References.Order"},
		{name: "required reference empty", in: StartTaskInput{Name: "n", References: map[string]Reference{"Order": ref(RefNumber, "")}},
			errPart: "References.Order"},
		{name: "reference of the wrong type", in: StartTaskInput{Name: "n", References: map[string]Reference{"Order": ref(RefString, "1")}},
			errPart: "must be of type NUMBER"},
		{name: "BOOLEAN not true or false", in: StartTaskInput{Name: "n", References: map[string]Reference{
			"Order": ref(RefNumber, "1"), "Urgent": ref(RefString, "yes")}}, errPart: "References.Urgent"},
		{name: "SINGLE_SELECT not an option", in: StartTaskInput{Name: "n", References: map[string]Reference{
			"Order": ref(RefNumber, "1"), "Tier": ref(RefString, "bronze")}}, errPart: "References.Tier"},
		{name: "DATE_TIME as a STRING", in: StartTaskInput{Name: "n", References: map[string]Reference{
			"Order": ref(RefNumber, "1"), "Due": ref(RefString, "1767290400")}}, errPart: "must be of type DATE"},
		{name: "TEXT of 512 characters", change: func(tt *TaskTemplate) {
			tt.Fields = append(tt.Fields, TaskTemplateField{Name: "Note", Type: FieldText})
		}, in: StartTaskInput{Name: "n", References: map[string]Reference{
			"Order": ref(RefNumber, "1"), "Note": ref(RefString, strings.Repeat("x", 512))}}, errPart: "References.Note"},
		{name: "read-only reference set", in: StartTaskInput{Name: "n", References: map[string]Reference{
			"Order": ref(RefNumber, "1"), "Source": ref(RefURL, "https://example.com/other")}}, errPart: "read-only"},
		{name: "read-only reference set to its default", in: StartTaskInput{Name: "n", References: map[string]Reference{
			"Order": ref(RefNumber, "1"), "Source": ref(RefURL, "https://example.com/src")}}, errPart: "read-only"},
		{name: "read-only description set", in: StartTaskInput{Name: "n", Description: "mine",
			References: map[string]Reference{"Order": ref(RefNumber, "1")}}, errPart: "read-only: the request cannot set Description"},
		{name: "read-only NAME set", change: func(tt *TaskTemplate) {
			tt.Constraints.ReadOnly = append(tt.Constraints.ReadOnly, "Title")
			tt.Defaults = append(tt.Defaults, TaskTemplateDefault{Field: "Title", Value: "Fixed"})
		}, in: StartTaskInput{Name: "mine", References: map[string]Reference{"Order": ref(RefNumber, "1")}}, errPart: "cannot set Name"},
		{name: "read-only expiry set", change: func(tt *TaskTemplate) {
			tt.Constraints.ReadOnly = append(tt.Constraints.ReadOnly, "Expiry")
		}, in: StartTaskInput{Name: "n", SegmentAttributes: expiry(5), References: map[string]Reference{"Order": ref(RefNumber, "1")}},
			errPart: "cannot set SegmentAttributes.connect:ContactExpiry"},
		{name: "read-only schedule set", change: func(tt *TaskTemplate) {
			tt.Constraints.ReadOnly = append(tt.Constraints.ReadOnly, "When")
		}, in: StartTaskInput{Name: "n", ScheduledTime: &at, References: map[string]Reference{"Order": ref(RefNumber, "1")}},
			errPart: "cannot set ScheduledTime"},
		{name: "required schedule missing", change: func(tt *TaskTemplate) {
			tt.Constraints.Required = append(tt.Constraints.Required, "When")
		}, in: StartTaskInput{Name: "n", References: map[string]Reference{"Order": ref(RefNumber, "1")}}, errPart: "ScheduledTime"},
		{name: "quick connect default", change: func(tt *TaskTemplate) {
			tt.Fields = append(tt.Fields, TaskTemplateField{Name: "Assign", Type: FieldQuickConnect})
			tt.Defaults = append(tt.Defaults, TaskTemplateDefault{Field: "Assign", Value: "qc-1"})
			tt.Constraints.Required = append(tt.Constraints.Required, "Assign")
		}, in: StartTaskInput{Name: "n", References: map[string]Reference{"Order": ref(RefNumber, "1")}},
			want: StartTaskInput{Name: "n", Description: "from the template", SegmentAttributes: expiry(60),
				References: map[string]Reference{"Order": ref(RefNumber, "1"), "Tier": ref(RefString, "silver"),
					"Source": ref(RefURL, "https://example.com/src")}},
			wantQC: "qc-1"},
		{name: "required quick connect without default", change: func(tt *TaskTemplate) {
			tt.Fields = append(tt.Fields, TaskTemplateField{Name: "Assign", Type: FieldQuickConnect})
			tt.Constraints.Required = append(tt.Constraints.Required, "Assign")
		}, in: StartTaskInput{Name: "n", References: map[string]Reference{"Order": ref(RefNumber, "1")}}, errPart: "QuickConnectId"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tt := startTemplate()
			if tc.change != nil {
				tc.change(tt)
			}
			in := tc.in
			given := cloneRefs(in.References)
			qc, err := applyTaskTemplate(tt, &in)
			if !cmp.Equal(given, tc.in.References) {
				t.Errorf("applyTaskTemplate changed the caller's References map")
			}
			if tc.errPart != "" {
				if err == nil || KindOf(err) != Invalid || !strings.Contains(err.Error(), tc.errPart) {
					t.Fatalf("applyTaskTemplate = %v, want an Invalid error containing %q", err, tc.errPart)
				}
				return
			}
			if err != nil {
				t.Fatalf("applyTaskTemplate = %v", err)
			}
			if diff := cmp.Diff(tc.want, in); diff != "" {
				t.Errorf("input after defaults mismatch (-want +got):\n%s", diff)
			}
			if qc != tc.wantQC {
				t.Errorf("quick connect = %q, want %q", qc, tc.wantQC)
			}
		})
	}
}

func cloneRefs(m map[string]Reference) map[string]Reference {
	if m == nil {
		return nil
	}
	out := map[string]Reference{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestCheckTemplateUpdate(t *testing.T) {
	t.Parallel()
	str := func(s string) *string { return &s }
	base := func() *Contact {
		return &Contact{Name: "n", Description: "from the template", References: map[string]Reference{
			"Order": {Type: RefNumber, Value: "1"}, "Tier": {Type: RefString, Value: "gold"},
			"Source": {Type: RefURL, Value: "https://example.com/src"}}}
	}
	tests := []struct {
		name    string
		in      UpdateContactInput
		errPart string
	}{
		{name: "rename", in: UpdateContactInput{Name: str("other")}},
		{name: "clear required name", in: UpdateContactInput{Name: str("")}, errPart: "Name"},
		{name: "set read-only description", in: UpdateContactInput{Description: str("x")}, errPart: "read-only"},
		{name: "change a reference", in: UpdateContactInput{References: map[string]Reference{"Order": {Type: RefNumber, Value: "2"}}}},
		{name: "clear a required reference", in: UpdateContactInput{References: map[string]Reference{"Order": {Type: RefNumber, Value: ""}}},
			errPart: "References.Order"},
		{name: "reference of the wrong type", in: UpdateContactInput{References: map[string]Reference{"Tier": {Type: RefURL, Value: "https://x.example"}}},
			errPart: "must be of type STRING"},
		{name: "value not an option", in: UpdateContactInput{References: map[string]Reference{"Tier": {Type: RefString, Value: "bronze"}}},
			errPart: "References.Tier"},
		{name: "set read-only reference", in: UpdateContactInput{References: map[string]Reference{"Source": {Type: RefURL, Value: "https://x.example"}}},
			errPart: "read-only"},
		{name: "other reference", in: UpdateContactInput{References: map[string]Reference{"Free": {Type: RefString, Value: "x"}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := base()
			if tc.in.Name != nil {
				c.Name = *tc.in.Name
			}
			if tc.in.Description != nil {
				c.Description = *tc.in.Description
			}
			for k, v := range tc.in.References {
				c.References[k] = v
			}
			err := checkTemplateUpdate(startTemplate(), tc.in, c)
			switch {
			case tc.errPart == "" && err != nil:
				t.Errorf("checkTemplateUpdate = %v, want nil", err)
			case tc.errPart != "" && (err == nil || KindOf(err) != Invalid || !strings.Contains(err.Error(), tc.errPart)):
				t.Errorf("checkTemplateUpdate = %v, want an Invalid error containing %q", err, tc.errPart)
			}
		})
	}
}

func TestTemplateMismatchesOfContact(t *testing.T) {
	t.Parallel()
	c := &Contact{Name: "n", References: map[string]Reference{
		"Order": {Type: RefString, Value: "1"}, "Urgent": {Type: RefString, Value: "maybe"}}}
	got := templateMismatches(startTemplate(), contactValues(c), nil)
	want := []PropertyProblem{
		{Path: "References.Order", Reason: ReasonTypeMismatch},
		{Path: "References.Tier", Reason: ReasonRequiredPropertyMissing},
		{Path: "References.Urgent", Reason: ReasonTypeMismatch},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b PropertyProblem) bool { return a.Path == b.Path && a.Reason == b.Reason })); diff != "" {
		t.Errorf("mismatches (-want +got):\n%s", diff)
	}
}
