package sigv4

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Credential is an access key pair and the AWS account it acts for. The
// Authorization header names only the access key, so the account that goes
// into ARNs comes from here.
type Credential struct {
	AccessKeyID     string
	SecretAccessKey string
	AccountID       string
}

// CredentialStore finds credentials by access key ID.
type CredentialStore interface {
	// Lookup returns the credential for accessKeyID and true, or false if the
	// key is unknown. It MUST be safe for concurrent use.
	Lookup(accessKeyID string) (Credential, bool)
}

// StaticStore is an immutable, map-backed [CredentialStore].
type StaticStore struct {
	m map[string]Credential
}

// NewStaticStore returns a store holding creds. If an access key ID repeats,
// the last entry wins; use [LoadCredentialsFile] to reject duplicates.
func NewStaticStore(creds []Credential) *StaticStore {
	m := make(map[string]Credential, len(creds))
	for _, c := range creds {
		m[c.AccessKeyID] = c
	}
	return &StaticStore{m: m}
}

// Lookup implements [CredentialStore].
func (s *StaticStore) Lookup(accessKeyID string) (Credential, bool) {
	if s == nil {
		return Credential{}, false
	}
	c, ok := s.m[accessKeyID]
	return c, ok
}

// credentialFileEntry is one element of a credentials file. The member names
// follow AWS spelling (as in `aws sts get-session-token` output).
type credentialFileEntry struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	AccountID       string `json:"AccountId"`
}

// LoadCredentialsFile reads a JSON file holding a non-empty list of
// {"AccessKeyId", "SecretAccessKey", "AccountId"} objects. Every field is
// required, AccountId must be 12 digits, access key IDs must be unique, and
// unknown members are rejected (they are usually typos). Errors name the
// file, the entry index and the access key ID, never the secret.
func LoadCredentialsFile(path string) ([]Credential, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load credentials: %w", err)
	}
	creds, err := parseCredentials(data)
	if err != nil {
		return nil, fmt.Errorf("load credentials %s: %w", path, err)
	}
	return creds, nil
}

func parseCredentials(data []byte) ([]Credential, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var entries []credentialFileEntry
	if err := dec.Decode(&entries); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("file is empty; want a JSON list of credentials")
		}
		return nil, fmt.Errorf("want a JSON list of {\"AccessKeyId\", \"SecretAccessKey\", \"AccountId\"}: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("unexpected data after the JSON list")
	}
	if entries == nil {
		return nil, errors.New("want a JSON list of credentials, got null")
	}
	if len(entries) == 0 {
		return nil, errors.New("no credentials in list")
	}
	creds := make([]Credential, 0, len(entries))
	seen := make(map[string]int, len(entries))
	for i, e := range entries {
		switch {
		case e.AccessKeyID == "":
			return nil, fmt.Errorf("entry %d: AccessKeyId is empty", i)
		case !validAccessKeyID(e.AccessKeyID):
			return nil, fmt.Errorf("entry %d: AccessKeyId %q has characters other than letters, digits, '_' and '-'", i, clip(e.AccessKeyID))
		case e.SecretAccessKey == "":
			return nil, fmt.Errorf("entry %d (AccessKeyId %s): SecretAccessKey is empty", i, e.AccessKeyID)
		case e.AccountID == "":
			return nil, fmt.Errorf("entry %d (AccessKeyId %s): AccountId is empty", i, e.AccessKeyID)
		case !validAccountID(e.AccountID):
			return nil, fmt.Errorf("entry %d (AccessKeyId %s): AccountId %q is not 12 digits", i, e.AccessKeyID, clip(e.AccountID))
		}
		if j, dup := seen[e.AccessKeyID]; dup {
			return nil, fmt.Errorf("entry %d: AccessKeyId %s duplicates entry %d", i, e.AccessKeyID, j)
		}
		seen[e.AccessKeyID] = i
		creds = append(creds, Credential(e))
	}
	return creds, nil
}

func validAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validAccessKeyID accepts real AWS key IDs (AKIA..., ASIA...) and the
// friendlier ones people use locally ("test", "local_dev-1").
func validAccessKeyID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
