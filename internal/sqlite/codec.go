package sqlite

import (
	"database/sql"
	"time"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// Conventions shared by every table: times are unix milliseconds UTC; maps and
// lists are JSON text, NULL when empty, and read back as nil; optional unique
// keys are NULL when "".

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func msPtr(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMilli(), Valid: true}
}

func fromMSPtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// nullIfEmpty maps "" to NULL, for columns with partial unique indexes.
func nullIfEmpty(s string) sql.NullString {
	return sql.NullString{String: s, Valid: s != ""}
}

// The JSON in text columns is internal/rowjson's, shared with the
// PostgreSQL store; these adapt its *string (nil for NULL) to database/sql.

func nullString(p *string, err error) (sql.NullString, error) {
	if p == nil {
		return sql.NullString{}, err
	}
	return sql.NullString{String: *p, Valid: true}, err
}

func ptr(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

func encodeTags(t map[string]string) (sql.NullString, error) { return nullString(rowjson.Tags(t)) }
func decodeTags(s sql.NullString) (map[string]string, error) { return rowjson.DecodeTags(ptr(s)) }
func encodeStrings(l []string) (sql.NullString, error)       { return nullString(rowjson.Strings(l)) }
func decodeStrings(s sql.NullString) ([]string, error)       { return rowjson.DecodeStrings(ptr(s)) }

func encodeReferences(r map[string]connect.Reference) (sql.NullString, error) {
	return nullString(rowjson.References(r))
}

func decodeReferences(s sql.NullString) (map[string]connect.Reference, error) {
	return rowjson.DecodeReferences(ptr(s))
}

func encodeSegments(a map[string]connect.SegmentAttributeValue) (sql.NullString, error) {
	return nullString(rowjson.Segments(a))
}

func decodeSegments(s sql.NullString) (map[string]connect.SegmentAttributeValue, error) {
	return rowjson.DecodeSegments(ptr(s))
}

func encodeHoursConfig(c []connect.HoursConfig) (sql.NullString, error) {
	return nullString(rowjson.HoursConfig(c))
}

func decodeHoursConfig(s sql.NullString) ([]connect.HoursConfig, error) {
	return rowjson.DecodeHoursConfig(ptr(s))
}

func encodeIdentity(id connect.UserIdentity) (sql.NullString, error) {
	return nullString(rowjson.Identity(id))
}

func decodeIdentity(s sql.NullString) (connect.UserIdentity, error) {
	return rowjson.DecodeIdentity(ptr(s))
}

func encodeChannelConfigs(m map[string]connect.UserChannelConfig) (sql.NullString, error) {
	return nullString(rowjson.ChannelConfigs(m))
}

func decodeChannelConfigs(s sql.NullString) (map[string]connect.UserChannelConfig, error) {
	return rowjson.DecodeChannelConfigs(ptr(s))
}

func encodeConcurrencies(ms []connect.MediaConcurrency) (sql.NullString, error) {
	return nullString(rowjson.Concurrencies(ms))
}

func decodeConcurrencies(s sql.NullString) ([]connect.MediaConcurrency, error) {
	return rowjson.DecodeConcurrencies(ptr(s))
}
