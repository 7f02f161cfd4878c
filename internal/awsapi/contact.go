package awsapi

import (
	"context"
	"maps"
	"slices"
	"time"

	"connectd/internal/connect"
)

func (s *Server) startTaskContact(ctx context.Context, in *StartTaskContactRequest) (any, error) {
	var at *time.Time
	if in.ScheduledTime != nil {
		t := in.ScheduledTime.Time()
		at = &t
	}
	c, err := s.svc.StartTaskContact(ctx, partition(PrincipalFrom(ctx)), connect.StartTaskInput{
		InstanceID: str(in.InstanceId), Name: str(in.Name), Description: str(in.Description),
		ClientToken: str(in.ClientToken), ContactFlowID: str(in.ContactFlowId),
		TaskTemplateID: str(in.TaskTemplateId), QuickConnectID: str(in.QuickConnectId),
		PreviousContactID: str(in.PreviousContactId), RelatedContactID: str(in.RelatedContactId),
		Attributes: in.Attributes, References: referencesIn(in.References), ScheduledTime: at,
		SegmentAttributes: segmentIn(in.SegmentAttributes), Attachments: len(in.Attachments),
	})
	if err != nil {
		return nil, err
	}
	return &StartTaskContactResponse{ContactId: &c.ID}, nil
}

func (s *Server) describeContact(ctx context.Context, in *DescribeContactRequest) (any, error) {
	c, err := s.svc.DescribeContact(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactId))
	if err != nil {
		return nil, err
	}
	out := &Contact{
		Arn: &c.ARN, Id: &c.ID, InitialContactId: ptr(c.InitialContactID),
		PreviousContactId: ptr(c.PreviousContactID), RelatedContactId: ptr(c.RelatedContactID),
		Channel: &c.Channel, InitiationMethod: &c.InitiationMethod, Name: ptr(c.Name),
		Description: ptr(c.Description), Attributes: emptyToNil(c.Attributes),
		SegmentAttributes: segmentOut(c.SegmentAttributes), Tags: emptyToNil(c.Tags),
		InitiationTimestamp: ts(c.InitiationTimestamp), ScheduledTimestamp: tsp(c.ScheduledTimestamp),
		LastUpdateTimestamp: ts(c.LastUpdateTimestamp), DisconnectTimestamp: tsp(c.DisconnectTimestamp),
		DisconnectReason: ptr(c.DisconnectReason), ConnectedToSystemTimestamp: tsp(c.ConnectedToSystemTimestamp),
		LastPausedTimestamp: tsp(c.LastPausedTimestamp), LastResumedTimestamp: tsp(c.LastResumedTimestamp),
		TaskTemplateInfo: taskTemplateInfo(c.TaskTemplate),
	}
	if c.QueueID != "" {
		out.QueueInfo = &QueueInfo{Id: &c.QueueID, EnqueueTimestamp: tsp(c.EnqueueTimestamp)}
		out.QueuePriority, out.QueueTimeAdjustmentSeconds = &c.QueuePriority, &c.QueueTimeAdjustmentSeconds
	}
	if c.AgentID != "" && c.ConnectedToAgentTimestamp != nil {
		out.AgentInfo = &AgentInfo{Id: &c.AgentID, ConnectedToAgentTimestamp: tsp(c.ConnectedToAgentTimestamp)}
		if c.TotalPauseDurationInSeconds > 0 {
			out.AgentInfo.AgentPauseDurationInSeconds = &c.TotalPauseDurationInSeconds
		}
		out.AgentInfo.HierarchyGroups = hierarchyGroupsOut(c.AgentHierarchyGroups)
	}
	if c.TotalPauseCount > 0 {
		out.TotalPauseCount, out.TotalPauseDurationInSeconds = &c.TotalPauseCount, &c.TotalPauseDurationInSeconds
	}
	return &DescribeContactResponse{Contact: out}, nil
}

func (s *Server) pauseContact(ctx context.Context, in *PauseContactRequest) (any, error) {
	return nil, s.svc.PauseContact(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactId), str(in.ContactFlowId))
}

func (s *Server) resumeContact(ctx context.Context, in *ResumeContactRequest) (any, error) {
	return nil, s.svc.ResumeContact(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactId), str(in.ContactFlowId))
}

