package flowcore

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/pingflow/pingflow/flowcore/fjson"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// onForm is an engine showing the given DaVinci form.
func onForm(t testing.TB, name string) (*Engine, Effect) {
	e := started(t)
	eff, err := e.Receive(ok200(fixture(t, name)))
	require.NoError(t, err)
	return e, eff
}

// atDaVinci is an engine with a DaVinci sign-on submitted and its response pending.
func atDaVinci(t testing.TB) *Engine {
	e, _ := onForm(t, "davinci-signon")
	eff, err := e.Submit("SIGNON", map[string]any{"username": "ava.patel", "password": "secret-pw"})
	require.NoError(t, err)
	require.Equal(t, PurposeDaVinci, eff.Request.Purpose)
	return e
}

func TestDaVinciAuthorizeAsksForJSON(t *testing.T) {
	eff, err := newTestEngine(t).Start()
	require.NoError(t, err)
	assert.Equal(t, "ping-sdk", eff.Request.Headers["X-Requested-With"])
}

func TestDaVinciEveryFieldType(t *testing.T) {
	_, eff := onForm(t, "davinci-all-fields")
	require.Equal(t, EffectShow, eff.Kind)
	s := eff.Step
	assert.Equal(t, "davinci", s.Protocol)
	assert.Equal(t, "FORM", s.Status)
	assert.Equal(t, "Every component", s.Title)
	assert.Equal(t, "17f7bb13-1b03-4203-acb4-ccd4afaec908", s.FlowID)
	require.Equal(t, []string{"SUBMIT", "google", "BACK"}, s.ActionNames())
	assert.Equal(t, "submit", s.Actions[0].Event)
	assert.Equal(t, "action", s.Actions[2].Event)
	assert.Empty(t, s.Actions[2].Fields, "a flow button sends no form values")
	assert.Equal(t, []string{RolePrimary, RoleSocial, RoleAlternative}, []string{s.Actions[0].Role, s.Actions[1].Role, s.Actions[2].Role})
	assert.Equal(t, CeremonyNavigate, s.Actions[1].Ceremony)

	types := map[string]string{}
	byKey := map[string]Field{}
	for _, f := range s.Actions[0].Fields {
		types[f.Key] = f.Type
		byKey[f.Key] = f
	}
	assert.Equal(t, map[string]string{
		"user.email": "email", "password": "password", "newPassword": "new-password", "country": "select",
		"plan": "radio", "topics": "checkboxes", "tags": "multiselect", "agree": "boolean", "phone": "phone",
		"device": "device", "newDevice": "device-type",
	}, types)
	email := byKey["user.email"]
	assert.Equal(t, "ava@example.com", email.Value, "formData.value prefills")
	assert.Equal(t, "^[^@]+@[^@]+$", email.Pattern)
	assert.Equal(t, "Enter a valid email", email.PatternMessage)
	assert.True(t, email.Required)
	np := byKey["newPassword"]
	assert.True(t, np.Verify)
	require.NotNil(t, np.Policy)
	assert.Equal(t, 8, np.Policy.MinLength)
	assert.Equal(t, "new-password", np.Autocomplete)
	assert.Equal(t, "current-password", byKey["password"].Autocomplete)
	assert.Equal(t, "free", byKey["plan"].Value)
	assert.Equal(t, "US", byKey["phone"].DefaultCountryCode)
	dev := byKey["device"]
	assert.Equal(t, "0b1c7e2a-5d3f-4a8b-9c6d-7e8f9a0b1c2d", dev.Value, "the default device is preselected")
	assert.Equal(t, Option{Value: "203fe40d-1b4a-419b-947b-d59fe4d62405", Label: "Text message", Type: "SMS", Description: "*******01", Key: "sms"}, dev.Options[1])
	assert.Equal(t, []Option{{Value: "EMAIL", Label: "Email", Type: "EMAIL", Description: "Codes by email", Key: "email"}, {Value: "SMS", Label: "Text message", Type: "SMS", Description: "Codes by SMS", Key: "sms"}}, byKey["newDevice"].Options)

	kinds := []string{}
	for _, c := range s.Content {
		kinds = append(kinds, c.Type)
	}
	assert.Equal(t, []string{"label", "rich-text", "qr-code", "agreement", "image", "error", "unknown"}, kinds)
	befores := []string{}
	for _, c := range s.Content {
		befores = append(befores, c.Before)
	}
	assert.Equal(t, []string{"user.email", "user.email", "", "", "", "", ""}, befores, "each label knows the field it stood before")
	assert.Equal(t, []TextPart{{Text: "Read the "}, {Text: "terms", Href: "https://example.com/terms", Target: "_blank"}, {Text: " first."}}, s.Content[1].Parts)
	assert.Equal(t, "data:image/png;base64,iVBORw0KGgo=", s.Content[2].Src)
	assert.Equal(t, "JBSWY3DPEHPK3PXP", s.Content[2].Text)
	assert.Equal(t, "https://cdn.example.com/logo.png", s.Content[4].Src)
	assert.Equal(t, "Something new", s.Content[6].Text)
	assert.JSONEq(t, `{"type":"FANCY_NEW_WIDGET","key":"fancy","label":"Something new"}`, string(s.Content[6].Raw), "unknown components are passed through")
	require.Len(t, s.SocialProviders, 1)
	assert.Equal(t, "Sign on with Google", s.SocialProviders[0].Name)
}

