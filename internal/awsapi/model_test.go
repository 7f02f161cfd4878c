package awsapi

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestOperations checks the model description that request generators use:
// every implemented operation has a constructor of its generated input
// shape, and every member bound outside the body names its location.
func TestOperations(t *testing.T) {
	t.Parallel()
	var implemented []string
	for _, op := range Operations() {
		if !op.Implemented {
			if op.NewInput != nil {
				t.Errorf("%s: not implemented but has NewInput", op.Name)
			}
			continue
		}
		implemented = append(implemented, op.Name)
		in, ok := op.NewInput().(input)
		if !ok {
			t.Errorf("%s: NewInput returns %T, not a generated input shape", op.Name, op.NewInput())
			continue
		}
		if got, want := in.inputShape(), findOp(op.Name).Input; got != want {
			t.Errorf("%s: NewInput makes %s, want %s", op.Name, got, want)
		}
		rt := reflect.TypeOf(in).Elem()
		for i := range rt.NumField() {
			f := rt.Field(i)
			if f.Tag.Get("json") != "-" {
				continue
			}
			loc, name, ok := strings.Cut(f.Tag.Get("http"), ",")
			if !ok || name == "" || !slices.Contains([]string{"uri", "querystring", "header"}, loc) {
				t.Errorf("%s.%s: http tag %q, want location,name", rt.Name(), f.Name, f.Tag.Get("http"))
			}
			if loc == "uri" && !strings.Contains(op.URI, "{"+name+"}") {
				t.Errorf("%s.%s: path label %s is not in %s", rt.Name(), f.Name, name, op.URI)
			}
		}
	}
	if !slices.Equal(implemented, generatedOps) {
		t.Errorf("implemented operations = %v, want %v", implemented, generatedOps)
	}
	if s, ok := ErrorStatus("ContactNotFoundException"); !ok || s != 410 {
		t.Errorf("ErrorStatus(ContactNotFoundException) = %d, %v; want 410, true", s, ok)
	}
	if _, ok := ErrorStatus("UnknownOperationException"); ok {
		t.Error("ErrorStatus(UnknownOperationException) reports a model shape")
	}
}
