package bootstrap

import (
	"context"

	"connectd/internal/awsapi"
	"connectd/internal/connect"
)

// ref is a member of a request that names another resource: by ID, or,
// in a bootstrap file, by name.
type ref struct {
	member string // its path in the request
	kind   connect.Resource
	value  *string
}

// The members that name other resources, by request.

func queueRefs(in *connect.CreateQueueInput) []ref {
	return []ref{{"HoursOfOperationId", connect.ResourceHoursOfOperation, &in.HoursOfOperationID}}
}

// queueQuickConnectRefs are a queue's quick connects, resolved once the
// quick connects exist (they may be declared after the queue, and name it).
func queueQuickConnectRefs(ids []string) []ref {
	var refs []ref
	for i := range ids {
		refs = append(refs, ref{index("QuickConnectIds", i), connect.ResourceQuickConnect, &ids[i]})
	}
	return refs
}

func routingProfileRefs(in *connect.CreateRoutingProfileInput) []ref {
	refs := []ref{{"DefaultOutboundQueueId", connect.ResourceQueue, &in.DefaultOutboundQueueID}}
	for i := range in.QueueConfigs {
		refs = append(refs, ref{index("QueueConfigs", i) + ".QueueReference.QueueId", connect.ResourceQueue, &in.QueueConfigs[i].QueueID})
	}
	return refs
}

func userRefs(in *connect.CreateUserInput) []ref {
	refs := []ref{{"RoutingProfileId", connect.ResourceRoutingProfile, &in.RoutingProfileID},
		{"HierarchyGroupId", connect.ResourceHierarchyGroup, &in.HierarchyGroupID}}
	for i := range in.SecurityProfileIDs {
		refs = append(refs, ref{index("SecurityProfileIds", i), connect.ResourceSecurityProfile, &in.SecurityProfileIDs[i]})
	}
	return refs
}

func quickConnectRefs(in *connect.CreateQuickConnectInput) []ref {
	var refs []ref
	const cfg = "QuickConnectConfig."
	if c := in.Config.User; c != nil {
		refs = append(refs, ref{cfg + "UserConfig.UserId", connect.ResourceUser, &c.UserID},
			ref{cfg + "UserConfig.ContactFlowId", connect.ResourceContactFlow, &c.ContactFlowID})
	}
	if c := in.Config.Queue; c != nil {
		refs = append(refs, ref{cfg + "QueueConfig.QueueId", connect.ResourceQueue, &c.QueueID},
			ref{cfg + "QueueConfig.ContactFlowId", connect.ResourceContactFlow, &c.ContactFlowID})
	}
	if c := in.Config.Flow; c != nil {
		refs = append(refs, ref{cfg + "FlowConfig.ContactFlowId", connect.ResourceContactFlow, &c.ContactFlowID})
	}
	return refs
}

func taskTemplateRefs(in *connect.TaskTemplateInput) []ref {
	return []ref{
		{"ContactFlowId", connect.ResourceContactFlow, &in.ContactFlowID},
		{"SelfAssignFlowId", connect.ResourceContactFlow, &in.SelfAssignFlowID},
	}
}

// Apply ensures the file's instances and their resources through pv (see
// connect.Provisioner), in the order of the file's lists: what exists is
// left alone, what is missing is created. It returns an *Error naming the
// resource, or the member for a reference that names nothing.
func (f *File) Apply(ctx context.Context, pv *connect.Provisioner) error {
	for _, d := range f.instances {
		if err := f.applyInstance(ctx, pv, d); err != nil {
			return err
		}
	}
	return nil
}

// pendingQuickConnects are the quick connects of a queue Apply created.
type pendingQuickConnects struct {
	path, queueID string
	ids           []string
}

