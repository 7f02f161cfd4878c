package e2e

import (
	"maps"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

const missingID = "00000000-0000-4000-8000-000000000000"

func TestStartTaskContactDescribe(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)

	expiry := map[string]types.SegmentAttributeValue{
		"connect:ContactExpiry": {ValueMap: map[string]types.SegmentAttributeValue{
			"ExpiryDuration": {ValueInteger: aws.Int32(90)},
		}},
	}
	tests := []struct {
		name      string
		scheduled *time.Time
	}{
		{name: "now"},
		{name: "scheduled", scheduled: aws.Time(schedule(3 * time.Hour))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			attrs := map[string]string{"customer": "Jane", "tier-1_x": "gold", "empty": ""}
			before := time.Now().Add(-time.Second)
			in := s.taskInput("Call back "+tc.name, withAttributes(attrs), withReferences(map[string]types.Reference{
				"ticket": ref(types.ReferenceTypeUrl, "https://example.com/t/1"),
			}))
			in.Description = aws.String("Customer asked for a call back")
			in.SegmentAttributes = expiry
			in.ScheduledTime = tc.scheduled
			out, err := c.StartTaskContact(ctx(t), in)
			if err != nil {
				t.Fatal(err)
			}
			after := time.Now().Add(time.Second)
			id := aws.ToString(out.ContactId)
			if !uuidRE.MatchString(id) {
				t.Errorf("ContactId = %q, want a UUID", id)
			}
			got := describe(t, c, s, id)
			arnRE := regexp.MustCompile(`^arn:aws:connect:us-east-1:\d{12}:instance/` + regexp.QuoteMeta(s.InstanceID) + `/contact/` + regexp.QuoteMeta(id) + `$`)
			if !arnRE.MatchString(aws.ToString(got.Arn)) {
				t.Errorf("Arn = %q, want %s", aws.ToString(got.Arn), arnRE)
			}
			if aws.ToString(got.Id) != id || aws.ToString(got.InitialContactId) != id {
				t.Errorf("Id, InitialContactId = %q, %q; want %q twice", aws.ToString(got.Id), aws.ToString(got.InitialContactId), id)
			}
			if got.Channel != types.ChannelTask || got.InitiationMethod != types.ContactInitiationMethodApi {
				t.Errorf("Channel, InitiationMethod = %s, %s; want TASK, API", got.Channel, got.InitiationMethod)
			}
			if aws.ToString(got.Name) != *in.Name || aws.ToString(got.Description) != *in.Description {
				t.Errorf("Name, Description = %q, %q", aws.ToString(got.Name), aws.ToString(got.Description))
			}
			if !maps.Equal(got.Attributes, attrs) {
				t.Errorf("Attributes = %v, want %v", got.Attributes, attrs)
			}
			exp, ok := got.SegmentAttributes["connect:ContactExpiry"]
			if !ok || exp.ValueMap["ExpiryDuration"].ValueInteger == nil || *exp.ValueMap["ExpiryDuration"].ValueInteger != 90 {
				t.Errorf("SegmentAttributes = %+v, want connect:ContactExpiry ExpiryDuration 90", got.SegmentAttributes)
			}
			if got.InitiationTimestamp == nil || got.InitiationTimestamp.Before(before) || got.InitiationTimestamp.After(after) {
				t.Errorf("InitiationTimestamp = %v, want between %v and %v", got.InitiationTimestamp, before, after)
			}
			if !sameTime(got.LastUpdateTimestamp, got.InitiationTimestamp) {
				t.Errorf("LastUpdateTimestamp = %v, want InitiationTimestamp %v on a new contact", got.LastUpdateTimestamp, got.InitiationTimestamp)
			}
			if want := tc.scheduled; !sameTime(got.ScheduledTimestamp, want) {
				t.Errorf("ScheduledTimestamp = %v, want %v (ms precision)", got.ScheduledTimestamp, want)
			}
			if got.DisconnectTimestamp != nil || got.DisconnectReason != nil {
				t.Errorf("DisconnectTimestamp, DisconnectReason = %v, %v; want none before StopContact", got.DisconnectTimestamp, got.DisconnectReason)
			}
			if got.PreviousContactId != nil || got.RelatedContactId != nil {
				t.Errorf("PreviousContactId, RelatedContactId = %v, %v; want none", got.PreviousContactId, got.RelatedContactId)
			}
			stopContact(t, c, s, id)
			got = describe(t, c, s, id)
			if got.DisconnectTimestamp == nil || got.DisconnectTimestamp.Before(*got.InitiationTimestamp) {
				t.Errorf("DisconnectTimestamp = %v after StopContact", got.DisconnectTimestamp)
			}
		})
	}

	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "exists")
		for _, tc := range []struct {
			name, instance, contact string
		}{
			{"unknown contact", s.InstanceID, missingID},
			{"unknown instance", missingID, id},
		} {
			_, err := c.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: aws.String(tc.instance), ContactId: aws.String(tc.contact)})
			wantAPIError(t, err, "ResourceNotFoundException", 404)
		}
	})
}

