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

func TestMediaTypeSelectsTheAction(t *testing.T) {
	e := newEnv(t)
	body := `{"username":"user.password","password":"` + emulator.DemoPassword + `"}`
	accepted := []string{
		"application/vnd.pingidentity.usernamePassword.check+json",
		"application/vnd.pingidentity.usernamePassword.check",
		"application/vnd.pingidentity.usernamePassword.check+json; charset=UTF-8",
		"Application/VND.PingIdentity.UsernamePassword.Check+JSON",
	}
	for _, ct := range accepted {
		t.Run(ct, func(t *testing.T) {
			s := e.browser().start()
			resp := s.b.do(http.MethodPost, e.url("/flows/"+s.id()), strings.NewReader(body), "Content-Type", ct)
			require.Equal(t, http.StatusOK, resp.status, string(resp.body))
			assert.Equal(t, "COMPLETED", resp.json("status").String())
		})
	}
}

func TestUnsupportedMediaType(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	for _, ct := range []string{"application/json", "application/vnd.pingidentity.no.such.action+json", "text/plain", ""} {
		resp := s.b.do(http.MethodPost, e.url("/flows/"+s.id()), strings.NewReader(`{}`), "Content-Type", ct)
		requireAPIError(t, resp, http.StatusUnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
	}
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", s.poll().json("status").String())
}

func TestActionNotOfferedIsRefused(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	resp := s.act("otp.check", map[string]string{"otp": "123456"})
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_REQUEST")
	assert.Contains(t, resp.json("message").String(), "otp.check")
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", s.poll().json("status").String())

	// user.lookup belongs to identifier-first policies only.
	resp = s.act("user.lookup", map[string]string{"username": "user.password"})
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_REQUEST")

	// An application whose LOGIN action does not enable registration does not offer it.
	e = newEnv(t, func(c *emulator.Config) { c.SignOnPolicies[0].Actions[0].RegistrationEnabled = false })
	s = e.browser().start()
	assert.False(t, s.flow.json(`_links.user\.register`).Exists())
	assert.False(t, s.flow.json("_embedded.passwordPolicy").Exists())
	resp = s.act("user.register", map[string]string{"username": "x", "email": "x@example.com", "password": "Fresh-Start42"})
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_REQUEST")
}

func TestMalformedJSONIsInvalidData(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	for _, body := range []string{`{"username":`, `not json`, ``, `["a"]`} {
		resp := s.b.do(http.MethodPost, e.url("/flows/"+s.id()), strings.NewReader(body),
			"Content-Type", "application/vnd.pingidentity.usernamePassword.check+json")
		requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
		assert.NotEmpty(t, detail(resp).Get("message").String())
	}
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", s.poll().json("status").String())
}

func TestUnknownFlowIsNotFound(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	resp := b.get(e.url("/flows/11111111-1111-4111-8111-111111111111"))
	requireAPIError(t, resp, http.StatusNotFound, "NOT_FOUND")
	resp = b.do(http.MethodPost, e.url("/flows/nope"), strings.NewReader(`{}`), "Content-Type", "application/vnd.pingidentity.session.reset+json")
	requireAPIError(t, resp, http.StatusNotFound, "NOT_FOUND")
}

func TestFlowsExpireAfterInactivity(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	e.clock.Advance(10 * time.Minute)
	resp := s.poll()
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "2025-03-01T12:25:00.000Z", resp.json("expiresAt").String(), "reading the flow is activity")
	assert.Equal(t, "2025-03-01T12:00:00.000Z", resp.json("createdAt").String())

	e.clock.Advance(14*time.Minute + 59*time.Second)
	require.Equal(t, http.StatusOK, s.poll().status)
	e.clock.Advance(15 * time.Minute)
	requireAPIError(t, s.poll(), http.StatusNotFound, "NOT_FOUND")
	resp = s.act("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword})
	requireAPIError(t, resp, http.StatusNotFound, "NOT_FOUND")
	resp = e.browser().get(e.url("/as/resume?flowId=" + s.id()))
	requireAPIError(t, resp, http.StatusNotFound, "NOT_FOUND")
}

func TestFlowTimeoutIsConfigurable(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Settings.FlowTimeoutSeconds = 60 })
	s := e.browser().start()
	assert.Equal(t, "2025-03-01T12:01:00.000Z", s.flow.json("expiresAt").String())
	e.clock.Advance(61 * time.Second)
	assert.Equal(t, http.StatusNotFound, s.poll().status)
}

func TestSessionResetReturnsToTheFirstStep(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start("acr_values", emulator.DemoIdentifierFirstPolicy)
	s.mustAct("user.lookup", map[string]string{"username": "user.password"}, "PASSWORD_REQUIRED")
	// session.reset has no body, as in PingOne's documentation.
	resp := s.b.do(http.MethodPost, e.url("/flows/"+s.id()), nil, "Content-Type", "application/vnd.pingidentity.session.reset+json")
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	assert.Equal(t, "SIGN_ON_REQUIRED", resp.json("status").String())
	assert.False(t, resp.json("_embedded.user").Exists())
	assert.Equal(t, s.id(), resp.json("id").String(), "the same flow")

	s.flow = resp
	s.mustAct("user.lookup", map[string]string{"username": "user.sms"}, "PASSWORD_REQUIRED")
	assert.Equal(t, "user.sms", s.flow.json("_embedded.user.username").String())
}

func TestSessionResetAfterTheSessionStarted(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.expired", "password": emulator.DemoPassword}, "PASSWORD_EXPIRED")
	resp := s.mustAct("session.reset", nil, "USERNAME_PASSWORD_REQUIRED")
	assert.False(t, resp.json("session").Exists(), "the flow forgets the session it started")
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	s.tokens()
}

