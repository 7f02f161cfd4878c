package connect

import (
	"context"
	"maps"
)

// maxTags is the number of tags a resource may carry (AWS TagMap max).
const maxTags = 50

// ListTagsForResource returns the tags of the resource arn names.
func (s *Service) ListTagsForResource(ctx context.Context, p Partition, arn string) (map[string]string, error) {
	return s.tagsOf(ctx, s.store, p, arn)
}

// TagResource adds or replaces tags on the resource arn names.
func (s *Service) TagResource(ctx context.Context, p Partition, arn string, tags map[string]string) error {
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		cur, err := s.tagsOf(ctx, tx, p, arn)
		if err != nil {
			return err
		}
		next := maps.Clone(cur)
		if next == nil {
			next = map[string]string{}
		}
		maps.Copy(next, tags)
		if len(next) > maxTags {
			return Errorf(Invalid, "A resource can have at most %d tags.", maxTags)
		}
		return tx.SetTags(ctx, arn, next)
	})
}

// UntagResource removes the given tag keys from the resource arn names.
func (s *Service) UntagResource(ctx context.Context, p Partition, arn string, keys []string) error {
	return s.write(ctx, func(ch *change) error {
		tx := ch.tx
		cur, err := s.tagsOf(ctx, tx, p, arn)
		if err != nil {
			return err
		}
		next := maps.Clone(cur)
		for _, k := range keys {
			delete(next, k)
		}
		return tx.SetTags(ctx, arn, next)
	})
}

// tagsOf returns the tags of the taggable resource arn names, or NotFound if
// it names none of p's resources.
func (s *Service) tagsOf(ctx context.Context, r Reader, p Partition, arn string) (map[string]string, error) {
	a, err := ParseARN(arn)
	if err != nil {
		return nil, err
	}
	missing := &Error{Kind: NotFound, Message: "Resource not found: " + arn}
	if a.Partition != p || arn != canonicalARN(a) {
		return nil, missing
	}
	in, err := r.GetInstance(ctx, a.InstanceID)
	if err != nil || in.Partition != p {
		return nil, missing
	}
	var tags map[string]string
	switch Resource(a.Sub) {
	case "":
		tags = in.Tags
	case ResourceContactFlow:
		var f *ContactFlow
		if f, err = r.GetContactFlow(ctx, a.InstanceID, a.ID); err == nil {
			tags = f.Tags
		}
	case ResourceQueue:
		var q *Queue
		if q, err = r.GetQueue(ctx, a.InstanceID, a.ID); err == nil {
			tags = q.Tags
		}
	case ResourceHoursOfOperation:
		var h *HoursOfOperation
		if h, err = r.GetHoursOfOperation(ctx, a.InstanceID, a.ID); err == nil {
			tags = h.Tags
		}
	case ResourceTaskTemplate:
		var t *TaskTemplate
		if t, err = r.GetTaskTemplate(ctx, a.InstanceID, a.ID); err == nil {
			tags = t.Tags
		}
	case ResourceQuickConnect:
		var q *QuickConnect
		if q, err = r.GetQuickConnect(ctx, a.InstanceID, a.ID); err == nil {
			tags = q.Tags
		}
	case ResourceFlowModule:
		var m *ContactFlowModule
		if m, err = r.GetContactFlowModule(ctx, a.InstanceID, a.ID); err == nil {
			tags = m.Tags
		}
	case ResourceUser, ResourceRoutingProfile, ResourceSecurityProfile, ResourceAgentStatus:
		tags, err = agentResourceTags(ctx, r, a)
	case ResourceHierarchyGroup:
		var g *HierarchyGroup
		if g, err = r.GetHierarchyGroup(ctx, a.InstanceID, a.ID); err == nil {
			tags = g.Tags
		}
	default:
		return nil, missing
	}
	if IsNotFound(err) {
		return nil, missing
	}
	return tags, err
}

// canonicalARN rebuilds the ARN a was parsed from, so that an ARN with a
// foreign partition name does not match.
func canonicalARN(a ARN) string {
	if a.Sub == "" {
		return InstanceARN(a.Partition, a.InstanceID)
	}
	return subARN(a.Partition, a.InstanceID, Resource(a.Sub), a.ID)
}

// agentResourceTags returns the tags of the user, routing profile, security
// profile or agent status a names.
func agentResourceTags(ctx context.Context, r Reader, a ARN) (map[string]string, error) {
	switch Resource(a.Sub) {
	case ResourceUser:
		u, err := r.GetUser(ctx, a.InstanceID, a.ID)
		if err != nil {
			return nil, err
		}
		return u.Tags, nil
	case ResourceRoutingProfile:
		rp, err := r.GetRoutingProfile(ctx, a.InstanceID, a.ID)
		if err != nil {
			return nil, err
		}
		return rp.Tags, nil
	case ResourceSecurityProfile:
		sp, err := r.GetSecurityProfile(ctx, a.InstanceID, a.ID)
		if err != nil {
			return nil, err
		}
		return sp.Tags, nil
	case ResourceAgentStatus:
		as, err := r.GetAgentStatus(ctx, a.InstanceID, a.ID)
		if err != nil {
			return nil, err
		}
		return as.Tags, nil
	}
	return nil, &Error{Kind: NotFound, Message: "Resource not found"}
}
