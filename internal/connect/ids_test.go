package connect_test

import (
	"regexp"
	"testing"
	"time"

	"connectd/internal/connect"
)

// uuid4 is the form of Amazon Connect's IDs: a version 4, RFC 4122 variant
// UUID in lower case.
var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestIDsHaveAmazonConnectsForm(t *testing.T) {
	t.Parallel()
	for _, gen := range []connect.IDGen{connect.RandomIDs{}, connect.OrderedIDs{}} {
		seen := map[string]bool{}
		for range 1000 {
			id := gen.NewID()
			if !uuid4.MatchString(id) {
				t.Fatalf("%T made %q, not a version 4 UUID", gen, id)
			}
			if seen[id] {
				t.Fatalf("%T made %q twice", gen, id)
			}
			seen[id] = true
		}
	}
}

// TestOrderedIDsSortByTime: an ID made in a later millisecond sorts after
// one made earlier (what keeps index inserts at the index's end).
func TestOrderedIDsSortByTime(t *testing.T) {
	t.Parallel()
	prev := connect.OrderedIDs{}.NewID()
	for range 5 {
		start := time.Now()
		for time.Now().UnixMilli() == start.UnixMilli() {
			// spin into the next millisecond: the wall clock is what orders IDs
		}
		id := connect.OrderedIDs{}.NewID()
		if id <= prev {
			t.Fatalf("ID %q made after %q sorts before it", id, prev)
		}
		prev = id
	}
}
