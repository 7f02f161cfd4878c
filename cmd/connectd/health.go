package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
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

// probeReady asks the connectd listening on listen (an address as --listen
// takes it; an unspecified host means this machine) whether it is ready:
// `connectd health`, for container health checks.
func probeReady(ctx context.Context, listen string) error {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("health: --listen %q: %w", listen, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, pingTimeout+time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + healthReadyPath
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var st healthStatus
		_ = json.NewDecoder(resp.Body).Decode(&st)
		return fmt.Errorf("health: %s answers %d %s %s", url, resp.StatusCode, st.Status, st.Message)
	}
	return nil
}
