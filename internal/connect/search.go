package connect

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// SearchContactsInput is SearchContacts' input.
type SearchContactsInput struct {
	InstanceID        string
	TimeField         string
	Start, End        time.Time
	Channels          []string
	InitiationMethods []string
	QueueIDs          []string
	AgentHierarchy    AgentHierarchyCriterion // SearchCriteria.AgentHierarchyGroups (hierarchy.go)
	// Unsupported names the SearchCriteria members the request set that
	// connectd cannot search on yet.
	Unsupported []string
	SortField   string // default INITIATION_TIMESTAMP
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
	if len(in.Unsupported) > 0 {
		return nil, 0, "", Errorf(Invalid, "connectd does not support searching by SearchCriteria.%s yet.", in.Unsupported[0])
	}
	if in.End.Before(in.Start) {
		return nil, 0, "", Errorf(Invalid, "TimeRange EndTime must not be before StartTime.")
	}
	q := ContactQuery{
		TimeField: in.TimeField, Start: in.Start, End: in.End, Channels: in.Channels,
		InitiationMethods: in.InitiationMethods, QueueIDs: in.QueueIDs,
		SortField: in.SortField, Descending: in.SortOrder != "ASCENDING", Limit: in.MaxResults,
	}
	q.AgentHierarchy = in.AgentHierarchy
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
