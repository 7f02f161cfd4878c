package awsapi

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimestampJSON(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in       string
		want     time.Time
		reencode string
	}{
		{"1767290400", time.Unix(1767290400, 0), "1767290400"},
		{"1767290400.5", time.Unix(1767290400, 500e6), "1767290400.5"},
		{"1767290400.123", time.Unix(1767290400, 123e6), "1767290400.123"},
		{"1767290400.1239", time.Unix(1767290400, 123900e3), "1767290400.123"},
		{"1.7672904e9", time.Unix(1767290400, 0), "1767290400"},
		{"0", time.Unix(0, 0), "0"},
		{"-1.5", time.Unix(-2, 500e6), "-1.5"},
		{"253402300799.999", time.Unix(253402300799, 999e6), "253402300799.999"},
		{"-62135596800", time.Unix(-62135596800, 0), "-62135596800"},
	} {
		var ts Timestamp
		if err := json.Unmarshal([]byte(tc.in), &ts); err != nil {
			t.Errorf("Unmarshal(%s): %v", tc.in, err)
			continue
		}
		if !ts.Time().Equal(tc.want) {
			t.Errorf("Unmarshal(%s) = %v, want %v", tc.in, ts.Time(), tc.want)
		}
		out, err := json.Marshal(ts)
		if err != nil || string(out) != tc.reencode {
			t.Errorf("Marshal(%s) = %s, %v; want %s", tc.in, out, err, tc.reencode)
		}
	}
	for _, bad := range []string{`"2026-01-01T12:00:00Z"`, `"1767290400"`, `true`, `{}`, `[]`, `1e400`,
		// Beyond years 0001 to 9999 (near int64's maximum, time.Time would wrap).
		`9223372036854775807`, `-9223372036854775808`, `253402300800`, `-62135596801`, `-62135596800.5`, `1e16`, `2.6e11`} {
		var ts Timestamp
		if err := json.Unmarshal([]byte(bad), &ts); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want error", bad, ts.Time())
		}
	}
	// In a struct: omitted when nil, a number when set.
	type s struct {
		T *Timestamp `json:"T,omitempty"`
	}
	b, _ := json.Marshal(s{T: NewTimestamp(time.UnixMilli(1767290400123))})
	if string(b) != `{"T":1767290400.123}` {
		t.Errorf("Marshal = %s", b)
	}
	b, _ = json.Marshal(s{})
	if string(b) != `{}` {
		t.Errorf("Marshal = %s", b)
	}
}
