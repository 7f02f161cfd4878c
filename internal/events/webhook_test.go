package events

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestWebhookOverHTTP delivers to real HTTP receivers: every record, in
// order, as a JSON POST, and a redirect is a failure, not a new target.
func TestWebhookOverHTTP(t *testing.T) {
	t.Parallel()
	plain := newReceiver(nil)
	redirecting := newReceiver(func(n int, d delivery) int {
		if n == 0 {
			return http.StatusFound
		}
		return http.StatusOK
	})
	srv1, srv2 := httptest.NewServer(plain), httptest.NewServer(redirecting)
	defer srv1.Close()
	defer srv2.Close()
	src, cur := &memSource{}, &memCursors{}
	d := mustStart(t, Config{
		Source: src, Cursors: cur, Webhooks: []string{srv1.URL + "/hook", srv2.URL + "/hook"},
		RetryMin: time.Millisecond, RetryMax: 10 * time.Millisecond,
	})
	var want []int64
	for _, typ := range []string{"INITIATED", "QUEUED", "CONNECTED_TO_AGENT", "DISCONNECTED", "COMPLETED"} {
		want = append(want, src.add("i1", "c1", typ).Seq, src.add("i2", "c2", typ).Seq)
	}
	d.Notify()

	got := takeWithin(t, plain.got, len(want), 10*time.Second)
	if diff := cmp.Diff(want, deliveredSeqs(got)); diff != "" {
		t.Errorf("plain receiver (-want +got):\n%s", diff)
	}
	for _, g := range got {
		if g.method != http.MethodPost || g.path != "/hook" || g.contentType != "application/json" {
			t.Errorf("request = %s %s (Content-Type %q), want POST /hook (application/json)", g.method, g.path, g.contentType)
		}
	}
	got = takeWithin(t, redirecting.got, len(want)+1, 10*time.Second)
	if diff := cmp.Diff(append([]int64{want[0]}, want...), deliveredSeqs(got)); diff != "" {
		t.Errorf("redirecting receiver (-want +got):\n%s", diff)
	}
	for _, g := range got {
		if g.path != "/hook" {
			t.Errorf("redirect followed to %s", g.path)
		}
	}
	d.Stop()
	for _, u := range []string{srv1.URL + "/hook", srv2.URL + "/hook"} {
		if seq, _ := cur.get("webhook:" + u); seq != want[len(want)-1] {
			t.Errorf("cursor of %s = %d, want %d", u, seq, want[len(want)-1])
		}
	}
}

// TestWebhookRetries: a receiver that fails four times (status or broken
// connection) gets the record again after growing, capped, jittered delays,
// then the rest in order.
func TestWebhookRetries(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		failures := []int{http.StatusInternalServerError, 0, http.StatusNotFound, http.StatusServiceUnavailable}
		rc := newReceiver(func(n int, d delivery) int {
			if n < len(failures) {
				return failures[n]
			}
			return http.StatusAccepted
		})
		src := &memSource{}
		d := mustStart(t, Config{
			Source: src, Cursors: &memCursors{}, Webhooks: []string{"http://hook.example/"}, Client: inProcess(rc),
			RetryMin: time.Second, RetryMax: 5 * time.Second,
		})
		src.addN("i1", 3)
		d.Notify()
		got := take(t, rc.got, 7)
		if diff := cmp.Diff([]int64{1, 1, 1, 1, 1, 2, 3}, deliveredSeqs(got)); diff != "" {
			t.Errorf("attempts (-want +got):\n%s", diff)
		}
		// Delays before attempts 2 to 5: 1s, 2s, 4s, 5s (capped), each less up to half.
		for i, limit := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second} {
			if gap := got[i+1].at.Sub(got[i].at); gap < limit/2 || gap > limit {
				t.Errorf("delay before attempt %d = %v, want within [%v, %v]", i+2, gap, limit/2, limit)
			}
		}
		if gap := got[6].at.Sub(got[4].at); gap != 0 {
			t.Errorf("records after the retried one came %v later, want at once", gap)
		}
	})
}

