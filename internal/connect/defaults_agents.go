package connect

import "context"

// Names of the agent-side resources every instance is born with, as in
// Amazon Connect.
const (
	BasicRoutingProfileName = "Basic Routing Profile"
	AvailableStatusName     = "Available"
	OfflineStatusName       = "Offline"
)

// defaultSecurityProfiles are the security profiles of a new instance.
var defaultSecurityProfiles = []string{"Admin", "Agent", "CallCenterManager", "QualityAnalyst"}

// basicConcurrency is the channels of the Basic Routing Profile. AWS
// documents the profile's existence but not its settings: connectd gives it
// voice (1), chat (2) and task (1), each served by BasicQueue at priority 1
// with no delay.
var basicConcurrency = []MediaConcurrency{
	{Channel: ChannelVoice, Concurrency: 1},
	{Channel: ChannelChat, Concurrency: 2},
	{Channel: ChannelTask, Concurrency: 1},
}

// seedAgentResources inserts what a new instance has for its agents: the
// Basic Routing Profile serving basicQueue, the default security profiles,
// and the Available (ROUTABLE) and Offline (OFFLINE) agent statuses.
func (s *Service) seedAgentResources(ctx context.Context, tx Tx, inst *Instance, basicQueue *Queue) error {
	now := inst.CreatedTime
	p := inst.Partition
	rp := &RoutingProfile{
		ID: s.ids.NewID(), InstanceID: inst.ID, Name: BasicRoutingProfileName, Description: BasicRoutingProfileName,
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
		sp := &SecurityProfile{ID: s.ids.NewID(), InstanceID: inst.ID, Name: name, LastModified: now}
		sp.ARN = subARN(p, inst.ID, ResourceSecurityProfile, sp.ID)
		if err := tx.InsertSecurityProfile(ctx, sp); err != nil {
			return err
		}
	}
	for i, st := range []struct{ name, typ string }{
		{AvailableStatusName, AgentStatusRoutable},
		{OfflineStatusName, AgentStatusOffline},
	} {
		as := &AgentStatus{ID: s.ids.NewID(), InstanceID: inst.ID, Name: st.name, Type: st.typ,
			State: AgentStatusEnabled, DisplayOrder: ptrTo(int32(i + 1)), LastModified: now}
		as.ARN = subARN(p, inst.ID, ResourceAgentStatus, as.ID)
		if err := tx.InsertAgentStatus(ctx, as); err != nil {
			return err
		}
	}
	return nil
}
