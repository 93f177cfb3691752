package flowcore

import (
	"strings"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// DaVinci flows arrive from authorize (pi.flow) when the application has a DaVinci flow policy:
// each response is a form ("node") whose _links.next is where the next capability call goes.
// Reference §7.

const (
	davinciRewindLast     = "rewindStateToLastRenderedUI"
	davinciRewindSpecific = "rewindStateToSpecificRenderedUI"
	davinciAuthConnector  = "pingOneAuthenticationConnector"
	// DaVinci's defaults for a POLLING component.
	davinciPollInterval = 2000
	davinciPollRetries  = 60
	// CodeInteractionExpired: DaVinci timed the interaction out (requestTimedOut).
	CodeInteractionExpired = "interaction_expired"
	// CodeInteractionRejected: DaVinci refused the interaction's credentials (401, code 1999):
	// a token already spent by a newer step, or one it never issued.
	CodeInteractionRejected = "interaction_rejected"
)

// dvNode is a checked DaVinci form response.
type dvNode struct {
	raw                             string
	id, eventName, nextHref         string
	continueHref                    string // _links.continue: where the social return goes
	interactionID, interactionToken string
	// submit is the key of the form's first SUBMIT_BUTTON: the actionKey davinci-client sends
	// with a polling call or a passkey.
	submit string
	// polling is the key of the form's POLLING component, if it has one; challengeURL is where
	// its challenge's status is read, when it polls a challenge.
	polling                 string
	pollInterval, pollTimes int
	challengeURL            string
	// protect is the form's PROTECT component: every submit first collects its signals.
	protect    *ProtectRequest
	protectKey string
	// What the form's Step is built from, found in decodeNode's pass over the document:
	// form.components.fields, form.name, form.description, formData.value and the password
	// policy PingOne forms send beside the form.
	fields, formName, formDescription, prefill, passwordPolicy fjson.Result
}

// isDaVinci tells a DaVinci response from a Flows API one.
func isDaVinci(body string) bool {
	r := fjson.Get(body, "interactionId")
	return r.Type == fjson.String && r.Str != ""
}

func decodeNode(body, origin string) (*dvNode, *Error) {
	if !fjson.Valid(body) || !fjson.Parse(body).IsObject() {
		return nil, newError(CodeMalformedResponse, ClassProtocol, "the DaVinci response is not a JSON object")
	}
	return readNode(fjson.Parse(body), body, origin)
}

// readNode is decodeNode of a body already found to be a JSON object (root is its Parse).
func readNode(root fjson.Result, body, origin string) (*dvNode, *Error) {
	// One pass over the document for every top-level member the engine reads, and one over each
	// object under them.
	var m [8]fjson.Result
	root.Members(m[:], "id", "eventName", "_links", "interactionId", "interactionToken", "form", "formData", "passwordPolicy")
	var links [3]fjson.Result
	m[2].Members(links[:], "next", "continue", "self")
	var form [3]fjson.Result
	m[5].Members(form[:], "components", "name", "description")
	n := &dvNode{raw: body, id: m[0].String(), eventName: m[1].String(),
		nextHref: links[0].Get("href").String(), continueHref: links[1].Get("href").String(),
		interactionID: m[3].String(), interactionToken: m[4].String(),
		fields: form[0].Get("fields"), formName: form[1], formDescription: form[2],
		prefill: m[6].Get("value"), passwordPolicy: m[7]}
	if n.eventName == "" {
		n.eventName = "continue"
	}
	switch {
	case n.id == "":
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "the DaVinci form has no node id")
	case !sameOrigin(n.nextHref, origin):
		return nil, newError(CodeUntrustedLink, ClassProtocol, "_links.next %q is not on the auth host %s", n.nextHref, origin)
	}
	fields := n.fields
	if fields.Exists() && !fields.IsArray() {
		return nil, newError(CodeMalformedResponse, ClassProtocol, "form.components.fields is not an array")
	}
	fields.ForEach(func(_, f fjson.Result) bool {
		var c [8]fjson.Result
		f.Members(c[:], "key", "type", "behavioralDataCollection", "universalDeviceIdentification",
			"pollInterval", "pollRetries", "challenge", "pollChallengeStatus")
		key := c[0].String()
		switch c[1].String() {
		case "SUBMIT_BUTTON":
			if n.submit == "" {
				n.submit = key
			}
		case "PROTECT":
			n.protectKey = key
			n.protect = &ProtectRequest{BehavioralDataCollection: c[2].Bool(), UniversalDeviceIdentification: c[3].Bool()}
		case "POLLING":
			n.polling = key
			n.pollInterval = intOr(c[4], davinciPollInterval)
			n.pollTimes = intOr(c[5], davinciPollRetries)
			if ch := c[6].String(); ch != "" && c[7].Bool() {
				// davinci-client reads the status at {origin}/{envId} of the form's self link.
				base := links[2].Get("href").String()
				if !sameOrigin(base, origin) {
					base = n.nextHref
				}
				u, _ := parseURI(base)
				env, _, _ := strings.Cut(strings.TrimPrefix(u.path, "/"), "/")
				n.challengeURL = u.origin() + "/" + env + "/davinci/user/credentials/challenge/" + escape(ch) + "/status"
			}
		}
		return true
	})
	return n, nil
}

