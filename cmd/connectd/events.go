package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

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

// moveLegacyCursors moves the cursor earlier versions saved under a
// webhook's whole URL, credentials included (events.LegacyCursorName), to
// its name without them (events.CursorName), and deletes it: the webhook
// keeps its position and its password leaves the database. A cursor already
// under the new name wins. URLs without credentials have nothing to move.
func moveLegacyCursors(ctx context.Context, store connect.Store, hooks []string, log *slog.Logger) error {
	for _, u := range hooks {
		legacy, differs := events.LegacyCursorName(u)
		if !differs {
			continue
		}
		name := events.CursorName(u)
		// Read first: a write transaction per webhook at every start only
		// for the rare URL that had its cursor saved by an earlier version.
		_, found, err := store.GetCursor(ctx, legacy)
		if err != nil {
			return fmt.Errorf("read the cursor of webhook %s: %w", name, err)
		}
		if !found {
			continue
		}
		err = store.Update(ctx, func(tx connect.Tx) error {
			seq, ok, err := tx.GetCursor(ctx, legacy)
			if err != nil || !ok {
				return err
			}
			if _, ok, err := tx.GetCursor(ctx, name); err != nil {
				return err
			} else if !ok {
				if err := tx.PutCursor(ctx, name, seq); err != nil {
					return err
				}
			}
			return tx.DeleteCursor(ctx, legacy)
		})
		if err != nil {
			return fmt.Errorf("move the cursor of webhook %s: %w", name, err)
		}
		log.Info("webhook cursor renamed: its name no longer holds the URL's credentials", "cursor", name)
	}
	return nil
}
