package connect

import (
	"strings"
	"testing"
)

func TestParseARN(t *testing.T) {
	t.Parallel()
	p := Partition{AccountID: "123456789012", Region: "eu-west-2"}
	for _, s := range []string{InstanceARN(p, "i-1"), subARN(p, "i-1", ResourceQueue, "q-1")} {
		a, err := ParseARN(s)
		if err != nil || canonicalARN(a) != s {
			t.Errorf("ParseARN(%q) = %+v, %v; round trip %q", s, a, err, canonicalARN(a))
		}
	}
	for _, s := range []string{"", "arn:aws:s3:::bucket", "arn:aws:connect:us-east-1:1:instance", "arn:aws:connect:us-east-1:1:instance/i/queue"} {
		if _, err := ParseARN(s); err == nil {
			t.Errorf("ParseARN(%q) succeeded, want error", s)
		}
	}
}

// TestInstanceRef: an instance ARN names an instance of the caller's
// partition only when its account, region and AWS partition are the
// caller's; an ID is taken as given.
func TestInstanceRef(t *testing.T) {
	t.Parallel()
	p := Partition{AccountID: "000000000000", Region: "us-east-1"}
	tests := []struct {
		ref    string
		wantID string // "": not an instance of p
	}{
		{"i-1", "i-1"},
		{"arn:aws:connect:us-east-1:000000000000:instance/i-1", "i-1"},
		{"arn:aws:connect:eu-west-1:000000000000:instance/i-1", ""},    // another region
		{"arn:aws:connect:us-east-1:111111111111:instance/i-1", ""},    // another account
		{"arn:aws-cn:connect:us-east-1:000000000000:instance/i-1", ""}, // another partition
		{"arn:aws-us-gov:connect:us-east-1:000000000000:instance/i-1", ""},
		{"arn:aws:connect:us-east-1:000000000000:instance/i-1/queue/q-1", ""}, // not an instance
		{"arn:aws:connect:us-east-1:000000000000:instance", ""},
		{"arn:aws:s3:::bucket", ""},
	}
	for _, tc := range tests {
		id, ok := InstanceRef(p, tc.ref)
		if ok != (tc.wantID != "") || id != tc.wantID {
			t.Errorf("InstanceRef(%q) = %q, %v; want %q, %v", tc.ref, id, ok, tc.wantID, tc.wantID != "")
		}
	}
	cn := Partition{AccountID: "000000000000", Region: "cn-north-1"}
	if id, ok := InstanceRef(cn, InstanceARN(cn, "i-1")); !ok || id != "i-1" {
		t.Errorf("InstanceRef(%s) in cn-north-1 = %q, %v; want i-1", InstanceARN(cn, "i-1"), id, ok)
	}
	if _, ok := InstanceRef(cn, "arn:aws:connect:cn-north-1:000000000000:instance/i-1"); ok {
		t.Error("an aws ARN names an instance of cn-north-1 (aws-cn)")
	}
}

// TestResourceIDOtherPartition: a sub-resource ARN of the instance's
// account and region but another AWS partition names nothing.
func TestResourceIDOtherPartition(t *testing.T) {
	t.Parallel()
	inst := &Instance{ID: "i-1", Partition: Partition{AccountID: "000000000000", Region: "us-east-1"}}
	own := subARN(inst.Partition, "i-1", ResourceQueue, "q-1")
	if id, err := resourceID(inst, own, ResourceQueue); err != nil || id != "q-1" {
		t.Errorf("resourceID(%s) = %q, %v; want q-1", own, id, err)
	}
	for _, ref := range []string{
		"arn:aws-cn:connect:us-east-1:000000000000:instance/i-1/queue/q-1",
		"arn:aws:connect:eu-west-1:000000000000:instance/i-1/queue/q-1",
		"arn:aws:connect:us-east-1:111111111111:instance/i-1/queue/q-1",
	} {
		if id, err := resourceID(inst, ref, ResourceQueue); !IsNotFound(err) {
			t.Errorf("resourceID(%s) = %q, %v; want NotFound", ref, id, err)
		}
		flow := strings.Replace(ref, "/queue/", "/contact-flow/", 1)
		if id, _, err := flowRef(inst, flow); !IsNotFound(err) {
			t.Errorf("flowRef(%s) = %q, %v; want NotFound", flow, id, err)
		}
	}
}
