package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"connectd/internal/connect"
	"connectd/internal/sqlite"
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
	m := startTestMain(t, map[string]string{"CONNECTD_MAX_EVENT_STREAMS": "2"}, slog.New(slog.DiscardHandler))
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

// TestWebhookCredentials: a webhook URL's user and password are used to
// deliver, and are neither stored in the database (its delivery cursor is
// keyed by the URL without them) nor logged.
func TestWebhookCredentials(t *testing.T) {
	t.Parallel()
	const password = "s3cr3t-pw"
	var (
		mu    sync.Mutex
		calls int
		auths []string
	)
	delivered := make(chan struct{}, 1) // a delivery after the failed one
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		first := calls == 1
		if !first {
			auths = append(auths, r.Header.Get("Authorization"))
			select {
			case delivered <- struct{}{}:
			default:
			}
		}
		mu.Unlock()
		if first {
			// A transport error: its message names the URL.
			c, _, _ := http.NewResponseController(w).Hijack()
			c.Close()
			return
		}
	}))
	defer hook.Close()
	host := strings.TrimPrefix(hook.URL, "http://")
	hookURL := "http://hookuser:" + password + "@" + host + "/hook"

	logs, log := newLogSink()
	dir := t.TempDir()
	m := startTestMain(t, map[string]string{"CONNECTD_DATA_DIR": dir, "CONNECTD_EVENT_WEBHOOK": hookURL}, log)
	p := connect.Partition{AccountID: m.Config.AccountID, Region: m.Config.Region}
	if _, err := m.service.StartTaskContact(context.Background(), p, connect.StartTaskInput{
		InstanceID: m.DefaultInstance, ContactFlowID: m.DefaultTaskFlow, Name: "hooked"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-delivered:
	case <-time.After(20 * time.Second):
		t.Fatal("no event delivered within 20s")
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("hookuser:"+password))
	mu.Lock()
	if auths[0] != want {
		t.Errorf("webhook got Authorization %q, want the URL's credentials", auths[0])
	}
	mu.Unlock()
	if _, ok, err := m.store.GetCursor(context.Background(), "webhook:http://"+host+"/hook"); err != nil || !ok {
		t.Errorf("no cursor under the URL without its credentials: %v, %v", ok, err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if db := readAll(t, dir, "connectd.db"); bytes.Contains(db, []byte(password)) {
		t.Error("the database holds the webhook's password")
	}
	if strings.Contains(logs.buf.String(), password) {
		t.Errorf("the log holds the webhook's password:\n%s", logs.buf.String())
	}
	if len(logs.atLevel("WARN")) == 0 {
		t.Error("the failed delivery was not logged; the test proves nothing about logs")
	}
}

// TestWebhookLegacyCursor: a cursor an earlier connectd saved under the raw
// URL, password included, is carried over to the new key and deleted.
func TestWebhookLegacyCursor(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const raw = "http://u:legacy-pw@127.0.0.1:1/hook"
	db, err := sqlite.Open(context.Background(), filepath.Join(dir, "connectd.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(context.Background(), func(tx connect.Tx) error {
		return tx.PutCursor(context.Background(), "webhook:"+raw, 0)
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	m := startTestMain(t, map[string]string{"CONNECTD_DATA_DIR": dir, "CONNECTD_EVENT_WEBHOOK": raw}, slog.New(slog.DiscardHandler))
	ctx := context.Background()
	if _, ok, err := m.store.GetCursor(ctx, "webhook:"+raw); err != nil || ok {
		t.Errorf("the cursor under the raw URL is still there (%v, %v)", ok, err)
	}
	if _, ok, err := m.store.GetCursor(ctx, "webhook:http://127.0.0.1:1/hook"); err != nil || !ok {
		t.Errorf("no cursor under the URL without credentials (%v, %v)", ok, err)
	}
}

// TestMoveLegacyCursors: a legacy cursor's position moves to the new name
// unless one is already there, and the legacy cursor goes either way.
func TestMoveLegacyCursors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "connectd.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const moved, kept, plain = "http://u:p@a/x", "http://u:p@b/x", "http://c/x"
	put := func(name string, seq int64) {
		if err := db.Update(ctx, func(tx connect.Tx) error { return tx.PutCursor(ctx, name, seq) }); err != nil {
			t.Fatal(err)
		}
	}
	put("webhook:"+moved, 5)
	put("webhook:"+kept, 5)
	put("webhook:http://b/x", 9)
	put("webhook:"+plain, 3)
	if err := moveLegacyCursors(ctx, db, []string{moved, kept, plain}, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int64{"webhook:http://a/x": 5, "webhook:http://b/x": 9, "webhook:" + plain: 3,
		"webhook:" + moved: -1, "webhook:" + kept: -1} {
		seq, ok, err := db.GetCursor(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			seq = -1
		}
		if seq != want {
			t.Errorf("cursor %s = %d, want %d (-1: none)", name, seq, want)
		}
	}
}
