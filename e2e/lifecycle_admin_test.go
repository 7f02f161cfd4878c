package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"math"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// Helpers of the lifecycle tests: connectd's admin API (the clock, the
// agent's workspace, flow logs), signed as the SDK signs, and a server set
// up with the agent-side resources its default instance is born with.

// The key server.client signs with. Strict-mode lifecycle servers know it,
// and the key of the CLI tests (cliEnv), both in the default account.
const (
	lifeKey, lifeSecret = "AKIDEXAMPLE", "secret"
	lifeAccount         = "000000000000"
)

// lifeEnv is a running connectd with its default instance's resources.
type lifeEnv struct {
	agEnv
	instARN string
	flowARN string // the Default task flow's
	qARN    string // BasicQueue's
}

// lifeSetup starts connectd with flags (strict: SigV4 is verified, with
// lifeKey and the CLI key known) and reads its default resources.
func lifeSetup(t *testing.T, strict bool, flags ...string) *lifeEnv {
	t.Helper()
	if strict {
		creds := resWriteCredentials(t, [3]string{lifeKey, lifeSecret, lifeAccount}, [3]string{"AKIDCLIEXAMPLE", "cli-secret", lifeAccount})
		flags = append(flags, "--auth", "strict", "--credentials", creds)
	}
	s := startServer(t, "", flags...)
	e := &lifeEnv{agEnv: agEnv{s: s, c: s.client(t), inst: s.InstanceID}}
	e.hours, e.queue = resDefaults(t, e.c, e.inst)
	e.rp, e.sp, e.available, e.offline = agDefaults(t, e.c, e.inst)
	inst, err := e.c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &e.inst})
	if err != nil {
		t.Fatal(err)
	}
	e.instARN = aws.ToString(inst.Instance.Arn)
	e.flowARN = e.instARN + "/contact-flow/" + s.TaskFlowID
	e.qARN = e.instARN + "/queue/" + e.queue
	return e
}

// adminReply is an admin API answer.
type adminReply struct {
	Status    int
	ErrorType string // X-Amzn-ErrorType
	Message   string // the error body's Message
	Body      []byte
}

// admin sends a SigV4-signed request to connectd's admin API; path is below
// /_connectd/v1/ and body, when not nil, is sent as JSON.
func (s *server) admin(t testing.TB, method, path string, body any) adminReply {
	t.Helper()
	return s.adminAs(t, lifeKey, lifeSecret, "us-east-1", method, path, body)
}

// adminAs is admin signed with another key, for another region.
func (s *server) adminAs(t testing.TB, key, secret, region, method, path string, body any) adminReply {
	t.Helper()
	var b []byte
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequestWithContext(ctx(t), method, s.URL+"/_connectd/v1/"+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	sum := sha256.Sum256(b)
	creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}
	if err := v4.NewSigner().SignHTTP(ctx(t), creds, req, hex.EncodeToString(sum[:]), "connect", region, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := adminReply{Status: resp.StatusCode, ErrorType: resp.Header.Get("X-Amzn-ErrorType"), Body: data}
	if resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("%s %s: no x-amzn-RequestId", method, path)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s %s: Content-Type %q", method, path, ct)
	}
	if r.Status != http.StatusOK {
		var e struct{ Message string }
		if err := json.Unmarshal(data, &e); err != nil {
			t.Errorf("%s %s: error body %q is not JSON: %v", method, path, data, err)
		}
		r.Message = e.Message
	}
	return r
}

// decode unmarshals a successful reply into v.
func (r adminReply) decode(t testing.TB, what string, v any) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("%s: %d %s: %s", what, r.Status, r.ErrorType, r.Message)
	}
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s: body %q: %v", what, r.Body, err)
	}
}

// wantAdminError checks that r is the error code with HTTP status and a message.
func wantAdminError(t testing.TB, r adminReply, code string, status int) {
	t.Helper()
	if r.Status != status || r.ErrorType != code || r.Message == "" {
		t.Errorf("admin reply = %d %q (%q), want %d %s with a message", r.Status, r.ErrorType, r.Message, status, code)
	}
}

