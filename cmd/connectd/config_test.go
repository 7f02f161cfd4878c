package main

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    func(Config) bool
		wantErr string
	}{
		{name: "defaults", want: func(c Config) bool { return reflect.DeepEqual(c, DefaultConfig()) }},
		{name: "lifecycle flags", args: []string{"--clock", "manual", "--active-task-quota", "3",
			"--event-webhook", "http://a/x", "--event-webhook", "https://b/y"},
			want: func(c Config) bool {
				return c.Clock == "manual" && c.ActiveTaskQuota == 3 &&
					slices.Equal(c.EventWebhooks, []string{"http://a/x", "https://b/y"})
			}},
		{name: "webhooks from env", env: map[string]string{"CONNECTD_EVENT_WEBHOOK": "http://a/x,http://b/y"},
			want: func(c Config) bool { return slices.Equal(c.EventWebhooks, []string{"http://a/x", "http://b/y"}) }},
		{name: "limits", args: []string{"--read-timeout", "5s", "--write-timeout", "0", "--idle-timeout", "1m",
			"--max-header-bytes", "16384", "--max-event-streams", "3"},
			want: func(c Config) bool {
				return c.ReadTimeout == 5*time.Second && c.WriteTimeout == 0 && c.IdleTimeout == time.Minute &&
					c.MaxHeaderBytes == 16384 && c.MaxEventStreams == 3
			}},
		{name: "limits from env", env: map[string]string{"CONNECTD_READ_TIMEOUT": "2s", "CONNECTD_MAX_EVENT_STREAMS": "9"},
			want: func(c Config) bool { return c.ReadTimeout == 2*time.Second && c.MaxEventStreams == 9 }},
		{name: "bad duration", args: []string{"--read-timeout", "5"}, wantErr: `--read-timeout "5" must be a duration`},
		{name: "negative timeout", args: []string{"--idle-timeout", "-1s"}, wantErr: "--idle-timeout -1s must not be negative"},
		{name: "tiny headers", args: []string{"--max-header-bytes", "100"}, wantErr: "--max-header-bytes 100 must be at least"},
		{name: "no event streams", args: []string{"--max-event-streams", "0"}, wantErr: "--max-event-streams 0 must be at least 1"},
		{name: "bad clock", args: []string{"--clock", "fast"}, wantErr: `--clock "fast" must be real or manual`},
		{name: "bad quota", args: []string{"--active-task-quota", "0"}, wantErr: "must be at least 1"},
		{name: "bad webhook", args: []string{"--event-webhook", "ftp://x"}, wantErr: "not an absolute http or https URL"},
		{name: "env", env: map[string]string{"CONNECTD_LISTEN": "127.0.0.1:9", "CONNECTD_ACCOUNT_ID": "123456789012"},
			want: func(c Config) bool { return c.Listen == "127.0.0.1:9" && c.AccountID == "123456789012" }},
		{name: "flag beats env", args: []string{"--listen", "127.0.0.1:8"}, env: map[string]string{"CONNECTD_LISTEN": "127.0.0.1:9"},
			want: func(c Config) bool { return c.Listen == "127.0.0.1:8" }},
		{name: "strict without credentials", args: []string{"--auth", "strict"}, wantErr: "--auth strict needs --credentials"},
		{name: "every problem at once", args: []string{"--auth", "loose", "--account-id", "1"}, wantErr: "must be 12 digits"},
		{name: "unknown flag", args: []string{"--nope"}, wantErr: "flag provided but not defined"},
		{name: "stray argument", args: []string{"serve"}, wantErr: `unexpected argument "serve"`},
		{name: "version subcommand", args: []string{"version"}, want: func(c Config) bool { return c.Command == CommandVersion }},
		{name: "version flag", args: []string{"--version"}, want: func(c Config) bool { return c.Command == CommandVersion }},
		{name: "health subcommand", args: []string{"health", "--listen", "0.0.0.0:4580"},
			want: func(c Config) bool { return c.Command == CommandHealth && c.Listen == "0.0.0.0:4580" }},
		{name: "help", args: []string{"--help"}, wantErr: "usage: connectd [migrate|version|health|bench] [flags]"},
		{name: "clock start", args: []string{"--clock", "manual", "--clock-start", "2027-01-04T09:00:00+01:00"},
			want: func(c Config) bool { return c.ClockStart.Equal(time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC)) }},
		{name: "clock start needs manual", args: []string{"--clock-start", "2027-01-04T09:00:00Z"}, wantErr: "--clock-start needs --clock manual"},
		{name: "bad clock start", args: []string{"--clock", "manual", "--clock-start", "Monday"}, wantErr: "must be an RFC 3339 time"},
		{name: "log format and ready file from env", env: map[string]string{"CONNECTD_LOG_FORMAT": "json", "CONNECTD_READY_FILE": "/tmp/r.json"},
			want: func(c Config) bool { return c.LogFormat == "json" && c.ReadyFile == "/tmp/r.json" }},
		{name: "bad log format", args: []string{"--log-format", "xml"}, wantErr: `--log-format "xml" must be text or json`},
		{name: "default store", want: func(c Config) bool { return c.Store == StoreSQLite && c.PostgresURL == "" && c.Command == "" }},
		{name: "postgres by flags", args: []string{"--store", "postgres", "--postgres-url", "postgres://u@h/db"},
			want: func(c Config) bool { return c.Store == StorePostgres && c.PostgresURL == "postgres://u@h/db" }},
		{name: "postgres by env", env: map[string]string{"CONNECTD_STORE": "postgres", "CONNECTD_POSTGRES_URL": "postgres://u@h/db"},
			want: func(c Config) bool { return c.Store == StorePostgres && c.PostgresURL == "postgres://u@h/db" }},
		{name: "store flag beats env", args: []string{"--store", "sqlite"}, env: map[string]string{"CONNECTD_STORE": "postgres"},
			want: func(c Config) bool { return c.Store == StoreSQLite }},
		{name: "postgres without url", args: []string{"--store", "postgres"}, wantErr: "--store postgres needs --postgres-url"},
		{name: "postgres url without store", env: map[string]string{"CONNECTD_POSTGRES_URL": "postgres://u@h/db"},
			wantErr: "--postgres-url is set but --store is sqlite"},
		{name: "unknown store", args: []string{"--store", "mysql"}, wantErr: `--store "mysql" must be sqlite, memory or postgres`},
		{name: "memory", args: []string{"--store", "memory"}, want: func(c Config) bool { return c.Store == StoreMemory }},
		{name: "memory by env ignores data dir", env: map[string]string{"CONNECTD_STORE": "memory", "CONNECTD_DATA_DIR": ""},
			want: func(c Config) bool { return c.Store == StoreMemory }},
		{name: "memory with postgres url", args: []string{"--store", "memory", "--postgres-url", "postgres://u@h/db"},
			wantErr: "--postgres-url is set but --store is memory"},
		{name: "migrate memory", args: []string{"migrate", "--store", "memory"}, wantErr: "nothing to do with --store memory"},
		{name: "bootstrap", args: []string{"--bootstrap", "b.yaml"}, want: func(c Config) bool { return c.Bootstrap == "b.yaml" }},
		{name: "bootstrap by env", env: map[string]string{"CONNECTD_BOOTSTRAP": "b.json"}, want: func(c Config) bool { return c.Bootstrap == "b.json" }},
		{name: "sqlite without data dir", args: []string{"--data-dir", ""}, wantErr: "--data-dir must not be empty"},
		{name: "postgres ignores data dir", args: []string{"--store", "postgres", "--postgres-url", "postgres://u@h/db", "--data-dir", ""},
			want: func(c Config) bool { return c.Store == StorePostgres }},
		{name: "migrate", args: []string{"migrate", "--store", "postgres", "--postgres-url", "postgres://u@h/db"},
			want: func(c Config) bool { return c.Command == CommandMigrate && c.Store == StorePostgres }},
		{name: "migrate sqlite", args: []string{"migrate"}, want: func(c Config) bool { return c.Command == CommandMigrate && c.Store == StoreSQLite }},
		{name: "migrate validates", args: []string{"migrate", "--store", "postgres"}, wantErr: "--store postgres needs --postgres-url"},
		{name: "migrate after flags", args: []string{"--store", "sqlite", "migrate"}, wantErr: "the subcommand comes first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseConfig(tt.args, env(tt.env))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parseConfig error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !tt.want(c) {
				t.Fatalf("parseConfig = %+v, %v", c, err)
			}
		})
	}
	if _, err := parseConfig([]string{"--auth", "loose", "--account-id", "1"}, env(nil)); err == nil ||
		!strings.Contains(err.Error(), "permissive or strict") {
		t.Errorf("Validate reported %v, want both problems", err)
	}
}
