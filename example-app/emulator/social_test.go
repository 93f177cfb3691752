package emulator_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// toIDP follows an authenticate link to the identity provider's sign-in page and returns the
// page's address.
func (b *browser) toIDP(href string) *url.URL {
	b.t.Helper()
	r := b.get(href)
	require.Equal(b.t, http.StatusFound, r.status, string(r.body))
	loc := r.location(b.t)
	require.Equal(b.t, b.e.base+"/_emulator/idp/"+emulator.DemoIdentityProviderID+"/authorize", loc.Scheme+"://"+loc.Host+loc.Path)
	page := b.get(loc.String())
	require.Equal(b.t, http.StatusOK, page.status, string(page.body))
	require.Contains(b.t, string(page.body), "Sign in to Example IdP")
	return loc
}

// atIDP submits the provider's page and follows the way back: the callback, then the redirect to
// the application, whose address it returns.
func (b *browser) atIDP(page *url.URL, form url.Values) *url.URL {
	b.t.Helper()
	r := b.postForm(page.String(), form)
	require.Equal(b.t, http.StatusFound, r.status, string(r.body))
	callback := r.location(b.t)
	require.Equal(b.t, b.e.url("/rp/callback/"+emulator.DemoIdentityProviderID), callback.Scheme+"://"+callback.Host+callback.Path)
	r = b.get(callback.String())
	require.Equal(b.t, http.StatusFound, r.status, string(r.body))
	return r.location(b.t)
}

// social signs in at the provider as username after following href.
func (b *browser) social(href, username string) *url.URL {
	b.t.Helper()
	return b.atIDP(b.toIDP(href), url.Values{"username": {username}, "password": {emulator.DemoPassword}, "action": {"signin"}})
}

func TestFlowsSocialProviders(t *testing.T) {
	e := newEnv(t)
	s := e.browser().start()
	p := s.flow.json("_embedded.socialProviders.0")
	assert.Equal(t, emulator.DemoIdentityProviderID, p.Get("id").String())
	assert.Equal(t, "Example IdP", p.Get("name").String())
	assert.Equal(t, "OPENID_CONNECT", p.Get("type").String())
	href, err := url.Parse(p.Get("_links.authenticate.href").String())
	require.NoError(t, err)
	assert.Equal(t, e.url("/rp/authenticate"), href.Scheme+"://"+href.Host+href.Path)
	assert.Equal(t, url.Values{"providerId": {emulator.DemoIdentityProviderID}, "flowId": {s.id()}}, href.Query())

	idf := e.browser().start("acr_values", emulator.DemoIdentifierFirstPolicy)
	assert.Equal(t, emulator.DemoIdentityProviderID, idf.flow.json("_embedded.socialProviders.0.id").String(), "SIGN_ON_REQUIRED too")
}

// TestFlowsSocialLinkedUser: the whole round trip, with the provider's authorization request
// checked on the way.
func TestFlowsSocialLinkedUser(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.start()
	page := b.toIDP(s.flow.json("_embedded.socialProviders.0._links.authenticate.href").String())
	q := page.Query()
	assert.Equal(t, emulator.DemoEnvironmentID, q.Get("client_id"))
	assert.Equal(t, e.url("/rp/callback/"+emulator.DemoIdentityProviderID), q.Get("redirect_uri"))
	assert.Equal(t, "code", q.Get("response_type"))
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.NotEmpty(t, q.Get("state"))
	assert.NotEmpty(t, q.Get("nonce"))

	wrong := b.postForm(page.String(), url.Values{"username": {"social.user"}, "password": {"nope"}, "action": {"signin"}})
	assert.Equal(t, http.StatusOK, wrong.status)
	assert.Contains(t, string(wrong.body), "Wrong username or password")

	back := b.atIDP(page, url.Values{"username": {"social.user"}, "password": {emulator.DemoPassword}})
	assert.Equal(t, e.base+"/callback", back.Scheme+"://"+back.Host+back.Path, "pi.flow: back at the redirect URI")
	assert.Equal(t, url.Values{"flowId": {s.id()}}, back.Query())

	s.poll()
	assert.Equal(t, "COMPLETED", s.status())
	assert.Equal(t, "user.social", s.flow.json("_embedded.user.username").String())
	id := idTokenClaims(t, e, s.tokens()) // resume works: the callback set the ST cookie
	assert.Equal(t, `["fed"]`, id.Get("amr").Raw)
	assert.Equal(t, "2e85ecfa-91d1-48ad-b548-cec5e6a3205a", id.Get("sub").String())
}

