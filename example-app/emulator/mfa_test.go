package emulator_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

const (
	smsDevice    = "d87c609b-d6b8-4b33-ab4f-f81ef2edc4b1"
	emailDevice  = "3afa12ff-fca5-4ce6-a6d3-ad2c84aa0e7f"
	totpDevice   = "dd0b8b4b-dd8f-4a2e-81c3-98994ae83cdb"
	mobileDevice = "8f3dd985-8c38-4b73-b677-e82503515bff"
)

// TestIdentifierFirstSMS follows PingOne's documented example (doc 001): user.lookup goes
// straight to OTP_REQUIRED when the policy has no LOGIN action.
func TestIdentifierFirstSMS(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start("acr_values", emulator.DemoPasswordlessPolicy)
	require.Equal(t, "SIGN_ON_REQUIRED", s.status())
	resp := s.mustAct("user.lookup", map[string]string{"username": "user.sms"}, "OTP_REQUIRED")
	assert.Nil(t, resp.cookie("ST"))
	assert.Equal(t, smsDevice, resp.json("selectedDevice.id").String())
	assert.Equal(t, "false", resp.json("bypassAllowed").Raw)
	devices := resp.json("_embedded.devices").Array()
	require.Len(t, devices, 1)
	assert.Equal(t, map[string]string{"id": smsDevice, "type": "SMS", "status": "ACTIVE", "phone": "*******02"},
		map[string]string{"id": devices[0].Get("id").String(), "type": devices[0].Get("type").String(),
			"status": devices[0].Get("status").String(), "phone": devices[0].Get("phone").String()})
	for _, action := range []string{"otp.check", "device.select", "self"} {
		assert.True(t, resp.json("_links."+gjsonEscape(action)).Exists(), action)
	}

	entry := e.inbox("user.sms").Get("0")
	assert.Equal(t, "otp", entry.Get("kind").String())
	assert.Equal(t, smsDevice, entry.Get("deviceId").String())
	assert.Equal(t, "+15555550102", entry.Get("to").String())
	assert.Regexp(t, `^[0-9]{6}$`, entry.Get("code").String())

	wrong := s.act("otp.check", map[string]string{"otp": wrongCode(entry.Get("code").String())})
	requireAPIError(t, wrong, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "otp", detail(wrong).Get("target").String())
	assert.EqualValues(t, 2, detail(wrong).Get("innerError.failuresRemaining").Int())

	done := s.mustAct("otp.check", map[string]string{"otp": entry.Get("code").String()}, "COMPLETED")
	assert.NotNil(t, done.cookie("ST"), "the OTP is the first credential here")
	id := idTokenClaims(t, e, s.tokens())
	assert.Equal(t, `["otp"]`, id.Get("amr").Raw)
	assert.Equal(t, emulator.DemoPasswordlessPolicy, id.Get("acr").String())
}

func wrongCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

func TestPasswordThenSMS(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	resp := s.mustAct("usernamePassword.check", map[string]string{"username": "user.sms", "password": emulator.DemoPassword}, "OTP_REQUIRED")
	assert.NotNil(t, resp.cookie("ST"), "the password already started the session")
	s.mustAct("otp.check", map[string]string{"otp": e.latestCode("user.sms", "otp")}, "COMPLETED")
	assert.Equal(t, `["pwd","otp","mfa"]`, idTokenClaims(t, e, s.tokens()).Get("amr").Raw)
}

func TestTooManyWrongOTPsFailTheFlow(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start("acr_values", emulator.DemoPasswordlessPolicy)
	s.mustAct("user.lookup", map[string]string{"username": "user.sms"}, "OTP_REQUIRED")
	bad := wrongCode(e.latestCode("user.sms", "otp"))
	assert.Equal(t, http.StatusBadRequest, s.act("otp.check", map[string]string{"otp": bad}).status)
	assert.Equal(t, http.StatusBadRequest, s.act("otp.check", map[string]string{"otp": bad}).status)
	resp := s.mustAct("otp.check", map[string]string{"otp": bad}, "FAILED")
	assert.Equal(t, "TOO_MANY_ATTEMPTS", resp.json("error.code").String())
	requireAPIError(t, s.act("otp.check", map[string]string{"otp": e.latestCode("user.sms", "otp")}), http.StatusBadRequest, "INVALID_REQUEST")
}

func TestExpiredOTPAndResendBySelectingTheDeviceAgain(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start("acr_values", emulator.DemoPasswordlessPolicy)
	s.mustAct("user.lookup", map[string]string{"username": "user.sms"}, "OTP_REQUIRED")
	first := e.latestCode("user.sms", "otp")
	e.clock.Advance(5 * time.Minute)
	resp := s.act("otp.check", map[string]string{"otp": first})
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	assert.Contains(t, detail(resp).Get("message").String(), "expired")

	s.mustAct("device.select", map[string]any{"device": map[string]string{"id": smsDevice}}, "OTP_REQUIRED")
	second := e.latestCode("user.sms", "otp")
	assert.Len(t, e.inbox("user.sms").Array(), 2)
	s.mustAct("otp.check", map[string]string{"otp": second}, "COMPLETED")
}

