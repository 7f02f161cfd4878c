package awsapi

import (
	"context"

	"connectd/internal/connect"
)

func (s *Server) transferContact(ctx context.Context, in *TransferContactRequest) (any, error) {
	c, err := s.svc.TransferContact(ctx, partition(PrincipalFrom(ctx)), connect.TransferInput{
		InstanceID: str(in.InstanceId), ContactID: str(in.ContactId), QueueID: str(in.QueueId),
		UserID: str(in.UserId), ContactFlowID: str(in.ContactFlowId), ClientToken: str(in.ClientToken),
	})
	if err != nil {
		return nil, err
	}
	return &TransferContactResponse{ContactId: &c.ID, ContactArn: &c.ARN}, nil
}
