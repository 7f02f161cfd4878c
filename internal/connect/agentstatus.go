package connect

import (
	"context"
	"time"
)

// AgentStatus is a status an agent sets: ROUTABLE (Available: contacts are
// routed to the agent), OFFLINE, or CUSTOM (not routable, e.g. Lunch). Its
// ARN is instance/{InstanceID}/agent-state/{ID}.
type AgentStatus struct {
	ID           string
	ARN          string
	InstanceID   string
	Name         string
	Description  string
	Type         string // ROUTABLE | CUSTOM | OFFLINE
	State        string // ENABLED | DISABLED
	DisplayOrder *int32
	LastModified time.Time
	Tags         map[string]string
}

// Agent status types and states (AWS AgentStatusType, AgentStatusState).
const (
	AgentStatusRoutable = "ROUTABLE"
	AgentStatusCustom   = "CUSTOM"
	AgentStatusOffline  = "OFFLINE"

	AgentStatusEnabled  = "ENABLED"
	AgentStatusDisabled = "DISABLED"
)

// maxDisplayOrder is the largest AgentStatusOrderNumber.
const maxDisplayOrder = 50

// CreateAgentStatusInput is CreateAgentStatus's input.
type CreateAgentStatusInput struct {
	InstanceID   string
	Name         string
	Description  string
	State        string
	DisplayOrder *int32
	Tags         map[string]string
}

// CreateAgentStatus creates an agent status. As in Amazon Connect, a status
// added this way is always CUSTOM (not routable). Without a DisplayOrder it
// goes after the last ordered status, while that is within 1 to 50.
func (s *Service) CreateAgentStatus(ctx context.Context, p Partition, in CreateAgentStatusInput) (*AgentStatus, error) {
	var out *AgentStatus
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createAgentStatus(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createAgentStatus is CreateAgentStatus in ch; id, when not "", is the new
// ID (see newID).
func (ch *change) createAgentStatus(ctx context.Context, p Partition, id string, in CreateAgentStatusInput) (*AgentStatus, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if id, err = ch.newID(ResourceAgentStatus, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	as := &AgentStatus{
		ID: id, InstanceID: inst.ID, Name: in.Name, Description: in.Description, Type: AgentStatusCustom,
		State: in.State, DisplayOrder: in.DisplayOrder, LastModified: ch.now, Tags: in.Tags,
	}
	as.ARN = subARN(p, inst.ID, ResourceAgentStatus, as.ID)
	tx := ch.tx
	if _, err := tx.GetAgentStatusByName(ctx, inst.ID, in.Name); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceAgentStatus, Message: "An agent status with the name " + in.Name + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	if as.DisplayOrder == nil {
		all, err := tx.ListAgentStatuses(ctx, inst.ID, nil, PageRequest{})
		if err != nil {
			return nil, err
		}
		var last int32
		for _, a := range all {
			if a.DisplayOrder != nil {
				last = max(last, *a.DisplayOrder)
			}
		}
		if last < maxDisplayOrder {
			as.DisplayOrder = ptrTo(last + 1)
		}
	}
	if err := tx.InsertAgentStatus(ctx, as); err != nil {
		return nil, err
	}
	return as, nil
}

// UpdateAgentStatusInput is UpdateAgentStatus's input: nil members are kept.
type UpdateAgentStatusInput struct {
	InstanceID   string
	ID           string
	Name         *string
	Description  *string // "" clears it
	State        *string
	DisplayOrder *int32
	// ResetOrderNumber removes the status's display order: it is listed
	// after the ordered ones.
	ResetOrderNumber bool
}

// UpdateAgentStatus changes an agent status's name, description, state or
// display order. Names are unique in an instance. The default statuses
// (Available, ROUTABLE, and Offline, OFFLINE) can be renamed and reordered
// but not disabled: only custom statuses can be hidden from agents, as the
// administrator guide describes. DisplayOrder and ResetOrderNumber exclude
// each other.
func (s *Service) UpdateAgentStatus(ctx context.Context, p Partition, in UpdateAgentStatusInput) error {
	if in.Name == nil && in.Description == nil && in.State == nil && in.DisplayOrder == nil && !in.ResetOrderNumber {
		return Errorf(Invalid, "Give at least one of Name, Description, State, DisplayOrder and ResetOrderNumber.")
	}
	if in.DisplayOrder != nil && in.ResetOrderNumber {
		return Errorf(Invalid, "DisplayOrder and ResetOrderNumber cannot both be given.")
	}
	if in.State != nil && *in.State != AgentStatusEnabled && *in.State != AgentStatusDisabled {
		return invalidParam("State must be %s or %s.", AgentStatusEnabled, AgentStatusDisabled)
	}
	inst, err := s.instance(ctx, p, in.InstanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		as, err := tx.GetAgentStatus(ctx, inst.ID, in.ID)
		if err != nil {
			return err
		}
		if in.Name != nil {
			other, err := tx.GetAgentStatusByName(ctx, inst.ID, *in.Name)
			switch {
			case err == nil && other.ID != as.ID:
				return &Error{Kind: Duplicate, Resource: ResourceAgentStatus, Message: "An agent status with the name " + *in.Name + " already exists."}
			case err != nil && !IsNotFound(err):
				return err
			}
			as.Name = *in.Name
		}
		if in.State != nil {
			if *in.State == AgentStatusDisabled && as.Type != AgentStatusCustom {
				return Errorf(Invalid, "Agent status %s is of type %s; only CUSTOM statuses can be disabled.", as.Name, as.Type)
			}
			as.State = *in.State
		}
		if in.Description != nil {
			as.Description = *in.Description
		}
		switch {
		case in.DisplayOrder != nil:
			as.DisplayOrder = in.DisplayOrder
		case in.ResetOrderNumber:
			as.DisplayOrder = nil
		}
		as.LastModified = ch.now
		return tx.UpdateAgentStatus(ctx, as)
	})
}

// DescribeAgentStatus returns an agent status.
func (s *Service) DescribeAgentStatus(ctx context.Context, p Partition, instanceID, id string) (*AgentStatus, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.store.GetAgentStatus(ctx, inst.ID, id)
}

// ListAgentStatuses returns a page of the instance's agent statuses of the
// given types (all when empty).
func (s *Service) ListAgentStatuses(ctx context.Context, p Partition, instanceID string, types []string, token string, max int) ([]*AgentStatus, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*AgentStatus, error) {
			return s.store.ListAgentStatuses(ctx, inst, types, pr)
		},
		func(a *AgentStatus) string { return a.ID })
}
