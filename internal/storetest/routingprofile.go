package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

func newRoutingProfile(instanceID, id, name string) *connect.RoutingProfile {
	return &connect.RoutingProfile{
		ID: id, ARN: arn(partition, instanceID, "routing-profile/"+id), InstanceID: instanceID, Name: name,
		Description: "profile " + name, DefaultOutboundQueueID: "q-1",
		MediaConcurrencies: []connect.MediaConcurrency{
			{Channel: connect.ChannelVoice, Concurrency: 1, CrossChannelBehavior: "ROUTE_ANY_CHANNEL"},
			{Channel: connect.ChannelTask, Concurrency: 7},
		},
		AgentAvailabilityTimer: connect.TimerSinceLastInbound, IsDefault: true, LastModified: at(7),
		Tags: map[string]string{"kind": "profile"},
	}
}

// --- routing profiles

func testRoutingProfileRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	full := newRoutingProfile("i-1", "rp-1", "Main")
	bare := &connect.RoutingProfile{ID: "rp-2", ARN: arn(partition, "i-1", "routing-profile/rp-2"), InstanceID: "i-1",
		Name: "Bare", Description: "d", DefaultOutboundQueueID: "q-1", AgentAvailabilityTimer: connect.TimerSinceLastActivity,
		LastModified: at(1)}
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertRoutingProfile(ctx, full), tx.InsertRoutingProfile(ctx, bare))
	})
	for _, want := range []*connect.RoutingProfile{full, bare} {
		got, err := s.GetRoutingProfile(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetRoutingProfile(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		if got, err = s.GetRoutingProfileByName(ctx, "i-1", want.Name); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetRoutingProfileByName(%s) mismatch (-want +got):\n%s", want.Name, diff)
		}
	}
	upd := *bare
	upd.Name, upd.Description, upd.DefaultOutboundQueueID = "Renamed", "d2", "q-2"
	upd.MediaConcurrencies = []connect.MediaConcurrency{{Channel: connect.ChannelChat, Concurrency: 3}}
	upd.AgentAvailabilityTimer, upd.LastModified = connect.TimerSinceLastInbound, at(9)
	want := upd
	upd.IsDefault, upd.Tags, upd.ARN = true, map[string]string{"x": "x"}, "x" // immutable
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateRoutingProfile(ctx, &upd) })
	got, err := s.GetRoutingProfile(ctx, "i-1", "rp-2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateRoutingProfile mismatch (-want +got):\n%s", diff)
	}
	for _, size := range []int{1, 5} {
		got := paginate(t, size, func(rp *connect.RoutingProfile) string { return rp.ID },
			func(p connect.PageRequest) ([]*connect.RoutingProfile, error) {
				return s.ListRoutingProfiles(ctx, "i-1", p)
			})
		if diff := cmp.Diff([]string{"rp-1", "rp-2"}, got); diff != "" {
			t.Errorf("ListRoutingProfiles(size %d) mismatch (-want +got):\n%s", size, diff)
		}
	}
}

func testRoutingProfileErrors(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-1", "Main")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-2", "Other")))
	})
	_, err := s.GetRoutingProfile(ctx, "i-1", "nope")
	wantKind(t, "GetRoutingProfile", err, connect.NotFound, connect.ResourceRoutingProfile)
	_, err = s.GetRoutingProfile(ctx, "i-2", "rp-1")
	wantKind(t, "GetRoutingProfile(other instance)", err, connect.NotFound, connect.ResourceRoutingProfile)
	_, err = s.GetRoutingProfileByName(ctx, "i-1", "nope")
	wantKind(t, "GetRoutingProfileByName", err, connect.NotFound, connect.ResourceRoutingProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-3", "Main"))
	})
	wantKind(t, "InsertRoutingProfile(same name)", err, connect.Duplicate, connect.ResourceRoutingProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertRoutingProfile(ctx, newRoutingProfile("nope", "rp-4", "Main"))
	})
	wantKind(t, "InsertRoutingProfile(missing instance)", err, connect.NotFound, connect.ResourceInstance)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		rp := newRoutingProfile("i-1", "rp-2", "Main")
		return tx.UpdateRoutingProfile(ctx, rp)
	})
	wantKind(t, "UpdateRoutingProfile(taken name)", err, connect.Duplicate, connect.ResourceRoutingProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.UpdateRoutingProfile(ctx, newRoutingProfile("i-1", "nope", "New"))
	})
	wantKind(t, "UpdateRoutingProfile(missing)", err, connect.NotFound, connect.ResourceRoutingProfile)
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.PutRoutingProfileQueues(ctx, "i-1", "nope", []connect.RoutingProfileQueue{{QueueID: "q-1", Channel: "TASK", Priority: 1}})
	})
	wantKind(t, "PutRoutingProfileQueues(missing profile)", err, connect.NotFound, connect.ResourceRoutingProfile)
	if err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.InsertRoutingProfile(ctx, newRoutingProfile("i-2", "rp-1", "Main"))
	}); err != nil {
		t.Errorf("InsertRoutingProfile(same name and ID, other instance) = %v, want nil", err)
	}
}

