package flowcore

import (
	"io"
	"strconv"
	"strings"
	"time"
)

// Options are the engine's inputs from the outside world.
type Options struct {
	// Now is the clock. Required: the engine never reads the wall clock itself.
	Now func() time.Time
	// Rand is a cryptographically secure random source for PKCE, state and nonce. Required.
	Rand io.Reader
	// PollInterval is the wait between reads of a Flows API flow waiting for push confirmation
	// (default 2s). A DaVinci POLLING component brings its own interval and number of retries.
	PollInterval time.Duration
	// MaxPolls bounds those reads (default 150, five minutes at the default interval).
	MaxPolls int
	// ClockSkew is how far past exp an ID token is still accepted (default 60s).
	ClockSkew time.Duration
	// MatchPattern checks a value against a DaVinci field's validation regex, which is a
	// JavaScript regular expression: in a browser, give it RegExp; in Go, regexp comes close.
	// Without it the pattern is left to the server.
	MatchPattern func(pattern, value string) (bool, error)
}

// mode says who started a flow and so who finishes it.
type mode string

const (
	modeEmbedded mode = "embedded" // Start: authorize with pi.flow; this engine resumes and exchanges the code
	modeRedirect mode = "redirect" // Login: the browser goes to authorize; HandleRedirect exchanges the code
	modeOpen     mode = "open"     // Open: a custom sign-on page given ?flowId=; it ends by navigating to resumeUrl
)

// Protocols a flow can speak (Step.Protocol).
const (
	protocolFlows   = "flows"
	protocolDaVinci = "davinci"
)

// phase is what the engine is waiting for.
type phase string

const (
	phaseIdle       phase = "idle"
	phaseAwait      phase = "await"      // a Request is pending; Receive its response
	phaseShow       phase = "show"       // a Step waits for Submit
	phaseWait       phase = "wait"       // polling: Poll after the delay (Submit may still act)
	phaseCeremony   phase = "ceremony"   // the browser performs a ceremony; Resolve gives its result
	phaseExternal   phase = "external"   // the browser went to an identity provider; HandleRedirect next
	phaseCallback   phase = "callback"   // the browser went to authorize; HandleRedirect comes next
	phaseRedirected phase = "redirected" // the browser went to resumeUrl; this engine's part is over
	phaseDone       phase = "done"
)

// state is everything a snapshot carries. It holds no password: action bodies are never kept.
type state struct {
	Mode       mode     `json:"mode,omitempty"`
	Phase      phase    `json:"phase"`
	Pending    *Request `json:"pending,omitempty"`
	Verifier   string   `json:"verifier,omitempty"`
	State      string   `json:"state,omitempty"`
	Nonce      string   `json:"nonce,omitempty"`
	Flow       string   `json:"flow,omitempty"` // the last flow document, as the server sent it
	LastError  *Error   `json:"lastError,omitempty"`
	LastAction string   `json:"lastAction,omitempty"`
	Polls      int      `json:"polls,omitempty"`
	// Reread is the error to show if the flow read after an unconfirmed action is still on the
	// same step.
	Reread *Error `json:"reread,omitempty"`
	// Ceremony is the ceremony the browser is performing (without its Step).
	Ceremony *Ceremony `json:"ceremony,omitempty"`
	// A DaVinci flow keeps its last form and interaction instead of a flow document.
	Protocol         string `json:"protocol,omitempty"`
	Node             string `json:"node,omitempty"`
	InteractionID    string `json:"interactionId,omitempty"`
	InteractionToken string `json:"interactionToken,omitempty"`
}

// Engine is one sign-on in progress. It is not safe for concurrent use.
type Engine struct {
	cfg    Config
	opts   Options
	st     state
	doc    *flowDoc // st.Flow, decoded
	node   *dvNode  // st.Node, decoded
	tokens *Tokens
	// held is a DaVinci call waiting for a ceremony's result. It may hold the person's input,
	// so it lives only in memory, never in a snapshot; it goes with st.Ceremony (await and show
	// drop both).
	held *heldCall
	// keys is the environment's JWKS "keys" array, cached across sign-ons; verifying is an ID
	// token under its signature check. Memory only (jwt.go).
	keys      []byte
	verifying *verifying
}

