package connect_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/connect"
)

// userDataView is what a test compares of a UserData.
type userDataView struct {
	User, Profile, Status string
	StatusStart           time.Time
	Max, Active, Free     string
	Contacts              []string
}

// slotString renders slots by channel as "CHAT:2 TASK:1 VOICE:1".
func slotString(m map[string]int) string {
	var out []string
	for ch, n := range m {
		out = append(out, fmt.Sprintf("%s:%d", ch, n))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func viewUserData(d connect.UserData) userDataView {
	v := userDataView{User: d.User.Username, Max: slotString(d.MaxSlots), Active: slotString(d.ActiveSlots),
		Free: slotString(d.AvailableSlots), StatusStart: d.User.StatusStartTimestamp}
	if d.RoutingProfile != nil {
		v.Profile = d.RoutingProfile.Name
	}
	if d.Status != nil {
		v.Status = d.Status.Name
	}
	for _, c := range d.Contacts {
		v.Contacts = append(v.Contacts, fmt.Sprintf("%s %s %s %s since %s via %s", c.Contact.Name, c.Contact.Channel,
			c.Contact.InitiationMethod, c.State, c.StateStart.Format(time.TimeOnly), c.QueueARN))
	}
	return v
}

// TestGetCurrentUserData: who is reported (logged-in agents: not OFFLINE, or
// holding contacts), what each filter selects, and each agent's slots and
// contacts.
func TestGetCurrentUserData(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	ctx := t.Context()
	ann := b.agent(t, "ann", false) // connected with a task
	cara := b.agent(t, "cara", true)
	b.status(t, cara.ID, b.available)
	working := b.task(t, "working")
	b.accept(t, ann.ID, working.ID)
	acceptedAt := b.clock.Now()
	paused := b.task(t, "paused") // to cara, who pauses it and goes offline
	b.accept(t, cara.ID, paused.ID)
	if err := b.svc.PauseContact(ctx, b.p, b.inst.ID, paused.ID, ""); err != nil {
		t.Fatal(err)
	}
	pausedAt := b.clock.Now()
	b.status(t, cara.ID, b.offline)
	bob := b.agent(t, "bob", false) // available, idle... then offered a task
	offered := b.task(t, "offered")
	offeredAt := b.clock.Now()
	dan := b.agent(t, "dan", true) // never logged in
	ann, bob, cara = b.user(t, ann.ID), b.user(t, bob.ID), b.user(t, cara.ID)
	if offered.AgentID != bob.ID {
		t.Fatalf("third task offered to %q, want bob", offered.AgentID)
	}
	basicARN := b.inst.ARN + "/queue/" + b.queue
	wantAnn := userDataView{User: "ann", Profile: connect.BasicRoutingProfileName, Status: "Available", StatusStart: ann.StatusStartTimestamp,
		Max: "CHAT:2 TASK:1 VOICE:1", Active: "CHAT:0 TASK:1 VOICE:0", Free: "CHAT:2 TASK:0 VOICE:1",
		Contacts: []string{"working TASK API CONNECTED since " + acceptedAt.Format(time.TimeOnly) + " via " + basicARN}}
	wantBob := userDataView{User: "bob", Profile: connect.BasicRoutingProfileName, Status: "Available", StatusStart: bob.StatusStartTimestamp,
		Max: "CHAT:2 TASK:1 VOICE:1", Active: "CHAT:0 TASK:1 VOICE:0", Free: "CHAT:2 TASK:0 VOICE:1",
		Contacts: []string{"offered TASK API CONNECTING since " + offeredAt.Format(time.TimeOnly) + " via " + basicARN}}
	wantCara := userDataView{User: "cara", Profile: connect.BasicRoutingProfileName, Status: "Offline", StatusStart: cara.StatusStartTimestamp,
		Max: "CHAT:2 TASK:1 VOICE:1", Active: "CHAT:0 TASK:0 VOICE:0", Free: "CHAT:2 TASK:1 VOICE:1",
		Contacts: []string{"paused TASK API CONNECTED_ONHOLD since " + pausedAt.Format(time.TimeOnly) + " via " + basicARN}}
	byID := map[string]userDataView{ann.ID: wantAnn, bob.ID: wantBob, cara.ID: wantCara}
	inIDOrder := func(ids ...string) []userDataView {
		slices.Sort(ids)
		var out []userDataView
		for _, id := range ids {
			out = append(out, byID[id])
		}
		return out
	}
	all := inIDOrder(ann.ID, bob.ID, cara.ID)
	for _, tc := range []struct {
		name string
		f    connect.UserDataFilter
		want []userDataView
	}{
		{"agents", connect.UserDataFilter{Agents: []string{ann.ID, cara.ARN, dan.ID, "nobody"}}, inIDOrder(ann.ID, cara.ID)},
		{"routing profile", connect.UserDataFilter{RoutingProfiles: []string{b.rp}}, all},
		{"routing profile ARN", connect.UserDataFilter{RoutingProfiles: []string{b.inst.ARN + "/routing-profile/" + b.rp}}, all},
		{"queue served", connect.UserDataFilter{Queues: []string{b.queue}}, all},
		{"agent queue", connect.UserDataFilter{Queues: []string{bob.ID}}, inIDOrder(bob.ID)},
		{"queue served by no one", connect.UserDataFilter{Queues: []string{b.newQueue(t, "Unstaffed")}}, nil},
		{"hierarchy group", connect.UserDataFilter{HierarchyGroups: []string{"g1"}}, nil},
		{"connected", connect.UserDataFilter{RoutingProfiles: []string{b.rp}, ContactStates: []string{"CONNECTED"}}, inIDOrder(ann.ID)},
		{"on hold or offered", connect.UserDataFilter{Agents: []string{ann.ID, bob.ID, cara.ID},
			ContactStates: []string{"CONNECTED_ONHOLD", "CONNECTING"}}, inIDOrder(bob.ID, cara.ID)},
		{"missed", connect.UserDataFilter{RoutingProfiles: []string{b.rp}, ContactStates: []string{"MISSED"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, next, total, err := b.svc.GetCurrentUserData(ctx, b.p, b.inst.ID, tc.f, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []userDataView
			for _, d := range items {
				got = append(got, viewUserData(d))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("UserData (-want +got):\n%s", diff)
			}
			if next != "" || total != len(tc.want) {
				t.Errorf("next = %q, total = %d; want none and %d", next, total, len(tc.want))
			}
		})
	}

	// Pages of one, in ID order, each with the total.
	var paged []userDataView
	token := ""
	for range 4 {
		items, next, total, err := b.svc.GetCurrentUserData(ctx, b.p, b.inst.ID, connect.UserDataFilter{RoutingProfiles: []string{b.rp}}, token, 1)
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || len(items) != 1 {
			t.Fatalf("page: %d items of %d, want 1 of 3", len(items), total)
		}
		paged = append(paged, viewUserData(items[0]))
		if token = next; token == "" {
			break
		}
	}
	if diff := cmp.Diff(all, paged); diff != "" {
		t.Errorf("paged UserData (-want +got):\n%s", diff)
	}
}

func (b *opsBundle) user(t *testing.T, id string) *connect.User {
	t.Helper()
	u, err := b.svc.DescribeUser(t.Context(), b.p, b.inst.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestGetCurrentUserDataRefusals(t *testing.T) {
	t.Parallel()
	b := setupOps(t)
	for _, tc := range []struct {
		name     string
		instance string
		f        connect.UserDataFilter
		token    string
		want     connect.Kind
	}{
		{"no filter", b.inst.ID, connect.UserDataFilter{ContactStates: []string{"CONNECTED"}}, "", connect.Invalid},
		{"two filters", b.inst.ID, connect.UserDataFilter{Agents: []string{"a"}, Queues: []string{b.queue}}, "", connect.Invalid},
		{"bad token", b.inst.ID, connect.UserDataFilter{Agents: []string{"a"}}, "garbage", connect.Invalid},
		{"unknown instance", "nope", connect.UserDataFilter{Agents: []string{"a"}}, "", connect.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := b.svc.GetCurrentUserData(t.Context(), b.p, tc.instance, tc.f, tc.token, 0)
			if connect.KindOf(err) != tc.want || err == nil {
				t.Errorf("GetCurrentUserData = %v, want a %v error", err, tc.want)
			}
		})
	}
}
