package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// TestDaVinciSuccessResponse checks the end of the flow against §7.5 (PingOne's doc 003): the
// exact set of fields, the ST cookie, the code at the token endpoint and the ID token's acr.
func TestDaVinciSuccessResponse(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.notNow(d.signOn("user.password", emulator.DemoPassword))
	require.Equal(t, http.StatusOK, r.status, string(r.body))

	var keys []string
	for k := range r.json("@this").Map() {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"interactionId", "companyId", "connectionId", "connectorId", "id", "capabilityName",
		"environment", "session", "status", "authorizeResponse", "isResponseCompatibleWithMobileAndWebSdks", "sessionToken",
		"sessionTokenMaxAge", "success", "resetCookie", "interactionToken", "_links", "subFlowSettings"}, keys)
	assert.Equal(t, d.id, r.json("interactionId").String())
	assert.Equal(t, emulator.DemoEnvironmentID, r.json("companyId").String())
	assert.Equal(t, emulator.DemoEnvironmentID, r.json("environment.id").String())
	assert.Regexp(t, `^[0-9a-f]{32}$`, r.json("connectionId").String())
	assert.Equal(t, "pingOneAuthenticationConnector", r.json("connectorId").String())
	assert.Equal(t, "returnSuccessResponseRedirect", r.json("capabilityName").String())
	assert.Regexp(t, `^[a-z0-9]{10}$`, r.json("id").String())
	assert.Regexp(t, uuidRE, r.json("session.id").String())
	assert.Equal(t, "COMPLETED", r.json("status").String())
	assert.Regexp(t, uuidRE, r.json("authorizeResponse.code").String())
	assert.Equal(t, d.params.Get("state"), r.json("authorizeResponse.state").String())
	assert.EqualValues(t, 2592000, r.json("sessionTokenMaxAge").Int())
	assert.True(t, r.json("success").Bool())
	assert.True(t, r.json("resetCookie").Bool())
	assert.Regexp(t, `^[0-9a-f]{256}$`, r.json("interactionToken").String())
	assert.Equal(t, d.node.json("_links.next.href").String(), r.json("_links.self.href").String(), "self is the capability called")
	assert.Equal(t, "https://assets.pingone.com/davinci/latest/davinci.js", r.json("subFlowSettings.reactSkUrl").String())
	assert.Equal(t, "null", r.json("subFlowSettings.cssUrl").Raw)

	st := r.cookie("ST")
	require.NotNil(t, st)
	assert.Equal(t, r.json("sessionToken").String(), st.Value)
	assert.Equal(t, "/"+emulator.DemoEnvironmentID, st.Path)
	assert.Equal(t, 2592000, st.MaxAge)
	assert.True(t, st.HttpOnly)
	for _, name := range []string{"interactionId", "interactionToken"} {
		c := r.cookie(name)
		require.NotNil(t, c, name)
		assert.Negative(t, c.MaxAge, "%s is cleared", name)
	}

	id := idTokenClaims(t, e, d.mustSucceed(r))
	assert.Equal(t, emulator.DemoDaVinciPolicyID, id.Get("acr").String())
	assert.Equal(t, `["pwd"]`, id.Get("amr").Raw)
	assert.Equal(t, emulator.DemoDaVinciClientID, id.Get("aud").String())
	assert.Equal(t, r.json("session.id").String(), id.Get("sid").String())
	assert.Equal(t, d.params.Get("nonce"), id.Get("nonce").String())
	assert.Equal(t, "9ba742de-2267-4ef5-b547-4d0aa44a5a89", id.Get("sub").String())

	again := d.send(d.body("submit", "SIGNON", map[string]any{}))
	assert.Equal(t, "requestTimedOut", again.json("code").String(), "the success consumed the interaction")
	code := d.b.postForm(e.url("/as/token"), url.Values{"grant_type": {"authorization_code"}, "code": {r.json("authorizeResponse.code").String()},
		"client_id": {emulator.DemoDaVinciClientID}, "redirect_uri": {d.params.Get("redirect_uri")}, "code_verifier": {d.verifier}})
	assert.Equal(t, "invalid_grant", code.json("error").String(), "codes are single use")
}

