package awsapi

import (
	"context"

	"connectd/internal/connect"
)

// securityProfileInput refuses the members of attribute-based and
// hierarchy-based access control and applications, which connectd does not
// support; Permissions are accepted (connectd checks no permissions).
func securityProfileInput(in *CreateSecurityProfileRequest) (connect.CreateSecurityProfileInput, error) {
	for _, m := range []struct {
		member string
		set    bool
	}{
		{"AllowedAccessControlTags", len(in.AllowedAccessControlTags) > 0},
		{"TagRestrictedResources", len(in.TagRestrictedResources) > 0},
		{"Applications", len(in.Applications) > 0},
		{"HierarchyRestrictedResources", len(in.HierarchyRestrictedResources) > 0},
		{"AllowedAccessControlHierarchyGroupId", in.AllowedAccessControlHierarchyGroupId != nil},
		{"AllowedFlowModules", len(in.AllowedFlowModules) > 0},
		{"GranularAccessControlConfiguration", in.GranularAccessControlConfiguration != nil},
	} {
		if m.set {
			return connect.CreateSecurityProfileInput{}, connect.Errorf(connect.Invalid,
				"connectd does not support %s on security profiles yet.", m.member)
		}
	}
	return connect.CreateSecurityProfileInput{
		InstanceID: str(in.InstanceId), Name: str(in.SecurityProfileName), Description: str(in.Description),
		Permissions: in.Permissions, Tags: in.Tags,
	}, nil
}

func (s *Server) createSecurityProfile(ctx context.Context, in *CreateSecurityProfileRequest) (any, error) {
	ci, err := securityProfileInput(in)
	if err != nil {
		return nil, err
	}
	sp, err := s.svc.CreateSecurityProfile(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateSecurityProfileResponse{SecurityProfileId: &sp.ID, SecurityProfileArn: &sp.ARN}, nil
}

func (s *Server) describeSecurityProfile(ctx context.Context, in *DescribeSecurityProfileRequest) (any, error) {
	p := PrincipalFrom(ctx)
	sp, err := s.svc.DescribeSecurityProfile(ctx, partition(p), str(in.InstanceId), str(in.SecurityProfileId))
	if err != nil {
		return nil, err
	}
	return &DescribeSecurityProfileResponse{SecurityProfile: &SecurityProfile{
		Id: &sp.ID, Arn: &sp.ARN, OrganizationResourceId: &sp.InstanceID, SecurityProfileName: &sp.Name,
		Description: ptr(sp.Description), Tags: emptyToNil(sp.Tags), LastModifiedTime: ts(sp.LastModified), LastModifiedRegion: &p.Region,
	}}, nil
}

func (s *Server) listSecurityProfiles(ctx context.Context, in *ListSecurityProfilesRequest) (any, error) {
	p := PrincipalFrom(ctx)
	items, next, err := s.svc.ListSecurityProfiles(ctx, partition(p), str(in.InstanceId), str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListSecurityProfilesResponse{SecurityProfileSummaryList: []SecurityProfileSummary{}, NextToken: ptr(next)}
	for _, sp := range items {
		out.SecurityProfileSummaryList = append(out.SecurityProfileSummaryList, SecurityProfileSummary{
			Id: &sp.ID, Arn: &sp.ARN, Name: &sp.Name, LastModifiedTime: ts(sp.LastModified), LastModifiedRegion: &p.Region,
		})
	}
	return out, nil
}
