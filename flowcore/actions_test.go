package flowcore

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// showing is an engine on a step that offers exactly the given actions.
func showing(t *testing.T, status string, actions []string, extra map[string]any) *Engine {
	e := started(t)
	eff, err := e.Receive(ok200(flowJSON(status, actions, extra)))
	require.NoError(t, err)
	require.Contains(t, []EffectKind{EffectShow, EffectWait}, eff.Kind)
	return e
}

func TestEveryActionHasItsMediaTypeAndTypedBody(t *testing.T) {
	devices := map[string]any{"_embedded": map[string]any{"devices": []any{
		map[string]any{"id": "dev-1", "type": "SMS", "phone": "*******01"}}}}
	cases := []struct {
		action string
		extra  map[string]any
		input  map[string]any
		body   string // "" = no body
	}{
		{ActionSessionReset, nil, nil, ""},
		{ActionUsernamePasswordCheck, nil, map[string]any{"username": " ava.patel ", "password": " p w "}, `{"username":"ava.patel","password":" p w "}`},
		{ActionUserLookup, nil, map[string]any{"username": "ava.patel"}, `{"username":"ava.patel"}`},
		{ActionPasswordForgot, nil, map[string]any{"username": "ava.patel"}, `{"username":"ava.patel"}`},
		{ActionUserRegister, nil, map[string]any{"username": "new.user", "email": "n@example.com", "password": "N3w-Passw0rd!", "locale": "en"},
			`{"username":"new.user","email":"n@example.com","password":"N3w-Passw0rd!","locale":"en"}`},
		{ActionPasswordReset, nil, map[string]any{"currentPassword": "old", "newPassword": "N3w-Passw0rd!"}, `{"currentPassword":"old","newPassword":"N3w-Passw0rd!"}`},
		{ActionPasswordRecover, nil, map[string]any{"recoveryCode": "A1B2C3D4", "newPassword": "N3w-Passw0rd!"}, `{"recoveryCode":"A1B2C3D4","newPassword":"N3w-Passw0rd!"}`},
		{ActionPasswordSendRecovery, nil, nil, ""},
		{ActionUserVerify, nil, map[string]any{"verificationCode": "K7P2M9Q4"}, `{"verificationCode":"K7P2M9Q4"}`},
		{ActionUserSendVerification, nil, nil, ""},
		{ActionDeviceSelect, devices, map[string]any{"device": "dev-1"}, `{"device":{"id":"dev-1"}}`},
		{ActionOTPCheck, nil, map[string]any{"otp": "123456"}, `{"otp":"123456"}`},
		{ActionUserUpdate, map[string]any{"_embedded": map[string]any{"attributes": []any{map[string]any{"name": "address.postalCode", "required": true}}}},
			map[string]any{"address.postalCode": "H2X 1Y4"}, `{"address":{"postalCode":"H2X 1Y4"}}`},
		{ActionUserConfirm, nil, map[string]any{"username": "lindajones"}, `{"username":"lindajones"}`},
		{ActionAssertionCheck, nil, map[string]any{"origin": "https://app.example.com", "assertion": map[string]any{"id": "cred", "type": "public-key"}},
			`{"origin":"https://app.example.com","assertion":"{\"id\":\"cred\",\"type\":\"public-key\"}"}`},
		{ActionUserConsent, nil, map[string]any{"accept": true}, `{"accept":true}`},
		{ActionKerberosLookup, nil, nil, ""},
		{ActionDeviceAuthGrantUserCode, nil, map[string]any{"userCode": "ABCD-EFGH"}, `{"userCode":"ABCD-EFGH"}`},
		{ActionDeviceAuthGrantConsent, nil, map[string]any{"accept": "false"}, `{"accept":false}`},
	}
	require.Len(t, Actions(), len(cases), "every catalogued action has a case")
	for _, tc := range cases {
		t.Run(tc.action, func(t *testing.T) {
			e := showing(t, "SOME_STATUS_REQUIRED", []string{tc.action}, tc.extra)
			eff, err := e.Submit(tc.action, tc.input)
			require.NoError(t, err)
			require.Equal(t, EffectFetch, eff.Kind)
			r := eff.Request
			assert.Equal(t, "POST", r.Method)
			assert.Equal(t, testFlowURL, r.URL)
			assert.Equal(t, "application/vnd.pingidentity."+tc.action+"+json", r.Headers["Content-Type"])
			assert.Equal(t, "include", r.Credentials)
			assert.False(t, r.Idempotent)
			if tc.body == "" {
				assert.Empty(t, r.Body)
				assert.False(t, r.Sensitive)
			} else {
				assert.JSONEq(t, tc.body, r.Body)
				assert.True(t, r.Sensitive)
			}
		})
	}
}

