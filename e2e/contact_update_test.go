package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestUpdateContact(t *testing.T) {
	t.Parallel()
	s := startServer(t, "", "--clock", "manual") // only "name and description" moves it
	c := s.client(t)
	listAll := func(t *testing.T, id string) map[string]typedValue {
		t.Helper()
		out, err := c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{
			InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id), ReferenceTypes: listableTypes})
		if err != nil {
			t.Fatal(err)
		}
		return referenceMap(t, out.ReferenceSummaryList)
	}

	t.Run("name and description", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "old name", func(in *connect.StartTaskContactInput) { in.Description = aws.String("old") })
		before := describe(t, c, s, id)
		updated, _ := s.advance(t, 5*time.Millisecond)
		_, err := c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id),
			Name: aws.String("new name")})
		if err != nil {
			t.Fatal(err)
		}
		got := describe(t, c, s, id)
		if aws.ToString(got.Name) != "new name" || aws.ToString(got.Description) != "old" {
			t.Errorf("Name, Description = %q, %q; want new name, old", aws.ToString(got.Name), aws.ToString(got.Description))
		}
		if !got.LastUpdateTimestamp.After(*before.LastUpdateTimestamp) || !sameTime(got.LastUpdateTimestamp, &updated) ||
			!sameTime(got.InitiationTimestamp, before.InitiationTimestamp) {
			t.Errorf("LastUpdateTimestamp %v -> %v (want %v, the update's time), InitiationTimestamp %v -> %v",
				before.LastUpdateTimestamp, got.LastUpdateTimestamp, updated, before.InitiationTimestamp, got.InitiationTimestamp)
		}
		_, err = c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id),
			Description: aws.String("new")})
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(t, c, s, id); aws.ToString(got.Name) != "new name" || aws.ToString(got.Description) != "new" {
			t.Errorf("Name, Description = %q, %q; want new name, new", aws.ToString(got.Name), aws.ToString(got.Description))
		}
	})

	t.Run("references merge by name", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "refs", withReferences(map[string]types.Reference{
			"a": ref(types.ReferenceTypeUrl, "https://example.com/a"),
			"b": ref(types.ReferenceTypeString, "old"),
		}))
		_, err := c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id),
			References: map[string]types.Reference{
				"b": ref(types.ReferenceTypeNumber, "42"),
				"c": ref(types.ReferenceTypeEmail, "c@example.com"),
			}})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]typedValue{
			"a": {types.ReferenceTypeUrl, "https://example.com/a"},
			"b": {types.ReferenceTypeNumber, "42"},
			"c": {types.ReferenceTypeEmail, "c@example.com"},
		}
		got := listAll(t, id)
		if len(got) != len(want) {
			t.Errorf("references = %v, want %v", got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("reference %s = %v, want %v", k, got[k], v)
			}
		}
	})

	t.Run("stopped contact", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "before stop")
		stopContact(t, c, s, id)
		_, err := c.UpdateContact(ctx(t), &connect.UpdateContactInput{InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id),
			Name: aws.String("after stop"), References: map[string]types.Reference{"r": ref(types.ReferenceTypeString, "v")}})
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(t, c, s, id); aws.ToString(got.Name) != "after stop" || got.DisconnectTimestamp == nil {
			t.Errorf("Name = %q, DisconnectTimestamp = %v; want after stop, kept", aws.ToString(got.Name), got.DisconnectTimestamp)
		}
		if got := listAll(t, id); len(got) != 1 {
			t.Errorf("references = %v, want r", got)
		}
	})

	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "errors", withReferences(map[string]types.Reference{"big": ref(types.ReferenceTypeString, fill("x", 4000))}))
		for _, tc := range []struct {
			name   string
			in     connect.UpdateContactInput
			code   string
			status int
		}{
			{name: "no field", in: connect.UpdateContactInput{ContactId: aws.String(id)}, code: "InvalidRequestException", status: 400},
			{name: "unknown contact", in: connect.UpdateContactInput{ContactId: aws.String(missingID), Name: aws.String("x")}, code: "ResourceNotFoundException", status: 404},
			{name: "unknown instance", in: connect.UpdateContactInput{InstanceId: aws.String(missingID), ContactId: aws.String(id), Name: aws.String("x")}, code: "ResourceNotFoundException", status: 404},
			{name: "QueueInfo", in: connect.UpdateContactInput{ContactId: aws.String(id), QueueInfo: &types.QueueInfoInput{Id: aws.String(missingID)}}, code: "InvalidRequestException", status: 400},
			{name: "QueueInfo with Name", in: connect.UpdateContactInput{ContactId: aws.String(id), Name: aws.String("x"), QueueInfo: &types.QueueInfoInput{Id: aws.String(missingID)}}, code: "InvalidRequestException", status: 400},
			{name: "bad reference value", in: connect.UpdateContactInput{ContactId: aws.String(id), References: map[string]types.Reference{"n": ref(types.ReferenceTypeNumber, "x")}}, code: "InvalidRequestException", status: 400},
			{name: "merged references over 4096 bytes", in: connect.UpdateContactInput{ContactId: aws.String(id), References: map[string]types.Reference{"more": ref(types.ReferenceTypeString, fill("x", 100))}}, code: "InvalidRequestException", status: 400},
			{name: "Name over 1024", in: connect.UpdateContactInput{ContactId: aws.String(id), Name: aws.String(fill("n", 1025))}, code: "InvalidParameterException", status: 400},
		} {
			in := tc.in
			if in.InstanceId == nil {
				in.InstanceId = aws.String(s.InstanceID)
			}
			_, err := c.UpdateContact(ctx(t), &in)
			t.Log(tc.name)
			wantAPIError(t, err, tc.code, tc.status)
		}
		if got := describe(t, c, s, id); aws.ToString(got.Name) != "errors" {
			t.Errorf("Name = %q after refused updates, want errors", aws.ToString(got.Name))
		}
		if got := listAll(t, id); len(got) != 1 {
			t.Errorf("references = %d after refused updates, want 1", len(got))
		}
	})
}