func TestDaVinciSendsEachValueShape(t *testing.T) {
	e, _ := onForm(t, "davinci-all-fields")
	eff, err := e.Submit("SUBMIT", map[string]any{
		"password": "pw", "newPassword": "Sunflower9", "country": "CA", "topics": []any{"news"},
		"tags": []any{"a", "b"}, "agree": true, "phone": map[string]any{"countryCode": "CA", "phoneNumber": "5145550101", "extension": "12"},
		"newDevice": "SMS",
	})
	require.NoError(t, err)
	require.Equal(t, EffectFetch, eff.Kind)
	r := eff.Request
	assert.Equal(t, "POST", r.Method)
	assert.Equal(t, "https://auth.pingone.com/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/davinci/connections/867ed4363b2bc21c860085ad2baa817d/capabilities/customHTMLTemplate", r.URL)
	assert.Equal(t, map[string]string{
		"Content-Type": "application/json", "Accept": "application/json", "X-Requested-With": "ping-sdk",
		"interactionId": "17f7bb13-1b03-4203-acb4-ccd4afaec908", "interactionToken": "222f461a945b0000000000000000000000000000000000000000000000000000",
	}, r.Headers)
	assert.Equal(t, "include", r.Credentials)
	assert.JSONEq(t, `{
		"id": "k2x9p0qz1m", "eventName": "continue", "interactionId": "17f7bb13-1b03-4203-acb4-ccd4afaec908",
		"parameters": {"eventType": "submit", "data": {"actionKey": "SUBMIT", "formData": {
			"user.email": "ava@example.com", "password": "pw", "newPassword": "Sunflower9", "country": "CA", "plan": "free",
			"topics": ["news"], "tags": ["a", "b"], "agree": true,
			"phone": {"countryCode": "CA", "phoneNumber": "5145550101", "extension": "12"},
			"device": {"type": "EMAIL", "id": "0b1c7e2a-5d3f-4a8b-9c6d-7e8f9a0b1c2d", "value": "a****@example.com"},
			"newDevice": "SMS"}}}}`, r.Body)

	e, _ = onForm(t, "davinci-all-fields")
	eff, err = e.Submit("BACK", map[string]any{"password": "ignored"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"eventType":"action","data":{"actionKey":"BACK","formData":{}}}`, gjson.Get(eff.Request.Body, "parameters").Raw)
}

func TestDaVinciValidatesBeforeSending(t *testing.T) {
	valid := func() map[string]any {
		return map[string]any{"newPassword": "Sunflower9", "country": "CA", "agree": true, "phone": "5145550101"}
	}
	cases := []struct {
		name   string
		edit   func(map[string]any)
		target string
		code   string
	}{
		{"required text", func(m map[string]any) { m["user.email"] = " " }, "user.email", CodeMissingField},
		{"regex", func(m map[string]any) { m["user.email"] = "not-an-email" }, "user.email", CodeInvalidInput},
		{"policy", func(m map[string]any) { m["newPassword"] = "aaaaaaaa" }, "newPassword", CodePasswordPolicy},
		{"option", func(m map[string]any) { m["country"] = "XX" }, "country", CodeInvalidInput},
		{"unchecked", func(m map[string]any) { m["agree"] = false }, "agree", CodeMissingField},
		{"phone", func(m map[string]any) { delete(m, "phone") }, "phone", CodeMissingField},
		{"device", func(m map[string]any) { m["device"] = "nope" }, "device", CodeInvalidInput},
		{"checkbox option", func(m map[string]any) { m["topics"] = []any{"sports"} }, "topics", CodeInvalidInput},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := onForm(t, "davinci-all-fields")
			in := valid()
			tc.edit(in)
			eff, err := e.Submit("SUBMIT", in)
			require.NoError(t, err)
			require.Equal(t, EffectShow, eff.Kind, "nothing is sent")
			assert.Equal(t, tc.code, eff.Step.Error.Code)
			assert.Equal(t, tc.target, eff.Step.Error.Details[0].Target)
			for _, f := range eff.Step.Actions[0].Fields {
				if f.Key == tc.target {
					assert.NotEmpty(t, f.Errors)
				}
			}
		})
	}
	e, _ := onForm(t, "davinci-all-fields")
	eff, err := e.Submit("SUBMIT", valid())
	require.NoError(t, err)
	assert.Equal(t, EffectFetch, eff.Kind, "valid input is sent")
	for _, bad := range []map[string]any{{"agree": 3}, {"topics": 7}, {"topics": []any{1}}, {"phone": 5}, {"phone": map[string]any{"phoneNumber": 5}}, {"device": 9}, {"country": true}} {
		e, _ := onForm(t, "davinci-all-fields")
		_, err := e.Submit("SUBMIT", bad)
		var ue *UsageError
		assert.ErrorAs(t, err, &ue, "%v", bad)
	}
}

func TestDaVinciClassification(t *testing.T) {
	cases := []struct {
		name   string
		resp   func(*testing.T, *Engine) Response
		kind   EffectKind
		code   string
		class  Class
		server string
	}{
		{"5xx", func(*testing.T, *Engine) Response { return resp(502, "") }, EffectFail, CodeServerUnavailable, ClassRetry, ""},
		{"network", func(*testing.T, *Engine) Response { return Response{NetworkError: "offline"} }, EffectFail, CodeNetwork, ClassRetry, ""},
		{"redirect", func(*testing.T, *Engine) Response { return resp(302, "") }, EffectFail, CodeUnexpectedRedirect, ClassMisconfiguration, ""},
		{"timed out", func(t *testing.T, _ *Engine) Response { return resp(400, fixture(t, "davinci-error-timeout")) }, EffectFail, CodeInteractionExpired, ClassRestart, "requestTimedOut"},
		{"unauthorized", func(t *testing.T, _ *Engine) Response { return resp(401, fixture(t, "davinci-error-unauthorized")) }, EffectFail, CodeInteractionRejected, ClassRestart, "1999"},
		{"set session failed", func(t *testing.T, _ *Engine) Response { return resp(400, fixture(t, "davinci-error-setsession")) }, EffectFail, CodeFlowFailed, ClassRestart, "badSession"},
		{"4xx not JSON", func(*testing.T, *Engine) Response { return resp(400, "nope") }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"wrong password", func(t *testing.T, _ *Engine) Response { return resp(400, fixture(t, "davinci-error-password")) }, EffectShow, CodeInvalidCredentials, ClassFix, "Invalid username and/or password"},
		{"4xx without details", func(*testing.T, *Engine) Response {
			return resp(400, `{"code":"validationError","message":"invalidInput"}`)
		}, EffectShow, CodeRequestRejected, ClassFix, "validationError"},
		{"2xx error", func(t *testing.T, _ *Engine) Response { return ok200(fixture(t, "davinci-failure-error")) }, EffectFail, CodeFlowFailed, ClassRestart, "server_error"},
		{"2xx failure status", func(t *testing.T, _ *Engine) Response { return ok200(fixture(t, "davinci-failure-status")) }, EffectFail, CodeFlowFailed, ClassRestart, ""},
		{"success", func(t *testing.T, e *Engine) Response { return ok200(fill(e, fixture(t, "davinci-success"))) }, EffectFetch, "", "", ""},
		{"success without code", func(*testing.T, *Engine) Response { return ok200(`{"session":{"id":"s"}}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"success forged state", func(t *testing.T, _ *Engine) Response { return ok200(fixture(t, "davinci-success")) }, EffectFail, CodeStateMismatch, ClassRestart, ""},
		{"rewind to a form that does not poll", func(t *testing.T, _ *Engine) Response { return ok200(fixture(t, "davinci-rewind")) }, EffectShow, "", "", ""},
		{"next form", func(t *testing.T, _ *Engine) Response { return ok200(fixture(t, "davinci-polling")) }, EffectWait, "", "", ""},
		{"next form off host", func(*testing.T, *Engine) Response {
			return ok200(`{"id":"n","interactionId":"i","_links":{"next":{"href":"https://evil.example.com/x"}}}`)
		}, EffectFail, CodeUntrustedLink, ClassProtocol, ""},
		{"next form without id", func(*testing.T, *Engine) Response {
			return ok200(`{"interactionId":"i","_links":{"next":{"href":"https://auth.pingone.com/x"}}}`)
		}, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"fields not array", func(*testing.T, *Engine) Response {
			return ok200(`{"id":"n","interactionId":"i","_links":{"next":{"href":"https://auth.pingone.com/x"}},"form":{"components":{"fields":{}}}}`)
		}, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"anything else", func(t *testing.T, _ *Engine) Response { return ok200(fixture(t, "davinci-unrecognised")) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"not JSON", func(*testing.T, *Engine) Response { return ok200("<html>") }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := atDaVinci(t)
			before, _ := e.Snapshot()
			eff, err := e.Receive(tc.resp(t, e))
			require.NoError(t, err)
			require.Equal(t, tc.kind, eff.Kind)
			switch eff.Kind {
			case EffectFail:
				assert.Equal(t, tc.code, eff.Error.Code)
				assert.Equal(t, tc.class, eff.Error.Class)
				assert.Equal(t, tc.server, eff.Error.ServerCode)
				after, _ := e.Snapshot()
				assert.Equal(t, string(before), string(after))
			case EffectShow:
				if tc.code == "" {
					assert.Nil(t, eff.Step.Error)
					break
				}
				assert.Equal(t, tc.code, eff.Step.Error.Code)
				assert.Equal(t, tc.class, eff.Step.Error.Class)
				assert.Equal(t, tc.server, eff.Step.Error.ServerCode)
				assert.Equal(t, "Username/Password Form", eff.Step.Title, "the same form stays")
			case EffectFetch:
				assert.Equal(t, PurposeToken, eff.Request.Purpose)
			}
		})
	}
}

