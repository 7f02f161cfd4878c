package console

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"connectd/internal/connect"
)

type agentsData struct {
	InstanceID string
	Users      []*connect.User
}

func (c *Console) agents(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("InstanceId")
	us, _, err := c.cfg.Service.ListUsers(r.Context(), s.partition(), id, "", listMax)
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "agents", &page{Title: "Agents", Session: s, Instance: id, Data: agentsData{id, us}})
	return nil
}

// formField is a new-task form's input for a template field.
type formField struct {
	connect.TaskTemplateField
	Input    string // the input's name
	Value    string
	Required bool
	ReadOnly bool
	Error    string // the template's message about the field
}

type taskForm struct {
	Template *connect.TaskTemplate
	Flow     *connect.ContactFlow
	Fields   []formField
	Error    string
}

type agentData struct {
	InstanceID    string
	User          *connect.User
	Data          *connect.UserData
	Statuses      []*connect.AgentStatus
	Queues        []*connect.Queue
	QuickConnects []*connect.QuickConnect
	Flows         []*connect.ContactFlow
	Templates     []*connect.TaskTemplate
	Form          *taskForm
}

// agentPage: the agent's workspace.
func (c *Console) agentPage(w http.ResponseWriter, r *http.Request, s *session) error {
	d, err := c.agentData(r, s)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	switch {
	case q.Get("template") != "":
		t, err := c.cfg.Service.GetTaskTemplate(r.Context(), s.partition(), d.InstanceID, q.Get("template"), "")
		if err != nil {
			return err
		}
		d.Form = newTaskForm(t, nil, nil)
	case q.Get("flow") != "":
		f, err := c.cfg.Service.DescribeContactFlow(r.Context(), s.partition(), d.InstanceID, q.Get("flow"))
		if err != nil {
			return err
		}
		d.Form = &taskForm{Flow: f}
	}
	c.render(w, r, http.StatusOK, "agent", &page{Title: "Agent " + d.User.Username, Session: s, Live: true, Instance: d.InstanceID, Data: d})
	return nil
}

func (c *Console) agentData(r *http.Request, s *session) (*agentData, error) {
	ctx, p, svc := r.Context(), s.partition(), c.cfg.Service
	id, uid := r.PathValue("InstanceId"), r.PathValue("UserId")
	d := &agentData{InstanceID: id}
	var err error
	if d.User, err = svc.DescribeUser(ctx, p, id, uid); err != nil {
		return nil, err
	}
	uds, _, _, err := svc.GetCurrentUserData(ctx, p, id, connect.UserDataFilter{Agents: []string{d.User.ID}}, "", 1)
	if err != nil {
		return nil, err
	}
	if len(uds) > 0 {
		d.Data = &uds[0]
	}
	if d.Statuses, _, err = svc.ListAgentStatuses(ctx, p, id, nil, "", listMax); err != nil {
		return nil, err
	}
	if d.Queues, _, err = svc.ListQueues(ctx, p, id, []string{"STANDARD"}, "", listMax); err != nil {
		return nil, err
	}
	if d.QuickConnects, _, err = svc.ListQuickConnects(ctx, p, id, nil, "", listMax); err != nil {
		return nil, err
	}
	if d.Flows, _, err = svc.ListContactFlows(ctx, p, id, nil, "", listMax); err != nil {
		return nil, err
	}
	if d.Templates, err = svc.ListTaskTemplates(ctx, p, id, connect.TaskTemplateFilter{Status: connect.TemplateActive}, ""); err != nil {
		return nil, err
	}
	return d, nil
}

// newTaskForm lays out template t's visible fields, with the values given
// (else the defaults) and the problems found.
func newTaskForm(t *connect.TaskTemplate, given map[string]string, problems []connect.PropertyProblem) *taskForm {
	f := &taskForm{Template: t}
	for _, tf := range t.Fields {
		if slices.Contains(t.Constraints.Invisible, tf.Name) {
			continue
		}
		ff := formField{TaskTemplateField: tf, Input: "field." + tf.Name,
			Required: slices.Contains(t.Constraints.Required, tf.Name), ReadOnly: slices.Contains(t.Constraints.ReadOnly, tf.Name)}
		v, ok := given[ff.Input]
		if !ok || ff.ReadOnly {
			for _, d := range t.Defaults {
				if d.Field == tf.Name {
					v = d.Value
				}
			}
		}
		ff.Value = v
		for _, p := range problems {
			if p.Path == tf.RequestPath() {
				ff.Error = p.Message
			}
		}
		f.Fields = append(f.Fields, ff)
	}
	return f
}

