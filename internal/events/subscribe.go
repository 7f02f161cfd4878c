package events

import (
	"context"

	"connectd/internal/connect"
)

// subscriberBuffer is how many records wait for a subscriber in its channel.
// A subscriber that lets more pile up falls behind the ring and later catches
// up from the Source; it never holds up the others.
const subscriberBuffer = 64

// Subscribe returns a channel of the records of partition p with a Seq above
// from (FromNow: after the last record read so far), in Seq order; when
// instanceID is not empty, only those of that instance. A subscriber never
// sees another partition's records, and they never hold it up: it skips
// them in the in-memory window, and reads only p's records from the Source.
// A subscriber that reads slowly is neither dropped nor allowed to stall
// anyone: once it is further behind than the in-memory window it reads what
// it missed from the Source, so it gets every record, late. The channel is
// closed when cancel is called (cancel returns once the subscription's
// goroutine has ended, and may be called more than once) or the Dispatcher
// stops; it is closed at once if the Dispatcher is not running or already
// has Config.MaxSubscribers subscriptions.
func (d *Dispatcher) Subscribe(p connect.Partition, instanceID string, from int64) (<-chan Record, func()) {
	ch, cancel, err := d.subscribe(filter{p, instanceID}, from)
	if err != nil {
		c := make(chan Record)
		close(c)
		return c, func() {}
	}
	return ch, cancel
}

// filter selects the records of a subscription.
type filter struct {
	partition  connect.Partition
	instanceID string // "": every instance of the partition
}

func (f filter) match(r Record) bool {
	return r.Partition == f.partition && (f.instanceID == "" || r.InstanceID == f.instanceID)
}

func (d *Dispatcher) subscribe(f filter, from int64) (<-chan Record, func(), error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.state != running {
		return nil, nil, errNotRunning
	}
	if d.subs >= d.maxSubs {
		return nil, nil, errTooMany
	}
	d.subs++
	head := d.ring.head
	if from < 0 {
		from = head
	}
	ctx, cancel := context.WithCancel(d.ctx)
	out := make(chan Record, subscriberBuffer)
	done := make(chan struct{})
	d.wg.Go(func() {
		defer close(done)
		defer func() { // the slot is free by the time cancel returns
			d.mu.Lock()
			d.subs--
			d.mu.Unlock()
		}()
		defer close(out)
		d.pump(ctx, f, from, head, out)
	})
	return out, func() { cancel(); <-done }, nil
}

// pump feeds out with the records after pos that f selects, until ctx ends.
// head is the last Seq the Dispatcher had read when the subscription began.
func (d *Dispatcher) pump(ctx context.Context, f filter, pos, head int64, out chan<- Record) {
	if pos > head {
		// A client resuming from an ID this outbox never reached (it was
		// reset, or the client talked to another server) would otherwise wait
		// for records that already exist under lower numbers: start at the
		// end instead. The tail may merely be behind the outbox, so ask it.
		last, err := d.src.LastSeq(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			return
		case err != nil:
			d.log.Warn("events: read last seq for subscriber", "err", err)
		case pos > last:
			d.log.Info("events: subscription starts beyond the outbox; starting at its end", "from", pos, "last_seq", last)
			pos = last
		}
	}
	failures := 0
	for {
		recs, err := d.read(ctx, pos, &f.partition)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			d.log.Warn("events: read outbox for subscriber", "after", pos, "attempt", failures+1, "err", err)
			if !sleep(ctx, backoff(failures, d.retryMin, d.retryMax)) {
				return
			}
			failures++
			continue
		}
		failures = 0
		for _, r := range recs {
			pos = r.Seq
			if !f.match(r) {
				continue
			}
			select {
			case out <- r:
			case <-ctx.Done():
				return
			}
		}
	}
}
