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

func TestSSOCompletesAtOnce(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	first := b.signIn("user.password")
	firstTokens := first.tokens()

	again := b.start() // same browser: the ST cookie goes along
	assert.Equal(t, "COMPLETED", again.status())
	assert.Equal(t, first.flow.json("session.id").String(), again.flow.json("session.id").String())
	assert.Equal(t, again.params.Get("state"), again.flow.json("authorizeResponse.state").String())
	code := again.flow.json("authorizeResponse.code").String()
	require.NotEmpty(t, code)
	tokens := again.exchange(code)
	require.Equal(t, http.StatusOK, tokens.status)
	assert.Equal(t, idTokenClaims(t, e, firstTokens).Get("auth_time").Int(), idTokenClaims(t, e, tokens).Get("auth_time").Int(),
		"SSO does not re-authenticate")

	q, _ := b.authorizeParams("response_mode", "")
	resp := b.get(e.url("/as/authorize?" + q.Encode()))
	require.Equal(t, http.StatusFound, resp.status)
	loc := resp.location(t)
	assert.Equal(t, e.base+"/callback", loc.Scheme+"://"+loc.Host+loc.Path, "redirect mode goes straight back to the app")
	assert.NotEmpty(t, loc.Query().Get("code"))
	assert.Equal(t, q.Get("state"), loc.Query().Get("state"))

	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", e.browser().start().status(), "another browser has no session")
}

func TestSSOOnlyForPoliciesTheSessionSatisfied(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.signIn("user.password")
	s := b.start("acr_values", emulator.DemoIdentifierFirstPolicy)
	assert.Equal(t, "SIGN_ON_REQUIRED", s.status())
}

func TestPromptLoginForcesAuthentication(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	first := b.signIn("user.password")
	e.clock.Advance(time.Minute)
	s := b.start("prompt", "login")
	require.Equal(t, "USERNAME_PASSWORD_REQUIRED", s.status())
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	assert.NotEqual(t, first.flow.json("session.id").String(), s.flow.json("session.id").String())
	assert.Equal(t, e.clock.Now().Unix(), idTokenClaims(t, e, s.tokens()).Get("auth_time").Int())
}

func TestPromptNone(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	q, _ := b.authorizeParams("prompt", "none")
	resp := b.get(e.url("/as/authorize?" + q.Encode()))
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "login_required", detail(resp).Get("code").String())

	q.Set("response_mode", "query")
	resp = b.get(e.url("/as/authorize?" + q.Encode()))
	require.Equal(t, http.StatusFound, resp.status)
	loc := resp.location(t)
	assert.Equal(t, "login_required", loc.Query().Get("error"))
	assert.Equal(t, q.Get("state"), loc.Query().Get("state"))
	assert.Equal(t, e.base+"/callback", loc.Scheme+"://"+loc.Host+loc.Path)

	b.signIn("user.password")
	s := b.start("prompt", "none")
	assert.Equal(t, "COMPLETED", s.status())
	assert.NotEmpty(t, s.flow.json("authorizeResponse.code").String())
}

func TestMaxAge(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.signIn("user.password")
	e.clock.Advance(10 * time.Minute)
	assert.Equal(t, "COMPLETED", b.start("max_age", "600").status(), "exactly max_age old is still fine")
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", b.start("max_age", "599").status())
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", b.start("max_age", "0").status())
	q, _ := b.authorizeParams("max_age", "300", "prompt", "none")
	resp := b.get(e.url("/as/authorize?" + q.Encode()))
	assert.Equal(t, "login_required", detail(resp).Get("code").String())
}

func TestResumeRequiresTheFlowsSessionCookie(t *testing.T) {
	e := newEnv(t)
	s := e.browser().signIn("user.password")
	stranger := e.browser() // knows the flow id but not the cookie
	resp := stranger.get(s.flow.json("resumeUrl").String())
	requireAPIError(t, resp, http.StatusForbidden, "ACCESS_FAILED")

	other := e.browser()
	other.signIn("user.password") // a session of its own, from another flow
	resp = other.get(s.flow.json("resumeUrl").String())
	requireAPIError(t, resp, http.StatusForbidden, "ACCESS_FAILED")

	s.resume()
	resp = s.b.get(s.flow.json("resumeUrl").String())
	requireAPIError(t, resp, http.StatusNotFound, "NOT_FOUND") // resume consumes the flow
}

