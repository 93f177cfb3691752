package emulator_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// verifyJWT checks a token's RS256 signature against the emulator's published JWKS, the way a
// relying party would, and returns its claims.
func verifyJWT(t *testing.T, e *env, token string) gjson.Result {
	t.Helper()
	resp := e.browser().get(e.url("/as/jwks"))
	require.Equal(t, http.StatusOK, resp.status)
	var set jose.JSONWebKeySet
	require.NoError(t, json.Unmarshal(resp.body, &set))
	parsed, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.RS256})
	require.NoError(t, err)
	require.Len(t, parsed.Headers, 1)
	keys := set.Key(parsed.Headers[0].KeyID)
	require.Len(t, keys, 1, "the token's kid is in the JWKS")
	var claims map[string]any
	require.NoError(t, parsed.Claims(keys[0].Key, &claims))
	data, err := json.Marshal(claims)
	require.NoError(t, err)
	return gjson.ParseBytes(data)
}

func idTokenClaims(t *testing.T, e *env, tokens response) gjson.Result {
	t.Helper()
	return verifyJWT(t, e, tokens.json("id_token").String())
}

func TestTokensAreSignedAndCarryPingOneClaims(t *testing.T) {
	e := newEnv(t)
	s := e.browser().signIn("user.password")
	tokens := s.tokens()
	assert.Equal(t, "no-store", tokens.header.Get("Cache-Control"))
	assert.EqualValues(t, 3600, tokens.json("expires_in").Int())
	assert.Equal(t, "openid profile email phone", tokens.json("scope").String())

	id := idTokenClaims(t, e, tokens)
	now := e.clock.Now().Unix()
	assert.Equal(t, e.url("/as"), id.Get("iss").String())
	assert.Equal(t, "9ba742de-2267-4ef5-b547-4d0aa44a5a89", id.Get("sub").String())
	assert.Equal(t, emulator.DemoClientID, id.Get("aud").String())
	assert.Equal(t, s.params.Get("nonce"), id.Get("nonce").String())
	assert.Equal(t, emulator.DemoPolicy, id.Get("acr").String())
	assert.Equal(t, `["pwd"]`, id.Get("amr").Raw)
	assert.Equal(t, s.flow.json("session.id").String(), id.Get("sid").String())
	assert.Equal(t, now, id.Get("auth_time").Int())
	assert.Equal(t, now, id.Get("iat").Int())
	assert.Equal(t, now+3600, id.Get("exp").Int())
	assert.Equal(t, emulator.DemoEnvironmentID, id.Get("env").String())
	assert.Equal(t, emulator.DemoOrganizationID, id.Get("org").String())
	assert.Equal(t, "NA", id.Get("p1\\.region").String())
	assert.Equal(t, "user.password", id.Get("preferred_username").String())
	assert.Equal(t, "Pat", id.Get("given_name").String())
	assert.Equal(t, "Password", id.Get("family_name").String())
	assert.Equal(t, "user.password@example.com", id.Get("email").String())
	assert.Equal(t, "+15555550101", id.Get("phone_number").String())
	sum := sha256.Sum256([]byte(tokens.json("access_token").String()))
	assert.Equal(t, base64.RawURLEncoding.EncodeToString(sum[:16]), id.Get("at_hash").String())

	access := verifyJWT(t, e, tokens.json("access_token").String())
	assert.Equal(t, emulator.DemoClientID, access.Get("client_id").String())
	assert.Equal(t, "openid profile email phone", access.Get("scope").String())
	assert.Equal(t, id.Get("sid").String(), access.Get("sid").String())
	assert.Equal(t, e.base, access.Get("aud.0").String())
	assert.NotEmpty(t, access.Get("jti").String())
}

func TestProfileClaimsFollowTheScopes(t *testing.T) {
	e := newEnv(t)
	s := e.browser().signIn("user.password", "scope", "openid")
	id := idTokenClaims(t, e, s.tokens())
	for _, claim := range []string{"preferred_username", "given_name", "email", "phone_number"} {
		assert.False(t, id.Get(claim).Exists(), claim)
	}
	s = e.browser().signIn("user.password", "scope", "profile")
	assert.False(t, s.tokens().json("id_token").Exists(), "no openid scope, no ID token")
}

