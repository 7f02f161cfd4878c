package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// attachmentRefs lists a contact's references of types, attachments as
// "name value status" lines and others as "TYPE name"; it checks each
// attachment's ARN names a file of the instance.
func attachmentRefs(t *testing.T, e *lifeEnv, id string, typ ...types.ReferenceType) []string {
	t.Helper()
	out, err := e.c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{InstanceId: &e.inst, ContactId: &id, ReferenceTypes: typ})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range out.ReferenceSummaryList {
		switch v := r.(type) {
		case *types.ReferenceSummaryMemberAttachment:
			if arn := aws.ToString(v.Value.Arn); !strings.HasPrefix(arn, e.instARN+"/file/") || len(arn) <= len(e.instARN+"/file/") {
				t.Errorf("attachment ARN %q, want %s/file/<id>", arn, e.instARN)
			}
			got = append(got, aws.ToString(v.Value.Name)+" "+aws.ToString(v.Value.Value)+" "+string(v.Value.Status))
		case *types.ReferenceSummaryMemberUrl:
			got = append(got, "URL "+aws.ToString(v.Value.Name))
		default:
			t.Errorf("unexpected reference %T", r)
		}
	}
	return got
}

const (
	attachURL1 = "https://bucket.s3.us-east-1.amazonaws.com/invoice.pdf?X-Amz-Signature=abc"
	attachURL2 = "http://localhost:4566/bucket/photo.png"
)

// StartTaskContact's Attachments through the Go SDK: kept (not fetched),
// listed by ListContactReferences as AVAILABLE ATTACHMENT references with
// an ARN, carried by TransferContact, and checked (a URL, at most five).
func TestTaskAttachments(t *testing.T) {
	t.Parallel()
	e := lifeSetup(t, false)
	id := startTask(t, e.c, e.s, "with files", withReferences(map[string]types.Reference{"ticket": ref(types.ReferenceTypeUrl, "https://example.com/t/1")}),
		func(in *connect.StartTaskContactInput) {
			in.Attachments = []types.TaskAttachment{{FileName: aws.String("invoice.pdf"), S3Url: aws.String(attachURL1)},
				{FileName: aws.String("photo.png"), S3Url: aws.String(attachURL2)}}
		})
	want := []string{"invoice.pdf " + attachURL1 + " AVAILABLE", "photo.png " + attachURL2 + " AVAILABLE"}
	if diff := cmp.Diff(want, attachmentRefs(t, e, id, types.ReferenceTypeAttachment)); diff != "" {
		t.Errorf("ATTACHMENT references (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"URL ticket"}, attachmentRefs(t, e, id, types.ReferenceTypeUrl)); diff != "" {
		t.Errorf("URL references (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(append([]string{"URL ticket"}, want...), attachmentRefs(t, e, id, types.ReferenceTypeUrl, types.ReferenceTypeAttachment)); diff != "" {
		t.Errorf("both (-want +got):\n%s", diff)
	}
	moved, err := e.c.TransferContact(ctx(t), &connect.TransferContactInput{InstanceId: &e.inst, ContactId: &id,
		ContactFlowId: aws.String(e.s.TaskFlowID), QueueId: &e.queue})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, attachmentRefs(t, e, aws.ToString(moved.ContactId), types.ReferenceTypeAttachment)); diff != "" {
		t.Errorf("the transferred task's attachments (-want +got):\n%s", diff)
	}

	for _, tc := range []struct {
		name string
		as   []types.TaskAttachment
		code string
	}{
		{"not a URL", []types.TaskAttachment{{FileName: aws.String("a"), S3Url: aws.String("invoice.pdf")}}, "InvalidParameterException"},
		{"not http", []types.TaskAttachment{{FileName: aws.String("a"), S3Url: aws.String("s3://bucket/key")}}, "InvalidParameterException"},
		{"six", func() (l []types.TaskAttachment) {
			for range 6 {
				l = append(l, types.TaskAttachment{FileName: aws.String("a"), S3Url: aws.String(attachURL1)})
			}
			return l
		}(), "InvalidParameterException"},
	} {
		_, err := e.c.StartTaskContact(ctx(t), e.s.taskInput(tc.name, func(in *connect.StartTaskContactInput) { in.Attachments = tc.as }))
		t.Log(tc.name)
		wantAPIError(t, err, tc.code, 400)
	}
}

const attachmentsBotoScript = `
import json, sys
import boto3, botocore
from botocore.exceptions import ClientError

endpoint, instance, flow, url = sys.argv[1:5]
c = boto3.session.Session(region_name="us-east-1").client("connect", endpoint_url=endpoint,
    config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
cid = c.start_task_contact(InstanceId=instance, ContactFlowId=flow, Name="boto files",
    Attachments=[{"FileName": "invoice.pdf", "S3Url": url}])["ContactId"]
refs = c.list_contact_references(InstanceId=instance, ContactId=cid, ReferenceTypes=["ATTACHMENT"])["ReferenceSummaryList"]
try:
    c.start_task_contact(InstanceId=instance, ContactFlowId=flow, Name="bad", Attachments=[{"FileName": "x", "S3Url": "ftp://h/x"}])
    refusal = None
except ClientError as e:
    refusal = {"Code": e.response["Error"]["Code"], "Status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
print(json.dumps({"Refs": refs, "Refusal": refusal}))
`

// The same through boto3.
func TestTaskAttachmentsBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	e := lifeSetup(t, false)
	r := cliRun(t, attachmentsBotoScript, "python3", "-", e.s.URL, e.inst, e.s.TaskFlowID, attachURL1)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		Refs []struct {
			Attachment *struct{ Name, Value, Status, Arn string }
		}
		Refusal *struct {
			Code   string
			Status int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	if len(out.Refs) != 1 || out.Refs[0].Attachment == nil || out.Refs[0].Attachment.Name != "invoice.pdf" ||
		out.Refs[0].Attachment.Value != attachURL1 || out.Refs[0].Attachment.Status != "AVAILABLE" ||
		!strings.HasPrefix(out.Refs[0].Attachment.Arn, e.instARN+"/file/") {
		t.Errorf("references = %s, want the attachment", r.stdout)
	}
	if out.Refusal == nil || out.Refusal.Code != "InvalidParameterException" || out.Refusal.Status != 400 {
		t.Errorf("refusal = %+v, want InvalidParameterException 400", out.Refusal)
	}
}
