package awsapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Timestamp is a model timestamp in a JSON body: epoch seconds as a JSON
// number (the restJson1 default), written with millisecond precision.
type Timestamp struct {
	t time.Time
}

// NewTimestamp returns a Timestamp holding t.
func NewTimestamp(t time.Time) *Timestamp { return &Timestamp{t: t} }

// Time returns the time held by t; a nil t gives the zero time.
func (t *Timestamp) Time() time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.t
}

// MarshalJSON writes epoch seconds with at most three decimals and no
// exponent, e.g. 1767290400 or 1767290400.123 (the Go SDK rejects strings and
// parses integers with json.Number).
func (t Timestamp) MarshalJSON() ([]byte, error) {
	ms := t.t.UnixMilli()
	if ms%1000 == 0 {
		return strconv.AppendInt(nil, ms/1000, 10), nil
	}
	return strconv.AppendFloat(nil, float64(ms)/1e3, 'f', -1, 64), nil
}

// The range of a timestamp in a request: years 0001 to 9999, the years
// RFC 3339 (and Smithy's date-time format) can write. Beyond it epoch
// seconds overflow time.Time's arithmetic (near int64's maximum they wrap
// into the past), so such a value is refused as what it is.
const (
	minEpoch          = -62135596800 // 0001-01-01T00:00:00Z
	maxEpoch          = 253402300800 // 10000-01-01T00:00:00Z, excluded
	msgTimestampRange = "Member must be a timestamp between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"
)

var errTimestampRange = errors.New("timestamp out of range")

// UnmarshalJSON accepts an integer or fractional JSON number of epoch
// seconds. Strings (ISO-8601 or quoted numbers) are rejected, as AWS does.
func (t *Timestamp) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || !(data[0] == '-' || data[0] >= '0' && data[0] <= '9') || !json.Valid(data) {
		return &json.UnmarshalTypeError{Value: jsonKind(data), Type: reflect.TypeFor[Timestamp]()}
	}
	v, err := parseEpoch(string(data))
	if err != nil {
		return &json.UnmarshalTypeError{Value: "number " + string(data), Type: reflect.TypeFor[Timestamp]()}
	}
	t.t = v
	return nil
}

// parseEpoch parses s, a JSON number, as epoch seconds (nanosecond
// precision for decimal forms). It returns errTimestampRange for a time
// outside years 0001 to 9999.
func parseEpoch(s string) (time.Time, error) {
	if !strings.ContainsAny(s, "eE") {
		digits, neg := strings.CutPrefix(s, "-")
		intPart, frac, _ := strings.Cut(digits, ".")
		sec, err := strconv.ParseInt(intPart, 10, 64)
		if err == nil {
			var nanos int64
			for i := 0; i < 9; i++ {
				nanos *= 10
				if i < len(frac) {
					nanos += int64(frac[i] - '0')
				}
			}
			if neg {
				sec, nanos = -sec, -nanos
			}
			if sec < minEpoch || sec >= maxEpoch || sec == minEpoch && nanos < 0 {
				return time.Time{}, errTimestampRange
			}
			return time.Unix(sec, nanos).UTC(), nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return time.Time{}, err
	}
	if err != nil || f < minEpoch || f >= maxEpoch {
		return time.Time{}, errTimestampRange
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
}

func jsonKind(data []byte) string {
	if len(data) == 0 {
		return "empty"
	}
	switch data[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "value"
}