// protocol is what differs between the Flows API and DaVinci: how their responses move the
// flow, the Step the page sees, and what Submit, Poll and a ceremony's result become. The OAuth
// legs (authorize, resume, token) are the engine's own.
//
// It is a table of functions rather than a Go interface: an interface whose methods take *Engine
// makes the linker keep every method of every type an Engine reaches that an interface could
// call (time.Time's formatting and parsing among them), about 75 KB gzipped in the browser.
type protocol struct {
	// receive reads the response to one of the protocol's own requests.
	receive func(e *Engine, r Response) Effect
	step    func(e *Engine) *Step
	submit  func(e *Engine, s *Step, a Action, in input) (Effect, error)
	poll    func(e *Engine) Effect
	// waiting is the delay before the next Poll, in milliseconds; 0 when the step does not poll.
	waiting func(e *Engine) int64
	resolve func(e *Engine, c *Ceremony, res CeremonyResult) (Effect, error)
	// returned continues after the browser came back from a navigate ceremony.
	returned func(e *Engine, q map[string]string) Effect
}

func (e *Engine) proto() *protocol {
	if e.st.Protocol == protocolDaVinci {
		return &davinciAPI
	}
	return &flowsAPI
}

// New checks the configuration and returns an idle engine.
func New(cfg Config, opts Options) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		return nil, usage("Options.Now is required (the engine never reads the clock itself)")
	}
	if opts.Rand == nil {
		return nil, usage("Options.Rand is required (a cryptographically secure random source)")
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 2 * time.Second
	}
	if opts.MaxPolls <= 0 {
		opts.MaxPolls = 150
	}
	if opts.ClockSkew <= 0 {
		opts.ClockSkew = time.Minute
	}
	return &Engine{cfg: cfg, opts: opts, st: state{Phase: phaseIdle}}, nil
}

// Start begins an embedded sign-on: authorize with response_mode=pi.flow, PKCE S256, state and
// nonce. The flow comes back as JSON and the page renders every step itself.
func (e *Engine) Start() (Effect, error) {
	if err := e.begin(modeEmbedded); err != nil {
		return Effect{}, err
	}
	req := getJSON(e.authorizeURL("pi.flow"), PurposeAuthorize)
	// DaVinci answers JSON instead of HTML only when asked so; the Flows API ignores the header.
	req.Headers["X-Requested-With"] = "ping-sdk"
	return e.await(req), nil
}

// Login begins a redirect sign-on: the browser navigates to authorize and PingOne (or the
// application's custom sign-on page) takes over. Snapshot before navigating; after the redirect
// back, Restore and call HandleRedirect.
func (e *Engine) Login() (Effect, error) {
	if err := e.begin(modeRedirect); err != nil {
		return Effect{}, err
	}
	e.st.Phase = phaseCallback
	return Effect{Kind: EffectRedirect, URL: e.authorizeURL("")}, nil
}

// isFlowID accepts what PingOne's flow ids look like (UUIDs) and nothing that could change
// the URL it is put into.
func isFlowID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Open continues a flow someone else started: a custom sign-on page reached with ?flowId=. The
// flow ends by sending the browser to its resumeUrl, and the application's callback exchanges the
// code.
func (e *Engine) Open(flowID string) (Effect, error) {
	if !isFlowID(flowID) {
		return Effect{}, usage("Open: %q is not a flow id", flowID)
	}
	e.reset(modeOpen)
	return e.await(getJSON(e.cfg.base()+"/flows/"+flowID, PurposeFlowRead)), nil
}

func (e *Engine) begin(m mode) error {
	verifier, err := NewVerifier(e.opts.Rand)
	if err != nil {
		return err
	}
	st, err := randomToken(e.opts.Rand, 16)
	if err != nil {
		return err
	}
	nonce, err := randomToken(e.opts.Rand, 16)
	if err != nil {
		return err
	}
	e.reset(m)
	e.st.Verifier, e.st.State, e.st.Nonce = verifier, st, nonce
	return nil
}

func (e *Engine) reset(m mode) {
	e.st = state{Mode: m, Phase: phaseIdle}
	e.doc, e.node, e.tokens, e.held, e.verifying = nil, nil, nil, nil, nil
}

// Cancel abandons the flow in progress. The engine is idle afterwards.
func (e *Engine) Cancel() { e.reset("") }

