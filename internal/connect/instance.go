package connect

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Instance is an Amazon Connect instance.
type Instance struct {
	ID                     string
	ARN                    string
	Partition              Partition
	Alias                  string
	IdentityManagementType string // SAML | CONNECT_MANAGED | EXISTING_DIRECTORY
	DirectoryID            string
	Status                 string // ACTIVE once created
	InboundCallsEnabled    bool
	OutboundCallsEnabled   bool
	ServiceRole            string
	CreatedTime            time.Time
	ClientToken            string
	Tags                   map[string]string
	// Attributes holds the attributes set with UpdateInstanceAttribute,
	// other than INBOUND_CALLS and OUTBOUND_CALLS; see Attribute.
	Attributes map[string]string
}

// AccessURL is the instance's console address, as AWS shows it.
func (i *Instance) AccessURL() string {
	if i.Alias == "" {
		return ""
	}
	return "https://" + i.Alias + ".my.connect.aws"
}

// CreateInstanceInput is CreateInstance's input.
type CreateInstanceInput struct {
	ClientToken            string
	IdentityManagementType string
	Alias                  string
	DirectoryID            string
	InboundCallsEnabled    bool
	OutboundCallsEnabled   bool
	Tags                   map[string]string
}

// Identity management types (AWS DirectoryType).
const (
	DirectorySAML     = "SAML"
	DirectoryManaged  = "CONNECT_MANAGED"
	DirectoryExisting = "EXISTING_DIRECTORY"
)