func intOr(r fjson.Result, def int) int {
	if (r.Type == fjson.Number || r.Type == fjson.String) && r.Int() > 0 {
		return int(r.Int())
	}
	return def
}

// onDaVinci classifies a capability response in the order Ping's own SDK does (reference §7.4).
func (e *Engine) onDaVinci(r Response) Effect {
	if r.NetworkError != "" || r.Status >= 500 || r.Status >= 300 && r.Status < 400 || r.Status < 100 || r.Status > 599 {
		te, _ := transportError(r)
		return fail(te)
	}
	if r.Status >= 400 {
		return e.onDaVinciError(r)
	}
	return e.onDaVinciBody(r)
}

func (e *Engine) onDaVinciError(r Response) Effect {
	if !fjson.Valid(r.Body) || !fjson.Parse(r.Body).IsObject() {
		return fail(newError(CodeMalformedResponse, ClassProtocol, "the DaVinci error (HTTP %d) is not JSON", r.Status).keepBody(r.Status, r.Body))
	}
	root := fjson.Parse(r.Body)
	var m [6]fjson.Result
	root.Members(m[:], "code", "message", "connectorId", "capabilityName", "correlationId", "details")
	code := strings.TrimSpace(m[0].String())
	message := strings.TrimSpace(m[1].String())
	switch code {
	case "requestTimedOut":
		de := newError(CodeInteractionExpired, ClassRestart, "the sign-on interaction has expired; start again")
		de.ServerCode = code
		return fail(de.keepBody(r.Status, r.Body))
	case "1999":
		de := newError(CodeInteractionRejected, ClassRestart, "the server no longer accepts this sign-on interaction (another tab or step may have moved it on); start again")
		de.ServerCode = code
		return fail(de.keepBody(r.Status, r.Body))
	}
	if m[2].String() == davinciAuthConnector {
		switch m[3].String() {
		case "returnSuccessResponseRedirect", "setSession":
			de := newError(CodeFlowFailed, ClassRestart, "the sign-on could not be completed: %s", message)
			de.ServerCode = code
			return fail(de.keepBody(r.Status, r.Body))
		}
	}
	if e.node == nil {
		return fail(newError(CodeAuthorizeRejected, ClassMisconfiguration, "DaVinci refused to start: %s", message).keepBody(r.Status, r.Body))
	}
	de := &Error{Code: CodeRequestRejected, Class: ClassFix, Message: message, ServerCode: code, ServerID: m[4].String()}
	m[5].ForEach(func(_, d fjson.Result) bool {
		var raw [3]fjson.Result
		d.Get("rawResponse").Members(raw[:], "code", "id", "details")
		if raw[0].String() != "INVALID_DATA" {
			return true
		}
		if de.ServerID == "" {
			de.ServerID = raw[1].String()
		}
		raw[2].ForEach(func(_, inner fjson.Result) bool {
			if inner.IsObject() {
				de.Details = append(de.Details, decodeDetail(inner))
			}
			return true
		})
		return true
	})
	if len(de.Details) > 0 {
		classifyFieldError(de)
	}
	if de.Message == "" {
		de.Message = "the server refused the input"
	}
	return e.showWithError(de.keepBody(r.Status, r.Body))
}

