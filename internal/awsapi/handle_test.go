package awsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// testServer returns a Server with example handlers for StartTaskContact,
// ListContactReferences and DescribeContact, showing the registration pattern.
func testServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := NewServer(cfg)
	handle(s, "StartTaskContact", func(ctx context.Context, in *StartTaskContactRequest) (any, error) {
		switch *in.Name {
		case "panic":
			panic("boom")
		case "fail":
			return nil, errors.New("disk on fire")
		case "throttle":
			return nil, Errorf("ThrottlingException", "slow down")
		case "nil":
			return (*StartTaskContactResponse)(nil), nil
		}
		return &StartTaskContactResponse{ContactId: vp("c-" + PrincipalFrom(ctx).AccountID)}, nil
	})
	handle(s, "ListContactReferences", func(ctx context.Context, in *ListContactReferencesRequest) (any, error) {
		return &ListContactReferencesResponse{ReferenceSummaryList: []ReferenceSummary{}}, nil
	})
	handle(s, "TagResource", func(ctx context.Context, in *TagResourceRequest) (any, error) { return nil, nil })
	handle(s, "CreateContactFlow", func(ctx context.Context, in *CreateContactFlowRequest) (any, error) {
		return nil, &APIError{Code: "InvalidContactFlowException", Message: "bad flow",
			Fields: map[string]any{"problems": []map[string]string{{"message": "x"}}, "Bogus": 1}}
	})
	return s
}

type response struct {
	Status int
	Header http.Header
	Body   map[string]any
}

