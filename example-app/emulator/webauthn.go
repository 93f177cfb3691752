package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
	"github.com/go-webauthn/webauthn/webauthn"
)

// This file is the emulator's WebAuthn relying party, shared by the Flows API (ASSERTION_REQUIRED)
// and DaVinci (FIDO2 components). Options are generated and responses verified by
// github.com/go-webauthn/webauthn; this file only decides the relying party of a request, keeps
// the users' credentials, and converts between the library and the two protocols' wire forms.
//
// The relying party id is the host name of the page's origin as the browser sends it: the
// Origin header of the request that produces the options, when it is one of the application's
// origins (CORS origins or redirect URIs); otherwise (a same-origin GET carries no Origin) the
// emulator's own base URL. Browsers refuse WebAuthn on IP addresses, so an origin on 127.0.0.1
// gets the relying party "localhost": passkeys work when the page is opened on localhost (or a
// real domain name), and a page on 127.0.0.1 gets the browser's SecurityError.

// webAuthnTimeout is the timeout the emulator's options ask for, in milliseconds.
const webAuthnTimeout = 120000

// ceremonyLife is how long a challenge can be answered.
const ceremonyLife = 5 * time.Minute

// ceremony is a WebAuthn challenge waiting for its answer: the library's session data, the
// origins the answer may come from, and when it stops being accepted.
type ceremony struct {
	session webauthn.SessionData
	origins []string
	expires time.Time
	// device is the FIDO2 device the options allowed (Flows API and DaVinci MFA), if one.
	device string
}

// pageOrigin is the origin of the page that talks to the emulator for app: the request's Origin
// header if it is one of app's origins, otherwise the emulator's base URL.
func (s *Server) pageOrigin(app *Application, r *http.Request) string {
	if r != nil {
		if o := strings.TrimSuffix(r.Header.Get("Origin"), "/"); o != "" && slices.ContainsFunc(s.appOriginList(app), func(a string) bool { return strings.EqualFold(a, o) }) {
			return strings.ToLower(o)
		}
	}
	return s.base
}

// appOriginList lists the origins app's pages may be on: its CORS origins (without wildcards),
// the origins of its redirect URIs, and the emulator's own.
func (s *Server) appOriginList(app *Application) []string {
	var out []string
	add := func(raw string) {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || strings.Contains(u.Host, "*") {
			return
		}
		o := strings.ToLower(u.Scheme + "://" + u.Host)
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	if app != nil {
		for _, o := range app.CORSSettings.Origins {
			add(o)
		}
		for _, r := range app.RedirectURIs {
			add(r)
		}
	}
	for _, b := range loopbackSpellings(s.base) {
		add(b)
	}
	return out
}

// rpIDOf is the relying party id for a page at origin: its host name, or "localhost" for an IP
// address, which browsers do not accept as a relying party id.
func rpIDOf(origin string) string {
	u, err := url.Parse(origin)
	if err != nil {
		return "localhost"
	}
	host := strings.ToLower(u.Hostname())
	if net.ParseIP(host) != nil || host == "" {
		return "localhost"
	}
	return host
}

// rpOrigins lists the origins of app whose host is rpID or one of its sub-domains: where an answer
// to a ceremony for rpID may come from.
func (s *Server) rpOrigins(app *Application, rpID string) []string {
	var out []string
	for _, o := range s.appOriginList(app) {
		u, _ := url.Parse(o)
		if h := strings.ToLower(u.Hostname()); h == rpID || strings.HasSuffix(h, "."+rpID) {
			out = append(out, o)
		}
	}
	return out
}

// relyingParty is the go-webauthn relying party for a ceremony of app on the page at origin.
func (s *Server) relyingParty(app *Application, origin string) (*webauthn.WebAuthn, []string, error) {
	rpID := rpIDOf(origin)
	origins := s.rpOrigins(app, rpID)
	if len(origins) == 0 {
		return nil, nil, fmt.Errorf("no origin of the application is on %s", rpID)
	}
	name := s.cfg.Environment.Name
	if name == "" {
		name = "PingOne"
	}
	rp, err := webauthn.New(&webauthn.Config{RPID: rpID, RPDisplayName: name, RPOrigins: origins})
	return rp, origins, err
}

// webAuthnUser is a directory user as go-webauthn sees it. Its user handle is the 16 bytes of the
// user's UUID, so a discoverable credential's userHandle names the user.
type webAuthnUser struct{ u *user }

func (w webAuthnUser) WebAuthnID() []byte          { return userHandle(w.u.ID) }
func (w webAuthnUser) WebAuthnName() string        { return w.u.Username }
func (w webAuthnUser) WebAuthnDisplayName() string { return displayName(&w.u.User) }

func (w webAuthnUser) WebAuthnCredentials() []webauthn.Credential {
	var out []webauthn.Credential
	for _, d := range w.u.Devices {
		if c := w.u.passkeys[d.ID]; c != nil {
			out = append(out, *c)
		}
	}
	return out
}

// userHandle is the WebAuthn user handle of the user with id: the UUID's 16 bytes.
func userHandle(id string) []byte {
	b, err := hex.DecodeString(strings.ReplaceAll(id, "-", ""))
	if err != nil {
		return []byte(id)
	}
	return b
}

func displayName(u *User) string {
	if n := strings.TrimSpace(u.Name.Given + " " + u.Name.Family); n != "" {
		return n
	}
	return u.Username
}

// userByHandle finds the user a discoverable credential's userHandle names.
func (st *store) userByHandle(handle []byte) *user {
	if len(handle) != 16 {
		return nil
	}
	h := hex.EncodeToString(handle)
	return st.users[h[0:8]+"-"+h[8:12]+"-"+h[12:16]+"-"+h[16:20]+"-"+h[20:]]
}

// credentialOf builds the stored credential of a configured FIDO2 device.
func credentialOf(d Device) (*webauthn.Credential, error) {
	id, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(d.CredentialID, "="))
	if err != nil || len(id) == 0 {
		return nil, errors.New("credentialId is not base64url")
	}
	pub, err := devicePublicKey(d)
	if err != nil {
		return nil, err
	}
	cose, err := coseKey(pub)
	if err != nil {
		return nil, err
	}
	return &webauthn.Credential{
		ID: id, PublicKey: cose, AttestationType: "none", AttestationFormat: "none",
		Authenticator: webauthn.Authenticator{SignCount: d.SignCount},
	}, nil
}

