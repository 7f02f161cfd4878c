package connect

import (
	"testing"
	"time"
)

// TestHoursOpenAt covers the one hours rule: the flow engine's
// CheckHoursOfOperation asks HoursOfOperation.OpenAt.
func TestHoursOpenAt(t *testing.T) {
	t.Parallel()
	slot := func(day string, sh, sm, eh, em int32) HoursConfig {
		return HoursConfig{Day: day, StartHours: sh, StartMinute: sm, EndHours: eh, EndMinute: em}
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
	var office, allWeek []HoursConfig
	for _, d := range weekDays {
		allWeek = append(allWeek, slot(d, 0, 0, 0, 0))
		if d != "SATURDAY" && d != "SUNDAY" {
			office = append(office, slot(d, 9, 0, 17, 0))
		}
	}
	paris := []HoursConfig{
		slot("MONDAY", 9, 0, 12, 0), slot("MONDAY", 13, 30, 17, 0), // lunch break
		slot("FRIDAY", 22, 0, 2, 0),   // overnight into Saturday
		slot("SUNDAY", 10, 0, 0, 0),   // 10:00 to midnight
		slot("TUESDAY", 0, 0, 0, 0),   // all day
		slot("WEDNESDAY", 9, 0, 9, 0), // end not after start: runs 24h into Thursday
	}
	// 2026-06-01 and 2026-11-23 are Mondays; 2026-03-08 and 2026-11-01 are
	// the US daylight saving changes, 2026-03-29 the European one (Sundays).
	tests := []struct {
		name   string
		zone   string
		config []HoursConfig
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
		{"one all-day slot", "UTC", []HoursConfig{slot("TUESDAY", 0, 0, 0, 0)}, at("UTC", "2026-06-02 23:59:59"), true},
		{"one all-day slot, next day", "UTC", []HoursConfig{slot("TUESDAY", 0, 0, 0, 0)}, at("UTC", "2026-06-03 00:00:00"), false},
		{"until midnight", "UTC", []HoursConfig{slot("MONDAY", 10, 0, 0, 0)}, at("UTC", "2026-06-01 23:30:00"), true},
		{"until midnight, after", "UTC", []HoursConfig{slot("MONDAY", 10, 0, 0, 0)}, at("UTC", "2026-06-02 00:00:00"), false},
		{"overnight, evening", "Europe/Paris", []HoursConfig{slot("FRIDAY", 22, 0, 2, 0)}, at("Europe/Paris", "2026-06-05 23:00:00"), true},
		{"overnight, after midnight", "Europe/Paris", []HoursConfig{slot("FRIDAY", 22, 0, 2, 0)}, at("Europe/Paris", "2026-06-06 01:59:00"), true},
		{"overnight, closed", "Europe/Paris", []HoursConfig{slot("FRIDAY", 22, 0, 2, 0)}, at("Europe/Paris", "2026-06-06 02:00:00"), false},
		{"overnight, the morning before", "Europe/Paris", []HoursConfig{slot("FRIDAY", 22, 0, 2, 0)}, at("Europe/Paris", "2026-06-05 01:00:00"), false},
		{"overnight Saturday into Sunday", "UTC", []HoursConfig{slot("SATURDAY", 20, 0, 4, 30)}, at("UTC", "2026-06-07 04:29:00"), true},
		{"lunch break", "UTC", []HoursConfig{slot("MONDAY", 9, 0, 12, 0), slot("MONDAY", 13, 0, 17, 0)}, at("UTC", "2026-06-01 12:30:00"), false},
		{"after lunch", "UTC", []HoursConfig{slot("MONDAY", 9, 0, 12, 0), slot("MONDAY", 13, 0, 17, 0)}, at("UTC", "2026-06-01 13:00:00"), true},
		{"no config is always closed", "UTC", nil, at("UTC", "2026-06-01 12:00:00"), false},
		{"half-hour zone", "Asia/Kolkata", []HoursConfig{slot("MONDAY", 9, 30, 18, 0)}, time.Date(2026, 6, 1, 4, 0, 0, 0, time.UTC), true},

		{"paris monday before opening", "Europe/Paris", paris, at("Europe/Paris", "2026-11-23 08:59:59"), false},
		{"paris monday at opening", "Europe/Paris", paris, at("Europe/Paris", "2026-11-23 09:00:00"), true},
		{"paris monday last second before lunch", "Europe/Paris", paris, at("Europe/Paris", "2026-11-23 11:59:59"), true},
		{"paris monday lunch starts at the end minute", "Europe/Paris", paris, at("Europe/Paris", "2026-11-23 12:00:00"), false},
		{"paris monday after lunch", "Europe/Paris", paris, at("Europe/Paris", "2026-11-23 13:30:00"), true},
		{"paris monday evening", "Europe/Paris", paris, at("Europe/Paris", "2026-11-23 17:00:00"), false},
		{"paris tuesday midnight", "Europe/Paris", paris, at("Europe/Paris", "2026-11-24 00:00:00"), true},
		{"paris tuesday last second", "Europe/Paris", paris, at("Europe/Paris", "2026-11-24 23:59:59"), true},
		{"paris wednesday before 9", "Europe/Paris", paris, at("Europe/Paris", "2026-11-25 08:00:00"), false},
		{"paris wednesday 9", "Europe/Paris", paris, at("Europe/Paris", "2026-11-25 09:00:00"), true},
		{"paris thursday 8:59 from wednesday's slot", "Europe/Paris", paris, at("Europe/Paris", "2026-11-26 08:59:00"), true},
		{"paris thursday 9 closes", "Europe/Paris", paris, at("Europe/Paris", "2026-11-26 09:00:00"), false},
		{"paris friday 21:59", "Europe/Paris", paris, at("Europe/Paris", "2026-11-27 21:59:00"), false},
		{"paris friday 22:00", "Europe/Paris", paris, at("Europe/Paris", "2026-11-27 22:00:00"), true},
		{"paris saturday 01:59 from friday's slot", "Europe/Paris", paris, at("Europe/Paris", "2026-11-28 01:59:59"), true},
		{"paris saturday 02:00", "Europe/Paris", paris, at("Europe/Paris", "2026-11-28 02:00:00"), false},
		{"paris sunday 23:59", "Europe/Paris", paris, at("Europe/Paris", "2026-11-29 23:59:59"), true},
		{"paris monday 00:00 after sunday's midnight end", "Europe/Paris", paris, at("Europe/Paris", "2026-11-30 00:00:00"), false},
		{"paris, the same instant in UTC", "Europe/Paris", paris, time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), true}, // 09:00 in Paris
		{"paris DST sunday 10:00 local", "Europe/Paris", paris, at("Europe/Paris", "2026-03-29 10:00:00"), true},
		{"paris DST sunday 09:59 local", "Europe/Paris", paris, at("Europe/Paris", "2026-03-29 09:59:00"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &HoursOfOperation{ID: "h", TimeZone: tt.zone, Config: tt.config}
			got, err := h.OpenAt(tt.t)
			if err != nil || got != tt.want {
				t.Errorf("OpenAt(%s) = %v, %v; want %v", tt.t, got, err, tt.want)
			}
		})
	}
}