// TestWebhookIsolation: a dead webhook holds up neither another webhook nor
// the subscribers, keeps no queue in memory (it falls out of the in-memory
// window and later reads the Source) and gets everything, in order, once it
// comes back.
func TestWebhookIsolation(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		dead := newReceiver(func(int, delivery) int { return http.StatusServiceUnavailable })
		live := newReceiver(nil)
		client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.URL.Host == "dead.example" {
				return inProcess(dead).Transport.RoundTrip(r)
			}
			return inProcess(live).Transport.RoundTrip(r)
		})}
		src := &memSource{}
		d := mustStart(t, Config{
			Source: src, Cursors: &memCursors{}, Client: client,
			Webhooks: []string{"http://dead.example/", "http://live.example/"},
			Buffer:   4, BatchSize: 3, PollInterval: time.Hour, RetryMin: time.Second, RetryMax: time.Minute,
		})
		sub, cancel := d.Subscribe(testPartition, "", FromNow)
		defer cancel()
		synctest.Wait()
		start := time.Now()
		want := seqs(src.addN("i1", 20))
		d.Notify()
		if diff := cmp.Diff(want, deliveredSeqs(take(t, live.got, 20))); diff != "" {
			t.Errorf("live webhook (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, seqs(take(t, sub, 20))); diff != "" {
			t.Errorf("subscriber (-want +got):\n%s", diff)
		}
		if el := time.Since(start); el != 0 {
			t.Errorf("live consumers were served after %v, want at once", el)
		}
		synctest.Wait()
		if n := len(dead.got); n != 1 {
			t.Errorf("dead webhook got %d attempts so far, want 1", n)
		}

		// It comes back: everything, from the Source, once and in order.
		calls := src.callCount()
		dead.setStatus(nil)
		got := deliveredSeqs(take(t, dead.got, 21))
		if diff := cmp.Diff(append([]int64{1}, want...), got); diff != "" {
			t.Errorf("dead webhook after recovery (-want +got):\n%s", diff)
		}
		synctest.Wait()
		none(t, dead.got)
		if src.callCount() == calls {
			t.Error("the recovered webhook did not read the Source")
		}
	})
}

// TestWebhookCursorResume: a new webhook starts at the end of the outbox; a
// clean Stop saves where it is, and after a restart it gets each record
// exactly once.
func TestWebhookCursorResume(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const url = "http://hook.example/events"
		src, cur, rc := &memSource{}, &memCursors{}, newReceiver(nil)
		cfg := Config{Source: src, Cursors: cur, Webhooks: []string{url}, Client: inProcess(rc), PollInterval: time.Hour, BatchSize: 2}
		src.addN("i1", 2) // before the webhook existed

		d1 := mustStart(t, cfg)
		if seq, ok := cur.get("webhook:" + url); !ok || seq != 2 {
			t.Errorf("first cursor = %d, %v; want 2 saved at Start", seq, ok)
		}
		src.addN("i1", 3)
		d1.Notify()
		take(t, rc.got, 3)
		synctest.Wait()
		if seq, _ := cur.get("webhook:" + url); seq != 5 {
			t.Errorf("cursor after delivery = %d, want 5: saved without waiting for Stop", seq)
		}
		d1.Stop()
		if seq, _ := cur.get("webhook:" + url); seq != 5 {
			t.Errorf("cursor after Stop = %d, want 5", seq)
		}

		src.addN("i1", 2) // while connectd is down
		d2 := mustStart(t, cfg)
		take(t, rc.got, 2)
		src.addN("i1", 1)
		d2.Notify()
		take(t, rc.got, 1)
		d2.Stop()

		var got []int64
		for len(rc.got) > 0 {
			got = append(got, (<-rc.got).seq)
		}
		if diff := cmp.Diff([]int64(nil), got); diff != "" {
			t.Errorf("extra deliveries (-want +got):\n%s", diff)
		}
		if seq, _ := cur.get("webhook:" + url); seq != 8 {
			t.Errorf("cursor after second Stop = %d, want 8", seq)
		}
	})
}

// TestWebhookAtLeastOnce: when the cursor cannot be saved (as when the
// process dies before it is), delivery goes on, and after a restart the
// unsaved records are delivered again rather than lost.
func TestWebhookAtLeastOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const url = "http://hook.example/"
		src, cur, rc := &memSource{}, &memCursors{}, newReceiver(nil)
		cfg := Config{Source: src, Cursors: cur, Webhooks: []string{url}, Client: inProcess(rc), PollInterval: time.Hour}
		d1 := mustStart(t, cfg)
		cur.setSaveErr(errors.New("disk full"))
		src.addN("i1", 2)
		d1.Notify()
		take(t, rc.got, 2)
		src.addN("i1", 1)
		d1.Notify()
		take(t, rc.got, 1)
		d1.Stop()

		cur.setSaveErr(nil)
		mustStart(t, cfg)
		if diff := cmp.Diff([]int64{1, 2, 3}, deliveredSeqs(take(t, rc.got, 3))); diff != "" {
			t.Errorf("redelivered (-want +got):\n%s", diff)
		}
	})
}

