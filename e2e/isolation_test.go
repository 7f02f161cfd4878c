package e2e

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// The tenant isolation test: two accounts in two regions on one connectd,
// each reading through every path that reads contacts (the event stream,
// with replay and the instance filter; the admin API; the Connect API with
// instance IDs and ARNs) and seeing only what is its own.

// isoTenant is one partition (account and region) of the isolation test
// with its instance, an Available agent and a task offered to that agent.
type isoTenant struct {
	name            string // "account/region"
	key, secret     string
	account, region string
	s               *server
	c               *connect.Client
	inst, instARN   string
	flow            string // the instance's Default task flow
	agent           string
	work            string // a task offered to agent (CONNECTING)
	markers         int    // tasks started by mark
}

// startIsolation starts a strict, manual-clock connectd that knows a key of
// each of two accounts, and sets up a tenant in each account and region.
// The first tenant owns the default instance.
func startIsolation(t *testing.T) []*isoTenant {
	t.Helper()
	creds := resWriteCredentials(t,
		[3]string{authKeyA, authSecretA, authAccountA},
		[3]string{authKeyB, authSecretB, authAccountB})
	s := startServer(t, "", "--auth", "strict", "--credentials", creds, "--clock", "manual")
	var ts []*isoTenant
	for _, acct := range [][3]string{{authKeyA, authSecretA, authAccountA}, {authKeyB, authSecretB, authAccountB}} {
		for _, region := range []string{"us-east-1", "eu-west-1"} {
			ts = append(ts, &isoTenant{name: acct[2] + "/" + region, key: acct[0], secret: acct[1],
				account: acct[2], region: region, s: s,
				c: s.client(t, withKey(acct[0], acct[1]), inRegion(region))})
		}
	}
	for i, tn := range ts {
		tn.setup(t, i == 0)
	}
	return ts
}

// setup gives tn its instance (the default one, or a new one), an Available
// agent and a task offered to the agent.
func (tn *isoTenant) setup(t *testing.T, isDefault bool) {
	t.Helper()
	if isDefault {
		tn.inst, tn.flow = tn.s.InstanceID, tn.s.TaskFlowID
	} else {
		out, err := tn.c.CreateInstance(ctx(t), &connect.CreateInstanceInput{
			IdentityManagementType: types.DirectoryTypeConnectManaged, InstanceAlias: aws.String("iso"),
			InboundCallsEnabled: aws.Bool(true), OutboundCallsEnabled: aws.Bool(true)})
		if err != nil {
			t.Fatalf("%s: CreateInstance: %v", tn.name, err)
		}
		tn.inst = aws.ToString(out.Id)
		flows, err := tn.c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: &tn.inst})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range flows.ContactFlowSummaryList {
			if aws.ToString(f.Name) == "Default task flow" {
				tn.flow = aws.ToString(f.Id)
			}
		}
	}
	inst, err := tn.c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &tn.inst})
	if err != nil {
		t.Fatalf("%s: DescribeInstance: %v", tn.name, err)
	}
	tn.instARN = aws.ToString(inst.Instance.Arn)
	if want := "arn:aws:connect:" + tn.region + ":" + tn.account + ":instance/" + tn.inst; tn.instARN != want {
		t.Fatalf("%s: instance ARN = %s, want %s", tn.name, tn.instARN, want)
	}
	rp, sp, available, _ := agDefaults(t, tn.c, tn.inst)
	u, err := tn.c.CreateUser(ctx(t), &connect.CreateUserInput{
		InstanceId: &tn.inst, Username: aws.String("agent"), Password: aws.String("Passw0rd!"),
		IdentityInfo:       &types.UserIdentityInfo{FirstName: aws.String("A"), LastName: aws.String("Gent")},
		RoutingProfileId:   &rp,
		SecurityProfileIds: []string{sp["Agent"]},
	})
	if err != nil {
		t.Fatalf("%s: CreateUser: %v", tn.name, err)
	}
	tn.agent = aws.ToString(u.UserId)
	if _, err := tn.c.PutUserStatus(ctx(t), &connect.PutUserStatusInput{InstanceId: &tn.inst, UserId: &tn.agent, AgentStatusId: &available}); err != nil {
		t.Fatalf("%s: PutUserStatus: %v", tn.name, err)
	}
	tn.work = tn.task(t, "work", nil)
	if got := tn.agentStates(t, tn.inst); !slices.Equal(got, []string{"CONNECTING"}) {
		t.Fatalf("%s: agent contacts %v, want the work task offered", tn.name, got)
	}
}

