package flowcore

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flowJSON builds a flow document with the given status and action links.
func flowJSON(status string, actions []string, extra map[string]any) string {
	links := map[string]any{"self": map[string]string{"href": testFlowURL}}
	for _, a := range actions {
		links[a] = map[string]string{"href": testFlowURL}
	}
	doc := map[string]any{
		"_links": links, "id": "5318a876-a8de-4d68-be79-b64043ff6490", "status": status,
		"environment": map[string]string{"id": testEnv},
		"resumeUrl":   testAuth + "/" + testEnv + "/as/resume?flowId=5318a876-a8de-4d68-be79-b64043ff6490",
		"createdAt":   "2021-08-04T23:00:02.383Z", "expiresAt": "2021-08-04T23:15:02.383Z",
	}
	for k, v := range extra {
		doc[k] = v
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

// started is an engine whose authorize request is pending.
func started(t testing.TB) *Engine {
	e := newTestEngine(t)
	_, err := e.Start()
	require.NoError(t, err)
	return e
}

func TestEveryStatusDecodes(t *testing.T) {
	cases := []struct {
		status  string
		links   []string
		kind    EffectKind
		actions []string
	}{
		{StatusUsernamePasswordRequired, []string{"usernamePassword.check", "password.forgot", "user.register", "session.reset"}, EffectShow, []string{"usernamePassword.check", "user.register", "password.forgot", "session.reset"}},
		{StatusSignOnRequired, []string{"user.lookup", "kerberos.lookup"}, EffectShow, []string{"user.lookup", "kerberos.lookup"}},
		{StatusPasswordRequired, []string{"usernamePassword.check", "password.forgot"}, EffectShow, []string{"usernamePassword.check", "password.forgot"}},
		{StatusPasswordExpired, []string{"password.reset"}, EffectShow, []string{"password.reset"}},
		{StatusMustChangePassword, []string{"password.reset"}, EffectShow, []string{"password.reset"}},
		{StatusRecoveryCodeRequired, []string{"password.sendRecoveryCode", "password.recover"}, EffectShow, []string{"password.recover", "password.sendRecoveryCode"}},
		{StatusVerificationCodeRequired, []string{"user.sendVerificationCode", "user.verify"}, EffectShow, []string{"user.verify", "user.sendVerificationCode"}},
		{StatusDeviceSelectionRequired, []string{"device.select"}, EffectShow, []string{"device.select"}},
		{StatusOTPRequired, []string{"device.select", "otp.check"}, EffectShow, []string{"otp.check", "device.select"}},
		{StatusPushConfirmationRequired, []string{"device.select"}, EffectWait, []string{"device.select"}},
		{StatusPushConfirmationTimedOut, []string{"device.select"}, EffectShow, []string{"device.select"}},
		{StatusAccountLinkingRequired, []string{"usernamePassword.check", "user.register"}, EffectShow, []string{"usernamePassword.check", "user.register"}},
		{StatusAccountConfirmationRequired, []string{"user.confirm"}, EffectShow, []string{"user.confirm"}},
		{StatusExternalAuthenticationRequired, []string{"authenticate"}, EffectShow, []string{"authenticate"}},
		{StatusProfileDataRequired, []string{"user.update"}, EffectShow, []string{"user.update"}},
		{StatusAssertionRequired, []string{"device.select", "assertion.check"}, EffectShow, []string{"assertion.check", "device.select"}},
		{StatusAgreementConsentRequired, []string{"user.consent"}, EffectShow, []string{"user.consent"}},
		{StatusDAGUserCodeRequired, []string{"deviceAuthGrant.userCode.verify"}, EffectShow, []string{"deviceAuthGrant.userCode.verify"}},
		{StatusDAGConsentRequired, []string{"deviceAuthGrant.consent"}, EffectShow, []string{"deviceAuthGrant.consent"}},
		{StatusCompleted, nil, EffectFetch, nil},
		{StatusFailed, nil, EffectFail, nil},
		{"BRAND_NEW_REQUIRED", []string{"session.reset", "brandNew.check"}, EffectShow, []string{"brandNew.check", "session.reset"}},
	}
	require.Len(t, statusKeys, 2*21, "reference §3.3 lists 21 statuses")
	seen := map[string]bool{}
	for _, tc := range cases {
		seen[tc.status] = true
		t.Run(tc.status, func(t *testing.T) {
			e := started(t)
			eff, err := e.Receive(ok200(flowJSON(tc.status, tc.links, nil)))
			require.NoError(t, err)
			require.Equal(t, tc.kind, eff.Kind)
			switch tc.kind {
			case EffectShow, EffectWait:
				assert.Equal(t, tc.status, eff.Step.Status)
				_, known := lookup(statusKeys[:], tc.status, "")
				assert.Equal(t, known, eff.Step.Known)
				assert.Equal(t, tc.actions, eff.Step.ActionNames())
				assert.Equal(t, "flows", eff.Step.Protocol)
				assert.Equal(t, "2021-08-04T23:15:02.383Z", eff.Step.ExpiresAt)
			case EffectFetch:
				assert.Equal(t, PurposeResume, eff.Request.Purpose)
			case EffectFail:
				assert.Equal(t, CodeFlowFailed, eff.Error.Code)
				assert.Equal(t, ClassRestart, eff.Error.Class)
			}
		})
	}
	for i := 0; i < len(statusKeys); i += 2 {
		s := statusKeys[i]
		assert.True(t, seen[s], "status %s has no case", s)
	}
}

func TestUnknownStatusOffersItsLinksGenerically(t *testing.T) {
	e := started(t)
	eff, err := e.Receive(ok200(fixture(t, "unknown-status")))
	require.NoError(t, err)
	require.Equal(t, EffectShow, eff.Kind)
	assert.False(t, eff.Step.Known)
	a, ok := eff.Step.Action("something.new")
	require.True(t, ok)
	assert.True(t, a.Generic)
	assert.Equal(t, "New", a.Label)
	assert.Equal(t, "application/vnd.pingidentity.something.new+json", a.MediaType)
	eff, err = e.Submit("something.new", map[string]any{"answer": 42})
	require.NoError(t, err)
	assert.Equal(t, `{"answer":42}`, eff.Request.Body)
	assert.Equal(t, "application/vnd.pingidentity.something.new+json", eff.Request.Headers["Content-Type"])
}

func TestEmbeddedIsExposedOnTheStep(t *testing.T) {
	e := started(t)
	eff, err := e.Receive(ok200(fixture(t, "otp-required-email")))
	require.NoError(t, err)
	s := eff.Step
	require.NotNil(t, s.User)
	assert.Equal(t, User{ID: "8cc45fa5-214e-429b-b91c-e900075c3e43", Username: "ava.patel", Given: "Ava", Family: "Patel"}, *s.User)
	assert.Equal(t, "Demo SPA", s.Application.Name)
	require.Len(t, s.Devices, 3)
	assert.Equal(t, Device{ID: "203fe40d-1b4a-419b-947b-d59fe4d62405", Type: "SMS", Status: "ACTIVE", Target: "*******01", Key: "sms"}, s.Devices[0])
	assert.Equal(t, "a****@example.com", s.Devices[1].Target)
	assert.Equal(t, "Pixel 8", s.Devices[2].Name)
	require.NotNil(t, s.SelectedDevice)
	assert.Equal(t, "EMAIL", s.SelectedDevice.Type, "selectedDevice is resolved against the device list")
	assert.False(t, s.BypassAllowed)
	sel, _ := s.Action("device.select")
	assert.Equal(t, []Option{
		{Value: "203fe40d-1b4a-419b-947b-d59fe4d62405", Label: "Text message *******01"},
		{Value: "0b1c7e2a-5d3f-4a8b-9c6d-7e8f9a0b1c2d", Label: "Email a****@example.com"},
		{Value: "7d3e9f1a-2b4c-4d5e-8f6a-9b0c1d2e3f4a", Label: "Push notification Pixel 8"},
	}, sel.Fields[0].Options)
	assert.Equal(t, "0b1c7e2a-5d3f-4a8b-9c6d-7e8f9a0b1c2d", sel.Fields[0].Value)
	otp, _ := s.Action("otp.check")
	assert.Equal(t, "one-time-code", otp.Fields[0].Autocomplete)
}

func TestPasswordPolicyProfileAgreementAndProviders(t *testing.T) {
	e := started(t)
	eff, err := e.Receive(ok200(fixture(t, "password-expired")))
	require.NoError(t, err)
	p := eff.Step.PasswordPolicy
	require.NotNil(t, p)
	assert.Equal(t, 8, p.MinLength)
	assert.Equal(t, 255, p.MaxLength)
	assert.Equal(t, 2, p.MaxRepeatedCharacters)
	assert.Equal(t, 5, p.MinUniqueCharacters)
	assert.Equal(t, 6, p.HistoryCount)
	assert.True(t, p.ExcludesCommonlyUsed)
	assert.Equal(t, []CharacterSet{{"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1}, {"abcdefghijklmnopqrstuvwxyz", 1}, {"0123456789", 1}, {"~!@#$%^&*()-_=+[]{}|;:,.<>/?", 1}}, p.MinCharacters)
	assert.JSONEq(t, `{"count":6,"retentionDays":365}`, string(mustGet(t, json.RawMessage(p.Raw), "history")))

	e = started(t)
	eff, err = e.Receive(ok200(fixture(t, "profile-data-required")))
	require.NoError(t, err)
	assert.Equal(t, "Tell us a little more about yourself.", eff.Step.PromptText)
	upd, _ := eff.Step.Action("user.update")
	require.Len(t, upd.Fields, 2)
	assert.Equal(t, Field{Key: "mobilePhone", Type: "tel", Label: "Mobile phone", Required: true, Autocomplete: "tel"}, upd.Fields[0])
	assert.Equal(t, "given-name", upd.Fields[1].Autocomplete)
	eff, err = e.Submit("user.update", map[string]any{"mobilePhone": "+15555550123", "name.given": "Ava", "ignored": "x"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"mobilePhone":"+15555550123","name":{"given":"Ava"}}`, eff.Request.Body)

	e = started(t)
	eff, err = e.Receive(ok200(fixture(t, "agreement-consent-required")))
	require.NoError(t, err)
	assert.Equal(t, &Agreement{ID: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", Name: "Terms of Service", Text: "By signing on you accept the terms.", Language: "en"}, eff.Step.Agreement)

	e = started(t)
	eff, err = e.Receive(ok200(flowJSON(StatusUsernamePasswordRequired, []string{"usernamePassword.check"}, map[string]any{
		"_embedded": map[string]any{"socialProviders": []any{map[string]any{"id": "c7a1", "name": "Google", "type": "GOOGLE",
			"_links": map[string]any{"authenticate": map[string]string{"href": testAuth + "/" + testEnv + "/rp/authenticate?providerId=c7a1"}}}},
			"application": map[string]any{"name": "Demo", "icon": map[string]string{"href": "https://cdn.example.com/i.png"}}},
	})))
	require.NoError(t, err)
	assert.Equal(t, []SocialProvider{{ID: "c7a1", Name: "Google", Type: "GOOGLE", Href: testAuth + "/" + testEnv + "/rp/authenticate?providerId=c7a1"}}, eff.Step.SocialProviders)
	assert.Equal(t, "https://cdn.example.com/i.png", eff.Step.Application.IconURL)
}

func mustGet(t *testing.T, raw json.RawMessage, key string) json.RawMessage {
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &m))
	return m[key]
}

func TestFollowsTheNewestLinks(t *testing.T) {
	e := started(t)
	_, err := e.Receive(ok200(fixture(t, "sign-on-required")))
	require.NoError(t, err)
	eff, err := e.Submit("user.lookup", map[string]any{"username": "ava.patel"})
	require.NoError(t, err)
	assert.Equal(t, testFlowURL, eff.Request.URL)
	moved := testAuth + "/" + testEnv + "/flows/0392192e-8616-4d70-af9d-10631b3fd2ca"
	next := flowJSON(StatusOTPRequired, nil, map[string]any{"id": "0392192e-8616-4d70-af9d-10631b3fd2ca",
		"_links": map[string]any{"self": map[string]string{"href": moved}, "otp.check": map[string]string{"href": moved}}})
	eff, err = e.Receive(ok200(next))
	require.NoError(t, err)
	assert.Equal(t, "0392192e-8616-4d70-af9d-10631b3fd2ca", eff.Step.FlowID)
	eff, err = e.Submit("otp.check", map[string]any{"otp": "123456"})
	require.NoError(t, err)
	assert.Equal(t, moved, eff.Request.URL)
}
