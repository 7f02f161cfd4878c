package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// --- Update semantics

func testUpdateRollsBack(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	tests := []struct {
		name  string
		ctx   func(t *testing.T) context.Context
		fail  func() error // called after the writes; nil: panic
		check func(t *testing.T, err error)
	}{
		{"Error", func(t *testing.T) context.Context { return t.Context() },
			func() error { return errBoom },
			func(t *testing.T, err error) {
				if !errors.Is(err, errBoom) {
					t.Errorf("Update = %v, want %v", err, errBoom)
				}
			}},
		{"Panic", func(t *testing.T) context.Context { return t.Context() },
			nil,
			func(t *testing.T, err error) {
				if err == nil {
					t.Error("Update = nil after a panic, want an error")
				}
			}},
		{"CancelledContext", func(t *testing.T) context.Context {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			return ctx
		}, func() error { return nil },
			func(t *testing.T, err error) {
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Update = %v, want context.Canceled", err)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			id := "c-" + tc.name
			err := s.Update(tc.ctx(t), func(tx connect.Tx) error {
				ctx := t.Context()
				if err := tx.InsertContact(ctx, newContact("i-1", id)); err != nil {
					return err
				}
				if err := tx.PutAttributes(ctx, "i-1", "set-"+id, map[string]string{"a": "b"}); err != nil {
					return err
				}
				if err := tx.SetTags(ctx, arn(partition, "i-1", ""), map[string]string{"by": id}); err != nil {
					return err
				}
				if tc.fail == nil {
					panic("boom")
				}
				return tc.fail()
			})
			tc.check(t, err)
			if _, err := s.GetContact(t.Context(), "i-1", id); !connect.IsNotFound(err) {
				t.Errorf("GetContact after failed Update = %v, want NotFound", err)
			}
			if m, err := s.GetAttributes(t.Context(), "i-1", "set-"+id); err != nil || len(m) != 0 {
				t.Errorf("GetAttributes after failed Update = %v, %v; want empty", m, err)
			}
			in, err := s.GetInstance(t.Context(), "i-1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string]string{"team": "blue"}, in.Tags); diff != "" {
				t.Errorf("instance tags after failed Update (-want +got):\n%s", diff)
			}
		})
	}
	// The store still works after all that.
	mustContact(t, s, newContact("i-1", "c-after"))
}

func testUpdateReadsOwnWrites(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	c := newContact("i-1", "c-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		ctx := t.Context()
		if err := tx.InsertContact(ctx, c); err != nil {
			return err
		}
		got, err := tx.GetContact(ctx, "i-1", "c-1")
		if err != nil {
			return fmt.Errorf("GetContact in the same tx: %w", err)
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("GetContact in tx mismatch (-want +got):\n%s", diff)
		}
		if _, err := tx.GetContactByClientToken(ctx, "i-1", c.ClientToken); err != nil {
			return fmt.Errorf("GetContactByClientToken in the same tx: %w", err)
		}
		if err := tx.PutAttributes(ctx, "i-1", "s", map[string]string{"k": "v"}); err != nil {
			return err
		}
		m, err := tx.GetAttributes(ctx, "i-1", "s")
		if err != nil {
			return err
		}
		if m["k"] != "v" {
			t.Errorf("GetAttributes in tx = %v, want k=v", m)
		}
		return nil
	})
}

func testUpdateConcurrentIsolation(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	const n = 50
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = s.Update(t.Context(), func(tx connect.Tx) error {
				ctx := t.Context()
				id := fmt.Sprintf("c-%02d", i)
				if err := tx.InsertContact(ctx, newContact("i-1", id)); err != nil {
					return err
				}
				if err := tx.PutAttributes(ctx, "i-1", "set-"+id, map[string]string{"i": id}); err != nil {
					return err
				}
				if i%2 == 1 {
					return fmt.Errorf("request %d: %w", i, errBoom)
				}
				return nil
			})
		})
	}
	close(start)
	wg.Wait()
	var want []string
	for i := range n {
		if i%2 == 1 {
			if !errors.Is(errs[i], errBoom) {
				t.Errorf("Update %d = %v, want %v", i, errs[i], errBoom)
			}
			continue
		}
		if errs[i] != nil {
			t.Errorf("Update %d = %v, want nil", i, errs[i])
		}
		want = append(want, fmt.Sprintf("c-%02d", i))
	}
	got, total, err := s.SearchContacts(t.Context(), "i-1", connect.ContactQuery{})
	if err != nil {
		t.Fatal(err)
	}
	gotIDs := contactIDs(got)
	slices.Sort(gotIDs)
	if diff := cmp.Diff(want, gotIDs); diff != "" {
		t.Errorf("persisted contacts mismatch (-want +got):\n%s", diff)
	}
	if total != n/2 {
		t.Errorf("total = %d, want %d", total, n/2)
	}
	for i := range n {
		id := fmt.Sprintf("c-%02d", i)
		m, err := s.GetAttributes(t.Context(), "i-1", "set-"+id)
		if err != nil {
			t.Fatal(err)
		}
		if (i%2 == 0) != (m["i"] == id) {
			t.Errorf("attributes of %s = %v after Update %d returned %v", id, m, i, errs[i])
		}
	}
}

func testCheckThenInsertRace(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	const n = 20
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = s.Update(t.Context(), func(tx connect.Tx) error {
				ctx := t.Context()
				_, err := tx.GetContactByClientToken(ctx, "i-1", "same-token")
				if err == nil {
					return nil // already created: idempotent success
				}
				if !connect.IsNotFound(err) {
					return err
				}
				c := newContact("i-1", fmt.Sprintf("c-%02d", i))
				c.ClientToken = "same-token"
				return tx.InsertContact(ctx, c)
			})
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Update %d = %v, want nil", i, err)
		}
	}
	_, total, err := s.SearchContacts(t.Context(), "i-1", connect.ContactQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 {
		t.Errorf("contacts = %d, want 1", total)
	}
	if _, err := s.GetContactByClientToken(t.Context(), "i-1", "same-token"); err != nil {
		t.Errorf("GetContactByClientToken = %v, want nil", err)
	}
}