func (e *Engine) onDaVinciBody(r Response) Effect {
	if !fjson.Valid(r.Body) || !fjson.Parse(r.Body).IsObject() {
		return fail(newError(CodeMalformedResponse, ClassProtocol, "the DaVinci response is not a JSON object").keepBody(r.Status, r.Body))
	}
	root := fjson.Parse(r.Body)
	var m [9]fjson.Result
	root.Members(m[:], "interactionToken", "interactionId", "error", "status", "message", "session", "authorizeResponse", "eventName", "_links")
	dvErr, authorize, event := m[2], m[6], m[7].String()
	if tok := m[0].String(); tok != "" {
		e.st.InteractionToken = tok
	}
	if id := m[1].String(); id != "" {
		e.st.InteractionID = id
	}
	switch {
	case dvErr.Exists():
		de := newError(CodeFlowFailed, ClassRestart, "the sign-on failed")
		var f [2]fjson.Result
		dvErr.Members(f[:], "code", "message")
		de.ServerCode = f[0].String()
		if msg := f[1].String(); msg != "" {
			de.Message = msg
		}
		return fail(de.keepBody(r.Status, r.Body))
	case strings.EqualFold(m[3].String(), "failure"):
		de := newError(CodeFlowFailed, ClassRestart, "the sign-on failed")
		if msg := m[4].String(); msg != "" {
			de.Message = msg
		}
		return fail(de.keepBody(r.Status, r.Body))
	case m[5].Exists() || authorize.Exists():
		var f [2]fjson.Result
		authorize.Members(f[:], "code", "state")
		code, state := f[0], f[1]
		if code.Type != fjson.String || code.Str == "" {
			return fail(newError(CodeUnexpectedResponse, ClassProtocol, "the DaVinci success response has no authorizeResponse.code").keepBody(r.Status, r.Body))
		}
		return e.exchange(code.Str, state.String())
	case event == davinciRewindLast || event == davinciRewindSpecific:
		if e.node == nil {
			return fail(newError(CodeUnexpectedResponse, ClassProtocol, "DaVinci asked to keep polling before showing a form"))
		}
		return e.davinciWait()
	case m[8].Get("next.href").Exists():
		n, err := readNode(root, r.Body, e.cfg.origin()) // the body was checked above
		if err != nil {
			return fail(err.keepBody(r.Status, r.Body))
		}
		// The interaction's id and token were taken from the body above, when it carried them.
		e.st.Protocol, e.st.Node, e.node = protocolDaVinci, n.raw, n
		e.st.LastError, e.st.LastAction, e.st.Polls = nil, "", 0
		if n.protect != nil && n.submit == "" && len(e.step().Actions) == 0 {
			// A form with nothing to press but Protect signals to collect goes on by itself.
			return e.dvSend("submit", "", "", davinciValues(n, input{}))
		}
		return e.show()
	}
	return fail(newError(CodeUnexpectedResponse, ClassProtocol, "the DaVinci response is neither a form, a success nor a failure").keepBody(r.Status, r.Body))
}

