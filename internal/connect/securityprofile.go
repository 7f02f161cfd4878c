package connect

import (
	"context"
	"slices"
	"time"
)

// SecurityProfile is a named set of permissions users are assigned. Its ARN
// is instance/{InstanceID}/security-profile/{ID}. connectd keeps the
// permissions and access restrictions a profile is given but enforces none
// of them: security profiles exist so that users can name them.
type SecurityProfile struct {
	ID          string
	ARN         string
	InstanceID  string
	Name        string
	Description string
	// Permissions are permission names (e.g. "BasicAgentAccess"), sorted,
	// each once; the default profiles have none.
	Permissions []string
	// AllowedAccessControlTags, TagRestrictedResources and
	// HierarchyRestrictedResources are the tag- and hierarchy-based access
	// control settings, as given.
	AllowedAccessControlTags     map[string]string
	TagRestrictedResources       []string
	HierarchyRestrictedResources []string
	LastModified                 time.Time
	Tags                         map[string]string
}

// SecurityProfileSettings are the settings CreateSecurityProfile and
// UpdateSecurityProfile take. For UpdateSecurityProfile a nil member is
// kept and an empty one clears.
type SecurityProfileSettings struct {
	Description                  *string
	Permissions                  []string
	AllowedAccessControlTags     map[string]string
	TagRestrictedResources       []string
	HierarchyRestrictedResources []string
	// AllowedAccessControlHierarchyGroupID names a hierarchy group
	// (NotFound when there is none); connectd does not keep it yet, so an
	// existing group is refused (see checkAccessControlGroup).
	AllowedAccessControlHierarchyGroupID *string
}

// empty reports whether no setting is given.
func (in SecurityProfileSettings) empty() bool {
	return in.Description == nil && in.Permissions == nil && in.AllowedAccessControlTags == nil &&
		in.TagRestrictedResources == nil && in.HierarchyRestrictedResources == nil &&
		in.AllowedAccessControlHierarchyGroupID == nil
}

// hierarchyRestrictable are the resources a security profile may restrict by
// hierarchy: "Following are acceptable ResourceNames: User."
var hierarchyRestrictable = []string{"User"}

// checkAccessControlGroup refuses an AllowedAccessControlHierarchyGroupId:
// NotFound when it names no group of inst, else Invalid, as connectd does
// not keep hierarchy-based access control yet.
func (in SecurityProfileSettings) checkAccessControlGroup(ctx context.Context, r Reader, inst *Instance) error {
	g := in.AllowedAccessControlHierarchyGroupID
	if g == nil || *g == "" {
		return nil
	}
	if _, err := hierarchyGroupRef(ctx, r, inst, *g); err != nil {
		return err
	}
	return Errorf(Invalid, "connectd does not support AllowedAccessControlHierarchyGroupId on security profiles yet.")
}

// apply checks in and sets its given members on sp.
func (in SecurityProfileSettings) apply(sp *SecurityProfile) error {
	for _, r := range in.HierarchyRestrictedResources {
		if !slices.Contains(hierarchyRestrictable, r) {
			return invalidParam("HierarchyRestrictedResources accepts %q only, not %q.", hierarchyRestrictable[0], r)
		}
	}
	if in.Description != nil {
		sp.Description = *in.Description
	}
	if in.Permissions != nil {
		sp.Permissions = slices.Compact(slices.Sorted(slices.Values(in.Permissions)))
	}
	if in.AllowedAccessControlTags != nil {
		sp.AllowedAccessControlTags = in.AllowedAccessControlTags
	}
	if in.TagRestrictedResources != nil {
		sp.TagRestrictedResources = in.TagRestrictedResources
	}
	if in.HierarchyRestrictedResources != nil {
		sp.HierarchyRestrictedResources = in.HierarchyRestrictedResources
	}
	return nil
}

// CreateSecurityProfileInput is CreateSecurityProfile's input.
type CreateSecurityProfileInput struct {
	InstanceID string
	Name       string
	SecurityProfileSettings
	Tags map[string]string
}

// UpdateSecurityProfile changes the given settings of a security profile
// (its name does not change). At least one setting must be given.
func (s *Service) UpdateSecurityProfile(ctx context.Context, p Partition, instanceID, id string, in SecurityProfileSettings) error {
	if in.empty() {
		return Errorf(Invalid, "Give at least one setting to update.")
	}
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		sp, err := ch.tx.GetSecurityProfile(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if err := in.checkAccessControlGroup(ctx, ch.tx, inst); err != nil {
			return err
		}
		if err := in.apply(sp); err != nil {
			return err
		}
		sp.LastModified = ch.now
		return ch.tx.UpdateSecurityProfile(ctx, sp)
	})
}

