package connect_test

import (
	"testing"

	"connectd/internal/connect"
	"connectd/internal/flow"
)

// Every default flow is a valid, publishable flow: a user can copy one with
// UpdateContactFlowContent, and the engine compiles each when it runs.
func TestDefaultFlowsValidate(t *testing.T) {
	t.Parallel()
	for name, content := range connect.DefaultFlowContents("arn:aws:connect:us-east-1:000000000000:instance/i/queue/q") {
		if ps := (flow.Validator{}).ValidateFlow(content); len(ps) > 0 {
			t.Errorf("%s: %v", name, ps)
		}
	}
}
