package sigv4

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"
)

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	signed := func(key, secret string) func() *http.Request {
		return func() *http.Request {
			r := httptest.NewRequest("GET", "http://connect.local/contacts/i/c", nil)
			signGo(t, r, nil, aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, "eu-west-2", signTime)
			return r
		}
	}
	unsigned := func() *http.Request { return httptest.NewRequest("GET", "/contacts/i/c", nil) }
	garbage := func() *http.Request {
		r := unsigned()
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 nonsense")
		return r
	}
	noDate := func() *http.Request {
		r := signed("AKIDOTHER", "x")()
		r.Header.Del("X-Amz-Date")
		return r
	}
	tests := []struct {
		name    string
		strict  bool
		req     func() *http.Request
		now     time.Time
		want    Identity
		wantErr error
	}{
		{name: "strict ok", strict: true, req: signed(testKey, testSecret),
			want: Identity{AccessKeyID: testKey, AccountID: testAccount, Region: "eu-west-2"}},
		{name: "strict wrong secret", strict: true, req: signed(testKey, "nope"), wantErr: ErrMismatch},
		{name: "strict unknown key", strict: true, req: signed("AKIDOTHER", "x"), wantErr: ErrUnknownKey},
		{name: "strict expired before key check", strict: true, req: signed("AKIDOTHER", "x"), now: signTime.Add(time.Hour), wantErr: ErrExpired},
		{name: "strict unsigned", strict: true, req: unsigned, wantErr: ErrMissing},
		{name: "strict garbage", strict: true, req: garbage, wantErr: ErrMalformed},
		{name: "permissive known key, not verified", req: signed(testKey, "nope"), now: signTime.Add(time.Hour),
			want: Identity{AccessKeyID: testKey, AccountID: testAccount, Region: "eu-west-2"}},
		{name: "permissive unknown key", req: signed("AKIDOTHER", "x"),
			want: Identity{AccessKeyID: "AKIDOTHER", AccountID: "999999999999", Region: "eu-west-2"}},
		{name: "permissive no date keeps region", req: noDate,
			want: Identity{AccessKeyID: "AKIDOTHER", AccountID: "999999999999", Region: "eu-west-2"}},
		{name: "permissive unsigned", req: unsigned, want: Identity{AccountID: "999999999999", Region: "us-east-1"}},
		{name: "permissive garbage", req: garbage, want: Identity{AccountID: "999999999999", Region: "us-east-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := tt.now
			if now.IsZero() {
				now = signTime
			}
			a := &Authenticator{Store: testStore(), Strict: tt.strict, DefaultAccountID: "999999999999", Now: func() time.Time { return now }}
			got, err := a.Authenticate(tt.req())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Authenticate = %v, want %v", err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Authenticate (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuthenticateNilStore(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("GET", "http://connect.local/x", nil)
	signGo(t, r, nil, aws.Credentials{AccessKeyID: testKey, SecretAccessKey: testSecret}, "us-east-1", signTime)
	a := &Authenticator{Strict: true, Now: func() time.Time { return signTime }}
	if _, err := a.Authenticate(r); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("Authenticate with nil store = %v, want ErrUnknownKey", err)
	}
}
