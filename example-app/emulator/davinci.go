package emulator

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// DaVinci: an application with a DaVinci flow policy signs on through forms ("nodes") that
// authorize returns in pi.flow mode and that capability calls answer, each POSTed to the
// current form's _links.next (reference §7). The emulator runs one built-in flow, a small state
// machine over screens (davinci_forms.go draws them, davinci_signon.go and davinci_mfa.go act on
// their buttons):
//
//	sign on ─SIGNON→ [change password] → [verify email] → [MFA: device → code | push] → success
//	   ├ TROUBLE → username → recovery code + new password → sign on again
//	   └ REGISTER → registration → email verification code → success
//
// It reuses the directory, password policy, lockout, inbox and push machinery of the Flows API,
// and ends in the same SSO session (ST cookie) and authorization codes.

// Fixed identifiers of the built-in flow, so that pages, tests and the README can name them.
// Connection ids are 32 hex digits and node ids 10 lowercase letters and digits, as in DaVinci.
const (
	// davinciFlowID is the flow definition's id (the flowId of every form).
	davinciFlowID = "5aecf7aa64866670327807003dd97b71"

	httpConnection  = "a5773673b5ca3dd0a6fd00f7227b5ffb" // httpConnector: the forms
	ssoConnection   = "08b3c1a391fd89bffc15f6112f2b9735" // pingOneSSOConnector: users and passwords
	mfaConnection   = "d18392d83d0160a2733316592fdd812e" // pingOneMfaConnector: devices, codes, pushes
	authnConnection = "dba9d979edc78ed3c0a42f45f55e33ac" // pingOneAuthenticationConnector: the end

	// formCapability is the capability every form's _links.next names.
	formCapability = "customHTMLTemplate"
	// pollKey is the key of the push screen's POLLING component.
	pollKey = "poll"
	// dvContinue is the only event name the built-in flow's forms use.
	dvContinue = "continue"
)

// dvScreen is a form of the built-in flow.
type dvScreen int

const (
	screenSignOn dvScreen = iota
	screenTrouble
	screenRecover
	screenRegister
	screenVerify
	screenChangePassword
	screenDevices
	screenOTP
	screenPush
	screenPasskeyOffer
	screenPasskeyMFA
	screenPhone
	screenChallenge
	screenLinkAccount
	screenConfirmAccount
)

// screenNodes are the forms' node ids.
var screenNodes = [...]string{
	screenSignOn:         "rc3gzpp5mp",
	screenTrouble:        "4zjxddmhez",
	screenRecover:        "doqkrd5f1c",
	screenRegister:       "toviev9jbn",
	screenVerify:         "vy3qbqn9b0",
	screenChangePassword: "m0cwjmuew3",
	screenDevices:        "6rgzorp5p8",
	screenOTP:            "tzvghsb48o",
	screenPush:           "rsi2h2a01r",
	screenPasskeyOffer:   "k7pq2vx9ma",
	screenPasskeyMFA:     "f2dm8wq4ze",
	screenPhone:          "p9hn3tc6ry",
	screenChallenge:      "q4xk7mb2vd",
	screenLinkAccount:    "l8ws5jd3gn",
	screenConfirmAccount: "c3vr9yh6tk",
}

// connector is the node that produced an error, a failure or the success: in a real flow a
// form's submission runs through connector nodes (check the password, create the user...) and
// whichever answers names itself in the response.
type connector struct {
	node, connection, id, capability string
}

var (
	checkPasswordNode   = connector{"a7yibojc3e", ssoConnection, "pingOneSSOConnector", "checkPassword"}
	createUserNode      = connector{"cunsbg53t8", ssoConnection, "pingOneSSOConnector", "createUser"}
	recoverPasswordNode = connector{"8yyx9j9hrj", ssoConnection, "pingOneSSOConnector", "recoverPassword"}
	resetPasswordNode   = connector{"u5p648k294", ssoConnection, "pingOneSSOConnector", "resetPassword"}
	verifyUserNode      = connector{"ym18tcf7u5", ssoConnection, "pingOneSSOConnector", "verifyUser"}
	selectDeviceNode    = connector{"xwkgd69qme", mfaConnection, "pingOneMfaConnector", "selectDevice"}
	checkOTPNode        = connector{"cqe6rbubf2", mfaConnection, "pingOneMfaConnector", "checkOtp"}
	pushStatusNode      = connector{"yxcml65937", mfaConnection, "pingOneMfaConnector", "checkPushStatus"}
	successNode         = connector{"bh2iq5ag25", authnConnection, "pingOneAuthenticationConnector", "returnSuccessResponseRedirect"}
)

