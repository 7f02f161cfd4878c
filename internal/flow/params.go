package flow

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// Reading an action's Parameters. Console exports write every scalar as a
// JSON string ("DelaySeconds": "3600"); hand-written flows sometimes use JSON
// numbers or booleans, which are read as their text. A parameter of the
// wrong JSON type is a problem (at save time) or a failure (at run time).

// paramString returns parameter key as text; ok is false when it is absent
// or null.
func paramString(a *Action, key string) (v string, ok bool, problem string) {
	raw, ok := a.Parameters[key]
	if !ok || isNull(raw) {
		return "", false, ""
	}
	if v, ok := scalar(raw); ok {
		return v, true, ""
	}
	return "", false, fmt.Sprintf("parameter %s must be a string", key)
}

// scalar reads a JSON string, number or boolean as text.
func scalar(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return strconv.FormatBool(b), true
	}
	return "", false
}

// paramMap returns parameter key, an object of strings.
func paramMap(a *Action, key string) (m map[string]string, ok bool, problem string) {
	raw, ok := a.Parameters[key]
	if !ok || isNull(raw) {
		return nil, false, ""
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil, false, fmt.Sprintf("parameter %s must be an object of strings", key)
	}
	m = make(map[string]string, len(obj))
	for k, v := range obj {
		s, ok := scalar(v)
		if !ok {
			return nil, false, fmt.Sprintf("parameter %s.%s must be a string", key, k)
		}
		m[k] = s
	}
	return m, true, ""
}

// paramList returns parameter key, an array of strings.
func paramList(a *Action, key string) (l []string, ok bool, problem string) {
	raw, ok := a.Parameters[key]
	if !ok || isNull(raw) {
		return nil, false, ""
	}
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) != nil {
		return nil, false, fmt.Sprintf("parameter %s must be an array of strings", key)
	}
	for i, v := range arr {
		s, ok := scalar(v)
		if !ok {
			return nil, false, fmt.Sprintf("parameter %s[%d] must be a string", key, i)
		}
		l = append(l, s)
	}
	return l, true, ""
}

// refParam is one reference of a References parameter, unresolved.
type refParam struct{ Name, Type, Value string }

// paramReferences reads a References parameter: an object whose members name
// references and hold {"Type": ..., "Value": ...}, the shape of the API's
// Reference. The Flow language reference sketches the member as
// "Type": "Value"; connectd reads the API's shape, which is what the console
// writes for a reference with a name, a type and a value.
func paramReferences(a *Action, key string) (refs []refParam, ok bool, problem string) {
	raw, ok := a.Parameters[key]
	if !ok || isNull(raw) {
		return nil, false, ""
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil, false, fmt.Sprintf("parameter %s must be an object", key)
	}
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		var r map[string]json.RawMessage
		if json.Unmarshal(obj[name], &r) != nil || r == nil {
			return nil, false, fmt.Sprintf(`parameter %s.%s must be an object {"Type": ..., "Value": ...}`, key, name)
		}
		typ, okt := scalar(r["Type"])
		val, okv := scalar(r["Value"])
		if r["Type"] == nil || !okt || (r["Value"] != nil && !okv) {
			return nil, false, fmt.Sprintf(`parameter %s.%s must be an object {"Type": ..., "Value": ...}`, key, name)
		}
		refs = append(refs, refParam{Name: name, Type: typ, Value: val})
	}
	return refs, true, ""
}
