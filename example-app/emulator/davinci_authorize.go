package emulator

import (
	"net/http"
	"net/url"
)

// authorizeDaVinci answers a valid authorization request for an application with a DaVinci flow
// policy:
//
//   - a live SSO session (the ST cookie, whichever application or protocol started it) completes
//     at once unless prompt=login or max_age says otherwise, as a DaVinci flow's session check
//     does: the success object in pi.flow mode, a redirect with the code in redirect mode.
//   - prompt=none without such a session is login_required.
//   - redirect mode otherwise has nowhere to go (no hosted DaVinci pages): 400.
//   - pi.flow otherwise starts an interaction and returns its first form, with the
//     interactionId and interactionToken cookies — only with X-Requested-With: ping-sdk. Without
//     it PingOne would render that form as DaVinci's HTML, which the emulator does not have: 400,
//     with a message saying what to send.
//
// The header matters only when there is a form to show. A session that completes the flow at once,
// and prompt=none, which never shows one, answer in JSON whoever asks: PingOne's "DaVinci
// non-redirect flow" page says a pi.flow request whose flow has no UI gets the JSON with the code,
// and Ping's oidc-client sends its background (prompt=none, pi.flow) authorize without the header
// (reference §2.1, §2.3, §7.2).
func (s *Server) authorizeDaVinci(w http.ResponseWriter, r *http.Request, req authRequest, app *Application) {
	now := s.now()
	s.st.mu.Lock()
	sess, token := s.sessionFromCookie(r, now)
	sso := sess != nil && req.prompt != "login" && (req.maxAge < 0 || now.Sub(sess.authTime) <= seconds(req.maxAge)) &&
		s.st.users[sess.userID] != nil
	var reply dvReply
	switch {
	case sso:
		self := s.envURL("/davinci/connections/" + successNode.connection + "/capabilities/" + successNode.capability)
		reply = s.success(newID(), app, req, sess.userID, sess, token, self, now)
	case req.prompt == "none":
		s.st.mu.Unlock()
		s.authorizeError(w, r, req, oauthErr(http.StatusBadRequest, "login_required", "The user is not signed on and prompt=none was requested."))
		return
	case !req.piFlow():
		s.st.mu.Unlock()
		writeAPIError(w, invalidRequest("This application signs on with a DaVinci flow policy, which the emulator serves "+
			"in response_mode=pi.flow only (it has no hosted DaVinci pages)."))
		return
	case !fromSDK(r):
		s.st.mu.Unlock()
		writeAPIError(w, invalidRequest("This application signs on with a DaVinci flow policy: send X-Requested-With: ping-sdk "+
			"to receive its forms as JSON (the emulator has no HTML DaVinci pages)."))
		return
	default:
		reply = s.formReply(s.newInteraction(app, req, now))
	}
	s.st.mu.Unlock()

	if !req.piFlow() {
		code := reply.body.(successView).AuthorizeResponse.Code
		http.Redirect(w, r, redirectWith(req, url.Values{"code": {code}}), http.StatusFound)
		return
	}
	reply.write(w)
}
