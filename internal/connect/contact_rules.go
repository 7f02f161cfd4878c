package connect

import (
	"fmt"
	"maps"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Documented limits of task contacts.
const (
	maxReferenceBytes   = 4096               // across all of a contact's references
	maxAttributeBytes   = 32768              // across all of a contact's attributes
	maxScheduleAhead    = 6 * 24 * time.Hour // ScheduledTime at most 6 days ahead
	maxTasksPerPrevious = 12                 // tasks sharing one PreviousContactId
	maxExpiryMinutes    = 90 * 24 * 60       // connect:ContactExpiry upper bound (90 days)
	// schedulePastGrace absorbs clients that send whole seconds (the AWS CLI
	// truncates) and small clock skew: a time this close behind now is "now".
	schedulePastGrace = 5 * time.Second
)

// checkSchedule applies the ScheduledTime rules: not in the past, at most 6 days ahead.
func checkSchedule(t, now time.Time) error {
	if t.Before(now.Add(-schedulePastGrace)) {
		return Errorf(Invalid, "ScheduledTime %s cannot be in the past.", t.UTC().Format(time.RFC3339))
	}
	if t.After(now.Add(maxScheduleAhead)) {
		return Errorf(Invalid, "ScheduledTime %s must be within 6 days from now.", t.UTC().Format(time.RFC3339))
	}
	return nil
}

// creatableReferenceTypes are the reference types a task may be given.
var creatableReferenceTypes = []string{RefURL, RefNumber, RefString, RefDate, RefEmail}

// checkReferences checks each reference's type and value and the contact's
// total reference size (names and values, in UTF-8 bytes).
func checkReferences(refs map[string]Reference) error {
	size := 0
	for _, name := range slices.Sorted(maps.Keys(refs)) {
		r := refs[name]
		if !slices.Contains(creatableReferenceTypes, r.Type) {
			return Errorf(Invalid, "Reference %s: type %s cannot be used on a task; use one of %s.",
				name, r.Type, strings.Join(creatableReferenceTypes, ", "))
		}
		if err := checkReferenceValue(r); err != nil {
			return Errorf(Invalid, "Reference %s: %s", name, err.Error())
		}
		size += len(name) + len(r.Value)
	}
	if size > maxReferenceBytes {
		return Errorf(Invalid, "References total %d bytes; a contact's references may total at most %d bytes.", size, maxReferenceBytes)
	}
	return nil
}

// Plain decimal numbers: no NaN, infinities or hex floats, which ParseFloat takes.
var (
	decimalNumber = regexp.MustCompile(`^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`)
	epochTime     = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

// checkReferenceValue checks that a reference's value fits its type.
func checkReferenceValue(r Reference) error {
	switch r.Type {
	case RefURL:
		u, err := url.Parse(r.Value)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return fmt.Errorf("value %q is not a valid URL", r.Value)
		}
	case RefNumber:
		if !decimalNumber.MatchString(r.Value) {
			return fmt.Errorf("value %q is not a number", r.Value)
		}
	case RefDate:
		if !epochTime.MatchString(r.Value) {
			return fmt.Errorf("value %q is not an epoch timestamp", r.Value)
		}
	case RefEmail:
		a, err := mail.ParseAddress(r.Value)
		if err != nil || a.Address != r.Value {
			return fmt.Errorf("value %q is not an email address", r.Value)
		}
	}
	return nil
}

// checkAttachments checks a task's attachments: at most 5, each with a file
// name and an absolute http or https URL (a pre-signed S3 URL, or one of an
// S3 emulator's) that connectd records without fetching.
func checkAttachments(as []TaskAttachment) error {
	if len(as) > maxTaskAttachments {
		return Errorf(InvalidParameter, "A task can have at most %d attachments; the request has %d.", maxTaskAttachments, len(as))
	}
	for i, a := range as {
		if a.FileName == "" {
			return Errorf(InvalidParameter, "Attachments[%d].FileName is empty.", i)
		}
		u, err := url.Parse(a.S3URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return Errorf(InvalidParameter, "Attachments[%d].S3Url %q is not a pre-signed S3 URL (an absolute http or https URL).", i, a.S3URL)
		}
	}
	return nil
}

// checkAttributes checks attribute keys and the set's total size.
func checkAttributes(attrs map[string]string) error {
	size := 0
	for k, v := range attrs {
		if !validAttributeKey(k) {
			return Errorf(Invalid, "Attribute key %q may contain only letters, digits, '-' and '_'.", k)
		}
		size += len(k) + len(v)
	}
	if size > maxAttributeBytes {
		return Errorf(Invalid, "Attributes total %d bytes; a contact's attributes may total at most %d bytes.", size, maxAttributeBytes)
	}
	return nil
}

func validAttributeKey(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// checkSegmentAttributes accepts the system segment attributes connectd
// supports: connect:ContactExpiry (always) and connect:CreatedByUser (when
// allowUser). Predefined user-defined attributes do not exist in connectd.
func checkSegmentAttributes(seg map[string]SegmentAttributeValue, allowUser bool) error {
	for _, k := range slices.Sorted(maps.Keys(seg)) {
		v := seg[k]
		switch {
		case k == SegmentContactExpiry:
			if _, err := expiryMinutes(v); err != nil {
				return err
			}
		case k == SegmentCreatedByUser && allowUser:
			if v.String == nil && v.ARN == nil {
				return Errorf(Invalid, "SegmentAttributes %s needs a ValueString with the user's ARN.", k)
			}
		default:
			return Errorf(Invalid, "SegmentAttributes key %s is not supported on this contact.", k)
		}
	}
	return nil
}

// expiryMinutes reads connect:ContactExpiry's ValueMap.ExpiryDuration.ValueInteger.
func expiryMinutes(v SegmentAttributeValue) (int32, error) {
	d, ok := v.Map["ExpiryDuration"]
	if !ok || d.Integer == nil || len(v.Map) != 1 {
		return 0, Errorf(Invalid, `SegmentAttributes %s must be {"ValueMap": {"ExpiryDuration": {"ValueInteger": <minutes>}}}.`, SegmentContactExpiry)
	}
	if m := *d.Integer; m < 1 || m > maxExpiryMinutes {
		return 0, Errorf(Invalid, "SegmentAttributes %s ExpiryDuration must be between 1 and %d minutes.", SegmentContactExpiry, maxExpiryMinutes)
	}
	return *d.Integer, nil
}

// The rules a flow must respect when it changes a contact. They are the
// rules of the API operations that make the same changes, exported so that
// the flow engine applies them instead of a copy.

// CheckContactAttributes checks a contact's whole attribute set, as
// UpdateContactAttributes and StartTaskContact do: keys of letters, digits,
// '-' and '_', at most 32,768 UTF-8 bytes in all. It returns an Invalid error.
func CheckContactAttributes(attrs map[string]string) error { return checkAttributes(attrs) }

// CheckContactReferences checks a task's whole reference set, as
// StartTaskContact does: creatable types, values that fit their type, at most
// 4,096 UTF-8 bytes in all. It returns an Invalid error.
func CheckContactReferences(refs map[string]Reference) error { return checkReferences(refs) }

// Contact tag limits, from the model's ContactTagMap, ContactTagKey and
// ContactTagValue shapes (TagContact, UntagContact).
const (
	MaxContactTagsPerRequest = 6
	maxContactTagKeyLen      = 128
	maxContactTagValueLen    = 256
)

// CheckContactTags checks the tags one TagContact request (or flow action)
// sets: at most 6, keys of 1 to 128 characters out of letters and
// + , - . / 0-9 : ; < = _ and not starting with "aws:" (system tags), values
// of at most 256 characters. It returns an Invalid error.
func CheckContactTags(tags map[string]string) error {
	if len(tags) > MaxContactTagsPerRequest {
		return Errorf(Invalid, "At most %d tags can be set at once; got %d.", MaxContactTagsPerRequest, len(tags))
	}
	for k, v := range tags {
		if err := CheckContactTagKey(k); err != nil {
			return err
		}
		if utf8.RuneCountInString(v) > maxContactTagValueLen {
			return Errorf(Invalid, "Tag %s: the value is longer than %d characters.", k, maxContactTagValueLen)
		}
	}
	return nil
}

// CheckContactTagKey checks one contact tag key (model pattern
// ^(?!aws:)[a-zA-Z+-=._:/]+$, length 1 to 128). It returns an Invalid error.
func CheckContactTagKey(k string) error {
	switch {
	case k == "" || utf8.RuneCountInString(k) > maxContactTagKeyLen:
		return Errorf(Invalid, "Tag key %q must be 1 to %d characters long.", k, maxContactTagKeyLen)
	case strings.HasPrefix(k, "aws:"):
		return Errorf(Invalid, "Tag key %q is a system tag (aws:) and cannot be changed.", k)
	}
	for _, c := range k {
		// The model's class a-zA-Z+-=._:/ holds the range '+'..'=', which
		// spans + , - . / 0-9 : ; < =.
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '+' && c <= '=' || c == '_') {
			return Errorf(Invalid, "Tag key %q contains %s, which a tag key cannot hold.", k, fmt.Sprintf("%q", c))
		}
	}
	return nil
}
