package connect

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// taskRoute is what StartTaskContact records about how a task runs: the flow
// that starts it, the template snapshot it uses and the quick connect that
// targets it.
type taskRoute struct {
	flowID          string
	templateID      string
	templateVersion int
	quickConnectID  string
	// flow is flowID's flow as checkStartTask read it: the task's
	// transaction runs it without reading it again.
	flow *ContactFlow
}

// routeTask chooses the flow of a new task from ContactFlowId,
// TaskTemplateId and QuickConnectId, and applies the template, if any, to in
// (defaults fill what in lacks; constraints and field types are checked).
//
// A template goes with a request's ContactFlowId, which then runs instead of
// the template's flow; a quick connect selects a flow of its own, so it goes
// with neither. A template without a flow uses its QUICK_CONNECT field's
// default quick connect; without one the task has no flow to run.
func (s *Service) routeTask(ctx context.Context, r Reader, inst *Instance, in *StartTaskInput) (taskRoute, error) {
	switch {
	case in.QuickConnectID != "" && in.ContactFlowID != "":
		return taskRoute{}, Errorf(Invalid, "ContactFlowId and QuickConnectId cannot both be specified: each selects the flow of the task.")
	case in.QuickConnectID != "" && in.TaskTemplateID != "":
		return taskRoute{}, Errorf(Invalid, "TaskTemplateId and QuickConnectId cannot both be specified.")
	case in.QuickConnectID != "":
		qc, err := s.taskQuickConnect(ctx, r, inst, in.QuickConnectID)
		if err != nil {
			return taskRoute{}, err
		}
		return taskRoute{flowID: qc.ContactFlowID, quickConnectID: qc.ID}, nil
	case in.TaskTemplateID != "":
		return s.routeTemplateTask(ctx, r, inst, in)
	case in.ContactFlowID == "":
		return taskRoute{}, Errorf(Invalid, "One of ContactFlowId, QuickConnectId or TaskTemplateId is required.")
	}
	return taskRoute{flowID: in.ContactFlowID}, nil
}

// routeTemplateTask routes a task created from a template.
func (s *Service) routeTemplateTask(ctx context.Context, r Reader, inst *Instance, in *StartTaskInput) (taskRoute, error) {
	t, err := r.GetTaskTemplate(ctx, inst.ID, in.TaskTemplateID)
	if err != nil {
		return taskRoute{}, err
	}
	if t.Status != TemplateActive {
		return taskRoute{}, Errorf(Invalid, "Task template %s is INACTIVE; tasks can be created only from ACTIVE templates.", t.ID)
	}
	qcID, err := applyTaskTemplate(t, in)
	if err != nil {
		return taskRoute{}, err
	}
	route := taskRoute{flowID: in.ContactFlowID, templateID: t.ID, templateVersion: t.Version}
	if route.flowID == "" {
		route.flowID = t.ContactFlowID
	}
	if route.flowID == "" && qcID != "" {
		qc, err := s.taskQuickConnect(ctx, r, inst, qcID)
		if err != nil {
			return taskRoute{}, err
		}
		route.flowID, route.quickConnectID = qc.ContactFlowID, qc.ID
	}
	if route.flowID == "" {
		return taskRoute{}, Errorf(Invalid, "Task template %s has no flow and no default quick connect; give a ContactFlowId.", t.ID)
	}
	return route, nil
}

// taskValues is what a task holds for the fields of a template.
type taskValues struct {
	name, description string
	scheduled         bool   // the task has a ScheduledTime
	expiry            bool   // the task has a connect:ContactExpiry
	quickConnectID    string // the quick connect the task is assigned to
	selfAssign        bool   // the SELF_ASSIGN field has a value
	refs              map[string]Reference
}

// contactValues returns the values a contact holds.
func contactValues(c *Contact) taskValues {
	_, expiry := c.SegmentAttributes[SegmentContactExpiry]
	return taskValues{
		name: c.Name, description: c.Description, scheduled: c.ScheduledTimestamp != nil,
		expiry: expiry, quickConnectID: c.QuickConnectID, refs: c.References,
	}
}

// withTemplateDefaults returns v with t's defaults for the values a task
// cannot carry itself (its quick connect and self-assignment).
func withTemplateDefaults(t *TaskTemplate, v taskValues) taskValues {
	if f := t.fieldOfType(FieldQuickConnect); f != nil && v.quickConnectID == "" {
		v.quickConnectID, _ = t.defaultOf(f.Name)
	}
	if f := t.fieldOfType(FieldSelfAssign); f != nil {
		_, v.selfAssign = t.defaultOf(f.Name)
	}
	return v
}

// fieldPath is the property path of the task value that holds field f.
func fieldPath(f *TaskTemplateField) string {
	switch f.Type {
	case FieldName:
		return "Name"
	case FieldDescription:
		return "Description"
	case FieldScheduledTime:
		return "ScheduledTime"
	case FieldExpiryDuration:
		return "SegmentAttributes." + SegmentContactExpiry
	case FieldQuickConnect:
		return "QuickConnectId"
	case FieldSelfAssign:
		return "SelfAssign"
	}
	return "References." + f.Name
}

