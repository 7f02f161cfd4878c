package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cliNeed skips t when the tool is missing, or fails it under CI=true, where
// every client must be tested.
func cliNeed(t *testing.T, what string, check func() error) {
	t.Helper()
	if err := check(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true: %v", what, err)
		}
		t.Skipf("%s is not available (%v); install it to run this test", what, err)
	}
}

func cliLookPath(name string) func() error {
	return func() error { _, err := exec.LookPath(name); return err }
}

// needBoto skips (or, under CI, fails) a test without python3 and boto3.
func needBoto(t *testing.T) {
	t.Helper()
	cliNeed(t, "python3 with boto3", func() error {
		if _, err := exec.LookPath("python3"); err != nil {
			return err
		}
		if out, err := exec.Command("python3", "-c", "import boto3").CombinedOutput(); err != nil {
			return errors.New(strings.TrimSpace(string(out)))
		}
		return nil
	})
}

// cliEnv is the environment of a client process: the machine's, without any
// AWS configuration, plus dummy credentials and no retries.
func cliEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"AWS_ACCESS_KEY_ID=AKIDCLIEXAMPLE", "AWS_SECRET_ACCESS_KEY=cli-secret",
		"AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_PAGER=", "AWS_DEFAULT_OUTPUT=json",
	)
}

// cliModes runs f against a permissive server and a strict one that knows
// the key of cliEnv, so that each client's own SigV4 signing is verified too.
func cliModes(t *testing.T, f func(t *testing.T, s *server)) {
	for _, mode := range []string{"permissive", "strict"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			var s *server
			if mode == "strict" {
				creds := resWriteCredentials(t, [3]string{"AKIDCLIEXAMPLE", "cli-secret", "000000000000"})
				s = startServer(t, "", "--auth", "strict", "--credentials", creds)
			} else {
				s = startServer(t, "")
			}
			f(t, s)
		})
	}
}

type cliResult struct {
	stdout, stderr string
	code           int
}

func cliRun(t *testing.T, stdin string, name string, args ...string) cliResult {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, name, args...)
	cmd.Env = cliEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := cliResult{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return r
}

