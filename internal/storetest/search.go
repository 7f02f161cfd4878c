package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// testSearchContactsCriteria: the criteria beyond the time range and the
// lists of testSearchContacts, matched through the search terms the store
// keeps in step with tags, segment attributes and attribute sets, whatever
// writes them (InsertContact, UpdateContact, PutAttributes).
func testSearchContactsCriteria(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	ctx := t.Context()
	type spec struct {
		id, name, queue, agent string
		connected              bool
		tags                   map[string]string
		attrs                  map[string]string
		set                    string
		seg                    string // custom:string
	}
	specs := []spec{
		{id: "c-1", name: "Refund order 7", queue: "q-1", agent: "u-1", connected: true,
			tags: map[string]string{"team": "billing", "tier": "gold"}, attrs: map[string]string{"order": "7", "lang": "en"}, set: "s-1", seg: "red"},
		{id: "c-2", name: "refund ORDER 8", queue: "q-2", agent: "u-2",
			tags: map[string]string{"team": "billing"}, attrs: map[string]string{"order": "8"}, set: "s-2", seg: "blue"},
		{id: "c-3", name: "Call back 50%_off", queue: "q-1",
			tags: map[string]string{"team": "sales"}, set: "s-1", seg: "red"}, // shares c-1's attribute set
		{id: "c-4", name: "Follow up"},
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		for i, sp := range specs {
			c := newContact("i-1", sp.id)
			c.Name, c.QueueID, c.AgentID, c.Tags = sp.name, sp.queue, sp.agent, sp.tags
			c.InitiationTimestamp, c.AttributeSetID = at(i), sp.set
			if sp.set == "" {
				c.AttributeSetID = "set-" + sp.id
			}
			if sp.connected {
				c.ConnectedToAgentTimestamp = ptr(at(100 + i))
			}
			c.SegmentAttributes = nil
			if sp.seg != "" {
				c.SegmentAttributes = map[string]connect.SegmentAttributeValue{
					"custom:string": {String: ptr(sp.seg)}, "custom:n": {Integer: ptr(int32(60 + i))}}
			}
			if err := tx.InsertContact(ctx, c); err != nil {
				return err
			}
			if sp.attrs != nil {
				if err := tx.PutAttributes(ctx, "i-1", sp.set, sp.attrs); err != nil {
					return err
				}
			}
		}
		other := newContact("i-2", "c-0") // same tags and values, never in i-1's results
		other.Tags = map[string]string{"team": "billing"}
		if err := tx.InsertContact(ctx, other); err != nil {
			return err
		}
		return tx.PutAttributes(ctx, "i-2", other.AttributeSetID, map[string]string{"order": "7"})
	})
	search := func(t *testing.T, q connect.ContactQuery) []string {
		t.Helper()
		got, total, err := s.SearchContacts(t.Context(), "i-1", q)
		if err != nil {
			t.Fatalf("SearchContacts: %v", err)
		}
		if total != len(got) {
			t.Errorf("total = %d, want %d", total, len(got))
		}
		return contactIDs(got)
	}
	kv := func(typ string, c ...connect.KeyValues) *connect.KeyValueMatch {
		return &connect.KeyValueMatch{Criteria: c, Type: typ}
	}
	tag := func(k string, v ...string) connect.TagCondition {
		c := connect.TagCondition{Key: k}
		if len(v) > 0 {
			c.Value = &v[0]
		}
		return c
	}
	tests := []struct {
		name string
		q    connect.ContactQuery
		want []string
	}{
		{"Queue", connect.ContactQuery{QueueIDs: []string{"q-1"}}, []string{"c-1", "c-3"}},
		{"Agent handled", connect.ContactQuery{AgentIDs: []string{"u-1", "u-2"}}, []string{"c-1"}},
		{"Name all, any case", connect.ContactQuery{Name: &connect.TextMatch{Texts: []string{"REFUND", "order"}, Type: connect.MatchAll}},
			[]string{"c-1", "c-2"}},
		{"Name any", connect.ContactQuery{Name: &connect.TextMatch{Texts: []string{"order 8", "follow"}, Type: connect.MatchAny}},
			[]string{"c-2", "c-4"}},
		{"Name none", connect.ContactQuery{Name: &connect.TextMatch{Texts: []string{"refund"}, Type: connect.MatchNone}},
			[]string{"c-3", "c-4"}},
		{"Name exact", connect.ContactQuery{Name: &connect.TextMatch{Texts: []string{"follow UP"}, Type: connect.MatchExact}},
			[]string{"c-4"}},
		{"Name wildcards are literal", connect.ContactQuery{Name: &connect.TextMatch{Texts: []string{"50%_"}, Type: connect.MatchAll}},
			[]string{"c-3"}},
		{"Name wildcard no match", connect.ContactQuery{Name: &connect.TextMatch{Texts: []string{"d_r"}, Type: connect.MatchAll}}, nil},
		{"Attribute shared by the set", connect.ContactQuery{Attributes: kv(connect.MatchAll, connect.KeyValues{Key: "order", Values: []string{"7"}})},
			[]string{"c-1", "c-3"}},
		{"Attributes all", connect.ContactQuery{Attributes: kv(connect.MatchAll,
			connect.KeyValues{Key: "order", Values: []string{"7", "8"}}, connect.KeyValues{Key: "lang", Values: []string{"en"}})},
			[]string{"c-1", "c-3"}},
		{"Attributes any", connect.ContactQuery{Attributes: kv(connect.MatchAny,
			connect.KeyValues{Key: "order", Values: []string{"8"}}, connect.KeyValues{Key: "lang", Values: []string{"en"}})},
			[]string{"c-1", "c-2", "c-3"}},
		{"Attributes none", connect.ContactQuery{Attributes: kv(connect.MatchNone, connect.KeyValues{Key: "order"})}, []string{"c-4"}},
		{"Attribute value is exact", connect.ContactQuery{Attributes: kv(connect.MatchAll, connect.KeyValues{Key: "lang", Values: []string{"EN"}})}, nil},
		{"Segment string", connect.ContactQuery{SegmentAttributes: kv(connect.MatchAll, connect.KeyValues{Key: "custom:string", Values: []string{"red"}})},
			[]string{"c-1", "c-3"}},
		{"Segment integer", connect.ContactQuery{SegmentAttributes: kv(connect.MatchAny, connect.KeyValues{Key: "custom:n", Values: []string{"61"}})},
			[]string{"c-2"}},
		{"Tag condition", connect.ContactQuery{Tags: &connect.TagFilter{Condition: ptr(tag("team", "billing"))}}, []string{"c-1", "c-2"}},
		{"Tag key only", connect.ContactQuery{Tags: &connect.TagFilter{Condition: ptr(tag("tier"))}}, []string{"c-1"}},
		{"Tags and", connect.ContactQuery{Tags: &connect.TagFilter{And: []connect.TagCondition{tag("team", "billing"), tag("tier", "gold")}}},
			[]string{"c-1"}},
		{"Tags or", connect.ContactQuery{Tags: &connect.TagFilter{Or: [][]connect.TagCondition{
			{tag("team", "sales")}, {tag("team", "billing"), tag("tier", "gold")}}}}, []string{"c-1", "c-3"}},
		{"Additional time all", connect.ContactQuery{AdditionalTimes: &connect.TimeMatch{Type: connect.MatchAll, Criteria: []connect.TimeCriterion{
			{Field: "CONNECTED_TO_AGENT_TIMESTAMP", Start: at(0), End: at(1000)}, {Field: "INITIATION_TIMESTAMP", Start: at(0), End: at(0)}}}},
			[]string{"c-1"}},
		{"Additional time not exists", connect.ContactQuery{AdditionalTimes: &connect.TimeMatch{Type: connect.MatchAll, Criteria: []connect.TimeCriterion{
			{Field: "CONNECTED_TO_AGENT_TIMESTAMP", NotExists: true}}}}, []string{"c-2", "c-3", "c-4"}},
		{"Additional time any", connect.ContactQuery{AdditionalTimes: &connect.TimeMatch{Type: connect.MatchAny, Criteria: []connect.TimeCriterion{
			{Field: "CONNECTED_TO_AGENT_TIMESTAMP", Start: at(0), End: at(1000)}, {Field: "INITIATION_TIMESTAMP", Start: at(3), End: at(3)}}}},
			[]string{"c-1", "c-4"}},
		{"Criteria together", connect.ContactQuery{QueueIDs: []string{"q-1"}, Tags: &connect.TagFilter{Condition: ptr(tag("team", "sales"))},
			Attributes: kv(connect.MatchAll, connect.KeyValues{Key: "order", Values: []string{"7"}})}, []string{"c-3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, search(t, tc.q), cmpEmptyAsNil); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}

	// Changes move the terms: new tags and segment attributes through
	// UpdateContact, new attributes through PutAttributes.
	mustUpdate(t, s, func(tx connect.Tx) error {
		c, err := tx.GetContact(ctx, "i-1", "c-2")
		if err != nil {
			return err
		}
		c.Tags = map[string]string{"team": "sales"}
		c.SegmentAttributes = nil
		if err := tx.UpdateContact(ctx, c); err != nil {
			return err
		}
		if err := tx.PutAttributes(ctx, "i-1", "s-1", map[string]string{"order": "9"}); err != nil {
			return err
		}
		return tx.PutAttributes(ctx, "i-1", "s-2", nil)
	})
	for _, tc := range []struct {
		name string
		q    connect.ContactQuery
		want []string
	}{
		{"New tag", connect.ContactQuery{Tags: &connect.TagFilter{Condition: ptr(tag("team", "sales"))}}, []string{"c-2", "c-3"}},
		{"Old tag gone", connect.ContactQuery{Tags: &connect.TagFilter{Condition: ptr(tag("team", "billing"))}}, []string{"c-1"}},
		{"Segments gone", connect.ContactQuery{SegmentAttributes: kv(connect.MatchAll, connect.KeyValues{Key: "custom:string"})}, []string{"c-1", "c-3"}},
		{"New attribute", connect.ContactQuery{Attributes: kv(connect.MatchAll, connect.KeyValues{Key: "order", Values: []string{"9"}})}, []string{"c-1", "c-3"}},
		{"Old attributes gone", connect.ContactQuery{Attributes: kv(connect.MatchAny,
			connect.KeyValues{Key: "order", Values: []string{"7", "8"}}, connect.KeyValues{Key: "lang"})}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, search(t, tc.q), cmpEmptyAsNil); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}
}
