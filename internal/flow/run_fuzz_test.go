package flow

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"connectd/internal/connect"
)

// FuzzRunFlow runs any content that parses, valid or not, through the
// engine with the fake environment: no input may make it panic, loop without
// end or leave the run without an outcome.
func FuzzRunFlow(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, tc := range actionCases {
		f.Add(flowOf(append(tc.actions, branchTargets...)...))
	}
	f.Add(flowJSON(LanguageVersion, "a", act("a", "Compare", `{"ComparisonValue":"$['x'][''].$.$$.['"}`, `{"NextAction":"a"}`)))

	const maxActions = 50
	f.Fuzz(func(t *testing.T, content string) {
		g, err := Parse(content)
		if err != nil {
			return
		}
		for _, compiled := range []bool{false, true} {
			env, run := newEnv(), newRun()
			env.percents = []int{-5, 42, 150}
			cf := &connect.ContactFlow{ID: "fuzz", Name: "Fuzz", Status: connect.FlowPublished, Content: content}
			env.flows["fuzz"] = cf
			if compiled {
				err = NewRunner(RunnerConfig{MaxActions: maxActions}).RunFlow(context.Background(), cf, run, env)
			} else { // the engine on content Validate would refuse
				st := &state{ctx: context.Background(), env: env, run: run, cf: cf, maxActions: maxActions, maxTransfers: 3}
				err = st.runGraph(g)
			}
			if err != nil {
				t.Fatalf("RunFlow (compiled %v) = %v; the fake env never fails", compiled, err)
			}
			switch run.Outcome {
			case connect.FlowEnded, connect.FlowDisconnected:
			case connect.FlowQueued:
				if run.TargetQueueID == "" {
					t.Fatal("queued without a target queue")
				}
			default:
				t.Fatalf("Outcome = %q", run.Outcome)
			}
			if len(run.Log) > maxActions+1 {
				t.Fatalf("%d log entries for at most %d actions", len(run.Log), maxActions)
			}
			if err := connect.CheckContactAttributes(run.Attributes); err != nil {
				t.Fatalf("the run left invalid attributes: %v", err)
			}
		}
	})
}