// aws runs `aws connect OP --endpoint-url URL --region us-east-1 ARGS...` and
// decodes its JSON output.
func (s *server) aws(t *testing.T, op string, args ...string) map[string]any {
	t.Helper()
	r := cliRun(t, "", "aws", append([]string{"connect", op, "--endpoint-url", s.URL, "--region", "us-east-1", "--output", "json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("aws connect %s %q: exit %d\n%s", op, args, r.code, r.stderr)
	}
	out := map[string]any{}
	if strings.TrimSpace(r.stdout) == "" {
		return out
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("aws connect %s: output %q is not JSON: %v", op, r.stdout, err)
	}
	return out
}

// cliEpoch reads a timestamp as the AWS CLI v1 prints it: the wire's epoch
// number, or an ISO-8601 string depending on cli_timestamp_format.
func cliEpoch(t *testing.T, v any) float64 {
	t.Helper()
	switch v := v.(type) {
	case float64:
		return v
	case string:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return f
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999-07:00", "2006-01-02T15:04:05-07:00"} {
			if tm, err := time.Parse(layout, v); err == nil {
				return float64(tm.UnixMilli()) / 1e3
			}
		}
	}
	t.Fatalf("timestamp %v (%T) is neither epoch nor ISO-8601", v, v)
	return 0
}

func TestCLIAWSTaskLifecycle(t *testing.T) {
	t.Parallel()
	cliNeed(t, "the AWS CLI (aws)", cliLookPath("aws"))
	cliModes(t, cliAWSLifecycle)
}

func cliAWSLifecycle(t *testing.T, s *server) {
	at := time.Now().Add(90 * time.Minute).Unix()

	started := s.aws(t, "start-task-contact",
		"--instance-id", s.InstanceID, "--contact-flow-id", s.TaskFlowID, "--name", "cli task",
		"--description", "from the AWS CLI",
		"--references", `{"ticket":{"Value":"https://example.com/cli/1","Type":"URL"},"note":{"Value":"plain","Type":"STRING"}}`,
		"--attributes", `{"customer":"c-1","source":"cli"}`,
		"--scheduled-time", strconv.FormatInt(at, 10))
	id, _ := started["ContactId"].(string)
	if id == "" {
		t.Fatalf("start-task-contact output %v has no ContactId", started)
	}

	desc := s.aws(t, "describe-contact", "--instance-id", s.InstanceID, "--contact-id", id)
	contact, _ := desc["Contact"].(map[string]any)
	if contact["Id"] != id || contact["Name"] != "cli task" || contact["Channel"] != "TASK" || contact["InitiationMethod"] != "API" {
		t.Errorf("describe-contact = %v", contact)
	}
	if attrs, _ := contact["Attributes"].(map[string]any); attrs["customer"] != "c-1" || attrs["source"] != "cli" {
		t.Errorf("attributes = %v", contact["Attributes"])
	}
	if got := cliEpoch(t, contact["ScheduledTimestamp"]); got != float64(at) {
		t.Errorf("ScheduledTimestamp = %v, want %d", contact["ScheduledTimestamp"], at)
	}

	s.aws(t, "update-contact", "--instance-id", s.InstanceID, "--contact-id", id, "--name", "cli task renamed",
		"--references", `{"extra":{"Value":"https://example.com/cli/2","Type":"URL"}}`)
	later := time.Now().Add(3 * time.Hour).Unix()
	s.aws(t, "update-contact-schedule", "--instance-id", s.InstanceID, "--contact-id", id, "--scheduled-time", strconv.FormatInt(later, 10))
	contact, _ = s.aws(t, "describe-contact", "--instance-id", s.InstanceID, "--contact-id", id)["Contact"].(map[string]any)
	if contact["Name"] != "cli task renamed" || cliEpoch(t, contact["ScheduledTimestamp"]) != float64(later) {
		t.Errorf("after update: name %v scheduled %v (want %d)", contact["Name"], contact["ScheduledTimestamp"], later)
	}

	refs := s.aws(t, "list-contact-references", "--instance-id", s.InstanceID, "--contact-id", id, "--reference-types", "URL")
	list, _ := refs["ReferenceSummaryList"].([]any)
	urls := map[string]any{}
	for _, r := range list {
		u, _ := r.(map[string]any)["Url"].(map[string]any)
		if u == nil {
			t.Errorf("URL filter returned %v", r)
			continue
		}
		urls[u["Name"].(string)] = u["Value"]
	}
	if len(urls) != 2 || urls["ticket"] != "https://example.com/cli/1" || urls["extra"] != "https://example.com/cli/2" {
		t.Errorf("URL references = %v", urls)
	}

	s.aws(t, "stop-contact", "--instance-id", s.InstanceID, "--contact-id", id)
	contact, _ = s.aws(t, "describe-contact", "--instance-id", s.InstanceID, "--contact-id", id)["Contact"].(map[string]any)
	if contact["DisconnectTimestamp"] == nil {
		t.Errorf("stopped contact has no DisconnectTimestamp: %v", contact)
	}

	// Errors: a non-zero exit and the error code on stderr.
	r := cliRun(t, "", "aws", "connect", "describe-contact", "--endpoint-url", s.URL, "--region", "us-east-1",
		"--instance-id", s.InstanceID, "--contact-id", "no-such-contact")
	if r.code != 254 && r.code != 255 {
		t.Errorf("describe-contact of a missing contact: exit %d, want 254/255\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "ResourceNotFoundException") {
		t.Errorf("stderr %q does not name ResourceNotFoundException", r.stderr)
	}
	r = cliRun(t, "", "aws", "connect", "stop-contact", "--endpoint-url", s.URL, "--region", "us-east-1",
		"--instance-id", s.InstanceID, "--contact-id", id)
	if r.code == 0 || !strings.Contains(r.stderr, "InvalidRequestException") {
		t.Errorf("stop-contact twice: exit %d, stderr %q; want InvalidRequestException", r.code, r.stderr)
	}

	// Tags: the ARN goes into the path (and, percent-encoded twice, into the
	// canonical request that strict mode verifies).
	arn, _ := s.aws(t, "describe-instance", "--instance-id", s.InstanceID)["Instance"].(map[string]any)["Arn"].(string)
	s.aws(t, "tag-resource", "--resource-arn", arn, "--tags", `{"team":"cli","with space":"a/b:c"}`)
	tags, _ := s.aws(t, "list-tags-for-resource", "--resource-arn", arn)["tags"].(map[string]any)
	if tags["team"] != "cli" || tags["with space"] != "a/b:c" {
		t.Errorf("list-tags-for-resource = %v", tags)
	}
	s.aws(t, "untag-resource", "--resource-arn", arn, "--tag-keys", "team", "with space")
	if tags, _ := s.aws(t, "list-tags-for-resource", "--resource-arn", arn)["tags"].(map[string]any); len(tags) != 0 {
		t.Errorf("tags after untag-resource = %v", tags)
	}

	// The endpoint can also come from the environment, as the docs suggest.
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, "aws", "connect", "list-instances", "--region", "us-east-1")
	cmd.Env = append(cliEnv(), "AWS_ENDPOINT_URL_CONNECT="+s.URL)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), s.InstanceID) {
		t.Errorf("aws with AWS_ENDPOINT_URL_CONNECT: %v\n%s", err, out)
	}
}

