package sqlstore

import (
	"fmt"
	"strconv"
	"strings"

	"connectd/internal/connect"
)

// SearchContacts' SQL. A query is built from the criteria that are set,
// each by its own function (searchCriteria), as parameterised conditions
// ANDed together. The selective criteria are index lookups: AgentIds
// (contacts_agent), QueueIds (contacts_queue), and the attributes, segment
// attributes and tags through contact_search_terms (migration 0009), whose
// matches join back by attribute set (contacts_attribute_set) or contact.
// List filters are one list parameter each, so that the statement's text
// depends only on the shape of the criteria.

// searchSQL is a built search: the page statement, and the count statement
// with its arguments (those of the page without the limit and offset).
type searchSQL struct {
	page, count     string
	args, countArgs []any
}

// searchBuilder accumulates the conditions and arguments of one search.
type searchBuilder struct {
	d     Dialect
	where []string
	args  []any
}

// arg adds a parameter and returns its placeholder.
func (b *searchBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return "?" + strconv.Itoa(len(b.args))
}

// list adds a list parameter and returns its "= ANY (?N[])" comparison.
func (b *searchBuilder) list(vals []string) string {
	return " = ANY (" + b.arg(b.d.List(vals)) + "[])"
}

func (b *searchBuilder) add(cond string) {
	if cond != "" {
		b.where = append(b.where, cond)
	}
}

// searchCriteria are the criteria of a ContactQuery, in the order their
// conditions appear. Each returns its condition ("" when its criterion is
// not set) or a refusal.
var searchCriteria = []func(*searchBuilder, connect.ContactQuery) (string, error){
	timeRangeCriterion,
	channelsCriterion,
	initiationMethodsCriterion,
	queueIDsCriterion,
	agentIDsCriterion,
	nameCriterion,
	attributesCriterion,
	segmentAttributesCriterion,
	tagsCriterion,
	additionalTimesCriterion,
	agentHierarchyCriterion, // hierarchy.go
}

// searchQuery builds the search of q in the instance.
func searchQuery(d Dialect, instanceID string, q connect.ContactQuery) (searchSQL, error) {
	b := &searchBuilder{d: d}
	b.add("instance_id = " + b.arg(instanceID))
	for _, criterion := range searchCriteria {
		cond, err := criterion(b, q)
		if err != nil {
			return searchSQL{}, err
		}
		b.add(cond)
	}
	sortCol, ok := sortColumns[q.SortField]
	if !ok {
		return searchSQL{}, &connect.Error{Kind: connect.Invalid, Resource: connect.ResourceContact,
			Message: fmt.Sprintf("unsupported sort field: %s", q.SortField)}
	}
	dir := "ASC"
	if q.Descending {
		dir = "DESC"
	}
	order := sortCol + " " + dir + " NULLS LAST, id " + dir
	if selective(q) {
		// The matches are read through the criterion's index and sorted:
		// an expression stops the engine from walking the instance's
		// contacts in the order of contacts_initiation_id instead.
		order = orderExpr(sortCol) + " " + dir + " NULLS LAST, id " + dir
	}
	cond := strings.Join(b.where, " AND ")
	out := searchSQL{count: `SELECT count(*) FROM contacts WHERE ` + cond, countArgs: b.args[:len(b.args):len(b.args)]}
	limit := any(q.Limit)
	if q.Limit <= 0 {
		limit = d.NoLimit()
	}
	out.page = `SELECT ` + contactCols + ` FROM contacts WHERE ` + cond +
		` ORDER BY ` + order + ` LIMIT ` + b.arg(limit) + ` OFFSET ` + b.arg(max(q.Offset, 0))
	out.args = b.args
	return out, nil
}

// selective reports whether q has a criterion read through an index of its
// own (queues, agents, attributes, segment attributes, tags, hierarchy
// groups), which selects fewer contacts than the instance's whole history.
func selective(q connect.ContactQuery) bool {
	return len(q.QueueIDs) > 0 || len(q.AgentIDs) > 0 || q.Attributes != nil ||
		q.SegmentAttributes != nil || q.Tags != nil || !q.AgentHierarchy.Empty()
}

