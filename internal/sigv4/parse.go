package sigv4

import (
	"net/http"
	"strings"
	"time"
)

const (
	algorithm = "AWS4-HMAC-SHA256"
	// amzDateFormat is the ISO 8601 basic format of X-Amz-Date.
	amzDateFormat = "20060102T150405Z"
	dayFormat     = "20060102"
	// maxAuthorization bounds the work done on a hostile header.
	maxAuthorization = 8 << 10
)

// Signed is the parsed authentication of a SigV4-signed request.
type Signed struct {
	AccessKeyID   string
	Date          string // scope day, YYYYMMDD
	Region        string
	Service       string
	Terminal      string   // "aws4_request" when well formed
	SignedHeaders []string // lower-case, in the order sent
	Signature     string   // 64 lower-case hex digits
	Time          time.Time
}

// Scope returns the credential scope, "day/region/service/terminal".
func (s *Signed) Scope() string {
	return s.Date + "/" + s.Region + "/" + s.Service + "/" + s.Terminal
}

// Parse reads the Authorization header and X-Amz-Date of r. It returns
// ErrMissing if r has neither an Authorization header nor presigned query
// parameters, and ErrMalformed if they cannot be parsed (presigned query
// authentication is not supported). Parse only reads headers; the scope and
// the signature are checked by [Verify].
func Parse(r *http.Request) (*Signed, error) {
	auths := r.Header.Values("Authorization")
	if len(auths) == 0 || len(auths) == 1 && strings.TrimSpace(auths[0]) == "" {
		if r.URL != nil && r.URL.Query().Has("X-Amz-Algorithm") {
			return nil, wrap(ErrMalformed, "Presigned (query-string) authentication is not supported; send an Authorization header.")
		}
		return nil, wrap(ErrMissing, "Missing Authentication Token")
	}
	if len(auths) > 1 {
		return nil, wrap(ErrMalformed, "The request has more than one Authorization header.")
	}
	s, err := parseAuthorization(auths[0])
	if err != nil {
		return nil, err
	}
	dates := r.Header.Values("X-Amz-Date")
	switch {
	case len(dates) == 0:
		return nil, wrap(ErrMalformed, "Authorization header requires existence of a 'X-Amz-Date' header.")
	case len(dates) > 1:
		return nil, wrap(ErrMalformed, "The request has more than one 'X-Amz-Date' header.")
	}
	t, err := time.Parse(amzDateFormat, strings.TrimSpace(dates[0]))
	if err != nil {
		return nil, wrap(ErrMalformed, "'X-Amz-Date' must be in the ISO 8601 basic format YYYYMMDD'T'HHMMSS'Z', got %q.", clip(dates[0]))
	}
	s.Time = t
	return s, nil
}

// parseAuthorization parses
//
//	AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature=<hex>
//
// SDKs differ in the separators: the Go and JS SDKs write ", " between the
// components, botocore writes ", " too, others write ","; some add spaces
// around "=". All of those are accepted. Missing, repeated or unknown
// components are ErrMalformed.
func parseAuthorization(h string) (*Signed, error) {
	if len(h) > maxAuthorization {
		return nil, wrap(ErrMalformed, "Authorization header is too long.")
	}
	h = strings.TrimSpace(h)
	alg, rest := h, ""
	if i := strings.IndexAny(h, " \t"); i >= 0 {
		alg, rest = h[:i], h[i+1:]
	}
	if alg != algorithm {
		return nil, wrap(ErrMalformed, "Unsupported Authorization algorithm; only %s is supported.", algorithm)
	}
	var cred, signedHeaders, sig string
	var haveCred, haveSH, haveSig bool
	for part := range strings.SplitSeq(rest, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, wrap(ErrMalformed, "Authorization header has an empty component.")
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, wrap(ErrMalformed, "Authorization component %q is not a key=value pair.", clip(part))
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		var dst *string
		var seen *bool
		switch k {
		case "Credential":
			dst, seen = &cred, &haveCred
		case "SignedHeaders":
			dst, seen = &signedHeaders, &haveSH
		case "Signature":
			dst, seen = &sig, &haveSig
		default:
			return nil, wrap(ErrMalformed, "Authorization header has an unknown component %q.", clip(k))
		}
		if *seen {
			return nil, wrap(ErrMalformed, "Authorization header repeats the %q component.", k)
		}
		*dst, *seen = v, true
	}
	var missing []string
	for _, m := range []struct {
		name string
		ok   bool
	}{{"Credential", haveCred}, {"Signature", haveSig}, {"SignedHeaders", haveSH}} {
		if !m.ok {
			missing = append(missing, "'"+m.name+"'")
		}
	}
	if len(missing) > 0 {
		return nil, wrap(ErrMalformed, "Authorization header requires %s parameter(s).", strings.Join(missing, ", "))
	}

	s := &Signed{}
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return nil, wrap(ErrMalformed, "Credential must have the form <AccessKeyId>/<YYYYMMDD>/<region>/<service>/aws4_request.")
	}
	s.AccessKeyID, s.Date, s.Region, s.Service, s.Terminal = parts[0], parts[1], parts[2], parts[3], parts[4]
	if !validAccessKeyID(s.AccessKeyID) {
		return nil, wrap(ErrMalformed, "Credential has an empty or invalid access key ID.")
	}
	if _, err := time.Parse(dayFormat, s.Date); err != nil || len(s.Date) != len(dayFormat) {
		return nil, wrap(ErrMalformed, "Credential scope date must be YYYYMMDD, got %q.", clip(s.Date))
	}
	if !validRegion(s.Region) {
		return nil, wrap(ErrMalformed, "Credential scope has an empty or invalid region %q.", clip(s.Region))
	}
	if s.Service == "" || s.Terminal == "" {
		return nil, wrap(ErrMalformed, "Credential scope has an empty service or terminator.")
	}

	if signedHeaders == "" {
		return nil, wrap(ErrMalformed, "SignedHeaders is empty.")
	}
	seen := make(map[string]bool)
	for name := range strings.SplitSeq(signedHeaders, ";") {
		if !validHeaderName(name) {
			return nil, wrap(ErrMalformed, "SignedHeaders has an empty or invalid header name %q.", clip(name))
		}
		name = strings.ToLower(name)
		if seen[name] {
			return nil, wrap(ErrMalformed, "SignedHeaders repeats %q.", name)
		}
		seen[name] = true
		s.SignedHeaders = append(s.SignedHeaders, name)
	}

	if !validSignature(sig) {
		// Never echo the signature itself.
		return nil, wrap(ErrMalformed, "Signature must be 64 lower-case hexadecimal digits.")
	}
	s.Signature = sig
	return s, nil
}

func validRegion(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// validHeaderName reports whether s is an RFC 9110 token.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}

func validSignature(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