func TestStartTaskContactFlowSelectors(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	tests := []struct {
		name         string
		instance     string
		flow, tmpl   *string
		quickConnect *string
		code         string
		status       int
	}{
		{name: "none", code: "InvalidRequestException", status: 400},
		// A template goes with a flow, which runs instead of the template's.
		{name: "flow and unknown template", flow: aws.String(s.TaskFlowID), tmpl: aws.String(missingID), code: "ResourceNotFoundException", status: 404},
		{name: "flow and quick connect", flow: aws.String(s.TaskFlowID), quickConnect: aws.String(missingID), code: "InvalidRequestException", status: 400},
		{name: "template and quick connect", tmpl: aws.String(missingID), quickConnect: aws.String(missingID), code: "InvalidRequestException", status: 400},
		{name: "all three", flow: aws.String(s.TaskFlowID), tmpl: aws.String(missingID), quickConnect: aws.String(missingID), code: "InvalidRequestException", status: 400},
		{name: "unknown flow", flow: aws.String(missingID), code: "ResourceNotFoundException", status: 404},
		{name: "task template alone", tmpl: aws.String(missingID), code: "ResourceNotFoundException", status: 404},
		{name: "quick connect alone", quickConnect: aws.String(missingID), code: "ResourceNotFoundException", status: 404},
		{name: "unknown instance", instance: missingID, flow: aws.String(s.TaskFlowID), code: "ResourceNotFoundException", status: 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := &connect.StartTaskContactInput{
				InstanceId: aws.String(s.InstanceID), Name: aws.String(tc.name),
				ContactFlowId: tc.flow, TaskTemplateId: tc.tmpl, QuickConnectId: tc.quickConnect,
			}
			if tc.instance != "" {
				in.InstanceId = aws.String(tc.instance)
			}
			_, err := c.StartTaskContact(ctx(t), in)
			wantAPIError(t, err, tc.code, tc.status)
		})
	}
}

