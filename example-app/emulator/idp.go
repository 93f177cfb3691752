package emulator

import (
	"crypto/subtle"
	_ "embed"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The emulator also plays the external OpenID Connect identity providers of its configuration
// (identityProviders), so that social sign-on and identifier-first discovery run offline. Each
// provider lives under {base}/_emulator/idp/{providerId}/ with its own users:
//
//	GET  authorize   the provider's sign-in page (authorization code flow, PKCE S256 required)
//	POST authorize   the page's form: right credentials → 302 to redirect_uri?code=&state=;
//	                 "Cancel" → 302 with error=access_denied
//	POST token       the code for an ID token (client_secret_basic or _post, PKCE verifier)
//	GET  jwks, .well-known/openid-configuration
//
// Its only client is the emulator's own PingOne side (rp.go), whose client id is the environment
// id and whose redirect URI is {base}/{envId}/rp/callback/{providerId}. The RP side exchanges the
// code through the same token logic the endpoint serves, checks the ID token's signature, issuer,
// audience, nonce and expiry, and only then believes who signed in.

// idpCodeLife is how long a provider's authorization code can be redeemed.
const idpCodeLife = time.Minute

// idpCode is an authorization code issued by a provider's sign-in page.
type idpCode struct {
	provider    string
	subject     string
	redirectURI string
	challenge   string
	nonce       string
	expires     time.Time
}

func (c *idpCode) expiry() time.Time { return c.expires }

// idpBase is the root of provider p's endpoints, which is also its issuer.
func (s *Server) idpBase(providerID string) string { return s.base + "/_emulator/idp/" + providerID }

// idpClientID is the emulator's client id at its identity providers.
func (s *Server) idpClientID() string { return s.cfg.Environment.ID }

// idpRedirectURI is where provider p sends the browser back to.
func (s *Server) idpRedirectURI(providerID string) string {
	return s.envURL("/rp/callback/" + providerID)
}

func (s *Server) provider(id string) *IdentityProvider {
	for i := range s.cfg.IdentityProviders {
		if s.cfg.IdentityProviders[i].ID == id {
			return &s.cfg.IdentityProviders[i]
		}
	}
	return nil
}

func (p *IdentityProvider) user(username string) *IdPUser {
	for i := range p.Users {
		if strings.EqualFold(p.Users[i].Username, strings.TrimSpace(username)) {
			return &p.Users[i]
		}
	}
	return nil
}

func (p *IdentityProvider) subject(sub string) *IdPUser {
	for i := range p.Users {
		if p.Users[i].Subject == sub {
			return &p.Users[i]
		}
	}
	return nil
}

//go:embed idp.html
var idpHTML string

var idpTemplate = template.Must(template.New("idp").Parse(idpHTML))

// idpRequest is a validated authorization request to a provider.
type idpRequest struct {
	provider *IdentityProvider
	params   url.Values // the request's OAuth parameters, carried through the form
}

// parseIDPRequest checks an authorization request: the provider, the emulator as client, its
// redirect URI, the code flow with PKCE S256 and a state.
func (s *Server) parseIDPRequest(r *http.Request) (idpRequest, string) {
	p := s.provider(r.PathValue("providerId"))
	if p == nil {
		return idpRequest{}, "There is no such identity provider."
	}
	q := r.Form
	switch {
	case q.Get("client_id") != s.idpClientID():
		return idpRequest{}, "Unknown client_id."
	case q.Get("redirect_uri") != s.idpRedirectURI(p.ID):
		return idpRequest{}, "The redirect_uri is not registered for this client."
	case q.Get("response_type") != "code":
		return idpRequest{}, "Only response_type=code is supported."
	case q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256":
		return idpRequest{}, "PKCE with code_challenge_method=S256 is required."
	case q.Get("state") == "":
		return idpRequest{}, "state is required."
	}
	params := url.Values{}
	for _, k := range []string{"client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "login_hint"} {
		if v := q.Get(k); v != "" {
			params.Set(k, v)
		}
	}
	return idpRequest{provider: p, params: params}, ""
}

// idpAuthorize serves GET and POST {base}/_emulator/idp/{providerId}/authorize.
func (s *Server) idpAuthorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.idpPage(w, http.StatusBadRequest, idpRequest{}, "", "The request could not be read.")
		return
	}
	req, problem := s.parseIDPRequest(r)
	if problem != "" {
		status := http.StatusBadRequest
		if s.provider(r.PathValue("providerId")) == nil {
			status = http.StatusNotFound
		}
		s.idpPage(w, status, idpRequest{}, "", problem)
		return
	}
	back := func(params url.Values) {
		params.Set("state", req.params.Get("state"))
		http.Redirect(w, r, req.params.Get("redirect_uri")+"?"+params.Encode(), http.StatusFound)
	}
	if r.Method == http.MethodGet {
		s.idpPage(w, http.StatusOK, req, req.params.Get("login_hint"), "")
		return
	}
	if r.PostForm.Get("action") == "cancel" {
		back(url.Values{"error": {"access_denied"}, "error_description": {"The user cancelled the sign-in."}})
		return
	}
	username := r.PostForm.Get("username")
	u := req.provider.user(username)
	if u == nil || subtle.ConstantTimeCompare([]byte(u.Password), []byte(r.PostForm.Get("password"))) != 1 {
		s.idpPage(w, http.StatusOK, req, username, "Wrong username or password.")
		return
	}
	code := newSecret()
	now := s.now()
	s.st.mu.Lock()
	s.st.idpCodes.put(code, &idpCode{provider: req.provider.ID, subject: u.Subject, redirectURI: req.params.Get("redirect_uri"),
		challenge: req.params.Get("code_challenge"), nonce: req.params.Get("nonce"), expires: now.Add(idpCodeLife)}, now)
	s.st.mu.Unlock()
	back(url.Values{"code": {code}})
}

