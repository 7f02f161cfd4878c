package awsapi

import (
	"errors"

	"connectd/internal/connect"
)

// kindCodes maps each connect.Kind to the exceptions that can carry it, in
// order of preference: an operation answers the first one it declares, so
// that it never sends an error its model entry does not list.
var kindCodes = map[connect.Kind][]string{
	connect.Invalid:       {codeInvalidRequest, codeInvalidParameter},
	connect.NotFound:      {"ResourceNotFoundException", "ContactNotFoundException"},
	connect.Conflict:      {"ConflictException", "ResourceConflictException", codeInvalidRequest, codeInvalidParameter},
	connect.Duplicate:     {"DuplicateResourceException", "ResourceConflictException", codeInvalidRequest, codeInvalidParameter},
	connect.QuotaExceeded: {"ServiceQuotaExceededException", "LimitExceededException"},
	connect.LimitExceeded: {"LimitExceededException", "ServiceQuotaExceededException"},
	connect.Throttled:     {"ThrottlingException", "TooManyRequestsException", "LimitExceededException"},
	connect.Forbidden:     {codeAccessDenied},
	connect.InvalidFlow:   {"InvalidContactFlowException", "InvalidContactFlowModuleException", codeInvalidRequest, codeInvalidParameter},
	connect.Internal:      {codeInternal},

	connect.InvalidProperty: {"PropertyValidationException", codeInvalidRequest, codeInvalidParameter},
	// A value breaking a documented rule is answered like a model constraint.
	connect.InvalidParameter: {codeInvalidParameter, codeInvalidRequest},
	// A ClientToken reused for another request: IdempotencyException
	// (TransferContact), else the invalid request it is (StartTaskContact).
	connect.TokenReused: {"IdempotencyException", codeInvalidRequest, codeInvalidParameter},
	// A resource another one uses: ResourceInUseException (DeleteQueue,
	// DeleteRoutingProfile, DeleteSecurityProfile), else a conflict.
	connect.InUse: {"ResourceInUseException", "ResourceConflictException", "ConflictException", codeInvalidRequest, codeInvalidParameter},
}

// fromConnectError translates a domain error of operation op into its
// exception. It reports false for errors that are not *connect.Error.
func fromConnectError(op *opSpec, err error) (*APIError, bool) {
	var ce *connect.Error
	if !errors.As(err, &ce) {
		return nil, false
	}
	if ce.Kind == connect.Internal {
		return &APIError{Code: codeInternal, Message: "internal error", Err: err}, true
	}
	// StopContact tells a missing (or ended) contact from a missing instance.
	if ce.Kind == connect.NotFound && ce.Resource == connect.ResourceContact && op.declares("ContactNotFoundException") {
		return &APIError{Code: "ContactNotFoundException", Message: ce.Message}, true
	}
	e := &APIError{Code: validationCode(op), Message: ce.Message}
	for _, code := range kindCodes[ce.Kind] {
		if op.declares(code) {
			e.Code = code
			break
		}
	}
	if e.Code == "InvalidContactFlowException" {
		problems := make([]map[string]string, 0, len(ce.Problems))
		for _, p := range ce.Problems {
			problems = append(problems, map[string]string{"message": p.Message})
		}
		e.Fields = map[string]any{"problems": problems}
	}
	if e.Code == "InvalidContactFlowModuleException" {
		problems := make([]map[string]string, 0, len(ce.Problems))
		for _, p := range ce.Problems {
			problems = append(problems, map[string]string{"message": p.Message})
		}
		e.Fields = map[string]any{"Problems": problems}
	}
	if e.Code == "PropertyValidationException" {
		list := make([]map[string]string, 0, len(ce.Properties))
		for _, p := range ce.Properties {
			list = append(list, map[string]string{"PropertyPath": p.Path, "Reason": p.Reason, "Message": p.Message})
		}
		e.Fields = map[string]any{"PropertyList": list}
	}
	if e.Code == "ResourceInUseException" && ce.InUseBy != nil {
		e.Fields = map[string]any{"ResourceType": ce.InUseBy.Type, "ResourceId": ce.InUseBy.ARN}
	}
	return e, true
}