func TestCodeExchangeErrors(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.signIn("user.password")
	code := s.resume()
	token := e.url("/as/token")
	form := func(edits ...string) url.Values {
		f := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {emulator.DemoClientID},
			"redirect_uri": {s.params.Get("redirect_uri")}, "code_verifier": {s.verifier}}
		for i := 0; i+1 < len(edits); i += 2 {
			f.Set(edits[i], edits[i+1])
		}
		return f
	}
	cases := []struct {
		name   string
		form   url.Values
		status int
		error  string
	}{
		{"wrong PKCE verifier", form("code_verifier", "wrong-verifier-wrong-verifier-wrong-verifier"), 400, "invalid_grant"},
		{"missing verifier", form("code_verifier", ""), 400, "invalid_grant"},
		{"wrong redirect URI", form("redirect_uri", e.base+"/elsewhere"), 400, "invalid_grant"},
		{"unknown code", form("code", "not-a-code"), 400, "invalid_grant"},
		{"unknown client", form("client_id", "11111111-1111-4111-8111-111111111111"), 401, "invalid_client"},
		{"unsupported grant", form("grant_type", "password"), 400, "unsupported_grant_type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := b.postForm(token, c.form)
			assert.Equal(t, c.status, resp.status, string(resp.body))
			assert.Equal(t, c.error, resp.json("error").String())
			assert.NotEmpty(t, resp.json("error_description").String())
			assert.Equal(t, "no-store", resp.header.Get("Cache-Control"))
		})
	}
	// Failed attempts do not use the code up; the right request still succeeds once.
	resp := b.postForm(token, form())
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
}

func TestCodeUsedTwiceRevokesItsTokens(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.signIn("user.password")
	code := s.resume()
	first := s.exchange(code)
	require.Equal(t, http.StatusOK, first.status)
	require.Equal(t, http.StatusOK, userinfo(b, e, first.json("access_token").String()).status)

	second := s.exchange(code)
	assert.Equal(t, http.StatusBadRequest, second.status)
	assert.Equal(t, "invalid_grant", second.json("error").String())

	assert.Equal(t, http.StatusUnauthorized, userinfo(b, e, first.json("access_token").String()).status, "replay revokes the access token")
	refresh := b.postForm(e.url("/as/token"), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first.json("refresh_token").String()}, "client_id": {emulator.DemoClientID}})
	assert.Equal(t, "invalid_grant", refresh.json("error").String(), "and the refresh token")
}

func TestCodeExpiresAfterSixtySeconds(t *testing.T) {
	e := newEnv(t)
	s := e.browser().signIn("user.password")
	code := s.resume()
	e.clock.Advance(60 * time.Second)
	resp := s.exchange(code)
	assert.Equal(t, http.StatusBadRequest, resp.status)
	assert.Equal(t, "invalid_grant", resp.json("error").String())

	s = e.browser().signIn("user.password")
	code = s.resume()
	e.clock.Advance(59 * time.Second)
	assert.Equal(t, http.StatusOK, s.exchange(code).status)
}

func TestPlainPKCEAndPKCEEnforcement(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Applications[0].PKCEEnforcement = emulator.PKCEOptional })
	b := e.browser()
	verifier := "plain-verifier-plain-verifier-plain-verifier-123"
	s := b.start("code_challenge", verifier, "code_challenge_method", "plain")
	s.verifier = verifier
	s.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	s.tokens()

	none := b.start("prompt", "login", "code_challenge", "", "code_challenge_method", "")
	none.mustAct("usernamePassword.check", map[string]string{"username": "user.password", "password": emulator.DemoPassword}, "COMPLETED")
	none.verifier = ""
	none.tokens()
}

