package emulator

import (
	"crypto/subtle"
	"slices"
	"time"
)

// flow is one sign-on in progress: created by authorize, driven through the Flows API, and
// consumed by resume. It lives in the store and is only touched with the store's lock held.
type flow struct {
	id        string
	app       *Application
	policy    *SignOnPolicy
	req       authRequest
	createdAt time.Time
	expires   time.Time // last activity + flow timeout
	// browser is the browser cookie of the request that started the flow (browserCookie): the
	// flow id travels in URLs, so it alone must not open the flow to someone else.
	browser string

	step   int // index of the current policy action
	status string
	user   *user
	// methods records how the user proved who they are in this flow (pwd, otp, swk); an
	// empty list means the user is at most identified, not authenticated.
	methods []string
	session *session
	// sessionToken is the ST cookie value of session; resume requires the browser to send it.
	sessionToken  string
	cookiePending bool // the ST cookie still has to be sent to the browser

	device       string // selected MFA device id
	otp          oneTimeCode
	pushID       string // inbox entry of the pending push
	recoveryUser *user  // whose password.forgot is in progress; not shown, to not reveal who exists
	recovery     oneTimeCode
	verification oneTimeCode
	failure      *flowError

	// origin is the page's origin as its latest request showed it (see Server.pageOrigin); it
	// decides the WebAuthn relying party.
	origin string
	// passkey is the pending FIDO2 challenge (ASSERTION_REQUIRED) and passkeyOptions its
	// publicKeyCredentialRequestOptions as sent.
	passkey        *ceremony
	passkeyOptions string
	// external is the identity an identity provider vouched for, while the flow asks the person to
	// link it to an account or confirm a new one; idp is where EXTERNAL_AUTHENTICATION_REQUIRED
	// sends the browser, with loginHint.
	external  *externalIdentity
	idp       *IdentityProvider
	loginHint string
}

func (f *flow) expiry() time.Time { return f.expires }

func (f *flow) authenticated() bool { return len(f.methods) > 0 }

func (f *flow) currentAction() PolicyAction { return f.policy.Actions[f.step] }

// flowError is the error object of a FAILED flow.
type flowError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// oneTimeCode is a code sent to the user (OTP, recovery or verification) and its state.
type oneTimeCode struct {
	value    string
	expires  time.Time
	failures int
}

// matches compares in constant time and treats an expired or unset code as wrong.
func (c oneTimeCode) matches(v string, now time.Time) bool {
	return c.value != "" && now.Before(c.expires) && subtle.ConstantTimeCompare([]byte(c.value), []byte(v)) == 1
}

// newFlow creates a flow at the first action of its policy and stores it.
func (s *Server) newFlow(app *Application, req authRequest, now time.Time) *flow {
	f := &flow{id: newID(), app: app, policy: req.policy, req: req, createdAt: now, origin: req.origin}
	s.touch(f, now)
	s.advance(f, now)
	s.st.flows.put(f.id, f, now)
	return f
}

// touch records activity: flows expire after a period of inactivity, not after a fixed life.
func (s *Server) touch(f *flow, now time.Time) {
	f.expires = now.Add(seconds(s.cfg.Settings.FlowTimeoutSeconds))
}

// authenticate records a successful credential step. The first one in a flow starts the SSO
// session whose ST cookie the next response sets.
func (s *Server) authenticate(f *flow, method string, now time.Time) {
	if !slices.Contains(f.methods, method) {
		f.methods = append(f.methods, method)
	}
	if f.session == nil {
		f.session = &session{id: newID(), userID: f.user.ID, policies: map[string]bool{}}
		f.sessionToken = newSecret()
		f.cookiePending = true
	}
	f.session.authTime = now
	f.session.methods = slices.Clone(f.methods)
	f.session.expires = now.Add(seconds(s.cfg.Settings.SessionLifetimeSeconds))
	s.st.sessions.put(f.sessionToken, f.session, now)
}

// complete ends the flow successfully and remembers in the session that its policy is
// satisfied, which is what lets a later authorize skip it (SSO).
func (s *Server) complete(f *flow) {
	f.status = statusCompleted
	f.session.policies[f.policy.Name] = true
}

func (s *Server) fail(f *flow, code, message string) {
	s.cancelPush(f)
	f.status = statusFailed
	f.failure = &flowError{Code: code, Message: message}
}

// resetSession is session.reset: back to the first policy action with no user ("not you?").
// The flow keeps its identity and authorize request; everything learned since is dropped.
func (s *Server) resetSession(f *flow, _ []byte, now time.Time) *apiError {
	s.cancelPush(f)
	*f = flow{id: f.id, app: f.app, policy: f.policy, req: f.req, createdAt: f.createdAt, expires: f.expires, origin: f.origin, browser: f.browser}
	s.advance(f, now)
	return nil
}

// refresh applies what happened outside the flow's own requests: a push approved or denied
// from the inbox, or not answered in time. Every read of a flow calls it first.
func (s *Server) refresh(f *flow, now time.Time) {
	if f.status != statusPushRequired {
		return
	}
	e := s.st.inbox.byID(f.pushID)
	switch {
	case e != nil && e.Status == pushApproved:
		s.authenticate(f, "swk", now)
		s.next(f, now)
	case e != nil && e.Status == pushDenied:
		s.fail(f, "PUSH_DENIED", "The push notification was denied on the device.")
	case e == nil || !now.Before(e.expires):
		if e != nil {
			e.Status = pushTimedOut
		}
		f.status = statusPushTimedOut
	}
}
