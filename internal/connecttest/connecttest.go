// Package connecttest sets up what the tests of the domain share: a
// connect.Service on a real SQLite store in the test's temporary directory,
// with a manual clock and the default instance, and the IDs of what that
// instance is born with (STYLE.md §11: real SQLite, not mocks).
//
// It imports internal/sqlite, so the tests of internal/connect that use it
// are external (package connect_test).
package connecttest

import (
	"path/filepath"
	"testing"
	"time"

	"connectd/internal/clock"
	"connectd/internal/connect"
	"connectd/internal/sqlite"
)

// Config changes what Setup builds; the zero Config is the usual setup.
type Config struct {
	// Partition is the caller's account and region; default
	// 000000000000 in us-east-1.
	Partition connect.Partition
	// Start is the manual clock's first time; default 2026-03-02 09:00 UTC.
	Start time.Time
	// Flows, Runner and ActiveContactQuota are the Service's (see
	// connect.ServiceConfig): by default any flow content is valid, no flow
	// runs and the quota is connect's default.
	Flows              connect.FlowValidator
	Runner             connect.FlowRunner
	ActiveContactQuota int
}

// Bundle is a Service on a real store with its default instance.
type Bundle struct {
	Service   *connect.Service
	Store     *sqlite.DB
	Clock     *clock.Manual
	Partition connect.Partition
	Instance  *connect.Instance // EnsureDefaultInstance's

	// The IDs of what the instance is born with.
	Queue            string            // BasicQueue
	Hours            string            // Basic Hours
	RoutingProfile   string            // Basic Routing Profile
	TaskFlow         string            // Default task flow
	Flows            map[string]string // every flow, by name
	SecurityProfiles map[string]string // by name
	Available        string            // the ROUTABLE agent status
	Offline          string            // the OFFLINE agent status
}

// Setup returns a Bundle whose store is closed when tb ends.
func Setup(tb testing.TB, cfg Config) *Bundle {
	tb.Helper()
	if cfg.Partition == (connect.Partition{}) {
		cfg.Partition = connect.Partition{AccountID: "000000000000", Region: "us-east-1"}
	}
	if cfg.Start.IsZero() {
		cfg.Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	}
	ctx := tb.Context()
	db, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "connectd.db"), sqlite.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	b := &Bundle{Store: db, Clock: clock.NewManual(cfg.Start), Partition: cfg.Partition,
		Flows: map[string]string{}, SecurityProfiles: map[string]string{}}
	b.Service = connect.NewService(connect.ServiceConfig{Store: db, Clock: b.Clock, Flows: cfg.Flows,
		Runner: cfg.Runner, ActiveContactQuota: cfg.ActiveContactQuota})
	if b.Instance, err = b.Service.EnsureDefaultInstance(ctx, b.Partition); err != nil {
		tb.Fatal(err)
	}
	p, inst := b.Partition, b.Instance.ID
	queues, _, err := b.Service.ListQueues(ctx, p, inst, []string{connect.QueueStandard}, "", 0)
	if err != nil || len(queues) != 1 || queues[0].Name != connect.BasicQueueName {
		tb.Fatalf("ListQueues = %v, %v; want BasicQueue", queues, err)
	}
	b.Queue = queues[0].ID
	hours, _, err := b.Service.ListHoursOfOperations(ctx, p, inst, "", 0)
	if err != nil || len(hours) != 1 {
		tb.Fatalf("ListHoursOfOperations = %v, %v; want Basic Hours", hours, err)
	}
	b.Hours = hours[0].ID
	rps, _, err := b.Service.ListRoutingProfiles(ctx, p, inst, "", 0)
	if err != nil || len(rps) != 1 {
		tb.Fatalf("ListRoutingProfiles = %v, %v; want the Basic Routing Profile", rps, err)
	}
	b.RoutingProfile = rps[0].ID
	flows, _, err := b.Service.ListContactFlows(ctx, p, inst, nil, "", 0)
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range flows {
		b.Flows[f.Name] = f.ID
	}
	b.TaskFlow = b.Flows[connect.DefaultTaskFlowName]
	sps, _, err := b.Service.ListSecurityProfiles(ctx, p, inst, "", 0)
	if err != nil {
		tb.Fatal(err)
	}
	for _, sp := range sps {
		b.SecurityProfiles[sp.Name] = sp.ID
	}
	sts, _, err := b.Service.ListAgentStatuses(ctx, p, inst, nil, "", 0)
	if err != nil {
		tb.Fatal(err)
	}
	for _, st := range sts {
		switch st.Name {
		case connect.AvailableStatusName:
			b.Available = st.ID
		case connect.OfflineStatusName:
			b.Offline = st.ID
		}
	}
	return b
}
