package connect

import "context"

// QuickConnectTarget lets the external tests call quickConnectTarget, which
// the flow engine uses, over the service's store.
func (s *Service) QuickConnectTarget(ctx context.Context, instanceID, qcID string) (queueID, userID string, err error) {
	return s.quickConnectTarget(ctx, s.store, instanceID, qcID)
}
