package awsapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Input is read strictly: what does not parse as the model's JSON, or as a
// URL, is refused, never repaired. encoding/json alone would replace invalid
// UTF-8 and unpaired surrogate escapes with U+FFFD, store a null map value
// or list element as "" (or a zero struct), and name the wrong member of a
// nested shape (it drops list indices and map keys); url.Values drops a
// query pair it cannot unescape. Every refusal here is the operation's
// validation error, as for truncated JSON.

// checkURL refuses a request path or query string that does not unescape to
// UTF-8 text (net/http's server refuses a path that does not unescape at
// all before any handler runs).
func checkURL(r *http.Request) error {
	for seg := range strings.SplitSeq(r.URL.EscapedPath(), "/") {
		s, err := url.PathUnescape(seg)
		if err != nil {
			return badInputf("Request path is not valid: %v", err)
		}
		if !utf8.ValidString(s) {
			return badInputf("Request path is not valid: %q is not valid UTF-8", seg)
		}
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return badInputf("Query string is not valid: %v", err)
	}
	for _, k := range sortedKeys(q) {
		if !utf8.ValidString(k) {
			return badInput("Query string is not valid: a parameter name is not valid UTF-8")
		}
		for _, v := range q[k] {
			if !utf8.ValidString(v) {
				return badInputf("Query string is not valid: %s is not valid UTF-8", k)
			}
		}
	}
	return nil
}

// badInput is a refusal of input that cannot be read; its text is the
// client-safe message of the operation's validation error.
type badInput string

func (e badInput) Error() string { return string(e) }

func badInputf(format string, args ...any) error { return badInput(fmt.Sprintf(format, args...)) }

// errNotJSON is the message of a body that does not parse.
const errNotJSON = "Request body is not valid JSON"

// checkBody checks that body, a JSON request body that is not empty, is one
// JSON object of UTF-8 text whose members have the types of in's shape
// (a pointer to a generated input struct): the checks encoding/json does
// not make, or makes without naming the member. A null member is unset, as
// in the SDKs; a null list element or map value is refused (the model's
// lists and maps are dense).
func checkBody(body []byte, in any) error {
	if !utf8.Valid(body) {
		return badInputf("%s: invalid UTF-8 at offset %d", errNotJSON, invalidUTF8(body))
	}
	if !json.Valid(body) {
		return badInput(errNotJSON)
	}
	if off, esc := unpairedSurrogate(body); off >= 0 {
		return badInputf(`%s: unpaired surrogate \u%s at offset %d`, errNotJSON, esc, off)
	}
	if bytes.Equal(body, []byte("null")) {
		return nil // the SDKs' empty input: {}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	w := walker{dec: dec}
	if body[0] != '{' {
		return badInput("Request body must be a JSON object")
	}
	return w.value(reflect.TypeOf(in).Elem(), "")
}

// invalidUTF8 returns the offset of the first byte of b that is not valid
// UTF-8.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// unpairedSurrogate scans the strings of body, valid JSON, for a \u escape
// of a UTF-16 surrogate that is not a high surrogate followed by a low one,
// and returns its offset and its four hex digits, or -1.
func unpairedSurrogate(body []byte) (int, string) {
	inString := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !inString {
			inString = c == '"'
			continue
		}
		switch c {
		case '"':
			inString = false
		case '\\':
			if body[i+1] != 'u' {
				i++ // a one-character escape
				continue
			}
			v, _ := strconv.ParseUint(string(body[i+2:i+6]), 16, 16)
			switch {
			case v >= 0xD800 && v < 0xDC00:
				if i+12 > len(body) || body[i+6] != '\\' || body[i+7] != 'u' {
					return i, string(body[i+2 : i+6])
				}
				lo, _ := strconv.ParseUint(string(body[i+8:i+12]), 16, 16)
				if lo < 0xDC00 || lo > 0xDFFF {
					return i, string(body[i+2 : i+6])
				}
				i += 11
			case v >= 0xDC00 && v <= 0xDFFF:
				return i, string(body[i+2 : i+6])
			default:
				i += 5
			}
		}
	}
	return -1, ""
}

// walker reads a JSON value token by token against the Go type of the
// generated shape it is decoded into, with the member path of each value.
type walker struct {
	dec *json.Decoder
}

var (
	timestampType = reflect.TypeFor[Timestamp]()
	rawType       = reflect.TypeFor[json.RawMessage]()
)

// wrongType is the message of a value of the wrong JSON type, as
// encoding/json words it.
func wrongType(path, got string) error {
	return badInputf("Value at '%s' has the wrong JSON type (%s)", path, got)
}

// value reads the next value, which is not null, as a t at path.
func (w *walker) value(t reflect.Type, path string) error {
	tok, err := w.dec.Token()
	if err != nil {
		return badInput(errNotJSON)
	}
	return w.from(tok, t, path)
}

