package emulator_test

import (
	"encoding/base64"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/pingflow/pingflow/example-app/emulator"
)

const passkeyDeviceID = "cf214c25-b7c4-4f66-a877-d2c2ff25ff7b"

// assertionOptions parses ASSERTION_REQUIRED's publicKeyCredentialRequestOptions, a JSON string.
func assertionOptions(t *testing.T, s *signOn) gjson.Result {
	t.Helper()
	raw := s.flow.json("publicKeyCredentialRequestOptions")
	require.Equal(t, gjson.String, raw.Type, "the options are a JSON string: %s", s.flow.body)
	require.True(t, gjson.Valid(raw.String()), raw.String())
	return gjson.Parse(raw.String())
}

// passkeySignOn signs user.passkey on with its password, up to ASSERTION_REQUIRED.
func passkeySignOn(t *testing.T, e *env) *signOn {
	t.Helper()
	s := e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.passkey", "password": emulator.DemoPassword}, "ASSERTION_REQUIRED")
	return s
}

// check posts assertion.check with the authenticator's answer to the flow's options.
func (a *authenticator) check(t *testing.T, s *signOn, origin string) response {
	t.Helper()
	opts := assertionOptions(t, s)
	cred := a.get(t, opts.Get("rpId").String(), bytesOf(t, opts.Get("challenge")), origin)
	return s.act("assertion.check", map[string]any{"origin": origin, "assertion": jsonString(t, cred), "compatibility": "FULL"})
}

func TestFlowsAssertionRequired(t *testing.T) {
	e := newEnv(t)
	s := passkeySignOn(t, e)

	opts := assertionOptions(t, s)
	assert.Len(t, bytesOf(t, opts.Get("challenge")), 32, "the challenge is base64url")
	assert.Equal(t, "localhost", opts.Get("rpId").String(), "a page on 127.0.0.1 gets the relying party localhost")
	assert.Equal(t, "required", opts.Get("userVerification").String())
	assert.EqualValues(t, 120000, opts.Get("timeout").Int())
	require.Len(t, opts.Get("allowCredentials").Array(), 1)
	assert.Equal(t, emulator.DemoPasskeyCredentialID, opts.Get("allowCredentials.0.id").String())
	assert.Equal(t, "public-key", opts.Get("allowCredentials.0.type").String())

	for _, l := range []string{"assertion.check", "device.select", "session.reset", "self"} {
		assert.True(t, s.flow.json(`_links.`+gjsonEscape(l)).Exists(), l)
	}
	assert.Equal(t, passkeyDeviceID, s.flow.json("selectedDevice.id").String())
	assert.False(t, s.flow.json("bypassAllowed").Bool())
	devices := s.flow.json("_embedded.devices").Array()
	require.Len(t, devices, 2)
	assert.Equal(t, "FIDO2", devices[0].Get("type").String())
	assert.Equal(t, "Demo passkey", devices[0].Get("displayName").String())
	assert.Equal(t, "ACTIVE", devices[0].Get("status").String())
	assert.Equal(t, "EMAIL", devices[1].Get("type").String())

	a := demoAuthenticator(t, e)
	requireAPIError(t, s.act("assertion.check", nil), http.StatusBadRequest, "INVALID_DATA")
	resp := a.check(t, s, e.localOrigin())
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	assert.Equal(t, "COMPLETED", resp.json("status").String())
	assert.False(t, resp.json("publicKeyCredentialRequestOptions").Exists())
	id := idTokenClaims(t, e, s.tokens())
	assert.Equal(t, `["pwd","hwk","mfa"]`, id.Get("amr").Raw)
	assert.Equal(t, "bf7381ff-7639-4671-9934-26567e5941e8", id.Get("sub").String())

	assert.EqualValues(t, a.count, demoAuthenticator(t, e).count, "/_emulator/demo shows the stored counter")
}

// TestFlowsAssertionIsVerified: every part of the answer is checked, and a refused answer leaves
// the flow where it is.
func TestFlowsAssertionIsVerified(t *testing.T) {
	e := newEnv(t)
	s := passkeySignOn(t, e)
	a := demoAuthenticator(t, e)
	opts := assertionOptions(t, s)
	challenge := bytesOf(t, opts.Get("challenge"))
	refused := func(name string, origin string, cred map[string]any, target string) {
		t.Helper()
		resp := s.act("assertion.check", map[string]any{"origin": origin, "assertion": jsonString(t, cred)})
		requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
		assert.Equal(t, "INVALID_VALUE", detail(resp).Get("code").String(), name)
		assert.Equal(t, target, detail(resp).Get("target").String(), name)
		assert.Equal(t, "ASSERTION_REQUIRED", s.poll().json("status").String(), name)
	}
	origin := e.localOrigin()

	refused("another challenge", origin, a.get(t, "localhost", []byte("0123456789abcdef0123456789abcdef"), origin), "assertion")
	refused("another relying party", origin, a.get(t, "example.com", challenge, origin), "assertion")
	refused("clientData from another origin", origin, a.get(t, "localhost", challenge, "http://localhost:1"), "assertion")
	refused("an origin that is not the application's", "https://evil.example", a.get(t, "localhost", challenge, origin), "origin")
	tampered := a.get(t, "localhost", challenge, origin)
	tampered["response"].(map[string]any)["signature"] = base64.RawURLEncoding.EncodeToString(make([]byte, 70))
	refused("a bad signature", origin, tampered, "assertion")
	a.uv = false
	refused("no user verification", origin, a.get(t, "localhost", challenge, origin), "assertion")
	a.uv = true
	other := newAuthenticator(t)
	refused("another credential", origin, other.get(t, "localhost", challenge, origin), "assertion")

	good := demoAuthenticator(t, e)
	good.count = 5
	resp := s.act("assertion.check", map[string]any{"origin": origin, "assertion": jsonString(t, good.get(t, "localhost", challenge, origin))})
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	assert.Equal(t, "COMPLETED", resp.json("status").String())
	assert.EqualValues(t, 6, demoAuthenticator(t, e).count)

	// a, a clone of the credential whose counter starts again, is behind the stored counter.
	a.count = 0
	again := passkeySignOn(t, e)
	stale := a.get(t, "localhost", bytesOf(t, assertionOptions(t, again).Get("challenge")), origin)
	resp = again.act("assertion.check", map[string]any{"origin": origin, "assertion": jsonString(t, stale)})
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	assert.Contains(t, detail(resp).Get("message").String(), "counter")
}

