//go:build !race

package main

// raceDetector reports a -race build, whose code runs several times slower:
// timing budgets are not checked in it.
const raceDetector = false
