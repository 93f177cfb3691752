package flowcore

import (
	"encoding/json"
	"strings"

	"github.com/tidwall/gjson"
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
	interactionID, interactionToken string
	// polling is the key of the form's POLLING component, if it has one.
	polling                 string
	pollInterval, pollTimes int
}

// isDaVinci tells a DaVinci response from a Flows API one.
func isDaVinci(body string) bool {
	r := gjson.Get(body, "interactionId")
	return r.Type == gjson.String && r.Str != ""
}

func decodeNode(body, origin string) (*dvNode, *Error) {
	if !gjson.Valid(body) || !gjson.Parse(body).IsObject() {
		return nil, newError(CodeMalformedResponse, ClassProtocol, "the DaVinci response is not a JSON object")
	}
	root := gjson.Parse(body)
	n := &dvNode{raw: body, id: root.Get("id").String(), eventName: root.Get("eventName").String(),
		nextHref: root.Get("_links.next.href").String(), interactionID: root.Get("interactionId").String(),
		interactionToken: root.Get("interactionToken").String()}
	if n.eventName == "" {
		n.eventName = "continue"
	}
	switch {
	case n.id == "":
		return nil, newError(CodeUnexpectedResponse, ClassProtocol, "the DaVinci form has no node id")
	case !sameOrigin(n.nextHref, origin):
		return nil, newError(CodeUntrustedLink, ClassProtocol, "_links.next %q is not on the auth host %s", n.nextHref, origin)
	}
	fields := root.Get("form.components.fields")
	if fields.Exists() && !fields.IsArray() {
		return nil, newError(CodeMalformedResponse, ClassProtocol, "form.components.fields is not an array")
	}
	fields.ForEach(func(_, f gjson.Result) bool {
		if f.Get("type").String() == "POLLING" {
			n.polling = f.Get("key").String()
			n.pollInterval = intOr(f.Get("pollInterval"), davinciPollInterval)
			n.pollTimes = intOr(f.Get("pollRetries"), davinciPollRetries)
		}
		return true
	})
	return n, nil
}