// formNode is the httpConnector node that shows screen; it also reports malformed requests.
func formNode(screen dvScreen) connector {
	return connector{screenNodes[screen], httpConnection, "httpConnector", formCapability}
}

// interaction is one DaVinci sign-on in progress: created by authorize, advanced by capability
// calls, consumed by its success or failure. It is only touched with the store's lock held.
type interaction struct {
	id      string // interactionId
	token   string // interactionToken; a new one with every form
	app     *Application
	req     authRequest
	expires time.Time // last activity + interaction timeout

	screen dvScreen
	// user is who proved a password (or registered); methods records how, as flow.methods.
	user    *user
	methods []string
	// Shown on the sign-on form after a password recovery.
	prefill, notice string

	recoveryUser *user // not shown, so that the answer does not reveal who exists
	recovery     oneTimeCode
	verification oneTimeCode
	device       string // selected MFA device id
	otp          oneTimeCode
	pushID       string

	// origin is the page's origin as its latest request showed it (WebAuthn relying party).
	origin string
	// passkey is the WebAuthn ceremony of the form on screen and passkeyOptions its FIDO2
	// component's options (dvRequestOptions or dvCreationOptions), both made when it is drawn.
	passkey        *ceremony
	passkeyOptions any
	// stepUp: Protect's signals were missing or malformed, so a second factor is required even
	// without mfaEnabled. offerPasskey: the sign-on was a password alone, so "Set up a passkey"
	// may follow it.
	stepUp       bool
	offerPasskey bool
	// external is who an identity provider said signed in, until the continue request uses it.
	external *externalIdentity
	// challenge is the cross-device challenge on screen and challengeEntry its inbox entry.
	challenge      string
	challengeEntry string

	// Set by an action that ends the interaction.
	done     bool
	failure  *flowError
	failedAt connector
}

func (it *interaction) expiry() time.Time { return it.expires }

func (it *interaction) authenticated(method string) {
	if !slices.Contains(it.methods, method) {
		it.methods = append(it.methods, method)
	}
}

// newInteraction stores a new interaction at the sign-on form.
func (s *Server) newInteraction(app *Application, req authRequest, now time.Time) *interaction {
	it := &interaction{id: newID(), app: app, req: req, screen: screenSignOn, origin: req.origin}
	s.touchInteraction(it, now)
	s.st.interactions.put(it.id, it, now)
	return it
}

// touchInteraction records activity: interactions expire after a period of inactivity.
func (s *Server) touchInteraction(it *interaction, now time.Time) {
	it.expires = now.Add(seconds(s.cfg.Settings.InteractionTimeoutSeconds))
}

// newInteractionToken is 128 random bytes as 256 hex digits, the length DaVinci's have.
func newInteractionToken() string {
	b := make([]byte, 128)
	rand.Read(b) // never fails since Go 1.24
	return hex.EncodeToString(b)
}

// fromSDK reports whether the request asked for DaVinci's JSON ("ping-sdk") responses.
func fromSDK(r *http.Request) bool {
	return strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Requested-With")), "ping-sdk")
}

// interactionCredentials reads interactionId and interactionToken from the request headers, as
// the JS SDK sends them, or else from the cookies authorize set, as the Android SDK relies on.
// The two are never mixed: the headers win when the interactionId header is present.
func interactionCredentials(r *http.Request) (id, token string) {
	if id = r.Header.Get("interactionId"); id != "" {
		return id, r.Header.Get("interactionToken")
	}
	if c, err := r.Cookie("interactionId"); err == nil {
		id = c.Value
	}
	if c, err := r.Cookie("interactionToken"); err == nil {
		token = c.Value
	}
	return id, token
}

// appFromInteraction names the application of the request's interaction (for CORS). Preflights
// carry neither the headers' values nor cookies, so they fall back to every application's
// origins, as for an unknown flow.
func (s *Server) appFromInteraction(r *http.Request) *Application {
	id, _ := interactionCredentials(r)
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if it, ok := s.st.interactions.get(id, s.now()); ok {
		return it.app
	}
	return nil
}

