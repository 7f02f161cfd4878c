package connect_test

import (
	"context"
	"testing"

	"connectd/internal/flow"
)

func TestDefaultInstanceFlowsAreValid(t *testing.T) {
	t.Parallel()
	b := setupBench(t)
	ctx := context.Background()
	flows, _, err := b.svc.ListContactFlows(ctx, b.p, b.instance, nil, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(flows) != 10 {
		t.Errorf("default flows = %d, want 10", len(flows))
	}
	for _, f := range flows {
		if problems := (flow.Validator{}).ValidateFlow(f.Content); len(problems) > 0 {
			t.Errorf("default flow %q has problems: %v", f.Name, problems)
		}
	}
}