// epochTime reads an admin API timestamp (epoch seconds, milliseconds exact).
func epochTime(f float64) time.Time { return time.UnixMilli(int64(math.Round(f * 1000))).UTC() }

// clock returns connectd's time and clock mode (GET /clock).
func (s *server) clock(t testing.TB) (time.Time, string) {
	t.Helper()
	var out struct {
		Now  float64
		Mode string
	}
	s.admin(t, http.MethodGet, "clock", nil).decode(t, "GET clock", &out)
	return epochTime(out.Now), out.Mode
}

// advance moves the manual clock by d and returns the new time and how many
// contacts the due work that ran woke.
func (s *server) advance(t testing.TB, d time.Duration) (time.Time, int) {
	t.Helper()
	var out struct {
		Now           float64
		ContactsWoken int
	}
	s.admin(t, http.MethodPost, "clock", map[string]any{"AdvanceSeconds": d.Seconds()}).decode(t, "advance clock", &out)
	return epochTime(out.Now), out.ContactsWoken
}

// advanceWoken advances by d and checks that want contacts were woken.
// ContactsWoken counts only what the advance itself woke: the background
// scheduler, which polls every second, may claim a contact that fell due
// between the clock's move and the advance's own pass, so fewer is only
// logged (the tests check each contact's state).
func (s *server) advanceWoken(t testing.TB, d time.Duration, want int) time.Time {
	t.Helper()
	now, woken := s.advance(t, d)
	switch {
	case woken > want:
		t.Errorf("advance %v: ContactsWoken = %d, want %d", d, woken, want)
	case woken < want:
		t.Logf("advance %v: ContactsWoken = %d, want %d (the background scheduler took the others?)", d, woken, want)
	}
	return now
}

// adminAgentContact is one contact of an agent's workspace.
type adminAgentContact struct {
	ContactId, ContactArn, Channel, InitiationMethod, Name string
	AgentContactState, QueueId                             string
	EnqueueTimestamp, ConnectedToAgentTimestamp            *float64
}

// agentContacts lists the contacts offered to, connected to or paused with user.
func (s *server) agentContacts(t testing.TB, user string) []adminAgentContact {
	t.Helper()
	var out struct{ Contacts []adminAgentContact }
	s.admin(t, http.MethodGet, "instances/"+s.InstanceID+"/agents/"+user+"/contacts", nil).decode(t, "agent contacts", &out)
	return out.Contacts
}

// agentStates lists user's contacts as "name STATE" in the order given.
func (s *server) agentStates(t testing.TB, user string) []string {
	t.Helper()
	var out []string
	for _, c := range s.agentContacts(t, user) {
		out = append(out, c.Name+" "+c.AgentContactState)
	}
	return out
}

// wantAgent checks user's workspace, as "name STATE" entries.
func (s *server) wantAgent(t testing.TB, user string, want ...string) {
	t.Helper()
	if diff := cmp.Diff(want, s.agentStates(t, user)); diff != "" {
		t.Errorf("agent contacts (-want +got):\n%s", diff)
	}
}

// agentAction posts accept, reject or complete for user on contact.
func (s *server) agentAction(t testing.TB, user, contact, action string) adminReply {
	t.Helper()
	return s.admin(t, http.MethodPost, "instances/"+s.InstanceID+"/agents/"+user+"/contacts/"+contact+"/"+action, nil)
}

// agentDo is agentAction that must succeed.
func (s *server) agentDo(t testing.TB, user, contact, action string) {
	t.Helper()
	var out map[string]any
	s.agentAction(t, user, contact, action).decode(t, action+" "+contact, &out)
}

// adminFlowLogEntry is one entry of a contact's flow log.
type adminFlowLogEntry struct {
	Timestamp                      float64
	ContactFlowId, ContactFlowName string
	ActionId, ActionType           string
	Parameters                     map[string]string
	Branch, NextAction, Error      string
}

