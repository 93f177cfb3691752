package flowcore

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/pingflow/pingflow/flowcore/fjson"
)

// CeremonyKind is what the browser must do for the engine.
type CeremonyKind string

const (
	CeremonyWebAuthnGet    CeremonyKind = "webauthn.get"    // navigator.credentials.get({publicKey, mediation})
	CeremonyWebAuthnCreate CeremonyKind = "webauthn.create" // navigator.credentials.create({publicKey})
	CeremonyProtect        CeremonyKind = "protect"         // collect PingOne Protect signals
	CeremonyNavigate       CeremonyKind = "navigate"        // send the browser to URL; the flow continues when it comes back
)

// Ceremony is something only the browser can do: a WebAuthn ceremony, collecting PingOne
// Protect signals, or a navigation to an identity provider. The host performs it and gives the
// result back with Resolve, as an HTTP response goes back with Receive; a navigation comes back
// through HandleRedirect instead (snapshot before navigating).
type Ceremony struct {
	Kind CeremonyKind `json:"kind"`
	// PublicKey is the WebAuthn options in WebAuthn Level 3 JSON form
	// (PublicKeyCredentialRequestOptionsJSON / PublicKeyCredentialCreationOptionsJSON): every
	// binary value is a base64url string without padding, whatever the server sent.
	PublicKey RawJSON `json:"publicKey,omitempty"`
	// Mediation is "conditional" for passkey autofill, "" otherwise.
	Mediation string          `json:"mediation,omitempty"`
	Protect   *ProtectRequest `json:"protect,omitempty"`
	// URL is where a navigate ceremony sends the browser.
	URL string `json:"url,omitempty"`
	// Step is the step that stays on screen meanwhile.
	Step *Step `json:"step,omitempty"`
	// Action is the action of Step that asked for the ceremony.
	Action string `json:"action,omitempty"`
}

// ProtectRequest is what a DaVinci PROTECT component asks the Signals SDK to collect.
type ProtectRequest struct {
	BehavioralDataCollection      bool `json:"behavioralDataCollection"`
	UniversalDeviceIdentification bool `json:"universalDeviceIdentification"`
}

// CeremonyResult is what the host got from a ceremony.
type CeremonyResult struct {
	// Credential is PublicKeyCredential.toJSON(): {id, rawId, type, authenticatorAttachment,
	// response: {clientDataJSON, authenticatorData, signature, userHandle} (get) or
	// {clientDataJSON, attestationObject, transports?} (create), clientExtensionResults}, every
	// binary base64url.
	Credential RawJSON `json:"credential,omitempty"`
	// Origin is location.origin (assertion.check sends it).
	Origin string `json:"origin,omitempty"`
	// Signals are the PingOne Protect signals.
	Signals string `json:"signals,omitempty"`
	// Error is the DOMException name when the host could not do it: NotAllowedError (cancelled
	// or timed out), AbortError, NotSupportedError (no WebAuthn, no protect option),
	// SecurityError, InvalidStateError, UnknownError...
	Error   string `json:"error,omitempty"`
	Message string `json:"message,omitempty"`
	// Valid answers EffectVerify: the signature checks out (jwt.go).
	Valid bool `json:"valid,omitempty"`
}

// Codes of a ceremony the browser could not perform.
const (
	CodeWebAuthnCancelled   = "webauthn_cancelled"   // NotAllowedError, AbortError: cancelled or timed out
	CodeWebAuthnUnsupported = "webauthn_unsupported" // NotSupportedError: no passkey in this browser
	CodeWebAuthnFailed      = "webauthn_failed"      // any other DOMException
)

