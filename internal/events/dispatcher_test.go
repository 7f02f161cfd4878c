package events

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	src, cur := &memSource{}, &memCursors{}
	tests := []struct {
		name string
		cfg  Config
		want []string // substrings of the error; none for success
	}{
		{"minimal", Config{Source: src}, nil},
		{"webhooks", Config{Source: src, Cursors: cur, Webhooks: []string{"http://a.example/x", "https://b.example:8443/y?k=v"}}, nil},
		{"no source", Config{}, []string{"no Source"}},
		{"webhooks without cursors", Config{Source: src, Webhooks: []string{"http://a.example/"}}, []string{"need a CursorStore"}},
		{"relative URL", Config{Source: src, Cursors: cur, Webhooks: []string{"/hook"}}, []string{"not an absolute http or https URL"}},
		{"other scheme", Config{Source: src, Cursors: cur, Webhooks: []string{"ftp://a.example/"}}, []string{"not an absolute"}},
		{"no host", Config{Source: src, Cursors: cur, Webhooks: []string{"http:///x"}}, []string{"not an absolute"}},
		{"unparsable, password kept out", Config{Source: src, Cursors: cur, Webhooks: []string{"http://u:secret@a.example/%zz"}}, []string{"not valid"}},
		{"twice", Config{Source: src, Cursors: cur, Webhooks: []string{"http://a.example/", "http://a.example/"}}, []string{"given twice"}},
		{"all problems at once", Config{Webhooks: []string{"x"}}, []string{"no Source", "CursorStore", "not an absolute"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := New(tt.cfg)
			if tt.want == nil {
				if err != nil || d == nil {
					t.Fatalf("New = %v, %v; want a Dispatcher", d, err)
				}
				return
			}
			if err == nil {
				t.Fatal("New succeeded, want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("New error = %q, want it to contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("New error = %q shows the URL's password", err)
			}
		})
	}
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// Stop before Start is allowed, more than once, and forbids Start.
		d, err := New(Config{Source: &memSource{}})
		if err != nil {
			t.Fatal(err)
		}
		d.Stop()
		d.Stop()
		if err := d.Start(t.Context()); err == nil {
			t.Error("Start after Stop succeeded")
		}

		src := &memSource{}
		rc := newReceiver(nil)
		d, err = New(Config{Source: src, Cursors: &memCursors{}, Webhooks: []string{"http://hook.example/"}, Client: inProcess(rc)})
		if err != nil {
			t.Fatal(err)
		}
		// Start's context bounds only the start-up.
		ctx, cancel := context.WithCancel(t.Context())
		if err := d.Start(ctx); err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := d.Start(t.Context()); err == nil {
			t.Error("second Start succeeded")
		}
		ch, _ := d.Subscribe(testPartition, "", FromNow)
		src.add("i1", "c1", "INITIATED")
		d.Notify()
		take(t, ch, 1)
		take(t, rc.got, 1)

		// Concurrent Stops all return once every goroutine has ended.
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(d.Stop)
		}
		wg.Wait()
		if _, ok := <-ch; ok {
			t.Error("subscription still open after Stop")
		}
		if _, ok := <-mustSubscribe(d); ok {
			t.Error("Subscribe after Stop returned an open channel")
		}
		w := httptest.NewRecorder()
		d.Handler(asTestPartition).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/_connectd/v1/events", nil))
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("stream after Stop: status = %d, want 503", w.Code)
		}
		d.Notify() // harmless after Stop
		// synctest.Test fails if a goroutine of the bubble is left behind.
	})
}

func mustSubscribe(d *Dispatcher) <-chan Record {
	ch, _ := d.Subscribe(testPartition, "", FromNow)
	return ch
}

func TestStartFailures(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name string
		src  Source
		cur  *memCursors
		want string
	}{
		{"last seq", failingLastSeq{&memSource{}, boom}, &memCursors{}, "read last seq"},
		{"load cursor", &memSource{}, &memCursors{loadErr: boom}, "load cursor"},
		{"save first cursor", &memSource{}, &memCursors{saveErr: boom}, "save cursor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := New(Config{Source: tt.src, Cursors: tt.cur, Webhooks: []string{"http://hook.example/"}})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Stop()
			err = d.Start(t.Context())
			if !errors.Is(err, boom) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Start = %v, want %q wrapping boom", err, tt.want)
			}
		})
	}
}

type failingLastSeq struct {
	*memSource
	err error
}

func (f failingLastSeq) LastSeq(context.Context) (int64, error) { return 0, f.err }

