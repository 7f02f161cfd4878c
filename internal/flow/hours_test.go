package flow

import (
	"testing"
	"time"

	"connectd/internal/connect"
)

func TestInHours(t *testing.T) {
	t.Parallel()
	slot := func(day string, sh, sm, eh, em int32) connect.HoursConfig {
		return connect.HoursConfig{Day: day, StartHours: sh, StartMinute: sm, EndHours: eh, EndMinute: em}
	}
	at := func(zone, s string) time.Time {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	office := weekdays9to5("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")
	allWeek := []connect.HoursConfig{slot("SUNDAY", 0, 0, 0, 0), slot("MONDAY", 0, 0, 0, 0), slot("TUESDAY", 0, 0, 0, 0),
		slot("WEDNESDAY", 0, 0, 0, 0), slot("THURSDAY", 0, 0, 0, 0), slot("FRIDAY", 0, 0, 0, 0), slot("SATURDAY", 0, 0, 0, 0)}
	// 2026-06-01 is a Monday; 2026-03-08 and 2026-11-01 are the US daylight
	// saving changes (Sundays).
	tests := []struct {
		name   string
		zone   string
		config []connect.HoursConfig
		t      time.Time
		want   bool
	}{
		{"office open", "America/New_York", office, at("America/New_York", "2026-06-01 10:00:00"), true},
		{"office opening minute is in", "America/New_York", office, at("America/New_York", "2026-06-01 09:00:00"), true},
		{"office before opening", "America/New_York", office, at("America/New_York", "2026-06-01 08:59:59"), false},
		{"office closing minute is out", "America/New_York", office, at("America/New_York", "2026-06-01 17:00:00"), false},
		{"office last second", "America/New_York", office, at("America/New_York", "2026-06-01 16:59:59"), true},
		{"office on Saturday", "America/New_York", office, at("America/New_York", "2026-06-06 10:00:00"), false},
		{"office read in its own zone", "America/New_York", office, time.Date(2026, 6, 1, 13, 30, 0, 0, time.UTC), true},
		{"office is closed at 10:00 UTC", "America/New_York", office, time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC), false},
		{"winter time", "America/New_York", office, time.Date(2026, 1, 5, 14, 30, 0, 0, time.UTC), true},
		{"winter time, 08:30 local", "America/New_York", office, time.Date(2026, 1, 5, 13, 30, 0, 0, time.UTC), false},
		{"summer time, 09:30 local", "America/New_York", office, time.Date(2026, 7, 6, 13, 30, 0, 0, time.UTC), true},
		{"24/7", "UTC", allWeek, at("UTC", "2026-06-03 03:17:00"), true},
		{"24/7 at midnight", "UTC", allWeek, at("UTC", "2026-06-07 00:00:00"), true},
		{"one all-day slot", "UTC", []connect.HoursConfig{slot("TUESDAY", 0, 0, 0, 0)}, at("UTC", "2026-06-02 23:59:59"), true},
		{"one all-day slot, next day", "UTC", []connect.HoursConfig{slot("TUESDAY", 0, 0, 0, 0)}, at("UTC", "2026-06-03 00:00:00"), false},
		{"until midnight", "UTC", []connect.HoursConfig{slot("MONDAY", 10, 0, 0, 0)}, at("UTC", "2026-06-01 23:30:00"), true},
		{"until midnight, after", "UTC", []connect.HoursConfig{slot("MONDAY", 10, 0, 0, 0)}, at("UTC", "2026-06-02 00:00:00"), false},
		{"overnight, evening", "Europe/Paris", []connect.HoursConfig{slot("FRIDAY", 22, 0, 2, 0)}, at("Europe/Paris", "2026-06-05 23:00:00"), true},
		{"overnight, after midnight", "Europe/Paris", []connect.HoursConfig{slot("FRIDAY", 22, 0, 2, 0)}, at("Europe/Paris", "2026-06-06 01:59:00"), true},
		{"overnight, closed", "Europe/Paris", []connect.HoursConfig{slot("FRIDAY", 22, 0, 2, 0)}, at("Europe/Paris", "2026-06-06 02:00:00"), false},
		{"overnight, the morning before", "Europe/Paris", []connect.HoursConfig{slot("FRIDAY", 22, 0, 2, 0)}, at("Europe/Paris", "2026-06-05 01:00:00"), false},
		{"overnight Saturday into Sunday", "UTC", []connect.HoursConfig{slot("SATURDAY", 20, 0, 4, 30)}, at("UTC", "2026-06-07 04:29:00"), true},
		{"lunch break", "UTC", []connect.HoursConfig{slot("MONDAY", 9, 0, 12, 0), slot("MONDAY", 13, 0, 17, 0)}, at("UTC", "2026-06-01 12:30:00"), false},
		{"after lunch", "UTC", []connect.HoursConfig{slot("MONDAY", 9, 0, 12, 0), slot("MONDAY", 13, 0, 17, 0)}, at("UTC", "2026-06-01 13:00:00"), true},
		{"no config is always closed", "UTC", nil, at("UTC", "2026-06-01 12:00:00"), false},
		{"half-hour zone", "Asia/Kolkata", []connect.HoursConfig{slot("MONDAY", 9, 30, 18, 0)}, time.Date(2026, 6, 1, 4, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &connect.HoursOfOperation{ID: "h", TimeZone: tt.zone, Config: tt.config}
			got, err := InHours(h, tt.t)
			if err != nil || got != tt.want {
				t.Errorf("InHours at %s = %v, %v; want %v", tt.t, got, err, tt.want)
			}
		})
	}
}

func TestInHoursErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		h    connect.HoursOfOperation
	}{
		{"unknown zone", connect.HoursOfOperation{TimeZone: "Mars/Olympus_Mons"}},
		{"empty zone", connect.HoursOfOperation{TimeZone: ""}},
		{"host zone", connect.HoursOfOperation{TimeZone: "Local"}},
		{"unknown day", connect.HoursOfOperation{TimeZone: "UTC", Config: []connect.HoursConfig{{Day: "FUNDAY"}}}},
	}
	for _, tt := range tests {
		if got, err := InHours(&tt.h, monday10am); err == nil {
			t.Errorf("%s: InHours = %v, nil; want an error", tt.name, got)
		}
	}
}
