package emulator

import (
	"net/http"
	"strings"
	"time"
)

// userinfo serves GET and POST /{envId}/as/userinfo (OIDC Core §5.3). The claims are read from
// the directory now, so a profile completed after sign-on shows up.
func (s *Server) userinfo(w http.ResponseWriter, r *http.Request) {
	token, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !found && r.Method == http.MethodPost && r.ParseForm() == nil {
		token = r.PostForm.Get("access_token") // RFC 6750 §2.2
	}
	now := s.now()
	claims, ok := s.checkAccessToken(strings.TrimSpace(token), now)
	if !ok {
		e := oauthErr(http.StatusUnauthorized, "invalid_token", "The access token is missing, invalid, expired or revoked.")
		e.challenge = `Bearer error="invalid_token"`
		writeOAuthError(w, e)
		return
	}
	s.st.mu.Lock()
	u, exists := s.st.users[claims.Subject]
	var out map[string]any
	if exists {
		out = profileClaims(u.User, claims.Scope)
	}
	s.st.mu.Unlock()
	if !exists {
		writeOAuthError(w, oauthErr(http.StatusUnauthorized, "invalid_token", "The user no longer exists."))
		return
	}
	out["sub"] = claims.Subject
	out["env"], out["org"], out["p1.region"] = claims.Env, claims.Org, claims.Region
	noStore(w)
	writeJSON(w, http.StatusOK, out)
}

// introspect serves POST /{envId}/as/introspect (RFC 7662). Access tokens are introspectable by
// any client of the environment; a refresh token only by the client it was issued to.
func (s *Server) introspect(w http.ResponseWriter, r *http.Request) {
	app, ok := s.clientRequest(w, r)
	if !ok {
		return
	}
	token := r.PostForm.Get("token")
	now := s.now()
	noStore(w)
	if c, ok := s.checkAccessToken(token, now); ok {
		writeJSON(w, http.StatusOK, map[string]any{
			"active": true, "token_type": "Bearer", "client_id": c.ClientID, "sub": c.Subject, "scope": c.Scope,
			"iss": c.Issuer, "aud": c.Audience, "iat": c.IssuedAt, "exp": c.Expiry, "jti": c.ID,
			"sid": c.SessionID, "env": c.Env, "org": c.Org, "p1.region": c.Region,
		})
		return
	}
	s.st.mu.Lock()
	rt, ok := s.st.refresh.get(token, now)
	active := ok && !rt.used && rt.clientID == app.ID
	var out map[string]any
	if active {
		out = map[string]any{"active": true, "token_type": "refresh_token", "client_id": rt.clientID, "sub": rt.userID,
			"scope": rt.scope, "iss": s.Issuer(), "exp": rt.expires.Unix(), "sid": rt.sessionID}
	}
	s.st.mu.Unlock()
	if !active {
		out = map[string]any{"active": false}
	}
	writeJSON(w, http.StatusOK, out)
}

// revoke serves POST /{envId}/as/revoke (RFC 7009). It answers 200 for unknown tokens too, so
// it reveals nothing. Revoking a refresh token revokes its whole rotation family.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	app, ok := s.clientRequest(w, r)
	if !ok {
		return
	}
	token := r.PostForm.Get("token")
	now := s.now()
	c, isAccess := s.checkAccessToken(token, now)
	s.st.mu.Lock()
	if isAccess && c.ClientID == app.ID {
		s.st.revoked.put(c.ID, revocation{expires: time.Unix(c.Expiry, 0)}, now)
	}
	if rt, ok := s.st.refresh.get(token, now); ok && rt.clientID == app.ID {
		s.revokeFamily(rt.family)
	}
	s.st.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
