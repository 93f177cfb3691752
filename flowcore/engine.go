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
	// PollInterval is the wait between reads of a flow waiting for push confirmation (default 2s).
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

// Modes of a flow: who started it and so who finishes it.
const (
	modeEmbedded = "embedded" // Start: authorize with pi.flow; this engine resumes and exchanges the code
	modeRedirect = "redirect" // Login: the browser goes to authorize; HandleRedirect exchanges the code
	modeOpen     = "open"     // Open: a custom sign-on page given ?flowId=; it ends by navigating to resumeUrl
)

// Protocols a flow can speak.
const (
	protocolFlows   = "flows"
	protocolDaVinci = "davinci"
)

// Phases: what the engine is waiting for.
const (
	phaseIdle       = "idle"
	phaseAwait      = "await"      // a Request is pending; Receive its response
	phaseShow       = "show"       // a Step waits for Submit
	phaseWait       = "wait"       // push confirmation: Poll after the delay (Submit may switch device)
	phaseCallback   = "callback"   // the browser went to authorize; HandleRedirect comes next
	phaseRedirected = "redirected" // the browser went to resumeUrl; this engine's part is over
	phaseDone       = "done"
)

// state is everything a snapshot carries. It holds no password: action bodies are never kept.
type state struct {
	Mode       string   `json:"mode,omitempty"`
	Phase      string   `json:"phase"`
	Pending    *Request `json:"pending,omitempty"`
	Verifier   string   `json:"verifier,omitempty"`
	State      string   `json:"state,omitempty"`
	Nonce      string   `json:"nonce,omitempty"`
	Flow       string   `json:"flow,omitempty"` // the last flow document, as the server sent it
	LastError  *Error   `json:"lastError,omitempty"`
	LastAction string   `json:"lastAction,omitempty"`
	Polls      int      `json:"polls,omitempty"`
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

// Config returns the engine's configuration.
func (e *Engine) Config() Config { return e.cfg }

func (e *Engine) now() time.Time { return e.opts.Now() }

// Start begins an embedded sign-on: authorize with response_mode=pi.flow, PKCE S256, state and
// nonce. The flow comes back as JSON and the page renders every step itself.
func (e *Engine) Start() (Effect, error) {
	if err := e.begin(modeEmbedded); err != nil {
		return Effect{}, err
	}
	req := getJSON(e.authorizeURL("pi.flow"), "authorize")
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
	return e.await(getJSON(e.cfg.base()+"/flows/"+flowID, "flow.read")), nil
}

func (e *Engine) begin(mode string) error {
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
	e.reset(mode)
	e.st.Verifier, e.st.State, e.st.Nonce = verifier, st, nonce
	return nil
}

func (e *Engine) reset(mode string) {
	e.st = state{Mode: mode, Phase: phaseIdle}
	e.doc, e.node, e.tokens = nil, nil, nil
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
	e.st.Phase, e.st.Pending = phaseAwait, r
	return Effect{Kind: EffectFetch, Request: r}
}

func fail(err *Error) Effect { return Effect{Kind: EffectFail, Error: err} }

// Receive feeds the response to the pending request. A Fail effect leaves the engine's state as
// it was, the request still pending.
func (e *Engine) Receive(r Response) (Effect, error) {
	if e.st.Phase != phaseAwait || e.st.Pending == nil {
		return Effect{}, usage("Receive: no request is pending (the engine is %s)", e.st.Phase)
	}
	next := *e
	eff := next.receive(r)
	if eff.Kind != EffectFail {
		*e = next
	}
	return eff, nil
}

func (e *Engine) receive(r Response) Effect {
	switch e.st.Pending.Purpose {
	case "authorize":
		return e.onAuthorize(r)
	case "flow.action":
		return e.onAction(r)
	case "resume":
		return e.onResume(r)
	case "token":
		return e.onToken(r)
	case "davinci":
		return e.onDaVinci(r)
	default: // flow.read, flow.poll
		return e.onFlowRead(r)
	}
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
		if oauthCodes[d.Code] {
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

func (e *Engine) onFlowRead(r Response) Effect {
	if te, ok := transportError(r); ok {
		return fail(te)
	}
	if r.Status >= 400 {
		return fail(flowHTTPError(r))
	}
	return e.onFlowBody(r)
}

// flowHTTPError classifies a 4xx from the Flows API that the person cannot fix.
func flowHTTPError(r Response) *Error {
	var e *Error
	switch r.Status {
	case 404:
		e = newError(CodeFlowExpired, ClassRestart, "the sign-on flow has expired or does not exist; start again")
	case 401, 403:
		e = newError(CodeSessionRejected, ClassRestart, "the server refused this flow for this browser session (HTTP %d); start again", r.Status)
	default:
		e = newError(CodeRequestRejected, ClassRestart, "the server refused the request (HTTP %d)", r.Status)
	}
	if p, ok := pingOneError(r.Body); ok {
		e.ServerCode, e.ServerID, e.Details = p.ServerCode, p.ServerID, p.Details
	}
	return e.keepBody(r.Status, r.Body)
}

func (e *Engine) onAction(r Response) Effect {
	if te, ok := transportError(r); ok {
		if te.Class == ClassRetry && e.doc != nil {
			// The person may simply submit again; the step stays on screen.
			return e.showWithError(te)
		}
		return fail(te)
	}
	switch {
	case r.Status == 401 || r.Status == 403 || r.Status == 404:
		return fail(flowHTTPError(r))
	case r.Status >= 400:
		pe, ok := pingOneError(r.Body)
		if !ok {
			return fail(newError(CodeMalformedResponse, ClassProtocol, "the error response (HTTP %d) is not a PingOne error body", r.Status).keepBody(r.Status, r.Body))
		}
		if len(pe.Details) > 0 {
			classifyFieldError(pe)
		} else {
			pe.Code, pe.Class = CodeRequestRejected, ClassFix
		}
		if pe.Message == "" {
			pe.Message = "the server refused the input"
		}
		return e.showWithError(pe.keepBody(r.Status, r.Body))
	}
	return e.onFlowBody(r)
}

// showWithError puts the current step back on screen with err attached.
func (e *Engine) showWithError(err *Error) Effect {
	e.st.LastError, e.st.Pending = err, nil
	e.st.Phase = phaseShow
	if e.waiting() {
		e.st.Phase = phaseWait
		return Effect{Kind: EffectWait, Step: e.step(), DelayMS: e.opts.PollInterval.Milliseconds()}
	}
	return Effect{Kind: EffectShow, Step: e.step()}
}

// waiting reports whether the current step is one the driver polls.
func (e *Engine) waiting() bool {
	if e.st.Protocol == protocolDaVinci {
		return e.node.polling != ""
	}
	return e.doc.status == StatusPushConfirmationRequired
}

func (e *Engine) onFlowBody(r Response) Effect {
	if r.Status < 200 || r.Status > 299 {
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "unexpected HTTP %d", r.Status).keepBody(r.Status, r.Body))
	}
	doc, err := decodeFlow(r.Body, e.cfg.origin())
	if err != nil {
		return fail(err.keepBody(r.Status, r.Body))
	}
	return e.onFlow(doc)
}

// onFlow moves to the state a (checked) flow document describes. Automatic legs (resume, token)
// need nothing from the page.
func (e *Engine) onFlow(d *flowDoc) Effect {
	wasPolling := e.st.Pending != nil && e.st.Pending.Purpose == "flow.poll"
	switch {
	case d.hasAuthorize:
		return e.exchange(d)
	case d.status == StatusFailed:
		fe := newError(CodeFlowFailed, ClassRestart, "the sign-on flow failed")
		fe.ServerCode = d.errCode
		if d.errMessage != "" {
			fe.Message = d.errMessage
		}
		fe.Body = []byte(d.raw)
		return fail(fe)
	}
	e.st.Flow, e.doc = d.raw, d
	e.st.Protocol = protocolFlows
	e.st.LastError, e.st.LastAction = nil, ""
	switch d.status {
	case StatusCompleted:
		if e.st.Mode == modeEmbedded {
			return e.await(getJSON(d.resumeURL, "resume"))
		}
		e.st.Phase, e.st.Pending = phaseRedirected, nil
		return Effect{Kind: EffectRedirect, URL: d.resumeURL}
	case StatusPushConfirmationRequired:
		if wasPolling {
			e.st.Polls++
		} else {
			e.st.Polls = 0
		}
		if e.st.Polls >= e.opts.MaxPolls {
			return fail(newError(CodePollLimit, ClassRestart, "no push confirmation after %d checks", e.st.Polls))
		}
		e.st.Phase, e.st.Pending = phaseWait, nil
		return Effect{Kind: EffectWait, Step: e.step(), DelayMS: e.opts.PollInterval.Milliseconds()}
	}
	e.st.Polls = 0
	e.st.Phase, e.st.Pending = phaseShow, nil
	return Effect{Kind: EffectShow, Step: e.step()}
}

// exchange checks the authorization response and asks for the token request.
func (e *Engine) exchange(d *flowDoc) Effect {
	if e.st.Mode != modeEmbedded {
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "an authorization code arrived for a flow this engine did not start"))
	}
	if d.authState != e.st.State {
		return fail(newError(CodeStateMismatch, ClassRestart, "the authorization response's state is not the one this engine sent; start again"))
	}
	return e.await(e.tokenRequest(d.authCode))
}

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
	eff := e.onFlowBody(r)
	if eff.Kind == EffectFetch && eff.Request.Purpose == "token" || eff.Kind == EffectFail {
		return eff
	}
	return fail(newError(CodeUnexpectedResponse, ClassProtocol, "resume answered without an authorizeResponse").keepBody(r.Status, r.Body))
}

