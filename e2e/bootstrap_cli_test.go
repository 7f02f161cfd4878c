package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// connectd as the test double of a Python suite: boto3 against
// connectd --store memory --bootstrap, a unittest TestCase whose tearDown
// resets the account (signed by botocore's SigV4Auth, in strict mode), and
// nothing left on disk.

const bootstrapBotoScript = `
import json, sys, time, unittest, urllib.request
import boto3, botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

ENDPOINT = sys.argv[1]
session = boto3.session.Session(region_name="us-east-1")
c = session.client("connect", endpoint_url=ENDPOINT,
                   config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
creds = session.get_credentials().get_frozen_credentials()
SEEN = {"resets": [], "tasks": []}

def reset():
    url = ENDPOINT + "/_connectd/v1/reset"
    req = AWSRequest(method="POST", url=url, data=b"{}", headers={"Content-Type": "application/json"})
    SigV4Auth(creds, "connect", "us-east-1").add_auth(req)
    r = urllib.request.Request(url, data=b"{}", method="POST", headers=dict(req.headers.items()))
    with urllib.request.urlopen(r) as resp:
        return json.loads(resp.read())

class ConnectdSuite(unittest.TestCase):
    def tearDown(self):
        started = time.monotonic()
        out = reset()
        SEEN["resets"].append({"ms": (time.monotonic() - started) * 1000,
                               "restored": [i["Id"] for i in out["Restored"]], "removed": out["Removed"]})

    def check_start_state(self):
        users = c.list_users(InstanceId="demo")["UserSummaryList"]
        self.assertEqual([u["Username"] for u in users], ["ana"])
        qcs = sorted(q["Id"] for q in c.list_quick_connects(InstanceId="demo")["QuickConnectSummaryList"])
        SEEN.setdefault("quickConnects", qcs)
        self.assertEqual(qcs, SEEN["quickConnects"])  # the same IDs after each reset

    def make_a_mess(self):
        cid = c.start_task_contact(InstanceId="demo", TaskTemplateId="follow-up", Name="Call back")["ContactId"]
        contact = c.describe_contact(InstanceId="demo", ContactId=cid)["Contact"]
        self.assertEqual(contact["QueueInfo"]["Id"], "support")
        SEEN["tasks"].append(cid)
        sp = [p["Id"] for p in c.list_security_profiles(InstanceId="demo")["SecurityProfileSummaryList"] if p["Name"] == "Agent"]
        # A duplicate in the next test, but for the reset.
        c.create_user(InstanceId="demo", Username="temp", Password="Passw0rd!",
                      IdentityInfo={"FirstName": "T", "LastName": "Emp"}, PhoneConfig={"PhoneType": "SOFT_PHONE"},
                      RoutingProfileId="support-agents", SecurityProfileIds=sp)

    def test_a_task_from_the_template_reaches_support(self):
        self.check_start_state()
        self.make_a_mess()

    def test_b_the_same_again(self):
        self.check_start_state()
        self.make_a_mess()

    def test_c_the_earlier_tasks_are_gone(self):
        self.check_start_state()
        for cid in SEEN["tasks"]:
            with self.assertRaises(c.exceptions.ResourceNotFoundException):
                c.describe_contact(InstanceId="demo", ContactId=cid)

result = unittest.main(argv=["connectd-suite"], exit=False, verbosity=2).result
print(json.dumps({"ok": result.wasSuccessful(), "run": result.testsRun, **SEEN}))
sys.exit(0 if result.wasSuccessful() else 1)
`

func TestBootstrapMemoryResetBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	work := t.TempDir()
	creds := resWriteCredentials(t, [3]string{"AKIDCLIEXAMPLE", "cli-secret", lifeAccount})
	s := startServerIn(t, work, filepath.Join(work, "connectd-data"), "--store", "memory", "--bootstrap", exampleBootstrap(t),
		"--auth", "strict", "--credentials", creds)
	r := cliRun(t, bootstrapBotoScript, "python3", "-", s.URL)
	if r.code != 0 {
		t.Fatalf("the boto3 suite failed: exit %d\n%s\n%s", r.code, r.stderr, r.stdout)
	}
	var out struct {
		OK     bool
		Run    int
		Tasks  []string
		Resets []struct {
			MS       float64
			Restored []string
			Removed  map[string]int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	if !out.OK || out.Run != 3 || len(out.Tasks) != 2 || len(out.Resets) != 3 {
		t.Errorf("boto3 suite = %+v, want 3 tests passed, 2 tasks, 3 resets", out)
	}
	for i, rs := range out.Resets {
		if len(rs.Restored) != 1 || rs.Restored[0] != "demo" {
			t.Errorf("reset %d restored %v, want demo", i, rs.Restored)
		}
		t.Logf("reset %d from boto3: %.1f ms, removed %v", i, rs.MS, rs.Removed)
	}
	s.stop(t)
	if entries, err := os.ReadDir(work); err != nil || len(entries) > 0 {
		t.Errorf("connectd --store memory left %d entries in its working directory (%v)", len(entries), err)
	}
}
