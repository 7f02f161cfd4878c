package connect

import (
	"context"
	"time"
)

// ContactFlowModule is a flow module: Flow-language content that flows run
// with an InvokeFlowModule action, returning to the invoking flow when it
// ends with EndFlowModuleExecution. Its ARN is
// instance/{InstanceID}/flow-module/{ID}.
type ContactFlowModule struct {
	ID           string
	ARN          string
	InstanceID   string
	Name         string
	Description  string
	Content      string
	Settings     string // the FlowModuleSettings JSON, as given; "" when none
	State        string // ACTIVE | ARCHIVED
	Status       string // PUBLISHED: connectd has no drafts of modules
	ClientToken  string
	LastModified time.Time
	Tags         map[string]string
}

// CreateContactFlowModuleInput is CreateContactFlowModule's input.
type CreateContactFlowModuleInput struct {
	InstanceID  string
	Name        string
	Description string
	Content     string
	Settings    string
	ClientToken string
	Tags        map[string]string
}

// CreateContactFlowModule creates a PUBLISHED, ACTIVE flow module; its
// content is validated as a flow's. Names are unique in an instance. A
// retry with the same ClientToken returns the module the first call created
// when it has the same name, and is IdempotencyException otherwise.
func (s *Service) CreateContactFlowModule(ctx context.Context, p Partition, in CreateContactFlowModuleInput) (*ContactFlowModule, error) {
	var out *ContactFlowModule
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createContactFlowModule(ctx, p, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (ch *change) createContactFlowModule(ctx context.Context, p Partition, in CreateContactFlowModuleInput) (*ContactFlowModule, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	tx := ch.tx
	if in.ClientToken != "" {
		prev, err := tx.GetContactFlowModuleByClientToken(ctx, inst.ID, in.ClientToken)
		switch {
		case err == nil && prev.Name == in.Name && prev.Content == in.Content:
			return prev, nil
		case err == nil:
			return nil, Errorf(TokenReused, "The ClientToken was used for another CreateContactFlowModule request.")
		case !IsNotFound(err):
			return nil, err
		}
	}
	if err := ch.s.checkModuleContent(in.Content); err != nil {
		return nil, err
	}
	if _, err := tx.GetContactFlowModuleByName(ctx, inst.ID, in.Name); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceFlowModule, Message: "A flow module with the name " + in.Name + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	id, err := ch.newID(ResourceFlowModule, inst.ID, in.Name, "")
	if err != nil {
		return nil, err
	}
	m := &ContactFlowModule{
		ID: id, InstanceID: inst.ID, Name: in.Name, Description: in.Description, Content: in.Content,
		Settings: in.Settings, State: FlowActive, Status: FlowPublished, ClientToken: in.ClientToken,
		LastModified: ch.now, Tags: in.Tags,
	}
	m.ARN = subARN(p, inst.ID, ResourceFlowModule, m.ID)
	if err := tx.InsertContactFlowModule(ctx, m); err != nil {
		return nil, err
	}
	return m, nil
}

// checkModuleContent validates a module's content as a published flow's;
// what is wrong is InvalidContactFlowModuleException's Problems.
func (s *Service) checkModuleContent(content string) error {
	if err := s.checkFlowContent(content, FlowPublished); err != nil {
		if e, ok := err.(*Error); ok && e.Kind == InvalidFlow {
			e.Resource = ResourceFlowModule
			e.Message = "The flow module is not valid."
		}
		return err
	}
	return nil
}

// moduleID resolves a flow module ID or ARN of inst.
func moduleID(inst *Instance, ref string) (string, error) {
	return resourceID(inst, ref, ResourceFlowModule)
}

// DescribeContactFlowModule returns a flow module, named by ID or ARN.
func (s *Service) DescribeContactFlowModule(ctx context.Context, p Partition, instanceID, id string) (*ContactFlowModule, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	if id, err = moduleID(inst, id); err != nil {
		return nil, err
	}
	return s.store.GetContactFlowModule(ctx, inst.ID, id)
}

// ListContactFlowModules returns a page of the instance's flow modules in
// state (all when "").
func (s *Service) ListContactFlowModules(ctx context.Context, p Partition, instanceID, state, token string, max int) ([]*ContactFlowModule, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*ContactFlowModule, error) {
			return s.store.ListContactFlowModules(ctx, inst, state, pr)
		},
		func(m *ContactFlowModule) string { return m.ID })
}

// changeModule runs edit on a flow module in a write transaction, then
// stores it with a new last-modified time.
func (s *Service) changeModule(ctx context.Context, p Partition, instanceID, id string, edit func(tx Tx, m *ContactFlowModule) error) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if id, err = moduleID(inst, id); err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		m, err := ch.tx.GetContactFlowModule(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if err := edit(ch.tx, m); err != nil {
			return err
		}
		m.LastModified = ch.now
		return ch.tx.UpdateContactFlowModule(ctx, m)
	})
}

// UpdateContactFlowModuleContent replaces a module's content, validated, and
// its settings when given (nil: kept).
func (s *Service) UpdateContactFlowModuleContent(ctx context.Context, p Partition, instanceID, id, content string, settings *string) error {
	if content == "" && settings == nil {
		return Errorf(Invalid, "Give a Content, Settings or both.")
	}
	if content != "" {
		if err := s.checkModuleContent(content); err != nil {
			return err
		}
	}
	return s.changeModule(ctx, p, instanceID, id, func(_ Tx, m *ContactFlowModule) error {
		if content != "" {
			m.Content = content
		}
		if settings != nil {
			m.Settings = *settings
		}
		return nil
	})
}

// UpdateContactFlowModuleMetadata changes a module's name, description,
// state (ACTIVE or ARCHIVED), or several of them; nil members are kept, an
// empty Description clears it. A request with none is InvalidRequestException.
func (s *Service) UpdateContactFlowModuleMetadata(ctx context.Context, p Partition, instanceID, id string, name, description, state *string) error {
	if name == nil && description == nil && state == nil {
		return Errorf(Invalid, "Give at least one of Name, Description and State.")
	}
	if state != nil && *state != FlowActive && *state != FlowArchived {
		return invalidParam("State must be %s or %s.", FlowActive, FlowArchived)
	}
	return s.changeModule(ctx, p, instanceID, id, func(tx Tx, m *ContactFlowModule) error {
		if name != nil {
			other, err := tx.GetContactFlowModuleByName(ctx, m.InstanceID, *name)
			switch {
			case err == nil && other.ID != m.ID:
				return &Error{Kind: Duplicate, Resource: ResourceFlowModule, Message: "A flow module with the name " + *name + " already exists."}
			case err != nil && !IsNotFound(err):
				return err
			}
			m.Name = *name
		}
		if description != nil {
			m.Description = *description
		}
		if state != nil {
			m.State = *state
		}
		return nil
	})
}

// DeleteContactFlowModule deletes a flow module. Flows that invoke it are
// not checked (the reference names no in-use error): their InvokeFlowModule
// takes its error branch from then on.
func (s *Service) DeleteContactFlowModule(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	if id, err = moduleID(inst, id); err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error { return ch.tx.DeleteContactFlowModule(ctx, inst.ID, id) })
}
