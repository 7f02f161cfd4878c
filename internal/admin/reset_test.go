package admin_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"connectd/internal/admin"
	"connectd/internal/connect"
)

// TestReset: POST /_connectd/v1/reset resets the caller's partition and
// answers what went and what came back; a body other than {} is refused.
func TestReset(t *testing.T) {
	t.Parallel()
	caller := connect.Partition{AccountID: "123456789012", Region: "eu-west-2"}
	var got []connect.Partition
	h := admin.Handler(admin.Config{
		PartitionFunc: func(*http.Request) connect.Partition { return caller },
		ResetFunc: func(_ context.Context, p connect.Partition) (*connect.ResetSummary, error) {
			got = append(got, p)
			if len(got) == 3 {
				return nil, connect.Errorf(connect.Internal, "boom")
			}
			return &connect.ResetSummary{
				Removed:  connect.PartitionCounts{Instances: 1, Contacts: 3, ContactEvents: 9, FlowLogEntries: 4, Queues: 2},
				Restored: []*connect.Instance{{ID: "demo", ARN: "arn:aws:connect:eu-west-2:123456789012:instance/demo", Alias: "demo"}},
			}, nil
		},
		Logger: slog.New(slog.DiscardHandler),
	})
	post := func(body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, admin.Prefix+"reset", strings.NewReader(body)))
		return rec
	}
	for _, body := range []string{"", " {} "} {
		rec := post(body)
		want := `{"Removed":{"Instances":1,"HoursOfOperations":0,"Queues":2,"ContactFlows":0,"RoutingProfiles":0,` +
			`"SecurityProfiles":0,"AgentStatuses":0,"Users":0,"TaskTemplates":0,"QuickConnects":0,"Contacts":3,` +
			`"ContactEvents":9,"FlowLogEntries":4},"Restored":[{"Id":"demo","Arn":"arn:aws:connect:eu-west-2:123456789012:instance/demo",` +
			`"InstanceAlias":"demo"}]}`
		if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != want {
			t.Errorf("POST reset with body %q = %d %s\nwant 200 %s", body, rec.Code, rec.Body, want)
		}
	}
	if diff := cmp.Diff([]connect.Partition{caller, caller}, got); diff != "" {
		t.Errorf("partitions reset (-want +got):\n%s", diff)
	}
	if rec := post(""); rec.Code != http.StatusInternalServerError || errorType(rec) != "InternalServiceException" {
		t.Errorf("POST reset failing = %d %s, want 500 InternalServiceException", rec.Code, errorType(rec))
	}
	if rec := post(`{"Account":"x"}`); rec.Code != http.StatusBadRequest || errorType(rec) != "InvalidParameterException" {
		t.Errorf("POST reset with a body = %d %s, want 400 InvalidParameterException", rec.Code, errorType(rec))
	}
	if len(got) != 3 {
		t.Errorf("ResetFunc ran %d times, want 3 (not for the refused body)", len(got))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, admin.Prefix+"reset", nil))
	if rec.Code == http.StatusOK {
		t.Errorf("GET reset = %d, want a refusal", rec.Code)
	}
}

// errorType is the X-Amzn-ErrorType header, in AWS's spelling (not Go's
// canonical one).
func errorType(rec *httptest.ResponseRecorder) string {
	if v := rec.Header()["X-Amzn-ErrorType"]; len(v) == 1 {
		return v[0]
	}
	return ""
}
