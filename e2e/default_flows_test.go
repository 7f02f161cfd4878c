package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

// defaultFlowIDs returns the instance's flows by name.
func defaultFlowIDs(t *testing.T, e *lifeEnv) map[string]string {
	t.Helper()
	out, err := e.c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: &e.inst, MaxResults: aws.Int32(100)})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, f := range out.ContactFlowSummaryList {
		ids[aws.ToString(f.Name)] = aws.ToString(f.Id)
	}
	return ids
}

// actionTypes lists a flow's action types in order.
func actionTypes(t *testing.T, content string) []string {
	t.Helper()
	var f struct{ Actions []struct{ Type string } }
	if err := json.Unmarshal([]byte(content), &f); err != nil {
		t.Fatalf("flow content %q: %v", content, err)
	}
	var out []string
	for _, a := range f.Actions {
		out = append(out, a.Type)
	}
	return out
}

// Every default flow has content DescribeContactFlow returns, and a QUEUE
// quick connect made the console's way (the queue and "Default queue
// transfer") delivers its task to the queue when agents staff it, as the
// administrator guide's "Default queue transfer" page describes: check
// hours, check staffing, transfer to the queue; else a prompt and a
// disconnect. A USER quick connect with "Default agent transfer" puts its
// task in the agent's queue.
func TestDefaultFlows(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false)
	flows := defaultFlowIDs(t, e)
	for name, want := range map[string][]string{
		"Default queue transfer":                         {"CheckHoursOfOperation", "CheckMetricData", "TransferContactToQueue"},
		"Default agent transfer":                         {"MessageParticipant", "TransferContactToQueue"},
		"Sample inbound flow (first contact experience)": {"MessageParticipant", "UpdateContactTargetQueue", "TransferContactToQueue"},
		"Default customer queue":                         {"MessageParticipant", "EndFlowExecution"},
		"Default agent hold":                             {"MessageParticipant", "EndFlowExecution"},
	} {
		out, err := e.c.DescribeContactFlow(ctx(t), &connect.DescribeContactFlowInput{InstanceId: &e.inst, ContactFlowId: aws.String(flows[name])})
		if err != nil {
			t.Fatalf("DescribeContactFlow(%s): %v", name, err)
		}
		got := strings.Join(actionTypes(t, aws.ToString(out.ContactFlow.Content)), ",")
		if !strings.HasPrefix(got, strings.Join(want, ",")) {
			t.Errorf("%s actions = %s, want them to begin with %v", name, got, want)
		}
	}

	queueFlow, agentFlow := flows["Default queue transfer"], flows["Default agent transfer"]
	basic := createQuickConnect(t, e.c, e.s, "to basic", queueConfig(e.queue, queueFlow))
	empty := e.queueNamed(t, "Nobody here")
	nobody := createQuickConnect(t, e.c, e.s, "to nobody", queueConfig(empty, queueFlow))
	start := func(name, qc string) *types.Contact {
		t.Helper()
		out, err := e.c.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: &e.inst, Name: aws.String(name), QuickConnectId: aws.String(qc)})
		if err != nil {
			t.Fatalf("StartTaskContact(%s): %v", name, err)
		}
		return describe(t, e.c, e.s, aws.ToString(out.ContactId))
	}

	// Nobody staffs BasicQueue yet: the prompt, then the disconnect.
	if c := start("unstaffed", basic); c.DisconnectTimestamp == nil || aws.ToString(c.DisconnectReason) != "CONTACT_FLOW_DISCONNECT" {
		t.Errorf("task with no agent staffed: disconnected %v (%s), want CONTACT_FLOW_DISCONNECT", c.DisconnectTimestamp, aws.ToString(c.DisconnectReason))
	}
	ann := e.user(t, "ann")
	e.setStatus(t, ann, e.available)
	c := start("staffed", basic)
	if c.QueueInfo == nil || aws.ToString(c.QueueInfo.Id) != e.queue || c.DisconnectTimestamp != nil {
		t.Errorf("task through the QUEUE quick connect = %+v, want it in BasicQueue", c)
	}
	steps := flowSteps(t, e.s.flowLog(t, aws.ToString(c.Id)), c.InitiationTimestamp.UTC())
	if want := []string{"hours CheckHoursOfOperation -> Condition:Equals True staffing",
		"staffing CheckMetricData -> Condition:NumberGreaterThan 0 transfer", "transfer TransferContactToQueue -> End"}; strings.Join(steps, "|") != strings.Join(want, "|") {
		t.Errorf("flow log = %q, want %q", steps, want)
	}
	// A queue no agent serves: the flow disconnects.
	if c := start("no agents there", nobody); aws.ToString(c.DisconnectReason) != "CONTACT_FLOW_DISCONNECT" {
		t.Errorf("task to an unstaffed queue: %s, want CONTACT_FLOW_DISCONNECT", aws.ToString(c.DisconnectReason))
	}
	// A USER quick connect: the agent's queue.
	toAnn := createQuickConnect(t, e.c, e.s, "to ann", userConfig(ann, agentFlow))
	if c := start("for ann", toAnn); c.QueueInfo == nil || aws.ToString(c.QueueInfo.Id) != ann {
		t.Errorf("task through the USER quick connect = %+v, want it in ann's queue", c.QueueInfo)
	}
}

