package flowcore

import (
	"strings"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// Flow statuses, PingOne reference §3.3.
const (
	StatusUsernamePasswordRequired       = "USERNAME_PASSWORD_REQUIRED"
	StatusSignOnRequired                 = "SIGN_ON_REQUIRED"
	StatusPasswordRequired               = "PASSWORD_REQUIRED"
	StatusPasswordExpired                = "PASSWORD_EXPIRED"
	StatusMustChangePassword             = "MUST_CHANGE_PASSWORD"
	StatusRecoveryCodeRequired           = "RECOVERY_CODE_REQUIRED"
	StatusVerificationCodeRequired       = "VERIFICATION_CODE_REQUIRED"
	StatusDeviceSelectionRequired        = "DEVICE_SELECTION_REQUIRED"
	StatusOTPRequired                    = "OTP_REQUIRED"
	StatusPushConfirmationRequired       = "PUSH_CONFIRMATION_REQUIRED"
	StatusPushConfirmationTimedOut       = "PUSH_CONFIRMATION_TIMED_OUT"
	StatusAccountLinkingRequired         = "ACCOUNT_LINKING_REQUIRED"
	StatusAccountConfirmationRequired    = "ACCOUNT_CONFIRMATION_REQUIRED"
	StatusExternalAuthenticationRequired = "EXTERNAL_AUTHENTICATION_REQUIRED"
	StatusProfileDataRequired            = "PROFILE_DATA_REQUIRED"
	StatusAssertionRequired              = "ASSERTION_REQUIRED"
	StatusAgreementConsentRequired       = "AGREEMENT_CONSENT_REQUIRED"
	StatusDAGUserCodeRequired            = "DAG_USER_CODE_REQUIRED"
	StatusDAGConsentRequired             = "DAG_CONSENT_REQUIRED"
	StatusCompleted                      = "COMPLETED"
	StatusFailed                         = "FAILED"
)

// link names that are navigation, not actions.
const (
	linkSelf       = "self"
	linkSignOnPage = "signOnPage"
)

type link struct{ name, href string }

// flowDoc is a flow resource (GET/POST /flows/{id}, authorize with pi.flow, resume with pi.flow),
// checked and with the fields the engine steers by pulled out. The rest is read from raw on demand.
type flowDoc struct {
	raw        string
	origin     string // the auth host's, which every link the engine follows must be on
	id, status string
	resumeURL  string
	links      []link
	// authorizeResponse, present on a completed flow returned by resume or by an SSO authorize.
	hasAuthorize         bool
	authCode, authState  string
	errCode, errMessage  string
	createdAt, expiresAt string
	// The top-level members buildStep reads, found in decodeFlow's pass over the document (a
	// Step is built again for every Step call and every show).
	embedded, bypassAllowed, promptText, selectedDevice, requestOptions fjson.Result
}

func (d *flowDoc) href(name string) (string, bool) {
	for _, l := range d.links {
		if l.name == name {
			return l.href, true
		}
	}
	return "", false
}

// decodeFlow checks a flow document and extracts what drives the engine. Every link the engine
// may follow must be an absolute URL on the auth host's origin: a response must not be able to
// send a password elsewhere.
func decodeFlow(body string, origin string) (*flowDoc, *Error) {
	if !fjson.Valid(body) {
		return nil, newError(CodeMalformedResponse, ClassProtocol, "the flow response is not JSON")
	}
	root := fjson.Parse(body)
	if !root.IsObject() {
		return nil, newError(CodeMalformedResponse, ClassProtocol, "the flow response is not a JSON object")
	}
	d := &flowDoc{raw: body, origin: origin}
	// One pass over the document for every top-level member the engine reads.
	var m [13]fjson.Result
	root.Members(m[:], "id", "status", "resumeUrl", "createdAt", "expiresAt", "authorizeResponse", "error", "_links",
		"_embedded", "bypassAllowed", "promptText", "selectedDevice", "publicKeyCredentialRequestOptions")
	ar, fe, links := m[5], m[6], m[7]
	d.embedded, d.bypassAllowed, d.promptText, d.selectedDevice, d.requestOptions = m[8], m[9], m[10], m[11], m[12]
	var bad *Error
	str := func(path string, r fjson.Result) string {
		if r.Exists() && r.Type != fjson.String && bad == nil {
			bad = newError(CodeMalformedResponse, ClassProtocol, "flow field %s is not a string", path)
		}
		return r.String()
	}
	d.id, d.status, d.resumeURL = str("id", m[0]), str("status", m[1]), str("resumeUrl", m[2])
	d.createdAt, d.expiresAt = str("createdAt", m[3]), str("expiresAt", m[4])
	if ar.Exists() {
		if !ar.IsObject() {
			return nil, newError(CodeMalformedResponse, ClassProtocol, "authorizeResponse is not an object")
		}
		d.hasAuthorize = true
		var a [2]fjson.Result
		ar.Members(a[:], "code", "state")
		d.authCode, d.authState = str("authorizeResponse.code", a[0]), str("authorizeResponse.state", a[1])
	}
	if fe.IsObject() {
		var e [2]fjson.Result
		fe.Members(e[:], "code", "message")
		d.errCode, d.errMessage = e[0].String(), e[1].String()
	}
	if bad != nil {
		return nil, bad
	}
	if l := links; l.Exists() {
		if !l.IsObject() {
			return nil, newError(CodeMalformedResponse, ClassProtocol, "_links is not an object")
		}
		l.ForEach(func(k, v fjson.Result) bool {
			href := v.Get("href")
			if !v.IsObject() || href.Type != fjson.String {
				bad = newError(CodeMalformedResponse, ClassProtocol, "_links.%s has no href string", k.String())
				return false
			}
			if k.String() != linkSignOnPage && !sameOrigin(href.String(), origin) {
				bad = newError(CodeUntrustedLink, ClassProtocol, "_links.%s points to %q, off the auth host %s", k.String(), href.String(), origin)
				return false
			}
			d.links = append(d.links, link{k.String(), href.String()})
			return true
		})
		if bad != nil {
			return nil, bad
		}
	}
	if d.resumeURL != "" && !sameOrigin(d.resumeURL, origin) {
		return nil, newError(CodeUntrustedLink, ClassProtocol, "resumeUrl %q is off the auth host %s", d.resumeURL, origin)
	}
	switch {
	case d.status == "" && !d.hasAuthorize:
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "the response has neither a flow status nor an authorizeResponse")
	case d.status == StatusCompleted && !d.hasAuthorize && d.resumeURL == "":
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "the flow is COMPLETED but has no resumeUrl")
	case d.hasAuthorize && d.authCode == "":
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "authorizeResponse has no code")
	case d.status != "" && d.status != StatusCompleted && d.status != StatusFailed && d.id == "":
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "the flow has no id")
	}
	return d, nil
}

func sameOrigin(raw, origin string) bool {
	u, ok := parseURI(raw)
	if !ok || !u.hasAuthority || u.userinfo != "" {
		return false
	}
	return strings.EqualFold(u.origin(), origin)
}
