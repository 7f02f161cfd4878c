package console

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"connectd/internal/connect"
)

// Prefix is the path every console page is under.
const Prefix = "/console/"

// defaultSessionTTL is how long a session lasts when Config.SessionTTL is 0.
const defaultSessionTTL = 12 * time.Hour

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config configures the console.
type Config struct {
	Service *connect.Service
	// Strict requires a sign-in (connectd's --auth strict).
	Strict bool
	// LookupFunc finds an access key's secret and account, from the same
	// credential store the SigV4 verifier uses; nil: no key signs in.
	LookupFunc func(accessKeyID string) (secret, accountID string, ok bool)
	// AccountID and Region are the defaults: the account of a permissive
	// session and the region a session starts in.
	AccountID, Region string
	// AdvanceFunc moves the manual clock to target and runs the work that
	// falls due on the way (the admin API's clock move); nil on the real
	// clock, which the console then only shows.
	AdvanceFunc func(ctx context.Context, p connect.Partition, target time.Time) error
	// EventsFunc returns the contact event stream handler (internal/events)
	// for the partition partition returns.
	EventsFunc func(partition func(*http.Request) connect.Partition) http.Handler
	SessionTTL time.Duration
	Logger     *slog.Logger
}

// Console is the console's http.Handler.
type Console struct {
	cfg   Config
	sign  *signer
	pages map[string]*template.Template
	mux   *http.ServeMux
	h     http.Handler
}

// New parses the templates (a bad one is an error) and returns the console.
func New(cfg Config) (*Console, error) {
	if cfg.Service == nil {
		return nil, errors.New("console: Config.Service is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = defaultSessionTTL
	}
	c := &Console{cfg: cfg, sign: newSigner(), mux: http.NewServeMux()}
	var err error
	if c.pages, err = parseTemplates(); err != nil {
		return nil, err
	}
	c.routes()
	// Refuse cross-origin POSTs outright (Sec-Fetch-Site / Origin); the
	// CSRF token covers browsers that send neither.
	c.h = http.NewCrossOriginProtection().Handler(c.mux)
	return c, nil
}

func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	w.Header().Set("Referrer-Policy", "same-origin")
	c.h.ServeHTTP(w, r)
}

// handlerFunc is a page or action: it acts for a session.
type handlerFunc func(w http.ResponseWriter, r *http.Request, s *session) error

func (c *Console) routes() {
	static, _ := fs.Sub(staticFS, "static")
	c.mux.Handle("GET "+Prefix+"static/", http.StripPrefix(Prefix+"static/", http.FileServerFS(static)))
	c.mux.HandleFunc("GET "+Prefix+"signin", c.signInPage)
	c.mux.HandleFunc("POST "+Prefix+"signin", c.signIn)
	c.mux.HandleFunc("GET /console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix, http.StatusMovedPermanently)
	})
	if c.cfg.EventsFunc != nil {
		events := c.cfg.EventsFunc(func(r *http.Request) connect.Partition {
			if s := c.readSession(r); s != nil {
				return s.partition()
			}
			return connect.Partition{} // refused by the stream as unauthenticated
		})
		c.mux.Handle("GET "+Prefix+"events", c.auth(func(w http.ResponseWriter, r *http.Request, _ *session) error {
			events.ServeHTTP(w, r)
			return nil
		}))
	}
	get := func(pattern string, h handlerFunc) { c.mux.Handle("GET "+Prefix+pattern, c.auth(h)) }
	post := func(pattern string, h handlerFunc) { c.mux.Handle("POST "+Prefix+pattern, c.auth(c.csrf(h))) }

	get("{$}", c.overview)
	post("signout", c.signOut)
	post("region", c.setRegion)
	post("clock", c.advanceClock)

	in := "instances/{InstanceId}/"
	get(in+"queues", c.queueBoard)
	get(in+"contacts", c.contacts)
	get(in+"contacts/{ContactId}", c.contact)
	post(in+"contacts/{ContactId}/stop", c.stopContact)
	post(in+"contacts/{ContactId}/schedule", c.rescheduleContact)
	post(in+"contacts/{ContactId}/attributes", c.updateAttributes)
	post(in+"contacts/{ContactId}/update", c.updateContact)
	post(in+"contacts/{ContactId}/transfer", c.transferContact)
	get(in+"flows", c.flows)
	get(in+"flows/{ContactFlowId}", c.flowPage)
	get(in+"agents", c.agents)
	get(in+"agents/{UserId}", c.agentPage)
	post(in+"agents/{UserId}/status", c.setAgentStatus)
	post(in+"agents/{UserId}/contacts/{ContactId}/{Action}", c.agentAction)
	post(in+"agents/{UserId}/tasks", c.newTask)

	c.mux.Handle(Prefix, c.auth(func(w http.ResponseWriter, r *http.Request, s *session) error {
		return &connect.Error{Kind: connect.NotFound, Message: "No console page at " + r.URL.Path + "."}
	}))
}

