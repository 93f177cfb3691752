package flowcore

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// RFC 7636 Appendix B: these 32 octets give this verifier, and the verifier this challenge.
func TestPKCEAppendixB(t *testing.T) {
	octets := []byte{116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173,
		187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121}
	v, err := NewVerifier(bytes.NewReader(octets))
	require.NoError(t, err)
	assert.Equal(t, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", v)
	assert.Equal(t, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", S256Challenge(v))
}

func TestVerifierNeedsEnoughRandomness(t *testing.T) {
	_, err := NewVerifier(strings.NewReader("short"))
	assert.ErrorContains(t, err, "random source")
	e, err := New(testConfig(), Options{Now: testOptions().Now, Rand: strings.NewReader("short")})
	require.NoError(t, err)
	_, err = e.Start()
	assert.ErrorContains(t, err, "random source")
	_, err = e.Login()
	assert.ErrorContains(t, err, "random source")
}

func TestStartSendsTheChallengeOfItsVerifier(t *testing.T) {
	e := newTestEngine(t)
	eff, err := e.Start()
	require.NoError(t, err)
	assert.Len(t, e.st.Verifier, 43)
	assert.Contains(t, eff.Request.URL, "code_challenge="+S256Challenge(e.st.Verifier))
	assert.NotEqual(t, e.st.State, e.st.Nonce)
}
