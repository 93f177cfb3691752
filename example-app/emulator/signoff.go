package emulator

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/go-jose/go-jose/v4/jwt"
)

// idTokenHint is the part of an ID token that signoff needs. An expired hint is still accepted,
// as PingOne does: the user may sign off long after the token's hour is up.
type idTokenHint struct {
	Issuer    string       `json:"iss"`
	Audience  jwt.Audience `json:"aud"`
	SessionID string       `json:"sid"`
}

// signoffRequest is what a signoff request asks for, once its parameters are checked.
type signoffRequest struct {
	app       *Application // from client_id or the hint's audience; nil if neither is given
	sessionID string       // from a valid hint
}

// parseSignoff reads client_id and id_token_hint. A hint that does not verify is ignored.
func (s *Server) parseSignoff(r *http.Request) signoffRequest {
	var req signoffRequest
	if r.ParseForm() != nil {
		return req
	}
	var hint idTokenHint
	if t := r.Form.Get("id_token_hint"); t != "" && s.keys.verify(t, &hint) == nil && hint.Issuer == s.Issuer() {
		req.sessionID = hint.SessionID
		if len(hint.Audience) == 1 {
			req.app = s.apps[hint.Audience[0]]
		}
	}
	if id := r.Form.Get("client_id"); id != "" {
		req.app = s.apps[id]
	}
	return req
}

func (s *Server) appFromSignoff(r *http.Request) *Application { return s.parseSignoff(r).app }

// signoff serves GET and POST /{envId}/as/signoff (OIDC RP-initiated logout). It ends the
// session named by the ST cookie, or by a valid id_token_hint's sid, together with the refresh
// tokens issued in it, and clears the cookie. It redirects only to a post_logout_redirect_uri
// registered for the application identified by client_id or the hint; any other URI is an error.
func (s *Server) signoff(w http.ResponseWriter, r *http.Request) {
	req := s.parseSignoff(r)
	target := r.Form.Get("post_logout_redirect_uri")
	if target != "" && (req.app == nil || !slices.Contains(req.app.PostLogoutRedirectURIs, target)) {
		writeAPIError(w, invalidData(invalidValue("post_logout_redirect_uri",
			"The URI is not a registered post-logout redirect URI of the application named by client_id or id_token_hint.")))
		return
	}
	now := s.now()
	s.st.mu.Lock()
	if sess, token := s.sessionFromCookie(r, now); sess != nil {
		s.endSession(token, sess)
	}
	if req.sessionID != "" {
		for token, sess := range s.st.sessions.m {
			if sess.id == req.sessionID {
				s.endSession(token, sess)
			}
		}
	}
	s.st.mu.Unlock()

	http.SetCookie(w, s.sessionCookie("", -1))
	if target == "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><title>Signed off</title><p>You are signed off.</p>\n"))
		return
	}
	if state := r.Form.Get("state"); state != "" {
		u, _ := url.Parse(target) // registered URIs are valid URLs (config validation)
		q := u.Query()
		q.Set("state", state)
		u.RawQuery = q.Encode()
		target = u.String()
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// endSession deletes a session and the refresh tokens issued in it.
func (s *Server) endSession(token string, sess *session) {
	s.st.sessions.delete(token)
	for t, rt := range s.st.refresh.m {
		if rt.sessionID == sess.id {
			s.st.refresh.delete(t)
		}
	}
}
