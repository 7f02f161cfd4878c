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

// BufferedUpdate runs fn in a transaction of st through the buffer every
// change of the Service uses, and writes what it held back before
// committing.
func BufferedUpdate(ctx context.Context, st Store, fn func(Tx) error) error {
	return st.Update(ctx, func(tx Tx) error {
		b := newBufferedTx(tx)
		if err := fn(b); err != nil {
			return err
		}
		return b.flush(ctx)
	})
}

// ReadAttributesAhead is the buffer's read-ahead of cs's attribute sets;
// tx must come from BufferedUpdate.
func ReadAttributesAhead(ctx context.Context, tx Tx, cs []*Contact) error {
	return tx.(*bufferedTx).readAttributesAhead(ctx, cs)
}

// NewBufferedTx is the buffer every change of the Service writes through,
// over tx.
func NewBufferedTx(tx Tx) Tx { return newBufferedTx(tx) }

// ReadRoutableAhead asks b (from NewBufferedTx) to read the instance's
// routable users ahead.
func ReadRoutableAhead(ctx context.Context, b Tx, instanceID string) error {
	return b.(*bufferedTx).readRoutableAhead(ctx, instanceID)
}
