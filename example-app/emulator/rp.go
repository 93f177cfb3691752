package emulator

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// This file is PingOne's side of an external identity provider (idp.go plays the provider):
//
//	GET {base}/{envId}/rp/authenticate?providerId=P&flowId=F         (Flows API)
//	GET {base}/{envId}/rp/authenticate?providerId=P&interactionId=I  (DaVinci)
//	    → 302 to the provider's authorization endpoint (state, nonce, PKCE S256)
//	GET {base}/{envId}/rp/callback/{providerId}?code=&state=
//	    → the code is exchanged, the ID token checked, and the browser goes back to the
//	      application: Flows API ?flowId=F (the flow has moved on), DaVinci ?continueToken=T
//	      (POSTed with Authorization: Bearer T to the form's _links.continue.href).
//
// The round trip lasts at most 15 minutes (PingOne's limit for the external leg); its state is
// single use. A provider's error (or "Cancel") comes back as ?error=&error_description= beside
// flowId, the flow unchanged.

// externalAuthLife is how long the browser may take at the identity provider.
const externalAuthLife = 15 * time.Minute

// continueTokenLife is how long a DaVinci continueToken can be redeemed.
const continueTokenLife = 5 * time.Minute

// externalAuth is a round trip to an identity provider, named by its state parameter.
type externalAuth struct {
	provider      string
	flowID        string
	interactionID string
	nonce         string
	verifier      string
	returnTo      string // the application URL the browser comes back to, without parameters
	expires       time.Time
}

func (a *externalAuth) expiry() time.Time { return a.expires }

// continueGrant is what a DaVinci continueToken stands for: the interaction to continue.
type continueGrant struct {
	interactionID string
	expires       time.Time
}

func (g *continueGrant) expiry() time.Time { return g.expires }

// externalIdentity is who an identity provider's ID token said signed in.
type externalIdentity struct {
	provider *IdentityProvider
	subject  string
	username string
	email    string
	name     Name
}

// suggestedUsername is the username a new account for x starts with.
func (x *externalIdentity) suggestedUsername() string {
	if x.username != "" {
		return x.username
	}
	name, _, _ := strings.Cut(x.email, "@")
	return name
}

// rpAuthenticate serves GET /{envId}/rp/authenticate: the browser leaves for the provider.
func (s *Server) rpAuthenticate(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := s.provider(q.Get("providerId"))
	if p == nil {
		writeAPIError(w, invalidData(invalidValue("providerId", "There is no identity provider with this id.")))
		return
	}
	now := s.now()
	auth := &externalAuth{provider: p.ID, nonce: newSecret(), verifier: newSecret() + newSecret(), expires: now.Add(externalAuthLife)}
	var loginHint string
	s.st.mu.Lock()
	switch {
	case q.Get("flowId") != "":
		f, ok := s.st.flows.get(q.Get("flowId"), now)
		if !ok || !sameBrowser(f, r) {
			s.st.mu.Unlock()
			writeAPIError(w, notFound())
			return
		}
		if !s.flowOffers(f, p) {
			s.st.mu.Unlock()
			writeAPIError(w, invalidRequest("The flow does not offer this identity provider while it is "+f.status+"."))
			return
		}
		s.touch(f, now)
		auth.flowID, auth.returnTo, loginHint = f.id, s.flowReturnBase(f), f.loginHint
	case q.Get("interactionId") != "":
		it, ok := s.st.interactions.get(q.Get("interactionId"), now)
		if !ok {
			s.st.mu.Unlock()
			writeAPIError(w, notFound())
			return
		}
		if it.screen != screenSignOn {
			s.st.mu.Unlock()
			writeAPIError(w, invalidRequest("The interaction is not on a form that offers this identity provider."))
			return
		}
		s.touchInteraction(it, now)
		auth.interactionID, auth.returnTo = it.id, appReturnBase(it.app, it.req)
	default:
		s.st.mu.Unlock()
		writeAPIError(w, invalidData(errorDetail{Code: "REQUIRED_VALUE", Target: "flowId", Message: "flowId (or interactionId) is required."}))
		return
	}
	state := newSecret()
	s.st.externals.put(state, auth, now)
	s.st.mu.Unlock()

	sum := sha256.Sum256([]byte(auth.verifier))
	params := url.Values{
		"client_id": {s.idpClientID()}, "redirect_uri": {s.idpRedirectURI(p.ID)}, "response_type": {"code"},
		"scope": {"openid profile email"}, "state": {state}, "nonce": {auth.nonce},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"},
	}
	if loginHint != "" {
		params.Set("login_hint", loginHint)
	}
	http.Redirect(w, r, s.idpBase(p.ID)+"/authorize?"+params.Encode(), http.StatusFound)
}

// flowOffers reports whether f may go to provider p now: a sign-on step that lists it, or
// EXTERNAL_AUTHENTICATION_REQUIRED for it.
func (s *Server) flowOffers(f *flow, p *IdentityProvider) bool {
	switch f.status {
	case statusUsernamePasswordRequired, statusSignOnRequired:
		return slices.Contains(f.currentAction().SocialProviders, p.ID)
	case statusExternalAuthRequired:
		return f.idp != nil && f.idp.ID == p.ID
	}
	return false
}