func (s *Server) updateContact(ctx context.Context, in *UpdateContactRequest) (any, error) {
	var endpoint []string
	for name, set := range map[string]bool{"QueueInfo": in.QueueInfo != nil, "UserInfo": in.UserInfo != nil,
		"CustomerEndpoint": in.CustomerEndpoint != nil, "SystemEndpoint": in.SystemEndpoint != nil} {
		if set {
			endpoint = append(endpoint, name)
		}
	}
	slices.Sort(endpoint)
	return nil, s.svc.UpdateContact(ctx, partition(PrincipalFrom(ctx)), connect.UpdateContactInput{
		InstanceID: str(in.InstanceId), ContactID: str(in.ContactId), Name: in.Name, Description: in.Description,
		References: referencesIn(in.References), SegmentAttributes: segmentIn(in.SegmentAttributes),
		EndpointFields: endpoint,
	})
}

func (s *Server) updateContactSchedule(ctx context.Context, in *UpdateContactScheduleRequest) (any, error) {
	return nil, s.svc.UpdateContactSchedule(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.ContactId), in.ScheduledTime.Time())
}

func (s *Server) listContactReferences(ctx context.Context, in *ListContactReferencesRequest) (any, error) {
	if in.NextToken != nil { // every reference fits one page: NextToken is always null
		return nil, connect.Errorf(connect.Invalid, "The NextToken is not valid.")
	}
	refs, err := s.svc.ListContactReferences(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.ContactId), in.ReferenceTypes)
	if err != nil {
		return nil, err
	}
	out := &ListContactReferencesResponse{ReferenceSummaryList: []ReferenceSummary{}}
	for _, name := range slices.Sorted(maps.Keys(refs)) {
		out.ReferenceSummaryList = append(out.ReferenceSummaryList, referenceSummary(name, refs[name]))
	}
	return out, nil
}

// referenceSummary wraps a reference in the ReferenceSummary union member of its type.
func referenceSummary(name string, r connect.Reference) ReferenceSummary {
	n, v := &name, &r.Value
	switch r.Type {
	case connect.RefURL:
		return ReferenceSummary{Url: &UrlReference{Name: n, Value: v}}
	case connect.RefNumber:
		return ReferenceSummary{Number: &NumberReference{Name: n, Value: v}}
	case connect.RefDate:
		return ReferenceSummary{Date: &DateReference{Name: n, Value: v}}
	case connect.RefEmail:
		return ReferenceSummary{Email: &EmailReference{Name: n, Value: v}}
	}
	return ReferenceSummary{String: &StringReference{Name: n, Value: v}}
}

func (s *Server) stopContact(ctx context.Context, in *StopContactRequest) (any, error) {
	return nil, s.svc.StopContact(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactId))
}

func (s *Server) getContactAttributes(ctx context.Context, in *GetContactAttributesRequest) (any, error) {
	attrs, err := s.svc.GetContactAttributes(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.InitialContactId))
	if err != nil {
		return nil, err
	}
	if attrs == nil {
		attrs = map[string]string{}
	}
	return &GetContactAttributesResponse{Attributes: attrs}, nil
}

func (s *Server) updateContactAttributes(ctx context.Context, in *UpdateContactAttributesRequest) (any, error) {
	return nil, s.svc.UpdateContactAttributes(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.InitialContactId), in.Attributes)
}

func (s *Server) searchContacts(ctx context.Context, in *SearchContactsRequest) (any, error) {
	q := connect.SearchContactsInput{
		InstanceID: str(in.InstanceId), TimeField: str(in.TimeRange.Type),
		Start: in.TimeRange.StartTime.Time(), End: in.TimeRange.EndTime.Time(),
		NextToken: str(in.NextToken), MaxResults: intOr0(in.MaxResults),
	}
	if in.Sort != nil {
		q.SortField, q.SortOrder = str(in.Sort.FieldName), str(in.Sort.Order)
	}
	if c := in.SearchCriteria; c != nil {
		q.Channels, q.InitiationMethods, q.QueueIDs = c.Channels, c.InitiationMethods, c.QueueIds
		q.Unsupported = unsupportedCriteria(c)
		q.AgentHierarchy = agentHierarchyIn(c.AgentHierarchyGroups)
	}
	items, total, next, err := s.svc.SearchContacts(ctx, partition(PrincipalFrom(ctx)), q)
	if err != nil {
		return nil, err
	}
	n := int64(total)
	out := &SearchContactsResponse{Contacts: []ContactSearchSummary{}, NextToken: ptr(next), TotalCount: &n}
	for _, c := range items {
		out.Contacts = append(out.Contacts, ContactSearchSummary{
			Arn: &c.ARN, Id: &c.ID, InitialContactId: ptr(c.InitialContactID), PreviousContactId: ptr(c.PreviousContactID),
			InitiationMethod: &c.InitiationMethod, Channel: &c.Channel, Name: ptr(c.Name),
			InitiationTimestamp: ts(c.InitiationTimestamp), ScheduledTimestamp: tsp(c.ScheduledTimestamp),
			DisconnectTimestamp: tsp(c.DisconnectTimestamp), Tags: emptyToNil(c.Tags),
		})
	}
	return out, nil
}

