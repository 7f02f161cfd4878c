package e2e

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// TestStartTaskContactPreviousContactQuotaRace sends 20 chained tasks at once:
// the 12-per-PreviousContactId quota must hold under concurrency.
func TestStartTaskContactPreviousContactQuotaRace(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	root := startTask(t, c, s, "root")
	const n = 20
	var (
		wg               sync.WaitGroup
		mu               sync.Mutex
		ok, quota, other int
	)
	for range n {
		wg.Go(func() {
			_, err := c.StartTaskContact(ctx(t), s.taskInput("child", withPrevious(root)))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case apiCode(err) == "ServiceQuotaExceededException":
				quota++
			default:
				other++
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
	wg.Wait()
	if ok != 12 || quota != n-12 {
		t.Errorf("%d accepted, %d refused for quota, %d other errors; want 12, %d, 0", ok, quota, other, n-12)
	}
	_, err := c.StartTaskContact(ctx(t), s.taskInput("one more", withPrevious(root)))
	wantAPIError(t, err, "ServiceQuotaExceededException", 402)
}

// TestStartTaskContactFlowState checks which flows can start a task.
func TestStartTaskContactFlowState(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	out, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
		InstanceId: aws.String(s.InstanceID), Name: aws.String("draft task flow"), Type: types.ContactFlowTypeContactFlow,
		Status:  types.ContactFlowStatusSaved,
		Content: aws.String(`{"Version":"2019-10-30","StartAction":"end","Metadata":{},"Actions":[{"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.StartTaskContact(ctx(t), s.taskInput("draft", func(in *connect.StartTaskContactInput) { in.ContactFlowId = out.ContactFlowId }))
	wantAPIError(t, err, "InvalidRequestException", 400)
}

// TestContactInstanceIsolation checks that a contact belongs to its instance:
// another instance of the same account and region does not see it.
func TestContactInstanceIsolation(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	id := startTask(t, c, s, "in the default instance")
	other, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("other-instance-e2e"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	inst, cid := other.Id, aws.String(id)
	_, err = c.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: inst, ContactId: cid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.GetContactAttributes(ctx(t), &connect.GetContactAttributesInput{InstanceId: inst, InitialContactId: cid})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: inst, ContactId: cid})
	wantAPIError(t, err, "ContactNotFoundException", 410)
	// The default instance's task flow is not a flow of the other instance.
	_, err = c.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: inst, Name: aws.String("x"), ContactFlowId: aws.String(s.TaskFlowID)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	// Nor are its contacts valid PreviousContactId / RelatedContactId there.
	flow := instanceTaskFlow(t, c, aws.ToString(inst))
	for _, mod := range []func(*connect.StartTaskContactInput){withPrevious(id), withRelated(id)} {
		in := &connect.StartTaskContactInput{InstanceId: inst, Name: aws.String("x"), ContactFlowId: aws.String(flow)}
		mod(in)
		_, err = c.StartTaskContact(ctx(t), in)
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	// A task of the other instance by its ARN works, and search stays per instance.
	startTask(t, c, s, "other", func(in *connect.StartTaskContactInput) { in.InstanceId, in.ContactFlowId = other.Arn, aws.String(flow) })
	for _, want := range []struct {
		inst *string
		name string
	}{{aws.String(s.InstanceID), "in the default instance"}, {inst, "other"}} {
		out, err := c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: want.inst, TimeRange: wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp)})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Contacts) != 1 || aws.ToString(out.Contacts[0].Name) != want.name {
			t.Errorf("SearchContacts(%s) = %d contacts, want only %q", aws.ToString(want.inst), len(out.Contacts), want.name)
		}
	}
}

// instanceTaskFlow returns the ID of the instance's "Default task flow".
func instanceTaskFlow(t testing.TB, c *connect.Client, instanceID string) string {
	t.Helper()
	p := connect.NewListContactFlowsPaginator(c, &connect.ListContactFlowsInput{InstanceId: aws.String(instanceID)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range out.ContactFlowSummaryList {
			if aws.ToString(f.Name) == "Default task flow" {
				return aws.ToString(f.Id)
			}
		}
	}
	t.Fatalf("instance %s has no Default task flow", instanceID)
	return ""
}

// TestUpdateContactSegmentAttributes checks that UpdateContact changes the
// contact expiry and refuses other segment attributes.
func TestUpdateContactSegmentAttributes(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	expiry := func(min int32) map[string]types.SegmentAttributeValue {
		return map[string]types.SegmentAttributeValue{"connect:ContactExpiry": {ValueMap: map[string]types.SegmentAttributeValue{
			"ExpiryDuration": {ValueInteger: aws.Int32(min)}}}}
	}
	id := startTask(t, c, s, "expiring", func(in *connect.StartTaskContactInput) { in.SegmentAttributes = expiry(60) })
	_, err := c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id), SegmentAttributes: expiry(120)})
	if err != nil {
		t.Fatal(err)
	}
	got := describe(t, c, s, id).SegmentAttributes["connect:ContactExpiry"].ValueMap["ExpiryDuration"].ValueInteger
	if aws.ToInt32(got) != 120 {
		t.Errorf("ExpiryDuration = %v, want 120", aws.ToInt32(got))
	}
	for _, tc := range []struct {
		name string
		seg  map[string]types.SegmentAttributeValue
	}{
		{"zero minutes", expiry(0)},
		{"unknown key", map[string]types.SegmentAttributeValue{"connect:Subtype": {ValueString: aws.String("connect:Guide")}}},
		{"CreatedByUser on update", map[string]types.SegmentAttributeValue{"connect:CreatedByUser": {ValueString: aws.String("arn:aws:connect:us-east-1:123456789012:instance/x/agent/y")}}},
	} {
		_, err := c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id), SegmentAttributes: tc.seg})
		t.Log(tc.name)
		wantAPIError(t, err, "InvalidRequestException", 400)
	}
	for _, tc := range []struct {
		name string
		seg  map[string]types.SegmentAttributeValue
	}{
		{"zero minutes", expiry(0)},
		{"unknown key", map[string]types.SegmentAttributeValue{"connect:Subtype": {ValueString: aws.String("connect:Guide")}}},
	} {
		_, err := c.StartTaskContact(ctx(t), s.taskInput(tc.name, func(in *connect.StartTaskContactInput) { in.SegmentAttributes = tc.seg }))
		t.Log("start: " + tc.name)
		wantAPIError(t, err, "InvalidRequestException", 400)
	}
}

// TestStartTaskContactClientTokenRetry checks that a retry with the same
// ClientToken returns the contact the first call created even when the
// request would no longer pass the checks that creating a new contact needs:
// the SDK retries (throttling, 5xx, timeouts) with the same token, possibly
// seconds later, and the retry must not fail for a contact that exists.
func TestStartTaskContactClientTokenRetry(t *testing.T) {
	t.Parallel()
	// The manual clock lets "seconds later" pass at once; no other subtest
	// depends on the time.
	s := startServer(t, "", "--clock", "manual")
	c := s.client(t)

	t.Run("scheduled time has passed", func(t *testing.T) {
		t.Parallel()
		t0, _ := s.clock(t)
		at := t0.Add(time.Second)
		first := startTask(t, c, s, "soon", withToken("tok-passed"), withSchedule(at))
		s.advance(t, 7*time.Second) // beyond connectd's 5s grace for "past"
		// A new request with this ScheduledTime is refused now...
		_, err := c.StartTaskContact(ctx(t), s.taskInput("soon", withToken("tok-new"), withSchedule(at)))
		wantAPIError(t, err, "InvalidRequestException", 400)
		// ...and the retry still gets the contact the first call made.
		out, err := c.StartTaskContact(ctx(t), s.taskInput("soon", withToken("tok-passed"), withSchedule(at)))
		if err != nil {
			t.Fatalf("retry after the ScheduledTime passed: %v, want ContactId %s", err, first)
		}
		if aws.ToString(out.ContactId) != first {
			t.Errorf("retry ContactId = %s, want %s", aws.ToString(out.ContactId), first)
		}
	})

	t.Run("flow deleted", func(t *testing.T) {
		t.Parallel()
		f, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
			InstanceId: aws.String(s.InstanceID), Name: aws.String("short-lived task flow"), Type: types.ContactFlowTypeContactFlow,
			Content: aws.String(`{"Version":"2019-10-30","StartAction":"end","Metadata":{},"Actions":[{"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`),
		})
		if err != nil {
			t.Fatal(err)
		}
		useFlow := func(in *connect.StartTaskContactInput) { in.ContactFlowId = f.ContactFlowId }
		first := startTask(t, c, s, "flow", withToken("tok-flow"), useFlow)
		if _, err := c.DeleteContactFlow(ctx(t), &connect.DeleteContactFlowInput{InstanceId: aws.String(s.InstanceID), ContactFlowId: f.ContactFlowId}); err != nil {
			t.Fatal(err)
		}
		out, err := c.StartTaskContact(ctx(t), s.taskInput("flow", withToken("tok-flow"), useFlow))
		if err != nil {
			t.Fatalf("retry after the flow was deleted: %v, want ContactId %s", err, first)
		}
		if aws.ToString(out.ContactId) != first {
			t.Errorf("retry ContactId = %s, want %s", aws.ToString(out.ContactId), first)
		}
	})

	t.Run("instance named by ARN", func(t *testing.T) {
		t.Parallel()
		first := startTask(t, c, s, "by id", withToken("tok-arn"))
		arn := describe(t, c, s, first).Arn
		instARN := aws.ToString(arn)[:strings.Index(aws.ToString(arn), "/contact/")]
		out, err := c.StartTaskContact(ctx(t), s.taskInput("by id", withToken("tok-arn"),
			func(in *connect.StartTaskContactInput) { in.InstanceId = aws.String(instARN) }))
		if err != nil {
			t.Fatalf("retry naming the instance by ARN: %v, want ContactId %s", err, first)
		}
		if aws.ToString(out.ContactId) != first {
			t.Errorf("retry ContactId = %s, want %s", aws.ToString(out.ContactId), first)
		}
	})
}
