package connect

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

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
