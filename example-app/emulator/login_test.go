package emulator_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/pingflow/pingflow/example-app/emulator"
)

func TestPasswordOnlySignOn(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.start()
	require.Equal(t, "USERNAME_PASSWORD_REQUIRED", s.status())

	resp := s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	assert.Regexp(t, uuidRE, resp.json("session.id").String())
	assert.Equal(t, "user.password", resp.json("_embedded.user.username").String())
	assert.Equal(t, "Pat", resp.json("_embedded.user.name.given").String())
	for _, action := range []string{"usernamePassword.check", "session.reset"} {
		assert.False(t, resp.json("_links."+gjsonEscape(action)).Exists(), "a completed flow offers no actions")
	}

	st := resp.cookie("ST")
	require.NotNil(t, st, "the first credential step sets the ST cookie")
	assert.True(t, st.HttpOnly)
	assert.False(t, st.Secure, "over http the cookie must not be Secure, or browsers drop it")
	assert.Equal(t, "/"+emulator.DemoEnvironmentID, st.Path)
	assert.NotEqual(t, resp.json("session.id").String(), st.Value, "the cookie is a secret, not the public session id")

	tokens := s.tokens()
	assert.Equal(t, "Bearer", tokens.json("token_type").String())
	assert.NotEmpty(t, tokens.json("id_token").String())
	assert.NotEmpty(t, tokens.json("refresh_token").String())
}

func TestWrongPasswordKeepsTheStepAndCountsDown(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	resp := s.act("usernamePassword.check", map[string]string{"username": "user.password", "password": "Wrong-Pass1"})
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	d := detail(resp)
	assert.Equal(t, "INVALID_VALUE", d.Get("code").String())
	assert.Equal(t, "password", d.Get("target").String())
	assert.Equal(t, "Invalid username and/or password.", d.Get("message").String())
	assert.EqualValues(t, 4, d.Get("innerError.failuresRemaining").Int())
	assert.Nil(t, resp.cookie("ST"))

	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", s.poll().json("status").String(), "a 400 leaves the status unchanged")

	unknown := s.act("usernamePassword.check", map[string]string{"username": "nobody", "password": "Wrong-Pass1"})
	requireAPIError(t, unknown, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "Invalid username and/or password.", detail(unknown).Get("message").String(), "unknown users get the same message")

	blank := s.act("usernamePassword.check", map[string]string{"username": "user.password"})
	requireAPIError(t, blank, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "password", detail(blank).Get("target").String())
}

// TestUnknownUsersAnswerAsKnownOnes: wrong passwords for a username nobody has get, body for body,
// what a known user's get — the failures remaining counting down, then the lockout — so the
// answers cannot tell which usernames exist.
func TestUnknownUsersAnswerAsKnownOnes(t *testing.T) {
	e := newEnv(t)
	answers := func(username string) []string {
		s := e.browser().start()
		var out []string
		for i := 0; i < 6; i++ {
			resp := s.act("usernamePassword.check", map[string]string{"username": username, "password": "Wrong-Pass1"})
			require.Equal(t, http.StatusBadRequest, resp.status)
			d := detail(resp)
			out = append(out, d.Get("code").String()+" "+d.Get("target").String()+" "+d.Get("message").String()+" "+d.Get("innerError").Raw)
		}
		return out
	}
	known, unknown := answers("user.password"), answers("no.such.user")
	assert.Equal(t, known, unknown)
	assert.Contains(t, known[0], `"failuresRemaining":4`)
	assert.Contains(t, known[5], "PASSWORD_LOCKED_OUT")
	assert.Equal(t, answers("NO.SUCH.USER ")[0], known[5], "the same unknown name, spelt otherwise, is still locked")

	e.clock.Advance(901 * time.Second)
	assert.Contains(t, answers("no.such.user")[0], `"failuresRemaining":4`, "its lock lifts as a known user's does")
}

func TestLockoutAfterFailuresAndUnlockAfterDuration(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	wrong := map[string]string{"username": "user.password", "password": "Wrong-Pass1"}
	for remaining := 4; remaining >= 1; remaining-- {
		resp := s.act("usernamePassword.check", wrong)
		require.EqualValues(t, remaining, detail(resp).Get("innerError.failuresRemaining").Int())
	}
	resp := s.act("usernamePassword.check", wrong)
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "PASSWORD_LOCKED_OUT", detail(resp).Get("code").String())
	assert.EqualValues(t, 900, detail(resp).Get("innerError.secondsUntilUnlock").Int())

	e.clock.Advance(100 * time.Second)
	right := map[string]string{"username": "user.password", "password": emulator.DemoPassword}
	resp = s.act("usernamePassword.check", right)
	assert.Equal(t, "PASSWORD_LOCKED_OUT", detail(resp).Get("code").String(), "even the right password is refused while locked")
	assert.EqualValues(t, 800, detail(resp).Get("innerError.secondsUntilUnlock").Int())

	e.clock.Advance(800 * time.Second)
	s = e.browser().start() // the first flow has been idle for 15 minutes by now
	s.mustAct("usernamePassword.check", right, "COMPLETED")
}

