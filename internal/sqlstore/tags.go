package sqlstore

import (
	"context"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// taggedTables are the tables whose rows SetTags can find by ARN (each has a
// UNIQUE arn index).
var taggedTables = []string{
	`UPDATE instances SET tags = ?1 WHERE arn = ?2`,
	`UPDATE contact_flows SET tags = ?1 WHERE arn = ?2`,
	`UPDATE queues SET tags = ?1 WHERE arn = ?2`,
	`UPDATE hours_of_operation SET tags = ?1 WHERE arn = ?2`,
	`UPDATE contacts SET tags = ?1 WHERE arn = ?2`,
	`UPDATE task_templates SET tags = ?1 WHERE arn = ?2`,
	`UPDATE quick_connects SET tags = ?1 WHERE arn = ?2`,
	`UPDATE users SET tags = ?1 WHERE arn = ?2`,
	`UPDATE routing_profiles SET tags = ?1 WHERE arn = ?2`,
	`UPDATE security_profiles SET tags = ?1 WHERE arn = ?2`,
	`UPDATE agent_statuses SET tags = ?1 WHERE arn = ?2`,
	`UPDATE contact_flow_modules SET tags = ?1 WHERE arn = ?2`,
	`UPDATE user_hierarchy_groups SET tags = ?1 WHERE arn = ?2`,
}

func (t *Tx) SetTags(ctx context.Context, arn string, tags map[string]string) error {
	const op = "set tags"
	enc, err := rowjson.Tags(tags)
	if err != nil {
		return t.internal(op, err)
	}
	for _, stmt := range taggedTables {
		n, err := t.exec(ctx, stmt, enc, arn)
		if err != nil {
			return t.internal(op, err)
		}
		if n > 0 {
			return nil
		}
	}
	return &connect.Error{Kind: connect.NotFound, Message: "Resource not found: " + arn}
}