const defaultFlowsBotoScript = `
import json, sys
import boto3, botocore

endpoint, instance, queue, available = sys.argv[1:5]
c = boto3.session.Session(region_name="us-east-1").client("connect", endpoint_url=endpoint,
    config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
flows = {f["Name"]: f["Id"] for f in c.list_contact_flows(InstanceId=instance, ContactFlowTypes=["QUEUE_TRANSFER"])["ContactFlowSummaryList"]}
flow = flows["Default queue transfer"]
content = json.loads(c.describe_contact_flow(InstanceId=instance, ContactFlowId=flow)["ContactFlow"]["Content"])
qc = c.create_quick_connect(InstanceId=instance, Name="basic", QuickConnectConfig={
    "QuickConnectType": "QUEUE", "QueueConfig": {"QueueId": queue, "ContactFlowId": flow}})["QuickConnectId"]
rp = [p["Id"] for p in c.list_routing_profiles(InstanceId=instance)["RoutingProfileSummaryList"] if p["Name"] == "Basic Routing Profile"][0]
sp = [p["Id"] for p in c.list_security_profiles(InstanceId=instance)["SecurityProfileSummaryList"] if p["Name"] == "Agent"][0]
user = c.create_user(InstanceId=instance, Username="bo", Password="Passw0rd!", IdentityInfo={"FirstName": "B", "LastName": "O"},
    PhoneConfig={"PhoneType": "SOFT_PHONE"}, RoutingProfileId=rp, SecurityProfileIds=[sp])["UserId"]
c.put_user_status(InstanceId=instance, UserId=user, AgentStatusId=available)
cid = c.start_task_contact(InstanceId=instance, Name="via quick connect", QuickConnectId=qc)["ContactId"]
contact = c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"]
print(json.dumps({"Types": [a["Type"] for a in content["Actions"]], "Queue": contact.get("QueueInfo", {}).get("Id"),
    "Disconnected": "DisconnectTimestamp" in contact}))
`

// The same through boto3.
func TestDefaultFlowsBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	e := lifeSetup(t, false)
	r := cliRun(t, defaultFlowsBotoScript, "python3", "-", e.s.URL, e.inst, e.queue, e.available)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		Types        []string
		Queue        string
		Disconnected bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	if len(out.Types) < 3 || out.Types[0] != "CheckHoursOfOperation" || out.Types[1] != "CheckMetricData" || out.Types[2] != "TransferContactToQueue" {
		t.Errorf("Default queue transfer actions = %v", out.Types)
	}
	if out.Queue != e.queue || out.Disconnected {
		t.Errorf("task through the quick connect: queue %q, disconnected %v; want in BasicQueue", out.Queue, out.Disconnected)
	}
}
