package console

import (
	"crypto/sha256"
	"crypto/subtle"
)

// subtleEqual compares two secrets in time independent of where they
// differ and of their lengths (it compares their digests).
func subtleEqual(a, b string) bool {
	x, y := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(x[:], y[:]) == 1
}