func testRoutingProfileQueues(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustUpdate(t, s, func(tx connect.Tx) error {
		return errors.Join(
			tx.InsertQueue(ctx, newQueue("i-1", "q-a", "A")), tx.InsertQueue(ctx, newQueue("i-1", "q-b", "B")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-1", "Main")),
			tx.InsertRoutingProfile(ctx, newRoutingProfile("i-1", "rp-2", "Other")),
		)
	})
	put := func(rp string, qs ...connect.RoutingProfileQueue) {
		t.Helper()
		mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutRoutingProfileQueues(ctx, "i-1", rp, qs) })
	}
	put("rp-1",
		connect.RoutingProfileQueue{QueueID: "q-b", Channel: "TASK", Priority: 2, Delay: 10},
		connect.RoutingProfileQueue{QueueID: "q-a", Channel: "VOICE", Priority: 1, Delay: 0},
		connect.RoutingProfileQueue{QueueID: "q-a", Channel: "CHAT", Priority: 3, Delay: 5},
		connect.RoutingProfileQueue{QueueID: "q-gone", Channel: "TASK", Priority: 9, Delay: 9}, // no such queue
	)
	put("rp-2", connect.RoutingProfileQueue{QueueID: "q-a", Channel: "TASK", Priority: 1})
	// Put again: replaces priority and delay, adds the new pair.
	put("rp-1",
		connect.RoutingProfileQueue{QueueID: "q-b", Channel: "TASK", Priority: 99, Delay: 9999},
		connect.RoutingProfileQueue{QueueID: "q-a", Channel: "TASK", Priority: 4, Delay: 1},
	)
	qa, qb := newQueue("i-1", "q-a", "A"), newQueue("i-1", "q-b", "B")
	want := []connect.RoutingProfileQueue{
		{QueueID: "q-a", Channel: "CHAT", Priority: 3, Delay: 5, QueueARN: qa.ARN, QueueName: "A"},
		{QueueID: "q-a", Channel: "TASK", Priority: 4, Delay: 1, QueueARN: qa.ARN, QueueName: "A"},
		{QueueID: "q-a", Channel: "VOICE", Priority: 1, Delay: 0, QueueARN: qa.ARN, QueueName: "A"},
		{QueueID: "q-b", Channel: "TASK", Priority: 99, Delay: 9999, QueueARN: qb.ARN, QueueName: "B"},
		{QueueID: "q-gone", Channel: "TASK", Priority: 9, Delay: 9},
	}
	for _, size := range []int{1, 2, 10, 0} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var got []connect.RoutingProfileQueue
			after := ""
			for range 20 {
				page, err := s.ListRoutingProfileQueues(ctx, "i-1", "rp-1", connect.PageRequest{After: after, Limit: size})
				if err != nil {
					t.Fatal(err)
				}
				if size > 0 && len(page) > size {
					t.Fatalf("page of %d, want at most %d", len(page), size)
				}
				got = append(got, page...)
				if len(page) == 0 || size == 0 {
					break
				}
				after = page[len(page)-1].Key()
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ListRoutingProfileQueues mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Delete: listed pairs go, absent pairs are ignored, other profiles keep theirs.
	mustUpdate(t, s, func(tx connect.Tx) error {
		return tx.DeleteRoutingProfileQueues(ctx, "i-1", "rp-1", []connect.RoutingProfileQueue{
			{QueueID: "q-a", Channel: "CHAT"}, {QueueID: "q-a", Channel: "TASK"}, {QueueID: "q-b", Channel: "VOICE"},
		})
	})
	got, err := s.ListRoutingProfileQueues(ctx, "i-1", "rp-1", connect.PageRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"q-a/VOICE", "q-b/TASK", "q-gone/TASK"}, keys(got)); diff != "" {
		t.Errorf("after DeleteRoutingProfileQueues mismatch (-want +got):\n%s", diff)
	}
	if got, err = s.ListRoutingProfileQueues(ctx, "i-1", "rp-2", connect.PageRequest{}); err != nil || len(got) != 1 {
		t.Errorf("ListRoutingProfileQueues(rp-2) = %v, %v; want its one queue", keys(got), err)
	}
	if got, err = s.ListRoutingProfileQueues(ctx, "i-1", "nope", connect.PageRequest{}); err != nil || len(got) != 0 {
		t.Errorf("ListRoutingProfileQueues(unknown profile) = %v, %v; want none", keys(got), err)
	}
}

func keys(qs []connect.RoutingProfileQueue) []string {
	out := []string{}
	for _, q := range qs {
		out = append(out, q.Key())
	}
	return out
}
