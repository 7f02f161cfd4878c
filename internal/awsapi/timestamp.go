package awsapi

import (
	"bytes"
	"encoding/json"
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

// UnmarshalJSON accepts an integer or fractional JSON number of epoch
// seconds. Strings (ISO-8601 or quoted numbers) are rejected, as AWS does.
func (t *Timestamp) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || !(data[0] == '-' || data[0] >= '0' && data[0] <= '9') || !json.Valid(data) {
		return &json.UnmarshalTypeError{Value: jsonKind(data), Type: reflect.TypeFor[Timestamp]()}
	}
	s := string(data)
	if !bytes.ContainsAny(data, "eE") {
		neg := s[0] == '-'
		if neg {
			s = s[1:]
		}
		intPart, frac, _ := strings.Cut(s, ".")
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
			t.t = time.Unix(sec, nanos).UTC()
			return nil
		}
	}
	f, err := strconv.ParseFloat(string(data), 64)
	if err != nil || f > 1e15 || f < -1e15 {
		return &json.UnmarshalTypeError{Value: "number " + string(data), Type: reflect.TypeFor[Timestamp]()}
	}
	sec := int64(f)
	t.t = time.Unix(sec, int64((f-float64(sec))*1e9)).UTC()
	return nil
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
