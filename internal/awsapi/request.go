package awsapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"connectd/internal/connect"
)

// Requests decoded outside HTTP. connectd's bootstrap file declares
// resources as the requests of their Create operations, so that a user can
// paste from the API reference; the DecodeCreate functions turn such a
// request (JSON) into the Service's input as the operation's handler does:
// the same model constraints (generated), the same refusals of members
// connectd does not support, the same messages. One difference: they are
// strict where the API is lenient, refusing a member the request shape does
// not have (or spells with other case), which the API ignores, since in a
// file it is a typo.
//
// The InstanceId path member is not part of the body: the result's
// InstanceID is "", for the caller to set.

// RequestError is a request that its operation refuses before reaching the
// Service, or a Service error translated by OperationError.
type RequestError struct {
	// Member is the path of the member at fault in the request, as in
	// validation messages ("Config[0].StartHours", "Tags.team"); "" when the
	// request as a whole is.
	Member string
	// Code and Message are the exception the operation answers and its
	// message.
	Code, Message string
}

func (e *RequestError) Error() string { return e.Code + ": " + e.Message }

// DecodeCreateInstance decodes a CreateInstance request.
func DecodeCreateInstance(body []byte) (connect.CreateInstanceInput, error) {
	return decodeCreate("CreateInstance", body, func(*CreateInstanceRequest) {}, instanceInput)
}

// DecodeCreateHoursOfOperation decodes a CreateHoursOfOperation request.
func DecodeCreateHoursOfOperation(body []byte) (connect.CreateHoursOfOperationInput, error) {
	in, err := decodeCreate("CreateHoursOfOperation", body, func(r *CreateHoursOfOperationRequest) { r.InstanceId = new(pathStandIn) }, hoursInput)
	in.InstanceID = ""
	return in, err
}

// DecodeCreateQueue decodes a CreateQueue request.
func DecodeCreateQueue(body []byte) (connect.CreateQueueInput, error) {
	in, err := decodeCreate("CreateQueue", body, func(r *CreateQueueRequest) { r.InstanceId = new(pathStandIn) }, queueInput)
	in.InstanceID = ""
	return in, err
}

// DecodeCreateContactFlow decodes a CreateContactFlow request.
func DecodeCreateContactFlow(body []byte) (connect.CreateContactFlowInput, error) {
	in, err := decodeCreate("CreateContactFlow", body, func(r *CreateContactFlowRequest) { r.InstanceId = new(pathStandIn) }, contactFlowInput)
	in.InstanceID = ""
	return in, err
}

// DecodeCreateRoutingProfile decodes a CreateRoutingProfile request.
func DecodeCreateRoutingProfile(body []byte) (connect.CreateRoutingProfileInput, error) {
	in, err := decodeCreate("CreateRoutingProfile", body, func(r *CreateRoutingProfileRequest) { r.InstanceId = new(pathStandIn) }, routingProfileInput)
	in.InstanceID = ""
	return in, err
}

// DecodeCreateSecurityProfile decodes a CreateSecurityProfile request.
func DecodeCreateSecurityProfile(body []byte) (connect.CreateSecurityProfileInput, error) {
	in, err := decodeCreate("CreateSecurityProfile", body, func(r *CreateSecurityProfileRequest) { r.InstanceId = new(pathStandIn) }, securityProfileInput)
	in.InstanceID = ""
	return in, err
}

// DecodeCreateAgentStatus decodes a CreateAgentStatus request.
func DecodeCreateAgentStatus(body []byte) (connect.CreateAgentStatusInput, error) {
	in, err := decodeCreate("CreateAgentStatus", body, func(r *CreateAgentStatusRequest) { r.InstanceId = new(pathStandIn) }, agentStatusInput)
	in.InstanceID = ""
	return in, err
}

// DecodeCreateUser decodes a CreateUser request.
func DecodeCreateUser(body []byte) (connect.CreateUserInput, error) {
	in, err := decodeCreate("CreateUser", body, func(r *CreateUserRequest) { r.InstanceId = new(pathStandIn) }, userInput)
	in.InstanceID = ""
	return in, err
}

// DecodeCreateTaskTemplate decodes a CreateTaskTemplate request.
func DecodeCreateTaskTemplate(body []byte) (connect.TaskTemplateInput, error) {
	in, err := decodeCreate("CreateTaskTemplate", body, func(r *CreateTaskTemplateRequest) { r.InstanceId = new(pathStandIn) }, taskTemplateInput)
	in.InstanceID = ""
	return in, err
}

