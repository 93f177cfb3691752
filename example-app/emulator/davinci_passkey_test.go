package emulator_test

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// The DaVinci passkey paths, driven as davinci-client drives them: the FIDO2 value goes in
// formData[key] ({"assertionValue"} or {"attestationValue"}, binaries in standard base64), with
// the form's other values, under the first submit button's key (or "" when there is none).

// passkeyOn answers the FIDO2 component of the form on screen with a.
func (d *davinci) passkeyOn(t *testing.T, a *authenticator, origin string) response {
	t.Helper()
	f := field(d.node, "passkey")
	require.Equal(t, "FIDO2", f.Get("type").String(), string(d.node.body))
	form := map[string]any{}
	actionKey := ""
	switch f.Get("action").String() {
	case "AUTHENTICATE":
		o := f.Get("publicKeyCredentialRequestOptions")
		form["passkey"] = map[string]any{"assertionValue": a.get(t, o.Get("rpId").String(), bytesOf(t, o.Get("challenge")), origin)}
	case "REGISTER":
		o := f.Get("publicKeyCredentialCreationOptions")
		form["passkey"] = map[string]any{"attestationValue": a.create(t, o.Get("rp.id").String(), bytesOf(t, o.Get("challenge")), bytesOf(t, o.Get("user.id")), origin, "none")}
	}
	if d.formName() == "Sign On" {
		form["username"], form["password"], form["protect"], actionKey = "", "", "", "SIGNON"
	}
	return d.submit(actionKey, form)
}

func TestDaVinciPasskeyOfferAndSignIn(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	signOn := field(d.node, "passkey")
	assert.Equal(t, "AUTHENTICATE", signOn.Get("action").String())
	assert.Equal(t, "Sign in with a passkey", signOn.Get("label").String())
	assert.Equal(t, "BUTTON", signOn.Get("trigger").String())
	o := signOn.Get("publicKeyCredentialRequestOptions")
	assert.Equal(t, "[]", o.Get("allowCredentials").Raw, "discoverable: the credential names the user")
	assert.Len(t, bytesOf(t, o.Get("challenge")), 32)
	assert.True(t, o.Get("challenge").IsArray(), "binaries are number arrays, as DaVinci sends them")
	assert.Equal(t, "localhost", o.Get("rpId").String())
	assert.Equal(t, "preferred", o.Get("userVerification").String())
	assert.EqualValues(t, 120000, o.Get("timeout").Int())

	r := d.mustForm(d.signOn("user.password", emulator.DemoPassword), "Set Up a Passkey")
	assert.Equal(t, []string{"FIDO2 passkey", "FLOW_BUTTON NOT_NOW"}, fields(r))
	reg := field(r, "passkey")
	assert.Equal(t, "REGISTER", reg.Get("action").String())
	assert.Equal(t, "Set up a passkey", reg.Get("label").String())
	assert.True(t, reg.Get("required").Bool())
	c := reg.Get("publicKeyCredentialCreationOptions")
	assert.Equal(t, "localhost", c.Get("rp.id").String())
	assert.NotEmpty(t, c.Get("rp.name").String())
	assert.Equal(t, []byte{0x9b, 0xa7, 0x42, 0xde, 0x22, 0x67, 0x4e, 0xf5, 0xb5, 0x47, 0x4d, 0x0a, 0xa4, 0x4a, 0x5a, 0x89}, bytesOf(t, c.Get("user.id")),
		"the user handle is the user id's 16 bytes")
	assert.True(t, c.Get("user.id").IsArray())
	assert.Equal(t, "user.password", c.Get("user.name").String())
	assert.Equal(t, "Pat Password", c.Get("user.displayName").String())
	assert.Len(t, bytesOf(t, c.Get("challenge")), 32)
	assert.JSONEq(t, `[{"type":"public-key","alg":-7},{"type":"public-key","alg":-257}]`, c.Get("pubKeyCredParams").Raw)
	assert.Equal(t, "required", c.Get("authenticatorSelection.residentKey").String())
	assert.True(t, c.Get("authenticatorSelection.requireResidentKey").Bool())
	assert.Equal(t, "preferred", c.Get("authenticatorSelection.userVerification").String())
	assert.Equal(t, "[]", c.Get("excludeCredentials").Raw)
	assert.Equal(t, "none", c.Get("attestation").String())

	a := newAuthenticator(t)
	a.std = true // davinci-client's btoa
	done := d.passkeyOn(t, a, e.localOrigin())
	id := idTokenClaims(t, e, d.mustSucceed(done))
	assert.Equal(t, `["pwd"]`, id.Get("amr").Raw)

	// The passkey alone signs user.password on, named by its user handle.
	d = e.browser().startDaVinci()
	id = idTokenClaims(t, e, d.mustSucceed(d.passkeyOn(t, a, e.localOrigin())))
	assert.Equal(t, "9ba742de-2267-4ef5-b547-4d0aa44a5a89", id.Get("sub").String())
	assert.Equal(t, `["hwk"]`, id.Get("amr").Raw)

	// No offer for a user with a passkey; the Flows API sees the new FIDO2 device.
	d = e.browser().startDaVinci()
	d.mustSucceed(d.signOn("user.password", emulator.DemoPassword))
	s := e.browser().start("acr_values", emulator.DemoPasswordlessPolicy)
	s.mustAct("user.lookup", map[string]string{"username": "user.password"}, "ASSERTION_REQUIRED")
	assert.Equal(t, "Passkey", s.flow.json("_embedded.devices.0.displayName").String())
	assert.Equal(t, "COMPLETED", a.check(t, s, e.localOrigin()).json("status").String())
}

