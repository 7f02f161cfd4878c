package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"connectd/internal/admin"
	"connectd/internal/awsapi"
	"connectd/internal/bootstrap"
	"connectd/internal/clock"
	"connectd/internal/connect"
	"connectd/internal/events"
	"connectd/internal/flow"
	"connectd/internal/scheduler"
	"connectd/internal/sigv4"
	"connectd/internal/telemetry"
)

// Main is a running connectd: the store, the service and the HTTP server,
// wired explicitly. Tests run it in-process on 127.0.0.1:0.
type Main struct {
	Config Config
	Logger *slog.Logger

	store     connect.Store
	service   *connect.Service
	scheduler *scheduler.Scheduler
	events    *events.Dispatcher
	metrics   *telemetry.Metrics
	manual    *clock.Manual   // the manual clock, nil with --clock real
	bootstrap *bootstrap.File // --bootstrap's, nil without
	listener  net.Listener
	server    *http.Server
	served    chan error

	credentials  sigv4.CredentialStore // --credentials' keys, nil without
	readyWritten bool                  // the ready file is ours to remove

	// DefaultInstance and DefaultTaskFlow are the IDs of the instance
	// connectd creates on first start (the bootstrap file's first, if any)
	// and of its Default task flow, set by Run.
	DefaultInstance, DefaultTaskFlow string
}

// NewMain returns a Main with the default configuration.
func NewMain() *Main {
	return &Main{Config: DefaultConfig()}
}

// ParseFlags reads the configuration from args and the environment.
func (m *Main) ParseFlags(args []string, getenv func(string) string) error {
	c, err := parseConfig(args, getenv)
	if err != nil {
		return err
	}
	m.Config = c
	return nil
}

// Addr is the address the API listens on, once Run has returned.
func (m *Main) Addr() string { return m.listener.Addr().String() }

// Run opens the store, makes sure the default instance exists and starts
// serving. It returns once the server is listening.
func (m *Main) Run(ctx context.Context) (err error) {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	m.initLogger()
	defer func() {
		if err != nil {
			_ = m.Close()
		}
	}()
	auth, err := m.authenticator()
	if err != nil {
		return err
	}
	if m.Config.Bootstrap != "" {
		// Checked before anything opens: a bad file stops connectd at once.
		if m.bootstrap, err = bootstrap.Load(m.Config.Bootstrap); err != nil {
			return err
		}
	}
	m.metrics = telemetry.New()
	if m.store, err = m.openStore(ctx); err != nil {
		return err
	}
	var clk connect.Clock = clock.Real{}
	if m.Config.Clock == "manual" {
		start := time.Now()
		if !m.Config.ClockStart.IsZero() {
			start = m.Config.ClockStart
		}
		m.manual = clock.NewManual(start)
		clk = m.manual
	}
	// The scheduler needs the service (its Runner) and the service tells
	// the scheduler of new wake times: wake goes through a variable set
	// once both exist.
	var sched *scheduler.Scheduler
	m.events, err = events.New(events.Config{Source: eventStore{m.store}, Cursors: eventStore{m.store},
		Webhooks: m.Config.EventWebhooks, Logger: m.Logger, ErrorFunc: admin.WriteError,
		MaxSubscribers: m.Config.MaxEventStreams, WriteTimeout: streamWriteTimeout(m.Config.WriteTimeout)})
	if err != nil {
		return err
	}
	m.service = connect.NewService(connect.ServiceConfig{
		Store: m.metrics.Store(m.store), Clock: clk, Flows: flow.Validator{}, Runner: flow.NewRunner(flow.RunnerConfig{}), Logger: m.Logger,
		ActiveContactQuota: m.Config.ActiveTaskQuota,
		WakeFunc:           func(at time.Time) { sched.Wake(at) },
		EventsFunc:         m.events.Notify,
	})
	sched = scheduler.New(scheduler.Config{Runner: m.service, Clock: clk, Logger: m.Logger,
		Housekeeping: m.service.PruneEvents, ObserveFunc: m.metrics.ObserveDueRun})
	m.metrics.SetSources(telemetry.Config{Stats: storeStats(m.store), Events: eventStats{m.events}, Now: clk.Now})
	if err := m.ensureDefaults(ctx); err != nil {
		return err
	}
	// Due work first (tasks that fell due while connectd was down start
	// now), then in the background.
	if _, err := m.service.RunDue(ctx); err != nil {
		return fmt.Errorf("run due work: %w", err)
	}
	if err := sched.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	m.scheduler = sched
	if err := moveLegacyCursors(ctx, m.store, m.Config.EventWebhooks, m.Logger); err != nil {
		return err
	}
	if err := m.events.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	// The admin API and the event stream act in the caller's partition: the
	// account of its key and the region of its credential scope.
	partition := func(r *http.Request) connect.Partition {
		p := awsapi.PrincipalFrom(r.Context())
		return connect.Partition{AccountID: p.AccountID, Region: p.Region}
	}
	adminCfg := admin.Config{
		Service: m.service, PartitionFunc: partition,
		Clock: m.manual, Now: clk.Now, RunDueFunc: m.service.RunDueFor, PruneFunc: m.service.PruneEvents,
		Events: m.events.Handler(partition), Logger: m.Logger,
		ResetFunc: func(ctx context.Context, p connect.Partition) (*connect.ResetSummary, error) {
			return m.service.Reset(ctx, p, m.restore)
		},
	}
	adminAPI := admin.Handler(adminCfg)
	web, err := m.console(adminCfg)
	if err != nil {
		return err
	}
	api := awsapi.NewServer(awsapi.Config{
		Service:      m.service,
		Logger:       m.Logger,
		Authenticate: auth,
		AccountID:    m.Config.AccountID,
		Region:       m.Config.Region,
		Admin:        adminAPI,
		ObserveFunc:  m.metrics.ObserveRequest,
	})
	if m.listener, err = net.Listen("tcp", m.Config.Listen); err != nil {
		return err
	}
	m.server = &http.Server{Handler: withMetrics(withHealth(withConsole(api, web), m.store.Ping, m.Logger), m.metrics.Handler()),
		ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn)}
	serverLimits(m.server, m.Config)
	// Open event streams end when the dispatcher stops; stopping it when
	// shutdown begins lets Shutdown finish instead of waiting for clients.
	m.server.RegisterOnShutdown(m.events.Stop)
	m.served = make(chan error, 1)
	go func() { m.served <- m.server.Serve(m.listener) }()
	m.logReady()
	warnPermissive(m.Logger, m.Config, m.listener.Addr())
	if m.Config.ReadyFile != "" {
		return m.writeReadyFile(ctx)
	}
	return nil
}

