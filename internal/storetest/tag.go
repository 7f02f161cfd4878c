package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// --- tags

func testTags(t *testing.T, s connect.Store) {
	ctx := t.Context()
	in := mustInstance(t, s, "i-1")
	f, q, h, c := newFlow("i-1", "f-1", "Main"), newQueue("i-1", "q-1", "Q"), newHours("i-1", "h-1"), newContact("i-1", "c-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertContactFlow(ctx, f), tx.InsertQueue(ctx, q),
			tx.InsertHoursOfOperation(ctx, h), tx.InsertContact(ctx, c))
	})
	tests := []struct {
		name string
		arn  string
		get  func() (map[string]string, error)
	}{
		{"Instance", in.ARN, func() (map[string]string, error) {
			v, err := s.GetInstance(ctx, "i-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"ContactFlow", f.ARN, func() (map[string]string, error) {
			v, err := s.GetContactFlow(ctx, "i-1", "f-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"Queue", q.ARN, func() (map[string]string, error) {
			v, err := s.GetQueue(ctx, "i-1", "q-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"HoursOfOperation", h.ARN, func() (map[string]string, error) {
			v, err := s.GetHoursOfOperation(ctx, "i-1", "h-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"Contact", c.ARN, func() (map[string]string, error) {
			v, err := s.GetContact(ctx, "i-1", "c-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, want := range []map[string]string{
				{"env": "prod", "owner": "ops", "": "empty key is data too"},
				{"env": "dev"}, // replaces, does not merge
				nil,
			} {
				mustUpdate(t, s, func(tx connect.Tx) error { return tx.SetTags(t.Context(), tc.arn, want) })
				got, err := tc.get()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("tags after SetTags(%v) mismatch (-want +got):\n%s", want, diff)
				}
			}
		})
	}
	t.Run("Missing", func(t *testing.T) {
		t.Parallel()
		err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.SetTags(ctx, arn(partition, "i-1", "queue/nope"), map[string]string{"a": "b"})
		})
		wantKind(t, "SetTags", err, connect.NotFound, "")
	})
}

// --- tags and cascade

func testAgentTags(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustStatuses(t, s, "i-1")
	u, rp, sp := newUser("i-1", "u-1", "ada"), newRoutingProfile("i-1", "rp-1", "Main"), newSecurityProfile("i-1", "sp-1", "Admin")
	as := newAgentStatus("i-1", "s-avail", "Available", connect.AgentStatusRoutable)
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertUser(ctx, u), tx.InsertRoutingProfile(ctx, rp), tx.InsertSecurityProfile(ctx, sp))
	})
	tests := []struct {
		name string
		arn  string
		get  func() (map[string]string, error)
	}{
		{"User", u.ARN, func() (map[string]string, error) {
			v, err := s.GetUser(ctx, "i-1", "u-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"RoutingProfile", rp.ARN, func() (map[string]string, error) {
			v, err := s.GetRoutingProfile(ctx, "i-1", "rp-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"SecurityProfile", sp.ARN, func() (map[string]string, error) {
			v, err := s.GetSecurityProfile(ctx, "i-1", "sp-1")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
		{"AgentStatus", as.ARN, func() (map[string]string, error) {
			v, err := s.GetAgentStatus(ctx, "i-1", "s-avail")
			if err != nil {
				return nil, err
			}
			return v.Tags, nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, want := range []map[string]string{{"env": "prod", "owner": "ops"}, {"env": "dev"}, nil} {
				mustUpdate(t, s, func(tx connect.Tx) error { return tx.SetTags(t.Context(), tc.arn, want) })
				got, err := tc.get()
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("tags after SetTags(%v) mismatch (-want +got):\n%s", want, diff)
				}
			}
		})
	}
}
