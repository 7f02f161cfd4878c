package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
)

// terraformPluginDir is where the Terraform AWS provider is looked for when
// CONNECTD_TF_PLUGIN_DIR is not set: a directory `terraform init
// -plugin-dir` reads (registry.terraform.io/hashicorp/aws/VERSION/...).
const terraformPluginDir = "/opt/tf-plugins"

// terraformNeed returns the plugin directory and the provider version in it,
// or skips t, saying why, when terraform or the provider is missing. The
// test skips even under CI=true: neither can be installed from this
// machine's package registries, so CI runs it where the machine has them.
func terraformNeed(t *testing.T) (dir, version string) {
	t.Helper()
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skipf("terraform is not on the PATH (%v); install Terraform to run this test", err)
	}
	dir = os.Getenv("CONNECTD_TF_PLUGIN_DIR")
	if dir == "" {
		dir = terraformPluginDir
	}
	versions, err := os.ReadDir(filepath.Join(dir, "registry.terraform.io", "hashicorp", "aws"))
	if err != nil || len(versions) == 0 {
		t.Skipf("the Terraform AWS provider is not in %s (%v); set CONNECTD_TF_PLUGIN_DIR to a plugin directory that has it", dir, err)
	}
	return dir, versions[len(versions)-1].Name()
}

// tfWorkspace is a Terraform working directory driving one connectd.
type tfWorkspace struct {
	dir, pluginDir string
	env            []string
	tmpl           *template.Template
	data           map[string]any
}