// orderExpr is col as an expression of the same value and order, which no
// index provides.
func orderExpr(col string) string {
	if col == "initiation_method" || col == "channel" {
		return "(" + col + " || '')"
	}
	return "(" + col + " + 0)"
}

// timeColumns maps ContactQuery time fields to columns.
var timeColumns = map[string]string{
	"INITIATION_TIMESTAMP":         "initiation_ts",
	"SCHEDULED_TIMESTAMP":          "scheduled_ts",
	"DISCONNECT_TIMESTAMP":         "disconnect_ts",
	"CONNECTED_TO_AGENT_TIMESTAMP": "connected_to_agent_ts",
	"ENQUEUE_TIMESTAMP":            "enqueue_ts",
}

var sortColumns = map[string]string{
	"":                             "initiation_ts",
	"INITIATION_TIMESTAMP":         "initiation_ts",
	"SCHEDULED_TIMESTAMP":          "scheduled_ts",
	"DISCONNECT_TIMESTAMP":         "disconnect_ts",
	"INITIATION_METHOD":            "initiation_method",
	"CHANNEL":                      "channel",
	"CONNECTED_TO_AGENT_TIMESTAMP": "connected_to_agent_ts",
	"EXPIRY_TIMESTAMP":             "expires_ts",
}

// timeColumn returns the column of a time range type.
func timeColumn(field string) (string, error) {
	col, ok := timeColumns[field]
	if !ok {
		return "", &connect.Error{Kind: connect.Invalid, Resource: connect.ResourceContact,
			Message: fmt.Sprintf("unsupported time range type: %s", field)}
	}
	return col, nil
}

// inRange is the condition "col is set and within [start, end]" (a zero
// bound is open).
func (b *searchBuilder) inRange(col string, c connect.TimeCriterion) string {
	conds := []string{col + " IS NOT NULL"}
	if !c.Start.IsZero() {
		conds = append(conds, col+" >= "+b.arg(ms(c.Start)))
	}
	if !c.End.IsZero() {
		conds = append(conds, col+" <= "+b.arg(ms(c.End)))
	}
	return strings.Join(conds, " AND ")
}

// timeRangeCriterion: the request's TimeRange, inclusive at both ends,
// matching only contacts that have the timestamp.
func timeRangeCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	if q.TimeField == "" {
		return "", nil
	}
	col, err := timeColumn(q.TimeField)
	if err != nil {
		return "", err
	}
	return b.inRange(col, connect.TimeCriterion{Start: q.Start, End: q.End}), nil
}

func channelsCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	if len(q.Channels) == 0 {
		return "", nil
	}
	return "channel" + b.list(q.Channels), nil
}

func initiationMethodsCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	if len(q.InitiationMethods) == 0 {
		return "", nil
	}
	return "initiation_method" + b.list(q.InitiationMethods), nil
}

// queueIDsCriterion: the queue the contact was placed in (contacts_queue).
func queueIDsCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	if len(q.QueueIDs) == 0 {
		return "", nil
	}
	return "queue_id" + b.list(q.QueueIDs), nil
}

// agentIDsCriterion: the agent who handled the contact (contacts_agent);
// a task only offered to an agent was not handled by them.
func agentIDsCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	if len(q.AgentIDs) == 0 {
		return "", nil
	}
	return "agent_id" + b.list(q.AgentIDs) + " AND connected_to_agent_ts IS NOT NULL", nil
}

// nameCriterion compares names and texts lowered to ASCII lower case, as
// both engines' lower() does.
func nameCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	n := q.Name
	if n == nil {
		return "", nil
	}
	if n.Type == connect.MatchExact {
		lowered := make([]string, len(n.Texts))
		for i, t := range n.Texts {
			lowered[i] = asciiLower(t)
		}
		return "lower(name)" + b.list(lowered), nil
	}
	conds := make([]string, len(n.Texts))
	for i, t := range n.Texts {
		conds[i] = `lower(name) LIKE ` + b.arg("%"+likeEscape(asciiLower(t))+"%") + ` ESCAPE '\'`
	}
	return combine(conds, n.Type), nil
}

