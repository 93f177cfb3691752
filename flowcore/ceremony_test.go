package flowcore

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// onFlow is an engine showing the given Flows API fixture.
func onFlow(t *testing.T, name string) (*Engine, Effect) {
	t.Helper()
	e := started(t)
	eff, err := e.Receive(ok200(fixture(t, name)))
	require.NoError(t, err)
	return e, eff
}

func isUsage(err error) bool {
	var ue *UsageError
	return errors.As(err, &ue)
}

func TestWebAuthnOptionsBecomeJSONForm(t *testing.T) {
	cases := []struct {
		name, src string
		create    bool
		want      string // "" = refused
	}{
		{"signed bytes", `{"challenge":[-1,0,127,-128],"allowCredentials":[{"type":"public-key","id":[1,2,255]}],"rpId":"x"}`, false,
			`{"allowCredentials":[{"id":"AQL_","type":"public-key"}],"challenge":"_wB_gA","rpId":"x"}`},
		{"base64 with padding and the standard alphabet", `{"challenge":"+/8=","allowCredentials":[{"id":"AQL/"}]}`, false,
			`{"allowCredentials":[{"id":"AQL_"}],"challenge":"-_8"}`},
		{"no allowCredentials", `{"challenge":"AAEC","timeout":60000}`, false, `{"challenge":"AAEC","timeout":60000}`},
		{"creation", `{"challenge":[1],"user":{"id":[2],"name":"a"},"pubKeyCredParams":[{"type":"public-key","alg":"-257"},{"alg":-7}],"excludeCredentials":[{"id":"Aw"}]}`, true,
			`{"challenge":"AQ","excludeCredentials":[{"id":"Aw"}],"pubKeyCredParams":[{"alg":-257,"type":"public-key"},{"alg":-7}],"user":{"id":"Ag","name":"a"}}`},
		{"no challenge", `{"rpId":"x"}`, false, ""},
		{"not JSON", `{challenge`, false, ""},
		{"byte out of range", `{"challenge":[256]}`, false, ""},
		{"byte not a number", `{"challenge":["a"]}`, false, ""},
		{"bad base64", `{"challenge":"***"}`, false, ""},
		{"credential without id", `{"challenge":"AA","allowCredentials":[{"type":"public-key"}]}`, false, ""},
		{"credentials not a list", `{"challenge":"AA","allowCredentials":{}}`, false, ""},
		{"creation without user", `{"challenge":"AA"}`, true, ""},
		{"creation with a word for alg", `{"challenge":"AA","user":{"id":"AA"},"pubKeyCredParams":[{"alg":"ES256"}]}`, true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := webauthnOptions(tc.src, tc.create)
			if tc.want == "" {
				require.NotNil(t, err)
				assert.Equal(t, CodeMalformedResponse, err.Code)
				return
			}
			require.Nil(t, err)
			assert.JSONEq(t, tc.want, string(got))
		})
	}
}

