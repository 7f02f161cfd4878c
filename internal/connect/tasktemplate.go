package connect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Task template field types (AWS TaskTemplateFieldType).
const (
	FieldName           = "NAME"
	FieldDescription    = "DESCRIPTION"
	FieldScheduledTime  = "SCHEDULED_TIME"
	FieldQuickConnect   = "QUICK_CONNECT"
	FieldURL            = "URL"
	FieldNumber         = "NUMBER"
	FieldText           = "TEXT"
	FieldTextArea       = "TEXT_AREA"
	FieldDateTime       = "DATE_TIME"
	FieldBoolean        = "BOOLEAN"
	FieldSingleSelect   = "SINGLE_SELECT"
	FieldEmail          = "EMAIL"
	FieldSelfAssign     = "SELF_ASSIGN"
	FieldExpiryDuration = "EXPIRY_DURATION"
)

// Task template statuses (AWS TaskTemplateStatus). Tasks can be created only
// from ACTIVE templates.
const (
	TemplateActive   = "ACTIVE"
	TemplateInactive = "INACTIVE"
)

// fieldKind says how a task carries the value of a field type.
type fieldKind struct {
	// ref is the reference type that carries the value ("" for the field
	// types a task carries in a member of its own: NAME in Name, and so on).
	ref string
	// single: a template has at most one field of the type, since a task has
	// one name, one description, one schedule, one assignment, one expiry.
	single bool
}

// fieldKinds maps every field type to its kind. The reference types are
// those UpdateContactTaskTemplate documents: TEXT, TEXT_AREA, BOOLEAN and
// SINGLE_SELECT are STRING references, NUMBER is NUMBER, DATE_TIME is DATE,
// URL is URL, EMAIL is EMAIL.
var fieldKinds = map[string]fieldKind{
	FieldName:           {single: true},
	FieldDescription:    {single: true},
	FieldScheduledTime:  {single: true},
	FieldQuickConnect:   {single: true},
	FieldSelfAssign:     {single: true},
	FieldExpiryDuration: {single: true},
	FieldURL:            {ref: RefURL},
	FieldNumber:         {ref: RefNumber},
	FieldText:           {ref: RefString},
	FieldTextArea:       {ref: RefString},
	FieldDateTime:       {ref: RefDate},
	FieldBoolean:        {ref: RefString},
	FieldSingleSelect:   {ref: RefString},
	FieldEmail:          {ref: RefEmail},
}

// Limits of task template values.
const (
	maxTextChars       = 512  // a TEXT value has fewer characters than this
	maxTextAreaChars   = 4096 // a TEXT_AREA value has fewer characters than this
	maxTaskNameChars   = 1024 // StartTaskContact's Name
	maxTaskDescChars   = 4096 // StartTaskContact's Description
	maxSelectOptions   = 50   // SINGLE_SELECT options per field (CloudFormation's documented maximum)
	maxTemplateDefault = 50   // default values per template (likewise)
	maxTemplateChanges = 5    // UpdateContactTaskTemplate calls per contact
)

// TaskTemplateField is one field of a task template.
type TaskTemplateField struct {
	Name                string // the field's identifier (AWS Id.Name)
	Description         string
	Type                string // one of the Field* types
	SingleSelectOptions []string
}

// TaskTemplateConstraints name the fields that are required, read-only and
// invisible.
type TaskTemplateConstraints struct {
	Required  []string
	ReadOnly  []string
	Invisible []string
}

// TaskTemplateDefault is a field's default value.
type TaskTemplateDefault struct {
	Field string
	Value string
}

// TaskTemplate is a task template. Every change makes a new snapshot,
// numbered by Version from 1; a task remembers the snapshot it uses.
type TaskTemplate struct {
	ID               string
	ARN              string
	InstanceID       string
	Name             string
	Description      string
	ContactFlowID    string
	SelfAssignFlowID string
	Status           string // TemplateActive | TemplateInactive
	Fields           []TaskTemplateField
	Constraints      TaskTemplateConstraints
	Defaults         []TaskTemplateDefault
	Version          int
	CreatedTime      time.Time
	LastModified     time.Time
	ClientToken      string
	RequestHash      string
	Tags             map[string]string
}

