package e2e

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
	"github.com/google/go-cmp/cmp"
)

// searchWorld is a running connectd with three tasks: "Refund order 7"
// (attributes order=7, tag team=billing, created by ann, handled by ann),
// "Call back" (order=8, team=sales, queued behind it: ann's TASK slot is
// taken) and "later" (scheduled, in no queue).
type searchWorld struct {
	*lifeEnv
	ann                    string
	handled, queued, later string
}

func searchSetup(t *testing.T) *searchWorld {
	t.Helper()
	e := lifeSetup(t, false)
	w := &searchWorld{lifeEnv: e, ann: e.user(t, "ann")}
	e.setStatus(t, w.ann, e.available)
	w.handled = startTask(t, e.c, e.s, "Refund order 7", withAttributes(map[string]string{"order": "7"}), func(in *connect.StartTaskContactInput) {
		in.SegmentAttributes = map[string]types.SegmentAttributeValue{"connect:CreatedByUser": {ValueString: aws.String(w.ann)}}
	})
	e.s.agentDo(t, w.ann, w.handled, "accept")
	w.queued = startTask(t, e.c, e.s, "Call back", withAttributes(map[string]string{"order": "8"}))
	w.later = startTask(t, e.c, e.s, "later", withSchedule(schedule(time.Hour)))
	for id, tags := range map[string]map[string]string{w.handled: {"team": "billing", "tier": "gold"}, w.queued: {"team": "sales"}} {
		if _, err := e.c.TagContact(ctx(t), &connect.TagContactInput{InstanceId: &e.inst, ContactId: aws.String(id), Tags: tags}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w *searchWorld) search(t *testing.T, crit *types.SearchCriteria) (*connect.SearchContactsOutput, error) {
	t.Helper()
	return w.c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: &w.inst,
		TimeRange: wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp), SearchCriteria: crit,
		Sort: &types.Sort{FieldName: types.SortableFieldNameInitiationTimestamp, Order: types.SortOrderAscending}})
}