func TestFlowsAssertionRequired(t *testing.T) {
	e, eff := onFlow(t, "assertion-required")
	s := eff.Step
	assert.Equal(t, "passkey", s.Key)
	assert.Equal(t, "ava.patel", s.Identity)
	require.Equal(t, []string{"assertion.check", "device.select"}, s.ActionNames())
	a := s.Actions[0]
	assert.Equal(t, RolePasskey, a.Role)
	assert.Equal(t, CeremonyWebAuthnGet, a.Ceremony)
	assert.False(t, a.Conditional, "the user is known: no autofill")
	assert.Empty(t, a.Fields, "the ceremony supplies the assertion")
	assert.Equal(t, RoleChangeDevice, s.Actions[1].Role)
	assert.Equal(t, "passkey", s.Devices[0].Key)
	assert.Equal(t, "passkey", s.SelectedDevice.Key)

	// Autofill is refused for an action that does not offer it.
	_, err := e.Submit("assertion.check", map[string]any{"mediation": "conditional"})
	assert.True(t, isUsage(err))
	_, err = e.Submit("assertion.check", map[string]any{"mediation": "silent"})
	assert.True(t, isUsage(err))

	eff, err = e.Submit("assertion.check", nil)
	require.NoError(t, err)
	require.Equal(t, EffectCeremony, eff.Kind)
	c := eff.Ceremony
	assert.Equal(t, "assertion.check", c.Action)
	assert.Equal(t, "passkey", c.Step.Key, "the step stays on screen")
	assert.Equal(t, "DN44slqQIjhOWgECAwQFBg", gjson.GetBytes(c.PublicKey, "allowCredentials.0.id").String())
	assert.NotNil(t, e.Step(), "Step still answers during the ceremony")

	// The host's failures put the step back with an error a page can word.
	for _, tc := range []struct {
		name, code string
		class      Class
	}{
		{"NotAllowedError", CodeWebAuthnCancelled, ClassFix},
		{"AbortError", CodeWebAuthnCancelled, ClassFix},
		{"NotSupportedError", CodeWebAuthnUnsupported, ClassFix},
		{"SecurityError", CodeWebAuthnFailed, ClassMisconfiguration},
		{"InvalidStateError", CodeWebAuthnFailed, ClassFix},
		{"<script>", CodeWebAuthnFailed, ClassFix},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := onFlow(t, "assertion-required")
			_, err := e.Submit("assertion.check", nil)
			require.NoError(t, err)
			eff, err := e.Resolve(CeremonyResult{Error: tc.name, Message: "m"})
			require.NoError(t, err)
			require.Equal(t, EffectShow, eff.Kind)
			require.NotNil(t, eff.Step.Error)
			assert.Equal(t, tc.code, eff.Step.Error.Code)
			assert.Equal(t, tc.class, eff.Step.Error.Class)
			assert.Equal(t, domName(tc.name), eff.Step.Error.Details[0].Code)
		})
	}

	// The result goes to assertion.check as PingOne takes it.
	_, err = e.Resolve(CeremonyResult{Credential: RawJSON(`{"id":"x"}`)})
	assert.True(t, isUsage(err), "the origin is required")
	_, err = e.Resolve(CeremonyResult{Credential: RawJSON(`{"type":"public-key"}`), Origin: testOrigin})
	assert.True(t, isUsage(err), "a credential has an id")
	eff, err = e.Resolve(CeremonyResult{Credential: RawJSON(" {\"id\": \"x\"}\n"), Origin: testOrigin})
	require.NoError(t, err)
	assert.JSONEq(t, `{"origin":"https://app.example.com","assertion":"{\"id\":\"x\"}","compatibility":"FULL"}`, eff.Request.Body)
	assert.Equal(t, MediaType("assertion.check"), eff.Request.Headers["Content-Type"])

	// A bad assertion comes back as a field error on the step.
	eff, err = e.Receive(Response{Status: 400, Body: fixture(t, "error-invalid-assertion")})
	require.NoError(t, err)
	assert.Equal(t, CodeInvalidInput, eff.Step.Error.Code)
	_, err = e.Resolve(CeremonyResult{Error: "AbortError"})
	assert.True(t, isUsage(err), "no ceremony is pending any more")

	// Giving the assertion directly still works, without a ceremony.
	e, _ = onFlow(t, "assertion-required")
	eff, err = e.Submit("assertion.check", map[string]any{"origin": testOrigin, "assertion": "{}"})
	require.NoError(t, err)
	assert.Equal(t, EffectFetch, eff.Kind)
}

