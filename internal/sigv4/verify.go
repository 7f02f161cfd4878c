package sigv4

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	// Service is the SigV4 signing name of Amazon Connect.
	Service = "connect"
	// MaxSkew is how far X-Amz-Date may be from the server clock.
	MaxSkew = 15 * time.Minute
	// DefaultMaxBody is the body limit used when maxBody is not positive:
	// 1 MiB, the largest body connectd's API accepts. A body is read, and
	// held, before its signature is verified, so the limit is what an
	// unauthenticated request may cost.
	DefaultMaxBody int64 = 1 << 20

	terminal = "aws4_request"
)

// Verify checks s, parsed from r by [Parse], against secret, the secret
// access key of s.AccessKeyID. In order it returns ErrExpired if s.Time is
// more than [MaxSkew] from now; ErrScope if the scope day is not the day of
// X-Amz-Date, the service is not "connect" or the terminator is not
// "aws4_request"; ErrMalformed if "host" or "x-amz-date" is not signed;
// ErrTooLarge if the body exceeds maxBody bytes (DefaultMaxBody if maxBody
// <= 0); and ErrMismatch if the signature differs. The region is not
// checked: whatever region the client signed for is the region it gets.
//
// Verify reads the body to hash it and replaces r.Body with the same bytes,
// so the handler can read it again.
func Verify(r *http.Request, s *Signed, secret string, now time.Time, maxBody int64) error {
	if err := s.check(now); err != nil {
		return err
	}
	return verifySignature(r, s, secret, maxBody)
}

// check runs the checks that need no secret and no body, in the order of
// STYLE.md §5: clock skew, scope, required signed headers.
func (s *Signed) check(now time.Time) error {
	if d := now.Sub(s.Time); d > MaxSkew {
		return wrap(ErrExpired, "Signature expired: %s is now earlier than %s (%s - 15 min.)",
			s.Time.UTC().Format(amzDateFormat), now.Add(-MaxSkew).UTC().Format(amzDateFormat), now.UTC().Format(amzDateFormat))
	} else if d < -MaxSkew {
		return wrap(ErrExpired, "Signature not yet current: %s is still later than %s (%s + 15 min.)",
			s.Time.UTC().Format(amzDateFormat), now.Add(MaxSkew).UTC().Format(amzDateFormat), now.UTC().Format(amzDateFormat))
	}
	if day := s.Time.UTC().Format(dayFormat); s.Date != day {
		return wrap(ErrScope, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			clip(s.Date), day, s.Time.UTC().Format(amzDateFormat))
	}
	if s.Service != Service {
		return wrap(ErrScope, "Credential should be scoped to correct service: '%s'.", Service)
	}
	if s.Terminal != terminal {
		return wrap(ErrScope, "Credential should be scoped with a valid terminator: '%s', not '%s'.", terminal, clip(s.Terminal))
	}
	if !slices.Contains(s.SignedHeaders, "host") {
		return wrap(ErrMalformed, "'Host' must be a 'SignedHeader' in the AWS Authorization.")
	}
	if !slices.Contains(s.SignedHeaders, "x-amz-date") {
		return wrap(ErrMalformed, "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.")
	}
	return nil
}

// verifySignature hashes the body and recomputes the signature with the
// aws-sdk-go-v2 signer.
func verifySignature(r *http.Request, s *Signed, secret string, maxBody int64) error {
	body, err := readBody(r, maxBody)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])

	host := r.Host
	sig, err := recompute(r, s, secret, payloadHash, host)
	if err != nil {
		return err
	}
	if hmac.Equal([]byte(sig), []byte(s.Signature)) {
		return nil
	}
	// Clients normally leave a default port out of both the Host header and
	// the signature, but a proxy or a hand-built request may send it anyway.
	// Retry without it, as the SDK signers strip it when signing.
	if h, port, err := net.SplitHostPort(host); err == nil && (port == "80" || port == "443") {
		if strings.Contains(h, ":") {
			h = "[" + h + "]"
		}
		sig, err := recompute(r, s, secret, payloadHash, h)
		if err != nil {
			return err
		}
		if hmac.Equal([]byte(sig), []byte(s.Signature)) {
			return nil
		}
	}
	return wrap(ErrMismatch, "%s", mismatchMessage)
}

