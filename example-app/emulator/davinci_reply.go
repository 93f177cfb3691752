package emulator

import (
	"net/http"
	"strings"
	"time"
	"unicode"
)

// This file holds every DaVinci response shape: the next form (reference §7.2), "keep polling",
// the recoverable 4xx error and the unrecoverable ones (§7.6), the 2xx failure and the success
// (§7.5). Which is which is what Ping's SDKs classify responses by (§7.4), so the fields that
// decide it (code, connectorId, error, status, session, authorizeResponse, eventName,
// _links.next) appear only where they belong.

// dvReply is a response built with the store locked and written after the lock is released.
type dvReply struct {
	status  int
	body    any
	cookies []*http.Cookie
}

func (r dvReply) write(w http.ResponseWriter) {
	for _, c := range r.cookies {
		http.SetCookie(w, c)
	}
	writeJSON(w, r.status, r.body)
}

// formView is a form response: the node to render and where to send its submission.
type formView struct {
	InteractionID    string          `json:"interactionId"`
	InteractionToken string          `json:"interactionToken"`
	Links            map[string]link `json:"_links"`
	EventName        string          `json:"eventName"`
	SDKCompatible    bool            `json:"isResponseCompatibleWithMobileAndWebSdks"`
	ID               string          `json:"id"`
	CompanyID        string          `json:"companyId"`
	FlowID           string          `json:"flowId"`
	ConnectionID     string          `json:"connectionId"`
	CapabilityName   string          `json:"capabilityName"`
	FormData         formValues      `json:"formData"`
	Form             dvForm          `json:"form"`
}

type formValues struct {
	Value map[string]any `json:"value"`
}

// formReply shows the interaction's current screen with a new interaction token, which
// replaces the old one: only the newest token (header or cookie) is accepted afterwards.
func (s *Server) formReply(it *interaction) dvReply {
	it.token = newInteractionToken()
	s.preparePasskey(it, s.now())
	form, prefill := s.form(it)
	node := screenNodes[it.screen]
	next := s.envURL("/davinci/connections/" + httpConnection + "/capabilities/" + formCapability)
	links := map[string]link{"next": {next}}
	switch it.screen {
	case screenSignOn:
		if len(s.cfg.IdentityProviders) > 0 {
			// Where the SDK resumes after an identity provider, with the continueToken.
			links["continue"] = link{s.continueURL()}
		}
	case screenChallenge:
		// davinci-client builds the challenge status URL from _links.self (reference §7.8).
		links["self"] = link{next}
	}
	return dvReply{status: http.StatusOK, cookies: s.interactionCookies(it.id, it.token, 3600), body: formView{
		InteractionID:    it.id,
		InteractionToken: it.token,
		Links:            links,
		EventName:        dvContinue,
		SDKCompatible:    true,
		ID:               node,
		CompanyID:        s.cfg.Environment.ID,
		FlowID:           davinciFlowID,
		ConnectionID:     httpConnection,
		CapabilityName:   formCapability,
		FormData:         formValues{Value: prefill},
		Form:             form,
	}}
}

// interactionCookies are the interactionId and interactionToken cookies, for clients that rely
// on a cookie jar rather than the headers (the Android SDK). A negative maxAge clears them.
// Secure and SameSite=None only over https, as for ST (Server.secureCookies).
func (s *Server) interactionCookies(id, token string, maxAge int) []*http.Cookie {
	cookie := func(name, value string) *http.Cookie {
		c := &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true}
		if s.secureCookies() {
			c.Secure, c.SameSite = true, http.SameSiteNoneMode
		}
		return c
	}
	return []*http.Cookie{cookie("interactionId", id), cookie("interactionToken", token)}
}

// rewindView tells the client to keep the form on screen and poll again.
type rewindView struct {
	EventName        string `json:"eventName"`
	Success          bool   `json:"success"`
	ID               string `json:"id"`
	InteractionID    string `json:"interactionId"`
	InteractionToken string `json:"interactionToken"`
	CompanyID        string `json:"companyId"`
	SDKCompatible    bool   `json:"isResponseCompatibleWithMobileAndWebSdks"`
}

func (s *Server) rewindReply(it *interaction) dvReply {
	it.token = newInteractionToken()
	return dvReply{status: http.StatusOK, cookies: s.interactionCookies(it.id, it.token, 3600), body: rewindView{
		EventName: "rewindStateToLastRenderedUI", Success: true, ID: screenNodes[it.screen],
		InteractionID: it.id, InteractionToken: it.token, CompanyID: s.cfg.Environment.ID, SDKCompatible: true,
	}}
}

