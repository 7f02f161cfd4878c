package main

import (
	"context"
	"net/http"
	"strings"
	"time"

	"connectd/internal/admin"
	"connectd/internal/connect"
	"connectd/internal/console"
)

// console builds the web console: the service, the credentials of the
// SigV4 verifier for its sign-in, the manual clock's moves as the admin
// API makes them, and the contact event stream.
func (m *Main) console(adminCfg admin.Config) (*console.Console, error) {
	cfg := console.Config{
		Service: m.service, Strict: m.Config.Auth == "strict",
		AccountID: m.Config.AccountID, Region: m.Config.Region,
		EventsFunc: m.events.Handler, Logger: m.Logger,
	}
	if m.credentials != nil {
		store := m.credentials
		cfg.LookupFunc = func(id string) (string, string, bool) {
			c, ok := store.Lookup(id)
			return c.SecretAccessKey, c.AccountID, ok
		}
	}
	if m.manual != nil {
		cfg.AdvanceFunc = func(ctx context.Context, p connect.Partition, target time.Time) error {
			_, _, err := admin.StepClock(ctx, adminCfg, target, p)
			return err
		}
	}
	return console.New(cfg)
}

// withConsole serves the console under /console/ and redirects a
// browser's GET / (one that accepts text/html) there; every other request,
// an API client's GET / included, goes to api.
func withConsole(api, web http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/console" || strings.HasPrefix(r.URL.Path, console.Prefix):
			web.ServeHTTP(w, r)
		case r.URL.Path == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
			strings.Contains(r.Header.Get("Accept"), "text/html") && r.Header.Get("Authorization") == "":
			http.Redirect(w, r, console.Prefix, http.StatusFound)
		default:
			api.ServeHTTP(w, r)
		}
	})
}
