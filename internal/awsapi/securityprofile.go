package awsapi

import "context"

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
