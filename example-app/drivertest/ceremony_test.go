package drivertest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
	"github.com/pingflow/pingflow/flowcore"
)

// The browser's side of the engine's ceremonies, against the emulator over HTTP: a software
// WebAuthn authenticator (ES256, crypto/ecdsa, the CBOR written out by hand) standing in for
// navigator.credentials, Protect signals as Ping's Signals SDK gives them, and a browser that
// follows an identity provider's redirects and signs in on its page.

var b64url = base64.RawURLEncoding

// authenticator holds one ES256 credential.
type authenticator struct {
	key        *ecdsa.PrivateKey
	id         []byte
	userHandle []byte
	count      uint32
}

func newAuthenticator(t *testing.T) *authenticator {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	id := make([]byte, 32)
	_, _ = rand.Read(id)
	return &authenticator{key: key, id: id}
}

// demoPasskey is user.passkey's preloaded credential, read from /_emulator/demo as a browser
// test would load it into Chromium's virtual authenticator.
func (w *world) demoPasskey() *authenticator {
	res, err := w.client.Get(w.base + "/_emulator/demo")
	require.NoError(w.t, err)
	defer res.Body.Close()
	var demo struct {
		Users []struct {
			Username string
			Passkey  *struct {
				CredentialID, PrivateKey, UserHandle string
				SignCount                            uint32
			}
		}
	}
	require.NoError(w.t, json.NewDecoder(res.Body).Decode(&demo))
	for _, u := range demo.Users {
		if u.Username != "user.passkey" {
			continue
		}
		require.NotNil(w.t, u.Passkey)
		der, err := base64.StdEncoding.DecodeString(u.Passkey.PrivateKey)
		require.NoError(w.t, err)
		k, err := x509.ParsePKCS8PrivateKey(der)
		require.NoError(w.t, err)
		id, err := b64url.DecodeString(u.Passkey.CredentialID)
		require.NoError(w.t, err)
		handle, err := b64url.DecodeString(u.Passkey.UserHandle)
		require.NoError(w.t, err)
		require.Equal(w.t, emulator.DemoPasskeyCredentialID, u.Passkey.CredentialID)
		return &authenticator{key: k.(*ecdsa.PrivateKey), id: id, userHandle: handle, count: u.Passkey.SignCount}
	}
	w.t.Fatal("user.passkey has no passkey in /_emulator/demo")
	return nil
}

// origin is the page's origin for WebAuthn: browsers refuse IP addresses, so the demo page is
// opened on localhost (the emulator registers both spellings).
func (w *world) origin() string { return strings.Replace(w.base, "127.0.0.1", "localhost", 1) }

// webauthnOptions reads the Ceremony's options (WebAuthn JSON form).
type webauthnOptions struct {
	Challenge        string `json:"challenge"`
	RPID             string `json:"rpId"`
	AllowCredentials []struct {
		ID string `json:"id"`
	} `json:"allowCredentials"`
	RP struct {
		ID string `json:"id"`
	} `json:"rp"`
	User struct {
		ID string `json:"id"`
	} `json:"user"`
}

func (a *authenticator) clientData(typ, challenge, origin string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": origin, "crossOrigin": false})
	return b
}

// authData is rpIdHash ‖ flags (user present and verified, plus attested data) ‖ counter.
func (a *authenticator) authData(rpID string, attested []byte) []byte {
	h := sha256.Sum256([]byte(rpID))
	flags := byte(0x01 | 0x04)
	if attested != nil {
		flags |= 0x40
	}
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, a.count)
	return append(out, attested...)
}

