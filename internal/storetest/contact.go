package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// --- contacts

func testContactRoundTrip(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	full := newContact("i-1", "c-1")
	bare := &connect.Contact{ // every optional field unset
		ID: "c-2", ARN: arn(partition, "i-1", "contact/c-2"), InstanceID: "i-1",
		InitialContactID: "c-2", Channel: connect.ChannelTask, InitiationMethod: connect.InitiationMethodAPI,
		Name: "bare", State: connect.StateInProgress, AttributeSetID: "c-2",
		InitiationTimestamp: at(5), LastUpdateTimestamp: at(5),
	}
	mustContact(t, s, full)
	mustContact(t, s, bare)
	for _, want := range []*connect.Contact{full, bare} {
		got, err := s.GetContact(ctx, "i-1", want.ID)
		if err != nil {
			t.Fatalf("GetContact(%s): %v", want.ID, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetContact(%s) mismatch (-want +got):\n%s", want.ID, diff)
		}
		for name, ts := range map[string]*time.Time{"initiation": &got.InitiationTimestamp,
			"last update": &got.LastUpdateTimestamp, "scheduled": got.ScheduledTimestamp, "disconnect": got.DisconnectTimestamp} {
			if ts != nil && ts.Location() != time.UTC {
				t.Errorf("%s timestamp location = %v, want UTC", name, ts.Location())
			}
		}
	}

	// UpdateContact stores every mutable field; identity and creation facts
	// stay as inserted.
	upd := *newContact("i-1", "c-1")
	upd.Name, upd.Description, upd.State = "renamed", "", connect.StateEnded
	upd.ContactFlowID, upd.QuickConnectID = "flow-2", ""
	upd.References = map[string]connect.Reference{"new": {Type: connect.RefString, Value: "v"}}
	upd.SegmentAttributes = map[string]connect.SegmentAttributeValue{"k": {List: []connect.SegmentAttributeValue{{ARN: ptr("a")}}}}
	upd.ScheduledTimestamp, upd.LastUpdateTimestamp = nil, at(200)
	upd.DisconnectTimestamp, upd.DisconnectReason = ptr(at(201)), "API"
	upd.Tags = map[string]string{"x": "x"} // a flow's TagContact
	upd.QueueID, upd.QueuePriority, upd.QueueTimeAdjustmentSeconds = "q-1", 2, 30
	upd.EnqueueTimestamp, upd.AgentID, upd.ConnectedToAgentTimestamp = ptr(at(150)), "u-1", ptr(at(160))
	upd.ConnectedToSystemTimestamp, upd.LastPausedTimestamp, upd.LastResumedTimestamp = ptr(at(140)), ptr(at(170)), ptr(at(180))
	upd.TotalPauseCount, upd.TotalPauseDurationInSeconds = 1, 10
	upd.ExpiresAt, upd.WakeAt = ptr(at(9000)), ptr(at(9000))
	upd.TaskTemplateID, upd.TaskTemplateVersion, upd.TaskTemplateChanges = "template-2", 7, 1
	want := upd
	// Immutable: whatever the caller sends, these keep their inserted values.
	upd.InitialContactID, upd.PreviousContactID, upd.RelatedContactID = "x", "x", "x"
	upd.Channel, upd.InitiationMethod, upd.AttributeSetID = "x", "x", "x"
	upd.ClientToken, upd.RequestHash, upd.InitiationTimestamp = "x", "x", at(999)
	upd.ARN = "x"
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContact(ctx, &upd) })
	got, err := s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("after UpdateContact mismatch (-want +got):\n%s", diff)
	}

	// And back from unset to set.
	upd2 := *got
	upd2.ScheduledTimestamp, upd2.DisconnectTimestamp, upd2.References, upd2.SegmentAttributes = ptr(at(300)), nil, nil, nil
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContact(ctx, &upd2) })
	got, err = s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&upd2, got); diff != "" {
		t.Errorf("after second UpdateContact mismatch (-want +got):\n%s", diff)
	}
}