// unsupportedCriteria names the SearchCriteria members connectd cannot search on yet.
func unsupportedCriteria(c *SearchCriteria) []string {
	var out []string
	for name, set := range map[string]bool{
		"ActiveRegions": len(c.ActiveRegions) > 0, "AdditionalTimeRange": c.AdditionalTimeRange != nil,
		"AgentIds": len(c.AgentIds) > 0,
		"AiAgents": c.AiAgents != nil, "ContactAnalysis": c.ContactAnalysis != nil,
		"ContactTags": c.ContactTags != nil, "Name": c.Name != nil, "RoutingCriteria": c.RoutingCriteria != nil,
		"SearchableContactAttributes": c.SearchableContactAttributes != nil,
		"SearchableSegmentAttributes": c.SearchableSegmentAttributes != nil,
	} {
		if set {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Server) updateContactTaskTemplate(ctx context.Context, in *UpdateContactTaskTemplateRequest) (any, error) {
	return nil, s.svc.UpdateContactTaskTemplate(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId),
		str(in.ContactId), str(in.TaskTemplateId))
}

func segmentIn(m map[string]SegmentAttributeValue) map[string]connect.SegmentAttributeValue {
	if m == nil {
		return nil
	}
	out := make(map[string]connect.SegmentAttributeValue, len(m))
	for k, v := range m {
		out[k] = segmentValueIn(v)
	}
	return out
}

func segmentValueIn(v SegmentAttributeValue) connect.SegmentAttributeValue {
	d := connect.SegmentAttributeValue{String: v.ValueString, Integer: v.ValueInteger, ARN: v.ValueArn, Map: segmentIn(v.ValueMap)}
	for _, e := range v.ValueList {
		d.List = append(d.List, segmentValueIn(e))
	}
	return d
}

func segmentOut(m map[string]connect.SegmentAttributeValue) map[string]SegmentAttributeValue {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]SegmentAttributeValue, len(m))
	for k, v := range m {
		out[k] = segmentValueOut(v)
	}
	return out
}

func segmentValueOut(v connect.SegmentAttributeValue) SegmentAttributeValue {
	w := SegmentAttributeValue{ValueString: v.String, ValueInteger: v.Integer, ValueArn: v.ARN, ValueMap: segmentOut(v.Map)}
	for _, e := range v.List {
		w.ValueList = append(w.ValueList, segmentValueOut(e))
	}
	return w
}

func referencesIn(m map[string]Reference) map[string]connect.Reference {
	if m == nil {
		return nil
	}
	out := make(map[string]connect.Reference, len(m))
	for k, r := range m {
		out[k] = connect.Reference{Type: str(r.Type), Value: str(r.Value)}
	}
	return out
}

func (s *Server) tagContact(ctx context.Context, in *TagContactRequest) (any, error) {
	return nil, s.svc.TagContact(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactId), in.Tags)
}

func (s *Server) untagContact(ctx context.Context, in *UntagContactRequest) (any, error) {
	return nil, s.svc.UntagContact(ctx, partition(PrincipalFrom(ctx)), str(in.InstanceId), str(in.ContactId), in.TagKeys)
}

func (s *Server) updateContactRoutingData(ctx context.Context, in *UpdateContactRoutingDataRequest) (any, error) {
	if in.RoutingCriteria != nil {
		return nil, connect.Errorf(connect.InvalidParameter, "connectd does not implement RoutingCriteria (routing steps and agent criteria); set QueuePriority or QueueTimeAdjustmentSeconds.")
	}
	return nil, s.svc.UpdateContactRoutingData(ctx, partition(PrincipalFrom(ctx)), connect.UpdateContactRoutingDataInput{
		InstanceID: str(in.InstanceId), ContactID: str(in.ContactId),
		QueuePriority: in.QueuePriority, QueueTimeAdjustmentSeconds: in.QueueTimeAdjustmentSeconds,
	})
}
