package connect

import (
	"context"
	"regexp"
	"slices"
)

// Provisioning creates resources the way connectd's own set-up needs them,
// rather than the way the API does: with chosen IDs, leaving alone what
// already exists, and many at once in one transaction. It serves two
// callers, both outside the Connect API: the bootstrap file applied at every
// start (Provision), and the admin API's reset (Reset). The rules are the
// Create operations' own: a Provisioner calls the same code, inside one
// write.

// Provisioner creates an account's resources inside one write transaction
// (see Provision and Reset). Each of its methods takes an id, the resource's
// ID when not "" (an ID a bootstrap file declares), and the input of the
// resource's Create operation, and leaves an existing resource alone: the one
// with that id, or, without an id, the one with the input's name (alias for
// an instance, username for a user). It returns the resource, whether it
// created it, and the Create operation's error when the input breaks one of
// its rules.
type Provisioner struct {
	ch        *change
	p         Partition
	instances []*Instance // the instances ensured, in first-seen order
}

// Provision runs fn with a Provisioner for partition p, in one write
// transaction: what fn creates commits together, or, when fn fails, not at
// all. fn may run more than once (see Store.Update), so it must have no
// other effect.
func (s *Service) Provision(ctx context.Context, p Partition, fn func(ctx context.Context, pv *Provisioner) error) error {
	return s.write(ctx, func(ch *change) error { return fn(ctx, &Provisioner{ch: ch, p: p}) })
}

// Partition is the account and region pv creates in.
func (pv *Provisioner) Partition() Partition { return pv.p }

// Instances returns the instances pv ensured so far, in order.
func (pv *Provisioner) Instances() []*Instance { return slices.Clone(pv.instances) }

func (pv *Provisioner) ensured(inst *Instance) *Instance {
	if !slices.ContainsFunc(pv.instances, func(i *Instance) bool { return i.ID == inst.ID }) {
		pv.instances = append(pv.instances, inst)
	}
	return inst
}

// Instance ensures the instance id, or without an id the instance aliased
// in.Alias: an instance with neither could not be found again at the next
// start, and is refused. A new instance is born with the resources
// CreateInstance gives it.
func (pv *Provisioner) Instance(ctx context.Context, id string, in CreateInstanceInput) (*Instance, bool, error) {
	tx := pv.ch.tx
	switch {
	case id != "":
		inst, err := tx.GetInstance(ctx, id)
		switch {
		case err == nil && inst.Partition == pv.p:
			return pv.ensured(inst), false, nil
		case err == nil:
			return nil, false, Errorf(Duplicate, "The instance ID %s is taken in another account or region.", id)
		case !IsNotFound(err):
			return nil, false, err
		}
	case in.Alias != "":
		inst, err := tx.GetInstanceByAlias(ctx, pv.p, in.Alias)
		if err == nil {
			return pv.ensured(inst), false, nil
		}
		if !IsNotFound(err) {
			return nil, false, err
		}
	default:
		return nil, false, Errorf(Invalid, "An instance needs an Id or an InstanceAlias, by which it is found again at the next start.")
	}
	inst, err := pv.ch.createInstance(ctx, pv.p, id, in)
	if err != nil {
		return nil, false, err
	}
	return pv.ensured(inst), true, nil
}

// DefaultInstance ensures the instance connectd creates on first start when
// no bootstrap file says otherwise: aliased DefaultInstanceAlias, with
// Amazon Connect managing its users, and calls enabled.
func (pv *Provisioner) DefaultInstance(ctx context.Context) (*Instance, bool, error) {
	return pv.Instance(ctx, "", CreateInstanceInput{
		IdentityManagementType: DirectoryManaged,
		Alias:                  DefaultInstanceAlias,
		InboundCallsEnabled:    true,
		OutboundCallsEnabled:   true,
	})
}

// ensure returns the resource found by id (when id is not "") or by name,
// or, when there is none, the one create makes.
func ensure[T any](id, name string, byID, byName func(string) (T, error), create func() (T, error)) (T, bool, error) {
	var (
		zero T
		v    T
		err  error
	)
	if id != "" {
		v, err = byID(id)
	} else {
		v, err = byName(name)
	}
	switch {
	case err == nil:
		return v, false, nil
	case !IsNotFound(err):
		return zero, false, err
	}
	if v, err = create(); err != nil {
		return zero, false, err
	}
	return v, true, nil
}

