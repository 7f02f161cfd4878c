package connect_test

import (
	"maps"
	"testing"

	"connectd/internal/connect"
)

// TestBufferForgetsNoAgentsOnUserWrite: the buffer remembers that an
// instance has no routable user only until a user is written in the same
// transaction (here, set Available).
func TestBufferForgetsNoAgentsOnUserWrite(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	u := b.user(t, "agent")
	err := connect.BufferedUpdate(ctx, b.db, func(tx connect.Tx) error {
		if us, err := tx.ListRoutableUsers(ctx, b.inst); err != nil || len(us) != 0 {
			t.Fatalf("ListRoutableUsers before = %v, %v; want none", us, err)
		}
		cur, err := tx.GetUser(ctx, b.inst, u.ID)
		if err != nil {
			return err
		}
		cur.StatusID, cur.StatusStartTimestamp = b.available, b.clock.Now()
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		us, err := tx.ListRoutableUsers(ctx, b.inst)
		if err != nil || len(us) != 1 || us[0].ID != u.ID {
			t.Errorf("ListRoutableUsers after the user became Available = %v, %v; want %s", us, err, u.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBufferAttributesReadAhead: sets read ahead are what the store holds
// (empty for a set never written), and a set written afterwards in the same
// transaction reads back as written.
func TestBufferAttributesReadAhead(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	err := connect.BufferedUpdate(ctx, b.db, func(tx connect.Tx) error {
		return tx.PutAttributes(ctx, b.inst, "set-1", map[string]string{"k": "v"})
	})
	if err != nil {
		t.Fatal(err)
	}
	cs := []*connect.Contact{{InstanceID: b.inst, AttributeSetID: "set-1"}, {InstanceID: b.inst, AttributeSetID: "set-2"}}
	err = connect.BufferedUpdate(ctx, b.db, func(tx connect.Tx) error {
		if err := connect.ReadAttributesAhead(ctx, tx, cs); err != nil {
			return err
		}
		for set, want := range map[string]map[string]string{"set-1": {"k": "v"}, "set-2": {}} {
			if got, err := tx.GetAttributes(ctx, b.inst, set); err != nil || !maps.Equal(got, want) {
				t.Errorf("GetAttributes(%s) read ahead = %v, %v; want %v", set, got, err, want)
			}
		}
		if err := tx.PutAttributes(ctx, b.inst, "set-2", map[string]string{"n": "1"}); err != nil {
			return err
		}
		got, err := tx.GetAttributes(ctx, b.inst, "set-2")
		if err != nil || got["n"] != "1" {
			t.Errorf("GetAttributes(set-2) after PutAttributes = %v, %v; want n=1", got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
