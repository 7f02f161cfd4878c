package connect

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
)

// SearchContactsInput is SearchContacts' input. Query holds the time range,
// the criteria and the sort; its Offset and Limit come from NextToken and
// MaxResults.
type SearchContactsInput struct {
	InstanceID string
	Query      ContactQuery
	// RoutingCriteria is set when the request has a RoutingCriteria
	// criterion with at least one step; ContactAnalysis when it has a
	// ContactAnalysis criterion.
	RoutingCriteria bool
	ContactAnalysis bool
	// Unsupported names the SearchCriteria members the request set that
	// connectd cannot search on yet.
	Unsupported []string
	SortOrder   string // ASCENDING | DESCENDING (default)
	NextToken   string
	MaxResults  int
}

// defaultSearchResults is SearchContacts' page size when MaxResults is unset;
// the model's range (MaxResult100) is checked on the wire.
const defaultSearchResults = 100

// SearchContacts returns a page of the instance's contacts that match, the
// total number of matches, and the next page's token.
func (s *Service) SearchContacts(ctx context.Context, p Partition, in SearchContactsInput) ([]*Contact, int, string, error) {
	inst, err := s.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, 0, "", err
	}
	if err := checkSearch(in); err != nil {
		return nil, 0, "", err
	}
	q := in.Query
	q.Descending = in.SortOrder != "ASCENDING"
	q.Limit = in.MaxResults
	if q.SortField == "" {
		q.SortField = "INITIATION_TIMESTAMP"
	}
	if q.Limit <= 0 {
		q.Limit = defaultSearchResults
	}
	if in.NextToken != "" {
		if q.Offset, err = decodeOffset(in.NextToken); err != nil {
			return nil, 0, "", err
		}
	}
	if in.RoutingCriteria {
		// connectd keeps no routing criteria (UpdateContactRoutingData
		// refuses them), so no contact has a step with preferred agents.
		return nil, 0, "", nil
	}
	items, total, err := s.store.SearchContacts(ctx, inst.ID, q)
	if err != nil {
		return nil, 0, "", err
	}
	next := ""
	if end := q.Offset + len(items); end < total {
		next = encodeOffset(end)
	}
	return items, total, next, nil
}

// checkSearch refuses what SearchContacts cannot answer: criteria connectd
// does not support, criteria that have no meaning for tasks, match types a
// criterion has no reading for, and inverted time ranges.
func checkSearch(in SearchContactsInput) error {
	q := in.Query
	if len(in.Unsupported) > 0 {
		return Errorf(Invalid, "connectd does not support searching by SearchCriteria.%s yet.", in.Unsupported[0])
	}
	if in.ContactAnalysis {
		return Errorf(Invalid, "SearchCriteria.ContactAnalysis searches Contact Lens conversational analytics "+
			"transcripts of voice and chat contacts; connectd holds task contacts, which have none.")
	}
	if q.End.Before(q.Start) {
		return Errorf(Invalid, "TimeRange EndTime must not be before StartTime.")
	}
	if n := q.Name; n != nil {
		switch n.Type {
		case MatchAll, MatchAny, MatchExact, MatchNone:
		default:
			return Errorf(InvalidParameter, "SearchCriteria.Name.MatchType %q is not a match type.", n.Type)
		}
	}
	for member, m := range map[string]*KeyValueMatch{"SearchableContactAttributes": q.Attributes, "SearchableSegmentAttributes": q.SegmentAttributes} {
		if m != nil {
			if err := checkCombination("SearchCriteria."+member, m.Type); err != nil {
				return err
			}
		}
	}
	if t := q.Tags; t != nil {
		for _, group := range append(append([][]TagCondition{t.And}, t.Or...), conditionList(t.Condition)) {
			for _, c := range group {
				if c.Key == "" {
					return Errorf(InvalidParameter, "SearchCriteria.ContactTags: a TagCondition needs a TagKey.")
				}
			}
		}
	}
	if m := q.AdditionalTimes; m != nil {
		if err := checkCombination("SearchCriteria.AdditionalTimeRange", m.Type); err != nil {
			return err
		}
		for _, c := range m.Criteria {
			if c.Field == "" {
				return Errorf(InvalidParameter, "SearchCriteria.AdditionalTimeRange: each criterion needs a TimeRange or a TimestampCondition.")
			}
			if !c.NotExists && c.End.Before(c.Start) {
				return Errorf(Invalid, "SearchCriteria.AdditionalTimeRange: EndTime must not be before StartTime.")
			}
		}
	}
	return nil
}

// checkCombination accepts the match types that combine several criteria:
// all of them, any of them, or none of them. MATCH_EXACT compares one text
// with another, and has no reading for a list of criteria.
func checkCombination(member, typ string) error {
	switch typ {
	case MatchAll, MatchAny, MatchNone:
		return nil
	}
	return Errorf(InvalidParameter, "%s.MatchType %s is not supported: it combines criteria with MATCH_ALL, MATCH_ANY or MATCH_NONE.", member, typ)
}

func conditionList(c *TagCondition) []TagCondition {
	if c == nil {
		return nil
	}
	return []TagCondition{*c}
}

const offsetPrefix = "cdo1:"

func encodeOffset(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(offsetPrefix + strconv.Itoa(n)))
}

func decodeOffset(tok string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err == nil && strings.HasPrefix(string(b), offsetPrefix) {
		if n, err := strconv.Atoi(strings.TrimPrefix(string(b), offsetPrefix)); err == nil && n >= 0 {
			return n, nil
		}
	}
	return 0, Errorf(Invalid, "The NextToken is not valid.")
}
