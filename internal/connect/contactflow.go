package connect

import (
	"context"
	"strings"
)

// Flow statuses (AWS ContactFlowStatus).
const (
	FlowPublished = "PUBLISHED"
	FlowSaved     = "SAVED"
)

// maxFlowContent is the documented limit of a flow's Content, in characters.
const maxFlowContent = 256000

// CreateContactFlowInput is CreateContactFlow's input.
type CreateContactFlowInput struct {
	InstanceID  string
	Name        string
	Type        string
	Description string
	Content     string
	Status      string // default PUBLISHED
	Tags        map[string]string
}

// CreateContactFlow creates a flow. A PUBLISHED flow's content is validated.
func (s *Service) CreateContactFlow(ctx context.Context, p Partition, in CreateContactFlowInput) (*ContactFlow, error) {
	inst, err := s.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if in.Status == "" {
		in.Status = FlowPublished
	}
	if err := s.checkFlowContent(in.Content, in.Status); err != nil {
		return nil, err
	}
	f := &ContactFlow{
		ID: s.ids.NewID(), InstanceID: inst.ID, Name: in.Name, Type: in.Type, Description: in.Description,
		Content: in.Content, State: "ACTIVE", Status: in.Status, LastModified: s.now(), Tags: in.Tags,
	}
	f.ARN = subARN(p, inst.ID, ResourceContactFlow, f.ID)
	err = s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.GetContactFlowByName(ctx, inst.ID, in.Name); err == nil {
			return &Error{Kind: Duplicate, Resource: ResourceContactFlow, Message: "A flow with the name " + in.Name + " already exists."}
		} else if !IsNotFound(err) {
			return err
		}
		return tx.InsertContactFlow(ctx, f)
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// checkFlowContent validates content when status is PUBLISHED; SAVED content
// is stored as it is, as in Amazon Connect.
func (s *Service) checkFlowContent(content, status string) error {
	if len([]rune(content)) > maxFlowContent {
		return Errorf(Invalid, "Content must be at most %d characters.", maxFlowContent)
	}
	if status != FlowPublished {
		return nil
	}
	if problems := s.flows.ValidateFlow(content); len(problems) > 0 {
		return &Error{Kind: InvalidFlow, Resource: ResourceContactFlow, Message: "The flow is not valid.", Problems: problems}
	}
	return nil
}

// DescribeContactFlow returns a flow. id may carry the alias ":$SAVED", or a
// version ":N" (connectd keeps one version: 1).
func (s *Service) DescribeContactFlow(ctx context.Context, p Partition, instanceID, id string) (*ContactFlow, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	id, alias, err := flowRef(inst, id)
	if err != nil {
		return nil, err
	}
	f, err := s.store.GetContactFlow(ctx, inst.ID, id)
	if err != nil {
		return nil, err
	}
	switch alias {
	case "", "$SAVED", "$LATEST":
	case "1":
		if f.Status != FlowPublished {
			return nil, notFound(ResourceContactFlow, id+":"+alias)
		}
	default:
		return nil, notFound(ResourceContactFlow, id+":"+alias)
	}
	return f, nil
}

// flowRef resolves a flow reference of the instance inst: an ID or a flow
// ARN, either optionally followed by ":$SAVED" or ":version". An ARN of
// another partition or instance names no flow of inst.
func flowRef(inst *Instance, ref string) (id, alias string, err error) {
	base := ref
	if strings.HasPrefix(ref, "arn:") {
		if i := strings.LastIndexByte(ref, '/'); i >= 0 {
			if j := strings.IndexByte(ref[i:], ':'); j >= 0 {
				base, alias = ref[:i+j], ref[i+j+1:]
			}
		}
		a, perr := ParseARN(base)
		if perr != nil || a.Partition != inst.Partition || a.InstanceID != inst.ID || Resource(a.Sub) != ResourceContactFlow {
			return "", "", notFound(ResourceContactFlow, ref)
		}
		return a.ID, alias, nil
	}
	if i := strings.IndexByte(ref, ':'); i >= 0 {
		return ref[:i], ref[i+1:], nil
	}
	return ref, "", nil
}

// ListContactFlows returns a page of the instance's flows of the given types.
func (s *Service) ListContactFlows(ctx context.Context, p Partition, instanceID string, types []string, token string, max int) ([]*ContactFlow, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*ContactFlow, error) {
			return s.store.ListContactFlows(ctx, inst, types, pr)
		},
		func(f *ContactFlow) string { return f.ID })
}

// UpdateContactFlowContent replaces a flow's content, validating it when the
// flow is PUBLISHED.
func (s *Service) UpdateContactFlowContent(ctx context.Context, p Partition, instanceID, id, content string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	id, err = plainFlowID(inst, id)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		f, err := tx.GetContactFlow(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if err := s.checkFlowContent(content, f.Status); err != nil {
			return err
		}
		f.Content, f.LastModified = content, s.now()
		return tx.UpdateContactFlow(ctx, f)
	})
}

// DeleteContactFlow deletes a flow.
func (s *Service) DeleteContactFlow(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if id, err = plainFlowID(inst, id); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error { return tx.DeleteContactFlow(ctx, inst.ID, id) })
}

// plainFlowID resolves a flow ID or ARN that may not carry an alias.
func plainFlowID(inst *Instance, ref string) (string, error) {
	id, alias, err := flowRef(inst, ref)
	if err == nil && alias != "" {
		return "", notFound(ResourceContactFlow, ref)
	}
	return id, err
}
