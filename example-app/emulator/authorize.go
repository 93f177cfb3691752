package emulator

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// authRequest is a validated authorization request (RFC 6749 §4.1.1 plus PKCE and OIDC).
type authRequest struct {
	redirectURI  string // empty only in pi.flow mode
	responseMode string // query, fragment or pi.flow
	scope        string
	state        string
	nonce        string
	challenge    string
	method       string         // S256 or plain
	prompt       string         // "", login, none or consent (which changes nothing)
	maxAge       int            // -1 when absent
	policy       *SignOnPolicy  // nil for an application with a DaVinci flow policy
	davinci      *DaVinciPolicy // set instead of policy for such an application
	origin       string         // the page's origin (Server.pageOrigin)
}

func (r authRequest) piFlow() bool { return r.responseMode == "pi.flow" }

// supportedScopes are the OpenID Connect scopes the emulator knows; others are invalid_scope.
var supportedScopes = []string{"openid", "profile", "email", "address", "phone", "offline_access"}

// authorize serves GET and POST /{envId}/as/authorize. Parameters come from the query or a
// form body (the JS SDKs use both). Errors about the client or the redirect URI are answered
// directly, because redirecting to an unverified URI would make the emulator an open
// redirector; later errors go back to the application as OAuth errors.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeAPIError(w, invalidRequest("The request parameters could not be parsed."))
		return
	}
	req, app, aerr := s.authorizeClient(r.Form)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if oerr := s.parseAuthorize(&req, app, r.Form); oerr != nil {
		s.authorizeError(w, r, req, oerr)
		return
	}
	req.origin = s.pageOrigin(app, r)
	if req.davinci != nil {
		s.authorizeDaVinci(w, r, req, app)
		return
	}
	now := s.now()
	s.st.mu.Lock()
	sess, token := s.sessionFromCookie(r, now)
	sso := sess != nil && req.prompt != "login" && sess.policies[req.policy.Name] &&
		(req.maxAge < 0 || now.Sub(sess.authTime) <= seconds(req.maxAge)) && s.st.users[sess.userID] != nil
	if req.prompt == "none" && !sso {
		s.st.mu.Unlock()
		s.authorizeError(w, r, req, oauthErr(http.StatusBadRequest, "login_required", "The user is not signed on and prompt=none was requested."))
		return
	}
	var f *flow
	var view flowView
	var code string
	if sso {
		f = &flow{id: newID(), app: app, policy: req.policy, req: req, createdAt: now, user: s.st.users[sess.userID],
			methods: slices.Clone(sess.methods), session: sess, sessionToken: token, status: statusCompleted}
		s.touch(f, now)
		code = s.mintCode(f, now)
		view = s.view(f)
		view.AuthorizeResponse = &authorizeResponse{Code: code, State: req.state}
	} else {
		f = s.newFlow(app, req, now)
		f.browser = s.browserOf(w, r)
		view = s.view(f)
	}
	s.st.mu.Unlock()

	switch {
	case req.piFlow():
		writeJSON(w, http.StatusOK, view)
	case sso:
		http.Redirect(w, r, redirectWith(req, url.Values{"code": {code}}), http.StatusFound)
	default:
		http.Redirect(w, r, view.Links["signOnPage"].Href, http.StatusFound)
	}
}

// authorizeClient checks client_id and redirect_uri. It returns PingOne error bodies, never a
// redirect. pi.flow requests may omit redirect_uri, as PingOne documents.
func (s *Server) authorizeClient(q url.Values) (authRequest, *Application, *apiError) {
	req := authRequest{redirectURI: q.Get("redirect_uri"), responseMode: q.Get("response_mode"), state: q.Get("state")}
	app := s.apps[q.Get("client_id")]
	if app == nil {
		return req, nil, invalidData(invalidValue("client_id", "No application with this client_id exists in the environment."))
	}
	if req.redirectURI == "" && !req.piFlow() {
		return req, nil, invalidData(errorDetail{Code: "REQUIRED_VALUE", Target: "redirect_uri", Message: "redirect_uri is required."})
	}
	if req.redirectURI != "" && !slices.Contains(app.RedirectURIs, req.redirectURI) {
		return req, nil, invalidData(invalidValue("redirect_uri", "Redirect URI mismatch: "+req.redirectURI+" is not registered for the application."))
	}
	return req, app, nil
}