func TestResumeBeforeCompletion(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.start()
	resp := b.get(s.flow.json("resumeUrl").String())
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_REQUEST")

	q, _ := b.authorizeParams("response_mode", "")
	redirect := b.get(e.url("/as/authorize?" + q.Encode()))
	flowID := redirect.location(t).Query().Get("flowId")
	resp = b.get(e.url("/as/resume?flowId=" + flowID))
	require.Equal(t, http.StatusFound, resp.status)
	assert.Equal(t, e.base+"/signon/?flowId="+flowID, resp.header.Get("Location"), "back to the sign-on page")
}

func TestSignoffEndsTheSession(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.signIn("user.password")
	tokens := s.tokens()
	q := url.Values{
		"id_token_hint":            {tokens.json("id_token").String()},
		"post_logout_redirect_uri": {e.base + "/"},
		"state":                    {"bye"},
	}
	resp := b.get(e.url("/as/signoff?" + q.Encode()))
	require.Equal(t, http.StatusFound, resp.status)
	assert.Equal(t, e.base+"/?state=bye", resp.header.Get("Location"))
	st := resp.cookie("ST")
	require.NotNil(t, st)
	assert.Empty(t, st.Value)
	assert.Negative(t, st.MaxAge, "the cookie is cleared")

	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", b.start().status(), "no more SSO")
	refresh := b.postForm(e.url("/as/token"), url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {tokens.json("refresh_token").String()}, "client_id": {emulator.DemoClientID}})
	assert.Equal(t, "invalid_grant", refresh.json("error").String(), "the session's refresh tokens end with it")
}

func TestSignoffRedirectsOnlyToRegisteredURIs(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	tokens := b.signIn("user.password").tokens()
	cases := map[string]url.Values{
		"unregistered URI": {"id_token_hint": {tokens.json("id_token").String()}, "post_logout_redirect_uri": {"https://evil.example/"}},
		"no application":   {"post_logout_redirect_uri": {e.base + "/"}},
		"forged hint":      {"id_token_hint": {"eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0."}, "post_logout_redirect_uri": {e.base + "/"}},
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			resp := b.get(e.url("/as/signoff?" + q.Encode()))
			requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
			assert.Empty(t, resp.header.Get("Location"))
		})
	}
	assert.Equal(t, "COMPLETED", b.start().status(), "a refused signoff leaves the session alone")

	q := url.Values{"client_id": {emulator.DemoClientID}, "post_logout_redirect_uri": {e.base + "/"}}
	resp := b.postForm(e.url("/as/signoff"), q)
	assert.Equal(t, http.StatusFound, resp.status, "client_id names the application too; POST works")
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", b.start().status())

	plain := e.browser().get(e.url("/as/signoff"))
	assert.Equal(t, http.StatusOK, plain.status, "without a redirect URI the emulator shows a page")
}

func TestSignoffByHintWithoutCookie(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	tokens := b.signIn("user.password").tokens()
	e.clock.Advance(2 * time.Hour) // an expired ID token is still a valid hint
	resp := e.browser().get(e.url("/as/signoff?id_token_hint=" + url.QueryEscape(tokens.json("id_token").String())))
	assert.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", b.start().status(), "the session named by sid ended")
}

func TestCookieIsSecureOverHTTPS(t *testing.T) {
	e := newTLSEnv(t)
	s := e.browser().start()
	assert.Equal(t, e.url("/flows/"+s.id()), s.flow.json("_links.self.href").String())
	assert.Contains(t, e.base, "https://")
	resp := s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	st := resp.cookie("ST")
	require.NotNil(t, st)
	assert.True(t, st.Secure)
	assert.Equal(t, http.SameSiteNoneMode, st.SameSite)
	assert.True(t, st.HttpOnly)
	s.tokens() // the jar sends the Secure cookie back over https
}

func TestResumeOfAFailedFlowInRedirectMode(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	q, _ := b.authorizeParams("response_mode", "")
	flowID := b.get(e.url("/as/authorize?" + q.Encode())).location(t).Query().Get("flowId")
	s := &signOn{b: b, params: q, flow: b.get(e.url("/flows/" + flowID))}
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.agreement", "password": emulator.DemoPassword}, "AGREEMENT_CONSENT_REQUIRED")
	s.mustAct("user.consent", map[string]bool{"accept": false}, "FAILED")
	resp := b.get(s.flow.json("resumeUrl").String())
	require.Equal(t, http.StatusFound, resp.status)
	loc := resp.location(t)
	assert.Equal(t, e.base+"/callback", loc.Scheme+"://"+loc.Host+loc.Path)
	assert.Equal(t, "access_denied", loc.Query().Get("error"))
	assert.NotEmpty(t, loc.Query().Get("error_description"))
	assert.Equal(t, q.Get("state"), loc.Query().Get("state"))
	assert.Empty(t, loc.Query().Get("code"))
}
