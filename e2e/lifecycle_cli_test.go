package e2e

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The worked example of a task's life, through the AWS CLI and boto3, on a
// strict-mode server (each client's own SigV4 signing is verified) with the
// manual clock: an agent goes Available, a task is scheduled a day ahead,
// the clock moves a day, the task is queued and offered, the agent accepts
// and completes it.

// cliContact is DescribeContact's Contact as a client prints it, with every
// timestamp in epoch milliseconds. Decoding refuses members it lacks, so
// that an unexpected one shows.
type cliContact struct {
	Arn, Id, InitialContactId, Channel, InitiationMethod, Name string
	DisconnectReason                                           string `json:",omitempty"`
	InitiationTimestamp, LastUpdateTimestamp                   int64
	ScheduledTimestamp, ConnectedToSystemTimestamp             *int64 `json:",omitempty"`
	DisconnectTimestamp                                        *int64 `json:",omitempty"`
	QueueInfo                                                  *struct {
		Id               string
		EnqueueTimestamp int64
	} `json:",omitempty"`
	QueuePriority              *int64 `json:",omitempty"`
	QueueTimeAdjustmentSeconds *int32 `json:",omitempty"`
	AgentInfo                  *struct {
		Id                        string
		ConnectedToAgentTimestamp int64
	} `json:",omitempty"`
}

// cliDecodeContact reads a printed Contact: timestamps (epoch numbers or
// ISO-8601 strings) become epoch milliseconds.
func cliDecodeContact(t *testing.T, v any) cliContact {
	t.Helper()
	var norm func(v any) any
	norm = func(v any) any {
		m, ok := v.(map[string]any)
		if !ok {
			return v
		}
		out := map[string]any{}
		for k, x := range m {
			if strings.HasSuffix(k, "Timestamp") {
				out[k] = int64(math.Round(cliEpoch(t, x) * 1000))
				continue
			}
			out[k] = norm(x)
		}
		return out
	}
	b, err := json.Marshal(norm(v))
	if err != nil {
		t.Fatal(err)
	}
	var c cliContact
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("contact %s: %v", b, err)
	}
	return c
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func msp(t time.Time) *int64 { v := t.UnixMilli(); return &v }

// cliStages are the Contact of the worked example at each stage, as
// DescribeContact must show it: scheduled at t0 for at, queued (and
// offered) at at (its own due time, though the advance goes on to t1),
// connected to agent at t1, ended at t1.
func cliStages(e *lifeEnv, id, name, agent string, t0, at, t1 time.Time) (scheduled, queued, connected, ended cliContact) {
	scheduled = cliContact{Arn: e.instARN + "/contact/" + id, Id: id, InitialContactId: id, Channel: "TASK", InitiationMethod: "API",
		Name: name, InitiationTimestamp: ms(t0), LastUpdateTimestamp: ms(t0), ScheduledTimestamp: msp(at)}
	queued = scheduled
	queued.LastUpdateTimestamp, queued.ConnectedToSystemTimestamp = ms(at), msp(at)
	queued.QueueInfo = &struct {
		Id               string
		EnqueueTimestamp int64
	}{e.queue, ms(at)}
	five, zero := int64(5), int32(0)
	queued.QueuePriority, queued.QueueTimeAdjustmentSeconds = &five, &zero
	connected = queued
	connected.LastUpdateTimestamp = ms(t1)
	connected.AgentInfo = &struct {
		Id                        string
		ConnectedToAgentTimestamp int64
	}{agent, ms(t1)}
	ended = connected
	ended.DisconnectReason, ended.DisconnectTimestamp = "AGENT_DISCONNECT", msp(t1)
	return scheduled, queued, connected, ended
}