// instanceOf returns the instance instanceID (an ID or ARN) of pv's partition.
func (pv *Provisioner) instanceOf(ctx context.Context, instanceID string) (*Instance, error) {
	return pv.ch.instance(ctx, pv.p, instanceID)
}

// HoursOfOperation ensures hours of operation (by id, or by in.Name).
func (pv *Provisioner) HoursOfOperation(ctx context.Context, id string, in CreateHoursOfOperationInput) (*HoursOfOperation, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*HoursOfOperation, error) { return tx.GetHoursOfOperation(ctx, inst.ID, id) },
		func(name string) (*HoursOfOperation, error) { return tx.GetHoursOfOperationByName(ctx, inst.ID, name) },
		func() (*HoursOfOperation, error) { return pv.ch.createHoursOfOperation(ctx, pv.p, id, in) })
}

// Queue ensures a standard queue (by id, or by in.Name).
func (pv *Provisioner) Queue(ctx context.Context, id string, in CreateQueueInput) (*Queue, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*Queue, error) { return tx.GetQueue(ctx, inst.ID, id) },
		func(name string) (*Queue, error) { return tx.GetQueueByName(ctx, inst.ID, name) },
		func() (*Queue, error) { return pv.ch.createQueue(ctx, pv.p, id, in) })
}

// AssociateQueueQuickConnects adds quick connects to a queue, as the
// operation of that name does (a queue may list quick connects that are
// created after it).
func (pv *Provisioner) AssociateQueueQuickConnects(ctx context.Context, instanceID, queueID string, ids []string) error {
	inst, err := pv.instanceOf(ctx, instanceID)
	if err != nil {
		return err
	}
	return pv.ch.editQueueQuickConnects(ctx, inst, queueID, ids, addQuickConnect)
}

// ContactFlow ensures a flow (by id, or by in.Name).
func (pv *Provisioner) ContactFlow(ctx context.Context, id string, in CreateContactFlowInput) (*ContactFlow, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*ContactFlow, error) { return tx.GetContactFlow(ctx, inst.ID, id) },
		func(name string) (*ContactFlow, error) { return tx.GetContactFlowByName(ctx, inst.ID, name) },
		func() (*ContactFlow, error) { return pv.ch.createContactFlow(ctx, pv.p, id, in) })
}

// RoutingProfile ensures a routing profile (by id, or by in.Name).
func (pv *Provisioner) RoutingProfile(ctx context.Context, id string, in CreateRoutingProfileInput) (*RoutingProfile, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*RoutingProfile, error) { return tx.GetRoutingProfile(ctx, inst.ID, id) },
		func(name string) (*RoutingProfile, error) { return tx.GetRoutingProfileByName(ctx, inst.ID, name) },
		func() (*RoutingProfile, error) { return pv.ch.createRoutingProfile(ctx, pv.p, id, in) })
}

// SecurityProfile ensures a security profile (by id, or by in.Name).
func (pv *Provisioner) SecurityProfile(ctx context.Context, id string, in CreateSecurityProfileInput) (*SecurityProfile, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*SecurityProfile, error) { return tx.GetSecurityProfile(ctx, inst.ID, id) },
		func(name string) (*SecurityProfile, error) { return tx.GetSecurityProfileByName(ctx, inst.ID, name) },
		func() (*SecurityProfile, error) { return pv.ch.createSecurityProfile(ctx, pv.p, id, in) })
}

// AgentStatus ensures an agent status (by id, or by in.Name).
func (pv *Provisioner) AgentStatus(ctx context.Context, id string, in CreateAgentStatusInput) (*AgentStatus, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*AgentStatus, error) { return tx.GetAgentStatus(ctx, inst.ID, id) },
		func(name string) (*AgentStatus, error) { return tx.GetAgentStatusByName(ctx, inst.ID, name) },
		func() (*AgentStatus, error) { return pv.ch.createAgentStatus(ctx, pv.p, id, in) })
}