// TestNotifyAndPolling: Notify makes the tail read at once; without it the
// records are found at the next poll.
func TestNotifyAndPolling(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{}
		d := mustStart(t, Config{Source: src, PollInterval: time.Minute})
		ch, cancel := d.Subscribe(testPartition, "", FromNow)
		defer cancel()
		synctest.Wait()

		start := time.Now()
		src.add("i1", "c1", "INITIATED")
		for range 5 {
			d.Notify() // coalesced, never blocks
		}
		take(t, ch, 1)
		if got := time.Since(start); got != 0 {
			t.Errorf("notified record came after %v, want at once", got)
		}

		synctest.Wait()
		start = time.Now()
		src.add("i1", "c1", "QUEUED")
		take(t, ch, 1)
		if got := time.Since(start); got <= 0 || got > time.Minute {
			t.Errorf("polled record came after %v, want within the poll interval (1m)", got)
		}
	})
}

// TestTailBatches: more records than a batch are read in several batches
// without waiting for a poll.
func TestTailBatches(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{gap: true}
		d := mustStart(t, Config{Source: src, PollInterval: time.Hour, BatchSize: 3, Buffer: 5})
		ch, cancel := d.Subscribe(testPartition, "", FromNow)
		defer cancel()
		want := seqs(src.addN("i1", 20))
		start := time.Now()
		d.Notify()
		got := seqs(take(t, ch, 20))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		if el := time.Since(start); el != 0 {
			t.Errorf("20 records took %v, want no poll wait", el)
		}
	})
}

func TestTailRetriesSourceErrors(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{}
		d := mustStart(t, Config{Source: src, PollInterval: time.Second, RetryMax: 8 * time.Second})
		ch, cancel := d.Subscribe(testPartition, "", FromNow)
		defer cancel()
		synctest.Wait()
		failures := 0
		src.setFail(func(int64) error {
			if failures < 4 {
				failures++
				return errors.New("database is locked")
			}
			return nil
		})
		want := seqs(src.addN("i1", 3))
		start := time.Now()
		d.Notify()
		got := seqs(take(t, ch, 3))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		// Four failures: waits of at least 0.5+1+2+4 s (jittered from 1, 2, 4, 8 s).
		if el := time.Since(start); el < 7500*time.Millisecond || el > 15*time.Second {
			t.Errorf("records came %v after the first failure, want 7.5s to 15s of backoff", el)
		}
	})
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	lo, hi := 100*time.Millisecond, 5*time.Second
	tests := []struct {
		attempt int
		want    time.Duration // the delay before jitter takes up to half off
	}{
		{0, 100 * time.Millisecond},
		{1, 200 * time.Millisecond},
		{2, 400 * time.Millisecond},
		{5, 3200 * time.Millisecond},
		{6, 5 * time.Second},
		{100, 5 * time.Second},
		{1 << 30, 5 * time.Second},
	}
	for _, tt := range tests {
		seen := make(map[time.Duration]bool)
		for range 50 {
			got := backoff(tt.attempt, lo, hi)
			if got < tt.want/2 || got > tt.want {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tt.attempt, got, tt.want/2, tt.want)
			}
			seen[got] = true
		}
		if len(seen) < 2 { // jitter spreads retries of many webhooks (odds of a false failure: 50 equal draws of ~10^8)
			t.Errorf("backoff(%d) gave %d distinct delays in 50 draws, want jitter", tt.attempt, len(seen))
		}
	}
}

func TestRingAfter(t *testing.T) {
	t.Parallel()
	r := ring{buf: make([]Record, 4), base: 10, head: 10}
	for _, s := range []int64{12, 13, 15, 16, 18, 20} { // wraps; 12 and 13 fall out
		r.push(Record{Seq: s})
	}
	if r.base != 13 || r.head != 20 {
		t.Fatalf("base, head = %d, %d; want 13, 20", r.base, r.head)
	}
	tests := []struct {
		pos   int64
		limit int
		want  []int64
	}{
		{13, 10, []int64{15, 16, 18, 20}},
		{14, 10, []int64{15, 16, 18, 20}},
		{15, 10, []int64{16, 18, 20}},
		{15, 2, []int64{16, 18}},
		{17, 10, []int64{18, 20}},
		{20, 10, nil},
		{99, 10, nil},
	}
	for _, tt := range tests {
		got := seqs(r.after(tt.pos, tt.limit))
		if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b []int64) bool { return cmp.Equal(a, b) || len(a)+len(b) == 0 })); diff != "" {
			t.Errorf("after(%d, %d) (-want +got):\n%s", tt.pos, tt.limit, diff)
		}
	}
}

func TestOrdered(t *testing.T) {
	t.Parallel()
	got := seqs(ordered([]Record{{Seq: 5}, {Seq: 6}, {Seq: 9}, {Seq: 8}, {Seq: 10}}, 4))
	if diff := cmp.Diff([]int64{5, 6, 9}, got); diff != "" {
		t.Errorf("ordered (-want +got):\n%s", diff)
	}
	if got := ordered([]Record{{Seq: 3}}, 4); len(got) != 0 {
		t.Errorf("ordered kept %v at or before the position", seqs(got))
	}
}
