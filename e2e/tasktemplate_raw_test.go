package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// rawResponse is an API answer read without the SDK.
type rawResponse struct {
	Status    int
	ErrorType string // X-Amzn-ErrorType; "" on success
	Body      map[string]any
}

// signedRequest sends a SigV4-signed request, as an SDK that knows the
// operation would: for operations newer than the Go SDK v1.175.2 (such as
// UpdateContactTaskTemplate).
func (s *server) signedRequest(t *testing.T, method, path string, body any) rawResponse {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx(t), method, s.URL+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256(b)
	creds := aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret"}
	if err := v4.NewSigner().SignHTTP(ctx(t), creds, req, hex.EncodeToString(sum[:]), "connect", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := rawResponse{Status: resp.StatusCode, ErrorType: resp.Header.Get("X-Amzn-ErrorType"), Body: map[string]any{}}
	if err := json.Unmarshal(data, &out.Body); err != nil {
		t.Fatalf("%s %s: body %q is not a JSON object: %v", method, path, data, err)
	}
	if resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("%s %s: no x-amzn-RequestId", method, path)
	}
	return out
}

// updateContactTaskTemplate calls UpdateContactTaskTemplate (POST /contact/task-template).
func (s *server) updateContactTaskTemplate(t *testing.T, contact, template string) rawResponse {
	t.Helper()
	return s.signedRequest(t, http.MethodPost, "/contact/task-template",
		map[string]string{"InstanceId": s.InstanceID, "ContactId": contact, "TaskTemplateId": template})
}

// propertyList returns the PropertyList of an error body as path/reason pairs.
func propertyList(t *testing.T, body map[string]any) [][2]string {
	t.Helper()
	list, _ := body["PropertyList"].([]any)
	var out [][2]string
	for _, p := range list {
		m, _ := p.(map[string]any)
		path, _ := m["PropertyPath"].(string)
		reason, _ := m["Reason"].(string)
		if msg, _ := m["Message"].(string); msg == "" {
			t.Errorf("property %s has no Message", path)
		}
		out = append(out, [2]string{path, reason})
	}
	return out
}