// User ensures a user (by id, or by in.Username) and its agent queue.
func (pv *Provisioner) User(ctx context.Context, id string, in CreateUserInput) (*User, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Username,
		func(id string) (*User, error) { return tx.GetUser(ctx, inst.ID, id) },
		func(name string) (*User, error) { return tx.GetUserByUsername(ctx, inst.ID, name) },
		func() (*User, error) { return pv.ch.createUser(ctx, pv.p, id, in) })
}

// TaskTemplate ensures a task template (by id, or by in.Name).
func (pv *Provisioner) TaskTemplate(ctx context.Context, id string, in TaskTemplateInput) (*TaskTemplate, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*TaskTemplate, error) { return tx.GetTaskTemplate(ctx, inst.ID, id) },
		func(name string) (*TaskTemplate, error) { return tx.GetTaskTemplateByName(ctx, inst.ID, name) },
		func() (*TaskTemplate, error) { return pv.ch.createTaskTemplate(ctx, pv.p, id, in) })
}

// QuickConnect ensures a quick connect (by id, or by in.Name).
func (pv *Provisioner) QuickConnect(ctx context.Context, id string, in CreateQuickConnectInput) (*QuickConnect, bool, error) {
	inst, err := pv.instanceOf(ctx, in.InstanceID)
	if err != nil {
		return nil, false, err
	}
	tx := pv.ch.tx
	return ensure(id, in.Name,
		func(id string) (*QuickConnect, error) { return tx.GetQuickConnect(ctx, inst.ID, id) },
		func(name string) (*QuickConnect, error) { return tx.GetQuickConnectByName(ctx, inst.ID, name) },
		func() (*QuickConnect, error) { return pv.ch.createQuickConnect(ctx, pv.p, id, in) })
}

// Resolve returns the ID of the resource of kind r in the instance that ref
// names: ref itself when a resource of that kind has it as ID, else the ID
// of the one named ref (for a user, its username). An ARN is returned as it
// is, for the Create operations to resolve as the API does; "" stays "".
// It returns NotFound when ref names nothing.
func (pv *Provisioner) Resolve(ctx context.Context, instanceID string, r Resource, ref string) (string, error) {
	if ref == "" || isARN(ref) {
		return ref, nil
	}
	inst, err := pv.instanceOf(ctx, instanceID)
	if err != nil {
		return "", err
	}
	tx := pv.ch.tx
	var byID, byName func() (string, error)
	switch r {
	case ResourceHoursOfOperation:
		byID = idOf(func() (*HoursOfOperation, error) { return tx.GetHoursOfOperation(ctx, inst.ID, ref) }, (*HoursOfOperation).id)
		byName = idOf(func() (*HoursOfOperation, error) { return tx.GetHoursOfOperationByName(ctx, inst.ID, ref) }, (*HoursOfOperation).id)
	case ResourceQueue:
		byID = idOf(func() (*Queue, error) { return tx.GetQueue(ctx, inst.ID, ref) }, (*Queue).id)
		byName = idOf(func() (*Queue, error) { return tx.GetQueueByName(ctx, inst.ID, ref) }, (*Queue).id)
	case ResourceContactFlow:
		byID = idOf(func() (*ContactFlow, error) { return tx.GetContactFlow(ctx, inst.ID, ref) }, (*ContactFlow).id)
		byName = idOf(func() (*ContactFlow, error) { return tx.GetContactFlowByName(ctx, inst.ID, ref) }, (*ContactFlow).id)
	case ResourceRoutingProfile:
		byID = idOf(func() (*RoutingProfile, error) { return tx.GetRoutingProfile(ctx, inst.ID, ref) }, (*RoutingProfile).id)
		byName = idOf(func() (*RoutingProfile, error) { return tx.GetRoutingProfileByName(ctx, inst.ID, ref) }, (*RoutingProfile).id)
	case ResourceSecurityProfile:
		byID = idOf(func() (*SecurityProfile, error) { return tx.GetSecurityProfile(ctx, inst.ID, ref) }, (*SecurityProfile).id)
		byName = idOf(func() (*SecurityProfile, error) { return tx.GetSecurityProfileByName(ctx, inst.ID, ref) }, (*SecurityProfile).id)
	case ResourceAgentStatus:
		byID = idOf(func() (*AgentStatus, error) { return tx.GetAgentStatus(ctx, inst.ID, ref) }, (*AgentStatus).id)
		byName = idOf(func() (*AgentStatus, error) { return tx.GetAgentStatusByName(ctx, inst.ID, ref) }, (*AgentStatus).id)
	case ResourceUser:
		byID = idOf(func() (*User, error) { return tx.GetUser(ctx, inst.ID, ref) }, (*User).id)
		byName = idOf(func() (*User, error) { return tx.GetUserByUsername(ctx, inst.ID, ref) }, (*User).id)
	case ResourceTaskTemplate:
		byID = idOf(func() (*TaskTemplate, error) { return tx.GetTaskTemplate(ctx, inst.ID, ref) }, (*TaskTemplate).id)
		byName = idOf(func() (*TaskTemplate, error) { return tx.GetTaskTemplateByName(ctx, inst.ID, ref) }, (*TaskTemplate).id)
	case ResourceQuickConnect:
		byID = idOf(func() (*QuickConnect, error) { return tx.GetQuickConnect(ctx, inst.ID, ref) }, (*QuickConnect).id)
		byName = idOf(func() (*QuickConnect, error) { return tx.GetQuickConnectByName(ctx, inst.ID, ref) }, (*QuickConnect).id)
	case ResourceHierarchyGroup:
		byID = idOf(func() (*HierarchyGroup, error) { return tx.GetHierarchyGroup(ctx, inst.ID, ref) }, (*HierarchyGroup).id)
		byName = idOf(func() (*HierarchyGroup, error) { return tx.GetHierarchyGroupByName(ctx, inst.ID, ref) }, (*HierarchyGroup).id)
	default:
		return "", Errorf(Internal, "connect: Resolve: unsupported resource %q", r)
	}
	for _, find := range []func() (string, error){byID, byName} {
		id, err := find()
		if err == nil {
			return id, nil
		}
		if !IsNotFound(err) {
			return "", err
		}
	}
	return "", &Error{Kind: NotFound, Resource: r,
		Message: resourceLabel[r] + " not found: no " + lowerFirst(resourceLabel[r]) + " of the instance has the ID or name " + ref}
}