// TaskTemplateInfo names the template a task uses (AWS TaskTemplateInfoV2).
type TaskTemplateInfo struct {
	ARN  string
	Name string
}

// field returns the template's field called name, or nil.
func (t *TaskTemplate) field(name string) *TaskTemplateField {
	for i := range t.Fields {
		if t.Fields[i].Name == name {
			return &t.Fields[i]
		}
	}
	return nil
}

// fieldOfType returns the template's (single) field of type typ, or nil.
func (t *TaskTemplate) fieldOfType(typ string) *TaskTemplateField {
	for i := range t.Fields {
		if t.Fields[i].Type == typ {
			return &t.Fields[i]
		}
	}
	return nil
}

// defaultOf returns the default value of the field called name.
func (t *TaskTemplate) defaultOf(name string) (string, bool) {
	for _, d := range t.Defaults {
		if d.Field == name {
			return d.Value, true
		}
	}
	return "", false
}

// TaskTemplateInput is CreateTaskTemplate's and UpdateTaskTemplate's input.
type TaskTemplateInput struct {
	InstanceID       string
	ID               string // UpdateTaskTemplate: the template to replace
	ClientToken      string // CreateTaskTemplate only
	Name             string
	Description      string
	ContactFlowID    string
	SelfAssignFlowID string
	Status           string // "" is ACTIVE on create and missing on update
	Fields           []TaskTemplateField
	// Constraints is nil when the request has none: the service requires them.
	Constraints *TaskTemplateConstraints
	Defaults    []TaskTemplateDefault
}

func (in TaskTemplateInput) template() *TaskTemplate {
	t := &TaskTemplate{
		InstanceID: in.InstanceID, Name: in.Name, Description: in.Description,
		ContactFlowID: in.ContactFlowID, SelfAssignFlowID: in.SelfAssignFlowID, Status: in.Status,
		Fields: in.Fields, Defaults: in.Defaults,
	}
	if in.Constraints != nil {
		t.Constraints = *in.Constraints
	}
	return t
}

