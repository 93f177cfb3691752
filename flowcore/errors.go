package flowcore

import (
	"strings"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// Class tells a page what it can do about an error.
type Class string

const (
	// ClassFix: the person can correct the input and submit again; the step stays.
	ClassFix Class = "fix-and-resubmit"
	// ClassRestart: the flow is over (expired, failed, rejected); start a new one.
	ClassRestart Class = "restart"
	// ClassRetry: a transient failure (network, 5xx, rate limit); the same request may succeed later.
	ClassRetry Class = "retry"
	// ClassMisconfiguration: the application or environment is set up wrongly (unknown client,
	// redirect URI mismatch, media type refused); no retry will help.
	ClassMisconfiguration Class = "misconfiguration"
	// ClassProtocol: the server sent something the engine cannot read.
	ClassProtocol Class = "protocol"
)

// Stable error codes. Pages and tests branch on these, never on messages.
const (
	CodeInvalidInput         = "invalid_input"          // 4xx with details: a field is wrong
	CodeInvalidCredentials   = "invalid_credentials"    // username or password wrong
	CodeAccountLocked        = "account_locked"         // PASSWORD_LOCKED_OUT
	CodePasswordPolicy       = "password_policy"        // new password breaks the policy
	CodeInvalidCode          = "invalid_code"           // OTP, recovery or verification code wrong
	CodeAlreadyExists        = "already_exists"         // UNIQUENESS_VIOLATION at registration
	CodeMissingField         = "missing_field"          // a required field is empty (checked before sending)
	CodeRequestRejected      = "request_rejected"       // 4xx without field details
	CodeFlowExpired          = "flow_expired"           // 404: unknown or expired flow
	CodeFlowFailed           = "flow_failed"            // status FAILED
	CodeSessionRejected      = "session_rejected"       // 401/403 on the flow
	CodePollLimit            = "poll_limit"             // waited for push confirmation too long
	CodeAccessDenied         = "access_denied"          // OAuth access_denied
	CodeLoginRequired        = "login_required"         // prompt=none without a session
	CodeGrantRejected        = "grant_rejected"         // token endpoint invalid_grant (code used, expired, PKCE)
	CodeStateMismatch        = "state_mismatch"         // returned state is not the one sent
	CodeNetwork              = "network"                // no HTTP response (offline, DNS, CORS, timeout)
	CodeServerUnavailable    = "server_unavailable"     // 5xx
	CodeRateLimited          = "rate_limited"           // 429
	CodeUnsupportedMediaType = "unsupported_media_type" // 415
	CodeRedirectURIMismatch  = "redirect_uri_mismatch"  // authorize refused the redirect URI
	CodeUnknownClient        = "unknown_client"         // authorize or token refused the client
	CodeAuthorizeRejected    = "authorize_rejected"     // any other authorize refusal
	CodeOAuthRequestRejected = "oauth_request_rejected" // token endpoint invalid_request & co.
	CodeUnexpectedRedirect   = "unexpected_redirect"    // 3xx where JSON was expected
	CodeMalformedResponse    = "malformed_response"     // body is not the JSON the step needs
	CodeUnexpectedResponse   = "unexpected_response"    // well-formed but not what the protocol allows here
	CodeUntrustedLink        = "untrusted_link"         // a link points off the auth host
	CodeIDTokenInvalid       = "id_token_invalid"       // iss, aud, nonce or exp check failed
	CodeChallengeExpired     = "challenge_expired"      // a DaVinci challenge expired unapproved
	CodeNotApplied           = "not_applied"            // an unconfirmed action found not applied (submit again)
)

// Error is a flow outcome that is not success. Server error bodies are kept verbatim in Body.
type Error struct {
	Code    string `json:"code"`
	Class   Class  `json:"class"`
	Message string `json:"message"`
	// HTTPStatus is the response status, 0 when there was no response.
	HTTPStatus int `json:"httpStatus,omitempty"`
	// ServerCode is PingOne's top-level code (INVALID_DATA, NOT_FOUND, NO_USABLE_DEVICES...) or the
	// OAuth error (invalid_grant...).
	ServerCode string `json:"serverCode,omitempty"`
	// ServerID is PingOne's error id, which its support can look up.
	ServerID string   `json:"serverId,omitempty"`
	Details  []Detail `json:"details,omitempty"`
	// Body is the server's JSON body exactly as received.
	Body RawJSON `json:"body,omitempty"`
}

func (e *Error) Error() string {
	if e.ServerCode != "" {
		return sprintf("%s (%s, %s): %s", e.Code, e.Class, e.ServerCode, e.Message)
	}
	return sprintf("%s (%s): %s", e.Code, e.Class, e.Message)
}

// Detail is one entry of PingOne's details[] array.
type Detail struct {
	Code    string `json:"code,omitempty"`
	Target  string `json:"target,omitempty"`
	Message string `json:"message,omitempty"`
	// InnerError is kept verbatim; the fields below are lifted out of it for convenience.
	InnerError              RawJSON  `json:"innerError,omitempty"`
	FailuresRemaining       *int     `json:"failuresRemaining,omitempty"`
	SecondsUntilUnlock      *int     `json:"secondsUntilUnlock,omitempty"`
	UnsatisfiedRequirements []string `json:"unsatisfiedRequirements,omitempty"`
}

func newError(code string, class Class, format string, args ...any) *Error {
	return &Error{Code: code, Class: class, Message: sprintf(format, args...)}
}

// keepBody attaches the body if it is JSON; a non-JSON body is summarised in the message instead.
func (e *Error) keepBody(status int, body string) *Error {
	e.HTTPStatus = status
	if fjson.Valid(body) {
		e.Body = RawJSON(body)
	}
	return e
}

// pingOneError reads PingOne's error body {id, code, message, details[]}. ok is false when the body
// is not one.
func pingOneError(body string) (e *Error, ok bool) {
	if !fjson.Valid(body) {
		return nil, false
	}
	root := fjson.Parse(body)
	var m [4]fjson.Result
	root.Members(m[:], "code", "id", "message", "details")
	code := m[0]
	if !root.IsObject() || code.Type != fjson.String && code.Type != fjson.Number {
		return nil, false
	}
	e = &Error{
		ServerCode: strings.TrimSpace(code.String()),
		ServerID:   m[1].String(),
		Message:    strings.TrimSpace(m[2].String()),
	}
	m[3].ForEach(func(_, d fjson.Result) bool {
		if d.IsObject() {
			e.Details = append(e.Details, decodeDetail(d))
		}
		return true
	})
	return e, true
}

func decodeDetail(d fjson.Result) Detail {
	var m [4]fjson.Result
	d.Members(m[:], "code", "target", "message", "innerError")
	det := Detail{Code: m[0].String(), Target: m[1].String(), Message: m[2].String()}
	if inner := m[3]; inner.IsObject() {
		var f [3]fjson.Result
		inner.Members(f[:], "failuresRemaining", "secondsUntilUnlock", "unsatisfiedRequirements")
		det.InnerError = RawJSON(inner.Raw)
		det.FailuresRemaining = optInt(f[0])
		det.SecondsUntilUnlock = optInt(f[1])
		f[2].ForEach(func(_, r fjson.Result) bool {
			det.UnsatisfiedRequirements = append(det.UnsatisfiedRequirements, r.String())
			return true
		})
	}
	return det
}

func optInt(r fjson.Result) *int {
	if r.Type != fjson.Number {
		return nil
	}
	n := int(r.Int())
	return &n
}

// oauthError reads an RFC 6749 §5.2 error body {error, error_description}.
func oauthError(body string) (e *Error, ok bool) {
	if !fjson.Valid(body) {
		return nil, false
	}
	var m [2]fjson.Result
	root := fjson.Parse(body)
	root.Members(m[:], "error", "error_description")
	code := m[0]
	if !root.IsObject() || code.Type != fjson.String || code.String() == "" {
		return nil, false
	}
	return &Error{ServerCode: code.String(), Message: m[1].String()}, true
}

// isOAuthCode reports whether code is one of the RFC 6749 and OpenID Connect error codes an
// authorization server returns.
func isOAuthCode(code string) bool {
	switch code {
	case "invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type",
		"invalid_scope", "server_error", "temporarily_unavailable", "invalid_client",
		"invalid_grant", "unsupported_grant_type", "login_required", "interaction_required",
		"consent_required", "account_selection_required":
		return true
	}
	return false
}

// classifyOAuth maps an RFC 6749 error code to a stable code and class.
func classifyOAuth(e *Error) *Error {
	switch e.ServerCode {
	case "invalid_grant":
		e.Code, e.Class = CodeGrantRejected, ClassRestart
	case "access_denied":
		e.Code, e.Class = CodeAccessDenied, ClassRestart
	case "login_required", "interaction_required", "consent_required", "account_selection_required":
		e.Code, e.Class = CodeLoginRequired, ClassRestart
	case "invalid_client", "unauthorized_client":
		e.Code, e.Class = CodeUnknownClient, ClassMisconfiguration
	case "server_error", "temporarily_unavailable":
		e.Code, e.Class = CodeServerUnavailable, ClassRetry
	default: // invalid_request, unsupported_grant_type, unsupported_response_type, invalid_scope, ...
		e.Code, e.Class = CodeOAuthRequestRejected, ClassMisconfiguration
	}
	if e.Message == "" {
		e.Message = "the authorization server answered " + e.ServerCode
	}
	return e
}

// classifyFieldError picks the stable code for a 4xx with details, from what the details say.
func classifyFieldError(e *Error) {
	e.Code, e.Class = CodeInvalidInput, ClassFix
	for _, d := range e.Details {
		switch {
		case d.Code == "PASSWORD_LOCKED_OUT" || d.SecondsUntilUnlock != nil:
			e.Code = CodeAccountLocked
			return
		case len(d.UnsatisfiedRequirements) > 0:
			e.Code = CodePasswordPolicy
			return
		case d.Code == "UNIQUENESS_VIOLATION":
			e.Code = CodeAlreadyExists
			return
		case d.Code == "INVALID_CREDENTIALS" || (d.Target == "password" || d.Target == "username") && d.Code == "INVALID_VALUE":
			e.Code = CodeInvalidCredentials
		case d.Target == "otp" || d.Target == "recoveryCode" || d.Target == "verificationCode" || d.Target == "userCode":
			e.Code = CodeInvalidCode
		}
	}
}

// transportError turns a response that carries no usable answer (no response at all, 5xx, 429,
// 3xx) into a retry or misconfiguration error. ok is false when the response needs a closer look.
func transportError(r Response) (*Error, bool) {
	switch {
	case r.NetworkError != "":
		return newError(CodeNetwork, ClassRetry,
			"no response from the authorization server (%s); check the network, and that the server's CORS settings allow this origin",
			r.NetworkError), true
	case r.Status == 429:
		return newError(CodeRateLimited, ClassRetry, "the authorization server is limiting requests; try again shortly").keepBody(r.Status, r.Body), true
	case r.Status >= 500:
		e := newError(CodeServerUnavailable, ClassRetry, "the authorization server failed (HTTP %d); try again", r.Status).keepBody(r.Status, r.Body)
		if p, ok := pingOneError(r.Body); ok {
			e.ServerCode, e.ServerID, e.Details = p.ServerCode, p.ServerID, p.Details
		}
		return e, true
	case r.Status >= 300 && r.Status < 400:
		return newError(CodeUnexpectedRedirect, ClassMisconfiguration,
			"the server redirected (HTTP %d to %q) where JSON was expected", r.Status, r.header("location")).keepBody(r.Status, r.Body), true
	case r.Status == 415:
		e := newError(CodeUnsupportedMediaType, ClassMisconfiguration,
			"the server refused the request's media type (HTTP 415); a proxy may be rewriting Content-Type").keepBody(r.Status, r.Body)
		if p, ok := pingOneError(r.Body); ok {
			e.ServerCode, e.ServerID = p.ServerCode, p.ServerID
		}
		return e, true
	case r.Status < 100 || r.Status > 599:
		return newError(CodeMalformedResponse, ClassProtocol, "response has no valid HTTP status (%d)", r.Status), true
	}
	return nil, false
}

// UsageError reports a misuse of the engine by its caller; it is returned as a Go error, never as
// a flow outcome.
type UsageError struct{ Message string }

func (e *UsageError) Error() string { return "flowcore: " + e.Message }

func usage(format string, args ...any) error {
	return &UsageError{Message: sprintf(format, args...)}
}
