package events

import (
	"context"
	"time"
)

// Subscribers returns the number of subscriptions (event streams included)
// open now.
func (d *Dispatcher) Subscribers() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.subs
}

// WebhookLag is how far a webhook is behind the outbox.
type WebhookLag struct {
	// Target is the webhook's URL without its credentials.
	Target string
	// Pending is the distance in Seq from the last record delivered to the
	// last committed: an upper bound of the records to deliver (Seqs may
	// have gaps).
	Pending int64
	// Oldest is the time of the first record not yet delivered; zero when
	// the webhook is up to date.
	Oldest time.Time
}

// WebhookLags returns each webhook's delivery backlog, read from the
// Source: its last Seq, and the first record after each webhook's position.
func (d *Dispatcher) WebhookLags(ctx context.Context) ([]WebhookLag, error) {
	if len(d.hooks) == 0 {
		return nil, nil
	}
	last, err := d.src.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]WebhookLag, len(d.hooks))
	for i, w := range d.hooks {
		pos := w.delivered.Load()
		out[i] = WebhookLag{Target: w.logURL, Pending: max(0, last-pos)}
		if pos >= last {
			continue
		}
		recs, err := d.src.EventsAfter(ctx, pos, 1)
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			out[i].Oldest = recs[0].Time
		}
	}
	return out, nil
}
