package main

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// openStream opens GET /_connectd/v1/events and waits for its ": connected"
// comment. The stream ends when cancel is called.
func openStream(t *testing.T, m *Main) (resp *http.Response, lines *bufio.Scanner, cancel func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+m.Addr()+"/_connectd/v1/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != http.StatusOK {
		return resp, nil, cancel
	}
	lines = bufio.NewScanner(resp.Body)
	if !lines.Scan() || lines.Text() != ": connected" {
		t.Fatalf("stream began with %q (%v), want the connected comment", lines.Text(), lines.Err())
	}
	return resp, lines, cancel
}

// TestEventStreamLimit: beyond --max-event-streams, a stream is refused with
// 503 in the admin API's error shape; a slot comes back when a stream ends.
func TestEventStreamLimit(t *testing.T) {
	t.Parallel()
	m := startMain(t, map[string]string{"CONNECTD_MAX_EVENT_STREAMS": "2"}, slog.New(slog.DiscardHandler))
	_, _, cancel1 := openStream(t, m)
	openStream(t, m)

	resp, lines, _ := openStream(t, m)
	if lines != nil {
		t.Fatalf("third stream: status %d, want 503", resp.StatusCode)
	}
	var body struct{ Message string }
	err := json.NewDecoder(resp.Body).Decode(&body)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("X-Amzn-ErrorType") == "" ||
		err != nil || !strings.Contains(body.Message, "2") {
		t.Errorf("third stream: %d, X-Amzn-ErrorType %q, body %+v (%v); want 503 with an error type and a Message naming the limit",
			resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), body, err)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("the refusal has no Retry-After")
	}

	// The slot of a stream whose client left is free again once the
	// server has seen it go.
	cancel1()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, lines, cancel := openStream(t, m)
		if lines != nil {
			break
		}
		resp.Body.Close()
		cancel()
		if time.Now().After(deadline) {
			t.Fatal("no stream accepted 5s after one of two ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
