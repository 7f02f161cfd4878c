// Package e2e drives a real connectd process with the real AWS SDK for Go
// (SigV4-signed, over HTTP), as a user would.
package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// binary is the connectd binary built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "connectd-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "connectd")
	build := exec.Command("go", "build", "-race", "-o", binary, "../cmd/connectd")
	if os.Getenv("CONNECTD_E2E_NORACE") != "" {
		build = exec.Command("go", "build", "-o", binary, "../cmd/connectd")
	}
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build connectd:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a running connectd process.
type server struct {
	URL        string // http://127.0.0.1:port
	InstanceID string // the default instance
	TaskFlowID string // the default task flow
	DataDir    string
	cmd        *exec.Cmd
	done       chan struct{}
}

var readyLine = regexp.MustCompile(`connectd ready.* endpoint=(\S+).* instance_id=(\S+) task_flow_id=(\S+)`)

// startServer runs connectd on a fresh port over dataDir ("" for a new
// temporary one) with extra flags, and waits until it is ready.
func startServer(t testing.TB, dataDir string, flags ...string) *server {
	t.Helper()
	return startServerIn(t, "", dataDir, flags...)
}

// startServerIn is startServer with the process's working directory set to
// workDir ("": the test's).
func startServerIn(t testing.TB, workDir, dataDir string, flags ...string) *server {
	t.Helper()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	flags = append(storeFlags(t, dataDir, flags), flags...) // CONNECTD_E2E_STORE (postgres_test.go)
	args := append([]string{"--listen", "127.0.0.1:0", "--data-dir", dataDir}, flags...)
	cmd := exec.Command(binary, args...)
	cmd.Dir = workDir
	cmd.Env = append(os.Environ(), "CONNECTD_LOG_LEVEL=info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, DataDir: dataDir, done: make(chan struct{})}
	ready := make(chan []string, 1)
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := readyLine.FindStringSubmatch(sc.Text()); m != nil {
				ready <- m
			}
			if testing.Verbose() {
				fmt.Fprintln(os.Stderr, "connectd:", sc.Text())
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
		_ = cmd.Wait()
	}()
	select {
	case m := <-ready:
		s.URL, s.InstanceID, s.TaskFlowID = m[1], m[2], m[3]
	case <-s.done:
		t.Fatalf("connectd exited before it was ready: %v", cmd.ProcessState)
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("connectd was not ready within 30s")
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop ends the process gracefully (SIGTERM) and waits for it.
func (s *server) stop(t testing.TB) {
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		t.Error("connectd did not stop within 15s of SIGTERM")
	}
}

// kill ends the process with SIGKILL: no shutdown code runs.
func (s *server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// client returns an SDK client for s that signs as an access key of the given
// region, and does not retry, so that error tests see the first answer.
func (s *server) client(t testing.TB, opts ...func(*connect.Options)) *connect.Client {
	t.Helper()
	o := connect.Options{
		BaseEndpoint:     aws.String(s.URL),
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		RetryMaxAttempts: 1,
	}
	return connect.New(o, opts...)
}

// inRegion makes a client sign for another region.
func inRegion(region string) func(*connect.Options) {
	return func(o *connect.Options) { o.Region = region }
}

// withKey makes a client sign with another key.
func withKey(id, secret string) func(*connect.Options) {
	return func(o *connect.Options) {
		o.Credentials = credentials.NewStaticCredentialsProvider(id, secret, "")
	}
}

// wantAPIError checks that err is the API error code with HTTP status.
func wantAPIError(t testing.TB, err error, code string, status int) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %s (%d)", code, status)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want API error %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Errorf("error code = %s (%s), want %s", ae.ErrorCode(), ae.ErrorMessage(), code)
	}
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v has no HTTP response", err)
	}
	if got := re.HTTPStatusCode(); got != status {
		t.Errorf("HTTP status = %d, want %d (%s)", got, status, ae.ErrorMessage())
	}
}

// rawRequest sends an unsigned request, for the checks the SDK would refuse to send.
func rawRequest(t testing.TB, s *server, method, path, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}
