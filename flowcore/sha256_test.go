package flowcore

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSum256(t *testing.T) {
	for in, want := range map[string]string{
		"":    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"abc": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq": "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
		strings.Repeat("a", 1000000):                               "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	} {
		got := sum256([]byte(in))
		assert.Equal(t, want, hex.EncodeToString(got[:]), "len %d", len(in))
	}
	// Every length across the block and padding boundaries agrees with crypto/sha256.
	for n := 0; n < 300; n++ {
		msg := make([]byte, n)
		_, err := rand.Read(msg)
		require.NoError(t, err)
		require.Equal(t, sha256.Sum256(msg), sum256(msg), "length %d", n)
	}
}
