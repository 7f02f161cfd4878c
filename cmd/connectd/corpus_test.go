package main

import (
	"bufio"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"connectd/internal/awsapi"
)

// corpusCase is one request of the malformed-input corpus and what its
// answer must be beyond what holds for every answer (checkAnswer: no 5xx,
// the JSON error shape, only declared or documented exceptions).
type corpusCase struct {
	name string
	req  wireRequest
	sig  signature
	// refuse: the request must be refused, with status 400 (or wantStatus)
	// and code wantCode, for the reason injected: its Message contains
	// wantMsg.
	refuse     bool
	wantCode   string
	wantStatus int
	wantMsg    string
}

// corpus builds the cases from the model (awsapi.Operations: every
// implemented operation's route, declared errors and generated input
// shape) and from the admin API's routes.
type corpus struct {
	cases           []corpusCase
	instanceID, arn string
	flowID, contact string // the default task flow; a task started for the corpus
	op              awsapi.OperationInfo
	base            wireRequest
	// bodyBase is a valid body of the operation, member by member, if it has
	// one (validBodies): a mutation replaces one member of it, so that the
	// request gets past the other members' checks to the service.
	bodyBase map[string]string
	strLen   int
}

// validBodies are valid bodies of a few operations, by hand (the model says
// which members are required and their constraints, not values that a
// service accepts). Values "$instance", "$flow" and "$contact" are filled in.
var validBodies = map[string]map[string]string{
	"StartTaskContact":        {"InstanceId": `"$instance"`, "Name": `"corpus task"`, "ContactFlowId": `"$flow"`},
	"UpdateContactAttributes": {"InstanceId": `"$instance"`, "InitialContactId": `"$contact"`, "Attributes": `{"a":"b"}`},
	"UpdateContact":           {"Name": `"renamed"`},
	"StopContact":             {"InstanceId": `"$instance"`, "ContactId": `"00000000-0000-4000-8000-000000000000"`},
	"TransferContact":         {"InstanceId": `"$instance"`, "ContactId": `"$contact"`, "ContactFlowId": `"$flow"`},
	"SearchContacts": {"InstanceId": `"$instance"`,
		"TimeRange": `{"Type":"INITIATION_TIMESTAMP","StartTime":1767225600,"EndTime":1767312000}`},
	"CreateContactFlow": {"Name": `"corpus flow"`, "Type": `"CONTACT_FLOW"`,
		"Content": `"{\"Version\":\"2019-10-30\",\"StartAction\":\"a\",\"Actions\":[{\"Identifier\":\"a\",\"Type\":\"DisconnectParticipant\",\"Parameters\":{},\"Transitions\":{}}]}"`},
	"CreateHoursOfOperation": {"Name": `"corpus hours"`, "TimeZone": `"UTC"`,
		"Config": `[{"Day":"MONDAY","StartTime":{"Hours":9,"Minutes":0},"EndTime":{"Hours":17,"Minutes":0}}]`},
	"CreateAgentStatus": {"Name": `"corpus status"`, "State": `"ENABLED"`},
	"TagResource":       {"tags": `{"k":"v"}`},
}

