package e2e

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	smithy "github.com/aws/smithy-go"
)

// taskInput returns a valid StartTaskContact input for the default instance
// and task flow, changed by the given functions.
func (s *server) taskInput(name string, opts ...func(*connect.StartTaskContactInput)) *connect.StartTaskContactInput {
	in := &connect.StartTaskContactInput{
		InstanceId:    aws.String(s.InstanceID),
		ContactFlowId: aws.String(s.TaskFlowID),
		Name:          aws.String(name),
	}
	for _, o := range opts {
		o(in)
	}
	return in
}

// startTask starts a task and returns its ContactId, failing the test on error.
func startTask(t testing.TB, c *connect.Client, s *server, name string, opts ...func(*connect.StartTaskContactInput)) string {
	t.Helper()
	out, err := c.StartTaskContact(ctx(t), s.taskInput(name, opts...))
	if err != nil {
		t.Fatalf("StartTaskContact(%s): %v", name, err)
	}
	if out.ContactId == nil || *out.ContactId == "" {
		t.Fatalf("StartTaskContact(%s): no ContactId", name)
	}
	return *out.ContactId
}

// describe returns DescribeContact's Contact, failing the test on error.
func describe(t testing.TB, c *connect.Client, s *server, id string) *types.Contact {
	t.Helper()
	out, err := c.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id)})
	if err != nil {
		t.Fatalf("DescribeContact(%s): %v", id, err)
	}
	if out.Contact == nil {
		t.Fatalf("DescribeContact(%s): no Contact", id)
	}
	return out.Contact
}

// getAttributes returns GetContactAttributes' map, failing the test on error.
func getAttributes(t testing.TB, c *connect.Client, s *server, id string) map[string]string {
	t.Helper()
	out, err := c.GetContactAttributes(ctx(t), &connect.GetContactAttributesInput{InstanceId: aws.String(s.InstanceID), InitialContactId: aws.String(id)})
	if err != nil {
		t.Fatalf("GetContactAttributes(%s): %v", id, err)
	}
	return out.Attributes
}

func updateAttributes(t testing.TB, c *connect.Client, s *server, id string, attrs map[string]string) {
	t.Helper()
	_, err := c.UpdateContactAttributes(ctx(t), &connect.UpdateContactAttributesInput{
		InstanceId: aws.String(s.InstanceID), InitialContactId: aws.String(id), Attributes: attrs})
	if err != nil {
		t.Fatalf("UpdateContactAttributes(%s): %v", id, err)
	}
}

func stopContact(t testing.TB, c *connect.Client, s *server, id string) {
	t.Helper()
	_, err := c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id)})
	if err != nil {
		t.Fatalf("StopContact(%s): %v", id, err)
	}
}

// listableTypes is a ListContactReferences filter (at most 6 types) that
// matches every reference a task can have.
var listableTypes = []types.ReferenceType{types.ReferenceTypeUrl, types.ReferenceTypeNumber, types.ReferenceTypeString,
	types.ReferenceTypeDate, types.ReferenceTypeEmail, types.ReferenceTypeAttachment}

// Input modifiers.

func withAttributes(m map[string]string) func(*connect.StartTaskContactInput) {
	return func(in *connect.StartTaskContactInput) { in.Attributes = m }
}

func withReferences(m map[string]types.Reference) func(*connect.StartTaskContactInput) {
	return func(in *connect.StartTaskContactInput) { in.References = m }
}

func withSchedule(at time.Time) func(*connect.StartTaskContactInput) {
	return func(in *connect.StartTaskContactInput) { in.ScheduledTime = aws.Time(at) }
}

func withPrevious(id string) func(*connect.StartTaskContactInput) {
	return func(in *connect.StartTaskContactInput) { in.PreviousContactId = aws.String(id) }
}

func withRelated(id string) func(*connect.StartTaskContactInput) {
	return func(in *connect.StartTaskContactInput) { in.RelatedContactId = aws.String(id) }
}

func withToken(tok string) func(*connect.StartTaskContactInput) {
	return func(in *connect.StartTaskContactInput) { in.ClientToken = aws.String(tok) }
}

func ref(typ types.ReferenceType, value string) types.Reference {
	return types.Reference{Type: typ, Value: aws.String(value)}
}

// schedule returns a ScheduledTime d from now with a non-zero millisecond part,
// so that a lost fraction shows.
func schedule(d time.Duration) time.Time {
	return time.Now().Add(d).Truncate(time.Second).Add(123 * time.Millisecond)
}

// wideRange is a SearchContacts time range that holds every contact of a test.
func wideRange(field types.SearchContactsTimeRangeType) *types.SearchContactsTimeRange {
	now := time.Now()
	return &types.SearchContactsTimeRange{Type: field, StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now.Add(7 * 24 * time.Hour))}
}

// fill returns a string of n bytes made of s repeated (s must divide n).
func fill(s string, n int) string {
	if n%len(s) != 0 {
		panic("fill: length does not divide")
	}
	return strings.Repeat(s, n/len(s))
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// apiCode returns the error code of an API error, or "" for nil or other errors.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
