package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// Transfer flows: into the preset working queue, or to the preset agent.
const (
	e2eQueueTransferFlow = `{"Version":"2019-10-30","StartAction":"t","Metadata":{},"Actions":[` +
		`{"Identifier":"t","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"NextAction":"d",` +
		`"Errors":[{"NextAction":"d","ErrorType":"QueueAtCapacity"},{"NextAction":"d","ErrorType":"NoMatchingError"}]}},` +
		`{"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
	e2eAgentTransferFlow = `{"Version":"2019-10-30","StartAction":"t","Metadata":{},"Actions":[` +
		`{"Identifier":"t","Type":"TransferContactToAgent","Parameters":{},"Transitions":{"NextAction":"d",` +
		`"Errors":[{"NextAction":"d","ErrorType":"NoMatchingError"}]}},` +
		`{"Identifier":"d","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
)

// opsEnv is an agEnv with a queue transfer and an agent transfer flow.
type opsEnv struct {
	*agEnv
	toQueue, toAgent string
}

func opsSetup(t *testing.T) *opsEnv {
	t.Helper()
	e := &opsEnv{agEnv: agSetup(t)}
	e.toQueue = e.createFlow(t, "to queue", types.ContactFlowTypeQueueTransfer, e2eQueueTransferFlow)
	e.toAgent = e.createFlow(t, "to agent", types.ContactFlowTypeAgentTransfer, e2eAgentTransferFlow)
	return e
}

func (e *opsEnv) createFlow(t *testing.T, name string, typ types.ContactFlowType, content string) string {
	t.Helper()
	out, err := e.c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{InstanceId: &e.inst, Name: aws.String(name),
		Type: typ, Content: aws.String(content)})
	if err != nil {
		t.Fatalf("CreateContactFlow(%s): %v", name, err)
	}
	return aws.ToString(out.ContactFlowId)
}

// availableAgent creates a user with the Basic Routing Profile and makes
// them Available; it returns their ID and ARN.
func (e *opsEnv) availableAgent(t *testing.T, name string) (id, arn string) {
	t.Helper()
	out, err := e.c.CreateUser(ctx(t), e.userInput(name))
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	id = aws.ToString(out.UserId)
	if _, err := e.c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &e.inst, UserId: &id, AgentStatusId: &e.available}); err != nil {
		t.Fatalf("PutUserStatus(%s): %v", name, err)
	}
	return id, aws.ToString(out.UserArn)
}

// adminContact is an entry of the admin API's agent contact list.
type adminContact struct {
	ContactId         string
	AgentContactState string
	QueueId           string
}

// agentContacts lists the contacts the agent holds, through the admin API.
func (e *opsEnv) agentContacts(t *testing.T, userID string) []adminContact {
	t.Helper()
	resp := rawRequest(t, e.s, "GET", "/_connectd/v1/instances/"+e.inst+"/agents/"+userID+"/contacts", "")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("agent contacts: %d %s", resp.StatusCode, body)
	}
	var out struct{ Contacts []adminContact }
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	return out.Contacts
}

// accept accepts an offered contact as the agent would, through the admin API.
func (e *opsEnv) accept(t *testing.T, userID, contactID string) {
	t.Helper()
	resp := rawRequest(t, e.s, "POST", "/_connectd/v1/instances/"+e.inst+"/agents/"+userID+"/contacts/"+contactID+"/accept", "")
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("accept: %d %s", resp.StatusCode, body)
	}
}

func (e *opsEnv) transfer(t *testing.T, in *connect.TransferContactInput) (*connect.TransferContactOutput, error) {
	t.Helper()
	in.InstanceId = &e.inst
	return e.c.TransferContact(ctx(t), in)
}

