package e2e

import (
	"encoding/json"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	smithy "github.com/aws/smithy-go"
)

// rstSnapshot is what a user can read back about the resources of a restart test.
type rstSnapshot struct {
	Contacts   map[string]string // contact ID → DescribeContact JSON
	References map[string]string // contact ID → ListContactReferences JSON
	Tags       map[string]string // ARN → tags JSON
	Flow       string
	Queue      string
}

func rstJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func rstSnap(t *testing.T, c *connect.Client, inst string, contacts, arns []string, flowID, queueID string) rstSnapshot {
	t.Helper()
	snap := rstSnapshot{Contacts: map[string]string{}, References: map[string]string{}, Tags: map[string]string{}}
	for _, id := range contacts {
		out, err := c.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: &inst, ContactId: aws.String(id)})
		if err != nil {
			t.Fatalf("DescribeContact %s: %v", id, err)
		}
		snap.Contacts[id] = rstJSON(t, out.Contact)
		refs, err := c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{
			InstanceId: &inst, ContactId: aws.String(id),
			ReferenceTypes: []types.ReferenceType{types.ReferenceTypeUrl, types.ReferenceTypeString, types.ReferenceTypeNumber, types.ReferenceTypeDate, types.ReferenceTypeEmail},
		})
		if err != nil {
			t.Fatalf("ListContactReferences %s: %v", id, err)
		}
		snap.References[id] = rstJSON(t, refs.ReferenceSummaryList)
	}
	for _, arn := range arns {
		out, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		if err != nil {
			t.Fatalf("ListTagsForResource %s: %v", arn, err)
		}
		snap.Tags[arn] = rstJSON(t, out.Tags)
	}
	f, err := c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: &inst, ContactFlowId: &flowID})
	if err != nil {
		t.Fatal(err)
	}
	f.ContactFlow.LastModifiedRegion = nil
	snap.Flow = rstJSON(t, f.ContactFlow)
	q, err := c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: &inst, QueueId: &queueID})
	if err != nil {
		t.Fatal(err)
	}
	snap.Queue = rstJSON(t, q.Queue)
	return snap
}

func TestRestartAfterKill(t *testing.T) {
	needDurableStore(t)
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir)
	c := s.client(t)
	inst := s.InstanceID

	start := func(in *connect.StartTaskContactInput) string {
		t.Helper()
		in.InstanceId, in.ContactFlowId = &inst, &s.TaskFlowID
		out, err := c.StartTaskContact(ctx(t), in)
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.ContactId)
	}
	immediate := start(&connect.StartTaskContactInput{Name: aws.String("immediate")})
	scheduled := start(&connect.StartTaskContactInput{
		Name: aws.String("scheduled"), Description: aws.String("later"),
		ScheduledTime: aws.Time(time.Now().Add(2 * time.Hour).Truncate(time.Second)),
	})
	rich := start(&connect.StartTaskContactInput{
		Name: aws.String("rich"), Description: aws.String("with attributes and references"),
		Attributes: map[string]string{"customer": "c-42", "tier": "gold", "empty": ""},
		References: map[string]types.Reference{
			"ticket": {Type: types.ReferenceTypeUrl, Value: aws.String("https://example.com/t/1")},
			"note":   {Type: types.ReferenceTypeString, Value: aws.String("héllo wörld")},
			"amount": {Type: types.ReferenceTypeNumber, Value: aws.String("12.5")},
		},
		ScheduledTime: aws.Time(time.Now().Add(26 * time.Hour).Add(500 * time.Millisecond)),
	})
	chained := start(&connect.StartTaskContactInput{Name: aws.String("follow-up"), PreviousContactId: &immediate})
	stopped := start(&connect.StartTaskContactInput{Name: aws.String("stopped")})
	if _, err := c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: &inst, ContactId: &stopped}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: &inst, ContactId: &immediate, Name: aws.String("renamed")}); err != nil {
		t.Fatal(err)
	}

	hoursID, _ := resDefaults(t, c, inst)
	flow, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
		InstanceId: &inst, Name: aws.String("persisted flow"), Type: types.ContactFlowTypeContactFlow,
		Content: aws.String(resValidFlow), Tags: map[string]string{"owner": "flow-team"},
	})
	if err != nil {
		t.Fatal(err)
	}
	queue, err := c.CreateQueue(ctx(t), &connect.CreateQueueInput{
		InstanceId: &inst, Name: aws.String("persisted queue"), HoursOfOperationId: &hoursID, MaxContacts: aws.Int32(3),
		Tags: map[string]string{"owner": "queue-team"},
	})
	if err != nil {
		t.Fatal(err)
	}
	instOut, err := c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &inst})
	if err != nil {
		t.Fatal(err)
	}
	instARN := aws.ToString(instOut.Instance.Arn)
	if _, err := c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &instARN, Tags: map[string]string{"env": "e2e"}}); err != nil {
		t.Fatal(err)
	}

	tokened := start(&connect.StartTaskContactInput{Name: aws.String("tokened"), ClientToken: aws.String("task-token-1")})
	newInst := &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("second"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true), ClientToken: aws.String("inst-token-1"),
	}
	second, err := c.CreateInstance(ctx(t), newInst)
	if err != nil {
		t.Fatal(err)
	}

	contacts := []string{immediate, scheduled, rich, chained, stopped, tokened}
	arns := []string{instARN, aws.ToString(flow.ContactFlowArn), aws.ToString(queue.QueueArn)}
	before := rstSnap(t, c, inst, contacts, arns, aws.ToString(flow.ContactFlowId), aws.ToString(queue.QueueId))

	s.kill()
	s2 := startServer(t, dir)
	if s2.InstanceID != s.InstanceID || s2.TaskFlowID != s.TaskFlowID {
		t.Errorf("after restart: instance %s flow %s, want %s %s", s2.InstanceID, s2.TaskFlowID, s.InstanceID, s.TaskFlowID)
	}
	c2 := s2.client(t)
	after := rstSnap(t, c2, inst, contacts, arns, aws.ToString(flow.ContactFlowId), aws.ToString(queue.QueueId))
	for _, id := range contacts {
		if before.Contacts[id] != after.Contacts[id] {
			t.Errorf("DescribeContact %s changed across restart:\nbefore %s\nafter  %s", id, before.Contacts[id], after.Contacts[id])
		}
		if before.References[id] != after.References[id] {
			t.Errorf("references of %s changed across restart:\nbefore %s\nafter  %s", id, before.References[id], after.References[id])
		}
	}
	for _, arn := range arns {
		if before.Tags[arn] != after.Tags[arn] {
			t.Errorf("tags of %s: before %s after %s", arn, before.Tags[arn], after.Tags[arn])
		}
	}
	if before.Flow != after.Flow {
		t.Errorf("flow changed:\nbefore %s\nafter  %s", before.Flow, after.Flow)
	}
	if before.Queue != after.Queue {
		t.Errorf("queue changed:\nbefore %s\nafter  %s", before.Queue, after.Queue)
	}
	if list, err := c2.ListInstances(ctx(t), &connect.ListInstancesInput{}); err != nil || len(list.InstanceSummaryList) != 2 {
		t.Errorf("after restart ListInstances = %v, %v; want the default and the second instance", list, err)
	}

	// Idempotency tokens outlive the process: an SDK retry that straddles a
	// crash must not create a second resource.
	retried, err := c2.CreateInstance(ctx(t), newInst)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(retried.Id) != aws.ToString(second.Id) {
		t.Errorf("CreateInstance retry after restart = %s, want %s", aws.ToString(retried.Id), aws.ToString(second.Id))
	}
	task, err := c2.StartTaskContact(ctx(t), &connect.StartTaskContactInput{
		InstanceId: &inst, ContactFlowId: &s.TaskFlowID, Name: aws.String("tokened"), ClientToken: aws.String("task-token-1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(task.ContactId) != tokened {
		t.Errorf("StartTaskContact retry after restart = %s, want %s", aws.ToString(task.ContactId), tokened)
	}

	// The restarted server goes on working on the same data.
	if _, err := c2.UpdateContactSchedule(ctx(t), &connect.UpdateContactScheduleInput{
		InstanceId: &inst, ContactId: &scheduled, ScheduledTime: aws.Time(time.Now().Add(3 * time.Hour)),
	}); err != nil {
		t.Errorf("UpdateContactSchedule after restart: %v", err)
	}
	// Stopped before the restart, so ended: stopping it again is refused.
	_, err = c2.StopContact(ctx(t), &connect.StopContactInput{InstanceId: &inst, ContactId: &stopped})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = c2.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
		InstanceId: &inst, Name: aws.String("persisted flow"), Type: types.ContactFlowTypeContactFlow, Content: aws.String(resValidFlow),
	})
	wantAPIError(t, err, "DuplicateResourceException", 409)
}

