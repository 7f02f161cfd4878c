// Package admin serves connectd's own API under /_connectd/v1/: what Amazon
// Connect does outside its public API, made callable for tests. An agent's
// workspace (list, accept, reject and complete tasks), a contact's flow
// logs, the contact event stream, the manual clock, and the reset of an
// account's region to what a first start creates. Requests are
// authenticated, and their path and query checked, by the caller (the awsapi
// server); bodies and errors are JSON shaped like the Connect API's, and
// WriteError is the one writer of its errors, the event stream's included.
package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"time"
	"unicode/utf8"

	"connectd/internal/clock"
	"connectd/internal/connect"
)

// Prefix is the path prefix of every admin endpoint.
const Prefix = "/_connectd/v1/"

// Config configures the admin Handler.
type Config struct {
	Service *connect.Service
	// PartitionFunc returns the account and region of an authenticated request.
	PartitionFunc func(r *http.Request) connect.Partition
	// Clock is the manual clock, nil when connectd runs on the real clock
	// (then POST /clock is refused).
	Clock *clock.Manual
	// Now tells the time (GET /clock) in either mode.
	Now func() time.Time
	// RunDueFunc runs the work that fell due (after the manual clock moves)
	// and returns how many of partition p's contacts it woke.
	RunDueFunc func(ctx context.Context, p connect.Partition) (int, error)
	// PruneFunc, when set, applies retention (old contact events and flow
	// logs) after the manual clock moves, as housekeeping does on the real
	// clock.
	PruneFunc func(ctx context.Context) error
	// Events serves GET /events (the Server-Sent Events stream).
	Events http.Handler
	// ResetFunc empties the partition and restores what a first start
	// creates there (POST /reset); nil: the endpoint is not served.
	ResetFunc func(ctx context.Context, p connect.Partition) (*connect.ResetSummary, error)
	Logger    *slog.Logger
}

// Handler returns the http.Handler of the admin API.
func Handler(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	h := &handler{cfg: cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix+"clock", h.getClock)
	mux.HandleFunc("POST "+Prefix+"clock", h.advanceClock)
	if cfg.Events != nil {
		mux.Handle(eventsPattern, cfg.Events)
	}
	if cfg.ResetFunc != nil {
		mux.HandleFunc("POST "+Prefix+"reset", h.reset)
	}
	base := Prefix + "instances/{InstanceId}/"
	mux.HandleFunc("GET "+base+"agents/{UserId}/contacts", h.agentContacts)
	mux.HandleFunc("POST "+base+"agents/{UserId}/contacts/{ContactId}/accept", h.agentAction((*connect.Service).AcceptContact))
	mux.HandleFunc("POST "+base+"agents/{UserId}/contacts/{ContactId}/reject", h.agentAction((*connect.Service).RejectContact))
	mux.HandleFunc("POST "+base+"agents/{UserId}/contacts/{ContactId}/complete", h.agentAction((*connect.Service).CompleteContact))
	mux.HandleFunc("GET "+base+"contacts/{ContactId}/flow-logs", h.flowLogs)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		WriteError(w, http.StatusNotFound, "UnknownOperationException", "no connectd admin endpoint matches "+r.Method+" "+r.URL.Path)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// As the Connect API's operations, every endpoint but the event
		// stream runs to its end once its request is in, whether or not
		// the client stays (see awsapi's route). The stream ends with its
		// client.
		if _, pattern := mux.Handler(r); pattern != eventsPattern {
			r = r.WithContext(context.WithoutCancel(r.Context()))
		}
		mux.ServeHTTP(w, r)
	})
}

// eventsPattern is the route of the event stream.
const eventsPattern = "GET " + Prefix + "events"

type handler struct{ cfg Config }

// epoch renders t as the Connect API renders timestamps: epoch seconds.
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

func epochPtr(t *time.Time) *float64 {
	if t == nil {
		return nil
	}
	v := epoch(*t)
	return &v
}