func TestLifecycleCLI(t *testing.T) {
	t.Parallel()
	cliNeed(t, "the AWS CLI (aws)", cliLookPath("aws"))
	e := lifeSetup(t, true, "--clock", "manual")
	s := e.s
	inst := s.InstanceID

	find := func(out map[string]any, list, name string) string {
		t.Helper()
		items, _ := out[list].([]any)
		for _, it := range items {
			m, _ := it.(map[string]any)
			if m["Name"] == name {
				id, _ := m["Id"].(string)
				return id
			}
		}
		t.Fatalf("%s has no %q: %v", list, name, out)
		return ""
	}
	rp := find(s.aws(t, "list-routing-profiles", "--instance-id", inst), "RoutingProfileSummaryList", "Basic Routing Profile")
	sp := find(s.aws(t, "list-security-profiles", "--instance-id", inst), "SecurityProfileSummaryList", "Agent")
	available := find(s.aws(t, "list-agent-statuses", "--instance-id", inst), "AgentStatusSummaryList", "Available")
	agent, _ := s.aws(t, "create-user", "--instance-id", inst, "--username", "cli-agent", "--password", "Passw0rd!",
		"--identity-info", "FirstName=Cli,LastName=Agent", "--phone-config", "PhoneType=SOFT_PHONE",
		"--routing-profile-id", rp, "--security-profile-ids", sp)["UserId"].(string)
	if agent == "" {
		t.Fatal("create-user returned no UserId")
	}
	s.aws(t, "put-user-status", "--instance-id", inst, "--user-id", agent, "--agent-status-id", available)

	t0, _ := s.clock(t)
	at := t0.Truncate(time.Second).Add(day + time.Second) // the CLI sends whole seconds
	id, _ := s.aws(t, "start-task-contact", "--instance-id", inst, "--contact-flow-id", s.TaskFlowID,
		"--name", "cli scheduled", "--scheduled-time", strconv.FormatInt(at.Unix(), 10))["ContactId"].(string)
	if id == "" {
		t.Fatal("start-task-contact returned no ContactId")
	}
	describeCLI := func() cliContact {
		t.Helper()
		return cliDecodeContact(t, s.aws(t, "describe-contact", "--instance-id", inst, "--contact-id", id)["Contact"])
	}
	t1 := t0.Add(day + time.Second) // the clock after the advance below: just past at
	scheduled, queued, connected, ended := cliStages(e, id, "cli scheduled", agent, t0, at, t1)
	if diff := cmp.Diff(scheduled, describeCLI()); diff != "" {
		t.Errorf("scheduled (-want +got):\n%s", diff)
	}

	if now := s.advanceWoken(t, day+time.Second, 1); !now.Equal(t1) {
		t.Fatalf("clock = %v, want %v", now, t1)
	}
	if diff := cmp.Diff(queued, describeCLI()); diff != "" {
		t.Errorf("queued (-want +got):\n%s", diff)
	}
	s.wantAgent(t, agent, "cli scheduled CONNECTING")
	// An offered task cannot be paused: a non-zero exit naming the error.
	r := cliRun(t, "", "aws", "connect", "pause-contact", "--endpoint-url", s.URL, "--region", "us-east-1",
		"--instance-id", inst, "--contact-id", id)
	if r.code == 0 || !strings.Contains(r.stderr, "ConflictException") {
		t.Errorf("pause-contact of an offered task: exit %d, stderr %q; want ConflictException", r.code, r.stderr)
	}

	s.agentDo(t, agent, id, "accept")
	if diff := cmp.Diff(connected, describeCLI()); diff != "" {
		t.Errorf("connected (-want +got):\n%s", diff)
	}
	s.agentDo(t, agent, id, "complete")
	if diff := cmp.Diff(ended, describeCLI()); diff != "" {
		t.Errorf("ended (-want +got):\n%s", diff)
	}
	s.wantAgent(t, agent)
}