// rpCallback serves GET /{envId}/rp/callback/{providerId}: the browser is back from the provider.
func (s *Server) rpCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	now := s.now()
	s.st.mu.Lock()
	auth, ok := s.st.externals.get(q.Get("state"), now)
	s.st.externals.delete(q.Get("state"))
	s.st.mu.Unlock()
	if !ok || auth.provider != r.PathValue("providerId") {
		writeAPIError(w, invalidData(invalidValue("state", "The state is unknown, used or expired: the sign-in at the identity provider took too long or was already finished.")))
		return
	}
	var x *externalIdentity
	params := url.Values{}
	switch {
	case q.Get("error") != "":
		params.Set("error", q.Get("error"))
		params.Set("error_description", q.Get("error_description"))
	default:
		var err error
		if x, err = s.exchangeAtIDP(auth, q.Get("code"), now); err != nil {
			params.Set("error", "server_error")
			params.Set("error_description", "The identity provider's answer was not accepted: "+err.Error())
		}
	}

	s.st.mu.Lock()
	var target string
	var cookie *http.Cookie
	if auth.flowID != "" {
		f, ok := s.st.flows.get(auth.flowID, now)
		if !ok {
			s.st.mu.Unlock()
			writeAPIError(w, notFound())
			return
		}
		s.touch(f, now)
		p := s.provider(auth.provider)
		switch {
		case x == nil:
		case !s.flowOffers(f, p):
			params.Set("error", "invalid_request")
			params.Set("error_description", "The flow moved on while the browser was at the identity provider.")
		default:
			s.externalSignOn(f, x, now)
		}
		params.Set("flowId", f.id)
		target, cookie = withParams(auth.returnTo, params), s.takeCookie(f)
	} else {
		it, ok := s.st.interactions.get(auth.interactionID, now)
		switch {
		case x == nil:
		case !ok || it.screen != screenSignOn:
			params.Set("error", "invalid_request")
			params.Set("error_description", "The sign-on ended or moved on while the browser was at the identity provider.")
		default:
			s.touchInteraction(it, now)
			it.external = x
			token := newSecret()
			s.st.continues.put(token, &continueGrant{interactionID: it.id, expires: now.Add(continueTokenLife)}, now)
			params.Set("continueToken", token)
		}
		target = withParams(auth.returnTo, params)
	}
	s.st.mu.Unlock()
	if cookie != nil {
		http.SetCookie(w, cookie)
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// exchangeAtIDP redeems the provider's code at its token endpoint (in process, with the
// emulator's client secret and the PKCE verifier) and checks the ID token.
func (s *Server) exchangeAtIDP(auth *externalAuth, code string, now time.Time) (*externalIdentity, error) {
	p := s.provider(auth.provider)
	resp, oerr := s.redeemIDPCode(p.ID, s.idpClientID(), s.idpSecret, url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {s.idpRedirectURI(p.ID)}, "code_verifier": {auth.verifier},
	})
	if oerr != nil {
		return nil, errors.New(oerr.Code + ": " + oerr.Description)
	}
	var claims struct {
		Issuer   string `json:"iss"`
		Subject  string `json:"sub"`
		Audience string `json:"aud"`
		Nonce    string `json:"nonce"`
		Expiry   int64  `json:"exp"`
		Email    string `json:"email"`
		Username string `json:"preferred_username"`
		Given    string `json:"given_name"`
		Family   string `json:"family_name"`
	}
	if err := s.keys.verify(resp.IDToken, &claims); err != nil {
		return nil, errors.New("the ID token's signature does not verify")
	}
	switch {
	case claims.Issuer != s.idpBase(p.ID):
		return nil, errors.New("the ID token's issuer is not the provider")
	case claims.Audience != s.idpClientID():
		return nil, errors.New("the ID token is for another client")
	case claims.Nonce != auth.nonce:
		return nil, errors.New("the ID token's nonce does not match")
	case now.Unix() >= claims.Expiry:
		return nil, errors.New("the ID token has expired")
	case claims.Subject == "":
		return nil, errors.New("the ID token has no subject")
	}
	return &externalIdentity{provider: p, subject: claims.Subject, username: claims.Username, email: claims.Email,
		name: Name{Given: claims.Given, Family: claims.Family}}, nil
}

// externalSignOn applies what the provider said to a Flows API flow: a linked user is signed on
// (and the policy goes on after its first-factor actions); an unknown identity must be linked to
// an existing account (ACCOUNT_LINKING_REQUIRED, when an account has its email address) or
// confirmed as a new one (ACCOUNT_CONFIRMATION_REQUIRED).
func (s *Server) externalSignOn(f *flow, x *externalIdentity, now time.Time) {
	f.idp, f.loginHint = nil, ""
	f.step = lastFirstFactor(f)
	if u := s.st.linkedUser(x); u != nil {
		f.user = u
		s.authenticate(f, "fed", now)
		s.next(f, now)
		return
	}
	f.user, f.external = nil, x
	if s.st.userByEmail(x.email) != nil {
		f.status = statusAccountLinkingRequired
		return
	}
	f.status = statusAccountConfirmRequired
}