func do(t *testing.T, h http.Handler, method, target, body string) response {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, r))
	res := response{Status: rec.Code, Header: rec.Header()}
	if err := json.Unmarshal(rec.Body.Bytes(), &res.Body); err != nil {
		t.Fatalf("%s %s: body %q is not a JSON object: %v", method, target, rec.Body, err)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if id := rec.Header()["x-amzn-RequestId"]; len(id) != 1 || !uuidRE.MatchString(id[0]) {
		t.Errorf("x-amzn-RequestId = %q, want a UUID v4", id)
	}
	return res
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func errType(h http.Header) string {
	if v := h["X-Amzn-ErrorType"]; len(v) == 1 {
		return v[0]
	}
	return ""
}

func TestHandle(t *testing.T) {
	t.Parallel()
	s := testServer(t, Config{MaxBodyBytes: 4096, AccountID: "123456789012"})
	const task = `{"InstanceId":"i-1","Name":%q,"ScheduledTime":1767290400.5,"Unknown":{"x":1}}`
	tests := []struct {
		name, method, target, body string
		wantStatus                 int
		wantType                   string
		wantBody                   map[string]any
	}{
		{"success", "PUT", "/contact/task", strings.Replace(task, "%q", `"ok"`, 1), 200, "", map[string]any{"ContactId": "c-123456789012"}},
		{"nil result", "PUT", "/contact/task", strings.Replace(task, "%q", `"nil"`, 1), 200, "", map[string]any{}},
		{"no output shape", "POST", "/tags/arn%3Ax", `{"tags":{"k":"v"}}`, 200, "", map[string]any{}},
		{"empty body", "PUT", "/contact/task", "", 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value null at 'InstanceId' failed to satisfy constraint: Member must not be null"}},
		{"null body", "PUT", "/contact/task", "null", 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value null at 'InstanceId' failed to satisfy constraint: Member must not be null"}},
		{"malformed", "PUT", "/contact/task", `{"InstanceId":`, 400, "InvalidParameterException", map[string]any{"Message": "Request body is not valid JSON"}},
		{"array body", "PUT", "/contact/task", `[]`, 400, "InvalidParameterException", map[string]any{"Message": "Request body must be a JSON object"}},
		{"wrong type", "PUT", "/contact/task", `{"Name":5}`, 400, "InvalidParameterException", map[string]any{"Message": "Value at 'Name' has the wrong JSON type (number)"}},
		{"string timestamp", "PUT", "/contact/task", `{"ScheduledTime":"2026-01-01T00:00:00Z"}`, 400, "InvalidParameterException",
			map[string]any{"Message": "Value at 'ScheduledTime' has the wrong JSON type (string)"}},
		{"too large", "PUT", "/contact/task", `{"Name":"` + strings.Repeat("x", 5000) + `"}`, 400, "InvalidParameterException",
			map[string]any{"Message": "Request body is larger than 4096 bytes"}},
		{"query", "GET", "/contact/references/i/c?referenceTypes=URL", "", 200, "", map[string]any{"ReferenceSummaryList": []any{}}},
		{"query enum", "GET", "/contact/references/i/c?referenceTypes=url", "", 400, "InvalidParameterException", nil},
		{"internal", "PUT", "/contact/task", strings.Replace(task, "%q", `"fail"`, 1), 500, "InternalServiceException", map[string]any{"Message": "internal error"}},
		{"panic", "PUT", "/contact/task", strings.Replace(task, "%q", `"panic"`, 1), 500, "InternalServiceException", map[string]any{"Message": "internal error"}},
		{"throttle", "PUT", "/contact/task", strings.Replace(task, "%q", `"throttle"`, 1), 429, "ThrottlingException", map[string]any{"Message": "slow down"}},
		{"extra members", "PUT", "/contact-flows/i", `{"InstanceId":"i","Name":"n","Type":"CONTACT_FLOW","Content":"{}"}`, 400, "InvalidContactFlowException",
			map[string]any{"Message": "bad flow", "problems": []any{map[string]any{"message": "x"}}}},
		{"not implemented", "PUT", "/users/i", `{}`, 501, "NotImplementedException", map[string]any{"Message": "connectd does not implement CreateUser yet"}},

		// Input that does not parse as the model's JSON is refused like
		// truncated JSON, never repaired.
		{"invalid UTF-8", "PUT", "/contact/task", "{\"InstanceId\":\"i-1\",\"Name\":\"a\xffb\"}", 400, "InvalidParameterException",
			map[string]any{"Message": "Request body is not valid JSON: invalid UTF-8 at offset 29"}},
		{"invalid UTF-8 in an unknown member", "PUT", "/contact/task", "{\"InstanceId\":\"i-1\",\"Name\":\"ok\",\"X\xc3\":1}", 400, "InvalidParameterException",
			map[string]any{"Message": "Request body is not valid JSON: invalid UTF-8 at offset 34"}},
		{"unpaired surrogate", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"a\ud800b"}`, 400, "InvalidParameterException",
			map[string]any{"Message": `Request body is not valid JSON: unpaired surrogate \ud800 at offset 29`}},
		{"reversed surrogates", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"\udc00\ud800"}`, 400, "InvalidParameterException",
			map[string]any{"Message": `Request body is not valid JSON: unpaired surrogate \udc00 at offset 28`}},
		{"surrogate pair", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","Description":"\ud83d\ude00 \\ud800"}`, 200, "", nil},
		{"null map value", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","Attributes":{"a":"b","k":null}}`, 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value null at 'Attributes.k' failed to satisfy constraint: Member must not be null"}},
		{"null list element", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","Attachments":[{"FileName":"f","S3Url":"https://x"},null]}`, 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value null at 'Attachments[1]' failed to satisfy constraint: Member must not be null"}},
		{"null nested map value", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","References":{"r":{"Type":"URL","Value":"v"},"s":null}}`, 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value null at 'References.s' failed to satisfy constraint: Member must not be null"}},
		{"null member is unset", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","Attributes":null,"Description":null}`, 200, "", nil},
		{"null in an unknown member", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","Unknown":[null,{"k":null}]}`, 200, "", nil},
		{"wrong type in a map value", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","References":{"r":{"Type":1,"Value":"v"}}}`, 400, "InvalidParameterException",
			map[string]any{"Message": "Value at 'References.r.Type' has the wrong JSON type (number)"}},
		{"wrong type in a list element", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","Attachments":[{"FileName":"f","S3Url":"u"},{"FileName":[]}]}`, 400, "InvalidParameterException",
			map[string]any{"Message": "Value at 'Attachments[1].FileName' has the wrong JSON type (array)"}},
		{"wrong type, member names folded", "PUT", "/contact/task", `{"instanceid":"i-1","name":"ok","references":{"r":{"TYPE":true}}}`, 400, "InvalidParameterException",
			map[string]any{"Message": "Value at 'References.r.Type' has the wrong JSON type (bool)"}},
		{"integer out of range", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","SegmentAttributes":{"s":{"ValueInteger":2147483648}}}`, 400, "InvalidParameterException",
			map[string]any{"Message": "Value at 'SegmentAttributes.s.ValueInteger' has the wrong JSON type (number 2147483648)"}},
		{"trailing garbage", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok"} x`, 400, "InvalidParameterException",
			map[string]any{"Message": "Request body is not valid JSON"}},
		{"timestamp beyond int64", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","ScheduledTime":9223372036854775807}`, 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value at 'ScheduledTime' failed to satisfy constraint: " + msgTimestampRange}},
		{"timestamp past year 9999", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","ScheduledTime":253402300800}`, 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value at 'ScheduledTime' failed to satisfy constraint: " + msgTimestampRange}},
		{"timestamp exponent", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","ScheduledTime":1e16}`, 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value at 'ScheduledTime' failed to satisfy constraint: " + msgTimestampRange}},
		{"timestamp before year 1", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","ScheduledTime":-62135596801}`, 400, "InvalidParameterException",
			map[string]any{"Message": "1 validation error detected: Value at 'ScheduledTime' failed to satisfy constraint: " + msgTimestampRange}},
		{"timestamp in year 9999", "PUT", "/contact/task", `{"InstanceId":"i-1","Name":"ok","ScheduledTime":253402300799.999}`, 200, "", nil},
		{"invalid query escape", "GET", "/contact/references/i/c?referenceTypes=URL&nextToken=%zz", "", 400, "InvalidParameterException",
			map[string]any{"Message": `Query string is not valid: invalid URL escape "%zz"`}},
		{"invalid query escape elsewhere", "GET", "/contact/references/i/c?referenceTypes=URL&other=a%", "", 400, "InvalidParameterException",
			map[string]any{"Message": `Query string is not valid: invalid URL escape "%"`}},
		{"query semicolon", "GET", "/contact/references/i/c?referenceTypes=URL;nextToken=x", "", 400, "InvalidParameterException",
			map[string]any{"Message": "Query string is not valid: invalid semicolon separator in query"}},
		{"query not UTF-8", "GET", "/contact/references/i/c?referenceTypes=URL&nextToken=%ff", "", 400, "InvalidParameterException",
			map[string]any{"Message": "Query string is not valid: nextToken is not valid UTF-8"}},
		{"path label not UTF-8", "GET", "/contact/references/i%ff/c?referenceTypes=URL", "", 400, "InvalidParameterException",
			map[string]any{"Message": `Request path is not valid: "i%ff" is not valid UTF-8`}},
		{"path label escapes", "GET", "/contact/references/i%2F%3A/c%20d?referenceTypes=URL", "", 200, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res := do(t, s, tc.method, tc.target, tc.body)
			if res.Status != tc.wantStatus || errType(res.Header) != tc.wantType {
				t.Errorf("status, type = %d, %q; want %d, %q (body %v)", res.Status, errType(res.Header), tc.wantStatus, tc.wantType, res.Body)
			}
			if tc.wantBody != nil {
				if diff := cmp.Diff(tc.wantBody, res.Body); diff != "" {
					t.Errorf("body mismatch (-want +got):\n%s", diff)
				}
			}
			if got, want := res.Header.Get("Retry-After"), map[bool]string{true: "1"}[res.Status == 429]; got != want {
				t.Errorf("Retry-After = %q, want %q", got, want)
			}
		})
	}
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	var seen Principal
	s := NewServer(Config{Authenticate: func(r *http.Request) (Principal, error) {
		switch r.Header.Get("Authorization") {
		case "":
			return Principal{}, &APIError{Code: "MissingAuthenticationTokenException", Status: 403, Message: "Missing Authentication Token"}
		case "bad":
			return Principal{}, errors.New("no such key")
		}
		return Principal{AccountID: "111122223333", Region: "eu-west-2", AccessKeyID: "AKID"}, nil
	}})
	handle(s, "TagResource", func(ctx context.Context, in *TagResourceRequest) (any, error) {
		seen = PrincipalFrom(ctx)
		return nil, nil
	})
	for _, tc := range []struct {
		auth       string
		wantStatus int
		wantType   string
	}{
		{"", 403, "MissingAuthenticationTokenException"},
		{"bad", 403, "AccessDeniedException"},
		{"good", 200, ""},
	} {
		req := httptest.NewRequest("POST", "/tags/arn", bytes.NewBufferString(`{"tags":{"k":"v"}}`))
		req.Header.Set("Authorization", tc.auth)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != tc.wantStatus || errType(rec.Header()) != tc.wantType {
			t.Errorf("auth %q: status, type = %d, %q; want %d, %q", tc.auth, rec.Code, errType(rec.Header()), tc.wantStatus, tc.wantType)
		}
	}
	if want := (Principal{AccountID: "111122223333", Region: "eu-west-2", AccessKeyID: "AKID"}); seen != want {
		t.Errorf("PrincipalFrom = %+v, want %+v", seen, want)
	}
}

