package connect

import (
	"testing"
	"time"
)

func TestHoursOpenAt(t *testing.T) {
	t.Parallel()
	slot := func(day string, sh, sm, eh, em int32) HoursConfig {
		return HoursConfig{Day: day, StartHours: sh, StartMinute: sm, EndHours: eh, EndMinute: em}
	}
	office := &HoursOfOperation{TimeZone: "Europe/Paris", Config: []HoursConfig{
		slot("MONDAY", 9, 0, 12, 0), slot("MONDAY", 13, 30, 17, 0), // lunch break
		slot("FRIDAY", 22, 0, 2, 0),   // overnight into Saturday
		slot("SUNDAY", 10, 0, 0, 0),   // 10:00 to midnight
		slot("TUESDAY", 0, 0, 0, 0),   // all day
		slot("WEDNESDAY", 9, 0, 9, 0), // end not after start: runs 24h into Thursday
	}}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, paris)
	}
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		// 2026-11-23 is a Monday.
		{"monday before opening", at(2026, 11, 23, 8, 59, 59), false},
		{"monday at opening", at(2026, 11, 23, 9, 0, 0), true},
		{"monday last second before lunch", at(2026, 11, 23, 11, 59, 59), true},
		{"monday lunch starts at the end minute", at(2026, 11, 23, 12, 0, 0), false},
		{"monday after lunch", at(2026, 11, 23, 13, 30, 0), true},
		{"monday evening", at(2026, 11, 23, 17, 0, 0), false},
		{"tuesday midnight", at(2026, 11, 24, 0, 0, 0), true},
		{"tuesday last second", at(2026, 11, 24, 23, 59, 59), true},
		{"wednesday before 9", at(2026, 11, 25, 8, 0, 0), false},
		{"wednesday 9", at(2026, 11, 25, 9, 0, 0), true},
		{"thursday 8:59 from wednesday's slot", at(2026, 11, 26, 8, 59, 0), true},
		{"thursday 9 closes", at(2026, 11, 26, 9, 0, 0), false},
		{"friday 21:59", at(2026, 11, 27, 21, 59, 0), false},
		{"friday 22:00", at(2026, 11, 27, 22, 0, 0), true},
		{"saturday 01:59 from friday's slot", at(2026, 11, 28, 1, 59, 59), true},
		{"saturday 02:00", at(2026, 11, 28, 2, 0, 0), false},
		{"sunday 23:59", at(2026, 11, 29, 23, 59, 59), true},
		{"monday 00:00 after sunday's midnight end", at(2026, 11, 30, 0, 0, 0), false},
		{"same instant in UTC", time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), true}, // 09:00 in Paris
		// 2026-03-29: clocks go from 02:00 to 03:00 in Paris; Sunday hours are wall-clock.
		{"DST sunday 10:00 local", at(2026, 3, 29, 10, 0, 0), true},
		{"DST sunday 09:59 local", at(2026, 3, 29, 9, 59, 0), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := office.OpenAt(tc.t)
			if err != nil || got != tc.want {
				t.Errorf("OpenAt(%v) = %v, %v; want %v", tc.t, got, err, tc.want)
			}
		})
	}
	if _, err := (&HoursOfOperation{TimeZone: "Nowhere/Land"}).OpenAt(time.Now()); err == nil {
		t.Error("OpenAt with an unknown zone = nil error")
	}
	if open, err := (&HoursOfOperation{TimeZone: "UTC"}).OpenAt(time.Now()); open || err != nil {
		t.Errorf("OpenAt with no config = %v, %v; want closed", open, err)
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