func TestDaVinciCodeNeedsTheVerifier(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.notNow(d.signOn("user.password", emulator.DemoPassword))
	require.Equal(t, "COMPLETED", r.json("status").String())
	resp := d.b.postForm(e.url("/as/token"), url.Values{"grant_type": {"authorization_code"}, "code": {r.json("authorizeResponse.code").String()},
		"client_id": {emulator.DemoDaVinciClientID}, "redirect_uri": {d.params.Get("redirect_uri")}, "code_verifier": {strings.Repeat("x", 43)}})
	assert.Equal(t, "invalid_grant", resp.json("error").String())
}

// TestDaVinciWrongPassword checks the recoverable error against §7.6, field by field, and that
// the failures count towards the lockout the Flows API shares.
func TestDaVinciWrongPassword(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.signOn("user.password", "Not-The-Passw0rd")
	requireDaVinciError(t, r, "checkPassword", "INVALID_VALUE", "password")
	var keys []string
	for k := range r.json("@this").Map() {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"interactionId", "companyId", "connectionId", "connectorId", "id", "capabilityName",
		"errorCategory", "code", "cause", "expected", "message", "httpResponseCode", "details", "isResponseCompatibleWithMobileAndWebSdks"}, keys)
	assert.Equal(t, d.id, r.json("interactionId").String())
	assert.Equal(t, emulator.DemoEnvironmentID, r.json("companyId").String())
	assert.Equal(t, "pingOneSSOConnector", r.json("connectorId").String())
	assert.Regexp(t, `^[0-9a-f]{32}$`, r.json("connectionId").String())
	assert.Regexp(t, `^[a-z0-9]{10}$`, r.json("id").String())
	assert.NotEqual(t, d.node.json("id").String(), r.json("id").String(), "the error comes from the checkPassword node")
	assert.Equal(t, " Invalid username and/or password", r.json("code").String())
	assert.Equal(t, " Invalid username and/or password", r.json("message").String())
	assert.Equal(t, "Unexpected", r.json("errorCategory").String())
	assert.Equal(t, "null", r.json("cause").Raw)
	assert.False(t, r.json("expected").Bool())
	assert.Equal(t, "The request could not be completed. One or more validation errors were in the request.", r.json("details.0.rawResponse.message").String())
	assert.Equal(t, "The provided password did not match provisioned password", rawDetail(r).Get("message").String())
	assert.EqualValues(t, 4, rawDetail(r).Get("innerError.failuresRemaining").Int())

	r = d.signOn("user.password", "Not-The-Passw0rd")
	assert.EqualValues(t, 3, rawDetail(r).Get("innerError.failuresRemaining").Int())
	flows := e.browser().start().act("usernamePassword.check", map[string]string{"username": "user.password", "password": "Not-The-Passw0rd"})
	assert.EqualValues(t, 2, detail(flows).Get("innerError.failuresRemaining").Int(), "one lockout for both APIs")
	d.signOn("user.password", "Not-The-Passw0rd")
	d.signOn("user.password", "Not-The-Passw0rd")
	locked := d.signOn("user.password", emulator.DemoPassword)
	requireDaVinciError(t, locked, "checkPassword", "PASSWORD_LOCKED_OUT", "password")
	assert.EqualValues(t, 900, rawDetail(locked).Get("innerError.secondsUntilUnlock").Int())
	assert.Contains(t, locked.json("message").String(), "passwordLockedOut password:")

	e.clock.Advance(901 * time.Second)
	d = e.browser().startDaVinci()
	d.mustSucceed(d.notNow(d.signOn("user.password", emulator.DemoPassword)))
}