// body returns the body made of the operation's valid base with member
// name set to v (removed when v is ""), or {name: v} without a base.
func (c *corpus) body(name, v string) string {
	var parts []string
	for _, k := range sortedKeys(c.bodyBase) {
		if k != name {
			parts = append(parts, fmt.Sprintf("%q:%s", k, c.bodyBase[k]))
		}
	}
	if v != "" {
		parts = append(parts, fmt.Sprintf("%q:%s", name, v))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

const (
	msgNotJSON     = "Request body is not valid JSON"
	msgNotObject   = "Request body must be a JSON object"
	msgBadQuery    = "Query string is not valid"
	msgBadPath     = "Request path is not valid"
	msgTooLarge    = "Request body is larger than"
	maxBody        = 1 << 20   // awsapi's default body limit
	hugeString     = 300 << 10 // a string far over every model maximum, within maxBody
	longString     = 5000      // over most maxima (names, IDs, descriptions)
	nestedMaxDepth = 2         // members of members of members
)

func (c *corpus) add(cc corpusCase) {
	cc.name = c.op.Name + ": " + cc.name
	c.cases = append(c.cases, cc)
}

// refuse adds req, which the operation must refuse with its validation
// exception because of what msg names.
func (c *corpus) refuse(name string, req wireRequest, msg string) {
	c.add(corpusCase{name: name, req: req, refuse: true, wantCode: validationCode(c.op), wantStatus: 400, wantMsg: msg})
}

// any adds req, whose answer must only be well formed (checkAnswer).
func (c *corpus) any(name string, req wireRequest) {
	c.add(corpusCase{name: name, req: req})
}

func (c *corpus) withBody(b string) wireRequest {
	r := c.base
	r.Header = http.Header{"Content-Type": {"application/json"}}
	r.Body = []byte(b)
	return r
}

func (c *corpus) withQuery(q string) wireRequest {
	r := c.base
	r.Query = q
	return r
}

var labelRE = regexp.MustCompile(`\{([^}]+)\}`)

// labelValue is a well-formed value for a path label: the instance (so that
// requests get past "instance not found"), else an ID that names nothing.
func (c *corpus) labelValue(name string) string {
	switch name {
	case "InstanceId":
		return c.instanceID
	case "ContactId", "InitialContactId":
		return c.contact
	case "resourceArn":
		return strings.NewReplacer(":", "%3A", "/", "%2F").Replace(c.arn)
	}
	return "00000000-0000-4000-8000-000000000000"
}

func (c *corpus) path(override map[string]string) string {
	return labelRE.ReplaceAllStringFunc(c.op.URI, func(m string) string {
		name := m[1 : len(m)-1]
		if v, ok := override[name]; ok {
			return v
		}
		return c.labelValue(name)
	})
}

// field is a member of an input shape.
type field struct {
	name     string // the model's member name (JSON key, or query name)
	typ      reflect.Type
	location string // "" (body), "uri", "querystring" or "header"
}

func fields(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		if tag := f.Tag.Get("json"); tag != "-" {
			name, _, _ := strings.Cut(tag, ",")
			out = append(out, field{name: name, typ: f.Type})
			continue
		}
		loc, name, _ := strings.Cut(f.Tag.Get("http"), ",")
		out = append(out, field{name: name, typ: f.Type, location: loc})
	}
	return out
}

var timestampType = reflect.TypeFor[awsapi.Timestamp]()

// kind is what a Go type of the generated shapes is on the wire.
func kind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timestampType:
		return "timestamp"
	case t.Kind() == reflect.String:
		return "string"
	case t.Kind() == reflect.Bool:
		return "boolean"
	case t.Kind() == reflect.Int32, t.Kind() == reflect.Int64:
		return "integer"
	case t.Kind() == reflect.Float64:
		return "double"
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return "blob"
	case t.Kind() == reflect.Slice && t == reflect.TypeFor[json.RawMessage]():
		return "document"
	case t.Kind() == reflect.Slice:
		return "list"
	case t.Kind() == reflect.Map:
		return "map"
	case t.Kind() == reflect.Struct:
		return "structure"
	}
	return "other"
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// wrongValues are JSON values of another type than a member of kind k.
var wrongValues = map[string][]string{
	"string":    {`1`, `true`, `{}`, `[]`, `1.5`},
	"integer":   {`"1"`, `true`, `{}`, `[]`, `1.5`, `1e400`, `9223372036854775808`},
	"double":    {`"1"`, `true`, `{}`, `[]`, `1e400`},
	"boolean":   {`"true"`, `1`, `{}`, `[]`},
	"timestamp": {`"2026-01-01T00:00:00Z"`, `"1767290400"`, `true`, `{}`, `[]`},
	"list":      {`{}`, `"x"`, `1`, `true`},
	"map":       {`[]`, `"x"`, `1`, `true`},
	"structure": {`[]`, `"x"`, `1`, `true`},
	"blob":      {`1`, `true`, `{}`, `"!!not base64!!"`},
}

