package flowcore

import (
	"strings"
	"time"
)

// EffectKind says what the driver must do next.
type EffectKind string

const (
	EffectFetch    EffectKind = "fetch"    // perform Request, then call Receive with the response
	EffectWait     EffectKind = "wait"     // show Step, wait DelayMS, then call Poll
	EffectShow     EffectKind = "show"     // render Step, then call Submit with the person's input
	EffectRedirect EffectKind = "redirect" // navigate the browser to URL (snapshot first)
	EffectDone     EffectKind = "done"     // signed on: Tokens holds the result
	EffectFail     EffectKind = "fail"     // Error says what went wrong and what can be done
	// EffectCeremony: the browser must act (WebAuthn, Protect signals, a navigation); give the
	// result back with Resolve (a navigation comes back through HandleRedirect instead).
	EffectCeremony EffectKind = "ceremony"
)

// Effect is the engine's answer to every call: one thing for the driver to do.
type Effect struct {
	Kind    EffectKind `json:"kind"`
	Request *Request   `json:"request,omitempty"`
	Step    *Step      `json:"step,omitempty"`
	DelayMS int64      `json:"delayMs,omitempty"`
	URL     string     `json:"url,omitempty"`
	Tokens  *Tokens    `json:"tokens,omitempty"`
	Error   *Error     `json:"error,omitempty"`
	// Ceremony is what the browser must do for an EffectCeremony.
	Ceremony *Ceremony `json:"ceremony,omitempty"`
	// Verify is the signature check the host performs for an EffectVerify (jwt.go).
	Verify *Verify `json:"verify,omitempty"`
	// Ahead, beside an EffectFetch, is the request the engine expects to ask for next when
	// Request's answer is what it hopes for: the JWKS beside the code exchange while the engine
	// has no keys. A host may send it at once and hand its answer to Receive when the engine asks
	// for that same request (method, URL, headers, body); the engine may not ask (the exchange
	// failed, the token needs no check), and then the early answer is dropped. Ignoring Ahead is
	// always correct: it only saves a round trip.
	Ahead *Request `json:"ahead,omitempty"`
}

// Delay is DelayMS as a duration.
func (e Effect) Delay() time.Duration { return time.Duration(e.DelayMS) * time.Millisecond }

// Request describes one HTTP request for the driver to perform, with everything it needs.
type Request struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body,omitempty"`
	// Credentials is the fetch credentials mode: "include" where the PingOne session cookie must
	// travel (authorize, flows, resume), "omit" elsewhere.
	Credentials string `json:"credentials"`
	// Purpose names the protocol leg the request belongs to.
	Purpose Purpose `json:"purpose"`
	// Action is the Flows API action name for flow.action requests.
	Action string `json:"action,omitempty"`
	// Idempotent requests may be repeated by the driver on network errors and 5xx.
	Idempotent bool `json:"idempotent"`
	// Sensitive is true when Body holds a secret (password, one-time code, authorization code or
	// verifier); debug logs must not print it.
	Sensitive bool `json:"sensitive,omitempty"`
}

// Purpose names a request's protocol leg; the engine reads the response by it.
type Purpose string

// Request purposes.
const (
	PurposeAuthorize Purpose = "authorize"   // authorize with pi.flow
	PurposeFlowRead  Purpose = "flow.read"   // GET the flow (Open, a retry, the return from an IdP)
	PurposeFlowPoll  Purpose = "flow.poll"   // GET the flow while waiting for push confirmation
	PurposeAction    Purpose = "flow.action" // POST a Flows API action
	PurposeResume    Purpose = "resume"      // GET resume with pi.flow after COMPLETED
	PurposeToken     Purpose = "token"       // the authorization_code token request
	PurposeDaVinci   Purpose = "davinci"     // a DaVinci capability call
	// PurposeChallenge reads a DaVinci challenge's status (QR / cross-device approval).
	PurposeChallenge Purpose = "davinci.challenge"
	// PurposeContinue posts the continueToken after a social sign-on to the form's continue link.
	PurposeContinue Purpose = "davinci.continue"
)

// Response is what the driver got back. NetworkError is set instead of Status when no HTTP
// response arrived (offline, DNS, CORS refusal, timeout).
type Response struct {
	Status int `json:"status"`
	// Headers with lower-case names; only location and content-type are read.
	Headers      map[string]string `json:"headers,omitempty"`
	Body         string            `json:"body"`
	NetworkError string            `json:"networkError,omitempty"`
}

func (r Response) header(name string) string {
	if v, ok := r.Headers[name]; ok {
		return v
	}
	for k, v := range r.Headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

const (
	credsInclude = "include"
	credsOmit    = "omit"
	mediaJSON    = "application/json"
	mediaForm    = "application/x-www-form-urlencoded"
)

func getJSON(url string, purpose Purpose) *Request {
	return &Request{
		Method: "GET", URL: url, Headers: map[string]string{"Accept": mediaJSON},
		Credentials: credsInclude, Purpose: purpose, Idempotent: true,
	}
}