// dvError is DaVinci's error body for a node that failed: a recoverable 4xx for the SDKs, which
// keep the form on screen. details[].rawResponse, when present, is the PingOne API error the
// connector received; its INVALID_DATA details are what the SDKs attach to fields.
type dvError struct {
	status           int
	InteractionID    string          `json:"interactionId"`
	CompanyID        string          `json:"companyId"`
	ConnectionID     string          `json:"connectionId"`
	ConnectorID      string          `json:"connectorId"`
	ID               string          `json:"id"`
	CapabilityName   string          `json:"capabilityName"`
	ErrorCategory    string          `json:"errorCategory"`
	Code             any             `json:"code"` // a string or a number, as DaVinci sends both
	Cause            any             `json:"cause"`
	Expected         bool            `json:"expected"`
	Message          string          `json:"message"`
	HTTPResponseCode int             `json:"httpResponseCode"`
	Details          []dvErrorDetail `json:"details,omitempty"`
	SDKCompatible    bool            `json:"isResponseCompatibleWithMobileAndWebSdks"`
}

type dvErrorDetail struct {
	RawResponse *apiError `json:"rawResponse,omitempty"`
	StatusCode  int       `json:"statusCode,omitempty"`
	Message     string    `json:"message,omitempty"`
}

// connectorError is a 400 from connector c. raw, if given, is the PingOne API error behind it.
func connectorError(c connector, code any, message string, raw *apiError) *dvError {
	e := &dvError{
		status: http.StatusBadRequest, ConnectionID: c.connection, ConnectorID: c.id, ID: c.node,
		CapabilityName: c.capability, ErrorCategory: "NotSet", Code: code, Expected: true,
		Message: message, HTTPResponseCode: http.StatusBadRequest,
	}
	if raw != nil {
		raw.ID = newID()
		e.ErrorCategory = "InvalidData"
		e.Details = []dvErrorDetail{{RawResponse: raw, StatusCode: raw.status}}
	}
	return e
}

// fieldError is a connector's 400 about form fields: INVALID_DATA with one detail per field.
// The top-level message follows DaVinci's "<code> <target>: <message>" style, from the first
// detail (e.g. `invalidValue email: must be a well-formed email address`).
func fieldError(c connector, details ...errorDetail) *dvError {
	return connectorError(c, http.StatusBadRequest, connectorMessage(details[0]), invalidData(details...))
}

// wrapError turns a PingOne API error (from the Flows API's checks) into connector c's error.
func wrapError(c connector, raw *apiError) *dvError {
	return connectorError(c, http.StatusBadRequest, connectorMessage(raw.Details[0]), raw)
}

func connectorMessage(d errorDetail) string {
	if d.Code == "REQUIRED_VALUE" {
		return `invalidInput "` + d.Target + `" - ` + d.Message
	}
	return lowerCamel(d.Code) + " " + d.Target + ": " + d.Message
}

// lowerCamel turns INVALID_VALUE into invalidValue.
func lowerCamel(code string) string {
	var b strings.Builder
	for i, word := range strings.Split(strings.ToLower(code), "_") {
		if i > 0 && word != "" {
			word = string(unicode.ToUpper(rune(word[0]))) + word[1:]
		}
		b.WriteString(word)
	}
	return b.String()
}

// requestError is the current form's own 400 for a request it cannot take (malformed body,
// wrong node, unknown button). It carries no rawResponse: nothing is wrong with a field.
func requestError(screen dvScreen, message string) *dvError {
	e := connectorError(formNode(screen), "validationError", message, nil)
	e.ErrorCategory = "InvalidData"
	return e
}

// errorReply sends a recoverable error. The interaction token does not change: the client
// sends the same form again.
func (s *Server) errorReply(it *interaction, e *dvError) dvReply {
	e.InteractionID, e.CompanyID, e.SDKCompatible = it.id, s.cfg.Environment.ID, true
	return dvReply{status: e.status, body: e}
}

// timedOut answers a call for an interaction that does not exist (any more): it expired, ended
// or never was. The SDKs treat the code as unrecoverable and start again.
func timedOut(id string) dvReply {
	return dvReply{status: http.StatusBadRequest, body: map[string]any{
		"interactionId": id, "code": "requestTimedOut", "message": "Request timed out. Please try again.",
	}}
}

// unauthorized answers a call without interaction credentials, or with a token that is not the
// interaction's current one. Its numeric code is what the SDKs recognise.
func unauthorized() dvReply {
	return dvReply{status: http.StatusUnauthorized, body: map[string]any{
		"cause": nil, "logLevel": "error", "serviceName": nil, "message": "Unauthorized!",
		"errorMessage": "Unauthorized!", "success": false, "httpResponseCode": http.StatusUnauthorized, "code": 1999,
	}}
}

// failureView is an unrecoverable end of the flow answered with 200, as DaVinci does when a
// flow reaches an error node; the error object is what the SDKs classify it by.
type failureView struct {
	InteractionID  string     `json:"interactionId"`
	CompanyID      string     `json:"companyId"`
	ConnectionID   string     `json:"connectionId"`
	ConnectorID    string     `json:"connectorId"`
	ID             string     `json:"id"`
	CapabilityName string     `json:"capabilityName"`
	Environment    ref        `json:"environment"`
	Status         string     `json:"status"`
	Error          *flowError `json:"error"`
	Success        bool       `json:"success"`
	ResetCookie    bool       `json:"resetCookie"`
	SDKCompatible  bool       `json:"isResponseCompatibleWithMobileAndWebSdks"`
}