// task starts a task in tn's instance, scheduled at at when not nil.
func (tn *isoTenant) task(t *testing.T, name string, at *time.Time) string {
	t.Helper()
	out, err := tn.c.StartTaskContact(ctx(t), &connect.StartTaskContactInput{InstanceId: &tn.inst,
		ContactFlowId: &tn.flow, Name: aws.String(name), ScheduledTime: at,
		References: map[string]types.Reference{"doc": {Type: types.ReferenceTypeUrl, Value: aws.String("https://example.com/" + tn.name)}}})
	if err != nil {
		t.Fatalf("%s: StartTaskContact(%s): %v", tn.name, name, err)
	}
	return aws.ToString(out.ContactId)
}

// mark starts a task whose INITIATED event tells a stream reader that
// every earlier event has been streamed.
func (tn *isoTenant) mark(t *testing.T) string {
	t.Helper()
	tn.markers++
	return tn.task(t, "marker-"+strconv.Itoa(tn.markers), nil)
}

// admin calls the admin API as tn; body, when not nil, is sent as JSON.
func (tn *isoTenant) admin(t *testing.T, method, path string, body any) adminReply {
	t.Helper()
	return tn.s.adminAs(t, tn.key, tn.secret, tn.region, method, path, body)
}

// agentStates lists the AgentContactState of tn's agent's contacts, read
// through instance (an ID or ARN).
func (tn *isoTenant) agentStates(t *testing.T, instance string) []string {
	t.Helper()
	var out struct{ Contacts []adminAgentContact }
	tn.admin(t, http.MethodGet, "instances/"+url.PathEscape(instance)+"/agents/"+tn.agent+"/contacts", nil).decode(t, "agent contacts", &out)
	var states []string
	for _, c := range out.Contacts {
		states = append(states, c.AgentContactState)
	}
	return states
}

// foreignARNs returns ARNs that carry tn's instance ID but name another
// account, region or AWS partition: none names tn's instance.
func (tn *isoTenant) foreignARNs() map[string]string {
	other := authAccountB
	if tn.account == authAccountB {
		other = authAccountA
	}
	otherRegion := "eu-west-1"
	if tn.region == otherRegion {
		otherRegion = "us-east-1"
	}
	return map[string]string{
		"OtherRegion":       "arn:aws:connect:" + otherRegion + ":" + tn.account + ":instance/" + tn.inst,
		"OtherAccount":      "arn:aws:connect:" + tn.region + ":" + other + ":instance/" + tn.inst,
		"OtherPartition":    "arn:aws-cn:connect:" + tn.region + ":" + tn.account + ":instance/" + tn.inst,
		"GovCloudPartition": "arn:aws-us-gov:connect:" + tn.region + ":" + tn.account + ":instance/" + tn.inst,
		"ForeignEverything": "arn:aws:connect:eu-west-1:111111111111:instance/" + tn.inst,
	}
}

// sseEvent is one event of the event stream.
type sseEvent struct {
	ID   int64
	Name string
	Err  error // the data is not JSON
	Body struct {
		Account, Region string
		Resources       []string
		Detail          struct {
			EventType, ContactID, InstanceArn string
		}
	}
}

// sseStream is an open event stream.
type sseStream struct {
	events    chan sseEvent
	connected chan struct{}
	cancel    context.CancelFunc
}

// stream opens GET /_connectd/v1/events as tn, with the query and, when
// lastID is not empty, a Last-Event-ID; it returns once the stream says it
// is connected.
func (tn *isoTenant) stream(t *testing.T, query, lastID string) *sseStream {
	t.Helper()
	c, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(c, http.MethodGet, tn.s.URL+"/_connectd/v1/events"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	sum := sha256.Sum256(nil)
	if err := v4.NewSigner().SignHTTP(c, aws.Credentials{AccessKeyID: tn.key, SecretAccessKey: tn.secret}, req,
		hex.EncodeToString(sum[:]), "connect", tn.region, time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		t.Fatalf("%s: GET events%s: %s", tn.name, query, resp.Status)
	}
	st := &sseStream{events: make(chan sseEvent, 1024), connected: make(chan struct{}), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		defer close(st.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var (
			ev   sseEvent
			data []string
		)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == ": connected":
				close(st.connected)
			case strings.HasPrefix(line, "id: "):
				ev.ID, _ = strconv.ParseInt(line[4:], 10, 64)
			case strings.HasPrefix(line, "event: "):
				ev.Name = line[7:]
			case strings.HasPrefix(line, "data: "):
				data = append(data, line[6:])
			case line == "" && data != nil:
				ev.Err = json.Unmarshal([]byte(strings.Join(data, "\n")), &ev.Body)
				st.events <- ev
				ev, data = sseEvent{}, nil
			}
		}
	}()
	select {
	case <-st.connected:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: GET events%s: not connected within 10s", tn.name, query)
	}
	return st
}