// devicePublicKey reads a FIDO2 device's public key from PublicKey or, failing that,
// TestPrivateKey; when both are set they must agree.
func devicePublicKey(d Device) (any, error) {
	var fromPrivate any
	if d.TestPrivateKey != "" {
		der, err := base64.StdEncoding.DecodeString(d.TestPrivateKey)
		if err != nil {
			return nil, errors.New("testPrivateKey is not base64")
		}
		k, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			return nil, errors.New("testPrivateKey is not a PKCS#8 private key")
		}
		ec, ok := k.(*ecdsa.PrivateKey)
		if !ok || ec.Curve != elliptic.P256() {
			return nil, errors.New("testPrivateKey must be an ECDSA P-256 key")
		}
		fromPrivate = &ec.PublicKey
	}
	if d.PublicKey == "" {
		if fromPrivate == nil {
			return nil, errors.New("publicKey or testPrivateKey is required")
		}
		return fromPrivate, nil
	}
	der, err := base64.StdEncoding.DecodeString(d.PublicKey)
	if err != nil {
		return nil, errors.New("publicKey is not base64")
	}
	pub, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, errors.New("publicKey is not a DER SubjectPublicKeyInfo")
	}
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return nil, errors.New("publicKey must be ECDSA P-256 or RSA")
		}
		if fromPrivate != nil && !k.Equal(fromPrivate) {
			return nil, errors.New("publicKey is not testPrivateKey's public key")
		}
	case *rsa.PublicKey:
		if fromPrivate != nil {
			return nil, errors.New("publicKey is not testPrivateKey's public key")
		}
	default:
		return nil, errors.New("publicKey must be ECDSA P-256 or RSA")
	}
	return pub, nil
}

// coseKey encodes an ES256 or RS256 public key as the COSE_Key go-webauthn stores.
func coseKey(pub any) ([]byte, error) {
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		point, err := k.Bytes() // 0x04 || X || Y
		if err != nil {
			return nil, err
		}
		return webauthncbor.Marshal(webauthncose.EC2PublicKeyData{
			PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.EllipticKey), Algorithm: int64(webauthncose.AlgES256)},
			Curve:         1, XCoord: point[1:33], YCoord: point[33:],
		})
	case *rsa.PublicKey:
		return webauthncbor.Marshal(webauthncose.RSAPublicKeyData{
			PublicKeyData: webauthncose.PublicKeyData{KeyType: int64(webauthncose.RSAKey), Algorithm: int64(webauthncose.AlgRS256)},
			Modulus:       k.N.Bytes(), Exponent: big.NewInt(int64(k.E)).Bytes(),
		})
	}
	return nil, errors.New("unsupported key type")
}

// passkeyParams are the algorithms the emulator accepts for new credentials: ES256 and RS256.
var passkeyParams = []protocol.CredentialParameter{
	{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.AlgES256},
	{Type: protocol.PublicKeyCredentialType, Algorithm: webauthncose.AlgRS256},
}

