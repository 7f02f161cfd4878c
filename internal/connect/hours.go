package connect

import (
	"context"
	"slices"
	"time"
	_ "time/tzdata" // IANA time zones resolve on machines without a zoneinfo database
)

// weekDays are the days of HoursConfig, in time.Weekday order (Sunday is 0).
var weekDays = []string{"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"}

// HoursConfig is one day's opening slot (AWS HoursOfOperationConfig).
type HoursConfig struct {
	Day         string // SUNDAY .. SATURDAY
	StartHours  int32
	StartMinute int32
	EndHours    int32
	EndMinute   int32
}

// HoursOfOperation is a named weekly schedule in a time zone.
type HoursOfOperation struct {
	ID           string
	ARN          string
	InstanceID   string
	Name         string
	Description  string
	TimeZone     string
	Config       []HoursConfig
	LastModified time.Time
	Tags         map[string]string
}

// checkTimeZone accepts the IANA time zone names Go's time package knows
// ("UTC", "Europe/London", "America/New_York", ...). "Local" names the
// server's zone, not a real one, and is refused.
func checkTimeZone(tz string) error {
	if tz == "" || tz == "Local" {
		return invalidParam("TimeZone %q is not a valid time zone.", tz)
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return invalidParam("TimeZone %q is not a valid time zone.", tz)
	}
	return nil
}

// CreateHoursOfOperationInput is CreateHoursOfOperation's input.
type CreateHoursOfOperationInput struct {
	InstanceID  string
	Name        string
	Description string
	TimeZone    string
	Config      []HoursConfig
	// ParentHours counts the ParentHoursOfOperationConfigs of the request:
	// hours-of-operation overrides are not supported yet.
	ParentHours int
	Tags        map[string]string
}

