package e2e

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// The life of a task, end to end: its flow, its queue, an agent's
// workspace, expiry and quotas, on the real binary. Most tests run on the
// manual clock (--clock manual), where every timestamp is known exactly:
// the clock's reading (milliseconds) plus the whole seconds it was moved.

const day = 24 * time.Hour

// defaultFlowSteps is the log of one run of the Default task flow.
var defaultFlowSteps = []string{
	"set-queue UpdateContactTargetQueue -> NextAction transfer",
	"transfer TransferContactToQueue -> End",
}

func TestLifecycleImmediateTask(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false)
	s := e.s

	before := time.Now().Truncate(time.Millisecond)
	id := startTask(t, e.c, s, "now")
	after := time.Now()

	got := describe(t, e.c, s, id)
	at := aws.ToTime(got.InitiationTimestamp)
	if at.Before(before) || at.After(after) {
		t.Errorf("InitiationTimestamp %v is not within [%v, %v]", at, before, after)
	}
	// The flow runs, and queues the task, as it starts.
	want := queued(e.task(id, "now"), e.queue, 5, at)
	want.InitiationTimestamp, want.LastUpdateTimestamp = aws.Time(at), aws.Time(at)
	e.wantContact(t, want)

	log := s.flowLog(t, id)
	if diff := cmp.Diff(defaultFlowSteps, flowSteps(t, log, at)); diff != "" {
		t.Errorf("flow log (-want +got):\n%s", diff)
	}
	for _, entry := range log {
		if entry.ContactFlowId != s.TaskFlowID || entry.ContactFlowName != "Default task flow" {
			t.Errorf("flow log entry names flow %s %q, want %s \"Default task flow\"", entry.ContactFlowId, entry.ContactFlowName, s.TaskFlowID)
		}
	}
	if len(log) > 0 {
		if diff := cmp.Diff(map[string]string{"QueueId": e.qARN}, log[0].Parameters); diff != "" {
			t.Errorf("set-queue parameters (-want +got):\n%s", diff)
		}
	}

	// The clock is the real one, and cannot be moved.
	now, mode := s.clock(t)
	if mode != "real" || now.Before(before) || now.After(time.Now()) {
		t.Errorf("GET clock = %v %s, want the real time", now, mode)
	}
	wantAdminError(t, s.admin(t, http.MethodPost, "clock", map[string]any{"AdvanceSeconds": 60}), "InvalidRequestException", 400)
	e.wantContact(t, want)

	// Refusals of the admin API.
	user := e.user(t, "nobody-works")
	for _, tc := range []struct {
		name, method, path string
		code               string
		status             int
	}{
		{"flow logs of an unknown contact", http.MethodGet, "instances/" + e.inst + "/contacts/" + missingID + "/flow-logs", "ResourceNotFoundException", 404},
		{"flow logs in an unknown instance", http.MethodGet, "instances/" + missingID + "/contacts/" + id + "/flow-logs", "ResourceNotFoundException", 404},
		{"contacts of an unknown agent", http.MethodGet, "instances/" + e.inst + "/agents/" + missingID + "/contacts", "ResourceNotFoundException", 404},
		{"accept by an unknown agent", http.MethodPost, "instances/" + e.inst + "/agents/" + missingID + "/contacts/" + id + "/accept", "ResourceNotFoundException", 404},
		{"accept of a task not offered", http.MethodPost, "instances/" + e.inst + "/agents/" + user + "/contacts/" + id + "/accept", "ConflictException", 409},
		{"complete of a task not connected", http.MethodPost, "instances/" + e.inst + "/agents/" + user + "/contacts/" + id + "/complete", "ConflictException", 409},
		{"unknown endpoint", http.MethodGet, "instances/" + e.inst + "/nothing", "UnknownOperationException", 404},
		// The event stream's refusals have the same shape as the others.
		{"event stream of two instances", http.MethodGet, "events?instanceId=a&instanceId=b", "InvalidParameterException", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantAdminError(t, s.admin(t, tc.method, tc.path, nil), tc.code, tc.status)
		})
	}
	e.wantContact(t, want)
}