func TestActionNotOfferedNamesWhatIs(t *testing.T) {
	e := showing(t, StatusOTPRequired, []string{"otp.check", "device.select"}, nil)
	_, err := e.Submit("usernamePassword.check", map[string]any{"username": "a", "password": "b"})
	var ue *UsageError
	require.True(t, errors.As(err, &ue))
	assert.Equal(t, `flowcore: Submit: action "usernamePassword.check" is not offered in status OTP_REQUIRED; offered: otp.check, device.select`, err.Error())
	eff, err := e.Current()
	require.NoError(t, err)
	assert.Equal(t, EffectShow, eff.Kind, "a refused call changes nothing")
}

func TestRequiredFieldsAreCheckedBeforeSending(t *testing.T) {
	e := showing(t, StatusUsernamePasswordRequired, []string{"usernamePassword.check", "user.register"}, nil)
	eff, err := e.Submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "  "})
	require.NoError(t, err)
	require.Equal(t, EffectShow, eff.Kind, "no request is made")
	require.NotNil(t, eff.Step.Error)
	assert.Equal(t, CodeMissingField, eff.Step.Error.Code)
	assert.Equal(t, ClassFix, eff.Step.Error.Class)
	up, _ := eff.Step.Action("usernamePassword.check")
	assert.Equal(t, []string{"Password is required."}, up.Fields[1].Errors)
	reg, _ := eff.Step.Action("user.register")
	assert.Empty(t, reg.Fields[2].Errors, "errors attach only to the submitted action")
	eff, err = e.Submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "x"})
	require.NoError(t, err)
	assert.Equal(t, EffectFetch, eff.Kind)
}

