package connect

import (
	"strings"
	"testing"
	"time"
)

func TestCheckSchedule(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"now", now, true},
		{"truncated to the second", now.Add(-900 * time.Millisecond), true},
		{"past", now.Add(-time.Minute), false},
		{"in an hour", now.Add(time.Hour), true},
		{"exactly 6 days", now.Add(6 * 24 * time.Hour), true},
		{"beyond 6 days", now.Add(6*24*time.Hour + time.Second), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkSchedule(tt.at, now)
			if (err == nil) != tt.ok || (err != nil && KindOf(err) != Invalid) {
				t.Errorf("checkSchedule(%v) = %v, want ok=%v", tt.at, err, tt.ok)
			}
		})
	}
}

func TestCheckReferences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		refs map[string]Reference
		ok   bool
	}{
		{"none", nil, true},
		{"url", map[string]Reference{"a": {RefURL, "https://example.com/x?y=1"}}, true},
		{"bad url", map[string]Reference{"a": {RefURL, "not a url"}}, false},
		{"number", map[string]Reference{"a": {RefNumber, "-12.5"}}, true},
		{"bad number", map[string]Reference{"a": {RefNumber, "twelve"}}, false},
		{"date", map[string]Reference{"a": {RefDate, "1767290400"}}, true},
		{"bad date", map[string]Reference{"a": {RefDate, "2026-01-01"}}, false},
		{"email", map[string]Reference{"a": {RefEmail, "jane@example.com"}}, true},
		{"bad email", map[string]Reference{"a": {RefEmail, "Jane <jane@example.com>"}}, false},
		{"string", map[string]Reference{"a": {RefString, "anything"}}, true},
		{"attachment", map[string]Reference{"a": {RefAttachment, "x"}}, false},
		{"unknown type", map[string]Reference{"a": {"EMAIL_MESSAGE", "x"}}, false},
		{"4096 bytes", map[string]Reference{"k": {RefString, strings.Repeat("é", 2047) + "x"}}, true},
		{"4097 bytes", map[string]Reference{"k": {RefString, strings.Repeat("é", 2048)}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkReferences(tt.refs)
			if (err == nil) != tt.ok {
				t.Errorf("checkReferences = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestCheckAttributes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		attrs map[string]string
		ok    bool
	}{
		{"plain", map[string]string{"customer_id-2": "x"}, true},
		{"dot in key", map[string]string{"a.b": "x"}, false},
		{"space in key", map[string]string{"a b": "x"}, false},
		{"unicode key", map[string]string{"clé": "x"}, false},
		{"32768 bytes", map[string]string{"k": strings.Repeat("a", 32767)}, true},
		{"32769 bytes", map[string]string{"k": strings.Repeat("a", 32768)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := checkAttributes(tt.attrs)
			if (err == nil) != tt.ok {
				t.Errorf("checkAttributes = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestCheckSegmentAttributes(t *testing.T) {
	t.Parallel()
	minutes := func(n int32) map[string]SegmentAttributeValue {
		return map[string]SegmentAttributeValue{SegmentContactExpiry: {Map: map[string]SegmentAttributeValue{"ExpiryDuration": {Integer: &n}}}}
	}
	s := "x"
	tests := []struct {
		name string
		seg  map[string]SegmentAttributeValue
		ok   bool
	}{
		{"expiry", minutes(135), true},
		{"expiry zero", minutes(0), false},
		{"expiry too long", minutes(maxExpiryMinutes + 1), false},
		{"expiry not a map", map[string]SegmentAttributeValue{SegmentContactExpiry: {String: &s}}, false},
		{"unknown key", map[string]SegmentAttributeValue{"connect:Subtype": {String: &s}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := checkSegmentAttributes(tt.seg, true); (err == nil) != tt.ok {
				t.Errorf("checkSegmentAttributes = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