func TestStartTaskContactReferences(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	one := func(typ types.ReferenceType, v string) map[string]types.Reference {
		return map[string]types.Reference{"r": ref(typ, v)}
	}
	// "r" takes 1 byte of the 4,096-byte budget.
	tests := []struct {
		name   string
		refs   map[string]types.Reference
		code   string // "" for success
		status int
	}{
		{name: "URL", refs: one(types.ReferenceTypeUrl, "https://example.com/a?b=c")},
		{name: "NUMBER", refs: one(types.ReferenceTypeNumber, "-12.5")},
		{name: "STRING", refs: one(types.ReferenceTypeString, "anything at all ✓")},
		{name: "STRING empty", refs: one(types.ReferenceTypeString, "")},
		{name: "DATE", refs: one(types.ReferenceTypeDate, "1767290400")},
		{name: "EMAIL", refs: one(types.ReferenceTypeEmail, "jane@example.com")},
		{name: "all five", refs: map[string]types.Reference{
			"u": ref(types.ReferenceTypeUrl, "https://example.com"), "n": ref(types.ReferenceTypeNumber, "3"),
			"s": ref(types.ReferenceTypeString, "x"), "d": ref(types.ReferenceTypeDate, "1767290400"),
			"e": ref(types.ReferenceTypeEmail, "a@example.com"),
		}},
		{name: "ATTACHMENT", refs: one(types.ReferenceTypeAttachment, "https://example.com/f.pdf"), code: "InvalidRequestException", status: 400},
		{name: "EMAIL_MESSAGE", refs: one(types.ReferenceTypeEmailMessage, "x"), code: "InvalidRequestException", status: 400},
		{name: "bad URL", refs: one(types.ReferenceTypeUrl, "not a url"), code: "InvalidRequestException", status: 400},
		{name: "URL without scheme", refs: one(types.ReferenceTypeUrl, "example.com/path"), code: "InvalidRequestException", status: 400},
		{name: "bad NUMBER", refs: one(types.ReferenceTypeNumber, "twelve"), code: "InvalidRequestException", status: 400},
		{name: "NUMBER NaN", refs: one(types.ReferenceTypeNumber, "NaN"), code: "InvalidRequestException", status: 400},
		{name: "NUMBER Inf", refs: one(types.ReferenceTypeNumber, "Inf"), code: "InvalidRequestException", status: 400},
		{name: "bad DATE", refs: one(types.ReferenceTypeDate, "tomorrow"), code: "InvalidRequestException", status: 400},
		{name: "DATE NaN", refs: one(types.ReferenceTypeDate, "NaN"), code: "InvalidRequestException", status: 400},
		{name: "DATE infinity", refs: one(types.ReferenceTypeDate, "infinity"), code: "InvalidRequestException", status: 400},
		{name: "bad EMAIL", refs: one(types.ReferenceTypeEmail, "jane"), code: "InvalidRequestException", status: 400},
		{name: "EMAIL without domain", refs: one(types.ReferenceTypeEmail, "jane@"), code: "InvalidRequestException", status: 400},
		{name: "unknown type", refs: one("PHONE", "x"), code: "InvalidParameterException", status: 400},
		// The 4,096-byte limit counts names and values in UTF-8 bytes.
		{name: "4096 bytes", refs: one(types.ReferenceTypeString, fill("x", 4095))},
		{name: "4097 bytes", refs: one(types.ReferenceTypeString, fill("x", 4096)), code: "InvalidRequestException", status: 400},
		{name: "4096 bytes over two", refs: map[string]types.Reference{
			"ab": ref(types.ReferenceTypeString, fill("x", 2046)), "cd": ref(types.ReferenceTypeString, fill("x", 2046))}},
		{name: "4097 bytes over two", refs: map[string]types.Reference{
			"ab": ref(types.ReferenceTypeString, fill("x", 2046)), "cde": ref(types.ReferenceTypeString, fill("x", 2046))},
			code: "InvalidRequestException", status: 400},
		{name: "4096 UTF-8 bytes", refs: one(types.ReferenceTypeString, fill("é", 4094)+"x")},
		{name: "4097 UTF-8 bytes", refs: one(types.ReferenceTypeString, fill("é", 4094)+"xy"), code: "InvalidRequestException", status: 400},
		// Model constraints, from generated validation.
		{name: "value over 4096 characters", refs: one(types.ReferenceTypeString, fill("x", 4097)), code: "InvalidParameterException", status: 400},
		{name: "name over 4096 characters", refs: map[string]types.Reference{fill("n", 4097): ref(types.ReferenceTypeString, "")}, code: "InvalidParameterException", status: 400},
		{name: "empty name", refs: map[string]types.Reference{"": ref(types.ReferenceTypeString, "x")}, code: "InvalidParameterException", status: 400},
		{name: "STRING without Value", refs: map[string]types.Reference{"r": {Type: types.ReferenceTypeString}}},
		{name: "URL without Value", refs: map[string]types.Reference{"r": {Type: types.ReferenceTypeUrl}}, code: "InvalidRequestException", status: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := c.StartTaskContact(ctx(t), s.taskInput(tc.name, withReferences(tc.refs)))
			if tc.code != "" {
				wantAPIError(t, err, tc.code, tc.status)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			list, err := c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{
				InstanceId: aws.String(s.InstanceID), ContactId: out.ContactId,
				ReferenceTypes: listableTypes,
			})
			if err != nil {
				t.Fatal(err)
			}
			got := referenceMap(t, list.ReferenceSummaryList)
			if len(got) != len(tc.refs) {
				t.Fatalf("ListContactReferences = %v, want %d references", got, len(tc.refs))
			}
			for name, r := range tc.refs {
				if g := got[name]; g != (typedValue{r.Type, aws.ToString(r.Value)}) {
					t.Errorf("reference %.20q = %.40v, want %s %.40q", name, g, r.Type, aws.ToString(r.Value))
				}
			}
		})
	}

	t.Run("model constraints", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			name string
			mod  func(*connect.StartTaskContactInput)
			code string
		}{
			{"Name of 1024", func(in *connect.StartTaskContactInput) { in.Name = aws.String(fill("n", 1024)) }, ""},
			{"Name of 1024 runes", func(in *connect.StartTaskContactInput) { in.Name = aws.String(fill("é", 2048)) }, ""},
			{"Name over 1024", func(in *connect.StartTaskContactInput) { in.Name = aws.String(fill("n", 1025)) }, "InvalidParameterException"},
			{"Description of 4096", func(in *connect.StartTaskContactInput) { in.Description = aws.String(fill("d", 4096)) }, ""},
			{"Description over 4096", func(in *connect.StartTaskContactInput) { in.Description = aws.String(fill("d", 4097)) }, "InvalidParameterException"},
			{"six attachments", func(in *connect.StartTaskContactInput) {
				for range 6 {
					in.Attachments = append(in.Attachments, types.TaskAttachment{FileName: aws.String("f.txt"), S3Url: aws.String("https://example.com/f.txt")})
				}
			}, "InvalidParameterException"},
		} {
			_, err := c.StartTaskContact(ctx(t), s.taskInput(tc.name, tc.mod))
			if tc.code == "" {
				if err != nil {
					t.Errorf("%s: %v", tc.name, err)
				}
				continue
			}
			wantAPIError(t, err, tc.code, 400)
		}
	})
}

