package connect_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// dataUpdates returns the updatedProperties of contact id's
// CONTACT_DATA_UPDATED events, one "A,B" entry per event, in order.
func (l *lifeBundle) dataUpdates(t *testing.T, id string) []string {
	t.Helper()
	evs, err := l.db.EventsAfter(t.Context(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs {
		if e.ContactID != id || e.Type != connect.EventContactDataUpdated {
			continue
		}
		var body struct {
			Detail struct{ UpdatedProperties []string }
		}
		if err := json.Unmarshal(e.Body, &body); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join(body.Detail.UpdatedProperties, ","))
	}
	return out
}

// Each CONTACT_DATA_UPDATED names the changed property as the contact events
// data model does, and changes the data model does not list emit none.
func TestContactDataUpdatedProperties(t *testing.T) {
	t.Parallel()
	l := setupLife(t, 0)
	ctx := t.Context()
	in := l.task("queue later")
	at := l.clock.Now().Add(time.Hour)
	in.ScheduledTime = &at
	sched := l.start(t, in)
	queued := l.start(t, l.task("queue now"))
	name := "renamed"
	steps := []struct {
		what string
		do   func() error
	}{
		{"UpdateContactSchedule", func() error {
			return l.svc.UpdateContactSchedule(ctx, l.p, l.instance, sched.ID, at.Add(time.Minute))
		}},
		{"UpdateContactAttributes", func() error {
			return l.svc.UpdateContactAttributes(ctx, l.p, l.instance, queued.ID, map[string]string{"k": "v"})
		}},
		{"TagContact", func() error {
			return l.svc.TagContact(ctx, l.p, l.instance, queued.ID, map[string]string{"team": "a"})
		}},
		{"UntagContact", func() error { return l.svc.UntagContact(ctx, l.p, l.instance, queued.ID, []string{"team"}) }},
		{"UpdateContact", func() error {
			return l.svc.UpdateContact(ctx, l.p, connect.UpdateContactInput{InstanceID: l.instance, ContactID: queued.ID, Name: &name})
		}},
		{"UpdateContactRoutingData", func() error {
			p := int64(3)
			return l.svc.UpdateContactRoutingData(ctx, l.p, connect.UpdateContactRoutingDataInput{InstanceID: l.instance, ContactID: queued.ID, QueuePriority: &p})
		}},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
	}
	if diff := cmp.Diff([]string{"ScheduledTimestamp"}, l.dataUpdates(t, sched.ID)); diff != "" {
		t.Errorf("scheduled task's updates (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"UserDefinedAttributes", "Tags", "Tags"}, l.dataUpdates(t, queued.ID)); diff != "" {
		t.Errorf("queued task's updates (-want +got):\n%s", diff)
	}
	if c := l.describe(t, queued.ID); c.Name != name || c.QueuePriority != 3 {
		t.Errorf("queued task = %q priority %d, want the updates saved", c.Name, c.QueuePriority)
	}
}
