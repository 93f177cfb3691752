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

// TestPiFlowAuthorizeReturnsTheFlowResource checks the flow JSON field by field against the
// shapes in PingOne's documentation examples.
func TestPiFlowAuthorizeReturnsTheFlowResource(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	f := s.flow
	assert.Equal(t, "application/json", f.header.Get("Content-Type"))
	id := f.json("id").String()
	assert.Regexp(t, uuidRE, id)
	self := e.url("/flows/" + id)
	assert.Equal(t, self, f.json("_links.self.href").String())
	for _, action := range []string{"usernamePassword.check", "password.forgot", "user.register", "session.reset"} {
		assert.Equal(t, self, f.json("_links."+gjsonEscape(action)+".href").String(), action)
	}
	assert.Len(t, f.json("_links").Map(), 6, "self, signOnPage and four actions")
	assert.Equal(t, e.base+"/signon/?flowId="+id, f.json("_links.signOnPage.href").String())
	assert.Equal(t, emulator.DemoEnvironmentID, f.json("environment.id").String())
	assert.Equal(t, e.url("/as/resume?flowId="+id), f.json("resumeUrl").String())
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", f.json("status").String())
	assert.Equal(t, "2025-03-01T12:00:00.000Z", f.json("createdAt").String())
	assert.Equal(t, "2025-03-01T12:15:00.000Z", f.json("expiresAt").String())
	assert.Equal(t, "Pingflow Demo SPA", f.json("_embedded.application.name").String())
	assert.False(t, f.json("session").Exists(), "no session before a credential step")
	assert.False(t, f.json("_embedded.user").Exists())
	assert.Nil(t, f.cookie("ST"))
}

func TestRedirectModeSendsTheBrowserToTheSignOnPage(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	q, _ := b.authorizeParams("response_mode", "")
	resp := b.get(e.url("/as/authorize?" + q.Encode()))
	require.Equal(t, http.StatusFound, resp.status)
	loc := resp.location(t)
	assert.Equal(t, e.base+"/signon/", loc.Scheme+"://"+loc.Host+loc.Path)
	flowID := loc.Query().Get("flowId")
	require.Regexp(t, uuidRE, flowID)

	flow := b.get(e.url("/flows/" + flowID))
	require.Equal(t, http.StatusOK, flow.status)
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", flow.json("status").String())

	s := &signOn{b: b, params: q, flow: flow}
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	resumed := b.get(s.flow.json("resumeUrl").String())
	require.Equal(t, http.StatusFound, resumed.status)
	back := resumed.location(t)
	assert.Equal(t, e.base+"/callback", back.Scheme+"://"+back.Host+back.Path)
	assert.Equal(t, q.Get("state"), back.Query().Get("state"))
	assert.Regexp(t, uuidRE, back.Query().Get("code"))
}

func TestFragmentResponseMode(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.signIn("user.password")
	q, _ := b.authorizeParams("response_mode", "fragment")
	resp := b.get(e.url("/as/authorize?" + q.Encode()))
	require.Equal(t, http.StatusFound, resp.status)
	loc := resp.location(t)
	assert.Empty(t, loc.RawQuery)
	frag, err := url.ParseQuery(loc.Fragment)
	require.NoError(t, err)
	assert.NotEmpty(t, frag.Get("code"))
	assert.Equal(t, q.Get("state"), frag.Get("state"))
}

func TestAuthorizeAcceptsPostWithQueryOrForm(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	q, _ := b.authorizeParams()
	// Ping's oidc-client: POST with the parameters in the query and no body.
	resp := b.do(http.MethodPost, e.url("/as/authorize?"+q.Encode()), nil, "Accept", "application/json")
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", resp.json("status").String())

	resp = b.postForm(e.url("/as/authorize"), q)
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", resp.json("status").String())
}

func TestPiFlowNeedsNoRedirectURI(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start("redirect_uri", "")
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	s.tokens() // exchange without redirect_uri, matching the authorize request
}

// TestAuthorizeNeverRedirectsToUnverifiedURIs covers the errors that must be answered directly:
// an unknown client or a redirect URI that is not registered.
func TestAuthorizeNeverRedirectsToUnverifiedURIs(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	cases := []struct {
		name   string
		edits  []string
		target string
	}{
		{"unknown client", []string{"client_id", "11111111-1111-4111-8111-111111111111"}, "client_id"},
		{"unregistered redirect URI", []string{"redirect_uri", "https://evil.example/callback"}, "redirect_uri"},
		{"redirect URI with an extra path", []string{"redirect_uri", e.base + "/callback/x"}, "redirect_uri"},
		{"missing redirect URI in redirect mode", []string{"redirect_uri", "", "response_mode", ""}, "redirect_uri"},
	}
	for _, c := range cases {
		for _, mode := range []string{"pi.flow", ""} {
			t.Run(c.name+" "+mode, func(t *testing.T) {
				q, _ := b.authorizeParams(append([]string{"response_mode", mode}, c.edits...)...)
				resp := b.get(e.url("/as/authorize?" + q.Encode()))
				requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
				assert.Empty(t, resp.header.Get("Location"))
				assert.Equal(t, c.target, detail(resp).Get("target").String())
			})
		}
	}
}