// typedValue is a reference as ListContactReferences reports it.
type typedValue struct {
	Type  types.ReferenceType
	Value string
}

// referenceMap flattens ListContactReferences' union members by name.
func referenceMap(t testing.TB, list []types.ReferenceSummary) map[string]typedValue {
	t.Helper()
	out := map[string]typedValue{}
	for _, r := range list {
		var name, value string
		var typ types.ReferenceType
		switch v := r.(type) {
		case *types.ReferenceSummaryMemberUrl:
			name, value, typ = aws.ToString(v.Value.Name), aws.ToString(v.Value.Value), types.ReferenceTypeUrl
		case *types.ReferenceSummaryMemberNumber:
			name, value, typ = aws.ToString(v.Value.Name), aws.ToString(v.Value.Value), types.ReferenceTypeNumber
		case *types.ReferenceSummaryMemberString:
			name, value, typ = aws.ToString(v.Value.Name), aws.ToString(v.Value.Value), types.ReferenceTypeString
		case *types.ReferenceSummaryMemberDate:
			name, value, typ = aws.ToString(v.Value.Name), aws.ToString(v.Value.Value), types.ReferenceTypeDate
		case *types.ReferenceSummaryMemberEmail:
			name, value, typ = aws.ToString(v.Value.Name), aws.ToString(v.Value.Value), types.ReferenceTypeEmail
		default:
			t.Fatalf("unexpected ReferenceSummary member %T", r)
		}
		if _, dup := out[name]; dup {
			t.Errorf("reference %q listed twice", name)
		}
		out[name] = typedValue{typ, value}
	}
	return out
}

