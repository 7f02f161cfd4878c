package connect_test

import (
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// importRules are the connectd packages each package may import (STYLE.md
// §1): the domain imports only the standard library; an adapter imports the
// domain and never another adapter (awsapi may use sigv4; the SQL stores
// share sqlstore and rowjson); only cmd/connectd wires them together. A
// package with no rule fails the test until it is given one. Tests are
// exempt, and so are the test-helper packages below.
var importRules = map[string][]string{
	"connectd/internal/connect":       {}, // and only the standard library
	"connectd/internal/rowjson":       {"connect"},
	"connectd/internal/sqlstore":      {"connect", "rowjson"},
	"connectd/internal/sqlite":        {"connect", "rowjson", "sqlstore"},
	"connectd/internal/postgres":      {"connect", "rowjson", "sqlstore"},
	"connectd/internal/awsapi":        {"connect", "sigv4"},
	"connectd/internal/awsapi/awsgen": {}, // go generate's tool
	"connectd/internal/sigv4":         {},
	"connectd/internal/scheduler":     {"connect"},
	"connectd/internal/flow":          {"connect"},
	"connectd/internal/events":        {"connect"},
	"connectd/internal/console":       {"connect"},
	"connectd/internal/admin":         {"connect", "clock"},
	"connectd/internal/bootstrap":     {"connect", "awsapi"}, // decodes its requests as the API does
	"connectd/internal/clock":         {},
	"connectd/internal/telemetry":     {"connect"},
	"connectd/internal/bench":         {}, // drives connectd as a child process, over HTTP
}

// wiring may import every connectd package; exempt are the helpers of tests.
var (
	wiring = "connectd/cmd/connectd"
	exempt = []string{"connectd/internal/storetest", "connectd/internal/connecttest", "connectd/e2e", "connectd/examples/gotest"}
)

type listedPackage struct {
	ImportPath string
	Standard   bool
	Imports    []string
}

// goList runs go list -json on patterns (with -deps when deps) and returns
// the packages it lists. It does not list test imports.
func goList(t *testing.T, deps bool, patterns ...string) []listedPackage {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	args := []string{"list", "-json=ImportPath,Standard,Imports"}
	if deps {
		args = append(args, "-deps")
	}
	out, err := exec.Command(goBin, append(args, patterns...)...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []listedPackage
	for dec := json.NewDecoder(strings.NewReader(string(out))); ; {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestImportRules enforces importRules on every package of the module.
func TestImportRules(t *testing.T) {
	t.Parallel()
	for _, p := range goList(t, false, "connectd/...") {
		if p.ImportPath == wiring || slices.Contains(exempt, p.ImportPath) {
			continue
		}
		allowed, ok := importRules[p.ImportPath]
		if !ok {
			t.Errorf("%s has no import rule: add it to importRules", p.ImportPath)
			continue
		}
		for _, imp := range p.Imports {
			name, own := strings.CutPrefix(imp, "connectd/internal/")
			if !own && !strings.HasPrefix(imp, "connectd/") {
				continue // the standard library or a module dependency
			}
			if !slices.Contains(allowed, name) {
				t.Errorf("%s imports %s; it may import only %v of connectd's packages", p.ImportPath, imp, allowed)
			}
		}
	}
}

// TestDomainImportsOnlyStdlib: the domain is the vocabulary every other
// package shares, so it depends on nothing but the standard library, also
// indirectly.
func TestDomainImportsOnlyStdlib(t *testing.T) {
	t.Parallel()
	const domain = "connectd/internal/connect"
	for _, p := range goList(t, true, domain) {
		if !p.Standard && p.ImportPath != domain {
			t.Errorf("%s depends on %s, which is not in the standard library", domain, p.ImportPath)
		}
	}
}
