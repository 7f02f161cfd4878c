package sigv4

import (
	"net/http"
	"time"
)

// DefaultRegion is the region of requests that carry no usable scope in
// permissive mode.
const DefaultRegion = "us-east-1"

// Identity is who a request acts as.
type Identity struct {
	AccessKeyID string // empty for unsigned requests in permissive mode
	AccountID   string
	Region      string // from the credential scope
}

// Authenticator authenticates requests against a [CredentialStore].
//
// In strict mode every request must be correctly signed by a known key. In
// permissive mode (Strict false, for local development) nothing is verified:
// a parsable Authorization header supplies the access key and the region,
// and the account is the store's account for a known key, else
// DefaultAccountID; a request without a usable header gets [DefaultRegion]
// and DefaultAccountID.
type Authenticator struct {
	Store            CredentialStore // may be nil in permissive mode
	Strict           bool
	DefaultAccountID string
	Now              func() time.Time // time.Now if nil
	MaxBody          int64            // DefaultMaxBody if not positive
}

// Authenticate returns the identity of r. In strict mode it returns
// ErrMissing, ErrMalformed, ErrUnknownKey, ErrExpired, ErrScope, ErrTooLarge
// or ErrMismatch (see [Parse] and [Verify]); in permissive mode it never
// fails. Strict mode reads and restores r.Body.
func (a *Authenticator) Authenticate(r *http.Request) (Identity, error) {
	if !a.Strict {
		return a.permissive(r), nil
	}
	s, err := Parse(r)
	if err != nil {
		return Identity{}, err
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	// Skew, scope and signed headers first, then the key: a stale or
	// misdirected request is reported as such whatever its key.
	if err := s.check(now()); err != nil {
		return Identity{}, err
	}
	cred, ok := a.lookup(s.AccessKeyID)
	if !ok {
		return Identity{}, wrap(ErrUnknownKey, "The security token included in the request is invalid.")
	}
	if err := verifySignature(r, s, cred.SecretAccessKey, a.MaxBody); err != nil {
		return Identity{}, err
	}
	return Identity{AccessKeyID: s.AccessKeyID, AccountID: cred.AccountID, Region: s.Region}, nil
}

// permissive reads only the Authorization header, so that a request with a
// usable scope keeps its region even if, say, X-Amz-Date is missing.
func (a *Authenticator) permissive(r *http.Request) Identity {
	s, err := parseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return Identity{AccountID: a.DefaultAccountID, Region: DefaultRegion}
	}
	id := Identity{AccessKeyID: s.AccessKeyID, AccountID: a.DefaultAccountID, Region: s.Region}
	if cred, ok := a.lookup(s.AccessKeyID); ok {
		id.AccountID = cred.AccountID
	}
	return id
}

func (a *Authenticator) lookup(accessKeyID string) (Credential, bool) {
	if a.Store == nil {
		return Credential{}, false
	}
	return a.Store.Lookup(accessKeyID)
}
