package connect_test

import (
	"testing"

	"connectd/internal/connect"
)

func TestAgentResourceTags(t *testing.T) {
	t.Parallel()
	b := setupAgents(t)
	ctx := t.Context()
	u := b.user(t, "ann")
	rp, err := b.svc.DescribeRoutingProfile(ctx, b.p, b.inst, b.rp)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := b.svc.DescribeSecurityProfile(ctx, b.p, b.inst, b.sp["Admin"])
	if err != nil {
		t.Fatal(err)
	}
	st, err := b.svc.DescribeAgentStatus(ctx, b.p, b.inst, b.available)
	if err != nil {
		t.Fatal(err)
	}
	for _, arn := range []string{u.ARN, rp.ARN, sp.ARN, st.ARN} {
		if err := b.svc.TagResource(ctx, b.p, arn, map[string]string{"team": "blue"}); err != nil {
			t.Fatalf("TagResource(%s): %v", arn, err)
		}
		got, err := b.svc.ListTagsForResource(ctx, b.p, arn)
		if err != nil || got["team"] != "blue" {
			t.Errorf("ListTagsForResource(%s) = %v, %v", arn, got, err)
		}
		if err := b.svc.UntagResource(ctx, b.p, arn, []string{"team"}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = b.svc.ListTagsForResource(ctx, b.p, connect.InstanceARN(b.p, b.inst)+"/agent/nope")
	wantKind(t, "ListTagsForResource(unknown user)", err, connect.NotFound)
}