const bototScript = `
import json, sys, time, datetime
import boto3, botocore
from botocore.exceptions import ClientError

endpoint, instance, flow = sys.argv[1:4]
c = boto3.client("connect", endpoint_url=endpoint, region_name="us-east-1",
                 config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
out = {"botocore": botocore.__version__}
at = int(time.time()) + 3600
r = c.start_task_contact(InstanceId=instance, ContactFlowId=flow, Name="boto task",
    Description="from boto3", Attributes={"source": "boto3"},
    References={"ticket": {"Value": "https://example.com/boto/1", "Type": "URL"},
                "n": {"Value": "42", "Type": "NUMBER"}},
    ScheduledTime=datetime.datetime.fromtimestamp(at, datetime.timezone.utc))
cid = r["ContactId"]
out["contactId"] = cid
out["requestId"] = r["ResponseMetadata"]["RequestId"]
d = c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"]
out["describe"] = {"Id": d["Id"], "Name": d["Name"], "Channel": d["Channel"], "Attributes": d.get("Attributes"),
    "Scheduled": d["ScheduledTimestamp"].timestamp(), "WantScheduled": at,
    "ScheduledIsAware": d["ScheduledTimestamp"].tzinfo is not None}
c.update_contact(InstanceId=instance, ContactId=cid, Name="boto task renamed", Description="updated")
later = time.time() + 7200.25
c.update_contact_schedule(InstanceId=instance, ContactId=cid, ScheduledTime=later)
d = c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"]
out["afterUpdate"] = {"Name": d["Name"], "Description": d.get("Description"), "Scheduled": d["ScheduledTimestamp"].timestamp(), "WantScheduled": later}
refs = c.list_contact_references(InstanceId=instance, ContactId=cid, ReferenceTypes=["URL", "NUMBER"])
out["references"] = sorted([list(x.keys())[0] + ":" + list(x.values())[0]["Name"] + "=" + list(x.values())[0]["Value"] for x in refs["ReferenceSummaryList"]])
c.stop_contact(InstanceId=instance, ContactId=cid)
d = c.describe_contact(InstanceId=instance, ContactId=cid)["Contact"]
out["disconnected"] = "DisconnectTimestamp" in d

def error_of(fn, **kw):
    try:
        fn(**kw)
        return None
    except ClientError as e:
        return {"Code": e.response["Error"]["Code"], "Message": e.response["Error"].get("Message"),
                "HTTPStatusCode": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "RequestId": e.response["ResponseMetadata"].get("RequestId"),
                "Modeled": type(e).__name__}
out["describeMissing"] = error_of(c.describe_contact, InstanceId=instance, ContactId="no-such-contact")
out["stopAgain"] = error_of(c.stop_contact, InstanceId=instance, ContactId=cid)
out["unknownInstance"] = error_of(c.list_contact_flows, InstanceId="00000000-0000-0000-0000-000000000000")
arn = c.describe_instance(InstanceId=instance)["Instance"]["Arn"]
c.tag_resource(resourceArn=arn, tags={"team": "boto", "with space": "a/b:c"})
out["tags"] = c.list_tags_for_resource(resourceArn=arn)["tags"]
c.untag_resource(resourceArn=arn, tagKeys=["team", "with space"])
out["tagsAfterUntag"] = c.list_tags_for_resource(resourceArn=arn)["tags"]
out["awsTag"] = error_of(c.tag_resource, resourceArn=arn, tags={"aws:x": "y"})
print(json.dumps(out))
`

