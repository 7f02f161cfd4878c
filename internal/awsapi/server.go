package awsapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"connectd/internal/connect"
)

// Config configures a Server. Zero values get the defaults documented on
// each field.
type Config struct {
	// Service runs the operations. Without one (framework tests) no
	// operation is implemented.
	Service *connect.Service
	// MaxBodyBytes caps request bodies; a larger body is answered with the
	// operation's validation error. Default DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Logger receives request failures. Default slog.Default().
	Logger *slog.Logger
	// Authenticate identifies the caller of every request. An *APIError it
	// returns is written as is; any other error becomes 403
	// AccessDeniedException. When nil, every request gets the default
	// principal built from AccountID and Region.
	Authenticate func(r *http.Request) (Principal, error)
	// AccountID and Region make the default principal. Defaults
	// "000000000000" and "us-east-1".
	AccountID, Region string
	// Admin, when set, serves connectd's own API under /_connectd/, after
	// the same authentication as the Connect API (PrincipalFrom works in it)
	// and the same check of the path and query string.
	Admin http.Handler
	// ObserveFunc, when set, is called once per request as it ends (the
	// metrics of /metrics): op is the Connect operation, "admin" for the
	// admin API, "unknown" for a request refused before it was routed (an
	// authentication failure) or that matches no operation.
	ObserveFunc func(op string, status int, errorType string, d time.Duration)
}

// DefaultMaxBodyBytes is the default Config.MaxBodyBytes: 1 MiB, more than
// any Connect request needs (a flow's content is at most 256,000
// characters).
const DefaultMaxBodyBytes int64 = 1 << 20

// Principal is the authenticated caller of a request.
type Principal struct {
	AccountID, Region, AccessKeyID string
}

type ctxKey int

const (
	principalKey ctxKey = iota
	requestIDKey
)

// PrincipalFrom returns the principal stored in ctx by the Server.
func PrincipalFrom(ctx context.Context) Principal {
	p, _ := ctx.Value(principalKey).(Principal)
	return p
}

// RequestIDFrom returns the request ID (also sent as x-amzn-RequestId) stored
// in ctx by the Server.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// handlerFunc runs one implemented operation: it decodes r, calls the service
// and returns the output value to encode (nil → {}).
type handlerFunc func(r *http.Request) (any, error)

// Server is the http.Handler of the Connect API: every model operation has a
// route, and operations without a registered handler answer a
// "not implemented" error naming the operation.
type Server struct {
	cfg      Config
	svc      *connect.Service
	log      *slog.Logger
	mux      *http.ServeMux
	ops      map[string]*opSpec
	patterns map[string]string // mux pattern → operation name
	handlers map[string]handlerFunc
}

// NewServer returns a Server with every model route and the handlers of
// registerHandlers.
func NewServer(cfg Config) *Server {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "000000000000"
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	s := &Server{
		cfg:      cfg,
		svc:      cfg.Service,
		log:      cfg.Logger,
		mux:      http.NewServeMux(),
		ops:      make(map[string]*opSpec, len(operations)),
		patterns: make(map[string]string, len(operations)),
		handlers: map[string]handlerFunc{},
	}
	for i := range operations {
		op := &operations[i]
		pattern := op.Method + " " + op.URI
		s.ops[op.Name] = op
		s.patterns[pattern] = op.Name
		s.mux.Handle(pattern, s.route(op))
	}
	// Anything no model route matches (including a known path with another
	// method) is an unknown operation, never net/http's HTML 404/405.
	s.mux.HandleFunc("/", s.unknownOperation)
	if cfg.Admin != nil {
		s.mux.Handle("/_connectd/", s.admin(cfg.Admin))
	}
	if s.svc != nil {
		s.registerHandlers()
	}
	return s
}

// admin serves connectd's own API, after the URL check of the Connect API's
// operations: a path or query that does not unescape to UTF-8 is refused
// with InvalidParameterException, the admin API's error for bad input, so
// that, say, GET /_connectd/v1/events?instanceId=%zz is not read as a
// stream of every instance.
func (s *Server) admin(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkURL(r); err != nil {
			s.writeError(w, r, "", &APIError{Code: codeInvalidParameter, Message: err.Error()})
			return
		}
		h.ServeHTTP(w, r)
	})
}

// route serves op: its handler, or the not-implemented error.
func (s *Server) route(op *opSpec) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := s.handlers[op.Name]
		if h == nil {
			s.writeError(w, r, op.Name, notImplemented(op))
			return
		}
		// The operation runs to its end once its request is in, detached
		// from the client's cancellation: a client that half-closes its
		// connection (net/http cancels the request's context then) still
		// gets its answer, and one that leaves finds its write committed,
		// as if it had stayed, rather than a store error logged as a
		// server fault. (A retry with the same ClientToken then finds it.)
		out, err := h(r.WithContext(context.WithoutCancel(r.Context())))
		if err != nil {
			s.writeError(w, r, op.Name, s.toAPIError(op.Name, err))
			return
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func (s *Server) unknownOperation(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, "", &APIError{
		Code:    codeUnknownOperation,
		Status:  http.StatusNotFound,
		Message: fmt.Sprintf("no operation matches %s %s", r.Method, r.URL.EscapedPath()),
	})
}