// bodyMember adds the cases of one body member at JSON path jpath (the
// model's member path, as messages name it), wrapped into a whole body by
// wrap.
func (c *corpus) bodyMember(jpath string, t reflect.Type, wrap func(v string) string, depth int) {
	k := kind(t)
	for _, v := range wrongValues[k] {
		msg := "Value at '" + jpath + "'"
		if k == "blob" && strings.HasPrefix(v, `"`) {
			msg = msgNotJSON
		}
		c.refuse(fmt.Sprintf("%s = %s (%s)", jpath, v, k), c.withBody(wrap(v)), msg)
	}
	c.any(jpath+" = null", c.withBody(wrap(`null`)))
	switch k {
	case "string":
		c.refuse(jpath+" invalid UTF-8", c.withBody(wrap("\"a\xffb\"")), msgNotJSON+": invalid UTF-8")
		c.refuse(jpath+" unpaired surrogate", c.withBody(wrap(`"a\ud800b"`)), msgNotJSON+": unpaired surrogate")
		c.any(jpath+" long", c.withBody(wrap(`"`+strings.Repeat("x", longString)+`"`)))
		c.any(jpath+" control characters and NUL", c.withBody(wrap(`"a\u0000b\u001f\n"`)))
		c.any(jpath+" empty", c.withBody(wrap(`""`)))
		if c.strLen++; c.strLen == 1 {
			c.any(jpath+" huge", c.withBody(wrap(`"`+strings.Repeat("y", hugeString)+`"`)))
		}
	case "integer":
		c.any(jpath+" = -2147483649", c.withBody(wrap(`-2147483649`)))
		c.any(jpath+" = 0", c.withBody(wrap(`0`)))
	case "timestamp":
		for _, v := range []string{`9223372036854775807`, `-9223372036854775808`, `1e300`, `253402300800`, `-62135596801`} {
			c.refuse(jpath+" = "+v, c.withBody(wrap(v)), "Value at '"+jpath+"' failed to satisfy constraint: Member must be a timestamp")
		}
		c.any(jpath+" = 0", c.withBody(wrap(`0`)))
		c.any(jpath+" = 253402300799.999", c.withBody(wrap(`253402300799.999`)))
	case "list":
		e := t.Elem()
		c.refuse(jpath+"[0] = null", c.withBody(wrap(`[null]`)), "Value null at '"+jpath+"[0]'")
		c.any(jpath+" = []", c.withBody(wrap(`[]`)))
		if depth < nestedMaxDepth {
			c.bodyMember(jpath+"[0]", e, func(v string) string { return wrap("[" + v + "]") }, depth+1)
		}
	case "map":
		e := t.Elem()
		c.refuse(jpath+".k = null", c.withBody(wrap(`{"a":`+sample(e)+`,"k":null}`)), "Value null at '"+jpath+".k'")
		c.refuse(jpath+" key invalid UTF-8", c.withBody(wrap("{\"\xff\":"+sample(e)+"}")), msgNotJSON+": invalid UTF-8")
		c.refuse(jpath+" key unpaired surrogate", c.withBody(wrap(`{"\udfff":`+sample(e)+`}`)), msgNotJSON+": unpaired surrogate")
		c.any(jpath+" = {}", c.withBody(wrap(`{}`)))
		if depth < nestedMaxDepth {
			c.bodyMember(jpath+".k", e, func(v string) string { return wrap(`{"k":` + v + `}`) }, depth+1)
		}
	case "structure":
		c.any(jpath+" = {}", c.withBody(wrap(`{}`)))
		if depth < nestedMaxDepth {
			for _, f := range fields(deref(t)) {
				c.bodyMember(jpath+"."+f.name, f.typ, func(v string) string { return wrap(`{"` + f.name + `":` + v + `}`) }, depth+1)
			}
		}
	}
}

// sample is a well-typed JSON value for type t.
func sample(t reflect.Type) string {
	switch kind(t) {
	case "string":
		return `"v"`
	case "integer", "double", "timestamp":
		return `1`
	case "boolean":
		return `true`
	case "list":
		return `[]`
	}
	return `{}`
}

