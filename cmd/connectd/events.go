package main

import (
	"context"
	"encoding/json"

	"connectd/internal/connect"
	"connectd/internal/events"
)

// eventStore adapts a connect.Store's contact event outbox and delivery
// cursors to what the event dispatcher reads and writes.
type eventStore struct{ store connect.Store }

func (e eventStore) EventsAfter(ctx context.Context, after int64, limit int) ([]events.Record, error) {
	return records(e.store.EventsAfter(ctx, after, limit))
}

func (e eventStore) PartitionEventsAfter(ctx context.Context, p connect.Partition, after int64, limit int) ([]events.Record, error) {
	return records(e.store.PartitionEventsAfter(ctx, p, after, limit))
}

// records converts the store's event records to the dispatcher's.
func records(recs []connect.EventRecord, err error) ([]events.Record, error) {
	if err != nil {
		return nil, err
	}
	out := make([]events.Record, len(recs))
	for i, r := range recs {
		out[i] = events.Record{Seq: r.Seq, Partition: r.Partition, InstanceID: r.InstanceID, ContactID: r.ContactID,
			Time: r.Time, Body: json.RawMessage(r.Body)}
	}
	return out, nil
}

func (e eventStore) LastSeq(ctx context.Context) (int64, error) { return e.store.LastEventSeq(ctx) }

func (e eventStore) LoadCursor(ctx context.Context, name string) (int64, bool, error) {
	return e.store.GetCursor(ctx, name)
}

func (e eventStore) SaveCursor(ctx context.Context, name string, seq int64) error {
	return e.store.Update(ctx, func(tx connect.Tx) error { return tx.PutCursor(ctx, name, seq) })
}