// flowLog returns a contact's flow log.
func (s *server) flowLog(t testing.TB, contact string) []adminFlowLogEntry {
	t.Helper()
	var out struct{ Entries []adminFlowLogEntry }
	s.admin(t, http.MethodGet, "instances/"+s.InstanceID+"/contacts/"+contact+"/flow-logs", nil).decode(t, "flow logs", &out)
	return out.Entries
}

// flowSteps renders a flow log as "ActionId ActionType -> Branch NextAction"
// lines, checking that every entry is stamped at, when at is not zero.
func flowSteps(t testing.TB, log []adminFlowLogEntry, at time.Time) []string {
	t.Helper()
	var out []string
	for _, e := range log {
		if !at.IsZero() && !epochTime(e.Timestamp).Equal(at) {
			t.Errorf("flow log entry %s at %v, want %v", e.ActionId, epochTime(e.Timestamp), at)
		}
		line := fmt.Sprintf("%s %s -> %s", e.ActionId, e.ActionType, e.Branch)
		if e.NextAction != "" {
			line += " " + e.NextAction
		}
		if e.Error != "" {
			line += " (" + e.Error + ")"
		}
		out = append(out, line)
	}
	return out
}

// ignoreUnexported skips the SDK types' unexported (serde marker) fields.
var ignoreUnexported = cmp.FilterPath(func(p cmp.Path) bool {
	sf, ok := p.Last().(cmp.StructField)
	return ok && !token.IsExported(sf.Name())
}, cmp.Ignore())

// task returns the DescribeContact view of an API-started task of e's
// instance with no timestamps: the tests add what each moment holds.
func (e *lifeEnv) task(id, name string) types.Contact {
	return types.Contact{
		Arn: aws.String(e.instARN + "/contact/" + id), Id: aws.String(id), InitialContactId: aws.String(id),
		Channel: types.ChannelTask, InitiationMethod: types.ContactInitiationMethodApi, Name: aws.String(name),
	}
}

// queued adds what a task queued in queue at enqueued (started at the
// same time) shows.
func queued(c types.Contact, queue string, priority int64, enqueued time.Time) types.Contact {
	c.ConnectedToSystemTimestamp = aws.Time(enqueued)
	c.QueueInfo = &types.QueueInfo{Id: aws.String(queue), EnqueueTimestamp: aws.Time(enqueued)}
	c.QueuePriority, c.QueueTimeAdjustmentSeconds = aws.Int64(priority), aws.Int32(0)
	return c
}

// wantContact checks DescribeContact of want.Id against want, field by field.
func (e *lifeEnv) wantContact(t testing.TB, want types.Contact) *types.Contact {
	t.Helper()
	got := describe(t, e.c, e.s, aws.ToString(want.Id))
	if diff := cmp.Diff(&want, got, ignoreUnexported); diff != "" {
		t.Errorf("DescribeContact(%s) (-want +got):\n%s", aws.ToString(want.Name), diff)
	}
	return got
}

// setStatus puts user in the agent status status (PutUserStatus).
func (e *lifeEnv) setStatus(t testing.TB, user, status string) {
	t.Helper()
	if _, err := e.c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &e.inst, UserId: &user, AgentStatusId: &status}); err != nil {
		t.Fatalf("PutUserStatus(%s): %v", user, err)
	}
}

// flow creates a published CONTACT_FLOW with content and returns its ID.
func (e *lifeEnv) flow(t testing.TB, name, content string) string {
	t.Helper()
	out, err := e.c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{InstanceId: &e.inst, Name: aws.String(name),
		Type: types.ContactFlowTypeContactFlow, Status: types.ContactFlowStatusPublished, Content: aws.String(content)})
	if err != nil {
		t.Fatalf("CreateContactFlow(%s): %v", name, err)
	}
	return aws.ToString(out.ContactFlowId)
}