// DeleteSecurityProfile deletes a security profile. The instance's default
// profiles (Admin, Agent, CallCenterManager, QualityAnalyst) are refused
// (InvalidRequestException), and so is a profile users have
// (ResourceInUseException, naming a user).
func (s *Service) DeleteSecurityProfile(ctx context.Context, p Partition, instanceID, id string) error {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		sp, err := tx.GetSecurityProfile(ctx, inst.ID, id)
		if err != nil {
			return err
		}
		if slices.Contains(defaultSecurityProfiles, sp.Name) {
			return Errorf(Invalid, "Security profile %s is one of the instance's default profiles; it cannot be deleted.", sp.Name)
		}
		users, err := tx.ListUsersBySecurityProfile(ctx, inst.ID, sp.ID, PageRequest{Limit: 1})
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return inUse(ResourceSecurityProfile, &ResourceRef{Type: "USER", ARN: users[0].ARN},
				"Security profile %s is assigned to users (%s); remove it from them first.", sp.Name, users[0].Username)
		}
		return tx.DeleteSecurityProfile(ctx, inst.ID, sp.ID)
	})
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
	if _, err := ch.tx.GetSecurityProfileByName(ctx, inst.ID, in.Name); err == nil {
		return nil, &Error{Kind: Duplicate, Resource: ResourceSecurityProfile, Message: "A security profile with the name " + in.Name + " already exists."}
	} else if !IsNotFound(err) {
		return nil, err
	}
	if id, err = ch.newID(ResourceSecurityProfile, inst.ID, in.Name, id); err != nil {
		return nil, err
	}
	sp := &SecurityProfile{ID: id, InstanceID: inst.ID, Name: in.Name, LastModified: ch.now, Tags: in.Tags}
	sp.ARN = subARN(p, inst.ID, ResourceSecurityProfile, sp.ID)
	if err := in.checkAccessControlGroup(ctx, ch.tx, inst); err != nil {
		return nil, err
	}
	if err := in.apply(sp); err != nil {
		return nil, err
	}
	if err := ch.tx.InsertSecurityProfile(ctx, sp); err != nil {
		return nil, err
	}
	return sp, nil
}

// DescribeSecurityProfile returns a security profile.
func (s *Service) DescribeSecurityProfile(ctx context.Context, p Partition, instanceID, id string) (*SecurityProfile, error) {
	inst, err := s.instance(ctx, p, instanceID)
	if err != nil {
		return nil, err
	}
	return s.store.GetSecurityProfile(ctx, inst.ID, id)
}

// ListSecurityProfilePermissions returns the profile and a page of its
// permissions (sorted, as stored), and the next page's token.
func (s *Service) ListSecurityProfilePermissions(ctx context.Context, p Partition, instanceID, id, token string, max int) (*SecurityProfile, []string, string, error) {
	sp, err := s.DescribeSecurityProfile(ctx, p, instanceID, id)
	if err != nil {
		return nil, nil, "", err
	}
	pr, err := pageRequest(token, max, defaultPageSize)
	if err != nil {
		return nil, nil, "", err
	}
	perms := sp.Permissions
	if pr.After != "" {
		i, _ := slices.BinarySearch(perms, pr.After)
		if i < len(perms) && perms[i] == pr.After {
			i++
		}
		perms = perms[i:]
	}
	perms = perms[:min(len(perms), pr.Limit)]
	perms, next := nextToken(perms, pr, func(p string) string { return p })
	return sp, perms, next, nil
}

// ListSecurityProfiles returns a page of the instance's security profiles.
func (s *Service) ListSecurityProfiles(ctx context.Context, p Partition, instanceID, token string, max int) ([]*SecurityProfile, string, error) {
	return listPage(ctx, s, p, instanceID, token, max,
		func(inst string, pr PageRequest) ([]*SecurityProfile, error) {
			return s.store.ListSecurityProfiles(ctx, inst, pr)
		},
		func(sp *SecurityProfile) string { return sp.ID })
}

// defaultSecurityProfiles are the security profiles of a new instance. A
// profile's name never changes (UpdateSecurityProfile takes none) and these
// cannot be deleted, so the name tells a default profile.
var defaultSecurityProfiles = []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}
