package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	_ "modernc.org/sqlite" // reads the size of connectd's SQLite store
)

// ConnectdOptions choose how one connectd process runs.
type ConnectdOptions struct {
	// Store is sqlite, memory or postgres ("": the run's --store).
	Store string
	// PostgresURL is the database of a postgres store ("": a new schema,
	// see Env.PostgresSchema).
	PostgresURL string
	// Args are more flags for connectd.
	Args []string
}

// Connectd is a connectd child process with its default instance.
type Connectd struct {
	Endpoint   string
	InstanceID string
	FlowID     string // the instance's "Default task flow"
	Store      string
	// Client is an SDK client signing with the run's credentials.
	Client *connect.Client

	*process
	dir         string // --data-dir of a sqlite store
	postgresURL string
	http        *http.Client
}

// StartConnectd starts connectd with strict SigV4 and a manual clock on a
// fresh store, and waits until it serves.
func (e *Env) StartConnectd(ctx context.Context, o ConnectdOptions) (*Connectd, error) {
	if o.Store == "" {
		o.Store = e.Options.Store
	}
	dir, err := e.TempDir("connectd")
	if err != nil {
		return nil, err
	}
	c := &Connectd{Store: o.Store, dir: filepath.Join(dir, "data")}
	ready := filepath.Join(dir, "ready.json")
	args := []string{"--listen", "127.0.0.1:0", "--ready-file", ready, "--store", o.Store,
		"--auth", "strict", "--credentials", e.creds, "--account-id", benchAccount, "--region", benchRegion,
		"--clock", "manual", "--log-level", "warn",
		// A large clock advance answers once every due task has started.
		"--write-timeout", "0",
		// Every task the load starts stays queued: the quota would stop it.
		"--active-task-quota", "1000000000"}
	switch o.Store {
	case "sqlite":
		args = append(args, "--data-dir", c.dir)
	case "postgres":
		if o.PostgresURL == "" {
			if o.PostgresURL, err = e.PostgresSchema(ctx); err != nil {
				return nil, err
			}
		}
		c.postgresURL = o.PostgresURL
		args = append(args, "--postgres-url", o.PostgresURL)
	}
	args = append(args, o.Args...)
	c.process, err = e.startProcess(dir, e.connectdCommand(), args)
	if err != nil {
		return nil, err
	}
	var info readyFile
	if err := c.waitFile(ctx, ready, &info); err != nil {
		return nil, err
	}
	c.Endpoint = info.Endpoint
	if len(info.Instances) == 0 || info.Instances[0].DefaultTaskFlowId == "" {
		return nil, errors.New("connectd's ready file names no instance with a default task flow")
	}
	c.InstanceID, c.FlowID = info.Instances[0].Id, info.Instances[0].DefaultTaskFlowId
	c.http = newHTTPClient()
	c.Client = newClient(c.Endpoint, c.http)
	return c, nil
}

type readyFile struct {
	Endpoint  string
	Instances []struct{ Id, DefaultTaskFlowId string }
}

// process is a child process of the run: connectd, or the baseline.
type process struct {
	Pid    int
	cmd    *exec.Cmd
	exited chan error
	log    string // its stdout and stderr
}

// connectdCommand is the argv prefix that runs the connectd under test.
func (e *Env) connectdCommand() []string {
	if e.Options.Connectd != "" {
		return []string{e.Options.Connectd}
	}
	return e.Options.Command
}

// startProcess runs command with args, its output in dir.
func (e *Env) startProcess(dir string, command, args []string) (*process, error) {
	if len(command) == 0 {
		return nil, errors.New("no command runs connectd")
	}
	p := &process{log: filepath.Join(dir, "output.log")}
	logFile, err := os.Create(p.log)
	if err != nil {
		return nil, err
	}
	p.cmd = exec.Command(command[0], append(append([]string(nil), command[1:]...), args...)...)
	p.cmd.Env = append(os.Environ(), e.Options.Env...)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	if err := p.cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", command[0], err)
	}
	p.Pid = p.cmd.Process.Pid
	p.exited = make(chan error, 1)
	go func() { p.exited <- p.cmd.Wait(); logFile.Close() }()
	e.onClose(func() { p.Close() })
	return p, nil
}

// waitFile waits until the process has written JSON to path, and decodes it
// into v.
func (p *process) waitFile(ctx context.Context, path string, v any) error {
	deadline := time.Now().Add(2 * time.Minute)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, v) == nil {
			return nil
		}
		select {
		case err := <-p.exited:
			p.exited <- err
			log, _ := os.ReadFile(p.log)
			return fmt.Errorf("%s exited before it served (%v): %s", p.cmd.Path, err, bytes.TrimSpace(log))
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			if time.Now().After(deadline) {
				return fmt.Errorf("%s did not write %s within 2 minutes", p.cmd.Path, path)
			}
		}
	}
}

