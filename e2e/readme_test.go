package e2e

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeWorkedExample runs the README's worked example, as written,
// twice in a row on one server: the shell block of "Worked example", whose
// first line (go run ...) gives the server's flags and whose event stream
// (curl -N ... &) is left out, with the README's endpoint replaced by the
// server's.
func TestReadmeWorkedExample(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"bash", "aws", "curl", "python3"} {
		cliNeed(t, tool, cliLookPath(tool))
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "### Worked example")
	if !ok {
		t.Fatal("README has no worked example")
	}
	_, rest, ok = strings.Cut(rest, "```sh\n")
	block, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("the worked example has no sh block")
	}
	lines := strings.Split(strings.TrimSpace(block), "\n")
	run, ok := strings.CutPrefix(lines[0], "go run ./cmd/connectd ")
	if !ok {
		t.Fatalf("the worked example starts with %q, want go run ./cmd/connectd", lines[0])
	}
	flags := strings.Fields(strings.TrimSuffix(strings.TrimSpace(run), "&"))
	var script []string
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "curl -N ") {
			continue
		}
		script = append(script, l)
	}
	// The server runs in the repository (the README's paths are relative
	// to it); with --store memory it writes nothing there.
	s := startServerIn(t, "..", t.TempDir(), flags...)
	sh := "set -euo pipefail\n" + strings.ReplaceAll(strings.Join(script, "\n"), "http://127.0.0.1:4580", s.URL) + "\n"
	for _, round := range []string{"first", "second"} {
		r := cliRun(t, sh, "bash", "-s")
		if r.code != 0 {
			t.Fatalf("%s run of the worked example: exit %d\n%s\n%s", round, r.code, r.stdout, r.stderr)
		}
		out := strings.TrimSpace(r.stdout)
		if !strings.HasSuffix(out, `"AGENT_DISCONNECT"`) {
			t.Errorf("%s run of the worked example ends with %q, want the task ended by its agent",
				round, out[max(0, len(out)-200):])
		}
		for _, want := range []string{`"ActionType":"UpdateContactTargetQueue"`, `"AgentContactState":"CONNECTING"`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s run: the output lacks %s:\n%s", round, want, out)
			}
		}
	}
}