// testUpdateContactFrom: UpdateContactFrom stores what changed since
// before, as UpdateContact would, and leaves alone a column another
// statement changed that the caller did not.
func testUpdateContactFrom(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustContact(t, s, newContact("i-1", "c-1"))
	before, err := s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}

	// Every kind of column: text, NULL-able text, times set and cleared,
	// numbers, and the JSON ones.
	upd := *before
	upd.State, upd.Name = connect.StateQueued, "renamed"
	upd.QueueID, upd.EnqueueTimestamp, upd.ScheduledTimestamp = "q-1", ptr(at(150)), nil
	upd.QueuePriority, upd.TotalPauseCount = 3, 2
	upd.Tags = map[string]string{"x": "y"}
	upd.References = nil
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContactFrom(ctx, before, &upd) })
	got, err := s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&upd, got); diff != "" {
		t.Errorf("after UpdateContactFrom mismatch (-want +got):\n%s", diff)
	}

	// Nothing changed: nothing written, no error.
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContactFrom(ctx, got, got) })

	// A column the caller left as it read it keeps what another write
	// stored since; the one it changed is written.
	stale := *got
	other := *got
	other.Description = "set elsewhere"
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContact(ctx, &other) })
	next := stale
	next.AgentID = "u-1"
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.UpdateContactFrom(ctx, &stale, &next) })
	got, err = s.GetContact(ctx, "i-1", "c-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != "set elsewhere" || got.AgentID != "u-1" {
		t.Errorf("after UpdateContactFrom = description %q, agent %q; want %q, %q", got.Description, got.AgentID,
			"set elsewhere", "u-1")
	}

	// A contact that is gone is NotFound.
	gone := *newContact("i-1", "nope")
	changed := gone
	changed.Name = "x"
	err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.UpdateContactFrom(ctx, &gone, &changed) })
	wantKind(t, "UpdateContactFrom(missing)", err, connect.NotFound, connect.ResourceContact)
}

func testContactErrors(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustContact(t, s, newContact("i-1", "c-1"))
	ctx := t.Context()
	_, err := s.GetContact(ctx, "i-1", "nope")
	wantKind(t, "GetContact", err, connect.NotFound, connect.ResourceContact)
	_, err = s.GetContact(ctx, "i-2", "c-1")
	wantKind(t, "GetContact(other instance)", err, connect.NotFound, connect.ResourceContact)

	noToken := func(id string) *connect.Contact {
		c := newContact("i-1", id)
		c.ClientToken = ""
		return c
	}
	tests := []struct {
		name string
		c    *connect.Contact
		kind connect.Kind // Internal (zero) means success
		res  connect.Resource
	}{
		{"SameID", func() *connect.Contact {
			c := newContact("i-1", "c-1")
			c.ClientToken, c.ARN = "", "other-arn"
			return c
		}(),
			connect.Duplicate, connect.ResourceContact},
		{"SameClientToken", func() *connect.Contact { c := newContact("i-1", "c-2"); c.ClientToken = "token-c-1"; return c }(),
			connect.Duplicate, connect.ResourceContact},
		{"MissingInstance", newContact("nope", "c-3"), connect.NotFound, connect.ResourceInstance},
		{"SameClientTokenOtherInstance", func() *connect.Contact { c := newContact("i-2", "c-4"); c.ClientToken = "token-c-1"; return c }(),
			connect.Internal, ""},
		{"NoClientToken1", noToken("c-5"), connect.Internal, ""},
		{"NoClientToken2", noToken("c-6"), connect.Internal, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error { return tx.InsertContact(ctx, tc.c) })
			if tc.kind == connect.Internal {
				if err != nil {
					t.Errorf("InsertContact = %v, want nil", err)
				}
				return
			}
			wantKind(t, "InsertContact", err, tc.kind, tc.res)
		})
	}
	t.Run("UpdateMissing", func(t *testing.T) {
		t.Parallel()
		err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateContact(ctx, newContact("i-1", "nope"))
		})
		wantKind(t, "UpdateContact", err, connect.NotFound, connect.ResourceContact)
		err = insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
			return tx.UpdateContact(ctx, newContact("i-2", "c-1"))
		})
		wantKind(t, "UpdateContact(other instance)", err, connect.NotFound, connect.ResourceContact)
	})
}

