package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"connectd/internal/connect"
	"connectd/internal/postgres"
	"connectd/internal/sqlite"
)

// openStore opens the configured store. Opening applies the store's pending
// schema migrations: SQLite under its file lock, PostgreSQL under an
// advisory lock, so that nodes starting together migrate once; the memory
// store starts empty.
func (m *Main) openStore(ctx context.Context) (connect.Store, error) {
	switch m.Config.Store {
	case StorePostgres:
		var retried func() // no metrics for `connectd migrate`
		if m.metrics != nil {
			retried = m.metrics.ObserveRetry
		}
		db, err := postgres.Open(ctx, m.Config.PostgresURL, postgres.Options{Logger: m.Logger, RetryFunc: retried})
		if err != nil {
			return nil, err
		}
		return db, nil
	case StoreMemory:
		// Nothing on disk: --data-dir is not even created.
		db, err := sqlite.OpenMemory(ctx, sqlite.Options{Logger: m.Logger})
		if err != nil {
			return nil, err
		}
		return db, nil
	default:
		if err := os.MkdirAll(m.Config.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("create data dir: %w", err)
		}
		db, err := sqlite.Open(ctx, filepath.Join(m.Config.DataDir, "connectd.db"), sqlite.Options{Logger: m.Logger})
		if err != nil {
			return nil, err
		}
		return db, nil
	}
}

// storeLocation says where the state lives, for the start-up log: never a
// password.
func (m *Main) storeLocation() string {
	switch m.Config.Store {
	case StorePostgres:
		return postgres.Location(m.Config.PostgresURL)
	case StoreMemory:
		return "memory"
	}
	return m.Config.DataDir
}

// Migrate applies the configured store's pending schema migrations and
// returns (`connectd migrate`), so that a deployment can migrate once before
// starting its nodes.
func (m *Main) Migrate(ctx context.Context) error {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	m.initLogger()
	s, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	m.Logger.Info("schema migrations applied", "store", m.Config.Store, "location", m.storeLocation())
	return s.Close()
}

// initLogger sets the default logger, at the configured level, unless the
// caller set one.
func (m *Main) initLogger() {
	if m.Logger != nil {
		return
	}
	var level slog.Level
	_ = level.UnmarshalText([]byte(m.Config.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if m.Config.LogFormat == "json" {
		m.Logger = slog.New(slog.NewJSONHandler(os.Stderr, opts))
		return
	}
	m.Logger = slog.New(slog.NewTextHandler(os.Stderr, opts))
}