// get answers navigator.credentials.get: an assertion in PublicKeyCredential.toJSON() form.
func (a *authenticator) get(t *testing.T, c *flowcore.Ceremony, origin string) flowcore.CeremonyResult {
	var o webauthnOptions
	require.NoError(t, json.Unmarshal(c.PublicKey, &o))
	if len(o.AllowCredentials) > 0 {
		require.Equal(t, b64url.EncodeToString(a.id), o.AllowCredentials[0].ID, "the server asks for this credential")
	}
	a.count++
	cd := a.clientData("webauthn.get", o.Challenge, origin)
	ad := a.authData(o.RPID, nil)
	digest := sha256.Sum256(append(append([]byte{}, ad...), sum(cd)...))
	sig, err := ecdsa.SignASN1(rand.Reader, a.key, digest[:])
	require.NoError(t, err)
	cred, _ := json.Marshal(map[string]any{
		"id": b64url.EncodeToString(a.id), "rawId": b64url.EncodeToString(a.id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{"clientDataJSON": b64url.EncodeToString(cd), "authenticatorData": b64url.EncodeToString(ad),
			"signature": b64url.EncodeToString(sig), "userHandle": b64url.EncodeToString(a.userHandle)},
	})
	return flowcore.CeremonyResult{Credential: cred, Origin: origin}
}

// create answers navigator.credentials.create with attestation "none".
func (a *authenticator) create(t *testing.T, c *flowcore.Ceremony, origin string) flowcore.CeremonyResult {
	var o webauthnOptions
	require.NoError(t, json.Unmarshal(c.PublicKey, &o))
	handle, err := b64url.DecodeString(o.User.ID)
	require.NoError(t, err)
	a.userHandle = handle
	// Attested credential data: AAGUID (zero), the id's length and the id, the COSE key
	// {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}.
	pub, err := a.key.PublicKey.Bytes() // 0x04 ‖ x ‖ y
	require.NoError(t, err)
	att := make([]byte, 16)
	att = binary.BigEndian.AppendUint16(att, uint16(len(a.id)))
	att = append(att, a.id...)
	att = append(att, 0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20)
	att = append(att, pub[1:33]...)
	att = append(att, 0x22, 0x58, 0x20)
	att = append(att, pub[33:]...)
	ad := a.authData(o.RP.ID, att)
	// {"fmt": "none", "attStmt": {}, "authData": ad}
	obj := []byte{0xa3, 0x63, 'f', 'm', 't', 0x64, 'n', 'o', 'n', 'e', 0x67, 'a', 't', 't', 'S', 't', 'm', 't', 0xa0,
		0x68, 'a', 'u', 't', 'h', 'D', 'a', 't', 'a', 0x59}
	obj = binary.BigEndian.AppendUint16(obj, uint16(len(ad)))
	obj = append(obj, ad...)
	cd := a.clientData("webauthn.create", o.Challenge, origin)
	cred, _ := json.Marshal(map[string]any{
		"id": b64url.EncodeToString(a.id), "rawId": b64url.EncodeToString(a.id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{"credProps": map[string]any{"rk": true}},
		"response": map[string]any{"clientDataJSON": b64url.EncodeToString(cd), "attestationObject": b64url.EncodeToString(obj),
			"transports": []string{"internal"}},
	})
	return flowcore.CeremonyResult{Credential: cred, Origin: origin}
}

// signOut drops the browser's cookies, the PingOne session among them.
func (w *world) signOut() {
	jar, err := cookiejar.New(nil)
	require.NoError(w.t, err)
	w.client.Jar = jar
}

func sum(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}

// browser is what the page does for each ceremony: the authenticator answers WebAuthn, Protect
// gets well-formed signals unless noSignals.
func (w *world) browser(a *authenticator, noSignals bool) func(c *flowcore.Ceremony) flowcore.CeremonyResult {
	return func(c *flowcore.Ceremony) flowcore.CeremonyResult {
		switch c.Kind {
		case flowcore.CeremonyWebAuthnGet:
			return a.get(w.t, c, w.origin())
		case flowcore.CeremonyWebAuthnCreate:
			return a.create(w.t, c, w.origin())
		case flowcore.CeremonyProtect:
			if noSignals {
				return flowcore.CeremonyResult{Error: "NotSupportedError", Message: "no Protect SDK on this page"}
			}
			return flowcore.CeremonyResult{Signals: emulator.ProtectExample}
		}
		w.t.Fatalf("unexpected ceremony %s", c.Kind)
		return flowcore.CeremonyResult{}
	}
}

// throughIdP follows the browser from the identity provider's start URL (on the auth host)
// through the provider's sign-in page, signing in as user, back to the application's redirect
// URI; it returns that URL.
func (w *world) throughIdP(start, user, password string) string {
	next := start
	for range 10 {
		res, err := w.client.Get(next)
		require.NoError(w.t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusOK && strings.Contains(next, "/_emulator/idp/") {
			// The sign-in page posts its form, with the request's parameters, to itself.
			form := url.Values{"username": {user}, "password": {password}, "action": {"signin"}}
			res, err = w.client.PostForm(next, form)
			require.NoError(w.t, err)
			res.Body.Close()
		}
		require.Equal(w.t, http.StatusFound, res.StatusCode, "%s: %s", next, body)
		loc, err := res.Request.URL.Parse(res.Header.Get("Location"))
		require.NoError(w.t, err)
		next = loc.String()
		if strings.HasPrefix(next, w.base+"/callback") {
			return next
		}
	}
	w.t.Fatalf("the identity provider never sent the browser back")
	return ""
}

func TestFlowsPasskeyMFA(t *testing.T) {
	w := newWorld(t)
	key := w.demoPasskey()
	eff, seen := w.signIn(w.config(""), person{ceremony: w.browser(key, false), answer: by(t, answers{
		"USERNAME_PASSWORD_REQUIRED": login("user.passkey", emulator.DemoPassword),
		"ASSERTION_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
			assert.Equal(t, "passkey", s.Key)
			assert.Equal(t, "passkey", s.SelectedDevice.Key)
			a, _ := s.Action(flowcore.ActionAssertionCheck)
			assert.Equal(t, flowcore.RolePasskey, a.Role)
			assert.Equal(t, flowcore.CeremonyWebAuthnGet, a.Ceremony)
			return flowcore.ActionAssertionCheck, nil
		},
	})})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "ASSERTION_REQUIRED", "ceremony:webauthn.get"}, seen)
	assert.Contains(t, claims["amr"], "hwk")
	assert.Equal(t, "user.passkey", claims["preferred_username"])

	// A cancelled ceremony leaves the step with an error the page can word; trying again works.
	w2 := newWorld(t)
	key2 := w2.demoPasskey()
	first := true
	eff, seen = w2.signIn(w2.config(""), person{ceremony: func(c *flowcore.Ceremony) flowcore.CeremonyResult {
		if first {
			first = false
			return flowcore.CeremonyResult{Error: "NotAllowedError", Message: "cancelled"}
		}
		return key2.get(t, c, w2.origin())
	}, answer: by(t, answers{
		"USERNAME_PASSWORD_REQUIRED":            login("user.passkey", emulator.DemoPassword),
		"ASSERTION_REQUIRED":                    func(*flowcore.Step) (string, map[string]any) { return flowcore.ActionAssertionCheck, nil },
		"ASSERTION_REQUIRED!webauthn_cancelled": func(*flowcore.Step) (string, map[string]any) { return flowcore.ActionAssertionCheck, nil },
	})})
	done(t, w2, eff)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "ASSERTION_REQUIRED", "ceremony:webauthn.get",
		"ASSERTION_REQUIRED!webauthn_cancelled", "ceremony:webauthn.get"}, seen, "a cancelled passkey leaves the step with an error, and trying again works")
}