func TestFlowsAssertionDeviceSelect(t *testing.T) {
	e := newEnv(t)
	s := passkeySignOn(t, e)
	first := assertionOptions(t, s).Get("challenge").String()
	s.mustAct("device.select", map[string]any{"device": map[string]string{"id": "a186da67-56f0-4c52-a47d-fb9054ba0883"}}, "OTP_REQUIRED")
	assert.False(t, s.flow.json("publicKeyCredentialRequestOptions").Exists())
	s.mustAct("device.select", map[string]any{"device": map[string]string{"id": passkeyDeviceID}}, "ASSERTION_REQUIRED")
	assert.NotEqual(t, first, assertionOptions(t, s).Get("challenge").String(), "a new challenge")
	resp := demoAuthenticator(t, e).check(t, s, e.localOrigin())
	assert.Equal(t, "COMPLETED", resp.json("status").String(), string(resp.body))
}

// TestFlowsPasskeyInDeviceSelection: a FIDO2 device is one choice among several; with one device
// there is nothing to select.
func TestFlowsPasskeyInDeviceSelection(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Users[8].Devices[0].Default = false })
	s := e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.passkey", "password": emulator.DemoPassword}, "DEVICE_SELECTION_REQUIRED")
	assert.Equal(t, "FIDO2", s.flow.json("_embedded.devices.0.type").String())
	s.mustAct("device.select", map[string]any{"device": map[string]string{"id": passkeyDeviceID}}, "ASSERTION_REQUIRED")
	assert.Equal(t, "COMPLETED", demoAuthenticator(t, e).check(t, s, e.localOrigin()).json("status").String())

	one := newEnv(t, func(c *emulator.Config) { c.Users[8].Devices = c.Users[8].Devices[:1] })
	s = passkeySignOn(t, one)
	assert.False(t, s.flow.json(`_links.device\.select`).Exists(), "one device: nothing to select")
}

// TestFlowsPasskeyRelyingPartyFromTheOrigin: the relying party id is the host of the page that
// asks, when it is one of the application's origins.
func TestFlowsPasskeyRelyingPartyFromTheOrigin(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) {
		c.Applications[0].CORSSettings.Origins = append(c.Applications[0].CORSSettings.Origins, "https://app.example.com")
	})
	b := e.browser()
	b.header.Set("Origin", "https://app.example.com")
	s := b.start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.passkey", "password": emulator.DemoPassword}, "ASSERTION_REQUIRED")
	assert.Equal(t, "app.example.com", assertionOptions(t, s).Get("rpId").String())
	resp := demoAuthenticator(t, e).check(t, s, "https://app.example.com")
	assert.Equal(t, "COMPLETED", resp.json("status").String(), string(resp.body))

	b = e.browser()
	b.header.Set("Origin", "https://not-the-app.example")
	s = b.start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.passkey", "password": emulator.DemoPassword}, "ASSERTION_REQUIRED")
	assert.Equal(t, "localhost", assertionOptions(t, s).Get("rpId").String(), "another origin is not believed")
}

// TestFlowsAssertionChallengeExpires: an answer after five minutes is refused and the flow
// carries a new challenge.
func TestFlowsAssertionChallengeExpires(t *testing.T) {
	e := newEnv(t)
	s := passkeySignOn(t, e)
	a := demoAuthenticator(t, e)
	opts := assertionOptions(t, s)
	late := a.get(t, "localhost", bytesOf(t, opts.Get("challenge")), e.localOrigin())
	e.clock.Advance(6 * time.Minute)
	resp := s.act("assertion.check", map[string]any{"origin": e.localOrigin(), "assertion": jsonString(t, late)})
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	s.poll()
	assert.NotEqual(t, opts.Get("challenge").String(), assertionOptions(t, s).Get("challenge").String())
	resp = a.check(t, s, e.localOrigin())
	assert.Equal(t, "COMPLETED", resp.json("status").String(), string(resp.body))
}