func TestFlowsAssertionWithoutOptionsTakesTheAssertionAsInput(t *testing.T) {
	doc := map[string]any{}
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "assertion-required")), &doc))
	delete(doc, "publicKeyCredentialRequestOptions")
	doc["_embedded"].(map[string]any)["publicKeyCredentialRequestOptions"] = map[string]any{"challenge": "AAEC"}
	b, _ := json.Marshal(doc)
	e := started(t)
	eff, err := e.Receive(ok200(string(b)))
	require.NoError(t, err)
	a, _ := eff.Step.Action("assertion.check")
	assert.Equal(t, CeremonyWebAuthnGet, a.Ceremony, "options under _embedded, as an object, are read too")

	delete(doc["_embedded"].(map[string]any), "publicKeyCredentialRequestOptions")
	b, _ = json.Marshal(doc)
	e = started(t)
	eff, err = e.Receive(ok200(string(b)))
	require.NoError(t, err)
	a, _ = eff.Step.Action("assertion.check")
	assert.Empty(t, a.Ceremony)
	assert.Len(t, a.Fields, 3)
	eff, err = e.Submit("assertion.check", nil)
	require.NoError(t, err)
	assert.Equal(t, CodeMissingField, eff.Step.Error.Code)

	doc["publicKeyCredentialRequestOptions"] = `{"rpId":"no challenge"}`
	b, _ = json.Marshal(doc)
	e = started(t)
	_, err = e.Receive(ok200(string(b)))
	require.NoError(t, err)
	eff, err = e.Submit("assertion.check", nil)
	require.NoError(t, err)
	assert.Equal(t, EffectFail, eff.Kind)
	assert.Equal(t, CodeMalformedResponse, eff.Error.Code)
}

func TestFlowsDeviceKeysAndRoles(t *testing.T) {
	_, eff := onFlow(t, "device-selection-fido2")
	keys := []string{}
	for _, d := range eff.Step.Devices {
		keys = append(keys, d.Key)
	}
	assert.Equal(t, []string{"passkey", "passkey", "sms", "push", "oath"}, keys)
	assert.Equal(t, RolePrimary, eff.Step.Actions[0].Role, "choosing a device is the step's main action")
	assert.Equal(t, "choose-device", eff.Step.Key)

	_, eff = onFlow(t, "otp-required-email")
	assert.Equal(t, []string{RolePrimary, RoleChangeDevice}, []string{eff.Step.Actions[0].Role, eff.Step.Actions[1].Role})

	_, eff = onFlow(t, "recovery-code-required")
	a, _ := eff.Step.Action("password.recover")
	assert.True(t, a.Fields[1].Verify, "a new password is typed twice")
	assert.NotNil(t, a.Fields[1].Policy)
	r, _ := eff.Step.Action("password.sendRecoveryCode")
	assert.Equal(t, RoleResend, r.Role)

	_, eff = onFlow(t, "push-confirmation-required")
	assert.Equal(t, "push", eff.Step.Wait)
	assert.Equal(t, "push", eff.Step.Key)
}

