package awsapi

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// input is implemented by the generated input shape of every implemented
// operation.
type input interface {
	inputShape() string
	bindHTTP(r *http.Request) error
	validate(path string) error
}

// ValidationError is the first model constraint a request violates. Field is
// the member path (e.g. "References.ticket.Value", "Attachments[0].Name") and
// Msg the violated constraint in AWS's words.
type ValidationError struct {
	Field string
	Msg   string
}

const (
	msgNotNull = "Member must not be null"
	msgUnion   = "Member must have exactly one member set"
)

// Error reads like the AWS message for a single violation.
func (e *ValidationError) Error() string {
	value := "Value"
	if e.Msg == msgNotNull {
		value = "Value null"
	}
	return fmt.Sprintf("1 validation error detected: %s at '%s' failed to satisfy constraint: %s", value, e.Field, e.Msg)
}

// sortedKeys returns the keys of m in order, so that the first violation in a
// map is deterministic.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func missing(path string) error { return &ValidationError{Field: path, Msg: msgNotNull} }

func join(p, name string) string {
	if p == "" {
		return name
	}
	return p + "." + name
}

func index(p string, i int) string { return p + "[" + strconv.Itoa(i) + "]" }

// strRule holds the constraints of a string shape. Lengths count Unicode code
// points, as Smithy does.
type strRule struct {
	min, max       int
	hasMin, hasMax bool
	pattern        string         // the model's pattern, for messages
	re             *regexp.Regexp // its RE2 translation
	notPrefix      string         // a leading (?!LIT) look-ahead RE2 cannot express
	enum           []string
}

func (r *strRule) check(v, path string) error {
	n := utf8.RuneCountInString(v)
	switch {
	case r.hasMin && n < r.min:
		return &ValidationError{Field: path, Msg: fmt.Sprintf("Member must have length greater than or equal to %d", r.min)}
	case r.hasMax && n > r.max:
		return &ValidationError{Field: path, Msg: fmt.Sprintf("Member must have length less than or equal to %d", r.max)}
	case r.notPrefix != "" && strings.HasPrefix(v, r.notPrefix),
		r.re != nil && !r.re.MatchString(v):
		return &ValidationError{Field: path, Msg: "Member must satisfy regular expression pattern: " + r.pattern}
	case r.enum != nil && !slices.Contains(r.enum, v):
		return &ValidationError{Field: path, Msg: "Member must satisfy enum value set: [" + strings.Join(r.enum, ", ") + "]"}
	}
	return nil
}

// intRule is the range of an integer or long shape.
type intRule struct {
	min, max       int64
	hasMin, hasMax bool
}

func (r *intRule) check(v int64, path string) error {
	switch {
	case r.hasMin && v < r.min:
		return &ValidationError{Field: path, Msg: fmt.Sprintf("Member must have value greater than or equal to %d", r.min)}
	case r.hasMax && v > r.max:
		return &ValidationError{Field: path, Msg: fmt.Sprintf("Member must have value less than or equal to %d", r.max)}
	}
	return nil
}

// floatRule is the range of a double or float shape.
type floatRule struct {
	min, max       float64
	hasMin, hasMax bool
}

func (r *floatRule) check(v float64, path string) error {
	switch {
	case r.hasMin && v < r.min:
		return &ValidationError{Field: path, Msg: "Member must have value greater than or equal to " + strconv.FormatFloat(r.min, 'f', -1, 64)}
	case r.hasMax && v > r.max:
		return &ValidationError{Field: path, Msg: "Member must have value less than or equal to " + strconv.FormatFloat(r.max, 'f', -1, 64)}
	}
	return nil
}

// lenRule is the size range of a list, map or blob shape.
type lenRule struct {
	min, max       int
	hasMin, hasMax bool
}

func (r *lenRule) check(n int, path string) error {
	switch {
	case r.hasMin && n < r.min:
		return &ValidationError{Field: path, Msg: fmt.Sprintf("Member must have length greater than or equal to %d", r.min)}
	case r.hasMax && n > r.max:
		return &ValidationError{Field: path, Msg: fmt.Sprintf("Member must have length less than or equal to %d", r.max)}
	}
	return nil
}

// pathString returns the unescaped path label name, or nil when it is empty
// (an empty label counts as a missing member).
func pathString(r *http.Request, name string) *string {
	v := r.PathValue(name)
	if v == "" {
		return nil
	}
	return &v
}

// queryString returns the first value of query parameter name, or nil.
func queryString(q url.Values, name string) *string {
	if vs := q[name]; len(vs) > 0 {
		return &vs[0]
	}
	return nil
}

func headerString(r *http.Request, name string) *string {
	if vs := r.Header.Values(name); len(vs) > 0 {
		return &vs[0]
	}
	return nil
}

func bindInt32(src *string, member, _ string, dst **int32) error {
	if src == nil {
		return nil
	}
	n, err := strconv.ParseInt(*src, 10, 32)
	if err != nil {
		return &ValidationError{Field: member, Msg: "Member must be an integer"}
	}
	v := int32(n)
	*dst = &v
	return nil
}

func bindInt64(src *string, member, _ string, dst **int64) error {
	if src == nil {
		return nil
	}
	n, err := strconv.ParseInt(*src, 10, 64)
	if err != nil {
		return &ValidationError{Field: member, Msg: "Member must be an integer"}
	}
	*dst = &n
	return nil
}

func bindBool(src *string, member, _ string, dst **bool) error {
	if src == nil {
		return nil
	}
	var b bool
	switch *src {
	case "true":
		b = true
	case "false":
	default:
		return &ValidationError{Field: member, Msg: "Member must be true or false"}
	}
	*dst = &b
	return nil
}

// bindHTTPDate parses a header timestamp (restJson1 default: IMF-fixdate).
func bindHTTPDate(src *string, member string, dst **Timestamp) error {
	if src == nil {
		return nil
	}
	t, err := http.ParseTime(*src)
	if err != nil {
		return &ValidationError{Field: member, Msg: "Member must be an HTTP date"}
	}
	*dst = NewTimestamp(t)
	return nil
}
