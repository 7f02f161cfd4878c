package connect

import (
	"errors"
	"fmt"
)

// Kind classifies an error so that adapters can translate it (to an AWS
// exception, a log level, a retry) without parsing messages.
type Kind uint8

// The kinds of errors connectd reports. The zero Kind is Internal, so a
// foreign error is never mistaken for a client error.
const (
	Internal      Kind = iota // a bug or an infrastructure failure; the client may retry
	Invalid                   // the request breaks a documented rule
	NotFound                  // a named resource does not exist (in the caller's account and region)
	Conflict                  // the resource's state or an existing one forbids the change
	Duplicate                 // a resource with that name already exists
	QuotaExceeded             // a service quota would be exceeded
	LimitExceeded             // a rate or count limit (AWS LimitExceededException)
	Throttled                 // too many requests
	Forbidden                 // the caller may not do this
	InvalidFlow               // flow content fails validation; see Error.Problems
	// InvalidParameter: a member's value breaks a documented rule the model
	// cannot express; AWS answers InvalidParameterException, as for a model
	// constraint. Invalid is for refused combinations and states.
	InvalidParameter
	// InvalidProperty: a resource's properties fail validation;
	// Error.Properties lists them (AWS PropertyValidationException).
	InvalidProperty
	// TokenReused: a ClientToken was already used for a different request
	// (AWS IdempotencyException, where the operation declares it).
	TokenReused
	// InUse: the resource cannot be deleted while another resource uses it
	// (AWS ResourceInUseException, where the operation declares it);
	// Error.InUseBy may name the user.
	InUse

	numKinds // not a Kind: keep it last, so that Kinds lists every Kind
)

var kindNames = [numKinds]string{"internal", "invalid", "not found", "conflict", "duplicate",
	"quota exceeded", "limit exceeded", "throttled", "forbidden", "invalid flow", "invalid parameter",
	"invalid property", "token reused", "in use"}

// Kinds returns every Kind, so that adapters can test that they translate
// each one.
func Kinds() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Resource names the kind of resource an error is about. Adapters use it where
// AWS answers differently per resource (StopContact: a missing contact is
// ContactNotFoundException, a missing instance ResourceNotFoundException).
type Resource string

// Resources connectd knows.
const (
	ResourceInstance         Resource = "instance"
	ResourceContact          Resource = "contact"
	ResourceContactFlow      Resource = "contact-flow"
	ResourceQueue            Resource = "queue"
	ResourceHoursOfOperation Resource = "operating-hours"
	ResourceTaskTemplate     Resource = "task-template"
	ResourceQuickConnect     Resource = "transfer-destination"
	ResourceUser             Resource = "agent"
	ResourceRoutingProfile   Resource = "routing-profile"
	ResourceSecurityProfile  Resource = "security-profile"
	ResourceAgentStatus      Resource = "agent-state"
	ResourceFlowModule       Resource = "flow-module"
	ResourceHierarchyGroup   Resource = "agent-group"
)

// Problem is one finding of flow validation (AWS ProblemDetail).
type Problem struct {
	Message string
}

// PropertyProblem is one finding of property validation (AWS
// PropertyValidationExceptionProperty): the property's full path (e.g.
// "Fields[2].Type"), a reason from PropertyValidationExceptionReason and a
// message.
type PropertyProblem struct {
	Path    string
	Reason  string
	Message string
}

// Reasons of a PropertyProblem (AWS PropertyValidationExceptionReason).
const (
	ReasonInvalidFormat             = "INVALID_FORMAT"
	ReasonUniqueConstraintViolated  = "UNIQUE_CONSTRAINT_VIOLATED"
	ReasonReferencedResourceMissing = "REFERENCED_RESOURCE_NOT_FOUND"
	ReasonNameAlreadyExists         = "RESOURCE_NAME_ALREADY_EXISTS"
	ReasonRequiredPropertyMissing   = "REQUIRED_PROPERTY_MISSING"
	ReasonNotSupported              = "NOT_SUPPORTED"
	ReasonTypeMismatch              = "TYPE_MISMATCH"
)

// Error is connectd's one error type. Message is safe to show to the client;
// Err is the cause, for logs only.
type Error struct {
	Kind     Kind
	Resource Resource  // optional: what the error is about
	Reason   string    // optional: AWS Reason member, when the exception has one
	Message  string    // client-safe
	Problems []Problem // InvalidFlow only
	Err      error     // cause, never shown to clients

	// Properties lists the invalid properties (InvalidProperty only).
	Properties []PropertyProblem

	// InUseBy names a resource that uses the one the error is about (InUse
	// only, optional): AWS ResourceInUseException's ResourceType and
	// ResourceId.
	InUseBy *ResourceRef
}

// ResourceRef names a resource as AWS ResourceInUseException does: a
// ResourceType (USER, CONTACT, CONTACT_FLOW, ...) and the resource's ARN.
type ResourceRef struct {
	Type string
	ARN  string
}

// inUse reports that the resource of type r cannot change while by (nil
// when AWS has no ResourceType for the user) uses it.
func inUse(r Resource, by *ResourceRef, format string, args ...any) *Error {
	return &Error{Kind: InUse, Resource: r, Message: fmt.Sprintf(format, args...), InUseBy: by}
}

func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Message != "":
		return e.Message + ": " + e.Err.Error()
	case e.Err != nil:
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the given kind with a formatted, client-safe message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// notFound reports that the resource of type r with the given id does not exist.
func notFound(r Resource, id string) *Error {
	return &Error{Kind: NotFound, Resource: r, Message: fmt.Sprintf("%s not found: %s", resourceLabel[r], id)}
}

var resourceLabel = map[Resource]string{
	ResourceInstance:         "Instance",
	ResourceContact:          "Contact",
	ResourceContactFlow:      "Contact flow",
	ResourceQueue:            "Queue",
	ResourceHoursOfOperation: "Hours of operation",
	ResourceTaskTemplate:     "Task template",
	ResourceQuickConnect:     "Quick connect",
	ResourceUser:             "User",
	ResourceRoutingProfile:   "Routing profile",
	ResourceSecurityProfile:  "Security profile",
	ResourceAgentStatus:      "Agent status",
	ResourceFlowModule:       "Flow module",
	ResourceHierarchyGroup:   "Hierarchy group",
}

// KindOf returns the Kind of err's first *Error, or Internal for foreign errors.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// IsNotFound reports whether err is a NotFound *Error.
func IsNotFound(err error) bool { return err != nil && KindOf(err) == NotFound }

// NotFoundError is the NotFound error for resource r named by key (an ID, a
// name, ...), worded as every layer words it. Stores use it.
func NotFoundError(r Resource, key string) *Error { return notFound(r, key) }