func TestFlowsSocialProvidersAndExternalAuthentication(t *testing.T) {
	e, eff := onFlow(t, "username-password-social")
	s := eff.Step
	assert.Equal(t, "sign-on", s.Key)
	roles := map[string]string{}
	for _, a := range s.Actions {
		roles[a.Name] = a.Role
	}
	assert.Equal(t, map[string]string{"usernamePassword.check": RolePrimary, "user.register": RoleRegister, "password.forgot": RoleForgotPassword,
		"session.reset": RoleResetIdentity, "social:c7a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d": RoleSocial, "social:0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a": RoleSocial}, roles)
	g, _ := s.Action("social:c7a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d")
	assert.Equal(t, &Provider{ID: "c7a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d", Name: "Google", Type: "GOOGLE"}, g.Provider)
	assert.Equal(t, "Google", g.Label)
	reg, _ := s.Action("user.register")
	assert.True(t, reg.Fields[2].Verify)
	require.NotNil(t, reg.Fields[2].Policy)
	assert.Equal(t, 8, reg.Fields[2].Policy.MinLength)

	eff, err := e.Submit(g.Name, nil)
	require.NoError(t, err)
	require.Equal(t, EffectCeremony, eff.Kind)
	assert.Equal(t, CeremonyNavigate, eff.Ceremony.Kind)
	_, err = e.Resolve(CeremonyResult{})
	assert.True(t, isUsage(err), "a navigation comes back through HandleRedirect, not Resolve")
	assert.Nil(t, e.Step(), "the browser has left the page")

	// The browser comes back: an IdP error, a wrong flow, then the right one.
	eff, err = e.HandleRedirect(testRedirect + "?error=access_denied&error_description=No")
	require.NoError(t, err)
	assert.Equal(t, CodeAccessDenied, eff.Error.Code)
	eff, err = e.HandleRedirect(testRedirect + "?flowId=another")
	require.NoError(t, err)
	assert.Equal(t, CodeStateMismatch, eff.Error.Code)
	eff, err = e.HandleRedirect(testRedirect + "?flowId=5318a876-a8de-4d68-be79-b64043ff6490")
	require.NoError(t, err)
	assert.Equal(t, PurposeFlowRead, eff.Request.Purpose)
	assert.Equal(t, testFlowURL, eff.Request.URL)

	// Back without the provider's answer (the back button): Current gives the step back.
	e, _ = onFlow(t, "username-password-social")
	_, err = e.Submit(g.Name, nil)
	require.NoError(t, err)
	snap, err := e.Snapshot()
	require.NoError(t, err)
	fresh := newTestEngine(t)
	require.NoError(t, fresh.Restore(snap))
	eff, err = fresh.Current()
	require.NoError(t, err)
	assert.Equal(t, EffectShow, eff.Kind)
	assert.Equal(t, "sign-on", eff.Step.Key)
	_, err = fresh.HandleRedirect(testRedirect + "?flowId=5318a876-a8de-4d68-be79-b64043ff6490")
	assert.True(t, isUsage(err), "the navigation was given up")

	_, eff = onFlow(t, "external-authentication-required")
	require.Equal(t, []string{"authenticate"}, eff.Step.ActionNames())
	a := eff.Step.Actions[0]
	assert.Equal(t, "external", eff.Step.Key)
	assert.Equal(t, RoleSocial, a.Role)
	assert.Equal(t, "Contoso", a.Provider.Name)

	// A provider whose link leaves the auth host is not offered.
	doc := map[string]any{}
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "username-password-social")), &doc))
	p := doc["_embedded"].(map[string]any)["socialProviders"].([]any)
	p[0].(map[string]any)["_links"] = map[string]any{"authenticate": map[string]any{"href": "https://evil.example.com/rp"}}
	b, _ := json.Marshal(doc)
	e = started(t)
	eff, err = e.Receive(ok200(string(b)))
	require.NoError(t, err)
	_, offered := eff.Step.Action("social:c7a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d")
	assert.False(t, offered)
	eff, err = e.navigate(Action{Name: "x", src: "https://evil.example.com/rp"}), nil
	require.NoError(t, err)
	assert.Equal(t, CodeUntrustedLink, eff.Error.Code)
}