func (e *Engine) authorizeURL(responseMode string) string {
	q := params{
		"client_id":             e.cfg.ClientID,
		"response_type":         "code",
		"redirect_uri":          e.cfg.RedirectURI,
		"scope":                 e.cfg.scope(),
		"state":                 e.st.State,
		"nonce":                 e.st.Nonce,
		"code_challenge":        S256Challenge(e.st.Verifier),
		"code_challenge_method": "S256",
	}
	set := func(k, v string) {
		if v != "" {
			q[k] = v
		}
	}
	set("response_mode", responseMode)
	set("acr_values", e.cfg.ACRValues)
	set("login_hint", e.cfg.LoginHint)
	set("prompt", e.cfg.Prompt)
	set("ui_locales", e.cfg.UILocales)
	if e.cfg.MaxAge != nil {
		q["max_age"] = strconv.Itoa(*e.cfg.MaxAge)
	}
	return e.cfg.base() + "/as/authorize?" + q.encode()
}

func (e *Engine) await(r *Request) Effect {
	e.st.Phase, e.st.Pending, e.st.Ceremony, e.held = phaseAwait, r, nil, nil
	return Effect{Kind: EffectFetch, Request: r}
}

// show puts the current step on screen: a Show effect, or a Wait when the step polls.
func (e *Engine) show() Effect {
	e.st.Pending, e.st.Ceremony, e.held = nil, nil, nil
	if d := e.proto().waiting(e); d > 0 {
		e.st.Phase = phaseWait
		return Effect{Kind: EffectWait, Step: e.step(), DelayMS: d}
	}
	e.st.Phase = phaseShow
	return Effect{Kind: EffectShow, Step: e.step()}
}

// showWithError puts the current step back on screen with err attached.
func (e *Engine) showWithError(err *Error) Effect {
	e.st.LastError = err
	return e.show()
}

func fail(err *Error) Effect { return Effect{Kind: EffectFail, Error: err} }

// Receive feeds the response to the pending request. A Fail effect leaves the engine's state as
// it was, the request still pending.
func (e *Engine) Receive(r Response) (Effect, error) {
	if e.st.Phase != phaseAwait || e.st.Pending == nil {
		return Effect{}, usage("Receive: no request is pending (the engine is %s)", e.st.Phase)
	}
	next := *e
	var eff Effect
	switch e.st.Pending.Purpose {
	case PurposeAuthorize:
		eff = next.onAuthorize(r)
	case PurposeResume:
		eff = next.onResume(r)
	case PurposeToken:
		eff = next.onToken(r)
	case PurposeJWKS:
		eff = next.onJWKS(r)
	default:
		eff = next.proto().receive(&next, r)
	}
	if eff.Kind != EffectFail {
		*e = next
	}
	return eff, nil
}

func (e *Engine) onAuthorize(r Response) Effect {
	if te, ok := transportError(r); ok {
		if te.Code == CodeUnexpectedRedirect {
			te.Message += "; authorize with response_mode=pi.flow answers JSON, so the client id, the redirect URI or the application's response modes are probably wrong"
		}
		return fail(te)
	}
	if r.Status >= 400 {
		return fail(authorizeError(r))
	}
	if r.Status != 200 {
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "authorize answered HTTP %d", r.Status).keepBody(r.Status, r.Body))
	}
	if isDaVinci(r.Body) {
		return e.onDaVinciBody(r)
	}
	return e.onFlowBody(r)
}

func authorizeError(r Response) *Error {
	if oe, ok := oauthError(r.Body); ok {
		return classifyOAuth(oe).keepBody(r.Status, r.Body)
	}
	pe, ok := pingOneError(r.Body)
	if !ok {
		return newError(CodeAuthorizeRejected, ClassMisconfiguration, "authorize refused the request (HTTP %d)", r.Status).keepBody(r.Status, r.Body)
	}
	pe.Code, pe.Class = CodeAuthorizeRejected, ClassMisconfiguration
	for _, d := range pe.Details {
		// In pi.flow mode an OAuth error such as login_required arrives as a detail code.
		if isOAuthCode(d.Code) {
			oe := &Error{ServerCode: d.Code, Message: d.Message}
			classifyOAuth(oe)
			pe.Code, pe.Class, pe.Message = oe.Code, oe.Class, oe.Message
			break
		}
		switch d.Target {
		case "redirect_uri":
			pe.Code = CodeRedirectURIMismatch
		case "client_id":
			pe.Code = CodeUnknownClient
		}
	}
	if r.Status == 404 && pe.Code == CodeAuthorizeRejected {
		pe.Code = CodeUnknownClient
	}
	if pe.Message == "" {
		pe.Message = "authorize refused the request"
	}
	return pe.keepBody(r.Status, r.Body)
}