func TestLifecycleScheduledManualClock(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false, "--clock", "manual")
	s := e.s
	t0, mode := s.clock(t)
	if mode != "manual" {
		t.Fatalf("clock mode = %s, want manual", mode)
	}

	// Three scheduled tasks: one that runs five days ahead, one moved from
	// two days to three, and one stopped before it starts.
	five := startTask(t, e.c, s, "five days", withSchedule(t0.Add(5*day)))
	moved := startTask(t, e.c, s, "moved", withSchedule(t0.Add(2*day)))
	stopped := startTask(t, e.c, s, "stopped", withSchedule(t0.Add(day)))

	wantFive := e.task(five, "five days")
	wantFive.InitiationTimestamp, wantFive.LastUpdateTimestamp = aws.Time(t0), aws.Time(t0)
	wantFive.ScheduledTimestamp = aws.Time(t0.Add(5 * day))
	e.wantContact(t, wantFive) // SCHEDULED: no queue, not connected to the system
	if log := s.flowLog(t, five); len(log) != 0 {
		t.Errorf("a scheduled task's flow ran: %v", flowSteps(t, log, time.Time{}))
	}

	if _, err := e.c.UpdateContactSchedule(ctx(t), &connect.UpdateContactScheduleInput{InstanceId: &e.inst, ContactId: &moved,
		ScheduledTime: aws.Time(t0.Add(3 * day))}); err != nil {
		t.Fatal(err)
	}
	wantMoved := e.task(moved, "moved")
	wantMoved.InitiationTimestamp, wantMoved.LastUpdateTimestamp = aws.Time(t0), aws.Time(t0)
	wantMoved.ScheduledTimestamp = aws.Time(t0.Add(3 * day))
	e.wantContact(t, wantMoved)

	stopContact(t, e.c, s, stopped)
	wantStopped := e.task(stopped, "stopped")
	wantStopped.InitiationTimestamp, wantStopped.LastUpdateTimestamp = aws.Time(t0), aws.Time(t0)
	wantStopped.ScheduledTimestamp = aws.Time(t0.Add(day))
	wantStopped.DisconnectTimestamp, wantStopped.DisconnectReason = aws.Time(t0), aws.String("API")
	e.wantContact(t, wantStopped)

	// Refusals on the manual clock: the schedule window follows it.
	for _, tc := range []struct {
		name   string
		err    error
		code   string
		status int
	}{
		{"UpdateContactSchedule of a stopped task", func() error {
			_, err := e.c.UpdateContactSchedule(ctx(t), &connect.UpdateContactScheduleInput{InstanceId: &e.inst, ContactId: &stopped, ScheduledTime: aws.Time(t0.Add(2 * day))})
			return err
		}(), "InvalidRequestException", 400},
		{"StopContact twice", func() error {
			_, err := e.c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: &e.inst, ContactId: &stopped})
			return err
		}(), "InvalidRequestException", 400},
		{"StartTaskContact beyond six days of the clock", func() error {
			_, err := e.c.StartTaskContact(ctx(t), s.taskInput("too far", withSchedule(t0.Add(6*day+time.Minute))))
			return err
		}(), "InvalidRequestException", 400},
	} {
		t.Log(tc.name)
		wantAPIError(t, tc.err, tc.code, tc.status)
	}
	for _, tc := range []struct {
		name string
		body any
	}{
		{"negative", map[string]any{"AdvanceSeconds": -1}},
		{"missing", map[string]any{}},
		{"unknown member", map[string]any{"AdvanceSeconds": 1, "Days": 1}},
		{"not a number", map[string]any{"AdvanceSeconds": "60"}},
		{"over 30 years", map[string]any{"AdvanceSeconds": 2e9}},
	} {
		t.Log("advance:", tc.name)
		wantAdminError(t, s.admin(t, http.MethodPost, "clock", tc.body), "InvalidParameterException", 400)
	}
	if now, _ := s.clock(t); !now.Equal(t0) {
		t.Fatalf("refused advances moved the clock to %v (from %v)", now, t0)
	}

	// Day 1: the stopped task's time passes; it never starts.
	s.advanceWoken(t, day, 0)
	e.wantContact(t, wantStopped)
	if log := s.flowLog(t, stopped); len(log) != 0 {
		t.Errorf("the stopped task's flow ran: %v", flowSteps(t, log, time.Time{}))
	}
	// Day 2: the moved task's old time; it waits.
	s.advanceWoken(t, day, 0)
	e.wantContact(t, wantMoved)
	// Day 3: it starts, runs the default flow and is queued.
	t3 := s.advanceWoken(t, day, 1)
	if !t3.Equal(t0.Add(3 * day)) {
		t.Fatalf("clock = %v after three days, want %v", t3, t0.Add(3*day))
	}
	wantMoved = queued(wantMoved, e.queue, 5, t3)
	wantMoved.LastUpdateTimestamp = aws.Time(t3)
	e.wantContact(t, wantMoved)
	if diff := cmp.Diff(defaultFlowSteps, flowSteps(t, s.flowLog(t, moved), t3)); diff != "" {
		t.Errorf("flow log (-want +got):\n%s", diff)
	}
	// A running task cannot be rescheduled.
	_, err := e.c.UpdateContactSchedule(ctx(t), &connect.UpdateContactScheduleInput{InstanceId: &e.inst, ContactId: &moved, ScheduledTime: aws.Time(t3.Add(day))})
	wantAPIError(t, err, "InvalidRequestException", 400)

	// Five days less a second: not yet.
	s.advanceWoken(t, 2*day-time.Second, 0)
	e.wantContact(t, wantFive)
	t5 := s.advanceWoken(t, time.Second, 1)
	wantFive = queued(wantFive, e.queue, 5, t5)
	wantFive.LastUpdateTimestamp = aws.Time(t5)
	e.wantContact(t, wantFive) // ScheduledTimestamp kept
	if diff := cmp.Diff(defaultFlowSteps, flowSteps(t, s.flowLog(t, five), t5)); diff != "" {
		t.Errorf("flow log (-want +got):\n%s", diff)
	}

	// Now the real clock is five days in the past of connectd's.
	_, err = e.c.StartTaskContact(ctx(t), s.taskInput("in the past", withSchedule(time.Now().Add(time.Hour))))
	wantAPIError(t, err, "InvalidRequestException", 400)
	// Nothing else happens when time moves on.
	s.advanceWoken(t, time.Hour, 0)
	e.wantContact(t, wantFive)
	e.wantContact(t, wantMoved)
	e.wantContact(t, wantStopped)
}