func TestDaVinciFieldErrorsFromRawResponse(t *testing.T) {
	e := atDaVinci(t)
	eff, err := e.Receive(resp(400, fixture(t, "davinci-error-password")))
	require.NoError(t, err)
	a, _ := eff.Step.Action("SIGNON")
	assert.Equal(t, []string{"The provided password did not match provisioned password"}, a.Fields[1].Errors)
	assert.Equal(t, 3, *eff.Step.Error.Details[0].FailuresRemaining)
	assert.Equal(t, "Invalid username and/or password", eff.Step.Error.Message)
	assert.Equal(t, "5c72f2de-8eea-46b5-877f-cb61dcae294d", eff.Step.Error.ServerID)
	eff, err = e.Submit("SIGNON", map[string]any{"username": "ava.patel", "password": "right"})
	require.NoError(t, err)
	assert.Equal(t, EffectFetch, eff.Kind, "the form stays submittable")
}

func TestDaVinciPolling(t *testing.T) {
	e, eff := onForm(t, "davinci-polling")
	require.Equal(t, EffectWait, eff.Kind)
	assert.Equal(t, int64(1500), eff.DelayMS)
	assert.Equal(t, "POLLING", eff.Step.Status)
	assert.Equal(t, []string{"OTHER"}, eff.Step.ActionNames())
	for i := 0; i < 2; i++ {
		eff, err := e.Poll()
		require.NoError(t, err)
		// davinci-client's polling call: the first submit button's key (none here) and the
		// POLLING component's value.
		assert.JSONEq(t, `{"eventType":"polling","data":{"actionKey":"","formData":{"push":"continue"}}}`, gjson.Get(eff.Request.Body, "parameters").Raw)
		eff, err = e.Receive(ok200(fixture(t, "davinci-rewind")))
		require.NoError(t, err)
		require.Equal(t, EffectWait, eff.Kind)
		assert.Equal(t, "333f461a"+"11111111111111111111111111111111111111111111111111111111", e.st.InteractionToken, "a rotated token is kept")
	}
	_, err := e.Poll()
	require.NoError(t, err)
	eff, err = e.Receive(ok200(fixture(t, "davinci-rewind")))
	require.NoError(t, err)
	require.Equal(t, EffectFail, eff.Kind)
	assert.Equal(t, CodePollLimit, eff.Error.Code)

	e, _ = onForm(t, "davinci-polling")
	eff, err = e.Submit("OTHER", nil)
	require.NoError(t, err)
	assert.Equal(t, "action", gjson.Get(eff.Request.Body, "parameters.eventType").String(), "another method can be chosen while waiting")
}