// from reads the value that starts with tok as a t at path.
func (w *walker) from(tok json.Token, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawType { // a document: any JSON
		return w.skipFrom(tok)
	}
	got := tokenKind(tok)
	var err error
	switch {
	case t == timestampType:
		n, ok := tok.(json.Number)
		if !ok {
			return w.mismatch(tok, path, got)
		}
		if _, err := parseEpoch(n.String()); err != nil {
			if errors.Is(err, errTimestampRange) {
				return &ValidationError{Field: path, Msg: msgTimestampRange}
			}
			return wrongType(path, "number "+n.String())
		}
		return nil
	case t.Kind() == reflect.String:
		if _, ok := tok.(string); !ok {
			return w.mismatch(tok, path, got)
		}
	case t.Kind() == reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return w.mismatch(tok, path, got)
		}
	case t.Kind() == reflect.Int32 || t.Kind() == reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			return w.mismatch(tok, path, got)
		}
		if _, err := strconv.ParseInt(n.String(), 10, t.Bits()); err != nil {
			return wrongType(path, "number "+n.String())
		}
	case t.Kind() == reflect.Float64:
		n, ok := tok.(json.Number)
		if !ok {
			return w.mismatch(tok, path, got)
		}
		if _, err := strconv.ParseFloat(n.String(), 64); err != nil {
			return wrongType(path, "number "+n.String())
		}
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		if _, ok := tok.(string); !ok { // a blob: base64, checked by encoding/json
			return w.mismatch(tok, path, got)
		}
	case t.Kind() == reflect.Slice:
		if tok != json.Delim('[') {
			return w.mismatch(tok, path, got)
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.element(t.Elem(), index(path, i)); err != nil {
				return err
			}
		}
		_, err = w.dec.Token() // ]
	case t.Kind() == reflect.Map:
		if tok != json.Delim('{') {
			return w.mismatch(tok, path, got)
		}
		for w.dec.More() {
			k, err := w.dec.Token()
			if err != nil {
				return badInput(errNotJSON)
			}
			if err := w.element(t.Elem(), join(path, k.(string))); err != nil {
				return err
			}
		}
		_, err = w.dec.Token() // }
	case t.Kind() == reflect.Struct:
		if tok != json.Delim('{') {
			return w.mismatch(tok, path, got)
		}
		for w.dec.More() {
			k, err := w.dec.Token()
			if err != nil {
				return badInput(errNotJSON)
			}
			v, err := w.dec.Token()
			if err != nil {
				return badInput(errNotJSON)
			}
			f, ok := member(t, k.(string))
			switch {
			case !ok: // unknown members are ignored
				err = w.skipFrom(v)
			case v == nil: // a null member is unset
			default:
				err = w.from(v, f.Type, join(path, memberName(f)))
			}
			if err != nil {
				return err
			}
		}
		_, err = w.dec.Token() // }
	}
	if err != nil {
		return badInput(errNotJSON)
	}
	return nil
}

// element reads a list element or map value at path, which may not be null.
func (w *walker) element(t reflect.Type, path string) error {
	tok, err := w.dec.Token()
	if err != nil {
		return badInput(errNotJSON)
	}
	if tok == nil {
		return &ValidationError{Field: path, Msg: msgNotNull}
	}
	return w.from(tok, t, path)
}

// mismatch reports a value of the wrong type (the walk stops at it).
func (w *walker) mismatch(_ json.Token, path, got string) error {
	return wrongType(path, got)
}

// skipFrom reads the rest of the value that starts with tok.
func (w *walker) skipFrom(tok json.Token) error {
	if d, ok := tok.(json.Delim); ok && (d == '{' || d == '[') {
		return w.skipRest(1)
	}
	return nil
}

// skipRest reads tokens until depth open arrays and objects are closed.
func (w *walker) skipRest(depth int) error {
	for depth > 0 {
		tok, err := w.dec.Token()
		if err != nil {
			return badInput(errNotJSON)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

func tokenKind(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '{' {
			return "object"
		}
		return "array"
	case string:
		return "string"
	case bool:
		return "bool"
	case json.Number:
		return "number"
	}
	return "null"
}

// member returns the field of struct t that JSON key k sets, as
// encoding/json chooses it: the exact name, else a case-insensitive match.
func member(t reflect.Type, k string) (reflect.StructField, bool) {
	var fold reflect.StructField
	found := false
	for i := range t.NumField() {
		f := t.Field(i)
		name := memberName(f)
		if name == "-" {
			continue
		}
		if name == k {
			return f, true
		}
		if !found && strings.EqualFold(name, k) {
			fold, found = f, true
		}
	}
	return fold, found
}

// memberName is the model's name of a body member: its json tag's name.
func memberName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}