func TestStartTaskContactAttributes(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	tests := []struct {
		name   string
		attrs  map[string]string
		code   string
		status int
	}{
		{name: "allowed key characters", attrs: map[string]string{"aZ09-_": "v"}},
		{name: "key with dot", attrs: map[string]string{"a.b": "v"}, code: "InvalidRequestException", status: 400},
		{name: "key with colon", attrs: map[string]string{"a:b": "v"}, code: "InvalidRequestException", status: 400},
		{name: "key with space", attrs: map[string]string{"a b": "v"}, code: "InvalidRequestException", status: 400},
		{name: "key with non-ASCII letter", attrs: map[string]string{"é": "v"}, code: "InvalidRequestException", status: 400},
		{name: "empty key", attrs: map[string]string{"": "v"}, code: "InvalidParameterException", status: 400},
		{name: "32768 bytes", attrs: map[string]string{"k": fill("v", 32767)}},
		{name: "32769 bytes", attrs: map[string]string{"k": fill("v", 32767), "l": ""}, code: "InvalidRequestException", status: 400},
		{name: "32768 bytes over two", attrs: map[string]string{"k1": fill("v", 16382), "k2": fill("v", 16382)}},
		{name: "32769 bytes over two", attrs: map[string]string{"k1": fill("v", 16382), "k22": fill("v", 16382)}, code: "InvalidRequestException", status: 400},
		{name: "32768 UTF-8 bytes", attrs: map[string]string{"k": fill("é", 32766) + "x"}},
		{name: "32769 UTF-8 bytes", attrs: map[string]string{"k": fill("é", 32766) + "xy"}, code: "InvalidRequestException", status: 400},
		{name: "value over 32767 characters", attrs: map[string]string{"k": fill("v", 32768)}, code: "InvalidParameterException", status: 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := c.StartTaskContact(ctx(t), s.taskInput(tc.name, withAttributes(tc.attrs)))
			if tc.code != "" {
				wantAPIError(t, err, tc.code, tc.status)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := getAttributes(t, c, s, *out.ContactId); !maps.Equal(got, tc.attrs) {
				t.Errorf("GetContactAttributes differs from the attributes given (%d vs %d keys)", len(got), len(tc.attrs))
			}
		})
	}
}

func TestStartTaskContactScheduledTime(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	tests := []struct {
		name string
		in   time.Duration
		ok   bool
	}{
		{name: "1 minute ago", in: -time.Minute},
		{name: "1 day ago", in: -24 * time.Hour},
		{name: "6 days and 1 minute ahead", in: 6*24*time.Hour + time.Minute},
		{name: "30 days ahead", in: 30 * 24 * time.Hour},
		{name: "1 minute ahead", in: time.Minute, ok: true},
		{name: "5 days ahead", in: 5 * 24 * time.Hour, ok: true},
		{name: "6 days less 1 minute ahead", in: 6*24*time.Hour - time.Minute, ok: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			at := schedule(tc.in)
			out, err := c.StartTaskContact(ctx(t), s.taskInput(tc.name, withSchedule(at)))
			if !tc.ok {
				wantAPIError(t, err, "InvalidRequestException", 400)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(t, c, s, *out.ContactId).ScheduledTimestamp; !sameTime(got, &at) {
				t.Errorf("ScheduledTimestamp = %v, want %v", got, at)
			}
		})
	}
}

func TestStartTaskContactPreviousContact(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)

	t.Run("missing", func(t *testing.T) {
		t.Parallel()
		_, err := c.StartTaskContact(ctx(t), s.taskInput("orphan", withPrevious(missingID)))
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})

	t.Run("12 per PreviousContactId", func(t *testing.T) {
		t.Parallel()
		root := startTask(t, c, s, "root")
		var children []string
		for i := range 12 {
			children = append(children, startTask(t, c, s, "child", withPrevious(root), withToken("child-"+root+"-"+string(rune('a'+i)))))
		}
		_, err := c.StartTaskContact(ctx(t), s.taskInput("13th", withPrevious(root)))
		wantAPIError(t, err, "ServiceQuotaExceededException", 402)
		// A retry of an accepted request is not a 13th task.
		if id := startTask(t, c, s, "child", withPrevious(root), withToken("child-"+root+"-a")); id != children[0] {
			t.Errorf("retry of the first child = %s, want %s", id, children[0])
		}
		// The limit is per PreviousContactId: a child may have children.
		startTask(t, c, s, "grandchild", withPrevious(children[0]))
		if got := describe(t, c, s, children[11]).PreviousContactId; aws.ToString(got) != root {
			t.Errorf("PreviousContactId = %v, want %s", aws.ToString(got), root)
		}
	})

	t.Run("chain shares attributes", func(t *testing.T) {
		t.Parallel()
		root := startTask(t, c, s, "root", withAttributes(map[string]string{"a": "1"}))
		t1 := startTask(t, c, s, "t1", withPrevious(root), withAttributes(map[string]string{"b": "2"}))
		t2 := startTask(t, c, s, "t2", withPrevious(t1))
		t3 := startTask(t, c, s, "t3", withPrevious(root))
		chain := []string{root, t1, t2, t3}
		check := func(want map[string]string) {
			t.Helper()
			for _, id := range chain {
				if got := getAttributes(t, c, s, id); !maps.Equal(got, want) {
					t.Errorf("GetContactAttributes(%s) = %v, want %v", id, got, want)
				}
				if got := describe(t, c, s, id).Attributes; !maps.Equal(got, want) {
					t.Errorf("DescribeContact(%s).Attributes = %v, want %v", id, got, want)
				}
			}
		}
		check(map[string]string{"a": "1", "b": "2"})
		updateAttributes(t, c, s, t2, map[string]string{"c": "3"})
		check(map[string]string{"a": "1", "b": "2", "c": "3"})
		updateAttributes(t, c, s, root, map[string]string{"a": "x"})
		check(map[string]string{"a": "x", "b": "2", "c": "3"})
		updateAttributes(t, c, s, t3, map[string]string{"b": ""})
		check(map[string]string{"a": "x", "b": "", "c": "3"})
	})
}

