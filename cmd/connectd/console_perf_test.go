package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"slices"
	"sync"
	"testing"
	"time"

	"connectd/internal/connect"
)

// consolePageBudget is what rendering one console page may take on the
// server with 10,000 contacts in the instance.
const consolePageBudget = 50 * time.Millisecond

// TestConsolePagesWithManyContacts: every console page renders in under
// 50 ms with 10,000 contacts in the instance (9,000 queued, 1,000
// scheduled): no page reads the instance's contacts one by one. It runs
// without the race detector only, whose code runs several times slower.
func TestConsolePagesWithManyContacts(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("a timing test (10,000 tasks), run without -race and -short")
	}
	t.Parallel()
	m := startTestMain(t, map[string]string{"CONNECTD_ACTIVE_TASK_QUOTA": "20000", "CONNECTD_CLOCK": "manual"},
		slog.New(slog.DiscardHandler))
	ctx, svc, p := t.Context(), m.service, m.partition()
	inst, flow := m.DefaultInstance, m.DefaultTaskFlow
	tmpl, err := svc.CreateTaskTemplate(ctx, p, connect.TaskTemplateInput{InstanceID: inst, Name: "T", ContactFlowID: flow,
		Fields:      []connect.TaskTemplateField{{Name: "Name", Type: connect.FieldName}, {Name: "Order", Type: connect.FieldText}},
		Constraints: &connect.TaskTemplateConstraints{Required: []string{"Name"}}})
	if err != nil {
		t.Fatal(err)
	}
	user, err := svc.CreateUser(ctx, p, connect.CreateUserInput{InstanceID: inst, Username: "agent", Password: new("Passw0rd!"),
		Identity: connect.UserIdentity{FirstName: "A", LastName: "B"}, RoutingProfileID: routingProfile(t, m, inst),
		SecurityProfileIDs: []string{}})
	if err != nil {
		t.Fatal(err)
	}

	// 10,000 tasks, started by 8 callers so that commits group.
	const total, scheduled = 10000, 1000
	later := svc.Now().Add(30 * time.Minute)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first string
	)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < total; i += 8 {
				in := connect.StartTaskInput{InstanceID: inst, ContactFlowID: flow, Name: "task"}
				if i < scheduled {
					in.ScheduledTime = &later
				}
				c, err := svc.StartTaskContact(context.WithoutCancel(ctx), p, in)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if i == total-1 {
					first = c.ID
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	base := "http://" + m.Addr() + "/console/"
	in := base + "instances/" + inst + "/"
	pages := map[string]string{
		"overview":     base,
		"queue board":  in + "queues",
		"contacts":     in + "contacts",
		"scheduled":    in + "contacts?time_field=SCHEDULED_TIMESTAMP",
		"second page":  in + "contacts?token=" + "Y2RvMTo1MA", // offset 50 (the Service's token)
		"contact":      in + "contacts/" + first,
		"flows":        in + "flows",
		"flow":         in + "flows/" + flow,
		"agents":       in + "agents",
		"agent":        in + "agents/" + user.ID,
		"task form":    in + "agents/" + user.ID + "?template=" + tmpl.ID,
		"flow form":    in + "agents/" + user.ID + "?flow=" + flow,
		"unknown page": in + "contacts/nope",
	}
	for name, url := range pages {
		var times []time.Duration
		for range 5 {
			start := time.Now()
			resp, err := client.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			times = append(times, time.Since(start))
			if want := http.StatusOK; name == "unknown page" {
				want = http.StatusNotFound
				if resp.StatusCode != want {
					t.Errorf("%s: status %d, want %d", name, resp.StatusCode, want)
				}
			} else if resp.StatusCode != want {
				t.Errorf("%s: status %d, want %d", name, resp.StatusCode, want)
			}
		}
		slices.Sort(times)
		t.Logf("%-12s median %v", name, times[2])
		if times[2] > consolePageBudget {
			t.Errorf("%s renders in %v (median of 5), over %v", name, times[2], consolePageBudget)
		}
	}
}

// routingProfile returns the ID of the instance's Basic Routing Profile.
func routingProfile(t *testing.T, m *Main, inst string) string {
	t.Helper()
	rps, _, err := m.service.ListRoutingProfiles(t.Context(), m.partition(), inst, "", 100)
	if err != nil || len(rps) == 0 {
		t.Fatalf("ListRoutingProfiles: %v %v", rps, err)
	}
	return rps[0].ID
}
