package emulator_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// authenticator is a software WebAuthn authenticator with one ES256 credential, standing in for
// the browser and its passkey in tests: it answers navigator.credentials.create and .get the
// way the spec says, so that the emulator's verification (go-webauthn) has real work to do.
type authenticator struct {
	key        *ecdsa.PrivateKey
	id         []byte
	userHandle []byte
	count      uint32
	uv         bool // sets the user-verified flag
	// encoding of the binaries in the credential JSON: base64url (toJSON, the Flows API) or
	// standard base64 (davinci-client's btoa).
	std bool
}

// newAuthenticator makes a fresh credential.
func newAuthenticator(t *testing.T) *authenticator {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	id := make([]byte, 32)
	rand.Read(id)
	return &authenticator{key: key, id: id, uv: true}
}

// demoAuthenticator loads user.passkey's preloaded credential as /_emulator/demo publishes it,
// as a test would into Chromium's virtual authenticator.
func demoAuthenticator(t *testing.T, e *env) *authenticator {
	t.Helper()
	demo := e.browser().get(e.base + "/_emulator/demo")
	var pk gjson.Result
	for _, u := range demo.json("users").Array() {
		if u.Get("username").String() == "user.passkey" {
			pk = u.Get("passkey")
		}
	}
	require.True(t, pk.Exists(), "user.passkey has a passkey in /_emulator/demo")
	der, err := base64.StdEncoding.DecodeString(pk.Get("privateKey").String())
	require.NoError(t, err)
	k, err := x509.ParsePKCS8PrivateKey(der)
	require.NoError(t, err)
	id, err := base64.RawURLEncoding.DecodeString(pk.Get("credentialId").String())
	require.NoError(t, err)
	handle, err := base64.RawURLEncoding.DecodeString(pk.Get("userHandle").String())
	require.NoError(t, err)
	return &authenticator{key: k.(*ecdsa.PrivateKey), id: id, userHandle: handle, count: uint32(pk.Get("signCount").Uint()), uv: true}
}

func (a *authenticator) enc(b []byte) string {
	if a.std {
		return base64.StdEncoding.EncodeToString(b)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (a *authenticator) flags(attested bool) byte {
	f := byte(0x01) // user present
	if a.uv {
		f |= 0x04
	}
	if attested {
		f |= 0x40
	}
	return f
}

func authData(rpID string, flags byte, count uint32, attested []byte) []byte {
	h := sha256.Sum256([]byte(rpID))
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, count)
	return append(out, attested...)
}

func clientData(typ string, challenge []byte, origin string) []byte {
	data, _ := json.Marshal(map[string]any{"type": typ, "challenge": base64.RawURLEncoding.EncodeToString(challenge), "origin": origin, "crossOrigin": false})
	return data
}

func (a *authenticator) sign(t *testing.T, data ...[]byte) []byte {
	h := sha256.New()
	for _, d := range data {
		h.Write(d)
	}
	sig, err := ecdsa.SignASN1(rand.Reader, a.key, h.Sum(nil))
	require.NoError(t, err)
	return sig
}

// create answers a registration for rpID with format "none" or "packed" (self attestation).
func (a *authenticator) create(t *testing.T, rpID string, challenge, userHandle []byte, origin, format string) map[string]any {
	t.Helper()
	a.userHandle = userHandle
	point, err := a.key.PublicKey.Bytes()
	require.NoError(t, err)
	cose, err := webauthncbor.Marshal(webauthncose.EC2PublicKeyData{
		PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.EllipticKey), Algorithm: int64(webauthncose.AlgES256)},
		Curve:         1, XCoord: point[1:33], YCoord: point[33:],
	})
	require.NoError(t, err)
	attested := make([]byte, 16) // AAGUID zero
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(a.id)))
	attested = append(append(attested, a.id...), cose...)
	ad := authData(rpID, a.flags(true), a.count, attested)
	cd := clientData("webauthn.create", challenge, origin)
	stmt := map[string]any{}
	if format == "packed" {
		cdHash := sha256.Sum256(cd)
		stmt = map[string]any{"alg": int64(webauthncose.AlgES256), "sig": a.sign(t, ad, cdHash[:])}
	}
	obj, err := webauthncbor.Marshal(map[string]any{"fmt": format, "attStmt": stmt, "authData": ad})
	require.NoError(t, err)
	return map[string]any{
		"id": base64.RawURLEncoding.EncodeToString(a.id), "rawId": a.enc(a.id), "type": "public-key", "authenticatorAttachment": "platform",
		"response": map[string]any{"clientDataJSON": a.enc(cd), "attestationObject": a.enc(obj)},
	}
}

// get answers an assertion for rpID; the counter goes up first.
func (a *authenticator) get(t *testing.T, rpID string, challenge []byte, origin string) map[string]any {
	t.Helper()
	a.count++
	ad := authData(rpID, a.flags(false), a.count, nil)
	cd := clientData("webauthn.get", challenge, origin)
	cdHash := sha256.Sum256(cd)
	resp := map[string]any{"clientDataJSON": a.enc(cd), "authenticatorData": a.enc(ad), "signature": a.enc(a.sign(t, ad, cdHash[:])), "userHandle": nil}
	if a.userHandle != nil {
		resp["userHandle"] = a.enc(a.userHandle)
	}
	return map[string]any{"id": base64.RawURLEncoding.EncodeToString(a.id), "rawId": a.enc(a.id), "type": "public-key",
		"authenticatorAttachment": "platform", "response": resp, "clientExtensionResults": map[string]any{}}
}

// jsonString is v as a JSON string, as assertion.check carries the credential.
func jsonString(t *testing.T, v any) string {
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return string(data)
}

// bytesOf reads a DaVinci byte array (JSON numbers) or a base64url string.
func bytesOf(t *testing.T, r gjson.Result) []byte {
	t.Helper()
	if r.IsArray() {
		var out []byte
		for _, n := range r.Array() {
			require.True(t, n.Int() >= 0 && n.Int() <= 255, "a byte: %s", n.Raw)
			out = append(out, byte(n.Int()))
		}
		return out
	}
	b, err := base64.RawURLEncoding.DecodeString(r.String())
	require.NoError(t, err, r.Raw)
	return b
}

// localOrigin is the page origin the tests' browser reports: the emulator's base with the host
// spelt localhost, since browsers refuse WebAuthn on 127.0.0.1.
func (e *env) localOrigin() string {
	return "http://localhost" + e.base[strings.LastIndex(e.base, ":"):]
}