// operation adds the cases of one implemented operation.
func (c *corpus) operation(op awsapi.OperationInfo) {
	c.op, c.strLen = op, 0
	c.base = wireRequest{Method: op.Method, Path: c.path(nil)}
	c.bodyBase = nil
	if vb := validBodies[op.Name]; vb != nil {
		r := strings.NewReplacer("$instance", c.instanceID, "$flow", c.flowID, "$contact", c.contact)
		c.bodyBase = map[string]string{}
		for k, v := range vb {
			c.bodyBase[k] = r.Replace(v)
		}
		c.any("valid body", c.withBody(c.body("", "")))
	}
	all := fields(reflect.TypeOf(op.NewInput()).Elem())
	var body, query, labels []field
	for _, f := range all {
		switch f.location {
		case "":
			body = append(body, f)
		case "querystring":
			query = append(query, f)
		case "uri":
			labels = append(labels, f)
		}
	}

	// The body as a whole.
	if len(body) > 0 {
		first := body[0].name
		for name, b := range map[string]string{
			"truncated":           `{"` + first + `":`,
			"truncated string":    `{"` + first + `":"abc`,
			"unclosed":            `{`,
			"trailing garbage":    `{} x`,
			"two objects":         `{}{}`,
			"trailing comma":      `{"` + first + `":1,}`,
			"single quotes":       `{'` + first + `':1}`,
			"bare word":           `nul`,
			"invalid UTF-8 token": "{\xff}",
			"lone backslash":      `{"a\":1}`,
			"bad escape":          `{"a":"\x"}`,
			"too deep":            `{"X":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`,
			"control character":   "{\"a\":\"\x01\"}",
			"NaN":                 `{"` + first + `":NaN}`,
		} {
			c.refuse("body "+name, c.withBody(b), msgNotJSON)
		}
		for _, b := range []string{`[]`, `"x"`, `1`, `true`, `[{}]`} {
			c.refuse("body "+b, c.withBody(b), msgNotObject)
		}
		c.refuse("body invalid UTF-8 in an unknown member", c.withBody("{\"Unknown\":\"\xc3\"}"), msgNotJSON+": invalid UTF-8")
		// The corpus runs in strict mode, where the signature check reads
		// the body first, and no further than the limit.
		c.add(corpusCase{name: "body over the limit", req: c.withBody(`{"Unknown":"` + strings.Repeat("z", maxBody) + `"}`),
			refuse: true, wantCode: "RequestEntityTooLargeException", wantStatus: 413, wantMsg: msgTooLarge})
		c.any("body deep unknown member", c.withBody(`{"Unknown":`+strings.Repeat(`{"a":`, 5000)+`1`+strings.Repeat("}", 5000)+`}`))
		c.any("body nulls in an unknown member", c.withBody(`{"Unknown":[null,{"k":null}]}`))
		c.any("body empty", c.withBody(``))
		c.any("body null", c.withBody(`null`))
		c.any("body {}", c.withBody(`{}`))
		c.any("body with BOM", c.withBody("\ufeff{}"))
		for _, f := range body {
			name := f.name
			c.bodyMember(name, f.typ, func(v string) string { return c.body(name, v) }, 0)
		}
	} else {
		c.any("unexpected body", c.withBody(`{"Unknown":1}`))
		c.any("unexpected malformed body", c.withBody(`{`))
	}

	// Path labels.
	for _, f := range labels {
		with := func(v string) wireRequest {
			r := c.base
			r.Path = c.path(map[string]string{f.name: v})
			return r
		}
		c.refuse(f.name+" not UTF-8", with("a%ffb"), msgBadPath)
		c.refuse(f.name+" overlong UTF-8", with("%c0%af"), msgBadPath)
		c.any(f.name+" long", with(strings.Repeat("i", 2000)))
		c.any(f.name+" NUL", with("a%00b"))
		c.any(f.name+" escaped slash", with("a%2Fb"))
		c.any(f.name+" escaped dot-dot", with("%2E%2E"))
		c.any(f.name+" dot-dot", with(".."))
		c.any(f.name+" empty", with(""))
		c.any(f.name+" unicode", with("%E2%98%83"))
	}

	// Query parameters.
	for _, f := range query {
		q := f.name
		c.refuse(q+" bad escape", c.withQuery(q+"=%zz"), msgBadQuery)
		c.refuse(q+" truncated escape", c.withQuery(q+"=a%2"), msgBadQuery)
		c.refuse(q+" not UTF-8", c.withQuery(q+"=%ff"), msgBadQuery)
		c.any(q+" long", c.withQuery(q+"="+strings.Repeat("q", longString)))
		c.any(q+" empty", c.withQuery(q+"="))
		c.any(q+" repeated", c.withQuery(q+"=a&"+q+"=b"))
		c.any(q+" NUL", c.withQuery(q+"=a%00b"))
		switch kind(f.typ) {
		case "integer":
			member := exported(f.name)
			for _, v := range []string{"abc", "1.5", "99999999999999999999", "0x10", "1e3", " 1"} {
				c.refuse(q+"="+v, c.withQuery(q+"="+strings.ReplaceAll(v, " ", "%20")), "'"+member+"'")
			}
			c.any(q+"=-1", c.withQuery(q+"=-1"))
			c.any(q+"=0", c.withQuery(q+"=0"))
		case "boolean":
			c.refuse(q+"=maybe", c.withQuery(q+"=maybe"), "'"+exported(f.name)+"'")
		}
	}
	c.refuse("query semicolon", c.withQuery("a=1;b=2"), msgBadQuery)
	c.refuse("query bad escape in an unknown parameter", c.withQuery("unknown=%"), msgBadQuery)
	c.refuse("query key not UTF-8", c.withQuery("%fe=1"), msgBadQuery)
	c.any("query unknown parameter", c.withQuery("unknown=1&X-Amz-Foo=2"))

	// Methods.
	for _, m := range []string{"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"} {
		if m != op.Method {
			r := c.base
			r.Method = m
			c.any("method "+m, r)
		}
	}

	// Authentication garbled (the tamper table, TestStrictSigV4, has the rest).
	c.add(corpusCase{name: "unsigned", req: c.base, sig: signature{unsigned: true}, refuse: true,
		wantCode: "MissingAuthenticationTokenException", wantStatus: 403, wantMsg: "Missing Authentication Token"})
	garbled := c.base
	garbled.Header = http.Header{"Authorization": {"AWS4-HMAC-SHA256 Credential=garbage"}, "X-Amz-Date": {"20260101T000000Z"}}
	c.add(corpusCase{name: "garbled Authorization", req: garbled, sig: signature{unsigned: true}, refuse: true,
		wantCode: "IncompleteSignatureException", wantStatus: 400, wantMsg: "Authorization"})
	c.add(corpusCase{name: "wrong secret", req: c.base, sig: signature{secret: "not-the-secret"}, refuse: true,
		wantCode: "InvalidSignatureException", wantStatus: 403, wantMsg: "signature"})
}

