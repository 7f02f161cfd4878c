package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The AWS CLI and boto3 drive task templates and quick connects.

func TestCLIAWSTemplatesAndQuickConnects(t *testing.T) {
	t.Parallel()
	cliNeed(t, "the AWS CLI (aws)", cliLookPath("aws"))
	cliModes(t, cliAWSTemplates)
}

func cliAWSTemplates(t *testing.T, s *server) {
	inst := []string{"--instance-id", s.InstanceID}
	args := func(extra ...string) []string { return append(append([]string{}, inst...), extra...) }

	flows := s.aws(t, "list-contact-flows", args("--contact-flow-types", "QUEUE_TRANSFER")...)
	queueFlow, _ := flows["ContactFlowSummaryList"].([]any)[0].(map[string]any)["Id"].(string)
	queues := s.aws(t, "list-queues", inst...)
	queue, _ := queues["QueueSummaryList"].([]any)[0].(map[string]any)["Id"].(string)

	// Quick connects.
	qc := s.aws(t, "create-quick-connect", args("--name", "Tier 2", "--description", "second line",
		"--quick-connect-config", `{"QuickConnectType":"QUEUE","QueueConfig":{"QueueId":"`+queue+`","ContactFlowId":"`+queueFlow+`"}}`)...)
	qcID, _ := qc["QuickConnectId"].(string)
	if qcID == "" || !strings.Contains(qc["QuickConnectARN"].(string), "/transfer-destination/") {
		t.Fatalf("create-quick-connect = %v", qc)
	}
	got := s.aws(t, "describe-quick-connect", args("--quick-connect-id", qcID)...)["QuickConnect"].(map[string]any)
	if cfg := got["QuickConnectConfig"].(map[string]any); got["Name"] != "Tier 2" || cfg["QuickConnectType"] != "QUEUE" ||
		cfg["QueueConfig"].(map[string]any)["QueueId"] != queue {
		t.Errorf("describe-quick-connect = %v", got)
	}
	s.aws(t, "update-quick-connect-name", args("--quick-connect-id", qcID, "--name", "Tier II")...)
	list := s.aws(t, "list-quick-connects", args("--quick-connect-types", "QUEUE", "USER")...)
	if l, _ := list["QuickConnectSummaryList"].([]any); len(l) != 1 || l[0].(map[string]any)["Name"] != "Tier II" {
		t.Errorf("list-quick-connects = %v", list)
	}
	s.aws(t, "associate-queue-quick-connects", args("--queue-id", queue, "--quick-connect-ids", qcID)...)
	if l, _ := s.aws(t, "list-queue-quick-connects", args("--queue-id", queue)...)["QuickConnectSummaryList"].([]any); len(l) != 1 {
		t.Errorf("list-queue-quick-connects = %v", l)
	}
	started := s.aws(t, "start-task-contact", args("--quick-connect-id", qcID, "--name", "via quick connect")...)
	if started["ContactId"] == nil {
		t.Errorf("start-task-contact --quick-connect-id = %v", started)
	}

	// Task templates.
	created := s.aws(t, "create-task-template", args("--name", "Refund", "--contact-flow-id", s.TaskFlowID,
		"--fields", `[{"Id":{"Name":"Title"},"Type":"NAME"},{"Id":{"Name":"Order"},"Type":"NUMBER"},`+
			`{"Id":{"Name":"Tier"},"Type":"SINGLE_SELECT","SingleSelectOptions":["gold","silver"]}]`,
		"--constraints", `{"RequiredFields":[{"Id":{"Name":"Title"}},{"Id":{"Name":"Order"}}]}`,
		"--defaults", `{"DefaultFieldValues":[{"Id":{"Name":"Tier"},"DefaultValue":"silver"}]}`)...)
	tpl, _ := created["Id"].(string)
	if tpl == "" {
		t.Fatalf("create-task-template = %v", created)
	}
	if got := s.aws(t, "get-task-template", args("--task-template-id", tpl)...); got["Name"] != "Refund" || len(got["Fields"].([]any)) != 3 {
		t.Errorf("get-task-template = %v", got)
	}
	if l, _ := s.aws(t, "list-task-templates", args("--status", "ACTIVE")...)["TaskTemplates"].([]any); len(l) != 1 {
		t.Errorf("list-task-templates = %v", l)
	}
	task := s.aws(t, "start-task-contact", args("--task-template-id", tpl, "--name", "refund 7",
		"--references", `{"Order":{"Type":"NUMBER","Value":"7"}}`)...)
	contact := s.aws(t, "describe-contact", args("--contact-id", task["ContactId"].(string))...)["Contact"].(map[string]any)
	if info, _ := contact["TaskTemplateInfo"].(map[string]any); info["Name"] != "Refund" {
		t.Errorf("describe-contact TaskTemplateInfo = %v", contact["TaskTemplateInfo"])
	}
	s.aws(t, "update-task-template", args("--task-template-id", tpl, "--name", "Refund v2", "--status", "INACTIVE",
		"--contact-flow-id", s.TaskFlowID, "--fields", `[{"Id":{"Name":"Title"},"Type":"NAME"}]`,
		"--constraints", `{"RequiredFields":[{"Id":{"Name":"Title"}}]}`)...)
	if v1 := s.aws(t, "get-task-template", args("--task-template-id", tpl, "--snapshot-version", "1")...); v1["Name"] != "Refund" {
		t.Errorf("get-task-template --snapshot-version 1 = %v", v1["Name"])
	}

	// Refusals: the CLI exits non-zero and names the error.
	for _, tc := range []struct {
		op   string
		args []string
		code string
	}{
		{"create-task-template", args("--name", "Bad", "--fields", `[{"Id":{"Name":"x"},"Type":"TEXT"}]`), "PropertyValidationException"},
		{"list-task-templates", args("--status", "active"), "InvalidParameterException"},
		{"start-task-contact", args("--task-template-id", tpl, "--name", "inactive"), "InvalidRequestException"},
		{"start-task-contact", args("--task-template-id", tpl, "--quick-connect-id", qcID, "--name", "both"), "InvalidRequestException"},
		{"create-quick-connect", args("--name", "Tier II", "--quick-connect-config", `{"QuickConnectType":"PHONE_NUMBER","PhoneConfig":{"PhoneNumber":"+15555550100"}}`), "DuplicateResourceException"},
	} {
		r := cliRun(t, "", "aws", append([]string{"connect", tc.op, "--endpoint-url", s.URL, "--region", "us-east-1"}, tc.args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, tc.code) {
			t.Errorf("%s %q: exit %d, stderr %q; want %s", tc.op, tc.args, r.code, r.stderr, tc.code)
		}
	}

	s.aws(t, "delete-task-template", args("--task-template-id", tpl)...)
	s.aws(t, "disassociate-queue-quick-connects", args("--queue-id", queue, "--quick-connect-ids", qcID)...)
	s.aws(t, "delete-quick-connect", args("--quick-connect-id", qcID)...)
	if l, _ := s.aws(t, "list-quick-connects", inst...)["QuickConnectSummaryList"].([]any); len(l) != 0 {
		t.Errorf("quick connects after delete = %v", l)
	}
}

// botoTemplateScript drives templates and quick connects through boto3. With
// a botocore data path holding the pinned model (newer than the installed
// botocore), it also calls UpdateContactTaskTemplate.
const botoTemplateScript = `
import json, sys
import boto3, botocore
from botocore.exceptions import ClientError

endpoint, instance, flow, with_update = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1"
c = boto3.client("connect", endpoint_url=endpoint, region_name="us-east-1",
                 config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
out = {}

def error_of(fn, **kw):
    try:
        fn(**kw)
        return None
    except ClientError as e:
        return {"Code": e.response["Error"]["Code"], "Status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                "Modeled": type(e).__name__, "PropertyList": e.response.get("PropertyList")}

name_field = {"Id": {"Name": "Title"}, "Type": "NAME"}
required = {"RequiredFields": [{"Id": {"Name": "Title"}}]}
t = c.create_task_template(InstanceId=instance, Name="Loose", ContactFlowId=flow, Fields=[name_field], Constraints=required)
strict = c.create_task_template(InstanceId=instance, Name="Strict", ContactFlowId=flow,
    Fields=[name_field, {"Id": {"Name": "Order"}, "Type": "NUMBER"}],
    Constraints={"RequiredFields": [{"Id": {"Name": "Title"}}, {"Id": {"Name": "Order"}}]})
got = c.get_task_template(InstanceId=instance, TaskTemplateId=t["Id"])
out["get"] = {"Name": got["Name"], "Status": got["Status"], "Fields": len(got["Fields"]), "Created": got["CreatedTime"].tzinfo is not None}
out["invalid"] = error_of(c.create_task_template, InstanceId=instance, Name="Bad", ContactFlowId=flow,
    Fields=[{"Id": {"Name": "a"}, "Type": "TEXT"}], Constraints={"RequiredFields": [{"Id": {"Name": "a"}}]})
out["list"] = sorted(x["Name"] for x in c.list_task_templates(InstanceId=instance, Status="ACTIVE")["TaskTemplates"])

qc = c.create_quick_connect(InstanceId=instance, Name="Pager", QuickConnectConfig={"QuickConnectType": "PHONE_NUMBER",
    "PhoneConfig": {"PhoneNumber": "+15555550100"}})
d = c.describe_quick_connect(InstanceId=instance, QuickConnectId=qc["QuickConnectId"])["QuickConnect"]
out["qc"] = {"Name": d["Name"], "Type": d["QuickConnectConfig"]["QuickConnectType"], "Phone": d["QuickConnectConfig"]["PhoneConfig"]["PhoneNumber"]}
out["qcTask"] = error_of(c.start_task_contact, InstanceId=instance, Name="x", QuickConnectId=qc["QuickConnectId"])
c.delete_quick_connect(InstanceId=instance, QuickConnectId=qc["QuickConnectId"])

task = c.start_task_contact(InstanceId=instance, Name="boto task", TaskTemplateId=t["Id"])["ContactId"]
out["info"] = c.describe_contact(InstanceId=instance, ContactId=task)["Contact"].get("TaskTemplateInfo", {}).get("Name")
if with_update:
    out["mismatch"] = error_of(c.update_contact_task_template, InstanceId=instance, ContactId=task, TaskTemplateId=strict["Id"])
    c.update_contact(InstanceId=instance, ContactId=task, References={"Order": {"Type": "NUMBER", "Value": "3"}})
    c.update_contact_task_template(InstanceId=instance, ContactId=task, TaskTemplateId=strict["Id"])
    out["moved"] = c.describe_contact(InstanceId=instance, ContactId=task)["Contact"]["TaskTemplateInfo"]["Name"]
print(json.dumps(out))
`

func TestBotoTemplatesAndQuickConnects(t *testing.T) {
	t.Parallel()
	needBoto(t)
	// The installed botocore may predate UpdateContactTaskTemplate: give it
	// the pinned model, when it is beside the repository, as a data path.
	dataPath := ""
	if model, err := filepath.Abs("../../shared/aws-models/connect-service-2.json"); err == nil {
		if _, err := os.Stat(model); err == nil {
			dataPath = filepath.Join(t.TempDir(), "botocore-data")
			dir := filepath.Join(dataPath, "connect", "2017-08-08")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(model, filepath.Join(dir, "service-2.json")); err != nil {
				t.Fatal(err)
			}
		}
	}
	if dataPath == "" {
		t.Log("pinned model not found: UpdateContactTaskTemplate is not called through boto3")
	}
	cliModes(t, func(t *testing.T, s *server) { botoTemplates(t, s, dataPath) })
}

func botoTemplates(t *testing.T, s *server, dataPath string) {
	withUpdate, env := "0", cliEnv()
	if dataPath != "" {
		withUpdate, env = "1", append(env, "AWS_DATA_PATH="+dataPath)
	}
	cmd := exec.CommandContext(ctx(t), "python3", "-", s.URL, s.InstanceID, s.TaskFlowID, withUpdate)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(botoTemplateScript)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("boto3 script: %v\n%s", err, stderr.String())
	}
	type botoError struct {
		Code, Modeled string
		Status        int
		PropertyList  []struct{ PropertyPath, Reason, Message string }
	}
	var out struct {
		Get struct {
			Name, Status string
			Fields       int
			Created      bool
		}
		Invalid, QCTask, Mismatch *botoError
		List                      []string
		QC                        struct{ Name, Type, Phone string }
		Info, Moved               string
	}
	if err := json.Unmarshal(stdout, &out); err != nil {
		t.Fatalf("boto3 output %q: %v", stdout, err)
	}
	if out.Get.Name != "Loose" || out.Get.Status != "ACTIVE" || out.Get.Fields != 1 || !out.Get.Created {
		t.Errorf("get_task_template = %+v", out.Get)
	}
	if e := out.Invalid; e == nil || e.Code != "PropertyValidationException" || e.Status != 400 || e.Modeled != "PropertyValidationException" ||
		len(e.PropertyList) != 2 || e.PropertyList[0].PropertyPath != "Fields" || e.PropertyList[0].Reason != "REQUIRED_PROPERTY_MISSING" {
		t.Errorf("invalid template error = %+v", e)
	}
	if strings.Join(out.List, ",") != "Loose,Strict" {
		t.Errorf("list_task_templates = %q", out.List)
	}
	if out.QC != (struct{ Name, Type, Phone string }{"Pager", "PHONE_NUMBER", "+15555550100"}) {
		t.Errorf("describe_quick_connect = %+v", out.QC)
	}
	if e := out.QCTask; e == nil || e.Code != "InvalidRequestException" || e.Status != 400 || e.Modeled != "InvalidRequestException" {
		t.Errorf("task through a phone quick connect = %+v", e)
	}
	if out.Info != "Loose" {
		t.Errorf("TaskTemplateInfo.Name = %q", out.Info)
	}
	if dataPath == "" {
		return
	}
	if e := out.Mismatch; e == nil || e.Code != "PropertyValidationException" || e.Modeled != "PropertyValidationException" ||
		len(e.PropertyList) != 1 || e.PropertyList[0].PropertyPath != "References.Order" {
		t.Errorf("update_contact_task_template mismatch = %+v", e)
	}
	if out.Moved != "Strict" {
		t.Errorf("after update_contact_task_template: TaskTemplateInfo.Name = %q", out.Moved)
	}
}
