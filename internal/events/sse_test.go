package events

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSubscribeOrderAndFilter(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{gap: true}
		d := mustStart(t, Config{Source: src, PollInterval: time.Hour})
		all, c1 := d.Subscribe(testPartition, "", FromNow)
		defer c1()
		onlyA, c2 := d.Subscribe(testPartition, "inst-a", FromNow)
		defer c2()
		onlyC, c3 := d.Subscribe(testPartition, "inst-c", FromNow)
		defer c3()

		var want, wantA []Record
		for i, typ := range []string{"INITIATED", "QUEUED", "CONNECTED_TO_AGENT", "CONTACT_DATA_UPDATED", "DISCONNECTED", "COMPLETED"} {
			for _, inst := range []string{"inst-a", "inst-b"} {
				r := src.add(inst, fmt.Sprintf("%s-contact-%d", inst, i%2), typ)
				want = append(want, r)
				if inst == "inst-a" {
					wantA = append(wantA, r)
				}
			}
			d.Notify() // some batches, some single records
		}
		if diff := cmp.Diff(want, take(t, all, len(want))); diff != "" {
			t.Errorf("all (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(wantA, take(t, onlyA, len(wantA))); diff != "" {
			t.Errorf("inst-a (-want +got):\n%s", diff)
		}
		synctest.Wait()
		none(t, onlyA)
		none(t, onlyC)
	})
}

func TestSubscribeFrom(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{}
		src.addN("i1", 5) // history
		d := mustStart(t, Config{Source: src, PollInterval: time.Hour, Buffer: 2})
		tests := []struct {
			name string
			from int64
			want []int64
		}{
			{"from the start", 0, []int64{1, 2, 3, 4, 5, 6, 7}},
			{"resume", 3, []int64{4, 5, 6, 7}},
			{"from now", FromNow, []int64{6, 7}},
			{"beyond the outbox", 100, []int64{6, 7}},
		}
		var subs []<-chan Record
		for _, tt := range tests {
			ch, cancel := d.Subscribe(testPartition, "", tt.from)
			defer cancel()
			subs = append(subs, ch)
		}
		synctest.Wait()
		src.addN("i1", 2)
		d.Notify()
		for i, tt := range tests {
			if diff := cmp.Diff(tt.want, seqs(take(t, subs[i], len(tt.want)))); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.name, diff)
			}
		}
		synctest.Wait()
		for _, ch := range subs {
			none(t, ch)
		}
	})
}

// TestSlowSubscriber: a subscriber that does not read stalls neither the
// tail nor the others, and later gets every record, in order, from the
// Source.
func TestSlowSubscriber(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{}
		d := mustStart(t, Config{Source: src, PollInterval: time.Hour, Buffer: 16, BatchSize: 4})
		slow, c1 := d.Subscribe(testPartition, "", FromNow)
		defer c1()
		fast, c2 := d.Subscribe(testPartition, "", FromNow)
		defer c2()
		const n = 3 * subscriberBuffer
		want := seqs(src.addN("i1", n))
		start := time.Now()
		d.Notify()
		if diff := cmp.Diff(want, seqs(take(t, fast, n))); diff != "" {
			t.Errorf("fast subscriber (-want +got):\n%s", diff)
		}
		if el := time.Since(start); el != 0 {
			t.Errorf("fast subscriber took %v, want no wait", el)
		}
		synctest.Wait()
		calls := src.callCount()
		if diff := cmp.Diff(want, seqs(take(t, slow, n))); diff != "" {
			t.Errorf("slow subscriber (-want +got):\n%s", diff)
		}
		if src.callCount() == calls {
			t.Error("the slow subscriber did not catch up from the Source")
		}
		// Back in the window, it follows the tail again.
		more := seqs(src.addN("i1", 2))
		d.Notify()
		if diff := cmp.Diff(more, seqs(take(t, slow, 2))); diff != "" {
			t.Errorf("slow subscriber afterwards (-want +got):\n%s", diff)
		}
	})
}