func exported(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// admin adds the cases of connectd's own API, whose routes are not in the
// model: each endpoint with bad labels, queries and methods, and the
// bodies of POST /clock.
func (c *corpus) admin() {
	adminOp := func(name string) {
		c.op = awsapi.OperationInfo{Name: name, Errors: []string{"InvalidParameterException"}}
	}
	const base = "/_connectd/v1/"
	inst := "instances/" + c.instanceID
	const u, k = "00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"
	endpoints := []struct{ method, path string }{
		{"GET", base + "clock"},
		{"POST", base + "clock"},
		{"GET", base + "events"},
		{"GET", base + inst + "/agents/" + u + "/contacts"},
		{"POST", base + inst + "/agents/" + u + "/contacts/" + k + "/accept"},
		{"POST", base + inst + "/agents/" + u + "/contacts/" + k + "/reject"},
		{"POST", base + inst + "/agents/" + u + "/contacts/" + k + "/complete"},
		{"GET", base + inst + "/contacts/" + k + "/flow-logs"},
	}
	for _, e := range endpoints {
		adminOp("admin " + e.method + " " + strings.TrimPrefix(e.path, base))
		c.base = wireRequest{Method: e.method, Path: e.path}
		if e.method == "POST" {
			c.base.Body = []byte(`{"AdvanceSeconds":0}`)
		}
		c.refuse("query bad escape", c.withQuery("x=%zz"), msgBadQuery)
		c.refuse("query not UTF-8", c.withQuery("x=%ff"), msgBadQuery)
		c.refuse("query semicolon", c.withQuery("x=1;y=2"), msgBadQuery)
		c.any("query unknown", c.withQuery("x=1"))
		for _, m := range []string{"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"} {
			served := m == e.method || e.path == base+"clock" && (m == "GET" || m == "POST" || m == "HEAD") ||
				m == "HEAD" && e.method == "GET" && e.path != base+"events" // GET's routes serve HEAD
			if !served {
				r := c.base
				r.Method = m
				c.add(corpusCase{name: "method " + m, req: r, refuse: true, wantCode: "UnknownOperationException", wantStatus: 404})
			}
		}
		c.add(corpusCase{name: "unsigned", req: c.base, sig: signature{unsigned: true}, refuse: true,
			wantCode: "MissingAuthenticationTokenException", wantStatus: 403, wantMsg: "Missing Authentication Token"})
		for _, label := range []string{c.instanceID, u, k} {
			if !strings.Contains(e.path, label) {
				continue
			}
			for name, v := range map[string]string{"not UTF-8": "%ff", "NUL": "a%00b", "long": strings.Repeat("l", 2000), "escaped slash": "a%2Fb", "unicode": "%E2%98%83"} {
				r := c.base
				r.Path = strings.Replace(e.path, label, v, 1)
				if name == "not UTF-8" {
					c.refuse("label "+name, r, msgBadPath)
				} else {
					c.any("label "+name, r)
				}
			}
		}
	}

	adminOp("admin POST clock")
	c.base = wireRequest{Method: "POST", Path: base + "clock"}
	for name, b := range map[string]string{
		"truncated":           `{"AdvanceSeconds":`,
		"trailing garbage":    `{"AdvanceSeconds":1} garbage`,
		"two objects":         `{"AdvanceSeconds":1}{"AdvanceSeconds":1}`,
		"empty":               ``,
		"null":                `null`,
		"array":               `[1]`,
		"string":              `{"AdvanceSeconds":"1"}`,
		"bool":                `{"AdvanceSeconds":true}`,
		"null member":         `{"AdvanceSeconds":null}`,
		"negative":            `{"AdvanceSeconds":-1}`,
		"too far":             `{"AdvanceSeconds":1e10}`,
		"overflow":            `{"AdvanceSeconds":1e400}`,
		"unknown member":      `{"AdvanceSeconds":1,"Unknown":1}`,
		"invalid UTF-8":       "{\"AdvanceSeconds\":1,\"\xff\":1}",
		"unpaired surrogate":  `{"AdvanceSeconds":1,"\ud800":1}`,
		"too deep":            strings.Repeat("[", 10001),
		"over the body limit": `{"AdvanceSeconds":1,"X":"` + strings.Repeat("x", 2000) + `"}`,
		"huge":                `{"AdvanceSeconds":1,"X":"` + strings.Repeat("x", hugeString) + `"}`,
	} {
		c.refuse("body "+name, c.withBody(b), "AdvanceSeconds")
	}

	adminOp("admin GET events")
	c.base = wireRequest{Method: "GET", Path: base + "events"}
	c.refuse("two instanceIds", c.withQuery("instanceId=a&instanceId=b"), "instanceId")
	for _, v := range []string{"abc", "-1", "1.5", "99999999999999999999", "1 2"} {
		r := c.base
		r.Header = http.Header{"Last-Event-Id": {v}}
		c.refuse("Last-Event-ID "+v, r, "Last-Event-ID")
	}
	c.any("instanceId unknown", c.withQuery("instanceId=nothing"))
	c.any("instanceId ARN", c.withQuery("instanceId=arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Ainstance%2Fx"))
	c.any("instanceId empty", c.withQuery("instanceId="))
}

// buildCorpus returns every case for the server s.
func buildCorpus(t testing.TB, s *wireServer) []corpusCase {
	c := &corpus{instanceID: s.DefaultInstance, flowID: s.DefaultTaskFlow,
		arn: "arn:aws:connect:" + wireRegion + ":" + wireAccount + ":instance/" + s.DefaultInstance}
	c.contact = startTask(t, s)
	for _, op := range awsapi.Operations() {
		if op.Implemented {
			c.operation(op)
		}
	}
	c.admin()
	// Refusals first (the store must not change while they run), and
	// whatever deletes the instance (a DELETE sent to a path of
	// DescribeInstance is DeleteInstance) last.
	rt := newRouter()
	rank := func(cc corpusCase) int {
		if cc.refuse {
			return 0
		}
		if r, err := cc.req.parse(); err == nil {
			if op, ok := rt.route(r); ok && op.Name == "DeleteInstance" {
				return 2
			}
		}
		return 1
	}
	sort.SliceStable(c.cases, func(i, j int) bool { return rank(c.cases[i]) < rank(c.cases[j]) })
	return c.cases
}

// TestMalformedInputCorpus sends every implemented operation and the admin
// API malformed input (wrong JSON types for each member, truncated and
// deeply nested JSON, invalid UTF-8, nulls, huge strings, bad path labels
// and query values, wrong methods, garbled authentication), built from the
// model, signed, through connectd's whole handler. No answer may be a 5xx
// or an exception the operation does not declare (or connectd does not
// document); input that cannot be read must be refused for that reason;
// and refused requests change nothing in the store.
func TestMalformedInputCorpus(t *testing.T) {
	t.Parallel()
	s := startWire(t)
	rt := newRouter()
	cases := buildCorpus(t, s)
	if len(cases) < 300 {
		t.Fatalf("the corpus has %d cases, want at least 300", len(cases))
	}
	perOp := map[string]int{}
	for _, c := range cases {
		perOp[strings.SplitN(c.name, ":", 2)[0]]++
	}
	for _, op := range awsapi.Operations() {
		if op.Implemented && perOp[op.Name] == 0 {
			t.Errorf("%s has no corpus case", op.Name)
		}
	}
	t.Logf("%d cases over %d operations and admin endpoints", len(cases), len(perOp))

	outcomes := map[string]int{}
	defer func() { t.Logf("answers: %v", outcomes) }()
	before := storeFingerprint(t, s)
	refusedDone := false
	for _, tc := range cases {
		if !tc.refuse && !refusedDone {
			refusedDone = true
			if after := storeFingerprint(t, s); !maps2Equal(before, after) {
				t.Errorf("refused requests changed the store:\nbefore %v\nafter  %v", before, after)
			}
		}
		req := tc.req
		req.Header = req.Header.Clone()
		sign(t, &req, tc.sig)
		r, err := req.parse()
		if err != nil {
			t.Errorf("%s: net/http cannot parse %s %.100s: %v", tc.name, req.Method, req.target(), err)
			continue
		}
		rec := serve(s.Handler, r)
		code, problems := checkAnswer(rt, r, rec)
		outcomes[fmt.Sprintf("%d %s", rec.Code, code)]++
		for _, p := range problems {
			t.Errorf("%s (%s %.100s): %s", tc.name, req.Method, req.target(), p)
		}
		if !tc.refuse {
			continue
		}
		var body struct{ Message string }
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		if code != tc.wantCode || rec.Code != tc.wantStatus || !strings.Contains(body.Message, tc.wantMsg) {
			t.Errorf("%s (%s %.100s): answered %d %s %.200q; want %d %s with a Message containing %q",
				tc.name, req.Method, req.target(), rec.Code, code, body.Message, tc.wantStatus, tc.wantCode, tc.wantMsg)
		}
	}
}

// startTask starts a task through the API and returns its ID.
func startTask(t testing.TB, s *wireServer) string {
	t.Helper()
	req := wireRequest{Method: "PUT", Path: "/contact/task", Header: http.Header{"Content-Type": {"application/json"}},
		Body: []byte(`{"InstanceId":"` + s.DefaultInstance + `","Name":"corpus","ContactFlowId":"` + s.DefaultTaskFlow + `"}`)}
	sign(t, &req, signature{})
	r, err := req.parse()
	if err != nil {
		t.Fatal(err)
	}
	rec := serve(s.Handler, r)
	var out struct{ ContactId string }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != 200 || out.ContactId == "" {
		t.Fatalf("StartTaskContact: %d %s", rec.Code, rec.Body)
	}
	return out.ContactId
}

// storeFingerprint digests every row of every table of s's SQLite store.
func storeFingerprint(t *testing.T, s *wireServer) map[string]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(s.Config.DataDir, "connectd.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]string{}
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%v", vals))
		}
		rows.Close()
		slices.Sort(lines)
		sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		out[table] = fmt.Sprintf("%d rows %s", len(lines), hex.EncodeToString(sum[:4]))
	}
	return out
}

func maps2Equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestUnparseableRequestTarget pins what happens to a request whose path
// does not unescape (%zz): Go's HTTP server refuses it with 400 and a
// text body before any handler runs, so connectd cannot answer it in its
// error shape (README, "Known differences"). The handler refuses what
// does reach it: a path that unescapes to bytes that are not UTF-8.
func TestUnparseableRequestTarget(t *testing.T) {
	t.Parallel()
	s := startWire(t)
	for _, target := range []string{"/contacts/%zz/c", "/contacts/i/c%", "/_connectd/v1/instances/%g1/contacts/c/flow-logs"} {
		conn, err := net.Dial("tcp", s.Addr())
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, wireHost)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != 400 || resp.Header.Get("X-Amzn-ErrorType") != "" {
			t.Errorf("GET %s = %d %s, want net/http's 400 without X-Amzn-ErrorType (connectd's handler never ran)", target, resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
		}
		if _, err := (wireRequest{Method: "GET", Path: target}).parse(); err == nil {
			t.Errorf("http.ReadRequest parses GET %s; the server would hand it to connectd", target)
		}
	}
}
