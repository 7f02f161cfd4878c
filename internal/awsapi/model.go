package awsapi

import "slices"

// OperationInfo describes one operation of the pinned model as connectd
// routes it, for code that derives requests from the model instead of
// typing them (cmd/connectd's malformed-input corpus and handler fuzzer).
type OperationInfo struct {
	Name, Method, URI string
	// Errors are the exceptions the model declares for the operation.
	Errors []string
	// Implemented reports whether connectd has a handler for it
	// (implemented.txt).
	Implemented bool
	// NewInput returns a pointer to a new, empty value of the generated
	// input shape, or is nil when the operation is not implemented. A body
	// member's field has a `json` tag with the member's name; a member bound
	// to the request line or a header has `json:"-"` and an `http` tag with
	// the model's location and name, e.g. `http:"querystring,maxResults"`.
	NewInput func() any
}

// Operations describes every operation of the pinned model, sorted by name.
func Operations() []OperationInfo {
	out := make([]OperationInfo, 0, len(operations))
	for _, op := range operations {
		info := OperationInfo{Name: op.Name, Method: op.Method, URI: op.URI, Errors: append([]string(nil), op.Errors...)}
		if slices.Contains(generatedOps, op.Name) {
			mk := inputShapes[op.Input]
			info.Implemented = true
			info.NewInput = func() any { return mk() }
		}
		out = append(out, info)
	}
	return out
}

// ErrorStatus returns the HTTP status of a model exception, and false for a
// name that is not one of the model's error shapes.
func ErrorStatus(code string) (int, bool) {
	spec, ok := errorShapes[code]
	return spec.Status, ok
}
