package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/google/go-cmp/cmp"
)

// TagContact and UntagContact: tags round-trip in DescribeContact; system
// (aws:) keys, too many tags and unknown contacts are refused.
func TestContactTags(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	id := startTask(t, c, s, "tagged")
	if _, err := c.TagContact(ctx(t), &connect.TagContactInput{InstanceId: &s.InstanceID, ContactId: &id,
		Tags: map[string]string{"team": "billing", "cost": "7"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TagContact(ctx(t), &connect.TagContactInput{InstanceId: &s.InstanceID, ContactId: &id,
		Tags: map[string]string{"cost": "8"}}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"team": "billing", "cost": "8"}, describe(t, c, s, id).Tags); diff != "" {
		t.Errorf("tags after TagContact (-want +got):\n%s", diff)
	}
	if _, err := c.UntagContact(ctx(t), &connect.UntagContactInput{InstanceId: &s.InstanceID, ContactId: &id,
		TagKeys: []string{"team", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"cost": "8"}, describe(t, c, s, id).Tags); diff != "" {
		t.Errorf("tags after UntagContact (-want +got):\n%s", diff)
	}

	seven := map[string]string{"a": "1", "b": "1", "c": "1", "d": "1", "e": "1", "f": "1", "g": "1"}
	_, err := c.TagContact(ctx(t), &connect.TagContactInput{InstanceId: &s.InstanceID, ContactId: &id, Tags: seven})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.TagContact(ctx(t), &connect.TagContactInput{InstanceId: &s.InstanceID, ContactId: &id,
		Tags: map[string]string{"aws:x": "1"}})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = c.TagContact(ctx(t), &connect.TagContactInput{InstanceId: &s.InstanceID, ContactId: aws.String("00000000-0000-0000-0000-000000000000"),
		Tags: map[string]string{"k": "v"}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	_, err = c.UntagContact(ctx(t), &connect.UntagContactInput{InstanceId: &s.InstanceID, ContactId: aws.String("00000000-0000-0000-0000-000000000000"),
		TagKeys: []string{"k"}})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}

// UpdateContactRoutingData: raising a later task's priority makes it the one
// an agent is offered first; a contact not in a queue is a conflict.
func TestUpdateContactRoutingData(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, true, "--clock", "manual")
	s := e.s
	agent := e.user(t, "agent-prio") // Offline
	a := startTask(t, e.c, s, "A")
	s.advanceWoken(t, 10*time.Second, 0)
	b := startTask(t, e.c, s, "B")
	if _, err := e.c.UpdateContactRoutingData(ctx(t), &connect.UpdateContactRoutingDataInput{
		InstanceId: &s.InstanceID, ContactId: &b, QueuePriority: aws.Int64(1)}); err != nil {
		t.Fatal(err)
	}
	e.setStatus(t, agent, e.available)
	s.wantAgent(t, agent, "B CONNECTING")
	s.agentDo(t, agent, b, "accept")

	_, err := e.c.UpdateContactRoutingData(ctx(t), &connect.UpdateContactRoutingDataInput{
		InstanceId: &s.InstanceID, ContactId: &b, QueuePriority: aws.Int64(1)})
	wantAPIError(t, err, "ResourceConflictException", 409)
	_, err = e.c.UpdateContactRoutingData(ctx(t), &connect.UpdateContactRoutingDataInput{
		InstanceId: &s.InstanceID, ContactId: &a})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = e.c.UpdateContactRoutingData(ctx(t), &connect.UpdateContactRoutingDataInput{
		InstanceId: &s.InstanceID, ContactId: &a, QueuePriority: aws.Int64(1), QueueTimeAdjustmentSeconds: aws.Int32(60)})
	wantAPIError(t, err, "InvalidParameterException", 400)
	_, err = e.c.UpdateContactRoutingData(ctx(t), &connect.UpdateContactRoutingDataInput{
		InstanceId: &s.InstanceID, ContactId: aws.String("00000000-0000-0000-0000-000000000000"), QueuePriority: aws.Int64(1)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
}