func TestBotoTaskLifecycle(t *testing.T) {
	t.Parallel()
	needBoto(t)
	cliModes(t, botoLifecycle)
}

func botoLifecycle(t *testing.T, s *server) {
	r := cliRun(t, bototScript, "python3", "-", s.URL, s.InstanceID, s.TaskFlowID)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		Botocore  string
		ContactID string `json:"contactId"`
		RequestID string `json:"requestId"`
		Describe  struct {
			Id, Name, Channel        string
			Attributes               map[string]string
			Scheduled, WantScheduled float64
			ScheduledIsAware         bool
		}
		AfterUpdate struct {
			Name, Description        string
			Scheduled, WantScheduled float64
		}
		References                                          []string
		Disconnected                                        bool
		Tags                                                map[string]string
		TagsAfterUntag                                      map[string]string
		DescribeMissing, StopAgain, UnknownInstance, AWSTag *struct {
			Code, Message, RequestId, Modeled string
			HTTPStatusCode                    int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	t.Logf("botocore %s", out.Botocore)
	if out.ContactID == "" || out.RequestID == "" {
		t.Errorf("start_task_contact: contact %q request ID %q", out.ContactID, out.RequestID)
	}
	d := out.Describe
	if d.Id != out.ContactID || d.Name != "boto task" || d.Channel != "TASK" || d.Attributes["source"] != "boto3" ||
		d.Scheduled != d.WantScheduled || !d.ScheduledIsAware {
		t.Errorf("describe_contact = %+v", d)
	}
	// botocore sends whole seconds by default: 7200.25 s ahead arrives truncated.
	if a := out.AfterUpdate; a.Name != "boto task renamed" || a.Description != "updated" || math.Abs(a.Scheduled-a.WantScheduled) >= 1 {
		t.Errorf("after update = %+v", a)
	}
	want := []string{"Number:n=42", "Url:ticket=https://example.com/boto/1"}
	if strings.Join(out.References, ",") != strings.Join(want, ",") {
		t.Errorf("references = %q, want %q", out.References, want)
	}
	if !out.Disconnected {
		t.Error("stopped contact has no DisconnectTimestamp")
	}
	for _, e := range []struct {
		name string
		got  *struct {
			Code, Message, RequestId, Modeled string
			HTTPStatusCode                    int
		}
		code   string
		status int
	}{
		{"describe missing", out.DescribeMissing, "ResourceNotFoundException", 404},
		{"stop again", out.StopAgain, "InvalidRequestException", 400},
		{"unknown instance", out.UnknownInstance, "ResourceNotFoundException", 404},
		{"aws: tag", out.AWSTag, "InvalidParameterException", 400},
	} {
		if e.got == nil {
			t.Errorf("%s: no error", e.name)
			continue
		}
		if e.got.Code != e.code || e.got.HTTPStatusCode != e.status || e.got.Message == "" || e.got.RequestId == "" || e.got.Modeled != e.code {
			t.Errorf("%s: %+v, want %s %d (modeled, with message and request ID)", e.name, *e.got, e.code, e.status)
		}
	}
}

func TestJSTaskLifecycle(t *testing.T) {
	t.Parallel()
	cliNeed(t, "node and npm", func() error {
		if _, err := exec.LookPath("node"); err != nil {
			return err
		}
		_, err := exec.LookPath("npm")
		return err
	})
	dir, err := filepath.Abs("js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@aws-sdk", "client-connect")); err != nil {
		c, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(c, "npm", "install", "--no-audit", "--no-fund")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			if os.Getenv("CI") != "true" {
				t.Skipf("npm install in e2e/js failed (offline?): %v\n%s", err, out)
			}
			t.Fatalf("npm install in e2e/js: %v\n%s", err, out)
		}
	}
	cliModes(t, func(t *testing.T, s *server) { jsLifecycle(t, dir, s) })
}

