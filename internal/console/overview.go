package console

import (
	"net/http"
	"slices"
	"time"

	"connectd/internal/connect"
)

// listMax is the page size of the lists the console reads (the API's
// largest MaxResults for most List operations).
const listMax = 100

type instanceView struct {
	Instance      *connect.Instance
	Queues        []queueView
	ScheduledSoon int // scheduled tasks due in the next hour
}

type queueView struct {
	Queue  *connect.Queue
	Stats  connect.QueueStats
	Agents []statusCount
	// Contacts are the first queued contacts in offer order (board only).
	Contacts []*connect.Contact
}

type statusCount struct {
	Status string
	Count  int
}

// overview: the account's instances in the session's region, each with its
// queues' waiting tasks, agents by status and the tasks due soon.
func (c *Console) overview(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx, p := r.Context(), s.partition()
	insts, _, err := c.cfg.Service.ListInstances(ctx, p, "", listMax)
	if err != nil {
		return err
	}
	var views []instanceView
	for _, inst := range insts {
		v := instanceView{Instance: inst}
		if v.Queues, err = c.queueViews(r, s, inst.ID, 0); err != nil {
			return err
		}
		if v.ScheduledSoon, err = c.cfg.Service.ScheduledDue(ctx, p, inst.ID, time.Hour); err != nil {
			return err
		}
		views = append(views, v)
	}
	pg := &page{Title: "Overview", Session: s, Live: true, Data: views}
	if len(insts) > 0 {
		pg.Instance = insts[0].ID
	}
	c.render(w, r, http.StatusOK, "overview", pg)
	return nil
}

// queueViews reads the instance's standard queues with their summaries,
// agents by status and, when board > 0, their first board queued contacts.
func (c *Console) queueViews(r *http.Request, s *session, instanceID string, board int) ([]queueView, error) {
	ctx, p, svc := r.Context(), s.partition(), c.cfg.Service
	qs, _, err := svc.ListQueues(ctx, p, instanceID, []string{"STANDARD"}, "", listMax)
	if err != nil {
		return nil, err
	}
	var out []queueView
	for _, q := range qs {
		v := queueView{Queue: q}
		if v.Stats, err = svc.QueueStats(ctx, p, instanceID, q.ID); err != nil {
			return nil, err
		}
		users, _, _, err := svc.GetCurrentUserData(ctx, p, instanceID, connect.UserDataFilter{Queues: []string{q.ID}}, "", listMax)
		if err != nil {
			return nil, err
		}
		v.Agents = byStatus(users)
		if board > 0 {
			if v.Contacts, err = svc.QueuedContacts(ctx, p, instanceID, q.ID, board); err != nil {
				return nil, err
			}
		}
		out = append(out, v)
	}
	return out, nil
}

func byStatus(users []connect.UserData) []statusCount {
	n := map[string]int{}
	for _, u := range users {
		name := "(none)"
		if u.Status != nil {
			name = u.Status.Name
		}
		n[name]++
	}
	var out []statusCount
	for k, v := range n {
		out = append(out, statusCount{k, v})
	}
	slices.SortFunc(out, func(a, b statusCount) int {
		if a.Status < b.Status {
			return -1
		}
		return 1
	})
	return out
}

type boardData struct {
	InstanceID string
	Queues     []queueView
	Agents     []connect.UserData
}

// boardContacts is how many queued contacts the board lists per queue.
const boardContacts = 50

// queueBoard: per queue its queued tasks in offer order; per agent the
// tasks offered to or connected with them.
func (c *Console) queueBoard(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("InstanceId")
	qs, err := c.queueViews(r, s, id, boardContacts)
	if err != nil {
		return err
	}
	d := boardData{InstanceID: id, Queues: qs}
	if len(qs) > 0 {
		ids := make([]string, 0, len(qs))
		for _, q := range qs {
			ids = append(ids, q.Queue.ID)
		}
		if d.Agents, _, _, err = c.cfg.Service.GetCurrentUserData(r.Context(), s.partition(), id,
			connect.UserDataFilter{Queues: ids}, "", listMax); err != nil {
			return err
		}
	}
	c.render(w, r, http.StatusOK, "board", &page{Title: "Queue board", Session: s, Live: true, Instance: id, Data: d})
	return nil
}

// advanceClock moves the manual clock by the form's seconds, or to the
// next due moment.
func (c *Console) advanceClock(w http.ResponseWriter, r *http.Request, s *session) error {
	if c.cfg.AdvanceFunc == nil {
		return connect.Errorf(connect.Invalid, "connectd runs on the real clock; start it with --clock manual to move time")
	}
	now := c.cfg.Service.Now()
	var target time.Time
	switch v := r.PostFormValue("advance"); v {
	case "minute":
		target = now.Add(time.Minute)
	case "hour":
		target = now.Add(time.Hour)
	case "day":
		target = now.Add(24 * time.Hour)
	case "next":
		wake, err := c.cfg.Service.NextWake(r.Context())
		if err != nil {
			return err
		}
		if wake == nil {
			return c.done(w, r, "", "Nothing is due: the clock stays.")
		}
		target = *wake
		if target.Before(now) {
			target = now
		}
	default:
		return connect.Errorf(connect.Invalid, "advance must be minute, hour, day or next, not %q", v)
	}
	if err := c.cfg.AdvanceFunc(r.Context(), s.partition(), target); err != nil {
		return err
	}
	return c.done(w, r, "", "The clock is now "+target.UTC().Format("2006-01-02 15:04:05Z")+".")
}