// davinciWait keeps a polling form on screen after another unfinished check. (Asked to rewind
// to a form that does not poll, the engine simply shows it again.)
func (e *Engine) davinciWait() Effect {
	e.st.Polls++
	if e.node.polling != "" && e.st.Polls >= e.node.pollTimes {
		return fail(newError(CodePollLimit, ClassRestart, "still waiting after %d checks", e.st.Polls))
	}
	return e.show()
}

// davinciRequest is a capability call with its body (reference §7.3).
func (e *Engine) davinciRequest(eventType, actionKey string, formData map[string]any) *Request {
	body, _ := fjson.AppendValue(nil, map[string]any{
		"id": e.node.id, "eventName": e.node.eventName, "interactionId": e.st.InteractionID,
		"parameters": map[string]any{"eventType": eventType, "data": map[string]any{"actionKey": actionKey, "formData": formData}},
	})
	return &Request{
		Method: "POST", URL: e.node.nextHref,
		Headers: map[string]string{
			"Content-Type": mediaJSON, "Accept": mediaJSON, "X-Requested-With": "ping-sdk",
			"interactionId": e.st.InteractionID, "interactionToken": e.st.InteractionToken,
		},
		Body: string(body), Credentials: credsInclude, Purpose: PurposeDaVinci, Action: actionKey, Sensitive: true,
	}
}

// heldCall is a capability call waiting for a ceremony: the passkey's credential, or the
// Protect signals.
type heldCall struct {
	event, key string
	data       map[string]any
}

// dvSend sends a capability call, after collecting the form's Protect signals when it submits.
// action is the step's action that asked for it.
func (e *Engine) dvSend(event, key, action string, data map[string]any) Effect {
	if event == "submit" && e.node.protect != nil {
		e.held = &heldCall{event, key, data}
		return e.ceremony(Ceremony{Kind: CeremonyProtect, Protect: e.node.protect, Action: action})
	}
	return e.await(e.davinciRequest(event, key, data))
}

// dvPoll is davinci-client's polling call: the form's values, the POLLING component's set to
// value ("continue", or the completed challenge's status).
func (e *Engine) dvPoll(value string) Effect {
	data := davinciValues(e.node, input{})
	data[e.node.polling] = value
	return e.await(e.davinciRequest("polling", e.node.submit, data))
}

// davinciAPI is a DaVinci flow through PingOne's authorize endpoint (reference §7): each
// response is a form whose components become the step, and each submit a capability call.
var davinciAPI protocol

func init() {
	davinciAPI = protocol{davinciReceive, davinciStep, davinciSubmit, davinciPoll, davinciWaiting, davinciResolve, davinciReturned}
}

func davinciReceive(e *Engine, r Response) Effect {
	if e.st.Pending.Purpose == PurposeChallenge {
		return e.onChallenge(r)
	}
	return e.onDaVinci(r) // davinci, davinci.continue
}

func davinciStep(e *Engine) *Step {
	return buildDaVinciStep(e.node, e.st.LastError, e.st.LastAction)
}

func davinciWaiting(e *Engine) int64 {
	if e.node != nil && e.node.polling != "" {
		return int64(e.node.pollInterval)
	}
	return 0
}

func davinciPoll(e *Engine) Effect {
	if u := e.node.challengeURL; u != "" {
		return e.await(&Request{Method: "POST", URL: u, Body: "{}",
			Headers: map[string]string{"Content-Type": mediaJSON, "Accept": mediaJSON, "X-Requested-With": "ping-sdk",
				"interactionId": e.st.InteractionID},
			Credentials: credsInclude, Purpose: PurposeChallenge, Idempotent: true})
	}
	return e.dvPoll("continue")
}