// TestStopLetsPostFinish: Stop waits for a post in flight and records its
// success; a webhook waiting to retry stops at once.
func TestStopLetsPostFinish(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		rc := newReceiver(nil)
		inner := inProcess(rc).Transport
		client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.URL.Host == "slow.example" {
				select {
				case <-release:
				case <-r.Context().Done(): // as a real transport would
					return nil, r.Context().Err()
				}
			}
			return inner.RoundTrip(r)
		})}
		rc.setStatus(func(n int, d delivery) int {
			if d.path == "/failing" {
				return http.StatusInternalServerError
			}
			return http.StatusOK
		})
		src, cur := &memSource{}, &memCursors{}
		d := mustStart(t, Config{
			Source: src, Cursors: cur, Client: client, Timeout: time.Minute, RetryMin: time.Hour, RetryMax: time.Hour,
			Webhooks: []string{"http://slow.example/", "http://fast.example/failing"},
		})
		src.addN("i1", 1)
		d.Notify()
		take(t, rc.got, 1)
		synctest.Wait() // the slow post is in flight, the failing one waits to retry

		stopped := make(chan struct{})
		start := time.Now()
		go func() { d.Stop(); close(stopped) }()
		synctest.Wait()
		select {
		case <-stopped:
			t.Fatal("Stop returned while a post was in flight")
		default:
		}
		close(release)
		waitDone(t, stopped, "Stop")
		if el := time.Since(start); el != 0 {
			t.Errorf("Stop took %v, want no wait for the retry", el)
		}
		if seq, _ := cur.get("webhook:http://slow.example/"); seq != 1 {
			t.Errorf("cursor of the slow webhook = %d, want 1: its post finished", seq)
		}
		if seq, _ := cur.get("webhook:http://fast.example/failing"); seq != 0 {
			t.Errorf("cursor of the failing webhook = %d, want 0", seq)
		}
	})
}

// TestCatchUpRetriesSourceErrors: consumers behind the in-memory window retry
// when the Source fails and lose nothing.
func TestCatchUpRetriesSourceErrors(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const url = "http://hook.example/"
		src, rc := &memSource{}, newReceiver(nil)
		want := seqs(src.addN("i1", 5))
		cur := &memCursors{m: map[string]int64{"webhook:" + url: 0}} // it has seen none of them
		failures := 0
		src.setFail(func(after int64) error {
			if after < 5 && failures < 6 { // only catch-up reads; the tail reads after 5
				failures++
				return errors.New("database is locked")
			}
			return nil
		})
		d := mustStart(t, Config{Source: src, Cursors: cur, Webhooks: []string{url}, Client: inProcess(rc), PollInterval: time.Hour})
		sub, cancel := d.Subscribe(testPartition, "", 0)
		defer cancel()
		if diff := cmp.Diff(want, deliveredSeqs(take(t, rc.got, 5))); diff != "" {
			t.Errorf("webhook (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, seqs(take(t, sub, 5))); diff != "" {
			t.Errorf("subscriber (-want +got):\n%s", diff)
		}
		if failures != 6 {
			t.Errorf("%d catch-up reads failed, want 6", failures)
		}
	})
}

// TestCursorBeyondOutbox: a cursor past the end of the outbox (the database
// was reset) starts the webhook at the end rather than skipping new records.
func TestCursorBeyondOutbox(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const url = "http://hook.example/"
		src, rc := &memSource{}, newReceiver(nil)
		src.addN("i1", 2)
		cur := &memCursors{m: map[string]int64{"webhook:" + url: 1000}}
		d := mustStart(t, Config{Source: src, Cursors: cur, Webhooks: []string{url}, Client: inProcess(rc), PollInterval: time.Hour})
		want := seqs(src.addN("i1", 2))
		d.Notify()
		if diff := cmp.Diff(want, deliveredSeqs(take(t, rc.got, 2))); diff != "" {
			t.Errorf("webhook (-want +got):\n%s", diff)
		}
	})
}
