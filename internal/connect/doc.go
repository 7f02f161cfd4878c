// Package connect is connectd's domain: the Amazon Connect resources a task
// contact needs (instances, flows, queues, hours of operation, contacts), the
// rules Amazon Connect applies to them, and the interfaces (Store, Clock,
// IDGen, FlowValidator) through which the rest of connectd plugs in.
//
// Every business rule lives in Service, whose methods are named after the AWS
// operations they implement. Stores only store; the wire layer (awsapi) only
// translates. This package imports nothing but the standard library.
package connect
