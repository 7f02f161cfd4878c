package admin

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectd/internal/clock"
)

// TestClockInput checks that POST /clock takes exactly one JSON object
// {"AdvanceSeconds": N} or {"SetTime": epoch} (not before the clock) and
// refuses everything else, without moving time.
func TestClockInput(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body string
		want       int
		moved      time.Duration
	}{
		{"advance", `{"AdvanceSeconds": 60}`, 200, time.Minute},
		{"advance with spaces", " {\"AdvanceSeconds\": 1.5}\n", 200, 1500 * time.Millisecond},
		{"trailing garbage", `{"AdvanceSeconds": 60} garbage`, 400, 0},
		{"second object", `{"AdvanceSeconds": 60}{"AdvanceSeconds": 60}`, 400, 0},
		{"trailing bracket", `{"AdvanceSeconds": 60}]`, 400, 0},
		{"truncated", `{"AdvanceSeconds": 60`, 400, 0},
		{"empty", ``, 400, 0},
		{"null", `null`, 400, 0},
		{"null member", `{"AdvanceSeconds": null}`, 400, 0},
		{"string", `{"AdvanceSeconds": "60"}`, 400, 0},
		{"unknown member", `{"AdvanceSeconds": 60, "X": 1}`, 400, 0},
		{"invalid UTF-8", "{\"AdvanceSeconds\": 60, \"\xff\": 1}", 400, 0},
		{"negative", `{"AdvanceSeconds": -1}`, 400, 0},
		{"too far", `{"AdvanceSeconds": 1e10}`, 400, 0},
		{"overflow", `{"AdvanceSeconds": 1e400}`, 400, 0},
		{"array", `[60]`, 400, 0},
		{"set time", fmt.Sprintf(`{"SetTime": %d}`, start.Add(time.Hour).Unix()), 200, time.Hour},
		{"set time now", fmt.Sprintf(`{"SetTime": %d}`, start.Unix()), 200, 0},
		{"set time fraction", fmt.Sprintf(`{"SetTime": %d.25}`, start.Unix()), 200, 250 * time.Millisecond},
		{"set time before", fmt.Sprintf(`{"SetTime": %d}`, start.Add(-time.Second).Unix()), 400, 0},
		{"set time and advance", fmt.Sprintf(`{"SetTime": %d, "AdvanceSeconds": 1}`, start.Unix()), 400, 0},
		{"set time beyond 9999", `{"SetTime": 253402300800}`, 400, 0},
		{"set time negative", `{"SetTime": -1}`, 400, 0},
		{"set time string", `{"SetTime": "2026-03-02T10:00:00Z"}`, 400, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clk := clock.NewManual(start)
			h := Handler(Config{Clock: clk, Now: clk.Now, Logger: slog.New(slog.DiscardHandler)})
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", Prefix+"clock", strings.NewReader(tc.body)))
			if rec.Code != tc.want {
				t.Errorf("status = %d, want %d (body %s)", rec.Code, tc.want, rec.Body)
			}
			if tc.want != 200 {
				checkError(t, rec, "InvalidParameterException")
			}
			if got := clk.Now().Sub(start); got != tc.moved {
				t.Errorf("clock moved %v, want %v", got, tc.moved)
			}
		})
	}
}

func checkError(t *testing.T, rec *httptest.ResponseRecorder, code string) {
	t.Helper()
	if got := rec.Header()["X-Amzn-ErrorType"]; len(got) != 1 || got[0] != code {
		t.Errorf("X-Amzn-ErrorType = %q, want %q", got, code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body struct{ Message *string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Message == nil || *body.Message == "" {
		t.Errorf("body %q is not {\"Message\": ...} (%v)", rec.Body, err)
	}
}