func TestFailedFlowIsTwoHundredWithError(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.agreement", "password": emulator.DemoPassword}, "AGREEMENT_CONSENT_REQUIRED")
	resp := s.mustAct("user.consent", map[string]bool{"accept": false}, "FAILED")
	assert.Equal(t, "AGREEMENT_DECLINED", resp.json("error.code").String())
	assert.NotEmpty(t, resp.json("error.message").String())
	assert.Len(t, resp.json("_links").Map(), 2, "only self and signOnPage")

	poll := s.poll()
	assert.Equal(t, http.StatusOK, poll.status)
	assert.Equal(t, "FAILED", poll.json("status").String())
	requireAPIError(t, s.act("session.reset", nil), http.StatusBadRequest, "INVALID_REQUEST")

	// Resuming a failed flow reports it, and in redirect mode sends access_denied home.
	resumed := e.browser().get(s.flow.json("resumeUrl").String())
	assert.Equal(t, http.StatusOK, resumed.status)
	assert.Equal(t, "FAILED", resumed.json("status").String())
	assert.False(t, resumed.json("authorizeResponse").Exists())
}

// TestAFlowAnswersOnlyTheBrowserThatStartedIt: the flow id travels in URLs (the custom sign-on
// page's ?flowId=), so another browser holding it — without the cookie authorize set — finds no
// flow, to read or to act on; the browser that started it goes on, and keeps one cookie across
// its flows.
func TestAFlowAnswersOnlyTheBrowserThatStartedIt(t *testing.T) {
	e := newEnv(t)
	owner := e.browser()
	s := owner.start()
	cookies := owner.client.Jar.Cookies(mustParse(t, e.url("/flows/"+s.id())))
	require.Len(t, cookies, 1, "authorize sets the browser cookie")
	assert.Equal(t, "pingflow-browser", cookies[0].Name)

	other := e.browser()
	requireAPIError(t, other.get(e.url("/flows/"+s.id())), http.StatusNotFound, "NOT_FOUND")
	body := `{"username":"user.password","password":"` + emulator.DemoPassword + `"}`
	acted := other.do(http.MethodPost, e.url("/flows/"+s.id()), strings.NewReader(body), "Content-Type", "application/vnd.pingidentity.usernamePassword.check+json")
	requireAPIError(t, acted, http.StatusNotFound, "NOT_FOUND")
	forged := e.browser().get(e.url("/flows/"+s.id()), "Cookie", "pingflow-browser=not-the-right-value-at-all")
	requireAPIError(t, forged, http.StatusNotFound, "NOT_FOUND")

	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", s.poll().json("status").String(), "the owner still reads it")
	second := owner.start()
	assert.Equal(t, cookies[0].Value, owner.client.Jar.Cookies(mustParse(t, e.url("/flows/"+second.id())))[0].Value, "one cookie per browser")
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	second.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
}

// TestAFlowReadRestoresALostSessionCookie: when the answer to the credential step (which sets
// ST) is lost in transit, the client re-reads the flow, finds it COMPLETED and resumes — which
// needs ST. A read by the browser that started the flow sets ST again; another browser holding
// the flow id gets 404 and no cookie, and a session that has ended is not brought back.
func TestAFlowReadRestoresALostSessionCookie(t *testing.T) {
	e := newEnv(t)
	owner := e.browser()
	s := owner.signIn("user.password")
	flowURL := mustParse(t, e.url("/flows/"+s.id()))
	st := s.flow.cookie("ST")
	require.NotNil(t, st, "the credential step sets ST")
	dropST := func(b *browser) {
		b.client.Jar.SetCookies(flowURL, []*http.Cookie{{Name: "ST", Path: "/" + emulator.DemoEnvironmentID, MaxAge: -1}})
		for _, c := range b.client.Jar.Cookies(flowURL) {
			require.NotEqual(t, "ST", c.Name, "the jar no longer holds ST")
		}
	}
	dropST(owner) // the browser never got the answer that set it
	requireAPIError(t, owner.get(s.flow.json("resumeUrl").String()), http.StatusForbidden, "ACCESS_FAILED")

	other := e.browser()
	stolen := other.get(e.url("/flows/" + s.id()))
	requireAPIError(t, stolen, http.StatusNotFound, "NOT_FOUND")
	assert.Nil(t, stolen.cookie("ST"), "another browser is not given the session")
	assert.Empty(t, other.client.Jar.Cookies(flowURL))

	e.clock.Advance(time.Minute)
	poll := s.poll()
	require.Equal(t, http.StatusOK, poll.status, string(poll.body))
	assert.Equal(t, "COMPLETED", poll.json("status").String())
	restored := poll.cookie("ST")
	require.NotNil(t, restored, "the owner's read sets ST again")
	assert.Equal(t, st.Value, restored.Value, "the same session")
	assert.True(t, restored.HttpOnly)
	assert.Equal(t, "/"+emulator.DemoEnvironmentID, restored.Path)
	assert.Equal(t, st.MaxAge-60, restored.MaxAge, "as long as the session has left")
	assert.Nil(t, s.poll().cookie("ST"), "not again while the browser sends it")
	s.tokens()

	// A flow whose session has ended (signed off) does not bring it back.
	s = owner.signIn("user.password", "prompt", "login") // not SSO: a flow that starts its own session
	require.Equal(t, http.StatusOK, owner.get(e.url("/as/signoff")).status)
	poll = s.poll()
	require.Equal(t, http.StatusOK, poll.status, string(poll.body))
	assert.Nil(t, poll.cookie("ST"))
	requireAPIError(t, owner.get(s.flow.json("resumeUrl").String()), http.StatusForbidden, "ACCESS_FAILED")
}

func mustParse(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}