// TestSubscribeAfterPruning: a subscription resuming from records that were
// deleted goes on with the next ones.
func TestSubscribeAfterPruning(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{}
		src.addN("i1", 5)
		d := mustStart(t, Config{Source: src, PollInterval: time.Hour})
		src.prune(5)
		ch, cancel := d.Subscribe(testPartition, "", 2)
		defer cancel()
		synctest.Wait()
		want := seqs(src.addN("i1", 2))
		d.Notify()
		if diff := cmp.Diff(want, seqs(take(t, ch, 2))); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
	})
}

func TestSubscribeCancel(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{}
		d := mustStart(t, Config{Source: src})
		ch, cancel := d.Subscribe(testPartition, "", 0)
		src.addN("i1", 100) // more than its buffer: its goroutine blocks on sending
		d.Notify()
		synctest.Wait()
		cancel()
		cancel()
		for range ch { // closed after what was buffered
		}
	})
}

// sseEvent is one event of a stream, or a comment when Comment is set.
type sseEvent struct {
	ID, Event, Data, Comment string
}

// parseSSE splits complete stream text into events and comments.
func parseSSE(t *testing.T, text string) []sseEvent {
	t.Helper()
	var out []sseEvent
	var e sseEvent
	var data []string
	for _, line := range strings.Split(text, "\n") {
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch {
		case line == "":
			if e != (sseEvent{}) || data != nil {
				e.Data = strings.Join(data, "\n")
				out = append(out, e)
			}
			e, data = sseEvent{}, nil
		case name == "":
			out = append(out, sseEvent{Comment: value})
		case name == "id":
			e.ID = value
		case name == "event":
			e.Event = value
		case name == "data":
			data = append(data, value)
		default:
			t.Errorf("unexpected stream line %q", line)
		}
	}
	return out
}

// streamWriter is a flushable ResponseWriter that hands each flush to the
// test. When the test ends, flushes fail, as on a closed connection.
type streamWriter struct {
	header  http.Header
	status  int
	buf     bytes.Buffer
	flushes chan string
	gone    chan struct{}
}

func newStreamWriter(t *testing.T) *streamWriter {
	w := &streamWriter{header: make(http.Header), flushes: make(chan string), gone: make(chan struct{})}
	t.Cleanup(func() { close(w.gone) })
	return w
}

// next returns the next flush, failing the test if none comes within an
// hour (of fake time).
func (w *streamWriter) next(t *testing.T) string {
	t.Helper()
	select {
	case s := <-w.flushes:
		return s
	case <-time.After(time.Hour):
		t.Fatal("no flush within an hour")
		return ""
	}
}

func (w *streamWriter) Header() http.Header { return w.header }

func (w *streamWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *streamWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.buf.Write(p)
}

func (w *streamWriter) FlushError() error {
	select {
	case w.flushes <- w.buf.String():
		w.buf.Reset()
		return nil
	case <-w.gone:
		return errors.New("connection closed")
	}
}

// serve runs the handler on a request in the background; the returned
// channel is closed when it returns.
func serve(h http.Handler, w http.ResponseWriter, r *http.Request) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(w, r)
	}()
	return done
}

