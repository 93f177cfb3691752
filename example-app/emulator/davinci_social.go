package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Social sign-on in the built-in DaVinci flow (reference §7.9). The sign-on form has a
// SOCIAL_LOGIN_BUTTON per identity provider, whose links.authenticate.href starts the round trip
// (rp.go), and carries _links.continue. The browser comes back to the application with
// ?continueToken=T; the client POSTs {} to _links.continue.href with Authorization: Bearer T
// (credentials included, no interaction headers). The token is single use, bound to the
// interaction and lives five minutes; the answer is processed like any capability response:
//
//   - an identity linked to a user: that user is signed on (amr fed), with their second factor
//     if they have MFA, and the success comes back;
//   - an unlinked identity whose email address an account has: "Link Your Account" (that
//     account's username and password link it);
//   - any other: "Confirm Your Account" (a username for a new account, linked to the identity).
//
// A missing, unknown, used or expired token is 401 {"code": 1999}; an interaction that ended
// meanwhile is requestTimedOut.

// socialConnection is the connection of the social sign-on connector; _links.continue posts to it.
const socialConnection = "7c3e1f0a9b2d4e6f8a1b3c5d7e9f0a2b"

var socialNode = connector{"h3rb8xq5wn", socialConnection, "oidcConnector", "continueAuthentication"}

// continueURL is the sign-on form's _links.continue.href.
func (s *Server) continueURL() string {
	return s.envURL("/davinci/connections/" + socialConnection + "/capabilities/" + socialNode.capability)
}

// socialButtons are the sign-on form's SOCIAL_LOGIN_BUTTONs, one per identity provider; the key
// is the provider's id.
func (s *Server) socialButtons(it *interaction) []dvField {
	var out []dvField
	for _, p := range s.cfg.IdentityProviders {
		href := s.envURL("/rp/authenticate?" + url.Values{"providerId": {p.ID}, "interactionId": {it.id}}.Encode())
		out = append(out, dvField{Type: "SOCIAL_LOGIN_BUTTON", Key: p.ID, Label: "Sign in with " + p.Name,
			Links: map[string]link{"authenticate": {href}}})
	}
	return out
}

// continueAfterIdP serves the POST to _links.continue.href.
func (s *Server) continueAfterIdP(w http.ResponseWriter, r *http.Request, now time.Time) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	token = strings.TrimSpace(token)
	s.st.mu.Lock()
	g, found := s.st.continues.get(token, now)
	s.st.continues.delete(token)
	var reply dvReply
	switch {
	case r.PathValue("capabilityName") != socialNode.capability || !ok || token == "" || !found:
		reply = unauthorized()
	default:
		it, alive := s.st.interactions.get(g.interactionID, now)
		switch {
		case !alive:
			reply = timedOut(g.interactionID)
		case it.external == nil || it.screen != screenSignOn:
			reply = unauthorized()
		default:
			s.touchInteraction(it, now)
			if r.Header.Get("Origin") != "" {
				it.origin = s.pageOrigin(it.app, r)
			}
			x := it.external
			s.externalSignOnDaVinci(it, x, now)
			reply = s.outcome(it, nil, s.base+r.URL.Path, now)
		}
	}
	s.st.mu.Unlock()
	reply.write(w)
}

// externalSignOnDaVinci applies what the provider said to the interaction.
func (s *Server) externalSignOnDaVinci(it *interaction, x *externalIdentity, now time.Time) {
	if u := s.st.linkedUser(x); u != nil {
		it.external, it.user, it.notice = nil, u, ""
		it.authenticated("fed")
		s.secondFactor(it, now)
		return
	}
	it.external = x
	it.prefill = ""
	if s.st.userByEmail(x.email) != nil {
		it.screen = screenLinkAccount
		return
	}
	it.prefill = x.suggestedUsername()
	it.screen = screenConfirmAccount
}

// linkSubmit links the identity to the account whose password the person knows.
func (s *Server) linkSubmit(it *interaction, in formData, now time.Time) *dvError {
	u, derr := s.checkDaVinciPassword(in, now)
	if derr != nil {
		return derr
	}
	linkIdentity(u, it.external)
	it.external, it.user = nil, u
	it.authenticated("pwd")
	s.secondFactor(it, now)
	return nil
}

// confirmSubmit creates an account for the identity with the username the person confirms.
func (s *Server) confirmSubmit(it *interaction, in formData, now time.Time) *dvError {
	if blank := in.blanks("username"); blank != nil {
		return fieldError(createUserNode, blank...)
	}
	u, aerr := s.createExternalUser(strings.TrimSpace(in.str("username")), it.external)
	if aerr != nil {
		if aerr.status != http.StatusBadRequest {
			return connectorError(createUserNode, aerr.Code, aerr.Message, nil)
		}
		return wrapError(createUserNode, aerr)
	}
	it.external, it.user = nil, u
	it.authenticated("fed")
	s.secondFactor(it, now)
	return nil
}

// externalForm draws "Link Your Account" and "Confirm Your Account".
func (s *Server) externalForm(it *interaction, f *dvForm, values map[string]any) []dvField {
	provider := "the identity provider"
	if it.external != nil {
		provider = it.external.provider.Name
	}
	if it.screen == screenLinkAccount {
		f.Name, f.Description = "Link Your Account", "You already have an account here. Sign on to it once to link it to "+provider+"; next time "+provider+" signs you on."
		values["username"], values["password"] = "", ""
		return []dvField{textField("username", "Username"), passwordField(),
			submit("SUBMIT", "Link account"), flowButton("BACK", "Cancel")}
	}
	f.Name, f.Description = "Confirm Your Account", "Choose the username of your new account; "+provider+" will sign you on to it."
	values["username"] = it.prefill
	return []dvField{textField("username", "Username"), submit("SUBMIT", "Create account"), flowButton("BACK", "Cancel")}
}
