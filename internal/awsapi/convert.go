package awsapi

import (
	"time"

	"connectd/internal/connect"
)

// str returns *p, or "" for nil.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// ptr returns &s, or nil for "" so that empty members are omitted.
func ptr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ts returns a wire timestamp, or nil for the zero time.
func ts(t time.Time) *Timestamp {
	if t.IsZero() {
		return nil
	}
	return NewTimestamp(t)
}

// tsp returns a wire timestamp for an optional time.
func tsp(t *time.Time) *Timestamp {
	if t == nil {
		return nil
	}
	return NewTimestamp(*t)
}

func intOr0(p *int32) int {
	if p == nil {
		return 0
	}
	return int(*p)
}

// partition is the account and region of the request's caller.
func partition(p Principal) connect.Partition {
	return connect.Partition{AccountID: p.AccountID, Region: p.Region}
}

// emptyToNil keeps empty maps off the wire, as AWS omits unset members.
func emptyToNil[M ~map[string]V, V any](m M) M {
	if len(m) == 0 {
		return nil
	}
	return m
}

func segmentIn(m map[string]SegmentAttributeValue) map[string]connect.SegmentAttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]connect.SegmentAttributeValue, len(m))
	for k, v := range m {
		out[k] = segmentValueIn(v)
	}
	return out
}

func segmentValueIn(v SegmentAttributeValue) connect.SegmentAttributeValue {
	d := connect.SegmentAttributeValue{String: v.ValueString, Integer: v.ValueInteger, ARN: v.ValueArn, Map: segmentIn(v.ValueMap)}
	for _, e := range v.ValueList {
		d.List = append(d.List, segmentValueIn(e))
	}
	return d
}

func segmentOut(m map[string]connect.SegmentAttributeValue) map[string]SegmentAttributeValue {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]SegmentAttributeValue, len(m))
	for k, v := range m {
		out[k] = segmentValueOut(v)
	}
	return out
}

func segmentValueOut(v connect.SegmentAttributeValue) SegmentAttributeValue {
	w := SegmentAttributeValue{ValueString: v.String, ValueInteger: v.Integer, ValueArn: v.ARN, ValueMap: segmentOut(v.Map)}
	for _, e := range v.List {
		w.ValueList = append(w.ValueList, segmentValueOut(e))
	}
	return w
}

func referencesIn(m map[string]Reference) map[string]connect.Reference {
	if m == nil {
		return nil
	}
	out := make(map[string]connect.Reference, len(m))
	for k, r := range m {
		out[k] = connect.Reference{Type: str(r.Type), Value: str(r.Value)}
	}
	return out
}
