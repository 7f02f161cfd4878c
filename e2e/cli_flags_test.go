package e2e

import (
	"os/exec"
	"strings"
	"testing"
)

// TestVersionAndHelp: the binary prints its version (subcommand and flag)
// and its usage, and exits 0 for each; an unknown flag exits 2.
func TestVersionAndHelp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
		code int
	}{
		{[]string{"version"}, "connectd ", 0},
		{[]string{"--version"}, "connectd ", 0},
		{[]string{"--help"}, "usage: connectd [migrate|version|health|bench] [flags]", 0},
		{[]string{"-h"}, "-ready-file", 0},
		{[]string{"--no-such-flag"}, "flag provided but not defined", 2},
		{[]string{"health", "--listen", "127.0.0.1:1"}, "health:", 1},
	} {
		out, err := exec.Command(binary, tc.args...).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code || !strings.Contains(string(out), tc.want) {
			t.Errorf("connectd %s: exit %d, output %q; want exit %d and %q", strings.Join(tc.args, " "), code, out, tc.code, tc.want)
		}
	}
}
