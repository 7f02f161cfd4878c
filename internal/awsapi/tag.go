package awsapi

import "context"

func (s *Server) tagResource(ctx context.Context, in *TagResourceRequest) (any, error) {
	return nil, s.svc.TagResource(ctx, partition(PrincipalFrom(ctx)), str(in.ResourceArn), in.Tags)
}

func (s *Server) untagResource(ctx context.Context, in *UntagResourceRequest) (any, error) {
	return nil, s.svc.UntagResource(ctx, partition(PrincipalFrom(ctx)), str(in.ResourceArn), in.TagKeys)
}

func (s *Server) listTagsForResource(ctx context.Context, in *ListTagsForResourceRequest) (any, error) {
	tags, err := s.svc.ListTagsForResource(ctx, partition(PrincipalFrom(ctx)), str(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	if tags == nil {
		tags = map[string]string{}
	}
	return &ListTagsForResourceResponse{Tags: tags}, nil
}
