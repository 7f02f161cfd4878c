package events

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCursorName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url, want string
		legacy    bool // LegacyCursorName differs
	}{
		{"http://hooks.internal/connect", "webhook:http://hooks.internal/connect", false},
		{"https://h:8443/a%2Fb?x=1#f", "webhook:https://h:8443/a%2Fb?x=1#f", false},
		{"https://user:pass@h/x?token=t", "webhook:https://h/x?token=t", true},
		{"https://ghp_token@h/x", "webhook:https://h/x", true},
		{"https://user:@h/x", "webhook:https://h/x", true},
	}
	for _, tt := range tests {
		if got := CursorName(tt.url); got != tt.want {
			t.Errorf("CursorName(%s) = %s, want %s", tt.url, got, tt.want)
		}
		legacy, differs := LegacyCursorName(tt.url)
		if legacy != "webhook:"+tt.url || differs != tt.legacy {
			t.Errorf("LegacyCursorName(%s) = %s, %v; want webhook:<url>, %v", tt.url, legacy, differs, tt.legacy)
		}
	}
}

// TestWebhookCredentialsKeptOut: a webhook URL's credentials are sent (Basic
// authentication), and appear neither in its cursor's name nor in what is
// logged of a failed delivery, nor in a configuration error.
func TestWebhookCredentialsKeptOut(t *testing.T) {
	t.Parallel()
	const hook = "http://tok-user:tok-pass@hook.example/x"
	var logs lockedBuffer
	auths := make(chan string, 10)
	attempts := 0
	client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts++
		if attempts == 1 {
			return nil, errors.New("connection reset by peer")
		}
		user, pass, _ := r.BasicAuth()
		auths <- user + ":" + pass
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody}, nil
	})}
	src, cur := &memSource{}, &memCursors{}
	d := mustStart(t, Config{Source: src, Cursors: cur, Webhooks: []string{hook}, Client: client,
		RetryMin: time.Millisecond, RetryMax: time.Millisecond, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	src.add("i1", "c1", "INITIATED")
	d.Notify()
	select {
	case got := <-auths:
		if got != "tok-user:tok-pass" {
			t.Errorf("webhook got Basic %q, want the URL's credentials", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no delivery within 10s")
	}
	d.Stop()
	if _, ok := cur.get("webhook:http://hook.example/x"); !ok {
		t.Errorf("cursors %v, want one named after the URL without credentials", cur.m)
	}
	for name := range cur.m {
		if strings.Contains(name, "tok-") {
			t.Errorf("cursor name %q holds the credentials", name)
		}
	}
	if !strings.Contains(logs.String(), "webhook delivery failed") {
		t.Fatalf("the failed delivery was not logged:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "tok-") {
		t.Errorf("the log holds the credentials:\n%s", logs.String())
	}

	// Configuration errors name the URL without them too.
	for _, cfg := range []Config{
		{Source: src, Cursors: cur, Webhooks: []string{"ftp://tok-user:tok-pass@h/"}},
		{Source: src, Cursors: cur, Webhooks: []string{hook, "http://other:tok-other@hook.example/x"}},
	} {
		_, err := New(cfg)
		if err == nil || strings.Contains(err.Error(), "tok-") {
			t.Errorf("New(%v) = %v, want an error without the credentials", cfg.Webhooks, err)
		}
	}
}