func TestKnownUsernameIsPrefilled(t *testing.T) {
	e := started(t)
	eff, err := e.Receive(ok200(fixture(t, "password-required")))
	require.NoError(t, err)
	a, _ := eff.Step.Action("usernamePassword.check")
	assert.Equal(t, "ava.patel", a.Fields[0].Value)
	eff, err = e.Submit("usernamePassword.check", map[string]any{"password": "2Federate!"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"username":"ava.patel","password":"2Federate!"}`, eff.Request.Body)
}

func TestDeviceMustBeOneOfTheOffered(t *testing.T) {
	e := started(t)
	_, err := e.Receive(ok200(fixture(t, "device-selection-required")))
	require.NoError(t, err)
	eff, err := e.Submit("device.select", map[string]any{"device": "not-a-device"})
	require.NoError(t, err)
	require.Equal(t, EffectShow, eff.Kind)
	assert.Equal(t, "INVALID_VALUE", eff.Step.Error.Details[0].Code)
	eff, err = e.Submit("user.consent", nil)
	require.Error(t, err)
	assert.Equal(t, EffectKind(""), eff.Kind)
	_, err = e.Submit("device.select", map[string]any{"device": 7})
	assert.ErrorContains(t, err, `input "device" must be a device id`)
	_, err = e.Submit("device.select", map[string]any{"device": map[string]any{"id": 7}})
	assert.ErrorContains(t, err, `input "device" must be a device id`)
}

func TestWronglyTypedInputIsAUsageError(t *testing.T) {
	for _, tc := range []struct {
		action string
		in     map[string]any
	}{
		{"usernamePassword.check", map[string]any{"username": 12, "password": "x"}},
		{"user.lookup", map[string]any{"username": true}},
		{"otp.check", map[string]any{"otp": 123456}},
		{"user.consent", map[string]any{"accept": 3}},
		{"user.register", map[string]any{"username": "a", "email": []any{"x"}, "password": "p"}},
		{"password.reset", map[string]any{"currentPassword": "a", "newPassword": 5}},
	} {
		e := showing(t, "ANY", []string{tc.action}, nil)
		_, err := e.Submit(tc.action, tc.in)
		var ue *UsageError
		assert.True(t, errors.As(err, &ue), "%s %v: %v", tc.action, tc.in, err)
	}
}

func TestConsentMustBeAnswered(t *testing.T) {
	e := showing(t, StatusAgreementConsentRequired, []string{"user.consent"}, nil)
	eff, err := e.Submit("user.consent", map[string]any{})
	require.NoError(t, err)
	assert.Equal(t, CodeMissingField, eff.Step.Error.Code)
	eff, err = e.Submit("user.consent", map[string]any{"accept": false})
	require.NoError(t, err)
	assert.JSONEq(t, `{"accept":false}`, eff.Request.Body)
}

func TestHumanize(t *testing.T) {
	assert.Equal(t, "Do thing now", humanize("user.doThingNow"))
	assert.Equal(t, "Authenticate", humanize("authenticate"))
}

func TestOneTimeCodesLoseSpacesAndDashes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"123456", "123456"}, {"123 456", "123456"}, {"123-456", "123456"}, {" 12 - 34\t56 ", "123456"},
		{"123\u00a0456", "123456"}, {"A1B2-C3D4", "A1B2C3D4"}, {"", ""},
	} {
		assert.Equal(t, tc.want, oneTimeCode(tc.in), "%q", tc.in)
	}
	cases := []struct {
		action, key string
		body        string
	}{
		{ActionOTPCheck, "otp", `{"otp":"123456"}`},
		{ActionUserVerify, "verificationCode", `{"verificationCode":"123456"}`},
	}
	for _, tc := range cases {
		for _, typed := range []string{"123 456", "123-456", " 123 - 456 "} {
			e := showing(t, "SOME_STATUS_REQUIRED", []string{tc.action}, nil)
			eff, err := e.Submit(tc.action, map[string]any{tc.key: typed})
			require.NoError(t, err)
			assert.JSONEq(t, tc.body, eff.Request.Body, "%s %q", tc.action, typed)
		}
	}
	e := showing(t, "SOME_STATUS_REQUIRED", []string{ActionPasswordRecover}, nil)
	eff, err := e.Submit(ActionPasswordRecover, map[string]any{"recoveryCode": "A1B2 C3D4", "newPassword": " N3w-Passw0rd! "})
	require.NoError(t, err)
	assert.JSONEq(t, `{"recoveryCode":"A1B2C3D4","newPassword":" N3w-Passw0rd! "}`, eff.Request.Body, "the password is sent as typed")
}

func TestDaVinciCodeFieldsLoseSpacesAndDashes(t *testing.T) {
	for _, tc := range []struct {
		field Field
		in    string
		want  any
	}{
		{Field{Key: "otp", Type: "code"}, "123 456", "123456"},
		{Field{Key: "otp", Type: "code"}, "123-456", "123456"},
		{Field{Key: "name", Type: "text"}, "Ava - Patel", "Ava - Patel"},
	} {
		v, err := fieldValue(tc.field, input{tc.field.Key: tc.in})
		require.NoError(t, err)
		assert.Equal(t, tc.want, v, "%s %q", tc.field.Type, tc.in)
	}
}

func TestARefusedSubmitKeepsTheErrorsWhereTheyWere(t *testing.T) {
	e := showing(t, StatusUsernamePasswordRequired, []string{"usernamePassword.check", "user.register"}, nil)
	_, err := e.Submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "  "})
	require.NoError(t, err)
	_, err = e.Submit("user.register", map[string]any{"username": 5, "email": "ava@example.com", "password": "Secret123!"})
	require.True(t, isUsage(err))
	up, _ := e.Step().Action("usernamePassword.check")
	assert.Equal(t, []string{"Password is required."}, up.Fields[1].Errors, "a refused call changes nothing")
}
