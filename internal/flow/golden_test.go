package flow

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/golden")

// IDs of the exported flows the golden scenarios load.
const (
	escalationFlow = "d4c3b2a1-0f9e-4d8c-b7a6-95f4e3d2c1b0"
	commonFlow     = "8c7b6a5f-4e3d-4c2b-a1f0-e9d8c7b6a5f4"
)

// exportedFlows are the console exports of testdata/valid the scenarios run,
// by flow ID.
var exportedFlows = map[string]struct{ file, name string }{
	escalationFlow: {"task-escalation.json", "Task - escalation router"},
	commonFlow:     {"task-common-transfer.json", "Common task transfer"},
	"route":        {"task-route-to-queue.json", "Task - route to Billing"},
	"triage":       {"task-triage.json", "Task triage"},
}

// TestGolden runs console-exported flows through scenarios and compares the
// whole outcome (contact, attributes, created tasks and log) with
// testdata/golden/<scenario>.golden. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	t.Parallel()
	night := monday10am.Add(12 * time.Hour) // 22:00 in New York
	tests := []struct {
		name  string
		flow  string
		setup func(e *fakeEnv, r *connect.FlowRun)
	}{
		{"route-to-queue", "route", nil},
		{"route-to-queue-full", "route", func(e *fakeEnv, _ *connect.FlowRun) {
			one := int32(1)
			e.queues[billingQueue].MaxContacts, e.sizes[billingQueue] = &one, 1
		}},
		{"triage-high-priority", "triage", func(_ *fakeEnv, r *connect.FlowRun) { r.Attributes["priority"] = "high" }},
		{"triage-split-to-follow-up", "triage", func(e *fakeEnv, r *connect.FlowRun) {
			r.Attributes["priority"] = "normal"
			e.percents = []int{4}
		}},
		{"triage-split-to-queue", "triage", func(e *fakeEnv, _ *connect.FlowRun) { e.percents = []int{62} }},
		{"triage-after-hours", "triage", func(e *fakeEnv, _ *connect.FlowRun) {
			e.hours[allDayHours].Config = weekdays9to5("MONDAY")
			e.now = night
		}},
		{"escalation-severity-1", escalationFlow, func(_ *fakeEnv, r *connect.FlowRun) {
			r.Contact.References["severity"] = connect.Reference{Type: connect.RefNumber, Value: "1"}
			r.Attributes["team"] = "payments"
		}},
		{"escalation-office-hours", escalationFlow, func(_ *fakeEnv, r *connect.FlowRun) {
			r.Contact.References["severity"] = connect.Reference{Type: connect.RefNumber, Value: "3"}
		}},
		{"escalation-office-full", escalationFlow, func(e *fakeEnv, r *connect.FlowRun) {
			r.Contact.References["severity"] = connect.Reference{Type: connect.RefNumber, Value: "2"}
			one := int32(1)
			e.queues[officeQueue].MaxContacts, e.sizes[officeQueue] = &one, 1
		}},
		{"escalation-all-full", escalationFlow, func(e *fakeEnv, _ *connect.FlowRun) {
			one := int32(1)
			e.queues[officeQueue].MaxContacts, e.sizes[officeQueue] = &one, 5
			e.queues[billingQueue].MaxContacts, e.sizes[billingQueue] = &one, 1
		}},
		{"escalation-after-hours", escalationFlow, func(e *fakeEnv, _ *connect.FlowRun) { e.now = night }},
		{"escalation-agent-gone", escalationFlow, func(e *fakeEnv, r *connect.FlowRun) {
			r.Contact.References["severity"] = connect.Reference{Type: connect.RefNumber, Value: "1"}
			delete(e.agents, janeUser)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env, run := newEnv(), newRun()
			for id, ef := range exportedFlows {
				env.flows[id] = &connect.ContactFlow{ID: id, ARN: arn("contact-flow", id), Name: ef.name, Type: "CONTACT_FLOW",
					Status: connect.FlowPublished, Content: readTestdata(t, filepath.Join("valid", ef.file))}
			}
			if tt.setup != nil {
				tt.setup(env, run)
			}
			if err := NewRunner(RunnerConfig{}).RunFlow(context.Background(), env.flows[tt.flow], run, env); err != nil {
				t.Fatalf("RunFlow: %v", err)
			}
			got := transcript(env, run)
			path := filepath.Join("testdata", "golden", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
		})
	}
}

// transcript renders a run's result in a stable, reviewable text form.
func transcript(env *fakeEnv, run *connect.FlowRun) string {
	var b strings.Builder
	c := run.Contact
	fmt.Fprintf(&b, "outcome: %s\n", run.Outcome)
	fmt.Fprintf(&b, "target queue: %s\n", queueName(env, run.TargetQueueID))
	fmt.Fprintf(&b, "contact: name=%q description=%q priority=%d time-adjustment=%ds\n",
		c.Name, c.Description, c.QueuePriority, c.QueueTimeAdjustmentSeconds)
	fmt.Fprintf(&b, "tags: %s\n", pairs(c.Tags))
	refs := map[string]string{}
	for k, r := range c.References {
		refs[k] = r.Type + ":" + r.Value
	}
	fmt.Fprintf(&b, "references: %s\n", pairs(refs))
	fmt.Fprintf(&b, "attributes: %s\n", pairs(run.Attributes))
	for i, in := range env.created {
		when := "now"
		if in.ScheduledTime != nil {
			when = in.ScheduledTime.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "created task-%d: name=%q description=%q flow=%s at=%s attributes: %s\n",
			i+1, in.Name, in.Description, in.ContactFlowID, when, pairs(in.Attributes))
	}
	b.WriteString("log:\n")
	for _, e := range run.Log {
		fmt.Fprintf(&b, "  %s [%s] %s %s", e.Timestamp.UTC().Format(time.RFC3339), e.ContactFlowName, e.ActionType, e.ActionID)
		fmt.Fprintf(&b, " -> %s", e.Branch)
		if e.NextAction != "" {
			fmt.Fprintf(&b, " %s", e.NextAction)
		}
		b.WriteString("\n")
		if len(e.Parameters) > 0 {
			fmt.Fprintf(&b, "      parameters: %s\n", pairs(e.Parameters))
		}
		if e.Error != "" {
			fmt.Fprintf(&b, "      error: %s\n", e.Error)
		}
	}
	return b.String()
}

func queueName(env *fakeEnv, id string) string {
	if q, ok := env.queues[id]; ok {
		return q.Name + " (" + id + ")"
	}
	return id
}

func pairs(m map[string]string) string {
	var ps []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		ps = append(ps, fmt.Sprintf("%s=%q", k, m[k]))
	}
	return "{" + strings.Join(ps, ", ") + "}"
}

// TestExportedFlowsValidate checks that every console export under
// testdata/valid is a valid flow.
func TestExportedFlowsValidate(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob(filepath.Join("testdata", "valid", "*.json"))
	if err != nil || len(paths) < 4 {
		t.Fatalf("exports: %v, %v", paths, err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Compile(string(b)); err != nil {
			t.Errorf("%s: %v", p, problemText(err))
		}
	}
}
