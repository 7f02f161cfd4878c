package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/jackc/pgx/v5"
)

// The credentials connectd is started with (strict SigV4) and the load is
// signed with.
const (
	benchAccount = "111122223333"
	benchRegion  = "us-east-1"
	benchKeyID   = "AKIDCONNECTDBENCH"
	benchSecret  = "connectd-bench-secret-key"
)

// Env is what a scenario works with: it starts connectd processes and the
// baseline handler, and collects the report. Everything it starts stops when
// the run ends.
type Env struct {
	Options Options
	dir     string // temporary: credentials, data directories, logs
	creds   string // the credentials file
	report  *Report

	mu      sync.Mutex
	closers []func()
	seq     int
}

func newEnv(ctx context.Context, o Options) (*Env, error) {
	dir, err := os.MkdirTemp("", "connectd-bench-")
	if err != nil {
		return nil, err
	}
	e := &Env{Options: o, dir: dir, creds: filepath.Join(dir, "credentials.json")}
	creds, _ := json.Marshal([]map[string]string{{"AccessKeyId": benchKeyID, "SecretAccessKey": benchSecret, "AccountId": benchAccount}})
	if err := os.WriteFile(e.creds, creds, 0o600); err != nil {
		e.close()
		return nil, err
	}
	return e, nil
}

func (e *Env) close() {
	e.mu.Lock()
	closers := e.closers
	e.closers = nil
	e.mu.Unlock()
	for i := len(closers) - 1; i >= 0; i-- {
		closers[i]()
	}
	if e.Options.KeepDir {
		e.logf("kept %s", e.dir)
		return
	}
	os.RemoveAll(e.dir)
}

func (e *Env) onClose(f func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closers = append(e.closers, f)
}

func (e *Env) logf(format string, args ...any) {
	fmt.Fprintf(e.Options.Log, "bench: "+format+"\n", args...)
}

// Add adds a row to the report, under the running scenario's name.
func (e *Env) Add(r Row) { e.report.Add(r) }

// Note adds a line printed under the report's table.
func (e *Env) Note(format string, args ...any) { e.report.Note(format, args...) }

// Logf prints progress to the run's log.
func (e *Env) Logf(format string, args ...any) { e.logf(format, args...) }

// TempDir returns a new directory under the run's temporary directory.
func (e *Env) TempDir(name string) (string, error) {
	e.mu.Lock()
	e.seq++
	n := e.seq
	e.mu.Unlock()
	dir := filepath.Join(e.dir, fmt.Sprintf("%s-%d", name, n))
	return dir, os.MkdirAll(dir, 0o700)
}

// PostgresSchema creates an empty schema in the run's PostgreSQL database
// and returns a URL whose connections use it; it is dropped when the run
// ends. Several connectd nodes given the same URL share one store.
func (e *Env) PostgresSchema(ctx context.Context) (string, error) {
	if e.Options.PostgresURL == "" {
		return "", fmt.Errorf("this scenario needs --postgres-url")
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "connectd_bench_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, e.Options.PostgresURL)
	if err != nil {
		return "", fmt.Errorf("connect to postgres: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return "", fmt.Errorf("create schema: %w", err)
	}
	e.onClose(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if conn, err := pgx.Connect(ctx, e.Options.PostgresURL); err == nil {
			conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			conn.Close(ctx)
		}
	})
	u, err := url.Parse(e.Options.PostgresURL)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// postgresBytes is the size of the tables (with their indexes and TOAST)
// of the schema a URL from PostgresSchema uses.
func postgresBytes(ctx context.Context, rawURL string) (int64, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, err
	}
	conn, err := pgx.Connect(ctx, rawURL)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var n int64
	err = conn.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
		FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
		WHERE s.nspname = $1 AND c.relkind = 'r'`, u.Query().Get("search_path")).Scan(&n)
	return n, err
}

// Baseline is the bare handler, a child process as connectd is, behind an
// SDK client.
type Baseline struct {
	*process
	Endpoint string
	Client   *connect.Client
}

// StartBaseline starts the bare handler (`connectd bench --serve-baseline`).
func (e *Env) StartBaseline(ctx context.Context) (*Baseline, error) {
	dir, err := e.TempDir("baseline")
	if err != nil {
		return nil, err
	}
	ready := filepath.Join(dir, "ready.json")
	p, err := e.startProcess(dir, e.Options.Command, []string{"bench", "--serve-baseline", ready})
	if err != nil {
		return nil, err
	}
	var info readyFile
	if err := p.waitFile(ctx, ready, &info); err != nil {
		return nil, err
	}
	return &Baseline{process: p, Endpoint: info.Endpoint, Client: newClient(info.Endpoint, newHTTPClient())}, nil
}

// serveBaseline serves the bare handler on a loopback port until ctx ends;
// once it listens, it writes {"Endpoint": URL} to readyPath.
func serveBaseline(ctx context.Context, readyPath string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: baselineHandler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	b, _ := json.Marshal(map[string]string{"Endpoint": "http://" + ln.Addr().String()})
	tmp := readyPath + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, readyPath); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return srv.Close()
	case err := <-served:
		return err
	}
}

func numCPU() int { return runtime.NumCPU() }