// capabilityRequest is the body of a capability call (reference §7.3).
type capabilityRequest struct {
	ID            string `json:"id"`
	EventName     string `json:"eventName"`
	InteractionID string `json:"interactionId"`
	Parameters    struct {
		EventType string `json:"eventType"`
		Data      struct {
			ActionKey string   `json:"actionKey"`
			FormData  formData `json:"formData"`
		} `json:"data"`
	} `json:"parameters"`
}

// capability serves POST /{envId}/davinci/connections/{connectionId}/capabilities/{capabilityName}.
// The interaction is authenticated first (an unknown one has timed out, a wrong token is
// unauthorized); then the request must be for the form on screen: its node id, the connection
// and capability in the path, and one of its buttons (or its POLLING component).
func (s *Server) capability(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	now := s.now()
	if r.PathValue("connectionId") == socialConnection {
		s.continueAfterIdP(w, r, now)
		return
	}
	id, token := interactionCredentials(r)
	s.st.mu.Lock()
	it, ok := s.st.interactions.get(id, now)
	var reply dvReply
	switch {
	case id == "" || token == "":
		reply = unauthorized()
	case !ok:
		reply = timedOut(id)
	case subtle.ConstantTimeCompare([]byte(it.token), []byte(token)) != 1:
		reply = unauthorized()
	case err != nil:
		reply = s.errorReply(it, requestError(it.screen, "The request body could not be read."))
	default:
		s.touchInteraction(it, now)
		reply = s.continueInteraction(it, r, body, now)
	}
	s.st.mu.Unlock()
	reply.write(w)
}

// continueInteraction checks a capability call against the form on screen and runs the action.
func (s *Server) continueInteraction(it *interaction, r *http.Request, body []byte, now time.Time) dvReply {
	var in capabilityRequest
	bad := func(message string) dvReply { return s.errorReply(it, requestError(it.screen, message)) }
	switch {
	case !fromSDK(r):
		return bad("The emulator answers capability calls in the SDK's JSON format only: send X-Requested-With: ping-sdk.")
	case json.Unmarshal(body, &in) != nil:
		return bad("The request body is not a JSON object of the form {id, eventName, parameters: {eventType, data: {actionKey, formData}}}.")
	case r.PathValue("connectionId") != httpConnection || r.PathValue("capabilityName") != formCapability:
		return bad("The request is not for the current node's connection and capability; post to its _links.next.href.")
	case in.ID != screenNodes[it.screen]:
		return bad("The node id " + in.ID + " is not the current node's (" + screenNodes[it.screen] + ").")
	case in.InteractionID != "" && in.InteractionID != it.id:
		return bad("The interactionId in the body is not the interaction's.")
	case in.EventName != dvContinue:
		return bad("The eventName must be the current node's, " + dvContinue + ".")
	}
	key := in.Parameters.Data.ActionKey
	if r.Header.Get("Origin") != "" {
		it.origin = s.pageOrigin(it.app, r)
	}
	var derr *dvError
	switch in.Parameters.EventType {
	case "polling":
		switch {
		case it.screen == screenPush && (key == pollKey || key == ""):
			if pending := s.pollPush(it, now); pending {
				return s.rewindReply(it)
			}
		case it.screen == screenChallenge && (key == challengePollKey || key == ""):
			if pending := s.pollChallenge(it, now); pending {
				return s.rewindReply(it)
			}
		default:
			return bad("Nothing on this node is polling with the actionKey " + key + ".")
		}
	case "submit", "action":
		derr = s.press(it, in.Parameters.EventType, key, in.Parameters.Data.FormData, now)
		if derr == errBadRequest {
			return bad("The current node has no button with the actionKey " + key + ".")
		}
	default:
		return bad("The eventType must be submit, action or polling.")
	}
	return s.outcome(it, derr, s.base+r.URL.Path, now)
}

// outcome answers what an action did: its recoverable error, the interaction's failure or
// success, or the next form.
func (s *Server) outcome(it *interaction, derr *dvError, self string, now time.Time) dvReply {
	switch {
	case derr != nil:
		return s.errorReply(it, derr)
	case it.failure != nil:
		return s.failureReply(it)
	case it.done:
		return s.successReply(it, self, now)
	}
	return s.formReply(it)
}

// errBadRequest is press's answer to a key the form has no button for.
var errBadRequest = &dvError{}