func TestDaVinciSignOnFieldErrors(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	blank := d.signOn("", "")
	requireDaVinciError(t, blank, "checkPassword", "REQUIRED_VALUE", "username")
	assert.Equal(t, []string{"REQUIRED_VALUE password", "REQUIRED_VALUE username"}, targets(blank))
	assert.Equal(t, `invalidInput "username" - must not be blank`, blank.json("message").String())
	assert.EqualValues(t, 400, blank.json("code").Int())

	unknown := d.signOn("nobody", emulator.DemoPassword)
	requireDaVinciError(t, unknown, "checkPassword", "INVALID_VALUE", "password")
	assert.EqualValues(t, 4, rawDetail(unknown).Get("innerError.failuresRemaining").Int(), "an unknown user counts down as a known one")
	assert.Equal(t, " Invalid username and/or password", unknown.json("message").String(), "same message: no user enumeration")

	notStrings := d.submit("SIGNON", map[string]any{"username": 42, "password": true})
	assert.Equal(t, []string{"REQUIRED_VALUE password", "REQUIRED_VALUE username"}, targets(notStrings))
	assert.Equal(t, "Sign On", d.formName(), "the form stays")
}

func TestDaVinciTroubleSigningOn(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.mustForm(d.action("TROUBLE"), "Trouble Signing On")
	assert.Equal(t, []string{"TEXT username", "SUBMIT_BUTTON SUBMIT", "FLOW_BUTTON BACK"}, fields(r))

	r = d.mustForm(d.submit("SUBMIT", map[string]any{"username": "user.locked"}), "Reset Password")
	assert.Equal(t, []string{"TEXT recoveryCode", "PASSWORD_VERIFY newPassword", "SUBMIT_BUTTON SUBMIT", "FLOW_BUTTON RESEND", "FLOW_BUTTON BACK"}, fields(r))
	policy := field(r, "newPassword").Get("passwordPolicy")
	assert.Equal(t, "a9aa3ab7-2efe-4fce-ab39-1c674a2fad81", policy.Get("id").String())
	assert.EqualValues(t, 8, policy.Get("length.min").Int())
	assert.EqualValues(t, 6, policy.Get("history.count").Int())
	first := e.latestCode("user.locked", "recovery")
	assert.Regexp(t, `^[A-Z0-9]{8}$`, first)

	d.mustForm(d.action("RESEND"), "Reset Password")
	code := e.latestCode("user.locked", "recovery")
	assert.NotEqual(t, first, code)
	wrong := d.submit("SUBMIT", map[string]any{"recoveryCode": first, "newPassword": newPassword})
	requireDaVinciError(t, wrong, "recoverPassword", "INVALID_VALUE", "recoveryCode")

	weak := d.submit("SUBMIT", map[string]any{"recoveryCode": code, "newPassword": "short"})
	requireDaVinciError(t, weak, "recoverPassword", "INVALID_VALUE", "newPassword")
	assert.Equal(t, "newPasswordNotValid newPassword: New password did not satisfy password policy requirements", weak.json("message").String())
	assert.Contains(t, rawDetail(weak).Get("innerError.unsatisfiedRequirements").String(), "length")
	reused := d.submit("SUBMIT", map[string]any{"recoveryCode": code, "newPassword": emulator.DemoPassword})
	assert.Equal(t, `["history"]`, rawDetail(reused).Get("innerError.unsatisfiedRequirements").Raw)

	r = d.mustForm(d.submit("SUBMIT", map[string]any{"recoveryCode": code, "newPassword": newPassword}), "Sign On")
	assert.Equal(t, "user.locked", r.json("formData.value.username").String(), "back to sign on, username filled in")
	assert.Equal(t, []string{"LABEL notice", "TEXT username", "PASSWORD password", "SUBMIT_BUTTON SIGNON", "FIDO2 passkey", "SOCIAL_LOGIN_BUTTON " + emulator.DemoIdentityProviderID, "FLOW_BUTTON PHONE", "FLOW_BUTTON TROUBLE", "FLOW_LINK REGISTER", "PROTECT protect"}, fields(r))
	assert.Contains(t, field(r, "notice").Get("content").String(), "password has been changed")
	requireDaVinciError(t, d.signOn("user.locked", emulator.DemoPassword), "checkPassword", "INVALID_VALUE", "password")
	d.mustSucceed(d.notNow(d.signOn("user.locked", newPassword)))
}

const newPassword = "Fresh-Passw0rd!"