var challengePattern = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// parseAuthorize checks the remaining parameters against the application's settings.
func (s *Server) parseAuthorize(req *authRequest, app *Application, q url.Values) *oauthError {
	bad := func(code, description string) *oauthError { return oauthErr(http.StatusBadRequest, code, description) }
	if req.responseMode == "" {
		req.responseMode = "query"
	}
	if !slices.Contains([]string{"query", "fragment", "pi.flow"}, req.responseMode) {
		req.responseMode = "query" // report the bad response_mode in the default one
		return bad("invalid_request", "response_mode must be query, fragment or pi.flow.")
	}
	if q.Get("response_type") != "code" {
		return bad("unsupported_response_type", "Only response_type=code is supported.")
	}
	req.scope = strings.Join(strings.Fields(q.Get("scope")), " ")
	if req.scope == "" {
		return bad("invalid_scope", "scope is required.")
	}
	for _, sc := range strings.Fields(req.scope) {
		if !slices.Contains(supportedScopes, sc) {
			return bad("invalid_scope", "Unsupported scope "+sc+".")
		}
	}
	req.nonce = q.Get("nonce")
	if oerr := parsePKCE(req, app, q); oerr != nil {
		return oerr
	}
	req.prompt = q.Get("prompt")
	if !slices.Contains([]string{"", "login", "none", "consent"}, req.prompt) {
		return bad("invalid_request", "prompt must be login, none or consent.")
	}
	req.maxAge = -1
	if v := q.Get("max_age"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return bad("invalid_request", "max_age must be a non-negative number of seconds.")
		}
		req.maxAge = n
	}
	if app.DaVinciPolicy != nil {
		// acr_values may name the application's DaVinci flow policy by id, nothing else.
		if acr := q.Get("acr_values"); acr != "" && !slices.Contains(strings.Fields(acr), app.DaVinciPolicy.ID) {
			return bad("invalid_request", "acr_values names no DaVinci flow policy of this application.")
		}
		req.davinci = app.DaVinciPolicy
		return nil
	}
	req.policy = s.policies[app.SignOnPolicies[0]]
	if acr := q.Get("acr_values"); acr != "" {
		i := slices.IndexFunc(strings.Fields(acr), func(name string) bool { return slices.Contains(app.SignOnPolicies, name) })
		if i < 0 {
			return bad("invalid_request", "acr_values names no sign-on policy of this application.")
		}
		req.policy = s.policies[strings.Fields(acr)[i]]
	}
	return nil
}

// parsePKCE applies the application's pkceEnforcement (RFC 7636 §4.3).
func parsePKCE(req *authRequest, app *Application, q url.Values) *oauthError {
	bad := func(description string) *oauthError {
		return oauthErr(http.StatusBadRequest, "invalid_request", description)
	}
	req.challenge, req.method = q.Get("code_challenge"), q.Get("code_challenge_method")
	if req.challenge == "" {
		if req.method != "" {
			return bad("code_challenge_method was sent without code_challenge.")
		}
		if app.PKCEEnforcement != PKCEOptional {
			return bad("code_challenge is required by this application.")
		}
		return nil
	}
	if req.method == "" {
		req.method = "plain"
	}
	if req.method != "S256" && req.method != "plain" {
		return bad("code_challenge_method must be S256 or plain.")
	}
	if app.PKCEEnforcement == PKCES256Required && req.method != "S256" {
		return bad("This application requires code_challenge_method=S256.")
	}
	if !challengePattern.MatchString(req.challenge) {
		return bad("code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-].")
	}
	return nil
}

// authorizeError reports an error after the client and redirect URI were verified: a redirect
// to the application in redirect mode, a PingOne error body in pi.flow mode (whose first
// detail carries the OAuth error code, which is what the JS SDK reads).
func (s *Server) authorizeError(w http.ResponseWriter, r *http.Request, req authRequest, e *oauthError) {
	if req.piFlow() {
		writeAPIError(w, invalidData(errorDetail{Code: e.Code, Message: e.Description}))
		return
	}
	http.Redirect(w, r, redirectWith(req, url.Values{"error": {e.Code}, "error_description": {e.Description}}), http.StatusFound)
}