func (e *Engine) onToken(r Response) Effect {
	if te, ok := transportError(r); ok {
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
	e.reset(e.st.Mode)
	e.st.Phase, e.tokens = phaseDone, t
	return Effect{Kind: EffectDone, Tokens: t}
}

// Submit performs an action the current step offers. input maps field keys to values (strings,
// booleans, or {"id": ...} for a device). A required field left empty gives back the same step
// with the error on that field; an action the step does not offer is a usage error naming the
// ones it does.
func (e *Engine) Submit(action string, in map[string]any) (Effect, error) {
	if e.st.Phase != phaseShow && e.st.Phase != phaseWait {
		return Effect{}, usage("Submit: no step is waiting for input (the engine is %s)", e.st.Phase)
	}
	step := e.step()
	a, ok := step.Action(action)
	if !ok {
		return Effect{}, usage("Submit: action %q is not offered in status %s; offered: %s",
			action, step.Status, strings.Join(step.ActionNames(), ", "))
	}
	if e.st.Protocol == protocolDaVinci {
		data, fix, err := davinciFormData(a, in, e.opts.MatchPattern)
		if err != nil {
			return Effect{}, err
		}
		e.st.LastAction = action
		if fix != nil {
			return e.showWithError(fix), nil
		}
		return e.await(e.davinciRequest(a.Event, action, data)), nil
	}
	body, fix, err := buildBody(a, in, step)
	if err != nil {
		return Effect{}, err
	}
	if fix != nil {
		e.st.LastAction = action
		return e.showWithError(fix), nil
	}
	href, _ := e.doc.href(action)
	req := &Request{
		Method: "POST", URL: href,
		Headers:     map[string]string{"Content-Type": MediaType(action), "Accept": mediaJSON},
		Body:        body,
		Credentials: credsInclude, Purpose: "flow.action", Action: action, Sensitive: body != "",
	}
	e.st.LastAction = action
	return e.await(req), nil
}

// Poll reads the flow again while it waits for push confirmation.
func (e *Engine) Poll() (Effect, error) {
	if e.st.Phase != phaseWait {
		return Effect{}, usage("Poll: the engine is not waiting (it is %s)", e.st.Phase)
	}
	if e.st.Protocol == protocolDaVinci {
		return e.await(e.davinciRequest("polling", e.node.polling, map[string]any{})), nil
	}
	return e.await(getJSON(e.selfURL(), "flow.poll")), nil
}

func (e *Engine) selfURL() string {
	if href, ok := e.doc.href(linkSelf); ok {
		return href
	}
	return e.cfg.base() + "/flows/" + e.doc.id
}

// Retry gives back the pending request after a Fail. An action is not sent twice: the flow is
// read again instead, since the server may have applied it.
func (e *Engine) Retry() (Effect, error) {
	if e.st.Phase != phaseAwait || e.st.Pending == nil {
		return Effect{}, usage("Retry: no request is pending (the engine is %s)", e.st.Phase)
	}
	switch {
	case e.st.Pending.Purpose == "flow.action":
		return e.await(getJSON(e.selfURL(), "flow.read")), nil
	case e.st.Pending.Purpose == "davinci" && e.node != nil:
		// A capability call is not replayed: the form goes back on screen to be sent again.
		e.st.Pending, e.st.Phase = nil, phaseShow
		if e.waiting() {
			return e.davinciWait(false), nil
		}
		return Effect{Kind: EffectShow, Step: e.step()}, nil
	}
	return Effect{Kind: EffectFetch, Request: e.st.Pending}, nil
}

// HandleRedirect finishes a redirect sign-on: given the URL PingOne sent the browser back to
// (?code=&state= or ?error=&error_description=), it checks state and asks for the token request.
func (e *Engine) HandleRedirect(callback string) (Effect, error) {
	if e.st.Mode != modeRedirect || e.st.Phase != phaseCallback {
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
	return e.await(e.tokenRequest(code)), nil
}

// Step is the step on screen, or nil.
func (e *Engine) Step() *Step {
	if e.st.Phase != phaseShow && e.st.Phase != phaseWait {
		return nil
	}
	return e.step()
}

func (e *Engine) step() *Step {
	if e.st.Protocol == protocolDaVinci {
		return buildDaVinciStep(e.node, e.st.LastError, e.st.LastAction)
	}
	return buildStep(e.doc, e.st.LastError, e.st.LastAction)
}

// Tokens are the tokens of a finished sign-on, or nil. They are never part of a snapshot.
func (e *Engine) Tokens() *Tokens { return e.tokens }

// Current tells the driver what to do now, for a freshly restored engine.
func (e *Engine) Current() (Effect, error) {
	switch e.st.Phase {
	case phaseAwait:
		return Effect{Kind: EffectFetch, Request: e.st.Pending}, nil
	case phaseShow:
		return Effect{Kind: EffectShow, Step: e.step()}, nil
	case phaseWait:
		return Effect{Kind: EffectWait, Step: e.step(), DelayMS: e.opts.PollInterval.Milliseconds()}, nil
	case phaseDone:
		if e.tokens != nil {
			return Effect{Kind: EffectDone, Tokens: e.tokens}, nil
		}
	}
	return Effect{}, usage("Current: nothing to do (the engine is %s)", e.st.Phase)
}