func TestDaVinciTroubleDoesNotRevealWhoExists(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	d.mustForm(d.action("TROUBLE"), "Trouble Signing On")
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"username": " "}), "recoverPassword", "REQUIRED_VALUE", "username")
	d.mustForm(d.submit("SUBMIT", map[string]any{"username": "nobody"}), "Reset Password")
	assert.Empty(t, e.inbox("").Array())
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"recoveryCode": "ABCD2345", "newPassword": newPassword}),
		"recoverPassword", "INVALID_VALUE", "recoveryCode")
	d.mustForm(d.action("BACK"), "Sign On")
}

func TestDaVinciRegistration(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.mustForm(d.action("REGISTER"), "Registration")
	assert.Equal(t, []string{"TEXT username", "TEXT email", "PASSWORD_VERIFY password", "LABEL terms", "SINGLE_CHECKBOX agreement",
		"SUBMIT_BUTTON SUBMIT", "FLOW_BUTTON BACK"}, fields(r))
	assert.Equal(t, `^[^@\s]+@[^@\s]+\.[^@\s]+$`, field(r, "email").Get("validation.regex").String())
	assert.NotEmpty(t, field(r, "email").Get("validation.errorMessage").String())
	assert.Equal(t, "a9aa3ab7-2efe-4fce-ab39-1c674a2fad81", field(r, "password").Get("passwordPolicy.id").String())
	assert.True(t, field(r, "agreement").Get("required").Bool())
	terms := field(r, "terms").Get("richContent")
	assert.Equal(t, "By registering you accept the {{terms}}.", terms.Get("content").String())
	assert.Equal(t, "link", terms.Get("replacements.terms.type").String())
	assert.Equal(t, e.base+"/_emulator/terms", terms.Get("replacements.terms.href").String())
	assert.Equal(t, false, r.json("formData.value.agreement").Value())

	all := d.submit("SUBMIT", map[string]any{"username": "user.password", "email": "not-an-email", "password": "short", "agreement": false})
	requireDaVinciError(t, all, "createUser", "INVALID_VALUE", "agreement")
	assert.Equal(t, []string{"INVALID_VALUE agreement", "INVALID_VALUE email", "INVALID_VALUE password", "UNIQUENESS_VIOLATION username"}, targets(all))
	assert.Equal(t, "pingOneSSOConnector", all.json("connectorId").String())

	dup := d.submit("SUBMIT", map[string]any{"username": "USER.PASSWORD", "email": "new@example.com", "password": newPassword, "agreement": true})
	requireDaVinciError(t, dup, "createUser", "UNIQUENESS_VIOLATION", "username")
	assert.Equal(t, "uniquenessViolation username: is unique but a non-unique value is provided", dup.json("message").String())
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"username": "new.user", "email": "new@example.com", "password": newPassword}),
		"createUser", "INVALID_VALUE", "agreement")
	assert.Equal(t, []string{"REQUIRED_VALUE email", "REQUIRED_VALUE password", "REQUIRED_VALUE username"},
		targets(d.submit("SUBMIT", map[string]any{"agreement": true})))

	r = d.mustForm(d.submit("SUBMIT", map[string]any{"username": "new.user", "email": "new@example.com", "password": newPassword, "agreement": true}), "Verify Email")
	assert.Equal(t, []string{"TEXT verificationCode", "SUBMIT_BUTTON SUBMIT", "FLOW_BUTTON RESEND"}, fields(r))
	assert.Contains(t, r.json("form.description").String(), "n****@example.com")
	code := e.latestCode("new.user", "verification")
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"verificationCode": "WRONG234"}), "verifyUser", "INVALID_VALUE", "verificationCode")
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{}), "verifyUser", "REQUIRED_VALUE", "verificationCode")
	id := idTokenClaims(t, e, d.mustSucceed(d.submit("SUBMIT", map[string]any{"verificationCode": code})))
	assert.Equal(t, "new.user", id.Get("preferred_username").String())
	assert.Equal(t, "new@example.com", id.Get("email").String())

	flows := e.browser().start("prompt", "login")
	flows.mustAct("usernamePassword.check", map[string]string{"username": "new.user", "password": newPassword}, "PROFILE_DATA_REQUIRED")
}