// until reads events up to the INITIATED event of contact, failing the
// test after a timeout.
func (st *sseStream) until(t *testing.T, contact string) []sseEvent {
	t.Helper()
	var out []sseEvent
	timeout := time.After(20 * time.Second)
	for {
		select {
		case ev, ok := <-st.events:
			if !ok {
				t.Fatalf("stream ended before the INITIATED event of %s (%d events read)", contact, len(out))
			}
			out = append(out, ev)
			if ev.Body.Detail.ContactID == contact && ev.Name == "INITIATED" {
				return out
			}
		case <-timeout:
			t.Fatalf("no INITIATED event of %s within 20s (%d events read)", contact, len(out))
		}
	}
}

// drain returns the events received so far, without waiting.
func (st *sseStream) drain() []sseEvent {
	var out []sseEvent
	for {
		select {
		case ev, ok := <-st.events:
			if !ok {
				return out
			}
			out = append(out, ev)
		default:
			return out
		}
	}
}

// wantOwn checks that every event is tn's: its account, region, instance
// and resources.
func (tn *isoTenant) wantOwn(t *testing.T, what string, evs []sseEvent) {
	t.Helper()
	var foreign []string
	for _, ev := range evs {
		if ev.Err != nil {
			t.Errorf("%s: %s: event %d: data is not JSON: %v", tn.name, what, ev.ID, ev.Err)
		}
		b := ev.Body
		own := b.Account == tn.account && b.Region == tn.region && b.Detail.InstanceArn == tn.instARN
		for _, r := range b.Resources {
			own = own && strings.HasPrefix(r, tn.instARN)
		}
		if !own {
			foreign = append(foreign, fmt.Sprintf("%d %s of %s/%s", ev.ID, ev.Name, b.Account, b.Region))
		}
	}
	if len(foreign) > 0 {
		t.Errorf("%s: %s streamed %d of %d events of other tenants, first %s",
			tn.name, what, len(foreign), len(evs), foreign[:min(len(foreign), 3)])
	}
}

func eventIDs(evs []sseEvent) []int64 {
	var out []int64
	for _, ev := range evs {
		out = append(out, ev.ID)
	}
	return out
}

func contactsOf(evs []sseEvent) map[string]bool {
	out := map[string]bool{}
	for _, ev := range evs {
		out[ev.Body.Detail.ContactID] = true
	}
	return out
}