func idOf[T any](get func() (T, error), id func(T) string) func() (string, error) {
	return func() (string, error) {
		v, err := get()
		if err != nil {
			return "", err
		}
		return id(v), nil
	}
}

func (h *HoursOfOperation) id() string { return h.ID }
func (q *Queue) id() string            { return q.ID }
func (f *ContactFlow) id() string      { return f.ID }
func (rp *RoutingProfile) id() string  { return rp.ID }
func (sp *SecurityProfile) id() string { return sp.ID }
func (as *AgentStatus) id() string     { return as.ID }
func (u *User) id() string             { return u.ID }
func (t *TaskTemplate) id() string     { return t.ID }
func (q *QuickConnect) id() string     { return q.ID }

func isARN(s string) bool { return len(s) > 4 && s[:4] == "arn:" }

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// chosenID is the form of an ID a bootstrap file may choose: it travels in
// URL paths and ARNs, so it holds no '/', ':' or '.'. Amazon Connect's own
// IDs (UUIDs) have this form.
var chosenID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

// keptKey identifies a resource across a reset: its kind, its instance and
// its name (an instance's alias, a user's username).
type keptKey struct {
	r          Resource
	instanceID string
	name       string
}

// newID returns the ID of a resource of kind r named name that is being
// created in instanceID: want when it is not "" (an ID a bootstrap file
// declares; it must have the form of chosenID), else the ID a resource of
// that kind and name had before the reset under way, else a new one.
func (ch *change) newID(r Resource, instanceID, name, want string) (string, error) {
	if want != "" {
		if !chosenID.MatchString(want) {
			return "", invalidParam("The ID %q of a new %s must be 1 to 100 letters, digits, '-' or '_'.", want, lowerFirst(resourceLabel[r]))
		}
		return want, nil
	}
	return ch.seedID(r, instanceID, name), nil
}

// seedID is newID without a wanted ID.
func (ch *change) seedID(r Resource, instanceID, name string) string {
	if id, ok := ch.kept[keptKey{r, instanceID, name}]; ok && name != "" {
		return id
	}
	return ch.s.ids.NewID()
}

// ResetSummary is what Reset removed and what it restored.
type ResetSummary struct {
	Removed  PartitionCounts
	Restored []*Instance // the instances the restore function ensured
}