func TestDaVinciUnverifiedUserVerifiesAtSignOn(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	d.action("REGISTER")
	d.mustForm(d.submit("SUBMIT", map[string]any{"username": "later", "email": "later@example.com", "password": newPassword, "agreement": true}), "Verify Email")

	again := e.browser().startDaVinci()
	again.mustForm(again.signOn("later", newPassword), "Verify Email")
	again.mustForm(again.action("RESEND"), "Verify Email")
	again.mustSucceed(again.submit("SUBMIT", map[string]any{"verificationCode": e.latestCode("later", "verification")}))
}

func TestDaVinciExpiredPassword(t *testing.T) {
	for _, username := range []string{"user.expired", "user.mustchange"} {
		t.Run(username, func(t *testing.T) {
			e := newEnv(t)
			d := e.browser().startDaVinci()
			r := d.mustForm(d.signOn(username, emulator.DemoPassword), "Change Password")
			assert.Equal(t, []string{"PASSWORD_VERIFY newPassword", "SUBMIT_BUTTON SUBMIT"}, fields(r))
			reused := d.submit("SUBMIT", map[string]any{"newPassword": emulator.DemoPassword})
			requireDaVinciError(t, reused, "resetPassword", "INVALID_VALUE", "newPassword")
			assert.Equal(t, `["history"]`, rawDetail(reused).Get("innerError.unsatisfiedRequirements").Raw)
			d.mustSucceed(d.submit("SUBMIT", map[string]any{"newPassword": newPassword}))
			e.browser().start().mustAct("usernamePassword.check", map[string]string{"username": username, "password": newPassword}, "COMPLETED")
		})
	}
}

// TestDaVinciMFAWithCodes: a user with several devices chooses one; each option is shaped as
// §7.7 says and the code arrives in the inbox.
func TestDaVinciMFAWithCodes(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.mustForm(d.signOn("user.devices", emulator.DemoPassword), "Choose a Device")
	assert.Equal(t, []string{"DEVICE_AUTHENTICATION device", "SUBMIT_BUTTON SUBMIT"}, fields(r))
	options := field(r, "device").Get("options").Array()
	require.Len(t, options, 4)
	byType := map[string]string{}
	for _, o := range options {
		var keys []string
		for k := range o.Map() {
			keys = append(keys, k)
		}
		assert.ElementsMatch(t, []string{"type", "iconSrc", "title", "id", "default", "description"}, keys)
		assert.True(t, strings.HasPrefix(o.Get("iconSrc").String(), "data:image/svg+xml,"))
		assert.NotEmpty(t, o.Get("title").String())
		byType[o.Get("type").String()] = o.Get("description").String()
	}
	assert.Equal(t, map[string]string{"SMS": "*******03", "EMAIL": "u****@example.com", "TOTP": "Authenticator app", "MOBILE": "Mobile app"}, byType)

	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{}), "selectDevice", "REQUIRED_VALUE", "device")
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"device": map[string]any{"type": "SMS", "id": options[1].Get("id").String()}}),
		"selectDevice", "INVALID_VALUE", "device")
	email := options[1]
	require.Equal(t, "EMAIL", email.Get("type").String())
	r = d.mustForm(d.submit("SUBMIT", map[string]any{"device": map[string]any{"type": "EMAIL", "id": email.Get("id").String(), "value": "u****@example.com"}}), "Enter Code")
	assert.Equal(t, []string{"TEXT otp", "SUBMIT_BUTTON SUBMIT", "FLOW_BUTTON CHANGE_DEVICE"}, fields(r))
	assert.Equal(t, "Use another method", field(r, "CHANGE_DEVICE").Get("label").String())

	wrong := d.submit("SUBMIT", map[string]any{"otp": "000000"})
	requireDaVinciError(t, wrong, "checkOtp", "INVALID_VALUE", "otp")
	assert.Equal(t, "pingOneMfaConnector", wrong.json("connectorId").String())
	assert.EqualValues(t, 2, rawDetail(wrong).Get("innerError.failuresRemaining").Int())
	d.mustForm(d.action("CHANGE_DEVICE"), "Choose a Device")
	sms := options[0]
	d.mustForm(d.submit("SUBMIT", map[string]any{"device": sms.Get("id").String()}), "Enter Code")
	entry := e.inbox("user.devices").Array()[0]
	assert.Equal(t, "otp", entry.Get("kind").String())
	assert.Equal(t, "+15555550103", entry.Get("to").String())
	id := idTokenClaims(t, e, d.mustSucceed(d.submit("SUBMIT", map[string]any{"otp": entry.Get("code").String()})))
	assert.Equal(t, `["pwd","otp","mfa"]`, id.Get("amr").Raw)
}