// templateMismatches returns how the task values v break t's fields: a
// required field without a value, or a reference named after a field whose
// type or value does not fit the field. only, when not nil, limits the check
// to the fields it accepts.
func templateMismatches(t *TaskTemplate, v taskValues, only func(*TaskTemplateField) bool) []PropertyProblem {
	var ps problems
	v = withTemplateDefaults(t, v)
	for i := range t.Fields {
		f := &t.Fields[i]
		if only != nil && !only(f) {
			continue
		}
		required := slices.Contains(t.Constraints.Required, f.Name)
		path := fieldPath(f)
		var has bool
		switch f.Type {
		case FieldName:
			has = v.name != ""
		case FieldDescription:
			has = v.description != ""
		case FieldScheduledTime:
			has = v.scheduled
		case FieldExpiryDuration:
			has = v.expiry
		case FieldQuickConnect:
			has = v.quickConnectID != ""
		case FieldSelfAssign:
			has = v.selfAssign
		default:
			ref, ok := v.refs[f.Name]
			has = ok && ref.Value != ""
			want := fieldKinds[f.Type].ref
			switch {
			case ok && ref.Type != want:
				ps.add(path, ReasonTypeMismatch, "Field %q is of type %s: its reference must be of type %s, not %s.", f.Name, f.Type, want, ref.Type)
				continue
			case has:
				if reason, msg := checkFieldValue(f, ref.Value, false); reason != "" {
					ps.add(path, reason, "Field %q: %s.", f.Name, msg)
					continue
				}
			}
		}
		if required && !has {
			ps.add(path, ReasonRequiredPropertyMissing, "Field %q (%s) is required by task template %s.", f.Name, f.Type, t.Name)
		}
	}
	return ps
}

// applyTaskTemplate applies template t to a new task: the request may not set
// a read-only field, defaults fill the fields it leaves unset, and the result
// must satisfy every field. It returns the task's quick connect, from the
// template's QUICK_CONNECT default ("" when there is none).
func applyTaskTemplate(t *TaskTemplate, in *StartTaskInput) (string, error) {
	refs := maps.Clone(in.References)
	seg := maps.Clone(in.SegmentAttributes)
	for i := range t.Fields {
		f := &t.Fields[i]
		var given bool
		switch f.Type {
		case FieldName:
			given = in.Name != ""
		case FieldDescription:
			given = in.Description != ""
		case FieldScheduledTime:
			given = in.ScheduledTime != nil
		case FieldExpiryDuration:
			_, given = seg[SegmentContactExpiry]
		case FieldQuickConnect, FieldSelfAssign: // a request cannot carry these
		default:
			_, given = refs[f.Name]
		}
		if given && slices.Contains(t.Constraints.ReadOnly, f.Name) {
			return "", Errorf(Invalid, "Field %q of task template %s is read-only: the request cannot set %s.", f.Name, t.Name, fieldPath(f))
		}
		d, ok := t.defaultOf(f.Name)
		if given || !ok {
			continue
		}
		switch f.Type {
		case FieldName:
			in.Name = d
		case FieldDescription:
			in.Description = d
		case FieldExpiryDuration:
			m, err := strconv.ParseInt(d, 10, 32) // checked when the template was saved
			if err != nil {
				return "", &Error{Kind: Internal, Err: fmt.Errorf("task template %s: EXPIRY_DURATION default %q: %w", t.ID, d, err)}
			}
			if seg == nil {
				seg = map[string]SegmentAttributeValue{}
			}
			seg[SegmentContactExpiry] = SegmentAttributeValue{Map: map[string]SegmentAttributeValue{"ExpiryDuration": {Integer: ptrTo(int32(m))}}}
		case FieldScheduledTime, FieldQuickConnect, FieldSelfAssign:
		default:
			if refs == nil {
				refs = map[string]Reference{}
			}
			refs[f.Name] = Reference{Type: fieldKinds[f.Type].ref, Value: d}
		}
	}
	in.References, in.SegmentAttributes = refs, seg
	_, expiry := seg[SegmentContactExpiry]
	v := withTemplateDefaults(t, taskValues{
		name: in.Name, description: in.Description, scheduled: in.ScheduledTime != nil,
		expiry: expiry, refs: refs,
	})
	if ps := templateMismatches(t, v, nil); len(ps) > 0 {
		// The wire shows the first problem (an InvalidRequestException has
		// no property list); Properties keeps them all for the console's form.
		e := Errorf(Invalid, "The task does not satisfy task template %s: %s: %s", t.Name, ps[0].Path, ps[0].Message)
		e.Properties = ps
		return "", e
	}
	return v.quickConnectID, nil
}

// checkTemplateUpdate checks an UpdateContact of c, a task created from
// template snapshot t, against t: the update may not set a read-only field,
// and the fields it sets must still satisfy t (a required one cannot be
// emptied; a reference must fit its field). merged holds c's values after
// the update.
func checkTemplateUpdate(t *TaskTemplate, in UpdateContactInput, merged *Contact) error {
	touched := func(f *TaskTemplateField) bool {
		switch f.Type {
		case FieldName:
			return in.Name != nil
		case FieldDescription:
			return in.Description != nil
		case FieldExpiryDuration:
			_, ok := in.SegmentAttributes[SegmentContactExpiry]
			return ok
		case FieldScheduledTime, FieldQuickConnect, FieldSelfAssign:
			return false
		}
		_, ok := in.References[f.Name]
		return ok
	}
	for i := range t.Fields {
		f := &t.Fields[i]
		if touched(f) && slices.Contains(t.Constraints.ReadOnly, f.Name) {
			return Errorf(Invalid, "Field %q of task template %s is read-only: UpdateContact cannot set %s.", f.Name, t.Name, fieldPath(f))
		}
	}
	if ps := templateMismatches(t, contactValues(merged), touched); len(ps) > 0 {
		return Errorf(Invalid, "The update does not satisfy task template %s: %s: %s", t.Name, ps[0].Path, ps[0].Message)
	}
	return nil
}

func ptrTo[T any](v T) *T { return &v }
