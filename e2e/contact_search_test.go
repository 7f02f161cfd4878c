package e2e

import (
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/connect"
	"github.com/aws/aws-sdk-go-v2/service/connect/types"
)

func TestSearchContacts(t *testing.T) {
	t.Parallel()
	s := startServer(t, "", "--clock", "manual")
	c := s.client(t)

	// Five immediate tasks with distinct initiation milliseconds (the manual
	// clock moves 3 ms between them), then two scheduled ones (the later
	// scheduled first), then the first is stopped.
	var now []string
	for i := range 5 {
		now = append(now, startTask(t, c, s, "now-"+string(rune('0'+i))))
		s.advance(t, 3*time.Millisecond)
	}
	late := startTask(t, c, s, "late", withSchedule(schedule(3*time.Hour)))
	s.advance(t, 3*time.Millisecond)
	soon := startTask(t, c, s, "soon", withSchedule(schedule(2*time.Hour)))
	stopContact(t, c, s, now[0])
	first, last := describe(t, c, s, now[0]), describe(t, c, s, now[4])
	stopped := first.DisconnectTimestamp
	inst := aws.String(s.InstanceID)
	nowRange := &types.SearchContactsTimeRange{Type: types.SearchContactsTimeRangeTypeInitiationTimestamp,
		StartTime: first.InitiationTimestamp, EndTime: last.InitiationTimestamp}
	ids := func(out *connect.SearchContactsOutput) []string {
		var r []string
		for _, c := range out.Contacts {
			r = append(r, aws.ToString(c.Id))
		}
		return r
	}
	reversed := func(s []string) []string { r := slices.Clone(s); slices.Reverse(r); return r }
	asc := func(f types.SortableFieldName) *types.Sort {
		return &types.Sort{FieldName: f, Order: types.SortOrderAscending}
	}
	desc := func(f types.SortableFieldName) *types.Sort {
		return &types.Sort{FieldName: f, Order: types.SortOrderDescending}
	}
	all := append(slices.Clone(now), late, soon)

	tests := []struct {
		name     string
		rng      *types.SearchContactsTimeRange
		criteria *types.SearchCriteria
		sort     *types.Sort
		want     []string // in order
		anyOrder bool
	}{
		{name: "initiation range ascending", rng: nowRange, sort: asc(types.SortableFieldNameInitiationTimestamp), want: now},
		{name: "initiation range descending", rng: nowRange, sort: desc(types.SortableFieldNameInitiationTimestamp), want: reversed(now)},
		{name: "one millisecond", rng: &types.SearchContactsTimeRange{Type: types.SearchContactsTimeRangeTypeInitiationTimestamp,
			StartTime: last.InitiationTimestamp, EndTime: last.InitiationTimestamp}, want: now[4:]},
		{name: "everything", rng: wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp), sort: asc(types.SortableFieldNameInitiationTimestamp), want: all},
		{name: "scheduled range ascending", rng: wideRange(types.SearchContactsTimeRangeTypeScheduledTimestamp), sort: asc(types.SortableFieldNameScheduledTimestamp), want: []string{soon, late}},
		{name: "scheduled range descending", rng: wideRange(types.SearchContactsTimeRangeTypeScheduledTimestamp), sort: desc(types.SortableFieldNameScheduledTimestamp), want: []string{late, soon}},
		{name: "scheduled range excludes", rng: &types.SearchContactsTimeRange{Type: types.SearchContactsTimeRangeTypeScheduledTimestamp,
			StartTime: aws.Time(time.Now().Add(150 * time.Minute)), EndTime: aws.Time(time.Now().Add(5 * time.Hour))}, want: []string{late}},
		{name: "disconnect range", rng: &types.SearchContactsTimeRange{Type: types.SearchContactsTimeRangeTypeDisconnectTimestamp,
			StartTime: stopped, EndTime: stopped}, want: now[:1]},
		{name: "empty range", rng: &types.SearchContactsTimeRange{Type: types.SearchContactsTimeRangeTypeInitiationTimestamp,
			StartTime: aws.Time(time.Now().Add(-3 * time.Hour)), EndTime: aws.Time(time.Now().Add(-2 * time.Hour))}, want: nil},
		{name: "channel TASK", rng: nowRange, criteria: &types.SearchCriteria{Channels: []types.Channel{types.ChannelTask}}, want: now, anyOrder: true},
		{name: "channel TASK or CHAT", rng: nowRange, criteria: &types.SearchCriteria{Channels: []types.Channel{types.ChannelChat, types.ChannelTask}}, want: now, anyOrder: true},
		{name: "channel VOICE", rng: nowRange, criteria: &types.SearchCriteria{Channels: []types.Channel{types.ChannelVoice}}, want: nil},
		{name: "initiation method API", rng: nowRange, criteria: &types.SearchCriteria{InitiationMethods: []types.ContactInitiationMethod{types.ContactInitiationMethodApi}}, want: now, anyOrder: true},
		{name: "initiation method INBOUND", rng: nowRange, criteria: &types.SearchCriteria{InitiationMethods: []types.ContactInitiationMethod{types.ContactInitiationMethodInbound}}, want: nil},
		{name: "channel and method", rng: nowRange, criteria: &types.SearchCriteria{Channels: []types.Channel{types.ChannelTask},
			InitiationMethods: []types.ContactInitiationMethod{types.ContactInitiationMethodInbound}}, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: inst, TimeRange: tc.rng, SearchCriteria: tc.criteria, Sort: tc.sort})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(out)
			if tc.anyOrder {
				slices.Sort(got)
				tc.want = slices.Sorted(slices.Values(tc.want))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("contacts = %v, want %v", got, tc.want)
			}
			if aws.ToInt64(out.TotalCount) != int64(len(tc.want)) {
				t.Errorf("TotalCount = %d, want %d", aws.ToInt64(out.TotalCount), len(tc.want))
			}
			if out.NextToken != nil {
				t.Errorf("NextToken = %q on a single page", *out.NextToken)
			}
		})
	}

	t.Run("summary fields", func(t *testing.T) {
		t.Parallel()
		out, err := c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: inst,
			TimeRange: wideRange(types.SearchContactsTimeRangeTypeInitiationTimestamp)})
		if err != nil {
			t.Fatal(err)
		}
		for _, sum := range out.Contacts {
			id := aws.ToString(sum.Id)
			d := describe(t, c, s, id)
			if aws.ToString(sum.Arn) != aws.ToString(d.Arn) || aws.ToString(sum.InitialContactId) != id ||
				sum.Channel != types.ChannelTask || sum.InitiationMethod != types.ContactInitiationMethodApi ||
				!sameTime(sum.InitiationTimestamp, d.InitiationTimestamp) || !sameTime(sum.ScheduledTimestamp, d.ScheduledTimestamp) ||
				!sameTime(sum.DisconnectTimestamp, d.DisconnectTimestamp) {
				t.Errorf("summary %+v does not match DescribeContact %+v", sum, d)
			}
		}
	})

	t.Run("every sortable field", func(t *testing.T) {
		t.Parallel()
		for _, f := range types.SortableFieldName("").Values() {
			for _, o := range types.SortOrder("").Values() {
				out, err := c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: inst, TimeRange: nowRange,
					Sort: &types.Sort{FieldName: f, Order: o}})
				if err != nil {
					t.Errorf("Sort %s %s: %v", f, o, err)
					continue
				}
				if len(out.Contacts) != 5 {
					t.Errorf("Sort %s %s: %d contacts, want 5", f, o, len(out.Contacts))
				}
			}
		}
	})

	t.Run("pages by NextToken", func(t *testing.T) {
		t.Parallel()
		for _, sort := range []*types.Sort{asc(types.SortableFieldNameInitiationTimestamp), desc(types.SortableFieldNameInitiationTimestamp)} {
			want := now
			if sort.Order == types.SortOrderDescending {
				want = reversed(now)
			}
			var got []string
			var token *string
			for page := 0; ; page++ {
				if page > 5 {
					t.Fatal("more than 5 pages")
				}
				out, err := c.SearchContacts(ctx(t), &connect.SearchContactsInput{InstanceId: inst, TimeRange: nowRange,
					Sort: sort, MaxResults: aws.Int32(2), NextToken: token})
				if err != nil {
					t.Fatal(err)
				}
				if wantLen := min(2, 5-2*page); len(out.Contacts) != wantLen {
					t.Errorf("page %d has %d contacts, want %d", page, len(out.Contacts), wantLen)
				}
				if aws.ToInt64(out.TotalCount) != 5 {
					t.Errorf("page %d TotalCount = %d, want 5", page, aws.ToInt64(out.TotalCount))
				}
				got = append(got, ids(out)...)
				if token = out.NextToken; token == nil {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s pages = %v, want %v", sort.Order, got, want)
			}
		}
	})

	t.Run("SDK paginator", func(t *testing.T) {
		t.Parallel()
		p := connect.NewSearchContactsPaginator(c, &connect.SearchContactsInput{InstanceId: inst, TimeRange: nowRange,
			Sort: asc(types.SortableFieldNameInitiationTimestamp), MaxResults: aws.Int32(2)})
		var got []string
		pages := 0
		for p.HasMorePages() {
			out, err := p.NextPage(ctx(t))
			if err != nil {
				t.Fatal(err)
			}
			pages++
			got = append(got, ids(out)...)
			if pages > 5 {
				t.Fatal("paginator did not stop")
			}
		}
		if pages != 3 || !slices.Equal(got, now) {
			t.Errorf("paginator: %d pages %v, want 3 pages %v", pages, got, now)
		}
	})

	t.Run("errors", func(t *testing.T) {
		t.Parallel()
		for _, tc := range []struct {
			name   string
			in     connect.SearchContactsInput
			code   string
			status int
		}{
			{name: "ActiveRegions", in: connect.SearchContactsInput{SearchCriteria: &types.SearchCriteria{
				ActiveRegions: []string{"us-west-2"}}}, code: "InvalidRequestException", status: 400},
			{name: "invalid NextToken", in: connect.SearchContactsInput{NextToken: aws.String("not-a-token")}, code: "InvalidRequestException", status: 400},
			{name: "end before start", in: connect.SearchContactsInput{TimeRange: &types.SearchContactsTimeRange{
				Type: types.SearchContactsTimeRangeTypeInitiationTimestamp, StartTime: aws.Time(time.Now()), EndTime: aws.Time(time.Now().Add(-time.Hour))}},
				code: "InvalidRequestException", status: 400},
			{name: "MaxResults over 100", in: connect.SearchContactsInput{MaxResults: aws.Int32(101)}, code: "InvalidParameterException", status: 400},
			{name: "unknown instance", in: connect.SearchContactsInput{InstanceId: aws.String(missingID)}, code: "ResourceNotFoundException", status: 404},
		} {
			in := tc.in
			if in.InstanceId == nil {
				in.InstanceId = inst
			}
			if in.TimeRange == nil {
				in.TimeRange = nowRange
			}
			_, err := c.SearchContacts(ctx(t), &in)
			t.Log(tc.name)
			wantAPIError(t, err, tc.code, tc.status)
		}
	})
}