func TestUpdateContactTaskTemplate(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	loose := createTemplate(t, c, s, "Loose")
	loose2 := createTemplate(t, c, s, "Loose 2")
	withOrder := createTemplate(t, c, s, "With order", withFields(tfield("Order", types.TaskTemplateFieldTypeNumber)),
		func(in *connect.CreateTaskTemplateInput) {
			in.Constraints = tconstraints([]string{"Title", "Order"}, nil, nil)
		})
	withTier := createTemplate(t, c, s, "With tier", withFields(
		tfield("Tier", types.TaskTemplateFieldTypeSingleSelect, "gold", "silver"), tfield("Urgent", types.TaskTemplateFieldTypeBoolean)),
		func(in *connect.CreateTaskTemplateInput) {
			in.Constraints = tconstraints([]string{"Title", "Tier"}, nil, nil)
		})
	inactive := createTemplate(t, c, s, "Inactive", func(in *connect.CreateTaskTemplateInput) { in.Status = types.TaskTemplateStatusInactive })
	task := func(name string, refs map[string]types.Reference, opts ...func(*connect.StartTaskContactInput)) string {
		return startTask(t, c, s, name, append([]func(*connect.StartTaskContactInput){withReferences(refs)}, opts...)...)
	}

	t.Run("moves the task to the template", func(t *testing.T) {
		t.Parallel()
		id := task("with order", map[string]types.Reference{"Order": ref(types.ReferenceTypeNumber, "5")},
			func(in *connect.StartTaskContactInput) { in.ContactFlowId, in.TaskTemplateId = nil, aws.String(loose) })
		if r := s.updateContactTaskTemplate(t, id, withOrder); r.Status != 200 || len(r.Body) != 0 {
			t.Fatalf("UpdateContactTaskTemplate = %d %s %v, want 200 {}", r.Status, r.ErrorType, r.Body)
		}
		if got := describe(t, c, s, id); aws.ToString(got.TaskTemplateInfo.Name) != "With order" {
			t.Errorf("TaskTemplateInfo = %+v, want With order", got.TaskTemplateInfo)
		}
		// A task created without a template can get one too.
		plain := task("plain", nil)
		if r := s.updateContactTaskTemplate(t, plain, loose); r.Status != 200 {
			t.Errorf("UpdateContactTaskTemplate(plain) = %d %s %v", r.Status, r.ErrorType, r.Body)
		}
		r := s.updateContactTaskTemplate(t, id, withOrder)
		if r.Status != 400 || r.ErrorType != "InvalidRequestException" {
			t.Errorf("same template again = %d %s, want 400 InvalidRequestException", r.Status, r.ErrorType)
		}
	})

	t.Run("references must satisfy the template", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			name     string
			refs     map[string]types.Reference
			template string
			want     [][2]string
		}{
			{"required reference missing", nil, withOrder, [][2]string{{"References.Order", "REQUIRED_PROPERTY_MISSING"}}},
			{"reference of the wrong type", map[string]types.Reference{"Order": ref(types.ReferenceTypeString, "5")}, withOrder,
				[][2]string{{"References.Order", "TYPE_MISMATCH"}}},
			{"value not an option", map[string]types.Reference{"Tier": ref(types.ReferenceTypeString, "bronze"),
				"Urgent": ref(types.ReferenceTypeString, "maybe")}, withTier,
				[][2]string{{"References.Tier", "INVALID_FORMAT"}, {"References.Urgent", "TYPE_MISMATCH"}}},
		} {
			id := task(tc.name, tc.refs)
			r := s.updateContactTaskTemplate(t, id, tc.template)
			if r.Status != 400 || r.ErrorType != "PropertyValidationException" || r.Body["Message"] == "" {
				t.Errorf("%s: %d %s %v, want 400 PropertyValidationException", tc.name, r.Status, r.ErrorType, r.Body)
				continue
			}
			if diff := cmp.Diff(tc.want, propertyList(t, r.Body)); diff != "" {
				t.Errorf("%s: PropertyList mismatch (-want +got):\n%s", tc.name, diff)
			}
			if got := describe(t, c, s, id); got.TaskTemplateInfo != nil {
				t.Errorf("%s: refused change applied: %+v", tc.name, got.TaskTemplateInfo)
			}
		}
		ok := task("satisfies", map[string]types.Reference{"Tier": ref(types.ReferenceTypeString, "gold")})
		if r := s.updateContactTaskTemplate(t, ok, withTier); r.Status != 200 {
			t.Errorf("satisfying task = %d %s %v", r.Status, r.ErrorType, r.Body)
		}
	})

	t.Run("at most 5 changes", func(t *testing.T) {
		t.Parallel()
		id := task("changes", nil)
		for i := range 5 {
			tpl := []string{loose, loose2}[i%2]
			if r := s.updateContactTaskTemplate(t, id, tpl); r.Status != 200 {
				t.Fatalf("change %d = %d %s %v", i+1, r.Status, r.ErrorType, r.Body)
			}
		}
		r := s.updateContactTaskTemplate(t, id, withTier)
		if r.Status != 402 || r.ErrorType != "ServiceQuotaExceededException" {
			t.Errorf("6th change = %d %s %v, want 402 ServiceQuotaExceededException", r.Status, r.ErrorType, r.Body)
		}
	})

	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		stopped := task("stopped", nil)
		stopContact(t, c, s, stopped)
		scheduled := task("scheduled", nil, withSchedule(schedule(time.Hour)))
		active := task("active", nil)
		for _, tc := range []struct {
			name, contact, template string
			status                  int
			code                    string
		}{
			{"stopped task", stopped, loose, 400, "InvalidRequestException"},
			{"scheduled task", scheduled, loose, 400, "InvalidRequestException"},
			{"inactive template", active, inactive, 400, "InvalidRequestException"},
			{"unknown template", active, missingID, 404, "ResourceNotFoundException"},
			{"unknown contact", missingID, loose, 404, "ResourceNotFoundException"},
		} {
			r := s.updateContactTaskTemplate(t, tc.contact, tc.template)
			if r.Status != tc.status || r.ErrorType != tc.code || r.Body["Message"] == "" {
				t.Errorf("%s = %d %s %v, want %d %s", tc.name, r.Status, r.ErrorType, r.Body, tc.status, tc.code)
			}
		}
		r := s.signedRequest(t, http.MethodPost, "/contact/task-template",
			map[string]string{"InstanceId": missingID, "ContactId": active, "TaskTemplateId": loose})
		if r.Status != 404 || r.ErrorType != "ResourceNotFoundException" {
			t.Errorf("unknown instance = %d %s", r.Status, r.ErrorType)
		}
		r = s.signedRequest(t, http.MethodPost, "/contact/task-template", map[string]string{"InstanceId": s.InstanceID, "ContactId": active})
		if r.Status != 400 || r.ErrorType != "InvalidRequestException" {
			t.Errorf("no TaskTemplateId = %d %s, want 400 InvalidRequestException", r.Status, r.ErrorType)
		}
	})
}