// SearchContacts' criteria and summaries through the Go SDK.
func TestSearchContactsCriteria(t *testing.T) {
	t.Parallel()
	w := searchSetup(t)
	tagIs := func(k, v string) types.TagCondition {
		return types.TagCondition{TagKey: aws.String(k), TagValue: aws.String(v)}
	}
	attr := func(match types.SearchContactsMatchType, kv ...[2]string) *types.SearchableContactAttributes {
		out := &types.SearchableContactAttributes{MatchType: match}
		for _, p := range kv {
			out.Criteria = append(out.Criteria, types.SearchableContactAttributesCriteria{Key: aws.String(p[0]), Values: []string{p[1]}})
		}
		return out
	}
	tests := []struct {
		name string
		crit *types.SearchCriteria
		want []string
	}{
		{"no criteria", nil, []string{w.handled, w.queued, w.later}},
		{"Name all", &types.SearchCriteria{Name: &types.NameCriteria{SearchText: []string{"refund", "ORDER"}, MatchType: types.SearchContactsMatchTypeMatchAll}},
			[]string{w.handled}},
		{"Name any", &types.SearchCriteria{Name: &types.NameCriteria{SearchText: []string{"call", "late"}, MatchType: types.SearchContactsMatchTypeMatchAny}},
			[]string{w.queued, w.later}},
		{"AgentIds", &types.SearchCriteria{AgentIds: []string{w.ann}}, []string{w.handled}},
		{"QueueIds", &types.SearchCriteria{QueueIds: []string{w.queue}}, []string{w.handled, w.queued}},
		{"attributes all", &types.SearchCriteria{SearchableContactAttributes: attr(types.SearchContactsMatchTypeMatchAll, [2]string{"order", "7"})},
			[]string{w.handled}},
		{"attributes any", &types.SearchCriteria{SearchableContactAttributes: attr(types.SearchContactsMatchTypeMatchAny,
			[2]string{"order", "7"}, [2]string{"order", "8"})}, []string{w.handled, w.queued}},
		{"segment attributes", &types.SearchCriteria{SearchableSegmentAttributes: &types.SearchableSegmentAttributes{
			Criteria: []types.SearchableSegmentAttributesCriteria{{Key: aws.String("connect:CreatedByUser"), Values: []string{w.ann}}}}},
			[]string{w.handled}},
		{"tag condition", &types.SearchCriteria{ContactTags: &types.ControlPlaneTagFilter{TagCondition: ptrTo(tagIs("team", "sales"))}},
			[]string{w.queued}},
		{"tag and", &types.SearchCriteria{ContactTags: &types.ControlPlaneTagFilter{AndConditions: []types.TagCondition{tagIs("team", "billing"), tagIs("tier", "gold")}}},
			[]string{w.handled}},
		{"tag or", &types.SearchCriteria{ContactTags: &types.ControlPlaneTagFilter{OrConditions: [][]types.TagCondition{
			{tagIs("team", "sales")}, {tagIs("tier", "gold")}}}}, []string{w.handled, w.queued}},
		{"additional time range", &types.SearchCriteria{AdditionalTimeRange: &types.SearchContactsAdditionalTimeRange{
			MatchType: types.SearchContactsMatchTypeMatchAll, Criteria: []types.SearchContactsAdditionalTimeRangeCriteria{
				{TimestampCondition: &types.SearchContactsTimestampCondition{Type: types.SearchContactsTimeRangeTypeConnectedToAgentTimestamp,
					ConditionType: types.SearchContactsTimeRangeConditionTypeNotExists}},
				{TimeRange: wideRange(types.SearchContactsTimeRangeTypeEnqueueTimestamp)}}}},
			[]string{w.queued}},
		{"routing criteria", &types.SearchCriteria{RoutingCriteria: &types.SearchableRoutingCriteria{Steps: []types.SearchableRoutingCriteriaStep{
			{AgentCriteria: &types.SearchableAgentCriteriaStep{AgentIds: []string{w.ann}, MatchType: types.SearchContactsMatchTypeMatchAny}}}}}, nil},
		{"criteria together", &types.SearchCriteria{QueueIds: []string{w.queue}, Channels: []types.Channel{types.ChannelTask},
			SearchableContactAttributes: attr(types.SearchContactsMatchTypeMatchAll, [2]string{"order", "8"})}, []string{w.queued}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := w.search(t, tc.crit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range out.Contacts {
				got = append(got, aws.ToString(c.Id))
			}
			if !slices.Equal(got, tc.want) || aws.ToInt64(out.TotalCount) != int64(len(tc.want)) {
				t.Errorf("contacts = %v (TotalCount %d), want %v", got, aws.ToInt64(out.TotalCount), tc.want)
			}
		})
	}

	t.Run("summaries carry QueueInfo and AgentInfo as DescribeContact shows them", func(t *testing.T) {
		out, err := w.search(t, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, sum := range out.Contacts {
			d := describe(t, w.c, w.s, aws.ToString(sum.Id))
			var wantQ *types.ContactSearchSummaryQueueInfo
			if d.QueueInfo != nil {
				wantQ = &types.ContactSearchSummaryQueueInfo{Id: d.QueueInfo.Id, EnqueueTimestamp: d.QueueInfo.EnqueueTimestamp}
			}
			var wantA *types.ContactSearchSummaryAgentInfo
			if d.AgentInfo != nil {
				wantA = &types.ContactSearchSummaryAgentInfo{Id: d.AgentInfo.Id, ConnectedToAgentTimestamp: d.AgentInfo.ConnectedToAgentTimestamp}
			}
			if diff := cmp.Diff(wantQ, sum.QueueInfo, ignoreUnexported); diff != "" {
				t.Errorf("%s QueueInfo (-DescribeContact +SearchContacts):\n%s", aws.ToString(sum.Name), diff)
			}
			if diff := cmp.Diff(wantA, sum.AgentInfo, ignoreUnexported); diff != "" {
				t.Errorf("%s AgentInfo (-DescribeContact +SearchContacts):\n%s", aws.ToString(sum.Name), diff)
			}
		}
		if out.Contacts[0].AgentInfo == nil || out.Contacts[1].QueueInfo == nil || out.Contacts[1].AgentInfo != nil || out.Contacts[2].QueueInfo != nil {
			t.Errorf("summaries = %+v, want the handled task with AgentInfo, the queued one with QueueInfo only", out.Contacts)
		}
	})

	t.Run("refusals", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			crit *types.SearchCriteria
			code string
		}{
			{"ContactAnalysis has no meaning for tasks", &types.SearchCriteria{ContactAnalysis: &types.ContactAnalysis{Transcript: &types.Transcript{
				Criteria: []types.TranscriptCriteria{{ParticipantRole: types.ParticipantRoleAgent, SearchText: []string{"hi"},
					MatchType: types.SearchContactsMatchTypeMatchAll}}}}}, "InvalidRequestException"},
			{"attributes MATCH_EXACT", &types.SearchCriteria{SearchableContactAttributes: attr(types.SearchContactsMatchTypeMatchExact, [2]string{"order", "7"})},
				"InvalidParameterException"},
			{"tag condition without a key", &types.SearchCriteria{ContactTags: &types.ControlPlaneTagFilter{TagCondition: &types.TagCondition{TagValue: aws.String("x")}}},
				"InvalidParameterException"},
		} {
			_, err := w.search(t, tc.crit)
			t.Log(tc.name)
			wantAPIError(t, err, tc.code, 400)
		}
	})
}

