package awsapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"connectd/internal/connect"
)

// flowSHA256 is a flow content's FlowContentSha256.
func flowSHA256(content string) *string {
	sum := sha256.Sum256([]byte(content))
	h := hex.EncodeToString(sum[:])
	return &h
}

func contactFlowInput(in *CreateContactFlowRequest) (connect.CreateContactFlowInput, error) {
	return connect.CreateContactFlowInput{
		InstanceID: str(in.InstanceId), Name: str(in.Name), Type: str(in.Type), Description: str(in.Description),
		Content: str(in.Content), Status: str(in.Status), Tags: in.Tags,
	}, nil
}

func (s *Server) createContactFlow(ctx context.Context, in *CreateContactFlowRequest) (any, error) {
	ci, err := contactFlowInput(in)
	if err != nil {
		return nil, err
	}
	f, err := s.svc.CreateContactFlow(ctx, partition(PrincipalFrom(ctx)), ci)
	if err != nil {
		return nil, err
	}
	return &CreateContactFlowResponse{ContactFlowId: &f.ID, ContactFlowArn: &f.ARN, FlowContentSha256: flowSHA256(f.Content)}, nil
}

func (s *Server) describeContactFlow(ctx context.Context, in *DescribeContactFlowRequest) (any, error) {
	p := PrincipalFrom(ctx)
	f, err := s.svc.DescribeContactFlow(ctx, partition(p), str(in.InstanceId), str(in.ContactFlowId))
	if err != nil {
		return nil, err
	}
	return &DescribeContactFlowResponse{ContactFlow: &ContactFlow{
		Arn: &f.ARN, Id: &f.ID, Name: &f.Name, Type: &f.Type, State: &f.State, Status: &f.Status,
		Description: ptr(f.Description), Content: &f.Content, Tags: emptyToNil(f.Tags),
		FlowContentSha256: flowSHA256(f.Content), LastModifiedTime: ts(f.LastModified), LastModifiedRegion: &p.Region,
	}}, nil
}

func (s *Server) listContactFlows(ctx context.Context, in *ListContactFlowsRequest) (any, error) {
	items, next, err := s.svc.ListContactFlows(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		in.ContactFlowTypes, str(in.NextToken), intOr0(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &ListContactFlowsResponse{ContactFlowSummaryList: []ContactFlowSummary{}, NextToken: ptr(next)}
	for _, f := range items {
		out.ContactFlowSummaryList = append(out.ContactFlowSummaryList, ContactFlowSummary{
			Id: &f.ID, Arn: &f.ARN, Name: &f.Name, ContactFlowType: &f.Type, ContactFlowState: &f.State,
			ContactFlowStatus: &f.Status,
		})
	}
	return out, nil
}

func (s *Server) updateContactFlowContent(ctx context.Context, in *UpdateContactFlowContentRequest) (any, error) {
	return nil, s.svc.UpdateContactFlowContent(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.ContactFlowId), str(in.Content))
}

func (s *Server) updateContactFlowName(ctx context.Context, in *UpdateContactFlowNameRequest) (any, error) {
	return nil, s.svc.UpdateContactFlowName(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactFlowId),
		in.Name, in.Description)
}

func (s *Server) updateContactFlowMetadata(ctx context.Context, in *UpdateContactFlowMetadataRequest) (any, error) {
	return nil, s.svc.UpdateContactFlowMetadata(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactFlowId),
		in.Name, in.Description, in.ContactFlowState)
}

func (s *Server) deleteContactFlow(ctx context.Context, in *DeleteContactFlowRequest) (any, error) {
	return nil, s.svc.DeleteContactFlow(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactFlowId))
}
