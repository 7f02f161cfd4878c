package awsapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// opSpec describes one model operation (generated into zz_operations.go).
type opSpec struct {
	Name, Method, URI string
	Input, Output     string // shape names; Output is "" when the model has none
	Errors            []string
}

func (o *opSpec) declares(code string) bool { return slices.Contains(o.Errors, code) }

// errorSpec describes one model error shape.
type errorSpec struct {
	Status  int
	Members []string
}

// APIError is an error response: an error shape name, a client-safe message
// and optional extra members. Handlers may return it directly.
type APIError struct {
	// Code is the error shape name sent in X-Amzn-ErrorType, e.g.
	// "ResourceNotFoundException".
	Code string
	// Message is sent as the body's "Message" member.
	Message string
	// Status overrides the model's httpStatusCode. It is required for codes
	// that are not model shapes (e.g. SigV4 errors such as
	// UnrecognizedClientException).
	Status int
	// Fields are extra members of the error shape, by exact member name:
	// "Reason" (InvalidRequestException, ServiceQuotaExceededException),
	// "problems" (InvalidContactFlowException), "Problems"
	// (InvalidContactFlowModuleException), "PropertyList"
	// (PropertyValidationException), "ResourceType"/"ResourceId"
	// (ResourceInUseException). For model shapes, members the shape does not
	// declare are dropped.
	Fields map[string]any
	// Err is the cause; it is logged for 5xx responses and never sent.
	Err error
}

// Errorf returns an APIError with code and a formatted message.
func Errorf(code, format string, args ...any) *APIError {
	return &APIError{Code: code, Message: fmt.Sprintf(format, args...)}
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

func (e *APIError) Unwrap() error { return e.Err }

// status is the HTTP status of e.
func (e *APIError) status() int {
	if e.Status != 0 {
		return e.Status
	}
	if spec, ok := errorShapes[e.Code]; ok {
		return spec.Status
	}
	return http.StatusInternalServerError
}

const (
	codeInternal         = "InternalServiceException"
	codeInvalidParameter = "InvalidParameterException"
	codeInvalidRequest   = "InvalidRequestException"
	codeAccessDenied     = "AccessDeniedException"
	codeUnknownOperation = "UnknownOperationException"
)

// validationCode is the error an operation answers for a request that breaks
// a model constraint or cannot be decoded: its declared
// InvalidParameterException, else InvalidRequestException (every Connect
// operation declares one of the two).
func validationCode(op *opSpec) string {
	if op.declares(codeInvalidParameter) {
		return codeInvalidParameter
	}
	return codeInvalidRequest
}

// codeNotImplemented answers an operation connectd has no handler for: HTTP
// 501, which no SDK retries, under a name no operation declares, so that
// application code handling a declared exception (InvalidRequestException,
// say) does not mistake "not implemented" for a validation failure.
const codeNotImplemented = "NotImplementedException"

func notImplemented(op *opSpec) *APIError {
	return &APIError{Code: codeNotImplemented, Status: http.StatusNotImplemented,
		Message: "connectd does not implement " + op.Name + " yet"}
}

// toAPIError translates an error returned by a handler of op into the error
// response to send.
//
// Domain errors are mapped by fromConnectError, per operation over a shared
// table of preferences.
func (s *Server) toAPIError(op string, err error) *APIError {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	if spec := s.ops[op]; spec != nil {
		if e, ok := fromConnectError(spec, err); ok {
			return e
		}
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		spec := s.ops[op]
		code := codeInvalidRequest
		if spec != nil {
			code = validationCode(spec)
		}
		return &APIError{Code: code, Message: ve.Error()}
	}
	return &APIError{Code: codeInternal, Message: "internal error", Err: err}
}

// writeError writes every error response: the status of the error shape,
// X-Amzn-ErrorType, and a JSON body {"Message": ..., extra members}.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, op string, e *APIError) {
	status := e.status()
	if status >= 500 && e.Code != codeNotImplemented { // 501 is the request's, not a fault
		s.log.ErrorContext(r.Context(), "request failed", "op", op, "code", e.Code, "status", status, "err", e.Err, "request_id", RequestIDFrom(r.Context()))
	} else {
		s.log.DebugContext(r.Context(), "request rejected", "op", op, "code", e.Code, "status", status, "message", e.Message, "request_id", RequestIDFrom(r.Context()))
	}
	body := map[string]any{"Message": e.Message}
	spec, known := errorShapes[e.Code]
	for k, v := range e.Fields {
		if k == "Message" || (known && !slices.Contains(spec.Members, k)) {
			continue
		}
		body[k] = v
	}
	h := w.Header()
	// Raw keys keep AWS's header spelling on the wire.
	h["X-Amzn-ErrorType"] = []string{e.Code}
	if status == http.StatusTooManyRequests {
		h.Set("Retry-After", "1")
	}
	writeJSON(w, status, body)
}

// writeJSON writes v as a JSON response; a nil v (or nil pointer) writes {}.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if isNil(v) {
		buf.WriteString("{}")
	} else if err := enc.Encode(v); err != nil {
		// Output shapes always encode; this is a programmer error.
		panic("awsapi: encode response: " + err.Error())
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}
