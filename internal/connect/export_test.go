package connect

import (
	"context"
	"fmt"
	"strings"
)

// QuickConnectTarget lets the external tests call quickConnectTarget, which
// the flow engine uses, over the service's store.
func (s *Service) QuickConnectTarget(ctx context.Context, instanceID, qcID string) (queueID, userID string, err error) {
	return s.quickConnectTarget(ctx, s.store, instanceID, qcID)
}

// DefaultFlowContents returns the content of each default flow by name, for
// an instance whose BasicQueue has the ARN queueARN.
func DefaultFlowContents(queueARN string) map[string]string {
	out := map[string]string{DefaultTaskFlowName: fmt.Sprintf(taskFlow, queueARN)}
	for _, f := range defaultFlows {
		c := f.content
		if strings.Contains(c, "%q") {
			c = fmt.Sprintf(c, queueARN)
		}
		out[f.name] = c
	}
	return out
}
