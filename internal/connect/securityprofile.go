package connect

import (
	"context"
	"time"
)

// SecurityProfile is a named set of permissions users are assigned. Its ARN
// is instance/{InstanceID}/security-profile/{ID}. connectd keeps no
// permissions: security profiles exist so that users can name them.
type SecurityProfile struct {
	ID           string
	ARN          string
	InstanceID   string
	Name         string
	Description  string
	LastModified time.Time
	Tags         map[string]string
}

// CreateSecurityProfileInput is CreateSecurityProfile's input. Permissions
// are accepted and not kept: connectd checks no permissions.
type CreateSecurityProfileInput struct {
	InstanceID  string
	Name        string
	Description string
	Permissions []string
	Tags        map[string]string
}

// CreateSecurityProfile creates a security profile. Names are unique in an
// instance.
func (s *Service) CreateSecurityProfile(ctx context.Context, p Partition, in CreateSecurityProfileInput) (*SecurityProfile, error) {
	var out *SecurityProfile
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createSecurityProfile(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createSecurityProfile is CreateSecurityProfile in ch; id, when not "", is
// the new ID (see newID).
func (ch *change) createSecurityProfile(ctx context.Context, p Partition, id string, in CreateSecurityProfileInput) (*SecurityProfile, error) {
	inst, err := ch.instance(ctx, p, in.InstanceID)
	if err != nil {
		return nil, err
	}
	if _, err := securityProfileByName(ctx, ch.tx, inst.ID, in.Name); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceSecurityProfile, Message: "A security profile with the name " + in.Name + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	if id, err = ch.newID(ResourceSecurityProfile, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	sp := &SecurityProfile{ID: id, InstanceID: inst.ID, Name: in.Name, Description: in.Description,
		LastModified: ch.now, Tags: in.Tags}
	sp.ARN = subARN(p, inst.ID, ResourceSecurityProfile, sp.ID)
	if err := ch.tx.InsertSecurityProfile(ctx, sp); err != nil {
		return nil, err
	}
	return sp, nil
}

// securityProfileByName returns the instance's security profile named name,
// or NotFound. (The store has no lookup by name: an instance has a few.)
func securityProfileByName(ctx context.Context, r Reader, instanceID, name string) (*SecurityProfile, error) {
	sps, err := r.ListSecurityProfiles(ctx, instanceID, PageRequest{})
	if err != nil {
		return nil, err
	}
	for _, sp := range sps {
		if sp.Name == name {
			return sp, nil
		}
	}
	return nil, notFound(ResourceSecurityProfile, name)
}

// DescribeSecurityProfile returns a security profile.
func (s *Service) DescribeSecurityProfile(ctx context.Context, p Partition, instanceID, id string) (*SecurityProfile, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.store.GetSecurityProfile(ctx, inst.ID, id)
}

// ListSecurityProfiles returns a page of the instance's security profiles.
func (s *Service) ListSecurityProfiles(ctx context.Context, p Partition, instanceID, token string, max int) ([]*SecurityProfile, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*SecurityProfile, error) {
			return s.store.ListSecurityProfiles(ctx, inst, pr)
		},
		func(sp *SecurityProfile) string { return sp.ID })
}

// defaultSecurityProfiles are the security profiles of a new instance.
var defaultSecurityProfiles = []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}
