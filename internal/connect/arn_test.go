package connect

import "testing"

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