func TestStartTaskContactRelatedContact(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)

	t.Run("missing", func(t *testing.T) {
		t.Parallel()
		_, err := c.StartTaskContact(ctx(t), s.taskInput("orphan", withRelated(missingID)))
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})

	t.Run("attributes copied then independent", func(t *testing.T) {
		t.Parallel()
		base := startTask(t, c, s, "base", withAttributes(map[string]string{"a": "1", "b": "1"}))
		rel := startTask(t, c, s, "related", withRelated(base), withAttributes(map[string]string{"b": "2"}))
		if got, want := getAttributes(t, c, s, rel), map[string]string{"a": "1", "b": "2"}; !maps.Equal(got, want) {
			t.Errorf("related attributes = %v, want %v (copied, then overridden)", got, want)
		}
		if got, want := getAttributes(t, c, s, base), map[string]string{"a": "1", "b": "1"}; !maps.Equal(got, want) {
			t.Errorf("base attributes = %v, want %v (unchanged by the new task)", got, want)
		}
		updateAttributes(t, c, s, rel, map[string]string{"c": "3"})
		if got := getAttributes(t, c, s, base); got["c"] != "" || len(got) != 2 {
			t.Errorf("base attributes = %v after an update of the related task", got)
		}
		updateAttributes(t, c, s, base, map[string]string{"d": "4"})
		if got, want := getAttributes(t, c, s, rel), map[string]string{"a": "1", "b": "2", "c": "3"}; !maps.Equal(got, want) {
			t.Errorf("related attributes = %v, want %v", got, want)
		}
		if got := describe(t, c, s, rel); aws.ToString(got.RelatedContactId) != base || got.PreviousContactId != nil {
			t.Errorf("RelatedContactId, PreviousContactId = %v, %v; want %s, none", aws.ToString(got.RelatedContactId), got.PreviousContactId, base)
		}
	})

	t.Run("no limit", func(t *testing.T) {
		t.Parallel()
		base := startTask(t, c, s, "base")
		for range 14 {
			startTask(t, c, s, "related", withRelated(base))
		}
	})
}

func TestStartTaskContactClientToken(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)

	t.Run("same request", func(t *testing.T) {
		t.Parallel()
		opts := []func(*connect.StartTaskContactInput){withToken("tok-same"), withAttributes(map[string]string{"a": "1"}),
			withReferences(map[string]types.Reference{"r": ref(types.ReferenceTypeString, "v")})}
		first := startTask(t, c, s, "same", opts...)
		if again := startTask(t, c, s, "same", opts...); again != first {
			t.Errorf("retry ContactId = %s, want %s", again, first)
		}
		// The retry did not write: the contact is unchanged, and new work after it is kept.
		updateAttributes(t, c, s, first, map[string]string{"a": "2"})
		if again := startTask(t, c, s, "same", opts...); again != first {
			t.Errorf("retry ContactId = %s, want %s", again, first)
		}
		if got := getAttributes(t, c, s, first)["a"]; got != "2" {
			t.Errorf("attribute a = %q after a retry, want 2 (a retry must not reset it)", got)
		}
	})

	t.Run("same scheduled request", func(t *testing.T) {
		t.Parallel()
		at := schedule(time.Hour)
		first := startTask(t, c, s, "scheduled", withToken("tok-sched"), withSchedule(at))
		if again := startTask(t, c, s, "scheduled", withToken("tok-sched"), withSchedule(at)); again != first {
			t.Errorf("retry ContactId = %s, want %s", again, first)
		}
	})

	t.Run("different request", func(t *testing.T) {
		t.Parallel()
		startTask(t, c, s, "first", withToken("tok-diff"))
		for _, tc := range []struct {
			name string
			opts []func(*connect.StartTaskContactInput)
		}{
			{"other name", []func(*connect.StartTaskContactInput){withToken("tok-diff")}},
			{"other attributes", []func(*connect.StartTaskContactInput){withToken("tok-diff"), withAttributes(map[string]string{"a": "1"})}},
		} {
			name := "second"
			if tc.name != "other name" {
				name = "first"
			}
			_, err := c.StartTaskContact(ctx(t), s.taskInput(name, tc.opts...))
			wantAPIError(t, err, "InvalidRequestException", 400)
		}
	})
}