func TestFlowsSocialAccountLinking(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.start()
	href := s.flow.json("_embedded.socialProviders.0._links.authenticate.href").String()
	b.social(href, "social.link")
	s.poll()
	require.Equal(t, "ACCOUNT_LINKING_REQUIRED", s.status(), string(s.flow.body))
	assert.Equal(t, "Example IdP", s.flow.json("_embedded.identityProvider.name").String())
	assert.True(t, s.flow.json(`_links.usernamePassword\.check`).Exists())
	assert.False(t, s.flow.json("_embedded.user").Exists(), "who has that email is not told")
	assert.Equal(t, "INVALID_VALUE", detail(s.act("usernamePassword.check", map[string]string{"username": "user.password", "password": "nope"})).Get("code").String())
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	assert.Equal(t, `["fed","pwd","mfa"]`, idTokenClaims(t, e, s.tokens()).Get("amr").Raw, "the provider's sign-on and the password both count")

	// Linked now: the provider alone signs user.password on.
	again := e.browser()
	s = again.start()
	again.social(s.flow.json("_embedded.socialProviders.0._links.authenticate.href").String(), "social.link")
	assert.Equal(t, "COMPLETED", s.poll().json("status").String())
	assert.Equal(t, "user.password", s.flow.json("_embedded.user.username").String())
}

func TestFlowsSocialAccountConfirmation(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.start()
	b.social(s.flow.json("_embedded.socialProviders.0._links.authenticate.href").String(), "social.new")
	s.poll()
	require.Equal(t, "ACCOUNT_CONFIRMATION_REQUIRED", s.status(), string(s.flow.body))
	assert.Equal(t, "social.new", s.flow.json("_embedded.user.username").String())
	assert.Equal(t, "social.new@idp.example", s.flow.json("_embedded.user.email").String())
	assert.Equal(t, "Nia", s.flow.json("_embedded.user.name.given").String())
	assert.True(t, s.flow.json(`_links.user\.confirm`).Exists())

	resp := s.act("user.confirm", map[string]string{"username": "user.password"})
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "UNIQUENESS_VIOLATION", detail(resp).Get("code").String())
	requireAPIError(t, s.act("user.confirm", map[string]string{}), http.StatusBadRequest, "INVALID_DATA")
	s.mustAct("user.confirm", map[string]string{"username": "nia"}, "PROFILE_DATA_REQUIRED")
	assert.Equal(t, "nia", s.flow.json("_embedded.user.username").String(), "a new user, with no phone yet")
}

func TestFlowsSocialCancelledAndReplayed(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.start()
	page := b.toIDP(s.flow.json("_embedded.socialProviders.0._links.authenticate.href").String())
	r := b.postForm(page.String(), url.Values{"action": {"cancel"}})
	callback := r.location(t)
	assert.Equal(t, "access_denied", callback.Query().Get("error"))
	r = b.get(callback.String())
	back := r.location(t)
	assert.Equal(t, s.id(), back.Query().Get("flowId"))
	assert.Equal(t, "access_denied", back.Query().Get("error"))
	assert.NotEmpty(t, back.Query().Get("error_description"))
	assert.Equal(t, "USERNAME_PASSWORD_REQUIRED", s.poll().json("status").String())

	replay := b.get(callback.String())
	requireAPIError(t, replay, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "state", detail(replay).Get("target").String(), "the state is single use")

	// The round trip expires after 15 minutes.
	page = b.toIDP(s.flow.json("_embedded.socialProviders.0._links.authenticate.href").String())
	e.clock.Advance(16 * time.Minute)
	r = b.postForm(page.String(), url.Values{"username": {"social.user"}, "password": {emulator.DemoPassword}})
	requireAPIError(t, b.get(r.location(t).String()), http.StatusBadRequest, "INVALID_DATA")
}

