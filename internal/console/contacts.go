package console

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"connectd/internal/connect"
)

// searchPage is how many contacts a search page lists.
const searchPage = 25

type searchData struct {
	InstanceID string
	Form       map[string]string
	Queues     []*connect.Queue
	Contacts   []*connect.Contact
	Total      int
	Next       string // query string of the next page, "" on the last
	Error      string
}

// searchFields are the search form's inputs.
var searchFields = []string{"time_field", "start", "end", "queue", "method", "sort", "order", "state", "agent", "name", "attr_key", "attr_value"}

// contacts: SearchContacts with the form's filters, a page at a time.
func (c *Console) contacts(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx, p, id := r.Context(), s.partition(), r.PathValue("InstanceId")
	q := r.URL.Query()
	d := searchData{InstanceID: id, Form: map[string]string{}}
	for _, f := range searchFields {
		d.Form[f] = q.Get(f)
	}
	var err error
	if d.Queues, _, err = c.cfg.Service.ListQueues(ctx, p, id, []string{"STANDARD"}, "", listMax); err != nil {
		return err
	}
	in := connect.SearchContactsInput{InstanceID: id, SortOrder: q.Get("order"), NextToken: q.Get("token"), MaxResults: searchPage}
	cq := &in.Query
	cq.TimeField, cq.SortField = cmp.Or(q.Get("time_field"), "INITIATION_TIMESTAMP"), q.Get("sort")
	// SearchContacts needs a time range: the last 90 days up to the clock's
	// time, unless the form says otherwise.
	now := c.cfg.Service.Now()
	cq.Start, cq.End = now.AddDate(0, 0, -90), now.Add(24*time.Hour)
	if t, ok := parseLocal(q.Get("start")); ok {
		cq.Start = t
	}
	if t, ok := parseLocal(q.Get("end")); ok {
		cq.End = t
	}
	if v := q.Get("queue"); v != "" {
		cq.QueueIDs = []string{v}
	}
	if v := q.Get("method"); v != "" {
		cq.InitiationMethods = []string{v}
	}
	if v := q.Get("agent"); v != "" {
		cq.AgentIDs = []string{v}
	}
	if v := q.Get("name"); v != "" {
		cq.Name = &connect.TextMatch{Texts: []string{v}, Type: connect.MatchAll}
	}
	if k := q.Get("attr_key"); k != "" {
		kv := connect.KeyValues{Key: k}
		if v := q.Get("attr_value"); v != "" {
			kv.Values = []string{v}
		}
		cq.Attributes = &connect.KeyValueMatch{Type: connect.MatchAll, Criteria: []connect.KeyValues{kv}}
	}
	// A contact's state is not a SearchContacts criterion: the Service
	// refuses it as it does for the API.
	if q.Get("state") != "" {
		in.Unsupported = append(in.Unsupported, "State")
	}
	items, total, next, err := c.cfg.Service.SearchContacts(ctx, p, in)
	if ce, ok := asInvalid(err); ok {
		d.Error = ce.Message // shown with the form, which stays usable
	} else if err != nil {
		return err
	}
	d.Contacts, d.Total = items, total
	if next != "" {
		nq := r.URL.Query()
		nq.Set("token", next)
		d.Next = nq.Encode()
	}
	c.render(w, r, http.StatusOK, "contacts", &page{Title: "Contacts", Session: s, Instance: id, Data: d})
	return nil
}

func asInvalid(err error) (*connect.Error, bool) {
	ce, ok := err.(*connect.Error)
	if !ok || ce.Kind == connect.Internal || ce.Kind == connect.NotFound {
		return nil, false
	}
	return ce, true
}

