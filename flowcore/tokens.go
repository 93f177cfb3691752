package flowcore

import (
	"encoding/base64"
	"strings"
	"time"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// Tokens is the result of a sign-on.
type Tokens struct {
	AccessToken  string `json:"accessToken"`
	TokenType    string `json:"tokenType"`
	IDToken      string `json:"idToken,omitempty"`
	RefreshToken string `json:"refreshToken,omitempty"`
	Scope        string `json:"scope,omitempty"`
	ExpiresIn    int64  `json:"expiresIn,omitempty"`
	// ExpiresAt is when the access token expires, in milliseconds since the Unix epoch (the
	// scale of JavaScript's Date.now()); zero when the server gave no expires_in.
	ExpiresAt int64 `json:"expiresAt,omitempty"`
	// Claims are the ID token's claims, verbatim. Its iss, aud, nonce and exp have been checked, and
	// its signature (RS256 or ES256) against the environment's JWKS, by the host's WebCrypto.
	Claims RawJSON `json:"claims,omitempty"`
}

// tokenRequest is the RFC 6749 §4.1.3 authorization_code request with the RFC 7636 verifier.
func (e *Engine) tokenRequest(code string) *Request {
	return e.postToken(params{
		"grant_type":    "authorization_code",
		"code":          code,
		"redirect_uri":  e.cfg.RedirectURI,
		"client_id":     e.cfg.ClientID,
		"code_verifier": e.st.Verifier,
	}.encode())
}

// postToken is a POST of the form body to the token endpoint.
func (e *Engine) postToken(body string) *Request {
	return &Request{
		Method: "POST", URL: e.cfg.base() + "/as/token",
		Headers:     map[string]string{"Content-Type": mediaForm, "Accept": mediaJSON},
		Body:        body,
		Credentials: credsOmit, Purpose: "token", Sensitive: true,
	}
}

// parseTokens reads the token response and checks the ID token's claims.
func (e *Engine) parseTokens(r Response) (*Tokens, *Error) {
	if !fjson.Valid(r.Body) || !fjson.Parse(r.Body).IsObject() {
		return nil, newError(CodeMalformedResponse, ClassProtocol, "the token response is not a JSON object")
	}
	var m [6]fjson.Result
	fjson.Parse(r.Body).Members(m[:], "access_token", "token_type", "id_token", "refresh_token", "scope", "expires_in")
	access, exp := m[0], m[5]
	t := &Tokens{
		AccessToken: access.String(), TokenType: m[1].String(),
		IDToken: m[2].String(), RefreshToken: m[3].String(),
		Scope: m[4].String(),
	}
	if t.AccessToken == "" || access.Type != fjson.String {
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "the token response has no access_token")
	}
	if !strings.EqualFold(t.TokenType, "Bearer") && !strings.EqualFold(t.TokenType, "DPoP") {
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "token_type %q is not Bearer", t.TokenType)
	}
	now := e.opts.Now()
	if exp.Exists() {
		if exp.Type != fjson.Number || exp.Int() < 0 {
			return nil, newError(CodeUnexpectedResponse, ClassProtocol, "expires_in is not a number of seconds")
		}
		t.ExpiresIn = exp.Int()
		t.ExpiresAt = now.Add(time.Duration(t.ExpiresIn) * time.Second).UnixMilli()
	}
	if t.IDToken != "" {
		claims, err := e.checkIDToken(t.IDToken, now.UnixMilli())
		if err != nil {
			return nil, err
		}
		t.Claims = claims
	} else if e.st.Mode != modeRefresh && strings.Contains(" "+e.cfg.scope()+" ", " openid ") {
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "scope has openid but the token response has no id_token")
	}
	return t, nil
}

// checkIDToken decodes the JWT payload and checks iss, aud, nonce and exp (OpenID Connect Core
// §3.1.3.7, items 2, 3, 9 and 11). The signature is checked afterwards (jwt.go).
func (e *Engine) checkIDToken(tok string, nowMS int64) (RawJSON, *Error) {
	bad := func(format string, args ...any) *Error {
		return newError(CodeIDTokenInvalid, ClassProtocol, "ID token: "+format, args...)
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, bad("not a compact JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil || !fjson.ValidBytes(payload) {
		return nil, bad("payload is not base64url JSON")
	}
	c := fjson.ParseBytes(payload)
	if !c.IsObject() {
		return nil, bad("payload is not a JSON object")
	}
	var m [4]fjson.Result
	c.Members(m[:], "iss", "aud", "nonce", "exp")
	if iss := m[0].String(); iss != e.cfg.Issuer() {
		return nil, bad("iss %q is not the issuer %q", iss, e.cfg.Issuer())
	}
	aud := m[1]
	audOK := aud.Type == fjson.String && aud.Str == e.cfg.ClientID
	aud.ForEach(func(_, a fjson.Result) bool {
		audOK = audOK || a.String() == e.cfg.ClientID
		return !audOK
	})
	if !audOK {
		return nil, bad("aud %s does not contain the client id %q", aud.Raw, e.cfg.ClientID)
	}
	// A refreshed ID token answers no request of ours: it has no nonce to match (OIDC Core §12.2).
	if nonce := m[2].String(); nonce != e.st.Nonce && e.st.Mode != modeRefresh {
		return nil, bad("nonce does not match the one sent")
	}
	exp := m[3]
	if exp.Type != fjson.Number {
		return nil, bad("exp is missing")
	}
	if nowMS >= exp.Int()*1000+e.opts.ClockSkew.Milliseconds() {
		return nil, bad("expired at %d (Unix time)", exp.Int())
	}
	return RawJSON(payload), nil
}

// SignoffURL is the OpenID Connect RP-initiated logout URL, {issuer}/signoff, which ends the
// PingOne session. idTokenHint defaults to this engine's ID token; postLogoutRedirectURI must be
// registered on the application; empty parameters are left out.
func (e *Engine) SignoffURL(idTokenHint, postLogoutRedirectURI, state string) string {
	if idTokenHint == "" && e.tokens != nil {
		idTokenHint = e.tokens.IDToken
	}
	q := ""
	add := func(k, v string) {
		if v != "" {
			q += "&" + k + "=" + escape(v)
		}
	}
	add("id_token_hint", idTokenHint)
	add("post_logout_redirect_uri", postLogoutRedirectURI)
	add("state", state)
	if q == "" {
		return e.cfg.Issuer() + "/signoff"
	}
	return e.cfg.Issuer() + "/signoff?" + q[1:]
}
