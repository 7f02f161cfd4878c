package flow

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

func TestParsePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   path
		single bool
	}{
		{"$.Name", path{"Name"}, true},
		{"$.Attributes.priority", path{"Attributes", "priority"}, true},
		{"$.Attributes.order-id_2", path{"Attributes", "order-id_2"}, true},
		{"$['AwsRegion']", path{"AwsRegion"}, true},
		{"$.Attributes['first name']", path{"Attributes", "first name"}, true},
		{"$.Attributes.['first name']", path{"Attributes", "first name"}, true},
		{"$.SegmentAttributes['connect:Subtype'].ValueString", path{"SegmentAttributes", "connect:Subtype", "ValueString"}, true},
		{"$.Name.", path{"Name"}, false},
		{"$.Name is here", path{"Name"}, false},
		{"$.Attributes['unterminated", path{"Attributes"}, false},
		{"$", nil, false},
		{"$.", nil, false},
		{"$5", nil, false},
		{"$['x", nil, false},
		{"", nil, false},
		{"static", nil, false},
	}
	for _, tt := range tests {
		p, end, ok := parsePath(tt.in, 0)
		if diff := cmp.Diff(tt.want, p); diff != "" {
			t.Errorf("parsePath(%q) path (-want +got):\n%s", tt.in, diff)
		}
		if ok != (tt.want != nil) || end > len(tt.in) {
			t.Errorf("parsePath(%q) = _, %d, %v", tt.in, end, ok)
		}
		if _, single := singlePath(tt.in); single != tt.single {
			t.Errorf("singlePath(%q) = %v, want %v", tt.in, single, tt.single)
		}
	}
}

func TestResolve(t *testing.T) {
	t.Parallel()
	subtype, prio := "connect:Task", int32(3)
	env, run := newEnv(), newRun()
	run.TargetQueueID = billingQueue
	run.Contact.PreviousContactID, run.Contact.RelatedContactID = "prev-1", "rel-1"
	run.Contact.SegmentAttributes = map[string]connect.SegmentAttributeValue{
		"connect:Subtype": {String: &subtype}, "priority": {Integer: &prio}}
	run.Attributes["first name"] = "Ana"
	st := &state{ctx: context.Background(), env: env, run: run, cf: &connect.ContactFlow{ID: "f"},
		languageCode: "fr-FR", customerID: "cust-9", taskContactID: "task-7"}

	tests := []struct{ in, want string }{
		{"static text", "static text"},
		{"$.ContactId", contactID},
		{"$.InitialContactId", contactID},
		{"$.PreviousContactId", "prev-1"},
		{"$.RelatedContactId", "rel-1"},
		{"$.Channel", "TASK"},
		{"$.InitiationMethod", "API"},
		{"$.Name", "Refund order 1234"},
		{"$.Description", "Customer asks for a refund"},
		{"$.InstanceARN", testInstanceARN},
		{"$.AwsRegion", "us-east-1"},
		{"$['AwsRegion']", "us-east-1"},
		{"$.LanguageCode", "fr-FR"},
		{"$.CustomerId", "cust-9"},
		{"$.Attributes.tier", "gold"},
		{"$.Attributes['first name']", "Ana"},
		{"$.Attributes.missing", ""},
		{"$.References.order.Value", "https://shop.example.com/orders/1234"},
		{"$.References.order.Type", "URL"},
		{"$.References.order.Other", ""},
		{"$.References.none.Value", ""},
		{"$.Tags.team", "billing"},
		{"$.SegmentAttributes['connect:Subtype']", "connect:Task"},
		{"$.SegmentAttributes['connect:Subtype'].ValueString", "connect:Task"},
		{"$.SegmentAttributes.priority.ValueInteger", "3"},
		{"$.SegmentAttributes.priority.ValueString", ""},
		{"$.Queue.Name", "Billing"},
		{"$.Queue.ARN", arn("queue", billingQueue)},
		{"$.Queue.Id", ""},
		{"$.Task.ContactId", "task-7"},
		{"$.Agent.UserName", ""},
		{"$.External.result", ""},
		{"$.Name.Length", ""},
		{"Hi $.Attributes['first name'], about $.Name.", "Hi Ana, about Refund order 1234."},
		{"cost: $5 or $.Attributes.amount$", "cost: $5 or 120.50$"},
		{"$.Attributes.tier$.Attributes.tier", "goldgold"},
		{"$", "$"},
	}
	for _, tt := range tests {
		got, err := st.resolve(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("resolve(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}

	// A working queue that no longer exists has no name.
	run.TargetQueueID = "gone"
	if got, err := st.resolve("[$.Queue.Name]"); got != "[]" || err != nil {
		t.Errorf("resolve($.Queue.Name) of a deleted queue = %q, %v", got, err)
	}
}

func TestCheckShape(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in          string
		ref, static bool // fits staticOrRef, fits staticOnly
	}{
		{"abc", true, true},
		{"$.Attributes.q", true, false},
		{"queue-$.Attributes.q", false, false},
		{"$.Attributes.a$.Attributes.b", false, false},
		{"price $5", true, true},
	}
	for _, tt := range tests {
		if got := checkShape(tt.in, staticOrRef) == ""; got != tt.ref {
			t.Errorf("checkShape(%q, staticOrRef) fits = %v", tt.in, got)
		}
		if got := checkShape(tt.in, staticOnly) == ""; got != tt.static {
			t.Errorf("checkShape(%q, staticOnly) fits = %v", tt.in, got)
		}
		if checkShape(tt.in, anyValue) != "" {
			t.Errorf("checkShape(%q, anyValue) does not fit", tt.in)
		}
	}
}
