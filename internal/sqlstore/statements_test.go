package sqlstore

import (
	"context"
	"regexp"
	"testing"

	"connectd/internal/connect"
)

// neutral is a Dialect whose own statements are empty, to list ours alone.
type neutral struct{}

func (neutral) List(l []string) any { return l }
func (neutral) NoLimit() any        { return nil }
func (neutral) ClaimDue() string    { return "" }
func (neutral) LastEventSeq() string {
	return "SELECT 0"
}
func (neutral) AppendEvent(context.Context, Conn, *connect.EventRecord) error    { return nil }
func (neutral) AppendEvents(context.Context, Conn, []*connect.EventRecord) error { return nil }
func (neutral) EventHorizon() string                                             { return "" }
func (neutral) KeepEventSeq() string                                             { return "" }
func (neutral) AddActiveContacts(context.Context, Conn, string, int, int) (bool, error) {
	return true, nil
}
func (neutral) IsUnique(error) bool                 { return false }
func (neutral) IsForeignKey(error) bool             { return false }
func (neutral) Internal(op string, err error) error { return Internal(op, err) }

// TestStatementsAreNeutral keeps the statements in the neutral dialect that
// both backends rewrite: numbered ?N parameters, no engine's own markers.
func TestStatementsAreNeutral(t *testing.T) {
	bad := regexp.MustCompile(`\$\d|\?[^\d]|\?$|::`)
	for _, st := range Statements(neutral{}) {
		if m := bad.FindString(st.SQL); m != "" {
			t.Errorf("%s: %q is not neutral SQL (numbered ?N parameters, CAST, ?N[] lists): %s", st.Name, m, st.SQL)
		}
	}
}