// attributesCriterion: the user-defined attributes, which belong to the
// contact's attribute set.
func attributesCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	if q.Attributes == nil {
		return "", nil
	}
	return b.terms("attribute_set_id", "attr", q.Attributes), nil
}

func segmentAttributesCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	if q.SegmentAttributes == nil {
		return "", nil
	}
	return b.terms("id", "seg", q.SegmentAttributes), nil
}

// terms is the condition of key-value criteria matched through
// contact_search_terms rows of kind, owned by the contact's col.
func (b *searchBuilder) terms(col, kind string, m *connect.KeyValueMatch) string {
	conds := make([]string, len(m.Criteria))
	for i, c := range m.Criteria {
		var value *[]string
		if len(c.Values) > 0 {
			value = &c.Values
		}
		conds[i] = b.term(col, kind, c.Key, value)
	}
	return combine(conds, m.Type)
}

// term is "col owns a term of kind with key (and one of values)".
func (b *searchBuilder) term(col, kind, key string, values *[]string) string {
	cond := col + ` IN (SELECT owner_id FROM contact_search_terms WHERE instance_id = ?1 AND kind = '` + kind +
		`' AND k = ` + b.arg(key)
	if values != nil {
		cond += ` AND v` + b.list(*values)
	}
	return cond + `)`
}

// tagsCriterion: ContactTags, a ControlPlaneTagFilter.
func tagsCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	t := q.Tags
	if t == nil {
		return "", nil
	}
	all := func(cs []connect.TagCondition) string {
		conds := make([]string, len(cs))
		for i, c := range cs {
			var value *[]string
			if c.Value != nil {
				value = &[]string{*c.Value}
			}
			conds[i] = b.term("id", "tag", c.Key, value)
		}
		return combine(conds, connect.MatchAll)
	}
	var conds []string
	if t.Condition != nil {
		conds = append(conds, all([]connect.TagCondition{*t.Condition}))
	}
	if len(t.And) > 0 {
		conds = append(conds, all(t.And))
	}
	if len(t.Or) > 0 {
		groups := make([]string, len(t.Or))
		for i, g := range t.Or {
			groups[i] = all(g)
		}
		conds = append(conds, combine(groups, connect.MatchAny))
	}
	return combine(conds, connect.MatchAll), nil
}

// additionalTimesCriterion: AdditionalTimeRange's timestamp criteria.
func additionalTimesCriterion(b *searchBuilder, q connect.ContactQuery) (string, error) {
	m := q.AdditionalTimes
	if m == nil {
		return "", nil
	}
	conds := make([]string, len(m.Criteria))
	for i, c := range m.Criteria {
		col, err := timeColumn(c.Field)
		if err != nil {
			return "", err
		}
		if c.NotExists {
			conds[i] = col + " IS NULL"
		} else {
			conds[i] = b.inRange(col, c)
		}
	}
	return combine(conds, m.Type), nil
}

// combine joins conditions as a match type says: all of them, any of them,
// none of them. No condition: MATCH_ALL and MATCH_NONE hold, MATCH_ANY
// does not.
func combine(conds []string, typ string) string {
	if len(conds) == 0 {
		if typ == connect.MatchAny {
			return "1 = 0"
		}
		return ""
	}
	for i, c := range conds {
		conds[i] = "(" + c + ")"
	}
	switch typ {
	case connect.MatchAny:
		return "(" + strings.Join(conds, " OR ") + ")"
	case connect.MatchNone:
		return "NOT (" + strings.Join(conds, " OR ") + ")"
	}
	return strings.Join(conds, " AND ")
}

// asciiLower lowers ASCII letters only, as SQLite's lower() and PostgreSQL's
// lower() under the "C" collation do.
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

// likeEscape escapes LIKE's wildcards and its escape character.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
