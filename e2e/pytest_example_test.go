package e2e

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"
)

// pytestPython is the interpreter that runs examples/pytest: Debian's, whose
// python3-pytest and python3-boto3 packages .ci/run installs.
const pytestPython = "/usr/bin/python3"

// TestPytestExample runs the README's pytest fixtures (examples/pytest)
// against the real binary: connectd in memory, on port 0, found through its
// ready file, reset before each test.
func TestPytestExample(t *testing.T) {
	t.Parallel()
	cliNeed(t, "Debian's python3 with pytest and boto3", func() error {
		return exec.Command(pytestPython, "-c", "import pytest, boto3").Run()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, pytestPython, "-m", "pytest", "-q", "-p", "no:cacheprovider", ".")
	cmd.Dir = "../examples/pytest"
	cmd.Env = append(cliEnv(), "CONNECTD_BIN="+binary, "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pytest examples/pytest: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	if _, err := os.Stat("../examples/pytest/.pytest_cache"); err == nil {
		t.Error("pytest left a cache in the repository")
	}
}