// CreateTaskTemplate creates a task template after checking every property
// (PropertyValidationException lists each bad one). A retry with the same
// ClientToken returns the template the first call created.
func (s *Service) CreateTaskTemplate(ctx context.Context, p Partition, in TaskTemplateInput) (*TaskTemplate, error) {
	var out *TaskTemplate
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createTaskTemplate(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createTaskTemplate is CreateTaskTemplate in ch; id, when not "", is the
// new ID (see newID). in.ID is not read.
func (ch *change) createTaskTemplate(ctx context.Context, p Partition, id string, in TaskTemplateInput) (*TaskTemplate, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	in.InstanceID = inst.ID
	if in.Status == "" {
		in.Status = TemplateActive
	}
	hash := templateRequestHash(in)
	tx := ch.tx
	if in.ClientToken != "" {
		prev, err := tx.GetTaskTemplateByClientToken(ctx, inst.ID, in.ClientToken)
		switch {
		case err == nil && prev.RequestHash == hash:
			return prev, nil
		case err == nil:
			return nil, Errorf(TokenReused, "ClientToken %s was already used for a different request.", in.ClientToken)
		case !IsNotFound(err):
			return nil, err
		}
	}
	t := in.template()
	if err := ch.s.checkTemplate(ctx, tx, inst, t, in.Constraints != nil); err != nil {
		return nil, err
	}
	if t.ID, err = ch.newID(ResourceTaskTemplate, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	t.ARN = subARN(p, inst.ID, ResourceTaskTemplate, t.ID)
	t.Version, t.CreatedTime, t.LastModified = 1, ch.now, ch.now
	t.ClientToken, t.RequestHash = in.ClientToken, hash
	if err := tx.InsertTaskTemplate(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// UpdateTaskTemplate replaces a template's content (a full update, not a
// partial one) and makes a new snapshot of it.
func (s *Service) UpdateTaskTemplate(ctx context.Context, p Partition, in TaskTemplateInput) (*TaskTemplate, error) {
	inst, err := s.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	in.InstanceID = inst.ID
	var out *TaskTemplate
	err = s.write(ctx, func(ch *change) error {
		tx := ch.tx
		cur, err := tx.GetTaskTemplate(ctx, inst.ID, in.ID)
		if err != nil {
			return err
		}
		t := in.template()
		t.ID, t.ARN, t.CreatedTime, t.Tags = cur.ID, cur.ARN, cur.CreatedTime, cur.Tags
		t.ClientToken, t.RequestHash = cur.ClientToken, cur.RequestHash
		if err := s.checkTemplate(ctx, tx, inst, t, in.Constraints != nil); err != nil {
			return err
		}
		t.Version, t.LastModified = cur.Version+1, s.now()
		if err := tx.UpdateTaskTemplate(ctx, t); err != nil {
			return err
		}
		out = t
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetTaskTemplate returns a template, or the snapshot snapshotVersion of it
// when that is not "". A deleted template is not found, whatever the version.
func (s *Service) GetTaskTemplate(ctx context.Context, p Partition, instanceID, id, snapshotVersion string) (*TaskTemplate, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	t, err := s.store.GetTaskTemplate(ctx, inst.ID, id)
	if err != nil || snapshotVersion == "" {
		return t, err
	}
	v, err := strconv.Atoi(snapshotVersion)
	if err != nil || v < 1 {
		return nil, notFound(ResourceTaskTemplate, id+" version "+snapshotVersion)
	}
	snap, err := s.store.GetTaskTemplateVersion(ctx, inst.ID, id, v)
	if err != nil {
		return nil, err
	}
	snap.Tags = t.Tags
	return snap, nil
}

// ListTaskTemplates returns every template of the instance that matches f.
// Amazon Connect documents ListTaskTemplates' NextToken as always null: the
// list is one page, and a NextToken is refused.
func (s *Service) ListTaskTemplates(ctx context.Context, p Partition, instanceID string, f TaskTemplateFilter, token string) ([]*TaskTemplate, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	if token != "" {
		return nil, Errorf(Invalid, "The NextToken is not valid.")
	}
	return s.store.ListTaskTemplates(ctx, inst.ID, f)
}

// DeleteTaskTemplate deletes a template. Tasks created from it keep their
// snapshot.
func (s *Service) DeleteTaskTemplate(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error { return ch.tx.DeleteTaskTemplate(ctx, inst.ID, id) })
}

// templateRequestHash fingerprints a CreateTaskTemplate request, ClientToken aside.
func templateRequestHash(in TaskTemplateInput) string {
	in.ClientToken = ""
	b, _ := json.Marshal(in)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// checkTemplate checks every property of t, the ones that need lookups (flows,
// quick connects, the name's uniqueness) included, and resolves t's flow
// references to IDs. It returns an InvalidProperty error listing each problem.
func (s *Service) checkTemplate(ctx context.Context, r Reader, inst *Instance, t *TaskTemplate, hasConstraints bool) error {
	problems := checkTaskTemplate(t, hasConstraints)
	more, err := s.checkTemplateReferences(ctx, r, inst, t)
	if err != nil {
		return err
	}
	if problems = append(problems, more...); len(problems) > 0 {
		return propertyError(ResourceTaskTemplate, "The task template is not valid", problems)
	}
	return nil
}

// propertyError is the InvalidProperty error listing problems. Its message
// names the first problem, for clients that show only the message.
func propertyError(r Resource, what string, problems []PropertyProblem) *Error {
	msg := fmt.Sprintf("%s: %s: %s", what, problems[0].Path, problems[0].Message)
	if n := len(problems) - 1; n > 0 {
		msg += fmt.Sprintf(" (and %d more; see PropertyList)", n)
	}
	return &Error{Kind: InvalidProperty, Resource: r, Message: msg, Properties: problems}
}

// problems collects PropertyProblems.
type problems []PropertyProblem

func (ps *problems) add(path, reason, format string, args ...any) {
	*ps = append(*ps, PropertyProblem{Path: path, Reason: reason, Message: fmt.Sprintf(format, args...)})
}

// checkTaskTemplate returns the problems of t's own properties, those that
// need no lookup. hasConstraints tells whether the request had Constraints,
// which the service requires although the model marks them optional.
func checkTaskTemplate(t *TaskTemplate, hasConstraints bool) []PropertyProblem {
	var ps problems
	if t.Name == "" {
		ps.add("Name", ReasonRequiredPropertyMissing, "A task template needs a Name.")
	}
	if t.Status == "" {
		ps.add("Status", ReasonRequiredPropertyMissing, "Status is required (ACTIVE or INACTIVE).")
	} else if t.Status != TemplateActive && t.Status != TemplateInactive {
		ps.add("Status", ReasonInvalidFormat, "Status must be ACTIVE or INACTIVE.")
	}

	names := map[string]bool{}
	counts := map[string]int{}
	for i, f := range t.Fields {
		path := fmt.Sprintf("Fields[%d]", i)
		switch {
		case f.Name == "":
			ps.add(path+".Id.Name", ReasonRequiredPropertyMissing, "A field needs an Id with a Name.")
		case names[f.Name]:
			ps.add(path+".Id.Name", ReasonUniqueConstraintViolated, "Another field is already named %q.", f.Name)
		}
		names[f.Name] = true
		kind, known := fieldKinds[f.Type]
		switch {
		case f.Type == "":
			ps.add(path+".Type", ReasonRequiredPropertyMissing, "Field %q needs a Type.", f.Name)
		case !known:
			ps.add(path+".Type", ReasonInvalidFormat, "%q is not a field type.", f.Type)
		case kind.single && counts[f.Type] > 0:
			if f.Type == FieldName {
				ps.add(path+".Type", ReasonUniqueConstraintViolated, "A task template must have exactly one field of type NAME.")
			} else {
				ps.add(path+".Type", ReasonUniqueConstraintViolated, "A task template can have only one field of type %s.", f.Type)
			}
		}
		counts[f.Type]++
		checkOptions(&ps, path, f)
	}
	if counts[FieldName] == 0 {
		ps.add("Fields", ReasonRequiredPropertyMissing, "A task template must have exactly one field of type NAME.")
	}
	if t.ContactFlowID == "" && counts[FieldQuickConnect] == 0 {
		ps.add("ContactFlowId", ReasonRequiredPropertyMissing, "A task template needs a ContactFlowId or a field of type QUICK_CONNECT.")
	}

	if !hasConstraints {
		ps.add("Constraints", ReasonRequiredPropertyMissing, "Constraints are required, with the NAME field in RequiredFields.")
	} else {
		c := t.Constraints
		checkFieldList(&ps, "Constraints.RequiredFields", c.Required, names)
		checkFieldList(&ps, "Constraints.ReadOnlyFields", c.ReadOnly, names)
		checkFieldList(&ps, "Constraints.InvisibleFields", c.Invisible, names)
		if nf := t.fieldOfType(FieldName); nf == nil || !slices.Contains(c.Required, nf.Name) {
			ps.add("Constraints.RequiredFields", ReasonRequiredPropertyMissing, "RequiredFields must include the field of type NAME.")
		}
	}

	if len(t.Defaults) > maxTemplateDefault {
		ps.add("Defaults.DefaultFieldValues", ReasonInvalidFormat, "A task template can have at most %d default values.", maxTemplateDefault)
	}
	seen := map[string]bool{}
	for i, d := range t.Defaults {
		path := fmt.Sprintf("Defaults.DefaultFieldValues[%d]", i)
		f := t.field(d.Field)
		switch {
		case d.Field == "":
			ps.add(path+".Id.Name", ReasonRequiredPropertyMissing, "A default value needs an Id with a Name.")
		case f == nil:
			ps.add(path+".Id.Name", ReasonReferencedResourceMissing, "The template has no field named %q.", d.Field)
		case seen[d.Field]:
			ps.add(path+".Id.Name", ReasonUniqueConstraintViolated, "Field %q already has a default value.", d.Field)
		default:
			if reason, msg := checkFieldValue(f, d.Value, true); reason != "" {
				ps.add(path+".DefaultValue", reason, "Default value of field %q: %s", d.Field, msg)
			}
		}
		seen[d.Field] = true
	}
	return ps
}

// checkOptions checks a field's SingleSelectOptions: SINGLE_SELECT fields
// need distinct options, other fields have none.
func checkOptions(ps *problems, path string, f TaskTemplateField) {
	if f.Type != FieldSingleSelect {
		if len(f.SingleSelectOptions) > 0 {
			ps.add(path+".SingleSelectOptions", ReasonNotSupported, "Only a SINGLE_SELECT field can have SingleSelectOptions.")
		}
		return
	}
	switch n := len(f.SingleSelectOptions); {
	case n == 0:
		ps.add(path+".SingleSelectOptions", ReasonRequiredPropertyMissing, "SINGLE_SELECT field %q needs SingleSelectOptions.", f.Name)
	case n > maxSelectOptions:
		ps.add(path+".SingleSelectOptions", ReasonInvalidFormat, "A SINGLE_SELECT field can have at most %d options.", maxSelectOptions)
	}
	seen := map[string]bool{}
	for j, o := range f.SingleSelectOptions {
		if seen[o] {
			ps.add(fmt.Sprintf("%s.SingleSelectOptions[%d]", path, j), ReasonUniqueConstraintViolated, "Option %q is listed twice.", o)
		}
		seen[o] = true
	}
}

// checkFieldList checks that a constraint list names distinct fields of the template.
func checkFieldList(ps *problems, path string, list []string, fields map[string]bool) {
	seen := map[string]bool{}
	for i, name := range list {
		p := fmt.Sprintf("%s[%d].Id.Name", path, i)
		switch {
		case name == "":
			ps.add(p, ReasonRequiredPropertyMissing, "A constraint needs an Id with a Name.")
		case !fields[name]:
			ps.add(p, ReasonReferencedResourceMissing, "The template has no field named %q.", name)
		case seen[name]:
			ps.add(p, ReasonUniqueConstraintViolated, "Field %q is listed twice.", name)
		}
		seen[name] = true
	}
}

// checkFieldValue checks that v is a valid value of field f and returns the
// reason and message of the problem, or "" when there is none. isDefault
// tells a template's default value (which a SCHEDULED_TIME field cannot have)
// from a task's value.
func checkFieldValue(f *TaskTemplateField, v string, isDefault bool) (reason, msg string) {
	n := utf8.RuneCountInString(v)
	switch f.Type {
	case FieldName:
		if n > maxTaskNameChars {
			return ReasonInvalidFormat, fmt.Sprintf("a task name has at most %d characters", maxTaskNameChars)
		}
	case FieldDescription:
		if n > maxTaskDescChars {
			return ReasonInvalidFormat, fmt.Sprintf("a task description has at most %d characters", maxTaskDescChars)
		}
	case FieldText:
		if n >= maxTextChars {
			return ReasonInvalidFormat, fmt.Sprintf("a TEXT value must have fewer than %d characters", maxTextChars)
		}
	case FieldTextArea:
		if n >= maxTextAreaChars {
			return ReasonInvalidFormat, fmt.Sprintf("a TEXT_AREA value must have fewer than %d characters", maxTextAreaChars)
		}
	case FieldBoolean, FieldSelfAssign:
		if v != "true" && v != "false" {
			return ReasonTypeMismatch, fmt.Sprintf("a %s value must be true or false, not %q", f.Type, v)
		}
	case FieldSingleSelect:
		if !slices.Contains(f.SingleSelectOptions, v) {
			return ReasonInvalidFormat, fmt.Sprintf("%q is not one of the field's SingleSelectOptions", v)
		}
	case FieldURL, FieldNumber, FieldEmail, FieldDateTime:
		if err := checkReferenceValue(Reference{Type: fieldKinds[f.Type].ref, Value: v}); err != nil {
			return ReasonTypeMismatch, err.Error()
		}
	case FieldExpiryDuration:
		m, err := strconv.Atoi(v)
		if err != nil {
			return ReasonTypeMismatch, fmt.Sprintf("an EXPIRY_DURATION value is a whole number of minutes, not %q", v)
		}
		if m < 1 || m > maxExpiryMinutes {
			return ReasonInvalidFormat, fmt.Sprintf("an EXPIRY_DURATION value is between 1 and %d minutes", maxExpiryMinutes)
		}
	case FieldQuickConnect:
		if v == "" {
			return ReasonRequiredPropertyMissing, "a QUICK_CONNECT value is a quick connect ID"
		}
	case FieldScheduledTime:
		if isDefault {
			return ReasonNotSupported, "a SCHEDULED_TIME field cannot have a default value"
		}
	}
	return "", ""
}

// checkTemplateReferences checks the properties of t that name other
// resources: its flows must exist (they are resolved to IDs), a QUICK_CONNECT
// default must name a USER or QUEUE quick connect, and no other template of
// the instance may have t's name.
func (s *Service) checkTemplateReferences(ctx context.Context, r Reader, inst *Instance, t *TaskTemplate) ([]PropertyProblem, error) {
	var ps problems
	if t.Name != "" {
		other, err := r.GetTaskTemplateByName(ctx, inst.ID, t.Name)
		switch {
		case err == nil && other.ID != t.ID:
			ps.add("Name", ReasonNameAlreadyExists, "A task template named %q already exists.", t.Name)
		case err != nil && !IsNotFound(err):
			return nil, err
		}
	}
	for _, ref := range []struct {
		path string
		id   *string
	}{{"ContactFlowId", &t.ContactFlowID}, {"SelfAssignFlowId", &t.SelfAssignFlowID}} {
		if *ref.id == "" {
			continue
		}
		f, err := s.flowOf(ctx, r, inst, *ref.id)
		switch {
		case IsNotFound(err):
			ps.add(ref.path, ReasonReferencedResourceMissing, "Flow %s does not exist in the instance.", *ref.id)
		case err != nil:
			return nil, err
		default:
			*ref.id = f.ID
		}
	}
	if f := t.fieldOfType(FieldQuickConnect); f != nil {
		for i, d := range t.Defaults {
			if d.Field != f.Name || d.Value == "" {
				continue
			}
			path := fmt.Sprintf("Defaults.DefaultFieldValues[%d].DefaultValue", i)
			qc, err := r.GetQuickConnect(ctx, inst.ID, d.Value)
			switch {
			case IsNotFound(err):
				ps.add(path, ReasonReferencedResourceMissing, "Quick connect %s does not exist in the instance.", d.Value)
			case err != nil:
				return nil, err
			case !qc.carriesTasks():
				ps.add(path, ReasonNotSupported, "Quick connect %s is of type %s; a task can be assigned only to a USER or QUEUE quick connect.", d.Value, qc.Type)
			}
		}
	}
	return ps, nil
}

// flowOf returns the flow a flow ID or ARN (without alias) names in inst.
func (s *Service) flowOf(ctx context.Context, r Reader, inst *Instance, ref string) (*ContactFlow, error) {
	id, err := plainFlowID(inst, ref)
	if err != nil {
		return nil, err
	}
	return r.GetContactFlow(ctx, inst.ID, id)
}

// taskTemplateInfo returns the name and ARN of the template snapshot c uses.
func (s *Service) taskTemplateInfo(ctx context.Context, r Reader, c *Contact) (*TaskTemplateInfo, error) {
	if c.TaskTemplateID == "" {
		return nil, nil
	}
	t, err := r.GetTaskTemplateVersion(ctx, c.InstanceID, c.TaskTemplateID, c.TaskTemplateVersion)
	switch {
	case IsNotFound(err): // snapshots outlive their template, so only damaged data lacks one
		return nil, nil
	case err != nil:
		return nil, err
	}
	return &TaskTemplateInfo{ARN: t.ARN, Name: t.Name}, nil
}
