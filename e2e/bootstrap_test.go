package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// connectd as a test double, as a suite uses it through the Go SDK: started
// with --store memory and the example bootstrap file, each test starting
// from the file's state after POST /_connectd/v1/reset, and nothing left on
// disk.

// exampleBootstrap returns the absolute path of examples/bootstrap.yaml.
func exampleBootstrap(t testing.TB) string {
	t.Helper()
	p, err := filepath.Abs("../examples/bootstrap.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A key of another account, for the isolation checks.
const otherKey, otherSecret, otherAccount = "AKIDOTHERACCOUNT", "other-secret", "111122223333"

// resetReply is the answer of POST /_connectd/v1/reset.
type resetReply struct {
	Removed  map[string]int
	Restored []struct{ Id, Arn, InstanceAlias string }
}

func (s *server) reset(t testing.TB, key, secret, region string) resetReply {
	t.Helper()
	var r resetReply
	s.adminAs(t, key, secret, region, http.MethodPost, "reset", struct{}{}).decode(t, "reset", &r)
	return r
}

func TestBootstrapMemoryResetSDK(t *testing.T) {
	t.Parallel()
	work := t.TempDir()
	dataDir := filepath.Join(work, "connectd-data")
	creds := resWriteCredentials(t, [3]string{lifeKey, lifeSecret, lifeAccount}, [3]string{otherKey, otherSecret, otherAccount})
	s := startServerIn(t, work, dataDir, "--store", "memory", "--bootstrap", exampleBootstrap(t), "--clock", "manual",
		"--auth", "strict", "--credentials", creds)
	if s.InstanceID != "demo" {
		t.Fatalf("ready line instance = %s, want the bootstrap file's demo", s.InstanceID)
	}
	c := s.client(t)
	inst := aws.String("demo")

	qcIDs := func(t *testing.T) []string {
		out, err := c.ListQuickConnects(ctx(t), &connect.ListQuickConnectsInput{InstanceId: inst})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, q := range out.QuickConnectSummaryList {
			ids = append(ids, aws.ToString(q.Id))
		}
		return ids
	}
	firstQCs := qcIDs(t)
	_, sps, _, _ := agDefaults(t, c, "demo")
	var firstTask string

	// suiteTest is one test of a suite: it expects the file's state and
	// changes it (a user and a queue it creates would be duplicates on a
	// second run without the reset).
	suiteTest := func(t *testing.T) string {
		users, err := c.ListUsers(ctx(t), &connect.ListUsersInput{InstanceId: inst})
		if err != nil {
			t.Fatal(err)
		}
		if len(users.UserSummaryList) != 1 || aws.ToString(users.UserSummaryList[0].Id) != "ana" {
			t.Errorf("users at the start of a test = %+v, want ana only", users.UserSummaryList)
		}
		if diff := cmp.Diff(firstQCs, qcIDs(t)); diff != "" {
			t.Errorf("quick connect IDs (-first start +now):\n%s", diff)
		}
		sts, err := c.ListAgentStatuses(ctx(t), &connect.ListAgentStatusesInput{InstanceId: inst, AgentStatusTypes: []types.AgentStatusType{types.AgentStatusTypeRoutable}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: inst, UserId: aws.String("ana"),
			AgentStatusId: sts.AgentStatusSummaryList[0].Id}); err != nil {
			t.Fatal(err)
		}
		out, err := c.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: inst, TaskTemplateId: aws.String("follow-up"),
			Name: aws.String("Call back")})
		if err != nil {
			t.Fatal(err)
		}
		d, err := c.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: inst, ContactId: out.ContactId})
		if err != nil {
			t.Fatal(err)
		}
		if d.Contact.QueueInfo == nil || aws.ToString(d.Contact.QueueInfo.Id) != "support" || d.Contact.AgentInfo != nil {
			t.Errorf("task = %+v, want it in the Support queue, offered", d.Contact)
		}
		if got := s.agentContacts(t, "ana"); len(got) != 1 || got[0].ContactId != aws.ToString(out.ContactId) {
			t.Errorf("ana's contacts = %+v, want the task", got)
		}
		if _, err := c.CreateUser(ctx(t), &connect.CreateUserInput{InstanceId: inst, Username: aws.String("temp"),
			Password: aws.String("Passw0rd!"), IdentityInfo: &types.UserIdentityInfo{FirstName: aws.String("T"), LastName: aws.String("Emp")},
			PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone}, RoutingProfileId: aws.String("support-agents"),
			SecurityProfileIds: []string{sps["Supervisors"]}}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.CreateQueue(ctx(t), &connect.CreateQueueInput{InstanceId: inst, Name: aws.String("Scratch"),
			HoursOfOperationId: aws.String("office-hours")}); err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.ContactId)
	}

	t.Run("first", func(t *testing.T) { firstTask = suiteTest(t) })
	start := time.Now()
	r := s.reset(t, lifeKey, lifeSecret, "us-east-1")
	t.Logf("POST reset through the SDK's signing, memory store: %v", time.Since(start))
	if r.Removed["Instances"] != 1 || r.Removed["Contacts"] != 1 || r.Removed["Users"] != 2 || r.Removed["Queues"] != 4 ||
		len(r.Restored) != 1 || r.Restored[0].Id != "demo" {
		t.Errorf("reset = %+v", r)
	}
	t.Run("second", func(t *testing.T) { suiteTest(t) })
	_, err := c.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: inst, ContactId: aws.String(firstTask)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)

	// Other regions and accounts: untouched by this reset, emptied by
	// their own (a first start creates nothing there).
	eu := s.client(t, inRegion("eu-west-2"))
	other := s.client(t, withKey(otherKey, otherSecret))
	mk := func(c *connect.Client, alias string) string {
		out, err := c.CreateInstance(ctx(t), &connect.CreateInstanceInput{IdentityManagementType: types.DirectoryTypeConnectManaged,
			InstanceAlias: aws.String(alias), InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(out.Id)
	}
	euInst, otherInst := mk(eu, "eu"), mk(other, "other")
	exists := func(c *connect.Client, id string) bool {
		_, err := c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: aws.String(id)})
		return err == nil
	}
	s.reset(t, lifeKey, lifeSecret, "us-east-1")
	if !exists(eu, euInst) || !exists(other, otherInst) {
		t.Error("a reset of account 000000000000 in us-east-1 removed another region's or account's instance")
	}
	if r := s.reset(t, lifeKey, lifeSecret, "eu-west-2"); r.Removed["Instances"] != 1 || len(r.Restored) != 0 {
		t.Errorf("reset in eu-west-2 = %+v, want its instance removed and nothing restored", r)
	}
	if exists(eu, euInst) || !exists(other, otherInst) || !exists(c, "demo") {
		t.Error("a reset in eu-west-2 left its instance, or removed another region's or account's")
	}
	if r := s.reset(t, otherKey, otherSecret, "us-east-1"); r.Removed["Instances"] != 1 || len(r.Restored) != 0 {
		t.Errorf("reset of account %s = %+v, want its instance removed and nothing restored", otherAccount, r)
	}
	if exists(other, otherInst) || !exists(c, "demo") {
		t.Error("a reset of another account left its instance, or removed account 000000000000's")
	}

	// Nothing on disk: not the data directory, nothing in the working
	// directory.
	s.stop(t)
	entries, err := os.ReadDir(work)
	if err != nil {
		t.Fatal(err)
	}
	if names := slices.Collect(func(yield func(string) bool) {
		for _, e := range entries {
			if !yield(e.Name()) {
				return
			}
		}
	}); len(names) > 0 {
		t.Errorf("connectd --store memory left %v in its working directory", names)
	}
}
