// Package awsapi is the restJson1 wire layer of connectd: it routes every
// operation of the pinned Amazon Connect model, decodes, binds and validates
// requests, and encodes responses and errors the way AWS SDKs expect.
//
// Routes, input/output shapes, constraints and each operation's declared
// errors are generated from the model into zz_*.go by awsgen; implemented.txt
// selects the operations whose shapes are generated. Handlers contain no
// business rules: they translate between wire shapes and the service.
package awsapi

//go:generate go run ./awsgen -model ../../../shared/aws-models/connect-service-2.json -implemented implemented.txt
