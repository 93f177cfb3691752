package emulator

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// grant is what a set of tokens asserts: who signed in, how, when, and for which client and
// scopes. Codes and refresh tokens carry one.
type grant struct {
	clientID  string
	userID    string
	sessionID string
	scope     string
	authTime  time.Time
	acr       string
	amr       []string
}

// authCode is an authorization code. Used codes are kept until they expire so that a second
// redemption can be detected and the tokens of the first revoked (RFC 6749 §4.1.2).
type authCode struct {
	grant
	redirectURI string
	challenge   string
	method      string
	nonce       string
	expires     time.Time
	used        bool
	accessJTI   string
	refresh     string
}

func (c *authCode) expiry() time.Time { return c.expires }

// refreshToken is an opaque refresh token. Each use rotates it; the used one is kept until it
// expires so that its reuse (a sign of theft) revokes the whole family.
type refreshToken struct {
	grant
	family  string
	expires time.Time
	used    bool
}

func (t *refreshToken) expiry() time.Time { return t.expires }

type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	Scope        string `json:"scope"`
	IDToken      string `json:"id_token,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// token serves POST /{envId}/as/token for the authorization_code and refresh_token grants.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	app, ok := s.clientRequest(w, r)
	if !ok {
		return
	}
	grantType := r.PostForm.Get("grant_type")
	var resp tokenResponse
	var oerr *oauthError
	switch {
	case grantType == "authorization_code" && slices.Contains(app.GrantTypes, GrantAuthorizationCode):
		resp, oerr = s.exchangeCode(app, r)
	case grantType == "refresh_token" && slices.Contains(app.GrantTypes, GrantRefreshToken):
		resp, oerr = s.refreshGrant(app, r)
	default:
		oerr = oauthErr(http.StatusBadRequest, "unsupported_grant_type", "The application does not support grant_type "+grantType+".")
	}
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, resp)
}

// exchangeCode redeems an authorization code. The checks and the bookkeeping happen under the
// lock; the (slow) signing happens outside it with token ids chosen beforehand, so a
// concurrent second redemption can revoke what the first one is still signing.
func (s *Server) exchangeCode(app *Application, r *http.Request) (tokenResponse, *oauthError) {
	now := s.now()
	s.st.mu.Lock()
	c, u, oerr := s.redeem(app, r.PostForm, now)
	s.st.mu.Unlock()
	if oerr != nil {
		return tokenResponse{}, oerr
	}
	return s.tokens(c.grant, u, c.accessJTI, c.nonce, c.refresh, now)
}

// redeem validates and uses up a code; the caller holds the lock.
func (s *Server) redeem(app *Application, form url.Values, now time.Time) (*authCode, User, *oauthError) {
	invalid := func(description string) (*authCode, User, *oauthError) {
		return nil, User{}, oauthErr(http.StatusBadRequest, "invalid_grant", description)
	}
	c, ok := s.st.codes.get(form.Get("code"), now)
	switch {
	case !ok || c.clientID != app.ID:
		return invalid("The authorization code is invalid or has expired.")
	case c.used:
		s.revokeCode(c, now)
		return invalid("The authorization code has already been used; the tokens issued for it are revoked.")
	case form.Get("redirect_uri") != c.redirectURI:
		return invalid("redirect_uri does not match the authorization request.")
	case !pkceMatches(c.challenge, c.method, form.Get("code_verifier")):
		return invalid("code_verifier does not match the code_challenge.")
	}
	u, ok := s.st.users[c.userID]
	if !ok {
		return invalid("The user no longer exists.")
	}
	c.used = true
	c.accessJTI = newID()
	c.refresh = s.storeRefresh(app, c.grant, newID(), now)
	return c, u.User, nil
}

// pkceMatches verifies code_verifier (RFC 7636 §4.6). A code issued without a challenge must be
// redeemed without a verifier.
func pkceMatches(challenge, method, verifier string) bool {
	if challenge == "" {
		return verifier == ""
	}
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		verifier = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(challenge), []byte(verifier)) == 1
}

// revokeCode revokes the tokens issued for a code that is being replayed.
func (s *Server) revokeCode(c *authCode, now time.Time) {
	if c.accessJTI != "" {
		s.st.revoked.put(c.accessJTI, revocation{now.Add(seconds(s.cfg.Settings.AccessTokenLifetimeSeconds))}, now)
	}
	if rt, ok := s.st.refresh.get(c.refresh, now); ok {
		s.revokeFamily(rt.family)
	}
}

// storeRefresh records a new refresh token if the application may refresh, and returns it.
func (s *Server) storeRefresh(app *Application, g grant, family string, now time.Time) string {
	if !slices.Contains(app.GrantTypes, GrantRefreshToken) {
		return ""
	}
	token := newSecret()
	s.st.refresh.put(token, &refreshToken{grant: g, family: family,
		expires: now.Add(seconds(s.cfg.Settings.RefreshTokenLifetimeSeconds))}, now)
	return token
}

func (s *Server) revokeFamily(family string) {
	for token, rt := range s.st.refresh.m {
		if rt.family == family {
			s.st.refresh.delete(token)
		}
	}
}

// refreshGrant exchanges a refresh token for new tokens and a new refresh token.
func (s *Server) refreshGrant(app *Application, r *http.Request) (tokenResponse, *oauthError) {
	now := s.now()
	s.st.mu.Lock()
	g, u, next, oerr := s.rotate(app, r.PostForm, now)
	s.st.mu.Unlock()
	if oerr != nil {
		return tokenResponse{}, oerr
	}
	return s.tokens(g, u, newID(), "", next, now)
}

// rotate uses up a refresh token and stores its successor; the caller holds the lock. A
// narrower scope may be asked for, never a wider one.
func (s *Server) rotate(app *Application, form url.Values, now time.Time) (grant, User, string, *oauthError) {
	invalid := func(code, description string) (grant, User, string, *oauthError) {
		return grant{}, User{}, "", oauthErr(http.StatusBadRequest, code, description)
	}
	rt, ok := s.st.refresh.get(form.Get("refresh_token"), now)
	switch {
	case !ok || rt.clientID != app.ID:
		return invalid("invalid_grant", "The refresh token is invalid, expired or revoked.")
	case rt.used:
		s.revokeFamily(rt.family)
		return invalid("invalid_grant", "The refresh token was already used; its successors are revoked.")
	}
	g := rt.grant
	if scope := strings.Fields(form.Get("scope")); len(scope) > 0 {
		for _, sc := range scope {
			if !slices.Contains(strings.Fields(g.scope), sc) {
				return invalid("invalid_scope", "The scope "+sc+" was not granted originally.")
			}
		}
		g.scope = strings.Join(scope, " ")
	}
	u, ok := s.st.users[g.userID]
	if !ok {
		return invalid("invalid_grant", "The user no longer exists.")
	}
	rt.used = true
	return g, u.User, s.storeRefresh(app, g, rt.family, now), nil
}

// tokens signs the access and ID tokens of a grant.
func (s *Server) tokens(g grant, u User, jti, nonce, refresh string, now time.Time) (tokenResponse, *oauthError) {
	lifetime := s.cfg.Settings.AccessTokenLifetimeSeconds
	access, err := s.keys.sign(s.accessClaims(g, jti, now))
	if err != nil {
		return tokenResponse{}, oauthErr(http.StatusInternalServerError, "server_error", "Signing failed.")
	}
	resp := tokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: lifetime, Scope: g.scope, RefreshToken: refresh}
	if slices.Contains(strings.Fields(g.scope), "openid") {
		if resp.IDToken, err = s.keys.sign(s.idClaims(g, u, nonce, access, now)); err != nil {
			return tokenResponse{}, oauthErr(http.StatusInternalServerError, "server_error", "Signing failed.")
		}
	}
	return resp, nil
}

// clientRequest reads the form of a client's back-channel request (token, introspect, revoke)
// and authenticates the client; on failure it has answered with the OAuth error.
func (s *Server) clientRequest(w http.ResponseWriter, r *http.Request) (*Application, bool) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, oauthErr(http.StatusBadRequest, "invalid_request", "The body must be application/x-www-form-urlencoded."))
		return nil, false
	}
	app, oerr := s.authenticateClient(r)
	if oerr != nil {
		writeOAuthError(w, oerr)
		return nil, false
	}
	return app, true
}

// authenticateClient identifies the calling application by its tokenEndpointAuthMethod:
// client_id alone for public clients (NONE), HTTP Basic or client_secret in the body for
// confidential ones.
func (s *Server) authenticateClient(r *http.Request) (*Application, *oauthError) {
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	app := s.apps[id]
	unauthorized := oauthErr(http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
	if basic {
		unauthorized.challenge = `Basic realm="` + s.Issuer() + `"`
	}
	if app == nil {
		return nil, unauthorized
	}
	var methodOK bool
	switch app.TokenEndpointAuthMethod {
	case AuthNone:
		return app, nil
	case AuthClientSecretBasic:
		methodOK = basic
	case AuthClientSecretPost:
		methodOK = !basic
	}
	if !methodOK || subtle.ConstantTimeCompare([]byte(secret), []byte(app.ClientSecret)) != 1 {
		return nil, unauthorized
	}
	return app, nil
}