func TestDaVinciSingleDeviceGoesStraightToTheCode(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.mustForm(d.signOn("user.sms", emulator.DemoPassword), "Enter Code")
	assert.Contains(t, r.json("form.description").String(), "*******02")
	assert.Equal(t, "Send a new code", field(r, "CHANGE_DEVICE").Get("label").String())
	first := e.latestCode("user.sms", "otp")
	d.mustForm(d.action("CHANGE_DEVICE"), "Enter Code")
	second := e.latestCode("user.sms", "otp")
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"otp": first + "x"}), "checkOtp", "INVALID_VALUE", "otp")
	d.mustSucceed(d.submit("SUBMIT", map[string]any{"otp": second}))
}

func TestDaVinciTooManyWrongCodesFailTheFlow(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	d.signOn("user.sms", emulator.DemoPassword)
	d.submit("SUBMIT", map[string]any{"otp": "000000"})
	d.submit("SUBMIT", map[string]any{"otp": "000000"})
	r := d.submit("SUBMIT", map[string]any{"otp": "000000"})
	require.Equal(t, http.StatusOK, r.status, "an unrecoverable end is a 2xx with an error object")
	assert.Equal(t, "TOO_MANY_ATTEMPTS", r.json("error.code").String())
	assert.NotEmpty(t, r.json("error.message").String())
	assert.Equal(t, "FAILED", r.json("status").String())
	assert.Equal(t, "checkOtp", r.json("capabilityName").String())
	assert.False(t, r.json("session").Exists() || r.json("authorizeResponse").Exists() || r.json("_links").Exists())
	assert.Negative(t, r.cookie("interactionId").MaxAge)
	assert.Nil(t, r.cookie("ST"))
	assert.Equal(t, "requestTimedOut", d.action("CHANGE_DEVICE").json("code").String())
}

func TestDaVinciOTPExpires(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	d.signOn("user.sms", emulator.DemoPassword)
	code := e.latestCode("user.sms", "otp")
	e.clock.Advance(6 * time.Minute)
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"otp": code}), "checkOtp", "INVALID_VALUE", "otp")
	d.action("CHANGE_DEVICE")
	d.mustSucceed(d.submit("SUBMIT", map[string]any{"otp": e.latestCode("user.sms", "otp")}))
}

// pushForm signs user.devices in up to the push form.
func pushForm(t *testing.T, e *env) (*davinci, response) {
	d := e.browser().startDaVinci()
	r := d.mustForm(d.signOn("user.devices", emulator.DemoPassword), "Choose a Device")
	mobile := field(r, "device").Get("options.3")
	require.Equal(t, "MOBILE", mobile.Get("type").String())
	r = d.mustForm(d.submit("SUBMIT", map[string]any{"device": map[string]any{"type": "MOBILE", "id": mobile.Get("id").String()}}), "Push Notification")
	return d, r
}

func (e *env) decidePush(username, decision string) {
	e.t.Helper()
	push := e.inbox(username).Array()[0]
	require.Equal(e.t, "push", push.Get("kind").String())
	resp := e.browser().do(http.MethodPost, e.base+"/_emulator/push/"+push.Get("id").String()+"/"+decision, nil)
	require.Equal(e.t, http.StatusOK, resp.status, string(resp.body))
}