func jsLifecycle(t *testing.T, dir string, s *server) {
	c, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, "node", "lifecycle.mjs", s.URL, s.InstanceID, s.TaskFlowID)
	cmd.Dir = dir
	cmd.Env = cliEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node lifecycle.mjs: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	type jsError struct {
		Name, Message, RequestId, Fault string
		HTTPStatusCode                  int
		Typed                           bool
	}
	var out struct {
		ContactID      string `json:"contactId"`
		RequestID      string `json:"requestId"`
		HTTPStatusCode int
		Describe       struct {
			Id, Name, Description, Channel, InitiationMethod string
			Attributes                                       map[string]string
			ScheduledIsDate, InitiationIsDate                bool
			ScheduledEpoch, WantScheduledEpoch               float64
		}
		AfterUpdate struct {
			Name                               string
			ScheduledEpoch, WantScheduledEpoch float64
		}
		URLReferences    []struct{ Name, Value string } `json:"urlReferences"`
		NonURLReferences int                            `json:"nonUrlReferences"`
		Disconnected     bool
		Tags             map[string]string
		TagsAfterUntag   map[string]string
		DescribeMissing  *jsError
		StopAgain        *jsError
		AWSTag           *jsError `json:"awsTag"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("node output %q: %v", stdout.String(), err)
	}
	if out.ContactID == "" || out.RequestID == "" || out.HTTPStatusCode != 200 {
		t.Errorf("StartTaskContact: contact %q request ID %q status %d", out.ContactID, out.RequestID, out.HTTPStatusCode)
	}
	d := out.Describe
	if d.Id != out.ContactID || d.Name != "js task" || d.Description != "from the JS SDK v3" || d.Channel != "TASK" ||
		d.InitiationMethod != "API" || d.Attributes["source"] != "js" || !d.ScheduledIsDate || !d.InitiationIsDate ||
		d.ScheduledEpoch != d.WantScheduledEpoch {
		t.Errorf("DescribeContact = %+v", d)
	}
	if a := out.AfterUpdate; a.Name != "js task renamed" || a.ScheduledEpoch != a.WantScheduledEpoch {
		t.Errorf("after update = %+v (JS sends milliseconds; they should round-trip)", a)
	}
	if len(out.URLReferences) != 2 || out.URLReferences[0].Name != "extra" || out.URLReferences[1].Value != "https://example.com/js/1" || out.NonURLReferences != 0 {
		t.Errorf("URL references = %+v (+%d others)", out.URLReferences, out.NonURLReferences)
	}
	if !out.Disconnected {
		t.Error("stopped contact has no DisconnectTimestamp")
	}
	if out.Tags["team"] != "js" || out.Tags["with space"] != "a/b:c" || len(out.TagsAfterUntag) != 0 {
		t.Errorf("tags = %v, after untag %v", out.Tags, out.TagsAfterUntag)
	}
	for _, e := range []struct {
		name   string
		got    *jsError
		code   string
		status int
	}{
		{"describe missing", out.DescribeMissing, "ResourceNotFoundException", 404},
		{"stop again", out.StopAgain, "InvalidRequestException", 400},
		{"aws: tag", out.AWSTag, "InvalidParameterException", 400},
	} {
		if e.got == nil {
			t.Errorf("%s: no error", e.name)
			continue
		}
		if e.got.Name != e.code || e.got.HTTPStatusCode != e.status || !e.got.Typed || e.got.Fault != "client" ||
			e.got.Message == "" || e.got.RequestId == "" {
			t.Errorf("%s: %+v, want typed %s %d with message and request ID", e.name, *e.got, e.code, e.status)
		}
	}
}