// beginAssertion starts an authentication ceremony on the page at origin. With u, the options
// allow u's credentials on the given devices (all of u's FIDO2 devices if none are named);
// without, the ceremony is discoverable (empty allowCredentials).
func (s *Server) beginAssertion(app *Application, origin string, u *user, uv protocol.UserVerificationRequirement, now time.Time, devices ...string) (*protocol.PublicKeyCredentialRequestOptions, *ceremony, error) {
	rp, origins, err := s.relyingParty(app, origin)
	if err != nil {
		return nil, nil, err
	}
	opts := []webauthn.LoginOption{webauthn.WithUserVerification(uv), func(o *protocol.PublicKeyCredentialRequestOptions) error {
		o.Timeout = webAuthnTimeout
		return nil
	}}
	var assertion *protocol.CredentialAssertion
	var session *webauthn.SessionData
	if u == nil {
		assertion, session, err = rp.BeginDiscoverableLogin(opts...)
	} else {
		var allowed []protocol.CredentialDescriptor
		for _, d := range u.Devices {
			if c := u.passkeys[d.ID]; c != nil && (len(devices) == 0 || slices.Contains(devices, d.ID)) {
				allowed = append(allowed, c.Descriptor())
			}
		}
		opts = append(opts, webauthn.WithAllowedCredentials(allowed))
		assertion, session, err = rp.BeginLogin(webAuthnUser{u}, opts...)
	}
	if err != nil {
		return nil, nil, err
	}
	c := &ceremony{session: *session, origins: origins, expires: now.Add(ceremonyLife)}
	if len(devices) == 1 {
		c.device = devices[0]
	}
	return &assertion.Response, c, nil
}

// beginRegistration starts a registration ceremony for u on the page at origin: a discoverable
// credential (resident key required), user verification preferred, ES256 or RS256, none of u's
// existing credentials again.
func (s *Server) beginRegistration(app *Application, origin string, u *user, now time.Time) (*protocol.PublicKeyCredentialCreationOptions, *ceremony, error) {
	rp, origins, err := s.relyingParty(app, origin)
	if err != nil {
		return nil, nil, err
	}
	var exclude []protocol.CredentialDescriptor
	for _, c := range (webAuthnUser{u}).WebAuthnCredentials() {
		exclude = append(exclude, c.Descriptor())
	}
	creation, session, err := rp.BeginRegistration(webAuthnUser{u},
		webauthn.WithAuthenticatorSelection(protocol.AuthenticatorSelection{
			ResidentKey: protocol.ResidentKeyRequirementRequired, RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification: protocol.VerificationPreferred,
		}),
		webauthn.WithConveyancePreference(protocol.PreferNoAttestation),
		webauthn.WithExclusions(exclude),
		func(o *protocol.PublicKeyCredentialCreationOptions) error {
			o.Parameters = passkeyParams
			o.Timeout = webAuthnTimeout
			return nil
		})
	if err != nil {
		return nil, nil, err
	}
	return &creation.Response, &ceremony{session: *session, origins: origins, expires: now.Add(ceremonyLife)}, nil
}