func TestDaVinciPushApproved(t *testing.T) {
	e := newEnv(t)
	d, r := pushForm(t, e)
	assert.Equal(t, []string{"LABEL pushMessage", "POLLING poll", "FLOW_BUTTON CHANGE_DEVICE"}, fields(r))
	poll := field(r, "poll")
	assert.EqualValues(t, 2000, poll.Get("pollInterval").Int())
	assert.GreaterOrEqual(t, poll.Get("pollRetries").Int(), int64(60))
	assert.Equal(t, "PENDING", e.inbox("user.devices").Array()[0].Get("status").String())

	before := d.token
	pending := d.poll()
	require.Equal(t, http.StatusOK, pending.status, string(pending.body))
	assert.Equal(t, "rewindStateToLastRenderedUI", pending.json("eventName").String())
	assert.Equal(t, d.id, pending.json("interactionId").String())
	assert.Regexp(t, `^[0-9a-f]{256}$`, pending.json("interactionToken").String())
	assert.NotEqual(t, before, pending.json("interactionToken").String(), "polls rotate the token too")
	assert.False(t, pending.json("_links").Exists() || pending.json("error").Exists() || pending.json("status").Exists())
	assert.Equal(t, "Push Notification", d.formName(), "the form stays on screen")

	wrongKey := d.send(d.body("polling", "SUBMIT", map[string]any{}))
	requireDaVinciError(t, wrongKey, "customHTMLTemplate", "", "")

	e.decidePush("user.devices", "approve")
	id := idTokenClaims(t, e, d.mustSucceed(d.poll()))
	assert.Equal(t, `["pwd","swk","mfa"]`, id.Get("amr").Raw)
}

func TestDaVinciPushDenied(t *testing.T) {
	e := newEnv(t)
	d, _ := pushForm(t, e)
	e.decidePush("user.devices", "deny")
	r := d.poll()
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "PUSH_DENIED", r.json("error.code").String())
	assert.Equal(t, "pingOneMfaConnector", r.json("connectorId").String())
	assert.Equal(t, "requestTimedOut", d.poll().json("code").String(), "the interaction is over")
}

func TestDaVinciPushTimesOut(t *testing.T) {
	e := newEnv(t)
	d, _ := pushForm(t, e)
	assert.Equal(t, "rewindStateToLastRenderedUI", d.poll().json("eventName").String())
	e.clock.Advance(41 * time.Second)
	r := d.poll()
	assert.Equal(t, "PUSH_TIMED_OUT", r.json("error.code").String())
	assert.Equal(t, "TIMED_OUT", e.inbox("user.devices").Array()[0].Get("status").String())
}

func TestDaVinciAnotherMethodCancelsThePush(t *testing.T) {
	e := newEnv(t)
	d, _ := pushForm(t, e)
	d.mustForm(d.action("CHANGE_DEVICE"), "Choose a Device")
	assert.Equal(t, "CANCELED", e.inbox("user.devices").Array()[0].Get("status").String())
	push := e.inbox("user.devices").Array()[0]
	resp := e.browser().do(http.MethodPost, e.base+"/_emulator/push/"+push.Get("id").String()+"/approve", nil)
	assert.Equal(t, http.StatusConflict, resp.status, "a withdrawn push cannot be approved")
}