func TestHandlerStream(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		query       string
		lastEventID string
		want        []string // "seq eventType" of the events after ": connected"
	}{
		{"everything new", "", "", []string{"3 QUEUED", "4 QUEUED", "5 COMPLETED"}},
		{"one instance", "?instanceId=inst-a", "", []string{"3 QUEUED", "5 COMPLETED"}},
		{"instance ARN", "?instanceId=arn:aws:connect:us-east-1:000000000000:instance/inst-b", "", []string{"4 QUEUED"}},
		{"resume", "", "1", []string{"2 INITIATED", "3 QUEUED", "4 QUEUED", "5 COMPLETED"}},
		{"resume one instance", "?instanceId=inst-b", " 0 ", []string{"2 INITIATED", "4 QUEUED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				src := &memSource{}
				src.add("inst-a", "c1", "INITIATED")
				src.add("inst-b", "c2", "INITIATED")
				// No keep-alive comes before w.next gives up.
				d := mustStart(t, Config{Source: src, PollInterval: time.Hour, KeepAlive: 2 * time.Hour})
				r := httptest.NewRequest(http.MethodGet, "/_connectd/v1/events"+tt.query, nil)
				if tt.lastEventID != "" {
					r.Header.Set("Last-Event-ID", tt.lastEventID)
				}
				w := newStreamWriter(t)
				done := serve(d.Handler(asTestPartition), w, r)
				first := w.next(t)
				if first != ": connected\n\n" {
					t.Errorf("first flush = %q, want the connected comment", first)
				}
				for _, h := range []string{"Content-Type: text/event-stream", "Cache-Control: no-cache"} {
					k, v, _ := strings.Cut(h, ": ")
					if got := w.header.Get(k); got != v {
						t.Errorf("%s = %q, want %q", k, got, v)
					}
				}
				bodies := map[string]string{"1": string(src.recs[0].Body), "2": string(src.recs[1].Body)}
				for _, r := range []Record{src.add("inst-a", "c1", "QUEUED"), src.add("inst-b", "c2", "QUEUED"), src.add("inst-a", "c1", "COMPLETED")} {
					bodies[fmt.Sprint(r.Seq)] = string(r.Body)
				}
				d.Notify()

				var got []string
				for len(got) < len(tt.want) {
					for _, e := range parseSSE(t, w.next(t)) {
						if e.Comment != "" {
							t.Errorf("unexpected comment %q", e.Comment)
							continue
						}
						got = append(got, e.ID+" "+e.Event)
						if e.Data != bodies[e.ID] {
							t.Errorf("data of %s = %s, want %s", e.ID, e.Data, bodies[e.ID])
						}
					}
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("events (-want +got):\n%s", diff)
				}
				d.Stop()
				waitDone(t, done, "the end of the stream with the Dispatcher")
			})
		})
	}
}

// TestHandlerKeepAlive: an idle stream gets a comment every KeepAlive, and
// the handler returns when the client goes away.
func TestHandlerKeepAlive(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		src := &memSource{}
		d := mustStart(t, Config{Source: src, PollInterval: time.Hour, KeepAlive: 10 * time.Second})
		ctx, cancel := context.WithCancel(t.Context())
		r := httptest.NewRequestWithContext(ctx, http.MethodGet, "/_connectd/v1/events", nil)
		w := newStreamWriter(t)
		done := serve(d.Handler(asTestPartition), w, r)
		w.next(t)
		start := time.Now()
		for i := 1; i <= 3; i++ {
			if got := w.next(t); got != ": keep-alive\n\n" {
				t.Fatalf("flush = %q, want a keep-alive comment", got)
			}
			if el := time.Since(start); el != time.Duration(i)*10*time.Second {
				t.Errorf("keep-alive %d after %v, want %v", i, el, time.Duration(i)*10*time.Second)
			}
		}
		cancel()
		waitDone(t, done, "the end of the stream when the client went away")
		synctest.Wait() // its subscription has ended too: Test fails on leftovers
	})
}

