package awsapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
)

// handle registers fn as the handler of operation op. In is the generated
// input shape of op (checked here: a mismatch panics at construction).
//
// For each request the adapter caps the body at Config.MaxBodyBytes, decodes
// it as JSON (empty body or null = {}; unknown members are ignored), binds
// path, query and header members, validates every model constraint, calls fn,
// and writes 200 application/json with fn's result (nil → {}). Decoding,
// binding and validation failures answer the operation's validation error;
// fn's error is translated by toAPIError.
func handle[In any, PIn interface {
	*In
	input
}](s *Server, op string, fn func(ctx context.Context, in PIn) (any, error)) {
	spec, ok := s.ops[op]
	if !ok {
		panic("awsapi: handle: unknown operation " + op)
	}
	if got := PIn(new(In)).inputShape(); got != spec.Input {
		panic(fmt.Sprintf("awsapi: handle %s: input shape %s, want %s", op, got, spec.Input))
	}
	s.handlers[op] = func(r *http.Request) (any, error) {
		in := PIn(new(In))
		if err := s.decode(r, spec, in); err != nil {
			return nil, err
		}
		return fn(r.Context(), in)
	}
}

// decode fills in from r's body, path, query and headers and validates it.
// Input that does not parse (checkURL, checkBody) is refused, not repaired.
func (s *Server) decode(r *http.Request, spec *opSpec, in input) error {
	if err := checkURL(r); err != nil {
		return &APIError{Code: validationCode(spec), Message: err.Error()}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return &APIError{Code: validationCode(spec), Message: fmt.Sprintf("Request body is larger than %d bytes", s.cfg.MaxBodyBytes)}
		}
		return &APIError{Code: validationCode(spec), Message: "Could not read request body", Err: err}
	}
	if body = bytes.TrimSpace(body); len(body) > 0 {
		if err := checkBody(body, in); err != nil {
			var ve *ValidationError
			if errors.As(err, &ve) {
				return err // answered with the validation code by toAPIError
			}
			return &APIError{Code: validationCode(spec), Message: err.Error()}
		}
		if err := json.Unmarshal(body, in); err != nil {
			return decodeError(spec, err)
		}
	}
	if err := in.bindHTTP(r); err != nil {
		return err
	}
	return in.validate("")
}

func decodeError(spec *opSpec, err error) error {
	msg := "Request body is not valid JSON"
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		field := te.Field
		if field == "" {
			msg = "Request body must be a JSON object"
		} else {
			msg = fmt.Sprintf("Value at '%s' has the wrong JSON type (%s)", field, te.Value)
		}
	}
	return &APIError{Code: validationCode(spec), Message: msg}
}

// isNil reports whether v is nil or a nil pointer, map or slice.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface:
		return rv.IsNil()
	}
	return false
}