func TestLifecycleAgentWorkspace(t *testing.T) {
	t.Parallel()
	// Strict: the admin API verifies signatures like the rest.
	e := lifeSetup(t, true, "--clock", "manual")
	s := e.s
	t0, _ := s.clock(t)
	agent := e.user(t, "agent-one") // Basic Routing Profile: BasicQueue, TASK concurrency 1; Offline

	a := startTask(t, e.c, s, "A")
	wantA := queued(e.task(a, "A"), e.queue, 5, t0)
	wantA.InitiationTimestamp, wantA.LastUpdateTimestamp = aws.Time(t0), aws.Time(t0)
	e.wantContact(t, wantA)
	s.wantAgent(t, agent) // offline: nothing is offered

	// Available: the task is offered; the agent has not accepted it yet.
	t1 := s.advanceWoken(t, 10*time.Second, 0)
	e.setStatus(t, agent, e.available)
	list := s.agentContacts(t, agent)
	wantList := []adminAgentContact{{ContactId: a, ContactArn: aws.ToString(wantA.Arn), Channel: "TASK", InitiationMethod: "API",
		Name: "A", AgentContactState: "CONNECTING", QueueId: e.queue, EnqueueTimestamp: aws.Float64(float64(t0.UnixMilli()) / 1000)}}
	if diff := cmp.Diff(wantList, list); diff != "" {
		t.Errorf("agent contacts (-want +got):\n%s", diff)
	}
	wantA.LastUpdateTimestamp = aws.Time(t1)
	e.wantContact(t, wantA) // no AgentInfo until accepted

	// Concurrency 1: a second task waits.
	b := startTask(t, e.c, s, "B")
	wantB := queued(e.task(b, "B"), e.queue, 5, t1)
	wantB.InitiationTimestamp, wantB.LastUpdateTimestamp = aws.Time(t1), aws.Time(t1)
	e.wantContact(t, wantB)
	s.wantAgent(t, agent, "A CONNECTING")

	// Reject: A goes back to its queue, keeping its place.
	t2 := s.advanceWoken(t, 10*time.Second, 0)
	s.agentDo(t, agent, a, "reject")
	wantA.LastUpdateTimestamp = aws.Time(t2)
	e.wantContact(t, wantA)
	s.wantAgent(t, agent)
	// The agent sets their status again: A (the older) is offered first.
	e.setStatus(t, agent, e.offline)
	e.setStatus(t, agent, e.available)
	s.wantAgent(t, agent, "A CONNECTING")

	// Accept: connected.
	t3 := s.advanceWoken(t, 10*time.Second, 0)
	s.agentDo(t, agent, a, "accept")
	wantA.AgentInfo = &types.AgentInfo{Id: aws.String(agent), ConnectedToAgentTimestamp: aws.Time(t3)}
	wantA.LastUpdateTimestamp = aws.Time(t3)
	e.wantContact(t, wantA)
	list = s.agentContacts(t, agent)
	if len(list) != 1 || list[0].AgentContactState != "CONNECTED" || list[0].ConnectedToAgentTimestamp == nil ||
		!epochTime(*list[0].ConnectedToAgentTimestamp).Equal(t3) {
		t.Errorf("agent contacts after accept = %+v", list)
	}

	// Pause: A keeps its agent but frees the slot, so B is offered.
	t4 := s.advanceWoken(t, 10*time.Second, 0)
	if _, err := e.c.PauseContact(ctx(t), &connect.PauseContactInput{InstanceId: &e.inst, ContactId: &a}); err != nil {
		t.Fatal(err)
	}
	wantA.LastPausedTimestamp, wantA.LastUpdateTimestamp = aws.Time(t4), aws.Time(t4)
	wantA.TotalPauseCount, wantA.TotalPauseDurationInSeconds = aws.Int32(1), aws.Int32(0)
	e.wantContact(t, wantA)
	s.wantAgent(t, agent, "A PAUSED", "B CONNECTING")

	// Resume after 90 s.
	t5 := s.advanceWoken(t, 90*time.Second, 0)
	if _, err := e.c.ResumeContact(ctx(t), &connect.ResumeContactInput{InstanceId: &e.inst, ContactId: &a}); err != nil {
		t.Fatal(err)
	}
	wantA.LastResumedTimestamp, wantA.LastUpdateTimestamp = aws.Time(t5), aws.Time(t5)
	wantA.TotalPauseDurationInSeconds = aws.Int32(90)
	wantA.AgentInfo.AgentPauseDurationInSeconds = aws.Int32(90)
	e.wantContact(t, wantA)
	s.wantAgent(t, agent, "A CONNECTED", "B CONNECTING")

	// Refusals while A is connected and B offered.
	runErrCases(t, []agErrCase{
		{"ResumeContact of a connected task", func(t *testing.T) error {
			_, err := e.c.ResumeContact(ctx(t), &connect.ResumeContactInput{InstanceId: &e.inst, ContactId: &a})
			return err
		}, "ConflictException", 409},
		{"PauseContact of an offered task", func(t *testing.T) error {
			_, err := e.c.PauseContact(ctx(t), &connect.PauseContactInput{InstanceId: &e.inst, ContactId: &b})
			return err
		}, "ConflictException", 409},
		{"PauseContact of an unknown task", func(t *testing.T) error {
			_, err := e.c.PauseContact(ctx(t), &connect.PauseContactInput{InstanceId: &e.inst, ContactId: aws.String(missingID)})
			return err
		}, "ResourceNotFoundException", 404},
	})
	for _, tc := range []struct {
		name, contact, action string
	}{
		{"accept a connected task", a, "accept"},
		{"reject a connected task", a, "reject"},
		{"complete an offered task", b, "complete"},
	} {
		t.Log(tc.name)
		wantAdminError(t, s.agentAction(t, agent, tc.contact, tc.action), "ConflictException", 409)
	}
	e.wantContact(t, wantA)

	// Complete: ENDED by the agent.
	t6 := s.advanceWoken(t, 10*time.Second, 0)
	s.agentDo(t, agent, a, "complete")
	wantA.DisconnectTimestamp, wantA.DisconnectReason, wantA.LastUpdateTimestamp = aws.Time(t6), aws.String("AGENT_DISCONNECT"), aws.Time(t6)
	e.wantContact(t, wantA)
	s.wantAgent(t, agent, "B CONNECTING")
	wantAdminError(t, s.agentAction(t, agent, a, "complete"), "ConflictException", 409)
	_, err := e.c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: &e.inst, ContactId: &a})
	wantAPIError(t, err, "InvalidRequestException", 400)
	_, err = e.c.PauseContact(ctx(t), &connect.PauseContactInput{InstanceId: &e.inst, ContactId: &a})
	wantAPIError(t, err, "ConflictException", 409)

	// B: accepted, then stopped through the API while connected.
	s.agentDo(t, agent, b, "accept")
	stopContact(t, e.c, s, b)
	wantB.AgentInfo = &types.AgentInfo{Id: aws.String(agent), ConnectedToAgentTimestamp: aws.Time(t6)}
	wantB.DisconnectTimestamp, wantB.DisconnectReason, wantB.LastUpdateTimestamp = aws.Time(t6), aws.String("API"), aws.Time(t6)
	e.wantContact(t, wantB)
	s.wantAgent(t, agent)

	// The admin API is authenticated like the rest; the manual clock does
	// not move the time signatures are checked against.
	wantRawError(t, rawRequest(t, s, http.MethodPost, "/_connectd/v1/clock", `{"AdvanceSeconds":1}`), "MissingAuthenticationTokenException", 403)
	wantRawError(t, authRawSigned(t, s, http.MethodPost, "/_connectd/v1/clock", `{"AdvanceSeconds":1}`, lifeKey, "not-the-secret", time.Now()),
		"InvalidSignatureException", 403)
	wantRawError(t, authRawSigned(t, s, http.MethodGet, "/_connectd/v1/instances/"+e.inst+"/agents/"+agent+"/contacts", "", "AKIDNOBODY", "x", time.Now()),
		"UnrecognizedClientException", 403)
	if now, _ := s.clock(t); !now.Equal(t6) {
		t.Errorf("clock = %v after refused advances, want %v", now, t6)
	}
	s.advanceWoken(t, 3*day, 0)
	e.wantContact(t, wantA)
}

