package sigv4

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testSig = "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024"

func TestParseAuthorization(t *testing.T) {
	t.Parallel()
	want := &Signed{
		AccessKeyID: "AKID", Date: "20260101", Region: "us-east-1", Service: "connect", Terminal: "aws4_request",
		SignedHeaders: []string{"content-type", "host", "x-amz-date"}, Signature: testSig,
	}
	tests := []struct {
		name    string
		header  string
		wantErr error
	}{
		{"go and botocore", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + testSig, nil},
		{"no spaces", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request,SignedHeaders=content-type;host;x-amz-date,Signature=" + testSig, nil},
		{"extra spaces", "  AWS4-HMAC-SHA256   Credential = AKID/20260101/us-east-1/connect/aws4_request ,  SignedHeaders= content-type;host;x-amz-date ,Signature =" + testSig + "  ", nil},
		{"tab", "AWS4-HMAC-SHA256\tCredential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=" + testSig, nil},
		{"other order", "AWS4-HMAC-SHA256 Signature=" + testSig + ", SignedHeaders=Content-Type;Host;X-Amz-Date, Credential=AKID/20260101/us-east-1/connect/aws4_request", nil},
		{"empty", "", ErrMalformed},
		{"other algorithm", "AWS4-HMAC-SHA512 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"bearer", "Bearer abc", ErrMalformed},
		{"algorithm only", "AWS4-HMAC-SHA256", ErrMalformed},
		{"missing signature", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host", ErrMalformed},
		{"missing credential", "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"duplicate credential", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"unknown component", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=" + testSig + ", Foo=bar", ErrMalformed},
		{"trailing comma", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=" + testSig + ",", ErrMalformed},
		{"no equals", "AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"short credential", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect, SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"long credential", "AWS4-HMAC-SHA256 Credential=AK/ID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"bad day", "AWS4-HMAC-SHA256 Credential=AKID/2026-01-01/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"bad region", "AWS4-HMAC-SHA256 Credential=AKID/20260101/US_EAST/connect/aws4_request, SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"empty key", "AWS4-HMAC-SHA256 Credential=/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=" + testSig, ErrMalformed},
		{"empty signed header", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host;;x-amz-date, Signature=" + testSig, ErrMalformed},
		{"duplicate signed header", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host;Host, Signature=" + testSig, ErrMalformed},
		{"short signature", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=abc", ErrMalformed},
		{"upper-case signature", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=" + strings.ToUpper(testSig), ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseAuthorization(tt.header)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("parseAuthorization = %v, want %v", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), testSig) || strings.Contains(err.Error(), strings.ToUpper(testSig)) {
					t.Errorf("error %q contains the signature", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parseAuthorization = %v, want nil", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("parseAuthorization (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	auth := "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + testSig
	tests := []struct {
		name     string
		url      string
		header   http.Header
		wantTime time.Time
		wantErr  error
	}{
		{"ok", "/x", http.Header{"Authorization": {auth}, "X-Amz-Date": {"20260101T120000Z"}}, signTime, nil},
		{"nothing", "/x", http.Header{}, time.Time{}, ErrMissing},
		{"blank authorization", "/x", http.Header{"Authorization": {"  "}}, time.Time{}, ErrMissing},
		{"presigned", "/x?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=" + testSig, http.Header{}, time.Time{}, ErrMalformed},
		{"two authorizations", "/x", http.Header{"Authorization": {auth, auth}, "X-Amz-Date": {"20260101T120000Z"}}, time.Time{}, ErrMalformed},
		{"no date", "/x", http.Header{"Authorization": {auth}}, time.Time{}, ErrMalformed},
		{"two dates", "/x", http.Header{"Authorization": {auth}, "X-Amz-Date": {"20260101T120000Z", "20260101T120000Z"}}, time.Time{}, ErrMalformed},
		{"bad date", "/x", http.Header{"Authorization": {auth}, "X-Amz-Date": {"Thu, 01 Jan 2026 12:00:00 GMT"}}, time.Time{}, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", tt.url, nil)
			r.Header = tt.header
			s, err := Parse(r)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Parse = %v, want %v", err, tt.wantErr)
			}
			if err == nil && !s.Time.Equal(tt.wantTime) {
				t.Errorf("Parse: Time = %v, want %v", s.Time, tt.wantTime)
			}
		})
	}
}

func TestErrorCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err        error
		wantCode   string
		wantStatus int
		wantMsg    string // substring
	}{
		{wrap(ErrMissing, "Missing Authentication Token"), "MissingAuthenticationTokenException", 403, "Missing Authentication Token"},
		{wrap(ErrMalformed, "x"), "IncompleteSignatureException", 400, "x"},
		{ErrUnknownKey, "UnrecognizedClientException", 403, "security token included in the request is invalid"},
		{(&Signed{Time: signTime}).check(signTime.Add(time.Hour)), "InvalidSignatureException", 403,
			"Signature expired: 20260101T120000Z is now earlier than 20260101T124500Z (20260101T130000Z - 15 min.)"},
		{(&Signed{Time: signTime, Date: "20260101", Service: "s3"}).check(signTime), "InvalidSignatureException", 403,
			"Credential should be scoped to correct service: 'connect'."},
		{(&Signed{Time: signTime, Date: "20251231"}).check(signTime), "InvalidSignatureException", 403,
			"Date in Credential scope does not match"},
		{fmtWrapped(wrap(ErrMismatch, "%s", mismatchMessage)), "InvalidSignatureException", 403, mismatchMessage},
		{ErrTooLarge, "RequestEntityTooLargeException", 413, "too large"},
		{errors.New("boom"), "InternalFailure", 500, "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.wantCode, func(t *testing.T) {
			t.Parallel()
			code, status := ErrorCode(tt.err)
			if code != tt.wantCode || status != tt.wantStatus {
				t.Errorf("ErrorCode(%v) = %q, %d, want %q, %d", tt.err, code, status, tt.wantCode, tt.wantStatus)
			}
			if msg := Message(tt.err); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("Message(%v) = %q, want it to contain %q", tt.err, msg, tt.wantMsg)
			}
		})
	}
}

// fmtWrapped wraps err as a caller would.
func fmtWrapped(err error) error { return errors.Join(errors.New("authenticate"), err) }

func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + testSig,
		"AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request,SignedHeaders=host,Signature=" + testSig,
		"AWS4-HMAC-SHA256 Signature=, Credential=////, SignedHeaders=;",
		"AWS4-HMAC-SHA256 Credential==, Credential==",
		"AWS4-HMAC-SHA256\t,,,",
		"AWS4-HMAC-SHA256 Credential=\xff/\x00/a/b/c, SignedHeaders=h\xff, Signature=" + testSig,
		"Bearer token",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		s, err := parseAuthorization(h)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("parseAuthorization error %v is not ErrMalformed", err)
			}
			return
		}
		if !validSignature(s.Signature) || !validRegion(s.Region) || !validAccessKeyID(s.AccessKeyID) || len(s.SignedHeaders) == 0 {
			t.Fatalf("parseAuthorization accepted invalid %+v", s)
		}
		// Re-serialising and parsing again gives the same value.
		again, err := parseAuthorization(algorithm + " Credential=" + s.AccessKeyID + "/" + s.Scope() +
			", SignedHeaders=" + strings.Join(s.SignedHeaders, ";") + ", Signature=" + s.Signature)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		if diff := cmp.Diff(s, again); diff != "" {
			t.Fatalf("re-parse (-first +second):\n%s", diff)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature="+testSig, "20260101T120000Z", "/x?a=b")
	f.Add("", "", "/?X-Amz-Algorithm=x")
	f.Add("AWS4-HMAC-SHA256 Credential=a/99999999/r/s/t, SignedHeaders=a, Signature="+testSig, "99999999T999999Z", "/%zz")
	f.Fuzz(func(t *testing.T, auth, date, target string) {
		r := httptest.NewRequest("GET", "/", nil)
		if u, err := r.URL.Parse(target); err == nil {
			r.URL = u
		}
		r.Header.Set("Authorization", auth)
		if date != "" {
			r.Header.Set("X-Amz-Date", date)
		}
		s, err := Parse(r)
		if err != nil {
			if code, _ := ErrorCode(err); code == "InternalFailure" {
				t.Fatalf("Parse error %v has no sentinel", err)
			}
			return
		}
		// Parsed values must survive the checks without panicking.
		_ = s.check(s.Time)
		a := &Authenticator{}
		if _, err := a.Authenticate(r); err != nil {
			t.Fatalf("permissive Authenticate = %v", err)
		}
	})
}
