package storetest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"connectd/internal/connect"
)

// crashAcks is how many acknowledged Updates the child prints before the
// parent kills it.
const crashAcks = 300

// CrashHelper is the child process of CrashKeepsAcknowledged. Call it from a
// test of its own (the one CrashKeepsAcknowledged is told to run): it skips
// unless the environment variable env is set, and otherwise opens the store
// at $env with open and opts, runs Updates inserting contacts into instance
// i-1 from several goroutines, and prints each acknowledged contact ID until
// it is killed.
func CrashHelper[S connect.Store, O any](t *testing.T, env string, open OpenFunc[S, O], opts O) {
	loc := os.Getenv(env)
	if loc == "" {
		t.Skip("helper process for TestCrashKeepsAcknowledged")
	}
	s, err := open(context.Background(), loc, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper open:", err)
		os.Exit(2)
	}
	var (
		mu   sync.Mutex
		next atomic.Int64
		wg   sync.WaitGroup
	)
	out := bufio.NewWriter(os.Stdout)
	for range 8 {
		wg.Go(func() {
			for {
				id := "c-" + strconv.FormatInt(next.Add(1), 10)
				if err := s.Update(context.Background(), func(tx connect.Tx) error {
					return tx.InsertContact(context.Background(), Contact("i-1", id))
				}); err != nil {
					fmt.Fprintln(os.Stderr, "helper update:", err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Fprintln(out, id) // acknowledged: print, then flush before anything else
				out.Flush()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// CrashKeepsAcknowledged SIGKILLs a process in the middle of a stream of
// Updates and checks that every Update it acknowledged survived: a store
// answers an Update only once its writes are committed. (A process crash,
// not a power cut: the page cache survives SIGKILL.)
//
// loc must name a new, empty store (a file path, a schema's URL) that both
// processes open with open and opts. The parent adds instance i-1 and closes
// the store again before starting the child, so that only one process has it
// open at a time (SQLite's file lock allows no more). The child is this test
// binary running only the test named helper, which must call CrashHelper
// with the same env; it gets loc in $env. After the kill the parent opens loc
// anew, so what it reads is what the store kept, not what a live store holds.
func CrashKeepsAcknowledged[S connect.Store, O any](t *testing.T, helper, env, loc string, open OpenFunc[S, O], opts O) {
	if testing.Short() {
		t.Skip("short")
	}
	s, err := open(t.Context(), loc, opts)
	if err != nil {
		t.Fatalf("Open = %v", err) // not loc: a URL may carry a password
	}
	InsertInstance(t, s, "i-1")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^"+helper+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+loc)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked []string
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "c-") {
			acked = append(acked, sc.Text())
		}
		if len(acked) == crashAcks {
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != -1 {
		t.Fatalf("helper ended with %v, want death by SIGKILL", err)
	}
	if len(acked) < crashAcks {
		t.Fatalf("helper acknowledged %d Updates before dying, want >= %d", len(acked), crashAcks)
	}

	s = MustOpen(t, open, loc, opts) // whatever the helper held died with it
	for _, id := range acked {
		if _, err := s.GetContact(t.Context(), "i-1", id); err != nil {
			t.Errorf("acknowledged contact %s after crash: %v", id, err)
		}
	}
	_, total, err := s.SearchContacts(t.Context(), "i-1", connect.ContactQuery{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("acknowledged %d, found %d after SIGKILL", len(acked), total)
}
