package e2e

import (
	"encoding/json"
	"strconv"
	"testing"
)

// clockStepsBotoScript: a task scheduled at +1h with a 60-minute expiry,
// one one-day advance, then DescribeContact through boto3.
const clockStepsBotoScript = `
import datetime, json, sys, urllib.request
import boto3, botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

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
    with urllib.request.urlopen(r) as resp:
        return json.loads(resp.read())

t0 = int(admin("GET", "clock")["Now"]) + 1  # whole seconds: the wire keeps them
cid = c.start_task_contact(InstanceId=instance, ContactFlowId=flow, Name="boto later",
                           ScheduledTime=datetime.datetime.fromtimestamp(t0 + 3600, datetime.timezone.utc),
                           SegmentAttributes={"connect:ContactExpiry": {"ValueMap": {"ExpiryDuration": {"ValueInteger": 60}}}})["ContactId"]
adv = admin("POST", "clock", {"AdvanceSeconds": 86400})
d = c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"]
print(json.dumps({"t0": t0, "woken": adv["ContactsWoken"],
                  "connected": d["ConnectedToSystemTimestamp"].timestamp(),
                  "disconnect": d["DisconnectTimestamp"].timestamp() if "DisconnectTimestamp" in d else None,
                  "reason": d.get("DisconnectReason")}))
`

func TestLifecycleOneLargeAdvanceBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	e := lifeSetup(t, true, "--clock", "manual")
	s := e.s
	r := cliRun(t, clockStepsBotoScript, "python3", "-", s.URL, s.InstanceID, s.TaskFlowID)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		T0, Connected float64
		Disconnect    *float64
		Woken         int
		Reason        *string
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	// As in advanceWoken: the background scheduler may take a wake the
	// advance reached, which its count then leaves out (the timestamps
	// below are what must hold).
	switch {
	case out.Woken > 2:
		t.Errorf("ContactsWoken = %d, want 2 (started, expired)", out.Woken)
	case out.Woken < 2:
		t.Logf("ContactsWoken = %d, want 2 (the background scheduler took the other?)", out.Woken)
	}
	if got, want := out.Connected-out.T0, 3600.0; got < want-0.01 || got > want+0.01 {
		t.Errorf("ConnectedToSystemTimestamp = t0%+.3fs, want t0+3600s", got)
	}
	if out.Disconnect == nil || *out.Disconnect-out.T0 < 7199.99 || *out.Disconnect-out.T0 > 7200.01 ||
		out.Reason == nil || *out.Reason != "EXPIRED" {
		t.Errorf("DisconnectTimestamp = %s (reason %s), want t0+7200s EXPIRED", fmtp(out.Disconnect, out.T0), strp(out.Reason))
	}
}

func fmtp(v *float64, t0 float64) string {
	if v == nil {
		return "none"
	}
	return strconv.FormatFloat(*v-t0, 'f', 3, 64) + "s after t0"
}

func strp(v *string) string {
	if v == nil {
		return "none"
	}
	return *v
}