func TestKillDuringConcurrentWrites(t *testing.T) {
	needDurableStore(t)
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir)
	inst, flow := s.InstanceID, s.TaskFlowID

	const workers = 8
	var (
		mu       sync.Mutex
		acked    []string
		failures atomic.Int64
		wg       sync.WaitGroup
		stop     = make(chan struct{})
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := s.client(t)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				in := &connect.StartTaskContactInput{
					InstanceId: &inst, ContactFlowId: &flow, Name: aws.String("burst"),
					Attributes: map[string]string{"worker": string(rune('a' + w)), "n": time.Now().Format(time.RFC3339Nano)},
				}
				if i%3 == 0 {
					in.ScheduledTime = aws.Time(time.Now().Add(time.Hour))
				}
				out, err := c.StartTaskContact(ctx(t), in)
				if err != nil {
					var ae smithy.APIError
					if errors.As(err, &ae) {
						t.Errorf("worker %d: API error before the kill: %v", w, err)
						return
					}
					var ne net.Error
					var oe *net.OpError
					if !errors.As(err, &ne) && !errors.As(err, &oe) {
						t.Logf("worker %d: %v", w, err)
					}
					failures.Add(1)
					// The server is gone: keep trying until told to stop, as a
					// client would, but slowly.
					time.Sleep(20 * time.Millisecond)
					continue
				}
				mu.Lock()
				acked = append(acked, aws.ToString(out.ContactId))
				mu.Unlock()
			}
		}()
	}

	// Let the workers get going, then pull the plug mid-flight.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.kill()
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()

	mu.Lock()
	ids := append([]string(nil), acked...)
	mu.Unlock()
	if len(ids) < 20 {
		t.Fatalf("only %d tasks acknowledged before the kill", len(ids))
	}
	t.Logf("%d tasks acknowledged, %d calls failed around the kill", len(ids), failures.Load())

	s2 := startServer(t, dir)
	if s2.InstanceID != inst {
		t.Errorf("default instance after restart = %s, want %s", s2.InstanceID, inst)
	}
	c := s2.client(t)
	missing := 0
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("contact ID %s acknowledged twice", id)
		}
		seen[id] = true
		out, err := c.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: &inst, ContactId: aws.String(id)})
		if err != nil {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged contact %s lost after kill -9: %v", id, err)
			}
			continue
		}
		if aws.ToString(out.Contact.Name) != "burst" || out.Contact.Attributes["worker"] == "" {
			t.Errorf("contact %s after restart = %+v", id, out.Contact)
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged contacts lost", missing, len(ids))
	}
}