// DecodeCreateQuickConnect decodes a CreateQuickConnect request.
func DecodeCreateQuickConnect(body []byte) (connect.CreateQuickConnectInput, error) {
	in, err := decodeCreate("CreateQuickConnect", body, func(r *CreateQuickConnectRequest) { r.InstanceId = new(pathStandIn) }, quickConnectInput)
	in.InstanceID = ""
	return in, err
}

// OperationError returns the exception operation op answers for err, an
// error of the Service method behind it.
func OperationError(op string, err error) *RequestError {
	spec := opSpecOf(op)
	if e, ok := fromConnectError(spec, err); ok {
		return &RequestError{Code: e.Code, Message: e.Message}
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		return &RequestError{Member: ve.Field, Code: validationCode(spec), Message: ve.Error()}
	}
	return &RequestError{Code: codeInternal, Message: err.Error()}
}

// pathStandIn fills the InstanceId path member, which a body does not
// carry, so that validation passes over it.
const pathStandIn = "instance"

// opSpecOf returns the model operation op; it panics on an operation the
// model lacks (a programmer error).
func opSpecOf(op string) *opSpec {
	i, ok := slices.BinarySearchFunc(operations, op, func(o opSpec, name string) int { return strings.Compare(o.Name, name) })
	if !ok {
		panic("awsapi: unknown operation " + op)
	}
	return &operations[i]
}

// decodeCreate decodes body as op's request strictly, fills its path
// members with fill, validates it and converts it with convert.
func decodeCreate[In any, PIn interface {
	*In
	input
}, Out any](op string, body []byte, fill func(PIn), convert func(PIn) (Out, error)) (Out, error) {
	var zero Out
	spec := opSpecOf(op)
	in := PIn(new(In))
	if err := decodeStrict(spec, body, in); err != nil {
		return zero, err
	}
	fill(in)
	if err := in.validate(""); err != nil {
		return zero, OperationError(op, err)
	}
	out, err := convert(in)
	if err != nil {
		return zero, OperationError(op, err)
	}
	return out, nil
}

// decodeStrict decodes body into in, refusing members in's shape lacks and
// values of the wrong JSON type, naming the member.
func decodeStrict(spec *opSpec, body []byte, in input) error {
	refuse := func(member, format string, args ...any) error {
		return &RequestError{Member: member, Code: validationCode(spec), Message: fmt.Sprintf(format, args...)}
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil || dec.More() {
		return refuse("", "Request body is not valid JSON")
	}
	if tree == nil {
		return nil
	}
	if _, ok := tree.(map[string]any); !ok {
		return refuse("", "Request body must be a JSON object")
	}
	if err := checkMembers(tree, reflect.TypeOf(in).Elem(), "", refuse); err != nil {
		return err
	}
	if err := json.Unmarshal(body, in); err != nil {
		msg := decodeError(spec, err).(*APIError).Message
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return refuse(te.Field, "%s", msg)
		}
		return refuse("", "%s", msg)
	}
	return nil
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkMembers walks v, a JSON value, along t, the Go type it decodes into,
// and refuses the first object member t has no field for (member names are
// exact) and the first value of the wrong JSON type.
func checkMembers(v any, t reflect.Type, path string, refuse func(member, format string, args ...any) error) error {
	if v == nil {
		return nil // null is an absent member
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil // decodes itself (Timestamp)
	}
	wrongType := func() error {
		return refuse(path, "Value at '%s' has the wrong JSON type (%s)", path, jsonValueKind(v))
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return wrongType()
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return wrongType()
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		if _, ok := v.(json.Number); !ok {
			return wrongType()
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 { // a blob: base64 text
			if _, ok := v.(string); !ok {
				return wrongType()
			}
			return nil
		}
		list, ok := v.([]any)
		if !ok {
			return wrongType()
		}
		for i, item := range list {
			if err := checkMembers(item, t.Elem(), index(path, i), refuse); err != nil {
				return err
			}
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return wrongType()
		}
		for _, k := range sortedKeys(m) {
			if err := checkMembers(m[k], t.Elem(), join(path, k), refuse); err != nil {
				return err
			}
		}
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return wrongType()
		}
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			f := t.Field(i)
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
				fields[name] = f.Type
			}
		}
		for _, k := range sortedKeys(m) {
			ft, ok := fields[k]
			if !ok {
				hint := ""
				for name := range fields {
					if strings.EqualFold(name, k) {
						hint = " (did you mean " + name + "?)"
					}
				}
				return refuse(join(path, k), "%s has no member %s%s", t.Name(), k, hint)
			}
			if err := checkMembers(m[k], ft, join(path, k), refuse); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonValueKind names v's JSON type as encoding/json's type errors do.
func jsonValueKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