func ptrTo[T any](v T) *T { return &v }

const searchBotoScript = `
import json, sys
import boto3, botocore
from botocore.exceptions import ClientError

endpoint, instance, queue, ann = sys.argv[1:5]
c = boto3.session.Session(region_name="us-east-1").client("connect", endpoint_url=endpoint,
    config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}))
rng = {"Type": "INITIATION_TIMESTAMP", "StartTime": 0, "EndTime": 4102444800}
def ids(crit):
    out = c.search_contacts(InstanceId=instance, TimeRange=rng, SearchCriteria=crit,
                            Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"})
    return [x["Id"] for x in out["Contacts"]]
summary = c.search_contacts(InstanceId=instance, TimeRange=rng, SearchCriteria={"AgentIds": [ann]})["Contacts"][0]
try:
    c.search_contacts(InstanceId=instance, TimeRange=rng, SearchCriteria={"ContactAnalysis": {"Transcript": {
        "Criteria": [{"ParticipantRole": "AGENT", "SearchText": ["hi"], "MatchType": "MATCH_ALL"}]}}})
    refusal = None
except ClientError as e:
    refusal = {"Code": e.response["Error"]["Code"], "Status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
print(json.dumps({
    "Name": ids({"Name": {"SearchText": ["refund"], "MatchType": "MATCH_ANY"}}),
    "Attributes": ids({"SearchableContactAttributes": {"Criteria": [{"Key": "order", "Values": ["8"]}], "MatchType": "MATCH_ALL"}}),
    "Tags": ids({"ContactTags": {"TagCondition": {"TagKey": "team", "TagValue": "billing"}}}),
    "Queue": ids({"QueueIds": [queue]}),
    "AgentId": summary.get("AgentInfo", {}).get("Id"),
    "QueueId": summary.get("QueueInfo", {}).get("Id"),
    "Refusal": refusal,
}))
`

// The same through boto3.
func TestSearchContactsCriteriaBoto(t *testing.T) {
	t.Parallel()
	needBoto(t)
	w := searchSetup(t)
	r := cliRun(t, searchBotoScript, "python3", "-", w.s.URL, w.inst, w.queue, w.ann)
	if r.code != 0 {
		t.Fatalf("boto3 script: exit %d\n%s", r.code, r.stderr)
	}
	var out struct {
		Name, Attributes, Tags, Queue []string
		AgentId, QueueId              string
		Refusal                       *struct {
			Code   string
			Status int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("boto3 output %q: %v", r.stdout, err)
	}
	for what, c := range map[string]struct{ got, want []string }{
		"Name":       {out.Name, []string{w.handled}},
		"Attributes": {out.Attributes, []string{w.queued}},
		"Tags":       {out.Tags, []string{w.handled}},
		"Queue":      {out.Queue, []string{w.handled, w.queued}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s: %v, want %v", what, c.got, c.want)
		}
	}
	if out.AgentId != w.ann || out.QueueId != w.queue {
		t.Errorf("summary AgentInfo.Id %q, QueueInfo.Id %q; want %s, %s", out.AgentId, out.QueueId, w.ann, w.queue)
	}
	if out.Refusal == nil || out.Refusal.Code != "InvalidRequestException" || out.Refusal.Status != 400 {
		t.Errorf("ContactAnalysis refusal = %+v, want InvalidRequestException 400", out.Refusal)
	}
}