func testContactByClientToken(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	want := newContact("i-1", "c-1")
	mustContact(t, s, want)
	mustContact(t, s, newContact("i-1", "c-2"))
	got, err := s.GetContactByClientToken(ctx, "i-1", "token-c-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("GetContactByClientToken mismatch (-want +got):\n%s", diff)
	}
	_, err = s.GetContactByClientToken(ctx, "i-1", "nope")
	wantKind(t, "GetContactByClientToken", err, connect.NotFound, connect.ResourceContact)
	_, err = s.GetContactByClientToken(ctx, "i-2", "token-c-1")
	wantKind(t, "GetContactByClientToken(other instance)", err, connect.NotFound, connect.ResourceContact)
	noToken := newContact("i-1", "c-3")
	noToken.ClientToken = ""
	mustContact(t, s, noToken)
	_, err = s.GetContactByClientToken(ctx, "i-1", "")
	wantKind(t, "GetContactByClientToken(empty)", err, connect.NotFound, connect.ResourceContact)
}

func testCountContactsByPrevious(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	mustUpdate(t, s, func(tx connect.Tx) error {
		for i, prev := range []string{"p-1", "p-1", "p-1", "p-2", ""} {
			c := newContact("i-1", fmt.Sprintf("c-%d", i))
			c.PreviousContactID = prev
			if err := tx.InsertContact(ctx, c); err != nil {
				return err
			}
		}
		c := newContact("i-2", "c-x")
		c.PreviousContactID = "p-1"
		return tx.InsertContact(ctx, c)
	})
	for _, tc := range []struct {
		instance, prev string
		want           int
	}{{"i-1", "p-1", 3}, {"i-1", "p-2", 1}, {"i-1", "p-3", 0}, {"i-2", "p-1", 1}, {"i-2", "p-2", 0}} {
		got, err := s.CountContactsByPrevious(ctx, tc.instance, tc.prev)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("CountContactsByPrevious(%s, %s) = %d, want %d", tc.instance, tc.prev, got, tc.want)
		}
	}
}

func testAttributes(t *testing.T, s connect.Store) {
	ctx := t.Context()
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	get := func(instance, set string) map[string]string {
		t.Helper()
		m, err := s.GetAttributes(ctx, instance, set)
		if err != nil {
			t.Fatalf("GetAttributes(%s, %s) = %v, want nil error", instance, set, err)
		}
		return m
	}
	if m := get("i-1", "set-1"); len(m) != 0 {
		t.Errorf("GetAttributes(unset) = %v, want empty", m)
	}
	if m := get("nope", "set-1"); len(m) != 0 {
		t.Errorf("GetAttributes(missing instance) = %v, want empty", m)
	}
	for _, want := range []map[string]string{
		{"a": "1", "b": "", "ünïcode": "✓"},
		{"c": "3"}, // replaces
	} {
		mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutAttributes(ctx, "i-1", "set-1", want) })
		if diff := cmp.Diff(want, get("i-1", "set-1")); diff != "" {
			t.Errorf("GetAttributes mismatch (-want +got):\n%s", diff)
		}
	}
	if m := get("i-2", "set-1"); len(m) != 0 {
		t.Errorf("GetAttributes(other instance) = %v, want empty", m)
	}
	if m := get("i-1", "set-2"); len(m) != 0 {
		t.Errorf("GetAttributes(other set) = %v, want empty", m)
	}
	mustUpdate(t, s, func(tx connect.Tx) error { return tx.PutAttributes(ctx, "i-1", "set-1", nil) })
	if m := get("i-1", "set-1"); len(m) != 0 {
		t.Errorf("GetAttributes after PutAttributes(nil) = %v, want empty", m)
	}
	err := insertErr(t, s, func(ctx context.Context, tx connect.Tx) error {
		return tx.PutAttributes(ctx, "nope", "set-1", map[string]string{"a": "b"})
	})
	wantKind(t, "PutAttributes(missing instance)", err, connect.NotFound, connect.ResourceInstance)
}

// --- search