func TestLockedOutUserRecoversWithForgotPassword(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	resp := s.act("usernamePassword.check", map[string]string{"username": "user.locked", "password": emulator.DemoPassword})
	assert.Equal(t, "PASSWORD_LOCKED_OUT", detail(resp).Get("code").String())
	assert.Positive(t, detail(resp).Get("innerError.secondsUntilUnlock").Int())

	s.mustAct("password.forgot", map[string]string{"username": "user.locked"}, "RECOVERY_CODE_REQUIRED")
	code := e.latestCode("user.locked", "recovery")
	s.mustAct("password.recover", map[string]string{"recoveryCode": code, "newPassword": "Fresh-Start42"}, "COMPLETED")
	assert.NotNil(t, s.flow.cookie("ST"), "recovering the password signs the user in")

	again := e.browser().start()
	again.mustAct("usernamePassword.check", map[string]string{"username": "user.locked", "password": "Fresh-Start42"}, "COMPLETED")
}

func TestForgotPassword(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	resp := s.mustAct("password.forgot", map[string]string{"username": "user.password"}, "RECOVERY_CODE_REQUIRED")
	assert.Equal(t, "Standard", resp.json("_embedded.passwordPolicy.name").String())
	assert.False(t, resp.json("_embedded.user").Exists(), "the flow does not reveal whether the user exists")
	assert.True(t, resp.json(`_links.password\.sendRecoveryCode`).Exists())
	first := e.latestCode("user.password", "recovery")
	assert.Regexp(t, `^[A-Z0-9]{8}$`, first)

	// password.sendRecoveryCode is body-less and sent without +json, as in PingOne's table.
	resent := s.b.do(http.MethodPost, e.url("/flows/"+s.id()), nil, "Content-Type", "application/vnd.pingidentity.password.sendRecoveryCode")
	require.Equal(t, http.StatusOK, resent.status, string(resent.body))
	second := e.latestCode("user.password", "recovery")
	require.NotEqual(t, first, second)

	bad := s.act("password.recover", map[string]string{"recoveryCode": first, "newPassword": "Fresh-Start42"})
	requireAPIError(t, bad, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "recoveryCode", detail(bad).Get("target").String(), "a replaced code no longer works")

	weak := s.act("password.recover", map[string]string{"recoveryCode": second, "newPassword": "short"})
	requireAPIError(t, weak, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "newPassword", detail(weak).Get("target").String())
	reqs := joinArray(detail(weak).Get("innerError.unsatisfiedRequirements").Array())
	assert.Contains(t, reqs, "length")
	assert.Contains(t, reqs, "minCharacters")

	s.mustAct("password.recover", map[string]string{"recoveryCode": second, "newPassword": "Fresh-Start42"}, "COMPLETED")
	fail := e.browser().start().act("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword})
	assert.Equal(t, http.StatusBadRequest, fail.status, "the old password is gone")
}

func TestForgotPasswordForUnknownUserSendsNothing(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	s.mustAct("password.forgot", map[string]string{"username": "nobody"}, "RECOVERY_CODE_REQUIRED")
	assert.Empty(t, e.inbox("nobody").Array())
	resp := s.act("password.recover", map[string]string{"recoveryCode": "ABCDEFGH", "newPassword": "Fresh-Start42"})
	assert.Equal(t, "recoveryCode", detail(resp).Get("target").String())
}

func TestExpiredPasswordMustBeReset(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	resp := s.mustAct("usernamePassword.check", map[string]string{"username": "user.expired", "password": emulator.DemoPassword}, "PASSWORD_EXPIRED")
	assert.NotNil(t, resp.cookie("ST"), "the password was right, so the session starts")
	assert.Equal(t, "user.expired", resp.json("_embedded.user.username").String())
	assert.EqualValues(t, 8, resp.json("_embedded.passwordPolicy.length.min").Int())
	assert.EqualValues(t, 5, resp.json("_embedded.passwordPolicy.lockout.failureCount").Int())
	assert.True(t, resp.json(`_links.password\.reset`).Exists())

	cases := []struct {
		name, current, next, target, requirement string
	}{
		{"wrong current password", "Not-It-123", "Fresh-Start42", "currentPassword", ""},
		{"same as current", emulator.DemoPassword, emulator.DemoPassword, "newPassword", "history"},
		{"too short", emulator.DemoPassword, "Ab1!", "newPassword", "length"},
		{"no special character", emulator.DemoPassword, "Abcdefgh123", "newPassword", "minCharacters"},
		{"repeats", emulator.DemoPassword, "Abccc-12345", "newPassword", "maxRepeatedCharacters"},
		{"common", emulator.DemoPassword, "P@ssw0rd", "newPassword", "excludesCommonlyUsed"},
		{"contains the username", emulator.DemoPassword, "Xx-user.expired-1", "newPassword", "excludesProfileData"},
		{"few distinct characters", emulator.DemoPassword, "Aa1!Aa1!Aa", "newPassword", "minUniqueCharacters"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := s.act("password.reset", map[string]string{"currentPassword": c.current, "newPassword": c.next})
			requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
			assert.Equal(t, c.target, detail(resp).Get("target").String())
			if c.requirement != "" {
				reqs := joinArray(detail(resp).Get("innerError.unsatisfiedRequirements").Array())
				assert.Contains(t, reqs, c.requirement)
				assert.NotEmpty(t, detail(resp).Get("innerError."+c.requirement).String(), "each requirement has a message")
			}
		})
	}
	s.mustAct("password.reset", map[string]string{"currentPassword": emulator.DemoPassword, "newPassword": "Fresh-Start42"}, "COMPLETED")
	e.browser().start().mustAct("usernamePassword.check", map[string]string{"username": "user.expired", "password": "Fresh-Start42"}, "COMPLETED")
}

