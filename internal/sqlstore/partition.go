package sqlstore

import (
	"context"

	"connectd/internal/connect"
)

// partitionInstances selects the IDs of the instances of partition (?1, ?2).
const partitionInstances = `instance_id IN (SELECT id FROM instances WHERE account_id = ?1 AND region = ?2)`

// partitionDeletes are DeletePartition's statements, each with what it
// counts (nil: not counted). The rows counted are deleted explicitly, since
// ON DELETE CASCADE reports no count; what is not counted goes with the
// instances' rows (the last statement) by cascade.
var partitionDeletes = []struct {
	query string
	count func(c *connect.PartitionCounts) *int
}{
	{`DELETE FROM flow_logs WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.FlowLogEntries }},
	// contact_events has no foreign key (events outlive their contacts in
	// the outbox until retention), so only this statement removes them.
	{`DELETE FROM contact_events WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.ContactEvents }},
	{`DELETE FROM contacts WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.Contacts }},
	{`DELETE FROM task_templates WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.TaskTemplates }},
	{`DELETE FROM quick_connects WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.QuickConnects }},
	{`DELETE FROM contact_flow_modules WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.FlowModules }},
	{`DELETE FROM users WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.Users }},
	{`DELETE FROM queues WHERE ` + partitionInstances + ` AND type = 'AGENT'`, nil},
	{`DELETE FROM queues WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.Queues }},
	{`DELETE FROM routing_profiles WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.RoutingProfiles }},
	{`DELETE FROM security_profiles WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.SecurityProfiles }},
	{`DELETE FROM agent_statuses WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.AgentStatuses }},
	{`DELETE FROM hours_of_operation WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.HoursOfOperations }},
	{`DELETE FROM contact_flows WHERE ` + partitionInstances, func(c *connect.PartitionCounts) *int { return &c.ContactFlows }},
	{`DELETE FROM instances WHERE account_id = ?1 AND region = ?2`, func(c *connect.PartitionCounts) *int { return &c.Instances }},
}

func (t *Tx) DeletePartition(ctx context.Context, p connect.Partition) (connect.PartitionCounts, error) {
	var c connect.PartitionCounts
	for _, d := range partitionDeletes {
		n, err := t.exec(ctx, d.query, p.AccountID, p.Region)
		if err != nil {
			return connect.PartitionCounts{}, t.internal("delete partition", err)
		}
		if d.count != nil {
			*d.count(&c) = int(n)
		}
	}
	return c, nil
}
