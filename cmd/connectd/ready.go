package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"connectd/internal/connect"
)

// readyInfo is the --ready-file's content: what a test harness needs to
// talk to this connectd without reading its log.
type readyInfo struct {
	Endpoint  string
	Pid       int
	Version   string
	Instances []readyInstance
}

type readyInstance struct {
	Id, Arn, Region, AccountId string
	// DefaultTaskFlowId is the instance's "Default task flow", "" if it has
	// none.
	DefaultTaskFlowId string
}

// readyInstances lists the instances of the default account and region with
// their default task flows.
func (m *Main) readyInstances(ctx context.Context) ([]readyInstance, error) {
	p := connect.Partition{AccountID: m.Config.AccountID, Region: m.Config.Region}
	var out []readyInstance
	next := ""
	for {
		page, token, err := m.service.ListInstances(ctx, p, next, 100)
		if err != nil {
			return nil, err
		}
		for _, in := range page {
			ri := readyInstance{Id: in.ID, Arn: in.ARN, Region: in.Partition.Region, AccountId: in.Partition.AccountID}
			flows, _, err := m.service.ListContactFlows(ctx, p, in.ID, []string{"CONTACT_FLOW"}, "", 1000)
			if err != nil {
				return nil, err
			}
			for _, f := range flows {
				if f.Name == connect.DefaultTaskFlowName {
					ri.DefaultTaskFlowId = f.ID
				}
			}
			out = append(out, ri)
		}
		if token == "" {
			return out, nil
		}
		next = token
	}
}

// writeReadyFile writes the ready file atomically (a temporary file in the
// same directory, renamed), so that a reader never sees half of it.
func (m *Main) writeReadyFile(ctx context.Context) error {
	instances, err := m.readyInstances(ctx)
	if err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	b, err := json.MarshalIndent(readyInfo{Endpoint: "http://" + m.Addr(), Pid: os.Getpid(), Version: Version(),
		Instances: instances}, "", "  ")
	if err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	path := m.Config.ReadyFile
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("ready file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("ready file: %w", err)
	}
	m.readyWritten = true
	return nil
}
