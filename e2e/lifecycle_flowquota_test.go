package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
)

// TestLifecycleQuotaFlowCreateTask: a flow's CreateTask refused by the
// quota takes its error branch, and leaves the count of active tasks as it
// was. It fails at the time of writing: change.countActive adds to the
// instance's counter before it checks the quota, and the refusal is then
// swallowed by the flow (the action's error branch), so the transaction
// commits the increment for a task that was never created: each such
// refusal loses one place for good (the counter is stored).
func TestLifecycleQuotaFlowCreateTask(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false, "--active-task-quota", "2")
	s := e.s
	first := startTask(t, e.c, s, "first")
	// One place is free: a task whose flow creates another fits, but its
	// CreateTask is refused and the parent ends.
	spawner := e.flow(t, "spawner", createTaskFlow(e.flowARN, ""))
	parent := startTask(t, e.c, s, "parent", func(in *connect.StartTaskContactInput) { in.ContactFlowId = &spawner })
	if got := getAttributes(t, e.c, s, parent)["child"]; got != "none" {
		t.Errorf("parent's child = %q, want none (CreateTask refused)", got)
	}
	if c := describe(t, e.c, s, parent); aws.ToString(c.DisconnectReason) != "CONTACT_FLOW_DISCONNECT" {
		t.Errorf("parent DisconnectReason = %s", aws.ToString(c.DisconnectReason))
	}
	log := flowSteps(t, s.flowLog(t, parent), time.Time{})
	if len(log) == 0 || !strings.HasPrefix(log[0], "spawn CreateTask -> Error:NoMatchingError failed") {
		t.Errorf("parent flow log = %q, want CreateTask's error branch first", log)
	}
	// Only "first" is active: one more task fits.
	if _, err := e.c.StartTaskContact(ctx(t), s.taskInput("second")); err != nil {
		t.Errorf("StartTaskContact with one active task of 2: %v", err)
	}
	stopContact(t, e.c, s, first)
}