// TestFlowsExternalAuthenticationRequired: identifier-first discovery sends a username of the
// provider's domain there, login_hint and all.
func TestFlowsExternalAuthenticationRequired(t *testing.T) {
	for _, policy := range []string{emulator.DemoIdentifierFirstPolicy, emulator.DemoPasswordlessPolicy} {
		t.Run(policy, func(t *testing.T) {
			e := newEnv(t)
			b := e.browser()
			s := b.start("acr_values", policy)
			s.mustAct("user.lookup", map[string]string{"username": "social.user@idp.example"}, "EXTERNAL_AUTHENTICATION_REQUIRED")
			assert.Equal(t, emulator.DemoIdentityProviderID, s.flow.json("_embedded.identityProvider.id").String())
			href := s.flow.json("_links.authenticate.href").String()
			assert.Equal(t, href, s.flow.json("_embedded.identityProvider._links.authenticate.href").String())
			assert.True(t, s.flow.json(`_links.session\.reset`).Exists())
			assert.False(t, s.flow.json(`_links.user\.lookup`).Exists())

			page := b.toIDP(href)
			assert.Equal(t, "social.user@idp.example", page.Query().Get("login_hint"))
			assert.Contains(t, string(b.get(page.String()).body), `value="social.user@idp.example"`, "the page starts with the hint")
			b.atIDP(page, url.Values{"username": {"social.user"}, "password": {emulator.DemoPassword}})
			assert.Equal(t, "COMPLETED", s.poll().json("status").String(), string(s.flow.body))
			s.tokens()
		})
	}
}

// TestFlowsSocialRedirectMode: a flow in redirect mode returns to the application's sign-on page.
func TestFlowsSocialRedirectMode(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	q, _ := b.authorizeParams("response_mode", "")
	r := b.get(e.url("/as/authorize?" + q.Encode()))
	flowID := r.location(t).Query().Get("flowId")
	flow := b.get(e.url("/flows/" + flowID))
	back := b.social(flow.json("_embedded.socialProviders.0._links.authenticate.href").String(), "social.user")
	assert.Equal(t, e.base+"/signon/", back.Scheme+"://"+back.Host+back.Path)
	assert.Equal(t, flowID, back.Query().Get("flowId"))
}