func TestLifecycleAgentConcurrency(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false, "--clock", "manual")
	s := e.s
	one := e.user(t, "one-at-a-time") // TASK concurrency 1
	e.setStatus(t, one, e.available)

	ids := map[string]string{}
	for i, name := range []string{"T1", "T2", "T3"} {
		s.advanceWoken(t, time.Second, 0) // distinct enqueue times: T1 is the oldest
		ids[name] = startTask(t, e.c, s, name)
		if i == 0 {
			s.wantAgent(t, one, "T1 CONNECTING") // offered as it is queued
		}
	}
	s.wantAgent(t, one, "T1 CONNECTING")
	for i, name := range []string{"T1", "T2", "T3"} {
		s.agentDo(t, one, ids[name], "accept")
		if i < 2 {
			// Connected: still one task; the next waits until this one ends.
			s.wantAgent(t, one, name+" CONNECTED")
		}
		s.agentDo(t, one, ids[name], "complete")
		if i < 2 {
			s.wantAgent(t, one, fmt.Sprintf("T%d CONNECTING", i+2))
		}
	}
	s.wantAgent(t, one)
	for name, id := range ids {
		if c := describe(t, e.c, s, id); aws.ToString(c.DisconnectReason) != "AGENT_DISCONNECT" || aws.ToString(c.AgentInfo.Id) != one {
			t.Errorf("%s: DisconnectReason %s, AgentInfo %+v", name, aws.ToString(c.DisconnectReason), c.AgentInfo)
		}
	}

	// A profile with TASK concurrency 2 takes two at a time.
	rp, err := e.c.CreateRoutingProfile(ctx(t), &connect.CreateRoutingProfileInput{InstanceId: &e.inst, Name: aws.String("Two tasks"),
		Description: aws.String("two tasks at a time"), DefaultOutboundQueueId: &e.queue,
		MediaConcurrencies: []types.MediaConcurrency{concurrency(types.ChannelTask, 2)},
		QueueConfigs:       []types.RoutingProfileQueueConfig{qcfg(e.queue, types.ChannelTask, 1, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	e.setStatus(t, one, e.offline) // out of the way
	two := e.user(t, "two-at-a-time", func(in *connect.CreateUserInput) { in.RoutingProfileId = rp.RoutingProfileId })
	var more []string
	for _, name := range []string{"U1", "U2", "U3"} {
		s.advanceWoken(t, time.Second, 0)
		more = append(more, startTask(t, e.c, s, name))
	}
	s.wantAgent(t, two) // offline
	s.wantAgent(t, one)
	e.setStatus(t, two, e.available)
	s.wantAgent(t, two, "U1 CONNECTING", "U2 CONNECTING")
	s.agentDo(t, two, more[1], "accept")
	s.agentDo(t, two, more[1], "complete")
	s.wantAgent(t, two, "U1 CONNECTING", "U3 CONNECTING")

	// Offline: nothing new is offered; what the agent holds stays.
	e.setStatus(t, two, e.offline)
	t4 := s.advanceWoken(t, time.Second, 0)
	u4 := startTask(t, e.c, s, "U4")
	s.agentDo(t, two, more[0], "accept")
	s.agentDo(t, two, more[0], "complete")
	s.wantAgent(t, two, "U3 CONNECTING")
	wantU4 := queued(e.task(u4, "U4"), e.queue, 5, t4)
	wantU4.InitiationTimestamp, wantU4.LastUpdateTimestamp = aws.Time(t4), aws.Time(t4)
	e.wantContact(t, wantU4)
	e.setStatus(t, two, e.available)
	s.wantAgent(t, two, "U3 CONNECTING", "U4 CONNECTING")

	// A rejected task is offered to the next available agent.
	e.setStatus(t, one, e.available)
	s.wantAgent(t, one) // nothing waits
	s.agentDo(t, two, more[2], "reject")
	s.wantAgent(t, two, "U4 CONNECTING")
	s.wantAgent(t, one, "U3 CONNECTING")
}

func TestLifecycleAutoAccept(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false, "--clock", "manual")
	s := e.s
	t0, _ := s.clock(t)
	agent := e.user(t, "auto")
	if _, err := e.c.UpdateUserConfig(ctx(t), &connect.UpdateUserConfigInput{InstanceId: &e.inst, UserId: &agent,
		AutoAcceptConfigs: []types.AutoAcceptConfig{{Channel: types.ChannelTask, AutoAccept: true}}}); err != nil {
		t.Fatal(err)
	}
	waiting := startTask(t, e.c, s, "waiting")
	s.wantAgent(t, agent)

	// Available: the waiting task is connected at once, with no offer.
	t1 := s.advanceWoken(t, 30*time.Second, 0)
	e.setStatus(t, agent, e.available)
	want := queued(e.task(waiting, "waiting"), e.queue, 5, t0)
	want.InitiationTimestamp, want.LastUpdateTimestamp = aws.Time(t0), aws.Time(t1)
	want.AgentInfo = &types.AgentInfo{Id: aws.String(agent), ConnectedToAgentTimestamp: aws.Time(t1)}
	e.wantContact(t, want)
	s.wantAgent(t, agent, "waiting CONNECTED")
	wantAdminError(t, s.agentAction(t, agent, waiting, "accept"), "ConflictException", 409)

	// Completed; the next task is connected as it is started.
	t2 := s.advanceWoken(t, 30*time.Second, 0)
	s.agentDo(t, agent, waiting, "complete")
	next := startTask(t, e.c, s, "next")
	wantNext := queued(e.task(next, "next"), e.queue, 5, t2)
	wantNext.InitiationTimestamp, wantNext.LastUpdateTimestamp = aws.Time(t2), aws.Time(t2)
	wantNext.AgentInfo = &types.AgentInfo{Id: aws.String(agent), ConnectedToAgentTimestamp: aws.Time(t2)}
	e.wantContact(t, wantNext)
	s.wantAgent(t, agent, "next CONNECTED")

	// A connected task that expires frees its agent: the waiting one is
	// connected at once.
	t3 := s.advanceWoken(t, time.Minute, 0)
	third := startTask(t, e.c, s, "third")
	s.wantAgent(t, agent, "next CONNECTED")
	t4 := s.advanceWoken(t, 7*day-time.Minute, 1)
	wantNext.DisconnectTimestamp, wantNext.DisconnectReason, wantNext.LastUpdateTimestamp = aws.Time(t4), aws.String("EXPIRED"), aws.Time(t4)
	e.wantContact(t, wantNext)
	wantThird := queued(e.task(third, "third"), e.queue, 5, t3)
	wantThird.InitiationTimestamp, wantThird.LastUpdateTimestamp = aws.Time(t3), aws.Time(t4)
	wantThird.AgentInfo = &types.AgentInfo{Id: aws.String(agent), ConnectedToAgentTimestamp: aws.Time(t4)}
	e.wantContact(t, wantThird)
	s.wantAgent(t, agent, "third CONNECTED")
}

// expiryMinutes is the connect:ContactExpiry segment attribute.
func expiryMinutes(m int32) map[string]types.SegmentAttributeValue {
	return map[string]types.SegmentAttributeValue{"connect:ContactExpiry": {ValueMap: map[string]types.SegmentAttributeValue{
		"ExpiryDuration": {ValueInteger: aws.Int32(m)}}}}
}

func TestLifecycleExpiry(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false, "--clock", "manual")
	s := e.s
	t0, _ := s.clock(t)
	started := func(id, name string, at time.Time) types.Contact {
		c := queued(e.task(id, name), e.queue, 5, at)
		c.InitiationTimestamp, c.LastUpdateTimestamp = aws.Time(at), aws.Time(at)
		return c
	}
	expired := func(c types.Contact, at time.Time) types.Contact {
		c.DisconnectTimestamp, c.DisconnectReason, c.LastUpdateTimestamp = aws.Time(at), aws.String("EXPIRED"), aws.Time(at)
		return c
	}

	week := startTask(t, e.c, s, "a week")
	wantWeek := started(week, "a week", t0)
	hour := startTask(t, e.c, s, "an hour", func(in *connect.StartTaskContactInput) { in.SegmentAttributes = expiryMinutes(60) })
	wantHour := started(hour, "an hour", t0)
	wantHour.SegmentAttributes = expiryMinutes(60)
	// A scheduled task's expiry counts from its start.
	later := startTask(t, e.c, s, "later", withSchedule(t0.Add(time.Hour)),
		func(in *connect.StartTaskContactInput) { in.SegmentAttributes = expiryMinutes(60) })
	// A task whose expiry is changed while it runs.
	changed := startTask(t, e.c, s, "changed")
	wantChanged := started(changed, "changed", t0)

	s.advanceWoken(t, 59*time.Minute, 0)
	e.wantContact(t, wantHour)
	t60 := s.advanceWoken(t, time.Minute, 2) // "an hour" expires, "later" starts
	wantHour = expired(wantHour, t60)
	e.wantContact(t, wantHour)
	wantLater := started(later, "later", t60)
	wantLater.InitiationTimestamp, wantLater.ScheduledTimestamp = aws.Time(t0), aws.Time(t0.Add(time.Hour))
	wantLater.SegmentAttributes = expiryMinutes(60)
	e.wantContact(t, wantLater)

	s.advanceWoken(t, time.Hour-time.Second, 0)
	e.wantContact(t, wantLater)
	t120 := s.advanceWoken(t, time.Second, 1)
	wantLater = expired(wantLater, t120)
	e.wantContact(t, wantLater)

	// Three hours from its start, set at two hours.
	if _, err := e.c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: &e.inst, ContactId: &changed,
		SegmentAttributes: expiryMinutes(180)}); err != nil {
		t.Fatal(err)
	}
	wantChanged.SegmentAttributes, wantChanged.LastUpdateTimestamp = expiryMinutes(180), aws.Time(t120)
	e.wantContact(t, wantChanged)
	s.advanceWoken(t, time.Hour-time.Second, 0)
	e.wantContact(t, wantChanged)
	t180 := s.advanceWoken(t, time.Second, 1)
	wantChanged = expired(wantChanged, t180)
	e.wantContact(t, wantChanged)

	// Seven days after its start, the plain task expires too.
	s.advanceWoken(t, 7*day-3*time.Hour-time.Second, 0)
	e.wantContact(t, wantWeek)
	t7 := s.advanceWoken(t, time.Second, 1)
	if !t7.Equal(t0.Add(7 * day)) {
		t.Fatalf("clock = %v, want %v", t7, t0.Add(7*day))
	}
	wantWeek = expired(wantWeek, t7)
	e.wantContact(t, wantWeek)

	_, err := e.c.StopContact(ctx(t), &connect.StopContactInput{InstanceId: &e.inst, ContactId: &week})
	wantAPIError(t, err, "InvalidRequestException", 400)
	// An expired task's flow ran once, at its start.
	if diff := cmp.Diff(defaultFlowSteps, flowSteps(t, s.flowLog(t, later), t0.Add(time.Hour))); diff != "" {
		t.Errorf("flow log (-want +got):\n%s", diff)
	}
	s.advanceWoken(t, 30*day, 0)
	for _, c := range []types.Contact{wantWeek, wantHour, wantLater, wantChanged} {
		e.wantContact(t, c)
	}
}

