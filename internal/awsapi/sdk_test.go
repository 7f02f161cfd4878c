package awsapi

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/aws/smithy-go"
)

// sdkClient returns a real Go SDK client (with signing) talking to h.
func sdkClient(t *testing.T, s *Server) *connect.Client {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return connect.New(connect.Options{
		BaseEndpoint:     aws.String(srv.URL),
		Region:           "us-east-1",
		Credentials:      aws.AnonymousCredentials{},
		RetryMaxAttempts: 1,
	})
}

// TestSDKErrors checks that the real Go SDK parses our error responses into
// API errors with the right code and status (not deserialization errors).
func TestSDKErrors(t *testing.T) {
	t.Parallel()
	c := sdkClient(t, testServer(t, Config{}))
	ctx := context.Background()

	_, err := c.CreateUser(ctx, &connect.CreateUserInput{
		InstanceId: aws.String("i"), Username: aws.String("u"), RoutingProfileId: aws.String("r"),
		SecurityProfileIds: []string{"s"}, PhoneConfig: &types.UserPhoneConfig{PhoneType: types.PhoneTypeSoftPhone},
	})
	// Not implemented: 501 NotImplementedException, which the SDK parses as
	// a generic API error and does not retry.
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "NotImplementedException" {
		t.Fatalf("CreateUser error = %T %v, want API error NotImplementedException", err, err)
	}
	if got, want := ae.ErrorMessage(), "connectd does not implement CreateUser yet"; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) || re.HTTPStatusCode() != 501 || re.ServiceRequestID() == "" {
		t.Errorf("response error = %v, want status 501 with a request ID", re)
	}

	// Validation error on an implemented operation.
	_, err = c.ListContactReferences(ctx, &connect.ListContactReferencesInput{
		InstanceId: aws.String("i"), ContactId: aws.String("c"), ReferenceTypes: []types.ReferenceType{"bogus"},
	})
	var ipe *types.InvalidParameterException
	if !errors.As(err, &ipe) {
		t.Fatalf("ListContactReferences error = %T %v, want *types.InvalidParameterException", err, err)
	}

	// An error shape the operation does not declare still arrives as a generic API error.
	_, err = c.StartTaskContact(ctx, &connect.StartTaskContactInput{InstanceId: aws.String("i"), Name: aws.String("fail")})
	ae = nil
	if !errors.As(err, &ae) || ae.ErrorCode() != "InternalServiceException" {
		t.Errorf("StartTaskContact error = %v, want InternalServiceException", err)
	}
}

func TestSDKSuccess(t *testing.T) {
	t.Parallel()
	s := NewServer(Config{})
	var got *StartTaskContactRequest
	handle(s, "StartTaskContact", func(ctx context.Context, in *StartTaskContactRequest) (any, error) {
		got = in
		return &StartTaskContactResponse{ContactId: vp("c-1")}, nil
	})
	var arn *string
	handle(s, "ListTagsForResource", func(ctx context.Context, in *ListTagsForResourceRequest) (any, error) {
		arn = in.ResourceArn
		return &ListTagsForResourceResponse{Tags: map[string]string{"k": "v"}}, nil
	})
	c := sdkClient(t, s)
	ctx := context.Background()
	when := time.UnixMilli(1767290400500)
	out, err := c.StartTaskContact(ctx, &connect.StartTaskContactInput{
		InstanceId: aws.String("i"), Name: aws.String("n"), ScheduledTime: &when,
		References: map[string]types.Reference{"ticket": {Type: types.ReferenceTypeUrl, Value: aws.String("https://x")}},
	})
	if err != nil {
		t.Fatalf("StartTaskContact: %v", err)
	}
	if aws.ToString(out.ContactId) != "c-1" {
		t.Errorf("ContactId = %q, want c-1", aws.ToString(out.ContactId))
	}
	if !got.ScheduledTime.Time().Equal(when) || got.ClientToken == nil || *got.References["ticket"].Value != "https://x" {
		t.Errorf("decoded input = %+v", got)
	}
	const resource = "arn:aws:connect:us-east-1:123456789012:instance/abc"
	tags, err := c.ListTagsForResource(ctx, &connect.ListTagsForResourceInput{ResourceArn: aws.String(resource)})
	if err != nil {
		t.Fatalf("ListTagsForResource: %v", err)
	}
	if aws.ToString(arn) != resource || tags.Tags["k"] != "v" {
		t.Errorf("resourceArn = %q, tags = %v", aws.ToString(arn), tags.Tags)
	}
}
