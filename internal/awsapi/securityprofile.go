package awsapi

import (
	"context"

	"connectd/internal/connect"
)

// securityProfileSettings maps the settings both CreateSecurityProfile and
// UpdateSecurityProfile take; it refuses the ones connectd does not keep.
func securityProfileSettings(description *string, permissions []string, acTags map[string]string, tagRes, hierRes []string,
	hierGroup *string, apps []Application, modules []FlowModule, granular *GranularAccessControlConfiguration) (connect.SecurityProfileSettings, error) {
	if apps != nil || modules != nil || granular != nil {
		return connect.SecurityProfileSettings{}, connect.Errorf(connect.Invalid,
			"connectd does not support Applications, AllowedFlowModules or GranularAccessControlConfiguration on security profiles yet.")
	}
	return connect.SecurityProfileSettings{Description: description, Permissions: permissions, AllowedAccessControlTags: acTags,
		TagRestrictedResources: tagRes, HierarchyRestrictedResources: hierRes, AllowedAccessControlHierarchyGroupID: hierGroup}, nil
}

// securityProfileInput converts CreateSecurityProfile's request (the API's
// and the bootstrap file's).
func securityProfileInput(in *CreateSecurityProfileRequest) (connect.CreateSecurityProfileInput, error) {
	settings, err := securityProfileSettings(in.Description, in.Permissions, in.AllowedAccessControlTags, in.TagRestrictedResources,
		in.HierarchyRestrictedResources, in.AllowedAccessControlHierarchyGroupId, in.Applications, in.AllowedFlowModules,
		in.GranularAccessControlConfiguration)
	if err != nil {
		return connect.CreateSecurityProfileInput{}, err
	}
	return connect.CreateSecurityProfileInput{InstanceID: str(in.InstanceId), Name: str(in.SecurityProfileName),
		SecurityProfileSettings: settings, Tags: in.Tags}, nil
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

func (s *Server) updateSecurityProfile(ctx context.Context, in *UpdateSecurityProfileRequest) (any, error) {
	settings, err := securityProfileSettings(in.Description, in.Permissions, in.AllowedAccessControlTags, in.TagRestrictedResources,
		in.HierarchyRestrictedResources, in.AllowedAccessControlHierarchyGroupId, in.Applications, in.AllowedFlowModules,
		in.GranularAccessControlConfiguration)
	if err != nil {
		return nil, err
	}
	return nil, s.svc.UpdateSecurityProfile(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.SecurityProfileId), settings)
}

func (s *Server) deleteSecurityProfile(ctx context.Context, in *DeleteSecurityProfileRequest) (any, error) {
	return nil, s.svc.DeleteSecurityProfile(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.SecurityProfileId))
}

func (s *Server) describeSecurityProfile(ctx context.Context, in *DescribeSecurityProfileRequest) (any, error) {
	p := PrincipalFrom(ctx)
	sp, err := s.svc.DescribeSecurityProfile(ctx, partition(p), str(in.InstanceId), str(in.SecurityProfileId))
	if err != nil {
		return nil, err
	}
	return &DescribeSecurityProfileResponse{SecurityProfile: &SecurityProfile{
		Id: &sp.ID, Arn: &sp.ARN, OrganizationResourceId: &sp.InstanceID, SecurityProfileName: &sp.Name,
		Description: ptr(sp.Description), AllowedAccessControlTags: emptyToNil(sp.AllowedAccessControlTags),
		TagRestrictedResources: sp.TagRestrictedResources, HierarchyRestrictedResources: sp.HierarchyRestrictedResources,
		Tags: emptyToNil(sp.Tags), LastModifiedTime: ts(sp.LastModified), LastModifiedRegion: &p.Region,
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

func (s *Server) listSecurityProfilePermissions(ctx context.Context, in *ListSecurityProfilePermissionsRequest) (any, error) {
	p := PrincipalFrom(ctx)
	sp, perms, next, err := s.svc.ListSecurityProfilePermissions(ctx, partition(p), str(in.InstanceId), str(in.SecurityProfileId),
		str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	return &ListSecurityProfilePermissionsResponse{Permissions: append([]string{}, perms...), NextToken: ptr(next),
		LastModifiedTime: ts(sp.LastModified), LastModifiedRegion: &p.Region}, nil
}
