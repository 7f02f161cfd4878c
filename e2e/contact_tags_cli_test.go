package e2e

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const contactTagsBotoScript = `
import json, sys
import boto3, botocore
from botocore.exceptions import ClientError

endpoint, instance, flow = sys.argv[1:4]
c = boto3.session.Session(region_name="us-east-1").client("connect", endpoint_url=endpoint,
    config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))

def err(f, **kw):
    try:
        f(**kw)
        return None
    except ClientError as e:
        return {"Code": e.response["Error"]["Code"], "Status": e.response["ResponseMetadata"]["HTTPStatusCode"]}

cid = c.start_task_contact(InstanceId=instance, ContactFlowId=flow, Name="boto tags")["ContactId"]
c.tag_contact(InstanceId=instance, ContactId=cid, Tags={"team": "billing", "cost": "7"})
c.untag_contact(InstanceId=instance, ContactId=cid, TagKeys=["team"])
out = {
    "Tags": c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"].get("Tags"),
    "SystemTag": err(c.tag_contact, InstanceId=instance, ContactId=cid, Tags={"aws:x": "1"}),
    "Both": err(c.update_contact_routing_data, InstanceId=instance, ContactId=cid, QueuePriority=1, QueueTimeAdjustmentSeconds=5),
    "Missing": err(c.untag_contact, InstanceId=instance, ContactId="00000000-0000-0000-0000-000000000000", TagKeys=["k"]),
}
c.update_contact_routing_data(InstanceId=instance, ContactId=cid, QueuePriority=2)
out["Priority"] = c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"].get("QueuePriority")
print(json.dumps(out))
`

// TagContact, UntagContact and UpdateContactRoutingData through boto3: the
// tags round-trip, refusals carry their error code and status.
func TestContactTagsBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	e := lifeSetup(t, true)
	s := e.s
	r := cliRun(t, contactTagsBotoScript, "python3", "-", s.URL, s.InstanceID, s.TaskFlowID)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	type refusal struct {
		Code   string
		Status int
	}
	var out struct {
		Tags                     map[string]string
		SystemTag, Both, Missing *refusal
		Priority                 int64
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	if diff := cmp.Diff(map[string]string{"cost": "7"}, out.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	for name, c := range map[string]struct {
		got  *refusal
		want refusal
	}{
		"aws: tag":              {out.SystemTag, refusal{"InvalidParameterException", 400}},
		"priority and age both": {out.Both, refusal{"InvalidParameterException", 400}},
		"untag unknown contact": {out.Missing, refusal{"ResourceNotFoundException", 404}},
	} {
		if c.got == nil || *c.got != c.want {
			t.Errorf("%s = %+v, want %+v", name, c.got, c.want)
		}
	}
	if out.Priority != 2 {
		t.Errorf("QueuePriority after update_contact_routing_data = %d, want 2", out.Priority)
	}
}
