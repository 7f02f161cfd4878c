// Package sigv4 authenticates requests signed with AWS Signature Version 4,
// the scheme every AWS SDK and the AWS CLI use when they talk to connectd
// under the signing name "connect".
//
// The flow has two steps. [Parse] reads the Authorization header and
// X-Amz-Date into a [Signed] value without any I/O. [Verify] then checks, in
// this order, the clock skew (±15 minutes), the credential scope (day,
// service "connect", terminator "aws4_request"), that "host" is a signed
// header, and finally recomputes the signature. The recomputation uses the
// reference signer from aws-sdk-go-v2 (aws/signer/v4) on a request rebuilt
// from only the signed headers, rather than a home-made canonicaliser; the
// payload is hashed by reading the body (bounded) and the body is restored
// for the handler. Signatures are compared in constant time.
//
// [Authenticator] wraps both steps with a [CredentialStore] and adds a
// permissive mode for local development, in which the Authorization header
// only supplies the access key and region and is never verified.
//
// Every error returned by this package matches one of the sentinels
// ([ErrMissing], [ErrMalformed], [ErrUnknownKey], [ErrExpired], [ErrScope],
// [ErrMismatch], [ErrTooLarge]) with errors.Is, except I/O errors reading the
// body. [ErrorCode] maps them to the error codes and HTTP statuses the AWS
// SDKs know, and [Message] gives a client-safe message. No error or message
// contains a secret key or a signature.
//
// Presigned (query-string) authentication is not supported: no Connect
// operation is presigned by the SDKs, and such requests get [ErrMalformed].
package sigv4