// parseLocal reads a datetime-local input's value, taken as UTC.
func parseLocal(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

type timelineItem struct {
	Time   time.Time
	Kind   string // "event" | "flow"
	Title  string
	Detail string
	Error  string
}

type fieldValue struct {
	Field     connect.TaskTemplateField
	Value     string
	Required  bool
	ReadOnly  bool
	Invisible bool
}

type contactData struct {
	InstanceID string
	Contact    *connect.Contact
	Timeline   []timelineItem
	Template   *connect.TaskTemplate
	Fields     []fieldValue
	Flow       *connect.ContactFlow
	Diagram    *diagram
	RefNames   []string
	AttrNames  []string
	AttrsJSON  string
	Queues     []*connect.Queue
	Flows      []*connect.ContactFlow
}

// contact: every DescribeContact field, its template's fields, its
// timeline and its path on its flow's diagram, with the actions.
func (c *Console) contact(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx, p, svc := r.Context(), s.partition(), c.cfg.Service
	id, cid := r.PathValue("InstanceId"), r.PathValue("ContactId")
	ct, err := svc.DescribeContact(ctx, p, id, cid)
	if err != nil {
		return err
	}
	d := contactData{InstanceID: id, Contact: ct}
	events, err := svc.ContactEvents(ctx, p, id, cid)
	if err != nil {
		return err
	}
	logs, err := svc.ContactFlowLog(ctx, p, id, cid)
	if err != nil {
		return err
	}
	d.Timeline = timeline(events, logs)
	if ct.TaskTemplateID != "" {
		t, err := svc.GetTaskTemplate(ctx, p, id, ct.TaskTemplateID, strconv.Itoa(ct.TaskTemplateVersion))
		if err != nil && !connect.IsNotFound(err) {
			return err
		}
		if t != nil {
			d.Template, d.Fields = t, templateValues(t, ct)
		}
	}
	if ct.ContactFlowID != "" {
		f, err := svc.DescribeContactFlow(ctx, p, id, ct.ContactFlowID)
		if err != nil && !connect.IsNotFound(err) {
			return err
		}
		if f != nil {
			d.Flow, d.Diagram = f, drawFlow(f.Content, logs)
		}
	}
	for k := range ct.References {
		d.RefNames = append(d.RefNames, k)
	}
	slices.Sort(d.RefNames)
	for k := range ct.Attributes {
		d.AttrNames = append(d.AttrNames, k)
	}
	slices.Sort(d.AttrNames)
	attrs := []byte("{}")
	if len(ct.Attributes) > 0 {
		attrs, _ = json.MarshalIndent(ct.Attributes, "", "  ")
	}
	d.AttrsJSON = string(attrs)
	if ct.State.Active() {
		if d.Queues, _, err = svc.ListQueues(ctx, p, id, []string{"STANDARD"}, "", listMax); err != nil {
			return err
		}
		if d.Flows, _, err = svc.ListContactFlows(ctx, p, id, nil, "", listMax); err != nil {
			return err
		}
	}
	c.render(w, r, http.StatusOK, "contact", &page{Title: "Contact " + ct.ID, Session: s, Live: true, Instance: id, Data: d})
	return nil
}

// timeline merges a contact's events and flow-log entries by time; at the
// same time an event comes first.
func timeline(events []connect.EventRecord, logs []connect.FlowLogEntry) []timelineItem {
	var out []timelineItem
	for _, e := range events {
		out = append(out, timelineItem{Time: e.Time, Kind: "event", Title: e.Type, Detail: eventDetail(e.Body)})
	}
	for _, l := range logs {
		detail := l.ContactFlowName + " · " + l.ActionID
		if l.Branch != "" {
			detail += " → " + l.Branch
		}
		out = append(out, timelineItem{Time: l.Timestamp, Kind: "flow", Title: l.ActionType, Detail: detail, Error: l.Error})
	}
	slices.SortStableFunc(out, func(a, b timelineItem) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(timelineRank(a), timelineRank(b)))
	})
	return out
}

// timelineRank orders what happened in the same millisecond: a flow runs
// once its contact is initiated and connected to the system, and before
// what its blocks cause (queueing, ending).
func timelineRank(t timelineItem) int {
	switch {
	case t.Kind == "flow":
		return 2
	case t.Title == connect.EventInitiated:
		return 0
	case t.Title == connect.EventConnectedToSystem:
		return 1
	}
	return 3
}