func TestFlowsAccountLinkingAndConfirmation(t *testing.T) {
	_, eff := onFlow(t, "account-linking-required")
	s := eff.Step
	assert.Equal(t, "link-account", s.Key)
	require.Equal(t, []string{"usernamePassword.check", "user.register"}, s.ActionNames())
	assert.Equal(t, RoleRegister, s.Actions[1].Role)
	assert.Equal(t, &Provider{ID: "c7a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d", Name: "Google", Type: "GOOGLE"}, s.Provider,
		"the page can say which provider the person came back from")

	e, eff := onFlow(t, "account-confirmation-required")
	a, _ := eff.Step.Action("user.confirm")
	values := map[string]string{}
	for _, f := range a.Fields {
		values[f.Key] = f.Value
	}
	assert.Equal(t, map[string]string{"username": "ava.patel", "email": "ava.patel@gmail.com", "name.given": "Ava", "name.family": "Patel"}, values,
		"prefilled from what the identity provider supplied")
	eff, err := e.Submit("user.confirm", map[string]any{"username": " ava ", "name.given": "Eva"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"username":"ava","email":"ava.patel@gmail.com","name":{"given":"Eva","family":"Patel"}}`, eff.Request.Body,
		"what the person left as the identity provider gave it is confirmed as it is")
}

// dvOn is an engine on the given DaVinci form.
func dvOn(t *testing.T, name string) (*Engine, Effect) {
	t.Helper()
	return onForm(t, name)
}

func TestDaVinciPasskeyForm(t *testing.T) {
	e, eff := dvOn(t, "davinci-passkey-signon")
	s := eff.Step
	require.Equal(t, []string{"SIGNON", "passkey", "google", "TROUBLE"}, s.ActionNames())
	pk := s.Actions[1]
	assert.Equal(t, RolePasskey, pk.Role)
	assert.True(t, pk.Conditional, "a discoverable credential can be offered as autofill")
	assert.Equal(t, "Sign in with a passkey", pk.Label)
	assert.Equal(t, "username webauthn", s.Actions[0].Fields[0].Autocomplete)
	assert.Equal(t, &Provider{ID: "c7a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d", Name: "Google", Type: "GOOGLE"}, s.Actions[2].Provider)
	assert.True(t, s.Actions[3].Link)

	// Conditional mediation that ends without a passkey is no error and no server call.
	_, err := e.Submit("passkey", map[string]any{"mediation": "conditional"})
	require.NoError(t, err)
	eff, err = e.Resolve(CeremonyResult{Error: "AbortError"})
	require.NoError(t, err)
	assert.Equal(t, EffectShow, eff.Kind)
	assert.Nil(t, eff.Step.Error)

	// Another action abandons the ceremony.
	_, err = e.Submit("passkey", map[string]any{"mediation": "conditional"})
	require.NoError(t, err)
	eff, err = e.Submit("SIGNON", map[string]any{"username": "ava", "password": "pw"})
	require.NoError(t, err)
	assert.Equal(t, EffectFetch, eff.Kind)
	_, err = e.Resolve(CeremonyResult{Error: "AbortError"})
	assert.True(t, isUsage(err))

	// The person's other values go with the credential; a broken credential is the host's error.
	e, _ = dvOn(t, "davinci-passkey-signon")
	_, err = e.Submit("passkey", map[string]any{"username": "ava.patel", "password": 42})
	require.NoError(t, err, "a value of the wrong type is left out, not refused")
	_, err = e.Resolve(CeremonyResult{Credential: RawJSON(`{"id":"x","rawId":"***"}`)})
	assert.True(t, isUsage(err))
	_, err = e.Resolve(CeremonyResult{Credential: RawJSON(`[1]`)})
	assert.True(t, isUsage(err))
	eff, err = e.Resolve(CeremonyResult{Credential: RawJSON(`{"id":"AQ","rawId":"AQ","type":"public-key","response":{"clientDataJSON":"AQ","authenticatorData":"AQ","signature":"AQ"}}`)})
	require.NoError(t, err)
	fd := gjson.Get(eff.Request.Body, "parameters.data.formData")
	assert.Equal(t, "ava.patel", fd.Get("username").String())
	assert.False(t, fd.Get("password").Exists())
	assert.JSONEq(t, `{"id":"AQ","rawId":"AQ==","type":"public-key","response":{"clientDataJSON":"AQ==","authenticatorData":"AQ==","signature":"AQ==","userHandle":null}}`,
		fd.Get("passkey.assertionValue").Raw)
	assert.Equal(t, "SIGNON", gjson.Get(eff.Request.Body, "parameters.data.actionKey").String(), "davinci-client's actionKey: the first submit button")

	// Registration without an attachment sends null, as davinci-client does.
	e, _ = dvOn(t, "davinci-fido2-register")
	eff, err = e.Submit("passkey", nil)
	require.NoError(t, err)
	assert.Equal(t, CeremonyWebAuthnCreate, eff.Ceremony.Kind)
	pub := gjson.ParseBytes(eff.Ceremony.PublicKey)
	assert.Equal(t, "jMRfpSFOQpu5HOkAB1w-Qw", pub.Get("user.id").String())
	assert.Equal(t, int64(-257), pub.Get("pubKeyCredParams.1.alg").Int())
	assert.Equal(t, json.Number("-257"), json.Number(pub.Get("pubKeyCredParams.1.alg").Raw))
	eff, err = e.Resolve(CeremonyResult{Credential: RawJSON(`{"id":"AQ","rawId":"AQ","type":"public-key","response":{"clientDataJSON":"AQ","attestationObject":"AQ"}}`)})
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"AQ","rawId":"AQ==","type":"public-key","authenticatorAttachment":null,"response":{"clientDataJSON":"AQ==","attestationObject":"AQ=="}}`,
		gjson.Get(eff.Request.Body, "parameters.data.formData.passkey.attestationValue").Raw)

	// Not now: a flow button, no ceremony.
	e, _ = dvOn(t, "davinci-fido2-register")
	eff, err = e.Submit("NOT_NOW", nil)
	require.NoError(t, err)
	assert.Equal(t, "NOT_NOW", gjson.Get(eff.Request.Body, "parameters.data.actionKey").String())
}