func TestTransferContact(t *testing.T) {
	t.Parallel()
	e := opsSetup(t)
	ann, _ := e.availableAgent(t, "ann")
	orig := startTask(t, e.c, e.s, "refund", withAttributes(map[string]string{"order": "7"}))
	if got := e.agentContacts(t, ann); len(got) != 1 || got[0].ContactId != orig || got[0].AgentContactState != "CONNECTING" {
		t.Fatalf("ann's contacts = %+v, want the task offered", got)
	}
	e.accept(t, ann, orig)
	escalations := e.queueNamed(t, "Escalations")

	in := &connect.TransferContactInput{ContactId: aws.String(orig), QueueId: &escalations, ContactFlowId: &e.toQueue,
		ClientToken: aws.String("transfer-1")}
	out, err := e.transfer(t, in)
	if err != nil {
		t.Fatal(err)
	}
	n := aws.ToString(out.ContactId)
	if n == "" || n == orig || aws.ToString(out.ContactArn) != "arn:aws:connect:us-east-1:000000000000:instance/"+e.inst+"/contact/"+n {
		t.Fatalf("TransferContact = %s (%s), want a new contact", n, aws.ToString(out.ContactArn))
	}
	old := describe(t, e.c, e.s, orig)
	if old.DisconnectTimestamp == nil || aws.ToString(old.DisconnectReason) != "OTHER" {
		t.Errorf("transferred task: disconnected %v (%s), want now, OTHER", old.DisconnectTimestamp, aws.ToString(old.DisconnectReason))
	}
	c := describe(t, e.c, e.s, n)
	if c.InitiationMethod != types.ContactInitiationMethodTransfer || aws.ToString(c.PreviousContactId) != orig ||
		aws.ToString(c.InitialContactId) != orig || aws.ToString(c.Name) != "refund" || c.Channel != types.ChannelTask ||
		c.QueueInfo == nil || aws.ToString(c.QueueInfo.Id) != escalations || c.DisconnectTimestamp != nil {
		t.Errorf("new contact = %+v", *c)
	}
	if diff := cmp.Diff(map[string]string{"order": "7"}, getAttributes(t, e.c, e.s, n)); diff != "" {
		t.Errorf("new contact's attributes (-want +got):\n%s", diff)
	}
	if got := e.agentContacts(t, ann); len(got) != 0 {
		t.Errorf("ann's contacts after the transfer = %+v, want none", got)
	}
	// A retry answers the same contact, though the task it transferred has ended.
	again, err := e.transfer(t, in)
	if err != nil || aws.ToString(again.ContactId) != n {
		t.Errorf("retry = %v, %v; want %s", again, err, n)
	}

	// To an agent, by ARN: offered to them from their agent queue.
	second := startTask(t, e.c, e.s, "handover")
	e.accept(t, ann, second)
	bob, bobARN := e.availableAgent(t, "bob")
	out, err = e.transfer(t, &connect.TransferContactInput{ContactId: &second, UserId: &bobARN, ContactFlowId: &e.toAgent})
	if err != nil {
		t.Fatal(err)
	}
	want := []adminContact{{ContactId: aws.ToString(out.ContactId), AgentContactState: "CONNECTING", QueueId: bob}}
	if diff := cmp.Diff(want, e.agentContacts(t, bob)); diff != "" {
		t.Errorf("bob's contacts (-want +got):\n%s", diff)
	}
}

func TestTransferContactErrors(t *testing.T) {
	t.Parallel()
	e := opsSetup(t)
	bob, _ := e.availableAgent(t, "bob")
	live := startTask(t, e.c, e.s, "live")
	ended := startTask(t, e.c, e.s, "ended")
	stopContact(t, e.c, e.s, ended)
	scheduled := startTask(t, e.c, e.s, "later", withSchedule(schedule(time.Hour)))
	customerQueue := ""
	flows, err := e.c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: &e.inst})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range flows.ContactFlowSummaryList {
		if aws.ToString(f.Name) == "Default customer queue" {
			customerQueue = aws.ToString(f.Id)
		}
	}
	// A task transferred 11 times cannot be transferred again.
	hot := startTask(t, e.c, e.s, "hot potato")
	for i := range 11 {
		out, err := e.transfer(t, &connect.TransferContactInput{ContactId: &hot, QueueId: &e.queue, ContactFlowId: &e.toQueue})
		if err != nil {
			t.Fatalf("transfer %d: %v", i+1, err)
		}
		hot = aws.ToString(out.ContactId)
	}
	_, err = e.transfer(t, &connect.TransferContactInput{ContactId: &live, QueueId: &e.queue, ContactFlowId: &e.toQueue, ClientToken: aws.String("tok")})
	if err != nil {
		t.Fatal(err)
	}
	fresh := startTask(t, e.c, e.s, "fresh")
	call := func(in connect.TransferContactInput) func(t *testing.T) error {
		return func(t *testing.T) error {
			_, err := e.transfer(t, &in)
			return err
		}
	}
	runErrCases(t, []agErrCase{
		{"queue and user", call(connect.TransferContactInput{ContactId: &fresh, QueueId: &e.queue, UserId: &bob, ContactFlowId: &e.toQueue}), "InvalidRequestException", 400},
		{"unknown contact", call(connect.TransferContactInput{ContactId: aws.String("nope"), QueueId: &e.queue, ContactFlowId: &e.toQueue}), "ResourceNotFoundException", 404},
		{"ended contact", call(connect.TransferContactInput{ContactId: &ended, QueueId: &e.queue, ContactFlowId: &e.toQueue}), "InvalidRequestException", 400},
		{"transferred contact", call(connect.TransferContactInput{ContactId: &live, QueueId: &e.queue, ContactFlowId: &e.toQueue}), "InvalidRequestException", 400},
		{"scheduled task", call(connect.TransferContactInput{ContactId: &scheduled, QueueId: &e.queue, ContactFlowId: &e.toQueue}), "InvalidRequestException", 400},
		{"customer queue flow", call(connect.TransferContactInput{ContactId: &fresh, QueueId: &e.queue, ContactFlowId: &customerQueue}), "InvalidRequestException", 400},
		{"unknown flow", call(connect.TransferContactInput{ContactId: &fresh, QueueId: &e.queue, ContactFlowId: aws.String("nope")}), "ResourceNotFoundException", 404},
		{"unknown queue", call(connect.TransferContactInput{ContactId: &fresh, QueueId: aws.String("nope"), ContactFlowId: &e.toQueue}), "ResourceNotFoundException", 404},
		{"unknown user", call(connect.TransferContactInput{ContactId: &fresh, UserId: aws.String("nope"), ContactFlowId: &e.toAgent}), "ResourceNotFoundException", 404},
		{"token reused", call(connect.TransferContactInput{ContactId: &fresh, QueueId: &e.queue, ContactFlowId: &e.toQueue, ClientToken: aws.String("tok")}), "IdempotencyException", 409},
		{"twelfth transfer", call(connect.TransferContactInput{ContactId: &hot, QueueId: &e.queue, ContactFlowId: &e.toQueue}), "ServiceQuotaExceededException", 402},
		{"unknown instance", func(t *testing.T) error {
			_, err := e.c.TransferContact(ctx(t), &connect.TransferContactInput{InstanceId: aws.String("nope"), ContactId: &fresh,
				QueueId: &e.queue, ContactFlowId: &e.toQueue})
			return err
		}, "ResourceNotFoundException", 404},
		{"ContactFlowId too long", call(connect.TransferContactInput{ContactId: &fresh, QueueId: &e.queue, ContactFlowId: aws.String(fill("f", 501))}), "InvalidRequestException", 400},
	})
	if c := describe(t, e.c, e.s, fresh); c.DisconnectTimestamp != nil {
		t.Errorf("the refused transfers ended the task: %+v", *c)
	}
}