// taskInput reads the form's field values into StartTaskContact's input.
// Only the value's encoding is the console's (a date input to epoch
// seconds, minutes to connect:ContactExpiry); every rule is the Service's.
func taskInput(t *connect.TaskTemplate, form map[string]string) (connect.StartTaskInput, error) {
	in := connect.StartTaskInput{TaskTemplateID: t.ID}
	for _, tf := range t.Fields {
		v := strings.TrimSpace(form["field."+tf.Name])
		if v == "" {
			continue // unset: the template's default, or its required rule, applies
		}
		switch tf.Type {
		case connect.FieldName:
			in.Name = v
		case connect.FieldDescription:
			in.Description = v
		case connect.FieldScheduledTime:
			at, ok := parseLocal(v)
			if !ok {
				return in, connect.Errorf(connect.Invalid, "Field %q: %q is not a date and time.", tf.Name, v)
			}
			in.ScheduledTime = &at
		case connect.FieldExpiryDuration:
			m, err := strconv.ParseInt(v, 10, 32)
			if err != nil {
				return in, connect.Errorf(connect.Invalid, "Field %q: %q is not a whole number of minutes.", tf.Name, v)
			}
			in.SegmentAttributes = map[string]connect.SegmentAttributeValue{connect.SegmentContactExpiry: {
				Map: map[string]connect.SegmentAttributeValue{"ExpiryDuration": {Integer: new(int32(m))}}}}
		case connect.FieldQuickConnect, connect.FieldSelfAssign:
			// A request cannot carry these: the template's defaults apply.
		default:
			if tf.Type == connect.FieldDateTime {
				if at, ok := parseLocal(v); ok {
					v = strconv.FormatInt(at.Unix(), 10)
				}
			}
			if in.References == nil {
				in.References = map[string]connect.Reference{}
			}
			in.References[tf.Name] = connect.Reference{Type: tf.ReferenceType(), Value: v}
		}
	}
	return in, nil
}

// newTask starts a task from the form: from a template, or from a flow.
func (c *Console) newTask(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx, p, svc := r.Context(), s.partition(), c.cfg.Service
	id := r.PathValue("InstanceId")
	form := map[string]string{}
	for k := range r.PostForm {
		form[k] = r.PostForm.Get(k)
	}
	var (
		in   connect.StartTaskInput
		tmpl *connect.TaskTemplate
		err  error
	)
	if tid := form["template"]; tid != "" {
		if tmpl, err = svc.GetTaskTemplate(ctx, p, id, tid, ""); err != nil {
			return err
		}
		in, err = taskInput(tmpl, form)
	} else {
		in = connect.StartTaskInput{ContactFlowID: form["flow"], Name: form["name"], Description: form["description"]}
		if v := form["scheduled_time"]; v != "" {
			if at, ok := parseLocal(v); ok {
				in.ScheduledTime = &at
			} else {
				err = connect.Errorf(connect.Invalid, "The scheduled time %q is not a date and time.", v)
			}
		}
	}
	in.InstanceID = id
	var ct *connect.Contact
	if err == nil {
		ct, err = svc.StartTaskContact(ctx, p, in)
	}
	if err == nil {
		return c.done(w, r, Prefix+"instances/"+id+"/contacts/"+ct.ID, "Task created.")
	}
	ce, ok := errors.AsType[*connect.Error](err)
	if !ok || ce.Kind == connect.Internal || ce.Kind == connect.NotFound && tmpl == nil {
		return err
	}
	// Show the form again with what was typed and the Service's messages,
	// each next to its field when it names one.
	d, derr := c.agentData(r, s)
	if derr != nil {
		return derr
	}
	if tmpl != nil {
		d.Form = newTaskForm(tmpl, form, ce.Properties)
	} else if d.Form = (&taskForm{}); form["flow"] != "" {
		d.Form.Flow, _ = svc.DescribeContactFlow(ctx, p, id, form["flow"])
	}
	d.Form.Error = ce.Message
	c.render(w, r, statusOf(ce.Kind), "agent", &page{Title: "Agent " + d.User.Username, Session: s, Instance: id, Data: d})
	return nil
}

func (c *Console) setAgentStatus(w http.ResponseWriter, r *http.Request, s *session) error {
	id, uid := r.PathValue("InstanceId"), r.PathValue("UserId")
	if err := c.cfg.Service.PutUserStatus(r.Context(), s.partition(), id, uid, r.PostFormValue("status")); err != nil {
		return err
	}
	return c.done(w, r, "", "Status set.")
}

// agentAction works a task the agent holds.
func (c *Console) agentAction(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx, p, svc := r.Context(), s.partition(), c.cfg.Service
	id, uid, cid := r.PathValue("InstanceId"), r.PathValue("UserId"), r.PathValue("ContactId")
	var err error
	msg := ""
	switch a := r.PathValue("Action"); a {
	case "accept":
		err, msg = svc.AcceptContact(ctx, p, id, uid, cid), "Task accepted."
	case "reject":
		err, msg = svc.RejectContact(ctx, p, id, uid, cid), "Task rejected."
	case "complete":
		err, msg = svc.CompleteContact(ctx, p, id, uid, cid), "Task completed."
	case "pause":
		err, msg = svc.PauseContact(ctx, p, id, cid, ""), "Task paused."
	case "resume":
		err, msg = svc.ResumeContact(ctx, p, id, cid, ""), "Task resumed."
	case "transfer":
		var nc *connect.Contact
		if nc, err = c.transfer(r, s, id, cid); err == nil {
			msg = "Task transferred (new contact " + nc.ID + ")."
		}
	default:
		return &connect.Error{Kind: connect.NotFound, Message: "No agent action " + a + "."}
	}
	if err != nil {
		return err
	}
	return c.done(w, r, "", msg)
}