func testSearchContacts(t *testing.T, s connect.Store) {
	mustInstance(t, s, "i-1")
	mustInstance(t, s, "i-2")
	type spec struct {
		id, channel, method string
		init                int
		sched, disc         *int
	}
	specs := []spec{
		{"c-1", "TASK", "API", 1, nil, nil},
		{"c-2", "TASK", "API", 2, ptr(100), nil},
		{"c-3", "TASK", "FLOW", 3, ptr(50), nil},
		{"c-4", "CHAT", "API", 4, nil, nil},
		{"c-5", "TASK", "FLOW", 5, nil, ptr(6)},
	}
	mustUpdate(t, s, func(tx connect.Tx) error {
		for _, sp := range specs {
			c := newContact("i-1", sp.id)
			c.Channel, c.InitiationMethod, c.InitiationTimestamp = sp.channel, sp.method, at(sp.init)
			c.ScheduledTimestamp, c.DisconnectTimestamp = nil, nil
			if sp.sched != nil {
				c.ScheduledTimestamp = ptr(at(*sp.sched))
			}
			if sp.disc != nil {
				c.DisconnectTimestamp = ptr(at(*sp.disc))
			}
			if err := tx.InsertContact(t.Context(), c); err != nil {
				return err
			}
		}
		return tx.InsertContact(t.Context(), newContact("i-2", "c-0")) // never in i-1's results
	})
	all := []string{"c-1", "c-2", "c-3", "c-4", "c-5"}
	tests := []struct {
		name      string
		q         connect.ContactQuery
		want      []string
		wantTotal int // -1: len(want)
	}{
		{"All", connect.ContactQuery{}, all, -1},
		{"Descending", connect.ContactQuery{Descending: true}, []string{"c-5", "c-4", "c-3", "c-2", "c-1"}, -1},
		{"InitiationRangeInclusive", connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP", Start: at(2), End: at(4)},
			[]string{"c-2", "c-3", "c-4"}, -1},
		{"InitiationOpenEnd", connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP", Start: at(4)}, []string{"c-4", "c-5"}, -1},
		{"InitiationOpenStart", connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP", End: at(1)}, []string{"c-1"}, -1},
		{"InitiationMillisecond", connect.ContactQuery{TimeField: "INITIATION_TIMESTAMP",
			Start: at(2).Add(time.Millisecond), End: at(4).Add(-time.Millisecond)}, []string{"c-3"}, -1},
		{"ScheduledRange", connect.ContactQuery{TimeField: "SCHEDULED_TIMESTAMP", Start: at(0), End: at(60)}, []string{"c-3"}, -1},
		{"ScheduledAny", connect.ContactQuery{TimeField: "SCHEDULED_TIMESTAMP", Start: at(0), End: at(1000)}, []string{"c-2", "c-3"}, -1},
		{"DisconnectRange", connect.ContactQuery{TimeField: "DISCONNECT_TIMESTAMP", Start: at(0), End: at(1000)}, []string{"c-5"}, -1},
		{"ConnectedToAgentNone", connect.ContactQuery{TimeField: "CONNECTED_TO_AGENT_TIMESTAMP", Start: at(0), End: at(1000)}, nil, -1},
		{"EnqueueNone", connect.ContactQuery{TimeField: "ENQUEUE_TIMESTAMP", Start: at(0), End: at(1000)}, nil, -1},
		{"Channel", connect.ContactQuery{Channels: []string{"CHAT"}}, []string{"c-4"}, -1},
		{"Channels", connect.ContactQuery{Channels: []string{"CHAT", "TASK"}}, all, -1},
		{"Method", connect.ContactQuery{InitiationMethods: []string{"FLOW"}}, []string{"c-3", "c-5"}, -1},
		{"ChannelAndMethod", connect.ContactQuery{Channels: []string{"TASK"}, InitiationMethods: []string{"API"}}, []string{"c-1", "c-2"}, -1},
		{"QueueNoneYet", connect.ContactQuery{QueueIDs: []string{"q-1"}}, nil, -1},
		{"SortScheduledAsc", connect.ContactQuery{SortField: "SCHEDULED_TIMESTAMP"}, []string{"c-3", "c-2", "c-1", "c-4", "c-5"}, -1},
		{"SortScheduledDesc", connect.ContactQuery{SortField: "SCHEDULED_TIMESTAMP", Descending: true},
			[]string{"c-2", "c-3", "c-5", "c-4", "c-1"}, -1},
		{"SortChannel", connect.ContactQuery{SortField: "CHANNEL"}, []string{"c-4", "c-1", "c-2", "c-3", "c-5"}, -1},
		{"SortMethodDesc", connect.ContactQuery{SortField: "INITIATION_METHOD", Descending: true},
			[]string{"c-5", "c-3", "c-4", "c-2", "c-1"}, -1},
		{"SortInitiationDesc", connect.ContactQuery{SortField: "INITIATION_TIMESTAMP", Descending: true},
			[]string{"c-5", "c-4", "c-3", "c-2", "c-1"}, -1},
		{"OffsetLimit", connect.ContactQuery{Offset: 1, Limit: 2}, []string{"c-2", "c-3"}, 5},
		{"LimitOnly", connect.ContactQuery{Limit: 1, Descending: true}, []string{"c-5"}, 5},
		{"LastPartialPage", connect.ContactQuery{Offset: 4, Limit: 2}, []string{"c-5"}, 5},
		{"OffsetPastEnd", connect.ContactQuery{Offset: 10, Limit: 2}, nil, 5},
		{"FilteredPage", connect.ContactQuery{InitiationMethods: []string{"API"}, Offset: 1, Limit: 1}, []string{"c-2"}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, total, err := s.SearchContacts(t.Context(), "i-1", tc.q)
			if err != nil {
				t.Fatalf("SearchContacts: %v", err)
			}
			if diff := cmp.Diff(tc.want, contactIDs(got), cmpEmptyAsNil); diff != "" {
				t.Errorf("SearchContacts IDs mismatch (-want +got):\n%s", diff)
			}
			wantTotal := tc.wantTotal
			if wantTotal < 0 {
				wantTotal = len(tc.want)
			}
			if total != wantTotal {
				t.Errorf("SearchContacts total = %d, want %d", total, wantTotal)
			}
		})
	}
	t.Run("FullContacts", func(t *testing.T) {
		t.Parallel()
		got, _, err := s.SearchContacts(t.Context(), "i-2", connect.ContactQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*connect.Contact{newContact("i-2", "c-0")}, got); diff != "" {
			t.Errorf("SearchContacts(i-2) mismatch (-want +got):\n%s", diff)
		}
	})
}

// cmpEmptyAsNil compares string slices treating nil and empty alike (only
// used for ID lists, where the distinction means nothing).
var cmpEmptyAsNil = cmp.Transformer("emptyAsNil", func(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
})

// testFailedWriteUndoesUpdate: a write that fails (a ClientToken taken)
// fails its Update with its own error, though the store may report it only
// at COMMIT (PostgreSQL holds such writes back, see sqlstore.Later), and
// nothing the Update wrote before or after it is kept: not the attribute
// set, not the flow log, not the events.
func testFailedWriteUndoesUpdate(t *testing.T, s connect.Store) {
	ctx := connect.WithIsolation(t.Context(), connect.Snapshot)
	InsertInstance(t, s, "i-1")
	first := newContact("i-1", "c-1")
	if err := s.Update(ctx, func(tx connect.Tx) error { return tx.InsertContact(ctx, first) }); err != nil {
		t.Fatal(err)
	}
	last, err := s.LastEventSeq(ctx)
	if err != nil {
		t.Fatal(err)
	}
	twin := newContact("i-1", "c-2")
	twin.ClientToken = first.ClientToken
	err = s.Update(ctx, func(tx connect.Tx) error {
		if err := tx.PutAttributes(ctx, "i-1", twin.ID, map[string]string{"k": "v"}); err != nil {
			return err
		}
		if err := tx.InsertContact(ctx, twin); err != nil {
			return err
		}
		if err := tx.AppendFlowLogs(ctx, []connect.FlowLogAppend{{InstanceID: "i-1", ContactID: twin.ID, New: true,
			Entries: []connect.FlowLogEntry{{Timestamp: twin.InitiationTimestamp, ContactFlowID: "f-1", Branch: "Success"}}}}); err != nil {
			return err
		}
		return tx.AppendEvents(ctx, []*connect.EventRecord{{Partition: Instance("i-1").Partition, InstanceID: "i-1",
			ContactID: twin.ID, Type: connect.EventInitiated, Time: twin.InitiationTimestamp, Body: []byte(`{}`)}})
	})
	wantKind(t, "Update with a taken ClientToken", err, connect.Duplicate, connect.ResourceContact)
	if attrs, err := s.GetAttributes(ctx, "i-1", twin.ID); err != nil || len(attrs) != 0 {
		t.Errorf("attributes written by the failed Update = %v, %v; want none", attrs, err)
	}
	if log, err := s.ListFlowLog(ctx, "i-1", twin.ID); err != nil || len(log) != 0 {
		t.Errorf("flow log written by the failed Update = %d entries, %v; want none", len(log), err)
	}
	if n, err := s.LastEventSeq(ctx); err != nil || n != last {
		t.Errorf("LastEventSeq after the failed Update = %d, %v; want %d", n, err, last)
	}
}