// TestDeclaredErrors checks that every exception the framework itself can
// answer for an operation, and every one a domain error becomes, is one the
// model declares for it, so SDKs map it to a typed error.
func TestDeclaredErrors(t *testing.T) {
	t.Parallel()
	for i := range operations {
		op := &operations[i]
		if c := validationCode(op); !op.declares(c) {
			t.Errorf("%s: validation code %s is not declared", op.Name, c)
		}
	}
	for _, name := range generatedOps {
		op := findOp(name)
		if !op.declares(codeInternal) {
			t.Errorf("%s: %s is not declared", name, codeInternal)
		}
	}
	for code := range map[string]bool{codeInternal: true, codeInvalidParameter: true, codeInvalidRequest: true, codeAccessDenied: true} {
		if _, ok := errorShapes[code]; !ok {
			t.Errorf("%s is not a model error shape", code)
		}
	}
	// Every domain Kind has its exceptions, each a model error shape, and
	// every implemented operation answers every Kind with an exception it
	// declares (for any resource: StopContact answers a missing contact
	// apart).
	for _, k := range connect.Kinds() {
		codes, ok := kindCodes[k]
		if !ok || len(codes) == 0 {
			t.Errorf("kindCodes has no exception for Kind %d (%q)", k, k)
		}
		for _, code := range codes {
			if _, ok := errorShapes[code]; !ok {
				t.Errorf("kindCodes[%v]: %s is not a model error shape", k, code)
			}
		}
		for _, name := range generatedOps {
			op := findOp(name)
			for _, r := range []connect.Resource{"", connect.ResourceContact} {
				e, ok := fromConnectError(op, &connect.Error{Kind: k, Resource: r, Message: "m"})
				if !ok || !op.declares(e.Code) {
					t.Errorf("%s: Kind %v (resource %q) answers %v, which it does not declare", name, k, r, e)
				}
			}
		}
	}
}

