package connect

import (
	"strings"
	"testing"
)

// TestKindNames checks that every Kind Kinds lists has a name of its own,
// which a new Kind gets by being added before numKinds and to kindNames.
func TestKindNames(t *testing.T) {
	t.Parallel()
	seen := map[string]Kind{}
	for _, k := range Kinds() {
		name := k.String()
		if name == "" || strings.HasPrefix(name, "kind(") {
			t.Errorf("Kind %d has no name in kindNames", k)
		}
		if other, dup := seen[name]; dup {
			t.Errorf("Kinds %d and %d are both named %q", other, k, name)
		}
		seen[name] = k
	}
}
