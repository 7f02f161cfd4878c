package sigv4

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadCredentialsFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		want    []Credential
		wantErr string // substring; "" means success
	}{
		{name: "ok", content: `[{"AccessKeyId":"AKID1","SecretAccessKey":"s1","AccountId":"123456789012"},
			{"AccessKeyId":"local-dev_2","SecretAccessKey":"s2","AccountId":"000000000000"}]`,
			want: []Credential{{"AKID1", "s1", "123456789012"}, {"local-dev_2", "s2", "000000000000"}}},
		{name: "empty file", content: "", wantErr: "file is empty"},
		{name: "null", content: "null", wantErr: "got null"},
		{name: "empty list", content: "[]", wantErr: "no credentials"},
		{name: "object not list", content: `{"AccessKeyId":"a"}`, wantErr: "want a JSON list"},
		{name: "bad json", content: `[{"AccessKeyId":}]`, wantErr: "want a JSON list"},
		{name: "trailing data", content: `[{"AccessKeyId":"a","SecretAccessKey":"s","AccountId":"123456789012"}] []`, wantErr: "after the JSON list"},
		{name: "unknown field", content: `[{"AccessKeyId":"a","SecretAccessKey":"s","AccountId":"123456789012","Region":"x"}]`, wantErr: `unknown field "Region"`},
		{name: "empty key", content: `[{"AccessKeyId":"","SecretAccessKey":"s","AccountId":"123456789012"}]`, wantErr: "entry 0: AccessKeyId is empty"},
		{name: "bad key", content: `[{"AccessKeyId":"a/b","SecretAccessKey":"s","AccountId":"123456789012"}]`, wantErr: "entry 0: AccessKeyId \"a/b\""},
		{name: "empty secret", content: `[{"AccessKeyId":"a","SecretAccessKey":"","AccountId":"123456789012"}]`, wantErr: "entry 0 (AccessKeyId a): SecretAccessKey is empty"},
		{name: "empty account", content: `[{"AccessKeyId":"a","SecretAccessKey":"s"}]`, wantErr: "AccountId is empty"},
		{name: "short account", content: `[{"AccessKeyId":"a","SecretAccessKey":"s","AccountId":"12345"}]`, wantErr: `AccountId "12345" is not 12 digits`},
		{name: "letters in account", content: `[{"AccessKeyId":"a","SecretAccessKey":"s","AccountId":"12345678901x"}]`, wantErr: "is not 12 digits"},
		{name: "duplicate key", content: `[{"AccessKeyId":"a","SecretAccessKey":"s","AccountId":"123456789012"},
			{"AccessKeyId":"b","SecretAccessKey":"s","AccountId":"123456789012"},
			{"AccessKeyId":"a","SecretAccessKey":"t","AccountId":"123456789012"}]`, wantErr: "entry 2: AccessKeyId a duplicates entry 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "creds.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := LoadCredentialsFile(path)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("LoadCredentialsFile = %v, want error containing %q", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name the file", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadCredentialsFile = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("LoadCredentialsFile (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadCredentialsFileSecretNotInErrors(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "creds.json")
	content := `[{"AccessKeyId":"a","SecretAccessKey":"TOPSECRET","AccountId":"1"}]`
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := LoadCredentialsFile(path)
	if err == nil || strings.Contains(err.Error(), "TOPSECRET") {
		t.Fatalf("LoadCredentialsFile = %v, want an error without the secret", err)
	}
}

func TestLoadCredentialsFileMissing(t *testing.T) {
	t.Parallel()
	if _, err := LoadCredentialsFile(filepath.Join(t.TempDir(), "nope.json")); !os.IsNotExist(unwrapAll(err)) {
		t.Fatalf("LoadCredentialsFile = %v, want a not-exist error", err)
	}
}

func unwrapAll(err error) error {
	for {
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return err
		}
		err = u.Unwrap()
	}
}

func TestStaticStore(t *testing.T) {
	t.Parallel()
	s := NewStaticStore([]Credential{{"a", "s1", "111111111111"}, {"a", "s2", "222222222222"}})
	got, ok := s.Lookup("a")
	if !ok || got.SecretAccessKey != "s2" {
		t.Errorf("Lookup(a) = %+v, %v, want the last entry", got, ok)
	}
	if _, ok := s.Lookup("b"); ok {
		t.Error("Lookup(b) = true, want false")
	}
	var nilStore *StaticStore
	if _, ok := nilStore.Lookup("a"); ok {
		t.Error("nil store Lookup = true, want false")
	}
}
