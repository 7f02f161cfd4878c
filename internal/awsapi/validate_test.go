package awsapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func vp[T any](v T) *T { return &v }

func validTask() *StartTaskContactRequest {
	return &StartTaskContactRequest{
		InstanceId: vp("11111111-2222-3333-4444-555555555555"),
		Name:       vp("Call back customer"),
		References: map[string]Reference{"ticket": {Type: vp("URL"), Value: vp("https://example.com/t/1")}},
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	notNull := func(f string) *ValidationError { return &ValidationError{Field: f, Msg: msgNotNull} }
	tests := []struct {
		name string
		in   input
		want *ValidationError
	}{
		{"valid", validTask(), nil},
		{"missing required", func() input { in := validTask(); in.InstanceId = nil; return in }(), notNull("InstanceId")},
		{"empty string is present", func() input { in := validTask(); in.Name = vp(""); return in }(), nil},
		{"too long", func() input { in := validTask(); in.Name = vp(strings.Repeat("n", 1025)); return in }(),
			&ValidationError{Field: "Name", Msg: "Member must have length less than or equal to 1024"}},
		{"length counts code points", func() input { in := validTask(); in.Name = vp(strings.Repeat("é", 1024)); return in }(), nil},
		{"too short", func() input { in := validTask(); in.InstanceId = vp(""); return in }(),
			&ValidationError{Field: "InstanceId", Msg: "Member must have length greater than or equal to 1"}},
		{"map value enum", func() input {
			in := validTask()
			in.References["ticket"] = Reference{Type: vp("BOGUS"), Value: vp("v")}
			return in
		}(), &ValidationError{Field: "References.ticket.Type", Msg: "Member must satisfy enum value set: [" + strings.Join(ruleReferenceType.enum, ", ") + "]"}},
		{"map value required", func() input {
			in := validTask()
			in.References["b"] = Reference{Value: vp("v")}
			return in
		}(), notNull("References.b.Type")},
		{"map value too long", func() input {
			in := validTask()
			in.References["ticket"] = Reference{Type: vp("URL"), Value: vp(strings.Repeat("v", 4097))}
			return in
		}(), &ValidationError{Field: "References.ticket.Value", Msg: "Member must have length less than or equal to 4096"}},
		{"map key length", func() input { in := validTask(); in.References[""] = Reference{Type: vp("URL")}; return in }(),
			&ValidationError{Field: "References.", Msg: "Member must have length greater than or equal to 1"}},
		{"pattern", func() input {
			in := validTask()
			in.References["ticket"] = Reference{Type: vp("URL"), Arn: vp("#arn:aws:connect:us-east-1")}
			return in
		}(), &ValidationError{Field: "References.ticket.Arn", Msg: "Member must satisfy regular expression pattern: ^[-:/A-Za-z0-9]+"}},
		{"list element required", func() input {
			in := validTask()
			in.Attachments = []TaskAttachment{{FileName: vp("a.txt"), S3Url: vp("https://x")}, {FileName: vp("b.txt")}}
			return in
		}(), notNull("Attachments[1].S3Url")},
		{"list too short", func() input { in := validTask(); in.Attachments = []TaskAttachment{}; return in }(),
			&ValidationError{Field: "Attachments", Msg: "Member must have length greater than or equal to 1"}},
		{"recursive map of structs", func() input {
			in := validTask()
			in.SegmentAttributes = map[string]SegmentAttributeValue{"connect:X": {ValueMap: map[string]SegmentAttributeValue{
				"inner": {ValueString: vp(strings.Repeat("s", 1025))},
			}}}
			return in
		}(), &ValidationError{Field: "SegmentAttributes.connect:X.ValueMap.inner.ValueString", Msg: "Member must have length less than or equal to 1024"}},
		{"range max", &ListInstancesRequest{MaxResults: vp[int32](11)},
			&ValidationError{Field: "MaxResults", Msg: "Member must have value less than or equal to 10"}},
		{"range min", &ListInstancesRequest{MaxResults: vp[int32](0)},
			&ValidationError{Field: "MaxResults", Msg: "Member must have value greater than or equal to 1"}},
		{"tag key no aws: prefix", &TagResourceRequest{ResourceArn: vp("arn"), Tags: map[string]string{"aws:x": "v"}},
			&ValidationError{Field: "tags.aws:x", Msg: `Member must satisfy regular expression pattern: ` + ruleTagKey.pattern}},
		{"tag key pattern", &TagResourceRequest{ResourceArn: vp("arn"), Tags: map[string]string{"a$b": "v"}},
			&ValidationError{Field: "tags.a$b", Msg: `Member must satisfy regular expression pattern: ` + ruleTagKey.pattern}},
		{"tag ok", &TagResourceRequest{ResourceArn: vp("arn"), Tags: map[string]string{"awsx:é ok": "v"}}, nil},
		{"map too small", &TagResourceRequest{ResourceArn: vp("arn"), Tags: map[string]string{}},
			&ValidationError{Field: "tags", Msg: "Member must have length greater than or equal to 1"}},
		{"list of enums", &ListContactReferencesRequest{InstanceId: vp("i"), ContactId: vp("c"), ReferenceTypes: []string{"URL", "NOPE"}},
			&ValidationError{Field: "ReferenceTypes[1]", Msg: "Member must satisfy enum value set: [" + strings.Join(ruleReferenceType.enum, ", ") + "]"}},
		{"required list", &ListContactReferencesRequest{InstanceId: vp("i"), ContactId: vp("c")}, notNull("ReferenceTypes")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got *ValidationError
			if err := tc.in.validate(""); err != nil {
				got = err.(*ValidationError)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("validate() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  *ValidationError
		want string
	}{
		{&ValidationError{Field: "Name", Msg: "Member must have length less than or equal to 512"},
			"1 validation error detected: Value at 'Name' failed to satisfy constraint: Member must have length less than or equal to 512"},
		{&ValidationError{Field: "InstanceId", Msg: msgNotNull},
			"1 validation error detected: Value null at 'InstanceId' failed to satisfy constraint: Member must not be null"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestBindHTTP(t *testing.T) {
	t.Parallel()
	s := NewServer(Config{})
	tests := []struct {
		name, method, target string
		in                   input
		want                 input
		wantErr              *ValidationError
	}{
		{"path and repeated query", "GET", "/contact/references/i%2F1/c1?referenceTypes=URL&referenceTypes=STRING&nextToken=tok",
			&ListContactReferencesRequest{},
			&ListContactReferencesRequest{InstanceId: vp("i/1"), ContactId: vp("c1"), ReferenceTypes: []string{"URL", "STRING"}, NextToken: vp("tok")}, nil},
		{"integer query", "GET", "/instance?maxResults=7", &ListInstancesRequest{}, &ListInstancesRequest{MaxResults: vp[int32](7)}, nil},
		{"bad integer", "GET", "/instance?maxResults=seven", &ListInstancesRequest{}, nil,
			&ValidationError{Field: "MaxResults", Msg: "Member must be an integer"}},
		{"escaped arn label", "GET", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fabc",
			&ListTagsForResourceRequest{}, &ListTagsForResourceRequest{ResourceArn: vp("arn:aws:connect:us-east-1:123456789012:instance/abc")}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := routed(t, s, httptest.NewRequest(tc.method, tc.target, nil))
			err := tc.in.bindHTTP(r)
			if tc.wantErr != nil {
				if diff := cmp.Diff(tc.wantErr, err); diff != "" {
					t.Errorf("bindHTTP error mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("bindHTTP: %v", err)
			}
			if diff := cmp.Diff(tc.want, tc.in); diff != "" {
				t.Errorf("bindHTTP mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// routed returns r as the Server's mux hands it to the operation's route, with
// its path values set.
func routed(t *testing.T, s *Server, r *http.Request) *http.Request {
	t.Helper()
	_, pattern := s.mux.Handler(r)
	if pattern == "" || pattern == "/" {
		t.Fatalf("%s %s: no route", r.Method, r.URL)
	}
	var got *http.Request
	m := http.NewServeMux()
	m.HandleFunc(pattern, func(_ http.ResponseWriter, r *http.Request) { got = r })
	m.ServeHTTP(httptest.NewRecorder(), r)
	return got
}
