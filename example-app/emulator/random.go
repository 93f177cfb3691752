package emulator

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"time"
)

// newID returns a random lowercase UUID version 4, the form of every PingOne resource id.
func newID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails since Go 1.24
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// newSecret returns an unguessable token for values that grant something on their own (the ST
// cookie, refresh tokens): 128 bits from crypto/rand.
func newSecret() string { return rand.Text() }

const (
	digits       = "0123456789"
	alphanumeric = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O or 1/I, so codes can be read aloud
)

// newCode returns n characters drawn uniformly from alphabet with crypto/rand: one-time
// passcodes are six digits, recovery and verification codes eight alphanumerics as in PingOne.
func newCode(n int, alphabet string) string {
	out := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range out {
		k, _ := rand.Int(rand.Reader, max) // cannot fail: crypto/rand.Reader never errors
		out[i] = alphabet[k.Int64()]
	}
	return string(out)
}

// timestamp formats t as PingOne does: ISO 8601 in UTC with milliseconds.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