// wantNotFound checks that err is ResourceNotFoundException (404), without
// stopping the test when the call succeeded.
func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s succeeded, want ResourceNotFoundException (404)", what)
		return
	}
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	ts := startIsolation(t)
	victim := ts[0] // the default account's us-east-1 instance
	others := ts[1:]

	t.Run("StreamReplay", func(t *testing.T) {
		// Last-Event-ID 0 replays the outbox: only the caller's part of it.
		for _, tn := range ts {
			marker := tn.mark(t)
			evs := tn.stream(t, "", "0").until(t, marker)
			tn.wantOwn(t, "replay from 0", evs)
			if !contactsOf(evs)[tn.work] {
				t.Errorf("%s: replay from 0 lacks the events of its own work task %s", tn.name, tn.work)
			}
		}
	})

	t.Run("StreamResume", func(t *testing.T) {
		// A stream resumed after an ID goes on with the caller's events
		// after that ID: those it would have seen, no more, no fewer.
		for _, tn := range ts {
			marker := tn.mark(t)
			all := tn.stream(t, "", "0").until(t, marker)
			tn.wantOwn(t, "replay from 0", all)
			ids := eventIDs(all)
			for _, from := range []int64{ids[0], ids[0] + 1, ids[len(ids)/2], ids[len(ids)-2]} {
				var want []int64
				for _, id := range ids {
					if id > from {
						want = append(want, id)
					}
				}
				evs := tn.stream(t, "", strconv.FormatInt(from, 10)).until(t, marker)
				tn.wantOwn(t, "resumed stream", evs)
				if diff := cmp.Diff(want, eventIDs(evs)); diff != "" {
					t.Errorf("%s: stream resumed after %d: event IDs (-want +got):\n%s", tn.name, from, diff)
				}
			}
		}
	})

	t.Run("StreamLive", func(t *testing.T) {
		// Streams open while every tenant works see their own events only.
		streams := make([]*sseStream, len(ts))
		for i, tn := range ts {
			streams[i] = tn.stream(t, "", "")
		}
		for _, tn := range ts {
			tn.task(t, "noise", nil)
		}
		markers := make([]string, len(ts))
		for i, tn := range ts {
			markers[i] = tn.mark(t)
		}
		for i, tn := range ts {
			evs := streams[i].until(t, markers[i])
			tn.wantOwn(t, "live stream", evs)
			if len(evs) < 2 {
				t.Errorf("%s: live stream got %d events, want its noise task's and its marker's", tn.name, len(evs))
			}
		}
	})

	t.Run("StreamInstanceFilter", func(t *testing.T) {
		// Naming one's own instance (ID or ARN) filters one's events.
		for _, tn := range ts {
			marker := tn.mark(t)
			for _, ref := range []string{tn.inst, tn.instARN} {
				evs := tn.stream(t, "?instanceId="+url.QueryEscape(ref), "0").until(t, marker)
				tn.wantOwn(t, "stream of its own instance", evs)
			}
		}
		// Another tenant's instance, by ID or ARN, streams nothing, as an
		// instance that does not exist; so does an ARN that carries one's
		// own instance ID but names another account, region or partition.
		// Neither the replay (Last-Event-ID 0) nor new events.
		type quietStream struct {
			what string
			st   *sseStream
		}
		var quiet []quietStream
		for _, tn := range others {
			for name, ref := range map[string]string{"ID": victim.inst, "ARN": victim.instARN} {
				quiet = append(quiet, quietStream{tn.name + ": the stream of " + victim.name + "'s instance " + name,
					tn.stream(t, "?instanceId="+url.QueryEscape(ref), "0")})
			}
		}
		for _, tn := range ts {
			for name, ref := range tn.foreignARNs() {
				quiet = append(quiet, quietStream{tn.name + ": the stream of its instance ID in the ARN " + ref + " (" + name + ")",
					tn.stream(t, "?instanceId="+url.QueryEscape(ref), "0")})
			}
		}
		for _, tn := range ts {
			tn.mark(t)
		}
		time.Sleep(time.Second) // what would leak has long arrived by then
		for _, q := range quiet {
			if evs := q.st.drain(); len(evs) > 0 {
				t.Errorf("%s sent %d events, want none", q.what, len(evs))
			}
			q.st.cancel()
		}
	})

	t.Run("AdminAPI", func(t *testing.T) {
		agentPath := func(inst string) string {
			return "instances/" + url.PathEscape(inst) + "/agents/" + victim.agent + "/contacts"
		}
		flowLogs := "contacts/" + victim.work + "/flow-logs"
		for _, tn := range others {
			for name, inst := range map[string]string{"ID": victim.inst, "ARN": victim.instARN} {
				t.Run(tn.name+"/Victim"+name, func(t *testing.T) {
					wantAdminError(t, tn.admin(t, http.MethodGet, agentPath(inst), nil), "ResourceNotFoundException", 404)
					for _, action := range []string{"accept", "reject", "complete"} {
						r := tn.admin(t, http.MethodPost, agentPath(inst)+"/"+victim.work+"/"+action, nil)
						wantAdminError(t, r, "ResourceNotFoundException", 404)
					}
					r := tn.admin(t, http.MethodGet, "instances/"+url.PathEscape(inst)+"/"+flowLogs, nil)
					wantAdminError(t, r, "ResourceNotFoundException", 404)
				})
			}
			// Its own instance does not hold the victim's contacts or agent.
			t.Run(tn.name+"/OwnInstance", func(t *testing.T) {
				wantAdminError(t, tn.admin(t, http.MethodGet, "instances/"+tn.inst+"/agents/"+victim.agent+"/contacts", nil),
					"ResourceNotFoundException", 404)
				wantAdminError(t, tn.admin(t, http.MethodGet, "instances/"+tn.inst+"/"+flowLogs, nil),
					"ResourceNotFoundException", 404)
				wantAdminError(t, tn.admin(t, http.MethodPost, "instances/"+tn.inst+"/agents/"+tn.agent+"/contacts/"+victim.work+"/accept", nil),
					"ResourceNotFoundException", 404)
			})
		}
		// An ARN of another account, region or partition with one's own
		// instance ID names nothing.
		for _, tn := range ts {
			for name, arn := range tn.foreignARNs() {
				t.Run(tn.name+"/"+name, func(t *testing.T) {
					base := "instances/" + url.PathEscape(arn) + "/"
					wantAdminError(t, tn.admin(t, http.MethodGet, base+"agents/"+tn.agent+"/contacts", nil), "ResourceNotFoundException", 404)
					wantAdminError(t, tn.admin(t, http.MethodGet, base+"contacts/"+tn.work+"/flow-logs", nil), "ResourceNotFoundException", 404)
					wantAdminError(t, tn.admin(t, http.MethodPost, base+"agents/"+tn.agent+"/contacts/"+tn.work+"/reject", nil),
						"ResourceNotFoundException", 404)
				})
			}
		}
		// Nothing was done to anyone's task, and each sees its own.
		for _, tn := range ts {
			if got := tn.agentStates(t, tn.instARN); !slices.Equal(got, []string{"CONNECTING"}) {
				t.Errorf("%s: agent contacts %v, want the work task still offered", tn.name, got)
			}
			var out struct{ Entries []adminFlowLogEntry }
			tn.admin(t, http.MethodGet, "instances/"+tn.inst+"/contacts/"+tn.work+"/flow-logs", nil).decode(t, "flow logs", &out)
			if len(out.Entries) == 0 {
				t.Errorf("%s: its own work task has no flow log", tn.name)
			}
		}
	})

	t.Run("ConnectAPI", func(t *testing.T) {
		search := func(tn *isoTenant, inst string) error {
			_, err := tn.c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: &inst,
				TimeRange: wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp)})
			return err
		}
		describe := func(tn *isoTenant, inst, contact string) error {
			_, err := tn.c.DescribeContact(ctx(t), &connect.DescribeContactInput{InstanceId: &inst, ContactId: &contact})
			return err
		}
		refs := func(tn *isoTenant, inst, contact string) error {
			_, err := tn.c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{InstanceId: &inst,
				ContactId: &contact, ReferenceTypes: []types.ReferenceType{types.ReferenceTypeUrl}})
			return err
		}
		for _, tn := range others {
			for name, inst := range map[string]string{"ID": victim.inst, "ARN": victim.instARN} {
				t.Run(tn.name+"/Victim"+name, func(t *testing.T) {
					wantNotFound(t, "DescribeContact", describe(tn, inst, victim.work))
					wantNotFound(t, "ListContactReferences", refs(tn, inst, victim.work))
					wantNotFound(t, "SearchContacts", search(tn, inst))
				})
			}
			t.Run(tn.name+"/OwnInstance", func(t *testing.T) {
				wantNotFound(t, "DescribeContact", describe(tn, tn.inst, victim.work))
				wantNotFound(t, "ListContactReferences", refs(tn, tn.inst, victim.work))
			})
		}
		for _, tn := range ts {
			for name, arn := range tn.foreignARNs() {
				t.Run(tn.name+"/"+name, func(t *testing.T) {
					_, err := tn.c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: &arn})
					wantNotFound(t, "DescribeInstance", err)
					wantNotFound(t, "DescribeContact", describe(tn, arn, tn.work))
					wantNotFound(t, "ListContactReferences", refs(tn, arn, tn.work))
					wantNotFound(t, "SearchContacts", search(tn, arn))
				})
			}
			// Its own instance ARN still works.
			if err := describe(tn, tn.instARN, tn.work); err != nil {
				t.Errorf("%s: DescribeContact by its own instance ARN: %v", tn.name, err)
			}
		}
	})

	t.Run("Clock", func(t *testing.T) {
		// Advancing the (shared) manual clock wakes every tenant's due
		// work, but reports only the caller's.
		var clk struct{ Now float64 }
		ts[0].admin(t, http.MethodGet, "clock", nil).decode(t, "GET clock", &clk)
		now := epochTime(clk.Now)
		due := now.Add(time.Hour).Truncate(time.Second)
		for _, tn := range ts {
			tn.task(t, "scheduled", &due)
		}
		var out struct{ ContactsWoken int }
		ts[1].admin(t, http.MethodPost, "clock", map[string]any{"AdvanceSeconds": 2 * 3600}).decode(t, "advance clock", &out)
		if out.ContactsWoken > 1 {
			t.Errorf("%s: ContactsWoken = %d, want at most its own scheduled task (1)", ts[1].name, out.ContactsWoken)
		}
	})
}
