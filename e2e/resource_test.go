package e2e

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/aws/smithy-go"
)

// Flow contents used by the resource tests.
const (
	resValidFlow = `{"Version":"2019-10-30","StartAction":"disconnect","Metadata":{},"Actions":[` +
		`{"Identifier":"disconnect","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
	resInvalidFlow = `{"Version":"2019-10-30","StartAction":"nowhere","Actions":[`
)

// resWriteCredentials writes a --credentials file and returns its path.
func resWriteCredentials(t testing.TB, creds ...[3]string) string {
	t.Helper()
	var list []map[string]string
	for _, c := range creds {
		list = append(list, map[string]string{"AccessKeyId": c[0], "SecretAccessKey": c[1], "AccountId": c[2]})
	}
	b, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "credentials.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// resDefaults returns the default instance's Basic Hours and BasicQueue IDs.
func resDefaults(t *testing.T, c *connect.Client, instanceID string) (hoursID, queueID string) {
	t.Helper()
	hours, err := c.ListHoursOfOperations(ctx(t), &connect.ListHoursOfOperationsInput{InstanceId: &instanceID})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hours.HoursOfOperationSummaryList {
		if aws.ToString(h.Name) == "Basic Hours" {
			hoursID = aws.ToString(h.Id)
		}
	}
	queues, err := c.ListQueues(ctx(t), &connect.ListQueuesInput{InstanceId: &instanceID})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range queues.QueueSummaryList {
		if aws.ToString(q.Name) == "BasicQueue" {
			queueID = aws.ToString(q.Id)
		}
	}
	if hoursID == "" || queueID == "" {
		t.Fatalf("default instance lacks Basic Hours (%q) or BasicQueue (%q)", hoursID, queueID)
	}
	return hoursID, queueID
}

func resDescribeInstance(t *testing.T, c *connect.Client, id string) (*types.Instance, error) {
	t.Helper()
	out, err := c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &id})
	if err != nil {
		return nil, err
	}
	return out.Instance, nil
}

func resAllInstances(t *testing.T, c *connect.Client, pageSize int32) []types.InstanceSummary {
	t.Helper()
	var all []types.InstanceSummary
	p := connect.NewListInstancesPaginator(c, &connect.ListInstancesInput{MaxResults: aws.Int32(pageSize)})
	for pages := 0; p.HasMorePages(); pages++ {
		if pages > 100 {
			t.Fatal("ListInstances pagination does not end")
		}
		out, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if len(out.InstanceSummaryList) > int(pageSize) {
			t.Fatalf("page of %d instances, MaxResults %d", len(out.InstanceSummaryList), pageSize)
		}
		all = append(all, out.InstanceSummaryList...)
	}
	return all
}

func TestInstanceDefaults(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)

	inst, err := resDescribeInstance(t, c, s.InstanceID)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(inst.Id) != s.InstanceID || inst.InstanceStatus != types.InstanceStatusActive ||
		!strings.HasPrefix(aws.ToString(inst.Arn), "arn:aws:connect:us-east-1:") ||
		!strings.HasSuffix(aws.ToString(inst.Arn), ":instance/"+s.InstanceID) {
		t.Errorf("default instance = id %s status %s arn %s", aws.ToString(inst.Id), inst.InstanceStatus, aws.ToString(inst.Arn))
	}

	hoursID, queueID := resDefaults(t, c, s.InstanceID)
	q, err := c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: &s.InstanceID, QueueId: &queueID})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(q.Queue.HoursOfOperationId); got != hoursID {
		t.Errorf("BasicQueue hours = %s, want Basic Hours %s", got, hoursID)
	}

	flows, err := c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: &s.InstanceID})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var task *types.ContactFlowSummary
	for i, f := range flows.ContactFlowSummaryList {
		names = append(names, aws.ToString(f.Name))
		if aws.ToString(f.Name) == "Default task flow" {
			task = &flows.ContactFlowSummaryList[i]
		}
	}
	for _, want := range []string{"Default agent hold", "Default customer queue", "Default queue transfer", "Default task flow"} {
		if !slices.Contains(names, want) {
			t.Errorf("default flows %q lack %q", names, want)
		}
	}
	if task == nil {
		t.Fatal("no Default task flow")
	}
	if aws.ToString(task.Id) != s.TaskFlowID || task.ContactFlowType != types.ContactFlowTypeContactFlow ||
		task.ContactFlowStatus != types.ContactFlowStatusPublished {
		t.Errorf("Default task flow = id %s type %s status %s, want id %s CONTACT_FLOW PUBLISHED",
			aws.ToString(task.Id), task.ContactFlowType, task.ContactFlowStatus, s.TaskFlowID)
	}
}

func TestInstanceLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)

	created, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("e2e-one"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(false), ClientToken: aws.String("tok-1"),
	})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(created.Id)
	if id == "" || !strings.HasSuffix(aws.ToString(created.Arn), ":instance/"+id) {
		t.Fatalf("CreateInstance = %s %s", id, aws.ToString(created.Arn))
	}

	t.Run("ClientTokenRetry", func(t *testing.T) {
		again, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
			IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("e2e-one"),
			InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(false), ClientToken: aws.String("tok-1"),
		})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(again.Id) != id {
			t.Errorf("retry with the same ClientToken created %s, want %s", aws.ToString(again.Id), id)
		}
	})
	t.Run("DuplicateAlias", func(t *testing.T) {
		_, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
			IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("e2e-one"),
			InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
		})
		wantAPIError(t, err, "InvalidRequestException", 400)
	})
	t.Run("ExistingDirectoryWithoutDirectoryId", func(t *testing.T) {
		_, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
			IdentityManagementType: types.DirectoryTypeExistingDirectory,
			InboundCallsEnabled:    aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
		})
		wantAPIError(t, err, "InvalidRequestException", 400)
	})

	inst, err := resDescribeInstance(t, c, id)
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(inst.InstanceAlias) != "e2e-one" || inst.IdentityManagementType != types.DirectoryTypeConnectManaged ||
		!aws.ToBool(inst.InboundCallsEnabled) || aws.ToBool(inst.OutboundCallsEnabled) || inst.InstanceStatus != types.InstanceStatusActive {
		t.Errorf("DescribeInstance = %+v", inst)
	}
	// A new instance is born with its defaults too.
	resDefaults(t, c, id)

	if _, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("e2e-two"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
	}); err != nil {
		t.Fatal(err)
	}

	t.Run("ListPagination", func(t *testing.T) {
		all := resAllInstances(t, c, 1)
		var ids []string
		for _, i := range all {
			ids = append(ids, aws.ToString(i.Id))
		}
		if len(ids) != 3 || !slices.Contains(ids, s.InstanceID) || !slices.Contains(ids, id) {
			t.Errorf("ListInstances pages = %q, want 3 distinct incl. %s and %s", ids, s.InstanceID, id)
		}
		slices.Sort(ids)
		if len(slices.Compact(ids)) != len(all) {
			t.Errorf("ListInstances returned duplicates: %q", ids)
		}
	})

	if _, err := c.DeleteInstance(ctx(t), &connect.DeleteInstanceInput{InstanceId: &id}); err != nil {
		t.Fatal(err)
	}
	_, err = resDescribeInstance(t, c, id)
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.DeleteInstance(ctx(t), &connect.DeleteInstanceInput{InstanceId: &id})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	for _, i := range resAllInstances(t, c, 10) {
		if aws.ToString(i.Id) == id {
			t.Errorf("deleted instance %s still listed", id)
		}
	}
}

func TestInstanceRegionIsolation(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	us := s.client(t)
	eu := s.client(t, inRegion("eu-west-1"))

	for _, i := range resAllInstances(t, eu, 10) {
		t.Errorf("eu-west-1 lists instance %s (%s)", aws.ToString(i.Id), aws.ToString(i.Arn))
	}
	_, err := resDescribeInstance(t, eu, s.InstanceID)
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = eu.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: &s.InstanceID})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// An instance created in eu-west-1 lives there only, with an eu-west-1 ARN.
	created, err := eu.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("euro"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(aws.ToString(created.Arn), "arn:aws:connect:eu-west-1:") {
		t.Errorf("eu-west-1 instance ARN = %s", aws.ToString(created.Arn))
	}
	_, err = resDescribeInstance(t, us, aws.ToString(created.Id))
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	if got := resAllInstances(t, us, 10); len(got) != 1 {
		t.Errorf("us-east-1 lists %d instances, want only the default", len(got))
	}
}

func TestInstanceAccountIsolationPermissive(t *testing.T) {
	t.Parallel()
	creds := resWriteCredentials(t, [3]string{"OTHERKEY", "othersecret", "111122223333"})
	s := startServer(t, "", "--credentials", creds)
	other := s.client(t, withKey("OTHERKEY", "whatever-permissive"))

	_, err := resDescribeInstance(t, other, s.InstanceID)
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	for _, i := range resAllInstances(t, other, 10) {
		t.Errorf("account 111122223333 lists instance %s", aws.ToString(i.Arn))
	}
	// The default account (unknown keys) still sees it.
	if _, err := resDescribeInstance(t, s.client(t), s.InstanceID); err != nil {
		t.Fatal(err)
	}
	created, err := other.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("other"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(aws.ToString(created.Arn), ":111122223333:instance/") {
		t.Errorf("instance ARN of account 111122223333 = %s", aws.ToString(created.Arn))
	}
	_, err = resDescribeInstance(t, s.client(t), aws.ToString(created.Id))
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestFlowLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	inst := &s.InstanceID

	created, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
		InstanceId: inst, Name: aws.String("e2e published"), Type: types.ContactFlowTypeContactFlow,
		Content: aws.String(resValidFlow), Status: types.ContactFlowStatusPublished, Description: aws.String("d"),
	})
	if err != nil {
		t.Fatal(err)
	}
	flowID := aws.ToString(created.ContactFlowId)
	if !strings.HasSuffix(aws.ToString(created.ContactFlowArn), "/contact-flow/"+flowID) {
		t.Errorf("flow ARN = %s", aws.ToString(created.ContactFlowArn))
	}

	saved, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
		InstanceId: inst, Name: aws.String("e2e saved draft"), Type: types.ContactFlowTypeCustomerQueue,
		Content: aws.String(resInvalidFlow), Status: types.ContactFlowStatusSaved,
	})
	if err != nil {
		t.Fatalf("SAVED flow with invalid content: %v", err)
	}
	savedID := aws.ToString(saved.ContactFlowId)

	t.Run("PublishedInvalid", func(t *testing.T) {
		_, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
			InstanceId: inst, Name: aws.String("e2e broken"), Type: types.ContactFlowTypeContactFlow,
			Content: aws.String(resInvalidFlow), Status: types.ContactFlowStatusPublished,
		})
		wantAPIError(t, err, "InvalidContactFlowException", 400)
		var icf *types.InvalidContactFlowException
		if !errors.As(err, &icf) {
			t.Fatalf("err %T is not *types.InvalidContactFlowException", err)
		}
		if len(icf.Problems) == 0 || aws.ToString(icf.Problems[0].Message) == "" {
			t.Errorf("InvalidContactFlowException.Problems = %+v, want problems with messages", icf.Problems)
		}
	})
	t.Run("DefaultStatusValidates", func(t *testing.T) {
		_, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
			InstanceId: inst, Name: aws.String("e2e broken default"), Type: types.ContactFlowTypeContactFlow,
			Content: aws.String(resInvalidFlow),
		})
		wantAPIError(t, err, "InvalidContactFlowException", 400)
	})
	t.Run("DuplicateName", func(t *testing.T) {
		_, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
			InstanceId: inst, Name: aws.String("e2e published"), Type: types.ContactFlowTypeContactFlow,
			Content: aws.String(resValidFlow),
		})
		wantAPIError(t, err, "DuplicateResourceException", 409)
	})
	t.Run("UnknownInstance", func(t *testing.T) {
		_, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
			InstanceId: aws.String("00000000-0000-0000-0000-000000000000"), Name: aws.String("x"),
			Type: types.ContactFlowTypeContactFlow, Content: aws.String(resValidFlow),
		})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})

	t.Run("Describe", func(t *testing.T) {
		for _, ref := range []string{flowID, flowID + ":$SAVED", aws.ToString(created.ContactFlowArn)} {
			out, err := c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: inst, ContactFlowId: aws.String(ref)})
			if err != nil {
				t.Errorf("DescribeContactFlow(%s): %v", ref, err)
				continue
			}
			f := out.ContactFlow
			if aws.ToString(f.Id) != flowID || aws.ToString(f.Name) != "e2e published" || f.Type != types.ContactFlowTypeContactFlow ||
				f.Status != types.ContactFlowStatusPublished || aws.ToString(f.Content) != resValidFlow || aws.ToString(f.Description) != "d" {
				t.Errorf("DescribeContactFlow(%s) = %+v", ref, f)
			}
		}
		out, err := c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: inst, ContactFlowId: aws.String(savedID + ":$SAVED")})
		if err != nil {
			t.Fatal(err)
		}
		if out.ContactFlow.Status != types.ContactFlowStatusSaved || aws.ToString(out.ContactFlow.Content) != resInvalidFlow {
			t.Errorf("saved flow = status %s content %q", out.ContactFlow.Status, aws.ToString(out.ContactFlow.Content))
		}
		_, err = c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: inst, ContactFlowId: aws.String("no-such-flow")})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})

	t.Run("ListTypeFilterAndPagination", func(t *testing.T) {
		out, err := c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{
			InstanceId: inst, ContactFlowTypes: []types.ContactFlowType{types.ContactFlowTypeCustomerQueue},
		})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range out.ContactFlowSummaryList {
			if f.ContactFlowType != types.ContactFlowTypeCustomerQueue {
				t.Errorf("type filter CUSTOMER_QUEUE returned %s (%s)", aws.ToString(f.Name), f.ContactFlowType)
			}
			names = append(names, aws.ToString(f.Name))
		}
		slices.Sort(names)
		if !slices.Equal(names, []string{"Default customer queue", "e2e saved draft"}) {
			t.Errorf("CUSTOMER_QUEUE flows = %q", names)
		}

		all, err := c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: inst})
		if err != nil {
			t.Fatal(err)
		}
		var paged []string
		p := connect.NewListContactFlowsPaginator(c, &connect.ListContactFlowsInput{InstanceId: inst, MaxResults: aws.Int32(3)})
		for n := 0; p.HasMorePages(); n++ {
			if n > 50 {
				t.Fatal("ListContactFlows pagination does not end")
			}
			page, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			if len(page.ContactFlowSummaryList) > 3 {
				t.Errorf("page of %d flows with MaxResults 3", len(page.ContactFlowSummaryList))
			}
			for _, f := range page.ContactFlowSummaryList {
				paged = append(paged, aws.ToString(f.Id))
			}
		}
		if len(paged) != len(all.ContactFlowSummaryList) || len(paged) != 12 {
			t.Errorf("paginated %d flows, one page has %d, want 12 (10 defaults + 2)", len(paged), len(all.ContactFlowSummaryList))
		}
		slices.Sort(paged)
		if len(slices.Compact(paged)) != len(all.ContactFlowSummaryList) {
			t.Error("pagination returned duplicates")
		}
	})

	t.Run("UpdateContent", func(t *testing.T) {
		_, err := c.UpdateContactFlowContent(ctx(t), &connect.UpdateContactFlowContentInput{
			InstanceId: inst, ContactFlowId: &flowID, Content: aws.String(resInvalidFlow),
		})
		wantAPIError(t, err, "InvalidContactFlowException", 400)
		var icf *types.InvalidContactFlowException
		if errors.As(err, &icf) && len(icf.Problems) == 0 {
			t.Error("UpdateContactFlowContent: InvalidContactFlowException without Problems")
		}

		newContent := strings.Replace(resValidFlow, `"Metadata":{}`, `"Metadata":{"entryPointPosition":{"x":1,"y":2}}`, 1)
		if _, err := c.UpdateContactFlowContent(ctx(t), &connect.UpdateContactFlowContentInput{
			InstanceId: inst, ContactFlowId: &flowID, Content: &newContent,
		}); err != nil {
			t.Fatal(err)
		}
		out, err := c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: inst, ContactFlowId: &flowID})
		if err != nil {
			t.Fatal(err)
		}
		if aws.ToString(out.ContactFlow.Content) != newContent {
			t.Errorf("content after update = %s", aws.ToString(out.ContactFlow.Content))
		}
		// A SAVED flow takes invalid content.
		if _, err := c.UpdateContactFlowContent(ctx(t), &connect.UpdateContactFlowContentInput{
			InstanceId: inst, ContactFlowId: &savedID, Content: aws.String(resInvalidFlow + "x"),
		}); err != nil {
			t.Errorf("update SAVED flow with invalid content: %v", err)
		}
		_, err = c.UpdateContactFlowContent(ctx(t), &connect.UpdateContactFlowContentInput{
			InstanceId: inst, ContactFlowId: aws.String("no-such-flow"), Content: aws.String(resValidFlow),
		})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})

	t.Run("Delete", func(t *testing.T) {
		if _, err := c.DeleteContactFlow(ctx(t), &connect.DeleteContactFlowInput{InstanceId: inst, ContactFlowId: &savedID}); err != nil {
			t.Fatal(err)
		}
		_, err := c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: inst, ContactFlowId: &savedID})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.DeleteContactFlow(ctx(t), &connect.DeleteContactFlowInput{InstanceId: inst, ContactFlowId: &savedID})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
}

func TestQueueLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	inst := &s.InstanceID
	hoursID, basicQueueID := resDefaults(t, c, s.InstanceID)

	created, err := c.CreateQueue(ctx(t), &connect.CreateQueueInput{
		InstanceId: inst, Name: aws.String("e2e queue"), Description: aws.String("for tests"),
		HoursOfOperationId: &hoursID, MaxContacts: aws.Int32(7),
	})
	if err != nil {
		t.Fatal(err)
	}
	qid := aws.ToString(created.QueueId)
	if !strings.HasSuffix(aws.ToString(created.QueueArn), "/queue/"+qid) {
		t.Errorf("queue ARN = %s", aws.ToString(created.QueueArn))
	}

	_, err = c.CreateQueue(ctx(t), &connect.CreateQueueInput{
		InstanceId: inst, Name: aws.String("e2e orphan"), HoursOfOperationId: aws.String("00000000-0000-0000-0000-000000000000"),
	})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.CreateQueue(ctx(t), &connect.CreateQueueInput{InstanceId: inst, Name: aws.String("e2e queue"), HoursOfOperationId: &hoursID})
	wantAPIError(t, err, "DuplicateResourceException", 409)

	out, err := c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: inst, QueueId: &qid})
	if err != nil {
		t.Fatal(err)
	}
	q := out.Queue
	if aws.ToString(q.Name) != "e2e queue" || aws.ToString(q.Description) != "for tests" || aws.ToString(q.HoursOfOperationId) != hoursID ||
		aws.ToInt32(q.MaxContacts) != 7 || q.Status != types.QueueStatusEnabled || aws.ToString(q.QueueArn) != aws.ToString(created.QueueArn) {
		t.Errorf("DescribeQueue = %+v (MaxContacts %v)", q, q.MaxContacts)
	}
	_, err = c.DescribeQueue(ctx(t), &connect.DescribeQueueInput{InstanceId: inst, QueueId: aws.String("no-such-queue")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	list, err := c.ListQueues(ctx(t), &connect.ListQueuesInput{InstanceId: inst, QueueTypes: []types.QueueType{types.QueueTypeStandard}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, q := range list.QueueSummaryList {
		if q.QueueType != types.QueueTypeStandard {
			t.Errorf("STANDARD filter returned %s of type %s", aws.ToString(q.Name), q.QueueType)
		}
		ids = append(ids, aws.ToString(q.Id))
	}
	slices.Sort(ids)
	want := []string{qid, basicQueueID}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Errorf("STANDARD queues = %q, want %q", ids, want)
	}
	agent, err := c.ListQueues(ctx(t), &connect.ListQueuesInput{InstanceId: inst, QueueTypes: []types.QueueType{types.QueueTypeAgent}})
	if err != nil {
		t.Fatal(err)
	}
	if len(agent.QueueSummaryList) != 0 {
		t.Errorf("AGENT queues = %d, want 0", len(agent.QueueSummaryList))
	}
	page, err := c.ListQueues(ctx(t), &connect.ListQueuesInput{InstanceId: inst, MaxResults: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.QueueSummaryList) != 1 || aws.ToString(page.NextToken) == "" {
		t.Errorf("ListQueues MaxResults 1 = %d items, next %q", len(page.QueueSummaryList), aws.ToString(page.NextToken))
	}
}

func TestHoursOfOperation(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	list, err := c.ListHoursOfOperations(ctx(t), &connect.ListHoursOfOperationsInput{InstanceId: &s.InstanceID})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.HoursOfOperationSummaryList) != 1 || aws.ToString(list.HoursOfOperationSummaryList[0].Name) != "Basic Hours" {
		t.Fatalf("hours of a new instance = %+v, want Basic Hours only", list.HoursOfOperationSummaryList)
	}
	sum := list.HoursOfOperationSummaryList[0]
	out, err := c.DescribeHoursOfOperation(ctx(t), &connect.DescribeHoursOfOperationInput{InstanceId: &s.InstanceID, HoursOfOperationId: sum.Id})
	if err != nil {
		t.Fatal(err)
	}
	h := out.HoursOfOperation
	if aws.ToString(h.HoursOfOperationId) != aws.ToString(sum.Id) || aws.ToString(h.HoursOfOperationArn) != aws.ToString(sum.Arn) ||
		!strings.Contains(aws.ToString(h.HoursOfOperationArn), "/operating-hours/") || aws.ToString(h.TimeZone) == "" {
		t.Errorf("DescribeHoursOfOperation = id %s arn %s tz %q", aws.ToString(h.HoursOfOperationId), aws.ToString(h.HoursOfOperationArn), aws.ToString(h.TimeZone))
	}
	days := map[types.HoursOfOperationDays]bool{}
	for _, cfg := range h.Config {
		days[cfg.Day] = true
		if cfg.StartTime == nil || cfg.EndTime == nil {
			t.Errorf("day %s has no start or end time", cfg.Day)
		}
	}
	if len(h.Config) != 7 || len(days) != 7 {
		t.Errorf("Basic Hours config has %d entries over %d days, want 7", len(h.Config), len(days))
	}
	_, err = c.DescribeHoursOfOperation(ctx(t), &connect.DescribeHoursOfOperationInput{InstanceId: &s.InstanceID, HoursOfOperationId: aws.String("nope")})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestTagResources(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	inst, err := resDescribeInstance(t, c, s.InstanceID)
	if err != nil {
		t.Fatal(err)
	}
	hoursID, _ := resDefaults(t, c, s.InstanceID)
	hours, err := c.DescribeHoursOfOperation(ctx(t), &connect.DescribeHoursOfOperationInput{InstanceId: &s.InstanceID, HoursOfOperationId: &hoursID})
	if err != nil {
		t.Fatal(err)
	}
	flow, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
		InstanceId: &s.InstanceID, Name: aws.String("tagged"), Type: types.ContactFlowTypeContactFlow,
		Content: aws.String(resValidFlow), Tags: map[string]string{"born": "with"},
	})
	if err != nil {
		t.Fatal(err)
	}
	queue, err := c.CreateQueue(ctx(t), &connect.CreateQueueInput{InstanceId: &s.InstanceID, Name: aws.String("tagged"), HoursOfOperationId: &hoursID})
	if err != nil {
		t.Fatal(err)
	}

	arns := map[string]string{
		"instance": aws.ToString(inst.Arn),
		"flow":     aws.ToString(flow.ContactFlowArn),
		"queue":    aws.ToString(queue.QueueArn),
		"hours":    aws.ToString(hours.HoursOfOperation.HoursOfOperationArn),
	}
	for kind, arn := range arns {
		t.Run(kind, func(t *testing.T) {
			want := map[string]string{}
			if kind == "flow" {
				want["born"] = "with"
			}
			check := func() {
				t.Helper()
				out, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &arn})
				if err != nil {
					t.Fatal(err)
				}
				if len(out.Tags) != len(want) {
					t.Errorf("tags of %s = %v, want %v", arn, out.Tags, want)
				}
				for k, v := range want {
					if out.Tags[k] != v {
						t.Errorf("tags of %s = %v, want %v", arn, out.Tags, want)
						break
					}
				}
			}
			check()
			tags := map[string]string{"team": "blue", "cost center": "42", "empty": "", "path/like:key": "a=b"}
			if _, err := c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &arn, Tags: tags}); err != nil {
				t.Fatal(err)
			}
			for k, v := range tags {
				want[k] = v
			}
			check()
			if _, err := c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{"team": "red"}}); err != nil {
				t.Fatal(err)
			}
			want["team"] = "red"
			check()
			if _, err := c.UntagResource(ctx(t), &connect.UntagResourceInput{ResourceArn: &arn, TagKeys: []string{"team", "path/like:key", "never-set"}}); err != nil {
				t.Fatal(err)
			}
			delete(want, "team")
			delete(want, "path/like:key")
			check()

			_, err := c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &arn, Tags: map[string]string{"aws:reserved": "x"}})
			wantAPIError(t, err, "InvalidParameterException", 400)
			check()
		})
	}

	t.Run("UnknownARN", func(t *testing.T) {
		missing := strings.Replace(arns["queue"], "/queue/", "/queue/00000000-", 1)
		_, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &missing})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &missing, Tags: map[string]string{"a": "b"}})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.UntagResource(ctx(t), &connect.UntagResourceInput{ResourceArn: &missing, TagKeys: []string{"a"}})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		gone := "arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-0000-0000-000000000000"
		_, err = c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &gone})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
	t.Run("OtherRegionARN", func(t *testing.T) {
		foreign := strings.Replace(arns["instance"], ":us-east-1:", ":eu-west-1:", 1)
		_, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &foreign})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: &foreign, Tags: map[string]string{"a": "b"}})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		// And a client of the other region cannot reach the real ARN either.
		real := arns["instance"]
		_, err = s.client(t, inRegion("eu-west-1")).ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &real})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
}

func TestNotImplementedOperation(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	_, err := c.DescribePrompt(ctx(t), &connect.DescribePromptInput{
		InstanceId: &s.InstanceID, PromptId: aws.String("prompt"),
	})
	wantAPIError(t, err, "NotImplementedException", 501)
	var ae smithy.APIError
	if !errors.As(err, &ae) || !strings.Contains(ae.ErrorMessage(), "DescribePrompt") {
		t.Errorf("error %v does not name DescribePrompt", err)
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.ServiceRequestID() == "" {
		t.Error("error response without x-amzn-RequestId")
	}
	// The SDK's standard retryer does not retry it (it retries 500, 502,
	// 503 and 504).
	if retry.NewStandard().IsErrorRetryable(err) {
		t.Error("the SDK's standard retryer would retry NotImplementedException")
	}
	_, err = c.ListPrompts(ctx(t), &connect.ListPromptsInput{InstanceId: &s.InstanceID})
	wantAPIError(t, err, "NotImplementedException", 501)
}

func TestUnknownPath(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	for _, tc := range []struct{ method, path string }{
		{"GET", "/no/such/thing"},
		{"GET", "/"},
		{"PATCH", "/instance"},
		{"POST", "/contact-flows//x"},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			resp := rawRequest(t, s, tc.method, tc.path, "")
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("status = %d, want 404 (%s)", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want JSON", ct)
			}
			if resp.Header.Get("X-Amzn-ErrorType") == "" {
				t.Error("no X-Amzn-ErrorType header")
			}
			if resp.Header.Get("x-amzn-RequestId") == "" {
				t.Error("no x-amzn-RequestId header")
			}
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				t.Fatalf("body %q is not JSON: %v", body, err)
			}
			if msg, _ := m["Message"].(string); msg == "" {
				t.Errorf("body %s has no Message", body)
			}
		})
	}
}

// TestUnknownRequestIDEverywhere checks that every response, success or
// error, carries x-amzn-RequestId, as the SDK sees it.
func TestUnknownRequestIDEverywhere(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	out, err := c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &s.InstanceID})
	if err != nil {
		t.Fatal(err)
	}
	id1, ok := awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	if !ok || id1 == "" {
		t.Error("success response without request ID")
	}
	out2, err := c.ListInstances(ctx(t), &connect.ListInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	if id2, _ := awsmiddleware.GetRequestIDMetadata(out2.ResultMetadata); id2 == "" || id2 == id1 {
		t.Errorf("request IDs %q, %q: want distinct non-empty", id1, id2)
	}
	_, err = c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: aws.String("missing")})
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.ServiceRequestID() == "" {
		t.Errorf("error response without request ID: %v", err)
	}
	for _, path := range []string{"/instance", "/instance/" + s.InstanceID, "/nope"} {
		resp := rawRequest(t, s, "GET", path, "")
		if resp.Header.Get("X-Amzn-Requestid") == "" {
			t.Errorf("GET %s: no x-amzn-RequestId", path)
		}
	}
}

func TestInstanceTagsAndDeleteCascade(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	created, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("cascade"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true), Tags: map[string]string{"born": "yes"},
	})
	if err != nil {
		t.Fatal(err)
	}
	id, arn := aws.ToString(created.Id), aws.ToString(created.Arn)
	inst, err := resDescribeInstance(t, c, id)
	if err != nil {
		t.Fatal(err)
	}
	if inst.Tags["born"] != "yes" || len(inst.Tags) != 1 {
		t.Errorf("DescribeInstance tags = %v", inst.Tags)
	}
	tags, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &arn})
	if err != nil {
		t.Fatal(err)
	}
	if tags.Tags["born"] != "yes" || len(tags.Tags) != 1 {
		t.Errorf("ListTagsForResource = %v", tags.Tags)
	}
	flow, err := c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{
		InstanceId: &id, Name: aws.String("f"), Type: types.ContactFlowTypeContactFlow, Content: aws.String(resValidFlow),
		Tags: map[string]string{"a": "b"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteInstance(ctx(t), &connect.DeleteInstanceInput{InstanceId: &id}); err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{arn, aws.ToString(flow.ContactFlowArn)} {
		_, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: &gone})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
	_, err = c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: &id, ContactFlowId: flow.ContactFlowId})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	// The alias is free again.
	again, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("cascade"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("re-create with a deleted instance's alias: %v", err)
	}
	if aws.ToString(again.Id) == id {
		t.Error("re-created instance reuses the deleted instance's ID")
	}
	if tags, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: again.Arn}); err != nil || len(tags.Tags) != 0 {
		t.Errorf("new instance tags = %v, %v; want none", tags, err)
	}

	_, err = c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
		IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("d-reserved"),
		InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true),
	})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = c.ListInstances(ctx(t), &connect.ListInstancesInput{MaxResults: aws.Int32(11)})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = c.ListInstances(ctx(t), &connect.ListInstancesInput{NextToken: aws.String("garbage")})
	wantAPIError(t, err, "InvalidRequestException", 400)
}

// TestFlowForeignARN: a flow ARN naming another region, account or instance
// than the request's does not reach the instance's flow.
func TestFlowForeignARN(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	for _, arn := range []string{
		"arn:aws:connect:eu-west-1:000000000000:instance/" + s.InstanceID + "/contact-flow/" + s.TaskFlowID,
		"arn:aws:connect:us-east-1:999999999999:instance/" + s.InstanceID + "/contact-flow/" + s.TaskFlowID,
		"arn:aws:connect:us-east-1:000000000000:instance/00000000-0000-0000-0000-000000000000/contact-flow/" + s.TaskFlowID,
	} {
		out, err := c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: &s.InstanceID, ContactFlowId: &arn})
		if err == nil {
			t.Errorf("DescribeContactFlow(%s) found %s", arn, aws.ToString(out.ContactFlow.Arn))
			continue
		}
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	}
}

func TestTagValidation(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	inst, err := resDescribeInstance(t, c, s.InstanceID)
	if err != nil {
		t.Fatal(err)
	}
	arn := inst.Arn
	many := map[string]string{}
	for i := range 51 {
		many["k"+strings.Repeat("x", i)] = "v"
	}
	for name, tags := range map[string]map[string]string{
		"aws prefix": {"aws:cloudformation:stack": "x"},
		"long key":   {strings.Repeat("k", 129): "v"},
		"long value": {"k": strings.Repeat("v", 257)},
		"51 tags":    many,
		"bad char":   {"semi;colon": "v"},
	} {
		_, err := c.TagResource(ctx(t), &connect.TagResourceInput{ResourceArn: arn, Tags: tags})
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		wantAPIError(t, err, "InvalidParameterException", 400)
	}
	_, err = c.UntagResource(ctx(t), &connect.UntagResourceInput{ResourceArn: arn, TagKeys: []string{"aws:x"}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: aws.String("not-an-arn")})
	if err == nil {
		t.Error("ListTagsForResource(not-an-arn) succeeded")
	}
	tags, err := c.ListTagsForResource(ctx(t), &connect.ListTagsForResourceInput{ResourceArn: arn})
	if err != nil || len(tags.Tags) != 0 {
		t.Errorf("rejected tag calls left tags %v (%v)", tags, err)
	}
}