func TestMustChangePassword(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.mustchange", "password": emulator.DemoPassword}, "MUST_CHANGE_PASSWORD")
	assert.True(t, s.flow.json(`_links.password\.reset`).Exists())
	s.mustAct("password.reset", map[string]string{"currentPassword": emulator.DemoPassword, "newPassword": "Fresh-Start42"}, "COMPLETED")
	s.tokens()
}

func TestRegistrationWithEmailVerification(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	assert.True(t, s.flow.json(`_links.user\.register`).Exists())
	assert.Equal(t, "Standard", s.flow.json("_embedded.passwordPolicy.name").String(), "the registration form needs the policy")

	dup := s.act("user.register", map[string]string{"username": "user.password", "email": "bad-email", "password": "x"})
	requireAPIError(t, dup, http.StatusBadRequest, "INVALID_DATA")
	codes := map[string]string{}
	for _, d := range dup.json("details").Array() {
		codes[d.Get("target").String()] = d.Get("code").String()
	}
	assert.Equal(t, map[string]string{"username": "UNIQUENESS_VIOLATION", "email": "INVALID_VALUE", "password": "INVALID_VALUE"}, codes)

	s.mustAct("user.register", map[string]any{"username": "new.person", "email": "new.person@example.com", "password": "Fresh-Start42"}, "VERIFICATION_CODE_REQUIRED")
	assert.Equal(t, "new.person", s.flow.json("_embedded.user.username").String())
	code := e.latestCode("new.person", "verification")
	assert.Equal(t, "new.person@example.com", e.inbox("new.person").Get("0.to").String())

	wrong := s.act("user.verify", map[string]string{"verificationCode": "WRONG123"})
	assert.Equal(t, "verificationCode", detail(wrong).Get("target").String())

	// The new user has no name or phone and has accepted nothing: the rest of the demo policy applies.
	s.mustAct("user.verify", map[string]string{"verificationCode": code}, "PROFILE_DATA_REQUIRED")
	assert.NotNil(t, s.flow.cookie("ST"))
	s.mustAct("user.update", map[string]any{"name": map[string]string{"given": "New", "family": "Person"}, "mobilePhone": "+15555550199"}, "AGREEMENT_CONSENT_REQUIRED")
	s.mustAct("user.consent", map[string]bool{"accept": true}, "COMPLETED")
	s.tokens()
}

func TestUnverifiedUserIsAskedToVerifyAtSignOn(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	s.mustAct("user.register", map[string]any{"username": "later", "email": "later@example.com", "password": "Fresh-Start42"}, "VERIFICATION_CODE_REQUIRED")

	again := e.browser().start()
	again.mustAct("usernamePassword.check", map[string]string{"username": "later", "password": "Fresh-Start42"}, "VERIFICATION_CODE_REQUIRED")
	again.mustAct("user.sendVerificationCode", nil, "VERIFICATION_CODE_REQUIRED")
	again.mustAct("user.verify", map[string]string{"verificationCode": e.latestCode("later", "verification")}, "PROFILE_DATA_REQUIRED")
}

func TestIdentifierFirstThenPassword(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start("acr_values", emulator.DemoIdentifierFirstPolicy)
	require.Equal(t, "SIGN_ON_REQUIRED", s.status())
	assert.True(t, s.flow.json(`_links.user\.lookup`).Exists())

	unknown := s.act("user.lookup", map[string]string{"username": "nobody"})
	requireAPIError(t, unknown, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "username", detail(unknown).Get("target").String())

	resp := s.mustAct("user.lookup", map[string]string{"username": "user.password"}, "PASSWORD_REQUIRED")
	assert.Equal(t, "user.password", resp.json("_embedded.user.username").String())
	assert.Nil(t, resp.cookie("ST"), "identifying is not authenticating")

	other := s.act("usernamePassword.check", map[string]string{"username": "user.expired", "password": emulator.DemoPassword})
	requireAPIError(t, other, http.StatusBadRequest, "INVALID_DATA")

	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	claims := idTokenClaims(t, e, s.tokens())
	assert.Equal(t, emulator.DemoIdentifierFirstPolicy, claims.Get("acr").String())
}

func joinArray(items []gjson.Result) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = it.String()
	}
	return strings.Join(parts, " ")
}