func TestHandlerErrors(t *testing.T) {
	t.Parallel()
	type written struct {
		status        int
		code, message string
	}
	errs := make(chan written, 10)
	d := mustStart(t, Config{Source: &memSource{}, ErrorFunc: func(w http.ResponseWriter, status int, code, message string) {
		errs <- written{status, code, message}
		w.WriteHeader(status)
	}})
	tests := []struct {
		name        string
		method      string
		target      string
		lastEventID string
		want        int
		wantCode    string
	}{
		{"POST", http.MethodPost, "/_connectd/v1/events", "", http.StatusNotFound, "UnknownOperationException"},
		{"HEAD", http.MethodHead, "/_connectd/v1/events", "", http.StatusNotFound, "UnknownOperationException"},
		{"bad Last-Event-ID", http.MethodGet, "/_connectd/v1/events", "abc", http.StatusBadRequest, "InvalidParameterException"},
		{"negative Last-Event-ID", http.MethodGet, "/_connectd/v1/events", "-4", http.StatusBadRequest, "InvalidParameterException"},
		{"two instances", http.MethodGet, "/_connectd/v1/events?instanceId=a&instanceId=b", "", http.StatusBadRequest, "InvalidParameterException"},
	}
	for _, tt := range tests {
		// Serial: the check of what ErrorFunc got follows them.
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, nil)
			if tt.lastEventID != "" {
				r.Header.Set("Last-Event-ID", tt.lastEventID)
			}
			w := httptest.NewRecorder()
			d.Handler(asTestPartition).ServeHTTP(w, r)
			if w.Code != tt.want {
				t.Errorf("status = %d, want %d (%s)", w.Code, tt.want, w.Body)
			}
			if tt.method != http.MethodGet && w.Header().Get("Allow") != http.MethodGet {
				t.Errorf("Allow = %q, want GET", w.Header().Get("Allow"))
			}
		})
	}
	// Every error went through ErrorFunc.
	close(errs)
	got := map[string]bool{}
	for e := range errs {
		if e.message == "" {
			t.Errorf("ErrorFunc got %d %s without a message", e.status, e.code)
		}
		got[e.code] = true
	}
	for _, tt := range tests {
		if !got[tt.wantCode] {
			t.Errorf("ErrorFunc never got %s", tt.wantCode)
		}
	}
}

func TestWriteEvent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want string
	}{
		{"contact event", `{"detail-type":"Amazon Connect Contact Event","detail":{"eventType":"QUEUED"}}`,
			"id: 7\nevent: QUEUED\ndata: {\"detail-type\":\"Amazon Connect Contact Event\",\"detail\":{\"eventType\":\"QUEUED\"}}\n\n"},
		{"no eventType", `{"detail-type":"Other Event","detail":{}}`,
			"id: 7\nevent: Other Event\ndata: {\"detail-type\":\"Other Event\",\"detail\":{}}\n\n"},
		{"detail not an object", `{"detail-type":"X","detail":"s"}`,
			"id: 7\nevent: X\ndata: {\"detail-type\":\"X\",\"detail\":\"s\"}\n\n"},
		{"indented", "{\n  \"a\": 1,\r\n  \"b\": 2\r}",
			"id: 7\ndata: {\ndata:   \"a\": 1,\ndata:   \"b\": 2\ndata: }\n\n"},
		{"type with a newline", `{"detail":{"eventType":"A\nB"}}`,
			"id: 7\ndata: {\"detail\":{\"eventType\":\"A\\nB\"}}\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			writeEvent(&buf, Record{Seq: 7, Body: json.RawMessage(tt.body)})
			if diff := cmp.Diff(tt.want, buf.String()); diff != "" {
				t.Errorf("event (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHandlerOverHTTP streams over a real connection: the events arrive as
// the client reads them, and the handler ends when the client hangs up.
func TestHandlerOverHTTP(t *testing.T) {
	t.Parallel()
	src := &memSource{}
	d := mustStart(t, Config{Source: src})
	ended := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(ended)
		d.Handler(asTestPartition).ServeHTTP(w, r)
	}))
	defer srv.Close()

	// The deadline turns a missing event into a failed read, not a hang.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/_connectd/v1/events?instanceId=i1", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("response = %d, %q; want 200, text/event-stream", resp.StatusCode, ct)
	}
	lines := bufio.NewScanner(resp.Body)
	next := func() string {
		t.Helper()
		if !lines.Scan() {
			t.Fatalf("stream ended: %v", lines.Err())
		}
		return lines.Text()
	}
	if got := next(); got != ": connected" {
		t.Fatalf("first line = %q, want the connected comment", got)
	}
	next()
	src.add("i2", "c9", "INITIATED")
	r := src.add("i1", "c1", "INITIATED")
	d.Notify()
	want := []string{"id: 2", "event: INITIATED", "data: " + string(r.Body), ""}
	var got []string
	for range want {
		got = append(got, next())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stream (-want +got):\n%s", diff)
	}

	cancel() // the client goes away
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("handler still running 10s after the client went away")
	}
}
