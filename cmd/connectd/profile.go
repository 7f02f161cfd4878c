package main

import (
	"fmt"
	"os"
	"runtime/pprof"
)

// envCPUProfile names the file a serving connectd writes its CPU profile
// to, from start until it stops (go tool pprof reads it): how the figures
// of connectd bench were explained.
const envCPUProfile = "CONNECTD_CPU_PROFILE"

// startCPUProfile starts the profile envCPUProfile asks for, if any, and
// returns what stops it.
func startCPUProfile(getenv func(string) string) (stop func(), err error) {
	path := getenv(envCPUProfile)
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", envCPUProfile, err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", envCPUProfile, err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
