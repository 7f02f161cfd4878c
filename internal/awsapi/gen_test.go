package awsapi

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const modelPath = "../../../shared/aws-models/connect-service-2.json"

// runGen runs awsgen with the given implemented list into dir.
func runGen(t *testing.T, implemented, dir string) {
	t.Helper()
	if _, err := os.Stat(modelPath); err != nil {
		t.Skipf("model not present: %v", err)
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not found")
	}
	cmd := exec.Command(goBin, "run", "./awsgen", "-model", modelPath, "-implemented", implemented, "-out", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("awsgen: %v\n%s", err, out)
	}
}

// TestGeneratedUpToDate regenerates zz_*.go from the pinned model and checks
// that the committed files are identical.
func TestGeneratedUpToDate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	runGen(t, "implemented.txt", dir)
	for _, name := range []string{"zz_operations.go", "zz_shapes.go"} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale; run go generate ./internal/awsapi", name)
		}
		if bytes.Contains(got, []byte("<p>")) || bytes.Contains(got, []byte("documentation")) {
			t.Errorf("%s contains model documentation", name)
		}
	}
}

// TestUncompilablePatterns pins the model patterns Go's RE2 cannot express, so
// a model update that adds one is noticed.
func TestUncompilablePatterns(t *testing.T) {
	t.Parallel()
	var got []string
	for name := range uncompilablePatterns {
		got = append(got, name)
	}
	sort.Strings(got)
	want := []string{"Page", "Password", "PrimaryAttributeContextKeyName"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("uncompilablePatterns mismatch (-want +got):\n%s", diff)
	}
}

// TestGenerateWholeModel generates shapes for all 380 operations into a
// scratch package (inside this module's testdata, so that it may import
// connectd/internal/...) with the hand-written code and runs a union test
// there: the generator must handle every shape of the model, not only
// today's list.
func TestGenerateWholeModel(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: compiles the whole model")
	}
	t.Parallel()
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("testdata", "wholemodel")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	raw, err := os.ReadFile(modelPath)
	if err != nil {
		t.Skipf("model not present: %v", err)
	}
	var m struct{ Operations map[string]json.RawMessage }
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for name := range m.Operations {
		ops = append(ops, name)
	}
	impl := filepath.Join(dir, "all.txt")
	if err := os.WriteFile(impl, []byte(strings.Join(ops, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	handwritten, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range handwritten {
		if strings.HasPrefix(f, "zz_") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		"union_test.go": `package awsapi

import "testing"

func TestUnion(t *testing.T) {
	s, n := "x", 1.0
	for _, tc := range []struct {
		in   EvaluationAnswerData
		want string
	}{
		{EvaluationAnswerData{}, msgUnion},
		{EvaluationAnswerData{StringValue: &s}, ""},
		{EvaluationAnswerData{StringValue: &s, NumericValue: &n}, msgUnion},
	} {
		got := ""
		if err := tc.in.validate("Answer"); err != nil {
			got = err.(*ValidationError).Msg
		}
		if got != tc.want {
			t.Errorf("validate(%+v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runGen(t, impl, dir)
	cmd := exec.Command("go", "test", "-run", "TestUnion", "./"+filepath.ToSlash(dir))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test in scratch module: %v\n%s", err, out)
	}
}