func TestLifecycleQuota(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false, "--active-task-quota", "2")
	s := e.s
	first := startTask(t, e.c, s, "first")
	second := startTask(t, e.c, s, "second", withSchedule(schedule(time.Hour))) // a scheduled task is an open task too
	for _, in := range []*connect.StartTaskContactInput{
		s.taskInput("third"),
		s.taskInput("third, scheduled", withSchedule(schedule(time.Hour))),
	} {
		_, err := e.c.StartTaskContact(ctx(t), in)
		wantAPIError(t, err, "ServiceQuotaExceededException", 402)
	}

	stopContact(t, e.c, s, first)
	third := startTask(t, e.c, s, "third")
	_, err := e.c.StartTaskContact(ctx(t), s.taskInput("fourth"))
	wantAPIError(t, err, "ServiceQuotaExceededException", 402)
	stopContact(t, e.c, s, second)
	stopContact(t, e.c, s, third)
	// Every task has ended: two fit again, not three.
	startTask(t, e.c, s, "fifth")
	startTask(t, e.c, s, "sixth")
	_, err = e.c.StartTaskContact(ctx(t), s.taskInput("seventh"))
	wantAPIError(t, err, "ServiceQuotaExceededException", 402)
}

// routeFlow branches on the "route" attribute: "vip" goes to queue (an ARN)
// with priority 1; anything else is disconnected.
func routeFlow(queue string) string {
	return `{"Version":"2019-10-30","StartAction":"check","Metadata":{},"Actions":[
{"Identifier":"check","Type":"Compare","Parameters":{"ComparisonValue":"$.Attributes.route"},
 "Transitions":{"NextAction":"drop","Conditions":[
  {"NextAction":"set-queue","Condition":{"Operator":"Equals","Operands":["vip"]}},
  {"NextAction":"drop","Condition":{"Operator":"Equals","Operands":["drop"]}}],
  "Errors":[{"NextAction":"drop","ErrorType":"NoMatchingCondition"}]}},
{"Identifier":"set-queue","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"` + queue + `"},
 "Transitions":{"NextAction":"priority","Errors":[{"NextAction":"drop","ErrorType":"NoMatchingError"}]}},
{"Identifier":"priority","Type":"UpdateContactRoutingBehavior","Parameters":{"QueuePriority":"1"},
 "Transitions":{"NextAction":"transfer"}},
{"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},
 "Transitions":{"NextAction":"drop","Errors":[{"NextAction":"drop","ErrorType":"QueueAtCapacity"},{"NextAction":"drop","ErrorType":"NoMatchingError"}]}},
{"Identifier":"drop","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

// createTaskFlow creates a task that runs flow (an ARN), delayed by delay
// seconds unless "", records its ID in the attribute "child", and
// disconnects.
func createTaskFlow(flow, delay string) string {
	extra := ""
	if delay != "" {
		extra = `,"DelaySeconds":"` + delay + `"`
	}
	return `{"Version":"2019-10-30","StartAction":"spawn","Metadata":{},"Actions":[
{"Identifier":"spawn","Type":"CreateTask","Parameters":{"Name":"Follow-up of $.Name","ContactFlowId":"` + flow + `",
  "Attributes":{"parent":"$.ContactId"}` + extra + `},
 "Transitions":{"NextAction":"remember","Errors":[{"NextAction":"failed","ErrorType":"NoMatchingError"}]}},
{"Identifier":"remember","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"child":"$.Task.ContactId"},"TargetContact":"Current"},
 "Transitions":{"NextAction":"end","Errors":[{"NextAction":"end","ErrorType":"NoMatchingError"}]}},
{"Identifier":"failed","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"child":"none"},"TargetContact":"Current"},
 "Transitions":{"NextAction":"end","Errors":[{"NextAction":"end","ErrorType":"NoMatchingError"}]}},
{"Identifier":"end","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}`
}

func TestLifecycleCustomFlows(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false, "--clock", "manual")
	s := e.s
	t0, _ := s.clock(t)
	vipQueue := e.queueNamed(t, "VIP")
	router := e.flow(t, "router", routeFlow(e.instARN+"/queue/"+vipQueue))
	withFlow := func(id string) func(*connect.StartTaskContactInput) {
		return func(in *connect.StartTaskContactInput) { in.ContactFlowId = aws.String(id) }
	}
	routed := func(id, name, route string) types.Contact {
		c := e.task(id, name)
		c.InitiationTimestamp, c.LastUpdateTimestamp, c.ConnectedToSystemTimestamp = aws.Time(t0), aws.Time(t0), aws.Time(t0)
		if route != "" {
			c.Attributes = map[string]string{"route": route}
		}
		return c
	}

	vip := startTask(t, e.c, s, "vip", withFlow(router), withAttributes(map[string]string{"route": "vip"}))
	wantVIP := queued(routed(vip, "vip", "vip"), vipQueue, 1, t0)
	e.wantContact(t, wantVIP)
	if diff := cmp.Diff([]string{
		"check Compare -> Condition:Equals vip set-queue",
		"set-queue UpdateContactTargetQueue -> NextAction priority",
		"priority UpdateContactRoutingBehavior -> NextAction transfer",
		"transfer TransferContactToQueue -> End",
	}, flowSteps(t, s.flowLog(t, vip), t0)); diff != "" {
		t.Errorf("vip flow log (-want +got):\n%s", diff)
	}

	for _, tc := range []struct{ name, route, branch string }{
		{"drop", "drop", "check Compare -> Condition:Equals drop drop"},
		{"other", "other", "check Compare -> Error:NoMatchingCondition drop (no condition matched \"other\")"},
		{"none", "", "check Compare -> Error:NoMatchingCondition drop (no condition matched \"\")"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := []func(*connect.StartTaskContactInput){withFlow(router)}
			if tc.route != "" {
				opts = append(opts, withAttributes(map[string]string{"route": tc.route}))
			}
			id := startTask(t, e.c, s, tc.name, opts...)
			want := routed(id, tc.name, tc.route)
			want.DisconnectTimestamp, want.DisconnectReason = aws.Time(t0), aws.String("CONTACT_FLOW_DISCONNECT")
			e.wantContact(t, want)
			if diff := cmp.Diff([]string{tc.branch, "drop DisconnectParticipant -> End"}, flowSteps(t, s.flowLog(t, id), t0)); diff != "" {
				t.Errorf("flow log (-want +got):\n%s", diff)
			}
		})
	}

	// Priority 1 is served before 5, whatever the age: the VIP queue is
	// added to the Basic Routing Profile beside BasicQueue.
	if _, err := e.c.AssociateRoutingProfileQueues(ctx(t), &connect.AssociateRoutingProfileQueuesInput{InstanceId: &e.inst,
		RoutingProfileId: &e.rp, QueueConfigs: []types.RoutingProfileQueueConfig{qcfg(vipQueue, types.ChannelTask, 1, 0)}}); err != nil {
		t.Fatal(err)
	}
	t1 := s.advanceWoken(t, time.Minute, 0)
	plain := startTask(t, e.c, s, "plain") // BasicQueue, priority 5, younger than vip
	agent := e.user(t, "router-agent")
	e.setStatus(t, agent, e.available)
	s.wantAgent(t, agent, "vip CONNECTING")
	s.agentDo(t, agent, vip, "accept")
	s.agentDo(t, agent, vip, "complete")
	s.wantAgent(t, agent, "plain CONNECTING")
	wantPlain := queued(e.task(plain, "plain"), e.queue, 5, t1)
	wantPlain.InitiationTimestamp, wantPlain.LastUpdateTimestamp = aws.Time(t1), aws.Time(t1)
	e.wantContact(t, wantPlain)
	e.setStatus(t, agent, e.offline)

	// CreateTask: the child task runs its own flow (the default one) and
	// is queued; the parent is disconnected by its flow.
	spawner := e.flow(t, "spawner", createTaskFlow(e.flowARN, ""))
	t2 := s.advanceWoken(t, time.Minute, 0)
	parent := startTask(t, e.c, s, "parent", withFlow(spawner))
	attrs := getAttributes(t, e.c, s, parent)
	child := attrs["child"]
	if child == "" || child == "none" {
		t.Fatalf("parent attributes = %v, want the child's ID", attrs)
	}
	wantParent := e.task(parent, "parent")
	wantParent.InitiationTimestamp, wantParent.LastUpdateTimestamp, wantParent.ConnectedToSystemTimestamp = aws.Time(t2), aws.Time(t2), aws.Time(t2)
	wantParent.DisconnectTimestamp, wantParent.DisconnectReason = aws.Time(t2), aws.String("CONTACT_FLOW_DISCONNECT")
	wantParent.Attributes = map[string]string{"child": child}
	e.wantContact(t, wantParent)
	wantChild := queued(e.task(child, "Follow-up of parent"), e.queue, 5, t2)
	wantChild.InitiationMethod = types.ContactInitiationMethodFlow
	wantChild.InitiationTimestamp, wantChild.LastUpdateTimestamp = aws.Time(t2), aws.Time(t2)
	wantChild.Attributes = map[string]string{"parent": parent}
	e.wantContact(t, wantChild)
	if diff := cmp.Diff([]string{
		"spawn CreateTask -> NextAction remember",
		"remember UpdateContactAttributes -> NextAction end",
		"end DisconnectParticipant -> End",
	}, flowSteps(t, s.flowLog(t, parent), t2)); diff != "" {
		t.Errorf("parent flow log (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(defaultFlowSteps, flowSteps(t, s.flowLog(t, child), t2)); diff != "" {
		t.Errorf("child flow log (-want +got):\n%s", diff)
	}

	// CreateTask with DelaySeconds: the child is scheduled.
	delayed := e.flow(t, "delayed spawner", createTaskFlow(e.flowARN, "3600"))
	parent2 := startTask(t, e.c, s, "parent2", withFlow(delayed))
	child2 := getAttributes(t, e.c, s, parent2)["child"]
	wantChild2 := e.task(child2, "Follow-up of parent2")
	wantChild2.InitiationMethod = types.ContactInitiationMethodFlow
	wantChild2.InitiationTimestamp, wantChild2.LastUpdateTimestamp = aws.Time(t2), aws.Time(t2)
	wantChild2.ScheduledTimestamp = aws.Time(t2.Add(time.Hour))
	wantChild2.Attributes = map[string]string{"parent": parent2}
	e.wantContact(t, wantChild2)
	t3 := s.advanceWoken(t, time.Hour, 1)
	wantChild2 = queued(wantChild2, e.queue, 5, t3)
	wantChild2.LastUpdateTimestamp = aws.Time(t3)
	e.wantContact(t, wantChild2)

	// A PUBLISHED flow with an unknown action is refused, with its problems.
	bad := `{"Version":"2019-10-30","StartAction":"x","Metadata":{},"Actions":[` +
		`{"Identifier":"x","Type":"LaunchRocket","Parameters":{},"Transitions":{}}]}`
	_, err := e.c.CreateContactFlow(ctx(t), &connect.CreateContactFlowInput{InstanceId: &e.inst, Name: aws.String("bad"),
		Type: types.ContactFlowTypeContactFlow, Status: types.ContactFlowStatusPublished, Content: aws.String(bad)})
	wantAPIError(t, err, "InvalidContactFlowException", 400)
	var icf *types.InvalidContactFlowException
	if !errors.As(err, &icf) || len(icf.Problems) == 0 {
		t.Fatalf("err = %v, want InvalidContactFlowException with problems", err)
	}
	var problems []string
	for _, p := range icf.Problems {
		problems = append(problems, aws.ToString(p.Message))
	}
	if !strings.Contains(strings.Join(problems, "; "), "LaunchRocket") {
		t.Errorf("problems %q do not name the unknown Type", problems)
	}
	flows, err := e.c.ListContactFlows(ctx(t), &connect.ListContactFlowsInput{InstanceId: &e.inst})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range flows.ContactFlowSummaryList {
		if aws.ToString(f.Name) == "bad" {
			t.Errorf("the refused flow was created: %+v", f)
		}
	}
}