func findOp(name string) *opSpec {
	for i := range operations {
		if operations[i].Name == name {
			return &operations[i]
		}
	}
	return nil
}

// TestHandleInputMismatch checks that registering a handler with the wrong
// input shape fails at construction.
func TestHandleInputMismatch(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Error("handle with a mismatched input did not panic")
		}
	}()
	handle(NewServer(Config{}), "DescribeContact", func(context.Context, *StartTaskContactRequest) (any, error) { return nil, nil })
}

// TestAdminURLCheck checks that connectd's own API, mounted under
// /_connectd/, gets the Connect API's check of the path and query: a query
// that does not decode is refused, not read as if the pair were absent
// (GET /_connectd/v1/events?instanceId=%zz would stream every instance).
func TestAdminURLCheck(t *testing.T) {
	t.Parallel()
	var served []string
	s := NewServer(Config{Logger: slog.New(slog.DiscardHandler), Admin: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served = append(served, r.URL.RawQuery)
		writeJSON(w, 200, nil)
	})})
	for _, tc := range []struct {
		target  string
		want    int
		message string
	}{
		{"/_connectd/v1/events?instanceId=%zz", 400, `Query string is not valid: invalid URL escape "%zz"`},
		{"/_connectd/v1/events?instanceId=%ff", 400, "Query string is not valid: instanceId is not valid UTF-8"},
		{"/_connectd/v1/events?instanceId=a;b", 400, "Query string is not valid: invalid semicolon separator in query"},
		{"/_connectd/v1/instances/i%ff/contacts/c/flow-logs", 400, `Request path is not valid: "i%ff" is not valid UTF-8`},
		{"/_connectd/v1/events?instanceId=a%20b", 200, ""},
	} {
		res := do(t, s, "GET", tc.target, "")
		if res.Status != tc.want {
			t.Errorf("GET %s = %d %v, want %d", tc.target, res.Status, res.Body, tc.want)
			continue
		}
		if tc.want != 200 && (errType(res.Header) != "InvalidParameterException" || res.Body["Message"] != tc.message) {
			t.Errorf("GET %s = %s %v, want InvalidParameterException %q", tc.target, errType(res.Header), res.Body, tc.message)
		}
	}
	if want := []string{"instanceId=a%20b"}; !slices.Equal(served, want) {
		t.Errorf("the admin API served queries %q, want %q", served, want)
	}
}

// TestInUseError: a resource in use is ResourceInUseException with the
// user named in ResourceType and ResourceId where the operation declares it,
// and the operation's conflict or invalid request elsewhere, without them.
func TestInUseError(t *testing.T) {
	t.Parallel()
	err := &connect.Error{Kind: connect.InUse, Message: "in use", InUseBy: &connect.ResourceRef{Type: "USER", ARN: "arn:u"}}
	for _, tc := range []struct {
		op     string
		code   string
		fields map[string]any
	}{
		{"DeleteRoutingProfile", "ResourceInUseException", map[string]any{"ResourceType": "USER", "ResourceId": "arn:u"}},
		{"DeleteQueue", "ResourceInUseException", map[string]any{"ResourceType": "USER", "ResourceId": "arn:u"}},
		{"DeleteHoursOfOperation", codeInvalidRequest, nil},
	} {
		e, ok := fromConnectError(findOp(tc.op), err)
		if !ok || e.Code != tc.code || !reflect.DeepEqual(e.Fields, tc.fields) {
			t.Errorf("%s: %+v, want %s with %v", tc.op, e, tc.code, tc.fields)
		}
	}
	e, _ := fromConnectError(findOp("DeleteQueue"), &connect.Error{Kind: connect.InUse, Message: "in use"})
	if e.Code != "ResourceInUseException" || e.Fields != nil {
		t.Errorf("DeleteQueue without a user: %+v, want ResourceInUseException with no fields", e)
	}
}