// auth runs h for the request's session. Without one, permissive mode
// starts one for the default account; strict mode sends a page to sign-in
// and refuses anything else with 401.
func (c *Console) auth(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := c.readSession(r)
		if s == nil && !c.cfg.Strict {
			s = c.newSession("", c.cfg.AccountID, c.cfg.Region)
			c.writeSession(w, r, s)
		}
		if s == nil {
			if r.Method == http.MethodGet && !strings.HasSuffix(r.URL.Path, "/events") {
				http.Redirect(w, r, Prefix+"signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			c.fail(w, r, nil, &statusError{http.StatusUnauthorized, "Sign in to the console first."})
			return
		}
		if err := h(w, r, s); err != nil {
			c.fail(w, r, s, err)
		}
	})
}

// csrf refuses a POST whose CSRF token is not the session's.
func (c *Console) csrf(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, s *session) error {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		tok := r.Header.Get(csrfHeader)
		if tok == "" {
			tok = r.PostFormValue(csrfField)
		}
		if !c.sign.checkCSRF(s, tok) {
			return &statusError{http.StatusForbidden, "The form's CSRF token is missing or not this session's; reload the page and try again."}
		}
		return h(w, r, s)
	}
}

func (c *Console) newSession(keyID, accountID, region string) *session {
	return &session{ID: newSessionID(), AccessKeyID: keyID, AccountID: accountID, Region: region,
		Expires: time.Now().Add(c.cfg.SessionTTL).Unix()}
}

// regionPattern is the shape of an AWS region name (the SigV4 scope's).
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)

func (c *Console) signInPage(w http.ResponseWriter, r *http.Request) {
	if !c.cfg.Strict {
		http.Redirect(w, r, Prefix, http.StatusSeeOther)
		return
	}
	c.renderSignIn(w, r, http.StatusOK, "", r.URL.Query().Get("next"))
}

type signInData struct {
	Error, Next, Region, AccessKeyID string
}

func (c *Console) renderSignIn(w http.ResponseWriter, r *http.Request, status int, msg, next string) {
	region := r.PostFormValue("region")
	if region == "" {
		region = c.cfg.Region
	}
	c.render(w, r, status, "signin", &page{Title: "Sign in", Strict: true,
		Data: signInData{Error: msg, Next: next, Region: region, AccessKeyID: r.PostFormValue("access_key_id")}})
}