// lastFirstFactor is the index of the last IDENTIFIER_FIRST or LOGIN action from the flow's
// current one: the actions an external sign-on stands for.
func lastFirstFactor(f *flow) int {
	i := f.step
	for i+1 < len(f.policy.Actions) && (f.policy.Actions[i+1].Type == ActionLogin || f.policy.Actions[i+1].Type == ActionIdentifierFirst) {
		i++
	}
	return i
}

// linkedUser is the user linked to x's account at its provider.
func (st *store) linkedUser(x *externalIdentity) *user {
	want := ExternalIdentity{ProviderID: x.provider.ID, Subject: x.subject}
	for _, u := range st.users {
		if slices.Contains(u.ExternalIdentities, want) {
			return u
		}
	}
	return nil
}

// userByEmail is a user with that email address.
func (st *store) userByEmail(email string) *user {
	if email == "" {
		return nil
	}
	for _, u := range st.users {
		if strings.EqualFold(u.Email, email) {
			return u
		}
	}
	return nil
}

// linkIdentity records that u is x's account.
func linkIdentity(u *user, x *externalIdentity) {
	u.ExternalIdentities = append(u.ExternalIdentities, ExternalIdentity{ProviderID: x.provider.ID, Subject: x.subject})
}

// confirmAccount is user.confirm: a new account for the external identity, with the username
// the person confirms ({"username": "..."}) and the provider's email and name.
func (s *Server) confirmAccount(f *flow, body []byte, now time.Time) *apiError {
	var in struct{ Username string }
	if err := decode(body, &in); err != nil {
		return err
	}
	if err := required([2]string{"username", in.Username}); err != nil {
		return err
	}
	u, aerr := s.createExternalUser(strings.TrimSpace(in.Username), f.external)
	if aerr != nil {
		return aerr
	}
	f.user, f.external = u, nil
	s.authenticate(f, "fed", now)
	s.next(f, now)
	return nil
}

// createExternalUser adds a user without a password, linked to x.
func (s *Server) createExternalUser(username string, x *externalIdentity) (*user, *apiError) {
	if s.st.userByName(username) != nil {
		return nil, invalidData(errorDetail{Code: "UNIQUENESS_VIOLATION", Target: "username", Message: "A user with this username already exists."})
	}
	if len(s.st.users) >= s.cfg.Settings.MaxUsers {
		return nil, &apiError{status: http.StatusTooManyRequests, Code: "REQUEST_LIMITED", Message: "The emulator's user limit (settings.maxUsers) is reached."}
	}
	u := newUser(User{ID: newID(), Username: username, Email: x.email, Name: x.name, PasswordStatus: PasswordOK}, s.cfg.PasswordPolicy, s.now())
	linkIdentity(u, x)
	s.st.addUser(u)
	return u, nil
}

// flowReturnBase is where the browser goes back to after the provider: the redirect URI for an
// embedded (pi.flow) sign-on, the application's sign-on page in redirect mode.
func (s *Server) flowReturnBase(f *flow) string {
	if f.req.piFlow() {
		return appReturnBase(f.app, f.req)
	}
	if f.app.LoginPageURL != "" {
		return f.app.LoginPageURL
	}
	return s.envURL("/signon/")
}

// appReturnBase is the authorization request's redirect URI, or the application's first.
func appReturnBase(app *Application, req authRequest) string {
	if req.redirectURI != "" {
		return req.redirectURI
	}
	return app.RedirectURIs[0]
}

// withParams adds query parameters to u.
func withParams(u string, params url.Values) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + params.Encode()
}

// socialProviders are the providers the flow's current sign-on step offers, with their
// authenticate links.
func (s *Server) socialProviders(f *flow) []providerView {
	var out []providerView
	for _, id := range f.currentAction().SocialProviders {
		if p := s.provider(id); p != nil {
			out = append(out, s.providerView(p, f))
		}
	}
	return out
}

// providerView shows p; with a flow, its authenticate link starts the round trip for that flow.
func (s *Server) providerView(p *IdentityProvider, f *flow) providerView {
	v := providerView{ID: p.ID, Name: p.Name, Type: p.Type}
	if f != nil {
		v.Links = map[string]link{"authenticate": {s.envURL("/rp/authenticate?" + url.Values{"providerId": {p.ID}, "flowId": {f.id}}.Encode())}}
	}
	return v
}

// discoveryProvider is the provider of the flow's IDENTIFIER_FIRST action whose discovery
// domains include the username's domain.
func (s *Server) discoveryProvider(f *flow, username string) *IdentityProvider {
	_, domain, ok := strings.Cut(strings.TrimSpace(username), "@")
	if !ok {
		return nil
	}
	for _, id := range f.currentAction().SocialProviders {
		if p := s.provider(id); p != nil && slices.ContainsFunc(p.DiscoveryDomains, func(d string) bool { return strings.EqualFold(d, domain) }) {
			return p
		}
	}
	return nil
}