func TestDaVinciRewindBeforeAnyForm(t *testing.T) {
	e := started(t)
	eff, err := e.Receive(ok200(fixture(t, "davinci-rewind")))
	require.NoError(t, err)
	assert.Equal(t, CodeUnexpectedResponse, eff.Error.Code)
	eff, err = e.Receive(resp(400, `{"code":"unknownClient","message":"no such application"}`))
	require.NoError(t, err)
	assert.Equal(t, CodeAuthorizeRejected, eff.Error.Code)
}

func TestDaVinciSnapshotAndRetry(t *testing.T) {
	e := atDaVinci(t)
	snap, err := e.Snapshot()
	require.NoError(t, err)
	assert.NotContains(t, string(snap), "secret-pw")
	fresh := newTestEngine(t)
	require.NoError(t, fresh.Restore(snap))
	eff, err := fresh.Current()
	require.NoError(t, err)
	require.Equal(t, EffectShow, eff.Kind, "after a reload the form is shown again")
	assert.Equal(t, "Username/Password Form", eff.Step.Title)

	_, err = e.Receive(resp(503, ""))
	require.NoError(t, err)
	eff, err = e.Retry()
	require.NoError(t, err)
	assert.Equal(t, EffectShow, eff.Kind, "a capability call is not replayed")

	e, _ = onForm(t, "davinci-polling")
	_, err = e.Poll()
	require.NoError(t, err)
	snap, err = e.Snapshot()
	require.NoError(t, err)
	fresh = newTestEngine(t)
	require.NoError(t, fresh.Restore(snap))
	eff, err = fresh.Current()
	require.NoError(t, err)
	assert.Equal(t, EffectWait, eff.Kind)
	_, err = e.Receive(resp(500, ""))
	require.NoError(t, err)
	eff, err = e.Retry()
	require.NoError(t, err)
	assert.Equal(t, EffectWait, eff.Kind)

	bad := reseal(t, snap, func(m map[string]any) { m["node"] = "{}" })
	assert.ErrorContains(t, newTestEngine(t).Restore(bad), "DaVinci form does not decode")
	bad = reseal(t, snap, func(m map[string]any) { m["protocol"] = "flows" })
	assert.ErrorContains(t, newTestEngine(t).Restore(bad), "DaVinci form in a Flows API flow")
	bad = reseal(t, snap, func(m map[string]any) { m["protocol"] = "carrier-pigeon" })
	assert.ErrorContains(t, newTestEngine(t).Restore(bad), "unknown protocol")
	bad = reseal(t, snap, func(m map[string]any) { delete(m, "node") })
	assert.ErrorContains(t, newTestEngine(t).Restore(bad), "holds none")
}