// TestDaVinciPasskeyRegistrationFormats: attestation "none" (what the options ask for) and
// "packed" self attestation (what an authenticator may send anyway) are both verified and kept.
func TestDaVinciPasskeyRegistrationFormats(t *testing.T) {
	e := newEnv(t)
	for format, user := range map[string]string{"none": "user.agreement", "packed": "user.profile"} {
		t.Run(format, func(t *testing.T) {
			d := e.browser().startDaVinci()
			r := d.mustForm(d.signOn(user, emulator.DemoPassword), "Set Up a Passkey")
			c := field(r, "passkey").Get("publicKeyCredentialCreationOptions")
			a := newAuthenticator(t)
			cred := a.create(t, "localhost", bytesOf(t, c.Get("challenge")), bytesOf(t, c.Get("user.id")), e.localOrigin(), format)
			d.mustSucceed(d.submit("", map[string]any{"passkey": map[string]any{"attestationValue": cred}}))

			d = e.browser().startDaVinci()
			id := idTokenClaims(t, e, d.mustSucceed(d.passkeyOn(t, a, e.localOrigin())))
			assert.Equal(t, user, id.Get("preferred_username").String())
		})
	}
}

func TestDaVinciPasskeyRegistrationIsVerified(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.mustForm(d.signOn("user.password", emulator.DemoPassword), "Set Up a Passkey")
	c := field(r, "passkey").Get("publicKeyCredentialCreationOptions")
	a := newAuthenticator(t)
	wrong := a.create(t, "localhost", []byte("0123456789abcdef0123456789abcdef"), bytesOf(t, c.Get("user.id")), e.localOrigin(), "none")
	resp := d.submit("", map[string]any{"passkey": map[string]any{"attestationValue": wrong}})
	requireDaVinciError(t, resp, "createFido2Device", "INVALID_VALUE", "passkey")
	resp = d.submit("", map[string]any{"passkey": map[string]any{"attestationValue": a.create(t, "evil.example", bytesOf(t, c.Get("challenge")), bytesOf(t, c.Get("user.id")), e.localOrigin(), "none")}})
	requireDaVinciError(t, resp, "createFido2Device", "INVALID_VALUE", "passkey")
	d.mustSucceed(d.passkeyOn(t, a, e.localOrigin()))
}

