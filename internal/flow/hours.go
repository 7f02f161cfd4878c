package flow

import (
	"fmt"
	"time"
	_ "time/tzdata" // hours of operation name IANA zones; do not depend on the host's zoneinfo

	"connectd/internal/connect"
)

// weekdays maps an HoursOfOperationConfig Day to Go's weekday.
var weekdays = map[string]time.Weekday{
	"SUNDAY": time.Sunday, "MONDAY": time.Monday, "TUESDAY": time.Tuesday, "WEDNESDAY": time.Wednesday,
	"THURSDAY": time.Thursday, "FRIDAY": time.Friday, "SATURDAY": time.Saturday,
}

const (
	minutesPerDay  = 24 * 60
	minutesPerWeek = 7 * minutesPerDay
)

// InHours reports whether t falls within h's hours, read on the wall clock of
// h's time zone (so opening hours follow daylight saving time, as Amazon
// Connect's do).
//
// Each config is one slot that opens on its Day at StartHours:StartMinute.
// It closes at EndHours:EndMinute the same day when that is later; otherwise
// the slot runs past midnight into the next day. So 00:00 as an end means
// midnight at the end of the day ("to specify midnight, enter 12:00AM":
// 10:00AM to 12:00AM is 14 hours), an end equal to the start means 24 hours
// (the 24/7 "Basic Hours" are 00:00 to 00:00 on every day), and 22:00 to
// 02:00 on FRIDAY covers Friday night until 2 AM on Saturday. The start
// minute is in the slot; the end minute is not.
//
// It fails when h's time zone or a config's day is not one Amazon Connect
// knows.
func InHours(h *connect.HoursOfOperation, t time.Time) (bool, error) {
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil || h.TimeZone == "" || h.TimeZone == "Local" {
		return false, fmt.Errorf("hours of operation %s: unknown time zone %q", h.ID, h.TimeZone)
	}
	local := t.In(loc)
	// Seconds into the local week, Sunday 00:00 being 0.
	now := ((int(local.Weekday())*24+local.Hour())*60+local.Minute())*60 + local.Second()
	for _, c := range h.Config {
		day, ok := weekdays[c.Day]
		if !ok {
			return false, fmt.Errorf("hours of operation %s: unknown day %q", h.ID, c.Day)
		}
		start := int(c.StartHours)*60 + int(c.StartMinute)
		end := int(c.EndHours)*60 + int(c.EndMinute)
		length := end - start
		if length <= 0 {
			length += minutesPerDay
		}
		open := (int(day)*minutesPerDay + start) * 60
		since := ((now-open)%(minutesPerWeek*60) + minutesPerWeek*60) % (minutesPerWeek * 60)
		if since < length*60 {
			return true, nil
		}
	}
	return false, nil
}