func TestPasswordPolicyUnsatisfied(t *testing.T) {
	p := &PasswordPolicy{MinLength: 8, MaxLength: 12, MinCharacters: []CharacterSet{{"0123456789", 1}, {"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1}}, MaxRepeatedCharacters: 2, MinUniqueCharacters: 5}
	assert.Empty(t, p.Unsatisfied("Sunflower9"))
	assert.Equal(t, []string{RuleLength}, p.Unsatisfied("Sunfl9"))
	assert.Equal(t, []string{RuleLength}, p.Unsatisfied("Sunflower9Sunflower9"))
	assert.Equal(t, []string{RuleMinCharacters}, p.Unsatisfied("sunflower9"))
	assert.Equal(t, []string{RuleMaxRepeatedCharacters}, p.Unsatisfied("Suuunflow9"))
	assert.Equal(t, []string{RuleMinCharacters, RuleMinUniqueCharacters}, p.Unsatisfied("abababab"))
	b, _ := json.Marshal(p)
	assert.Contains(t, string(b), `"minLength":8`)
}

func TestDaVinciKeepsTheTokenWhenAFormOmitsIt(t *testing.T) {
	e := atDaVinci(t)
	next := strings.Replace(fixture(t, "davinci-polling"), `"interactionToken"`, `"unusedToken"`, 1)
	eff, err := e.Receive(ok200(next))
	require.NoError(t, err)
	require.Equal(t, EffectWait, eff.Kind)
	eff, err = e.Poll()
	require.NoError(t, err)
	assert.Equal(t, "222f461a945b0000000000000000000000000000000000000000000000000000", eff.Request.Headers["interactionToken"])
}

func TestDaVinciPatternNeedsAMatcher(t *testing.T) {
	in := map[string]any{"user.email": "not-an-email", "newPassword": "Sunflower9", "country": "CA", "agree": true, "phone": "5145550101"}
	for name, match := range map[string]func(string, string) (bool, error){
		"none":         nil,
		"cannot parse": func(string, string) (bool, error) { return false, errors.New("invalid regular expression") },
	} {
		opts := testOptions()
		opts.MatchPattern = match
		e, err := New(testConfig(), opts)
		require.NoError(t, err)
		_, err = e.Start()
		require.NoError(t, err)
		_, err = e.Receive(ok200(fixture(t, "davinci-all-fields")))
		require.NoError(t, err)
		eff, err := e.Submit("SUBMIT", in)
		require.NoError(t, err)
		assert.Equal(t, EffectFetch, eff.Kind, "%s: the server judges the pattern", name)
	}
}

func TestRichTextParts(t *testing.T) {
	parse := func(js string) []TextPart { return richParts(fjson.Parse(js)) }
	assert.Equal(t, []TextPart{{Text: "no placeholders"}}, parse(`{"content":"no placeholders"}`))
	assert.Equal(t, []TextPart{{Text: "See "}, {Text: "{{missing}}"}, {Text: "."}}, parse(`{"content":"See {{missing}}.","replacements":{}}`))
	assert.Equal(t, []TextPart{{Text: "a {{not valid}} b"}}, parse(`{"content":"a {{not valid}} b"}`))
	assert.Equal(t, []TextPart{{Text: "x "}, {Text: "bold"}, {Text: " {{"}}, parse(`{"content":"x {{b}} {{","replacements":{"b":{"type":"text","value":"bold"}}}`))
}
