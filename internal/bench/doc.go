// Package bench measures connectd under load: `connectd bench`.
//
// A run starts connectd as a child process on a temporary store (strict
// SigV4, manual clock), drives it through the AWS SDK for Go, and drives a
// bare net/http handler that decodes and encodes the same JSON with the
// same load in the same run. Each figure is printed with its ratio to that
// baseline: the machine may be shared and noisy, the ratio much less so.
//
// A run is a list of scenarios (see Scenarios). A scenario gets an Env,
// which starts connectd processes and the baseline, and adds rows to the
// report. Adding a measurement is adding a Scenario.
package bench
