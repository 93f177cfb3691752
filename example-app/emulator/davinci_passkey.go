package emulator

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
)

// This file holds the built-in DaVinci flow's passkeys (FIDO2 components, reference §7.7):
//
//   - the sign-on form's FIDO2 AUTHENTICATE "Sign in with a passkey": discoverable (empty
//     allowCredentials), so the credential's userHandle names the user; it signs the user in
//     without a password (no Protect step-up, no second factor: the passkey verified the user);
//   - "Set up a passkey" (FIDO2 REGISTER) after a password sign-on for users without a passkey or
//     MFA devices, with a "Not now" flow button; the new credential becomes a FIDO2 device;
//   - "Verify with your passkey" (FIDO2 AUTHENTICATE for the chosen device) when a FIDO2 device is
//     the second factor.
//
// Options carry their binaries as arrays of numbers, as DaVinci sends them. A submission is
// recognised by formData[<fido key>] holding {"assertionValue": {...}} or {"attestationValue":
// {...}}, whatever the actionKey (davinci-client sends the form's first submit button's key, or
// ""); binaries in it may be base64url or base64 (davinci-client uses btoa). A browser failure
// comes as eventType "action" with actionKey the DOMException name (NotAllowedError, ...): the
// same form again with a recoverable 400 saying the passkey was not used.

// passkeyKey is the key of every FIDO2 component of the built-in flow.
const passkeyKey = "passkey"

var (
	checkAssertionNode   = connector{"w6ty3nfq8b", mfaConnection, "pingOneMfaConnector", "checkAssertion"}
	createFido2Node      = connector{"e5gm2zk7pu", mfaConnection, "pingOneMfaConnector", "createFido2Device"}
	domExceptionName     = regexp.MustCompile(`^[A-Z][A-Za-z]*Error$`)
	errNotFidoSubmission = errors.New("not a FIDO2 value")
)

// byteArray is a binary value as DaVinci writes it: a JSON array of numbers 0–255.
type byteArray []byte

func (b byteArray) MarshalJSON() ([]byte, error) {
	out := make([]byte, 0, 4*len(b)+2)
	out = append(out, '[')
	for i, c := range b {
		if i > 0 {
			out = append(out, ',')
		}
		out = strconv.AppendInt(out, int64(c), 10)
	}
	return append(out, ']'), nil
}

type dvCredentialDescriptor struct {
	Type       string    `json:"type"`
	ID         byteArray `json:"id"`
	Transports []string  `json:"transports,omitempty"`
}

// dvRequestOptions is a FIDO2 AUTHENTICATE component's publicKeyCredentialRequestOptions.
type dvRequestOptions struct {
	Challenge        byteArray                `json:"challenge"`
	Timeout          int                      `json:"timeout"`
	RPID             string                   `json:"rpId"`
	AllowCredentials []dvCredentialDescriptor `json:"allowCredentials"`
	UserVerification string                   `json:"userVerification"`
}

// dvCreationOptions is a FIDO2 REGISTER component's publicKeyCredentialCreationOptions.
type dvCreationOptions struct {
	RP                     dvEntity                 `json:"rp"`
	User                   dvUserEntity             `json:"user"`
	Challenge              byteArray                `json:"challenge"`
	PubKeyCredParams       []dvCredentialParameter  `json:"pubKeyCredParams"`
	Timeout                int                      `json:"timeout"`
	ExcludeCredentials     []dvCredentialDescriptor `json:"excludeCredentials"`
	AuthenticatorSelection dvAuthenticatorSelection `json:"authenticatorSelection"`
	Attestation            string                   `json:"attestation"`
}

type dvEntity struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type dvUserEntity struct {
	ID          byteArray `json:"id"`
	Name        string    `json:"name"`
	DisplayName string    `json:"displayName"`
}

type dvCredentialParameter struct {
	Type string `json:"type"`
	Alg  int64  `json:"alg"`
}

type dvAuthenticatorSelection struct {
	ResidentKey        string `json:"residentKey"`
	RequireResidentKey bool   `json:"requireResidentKey"`
	UserVerification   string `json:"userVerification"`
}

func dvDescriptors(in []protocol.CredentialDescriptor) []dvCredentialDescriptor {
	out := []dvCredentialDescriptor{}
	for _, c := range in {
		d := dvCredentialDescriptor{Type: string(c.Type), ID: byteArray(c.CredentialID)}
		for _, t := range c.Transport {
			d.Transports = append(d.Transports, string(t))
		}
		out = append(out, d)
	}
	return out
}

func dvRequest(o *protocol.PublicKeyCredentialRequestOptions) dvRequestOptions {
	return dvRequestOptions{Challenge: byteArray(o.Challenge), Timeout: o.Timeout, RPID: o.RelyingPartyID,
		AllowCredentials: dvDescriptors(o.AllowedCredentials), UserVerification: string(o.UserVerification)}
}

func dvCreation(o *protocol.PublicKeyCredentialCreationOptions, u *user) dvCreationOptions {
	out := dvCreationOptions{
		RP:                 dvEntity{ID: o.RelyingParty.ID, Name: o.RelyingParty.Name},
		User:               dvUserEntity{ID: userHandle(u.ID), Name: o.User.Name, DisplayName: o.User.DisplayName},
		Challenge:          byteArray(o.Challenge),
		Timeout:            o.Timeout,
		ExcludeCredentials: dvDescriptors(o.CredentialExcludeList),
		AuthenticatorSelection: dvAuthenticatorSelection{ResidentKey: string(o.AuthenticatorSelection.ResidentKey),
			RequireResidentKey: true, UserVerification: string(o.AuthenticatorSelection.UserVerification)},
		Attestation: string(o.Attestation),
	}
	for _, p := range o.Parameters {
		out.PubKeyCredParams = append(out.PubKeyCredParams, dvCredentialParameter{Type: string(p.Type), Alg: int64(p.Algorithm)})
	}
	return out
}