// finishAssertion verifies an assertion (a PublicKeyCredential JSON, binaries in base64url or
// base64) against c. For a ceremony with a user, that user must own the credential; for a
// discoverable one the credential's userHandle names the user. The signature counter must go up
// (unless the authenticator keeps none) and is stored. It returns the user and the device used.
func (s *Server) finishAssertion(app *Application, c *ceremony, u *user, credential []byte, now time.Time) (*user, string, error) {
	if c == nil || !now.Before(c.expires) {
		return nil, "", errors.New("the challenge has expired; start again")
	}
	data, err := normalizeCredential(credential)
	if err != nil {
		return nil, "", err
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(data)
	if err != nil {
		return nil, "", describe(err)
	}
	rp, err := webauthn.New(&webauthn.Config{RPID: c.session.RelyingPartyID, RPDisplayName: "PingOne", RPOrigins: c.origins})
	if err != nil {
		return nil, "", err
	}
	var cred *webauthn.Credential
	if u != nil {
		cred, err = rp.ValidateLogin(webAuthnUser{u}, c.session, parsed)
	} else {
		var found webauthn.User
		found, cred, err = rp.ValidatePasskeyLogin(func(rawID, handle []byte) (webauthn.User, error) {
			if owner := s.st.userByHandle(handle); owner != nil {
				return webAuthnUser{owner}, nil
			}
			return nil, errors.New("no user has this user handle")
		}, c.session, parsed)
		if found != nil {
			u = found.(webAuthnUser).u
		}
	}
	if err != nil {
		return nil, "", describe(err)
	}
	if cred.Authenticator.CloneWarning {
		return nil, "", errors.New("the signature counter did not increase: the credential may have been cloned")
	}
	device := u.passkeyDevice(cred.ID)
	if c.device != "" && device != c.device {
		return nil, "", errors.New("the credential is not the selected device's")
	}
	stored := u.passkeys[device]
	stored.Authenticator.SignCount = cred.Authenticator.SignCount
	stored.Flags = cred.Flags
	return u, device, nil
}

// finishRegistration verifies an attestation (none or packed, binaries in base64url or base64)
// against c and adds the credential to u as a new FIDO2 device, whose id it returns.
func (s *Server) finishRegistration(c *ceremony, u *user, credential []byte, now time.Time) (string, error) {
	if c == nil || !now.Before(c.expires) {
		return "", errors.New("the challenge has expired; start again")
	}
	data, err := normalizeCredential(credential)
	if err != nil {
		return "", err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(data)
	if err != nil {
		return "", describe(err)
	}
	rp, err := webauthn.New(&webauthn.Config{RPID: c.session.RelyingPartyID, RPDisplayName: "PingOne", RPOrigins: c.origins})
	if err != nil {
		return "", err
	}
	cred, err := rp.CreateCredential(webAuthnUser{u}, c.session, parsed)
	if err != nil {
		return "", describe(err)
	}
	for _, other := range s.st.users {
		if other.passkeyDevice(cred.ID) != "" {
			return "", errors.New("this credential is already registered")
		}
	}
	d := Device{ID: newID(), Type: DeviceFIDO2, DisplayName: "Passkey", CredentialID: base64.RawURLEncoding.EncodeToString(cred.ID)}
	u.Devices = append(u.Devices, d)
	if u.passkeys == nil {
		u.passkeys = map[string]*webauthn.Credential{}
	}
	u.passkeys[d.ID] = cred
	return d.ID, nil
}

// passkeyDevice is the id of u's FIDO2 device holding credential id, or "".
func (u *user) passkeyDevice(id []byte) string {
	for device, c := range u.passkeys {
		if string(c.ID) == string(id) {
			return device
		}
	}
	return ""
}

// hasPasskey reports whether u has a FIDO2 device.
func (u *user) hasPasskey() bool { return len(u.passkeys) > 0 }

// describe turns a go-webauthn error into a sentence for error bodies.
func describe(err error) error {
	var perr *protocol.Error
	if errors.As(err, &perr) {
		msg := perr.Details
		if perr.DevInfo != "" {
			msg += ": " + perr.DevInfo
		}
		return errors.New(msg)
	}
	return err
}

// normalizeCredential rewrites a PublicKeyCredential in JSON so that every binary member is
// base64url without padding, which is what go-webauthn reads. Clients differ: the WebAuthn
// toJSON() form and the Flows API use base64url, Ping's davinci-client standard base64 (btoa).
func normalizeCredential(raw []byte) ([]byte, error) {
	var c map[string]any
	if err := json.Unmarshal(raw, &c); err != nil || c == nil {
		return nil, errors.New("the credential is not a JSON object")
	}
	recode := func(m map[string]any, key string) error {
		v, ok := m[key].(string)
		if !ok {
			return nil
		}
		b, err := decodeBinary(v)
		if err != nil {
			return fmt.Errorf("%s is neither base64url nor base64", key)
		}
		m[key] = base64.RawURLEncoding.EncodeToString(b)
		return nil
	}
	for _, k := range []string{"id", "rawId"} {
		if err := recode(c, k); err != nil {
			return nil, err
		}
	}
	if _, ok := c["id"].(string); !ok {
		c["id"] = c["rawId"]
	}
	if _, ok := c["rawId"].(string); !ok {
		c["rawId"] = c["id"]
	}
	if _, ok := c["type"]; !ok {
		c["type"] = "public-key"
	}
	if resp, ok := c["response"].(map[string]any); ok {
		for _, k := range []string{"clientDataJSON", "authenticatorData", "signature", "userHandle", "attestationObject", "publicKey"} {
			if err := recode(resp, k); err != nil {
				return nil, err
			}
		}
	}
	return json.Marshal(c)
}

// decodeBinary decodes base64url or standard base64, with or without padding.
func decodeBinary(v string) ([]byte, error) {
	v = strings.TrimRight(strings.TrimSpace(v), "=")
	if strings.ContainsAny(v, "+/") {
		return base64.RawStdEncoding.DecodeString(v)
	}
	return base64.RawURLEncoding.DecodeString(v)
}
