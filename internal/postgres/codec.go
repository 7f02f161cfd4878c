package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"connectd/internal/connect"
)

// Conventions shared by every table, the same as internal/sqlite's so that a
// row means the same in both stores: times are unix milliseconds UTC; maps
// and lists are JSON text, NULL (a nil *string) when empty, and read back as
// nil; optional unique keys are NULL when "".
//
// The JSON mirrors below repeat internal/sqlite/codec.go's on purpose: the
// stores may not import each other, and the stored format is part of each
// store's schema. Keep the two in step (same member names), so that data can
// move between the stores.

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func msPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := t.UnixMilli()
	return &v
}

func fromMSPtr(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMS(*v)
	return &t
}

// nullIfEmpty maps "" to NULL, for columns with partial unique indexes.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// encodeJSON returns v as JSON text, or NULL when n == 0.
func encodeJSON(v any, n int) (*string, error) {
	if n == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

func decodeJSON(s *string, v any) error {
	if s == nil {
		return nil
	}
	return json.Unmarshal([]byte(*s), v)
}

func encodeTags(tags map[string]string) (*string, error) {
	return encodeJSON(tags, len(tags))
}

func decodeTags(s *string) (map[string]string, error) {
	var m map[string]string
	if err := decodeJSON(s, &m); err != nil {
		return nil, fmt.Errorf("decode tags: %w", err)
	}
	return m, nil
}

// The domain structs carry no tags; these mirrors own the stored JSON shape,
// so renaming a domain field cannot silently change the stored format.

type referenceJSON struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

func encodeReferences(refs map[string]connect.Reference) (*string, error) {
	m := make(map[string]referenceJSON, len(refs))
	for k, r := range refs {
		m[k] = referenceJSON{Type: r.Type, Value: r.Value}
	}
	return encodeJSON(m, len(m))
}

func decodeReferences(s *string) (map[string]connect.Reference, error) {
	var m map[string]referenceJSON
	if err := decodeJSON(s, &m); err != nil {
		return nil, fmt.Errorf("decode references: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	refs := make(map[string]connect.Reference, len(m))
	for k, r := range m {
		refs[k] = connect.Reference{Type: r.Type, Value: r.Value}
	}
	return refs, nil
}

// segmentJSON mirrors connect.SegmentAttributeValue. Map and List are
// pointers so that an empty (non-nil) map or list survives the round trip,
// distinct from an unset one.
type segmentJSON struct {
	String  *string                 `json:"s,omitempty"`
	Integer *int32                  `json:"i,omitempty"`
	ARN     *string                 `json:"arn,omitempty"`
	Map     *map[string]segmentJSON `json:"m,omitempty"`
	List    *[]segmentJSON          `json:"l,omitempty"`
}

func toSegmentJSON(v connect.SegmentAttributeValue) segmentJSON {
	j := segmentJSON{String: v.String, Integer: v.Integer, ARN: v.ARN}
	if v.Map != nil {
		m := make(map[string]segmentJSON, len(v.Map))
		for k, e := range v.Map {
			m[k] = toSegmentJSON(e)
		}
		j.Map = &m
	}
	if v.List != nil {
		l := make([]segmentJSON, len(v.List))
		for i, e := range v.List {
			l[i] = toSegmentJSON(e)
		}
		j.List = &l
	}
	return j
}

func fromSegmentJSON(j segmentJSON) connect.SegmentAttributeValue {
	v := connect.SegmentAttributeValue{String: j.String, Integer: j.Integer, ARN: j.ARN}
	if j.Map != nil {
		v.Map = make(map[string]connect.SegmentAttributeValue, len(*j.Map))
		for k, e := range *j.Map {
			v.Map[k] = fromSegmentJSON(e)
		}
	}
	if j.List != nil {
		v.List = make([]connect.SegmentAttributeValue, len(*j.List))
		for i, e := range *j.List {
			v.List[i] = fromSegmentJSON(e)
		}
	}
	return v
}

func encodeSegments(attrs map[string]connect.SegmentAttributeValue) (*string, error) {
	m := make(map[string]segmentJSON, len(attrs))
	for k, v := range attrs {
		m[k] = toSegmentJSON(v)
	}
	return encodeJSON(m, len(m))
}

func decodeSegments(s *string) (map[string]connect.SegmentAttributeValue, error) {
	var m map[string]segmentJSON
	if err := decodeJSON(s, &m); err != nil {
		return nil, fmt.Errorf("decode segment attributes: %w", err)
	}
	if len(m) == 0 {
		return nil, nil
	}
	attrs := make(map[string]connect.SegmentAttributeValue, len(m))
	for k, v := range m {
		attrs[k] = fromSegmentJSON(v)
	}
	return attrs, nil
}

type hoursConfigJSON struct {
	Day         string `json:"day"`
	StartHours  int32  `json:"start_hours"`
	StartMinute int32  `json:"start_minute"`
	EndHours    int32  `json:"end_hours"`
	EndMinute   int32  `json:"end_minute"`
}

func encodeHoursConfig(cfg []connect.HoursConfig) (*string, error) {
	l := make([]hoursConfigJSON, len(cfg))
	for i, c := range cfg {
		l[i] = hoursConfigJSON(c)
	}
	return encodeJSON(l, len(l))
}

func decodeHoursConfig(s *string) ([]connect.HoursConfig, error) {
	var l []hoursConfigJSON
	if err := decodeJSON(s, &l); err != nil {
		return nil, fmt.Errorf("decode hours config: %w", err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	cfg := make([]connect.HoursConfig, len(l))
	for i, c := range l {
		cfg[i] = connect.HoursConfig(c)
	}
	return cfg, nil
}

func encodeStrings(l []string) (*string, error) { return encodeJSON(l, len(l)) }

func decodeStrings(s *string) ([]string, error) {
	var l []string
	if err := decodeJSON(s, &l); err != nil {
		return nil, fmt.Errorf("decode string list: %w", err)
	}
	if len(l) == 0 {
		return nil, nil
	}
	return l, nil
}
