package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"connectd/internal/connect"
)

// Cookie names; both are scoped to /console/.
const (
	sessionCookie = "connectd_console"
	flashCookie   = "connectd_console_flash"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

// session is what the session cookie carries, signed: who signed in, for
// which account and region, until when. It never holds a secret.
type session struct {
	ID          string // random; binds the CSRF token
	AccessKeyID string `json:",omitempty"` // "" in permissive mode
	AccountID   string
	Region      string
	Expires     int64 // Unix seconds
}

func (s *session) partition() connect.Partition {
	return connect.Partition{AccountID: s.AccountID, Region: s.Region}
}

// signer signs cookies and CSRF tokens with a key made at start: sessions
// do not outlive the process, nor move between nodes.
type signer struct{ key []byte }

func newSigner() *signer {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return &signer{key: k}
}

func (g *signer) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, g.key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

var b64 = base64.RawURLEncoding

// seal returns the signed cookie value of v.
func (g *signer) seal(purpose string, v any) string {
	body, _ := json.Marshal(v)
	enc := b64.EncodeToString(body)
	return enc + "." + b64.EncodeToString(g.mac(purpose, enc))
}

// open checks a value seal made and decodes it into v.
func (g *signer) open(purpose, value string, v any) error {
	enc, sig, ok := strings.Cut(value, ".")
	if !ok {
		return errors.New("malformed")
	}
	got, err := b64.DecodeString(sig)
	if err != nil || !hmac.Equal(got, g.mac(purpose, enc)) {
		return errors.New("bad signature")
	}
	body, err := b64.DecodeString(enc)
	if err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}

// csrf returns the session's CSRF token.
func (g *signer) csrf(s *session) string { return b64.EncodeToString(g.mac("csrf", s.ID)) }

func (g *signer) checkCSRF(s *session, token string) bool {
	return subtle.ConstantTimeCompare([]byte(token), []byte(g.csrf(s))) == 1
}

func newSessionID() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return b64.EncodeToString(b)
}

// readSession returns the request's valid, unexpired session, or nil.
func (c *Console) readSession(r *http.Request) *session {
	ck, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	var s session
	if c.sign.open("session", ck.Value, &s) != nil || s.ID == "" || time.Now().Unix() >= s.Expires {
		return nil
	}
	if c.cfg.Strict && s.AccessKeyID == "" {
		return nil // a permissive-mode cookie is no sign-in
	}
	return &s
}

// writeSession sets the session cookie.
func (c *Console) writeSession(w http.ResponseWriter, r *http.Request, s *session) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: c.sign.seal("session", s), Path: Prefix,
		Expires: time.Unix(s.Expires, 0), HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
	})
}

func (c *Console) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: Prefix, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// flash is a one-time message shown on the next page (after a redirect).
type flash struct {
	Error   bool
	Message string
}

func (c *Console) setFlash(w http.ResponseWriter, f flash) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: c.sign.seal("flash", f), Path: Prefix,
		MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// takeFlash returns the pending flash message, if any, and clears it.
func (c *Console) takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: Prefix, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode})
	var f flash
	if c.sign.open("flash", ck.Value, &f) != nil {
		return nil
	}
	return &f
}
