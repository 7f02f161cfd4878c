package connect_test

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"connectd/internal/connect"
	"connectd/internal/sqlite"
)

// manualClock is a Clock tests move by hand.
type manualClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *manualClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// agentBundle is a Service over real SQLite with an instance and the IDs of
// what it is born with.
type agentBundle struct {
	svc       *connect.Service
	db        *sqlite.DB
	clock     *manualClock
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
	ctx := t.Context()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "connectd.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := &agentBundle{db: db, clock: &manualClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)},
		p: connect.Partition{AccountID: "123456789012", Region: "eu-west-2"}, sp: map[string]string{}}
	b.svc = connect.NewService(connect.ServiceConfig{Store: db, Clock: b.clock})
	inst, err := b.svc.CreateInstance(ctx, b.p, connect.CreateInstanceInput{IdentityManagementType: connect.DirectoryManaged, Alias: "agents"})
	if err != nil {
		t.Fatal(err)
	}
	b.inst = inst.ID
	rps, _, err := b.svc.ListRoutingProfiles(ctx, b.p, b.inst, "", 0)
	if err != nil || len(rps) != 1 {
		t.Fatalf("ListRoutingProfiles = %d profiles, %v; want the Basic Routing Profile", len(rps), err)
	}
	b.rp = rps[0].ID
	b.queue = rps[0].DefaultOutboundQueueID
	hours, _, err := b.svc.ListHoursOfOperations(ctx, b.p, b.inst, "", 0)
	if err != nil || len(hours) != 1 {
		t.Fatalf("ListHoursOfOperations = %d, %v", len(hours), err)
	}
	b.hours = hours[0].ID
	sps, _, err := b.svc.ListSecurityProfiles(ctx, b.p, b.inst, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range sps {
		b.sp[sp.Name] = sp.ID
	}
	sts, _, err := b.svc.ListAgentStatuses(ctx, b.p, b.inst, nil, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range sts {
		switch st.Name {
		case connect.AvailableStatusName:
			b.available = st.ID
		case connect.OfflineStatusName:
			b.offline = st.ID
		}
	}
	return b
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