func TestDaVinciBrokenPasskeyOptionsFail(t *testing.T) {
	body := fixture(t, "davinci-passkey-signon")
	body = gjson.Parse(body).Raw
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &doc))
	fields := doc["form"].(map[string]any)["components"].(map[string]any)["fields"].([]any)
	fields[4].(map[string]any)["publicKeyCredentialRequestOptions"] = map[string]any{"challenge": "!!"}
	b, _ := json.Marshal(doc)
	e := started(t)
	_, err := e.Receive(ok200(string(b)))
	require.NoError(t, err)
	eff, err := e.Submit("passkey", nil)
	require.NoError(t, err)
	assert.Equal(t, CodeMalformedResponse, eff.Error.Code)
}

func TestDaVinciProtect(t *testing.T) {
	e, eff := dvOn(t, "davinci-protect")
	assert.Equal(t, []string{"SIGNON"}, eff.Step.ActionNames(), "Protect and metadata are not shown")
	assert.Empty(t, eff.Step.Content)

	// A wrong input is checked before the signals are collected.
	eff, err := e.Submit("SIGNON", map[string]any{"username": ""})
	require.NoError(t, err)
	assert.Equal(t, EffectShow, eff.Kind)

	eff, err = e.Submit("SIGNON", map[string]any{"username": "ava", "password": "pw"})
	require.NoError(t, err)
	require.Equal(t, EffectCeremony, eff.Kind)
	assert.Equal(t, &ProtectRequest{BehavioralDataCollection: true}, eff.Ceremony.Protect)
	assert.Equal(t, "SIGNON", eff.Ceremony.Action)

	// A reload during the ceremony shows the form again; the password is not in the snapshot.
	snap, err := e.Snapshot()
	require.NoError(t, err)
	assert.NotContains(t, string(snap), `"pw"`)
	fresh := newTestEngine(t)
	require.NoError(t, fresh.Restore(snap))
	eff, err = fresh.Current()
	require.NoError(t, err)
	assert.Equal(t, EffectShow, eff.Kind)

	// Current in memory asks for the ceremony again.
	eff, err = e.Current()
	require.NoError(t, err)
	assert.Equal(t, EffectCeremony, eff.Kind)

	// Without signals: what davinci-client sends for an unfilled Protect component.
	eff, err = e.Resolve(CeremonyResult{Error: "NotSupportedError", Signals: "ignored"})
	require.NoError(t, err)
	fd := gjson.Get(eff.Request.Body, "parameters.data.formData")
	assert.Equal(t, gjson.String, fd.Get("protectsdk").Type)
	assert.Equal(t, "", fd.Get("protectsdk").String())
	assert.JSONEq(t, `{"platform":"web","sdk":"pingflow"}`, fd.Get("deviceMetadata").Raw, "METADATA goes in formData")

	// A form with nothing to press but Protect goes on by itself.
	protectOnly := `{"interactionId":"i","interactionToken":"t","id":"n1","_links":{"next":{"href":"https://auth.pingone.com/x"}},` +
		`"form":{"components":{"fields":[{"type":"LABEL","content":"Checking your device"},{"type":"PROTECT","key":"p","universalDeviceIdentification":true}]}}}`
	e = started(t)
	eff, err = e.Receive(ok200(protectOnly))
	require.NoError(t, err)
	require.Equal(t, EffectCeremony, eff.Kind)
	assert.Equal(t, "", eff.Ceremony.Action)
	eff, err = e.Resolve(CeremonyResult{Signals: "s"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"eventType":"submit","data":{"actionKey":"","formData":{"p":"s"}}}`, gjson.Get(eff.Request.Body, "parameters").Raw)

	// Resolve with the held values gone (an engine restored mid-ceremony by hand) is refused.
	e.st.Phase, e.st.Ceremony, e.held = phaseCeremony, &Ceremony{Kind: CeremonyProtect}, nil
	_, err = e.Resolve(CeremonyResult{Signals: "s"})
	assert.True(t, isUsage(err))
}

func TestDaVinciChallengePolling(t *testing.T) {
	e, eff := dvOn(t, "davinci-challenge")
	require.Equal(t, EffectWait, eff.Kind)
	assert.Equal(t, "challenge", eff.Step.Wait)
	assert.Equal(t, "challenge", eff.Step.Key)
	assert.Equal(t, "qr-code", eff.Step.Content[1].Type)

	eff, err := e.Poll()
	require.NoError(t, err)
	assert.Equal(t, "https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/davinci/user/credentials/challenge/7Vn3kQ2xLp9aZc4R/status", eff.Request.URL)
	assert.True(t, eff.Request.Idempotent)

	// A network failure: Retry replays the status read.
	fe, err := e.Receive(Response{NetworkError: "offline"})
	require.NoError(t, err)
	assert.Equal(t, CodeNetwork, fe.Error.Code)
	again, err := e.Retry()
	require.NoError(t, err)
	assert.Equal(t, eff.Request, again.Request)

	for _, tc := range []struct {
		name   string
		status int
		body   string
		code   string
	}{
		{"expired", 400, fixture(t, "davinci-challenge-expired"), CodeChallengeExpired},
		{"refused", 400, `{"code":4019,"message":"bad challenge"}`, CodeRequestRejected},
		{"complete without status", 200, `{"isChallengeComplete":true}`, CodeMalformedResponse},
		{"not JSON", 200, `nope`, CodeMalformedResponse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eff, err := e.Receive(Response{Status: tc.status, Body: tc.body})
			require.NoError(t, err)
			require.Equal(t, EffectFail, eff.Kind)
			assert.Equal(t, tc.code, eff.Error.Code)
		})
	}

	// Still pending every time: the form's retries run out.
	for i := 1; i < 30; i++ {
		eff, err = e.Receive(ok200(`{"isChallengeComplete":false}`))
		require.NoError(t, err)
		require.Equal(t, EffectWait, eff.Kind, "check %d", i)
		_, err = e.Poll()
		require.NoError(t, err)
	}
	eff, err = e.Receive(ok200(`{"isChallengeComplete":false}`))
	require.NoError(t, err)
	assert.Equal(t, CodePollLimit, eff.Error.Code)

	// Another way in while waiting.
	e, _ = dvOn(t, "davinci-challenge")
	eff, err = e.Submit("USE_PASSWORD", nil)
	require.NoError(t, err)
	assert.Equal(t, "USE_PASSWORD", gjson.Get(eff.Request.Body, "parameters.data.actionKey").String())
}

func TestDaVinciSocialReturn(t *testing.T) {
	e, _ := dvOn(t, "davinci-passkey-signon")
	eff, err := e.Submit("google", nil)
	require.NoError(t, err)
	assert.Equal(t, CeremonyNavigate, eff.Ceremony.Kind)
	assert.Equal(t, "form", eff.Ceremony.Step.Key)

	eff, err = e.HandleRedirect(testRedirect + "?other=1")
	require.NoError(t, err)
	assert.Equal(t, CodeUnexpectedResponse, eff.Error.Code)
	eff, err = e.HandleRedirect("not a url")
	assert.True(t, isUsage(err))
	eff, err = e.HandleRedirect(testRedirect + "#continueToken=T")
	require.NoError(t, err)
	assert.Equal(t, "Bearer T", eff.Request.Headers["Authorization"])

	// A network failure replays the continue call; a snapshot taken then shows the form again.
	_, err = e.Receive(Response{NetworkError: "offline"})
	require.NoError(t, err)
	again, err := e.Retry()
	require.NoError(t, err)
	assert.Equal(t, PurposeContinue, again.Request.Purpose)
	snap, err := e.Snapshot()
	require.NoError(t, err)
	assert.NotContains(t, string(snap), "Bearer")

	// The continue link must stay on the auth host.
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "davinci-passkey-signon")), &doc))
	doc["_links"].(map[string]any)["continue"] = map[string]any{"href": "https://evil.example.com/continue"}
	b, _ := json.Marshal(doc)
	e = started(t)
	_, err = e.Receive(ok200(string(b)))
	require.NoError(t, err)
	_, err = e.Submit("google", nil)
	require.NoError(t, err)
	eff, err = e.HandleRedirect(testRedirect + "?continueToken=T")
	require.NoError(t, err)
	assert.Equal(t, CodeUntrustedLink, eff.Error.Code)
}

func TestDaVinciPhoneNumber(t *testing.T) {
	e, eff := dvOn(t, "davinci-phone")
	f := eff.Step.Actions[0].Fields[0]
	assert.True(t, f.ShowExtension)
	assert.Equal(t, "Ext.", f.ExtensionLabel)
	assert.Equal(t, &Phone{CountryCode: "CA", PhoneNumber: "4165550100", Extension: "12"}, f.Phone)
	assert.Equal(t, "US", f.DefaultCountryCode)

	eff, err := e.Submit("SUBMIT", nil)
	require.NoError(t, err)
	assert.JSONEq(t, `{"countryCode":"CA","phoneNumber":"4165550100","extension":"12"}`, gjson.Get(eff.Request.Body, "parameters.data.formData.phone").Raw, "the prefill is sent as it stands")

	e, _ = dvOn(t, "davinci-phone")
	eff, err = e.Submit("SUBMIT", map[string]any{"phone": map[string]any{"phoneNumber": "5551234567", "extension": ""}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"countryCode":"US","phoneNumber":"5551234567","extension":""}`, gjson.Get(eff.Request.Body, "parameters.data.formData.phone").Raw,
		"an extension field always sends its extension")
	e, _ = dvOn(t, "davinci-phone")
	_, err = e.Submit("SUBMIT", map[string]any{"phone": map[string]any{"phoneNumber": 5}})
	assert.True(t, isUsage(err))
}

