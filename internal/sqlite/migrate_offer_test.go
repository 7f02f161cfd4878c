package sqlite

import (
	"testing"

	"connectd/internal/storetest"
)

// TestMigrate0014 opens a database written by a connectd that knew
// migrations up to 0013, with an ended contact, and checks that 0014 keeps
// it readable and counted (through the rebuilt covering indexes), with no
// offer time and no routing profile.
func TestMigrate0014(t *testing.T) {
	t.Parallel()
	path := schemaBefore(t, 14, append([]string{`INSERT INTO instances (id, arn, account_id, region, alias, identity_management_type,
			directory_id, status, inbound_calls_enabled, outbound_calls_enabled, service_role, created_time, client_token, tags)
			VALUES ('i-a', 'arn:i-a', '111111111111', 'us-east-1', NULL, 'CONNECT_MANAGED', '', 'ACTIVE', 1, 1, '', 0, NULL, NULL)`},
		storetest.PreAgentOfferContacts...)...)
	storetest.CheckMigratedAgentOffer(t, openMigrated(t, path))
}