// press performs a submission or a button of the form on screen. A FIDO2 value in the form data
// is a passkey ceremony's result whatever the key; an action named like a DOMException on a form
// with a FIDO2 component is the browser's failure to perform it.
func (s *Server) press(it *interaction, eventType, key string, in formData, now time.Time) *dvError {
	_, hasPasskey := s.passkeyField(it)
	if hasPasskey {
		credential, attestation, err := fidoValue(in)
		if err == nil {
			return s.passkeySubmit(it, credential, attestation, now)
		}
		if eventType == "action" && domExceptionName.MatchString(key) && !slices.Contains(s.buttons(it), key) {
			return passkeyNotUsed(it, key)
		}
	}
	action := dvActions[it.screen][key]
	if action == nil || !slices.Contains(s.buttons(it), key) {
		return errBadRequest
	}
	return action(s, it, in, now)
}

// dvAction performs a button of the form on screen with the submitted form data. It either
// moves the interaction to its next screen, returns a recoverable error (the screen stays, as
// does the interaction token), or ends the interaction by setting done or failure.
type dvAction func(s *Server, it *interaction, in formData, now time.Time) *dvError

// dvActions maps each screen's button keys to their actions. The form itself decides which
// buttons are on offer (a screen may leave one out); a key must be both here and on the form.
var dvActions = map[dvScreen]map[string]dvAction{
	screenSignOn:         {"SIGNON": (*Server).signOnSubmit, "TROUBLE": goTo(screenTrouble), "REGISTER": goTo(screenRegister), "PHONE": goTo(screenPhone)},
	screenTrouble:        {"SUBMIT": (*Server).troubleSubmit, "BACK": goTo(screenSignOn)},
	screenRecover:        {"SUBMIT": (*Server).recoverSubmit, "RESEND": (*Server).resendRecovery, "BACK": goTo(screenSignOn)},
	screenRegister:       {"SUBMIT": (*Server).registerSubmit, "BACK": goTo(screenSignOn)},
	screenVerify:         {"SUBMIT": (*Server).verifySubmit, "RESEND": (*Server).resendVerification},
	screenChangePassword: {"SUBMIT": (*Server).changePasswordSubmit},
	screenDevices:        {"SUBMIT": (*Server).deviceSubmit},
	screenOTP:            {"SUBMIT": (*Server).otpSubmit, "CHANGE_DEVICE": (*Server).changeDevice},
	screenPush:           {"CHANGE_DEVICE": (*Server).changeDevice},
	screenPasskeyOffer:   {"NOT_NOW": (*Server).notNow},
	screenPasskeyMFA:     {"CHANGE_DEVICE": (*Server).changeDevice},
	screenPhone:          {"SUBMIT": (*Server).phoneSubmit, "BACK": goTo(screenSignOn)},
	screenChallenge:      {"BACK": (*Server).challengeBack},
	screenLinkAccount:    {"SUBMIT": (*Server).linkSubmit, "BACK": goTo(screenSignOn)},
	screenConfirmAccount: {"SUBMIT": (*Server).confirmSubmit, "BACK": goTo(screenSignOn)},
}

// goTo is the action of a flow button that only shows another form.
func goTo(screen dvScreen) dvAction {
	return func(_ *Server, it *interaction, _ formData, _ time.Time) *dvError {
		it.screen, it.notice = screen, ""
		return nil
	}
}

// formData is parameters.data.formData: values keyed by field key.
type formData map[string]any

// str is the string value of key; anything else (absent, a number...) counts as empty.
func (f formData) str(key string) string {
	s, _ := f[key].(string)
	return s
}

// blanks reports the keys whose values are empty, one REQUIRED_VALUE detail each, in order.
func (f formData) blanks(keys ...string) []errorDetail {
	var details []errorDetail
	for _, k := range keys {
		if strings.TrimSpace(f.str(k)) == "" {
			details = append(details, errorDetail{Code: "REQUIRED_VALUE", Target: k, Message: "must not be blank"})
		}
	}
	return details
}

// equalCode compares a submitted one-time code in constant time and treats an expired or
// unset code as wrong (see oneTimeCode.matches); surrounding spaces are forgiven.
func equalCode(c oneTimeCode, v string, now time.Time) bool {
	return c.matches(strings.TrimSpace(v), now)
}