func davinciSubmit(e *Engine, _ *Step, a Action, in input) (Effect, error) {
	switch a.Ceremony {
	case CeremonyNavigate:
		return e.navigate(a), nil
	case CeremonyWebAuthnGet, CeremonyWebAuthnCreate:
		opts, ferr := webauthnOptions(a.src, a.Ceremony == CeremonyWebAuthnCreate)
		if ferr != nil {
			return fail(ferr), nil
		}
		// The form's other values go with the credential, as the person left them.
		e.held = &heldCall{data: davinciValues(e.node, in)}
		m, _ := in["mediation"].(string)
		return e.ceremony(Ceremony{Kind: a.Ceremony, PublicKey: opts, Mediation: m, Action: a.Name}), nil
	}
	data, fix, err := davinciFormData(e.node, a, in, e.opts.MatchPattern)
	if err != nil {
		return Effect{}, err
	}
	e.st.LastAction = a.Name
	if fix != nil {
		return e.showWithError(fix), nil
	}
	return e.dvSend(a.Event, a.Name, a.Name, data), nil
}

func davinciResolve(e *Engine, c *Ceremony, res CeremonyResult) (Effect, error) {
	h := e.held
	switch {
	case h == nil:
		return Effect{}, usage("Resolve: the ceremony's form was lost; submit it again")
	case c.Kind == CeremonyProtect:
		// Without signals, what davinci-client sends for a Protect component nobody filled.
		h.data[e.node.protectKey] = res.Signals
		if res.Error != "" {
			h.data[e.node.protectKey] = ""
		}
		return e.await(e.davinciRequest(h.event, h.key, h.data)), nil
	case res.Error != "" && c.Mediation == "conditional":
		// Autofill ended without a passkey (the person typed a password, say): nothing to report.
		return e.show(), nil
	case res.Error != "":
		// DaVinci hears of a failed ceremony as an action named by the DOMException.
		return e.await(e.davinciRequest("action", res.Error, map[string]any{})), nil
	}
	v, err := davinciCredential(res, c.Kind == CeremonyWebAuthnCreate)
	if err != nil {
		return Effect{}, err
	}
	h.data[c.Action] = v
	return e.dvSend("submit", e.node.submit, c.Action, h.data), nil
}

// returned posts the continueToken the identity provider sent back to the form's continue link.
func davinciReturned(e *Engine, q map[string]string) Effect {
	switch {
	case q["continueToken"] == "":
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "the browser came back without a continueToken"))
	case !sameOrigin(e.node.continueHref, e.cfg.origin()):
		return fail(newError(CodeUntrustedLink, ClassProtocol, "_links.continue %q is not on the auth host %s", e.node.continueHref, e.cfg.origin()))
	}
	return e.await(&Request{Method: "POST", URL: e.node.continueHref, Body: "{}",
		Headers: map[string]string{"Content-Type": mediaJSON, "Accept": mediaJSON, "X-Requested-With": "ping-sdk",
			"Authorization": "Bearer " + q["continueToken"]},
		Credentials: credsInclude, Purpose: PurposeContinue, Sensitive: true})
}

// onChallenge reads a challenge's status (reference §7.8): complete → the polling call with
// its status; expired → start again; otherwise keep waiting.
func (e *Engine) onChallenge(r Response) Effect {
	if te, ok := transportError(r); ok {
		return fail(te)
	}
	root := fjson.Parse(r.Body)
	switch {
	case r.Status >= 400 && root.Get("serviceName").String() == "challengeExpired":
		return fail(newError(CodeChallengeExpired, ClassRestart, "the challenge expired before it was approved; start again").keepBody(r.Status, r.Body))
	case r.Status >= 300:
		return fail(newError(CodeRequestRejected, ClassRestart, "the challenge status request was refused (HTTP %d)", r.Status).keepBody(r.Status, r.Body))
	case !root.IsObject() || root.Get("isChallengeComplete").Bool() && root.Get("status").String() == "":
		return fail(newError(CodeMalformedResponse, ClassProtocol, "the challenge status is not an object with a status").keepBody(r.Status, r.Body))
	case root.Get("isChallengeComplete").Bool():
		return e.dvPoll(root.Get("status").String())
	}
	return e.davinciWait()
}