func TestUpdateContactSchedule(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	reschedule := func(id string, at time.Time) error {
		_, err := c.UpdateContactSchedule(ctx(t), &connect.UpdateContactScheduleInput{
			InstanceId: aws.String(s.InstanceID), ContactId: aws.String(id), ScheduledTime: aws.Time(at)})
		return err
	}

	t.Run("moves a scheduled task", func(t *testing.T) {
		t.Parallel()
		id := startTask(t, c, s, "scheduled", withSchedule(schedule(time.Hour)))
		before := describe(t, c, s, id)
		for _, d := range []time.Duration{5 * 24 * time.Hour, 2 * time.Minute, 6*24*time.Hour - time.Minute} {
			at := schedule(d)
			if err := reschedule(id, at); err != nil {
				t.Fatalf("UpdateContactSchedule(+%v): %v", d, err)
			}
			got := describe(t, c, s, id)
			if !sameTime(got.ScheduledTimestamp, &at) {
				t.Errorf("ScheduledTimestamp = %v, want %v", got.ScheduledTimestamp, at)
			}
			if got.LastUpdateTimestamp.Before(*before.LastUpdateTimestamp) {
				t.Errorf("LastUpdateTimestamp went back: %v -> %v", before.LastUpdateTimestamp, got.LastUpdateTimestamp)
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		immediate := startTask(t, c, s, "immediate")
		scheduled := startTask(t, c, s, "scheduled", withSchedule(schedule(time.Hour)))
		stopped := startTask(t, c, s, "stopped", withSchedule(schedule(time.Hour)))
		stopContact(t, c, s, stopped)
		wantAt := describe(t, c, s, scheduled).ScheduledTimestamp
		for _, tc := range []struct {
			name   string
			id     string
			at     time.Time
			code   string
			status int
		}{
			{"not scheduled", immediate, schedule(time.Hour), "InvalidRequestException", 400},
			{"stopped", stopped, schedule(2 * time.Hour), "InvalidRequestException", 400},
			{"past", scheduled, schedule(-time.Minute), "InvalidRequestException", 400},
			{"over 6 days", scheduled, schedule(6*24*time.Hour + time.Minute), "InvalidRequestException", 400},
			{"unknown contact", missingID, schedule(time.Hour), "ResourceNotFoundException", 404},
		} {
			t.Log(tc.name)
			wantAPIError(t, reschedule(tc.id, tc.at), tc.code, tc.status)
		}
		if got := describe(t, c, s, scheduled).ScheduledTimestamp; !sameTime(got, wantAt) {
			t.Errorf("ScheduledTimestamp = %v after refused updates, want %v", got, wantAt)
		}
		if got := describe(t, c, s, immediate).ScheduledTimestamp; got != nil {
			t.Errorf("immediate task got ScheduledTimestamp %v", got)
		}
		_, err := c.UpdateContactSchedule(ctx(t), &connect.UpdateContactScheduleInput{
			InstanceId: aws.String(missingID), ContactId: aws.String(scheduled), ScheduledTime: aws.Time(schedule(time.Hour))})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
}

func TestListContactReferences(t *testing.T) {
	t.Parallel()
	s := startServer(t, "")
	c := s.client(t)
	id := startTask(t, c, s, "refs", withReferences(map[string]types.Reference{
		"url":    ref(types.ReferenceTypeUrl, "https://example.com/u"),
		"num":    ref(types.ReferenceTypeNumber, "7"),
		"str1":   ref(types.ReferenceTypeString, "one"),
		"str2":   ref(types.ReferenceTypeString, "two"),
		"date":   ref(types.ReferenceTypeDate, "1767290400"),
		"email":  ref(types.ReferenceTypeEmail, "e@example.com"),
		"emptys": ref(types.ReferenceTypeString, ""),
	}))
	bare := startTask(t, c, s, "no refs")
	all := map[string]typedValue{
		"url":    {types.ReferenceTypeUrl, "https://example.com/u"},
		"num":    {types.ReferenceTypeNumber, "7"},
		"str1":   {types.ReferenceTypeString, "one"},
		"str2":   {types.ReferenceTypeString, "two"},
		"date":   {types.ReferenceTypeDate, "1767290400"},
		"email":  {types.ReferenceTypeEmail, "e@example.com"},
		"emptys": {types.ReferenceTypeString, ""},
	}
	tests := []struct {
		name    string
		contact string
		types   []types.ReferenceType
		want    []string
	}{
		{"URL", id, []types.ReferenceType{types.ReferenceTypeUrl}, []string{"url"}},
		{"NUMBER", id, []types.ReferenceType{types.ReferenceTypeNumber}, []string{"num"}},
		{"STRING", id, []types.ReferenceType{types.ReferenceTypeString}, []string{"str1", "str2", "emptys"}},
		{"DATE", id, []types.ReferenceType{types.ReferenceTypeDate}, []string{"date"}},
		{"EMAIL", id, []types.ReferenceType{types.ReferenceTypeEmail}, []string{"email"}},
		{"URL and EMAIL", id, []types.ReferenceType{types.ReferenceTypeUrl, types.ReferenceTypeEmail}, []string{"url", "email"}},
		{"all types", id, listableTypes, []string{"url", "num", "str1", "str2", "date", "email", "emptys"}},
		{"no match", id, []types.ReferenceType{types.ReferenceTypeAttachment}, nil},
		{"contact without references", bare, listableTypes, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{
				InstanceId: aws.String(s.InstanceID), ContactId: aws.String(tc.contact), ReferenceTypes: tc.types})
			if err != nil {
				t.Fatal(err)
			}
			if out.NextToken != nil {
				t.Errorf("NextToken = %q, want null", *out.NextToken)
			}
			got := referenceMap(t, out.ReferenceSummaryList)
			if len(got) != len(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			for _, name := range tc.want {
				if got[name] != all[name] {
					t.Errorf("reference %s = %v, want %v", name, got[name], all[name])
				}
			}
		})
	}
	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		_, err := c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{
			InstanceId: aws.String(s.InstanceID), ContactId: aws.String(missingID), ReferenceTypes: []types.ReferenceType{types.ReferenceTypeUrl}})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
		_, err = c.ListContactReferences(ctx(t), &connect.ListContactReferencesInput{
			InstanceId: aws.String(missingID), ContactId: aws.String(id), ReferenceTypes: []types.ReferenceType{types.ReferenceTypeUrl}})
		wantAPIError(t, err, "ResourceNotFoundException", 404)
	})
}