// failInteraction ends the interaction with a failure at connector c, withdrawing any pending
// push.
func (s *Server) failInteraction(it *interaction, c connector, code, message string) {
	s.withdrawPush(it.pushID)
	it.failure, it.failedAt = &flowError{Code: code, Message: message}, c
}

// failureReply consumes the interaction and clears its cookies.
func (s *Server) failureReply(it *interaction) dvReply {
	s.st.interactions.delete(it.id)
	c := it.failedAt
	return dvReply{status: http.StatusOK, cookies: s.interactionCookies("", "", -1), body: failureView{
		InteractionID: it.id, CompanyID: s.cfg.Environment.ID, ConnectionID: c.connection, ConnectorID: c.id,
		ID: c.node, CapabilityName: c.capability, Environment: ref{s.cfg.Environment.ID},
		Status: "FAILED", Error: it.failure, ResetCookie: true, SDKCompatible: true,
	}}
}

// successView is the end of the flow (reference §7.5, PingOne's doc 003): the authorization
// code and the SSO session, whose token the ST cookie also carries.
type successView struct {
	InteractionID      string            `json:"interactionId"`
	CompanyID          string            `json:"companyId"`
	ConnectionID       string            `json:"connectionId"`
	ConnectorID        string            `json:"connectorId"`
	ID                 string            `json:"id"`
	CapabilityName     string            `json:"capabilityName"`
	Environment        ref               `json:"environment"`
	Session            ref               `json:"session"`
	Status             string            `json:"status"`
	AuthorizeResponse  authorizeResponse `json:"authorizeResponse"`
	SDKCompatible      bool              `json:"isResponseCompatibleWithMobileAndWebSdks"`
	SessionToken       string            `json:"sessionToken"`
	SessionTokenMaxAge int               `json:"sessionTokenMaxAge"`
	Success            bool              `json:"success"`
	ResetCookie        bool              `json:"resetCookie"`
	InteractionToken   string            `json:"interactionToken"`
	Links              map[string]link   `json:"_links"`
	SubFlowSettings    subFlowSettings   `json:"subFlowSettings"`
}

// subFlowSettings is carried verbatim from PingOne's example; no client uses it in SDK mode.
type subFlowSettings struct {
	ReactSkURL            string   `json:"reactSkUrl"`
	CSSURL                *string  `json:"cssUrl"`
	CSSLinks              []string `json:"cssLinks"`
	JSLinks               []string `json:"jsLinks"`
	LoadingScreenSettings string   `json:"loadingScreenSettings"`
	UseInternetExplorer   bool     `json:"useInternetExplorerTag"`
}

// successReply completes the interaction: a new SSO session (the same kind the Flows API
// starts, so the other applications' SSO sees it), an authorization code for the token
// endpoint, the ST cookie, and the interaction cookies cleared.
func (s *Server) successReply(it *interaction, self string, now time.Time) dvReply {
	s.st.interactions.delete(it.id)
	sess := &session{id: newID(), userID: it.user.ID, policies: map[string]bool{}}
	token := newSecret()
	s.startSession(sess, token, it.methods, now)
	reply := s.success(it.id, it.app, it.req, it.user.ID, sess, token, self, now)
	reply.cookies = append(reply.cookies, s.interactionCookies("", "", -1)...)
	return reply
}

// startSession (re)starts an SSO session after a sign-on with methods.
func (s *Server) startSession(sess *session, token string, methods []string, now time.Time) {
	sess.authTime = now
	sess.methods = append([]string(nil), methods...)
	sess.expires = now.Add(seconds(s.cfg.Settings.SessionLifetimeSeconds))
	s.st.sessions.put(token, sess, now)
}

// success issues the code of a DaVinci sign-on that ended in sess (new, or found by SSO) and
// builds the success object. The ID token's acr is the DaVinci flow policy id.
func (s *Server) success(interactionID string, app *Application, req authRequest, userID string, sess *session, token, self string, now time.Time) dvReply {
	code := s.issueCode(app, req, userID, sess, req.davinci.ID, sess.methods, now)
	env := s.cfg.Environment.ID
	maxAge := s.cfg.Settings.SessionLifetimeSeconds
	return dvReply{status: http.StatusOK, cookies: []*http.Cookie{s.sessionCookie(token, maxAge)}, body: successView{
		InteractionID: interactionID, CompanyID: env, ConnectionID: successNode.connection,
		ConnectorID: successNode.id, ID: successNode.node, CapabilityName: successNode.capability,
		Environment: ref{env}, Session: ref{sess.id}, Status: statusCompleted,
		AuthorizeResponse: authorizeResponse{Code: code, State: req.state}, SDKCompatible: true,
		SessionToken: token, SessionTokenMaxAge: maxAge, Success: true, ResetCookie: true,
		InteractionToken: newInteractionToken(), Links: map[string]link{"self": {self}},
		SubFlowSettings: subFlowSettings{ReactSkURL: "https://assets.pingone.com/davinci/latest/davinci.js",
			CSSLinks: []string{}, JSLinks: []string{}, LoadingScreenSettings: "{}"},
	}}
}
