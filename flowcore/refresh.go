package flowcore

// modeRefresh: the engine renews tokens with a refresh token; no flow, no PKCE.
const modeRefresh mode = "refresh"

// Refresh asks for new tokens with a refresh token (RFC 6749 §6). The answer goes through the
// same checks as a sign-on's (the ID token's iss, aud, exp and signature), except that a
// refreshed ID token answers no request of ours, so it has no nonce to match, and may be left
// out (OpenID Connect Core §12.2). The caller checks that its sub is the signed-on one, and
// keeps its refresh token when the server sent no new one (no rotation). An idle or finished
// engine only (or one whose last refresh failed): a flow in progress is refused.
func (e *Engine) Refresh(refreshToken string) (Effect, error) {
	if e.st.Phase != phaseIdle && e.st.Phase != phaseDone && e.st.Mode != modeRefresh || refreshToken == "" {
		return Effect{}, usage("Refresh: no refresh token, or a sign-on is in progress")
	}
	e.reset(modeRefresh)
	return e.awaitToken(e.postToken("client_id=" + escape(e.cfg.ClientID) + "&grant_type=refresh_token&refresh_token=" + escape(refreshToken))), nil
}