// lifeBotoScript runs the worked example with boto3, and the admin API
// with urllib, signed by botocore's SigV4Auth.
const lifeBotoScript = `
import datetime, json, sys, urllib.error, urllib.request
import boto3, botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError

endpoint, instance, flow = sys.argv[1:4]
session = boto3.session.Session(region_name="us-east-1")
c = session.client("connect", endpoint_url=endpoint,
                   config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
creds = session.get_credentials().get_frozen_credentials()

def admin(method, path, body=None):
    url = endpoint + "/_connectd/v1/" + path
    data = json.dumps(body).encode() if body is not None else b""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    req = AWSRequest(method=method, url=url, data=data, headers=headers)
    SigV4Auth(creds, "connect", "us-east-1").add_auth(req)
    r = urllib.request.Request(url, data=data if method != "GET" else None, method=method, headers=dict(req.headers.items()))
    try:
        with urllib.request.urlopen(r) as resp:
            return {"Status": resp.status, "Body": json.loads(resp.read())}
    except urllib.error.HTTPError as e:
        return {"Status": e.code, "ErrorType": e.headers.get("X-Amzn-ErrorType"), "Body": json.loads(e.read())}

def plain(v):
    if isinstance(v, datetime.datetime):
        return v.timestamp()
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v

def error_of(fn, **kw):
    try:
        fn(**kw)
        return None
    except ClientError as e:
        return {"Code": e.response["Error"]["Code"], "HTTPStatusCode": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "Modeled": type(e).__name__}

def named(items, name):
    return [x["Id"] for x in items if x["Name"] == name][0]

out = {}
rp = named(c.list_routing_profiles(InstanceId=instance)["RoutingProfileSummaryList"], "Basic Routing Profile")
sp = named(c.list_security_profiles(InstanceId=instance)["SecurityProfileSummaryList"], "Agent")
available = named(c.list_agent_statuses(InstanceId=instance)["AgentStatusSummaryList"], "Available")
user = c.create_user(InstanceId=instance, Username="boto-agent", Password="Passw0rd!",
                     IdentityInfo={"FirstName": "Boto", "LastName": "Agent"}, PhoneConfig={"PhoneType": "SOFT_PHONE"},
                     RoutingProfileId=rp, SecurityProfileIds=[sp])["UserId"]
c.put_user_status(InstanceId=instance, UserId=user, AgentStatusId=available)
out["user"] = user
clock = admin("GET", "clock")
out["clock"] = clock
t0 = clock["Body"]["Now"]
at = int(t0) + 86400 + 1
out["at"] = at
cid = c.start_task_contact(InstanceId=instance, ContactFlowId=flow, Name="boto scheduled",
                           ScheduledTime=datetime.datetime.fromtimestamp(at, datetime.timezone.utc))["ContactId"]
out["contactId"] = cid
describe = lambda: plain(c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"])
out["scheduled"] = describe()
out["advance"] = admin("POST", "clock", {"AdvanceSeconds": 86401})
out["queued"] = describe()
agent = "instances/%s/agents/%s/contacts" % (instance, user)
out["offered"] = admin("GET", agent)
out["pauseOffered"] = error_of(c.pause_contact, InstanceId=instance, ContactId=cid)
out["accept"] = admin("POST", agent + "/" + cid + "/accept")
out["connected"] = describe()
out["complete"] = admin("POST", agent + "/" + cid + "/complete")
out["ended"] = describe()
out["completeAgain"] = admin("POST", agent + "/" + cid + "/complete")
print(json.dumps(out))
`

func TestLifecycleBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	e := lifeSetup(t, true, "--clock", "manual")
	s := e.s
	r := cliRun(t, lifeBotoScript, "python3", "-", s.URL, s.InstanceID, s.TaskFlowID)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	type reply struct {
		Status    int
		ErrorType string
		Body      map[string]any
	}
	var out struct {
		User                            string
		ContactID                       string `json:"contactId"`
		At                              int64
		Clock, Advance, Offered         reply
		Accept, Complete, CompleteAgain reply
		Scheduled, Queued, Connected    any
		Ended                           any
		PauseOffered                    *struct {
			Code, Modeled  string
			HTTPStatusCode int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	if out.Clock.Status != http.StatusOK || out.Clock.Body["Mode"] != "manual" {
		t.Fatalf("GET clock = %+v", out.Clock)
	}
	t0 := epochTime(out.Clock.Body["Now"].(float64))
	at := time.Unix(out.At, 0)
	t1 := t0.Add(day + time.Second)
	if now, _ := out.Advance.Body["Now"].(float64); out.Advance.Status != http.StatusOK || !epochTime(now).Equal(t1) ||
		out.Advance.Body["ContactsWoken"] != 1.0 {
		t.Errorf("advance = %+v, want Now %v and 1 contact woken", out.Advance, t1)
	}
	scheduled, queued, connected, ended := cliStages(e, out.ContactID, "boto scheduled", out.User, t0, at, t1)
	for _, st := range []struct {
		name string
		want cliContact
		got  any
	}{{"scheduled", scheduled, out.Scheduled}, {"queued", queued, out.Queued}, {"connected", connected, out.Connected}, {"ended", ended, out.Ended}} {
		if diff := cmp.Diff(st.want, cliDecodeContact(t, st.got)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", st.name, diff)
		}
	}
	offered, _ := out.Offered.Body["Contacts"].([]any)
	if out.Offered.Status != http.StatusOK || len(offered) != 1 || offered[0].(map[string]any)["AgentContactState"] != "CONNECTING" {
		t.Errorf("agent contacts when offered = %+v", out.Offered)
	}
	if p := out.PauseOffered; p == nil || p.Code != "ConflictException" || p.HTTPStatusCode != 409 || p.Modeled != "ConflictException" {
		t.Errorf("pause_contact of an offered task = %+v, want ConflictException 409", p)
	}
	if out.Accept.Status != http.StatusOK || out.Complete.Status != http.StatusOK {
		t.Errorf("accept = %+v, complete = %+v", out.Accept, out.Complete)
	}
	if a := out.CompleteAgain; a.Status != 409 || a.ErrorType != "ConflictException" || a.Body["Message"] == "" {
		t.Errorf("complete again = %+v, want 409 ConflictException", a)
	}
}