// Resolve gives the engine the result of the ceremony it asked for, or of the signature check
// (EffectVerify).
func (e *Engine) Resolve(res CeremonyResult) (Effect, error) {
	c := e.st.Ceremony
	if e.st.Phase == phaseVerify && e.verifying != nil {
		return e.verified(res), nil
	}
	if e.st.Phase != phaseCeremony || c == nil {
		return Effect{}, usage("Resolve: no ceremony is waiting for its result (the engine is %s)", e.st.Phase)
	}
	res.Error = domName(res.Error)
	return e.proto().resolve(e, c, res)
}

// domName keeps a DOMException name as it is, and anything that is not a name as UnknownError.
func domName(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "UnknownError"
		}
	}
	return s
}

// ceremony asks the host to perform c while the current step stays on screen; c.Action becomes
// the step's last action, whose error a failed ceremony shows.
func (e *Engine) ceremony(c Ceremony) Effect {
	c.Step = nil
	e.st.Pending, e.st.LastError, e.st.Ceremony, e.st.LastAction = nil, nil, &c, c.Action
	e.st.Phase = phaseCeremony
	if c.Kind == CeremonyNavigate {
		e.st.Phase = phaseExternal
	}
	out := c
	out.Step = e.step()
	return Effect{Kind: EffectCeremony, Ceremony: &out}
}

// navigate sends the browser to a social action's identity provider, on the auth host.
func (e *Engine) navigate(a Action) Effect {
	if !sameOrigin(a.src, e.cfg.origin()) {
		return fail(newError(CodeUntrustedLink, ClassProtocol, "%s points to %q, off the auth host %s", a.Name, a.src, e.cfg.origin()))
	}
	return e.ceremony(Ceremony{Kind: CeremonyNavigate, URL: a.src, Action: a.Name})
}

// webauthnError is the step's error when the browser could not perform a WebAuthn ceremony.
func webauthnError(res CeremonyResult) *Error {
	err := &Error{Code: CodeWebAuthnFailed, Class: ClassFix, Message: "the passkey could not be used (" + res.Error + ")",
		Details: []Detail{{Code: res.Error, Message: res.Message}}}
	switch res.Error {
	case "NotAllowedError", "AbortError":
		err.Code, err.Message = CodeWebAuthnCancelled, "the passkey request was cancelled or timed out"
	case "NotSupportedError":
		err.Code, err.Message = CodeWebAuthnUnsupported, "this browser cannot use a passkey here"
	case "SecurityError":
		err.Class = ClassMisconfiguration
	}
	return err
}

// webauthnOptions turns WebAuthn options as a server sent them (a JSON object, or a JSON
// string holding one; binaries as byte arrays or base64 strings) into WebAuthn JSON form.
func webauthnOptions(src string, create bool) (RawJSON, *Error) {
	var m map[string]any
	if fjson.Valid(src) {
		m, _ = fjson.Decode(fjson.Parse(src), true).(map[string]any)
	}
	ok := m != nil && b64url(m, "challenge")
	list := "allowCredentials"
	if create {
		list = "excludeCredentials"
		user, _ := m["user"].(map[string]any)
		ok = ok && user != nil && b64url(user, "id")
		params, _ := m["pubKeyCredParams"].([]any)
		for _, p := range params {
			// davinci-client reads a string alg as a number.
			if p, _ := p.(map[string]any); p != nil {
				if s, isStr := p["alg"].(string); isStr {
					_, err := strconv.Atoi(s)
					ok = ok && err == nil && fjson.Valid(s)
					p["alg"] = fjson.NumberText(s)
				}
			}
		}
	}
	creds, isList := m[list].([]any)
	ok = ok && (isList || m[list] == nil)
	for _, c := range creds {
		c, _ := c.(map[string]any)
		ok = ok && c != nil && b64url(c, "id")
	}
	if !ok {
		return nil, newError(CodeMalformedResponse, ClassProtocol, "the server's WebAuthn options cannot be read")
	}
	out, _ := fjson.AppendValue(nil, m)
	return out, nil
}