// idpPage renders a provider's sign-in page (or its error page when req has no provider).
func (s *Server) idpPage(w http.ResponseWriter, status int, req idpRequest, username, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	idpTemplate.Execute(w, map[string]any{"Provider": req.provider, "Params": req.params, "Username": username, "Message": message})
}

// idpTokenResponse is a provider's token response.
type idpTokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	IDToken     string `json:"id_token"`
	Scope       string `json:"scope,omitempty"`
}

// idpToken serves POST {base}/_emulator/idp/{providerId}/token.
func (s *Server) idpToken(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, oauthErr(http.StatusBadRequest, "invalid_request", "The request could not be read."))
		return
	}
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	resp, oerr := s.redeemIDPCode(r.PathValue("providerId"), id, secret, r.PostForm)
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// redeemIDPCode is provider providerID's token endpoint: the client's credentials, the code
// (single use, bound to the redirect URI and the PKCE challenge) for a signed ID token.
func (s *Server) redeemIDPCode(providerID, clientID, secret string, form url.Values) (idpTokenResponse, *oauthError) {
	p := s.provider(providerID)
	if p == nil {
		return idpTokenResponse{}, oauthErr(http.StatusNotFound, "invalid_request", "There is no such identity provider.")
	}
	if clientID != s.idpClientID() || subtle.ConstantTimeCompare([]byte(secret), []byte(s.idpSecret)) != 1 {
		return idpTokenResponse{}, oauthErr(http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
	}
	if form.Get("grant_type") != "authorization_code" {
		return idpTokenResponse{}, oauthErr(http.StatusBadRequest, "unsupported_grant_type", "Only authorization_code is supported.")
	}
	now := s.now()
	s.st.mu.Lock()
	c, ok := s.st.idpCodes.get(form.Get("code"), now)
	s.st.idpCodes.delete(form.Get("code"))
	s.st.mu.Unlock()
	switch {
	case !ok || c.provider != p.ID:
		return idpTokenResponse{}, oauthErr(http.StatusBadRequest, "invalid_grant", "The code is invalid, expired or used.")
	case form.Get("redirect_uri") != c.redirectURI:
		return idpTokenResponse{}, oauthErr(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request.")
	case !pkceMatches(c.challenge, "S256", form.Get("code_verifier")):
		return idpTokenResponse{}, oauthErr(http.StatusBadRequest, "invalid_grant", "The code_verifier does not match the code_challenge.")
	}
	u := p.subject(c.subject)
	claims := map[string]any{
		"iss": s.idpBase(p.ID), "sub": u.Subject, "aud": clientID, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"preferred_username": u.Username,
	}
	if c.nonce != "" {
		claims["nonce"] = c.nonce
	}
	if u.Email != "" {
		claims["email"], claims["email_verified"] = u.Email, true
	}
	if u.Name.Given != "" {
		claims["given_name"] = u.Name.Given
	}
	if u.Name.Family != "" {
		claims["family_name"] = u.Name.Family
	}
	idToken, err := s.keys.sign(claims)
	if err != nil {
		return idpTokenResponse{}, oauthErr(http.StatusInternalServerError, "server_error", err.Error())
	}
	return idpTokenResponse{AccessToken: newSecret(), TokenType: "Bearer", ExpiresIn: 300, IDToken: idToken, Scope: "openid profile email"}, nil
}

// idpDiscovery serves GET {base}/_emulator/idp/{providerId}/.well-known/openid-configuration.
func (s *Server) idpDiscovery(w http.ResponseWriter, r *http.Request) {
	p := s.provider(r.PathValue("providerId"))
	if p == nil {
		writeAPIError(w, notFound())
		return
	}
	base := s.idpBase(p.ID)
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer": base, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
		"jwks_uri": base + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"scopes_supported":                      []string{"openid", "profile", "email"},
	})
}
