package postgres

import "time"

// Conventions shared by every table, the same as internal/sqlite's so that a
// row means the same in both stores: times are unix milliseconds UTC; maps
// and lists are JSON text (internal/rowjson, shared with internal/sqlite),
// NULL (a nil *string) when empty, and read back as nil; optional unique
// keys are NULL when "".

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