// authenticator builds the request authenticator of the configured auth mode.
func (m *Main) authenticator() (func(*http.Request) (awsapi.Principal, error), error) {
	// The body is read and held before its signature is checked: no more
	// of it than the API accepts at all.
	a := &sigv4.Authenticator{Strict: m.Config.Auth == "strict", DefaultAccountID: m.Config.AccountID,
		MaxBody: awsapi.DefaultMaxBodyBytes}
	if m.Config.Credentials != "" {
		creds, err := sigv4.LoadCredentialsFile(m.Config.Credentials)
		if err != nil {
			return nil, err
		}
		a.Store = sigv4.NewStaticStore(creds)
	}
	m.credentials = a.Store
	return func(r *http.Request) (awsapi.Principal, error) {
		id, err := a.Authenticate(r)
		if err != nil {
			code, status := sigv4.ErrorCode(err)
			return awsapi.Principal{}, &awsapi.APIError{Code: code, Status: status, Message: sigv4.Message(err), Err: err}
		}
		return awsapi.Principal{AccountID: id.AccountID, Region: id.Region, AccessKeyID: id.AccessKeyID}, nil
	}, nil
}

// partition is the default account and region.
func (m *Main) partition() connect.Partition {
	return connect.Partition{AccountID: m.Config.AccountID, Region: m.Config.Region}
}

// restore creates what a first start creates in pv's partition, where it is
// missing: in the default account and region, the bootstrap file's
// instances and resources, or else the default instance; elsewhere nothing.
// It is the start's provisioning and the admin API's reset.
func (m *Main) restore(ctx context.Context, pv *connect.Provisioner) error {
	if pv.Partition() != m.partition() {
		return nil
	}
	if m.bootstrap != nil {
		return m.bootstrap.Apply(ctx, pv)
	}
	_, _, err := pv.DefaultInstance(ctx)
	return err
}

// ensureDefaults creates what a first start creates (restore), and
// remembers the IDs of the first instance and its Default task flow for the
// start-up hint.
func (m *Main) ensureDefaults(ctx context.Context) error {
	p := m.partition()
	var insts []*connect.Instance
	err := m.service.Provision(ctx, p, func(ctx context.Context, pv *connect.Provisioner) error {
		if err := m.restore(ctx, pv); err != nil {
			return err
		}
		insts = pv.Instances()
		return nil
	})
	if err != nil {
		if _, ok := errors.AsType[*bootstrap.Error](err); ok {
			return err // it names the file
		}
		return fmt.Errorf("create default instance: %w", err)
	}
	if len(insts) == 0 {
		return nil // a bootstrap file without instances
	}
	m.DefaultInstance = insts[0].ID
	flows, _, err := m.service.ListContactFlows(ctx, p, m.DefaultInstance, []string{"CONTACT_FLOW"}, "", 1000)
	if err != nil {
		return err
	}
	for _, f := range flows {
		if f.Name == connect.DefaultTaskFlowName {
			m.DefaultTaskFlow = f.ID
		}
	}
	return nil
}

func (m *Main) logReady() {
	endpoint := "http://" + m.Addr()
	m.Logger.Info("connectd ready", "endpoint", endpoint, "store", m.Config.Store, "location", m.storeLocation(), "auth", m.Config.Auth,
		"instance_id", m.DefaultInstance, "task_flow_id", m.DefaultTaskFlow)
	if m.DefaultInstance == "" || m.DefaultTaskFlow == "" {
		return
	}
	m.Logger.Info("try: aws connect start-task-contact --endpoint-url " + endpoint + " --region " + m.Config.Region +
		" --instance-id " + m.DefaultInstance + " --contact-flow-id " + m.DefaultTaskFlow + " --name 'My first task'")
}

// Close stops the HTTP server (letting requests in flight finish), then the
// scheduler and the event dispatcher, then the store.
func (m *Main) Close() error {
	var errs []error
	if m.readyWritten {
		// First: once shutdown begins, a harness must not find the file.
		if err := os.Remove(m.Config.ReadyFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
		m.readyWritten = false
	}
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := m.server.Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
		if err := <-m.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
		m.server = nil
	}
	if m.scheduler != nil {
		m.scheduler.Stop()
		m.scheduler = nil
	}
	if m.events != nil {
		m.events.Stop()
		m.events = nil
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
		m.store = nil
	}
	return errors.Join(errs...)
}
