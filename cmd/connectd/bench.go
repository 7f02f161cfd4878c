package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"connectd/internal/bench"
)

// CommandBench is `connectd bench`: the benchmark of internal/bench, run on
// this very binary.
const CommandBench = "bench"

// runBench runs `connectd bench args...` and returns the exit code.
func runBench(ctx context.Context, args []string) int {
	o, err := bench.ParseArgs(args)
	if err != nil {
		var help bench.ErrHelp
		if errors.As(err, &help) {
			fmt.Println(help.Usage)
			return 0
		}
		fmt.Fprintln(os.Stderr, "connectd bench:", err)
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "connectd bench: find this binary:", err)
		return 1
	}
	o.Command = []string{self}
	if err := bench.Run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "connectd bench:", err)
		return 1
	}
	return 0
}
