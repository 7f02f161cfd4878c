package connect

import (
	"context"
	"errors"
)

// CreateInstanceInput is CreateInstance's input.
type CreateInstanceInput struct {
	ClientToken            string
	IdentityManagementType string
	Alias                  string
	DirectoryID            string
	InboundCallsEnabled    bool
	OutboundCallsEnabled   bool
	Tags                   map[string]string
}

// Identity management types (AWS DirectoryType).
const (
	DirectorySAML     = "SAML"
	DirectoryManaged  = "CONNECT_MANAGED"
	DirectoryExisting = "EXISTING_DIRECTORY"
)

// CreateInstance creates an instance with what a new Amazon Connect instance
// is born with (see seedInstance). A retry with the same ClientToken returns
// the instance the first call created.
func (s *Service) CreateInstance(ctx context.Context, p Partition, in CreateInstanceInput) (*Instance, error) {
	if err := checkDirectory(in); err != nil {
		return nil, err
	}
	var out *Instance
	err := s.store.Update(ctx, func(tx Tx) error {
		if in.ClientToken != "" {
			prev, err := tx.GetInstanceByClientToken(ctx, p, in.ClientToken)
			if err == nil {
				out = prev
				return nil
			}
			if !IsNotFound(err) {
				return err
			}
		}
		if in.Alias != "" {
			if _, err := tx.GetInstanceByAlias(ctx, p, in.Alias); err == nil {
				return Errorf(Duplicate, "An instance with the alias %s already exists.", in.Alias)
			} else if !IsNotFound(err) {
				return err
			}
		}
		inst := &Instance{
			ID:                     s.ids.NewID(),
			Partition:              p,
			Alias:                  in.Alias,
			IdentityManagementType: in.IdentityManagementType,
			DirectoryID:            in.DirectoryID,
			Status:                 "ACTIVE",
			InboundCallsEnabled:    in.InboundCallsEnabled,
			OutboundCallsEnabled:   in.OutboundCallsEnabled,
			CreatedTime:            s.now(),
			ClientToken:            in.ClientToken,
			Tags:                   in.Tags,
		}
		inst.ARN = InstanceARN(p, inst.ID)
		inst.ServiceRole = "arn:" + awsPartition(p.Region) + ":iam::" + p.AccountID +
			":role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect"
		if err := s.seedInstance(ctx, tx, inst); err != nil {
			return err
		}
		out = inst
		return nil
	})
	return out, err
}

// checkDirectory applies CreateInstance's documented identity rules: an
// existing directory needs a DirectoryId, the other types an InstanceAlias.
func checkDirectory(in CreateInstanceInput) error {
	switch in.IdentityManagementType {
	case DirectoryExisting:
		if in.DirectoryID == "" {
			return Errorf(Invalid, "DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY.")
		}
	default:
		if in.DirectoryID != "" {
			return Errorf(Invalid, "DirectoryId can be set only when IdentityManagementType is EXISTING_DIRECTORY.")
		}
		if in.Alias == "" {
			return Errorf(Invalid, "InstanceAlias is required when IdentityManagementType is %s.", in.IdentityManagementType)
		}
	}
	return nil
}

// DescribeInstance returns the instance id of p.
func (s *Service) DescribeInstance(ctx context.Context, p Partition, id string) (*Instance, error) {
	return s.instance(ctx, p, id)
}

// ListInstances returns a page of p's instances and the next page's token.
func (s *Service) ListInstances(ctx context.Context, p Partition, token string, max int) ([]*Instance, string, error) {
	pr, err := pageRequest(token, max, 10)
	if err != nil {
		return nil, "", err
	}
	items, err := s.store.ListInstances(ctx, p, pr)
	if err != nil {
		return nil, "", err
	}
	items, next := nextToken(items, pr, func(i *Instance) string { return i.ID })
	return items, next, nil
}

// DeleteInstance deletes the instance and everything in it.
func (s *Service) DeleteInstance(ctx context.Context, p Partition, id string) error {
	inst, err := s.instance(ctx, p, id)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error { return tx.DeleteInstance(ctx, inst.ID) })
}

// DefaultInstanceAlias is the alias of the instance connectd creates on first start.
const DefaultInstanceAlias = "connectd"

// EnsureDefaultInstance returns p's oldest instance aliased
// DefaultInstanceAlias, creating it on first start.
func (s *Service) EnsureDefaultInstance(ctx context.Context, p Partition) (*Instance, error) {
	inst, err := s.store.GetInstanceByAlias(ctx, p, DefaultInstanceAlias)
	if err == nil {
		return inst, nil
	}
	if !IsNotFound(err) {
		return nil, err
	}
	inst, err = s.CreateInstance(ctx, p, CreateInstanceInput{
		IdentityManagementType: DirectoryManaged,
		Alias:                  DefaultInstanceAlias,
		InboundCallsEnabled:    true,
		OutboundCallsEnabled:   true,
	})
	var e *Error
	if errors.As(err, &e) && e.Kind == Duplicate { // lost a race with another starter
		return s.store.GetInstanceByAlias(ctx, p, DefaultInstanceAlias)
	}
	return inst, err
}