func TestFlowsSocialRoundTrip(t *testing.T) {
	w := newWorld(t)
	social := "social:" + emulator.DemoIdentityProviderID
	eff, seen := w.signIn(w.config(""), person{idp: [2]string{"social.user", emulator.DemoPassword}, answer: by(t, answers{
		"USERNAME_PASSWORD_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
			a, ok := s.Action(social)
			require.True(t, ok, "the provider is an action: %v", s.ActionNames())
			assert.Equal(t, flowcore.RoleSocial, a.Role)
			assert.Equal(t, "Example IdP", a.Provider.Name)
			return social, nil
		},
	})})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"USERNAME_PASSWORD_REQUIRED", "ceremony:navigate"}, seen)
	assert.Equal(t, "user.social", claims["preferred_username"])
	assert.Contains(t, claims["amr"], "fed")

	// A new identity confirms its account, then meets the rest of the policy.
	w = newWorld(t)
	eff, seen = w.signIn(w.config(""), person{idp: [2]string{"social.new", emulator.DemoPassword}, answer: by(t, answers{
		"USERNAME_PASSWORD_REQUIRED": press(social),
		"ACCOUNT_CONFIRMATION_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
			assert.Equal(t, "confirm-account", s.Key)
			a, _ := s.Action(flowcore.ActionUserConfirm)
			require.NotEmpty(t, a.Fields[0].Value, "the username is prefilled from the provider")
			return flowcore.ActionUserConfirm, map[string]any{"username": "social.newcomer"}
		},
		"PROFILE_DATA_REQUIRED": func(s *flowcore.Step) (string, map[string]any) {
			in := map[string]any{}
			a, _ := s.Action(flowcore.ActionUserUpdate)
			for _, f := range a.Fields {
				if f.Value == "" {
					in[f.Key] = map[bool]string{true: "+15555550123", false: "Newcomer"}[f.Type == "tel"]
				}
			}
			return flowcore.ActionUserUpdate, in
		},
		"AGREEMENT_CONSENT_REQUIRED": func(*flowcore.Step) (string, map[string]any) {
			return flowcore.ActionUserConsent, map[string]any{"accept": true}
		},
	})})
	claims = done(t, w, eff)
	assert.Equal(t, "ceremony:navigate", seen[1])
	assert.Contains(t, seen, "ACCOUNT_CONFIRMATION_REQUIRED")
	assert.Equal(t, "social.newcomer", claims["preferred_username"])
}

