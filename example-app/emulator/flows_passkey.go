package emulator

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
)

// This file holds the Flows API's FIDO2 device: selecting it (by default, or with device.select)
// puts the flow in ASSERTION_REQUIRED with publicKeyCredentialRequestOptions, and assertion.check
// verifies the browser's answer (webauthn.go). The options are a JSON string, as PingOne sends
// them, with the challenge and the credential ids in base64url; user verification is required,
// so a passkey stands for a second factor on its own.

// startAssertion asks for an assertion from FIDO2 device d.
func (s *Server) startAssertion(f *flow, d Device, now time.Time) {
	opts, c, err := s.beginAssertion(f.app, f.origin, f.user, protocol.VerificationRequired, now, d.ID)
	if err != nil {
		s.fail(f, "UNEXPECTED_ERROR", "The FIDO2 device cannot be used: "+err.Error())
		return
	}
	data, _ := json.Marshal(opts) // a struct of strings, numbers and byte slices: cannot fail
	f.passkey, f.passkeyOptions = c, string(data)
	f.status = statusAssertionRequired
}

// checkAssertion is assertion.check: {"origin", "assertion": "<PublicKeyCredential as JSON>",
// "compatibility"}. The origin must be one of the application's origins on the relying party the
// options named; the assertion must answer the challenge, come from the selected device and carry
// a higher signature counter. A wrong assertion leaves the flow as it is: the page can ask again.
func (s *Server) checkAssertion(f *flow, body []byte, now time.Time) *apiError {
	var in struct {
		Origin        string
		Assertion     json.RawMessage
		Compatibility string
	}
	if err := decode(body, &in); err != nil {
		return err
	}
	var assertion string
	if err := json.Unmarshal(in.Assertion, &assertion); err != nil {
		assertion = string(in.Assertion) // an object instead of a string is forgiven
	}
	if err := required([2]string{"origin", in.Origin}, [2]string{"assertion", strings.Trim(assertion, "{} \n")}); err != nil {
		return err
	}
	if in.Compatibility != "" && !slices.Contains([]string{"FULL", "SECURITY_KEY_ONLY", "NONE"}, in.Compatibility) {
		return invalidData(invalidValue("compatibility", "compatibility must be FULL, SECURITY_KEY_ONLY or NONE."))
	}
	if f.passkey != nil && !now.Before(f.passkey.expires) {
		d, _ := f.user.device(f.device)
		s.startAssertion(f, d, now)
		return invalidData(invalidValue("assertion", "The challenge has expired; the flow carries a new one."))
	}
	if f.passkey == nil || !slices.ContainsFunc(f.passkey.origins, func(o string) bool { return strings.EqualFold(o, strings.TrimSuffix(in.Origin, "/")) }) {
		return invalidData(invalidValue("origin", "The origin "+in.Origin+" is not one of the application's origins for this relying party."))
	}
	if _, _, err := s.finishAssertion(f.app, f.passkey, f.user, []byte(assertion), now); err != nil {
		return invalidData(invalidValue("assertion", "The assertion could not be verified: "+err.Error()))
	}
	f.passkey, f.passkeyOptions = nil, ""
	s.authenticate(f, "hwk", now)
	s.next(f, now)
	return nil
}