// Close stops the process (SIGINT, then SIGKILL after 30s).
func (p *process) Close() error {
	if p == nil || p.cmd.Process == nil {
		return nil
	}
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-p.exited:
		p.exited <- err
		return nil
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		err := <-p.exited
		p.exited <- err
		return errors.New("the process did not stop within 30s of SIGINT: killed")
	}
}

// RSS returns the process's resident set size now and at its peak, in
// bytes (Linux: /proc/PID/status; 0 elsewhere).
func (p *process) RSS() (now, peak int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			now = kb << 10
		case "VmHWM":
			peak = kb << 10
		}
	}
	return now, peak
}

// CPU returns the CPU time the process has used so far, user and system
// (Linux: /proc/PID/stat; 0 elsewhere). On a machine shared with the load
// generator and other work, the CPU a piece of work took varies less from
// run to run than the time it took.
func (p *process) CPU() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.Pid))
	if err != nil {
		return 0
	}
	// The command name, field 2, is in parentheses and may hold spaces:
	// utime and stime are the 12th and 13th fields after it.
	_, rest, ok := strings.Cut(string(b), ") ")
	if !ok {
		return 0
	}
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const ticksPerSecond = 100 // USER_HZ, 100 on every Linux architecture Go runs on
	return time.Duration(utime+stime) * time.Second / ticksPerSecond
}

// StoreBytes is the size of connectd's store: the SQLite files (database
// and WAL), or the PostgreSQL schema's tables; -1 for the memory store.
func (c *Connectd) StoreBytes(ctx context.Context) (int64, error) {
	switch c.Store {
	case "sqlite":
		var n int64
		entries, err := os.ReadDir(c.dir)
		if err != nil {
			return 0, err
		}
		for _, e := range entries {
			if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() {
				n += fi.Size()
			}
		}
		return n, nil
	case "postgres":
		return postgresBytes(ctx, c.postgresURL)
	}
	return -1, nil
}

// LiveBytes is the part of the store that holds data: for SQLite, the
// database's pages less its free list (pages that retention freed are
// reused by new rows, but the file does not shrink); otherwise StoreBytes.
func (c *Connectd) LiveBytes(ctx context.Context) (int64, error) {
	if c.Store != "sqlite" {
		return c.StoreBytes(ctx)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(c.dir, "connectd.db")+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var pages, free, size int64
	for _, p := range []struct {
		pragma string
		v      *int64
	}{{"page_count", &pages}, {"freelist_count", &free}, {"page_size", &size}} {
		if err := db.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(p.v); err != nil {
			return 0, fmt.Errorf("%s: %w", p.pragma, err)
		}
	}
	return (pages - free) * size, nil
}

// Advance moves connectd's manual clock forward; connectd starts the
// work due on the way before it answers. It returns how many contacts woke.
func (c *Connectd) Advance(ctx context.Context, d time.Duration) (int, error) {
	body, err := c.Admin(ctx, http.MethodPost, "/_connectd/v1/clock", map[string]float64{"AdvanceSeconds": d.Seconds()})
	if err != nil {
		return 0, err
	}
	var out struct{ ContactsWoken int }
	return out.ContactsWoken, json.Unmarshal(body, &out)
}

// Now returns connectd's clock.
func (c *Connectd) Now(ctx context.Context) (time.Time, error) {
	body, err := c.Admin(ctx, http.MethodGet, "/_connectd/v1/clock", nil)
	if err != nil {
		return time.Time{}, err
	}
	var out struct{ Now float64 }
	if err := json.Unmarshal(body, &out); err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(int64(out.Now * 1000)).UTC(), nil
}

// Admin calls connectd's own API, signed with the run's credentials, and
// returns the body of a 200 answer.
func (c *Connectd) Admin(ctx context.Context, method, path string, in any) ([]byte, error) {
	var payload []byte
	if in != nil {
		var err error
		if payload, err = json.Marshal(in); err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Endpoint+path, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(payload)
	creds := aws.Credentials{AccessKeyID: benchKeyID, SecretAccessKey: benchSecret}
	if err := v4.NewSigner().SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "connect", benchRegion, time.Now()); err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(body))
	}
	return body, nil
}

// newHTTPClient keeps a connection per worker open between requests.
func newHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096, IdleConnTimeout: time.Minute,
	}, Timeout: 10 * time.Minute}
}

// newClient is an SDK client on endpoint, with the run's credentials and no
// retries: a failed call is counted, not hidden.
func newClient(endpoint string, hc *http.Client) *connect.Client {
	return connect.New(connect.Options{
		BaseEndpoint: aws.String(endpoint),
		Region:       benchRegion,
		Credentials:  credentials.NewStaticCredentialsProvider(benchKeyID, benchSecret, ""),
		HTTPClient:   hc,
		Retryer:      aws.NopRetryer{},
	})
}