// recompute signs a copy of r that holds only the headers s names, exactly
// as the client saw them, and returns the hex signature.
func recompute(r *http.Request, s *Signed, secret, payloadHash, host string) (string, error) {
	req := &http.Request{
		Method: r.Method,
		// The signer takes the canonical URI from Opaque ("//host/path")
		// when set, then escapes it once more (non-S3 services double-encode).
		// Feeding it the path exactly as it came over the wire means
		// "%2F" and "%3A" stay as the client signed them, whatever net/url
		// would re-escape.
		URL:    &url.URL{Opaque: "//" + host + wirePath(r), RawQuery: r.URL.RawQuery},
		Host:   host,
		Header: make(http.Header, len(s.SignedHeaders)),
	}
	for _, name := range s.SignedHeaders {
		switch name {
		case "host":
			// From req.Host; the signer always signs it.
		case "content-length":
			// Go's server moves it to r.ContentLength, and the signer signs
			// it only from req.ContentLength (and only when > 0).
			req.ContentLength = max(r.ContentLength, 0)
		case "transfer-encoding":
			// Go's server moves it to r.TransferEncoding.
			req.Header[name] = []string{strings.Join(r.TransferEncoding, ", ")}
		case "x-amz-date":
			// The signer writes X-Amz-Date itself (under the canonical key)
			// from the signing time; a lower-case copy would sign it twice.
			req.Header["X-Amz-Date"] = r.Header.Values("X-Amz-Date")
		default:
			if v := r.Header.Values(name); len(v) > 0 {
				// The signer skips User-Agent, Expect, Transfer-Encoding,
				// X-Amzn-Trace-Id and Authorization by exact canonical key.
				// A client that signed one of them (some do) must still
				// verify, so the key is stored lower-case, which the signer
				// lower-cases anyway.
				req.Header[name] = v
			}
			// A signed header that is absent was dropped on the way; the
			// signature will not match, as it should not.
		}
	}
	creds := aws.Credentials{AccessKeyID: s.AccessKeyID, SecretAccessKey: secret}
	// A fresh signer each time: the signer's derived-key cache is keyed by
	// region, service, access key and day but not by secret, so a shared
	// signer would accept a wrong secret after a right one.
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, payloadHash, s.Service, s.Region, s.Time); err != nil {
		return "", fmt.Errorf("sigv4: recompute signature: %w", err)
	}
	_, sig, ok := strings.Cut(req.Header.Get("Authorization"), "Signature=")
	if !ok {
		return "", fmt.Errorf("sigv4: recompute signature: signer set no signature")
	}
	return sig, nil
}

// wirePath returns the request path as the client sent it.
func wirePath(r *http.Request) string {
	if u := r.RequestURI; strings.HasPrefix(u, "/") {
		p, _, _ := strings.Cut(u, "?")
		return p
	}
	// Absolute-form request targets and requests built in-process.
	return r.URL.EscapedPath()
}

// readBody reads at most maxBody bytes of r.Body and replaces r.Body with a
// reader over the same bytes. A body announced larger than maxBody is
// refused unread; one of unknown length (chunked) is read no further than
// maxBody+1 bytes. An error reading the body is returned as is (wrapped, no
// sentinel): the body's sender is at fault, not the signature.
func readBody(r *http.Request, maxBody int64) ([]byte, error) {
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > maxBody {
		return nil, wrap(ErrTooLarge, "Request body is larger than %d bytes.", maxBody)
	}
	var body []byte
	var err error
	if r.ContentLength > 0 {
		// The announced length, allocated once: net/http's body reader
		// yields exactly that many bytes, or an error. (0 may mean
		// "unknown" in a request built in-process.)
		body = make([]byte, r.ContentLength)
		var n int
		n, err = io.ReadFull(r.Body, body)
		body = body[:n]
	} else {
		body, err = io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	}
	// Restore what was read even on failure, so the caller sees a
	// consistent (if truncated) body rather than a half-consumed stream.
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("sigv4: read body: %w", err)
	}
	if int64(len(body)) > maxBody {
		return nil, wrap(ErrTooLarge, "Request body is larger than %d bytes.", maxBody)
	}
	return body, nil
}
