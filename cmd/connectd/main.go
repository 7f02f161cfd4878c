// Command connectd serves Amazon Connect's task-contact API on a local
// address, for the AWS SDKs and CLI to use through an endpoint URL.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Args[1] == CommandBench {
		os.Exit(runBench(ctx, os.Args[2:]))
	}
	m := NewMain()
	if err := m.ParseFlags(os.Args[1:], os.Getenv); err != nil {
		var help errHelp
		if errors.As(err, &help) {
			fmt.Println(help.usage)
			return
		}
		fmt.Fprintln(os.Stderr, "connectd:", err)
		os.Exit(2)
	}
	switch m.Config.Command {
	case CommandVersion:
		fmt.Println("connectd", Version())
		return
	case CommandHealth:
		if err := probeReady(ctx, m.Config.Listen); err != nil {
			fmt.Fprintln(os.Stderr, "connectd:", err)
			os.Exit(1)
		}
		return
	}
	if m.Config.Command == CommandMigrate {
		if err := m.Migrate(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "connectd:", err)
			os.Exit(1)
		}
		return
	}
	stopProfile, err := startCPUProfile(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "connectd:", err)
		os.Exit(2)
	}
	defer stopProfile()
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "connectd:", err)
		os.Exit(1)
	}
	<-ctx.Done()
	if err := m.Close(); err != nil {
		stopProfile()
		fmt.Fprintln(os.Stderr, "connectd:", err)
		os.Exit(1)
	}
}