func TestDaVinciSSO(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	first := b.startDaVinci()
	done := first.notNow(first.signOn("user.password", emulator.DemoPassword))
	first.mustSucceed(done)

	again, r := b.authorizeDaVinci()
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, "COMPLETED", r.json("status").String(), "the session completes at once")
	assert.Equal(t, done.json("session.id").String(), r.json("session.id").String())
	assert.Equal(t, done.json("sessionToken").String(), r.json("sessionToken").String())
	assert.Nil(t, r.cookie("interactionId"), "no interaction was started")
	tokens := again.mustSucceed(r)
	id := idTokenClaims(t, e, tokens)
	assert.Equal(t, emulator.DemoDaVinciPolicyID, id.Get("acr").String())
	assert.Equal(t, `["pwd"]`, id.Get("amr").Raw)

	login := b.startDaVinci("prompt", "login")
	assert.Equal(t, "Sign On", login.formName())
	_, r = b.authorizeDaVinci("prompt", "none")
	assert.Equal(t, "COMPLETED", r.json("status").String())

	e.clock.Advance(time.Minute)
	b.startDaVinci("max_age", "30")
	_, r = b.authorizeDaVinci("max_age", "300")
	assert.Equal(t, "COMPLETED", r.json("status").String())

	q, _ := b.authorizeParams("client_id", emulator.DemoDaVinciClientID, "response_mode", "")
	redirect := b.get(e.url("/as/authorize?" + q.Encode()))
	require.Equal(t, http.StatusFound, redirect.status, string(redirect.body))
	loc := redirect.location(t)
	assert.Equal(t, e.base+"/callback", loc.Scheme+"://"+loc.Host+loc.Path)
	assert.NotEmpty(t, loc.Query().Get("code"))
	assert.Equal(t, q.Get("state"), loc.Query().Get("state"))
}

// TestDaVinciSSOAcrossApplications: a DaVinci flow's session check accepts a session the Flows
// API started, and the Flows API sees the DaVinci application's session (its policies still
// apply: the DaVinci sign-on satisfied none of them).
func TestDaVinciSSOAcrossApplications(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.signIn("user.password").tokens()
	_, r := b.authorizeDaVinci()
	assert.Equal(t, "COMPLETED", r.json("status").String())

	other := e.browser()
	d := other.startDaVinci()
	d.mustSucceed(d.notNow(d.signOn("user.password", emulator.DemoPassword)))
	flows := other.start()
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", flows.status(), "the sign-on policy was not satisfied by the DaVinci flow")
	signoff := other.get(e.url("/as/signoff?client_id=" + emulator.DemoDaVinciClientID))
	assert.Equal(t, http.StatusOK, signoff.status)
	assert.Equal(t, "Sign On", other.startDaVinci().formName(), "signoff ends the DaVinci session too")
}

// TestDaVinciSilentAuthorizeWithoutTheSDKHeader is the background authorize of Ping's
// oidc-client: POST with the parameters in the query string, no body, Accept: application/json,
// prompt=none, response_mode=pi.flow — and no X-Requested-With. No form is shown either way, so
// the header does not matter: login_required without a session, the success object with one. A
// request that would need a form still has to ask for JSON.
func TestDaVinciSilentAuthorizeWithoutTheSDKHeader(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	silent := func(overrides ...string) (*davinci, response) {
		q, verifier := b.authorizeParams(append([]string{"client_id", emulator.DemoDaVinciClientID}, overrides...)...)
		return &davinci{b: b, params: q, verifier: verifier}, b.do(http.MethodPost, e.url("/as/authorize?"+q.Encode()), nil, "Accept", "application/json")
	}

	_, r := silent("prompt", "none")
	requireAPIError(t, r, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "login_required", detail(r).Get("code").String(), "the oidc-client reads details[0].code")
	_, r = silent()
	requireAPIError(t, r, http.StatusBadRequest, "INVALID_REQUEST")
	assert.Contains(t, r.json("message").String(), "X-Requested-With: ping-sdk", "a form would be needed")

	d := b.startDaVinci()
	done := d.notNow(d.signOn("user.password", emulator.DemoPassword))
	d.mustSucceed(done)

	again, r := silent("prompt", "none")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, "COMPLETED", r.json("status").String())
	assert.Equal(t, done.json("session.id").String(), r.json("session.id").String())
	assert.Nil(t, r.cookie("interactionId"), "no interaction was started")
	id := idTokenClaims(t, e, again.mustSucceed(r))
	assert.Equal(t, emulator.DemoDaVinciPolicyID, id.Get("acr").String())
	assert.Equal(t, again.params.Get("nonce"), id.Get("nonce").String())

	_, r = silent("prompt", "login")
	requireAPIError(t, r, http.StatusBadRequest, "INVALID_REQUEST")
	assert.Contains(t, r.json("message").String(), "X-Requested-With: ping-sdk", "prompt=login needs the form")
}