func TestDeviceSelection(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	resp := s.mustAct("usernamePassword.check", map[string]string{"username": "user.devices", "password": emulator.DemoPassword}, "DEVICE_SELECTION_REQUIRED")
	devices := resp.json("_embedded.devices").Array()
	require.Len(t, devices, 4)
	masked := map[string]string{}
	for _, d := range devices {
		masked[d.Get("type").String()] = d.Get("phone").String() + d.Get("email").String()
	}
	assert.Equal(t, map[string]string{"SMS": "*******03", "EMAIL": "u****@example.com", "TOTP": "", "MOBILE": ""}, masked)
	assert.False(t, resp.json("selectedDevice").Exists())
	assert.Empty(t, e.inbox("user.devices").Array(), "nothing is sent before the user chooses")

	bad := s.act("device.select", map[string]any{"device": map[string]string{"id": smsDevice}})
	requireAPIError(t, bad, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "device.id", detail(bad).Get("target").String(), "another user's device")

	s.mustAct("device.select", map[string]any{"device": map[string]string{"id": emailDevice}}, "OTP_REQUIRED")
	assert.Equal(t, emailDevice, s.flow.json("selectedDevice.id").String())
	entry := e.inbox("user.devices").Get("0")
	assert.Equal(t, emailDevice, entry.Get("deviceId").String())
	assert.Equal(t, "user.devices@example.com", entry.Get("to").String())

	// Switching to the TOTP device replaces the email code; the inbox stands in for the app.
	s.mustAct("device.select", map[string]any{"device": map[string]string{"id": totpDevice}}, "OTP_REQUIRED")
	totp := e.inbox("user.devices").Get("0")
	assert.Equal(t, totpDevice, totp.Get("deviceId").String())
	s.mustAct("otp.check", map[string]string{"otp": totp.Get("code").String()}, "COMPLETED")
}

func TestDefaultDeviceIsSelectedAutomatically(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Users[2].Devices[3].Default = true })
	s := e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.devices", "password": emulator.DemoPassword}, "PUSH_CONFIRMATION_REQUIRED")
	assert.Equal(t, mobileDevice, s.flow.json("selectedDevice.id").String())
}

// pushFlow signs user.devices in up to a pending push and returns the push's inbox id.
func pushFlow(t *testing.T, e *env) (*signOn, string) {
	t.Helper()
	s := e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.devices", "password": emulator.DemoPassword}, "DEVICE_SELECTION_REQUIRED")
	resp := s.mustAct("device.select", map[string]any{"device": map[string]string{"id": mobileDevice}}, "PUSH_CONFIRMATION_REQUIRED")
	assert.Equal(t, mobileDevice, resp.json("selectedDevice.id").String())
	assert.False(t, resp.json(`_links.otp\.check`).Exists())
	assert.True(t, resp.json(`_links.device\.select`).Exists())
	entry := e.inbox("user.devices").Get("0")
	require.Equal(t, "push", entry.Get("kind").String())
	assert.Equal(t, "PENDING", entry.Get("status").String())
	assert.Equal(t, mobileDevice, entry.Get("deviceId").String())
	return s, entry.Get("id").String()
}

func decide(e *env, pushID, decision string) response {
	return e.browser().do(http.MethodPost, e.base+"/_emulator/push/"+pushID+"/"+decision, nil)
}

func TestPushApproved(t *testing.T) {
	e := newEnv(t)
	s, pushID := pushFlow(t, e)
	assert.Equal(t, "PUSH_CONFIRMATION_REQUIRED", s.poll().json("status").String(), "polling while nobody answered")

	resp := decide(e, pushID, "approve")
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	assert.Equal(t, "APPROVED", resp.json("status").String())

	poll := s.poll()
	assert.Equal(t, "COMPLETED", poll.json("status").String())
	assert.Equal(t, `["pwd","swk","mfa"]`, idTokenClaims(t, e, s.tokens()).Get("amr").Raw)

	again := decide(e, pushID, "deny")
	requireAPIError(t, again, http.StatusConflict, "REQUEST_FAILED")
}

func TestPushDenied(t *testing.T) {
	e := newEnv(t)
	s, pushID := pushFlow(t, e)
	require.Equal(t, http.StatusOK, decide(e, pushID, "deny").status)
	poll := s.poll()
	assert.Equal(t, "FAILED", poll.json("status").String())
	assert.Equal(t, "PUSH_DENIED", poll.json("error.code").String())
}

