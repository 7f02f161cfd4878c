package rowjson

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// TestStoredFormat pins the stored JSON: data written by an earlier connectd
// must read back, so a change here is a migration, not a refactor.
func TestStoredFormat(t *testing.T) {
	t.Parallel()
	i := int32(60)
	s := "x"
	tests := []struct {
		name string
		enc  func() (*string, error)
		want string
	}{
		{"references", func() (*string, error) {
			return References(map[string]connect.Reference{"r": {Type: "URL", Value: "https://e"}})
		}, `{"r":{"type":"URL","value":"https://e"}}`},
		{"segments", func() (*string, error) {
			return Segments(map[string]connect.SegmentAttributeValue{"k": {Map: map[string]connect.SegmentAttributeValue{
				"d": {Integer: &i}}, List: []connect.SegmentAttributeValue{{String: &s}}}})
		}, `{"k":{"m":{"d":{"i":60}},"l":[{"s":"x"}]}}`},
		{"hours", func() (*string, error) {
			return HoursConfig([]connect.HoursConfig{{Day: "MONDAY", StartHours: 9, EndHours: 17}})
		}, `[{"day":"MONDAY","start_hours":9,"start_minute":0,"end_hours":17,"end_minute":0}]`},
		{"concurrencies", func() (*string, error) {
			return Concurrencies([]connect.MediaConcurrency{{Channel: "TASK", Concurrency: 2}})
		}, `[{"channel":"TASK","concurrency":2}]`},
		{"identity", func() (*string, error) { return Identity(connect.UserIdentity{FirstName: "A"}) }, `{"first_name":"A"}`},
	}
	for _, tc := range tests {
		got, err := tc.enc()
		if err != nil || got == nil || *got != tc.want {
			t.Errorf("%s = %v, %v; want %s", tc.name, got, err, tc.want)
		}
	}
	for name, enc := range map[string]func() (*string, error){
		"no tags":       func() (*string, error) { return Tags(nil) },
		"no references": func() (*string, error) { return References(map[string]connect.Reference{}) },
		"no identity":   func() (*string, error) { return Identity(connect.UserIdentity{}) },
	} {
		if got, err := enc(); got != nil || err != nil {
			t.Errorf("%s = %v, %v; want NULL (nil)", name, got, err)
		}
	}
}

func TestFlowLogEntryRoundTrip(t *testing.T) {
	t.Parallel()
	e := connect.FlowLogEntry{Timestamp: time.UnixMilli(1700000000123).UTC(), ContactFlowID: "f", ContactFlowName: "F",
		ActionID: "a", ActionType: "Compare", Parameters: map[string]string{"p": "v"}, Branch: "NextAction",
		NextAction: "b", Error: "e"}
	s, err := FlowLogEntry(e)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"ts":1700000000123,"flowId":"f","flowName":"F","actionId":"a","actionType":"Compare","parameters":{"p":"v"},"branch":"NextAction","next":"b","error":"e"}`; s != want {
		t.Errorf("FlowLogEntry = %s, want %s", s, want)
	}
	got, err := DecodeFlowLogEntry(s)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(e, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
