package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"connectd/internal/connect"
)

// TestMemoryStoreLeavesNoFiles: connectd --store memory serves, keeps what
// it is given while it runs, and writes nothing: neither its --data-dir
// nor anything in the working directory. (Serial: it changes the working
// directory.)
func TestMemoryStoreLeavesNoFiles(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	dataDir := filepath.Join(dir, "connectd-data")
	env := func(k string) string {
		return map[string]string{"CONNECTD_STORE": "memory", "CONNECTD_LISTEN": "127.0.0.1:0", "CONNECTD_DATA_DIR": dataDir}[k]
	}
	m := NewMain()
	m.Logger = slog.New(slog.DiscardHandler)
	if err := m.ParseFlags(nil, env); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	p := connect.Partition{AccountID: m.Config.AccountID, Region: m.Config.Region}
	c, err := m.service.StartTaskContact(t.Context(), p, connect.StartTaskInput{
		InstanceID: m.DefaultInstance, ContactFlowID: m.DefaultTaskFlow, Name: "in memory"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.service.DescribeContact(t.Context(), p, m.DefaultInstance, c.ID); err != nil {
		t.Errorf("DescribeContact = %v", err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("connectd --store memory left %s in the working directory", e.Name())
	}
}
