package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"
)

// The health endpoints are for load balancers and orchestrators, which send
// no SigV4 signature: they are served ahead of the API server, which
// authenticates everything else (the admin API under /_connectd/v1/
// included).
const (
	healthLivePath  = "/_connectd/v1/health/live"
	healthReadyPath = "/_connectd/v1/health/ready"
	// pingTimeout bounds the store check of a readiness probe, so that a
	// database that hangs makes the node unready rather than the probe
	// time out.
	pingTimeout = 2 * time.Second
)

// healthStatus is the body of both endpoints.
type healthStatus struct {
	Status  string
	Message string `json:",omitempty"`
}

// withHealth serves GET (and HEAD) of the health endpoints and hands every
// other request to next:
//
//   - live answers 200 {"Status":"ok"} while the process serves HTTP;
//   - ready answers 200 {"Status":"ok"} when ping (Store.Ping) succeeds
//     within pingTimeout, else 503 {"Status":"unavailable","Message":...}.
//     The cause goes to the log, not to the unauthenticated caller.
func withHealth(next http.Handler, ping func(context.Context) error, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != healthLivePath && r.URL.Path != healthReadyPath {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeHealth(w, http.StatusMethodNotAllowed, healthStatus{Status: "error", Message: r.Method + " is not allowed; use GET"})
			return
		}
		if r.URL.Path == healthReadyPath {
			ctx, cancel := context.WithTimeout(r.Context(), pingTimeout)
			err := ping(ctx)
			cancel()
			if err != nil {
				log.Warn("health: not ready: the store does not answer", "err", err)
				writeHealth(w, http.StatusServiceUnavailable, healthStatus{Status: "unavailable", Message: "The store does not answer."})
				return
			}
		}
		writeHealth(w, http.StatusOK, healthStatus{Status: "ok"})
	})
}

func writeHealth(w http.ResponseWriter, status int, body healthStatus) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
