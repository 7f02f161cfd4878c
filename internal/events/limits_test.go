package events

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestSubscriberLimit: beyond MaxSubscribers a subscription is refused (a
// closed channel; 503 ServiceUnavailableException with Retry-After, through
// ErrorFunc, on the stream), and a slot comes back when a subscription ends.
func TestSubscriberLimit(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		d := mustStart(t, Config{Source: &memSource{}, PollInterval: time.Hour, MaxSubscribers: 2,
			ErrorFunc: func(w http.ResponseWriter, status int, code, msg string) {
				w.Header()["X-Amzn-ErrorType"] = []string{code}
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				json.NewEncoder(w).Encode(map[string]string{"Message": msg})
			}})
		_, c1 := d.Subscribe(testPartition, "", FromNow)
		_, c2 := d.Subscribe(testPartition, "", FromNow)
		defer c2()
		refused, _ := d.Subscribe(testPartition, "", FromNow)
		if _, open := <-refused; open {
			t.Error("third Subscribe got an open channel, want a closed one")
		}

		w := httptest.NewRecorder()
		d.Handler(asTestPartition).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/_connectd/v1/events", nil))
		var body map[string]string
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != http.StatusServiceUnavailable ||
			w.Header()["X-Amzn-ErrorType"][0] != "ServiceUnavailableException" || !strings.Contains(body["Message"], "2 event streams") ||
			w.Header().Get("Retry-After") == "" || w.Header().Get("Content-Type") != "application/json" {
			t.Errorf("stream beyond the limit: %d %v %s, want 503 ServiceUnavailableException with a Message and Retry-After",
				w.Code, w.Header(), w.Body)
		}

		c1()
		ch, c3 := d.Subscribe(testPartition, "", FromNow)
		defer c3()
		select {
		case _, open := <-ch:
			if !open {
				t.Error("Subscribe after a cancel was refused")
			}
		default: // open and empty, as it should be
		}
	})
}

// smallBuffers makes the server side of every accepted connection buffer
// little, so that a client that stops reading blocks the server's writes
// after a few records rather than a few megabytes.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(8 << 10)
	}
	return c, err
}

// lockedBuffer is a log sink safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestSlowStreamDropped: over real connections, a client that stops reading
// is dropped once a write to it has waited WriteTimeout, and its slot is
// freed, while another client gets every record as it comes.
func TestSlowStreamDropped(t *testing.T) {
	t.Parallel()
	var logs lockedBuffer
	src := &memSource{}
	d := mustStart(t, Config{Source: src, WriteTimeout: 200 * time.Millisecond, MaxSubscribers: 2,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	srv := httptest.NewUnstartedServer(d.Handler(asTestPartition))
	srv.Listener = smallBuffers{srv.Listener}
	srv.Start()
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")

	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	slow.(*net.TCPConn).SetReadBuffer(4 << 10)
	fmt.Fprintf(slow, "GET /_connectd/v1/events HTTP/1.1\r\nHost: connectd\r\n\r\n")
	slowReader := bufio.NewReader(slow)
	slow.SetReadDeadline(time.Now().Add(10 * time.Second))
	for l := ""; l != ": connected\n"; {
		if l, err = slowReader.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
	}
	// From here on the slow client reads nothing.

	resp, err := http.Get(srv.URL + "/_connectd/v1/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var fastLast atomic.Int64
	go func() {
		lines := bufio.NewScanner(resp.Body)
		lines.Buffer(nil, 1<<20)
		for lines.Scan() {
			if id, ok := strings.CutPrefix(lines.Text(), "id: "); ok {
				n, _ := strconv.ParseInt(id, 10, 64)
				fastLast.Store(n)
			}
		}
	}()

	// Records of 32 KiB until the slow stream is dropped.
	big := strings.Repeat("x", 32<<10)
	var last int64
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "slow event stream dropped") {
		if time.Now().After(deadline) {
			t.Fatalf("the slow stream was not dropped within 10s; log:\n%s", logs.String())
		}
		for range 8 {
			r := src.add("i1", "c1", "INITIATED")
			src.mu.Lock()
			src.recs[len(src.recs)-1].Body = json.RawMessage(`{"pad":"` + big + `"}`)
			src.mu.Unlock()
			last = r.Seq
		}
		d.Notify()
		time.Sleep(20 * time.Millisecond)
	}

	// The slow client finds its stream ended after what was buffered.
	slow.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.Copy(io.Discard, slowReader); err != nil {
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			t.Fatal("the slow stream's connection is still open")
		}
	}
	// The other stream kept up throughout.
	for deadline := time.Now().Add(5 * time.Second); fastLast.Load() < last; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the other stream is at record %d of %d", fastLast.Load(), last)
		}
	}
	// The dropped stream's slot is free again.
	resp2, err := http.Get(srv.URL + "/_connectd/v1/events")
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != http.StatusOK {
		t.Errorf("a new stream after the drop: status %d, want 200", resp2.StatusCode)
	}
}
