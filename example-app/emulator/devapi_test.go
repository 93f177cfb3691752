package emulator_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/pingflow/pingflow/example-app/emulator"
)

func TestDemoEndpoint(t *testing.T) {
	e := newEnv(t)
	resp := e.browser().get(e.base + "/_emulator/demo")
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, e.base, resp.json("authPath").String())
	assert.Equal(t, emulator.DemoEnvironmentID, resp.json("envId").String())
	app := resp.json("apps.0")
	assert.Equal(t, emulator.DemoClientID, app.Get("clientId").String())
	assert.Equal(t, "flows", app.Get("kind").String())
	assert.Equal(t, emulator.DemoPolicy, app.Get("policy").String())
	assert.Contains(t, app.Get("redirectUris").String(), e.base+"/callback")

	users := map[string]string{}
	for _, u := range resp.json("users").Array() {
		assert.Equal(t, emulator.DemoPassword, u.Get("password").String())
		assert.NotEmpty(t, u.Get("scenario").String())
		users[u.Get("username").String()] = u.Get("acrValues").String()
	}
	assert.Equal(t, map[string]string{
		"user.password": "", "user.sms": emulator.DemoPasswordlessPolicy, "user.devices": "", "user.expired": "",
		"user.mustchange": "", "user.locked": "", "user.profile": "", "user.agreement": "", "user.passkey": "", "user.social": "",
	}, users)
	assert.Equal(t, e.srv.Demo().Users[0].Username, "user.password", "Server.Demo gives tests the same data")
}

// TestDemoUsersEachShowTheirScenario signs every demo user in and checks the first status after
// the password, so the documentation in DemoConfig cannot drift from the behaviour.
func TestDemoUsersEachShowTheirScenario(t *testing.T) {
	e := newEnv(t)
	want := map[string]string{
		"user.password": "COMPLETED", "user.sms": "OTP_REQUIRED", "user.devices": "DEVICE_SELECTION_REQUIRED",
		"user.expired": "PASSWORD_EXPIRED", "user.mustchange": "MUST_CHANGE_PASSWORD",
		"user.profile": "PROFILE_DATA_REQUIRED", "user.agreement": "AGREEMENT_CONSENT_REQUIRED",
		"user.passkey": "ASSERTION_REQUIRED", "user.social": "COMPLETED",
	}
	for username, status := range want {
		s := e.browser().start()
		s.mustAct("usernamePassword.check", map[string]string{"username": username, "password": emulator.DemoPassword}, status)
	}
	locked := e.browser().start().act("usernamePassword.check", map[string]string{"username": "user.locked", "password": emulator.DemoPassword})
	assert.Equal(t, "PASSWORD_LOCKED_OUT", detail(locked).Get("code").String())
}