// CreateInstance creates an instance with what a new Amazon Connect instance
// is born with (see seedInstance). A retry with the same ClientToken returns
// the instance the first call created.
func (s *Service) CreateInstance(ctx context.Context, p Partition, in CreateInstanceInput) (*Instance, error) {
	var out *Instance
	err := s.write(ctx, func(ch *change) (err error) {
		out, err = ch.createInstance(ctx, p, "", in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// createInstance is CreateInstance in ch; id, when not "", is the new
// instance's ID (see newID).
func (ch *change) createInstance(ctx context.Context, p Partition, id string, in CreateInstanceInput) (*Instance, error) {
	if err := checkDirectory(in); err != nil {
		return nil, err
	}
	tx := ch.tx
	if in.ClientToken != "" {
		prev, err := tx.GetInstanceByClientToken(ctx, p, in.ClientToken)
		if err == nil {
			return prev, nil
		}
		if !IsNotFound(err) {
			return nil, err
		}
	}
	if in.Alias != "" {
		if _, err := tx.GetInstanceByAlias(ctx, p, in.Alias); err == nil {
			return nil, Errorf(Duplicate, "An instance with the alias %s already exists.", in.Alias)
		} else if !IsNotFound(err) {
			return nil, err
		}
	}
	id, err := ch.newID(ResourceInstance, "", in.Alias, id)
	if err != nil {
		return nil, err
	}
	inst := &Instance{
		ID:                     id,
		Partition:              p,
		Alias:                  in.Alias,
		IdentityManagementType: in.IdentityManagementType,
		DirectoryID:            in.DirectoryID,
		Status:                 "ACTIVE",
		InboundCallsEnabled:    in.InboundCallsEnabled,
		OutboundCallsEnabled:   in.OutboundCallsEnabled,
		CreatedTime:            ch.now,
		ClientToken:            in.ClientToken,
		Tags:                   in.Tags,
	}
	inst.ARN = InstanceARN(p, inst.ID)
	inst.ServiceRole = "arn:" + awsPartition(p.Region) + ":iam::" + p.AccountID +
		":role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect"
	if err := ch.seedInstance(ctx, inst); err != nil {
		return nil, err
	}
	return inst, nil
}

// checkDirectory applies CreateInstance's documented identity rules: an
// existing directory needs a DirectoryId, the other types an InstanceAlias.
func checkDirectory(in CreateInstanceInput) error {
	switch in.IdentityManagementType {
	case DirectoryExisting:
		if in.DirectoryID == "" {
			return Errorf(Invalid, "DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY.")
		}
	default:
		if in.DirectoryID != "" {
			return Errorf(Invalid, "DirectoryId can be set only when IdentityManagementType is EXISTING_DIRECTORY.")
		}
		if in.Alias == "" {
			return Errorf(Invalid, "InstanceAlias is required when IdentityManagementType is %s.", in.IdentityManagementType)
		}
	}
	return nil
}

// DescribeInstance returns the instance id of p.
func (s *Service) DescribeInstance(ctx context.Context, p Partition, id string) (*Instance, error) {
	return s.instance(ctx, p, id)
}

// ListInstances returns a page of p's instances and the next page's token.
func (s *Service) ListInstances(ctx context.Context, p Partition, token string, max int) ([]*Instance, string, error) {
	pr, err := pageRequest(token, max, 10)
	if err != nil {
		return nil, "", err
	}
	items, err := s.store.ListInstances(ctx, p, pr)
	if err != nil {
		return nil, "", err
	}
	items, next := nextToken(items, pr, func(i *Instance) string { return i.ID })
	return items, next, nil
}

// DeleteInstance deletes the instance and everything in it.
func (s *Service) DeleteInstance(ctx context.Context, p Partition, id string) error {
	inst, err := s.instance(ctx, p, id)
	if err != nil {
		return err
	}
	return s.write(ctx, func(ch *change) error { return ch.tx.DeleteInstance(ctx, inst.ID) })
}

// DefaultInstanceAlias is the alias of the instance connectd creates on first start.
const DefaultInstanceAlias = "connectd"

// EnsureDefaultInstance returns p's instance aliased DefaultInstanceAlias,
// creating it on first start (see Provisioner.DefaultInstance).
func (s *Service) EnsureDefaultInstance(ctx context.Context, p Partition) (*Instance, error) {
	inst, err := s.store.GetInstanceByAlias(ctx, p, DefaultInstanceAlias)
	if err == nil {
		return inst, nil
	}
	if !IsNotFound(err) {
		return nil, err
	}
	err = s.Provision(ctx, p, func(ctx context.Context, pv *Provisioner) (err error) {
		inst, _, err = pv.DefaultInstance(ctx)
		return err
	})
	if KindOf(err) == Duplicate { // lost a race with another starter
		return s.store.GetInstanceByAlias(ctx, p, DefaultInstanceAlias)
	}
	if err != nil {
		return nil, err
	}
	return inst, nil
}

// Names of the resources every instance is born with, as in Amazon Connect.
const (
	BasicHoursName = "Basic Hours"
	BasicQueueName = "BasicQueue"
	// DefaultTaskFlowName is connectd's own addition: a flow that routes a task
	// to BasicQueue, so that a new instance can run tasks out of the box.
	DefaultTaskFlowName = "Default task flow"
)

// Names of the agent-side resources every instance is born with, as in
// Amazon Connect.
const (
	BasicRoutingProfileName = "Basic Routing Profile"
	AvailableStatusName     = "Available"
	OfflineStatusName       = "Offline"
)

// seedInstance inserts inst with its default hours, queue and flows.
func (ch *change) seedInstance(ctx context.Context, inst *Instance) error {
	tx := ch.tx
	if err := tx.InsertInstance(ctx, inst); err != nil {
		return err
	}
	now := inst.CreatedTime
	hours := &HoursOfOperation{
		ID: ch.seedID(ResourceHoursOfOperation, inst.ID, BasicHoursName), InstanceID: inst.ID, Name: BasicHoursName,
		Description: "24/7", TimeZone: "UTC", LastModified: now,
	}
	hours.ARN = subARN(inst.Partition, inst.ID, ResourceHoursOfOperation, hours.ID)
	for _, d := range weekDays {
		hours.Config = append(hours.Config, HoursConfig{Day: d}) // 00:00-00:00 is all day
	}
	if err := tx.InsertHoursOfOperation(ctx, hours); err != nil {
		return err
	}
	queue := &Queue{
		ID: ch.seedID(ResourceQueue, inst.ID, BasicQueueName), InstanceID: inst.ID, Name: BasicQueueName, Description: "A simple, basic voice queue.",
		Type: "STANDARD", Status: "ENABLED", HoursOfOperationID: hours.ID, LastModified: now,
	}
	queue.ARN = subARN(inst.Partition, inst.ID, ResourceQueue, queue.ID)
	if err := tx.InsertQueue(ctx, queue); err != nil {
		return err
	}
	if err := ch.seedAgentResources(ctx, inst, queue); err != nil {
		return err
	}
	flows := append(defaultFlows[:len(defaultFlows):len(defaultFlows)],
		struct{ name, typ, content string }{DefaultTaskFlowName, "CONTACT_FLOW", taskFlow})
	for _, f := range flows {
		if strings.Contains(f.content, "%q") {
			f.content = fmt.Sprintf(f.content, queue.ARN)
		}
		cf := &ContactFlow{
			ID: ch.seedID(ResourceContactFlow, inst.ID, f.name), InstanceID: inst.ID, Name: f.name, Type: f.typ, Content: f.content,
			State: FlowActive, Status: FlowPublished, LastModified: now,
		}
		cf.ARN = subARN(inst.Partition, inst.ID, ResourceContactFlow, cf.ID)
		if err := tx.InsertContactFlow(ctx, cf); err != nil {
			return err
		}
	}
	return nil
}

// seedAgentResources inserts what a new instance has for its agents: the
// Basic Routing Profile serving basicQueue, the default security profiles,
// and the Available (ROUTABLE) and Offline (OFFLINE) agent statuses.
func (ch *change) seedAgentResources(ctx context.Context, inst *Instance, basicQueue *Queue) error {
	tx := ch.tx
	now := inst.CreatedTime
	p := inst.Partition
	rp := &RoutingProfile{
		ID: ch.seedID(ResourceRoutingProfile, inst.ID, BasicRoutingProfileName), InstanceID: inst.ID, Name: BasicRoutingProfileName, Description: BasicRoutingProfileName,
		DefaultOutboundQueueID: basicQueue.ID, MediaConcurrencies: basicConcurrency,
		AgentAvailabilityTimer: TimerSinceLastActivity, IsDefault: true, LastModified: now,
	}
	rp.ARN = subARN(p, inst.ID, ResourceRoutingProfile, rp.ID)
	if err := tx.InsertRoutingProfile(ctx, rp); err != nil {
		return err
	}
	var qs []RoutingProfileQueue
	for _, m := range basicConcurrency {
		qs = append(qs, RoutingProfileQueue{QueueID: basicQueue.ID, Channel: m.Channel, Priority: 1, Delay: 0})
	}
	if err := tx.PutRoutingProfileQueues(ctx, inst.ID, rp.ID, qs); err != nil {
		return err
	}
	for _, name := range defaultSecurityProfiles {
		sp := &SecurityProfile{ID: ch.seedID(ResourceSecurityProfile, inst.ID, name), InstanceID: inst.ID, Name: name, LastModified: now}
		sp.ARN = subARN(p, inst.ID, ResourceSecurityProfile, sp.ID)
		if err := tx.InsertSecurityProfile(ctx, sp); err != nil {
			return err
		}
	}
	for i, st := range []struct{ name, typ string }{
		{AvailableStatusName, AgentStatusRoutable},
		{OfflineStatusName, AgentStatusOffline},
	} {
		as := &AgentStatus{ID: ch.seedID(ResourceAgentStatus, inst.ID, st.name), InstanceID: inst.ID, Name: st.name, Type: st.typ,
			State: AgentStatusEnabled, DisplayOrder: ptrTo(int32(i + 1)), LastModified: now}
		as.ARN = subARN(p, inst.ID, ResourceAgentStatus, as.ID)
		if err := tx.InsertAgentStatus(ctx, as); err != nil {
			return err
		}
	}
	return nil
}