func TestPushTimesOutAndCanBeRetried(t *testing.T) {
	e := newEnv(t)
	s, pushID := pushFlow(t, e)
	e.clock.Advance(40 * time.Second)
	poll := s.poll()
	assert.Equal(t, "PUSH_CONFIRMATION_TIMED_OUT", poll.json("status").String())
	assert.True(t, poll.json(`_links.device\.select`).Exists())
	assert.Equal(t, "TIMED_OUT", e.inbox("user.devices").Get("0.status").String())
	requireAPIError(t, decide(e, pushID, "approve"), http.StatusConflict, "REQUEST_FAILED")

	s.mustAct("device.select", map[string]any{"device": map[string]string{"id": mobileDevice}}, "PUSH_CONFIRMATION_REQUIRED")
	retry := e.inbox("user.devices").Get("0.id").String()
	require.NotEqual(t, pushID, retry)
	require.Equal(t, http.StatusOK, decide(e, retry, "approve").status)
	assert.Equal(t, "COMPLETED", s.poll().json("status").String())
}

func TestPushTimeoutIsConfigurable(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Settings.PushTimeoutSeconds = 5 })
	s, pushID := pushFlow(t, e)
	e.clock.Advance(5 * time.Second)
	requireAPIError(t, decide(e, pushID, "approve"), http.StatusConflict, "REQUEST_FAILED")
	assert.Equal(t, "PUSH_CONFIRMATION_TIMED_OUT", s.poll().json("status").String())
}

func TestSwitchingDevicesCancelsThePush(t *testing.T) {
	e := newEnv(t)
	s, pushID := pushFlow(t, e)
	s.mustAct("device.select", map[string]any{"device": map[string]string{"id": smsDevice2}}, "OTP_REQUIRED")
	requireAPIError(t, decide(e, pushID, "approve"), http.StatusConflict, "REQUEST_FAILED")
	assert.Equal(t, "OTP_REQUIRED", s.poll().json("status").String())
}

const smsDevice2 = "d1d95125-ef73-476c-a6bc-2c207874cc6e" // user.devices' SMS device

// TestPasswordlessPushSetsTheCookieOnThePoll: when the push is the first credential, the
// approval comes from another client (the inbox), so the browser gets ST on its next poll.
func TestPasswordlessPushSetsTheCookieOnThePoll(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Users[2].Devices[3].Default = true })
	s := e.browser().start("acr_values", emulator.DemoPasswordlessPolicy)
	s.mustAct("user.lookup", map[string]string{"username": "user.devices"}, "PUSH_CONFIRMATION_REQUIRED")
	require.Equal(t, http.StatusOK, decide(e, e.inbox("user.devices").Get("0.id").String(), "approve").status)
	poll := s.poll()
	assert.Equal(t, "COMPLETED", poll.json("status").String())
	require.NotNil(t, poll.cookie("ST"))
	assert.Nil(t, s.poll().cookie("ST"), "only once")
	s.tokens()
}

func TestNoUsableDevices(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start("acr_values", emulator.DemoPasswordlessPolicy)
	resp := s.mustAct("user.lookup", map[string]string{"username": "user.password"}, "FAILED")
	assert.Equal(t, "NO_USABLE_DEVICES", resp.json("error.code").String())
	assert.NotEmpty(t, resp.json("error.message").String())

	// mfaEnabled without devices fails after the password too.
	e = newEnv(t, func(c *emulator.Config) { c.Users[0].MFAEnabled = true })
	s = e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "FAILED")
	assert.Equal(t, "NO_USABLE_DEVICES", s.flow.json("error.code").String())
}

func TestInboxPageApprovesWithAPlainForm(t *testing.T) {
	e := newEnv(t)
	s, pushID := pushFlow(t, e)
	b := e.browser()
	page := b.get(e.base + "/_emulator/")
	require.Equal(t, http.StatusOK, page.status)
	assert.Contains(t, string(page.body), `action="/_emulator/push/`+pushID+`/approve"`)
	assert.Contains(t, string(page.body), `action="/_emulator/push/`+pushID+`/deny"`)

	resp := b.postForm(e.base+"/_emulator/push/"+pushID+"/approve", url.Values{})
	assert.Equal(t, http.StatusSeeOther, resp.status)
	assert.Equal(t, "/_emulator/", resp.header.Get("Location"))
	assert.Equal(t, "COMPLETED", s.poll().json("status").String())
	assert.NotContains(t, string(b.get(e.base+"/_emulator/").body), `/approve"`, "no buttons for answered pushes")
}

func TestPushDecisionErrors(t *testing.T) {
	e := newEnv(t)
	_, pushID := pushFlow(t, e)
	requireAPIError(t, decide(e, "11111111-1111-4111-8111-111111111111", "approve"), http.StatusNotFound, "NOT_FOUND")
	requireAPIError(t, decide(e, pushID, "maybe"), http.StatusNotFound, "NOT_FOUND")
	otp := e.browser().start("acr_values", emulator.DemoPasswordlessPolicy)
	otp.mustAct("user.lookup", map[string]string{"username": "user.sms"}, "OTP_REQUIRED")
	requireAPIError(t, decide(e, e.inbox("user.sms").Get("0.id").String(), "approve"), http.StatusNotFound, "NOT_FOUND")
}