// TestHoursOpenAtErrors: hours whose zone or day Amazon Connect does not know
// cannot be read. An empty zone and an unknown day are errors too (the
// flow engine's rule), not UTC and ignored.
func TestHoursOpenAtErrors(t *testing.T) {
	t.Parallel()
	monday10am := time.Date(2026, time.June, 1, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		h    HoursOfOperation
		want string
	}{
		{"unknown zone", HoursOfOperation{ID: "h", TimeZone: "Mars/Olympus_Mons"}, `hours of operation h: unknown time zone "Mars/Olympus_Mons"`},
		{"empty zone", HoursOfOperation{ID: "h", TimeZone: ""}, `hours of operation h: unknown time zone ""`},
		{"host zone", HoursOfOperation{ID: "h", TimeZone: "Local"}, `hours of operation h: unknown time zone "Local"`},
		{"unknown day", HoursOfOperation{ID: "h", TimeZone: "UTC", Config: []HoursConfig{{Day: "FUNDAY"}}}, `hours of operation h: unknown day "FUNDAY"`},
	}
	for _, tt := range tests {
		got, err := tt.h.OpenAt(monday10am)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: OpenAt = %v, %v; want error %q", tt.name, got, err, tt.want)
		}
	}
}

func TestCheckTimeZone(t *testing.T) {
	t.Parallel()
	for _, tz := range []string{"UTC", "Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Etc/GMT+5"} {
		if err := checkTimeZone(tz); err != nil {
			t.Errorf("checkTimeZone(%q) = %v, want nil", tz, err)
		}
	}
	for _, tz := range []string{"", "Local", "Mars/Olympus", "europe/london", "../etc/passwd", "/etc/localtime"} {
		if err := checkTimeZone(tz); KindOf(err) != InvalidParameter {
			t.Errorf("checkTimeZone(%q) = %v, want an InvalidParameter error", tz, err)
		}
	}
}