func TestDaVinciNewPasswordTakesTheFormsPolicy(t *testing.T) {
	form := `{"interactionId":"i","id":"n","_links":{"next":{"href":"https://auth.pingone.com/x"}},` +
		`"passwordPolicy":{"length":{"min":12}},"form":{"components":{"fields":[` +
		`{"type":"PASSWORD","key":"current","label":"Current"},{"type":"PASSWORD_VERIFY","key":"new","label":"New"},` +
		`{"type":"SUBMIT_BUTTON","key":"GO","label":"Go"}]}}}`
	e := started(t)
	eff, err := e.Receive(ok200(form))
	require.NoError(t, err)
	fs := eff.Step.Actions[0].Fields
	assert.Nil(t, fs[0].Policy, "the current password is not a new one")
	assert.Equal(t, "current-password", fs[0].Autocomplete)
	require.NotNil(t, fs[1].Policy)
	assert.Equal(t, 12, fs[1].Policy.MinLength)
	assert.True(t, fs[1].Verify)
}

func TestCeremonyJSONShape(t *testing.T) {
	e, _ := dvOn(t, "davinci-passkey-signon")
	eff, err := e.Submit("passkey", map[string]any{"mediation": "conditional"})
	require.NoError(t, err)
	b, err := json.Marshal(eff)
	require.NoError(t, err)
	r := gjson.ParseBytes(b)
	assert.Equal(t, "ceremony", r.Get("kind").String())
	assert.Equal(t, "webauthn.get", r.Get("ceremony.kind").String())
	assert.Equal(t, "conditional", r.Get("ceremony.mediation").String())
	assert.Equal(t, "passkey", r.Get("ceremony.action").String())
	assert.Equal(t, "form", r.Get("ceremony.step.key").String())
	assert.Equal(t, "passkey", r.Get("ceremony.step.actions.1.role").String())
	assert.True(t, r.Get("ceremony.step.actions.1.conditional").Bool())
	assert.Equal(t, "webauthn.get", r.Get("ceremony.step.actions.1.ceremony").String())
	assert.False(t, r.Get("ceremony.step.actions.1.src").Exists(), "the source stays inside the engine")
}