// preparePasskey starts the WebAuthn ceremony of the screen about to be drawn: a discoverable
// assertion on the sign-on form, a registration on the offer, an assertion for the chosen device
// on the passkey MFA form. Each drawing gets a new challenge; an error response keeps the form,
// and so the challenge.
func (s *Server) preparePasskey(it *interaction, now time.Time) {
	it.passkey, it.passkeyOptions = nil, nil
	var err error
	switch it.screen {
	case screenSignOn:
		var o *protocol.PublicKeyCredentialRequestOptions
		if o, it.passkey, err = s.beginAssertion(it.app, it.origin, nil, protocol.VerificationPreferred, now); err == nil {
			it.passkeyOptions = dvRequest(o)
		}
	case screenPasskeyMFA:
		var o *protocol.PublicKeyCredentialRequestOptions
		if o, it.passkey, err = s.beginAssertion(it.app, it.origin, it.user, protocol.VerificationPreferred, now, it.device); err == nil {
			it.passkeyOptions = dvRequest(o)
		}
	case screenPasskeyOffer:
		var o *protocol.PublicKeyCredentialCreationOptions
		if o, it.passkey, err = s.beginRegistration(it.app, it.origin, it.user, now); err == nil {
			it.passkeyOptions = dvCreation(o, it.user)
		}
	}
}

// passkeyField is the screen's FIDO2 component, if it has one and WebAuthn options could be made.
func (s *Server) passkeyField(it *interaction) (dvField, bool) {
	if it.passkeyOptions == nil {
		return dvField{}, false
	}
	f := dvField{Type: "FIDO2", Key: passkeyKey, Trigger: "BUTTON"}
	switch o := it.passkeyOptions.(type) {
	case dvCreationOptions:
		f.Action, f.Label, f.Required, f.CreationOptions = "REGISTER", "Set up a passkey", true, &o
	case dvRequestOptions:
		f.Action, f.Label, f.RequestOptions = "AUTHENTICATE", "Sign in with a passkey", &o
		if it.screen == screenPasskeyMFA {
			f.Label, f.Required = "Verify with your passkey", true
		}
	}
	return f, true
}

// fidoValue reads a FIDO2 submission from the form data: the credential and whether it is an
// attestation (registration) rather than an assertion.
func fidoValue(in formData) (credential []byte, attestation bool, err error) {
	v, ok := in[passkeyKey].(map[string]any)
	if !ok {
		return nil, false, errNotFidoSubmission
	}
	raw, attestation := v["attestationValue"], true
	if raw == nil {
		raw, attestation = v["assertionValue"], false
	}
	switch c := raw.(type) {
	case nil:
		return nil, false, errNotFidoSubmission
	case string:
		return []byte(c), attestation, nil
	default:
		data, err := json.Marshal(c)
		return data, attestation, err
	}
}

// passkeySubmit verifies a FIDO2 submission on the form on screen.
func (s *Server) passkeySubmit(it *interaction, credential []byte, attestation bool, now time.Time) *dvError {
	switch {
	case it.screen == screenPasskeyOffer && attestation:
		if _, err := s.finishRegistration(it.passkey, it.user, credential, now); err != nil {
			return fieldError(createFido2Node, invalidValue(passkeyKey, "The passkey could not be registered: "+err.Error()))
		}
		it.passkey, it.done = nil, true
		return nil
	case (it.screen == screenSignOn || it.screen == screenPasskeyMFA) && !attestation:
		var u *user
		if it.screen == screenPasskeyMFA {
			u = it.user
		}
		signedIn, _, err := s.finishAssertion(it.app, it.passkey, u, credential, now)
		if err != nil {
			return fieldError(checkAssertionNode, invalidValue(passkeyKey, "The passkey could not be verified: "+err.Error()))
		}
		it.passkey = nil
		it.authenticated("hwk")
		if it.screen == screenSignOn {
			it.user, it.notice, it.done = signedIn, "", true
			return nil
		}
		s.finishSignOn(it)
		return nil
	}
	return requestError(it.screen, "The form on screen does not take this FIDO2 value.")
}

// passkeyNotUsed answers a browser failure reported for the screen's FIDO2 component: the form
// stays, with a message.
func passkeyNotUsed(it *interaction, name string) *dvError {
	c, msg := checkAssertionNode, "The passkey was not used (the browser reported "+name+"): it was cancelled, timed out or is not available. Try again, or "
	switch it.screen {
	case screenPasskeyOffer:
		c, msg = createFido2Node, "The passkey was not set up (the browser reported "+name+"). Try again, or choose Not now."
	case screenSignOn:
		msg += "sign on with your password."
	default:
		msg += "use another method."
	}
	e := connectorError(c, name, msg, nil)
	e.ErrorCategory = "Expected"
	return e
}

// finishSignOn ends a successful sign-on: with the passkey offer when it applies, else done.
func (s *Server) finishSignOn(it *interaction) {
	if it.offerPasskey && !it.user.hasPasskey() && len(it.user.Devices) == 0 {
		it.offerPasskey = false
		it.screen = screenPasskeyOffer
		return
	}
	it.done = true
}

// notNow is the offer's "Not now".
func (s *Server) notNow(it *interaction, _ formData, _ time.Time) *dvError {
	it.done = true
	return nil
}