func (h *handler) getClock(w http.ResponseWriter, r *http.Request) {
	mode := "real"
	if h.cfg.Clock != nil {
		mode = "manual"
	}
	writeJSON(w, http.StatusOK, map[string]any{"Now": epoch(h.cfg.Now()), "Mode": mode})
}

// maxAdvance bounds one advance (about 30 years): far beyond any task's
// life, small enough that time.Duration cannot overflow.
const maxAdvance = 1e9

// maxSetTime is the last second of year 9999, the end of timestamps on the
// wire.
const maxSetTime = 253402300799

func (h *handler) advanceClock(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Clock == nil {
		WriteError(w, http.StatusBadRequest, "InvalidRequestException",
			"connectd runs on the real clock; start it with --clock manual to move time")
		return
	}
	var in struct{ AdvanceSeconds, SetTime *float64 }
	if err := decodeStrict(http.MaxBytesReader(w, r.Body, 1<<10), &in); err != nil || (in.AdvanceSeconds == nil) == (in.SetTime == nil) {
		WriteError(w, http.StatusBadRequest, "InvalidParameterException",
			`body must be {"AdvanceSeconds": <seconds>} or {"SetTime": <epoch seconds>}`)
		return
	}
	var now, target time.Time
	if in.SetTime != nil {
		t := *in.SetTime
		if math.IsNaN(t) || t < 0 || t > maxSetTime {
			WriteError(w, http.StatusBadRequest, "InvalidParameterException",
				"SetTime must be epoch seconds between 0 and 253402300799 (9999-12-31T23:59:59Z)")
			return
		}
		// Milliseconds, as every timestamp connectd keeps.
		at := time.UnixMilli(int64(math.Round(t * 1000))).UTC()
		target = at
		if cur := h.cfg.Clock.Now(); at.Before(cur) {
			now = cur
			WriteError(w, http.StatusBadRequest, "InvalidParameterException",
				fmt.Sprintf("SetTime %s is before the clock's time %s: time does not run backwards",
					at.Format(time.RFC3339Nano), now.Format(time.RFC3339Nano)))
			return
		}
	} else {
		s := *in.AdvanceSeconds
		if math.IsNaN(s) || s < 0 || s > maxAdvance {
			WriteError(w, http.StatusBadRequest, "InvalidParameterException",
				"AdvanceSeconds must be between 0 and 1000000000")
			return
		}
		target = h.cfg.Clock.Now().Add(time.Duration(s * float64(time.Second)))
	}
	var p connect.Partition
	if h.cfg.RunDueFunc != nil {
		p = h.cfg.PartitionFunc(r)
	}
	now, woken, err := h.stepTo(r.Context(), target, p)
	if err == nil && h.cfg.PruneFunc != nil {
		err = h.cfg.PruneFunc(r.Context())
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"Now": epoch(now), "ContactsWoken": woken})
}

// maxClockSteps bounds the due moments one clock move stops at. Each step
// moves the clock strictly forward to the earliest wake time, so the loop
// ends anyway; the bound turns a runaway (work that keeps falling due) into
// a clear error instead of a hung request.
const maxClockSteps = 100000

// stepTo moves the manual clock to target one due moment at a time: at
// each wake time up to target it sets the clock there and runs the work
// that fell due, so every scheduled start, expiry and routing step happens
// at its own due time, in due order, as on the real clock, whatever the
// size of the move. Then it sets the clock to target and runs due work once
// more. It returns the clock's time and how many of p's contacts woke.
func (h *handler) stepTo(ctx context.Context, target time.Time, p connect.Partition) (time.Time, int, error) {
	return StepClock(ctx, h.cfg, target, p)
}