// eventDetail picks the queue and agent an event names, if any.
func eventDetail(body []byte) string {
	var e struct {
		Detail struct {
			QueueInfo *struct{ QueueArn string } `json:"queueInfo"`
			AgentInfo *struct{ AgentArn string } `json:"agentInfo"`
		} `json:"detail"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	var parts []string
	if q := e.Detail.QueueInfo; q != nil && q.QueueArn != "" {
		parts = append(parts, "queue "+lastSegment(q.QueueArn))
	}
	if a := e.Detail.AgentInfo; a != nil && a.AgentArn != "" {
		parts = append(parts, "agent "+lastSegment(a.AgentArn))
	}
	return strings.Join(parts, " · ")
}

func lastSegment(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

// templateValues pairs each template field with the contact's value.
func templateValues(t *connect.TaskTemplate, ct *connect.Contact) []fieldValue {
	var out []fieldValue
	for _, f := range t.Fields {
		v := fieldValue{Field: f, Required: slices.Contains(t.Constraints.Required, f.Name),
			ReadOnly: slices.Contains(t.Constraints.ReadOnly, f.Name), Invisible: slices.Contains(t.Constraints.Invisible, f.Name)}
		switch f.Type {
		case connect.FieldName:
			v.Value = ct.Name
		case connect.FieldDescription:
			v.Value = ct.Description
		case connect.FieldScheduledTime:
			if ct.ScheduledTimestamp != nil {
				v.Value = ct.ScheduledTimestamp.UTC().Format(time.RFC3339)
			}
		case connect.FieldQuickConnect:
			v.Value = ct.QuickConnectID
		default:
			v.Value = ct.References[f.Name].Value
		}
		out = append(out, v)
	}
	return out
}

func (c *Console) stopContact(w http.ResponseWriter, r *http.Request, s *session) error {
	id, cid := r.PathValue("InstanceId"), r.PathValue("ContactId")
	if err := c.cfg.Service.StopContact(r.Context(), s.partition(), id, cid); err != nil {
		return err
	}
	return c.done(w, r, "", "Contact stopped.")
}

func (c *Console) rescheduleContact(w http.ResponseWriter, r *http.Request, s *session) error {
	id, cid := r.PathValue("InstanceId"), r.PathValue("ContactId")
	at, ok := parseLocal(r.PostFormValue("scheduled_time"))
	if !ok {
		return connect.Errorf(connect.Invalid, "The scheduled time %q is not a date and time.", r.PostFormValue("scheduled_time"))
	}
	if err := c.cfg.Service.UpdateContactSchedule(r.Context(), s.partition(), id, cid, at); err != nil {
		return err
	}
	return c.done(w, r, "", "Contact rescheduled.")
}

// updateAttributes sets the attributes given as a JSON object.
func (c *Console) updateAttributes(w http.ResponseWriter, r *http.Request, s *session) error {
	id, cid := r.PathValue("InstanceId"), r.PathValue("ContactId")
	var attrs map[string]string
	if err := json.Unmarshal([]byte(r.PostFormValue("attributes")), &attrs); err != nil {
		return connect.Errorf(connect.Invalid, "Attributes must be a JSON object of strings: %v", err)
	}
	if err := c.cfg.Service.UpdateContactAttributes(r.Context(), s.partition(), id, cid, attrs); err != nil {
		return err
	}
	return c.done(w, r, "", "Attributes updated.")
}

// updateContact changes the name, description and, when one is given, a
// reference.
func (c *Console) updateContact(w http.ResponseWriter, r *http.Request, s *session) error {
	in := connect.UpdateContactInput{InstanceID: r.PathValue("InstanceId"), ContactID: r.PathValue("ContactId")}
	if _, ok := r.PostForm["name"]; ok {
		in.Name = new(r.PostFormValue("name"))
	}
	if _, ok := r.PostForm["description"]; ok {
		in.Description = new(r.PostFormValue("description"))
	}
	if k := strings.TrimSpace(r.PostFormValue("ref_name")); k != "" {
		in.References = map[string]connect.Reference{k: {Type: r.PostFormValue("ref_type"), Value: r.PostFormValue("ref_value")}}
	}
	if err := c.cfg.Service.UpdateContact(r.Context(), s.partition(), in); err != nil {
		return err
	}
	return c.done(w, r, "", "Contact updated.")
}

// transferContact transfers to the form's queue (with a flow) or quick
// connect, and shows the new contact.
func (c *Console) transferContact(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("InstanceId")
	nc, err := c.transfer(r, s, id, r.PathValue("ContactId"))
	if err != nil {
		return err
	}
	return c.done(w, r, Prefix+"instances/"+id+"/contacts/"+nc.ID, "Transferred: this is the new contact.")
}

// transfer runs TransferContact for the form: a queue and a flow, or a
// quick connect, whose target and flow it uses.
func (c *Console) transfer(r *http.Request, s *session, instanceID, contactID string) (*connect.Contact, error) {
	in := connect.TransferInput{InstanceID: instanceID, ContactID: contactID,
		QueueID: r.PostFormValue("queue"), ContactFlowID: r.PostFormValue("flow")}
	if qc := r.PostFormValue("quick_connect"); qc != "" {
		q, err := c.cfg.Service.DescribeQuickConnect(r.Context(), s.partition(), instanceID, qc)
		if err != nil {
			return nil, err
		}
		in.QueueID, in.UserID, in.ContactFlowID = q.QueueID, q.UserID, q.ContactFlowID
	}
	return c.cfg.Service.TransferContact(r.Context(), s.partition(), in)
}
