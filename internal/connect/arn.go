package connect

import (
	"fmt"
	"strings"
)

// ARN is a parsed Amazon Connect ARN:
// arn:{partition}:connect:{region}:{account}:instance/{InstanceID}[/{Sub}/{ID}].
type ARN struct {
	// AWSPartition is the ARN's partition: "aws", "aws-cn", "aws-us-gov".
	AWSPartition string
	Partition    Partition // the account and region
	Resource     string    // "instance"
	InstanceID   string
	Sub          string // "", "contact-flow", "queue", "operating-hours", "contact", ...
	ID           string // the sub-resource's ID
}

// awsPartition returns the ARN partition of region.
func awsPartition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// InstanceARN returns the ARN of instance id in p.
func InstanceARN(p Partition, id string) string {
	return fmt.Sprintf("arn:%s:connect:%s:%s:instance/%s", awsPartition(p.Region), p.Region, p.AccountID, id)
}

// subARN returns the ARN of a resource of type sub inside an instance.
func subARN(p Partition, instanceID string, sub Resource, id string) string {
	return InstanceARN(p, instanceID) + "/" + string(sub) + "/" + id
}

// ParseARN parses a connect instance or instance sub-resource ARN.
func ParseARN(s string) (ARN, error) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "connect" || parts[3] == "" || parts[4] == "" {
		return ARN{}, Errorf(Invalid, "%q is not an Amazon Connect ARN", s)
	}
	a := ARN{AWSPartition: parts[1], Partition: Partition{Region: parts[3], AccountID: parts[4]}}
	res := strings.Split(parts[5], "/")
	switch {
	case len(res) == 2 && res[0] == "instance" && res[1] != "":
		a.Resource, a.InstanceID = res[0], res[1]
	case len(res) == 4 && res[0] == "instance" && res[1] != "" && res[2] != "" && res[3] != "":
		a.Resource, a.InstanceID, a.Sub, a.ID = res[0], res[1], res[2], res[3]
	default:
		return ARN{}, Errorf(Invalid, "%q is not an Amazon Connect ARN", s)
	}
	return a, nil
}

// In reports whether a can name a resource of p: it has p's account, p's
// region, and the AWS partition of that region. An ARN of another account,
// region or partition names nothing of p, even when it carries the ID of
// one of p's resources.
func (a ARN) In(p Partition) bool {
	return a.Partition == p && a.AWSPartition == awsPartition(p.Region)
}

// InstanceRef returns the ID of the instance ref names in p: ref itself, or
// the instance ID of an instance ARN of p. ok is false when ref is an ARN
// that names no instance of p: not an instance ARN, or an ARN of another
// account, region or partition (see ARN.In). Whether the instance exists is
// for the caller to find out.
func InstanceRef(p Partition, ref string) (id string, ok bool) {
	if !strings.HasPrefix(ref, "arn:") {
		return ref, true
	}
	a, err := ParseARN(ref)
	if err != nil || a.Resource != "instance" || a.Sub != "" || !a.In(p) {
		return "", false
	}
	return a.InstanceID, true
}

// resourceID returns the ID ref names: ref itself, or the ID in ref when ref
// is the ARN of a resource of kind r in inst (NotFound otherwise).
func resourceID(inst *Instance, ref string, r Resource) (string, error) {
	if !strings.HasPrefix(ref, "arn:") {
		return ref, nil
	}
	a, err := ParseARN(ref)
	if err != nil || !a.In(inst.Partition) || a.InstanceID != inst.ID || Resource(a.Sub) != r {
		return "", notFound(r, ref)
	}
	return a.ID, nil
}