// CreateHoursOfOperation creates hours of operation. Names are unique in an
// instance.
func (s *Service) CreateHoursOfOperation(ctx context.Context, p Partition, in CreateHoursOfOperationInput) (*HoursOfOperation, error) {
	var out *HoursOfOperation
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createHoursOfOperation(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createHoursOfOperation is CreateHoursOfOperation in ch; id, when not "",
// is the new ID (see newID).
func (ch *change) createHoursOfOperation(ctx context.Context, p Partition, id string, in CreateHoursOfOperationInput) (*HoursOfOperation, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if in.ParentHours > 0 {
		return nil, Errorf(Invalid, "connectd does not support ParentHoursOfOperationConfigs yet.")
	}
	if err := checkTimeZone(in.TimeZone); err != nil {
		return nil, err
	}
	if id, err = ch.newID(ResourceHoursOfOperation, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	h := &HoursOfOperation{
		ID: id, InstanceID: inst.ID, Name: in.Name, Description: in.Description, TimeZone: in.TimeZone,
		Config: in.Config, LastModified: ch.now, Tags: in.Tags,
	}
	h.ARN = subARN(p, inst.ID, ResourceHoursOfOperation, h.ID)
	if err := checkHoursName(ctx, ch.tx, inst.ID, "", in.Name); err != nil {
		return nil, err
	}
	if err := ch.tx.InsertHoursOfOperation(ctx, h); err != nil {
		return nil, err
	}
	return h, nil
}

// checkHoursName refuses a name that hours of operation other than self
// already have.
func checkHoursName(ctx context.Context, r Reader, instanceID, self, name string) error {
	other, err := r.GetHoursOfOperationByName(ctx, instanceID, name)
	switch {
	case err == nil && other.ID != self:
		return &Error{Kind: Duplicate, Resource: ResourceHoursOfOperation, Message: "Hours of operation with the name " + name + " already exist."}
	case err != nil && !IsNotFound(err):
		return err
	}
	return nil
}

// UpdateHoursOfOperationInput is UpdateHoursOfOperation's input: nil members
// are kept. A non-nil Config (even empty) replaces the config.
type UpdateHoursOfOperationInput struct {
	InstanceID  string
	ID          string
	Name        *string
	Description *string
	TimeZone    *string
	Config      []HoursConfig
}

// UpdateHoursOfOperation changes hours of operation.
func (s *Service) UpdateHoursOfOperation(ctx context.Context, p Partition, in UpdateHoursOfOperationInput) error {
	inst, err := s.instance(ctx, p, in.InstanceID)
	if err != nil {
		return err
	}
	if in.TimeZone != nil {
		if err := checkTimeZone(*in.TimeZone); err != nil {
			return err
		}
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		h, err := tx.GetHoursOfOperation(ctx, inst.ID, in.ID)
		if err != nil {
			return err
		}
		if in.Name != nil {
			if err := checkHoursName(ctx, tx, inst.ID, h.ID, *in.Name); err != nil {
				return err
			}
			h.Name = *in.Name
		}
		if in.Description != nil {
			h.Description = *in.Description
		}
		if in.TimeZone != nil {
			h.TimeZone = *in.TimeZone
		}
		if in.Config != nil {
			h.Config = slices.Clone(in.Config)
		}
		h.LastModified = s.now()
		return tx.UpdateHoursOfOperation(ctx, h)
	})
}

// DeleteHoursOfOperation deletes hours of operation no queue uses. Hours in
// use are refused with an Invalid error: DeleteHoursOfOperation declares no
// conflict exception.
func (s *Service) DeleteHoursOfOperation(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		h, err := tx.GetHoursOfOperation(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		n, err := tx.CountQueuesByHoursOfOperation(ctx, inst.ID, h.ID)
		if err != nil {
			return err
		}
		if n > 0 {
			return &Error{Kind: Conflict, Resource: ResourceHoursOfOperation,
				Message: "Hours of operation " + h.ID + " are used by a queue and cannot be deleted."}
		}
		return tx.DeleteHoursOfOperation(ctx, inst.ID, h.ID)
	})
}

// OpenAt reports whether t falls within h's hours, read on the wall clock of
// h's time zone (so opening hours follow daylight saving time, as Amazon
// Connect's do). It is the one implementation of the rule: the flow engine's
// CheckHoursOfOperation asks it.
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
// It fails (Internal: the API never stores such hours) when h's time zone or
// a config's day is not one Amazon Connect knows; the error's message is
// what a flow logs.
func (h *HoursOfOperation) OpenAt(t time.Time) (bool, error) {
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil || h.TimeZone == "" || h.TimeZone == "Local" {
		return false, Errorf(Internal, "hours of operation %s: unknown time zone %q", h.ID, h.TimeZone)
	}
	const (
		minutesPerDay  = 24 * 60
		secondsPerWeek = 7 * minutesPerDay * 60
	)
	local := t.In(loc)
	// Seconds into the local week, Sunday 00:00 being 0.
	now := ((int(local.Weekday())*24+local.Hour())*60+local.Minute())*60 + local.Second()
	for _, c := range h.Config {
		day := slices.Index(weekDays, c.Day) // weekDays is in time.Weekday order
		if day < 0 {
			return false, Errorf(Internal, "hours of operation %s: unknown day %q", h.ID, c.Day)
		}
		start := int(c.StartHours)*60 + int(c.StartMinute)
		end := int(c.EndHours)*60 + int(c.EndMinute)
		length := end - start
		if length <= 0 {
			length += minutesPerDay
		}
		open := (day*minutesPerDay + start) * 60
		since := ((now-open)%secondsPerWeek + secondsPerWeek) % secondsPerWeek
		if since < length*60 {
			return true, nil
		}
	}
	return false, nil
}

// DescribeHoursOfOperation returns hours of operation.
func (s *Service) DescribeHoursOfOperation(ctx context.Context, p Partition, instanceID, id string) (*HoursOfOperation, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.store.GetHoursOfOperation(ctx, inst.ID, id)
}

// ListHoursOfOperations returns a page of the instance's hours of operation.
func (s *Service) ListHoursOfOperations(ctx context.Context, p Partition, instanceID, token string, max int) ([]*HoursOfOperation, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*HoursOfOperation, error) {
			return s.store.ListHoursOfOperations(ctx, inst, pr)
		},
		func(h *HoursOfOperation) string { return h.ID })
}
