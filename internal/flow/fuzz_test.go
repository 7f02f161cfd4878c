package flow

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that no content makes Parse, Validate or the accessors
// panic, and that a parsed flow's index agrees with its actions.
func FuzzParse(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(``)
	f.Add(`null`)
	f.Add(`{"Actions":[{"Transitions":{"Conditions":[{"Condition":{"Operator":"Or","Operands":[{"Operands":["x"]}]}}]}}]}`)

	f.Fuzz(func(t *testing.T, content string) {
		problems := Validator{}.ValidateFlow(content)
		fl, err := Parse(content)
		if err != nil {
			if len(problems) != 1 {
				t.Fatalf("Parse failed (%v) but ValidateFlow gave %d problems", err, len(problems))
			}
			return
		}
		for _, p := range Validate(fl) {
			if p.Message == "" {
				t.Fatal("empty problem message")
			}
		}
		for i := range fl.Actions {
			a, ok := fl.Action(fl.Actions[i].Identifier)
			if !ok || a.Identifier != fl.Actions[i].Identifier {
				t.Fatalf("Action(%q) = %v, %v", fl.Actions[i].Identifier, a, ok)
			}
		}
		if s := fl.Start(); s != nil && s.Identifier != fl.StartAction {
			t.Fatalf("Start() = %q, StartAction %q", s.Identifier, fl.StartAction)
		}
		if _, err := Compile(content); (err == nil) != (len(problems) == 0) {
			t.Fatalf("Compile error %v disagrees with %d problems", err, len(problems))
		}
	})
}