// ServeHTTP assigns a request ID, authenticates the caller and dispatches to
// the operation's route. A panic in a handler becomes a 500
// InternalServiceException.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := connect.RandomIDs{}.NewID()
	// Raw key: AWS spells it x-amzn-RequestId; clients read it case-insensitively.
	w.Header()["x-amzn-RequestId"] = []string{id}
	ctx := context.WithValue(r.Context(), requestIDKey, id)
	r = r.WithContext(ctx)
	rw := &responseWriter{ResponseWriter: w}
	start := time.Now()
	defer func() { s.logRequest(rw, r, start) }() // r as it ends: with its principal and pattern
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			err := fmt.Errorf("panic: %v", v)
			if rw.wrote {
				s.log.ErrorContext(ctx, "handler panicked after writing", "err", err, "request_id", id)
				return
			}
			s.writeError(rw, r, s.patterns[r.Pattern], &APIError{Code: codeInternal, Message: "internal error", Err: err})
		}
	}()

	body := trackBody(r)
	p, err := s.authenticate(r)
	if err != nil {
		var ae *APIError
		switch {
		case body.err != nil:
			// The authenticator read the body (strict mode hashes it) and
			// could not: the sender's fault, whatever the authenticator
			// made of it.
			ae = s.unreadableBody(r, body.err)
		case !errors.As(err, &ae):
			ae = &APIError{Code: codeAccessDenied, Status: http.StatusForbidden, Message: "access denied", Err: err}
		}
		s.writeError(rw, r, "", ae)
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), principalKey, p))

	// ServeMux answers a non-canonical path ("//", "/./") with an HTML
	// redirect; no SDK follows it, so answer as an unknown operation.
	if ep := r.URL.EscapedPath(); ep != cleanPath(ep) {
		s.unknownOperation(rw, r)
		return
	}
	s.mux.ServeHTTP(rw, r)
}

// logRequest writes the request log's line: every API and admin request at
// INFO, with its operation (the admin API's method and path), status,
// error type, duration, request ID and account.
func (s *Server) logRequest(w *responseWriter, r *http.Request, start time.Time) {
	op := s.patterns[r.Pattern]
	d := time.Since(start)
	var errorType string
	if et := w.Header()["X-Amzn-ErrorType"]; len(et) > 0 {
		errorType = et[0]
	}
	if s.cfg.ObserveFunc != nil {
		s.cfg.ObserveFunc(metricOp(op, r), w.status, errorType, d)
	}
	if op == "" {
		op = r.Method + " " + r.URL.Path
	}
	attrs := []slog.Attr{
		slog.String("op", op),
		slog.Int("status", w.status),
		slog.Duration("duration", d),
		slog.String("request_id", RequestIDFrom(r.Context())),
	}
	if errorType != "" {
		attrs = append(attrs, slog.String("error_type", errorType))
	}
	if p, ok := r.Context().Value(principalKey).(Principal); ok {
		attrs = append(attrs, slog.String("account", p.AccountID), slog.String("region", p.Region))
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// metricOp is the operation label of a request for ObserveFunc: a bounded
// set of values, never a path.
func metricOp(op string, r *http.Request) string {
	switch {
	case op != "":
		return op
	case r.Pattern != "" && r.Pattern != "/" && strings.HasPrefix(r.URL.Path, "/_connectd/"):
		return "admin" // routed (authenticated), with the admin mux's pattern or ours
	}
	return "unknown"
}

func (s *Server) authenticate(r *http.Request) (Principal, error) {
	if s.cfg.Authenticate == nil {
		return Principal{AccountID: s.cfg.AccountID, Region: s.cfg.Region}, nil
	}
	return s.cfg.Authenticate(r)
}

// trackedBody remembers the first error that reading the request body met,
// other than its end and a reader's size limit (*http.MaxBytesError: the
// body is readable, only too large).
type trackedBody struct {
	io.ReadCloser
	err error
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		if _, tooLarge := errors.AsType[*http.MaxBytesError](err); !tooLarge {
			b.err = err
		}
	}
	return n, err
}

// trackBody puts a trackedBody in place of r.Body (if r has a body).
func trackBody(r *http.Request) *trackedBody {
	if r.Body == nil || r.Body == http.NoBody {
		return &trackedBody{}
	}
	b := &trackedBody{ReadCloser: r.Body}
	r.Body = b
	return b
}

// unreadableBody is the answer to a request whose body could not be read
// (malformed chunked encoding, a client that stopped sending before the end,
// --read-timeout): the client's fault, answered as decode answers it, with
// the operation's validation error (400). Outside the Connect operations
// (the admin API), InvalidParameterException.
func (s *Server) unreadableBody(r *http.Request, err error) *APIError {
	code := codeInvalidParameter
	if _, pattern := s.mux.Handler(r); s.ops[s.patterns[pattern]] != nil {
		code = validationCode(s.ops[s.patterns[pattern]])
	}
	return &APIError{Code: code, Message: "Could not read request body", Err: err}
}

// cleanPath mirrors net/http's canonicalisation of request paths.
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	if p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if strings.HasSuffix(p, "/") && np != "/" {
		np += "/"
	}
	return np
}

// responseWriter records whether the response has started, so that a panic
// after that point is not answered twice.
// It also keeps the status for the request log.
type responseWriter struct {
	http.ResponseWriter
	wrote  bool
	status int
}

func (w *responseWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status = code
	}
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *responseWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status = http.StatusOK
	}
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