func intOr(r gjson.Result, def int) int {
	if r.Type == gjson.Number && r.Int() > 0 {
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
	if !gjson.Valid(r.Body) || !gjson.Parse(r.Body).IsObject() {
		return fail(newError(CodeMalformedResponse, ClassProtocol, "the DaVinci error (HTTP %d) is not JSON", r.Status).keepBody(r.Status, r.Body))
	}
	root := gjson.Parse(r.Body)
	code := strings.TrimSpace(root.Get("code").String())
	message := strings.TrimSpace(root.Get("message").String())
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
	if root.Get("connectorId").String() == davinciAuthConnector {
		switch root.Get("capabilityName").String() {
		case "returnSuccessResponseRedirect", "setSession":
			de := newError(CodeFlowFailed, ClassRestart, "the sign-on could not be completed: %s", message)
			de.ServerCode = code
			return fail(de.keepBody(r.Status, r.Body))
		}
	}
	if e.node == nil {
		return fail(newError(CodeAuthorizeRejected, ClassMisconfiguration, "DaVinci refused to start: %s", message).keepBody(r.Status, r.Body))
	}
	de := &Error{Code: CodeRequestRejected, Class: ClassFix, Message: message, ServerCode: code, ServerID: root.Get("correlationId").String()}
	root.Get("details").ForEach(func(_, d gjson.Result) bool {
		raw := d.Get("rawResponse")
		if raw.Get("code").String() != "INVALID_DATA" {
			return true
		}
		if de.ServerID == "" {
			de.ServerID = raw.Get("id").String()
		}
		raw.Get("details").ForEach(func(_, inner gjson.Result) bool {
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
	if !gjson.Valid(r.Body) || !gjson.Parse(r.Body).IsObject() {
		return fail(newError(CodeMalformedResponse, ClassProtocol, "the DaVinci response is not a JSON object").keepBody(r.Status, r.Body))
	}
	root := gjson.Parse(r.Body)
	if tok := root.Get("interactionToken").String(); tok != "" {
		e.st.InteractionToken = tok
	}
	if id := root.Get("interactionId").String(); id != "" {
		e.st.InteractionID = id
	}
	switch {
	case root.Get("error").Exists():
		de := newError(CodeFlowFailed, ClassRestart, "the sign-on failed")
		de.ServerCode = root.Get("error.code").String()
		if m := root.Get("error.message").String(); m != "" {
			de.Message = m
		}
		return fail(de.keepBody(r.Status, r.Body))
	case strings.EqualFold(root.Get("status").String(), "failure"):
		de := newError(CodeFlowFailed, ClassRestart, "the sign-on failed")
		if m := root.Get("message").String(); m != "" {
			de.Message = m
		}
		return fail(de.keepBody(r.Status, r.Body))
	case root.Get("session").Exists() || root.Get("authorizeResponse").Exists():
		code, state := root.Get("authorizeResponse.code"), root.Get("authorizeResponse.state")
		if code.Type != gjson.String || code.Str == "" {
			return fail(newError(CodeUnexpectedResponse, ClassProtocol, "the DaVinci success response has no authorizeResponse.code").keepBody(r.Status, r.Body))
		}
		return e.exchange(&flowDoc{hasAuthorize: true, authCode: code.Str, authState: state.String()})
	case root.Get("eventName").String() == davinciRewindLast || root.Get("eventName").String() == davinciRewindSpecific:
		if e.node == nil {
			return fail(newError(CodeUnexpectedResponse, ClassProtocol, "DaVinci asked to keep polling before showing a form"))
		}
		return e.davinciWait(true)
	case root.Get("_links.next.href").Exists():
		n, err := decodeNode(r.Body, e.cfg.origin())
		if err != nil {
			return fail(err.keepBody(r.Status, r.Body))
		}
		// The interaction's id and token were taken from the body above, when it carried them.
		e.st.Protocol, e.st.Node, e.node = protocolDaVinci, n.raw, n
		e.st.LastError, e.st.LastAction = nil, ""
		if n.polling != "" {
			return e.davinciWait(false)
		}
		e.st.Polls = 0
		e.st.Phase, e.st.Pending = phaseShow, nil
		return Effect{Kind: EffectShow, Step: e.step()}
	}
	return fail(newError(CodeUnexpectedResponse, ClassProtocol, "the DaVinci response is neither a form, a success nor a failure").keepBody(r.Status, r.Body))
}

// davinciWait shows a polling form and asks the driver to poll after its interval.
func (e *Engine) davinciWait(again bool) Effect {
	if again {
		e.st.Polls++
	} else {
		e.st.Polls = 0
	}
	limit := e.node.pollTimes
	if limit == 0 {
		limit = davinciPollRetries
	}
	if e.st.Polls >= limit {
		return fail(newError(CodePollLimit, ClassRestart, "still waiting after %d checks", e.st.Polls))
	}
	interval := e.node.pollInterval
	if interval == 0 {
		interval = davinciPollInterval
	}
	e.st.Phase, e.st.Pending = phaseWait, nil
	return Effect{Kind: EffectWait, Step: e.step(), DelayMS: int64(interval)}
}

// davinciRequest is a capability call with its body (reference §7.3).
func (e *Engine) davinciRequest(eventType, actionKey string, formData map[string]any) *Request {
	body, _ := json.Marshal(map[string]any{
		"id": e.node.id, "eventName": e.node.eventName, "interactionId": e.st.InteractionID,
		"parameters": map[string]any{"eventType": eventType, "data": map[string]any{"actionKey": actionKey, "formData": formData}},
	})
	return &Request{
		Method: "POST", URL: e.node.nextHref,
		Headers: map[string]string{
			"Content-Type": mediaJSON, "Accept": mediaJSON, "X-Requested-With": "ping-sdk",
			"interactionId": e.st.InteractionID, "interactionToken": e.st.InteractionToken,
		},
		Body: string(body), Credentials: credsInclude, Purpose: "davinci", Action: actionKey, Sensitive: true,
	}
}
