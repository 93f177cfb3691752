package flowcore

// flowsAPI is the PingOne Flows API (reference §3): a flow document whose status says what is
// on screen and whose _links are the actions, each posted to the flow with its own media type.
var flowsAPI protocol

func init() {
	flowsAPI = protocol{flowsReceive, flowsStep, flowsSubmit, flowsPoll, flowsWaiting, flowsResolve, flowsReturned}
}

func flowsReceive(e *Engine, r Response) Effect {
	if e.st.Pending.Purpose == PurposeAction {
		return e.onAction(r)
	}
	return e.onFlowRead(r) // flow.read, flow.poll
}

func flowsStep(e *Engine) *Step { return buildStep(e.doc, e.st.LastError, e.st.LastAction) }

func flowsWaiting(e *Engine) int64 {
	if e.doc != nil && e.doc.status == StatusPushConfirmationRequired {
		return e.opts.PollInterval.Milliseconds()
	}
	return 0
}

func flowsPoll(e *Engine) Effect { return e.await(getJSON(e.selfURL(), PurposeFlowPoll)) }

func flowsSubmit(e *Engine, s *Step, a Action, in input) (Effect, error) {
	switch {
	case a.Ceremony == CeremonyNavigate:
		return e.navigate(a), nil
	case a.Ceremony == CeremonyWebAuthnGet && !in.present("assertion"):
		opts, err := webauthnOptions(a.src, false)
		if err != nil {
			return fail(err), nil
		}
		// ASSERTION_REQUIRED names the user: never autofill (Submit refused any mediation).
		return e.ceremony(Ceremony{Kind: CeremonyWebAuthnGet, PublicKey: opts, Action: a.Name}), nil
	}
	body, fix, err := buildBody(a, in, s)
	if err != nil {
		return Effect{}, err
	}
	e.st.LastAction = a.Name
	if fix != nil {
		return e.showWithError(fix), nil
	}
	return e.await(e.actionRequest(a.Name, body)), nil
}

// resolve sends the assertion of ASSERTION_REQUIRED as assertion.check takes it.
func flowsResolve(e *Engine, c *Ceremony, res CeremonyResult) (Effect, error) {
	if res.Error != "" {
		return e.showWithError(webauthnError(res)), nil
	}
	cred, err := credentialJSON(res)
	if err != nil {
		return Effect{}, err
	}
	if res.Origin == "" {
		return Effect{}, usage("Resolve: origin (location.origin) is required for %s", c.Action)
	}
	body := assertionBody{Origin: res.Origin, Assertion: string(cred), Compatibility: "FULL"}.AppendJSON(nil)
	return e.await(e.actionRequest(c.Action, string(body))), nil
}

// returned reads the flow again once the identity provider sent the browser back with its id.
func flowsReturned(e *Engine, q map[string]string) Effect {
	if q["flowId"] != e.doc.id {
		return fail(newError(CodeStateMismatch, ClassRestart, "the browser came back for flow %q, not for this flow; start again", q["flowId"]))
	}
	return e.await(getJSON(e.selfURL(), PurposeFlowRead))
}

func (e *Engine) actionRequest(action, body string) *Request {
	href, _ := e.doc.href(action)
	return &Request{
		Method: "POST", URL: href,
		Headers:     map[string]string{"Content-Type": MediaType(action), "Accept": mediaJSON},
		Body:        body,
		Credentials: credsInclude, Purpose: PurposeAction, Action: action, Sensitive: body != "",
	}
}

func (e *Engine) selfURL() string {
	if href, ok := e.doc.href(linkSelf); ok {
		return href
	}
	return e.cfg.base() + "/flows/" + e.doc.id
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

// onAction reads the answer to a posted action. A lost answer (no response, 5xx, 429) is a
// Fail that keeps the action pending: the server may have applied it, so Retry reads the flow
// instead of posting it again.
func (e *Engine) onAction(r Response) Effect {
	if te, ok := transportError(r); ok {
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
		if pe.Message == "" {
			pe.Message = "the server refused the input"
		}
		if len(pe.Details) == 0 {
			// Nothing wrong with a field: the flow may have moved on (the action was applied by a
			// request whose answer was lost, or by another tab). Read it and show where it is.
			pe.Code, pe.Class = CodeRequestRejected, ClassFix
			return e.reread(pe.keepBody(r.Status, r.Body))
		}
		classifyFieldError(pe)
		return e.showWithError(pe.keepBody(r.Status, r.Body))
	}
	return e.onFlowBody(r)
}

// reread reads the flow again after an action that may or may not have been applied; if the
// flow is still on the same step, that step comes back with err.
func (e *Engine) reread(err *Error) Effect {
	eff := e.await(getJSON(e.selfURL(), PurposeFlowRead))
	e.st.Reread = err
	return eff
}

func (e *Engine) onFlowBody(r Response) Effect {
	if r.Status < 200 || r.Status > 299 {
		return fail(newError(CodeUnexpectedResponse, ClassProtocol, "unexpected HTTP %d", r.Status).keepBody(r.Status, r.Body))
	}
	d, err := decodeFlow(r.Body, e.cfg.origin())
	if err != nil {
		return fail(err.keepBody(r.Status, r.Body))
	}
	return e.onFlow(d)
}

// onFlow moves to the state a (checked) flow document describes. Automatic legs (resume, token)
// need nothing from the page.
func (e *Engine) onFlow(d *flowDoc) Effect {
	wasPolling := e.st.Pending != nil && e.st.Pending.Purpose == PurposeFlowPoll
	reread, action, same := e.st.Reread, e.st.LastAction, e.doc != nil && e.doc.id == d.id && e.doc.status == d.status
	e.st.Reread = nil
	switch {
	case d.hasAuthorize:
		return e.exchange(d.authCode, d.authState)
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
	if reread != nil && same {
		e.st.LastError, e.st.LastAction = reread, action
	}
	switch d.status {
	case StatusCompleted:
		if e.st.Mode == modeEmbedded {
			// Resume consumes the flow: never repeated by the driver on its own.
			resume := getJSON(d.resumeURL, PurposeResume)
			resume.Idempotent = false
			return e.await(resume)
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
	default:
		e.st.Polls = 0
	}
	return e.show()
}