func TestInboxIsNewestFirstAndFilterable(t *testing.T) {
	e := newEnv(t)
	e.browser().start().mustAct("password.forgot", map[string]string{"username": "user.password"}, "RECOVERY_CODE_REQUIRED")
	e.clock.Advance(1)
	e.browser().start("acr_values", emulator.DemoPasswordlessPolicy).mustAct("user.lookup", map[string]string{"username": "user.sms"}, "OTP_REQUIRED")

	all := e.browser().get(e.base + "/_emulator/inbox")
	require.Equal(t, http.StatusOK, all.status)
	entries := all.json("@this").Array()
	require.Len(t, entries, 2)
	assert.Equal(t, "user.sms", entries[0].Get("username").String())
	assert.Equal(t, "otp", entries[0].Get("kind").String())
	assert.Equal(t, "user.password", entries[1].Get("username").String())
	assert.Equal(t, "recovery", entries[1].Get("kind").String())
	for _, entry := range entries {
		for _, key := range []string{"id", "username", "kind", "code", "deviceId", "at"} {
			assert.True(t, entry.Get(key).Exists(), key)
		}
		assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`, entry.Get("at").String())
	}
	assert.Len(t, e.inbox("USER.SMS").Array(), 1, "the filter ignores case")
	assert.Empty(t, e.inbox("nobody").Array())
	assert.Equal(t, "[]\n", string(e.browser().get(e.base+"/_emulator/inbox?username=nobody").body), "an empty list, not null")
}

func TestInboxIsBounded(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Settings.MaxInbox = 3 })
	s := e.browser().start()
	s.mustAct("password.forgot", map[string]string{"username": "user.password"}, "RECOVERY_CODE_REQUIRED")
	for range 4 {
		s.mustAct("password.sendRecoveryCode", nil, "RECOVERY_CODE_REQUIRED")
	}
	entries := e.inbox("user.password").Array()
	require.Len(t, entries, 3)
	s.mustAct("password.recover", map[string]string{"recoveryCode": entries[0].Get("code").String(), "newPassword": "Fresh-Start42"}, "COMPLETED")
}

func TestInboxPage(t *testing.T) {
	e := newEnv(t)
	e.browser().start().mustAct("password.forgot", map[string]string{"username": "user.password"}, "RECOVERY_CODE_REQUIRED")
	page := e.browser().get(e.base + "/_emulator/")
	require.Equal(t, http.StatusOK, page.status)
	assert.Equal(t, "text/html; charset=utf-8", page.header.Get("Content-Type"))
	body := string(page.body)
	assert.Contains(t, body, e.latestCode("user.password", "recovery"))
	assert.Contains(t, body, "user.devices")
	assert.Contains(t, body, emulator.DemoClientID)
	assert.NotContains(t, body, "<script")

	filtered := string(e.browser().get(e.base + "/_emulator/?username=user.sms").body)
	assert.NotContains(t, filtered, e.latestCode("user.password", "recovery"))
}

func TestInboxPageEscapes(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	s.mustAct("user.register", map[string]string{"username": "<b>x</b>", "email": "x@example.com", "password": "Fresh-Start42"}, "VERIFICATION_CODE_REQUIRED")
	body := string(e.browser().get(e.base + "/_emulator/").body)
	assert.NotContains(t, body, "<b>x</b>")
	assert.Contains(t, body, "&lt;b&gt;x&lt;/b&gt;")
}

func TestResetRestoresTheDemo(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.expired", "password": emulator.DemoPassword}, "PASSWORD_EXPIRED")
	s.mustAct("password.reset", map[string]string{"currentPassword": emulator.DemoPassword, "newPassword": "Fresh-Start42"}, "COMPLETED")
	demo := e.browser().get(e.base + "/_emulator/demo")
	assert.Contains(t, string(demo.body), "Fresh-Start42", "the demo listing shows current passwords")

	resp := e.browser().do(http.MethodPost, e.base+"/_emulator/reset", nil)
	assert.Equal(t, http.StatusNoContent, resp.status)
	assert.Empty(t, e.inbox("").Array())
	requireAPIError(t, s.poll(), http.StatusNotFound, "NOT_FOUND")
	again := e.browser().start()
	again.mustAct("usernamePassword.check", map[string]string{"username": "user.expired", "password": emulator.DemoPassword}, "PASSWORD_EXPIRED")
	assert.False(t, strings.Contains(string(e.browser().get(e.base+"/_emulator/demo").body), "Fresh-Start42"))
}

// TestDemoEndpointPasskeyProviderProtectAndPaths: what a test needs to load user.passkey's
// credential, the identity provider's accounts, the Protect rule and the other paths.
func TestDemoEndpointPasskeyProviderProtectAndPaths(t *testing.T) {
	e := newEnv(t)
	demo := e.browser().get(e.base + "/_emulator/demo")
	var pk gjson.Result
	for _, u := range demo.json("users").Array() {
		if u.Get("username").String() == "user.passkey" {
			pk = u.Get("passkey")
		} else {
			assert.False(t, u.Get("passkey").Exists(), u.Get("username").String())
		}
	}
	assert.Equal(t, emulator.DemoPasskeyCredentialID, pk.Get("credentialId").String())
	assert.Equal(t, emulator.DemoPasskeyPrivateKey, pk.Get("privateKey").String())
	assert.Equal(t, "v3OB_3Y5RnGZNCZWfllB6A", pk.Get("userHandle").String(), "the user id's 16 bytes, base64url")
	assert.Equal(t, "cf214c25-b7c4-4f66-a877-d2c2ff25ff7b", pk.Get("deviceId").String())
	assert.EqualValues(t, 0, pk.Get("signCount").Int())
	assert.Equal(t, "ES256", pk.Get("algorithm").String())
	assert.Equal(t, "localhost", pk.Get("rpId").String())

	idp := demo.json("identityProviders.0")
	assert.Equal(t, emulator.DemoIdentityProviderID, idp.Get("id").String())
	assert.Equal(t, "Example IdP", idp.Get("name").String())
	assert.Equal(t, e.base+"/_emulator/idp/"+emulator.DemoIdentityProviderID, idp.Get("issuer").String())
	assert.Equal(t, `["idp.example"]`, idp.Get("discoveryDomains").Raw)
	assert.Equal(t, `["social.user","social.link","social.new"]`, idp.Get("users.#.username").Raw)
	for _, u := range idp.Get("users").Array() {
		assert.Equal(t, emulator.DemoPassword, u.Get("password").String())
		assert.NotEmpty(t, u.Get("scenario").String())
	}

	assert.Equal(t, "protect", demo.json("protect.key").String())
	assert.Equal(t, emulator.ProtectExample, demo.json("protect.example").String())
	assert.NotEmpty(t, demo.json("protect.rule").String())
	assert.Equal(t, `["flows-passkey","flows-social","flows-discovery","davinci-passkey-offer","davinci-passkey","davinci-protect","davinci-social","davinci-phone"]`,
		demo.json("paths.#.id").Raw)

	page := string(e.browser().get(e.base + "/_emulator/").body)
	assert.Contains(t, page, "user.passkey")
	assert.Contains(t, page, "social.user")
}

// TestResetForgetsPasskeysAndLinks: registered passkeys, counters and links made by sign-ons go.
func TestResetForgetsPasskeysAndLinks(t *testing.T) {
	e := newEnv(t)
	s := passkeySignOn(t, e)
	demoAuthenticator(t, e).check(t, s, e.localOrigin())
	d := e.browser().startDaVinci()
	r := d.mustForm(d.signOn("user.password", emulator.DemoPassword), "Set Up a Passkey")
	c := field(r, "passkey").Get("publicKeyCredentialCreationOptions")
	a := newAuthenticator(t)
	d.mustSucceed(d.submit("", map[string]any{"passkey": map[string]any{"attestationValue": a.create(t, "localhost", bytesOf(t, c.Get("challenge")), bytesOf(t, c.Get("user.id")), e.localOrigin(), "none")}}))
	assert.EqualValues(t, 1, demoAuthenticator(t, e).count)

	require.Equal(t, http.StatusNoContent, e.browser().do(http.MethodPost, e.base+"/_emulator/reset", nil).status)
	assert.EqualValues(t, 0, demoAuthenticator(t, e).count)
	d = e.browser().startDaVinci()
	requireDaVinciError(t, d.passkeyOn(t, a, e.localOrigin()), "checkAssertion", "INVALID_VALUE", "passkey")
	d.mustForm(d.signOn("user.password", emulator.DemoPassword), "Set Up a Passkey")
}

// TestDevRoutesRefuseCrossSiteRequests: a page on another site cannot reset the emulator or
// approve a push (a form POST needs no CORS), while the emulator's own pages, an allowed
// application origin and non-browser clients can.
func TestDevRoutesRefuseCrossSiteRequests(t *testing.T) {
	const app = "http://localhost:5173"
	e := newEnv(t, func(c *emulator.Config) { require.NoError(t, c.AllowAppOrigin(app)) })
	reset := func(headers ...string) response {
		return e.browser().do(http.MethodPost, e.base+"/_emulator/reset", nil, headers...)
	}
	for _, h := range [][]string{
		{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"},
		{"Origin", "https://evil.example"},
		{"Sec-Fetch-Site", "cross-site"},
		{"Origin", "null", "Sec-Fetch-Site", "cross-site"},
	} {
		resp := reset(h...)
		requireAPIError(t, resp, http.StatusForbidden, "ACCESS_FAILED")
		assert.Contains(t, resp.json("message").String(), "dev routes refuse", "%v", h)
	}
	push := e.browser().do(http.MethodPost, e.base+"/_emulator/push/anything/approve", nil, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	requireAPIError(t, push, http.StatusForbidden, "ACCESS_FAILED")

	for _, h := range [][]string{
		nil,
		{"Origin", e.base, "Sec-Fetch-Site", "same-origin"},
		{"Sec-Fetch-Site", "same-origin"},
		{"Origin", app, "Sec-Fetch-Site", "same-site"},
	} {
		assert.Equal(t, http.StatusNoContent, reset(h...).status, "%v", h)
	}
}
