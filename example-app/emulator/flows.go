package emulator

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"
)

// flow serves GET and POST /{envId}/flows/{flowId}. Both count as activity and so push the
// flow's expiry back.
func (s *Server) flow(w http.ResponseWriter, r *http.Request) {
	var action string
	var body []byte
	if r.Method == http.MethodPost {
		var ok bool
		if action, ok = actionFromMediaType(r.Header.Get("Content-Type")); !ok {
			writeAPIError(w, &apiError{status: http.StatusUnsupportedMediaType, Code: "UNSUPPORTED_MEDIA_TYPE",
				Message: "The media type is not supported. Use application/vnd.pingidentity.<action>+json with an action from the flow's _links."})
			return
		}
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			writeAPIError(w, invalidRequest("The request body could not be read."))
			return
		}
	}
	now := s.now()
	s.st.mu.Lock()
	f, ok := s.st.flows.get(r.PathValue("flowId"), now)
	if !ok || !sameBrowser(f, r) {
		s.st.mu.Unlock()
		writeAPIError(w, notFound()) // another browser's flow is as unknown as a made-up id
		return
	}
	s.refresh(f, now)
	s.touch(f, now)
	if r.Header.Get("Origin") != "" {
		f.origin = s.pageOrigin(f.app, r)
	}
	var aerr *apiError
	if r.Method == http.MethodPost {
		aerr = s.act(f, action, body, now)
	}
	view, cookie := s.view(f), s.takeCookie(f)
	if cookie == nil {
		cookie = s.restoreCookie(f, r, now)
	}
	s.st.mu.Unlock()

	if cookie != nil {
		http.SetCookie(w, cookie)
	}
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	writeJSON(w, http.StatusOK, view)
}

// actionFromMediaType reads the action out of application/vnd.pingidentity.<action>+json,
// accepting the form without +json and media-type parameters such as charset.
func actionFromMediaType(contentType string) (string, bool) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", false
	}
	name, ok := strings.CutPrefix(mt, "application/vnd.pingidentity.")
	if !ok {
		return "", false
	}
	action, ok := knownActions[strings.TrimSuffix(name, "+json")]
	return action, ok
}

// act runs a Flows API action. An error leaves the flow's status as it was, so the page can
// show the error on the same step.
func (s *Server) act(f *flow, action string, body []byte, now time.Time) *apiError {
	if !slices.Contains(offered(f), action) {
		return invalidRequest("The action " + action + " is not available while the flow is " + f.status + ".")
	}
	return flowActions[action](s, f, body, now)
}

// flowActions implements each action. Body-less actions ignore the body.
var flowActions = map[string]func(*Server, *flow, []byte, time.Time) *apiError{
	actResetSession:     (*Server).resetSession,
	actCheckPassword:    (*Server).checkPassword,
	actLookup:           (*Server).lookup,
	actForgotPassword:   (*Server).forgotPassword,
	actSendRecovery:     (*Server).sendRecoveryCode,
	actRecoverPassword:  (*Server).recoverPassword,
	actResetPassword:    (*Server).resetPassword,
	actRegister:         (*Server).register,
	actVerify:           (*Server).verify,
	actSendVerification: (*Server).sendVerificationCode,
	actSelectDevice:     (*Server).selectDeviceAction,
	actCheckOTP:         (*Server).checkOTP,
	actUpdateProfile:    (*Server).updateProfile,
	actConsent:          (*Server).consent,
	actCheckAssertion:   (*Server).checkAssertion,
	actConfirmAccount:   (*Server).confirmAccount,
}

// decode reads an action's JSON body. Unknown fields are ignored, as PingOne does; a body that
// is not a JSON object is INVALID_DATA.
func decode(body []byte, v any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		return invalidData(errorDetail{Code: "INVALID_VALUE", Message: "A JSON request body is required."})
	}
	if err := json.Unmarshal(body, v); err != nil {
		return invalidData(errorDetail{Code: "INVALID_VALUE", Message: "The request body is not valid JSON: " + err.Error()})
	}
	return nil
}