func TestIdentityProviderEndpoints(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	base := e.base + "/_emulator/idp/" + emulator.DemoIdentityProviderID
	disc := b.get(base + "/.well-known/openid-configuration")
	require.Equal(t, http.StatusOK, disc.status)
	assert.Equal(t, base, disc.json("issuer").String())
	assert.Equal(t, base+"/token", disc.json("token_endpoint").String())
	assert.Equal(t, http.StatusOK, b.get(base+"/jwks").status)

	bad := b.get(base + "/authorize?client_id=someone&response_type=code")
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Contains(t, string(bad.body), "Unknown client_id")
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	params := url.Values{"client_id": {emulator.DemoEnvironmentID}, "redirect_uri": {"https://evil.example/cb"}, "response_type": {"code"},
		"state": {"s"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	assert.Contains(t, string(b.get(base+"/authorize?"+params.Encode()).body), "redirect_uri is not registered")
	params.Set("redirect_uri", e.url("/rp/callback/"+emulator.DemoIdentityProviderID))
	r := b.postForm(base+"/authorize?"+params.Encode(), url.Values{"username": {"social.user"}, "password": {emulator.DemoPassword}})
	require.Equal(t, http.StatusFound, r.status)
	code := r.location(t).Query().Get("code")
	require.NotEmpty(t, code)

	token := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {params.Get("redirect_uri")}, "code_verifier": {verifier},
		"client_id": {emulator.DemoEnvironmentID}, "client_secret": {"guess"}}
	resp := b.postForm(base+"/token", token)
	assert.Equal(t, http.StatusUnauthorized, resp.status)
	assert.Equal(t, "invalid_client", resp.json("error").String(), "only the emulator's PingOne side knows the secret")
	assert.Equal(t, http.StatusNotFound, b.get(e.base+"/_emulator/idp/"+emulator.DemoClientID+"/authorize").status)
}

// TestDaVinciSocialSignOn: SOCIAL_LOGIN_BUTTON, the provider, ?continueToken= and the POST to
// _links.continue.href with Authorization: Bearer, as davinci-client resumes.
func TestDaVinciSocialSignOn(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	d := b.startDaVinci()
	button := field(d.node, emulator.DemoIdentityProviderID)
	assert.Equal(t, "SOCIAL_LOGIN_BUTTON", button.Get("type").String())
	assert.Equal(t, "Sign in with Example IdP", button.Get("label").String())
	href := button.Get("links.authenticate.href").String()
	assert.Equal(t, e.url("/rp/authenticate?")+url.Values{"providerId": {emulator.DemoIdentityProviderID}, "interactionId": {d.id}}.Encode(), href)
	continueHref := d.node.json("_links.continue.href").String()
	assert.Regexp(t, `^`+e.url("/davinci/connections/")+`[0-9a-f]{32}/capabilities/\w+$`, continueHref)

	back := b.social(href, "social.user")
	assert.Equal(t, e.base+"/callback", back.Scheme+"://"+back.Host+back.Path)
	token := back.Query().Get("continueToken")
	require.NotEmpty(t, token)

	resume := func(token string) response {
		return b.do(http.MethodPost, continueHref, strings.NewReader("{}"), "Content-Type", "application/json",
			"Authorization", "Bearer "+token, "X-Requested-With", "ping-sdk", "Accept", "application/json")
	}
	assert.Equal(t, 1999, int(resume("not-the-token").json("code").Int()))
	r := resume(token)
	d.take(r)
	id := idTokenClaims(t, e, d.mustSucceed(r))
	assert.Equal(t, "user.social", id.Get("preferred_username").String())
	assert.Equal(t, `["fed"]`, id.Get("amr").Raw)
	again := resume(token)
	assert.Equal(t, http.StatusUnauthorized, again.status, "single use")
	assert.Equal(t, 1999, int(again.json("code").Int()))
	noBearer := b.do(http.MethodPost, continueHref, strings.NewReader("{}"), "Content-Type", "application/json")
	assert.Equal(t, http.StatusUnauthorized, noBearer.status)
}

func TestDaVinciSocialLinkAndConfirm(t *testing.T) {
	e := newEnv(t)
	resume := func(b *browser, d *davinci, user string) response {
		back := b.social(field(d.node, emulator.DemoIdentityProviderID).Get("links.authenticate.href").String(), user)
		r := b.do(http.MethodPost, d.node.json("_links.continue.href").String(), strings.NewReader("{}"), "Content-Type", "application/json",
			"Authorization", "Bearer "+back.Query().Get("continueToken"))
		d.take(r)
		return r
	}

	b := e.browser()
	d := b.startDaVinci()
	r := d.mustForm(resume(b, d, "social.link"), "Link Your Account")
	assert.Equal(t, []string{"TEXT username", "PASSWORD password", "SUBMIT_BUTTON SUBMIT", "FLOW_BUTTON BACK"}, fields(r))
	assert.Contains(t, r.json("form.description").String(), "Example IdP")
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"username": "user.password", "password": "nope"}), "checkPassword", "INVALID_VALUE", "password")
	id := idTokenClaims(t, e, d.mustSucceed(d.submit("SUBMIT", map[string]any{"username": "user.password", "password": emulator.DemoPassword})))
	assert.Equal(t, "user.password", id.Get("preferred_username").String())
	d = e.browser().startDaVinci()
	id = idTokenClaims(t, e, d.mustSucceed(resume(d.b, d, "social.link")))
	assert.Equal(t, "user.password", id.Get("preferred_username").String(), "linked")

	b = e.browser()
	d = b.startDaVinci()
	r = d.mustForm(resume(b, d, "social.new"), "Confirm Your Account")
	assert.Equal(t, "social.new", r.json("formData.value.username").String())
	requireDaVinciError(t, d.submit("SUBMIT", map[string]any{"username": "user.sms"}), "createUser", "UNIQUENESS_VIOLATION", "username")
	id = idTokenClaims(t, e, d.mustSucceed(d.submit("SUBMIT", map[string]any{"username": "nia.new"})))
	assert.Equal(t, "nia.new", id.Get("preferred_username").String())
	assert.Equal(t, `["fed"]`, id.Get("amr").Raw)

	// A continueToken expires.
	b = e.browser()
	d = b.startDaVinci()
	back := b.social(field(d.node, emulator.DemoIdentityProviderID).Get("links.authenticate.href").String(), "social.user")
	e.clock.Advance(6 * time.Minute)
	late := b.do(http.MethodPost, d.node.json("_links.continue.href").String(), strings.NewReader("{}"), "Authorization", "Bearer "+back.Query().Get("continueToken"))
	assert.Equal(t, http.StatusUnauthorized, late.status)
}