func TestRefreshTokenRotation(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	tokens := b.signIn("user.password").tokens()
	refresh := func(token string, extra ...string) response {
		f := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}, "client_id": {emulator.DemoClientID}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return b.postForm(e.url("/as/token"), f)
	}
	original := tokens.json("refresh_token").String()
	second := refresh(original)
	require.Equal(t, http.StatusOK, second.status, string(second.body))
	rotated := second.json("refresh_token").String()
	assert.NotEqual(t, original, rotated)
	assert.NotEmpty(t, second.json("id_token").String())
	assert.Equal(t, http.StatusOK, userinfo(b, e, second.json("access_token").String()).status)

	narrower := refresh(rotated, "scope", "openid email")
	require.Equal(t, http.StatusOK, narrower.status, string(narrower.body))
	assert.Equal(t, "openid email", narrower.json("scope").String())
	wider := refresh(narrower.json("refresh_token").String(), "scope", "openid address")
	assert.Equal(t, "invalid_scope", wider.json("error").String())

	reused := refresh(original)
	assert.Equal(t, "invalid_grant", reused.json("error").String(), "a rotated refresh token is refused")
	latest := refresh(narrower.json("refresh_token").String())
	assert.Equal(t, "invalid_grant", latest.json("error").String(), "reuse revokes the whole family")
}

func userinfo(b *browser, e *env, accessToken string) response {
	return b.get(e.url("/as/userinfo"), "Authorization", "Bearer "+accessToken)
}

func TestUserinfo(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	tokens := b.signIn("user.password").tokens()
	access := tokens.json("access_token").String()

	resp := userinfo(b, e, access)
	require.Equal(t, http.StatusOK, resp.status)
	assert.Equal(t, "9ba742de-2267-4ef5-b547-4d0aa44a5a89", resp.json("sub").String())
	assert.Equal(t, "user.password", resp.json("preferred_username").String())
	assert.Equal(t, "user.password@example.com", resp.json("email").String())
	assert.Equal(t, emulator.DemoEnvironmentID, resp.json("env").String())

	post := b.postForm(e.url("/as/userinfo"), url.Values{"access_token": {access}})
	assert.Equal(t, http.StatusOK, post.status)

	bad := userinfo(b, e, "not-a-token")
	assert.Equal(t, http.StatusUnauthorized, bad.status)
	assert.Equal(t, "invalid_token", bad.json("error").String())
	assert.Contains(t, bad.header.Get("WWW-Authenticate"), "invalid_token")

	assert.Equal(t, http.StatusUnauthorized, userinfo(b, e, tokens.json("id_token").String()).status, "an ID token is not an access token")
	e.clock.Advance(time.Hour)
	assert.Equal(t, http.StatusUnauthorized, userinfo(b, e, access).status, "expired")
}

func TestIntrospectAndRevoke(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	tokens := b.signIn("user.password").tokens()
	access, refresh := tokens.json("access_token").String(), tokens.json("refresh_token").String()
	introspect := func(token string) response {
		return b.postForm(e.url("/as/introspect"), url.Values{"token": {token}, "client_id": {emulator.DemoClientID}})
	}
	revoke := func(token string) response {
		return b.postForm(e.url("/as/revoke"), url.Values{"token": {token}, "client_id": {emulator.DemoClientID}})
	}

	resp := introspect(access)
	require.Equal(t, http.StatusOK, resp.status)
	assert.True(t, resp.json("active").Bool())
	assert.Equal(t, emulator.DemoClientID, resp.json("client_id").String())
	assert.Equal(t, "9ba742de-2267-4ef5-b547-4d0aa44a5a89", resp.json("sub").String())
	assert.NotEmpty(t, resp.json("exp").Int())
	assert.True(t, introspect(refresh).json("active").Bool())
	assert.Equal(t, `{"active":false}`, string(trimNewline(introspect("garbage").body)))

	unauthenticated := b.postForm(e.url("/as/introspect"), url.Values{"token": {access}})
	assert.Equal(t, http.StatusUnauthorized, unauthenticated.status)

	assert.Equal(t, http.StatusOK, revoke("unknown-token").status, "RFC 7009: unknown tokens are not an error")
	assert.Equal(t, http.StatusOK, revoke(access).status)
	assert.False(t, introspect(access).json("active").Bool())
	assert.Equal(t, http.StatusUnauthorized, userinfo(b, e, access).status)

	assert.Equal(t, http.StatusOK, revoke(refresh).status)
	assert.False(t, introspect(refresh).json("active").Bool())
	again := b.postForm(e.url("/as/token"), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {emulator.DemoClientID}})
	assert.Equal(t, "invalid_grant", again.json("error").String())
}

