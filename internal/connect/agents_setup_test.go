package connect_test

import (
	"testing"
	"time"

	"connectd/internal/clock"
	"connectd/internal/connect"
	"connectd/internal/connecttest"
	"connectd/internal/sqlite"
)

// agentBundle is a Service over real SQLite with an instance and the IDs of
// what it is born with.
type agentBundle struct {
	svc       *connect.Service
	db        *sqlite.DB
	clock     *clock.Manual
	p         connect.Partition
	inst      string
	rp        string // Basic Routing Profile
	queue     string // BasicQueue
	hours     string // Basic Hours
	sp        map[string]string
	available string
	offline   string
}

func setupAgents(t *testing.T) *agentBundle {
	t.Helper()
	c := connecttest.Setup(t, connecttest.Config{Partition: connect.Partition{AccountID: "123456789012", Region: "eu-west-2"},
		Start: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)})
	return &agentBundle{svc: c.Service, db: c.Store, clock: c.Clock, p: c.Partition, inst: c.Instance.ID,
		rp: c.RoutingProfile, queue: c.Queue, hours: c.Hours, sp: c.SecurityProfiles, available: c.Available, offline: c.Offline}
}

func (b *agentBundle) user(t *testing.T, name string) *connect.User {
	t.Helper()
	u, err := b.svc.CreateUser(t.Context(), b.p, connect.CreateUserInput{
		InstanceID: b.inst, Username: name, Password: new("Passw0rd!"),
		Identity:         connect.UserIdentity{FirstName: "F", LastName: "L"},
		RoutingProfileID: b.rp, SecurityProfileIDs: []string{b.sp["Agent"]},
	})
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return u
}

func wantKind(t *testing.T, what string, err error, k connect.Kind) {
	t.Helper()
	if connect.KindOf(err) != k || err == nil {
		t.Errorf("%s = %v, want a %v error", what, err, k)
	}
}
