package drivertest

import (
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
	"github.com/pingflow/pingflow/flowcore"
)

func TestExpiredFlowMeansRestart(t *testing.T) {
	w := newWorld(t)
	eff, _ := w.signIn(w.config(""), person{answer: func(s *flowcore.Step) (string, map[string]any) {
		w.clock.advance(16 * time.Minute)
		return login("user.password", emulator.DemoPassword)(s)
	}})
	require.Equal(t, flowcore.EffectFail, eff.Kind)
	assert.Equal(t, flowcore.CodeFlowExpired, eff.Error.Code)
	assert.Equal(t, flowcore.ClassRestart, eff.Error.Class)
}

func TestSSOPromptLoginAndPromptNone(t *testing.T) {
	w := newWorld(t)
	cfg := w.config("")
	cfg.Prompt = "none"
	eff, _ := w.signIn(cfg, person{answer: by(t, answers{})})
	require.Equal(t, flowcore.EffectFail, eff.Kind)
	assert.Equal(t, flowcore.CodeLoginRequired, eff.Error.Code, "no session yet")

	eff, _ = w.signIn(w.config(""), person{answer: by(t, answers{"USERNAME_PASSWORD_REQUIRED": login("user.password", emulator.DemoPassword)})})
	first := done(t, w, eff)

	eff, seen := w.signIn(w.config(""), person{answer: by(t, answers{})})
	again := done(t, w, eff)
	assert.Empty(t, seen, "the session cookie completes the flow at once")
	assert.Equal(t, first["sid"], again["sid"])

	eff, _ = w.signIn(cfg, person{answer: by(t, answers{})})
	done(t, w, eff)

	cfg.Prompt = "login"
	eff, seen = w.signIn(cfg, person{answer: by(t, answers{"USERNAME_PASSWORD_REQUIRED": login("user.password", emulator.DemoPassword)})})
	done(t, w, eff)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED"}, seen, "prompt=login asks again")
}

// The redirect journey: the app navigates to authorize, PingOne sends the browser to the custom
// sign-on page with ?flowId=, that page's engine drives the flow and navigates to resume, and the
// redirect back to the app is exchanged by the app's engine.
func TestRedirectModeWithACustomSignOnPage(t *testing.T) {
	w := newWorld(t)
	app := w.engine(w.config(""))
	eff, err := app.Login()
	require.NoError(t, err)
	require.Equal(t, flowcore.EffectRedirect, eff.Kind)
	snap, err := app.Snapshot()
	require.NoError(t, err)

	res := w.do(&flowcore.Request{Method: "GET", URL: eff.URL})
	require.Equal(t, 302, res.Status)
	signon, err := url.Parse(res.Headers["location"])
	require.NoError(t, err)
	assert.Equal(t, "/signon/", signon.Path, "the application's loginPageUrl")
	flowID := signon.Query().Get("flowId")
	require.NotEmpty(t, flowID)

	page := w.engine(w.config(""))
	eff, err = page.Open(flowID)
	require.NoError(t, err)
	eff, seen := w.drive(page, eff, person{answer: by(t, answers{"USERNAME_PASSWORD_REQUIRED": login("user.password", emulator.DemoPassword)})})
	require.Equal(t, flowcore.EffectRedirect, eff.Kind)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED"}, seen)

	res = w.do(&flowcore.Request{Method: "GET", URL: eff.URL})
	require.Equal(t, 302, res.Status)
	callback := res.Headers["location"]
	assert.Contains(t, callback, w.base+"/callback?")

	back := w.engine(w.config(""))
	require.NoError(t, back.Restore(snap), "after the round trip the app's engine comes back from its snapshot")
	eff, err = back.HandleRedirect(callback)
	require.NoError(t, err)
	eff, _ = w.drive(back, eff, person{answer: by(t, answers{})})
	done(t, w, eff)
}

func TestResumeWithoutTheSessionCookie(t *testing.T) {
	w := newWorld(t)
	e := w.engine(w.config(""))
	eff, err := e.Start()
	require.NoError(t, err)
	eff, err = e.Receive(w.do(eff.Request))
	require.NoError(t, err)
	eff, err = e.Submit(flowcore.ActionUsernamePasswordCheck, map[string]any{"username": "user.password", "password": emulator.DemoPassword})
	require.NoError(t, err)
	eff, err = e.Receive(w.do(eff.Request))
	require.NoError(t, err)
	require.Equal(t, flowcore.PurposeResume, eff.Request.Purpose)
	jar := w.client.Jar
	w.client.Jar = nil // third-party cookies blocked
	res := w.do(eff.Request)
	w.client.Jar = jar
	eff, err = e.Receive(res)
	require.NoError(t, err)
	require.Equal(t, flowcore.EffectFail, eff.Kind)
	assert.NotEqual(t, flowcore.ClassProtocol, eff.Error.Class, "a missing cookie is reported as such, got %v", eff.Error)
	eff, err = e.Retry()
	require.NoError(t, err)
	eff, _ = w.drive(e, eff, person{answer: by(t, answers{})})
	done(t, w, eff)
}