// StepClock moves cfg.Clock to target as POST /clock does (see stepTo):
// the web console's clock buttons move time the same way.
func StepClock(ctx context.Context, cfg Config, target time.Time, p connect.Partition) (time.Time, int, error) {
	h := &handler{cfg: cfg}
	woken := 0
	run := func() error {
		if h.cfg.RunDueFunc == nil {
			return nil
		}
		// Time moves for everyone; the count is of the caller's contacts.
		n, err := h.cfg.RunDueFunc(ctx, p)
		woken += n
		return err
	}
	if h.cfg.Service != nil && h.cfg.RunDueFunc != nil {
		for steps := 0; ; steps++ {
			wake, err := h.cfg.Service.NextWake(ctx)
			if err != nil {
				return h.cfg.Clock.Now(), woken, err
			}
			if wake == nil || wake.After(target) {
				break
			}
			if steps == maxClockSteps {
				return h.cfg.Clock.Now(), woken, fmt.Errorf(
					"clock: more than %d due moments before %s", maxClockSteps, target.Format(time.RFC3339Nano))
			}
			cur := h.cfg.Clock.Now()
			if !wake.After(cur) {
				// Already due (a wake at or before the clock's time): run it
				// where the clock is; if it stays due, stop stepping.
				if err := run(); err != nil {
					return cur, woken, err
				}
				if again, err := h.cfg.Service.NextWake(ctx); err != nil {
					return cur, woken, err
				} else if again != nil && !again.After(cur) {
					break
				}
				continue
			}
			h.cfg.Clock.Set(*wake)
			if err := run(); err != nil {
				return h.cfg.Clock.Now(), woken, err
			}
		}
	}
	now, _ := h.cfg.Clock.Set(target)
	if err := run(); err != nil {
		return now, woken, err
	}
	return now, woken, nil
}

// restoredInstance is an instance a reset restored.
type restoredInstance struct {
	Id            string
	Arn           string
	InstanceAlias string `json:",omitempty"`
}

// reset empties the caller's account and region and restores what a first
// start creates there. The body, if any, is {}.
func (h *handler) reset(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<10))
	if body = bytes.TrimSpace(body); err != nil || (len(body) > 0 && string(body) != "{}") {
		WriteError(w, http.StatusBadRequest, "InvalidParameterException", "body must be empty or {}")
		return
	}
	p := h.cfg.PartitionFunc(r)
	start := time.Now()
	sum, err := h.cfg.ResetFunc(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.cfg.Logger.InfoContext(r.Context(), "admin: reset", "account_id", p.AccountID, "region", p.Region,
		"instances_removed", sum.Removed.Instances, "contacts_removed", sum.Removed.Contacts,
		"instances_restored", len(sum.Restored), "duration", time.Since(start))
	restored := make([]restoredInstance, 0, len(sum.Restored))
	for _, inst := range sum.Restored {
		restored = append(restored, restoredInstance{Id: inst.ID, Arn: inst.ARN, InstanceAlias: inst.Alias})
	}
	c := sum.Removed
	writeJSON(w, http.StatusOK, map[string]any{"Removed": removedCounts{
		Instances: c.Instances, HoursOfOperations: c.HoursOfOperations, Queues: c.Queues, ContactFlows: c.ContactFlows,
		RoutingProfiles: c.RoutingProfiles, SecurityProfiles: c.SecurityProfiles, AgentStatuses: c.AgentStatuses,
		Users: c.Users, TaskTemplates: c.TaskTemplates, QuickConnects: c.QuickConnects, Contacts: c.Contacts,
		ContactEvents: c.ContactEvents, FlowLogEntries: c.FlowLogEntries,
	}, "Restored": restored})
}

// removedCounts is a reset's connect.PartitionCounts on the wire.
type removedCounts struct {
	Instances, HoursOfOperations, Queues, ContactFlows, RoutingProfiles, SecurityProfiles, AgentStatuses int
	Users, TaskTemplates, QuickConnects, Contacts, ContactEvents, FlowLogEntries                         int
}

// agentContact is one entry of an agent's contact list.
type agentContact struct {
	ContactId                 string
	ContactArn                string
	Channel                   string
	InitiationMethod          string
	Name                      string `json:",omitempty"`
	AgentContactState         string
	QueueId                   string   `json:",omitempty"`
	EnqueueTimestamp          *float64 `json:",omitempty"`
	ConnectedToAgentTimestamp *float64 `json:",omitempty"`
}

