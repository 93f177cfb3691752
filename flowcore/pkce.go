package flowcore

import (
	"encoding/base64"
	"io"
)

// RFC 7636 §4.1: the verifier is 43–128 characters of [A-Za-z0-9-._~]; 32 random octets
// base64url-encoded without padding give 43.
const verifierOctets = 32

// NewVerifier reads 32 octets from r and returns them as a PKCE code verifier.
func NewVerifier(r io.Reader) (string, error) { return randomToken(r, verifierOctets) }

// S256Challenge is BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2.
func S256Challenge(verifier string) string {
	sum := sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func randomToken(r io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", &randomError{err}
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// randomError is a failure of Options.Rand; it unwraps to the reader's error.
type randomError struct{ err error }

func (e *randomError) Error() string { return "flowcore: random source: " + e.err.Error() }
func (e *randomError) Unwrap() error { return e.err }