// signIn checks an access key ID and its secret against the credential
// store, in constant time, and starts a session for the key's account.
func (c *Console) signIn(w http.ResponseWriter, r *http.Request) {
	if !c.cfg.Strict {
		http.Redirect(w, r, Prefix, http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	keyID, secret := strings.TrimSpace(r.PostFormValue("access_key_id")), r.PostFormValue("secret_access_key")
	region, next := strings.TrimSpace(r.PostFormValue("region")), r.PostFormValue("next")
	if !regionPattern.MatchString(region) {
		c.renderSignIn(w, r, http.StatusBadRequest, fmt.Sprintf("%q is not a region name.", region), next)
		return
	}
	var want, account string
	ok := false
	if c.cfg.LookupFunc != nil {
		want, account, ok = c.cfg.LookupFunc(keyID)
	}
	// Compare even for an unknown key, so that timing does not tell
	// known keys from unknown ones.
	match := subtleEqual(secret, want)
	if !ok || !match || secret == "" {
		c.cfg.Logger.InfoContext(r.Context(), "console: sign-in refused", "access_key_id", keyID)
		// UnrecognizedClientException's message, as the API answers a bad key.
		c.renderSignIn(w, r, http.StatusUnauthorized, "The security token included in the request is invalid.", next)
		return
	}
	c.writeSession(w, r, c.newSession(keyID, account, region))
	if !strings.HasPrefix(next, Prefix) || strings.HasPrefix(next, "//") {
		next = Prefix
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (c *Console) signOut(w http.ResponseWriter, r *http.Request, s *session) error {
	c.clearSession(w)
	if c.cfg.Strict {
		http.Redirect(w, r, Prefix+"signin", http.StatusSeeOther)
	} else {
		http.Redirect(w, r, Prefix, http.StatusSeeOther)
	}
	return nil
}

// setRegion moves the session to another region of its account.
func (c *Console) setRegion(w http.ResponseWriter, r *http.Request, s *session) error {
	region := strings.TrimSpace(r.PostFormValue("region"))
	if !regionPattern.MatchString(region) {
		return connect.Errorf(connect.Invalid, "%q is not a region name.", region)
	}
	s.Region = region
	c.writeSession(w, r, s)
	http.Redirect(w, r, Prefix, http.StatusSeeOther)
	return nil
}

// statusError is a refusal of the console's own (sign-in, CSRF).
type statusError struct {
	status int
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// statusOf is the HTTP status of an error's kind, as the API answers.
func statusOf(k connect.Kind) int {
	switch k {
	case connect.NotFound:
		return http.StatusNotFound
	case connect.Conflict, connect.Duplicate, connect.InUse:
		return http.StatusConflict
	case connect.Throttled:
		return http.StatusTooManyRequests
	case connect.Forbidden:
		return http.StatusForbidden
	case connect.Internal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// fail shows err: the API's message for a *connect.Error, a generic one
// (and the cause in the log) for anything else. A failed form goes back to
// the page it came from with the message; a page shows it in its place.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	status, msg := http.StatusInternalServerError, "Request processing failed because of an error or failure with the service."
	if se, ok := errors.AsType[*statusError](err); ok {
		c.render(w, r, se.status, "error", &page{Title: http.StatusText(se.status), Session: s, Data: se.msg})
		return
	}
	if ce, ok := errors.AsType[*connect.Error](err); ok && ce.Kind != connect.Internal {
		status, msg = statusOf(ce.Kind), ce.Message
	} else {
		c.cfg.Logger.ErrorContext(r.Context(), "console: request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	if r.Method == http.MethodPost {
		if back := sameOriginReferer(r); back != "" {
			c.setFlash(w, flash{Error: true, Message: msg})
			http.Redirect(w, r, back, http.StatusSeeOther)
			return
		}
	}
	c.render(w, r, status, "error", &page{Title: http.StatusText(status), Session: s, Data: msg})
}

// sameOriginReferer returns the path of the console page a request came
// from, or "".
func sameOriginReferer(r *http.Request) string {
	u, err := url.Parse(r.Referer())
	if err != nil || u.Host != r.Host || !strings.HasPrefix(u.Path, Prefix) {
		return ""
	}
	return u.RequestURI()
}

// done ends a successful POST: back to where it came from (or to), with a
// message.
func (c *Console) done(w http.ResponseWriter, r *http.Request, to, msg string) error {
	if to == "" {
		if to = sameOriginReferer(r); to == "" {
			to = Prefix
		}
	}
	if msg != "" {
		c.setFlash(w, flash{Message: msg})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
