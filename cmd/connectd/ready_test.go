package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// startMain runs a Main on 127.0.0.1:0 with the given extra environment.
func startTestMain(t *testing.T, extra map[string]string, log *slog.Logger) *Main {
	t.Helper()
	env := map[string]string{"CONNECTD_DATA_DIR": t.TempDir(), "CONNECTD_LISTEN": "127.0.0.1:0"}
	for k, v := range extra {
		env[k] = v
	}
	m := NewMain()
	m.Logger = log
	if err := m.ParseFlags(nil, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// TestReadyFile: the file names the real endpoint (port 0 resolved), the
// pid, the version and the default instance with its task flow, and is gone
// after Close.
func TestReadyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ready.json")
	m := startTestMain(t, map[string]string{"CONNECTD_READY_FILE": path}, slog.New(slog.DiscardHandler))
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got readyInfo
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("ready file %s: %v", b, err)
	}
	if got.Endpoint != "http://"+m.Addr() || strings.HasSuffix(got.Endpoint, ":0") {
		t.Errorf("Endpoint = %q, want http://%s", got.Endpoint, m.Addr())
	}
	if got.Pid != os.Getpid() || got.Version != Version() {
		t.Errorf("Pid, Version = %d, %q; want %d, %q", got.Pid, got.Version, os.Getpid(), Version())
	}
	want := readyInstance{Id: m.DefaultInstance, Region: "us-east-1", AccountId: "000000000000", DefaultTaskFlowId: m.DefaultTaskFlow,
		Arn: "arn:aws:connect:us-east-1:000000000000:instance/" + m.DefaultInstance}
	if len(got.Instances) != 1 || got.Instances[0] != want {
		t.Errorf("Instances = %+v, want [%+v]", got.Instances, want)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("the ready file's directory holds %d entries, want only the file (no temporary left)", len(entries))
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("ready file after Close: %v, want it removed", err)
	}
}

// TestClockStart: the manual clock starts at --clock-start.
func TestClockStart(t *testing.T) {
	t.Parallel()
	start := time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	m := startTestMain(t, map[string]string{"CONNECTD_CLOCK": "manual", "CONNECTD_CLOCK_START": start.Format(time.RFC3339)},
		slog.New(slog.DiscardHandler))
	if got := m.manual.Now(); !got.Equal(start) {
		t.Errorf("manual clock = %v, want %v", got, start)
	}
}

// TestRequestLog: every request gets one INFO line with its operation,
// status, error type, duration, request ID and account.
func TestRequestLog(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	m := startTestMain(t, map[string]string{"CONNECTD_LOG_FORMAT": "json"},
		slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})))
	req, _ := http.NewRequest("GET", "http://"+m.Addr()+"/contacts/nope/nope", nil)
	now := time.Now().UTC()
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDLOG/"+now.Format("20060102")+
		"/eu-west-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature="+strings.Repeat("0", 64))
	req.Header.Set("X-Amz-Date", now.Format("20060102T150405Z"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var line map[string]any
	for _, l := range strings.Split(buf.String(), "\n") {
		if strings.Contains(l, `"msg":"request"`) {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatal(err)
			}
		}
	}
	if line == nil {
		t.Fatalf("no request line in the log:\n%s", buf.String())
	}
	want := map[string]any{"level": "INFO", "op": "DescribeContact", "status": float64(404),
		"error_type": "ResourceNotFoundException", "account": "000000000000", "region": "eu-west-1",
		"request_id": resp.Header.Get("x-amzn-RequestId")}
	for k, v := range want {
		if line[k] != v {
			t.Errorf("log %s = %v, want %v (line %v)", k, line[k], v, line)
		}
	}
	if _, ok := line["duration"]; !ok {
		t.Errorf("log line has no duration: %v", line)
	}
}

// TestProbeReady: `connectd health` succeeds against a serving connectd
// (its unspecified-host form too) and fails when nothing listens.
func TestProbeReady(t *testing.T) {
	t.Parallel()
	m := startTestMain(t, nil, slog.New(slog.DiscardHandler))
	if err := probeReady(context.Background(), m.Addr()); err != nil {
		t.Errorf("probeReady(%s) = %v", m.Addr(), err)
	}
	port := m.Addr()[strings.LastIndex(m.Addr(), ":"):]
	if err := probeReady(context.Background(), "0.0.0.0"+port); err != nil {
		t.Errorf("probeReady(0.0.0.0%s) = %v", port, err)
	}
	if err := probeReady(context.Background(), "127.0.0.1:1"); err == nil {
		t.Error("probeReady of a closed port = nil, want an error")
	}
}