// TestAuthorizeParameterErrors go back to the (verified) redirect URI in redirect mode and
// come as JSON in pi.flow mode.
func TestAuthorizeParameterErrors(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	cases := []struct {
		name  string
		edits []string
		error string
	}{
		{"no PKCE", []string{"code_challenge", "", "code_challenge_method", ""}, "invalid_request"},
		{"plain PKCE when S256 is required", []string{"code_challenge_method", "plain"}, "invalid_request"},
		{"unknown PKCE method", []string{"code_challenge_method", "S512"}, "invalid_request"},
		{"short challenge", []string{"code_challenge", "abc"}, "invalid_request"},
		{"token response type", []string{"response_type", "token"}, "unsupported_response_type"},
		{"unknown scope", []string{"scope", "openid admin"}, "invalid_scope"},
		{"no scope", []string{"scope", ""}, "invalid_scope"},
		{"bad max_age", []string{"max_age", "-5"}, "invalid_request"},
		{"bad prompt", []string{"prompt", "select_account"}, "invalid_request"},
		{"unknown policy", []string{"acr_values", "No_Such_Policy"}, "invalid_request"},
		{"form_post", []string{"response_mode", "form_post"}, "invalid_request"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, _ := b.authorizeParams(append([]string{"response_mode", ""}, c.edits...)...)
			resp := b.get(e.url("/as/authorize?" + q.Encode()))
			require.Equal(t, http.StatusFound, resp.status, string(resp.body))
			loc := resp.location(t)
			assert.Equal(t, e.base+"/callback", loc.Scheme+"://"+loc.Host+loc.Path)
			assert.Equal(t, c.error, loc.Query().Get("error"))
			assert.NotEmpty(t, loc.Query().Get("error_description"))
			assert.Equal(t, q.Get("state"), loc.Query().Get("state"))

			if c.name == "form_post" {
				return // response_mode itself is the problem
			}
			q.Set("response_mode", "pi.flow")
			resp = b.get(e.url("/as/authorize?" + q.Encode()))
			requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
			assert.Equal(t, c.error, detail(resp).Get("code").String())
		})
	}
}

func TestAcrValuesPicksThePolicy(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	assert.Equal(t, "SIGN_ON_REQUIRED", b.start("acr_values", "Unknown "+emulator.DemoPasswordlessPolicy).status(),
		"the first acr value naming one of the application's policies wins")
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", b.start("acr_values", emulator.DemoPolicy+" "+emulator.DemoPasswordlessPolicy).status())
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t)
	resp := e.browser().get(e.url("/as/.well-known/openid-configuration"))
	require.Equal(t, http.StatusOK, resp.status)
	as := e.url("/as")
	assert.Equal(t, as, resp.json("issuer").String())
	for field, path := range map[string]string{
		"authorization_endpoint": "/authorize", "token_endpoint": "/token", "userinfo_endpoint": "/userinfo",
		"jwks_uri": "/jwks", "end_session_endpoint": "/signoff", "introspection_endpoint": "/introspect",
		"revocation_endpoint": "/revoke",
	} {
		assert.Equal(t, as+path, resp.json(field).String(), field)
		// every advertised endpoint exists
		probe := e.browser().do(http.MethodOptions, as+path, nil)
		assert.Equal(t, http.StatusNoContent, probe.status, field)
	}
	assert.Contains(t, resp.json("response_modes_supported").String(), `"pi.flow"`)
	assert.Contains(t, resp.json("code_challenge_methods_supported").String(), `"S256"`)
	assert.Equal(t, `["RS256"]`, resp.json("id_token_signing_alg_values_supported").Raw)
}

func TestJWKS(t *testing.T) {
	e := newEnv(t)
	resp := e.browser().get(e.url("/as/jwks"))
	require.Equal(t, http.StatusOK, resp.status)
	keys := resp.json("keys").Array()
	require.Len(t, keys, 1)
	assert.Equal(t, "RSA", keys[0].Get("kty").String())
	assert.Equal(t, "RS256", keys[0].Get("alg").String())
	assert.Equal(t, "sig", keys[0].Get("use").String())
	assert.NotEmpty(t, keys[0].Get("kid").String())
	assert.False(t, keys[0].Get("d").Exists(), "never the private key")
}

func TestUnknownEnvironmentAndPaths(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	resp := b.get(e.base + "/11111111-1111-4111-8111-111111111111/as/jwks")
	requireAPIError(t, resp, http.StatusNotFound, "NOT_FOUND")
	resp = b.get(e.url("/as/nothing"))
	requireAPIError(t, resp, http.StatusNotFound, "NOT_FOUND")
	resp = b.get(e.url("/as/token"))
	assert.Equal(t, http.StatusMethodNotAllowed, resp.status)
}

func TestNewRejectsBadBaseURLs(t *testing.T) {
	for _, base := range []string{"localhost:8080", "ftp://x", "http://host/path", "http://"} {
		_, err := emulator.New(emulator.DemoConfig("http://localhost:8080"), emulator.WithBaseURL(base), emulator.WithSigningKey(testKey()))
		assert.Error(t, err, base)
	}
	srv, err := emulator.New(emulator.DemoConfig("http://localhost:8080"), emulator.WithBaseURL("https://auth.example.com/"),
		emulator.WithSigningKey(testKey()), emulator.WithJanitorInterval(time.Hour))
	require.NoError(t, err)
	defer srv.Close()
	assert.Equal(t, "https://auth.example.com/"+emulator.DemoEnvironmentID+"/as", srv.Issuer())
	assert.True(t, strings.HasPrefix(srv.Demo().AuthPath, "https://"))
}

func TestSignOnPageWithoutALoginPageURL(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Applications[0].LoginPageURL = "" })
	s := e.browser().start()
	assert.Equal(t, e.url("/signon/?flowId="+s.id()), s.flow.json("_links.signOnPage.href").String(),
		"PingOne's hosted page address on the auth host")

	e = newEnv(t, func(c *emulator.Config) { c.Applications[0].LoginPageURL = "http://localhost:3000/login?theme=dark" })
	s = e.browser().start()
	assert.Equal(t, "http://localhost:3000/login?theme=dark&flowId="+s.id(), s.flow.json("_links.signOnPage.href").String())
}