func (h *handler) agentContacts(w http.ResponseWriter, r *http.Request) {
	cs, err := h.cfg.Service.AgentContacts(r.Context(), h.cfg.PartitionFunc(r), r.PathValue("InstanceId"), r.PathValue("UserId"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]agentContact, 0, len(cs))
	for _, c := range cs {
		out = append(out, agentContact{ContactId: c.ID, ContactArn: c.ARN, Channel: c.Channel,
			InitiationMethod: c.InitiationMethod, Name: c.Name, AgentContactState: string(c.State),
			QueueId: c.QueueID, EnqueueTimestamp: epochPtr(c.EnqueueTimestamp),
			ConnectedToAgentTimestamp: epochPtr(c.ConnectedToAgentTimestamp)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"Contacts": out})
}

type agentFunc func(s *connect.Service, ctx context.Context, p connect.Partition, instanceID, userID, contactID string) error

func (h *handler) agentAction(fn agentFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := fn(h.cfg.Service, r.Context(), h.cfg.PartitionFunc(r), r.PathValue("InstanceId"),
			r.PathValue("UserId"), r.PathValue("ContactId"))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, struct{}{})
	}
}

// flowLogEntry is a FlowLogEntry on the wire.
type flowLogEntry struct {
	Timestamp       float64
	ContactFlowId   string            `json:",omitempty"`
	ContactFlowName string            `json:",omitempty"`
	ActionId        string            `json:",omitempty"`
	ActionType      string            `json:",omitempty"`
	Parameters      map[string]string `json:",omitempty"`
	Branch          string            `json:",omitempty"`
	NextAction      string            `json:",omitempty"`
	Error           string            `json:",omitempty"`
}

func (h *handler) flowLogs(w http.ResponseWriter, r *http.Request) {
	es, err := h.cfg.Service.ContactFlowLog(r.Context(), h.cfg.PartitionFunc(r), r.PathValue("InstanceId"), r.PathValue("ContactId"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	out := make([]flowLogEntry, 0, len(es))
	for _, e := range es {
		out = append(out, flowLogEntry{Timestamp: epoch(e.Timestamp), ContactFlowId: e.ContactFlowID,
			ContactFlowName: e.ContactFlowName, ActionId: e.ActionID, ActionType: e.ActionType,
			Parameters: e.Parameters, Branch: e.Branch, NextAction: e.NextAction, Error: e.Error})
	}
	writeJSON(w, http.StatusOK, map[string]any{"Entries": out})
}

// fail writes err as the Connect API would name it.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ce *connect.Error
	if !errors.As(err, &ce) {
		ce = &connect.Error{Kind: connect.Internal, Err: err}
	}
	msg := ce.Message
	if msg == "" {
		msg = string(ce.Resource) + " not found"
	}
	switch ce.Kind {
	case connect.NotFound:
		WriteError(w, http.StatusNotFound, "ResourceNotFoundException", msg)
	case connect.Conflict:
		WriteError(w, http.StatusConflict, "ConflictException", msg)
	case connect.Invalid:
		WriteError(w, http.StatusBadRequest, "InvalidRequestException", msg)
	default:
		h.cfg.Logger.ErrorContext(r.Context(), "admin: request failed", "path", r.URL.Path, "err", err)
		WriteError(w, http.StatusInternalServerError, "InternalServiceException", "internal error")
	}
}

// decodeStrict decodes the body read from r into v: one JSON object of
// UTF-8 text with no member v does not have, and nothing after it.
func decodeStrict(r io.Reader, v any) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if !utf8.Valid(body) {
		return errors.New("body is not UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("body has more than one JSON value")
	}
	return nil
}

// WriteError writes an error of connectd's own API (the event stream's
// included) in the Connect API's error shape: the status, X-Amzn-ErrorType
// (spelled as AWS spells it) and a JSON body {"Message": msg}.
func WriteError(w http.ResponseWriter, status int, code, msg string) {
	w.Header()["X-Amzn-ErrorType"] = []string{code}
	writeJSON(w, status, map[string]string{"Message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