// b64url rewrites m[k], a byte array or a base64 string, as base64url without padding.
func b64url(m map[string]any, k string) bool {
	switch v := m[k].(type) {
	case string:
		b, err := decodeB64(v)
		m[k] = base64.RawURLEncoding.EncodeToString(b)
		return err == nil && v != ""
	case []any:
		b := make([]byte, len(v))
		for i, x := range v {
			num, _ := x.(fjson.NumberText)
			n, err := num.Int64()
			if err != nil || n < -128 || n > 255 {
				return false
			}
			b[i] = byte(n) // DaVinci may send Java's signed bytes
		}
		m[k] = base64.RawURLEncoding.EncodeToString(b)
		return true
	}
	return false
}

// decodeB64 reads base64 in either alphabet, padded or not.
func decodeB64(s string) ([]byte, error) {
	b := []byte(strings.TrimRight(s, "="))
	for i, c := range b {
		switch c {
		case '+':
			b[i] = '-'
		case '/':
			b[i] = '_'
		}
	}
	out := make([]byte, base64.RawURLEncoding.DecodedLen(len(b)))
	n, err := base64.RawURLEncoding.Decode(out, b)
	return out[:n], err
}

// credentialJSON checks that the host's credential is a PublicKeyCredential in JSON form and
// compacts it.
func credentialJSON(res CeremonyResult) ([]byte, error) {
	b, ok := fjson.Compact(nil, string(res.Credential))
	if !ok || fjson.GetBytes(b, "id").String() == "" {
		return nil, usage("Resolve: credential must be PublicKeyCredential.toJSON()")
	}
	return b, nil
}

// dvCredential is a credential as davinci-client puts it in formData.
type dvCredential struct {
	ID    string `json:"id"`
	RawID string `json:"rawId"`
	Type  string `json:"type"`
	// Attachment is sent (null when unknown) with a registration only.
	Attachment RawJSON `json:"authenticatorAttachment,omitempty"`
	Response   struct {
		ClientDataJSON    string `json:"clientDataJSON"`
		AttestationObject string `json:"attestationObject,omitempty"`
		AuthenticatorData string `json:"authenticatorData,omitempty"`
		Signature         string `json:"signature,omitempty"`
		// UserHandle is sent (null when the authenticator gave none) with an assertion only.
		UserHandle RawJSON `json:"userHandle,omitempty"`
	} `json:"response"`
}

// davinciCredential shapes the host's credential as davinci-client sends it in formData:
// {"assertionValue": ...} or {"attestationValue": ...}, the binaries in standard base64 with
// padding (btoa), the id as the browser gave it, a missing userHandle as null.
func davinciCredential(res CeremonyResult, create bool) (map[string]any, error) {
	raw, err := credentialJSON(res)
	if err != nil {
		return nil, err
	}
	c := fjson.ParseBytes(raw)
	bad := false
	std := func(path string) string {
		b, err := decodeB64(c.Get(path).String())
		bad = bad || err != nil || len(b) == 0
		return base64.StdEncoding.EncodeToString(b)
	}
	orNull := func(path string, s func(string) string) RawJSON {
		if c.Get(path).String() == "" {
			return RawJSON("null")
		}
		return fjson.AppendString(nil, s(path))
	}
	v := dvCredential{ID: c.Get("id").String(), RawID: std("rawId"), Type: c.Get("type").String()}
	v.Response.ClientDataJSON = std("response.clientDataJSON")
	name := "assertionValue"
	if create {
		name = "attestationValue"
		v.Attachment = orNull("authenticatorAttachment", func(p string) string { return c.Get(p).String() })
		v.Response.AttestationObject = std("response.attestationObject")
	} else {
		v.Response.AuthenticatorData, v.Response.Signature = std("response.authenticatorData"), std("response.signature")
		v.Response.UserHandle = orNull("response.userHandle", std)
	}
	if bad {
		return nil, usage("Resolve: the credential's binaries must be base64url")
	}
	return map[string]any{name: v}, nil
}