func TestGetCurrentUserData(t *testing.T) {
	t.Parallel()
	e := opsSetup(t)
	ann, annARN := e.availableAgent(t, "ann")
	task := startTask(t, e.c, e.s, "working")
	e.accept(t, ann, task)
	bob, _ := e.availableAgent(t, "bob")
	carl := e.user(t, "carl") // never logged in: Offline
	rpOut, err := e.c.DescribeRoutingProfile(ctx(t), &connect.DescribeRoutingProfileInput{InstanceId: &e.inst, RoutingProfileId: &e.rp})
	if err != nil {
		t.Fatal(err)
	}
	get := func(t *testing.T, f types.UserDataFilters, opts ...func(*connect.GetCurrentUserDataInput)) *connect.GetCurrentUserDataOutput {
		t.Helper()
		in := &connect.GetCurrentUserDataInput{InstanceId: &e.inst, Filters: &f}
		for _, o := range opts {
			o(in)
		}
		out, err := e.c.GetCurrentUserData(ctx(t), in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}

	out := get(t, types.UserDataFilters{Agents: []string{ann, carl}})
	if len(out.UserDataList) != 1 || aws.ToInt64(out.ApproximateTotalCount) != 1 || out.NextToken != nil {
		t.Fatalf("GetCurrentUserData(ann, carl) = %d users of %d, want ann only", len(out.UserDataList), aws.ToInt64(out.ApproximateTotalCount))
	}
	d := out.UserDataList[0]
	if aws.ToString(d.User.Id) != ann || aws.ToString(d.User.Arn) != annARN ||
		aws.ToString(d.RoutingProfile.Id) != e.rp || aws.ToString(d.RoutingProfile.Arn) != aws.ToString(rpOut.RoutingProfile.RoutingProfileArn) ||
		aws.ToString(d.Status.StatusName) != "Available" || !strings.HasSuffix(aws.ToString(d.Status.StatusArn), "/agent-state/"+e.available) ||
		d.Status.StatusStartTimestamp == nil {
		t.Errorf("ann's UserData = user %+v, profile %+v, status %+v", *d.User, *d.RoutingProfile, *d.Status)
	}
	slots := func(m map[string]int32) string {
		var s []string
		for ch, n := range m {
			s = append(s, fmt.Sprintf("%s:%d", ch, n))
		}
		slices.Sort(s)
		return strings.Join(s, " ")
	}
	gotSlots := []string{slots(d.MaxSlotsByChannel), slots(d.ActiveSlotsByChannel), slots(d.AvailableSlotsByChannel)}
	if diff := cmp.Diff([]string{"CHAT:2 TASK:1 VOICE:1", "CHAT:0 TASK:1 VOICE:0", "CHAT:2 TASK:0 VOICE:1"}, gotSlots); diff != "" {
		t.Errorf("ann's max, active and available slots (-want +got):\n%s", diff)
	}
	if len(d.Contacts) != 1 {
		t.Fatalf("ann's contacts = %+v, want the task", d.Contacts)
	}
	ac := d.Contacts[0]
	if aws.ToString(ac.ContactId) != task || ac.Channel != types.ChannelTask || ac.InitiationMethod != types.ContactInitiationMethodApi ||
		ac.AgentContactState != types.ContactStateConnected || ac.StateStartTimestamp == nil || ac.ConnectedToAgentTimestamp == nil ||
		aws.ToString(ac.Queue.Id) != e.queue || !strings.HasSuffix(aws.ToString(ac.Queue.Arn), "/queue/"+e.queue) {
		t.Errorf("ann's contact = %+v", ac)
	}

	users := func(out *connect.GetCurrentUserDataOutput) []string {
		var ids []string
		for _, d := range out.UserDataList {
			ids = append(ids, aws.ToString(d.User.Id))
		}
		return ids
	}
	both := []string{ann, bob}
	slices.Sort(both)
	for _, tc := range []struct {
		name string
		f    types.UserDataFilters
		want []string
	}{
		{"routing profile", types.UserDataFilters{RoutingProfiles: []string{e.rp}}, both},
		{"queue", types.UserDataFilters{Queues: []string{e.queue}}, both},
		{"connected", types.UserDataFilters{Queues: []string{e.queue}, ContactFilter: &types.ContactFilter{
			ContactStates: []types.ContactState{types.ContactStateConnected}}}, []string{ann}},
		{"hierarchy group", types.UserDataFilters{UserHierarchyGroups: []string{"group"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := get(t, tc.f)
			if diff := cmp.Diff(tc.want, users(out)); diff != "" || aws.ToInt64(out.ApproximateTotalCount) != int64(len(tc.want)) {
				t.Errorf("users (-want +got):\n%s; total %d", diff, aws.ToInt64(out.ApproximateTotalCount))
			}
		})
	}
	// Pages of one.
	first := get(t, types.UserDataFilters{RoutingProfiles: []string{e.rp}}, func(in *connect.GetCurrentUserDataInput) { in.MaxResults = aws.Int32(1) })
	if first.NextToken == nil || aws.ToInt64(first.ApproximateTotalCount) != 2 {
		t.Fatalf("first page: token %v, total %d", first.NextToken, aws.ToInt64(first.ApproximateTotalCount))
	}
	second := get(t, types.UserDataFilters{RoutingProfiles: []string{e.rp}}, func(in *connect.GetCurrentUserDataInput) {
		in.MaxResults, in.NextToken = aws.Int32(1), first.NextToken
	})
	if got := append(users(first), users(second)...); !slices.Equal(got, both) || second.NextToken != nil {
		t.Errorf("pages = %v (next %v), want %v", got, second.NextToken, both)
	}

	call := func(f types.UserDataFilters) func(t *testing.T) error {
		return func(t *testing.T) error {
			_, err := e.c.GetCurrentUserData(ctx(t), &connect.GetCurrentUserDataInput{InstanceId: &e.inst, Filters: &f})
			return err
		}
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("q%d", i)
	}
	runErrCases(t, []agErrCase{
		{"no filter", call(types.UserDataFilters{ContactFilter: &types.ContactFilter{ContactStates: []types.ContactState{types.ContactStateConnected}}}), "InvalidRequestException", 400},
		{"two filters", call(types.UserDataFilters{Agents: []string{ann}, RoutingProfiles: []string{e.rp}}), "InvalidRequestException", 400},
		{"101 queues", call(types.UserDataFilters{Queues: many}), "InvalidParameterException", 400},
		{"two hierarchy groups", call(types.UserDataFilters{UserHierarchyGroups: []string{"a", "b"}}), "InvalidParameterException", 400},
		{"bad token", func(t *testing.T) error {
			_, err := e.c.GetCurrentUserData(ctx(t), &connect.GetCurrentUserDataInput{InstanceId: &e.inst, NextToken: aws.String("garbage"),
				Filters: &types.UserDataFilters{Agents: []string{ann}}})
			return err
		}, "InvalidRequestException", 400},
		{"unknown instance", func(t *testing.T) error {
			_, err := e.c.GetCurrentUserData(ctx(t), &connect.GetCurrentUserDataInput{InstanceId: aws.String("nope"),
				Filters: &types.UserDataFilters{Agents: []string{ann}}})
			return err
		}, "ResourceNotFoundException", 404},
	})
}
