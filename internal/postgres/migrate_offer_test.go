package postgres

import (
	"context"
	"testing"

	"connectd/internal/storetest"
)

// TestMigrate0014 is the twin of the SQLite store's: a contact ended
// before 0014 stays readable and counted, with no offer time and no
// routing profile.
func TestMigrate0014(t *testing.T) {
	t.Parallel()
	url := schemaBefore(t, 14, append([]string{`INSERT INTO instances (id, arn, account_id, region, identity_management_type,
			directory_id, status, inbound_calls_enabled, outbound_calls_enabled, service_role, created_time)
			VALUES ('i-a', 'arn:i-a', '111111111111', 'us-east-1', 'CONNECT_MANAGED', '', 'ACTIVE', true, true, '', 0)`},
		storetest.PreAgentOfferContacts...)...)
	db, err := Open(context.Background(), url, Options{})
	if err != nil {
		t.Fatalf("Open (migrating to 0014): %v", err)
	}
	t.Cleanup(func() { db.Close() })
	storetest.CheckMigratedAgentOffer(t, db)
}