func (f *File) applyInstance(ctx context.Context, pv *connect.Provisioner, d *instanceDecl) error {
	in, err := awsapi.DecodeCreateInstance(d.body)
	if err != nil {
		return f.requestError(d.path, err)
	}
	inst, _, err := pv.Instance(ctx, d.id, in)
	if err != nil {
		return f.opError(d.path, "CreateInstance", err)
	}
	a := applier{f: f, pv: pv, instanceID: inst.ID}
	c := d.children
	var pending []pendingQuickConnects
	err = a.each(ctx, c[keyHours], "CreateHoursOfOperation", func(ctx context.Context, d decl) error {
		in, err := awsapi.DecodeCreateHoursOfOperation(d.body)
		if err != nil {
			return err
		}
		in.InstanceID = inst.ID
		_, _, err = pv.HoursOfOperation(ctx, d.id, in)
		return err
	})
	if err == nil {
		err = a.each(ctx, c[keyQueues], "CreateQueue", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateQueue(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			if err := a.resolve(ctx, d.path, "CreateQueue", queueRefs(&in)); err != nil {
				return err
			}
			qcs := in.QuickConnectIDs
			in.QuickConnectIDs = nil
			q, created, err := pv.Queue(ctx, d.id, in)
			if err == nil && created && len(qcs) > 0 {
				pending = append(pending, pendingQuickConnects{d.path, q.ID, qcs})
			}
			return err
		})
	}
	if err == nil {
		err = a.each(ctx, c[keyFlows], "CreateContactFlow", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateContactFlow(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			_, _, err = pv.ContactFlow(ctx, d.id, in)
			return err
		})
	}
	if err == nil {
		err = a.each(ctx, c[keyRoutingProfiles], "CreateRoutingProfile", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateRoutingProfile(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			if err := a.resolve(ctx, d.path, "CreateRoutingProfile", routingProfileRefs(&in)); err != nil {
				return err
			}
			_, _, err = pv.RoutingProfile(ctx, d.id, in)
			return err
		})
	}
	if err == nil {
		err = a.each(ctx, c[keySecurityProfiles], "CreateSecurityProfile", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateSecurityProfile(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			_, _, err = pv.SecurityProfile(ctx, d.id, in)
			return err
		})
	}
	if err == nil {
		err = a.each(ctx, c[keyAgentStatuses], "CreateAgentStatus", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateAgentStatus(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			_, _, err = pv.AgentStatus(ctx, d.id, in)
			return err
		})
	}
	if err == nil && d.structure != nil {
		err = a.each(ctx, []decl{*d.structure}, "UpdateUserHierarchyStructure", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeUpdateUserHierarchyStructure(d.body)
			if err != nil {
				return err
			}
			_, err = pv.HierarchyStructure(ctx, inst.ID, in)
			return err
		})
	}
	if err == nil {
		err = a.each(ctx, c[keyHierarchyGroups], "CreateUserHierarchyGroup", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateUserHierarchyGroup(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			if err := a.resolve(ctx, d.path, "CreateUserHierarchyGroup",
				[]ref{{"ParentGroupId", connect.ResourceHierarchyGroup, &in.ParentGroupID}}); err != nil {
				return err
			}
			_, _, err = pv.HierarchyGroup(ctx, d.id, in)
			return err
		})
	}
	if err == nil {
		err = a.each(ctx, c[keyUsers], "CreateUser", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateUser(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			if err := a.resolve(ctx, d.path, "CreateUser", userRefs(&in)); err != nil {
				return err
			}
			_, _, err = pv.User(ctx, d.id, in)
			return err
		})
	}
	if err == nil {
		err = a.each(ctx, c[keyQuickConnects], "CreateQuickConnect", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateQuickConnect(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			if err := a.resolve(ctx, d.path, "CreateQuickConnect", quickConnectRefs(&in)); err != nil {
				return err
			}
			_, _, err = pv.QuickConnect(ctx, d.id, in)
			return err
		})
	}
	if err == nil {
		err = a.each(ctx, c[keyTaskTemplates], "CreateTaskTemplate", func(ctx context.Context, d decl) error {
			in, err := awsapi.DecodeCreateTaskTemplate(d.body)
			if err != nil {
				return err
			}
			in.InstanceID = inst.ID
			if err := a.resolve(ctx, d.path, "CreateTaskTemplate", taskTemplateRefs(&in)); err != nil {
				return err
			}
			_, _, err = pv.TaskTemplate(ctx, d.id, in)
			return err
		})
	}
	if err != nil {
		return err
	}
	for _, p := range pending {
		if err := a.resolve(ctx, p.path, "CreateQueue", queueQuickConnectRefs(p.ids)); err != nil {
			return err
		}
		if err := pv.AssociateQueueQuickConnects(ctx, inst.ID, p.queueID, p.ids); err != nil {
			return f.opError(p.path, "CreateQueue", err)
		}
	}
	return nil
}

// applier applies the resources of one instance.
type applier struct {
	f          *File
	pv         *connect.Provisioner
	instanceID string
}

// each runs apply on each declaration, and turns its error into an *Error
// of the declaration's path (as op would answer it), unless it is one
// already.
func (a applier) each(ctx context.Context, decls []decl, op string, apply func(ctx context.Context, d decl) error) error {
	for _, d := range decls {
		if err := apply(ctx, d); err != nil {
			if e, ok := err.(*Error); ok {
				return e
			}
			if _, ok := err.(*awsapi.RequestError); ok {
				return a.f.requestError(d.path, err)
			}
			return a.f.opError(d.path, op, err)
		}
	}
	return nil
}

// resolve replaces each reference's value, an ID or a name, with the ID it
// names, or fails at the member of a reference that names nothing.
func (a applier) resolve(ctx context.Context, path, op string, refs []ref) error {
	for _, r := range refs {
		id, err := a.pv.Resolve(ctx, a.instanceID, r.kind, *r.value)
		if err != nil {
			return a.f.opError(join(path, r.member), op, err)
		}
		*r.value = id
	}
	return nil
}

// opError is the *Error of path for err, the error of the Service behind
// op: the exception and message op would answer. An error that is no
// refusal (the store failing) keeps its cause in the message.
func (f *File) opError(path, op string, err error) *Error {
	if connect.KindOf(err) == connect.Internal {
		return f.fail(path, err, "%v", err)
	}
	re := awsapi.OperationError(op, err)
	return f.fail(path, err, "%s: %s", re.Code, re.Message)
}