// exchange checks the authorization response and asks for the token request.
func (e *Engine) exchange(code, st string) Effect {
	if e.st.Mode != modeEmbedded {
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "an authorization code arrived for a flow this engine did not start"))
	}
	if st != e.st.State {
		return fail(newError(CodeStateMismatch, ClassRestart, "the authorization response's state is not the one this engine sent; start again"))
	}
	return e.awaitToken(e.tokenRequest(code))
}

// onResume reads resume's answer (pi.flow): the flow again, now with its authorizeResponse.
func (e *Engine) onResume(r Response) Effect {
	if te, ok := transportError(r); ok {
		if te.Code == CodeUnexpectedRedirect {
			te.Message += "; the PingOne session cookie (ST) probably did not reach resume (third-party cookies blocked, or the origin is not in the application's CORS settings)"
		}
		return fail(te)
	}
	if r.Status >= 400 {
		if oe, ok := oauthError(r.Body); ok {
			return fail(classifyOAuth(oe).keepBody(r.Status, r.Body))
		}
		return fail(flowHTTPError(r))
	}
	d, err := decodeFlow(r.Body, e.cfg.origin())
	switch {
	case err != nil:
		return fail(err.keepBody(r.Status, r.Body))
	case !d.hasAuthorize && d.status != StatusFailed:
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "resume answered without an authorizeResponse").keepBody(r.Status, r.Body))
	}
	return e.onFlow(d)
}

func (e *Engine) onToken(r Response) Effect {
	if te, ok := transportError(r); ok {
		if te.Class == ClassRetry && te.Code != CodeRateLimited {
			// The code may have been redeemed by a request whose answer was lost: posting it
			// again cannot work (a code is single-use), a new sign-on (SSO, usually) can.
			te.Class = ClassRestart
			te.Message += "; the authorization code may be spent, so start again"
		}
		return fail(te)
	}
	if r.Status >= 400 {
		if oe, ok := oauthError(r.Body); ok {
			return fail(classifyOAuth(oe).keepBody(r.Status, r.Body))
		}
		return fail(newError(CodeMalformedResponse, ClassProtocol, "the token endpoint failed (HTTP %d) without an OAuth error body", r.Status).keepBody(r.Status, r.Body))
	}
	if r.Status != 200 {
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "the token endpoint answered HTTP %d", r.Status).keepBody(r.Status, r.Body))
	}
	t, err := e.parseTokens(r)
	if err != nil {
		return fail(err)
	}
	return e.checkSignature(t)
}

// onStep reports whether a step is on screen: shown, polled, or beside a ceremony.
func (e *Engine) onStep() bool {
	return e.st.Phase == phaseShow || e.st.Phase == phaseWait || e.st.Phase == phaseCeremony
}

// Submit performs an action the current step offers. input maps field keys to values (strings,
// booleans, or {"id": ...} for a device). A required field left empty gives back the same step
// with the error on that field; an action the step does not offer is a usage error naming the
// ones it does. An action with a Ceremony answers a Ceremony effect; {"mediation": "conditional"}
// starts a conditional one as passkey autofill. Submit during a ceremony abandons it.
func (e *Engine) Submit(action string, in map[string]any) (Effect, error) {
	if !e.onStep() {
		return Effect{}, usage("Submit: no step is waiting for input (the engine is %s)", e.st.Phase)
	}
	step := e.step()
	a, ok := step.Action(action)
	if !ok {
		return Effect{}, usage("Submit: action %q is not offered in status %s; offered: %s",
			action, step.Status, strings.Join(step.ActionNames(), ", "))
	}
	if m, _ := in["mediation"].(string); m != "" && (m != "conditional" || !a.Conditional) {
		return Effect{}, usage("Submit: action %q cannot be started with mediation %q", action, m)
	}
	return e.proto().submit(e, step, a, in)
}