func TestStartTaskContactClientTokenRace(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	const n = 16
	ids := make(chan string, n)
	errs := make(chan error, n)
	start := make(chan struct{})
	for range n {
		go func() {
			<-start
			out, err := c.StartTaskContact(ctx(t), s.taskInput("raced", withToken("race-token"),
				withAttributes(map[string]string{"k": "v"})))
			if err != nil {
				errs <- err
				return
			}
			ids <- aws.ToString(out.ContactId)
		}()
	}
	close(start)
	seen := map[string]int{}
	for range n {
		select {
		case id := <-ids:
			seen[id]++
		case err := <-errs:
			t.Errorf("concurrent retry failed: %v", err)
		}
	}
	if len(seen) != 1 {
		t.Errorf("concurrent retries returned %d ContactIds (%v), want 1", len(seen), seen)
	}
	out, err := c.SearchContacts(ctx(t), &connect.SearchContactsInput{
		InstanceId: aws.String(s.InstanceID), TimeRange: wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Contacts) != 1 || aws.ToInt64(out.TotalCount) != 1 {
		t.Errorf("SearchContacts found %d contacts (TotalCount %d), want exactly 1", len(out.Contacts), aws.ToInt64(out.TotalCount))
	}
	for id := range seen {
		if len(out.Contacts) > 0 && aws.ToString(out.Contacts[0].Id) != id {
			t.Errorf("SearchContacts found %s, want %s", aws.ToString(out.Contacts[0].Id), id)
		}
	}
}

func TestStopContact(t *testing.T) {
	t.Parallel()
	s := startServer(t, "", "--clock", "manual")
	c := s.client(t)
	for _, tc := range []struct {
		name string
		opts []func(*connect.StartTaskContactInput)
	}{
		{"immediate", nil},
		{"scheduled", []func(*connect.StartTaskContactInput){withSchedule(schedule(2 * time.Hour))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			id := startTask(t, c, s, tc.name, tc.opts...)
			before := describe(t, c, s, id)
			s.advance(t, 5*time.Millisecond) // (the other subtest may move it too)
			stopContact(t, c, s, id)
			got := describe(t, c, s, id)
			if got.DisconnectTimestamp == nil || !got.DisconnectTimestamp.After(*before.InitiationTimestamp) {
				t.Errorf("DisconnectTimestamp = %v, want after InitiationTimestamp %v", got.DisconnectTimestamp, before.InitiationTimestamp)
			}
			if aws.ToString(got.DisconnectReason) != "API" {
				t.Errorf("DisconnectReason = %v, want API", aws.ToString(got.DisconnectReason))
			}
			if !sameTime(got.ScheduledTimestamp, before.ScheduledTimestamp) {
				t.Errorf("ScheduledTimestamp = %v, want %v kept", got.ScheduledTimestamp, before.ScheduledTimestamp)
			}
			_, err := c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id)})
			wantAPIError(t, err, "InvalidRequestException", 400)
			if again := describe(t, c, s, id); !sameTime(again.DisconnectTimestamp, got.DisconnectTimestamp) {
				t.Errorf("DisconnectTimestamp changed by a second StopContact: %v -> %v", got.DisconnectTimestamp, again.DisconnectTimestamp)
			}
		})
	}
	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "exists")
		_, err := c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(missingID)})
		wantAPIError(t, err, "ContactNotFoundException", 410)
		_, err = c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: aws.String(missingID), ContactId: aws.String(id)})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
}

