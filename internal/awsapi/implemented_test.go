package awsapi

import (
	"bufio"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// nopStore is a Store that is never called: registering handlers does not
// touch the store.
type nopStore struct{ connect.Store }

// TestImplementedHandlers checks that implemented.txt, from which the
// generator emits the typed shapes and the model tests take the supported
// operations, lists exactly the operations that have a handler.
func TestImplementedHandlers(t *testing.T) {
	t.Parallel()
	f, err := os.Open("implemented.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var listed []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			listed = append(listed, line)
		}
	}
	s := NewServer(Config{Logger: slog.New(slog.DiscardHandler),
		Service: connect.NewService(connect.ServiceConfig{Store: nopStore{}})})
	var handled []string
	for op := range s.handlers {
		handled = append(handled, op)
	}
	slices.Sort(listed)
	slices.Sort(handled)
	if diff := cmp.Diff(listed, handled); diff != "" {
		t.Errorf("implemented.txt and the registered handlers differ (-listed +handled):\n%s", diff)
	}
}