// Poll reads the flow again while its step waits (push confirmation, DaVinci polling).
func (e *Engine) Poll() (Effect, error) {
	if e.st.Phase != phaseWait {
		return Effect{}, usage("Poll: the engine is not waiting (it is %s)", e.st.Phase)
	}
	return e.proto().poll(e), nil
}

// Retry gives back the pending request after a Fail. A Flows API action is not sent twice: the
// flow is read again instead, since the server may have applied it (the same step comes back
// with a not_applied error when it had not); a DaVinci form goes back on screen to be sent
// again (its interaction token makes a second application impossible: DaVinci refuses a spent
// one, interaction_rejected).
func (e *Engine) Retry() (Effect, error) {
	if e.st.Phase != phaseAwait || e.st.Pending == nil {
		return Effect{}, usage("Retry: no request is pending (the engine is %s)", e.st.Phase)
	}
	switch {
	case e.st.Pending.Purpose == PurposeAction:
		return e.reread(newError(CodeNotApplied, ClassRetry, "the server did not confirm %s and the flow has not moved on: submit it again", e.st.Pending.Action)), nil
	case e.st.Pending.Purpose == PurposeDaVinci && e.node != nil:
		e.st.Polls = 0
		return e.show(), nil
	}
	return Effect{Kind: EffectFetch, Request: e.st.Pending}, nil
}

// HandleRedirect takes the URL the browser came back to. After Login, it finishes a redirect
// sign-on: given ?code=&state= (or ?error=&error_description=), it checks state and asks for the
// token request. After a navigate ceremony (a social sign-on), it continues the flow: ?flowId=
// for the Flows API, ?continueToken= for DaVinci.
func (e *Engine) HandleRedirect(callback string) (Effect, error) {
	external := e.st.Phase == phaseExternal
	if !external && (e.st.Mode != modeRedirect || e.st.Phase != phaseCallback) {
		return Effect{}, usage("HandleRedirect: no redirect sign-on is waiting for its callback (restore the snapshot taken before Login)")
	}
	u, ok := parseURI(callback)
	if !ok {
		return Effect{}, usage("HandleRedirect: %q is not a URL", callback)
	}
	q := parseQuery(u.query)
	if len(q) == 0 && u.fragment != "" {
		q = parseQuery(u.fragment)
	}
	if external {
		if code := q["error"]; code != "" {
			return fail(classifyOAuth(&Error{ServerCode: code, Message: q["error_description"]})), nil
		}
		return e.proto().returned(e, q), nil
	}
	if iss := q["iss"]; iss != "" && iss != e.cfg.Issuer() {
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "the callback's iss %q is not the issuer %q (RFC 9207)", iss, e.cfg.Issuer())), nil
	}
	if q["state"] != e.st.State {
		return fail(newError(CodeStateMismatch, ClassRestart, "the callback's state is not the one this engine sent; start again")), nil
	}
	if code := q["error"]; code != "" {
		return fail(classifyOAuth(&Error{ServerCode: code, Message: q["error_description"]})), nil
	}
	code := q["code"]
	if code == "" {
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "the callback has neither code nor error")), nil
	}
	return e.awaitToken(e.tokenRequest(code)), nil
}

// Step is the step on screen (also while a ceremony runs beside it), or nil.
func (e *Engine) Step() *Step {
	if !e.onStep() {
		return nil
	}
	return e.step()
}

func (e *Engine) step() *Step { return e.proto().step(e) }

// Tokens are the tokens of a finished sign-on, or nil. They are never part of a snapshot.
func (e *Engine) Tokens() *Tokens { return e.tokens }

// Current tells the driver what to do now, for a freshly restored engine. An engine waiting for
// the browser to come back from an identity provider gives up the navigation and shows its step
// again (the browser came back without the provider's answer): a URL that carries the answer
// goes to HandleRedirect instead of Current, which refuses it afterwards.
func (e *Engine) Current() (Effect, error) {
	switch e.st.Phase {
	case phaseAwait:
		return Effect{Kind: EffectFetch, Request: e.st.Pending}, nil
	case phaseShow, phaseWait, phaseExternal:
		return e.show(), nil
	case phaseCeremony:
		return e.ceremony(*e.st.Ceremony), nil
	case phaseDone:
		if e.tokens != nil {
			return Effect{Kind: EffectDone, Tokens: e.tokens}, nil
		}
	}
	return Effect{}, usage("Current: nothing to do (the engine is %s)", e.st.Phase)
}