// Reset empties partition p and restores what a first start creates there,
// in one write transaction: it deletes every instance of p with everything
// in it (resources, contacts with their scheduled work, attributes and agent
// assignments, flow logs, quota counters, task template snapshots) and the
// contact events of those instances, then runs restore (nil: nothing is
// restored). Other partitions are untouched.
//
// What restore creates gets the ID it had before the reset: an instance the
// ID of the instance of p that had its alias, and a resource the ID of the
// resource of its kind and name (a user: username) in that instance, unless
// restore chooses an ID itself. restore may run more than once (see
// Store.Update) and must have no other effect.
func (s *Service) Reset(ctx context.Context, p Partition, restore func(ctx context.Context, pv *Provisioner) error) (*ResetSummary, error) {
	var out *ResetSummary
	err := s.write(ctx, func(ch *change) error {
		kept, err := ch.keptIDs(ctx, p)
		if err != nil {
			return err
		}
		removed, err := ch.tx.DeletePartition(ctx, p)
		if err != nil {
			return err
		}
		ch.kept = kept
		defer func() { ch.kept = nil }()
		pv := &Provisioner{ch: ch, p: p}
		if restore != nil {
			if err := restore(ctx, pv); err != nil {
				return err
			}
		}
		out = &ResetSummary{Removed: removed, Restored: pv.instances}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// keptIDs returns the IDs of p's instances (by alias) and of the resources
// in them (by kind, instance and name), for Reset to give them again.
func (ch *change) keptIDs(ctx context.Context, p Partition) (map[keptKey]string, error) {
	tx := ch.tx
	all := PageRequest{} // no limit
	insts, err := tx.ListInstances(ctx, p, all)
	if err != nil {
		return nil, err
	}
	kept := map[keptKey]string{}
	keep := func(r Resource, instanceID, name, id string) {
		if name != "" {
			kept[keptKey{r, instanceID, name}] = id
		}
	}
	for _, inst := range insts {
		keep(ResourceInstance, "", inst.Alias, inst.ID)
		in := inst.ID
		hours, err := tx.ListHoursOfOperations(ctx, in, all)
		if err != nil {
			return nil, err
		}
		for _, h := range hours {
			keep(ResourceHoursOfOperation, in, h.Name, h.ID)
		}
		queues, err := tx.ListQueues(ctx, in, []string{QueueStandard}, all)
		if err != nil {
			return nil, err
		}
		for _, q := range queues {
			keep(ResourceQueue, in, q.Name, q.ID)
		}
		flows, err := tx.ListContactFlows(ctx, in, nil, all)
		if err != nil {
			return nil, err
		}
		for _, f := range flows {
			keep(ResourceContactFlow, in, f.Name, f.ID)
		}
		rps, err := tx.ListRoutingProfiles(ctx, in, all)
		if err != nil {
			return nil, err
		}
		for _, rp := range rps {
			keep(ResourceRoutingProfile, in, rp.Name, rp.ID)
		}
		sps, err := tx.ListSecurityProfiles(ctx, in, all)
		if err != nil {
			return nil, err
		}
		for _, sp := range sps {
			keep(ResourceSecurityProfile, in, sp.Name, sp.ID)
		}
		sts, err := tx.ListAgentStatuses(ctx, in, nil, all)
		if err != nil {
			return nil, err
		}
		for _, st := range sts {
			keep(ResourceAgentStatus, in, st.Name, st.ID)
		}
		users, err := tx.ListUsers(ctx, in, all)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			keep(ResourceUser, in, u.Username, u.ID)
		}
		tts, err := tx.ListTaskTemplates(ctx, in, TaskTemplateFilter{})
		if err != nil {
			return nil, err
		}
		for _, t := range tts {
			keep(ResourceTaskTemplate, in, t.Name, t.ID)
		}
		qcs, err := tx.ListQuickConnects(ctx, in, nil, all)
		if err != nil {
			return nil, err
		}
		for _, q := range qcs {
			keep(ResourceQuickConnect, in, q.Name, q.ID)
		}
		if err := keepHierarchyGroups(ctx, tx, in, keep); err != nil {
			return nil, err
		}
	}
	return kept, nil
}