func TestDaVinciPasskeyRegisterThenSignIn(t *testing.T) {
	w := newWorld(t)
	key := newAuthenticator(t)
	var seen []string
	eff, _ := w.signIn(w.davinci(), person{ceremony: w.browser(key, false), answer: by(t, byForm(t, &seen, answers{
		"Sign On": signOnAs("user.password", emulator.DemoPassword),
		"Set Up a Passkey": func(s *flowcore.Step) (string, map[string]any) {
			a, ok := s.Action("passkey")
			require.True(t, ok)
			assert.Equal(t, flowcore.CeremonyWebAuthnCreate, a.Ceremony)
			assert.Equal(t, flowcore.RolePasskey, a.Role)
			return "passkey", nil
		},
	}))})
	done(t, w, eff)
	assert.Equal(t, []string{"Sign On", "Set Up a Passkey"}, seen)

	// Signed out (a new browser session), the passkey alone signs the person in, started as
	// autofill on the username field.
	w.signOut()
	seen = nil
	eff, _ = w.signIn(w.davinci(), person{ceremony: w.browser(key, false), answer: by(t, byForm(t, &seen, answers{
		"Sign On": func(s *flowcore.Step) (string, map[string]any) {
			a, _ := s.Action("passkey")
			require.True(t, a.Conditional)
			assert.Equal(t, "username webauthn", s.Actions[0].Fields[0].Autocomplete)
			return "passkey", map[string]any{"mediation": "conditional"}
		},
	}))})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"Sign On"}, seen)
	assert.Equal(t, "user.password", claims["preferred_username"])
	assert.Equal(t, []any{"hwk"}, claims["amr"])
}