func TestContactAttributes(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)

	t.Run("round trip", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "attrs", withAttributes(map[string]string{"a": "1", "b": "1"}))
		updateAttributes(t, c, s, id, map[string]string{"b": "2", "c": "3"})
		updateAttributes(t, c, s, id, map[string]string{"a": ""})
		want := map[string]string{"a": "", "b": "2", "c": "3"}
		if got := getAttributes(t, c, s, id); !maps.Equal(got, want) {
			t.Errorf("GetContactAttributes = %v, want %v", got, want)
		}
		if got := describe(t, c, s, id).Attributes; !maps.Equal(got, want) {
			t.Errorf("DescribeContact.Attributes = %v, want %v", got, want)
		}
	})

	t.Run("none", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "no attrs")
		if got := getAttributes(t, c, s, id); len(got) != 0 {
			t.Errorf("GetContactAttributes = %v, want none", got)
		}
	})

	t.Run("stopped contact", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "stopped", withAttributes(map[string]string{"a": "1"}))
		stopContact(t, c, s, id)
		updateAttributes(t, c, s, id, map[string]string{"after": "stop"})
		if got, want := getAttributes(t, c, s, id), map[string]string{"a": "1", "after": "stop"}; !maps.Equal(got, want) {
			t.Errorf("GetContactAttributes = %v, want %v", got, want)
		}
	})

	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "errors", withAttributes(map[string]string{"big": fill("v", 32000)}))
		for _, tc := range []struct {
			name    string
			contact string
			attrs   map[string]string
			code    string
			status  int
		}{
			{"bad key", id, map[string]string{"a.b": "v"}, "InvalidRequestException", 400},
			{"empty key", id, map[string]string{"": "v"}, "InvalidParameterException", 400},
			{"merged over 32768 bytes", id, map[string]string{"more": fill("v", 1000)}, "InvalidRequestException", 400},
			{"unknown contact", missingID, map[string]string{"a": "1"}, "ResourceNotFoundException", 404},
		} {
			_, err := c.UpdateContactAttributes(ctx(t), &connect.UpdateContactAttributesInput{
				InstanceId: aws.String(s.InstanceID), InitialContactId: aws.String(tc.contact), Attributes: tc.attrs})
			t.Log(tc.name)
			wantAPIError(t, err, tc.code, tc.status)
		}
		if got := getAttributes(t, c, s, id); len(got) != 1 {
			t.Errorf("attributes = %d keys after refused updates, want 1", len(got))
		}
		// Replacing the big value keeps the total under the limit.
		updateAttributes(t, c, s, id, map[string]string{"big": "", "more": fill("v", 1000)})
		_, err := c.GetContactAttributes(ctx(t), &connect.GetContactAttributesInput{InstanceId: aws.String(s.InstanceID), InitialContactId: aws.String(missingID)})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.GetContactAttributes(ctx(t), &connect.GetContactAttributesInput{InstanceId: aws.String(missingID), InitialContactId: aws.String(id)})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
}

func TestContactRegionIsolation(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	id := startTask(t, c, s, "us-east-1 only", withAttributes(map[string]string{"a": "1"}))
	eu := s.client(t, inRegion("eu-west-1"))
	inst, cid := aws.String(s.InstanceID), aws.String(id)

	_, err := eu.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: inst, ContactId: cid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = eu.GetContactAttributes(ctx(t), &connect.GetContactAttributesInput{InstanceId: inst, InitialContactId: cid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = eu.UpdateContactAttributes(ctx(t), &connect.UpdateContactAttributesInput{InstanceId: inst, InitialContactId: cid, Attributes: map[string]string{"a": "eu"}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = eu.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: inst, ContactId: cid, Name: aws.String("eu")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = eu.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{InstanceId: inst, ContactId: cid, ReferenceTypes: []types.ReferenceType{types.ReferenceTypeUrl}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = eu.StopContact(ctx(t), &connect.StopContactInput{InstanceId: inst, ContactId: cid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = eu.StartTaskContact(ctx(t), s.taskInput("eu"))
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = eu.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: inst, TimeRange: wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// Nothing the eu-west-1 client tried changed the contact.
	got := describe(t, c, s, id)
	if aws.ToString(got.Name) != "us-east-1 only" || got.Attributes["a"] != "1" || got.DisconnectTimestamp != nil {
		t.Errorf("contact changed by another region's calls: %+v", got)
	}
}