func trimNewline(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		return b[:n-1]
	}
	return b
}

// TestConfidentialClient adds a web application with a client secret next to the demo SPA.
func TestConfidentialClient(t *testing.T) {
	const webID, secret = "3c1b0b8e-6a53-4d0e-9d3e-5b0c6a4f2e11", "s3cret-value"
	e := newEnv(t, func(c *emulator.Config) {
		web := c.Applications[0]
		web.ID, web.Name, web.Type = webID, "Web", "WEB_APP"
		web.TokenEndpointAuthMethod, web.ClientSecret = emulator.AuthClientSecretBasic, secret
		c.Applications = append(c.Applications, web)
	})
	b := e.browser()
	s := b.signIn("user.password", "client_id", webID)
	code := s.resume()
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {s.params.Get("redirect_uri")}, "code_verifier": {s.verifier}}

	post := form
	post.Set("client_id", webID)
	post.Set("client_secret", secret)
	resp := b.postForm(e.url("/as/token"), post)
	assert.Equal(t, http.StatusUnauthorized, resp.status, "CLIENT_SECRET_BASIC clients must use HTTP Basic")
	form.Del("client_id")
	form.Del("client_secret")

	req, err := http.NewRequest(http.MethodPost, e.url("/as/token"), nil)
	require.NoError(t, err)
	req.SetBasicAuth(webID, "wrong")
	resp = b.postForm(e.url("/as/token"), form, "Authorization", req.Header.Get("Authorization"))
	assert.Equal(t, http.StatusUnauthorized, resp.status)
	assert.Equal(t, "invalid_client", resp.json("error").String())
	assert.Contains(t, resp.header.Get("WWW-Authenticate"), "Basic")

	req.SetBasicAuth(webID, secret)
	resp = b.postForm(e.url("/as/token"), form, "Authorization", req.Header.Get("Authorization"))
	require.Equal(t, http.StatusOK, resp.status, string(resp.body))
	assert.Equal(t, webID, idTokenClaims(t, e, resp).Get("aud").String())
}

func TestNoRefreshTokenWithoutTheGrant(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) {
		c.Applications[0].GrantTypes = []string{emulator.GrantAuthorizationCode}
	})
	b := e.browser()
	tokens := b.signIn("user.password").tokens()
	assert.False(t, tokens.json("refresh_token").Exists())
	resp := b.postForm(e.url("/as/token"), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x"}, "client_id": {emulator.DemoClientID}})
	assert.Equal(t, "unsupported_grant_type", resp.json("error").String())
}

func TestRevokeIgnoresOtherClientsTokens(t *testing.T) {
	const otherID = "7e0b2f4c-5d6a-4b8c-9e1f-2a3b4c5d6e7f"
	e := newEnv(t, func(c *emulator.Config) {
		other := c.Applications[0]
		other.ID, other.Name = otherID, "Other"
		c.Applications = append(c.Applications, other)
	})
	b := e.browser()
	tokens := b.signIn("user.password").tokens()
	for _, token := range []string{tokens.json("access_token").String(), tokens.json("refresh_token").String()} {
		resp := b.postForm(e.url("/as/revoke"), url.Values{"token": {token}, "client_id": {otherID}})
		assert.Equal(t, http.StatusOK, resp.status)
	}
	assert.Equal(t, http.StatusOK, userinfo(b, e, tokens.json("access_token").String()).status)
	refreshed := b.postForm(e.url("/as/token"), url.Values{"grant_type": {"refresh_token"},
		"refresh_token": {tokens.json("refresh_token").String()}, "client_id": {emulator.DemoClientID}})
	assert.Equal(t, http.StatusOK, refreshed.status)
}
