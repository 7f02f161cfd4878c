package sigv4

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap exactly one of them,
// followed by an AWS-style, client-safe message (see [Message]).
var (
	// ErrMissing means the request carries no authentication at all.
	ErrMissing = errors.New("sigv4: missing authentication")
	// ErrMalformed means the Authorization header or X-Amz-Date is present
	// but cannot be parsed or lacks a required part.
	ErrMalformed = errors.New("sigv4: malformed signature")
	// ErrUnknownKey means the access key ID is not in the credential store.
	ErrUnknownKey = errors.New("sigv4: unknown access key")
	// ErrExpired means X-Amz-Date is more than 15 minutes away from the
	// server clock, in either direction.
	ErrExpired = errors.New("sigv4: signature expired")
	// ErrScope means the credential scope does not fit the request: wrong
	// day, service other than "connect", or terminator other than
	// "aws4_request".
	ErrScope = errors.New("sigv4: bad credential scope")
	// ErrMismatch means the recomputed signature differs from the one sent.
	ErrMismatch = errors.New("sigv4: signature mismatch")
	// ErrTooLarge means the body exceeds the limit given to [Verify], so it
	// cannot be hashed.
	ErrTooLarge = errors.New("sigv4: body too large")
)

// errorTable is the one home of the mapping from sentinels to the error
// codes the AWS SDKs know for SigV4 failures. No capture of real Connect
// auth failures was at hand; codes and statuses follow the names the SDKs
// already treat as auth errors, and default messages are AWS's wording.
var errorTable = []struct {
	err     error
	code    string
	status  int
	message string // used when the error carries no detail of its own
}{
	{ErrMissing, "MissingAuthenticationTokenException", http.StatusForbidden,
		"Missing Authentication Token"},
	{ErrMalformed, "IncompleteSignatureException", http.StatusBadRequest,
		"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters."},
	{ErrUnknownKey, "UnrecognizedClientException", http.StatusForbidden,
		"The security token included in the request is invalid."},
	{ErrExpired, "InvalidSignatureException", http.StatusForbidden,
		"Signature expired."},
	{ErrScope, "InvalidSignatureException", http.StatusForbidden,
		"Credential should be scoped to correct service: 'connect'."},
	{ErrMismatch, "InvalidSignatureException", http.StatusForbidden,
		mismatchMessage},
	{ErrTooLarge, "RequestEntityTooLargeException", http.StatusRequestEntityTooLarge,
		"Request body is too large."},
}

const mismatchMessage = "The request signature we calculated does not match the signature you provided. " +
	"Check your AWS Secret Access Key and signing method."

// ErrorCode returns the AWS error code (for X-Amzn-ErrorType) and HTTP status
// for an error returned by this package. Errors that match no sentinel give
// "InternalFailure" and 500; a nil error gives "" and 200.
func ErrorCode(err error) (code string, status int) {
	if err == nil {
		return "", http.StatusOK
	}
	for _, e := range errorTable {
		if errors.Is(err, e.err) {
			return e.code, e.status
		}
	}
	return "InternalFailure", http.StatusInternalServerError
}

// Message returns the client-safe message for an error returned by this
// package: the AWS-style detail the error was wrapped with (such as
// "Signature expired: 20260101T000000Z is now earlier than ..."), or the
// default message of its sentinel. It never contains secrets or signatures.
// Errors that match no sentinel give a generic message.
func Message(err error) string {
	if err == nil {
		return ""
	}
	for _, e := range errorTable {
		if !errors.Is(err, e.err) {
			continue
		}
		prefix := e.err.Error() + ": "
		if _, detail, ok := strings.Cut(err.Error(), prefix); ok && detail != "" {
			return detail
		}
		return e.message
	}
	return "An internal error occurred while authenticating the request."
}

// wrap returns fmt.Errorf("%w: "+format, sentinel, args...): an error that
// matches sentinel and whose detail, after the sentinel's text, is the
// client-safe message returned by [Message].
func wrap(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)
}

// clip shortens client-supplied text echoed in messages.
func clip(s string) string {
	const max = 64
	if len(s) > max {
		return strings.ToValidUTF8(s[:max], "") + "..."
	}
	return s
}