func newTFWorkspace(t *testing.T, s *server, pluginDir, version string) *tfWorkspace {
	t.Helper()
	tmpl, err := template.ParseFiles(filepath.Join("testdata", "terraform", "main.tf.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	rc := filepath.Join(home, "terraformrc") // no user configuration, no network
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &tfWorkspace{
		dir: t.TempDir(), pluginDir: pluginDir, tmpl: tmpl,
		env: append(cliEnv(), "HOME="+home, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1",
			"TF_INPUT=0", "CHECKPOINT_DISABLE=1",
			// Terraform starts the provider 3 or 4 times per command, and
			// each start spends seconds of CPU building the provider's
			// schema, garbage collecting all along: a GOGC of 400 (the
			// provider inherits Terraform's environment) cuts that CPU by a
			// third for some 200 MB more memory, on a machine the other
			// tests keep busy.
			"GOGC=400"),
		data: map[string]any{"Endpoint": s.URL, "ProviderVersion": version},
	}
}

// write renders the configuration, version 2 when v2, and runs init the
// first time.
func (w *tfWorkspace) write(t *testing.T, v2 bool) {
	t.Helper()
	w.data["V2"] = v2
	var b bytes.Buffer
	if err := w.tmpl.Execute(&b, w.data); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(w.dir, ".terraform")); err != nil {
		w.run(t, "init", "-plugin-dir="+w.pluginDir)
	}
}

// tf runs terraform with args and returns its exit code and output.
func (w *tfWorkspace) tf(t *testing.T, args ...string) (int, string) {
	t.Helper()
	// A command may take minutes on a loaded machine: the provider is a
	// large binary, started once per command.
	c, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(c, "terraform", append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	cmd.Dir, cmd.Env = w.dir, w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String()
	case err != nil:
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return 0, out.String()
}

// run runs terraform and fails t unless it succeeds.
func (w *tfWorkspace) run(t *testing.T, args ...string) string {
	t.Helper()
	code, out := w.tf(t, args...)
	if code != 0 {
		t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// noChanges fails t unless a plan finds nothing to change (exit code 0 of
// plan -detailed-exitcode: what connectd answers matches what the provider
// wrote, field by field).
func (w *tfWorkspace) noChanges(t *testing.T, when string) {
	t.Helper()
	if code, out := w.tf(t, "plan", "-detailed-exitcode"); code != 0 {
		t.Fatalf("plan after %s exited %d, want 0 (no changes):\n%s", when, code, out)
	}
}

// tfState is what `terraform show -json` says of the state: the managed
// resources (address → values) and the "checks" output, what the data
// sources read back.
type tfState struct {
	managed map[string]map[string]any
	checks  map[string]any
}

// state reads the state file itself rather than running `terraform show
// -json`: show starts the provider (a 700 MB binary that spends seconds of
// CPU building its schema) only to print what the file already holds, the
// attributes of each resource instance and the outputs.
func (w *tfWorkspace) state(t *testing.T) tfState {
	t.Helper()
	var file struct {
		Outputs map[string]struct {
			Value any `json:"value"`
		} `json:"outputs"`
		Resources []struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	b, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	st := tfState{managed: map[string]map[string]any{}}
	st.checks, _ = file.Outputs["checks"].Value.(map[string]any)
	for _, r := range file.Resources {
		if r.Mode != "managed" {
			continue
		}
		if len(r.Instances) != 1 { // no count or for_each in the configuration
			t.Fatalf("state has %d instances of %s.%s, want 1", len(r.Instances), r.Type, r.Name)
		}
		st.managed[r.Type+"."+r.Name] = r.Instances[0].Attributes
	}
	return st
}

// TestTerraform runs Terraform's AWS provider against connectd through a
// whole lifecycle: apply a configuration using every aws_connect_* resource
// and data source connectd models, find no drift, apply a second one that
// changes every updatable argument, find no drift, import every resource
// into a fresh state and find it equal, destroy, and check through the SDK
// that nothing is left.
func TestTerraform(t *testing.T) {
	pluginDir, version := terraformNeed(t)
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	w := newTFWorkspace(t, s, pluginDir, version)

	w.write(t, false)
	w.run(t, "apply", "-auto-approve")
	w.noChanges(t, "the first apply")
	wantChecks(t, w.state(t).checks, map[string]any{
		"instance_alias": "tf-e2e", "instance_flow_logs": true, "hours_time_zone": "Europe/Paris",
		"queue_max_contacts": 10.0, "security_perms": []any{"BasicAgentAccess", "OutboundCallAccess"},
		"user_first_name": "Ana", "quick_connect_phone": "+15555550100", "level_one_name": "Region", "group_name": "EMEA",
	})

	w.write(t, true)
	w.run(t, "apply", "-auto-approve")
	w.noChanges(t, "the second apply")
	applied := w.state(t)
	got := applied.checks
	wantChecks(t, got, map[string]any{
		"instance_alias": "tf-e2e", "instance_flow_logs": false, "hours_time_zone": "America/New_York",
		"queue_max_contacts": 20.0, "security_perms": []any{"BasicAgentAccess", "TransferDestinations.View"},
		"user_first_name": "Anna", "quick_connect_phone": "+15555550199",
		"queue_hours":      applied.managed["aws_connect_hours_of_operation.h2"]["hours_of_operation_id"],
		"routing_outbound": applied.managed["aws_connect_queue.q2"]["queue_id"],
		"user_routing":     mustString(t, applied.checks, "basic_routing_profile"),
		"level_one_name":   "Area", "group_name": "Europe",
		"group_level":          "2",
		"user_hierarchy_group": applied.managed["aws_connect_user_hierarchy_group.g1"]["hierarchy_group_id"],
	})
	if !strings.Contains(fmt.Sprint(got["flow_content"]), "InvokeFlowModule") ||
		!strings.Contains(fmt.Sprint(got["module_content"]), `"module":"v2"`) {
		t.Errorf("flow and module content read back = %v, %v; want the second configuration's", got["flow_content"], got["module_content"])
	}
	if len(applied.managed) != 15 {
		t.Errorf("%d managed resources, want 15: %v", len(applied.managed), applied.managed)
	}
	instanceID := fmt.Sprint(applied.managed["aws_connect_instance.i"]["id"])

	// Every resource imported into a fresh state (import blocks: one
	// command) equals what the applies left, and needs no change.
	imp := newTFWorkspace(t, s, pluginDir, version)
	imports := map[string]string{}
	for addr, v := range applied.managed {
		imports[addr] = fmt.Sprint(v["id"])
	}
	imp.data["Imports"] = imports
	imp.write(t, true)
	imp.run(t, "apply", "-auto-approve")
	imp.noChanges(t, "the import")
	imported := imp.state(t).managed
	for addr, want := range applied.managed {
		for k, v := range want {
			// Never read back: the API returns no password, and no parent of
			// a hierarchy group.
			if k == "password" || k == "parent_group_id" {
				continue
			}
			if g := imported[addr][k]; !reflect.DeepEqual(g, v) {
				t.Errorf("imported %s.%s = %v, want %v", addr, k, g, v)
			}
		}
	}

	// The plans above compared the state with connectd already: no refresh.
	w.run(t, "destroy", "-auto-approve", "-refresh=false")
	_, err := c.DescribeInstance(ctx(t), &connect.DescribeInstanceInput{InstanceId: aws.String(instanceID)})
	wantAPIError(t, err, "ResourceNotFoundException", 404)
	list, err := c.ListInstances(ctx(t), &connect.ListInstancesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, inst := range list.InstanceSummaryList {
		if aws.ToString(inst.Id) != s.InstanceID {
			t.Errorf("ListInstances after destroy lists %s (%s); want only the default instance", aws.ToString(inst.Id), aws.ToString(inst.InstanceAlias))
		}
	}
}

func mustString(t *testing.T, m map[string]any, key string) string {
	t.Helper()
	v, ok := m[key].(string)
	if !ok || v == "" {
		t.Fatalf("%s = %#v, want a string", key, m[key])
	}
	return v
}

// wantChecks compares the members of want with the "checks" output.
func wantChecks(t *testing.T, got, want map[string]any) {
	t.Helper()
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("checks.%s = %#v, want %#v", k, got[k], v)
		}
	}
}
