package postgres

import (
	"context"
	"strings"
	"testing"
)

// TestSessionDefaults: connections start with sessionDefaults, and the URL
// overrides each.
func TestSessionDefaults(t *testing.T) {
	t.Parallel()
	url := SchemaURL(t)
	tests := []struct {
		name, url string
		want      map[string]string
	}{
		{"Defaults", url, map[string]string{"application_name": "connectd",
			"idle_in_transaction_session_timeout": "1min", "tcp_keepalives_idle": "30",
			"tcp_keepalives_interval": "10", "tcp_keepalives_count": "3"}},
		{"URLWins", WithParam(t, WithParam(t, url, "idle_in_transaction_session_timeout", "5000"), "application_name", "node-7"),
			map[string]string{"application_name": "node-7", "idle_in_transaction_session_timeout": "5s"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(context.Background(), tc.url, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for k, want := range tc.want {
				var got string
				if err := db.pool.QueryRow(t.Context(), "SELECT current_setting($1)", k).Scan(&got); err != nil {
					t.Fatal(err)
				}
				// Keepalive settings read 0 on a Unix socket.
				if got != want && !(got == "0" && strings.HasPrefix(k, "tcp_")) {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}