// TestDaVinciPasskeyCancelled: the browser's failure comes back as an action named by the
// DOMException; the form stays with a message, and the other ways on still work.
func TestDaVinciPasskeyCancelled(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	resp := d.action("NotAllowedError")
	require.Equal(t, http.StatusBadRequest, resp.status, string(resp.body))
	assert.Contains(t, resp.json("message").String(), "passkey was not used")
	assert.Contains(t, resp.json("message").String(), "NotAllowedError")
	assert.Equal(t, "NotAllowedError", resp.json("code").String())
	assert.Equal(t, "checkAssertion", resp.json("capabilityName").String())
	assert.NotEqual(t, "pingOneAuthenticationConnector", resp.json("connectorId").String(), "recoverable")
	assert.Equal(t, "Sign On", d.formName())

	r := d.mustForm(d.signOn("user.password", emulator.DemoPassword), "Set Up a Passkey")
	_ = r
	resp = d.action("AbortError")
	require.Equal(t, http.StatusBadRequest, resp.status)
	assert.Contains(t, resp.json("message").String(), "not set up")
	assert.Equal(t, "createFido2Device", resp.json("capabilityName").String())
	d.mustSucceed(d.action("NOT_NOW"))

	d = e.browser().startDaVinci()
	assert.Equal(t, http.StatusBadRequest, d.action("Whatever").status, "not a DOMException name: no such button")
	assert.Equal(t, "validationError", d.last.json("code").String())
}

func TestDaVinciPasskeySignInIsVerified(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	unknown := newAuthenticator(t)
	unknown.userHandle = []byte("0123456789abcdef")
	resp := d.passkeyOn(t, unknown, e.localOrigin())
	requireDaVinciError(t, resp, "checkAssertion", "INVALID_VALUE", "passkey")

	a := demoAuthenticator(t, e)
	a.userHandle = nil // a discoverable sign-in needs the user handle
	resp = d.passkeyOn(t, a, e.localOrigin())
	requireDaVinciError(t, resp, "checkAssertion", "INVALID_VALUE", "passkey")

	a = demoAuthenticator(t, e)
	id := idTokenClaims(t, e, d.mustSucceed(d.passkeyOn(t, a, e.localOrigin())))
	assert.Equal(t, "user.passkey", id.Get("preferred_username").String(), "the preloaded credential signs on in DaVinci too")
}

// TestDaVinciPasskeyAsSecondFactor: user.passkey's FIDO2 device among its MFA devices.
func TestDaVinciPasskeyAsSecondFactor(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.mustForm(d.signOn("user.passkey", emulator.DemoPassword), "Choose a Device")
	options := field(r, "device").Get("options").Array()
	require.Len(t, options, 2)
	assert.Equal(t, "FIDO2", options[0].Get("type").String())
	assert.Equal(t, "Passkey", options[0].Get("title").String())
	assert.Equal(t, "Demo passkey", options[0].Get("description").String())
	r = d.mustForm(d.submit("SUBMIT", map[string]any{"device": map[string]any{"type": "FIDO2", "id": passkeyDeviceID}}), "Verify With Your Passkey")
	assert.Equal(t, []string{"FIDO2 passkey", "FLOW_BUTTON CHANGE_DEVICE"}, fields(r))
	o := field(r, "passkey").Get("publicKeyCredentialRequestOptions")
	require.Len(t, o.Get("allowCredentials").Array(), 1)
	assert.Equal(t, emulator.DemoPasskeyCredentialID, b64url(bytesOf(t, o.Get("allowCredentials.0.id"))))

	resp := d.action("NotAllowedError")
	assert.Contains(t, resp.json("message").String(), "use another method")
	d.mustForm(d.action("CHANGE_DEVICE"), "Choose a Device")
	d.mustForm(d.submit("SUBMIT", map[string]any{"device": map[string]any{"type": "FIDO2", "id": passkeyDeviceID}}), "Verify With Your Passkey")

	other := newAuthenticator(t)
	requireDaVinciError(t, d.passkeyOn(t, other, e.localOrigin()), "checkAssertion", "INVALID_VALUE", "passkey")
	id := idTokenClaims(t, e, d.mustSucceed(d.passkeyOn(t, demoAuthenticator(t, e), e.localOrigin())))
	assert.Equal(t, `["pwd","hwk","mfa"]`, id.Get("amr").Raw)
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
