package e2e

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// hierarchyBotoScript drives the hierarchy operations through boto3 and
// prints what it saw, errors as their code and HTTP status.
const hierarchyBotoScript = `
import json, sys
import boto3, botocore

endpoint, instance = sys.argv[1:3]
c = boto3.session.Session(region_name="us-east-1").client("connect", endpoint_url=endpoint,
    config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
out = {}

def err(f, **kw):
    try:
        f(**kw)
        return "no error"
    except botocore.exceptions.ClientError as e:
        return "%s %d" % (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])

c.update_user_hierarchy_structure(InstanceId=instance,
    HierarchyStructure={"LevelOne": {"Name": "Region"}, "LevelTwo": {"Name": "Country"}})
hs = c.describe_user_hierarchy_structure(InstanceId=instance)["HierarchyStructure"]
out["levels"] = [hs[k]["Name"] + "/" + hs[k]["Id"] for k in ("LevelOne", "LevelTwo")] + [k for k in ("LevelThree",) if k in hs]
europe = c.create_user_hierarchy_group(InstanceId=instance, Name="Europe", Tags={"team": "blue"})
france = c.create_user_hierarchy_group(InstanceId=instance, Name="France", ParentGroupId=europe["HierarchyGroupId"])
g = c.describe_user_hierarchy_group(InstanceId=instance, HierarchyGroupId=france["HierarchyGroupId"])["HierarchyGroup"]
out["group"] = [g["Name"], g["LevelId"], g["HierarchyPath"]["LevelOne"]["Name"], g["HierarchyPath"]["LevelTwo"]["Arn"] == france["HierarchyGroupArn"],
                "LastModifiedTime" in g, g.get("LastModifiedRegion")]
out["tags"] = c.list_tags_for_resource(resourceArn=europe["HierarchyGroupArn"])["tags"]
names = []
for page in c.get_paginator("list_user_hierarchy_groups").paginate(InstanceId=instance, PaginationConfig={"PageSize": 1}):
    names += [s["Name"] for s in page["UserHierarchyGroupSummaryList"]]
out["listed"] = sorted(names)
c.update_user_hierarchy_group_name(InstanceId=instance, HierarchyGroupId=france["HierarchyGroupId"], Name="Francia")
out["renamed"] = c.describe_user_hierarchy_group(InstanceId=instance, HierarchyGroupId=france["HierarchyGroupId"])["HierarchyGroup"]["Name"]
out["errors"] = {
    "duplicate": err(c.create_user_hierarchy_group, InstanceId=instance, Name="Europe"),
    "no level three": err(c.create_user_hierarchy_group, InstanceId=instance, Name="Paris", ParentGroupId=france["HierarchyGroupId"]),
    "gap": err(c.update_user_hierarchy_structure, InstanceId=instance, HierarchyStructure={"LevelTwo": {"Name": "X"}}),
    "level in use": err(c.update_user_hierarchy_structure, InstanceId=instance, HierarchyStructure={"LevelOne": {"Name": "Region"}}),
    "delete parent": err(c.delete_user_hierarchy_group, InstanceId=instance, HierarchyGroupId=europe["HierarchyGroupId"]),
    "unknown group": err(c.describe_user_hierarchy_group, InstanceId=instance, HierarchyGroupId="nope"),
}
c.delete_user_hierarchy_group(InstanceId=instance, HierarchyGroupId=france["HierarchyGroupId"])
c.delete_user_hierarchy_group(InstanceId=instance, HierarchyGroupId=europe["HierarchyGroupId"])
c.update_user_hierarchy_structure(InstanceId=instance, HierarchyStructure={})
out["after"] = c.describe_user_hierarchy_structure(InstanceId=instance)["HierarchyStructure"]
print(json.dumps(out))
`

func TestHierarchyBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	s := startServer(t, "")
	r := cliRun(t, hierarchyBotoScript, "python3", "-", s.URL, s.InstanceID)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	want := map[string]any{
		"levels":  []any{"Region/1", "Country/2"},
		"group":   []any{"France", "2", "Europe", true, true, "us-east-1"},
		"tags":    map[string]any{"team": "blue"},
		"listed":  []any{"Europe", "France"},
		"renamed": "Francia",
		"errors": map[string]any{
			"duplicate":      "DuplicateResourceException 409",
			"no level three": "InvalidRequestException 400",
			"gap":            "InvalidRequestException 400",
			"level in use":   "ResourceInUseException 409",
			"delete parent":  "ResourceInUseException 409",
			"unknown group":  "ResourceNotFoundException 404",
		},
		"after": map[string]any{},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("boto3 run (-want +got):\n%s", diff)
	}
}
