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