func TestDaVinciCancelledCeremonyThenPassword(t *testing.T) {
	w := newWorld(t)
	var seen []string
	cancel := func(c *flowcore.Ceremony) flowcore.CeremonyResult {
		if c.Kind == flowcore.CeremonyProtect {
			return flowcore.CeremonyResult{Signals: emulator.ProtectExample}
		}
		return flowcore.CeremonyResult{Error: "NotAllowedError", Message: "The operation either timed out or was not allowed."}
	}
	eff, _ := w.signIn(w.davinci(), person{ceremony: cancel, answer: by(t, byForm(t, &seen, answers{
		"Sign On": press("passkey"),
		"Sign On!request_rejected": func(s *flowcore.Step) (string, map[string]any) {
			assert.Contains(t, s.Error.Message, "passkey")
			return signOnAs("user.password", emulator.DemoPassword)(s)
		},
		"Set Up a Passkey": press("passkey"),
		"Set Up a Passkey!request_rejected": func(s *flowcore.Step) (string, map[string]any) {
			_, ok := s.Action("NOT_NOW")
			require.True(t, ok, "Not now is still there")
			return "NOT_NOW", nil
		},
	}))})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"Sign On", "Sign On!request_rejected", "Set Up a Passkey", "Set Up a Passkey!request_rejected"}, seen)
	assert.Equal(t, []any{"pwd"}, claims["amr"])
}

func TestDaVinciProtect(t *testing.T) {
	for _, tc := range []struct {
		name      string
		noSignals bool
		want      []string
	}{
		{"signals", false, []string{"Sign On", "Set Up a Passkey"}},
		{"no signals: a step-up", true, []string{"Sign On", "Enter Code", "Set Up a Passkey"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			var seen []string
			var protect *flowcore.ProtectRequest
			browser := w.browser(nil, tc.noSignals)
			eff, _ := w.signIn(w.davinci(), person{ceremony: func(c *flowcore.Ceremony) flowcore.CeremonyResult {
				protect = c.Protect
				return browser(c)
			}, answer: by(t, byForm(t, &seen, answers{
				"Sign On":          signOnAs("user.password", emulator.DemoPassword),
				"Enter Code":       w.inboxCode("user.password", "otp", "otp"),
				"Set Up a Passkey": press("NOT_NOW"),
			}))})
			done(t, w, eff)
			assert.Equal(t, tc.want, seen)
			assert.Equal(t, &flowcore.ProtectRequest{BehavioralDataCollection: true, UniversalDeviceIdentification: true}, protect)
		})
	}
}

func TestDaVinciChallengeApprovedInTheInbox(t *testing.T) {
	w := newWorld(t)
	var seen []string
	polls := 0
	eff, _ := w.signIn(w.davinci(), person{
		poll: func(s *flowcore.Step) {
			require.Equal(t, "challenge", s.Wait)
			if polls++; polls == 2 {
				entry := w.latest("user.password", "challenge")
				res, err := w.client.Post(w.base+"/_emulator/challenge/"+entry.ID+"/approve", "application/json", nil)
				require.NoError(t, err)
				res.Body.Close()
				require.Less(t, res.StatusCode, 300)
			}
		},
		answer: by(t, byForm(t, &seen, answers{
			"Sign On": press("PHONE"),
			"Sign In With Your Phone": func(*flowcore.Step) (string, map[string]any) {
				return "SUBMIT", map[string]any{"username": "user.password"}
			},
		}))})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"Sign On", "Sign In With Your Phone"}, seen)
	assert.GreaterOrEqual(t, polls, 2)
	assert.Equal(t, []any{"swk"}, claims["amr"])
}

func TestDaVinciSocial(t *testing.T) {
	w := newWorld(t)
	var seen []string
	eff, steps := w.signIn(w.davinci(), person{idp: [2]string{"social.user", emulator.DemoPassword}, answer: by(t, byForm(t, &seen, answers{
		"Sign On": func(s *flowcore.Step) (string, map[string]any) {
			a, ok := s.Action(emulator.DemoIdentityProviderID)
			require.True(t, ok)
			assert.Equal(t, flowcore.RoleSocial, a.Role)
			assert.Equal(t, flowcore.CeremonyNavigate, a.Ceremony)
			return a.Name, nil
		},
	}))})
	claims := done(t, w, eff)
	assert.Equal(t, []string{"Sign On"}, seen)
	assert.Contains(t, steps, "ceremony:navigate")
	assert.Equal(t, "user.social", claims["preferred_username"])
	assert.Contains(t, claims["amr"], "fed")
}