// required reports blank fields, one detail each, in the order given.
func required(fields ...[2]string) *apiError {
	var details []errorDetail
	for _, f := range fields {
		if strings.TrimSpace(f[1]) == "" {
			details = append(details, errorDetail{Code: "REQUIRED_VALUE", Target: f[0], Message: f[0] + " is required."})
		}
	}
	if len(details) > 0 {
		return invalidData(details...)
	}
	return nil
}

// takeCookie returns the ST cookie if the flow started a session the browser has not been told
// about yet. Usually that is the response to the credential step itself; after a push approved
// from the inbox it is the next poll.
func (s *Server) takeCookie(f *flow) *http.Cookie {
	if !f.cookiePending {
		return nil
	}
	f.cookiePending = false
	return s.sessionCookie(f.sessionToken, s.cfg.Settings.SessionLifetimeSeconds)
}

// restoreCookie sets the flow's ST cookie again when its session is still live and the request
// does not carry it: the answer that set it may have been lost in transit, and a client that
// re-reads the flow to recover then finds it COMPLETED (or further on), with resume needing the
// cookie. The Flows API calls it only for the browser that started the flow (sameBrowser), which
// was given the cookie in the first place. The cookie lives as long as the session has left.
func (s *Server) restoreCookie(f *flow, r *http.Request, now time.Time) *http.Cookie {
	if f.sessionToken == "" {
		return nil
	}
	if c, err := r.Cookie("ST"); err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(f.sessionToken)) == 1 {
		return nil
	}
	sess, ok := s.st.sessions.get(f.sessionToken, now)
	if !ok { // signed off or expired: there is no session to restore
		return nil
	}
	maxAge := int(sess.expires.Sub(now) / time.Second)
	if maxAge <= 0 {
		return nil
	}
	return s.sessionCookie(f.sessionToken, maxAge)
}

// browserCookie ties flows to the browser that started them: authorize sets it (a random value
// kept for the browser session) when the browser does not present one, and every flow started
// records it. The Flows API reads a flow only for a request carrying the same cookie, as
// PingOne's flows answer only the browser (its cookies) that began them. The name is the
// emulator's own; PingOne's cookie names for this are not documented.
const browserCookie = "pingflow-browser"

// browserOf returns the request's browser cookie, setting a new one on w when it has none.
func (s *Server) browserOf(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(browserCookie); err == nil && len(c.Value) >= 16 {
		return c.Value
	}
	c := &http.Cookie{Name: browserCookie, Value: newSecret(), Path: "/" + s.cfg.Environment.ID, HttpOnly: true}
	if s.secureCookies() {
		c.Secure, c.SameSite = true, http.SameSiteNoneMode
	}
	http.SetCookie(w, c)
	return c.Value
}

// sameBrowser reports whether r carries the browser cookie f was started with.
func sameBrowser(f *flow, r *http.Request) bool {
	c, err := r.Cookie(browserCookie)
	return err == nil && f.browser != "" && subtle.ConstantTimeCompare([]byte(c.Value), []byte(f.browser)) == 1
}

// sessionCookie builds the ST cookie (a negative maxAge clears it). It is scoped to the
// environment's path and HttpOnly; Secure and SameSite=None only over https (see
// Server.secureCookies).
func (s *Server) sessionCookie(value string, maxAge int) *http.Cookie {
	c := &http.Cookie{Name: "ST", Value: value, Path: "/" + s.cfg.Environment.ID, MaxAge: maxAge, HttpOnly: true}
	if s.secureCookies() {
		c.Secure, c.SameSite = true, http.SameSiteNoneMode
	}
	return c
}

// sessionFromCookie returns the live session named by the request's ST cookie.
func (s *Server) sessionFromCookie(r *http.Request, now time.Time) (*session, string) {
	c, err := r.Cookie("ST")
	if err != nil {
		return nil, ""
	}
	sess, ok := s.st.sessions.get(c.Value, now)
	if !ok {
		return nil, ""
	}
	return sess, c.Value
}

// appFromFlow names the application of the flow in the path or the flowId parameter (for CORS).
func (s *Server) appFromFlow(r *http.Request) *Application {
	id := r.PathValue("flowId")
	if id == "" {
		id = r.URL.Query().Get("flowId")
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if f, ok := s.st.flows.get(id, s.now()); ok {
		return f.app
	}
	return nil
}