// redirectWith builds the response to the application's redirect URI, adding state, in the
// query or the fragment according to the response mode.
func redirectWith(req authRequest, params url.Values) string {
	if req.state != "" {
		params.Set("state", req.state)
	}
	if req.responseMode == "fragment" {
		return req.redirectURI + "#" + params.Encode()
	}
	sep := "?"
	if strings.Contains(req.redirectURI, "?") {
		sep = "&"
	}
	return req.redirectURI + sep + params.Encode()
}

// resume serves GET /{envId}/as/resume?flowId=. A completed flow becomes an authorization
// code, provided the browser presents the flow's ST cookie: the flow id alone (which travels in
// URLs) is not enough to obtain a code. Resume consumes the flow.
func (s *Server) resume(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	s.st.mu.Lock()
	f, ok := s.st.flows.get(r.URL.Query().Get("flowId"), now)
	if !ok {
		s.st.mu.Unlock()
		writeAPIError(w, notFound())
		return
	}
	s.refresh(f, now)
	switch f.status {
	case statusCompleted:
		if _, token := s.sessionFromCookie(r, now); token == "" || token != f.sessionToken {
			s.st.mu.Unlock()
			writeAPIError(w, &apiError{status: http.StatusForbidden, Code: "ACCESS_FAILED",
				Message: "The request does not carry the session cookie (ST) of this flow."})
			return
		}
	case statusFailed: // reported to the application below
	default:
		view := s.view(f)
		s.st.mu.Unlock()
		if f.req.piFlow() {
			writeAPIError(w, invalidRequest("The flow is not completed; it is "+view.Status+"."))
			return
		}
		http.Redirect(w, r, view.Links["signOnPage"].Href, http.StatusFound)
		return
	}
	s.st.flows.delete(f.id)
	view := s.view(f)
	var code string
	if f.status == statusCompleted {
		code = s.mintCode(f, now)
		view.AuthorizeResponse = &authorizeResponse{Code: code, State: f.req.state}
	}
	s.st.mu.Unlock()

	switch {
	case f.req.piFlow():
		writeJSON(w, http.StatusOK, view)
	case code != "":
		http.Redirect(w, r, redirectWith(f.req, url.Values{"code": {code}}), http.StatusFound)
	default:
		http.Redirect(w, r, redirectWith(f.req, url.Values{"error": {"access_denied"}, "error_description": {f.failure.Message}}), http.StatusFound)
	}
}

// codeLife is how long an authorization code can be redeemed.
const codeLife = 60 * time.Second

// mintCode issues a single-use authorization code for a completed flow.
func (s *Server) mintCode(f *flow, now time.Time) string {
	return s.issueCode(f.app, f.req, f.user.ID, f.session, f.policy.Name, f.methods, now)
}

// issueCode issues a single-use authorization code for an authorization request that ended
// in session sess; acr is the policy that was satisfied and methods how (for amr). Both the
// Flows API and DaVinci sign-ons end here.
func (s *Server) issueCode(app *Application, req authRequest, userID string, sess *session, acr string, methods []string, now time.Time) string {
	code := newID()
	s.st.codes.put(code, &authCode{
		redirectURI: req.redirectURI, challenge: req.challenge, method: req.method, nonce: req.nonce,
		grant: grant{
			clientID: app.ID, userID: userID, sessionID: sess.id, scope: req.scope,
			authTime: sess.authTime, acr: acr, amr: amr(methods),
		},
		expires: now.Add(codeLife),
	}, now)
	return code
}

// amr turns the methods used into the amr claim (RFC 8176), adding "mfa" when two or more
// different methods were used.
func amr(methods []string) []string {
	out := slices.Clone(methods)
	if len(methods) > 1 {
		out = append(out, "mfa")
	}
	return out
}

// appFromClientID names the application an authorize request is for (for CORS).
func (s *Server) appFromClientID(r *http.Request) *Application {
	if r.ParseForm() != nil {
		return nil
	}
	return s.apps[r.Form.Get("client_id")]
}
