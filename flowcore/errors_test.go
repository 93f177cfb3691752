package flowcore

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// atAction is an engine with a usernamePassword.check request pending.
func atAction(t testing.TB) *Engine {
	e := started(t)
	_, err := e.Receive(ok200(fixture(t, "username-password-required")))
	require.NoError(t, err)
	_, err = e.Submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "secret-pw"})
	require.NoError(t, err)
	return e
}

// atResume is an engine with the resume request pending.
func atResume(t testing.TB) *Engine {
	e := atAction(t)
	eff, err := e.Receive(ok200(fixture(t, "completed")))
	require.NoError(t, err)
	require.Equal(t, PurposeResume, eff.Request.Purpose)
	return e
}

// atToken is an engine with the token request pending.
func atToken(t testing.TB) *Engine {
	e := atResume(t)
	eff, err := e.Receive(ok200(fill(e, fixture(t, "resume"))))
	require.NoError(t, err)
	require.Equal(t, PurposeToken, eff.Request.Purpose)
	return e
}

func resp(status int, body string) Response { return Response{Status: status, Body: body} }

func TestErrorClassification(t *testing.T) {
	server := func(t *testing.T) string { return fixture(t, "error-server") }
	cases := []struct {
		name    string
		at      func(testing.TB) *Engine
		resp    func(*testing.T) Response
		kind    EffectKind
		code    string
		class   Class
		srvCode string
	}{
		{"authorize network", started, func(*testing.T) Response { return Response{NetworkError: "Failed to fetch"} }, EffectFail, CodeNetwork, ClassRetry, ""},
		{"authorize 503", started, func(t *testing.T) Response { return resp(503, server(t)) }, EffectFail, CodeServerUnavailable, ClassRetry, "UNEXPECTED_ERROR"},
		{"authorize 429", started, func(*testing.T) Response { return resp(429, "") }, EffectFail, CodeRateLimited, ClassRetry, ""},
		{"authorize 302", started, func(*testing.T) Response {
			return Response{Status: 302, Headers: map[string]string{"Location": "https://apps.pingone.com/x/signon/?flowId=1"}}
		}, EffectFail, CodeUnexpectedRedirect, ClassMisconfiguration, ""},
		{"authorize redirect uri", started, func(t *testing.T) Response { return resp(400, fixture(t, "error-redirect-uri")) }, EffectFail, CodeRedirectURIMismatch, ClassMisconfiguration, "INVALID_DATA"},
		{"authorize unknown client", started, func(t *testing.T) Response { return resp(404, fixture(t, "error-not-found")) }, EffectFail, CodeUnknownClient, ClassMisconfiguration, "NOT_FOUND"},
		{"authorize client detail", started, func(*testing.T) Response {
			return resp(400, `{"id":"1","code":"INVALID_DATA","message":"bad","details":[{"code":"INVALID_VALUE","target":"client_id"}]}`)
		}, EffectFail, CodeUnknownClient, ClassMisconfiguration, "INVALID_DATA"},
		{"authorize other 400", started, func(t *testing.T) Response { return resp(400, fixture(t, "error-request-invalid")) }, EffectFail, CodeAuthorizeRejected, ClassMisconfiguration, "INVALID_REQUEST"},
		{"authorize html 400", started, func(*testing.T) Response { return resp(400, "<html>nope</html>") }, EffectFail, CodeAuthorizeRejected, ClassMisconfiguration, ""},
		{"authorize login_required", started, func(t *testing.T) Response { return resp(400, fixture(t, "oauth-login-required")) }, EffectFail, CodeLoginRequired, ClassRestart, "login_required"},
		{"authorize login_required as a detail", started, func(*testing.T) Response {
			return resp(400, `{"id":"1","code":"INVALID_DATA","message":"m","details":[{"code":"login_required","message":"The user is not signed on."}]}`)
		}, EffectFail, CodeLoginRequired, ClassRestart, "INVALID_DATA"},
		{"authorize 204", started, func(*testing.T) Response { return resp(204, "") }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"authorize not JSON", started, func(*testing.T) Response { return resp(200, "<html>") }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"authorize array", started, func(*testing.T) Response { return resp(200, "[]") }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"authorize bad status", started, func(*testing.T) Response { return resp(0, "") }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},

		{"action wrong password", atAction, func(t *testing.T) Response { return resp(400, fixture(t, "error-invalid-password")) }, EffectShow, CodeInvalidCredentials, ClassFix, "INVALID_DATA"},
		{"action locked", atAction, func(t *testing.T) Response { return resp(400, fixture(t, "error-locked-out")) }, EffectShow, CodeAccountLocked, ClassFix, "INVALID_DATA"},
		{"action policy", atAction, func(t *testing.T) Response { return resp(400, fixture(t, "error-password-policy")) }, EffectShow, CodePasswordPolicy, ClassFix, "INVALID_DATA"},
		{"action duplicate", atAction, func(*testing.T) Response {
			return resp(400, `{"id":"1","code":"INVALID_DATA","message":"m","details":[{"code":"UNIQUENESS_VIOLATION","target":"username","message":"taken"}]}`)
		}, EffectShow, CodeAlreadyExists, ClassFix, "INVALID_DATA"},
		{"action invalid email", atAction, func(t *testing.T) Response { return resp(400, fixture(t, "error-invalid-email")) }, EffectShow, CodeInvalidInput, ClassFix, "INVALID_DATA"},
		{"action bad otp", atAction, func(t *testing.T) Response { return resp(400, fixture(t, "error-invalid-otp")) }, EffectShow, CodeInvalidCode, ClassFix, "INVALID_DATA"},
		{"action 5xx keeps it pending", atAction, func(t *testing.T) Response { return resp(500, server(t)) }, EffectFail, CodeServerUnavailable, ClassRetry, "UNEXPECTED_ERROR"},
		{"action offline keeps it pending", atAction, func(*testing.T) Response { return Response{NetworkError: "timeout"} }, EffectFail, CodeNetwork, ClassRetry, ""},
		{"action 429 keeps it pending", atAction, func(*testing.T) Response { return resp(429, "") }, EffectFail, CodeRateLimited, ClassRetry, ""},
		{"action 415", atAction, func(t *testing.T) Response { return resp(415, fixture(t, "error-unsupported-media-type")) }, EffectFail, CodeUnsupportedMediaType, ClassMisconfiguration, "UNSUPPORTED_MEDIA_TYPE"},
		{"action expired", atAction, func(t *testing.T) Response { return resp(404, fixture(t, "error-not-found")) }, EffectFail, CodeFlowExpired, ClassRestart, "NOT_FOUND"},
		{"action 403", atAction, func(*testing.T) Response { return resp(403, `{"id":"1","code":"ACCESS_FAILED","message":"no"}`) }, EffectFail, CodeSessionRejected, ClassRestart, "ACCESS_FAILED"},
		{"action 400 not PingOne", atAction, func(*testing.T) Response { return resp(400, "Bad Request") }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"action untrusted link", atAction, func(*testing.T) Response {
			return ok200(strings.ReplaceAll(flowJSON(StatusOTPRequired, []string{"otp.check"}, nil), "https://auth.pingone.com", "https://evil.example.com"))
		}, EffectFail, CodeUntrustedLink, ClassProtocol, ""},
		{"action link without href", atAction, func(*testing.T) Response {
			return ok200(`{"id":"f","status":"OTP_REQUIRED","_links":{"otp.check":{"url":"x"}}}`)
		}, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"action status not a string", atAction, func(*testing.T) Response { return ok200(`{"id":"f","status":7}`) }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"action no status", atAction, func(*testing.T) Response { return ok200(`{"id":"f"}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"action no id", atAction, func(*testing.T) Response { return ok200(`{"status":"OTP_REQUIRED"}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"action completed without resume", atAction, func(*testing.T) Response { return ok200(`{"id":"f","status":"COMPLETED"}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"action untrusted resume", atAction, func(*testing.T) Response {
			return ok200(`{"id":"f","status":"COMPLETED","resumeUrl":"https://evil.example.com/as/resume"}`)
		}, EffectFail, CodeUntrustedLink, ClassProtocol, ""},
		{"action authorizeResponse not object", atAction, func(*testing.T) Response { return ok200(`{"id":"f","status":"COMPLETED","authorizeResponse":"x"}`) }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"action links not object", atAction, func(*testing.T) Response { return ok200(`{"id":"f","status":"OTP_REQUIRED","_links":[]}`) }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},

		{"resume redirect", atResume, func(*testing.T) Response {
			return Response{Status: 302, Headers: map[string]string{"location": "https://apps.pingone.com/x/signon/?error=x"}}
		}, EffectFail, CodeUnexpectedRedirect, ClassMisconfiguration, ""},
		{"resume expired", atResume, func(t *testing.T) Response { return resp(404, fixture(t, "error-not-found")) }, EffectFail, CodeFlowExpired, ClassRestart, "NOT_FOUND"},
		{"resume oauth error", atResume, func(*testing.T) Response { return resp(400, `{"error":"access_denied","error_description":"no"}`) }, EffectFail, CodeAccessDenied, ClassRestart, "access_denied"},
		{"resume no code", atResume, func(t *testing.T) Response { return ok200(fixture(t, "completed")) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"resume empty code", atResume, func(*testing.T) Response { return ok200(`{"status":"COMPLETED","authorizeResponse":{"state":"x"}}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"resume wrong state", atResume, func(*testing.T) Response {
			return ok200(`{"status":"COMPLETED","authorizeResponse":{"code":"c","state":"forged"}}`)
		}, EffectFail, CodeStateMismatch, ClassRestart, ""},
		{"resume failed", atResume, func(t *testing.T) Response { return ok200(fixture(t, "failed-no-usable-devices")) }, EffectFail, CodeFlowFailed, ClassRestart, "NO_USABLE_DEVICES"},

		{"token lost", atToken, func(*testing.T) Response { return Response{NetworkError: "reset"} }, EffectFail, CodeNetwork, ClassRestart, ""},
		{"token 503", atToken, func(t *testing.T) Response { return resp(503, server(t)) }, EffectFail, CodeServerUnavailable, ClassRestart, "UNEXPECTED_ERROR"},
		{"token 429", atToken, func(*testing.T) Response { return resp(429, "") }, EffectFail, CodeRateLimited, ClassRetry, ""},
		{"token invalid_grant", atToken, func(t *testing.T) Response { return resp(400, fixture(t, "oauth-invalid-grant")) }, EffectFail, CodeGrantRejected, ClassRestart, "invalid_grant"},
		{"token invalid_client", atToken, func(*testing.T) Response { return resp(401, `{"error":"invalid_client"}`) }, EffectFail, CodeUnknownClient, ClassMisconfiguration, "invalid_client"},
		{"token invalid_request", atToken, func(*testing.T) Response { return resp(400, `{"error":"invalid_request"}`) }, EffectFail, CodeOAuthRequestRejected, ClassMisconfiguration, "invalid_request"},
		{"token server_error", atToken, func(*testing.T) Response { return resp(400, `{"error":"temporarily_unavailable"}`) }, EffectFail, CodeServerUnavailable, ClassRetry, "temporarily_unavailable"},
		{"token 400 not OAuth", atToken, func(*testing.T) Response { return resp(400, `{"message":"x"}`) }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"token 201", atToken, func(*testing.T) Response { return resp(201, `{}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"token not JSON", atToken, func(*testing.T) Response { return ok200("access_token=x") }, EffectFail, CodeMalformedResponse, ClassProtocol, ""},
		{"token no access token", atToken, func(*testing.T) Response { return ok200(`{"token_type":"Bearer"}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"token odd type", atToken, func(*testing.T) Response { return ok200(`{"access_token":"a","token_type":"MAC"}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"token bad expiry", atToken, func(*testing.T) Response {
			return ok200(`{"access_token":"a","token_type":"Bearer","expires_in":"soon"}`)
		}, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
		{"token missing id token", atToken, func(*testing.T) Response { return ok200(`{"access_token":"a","token_type":"Bearer"}`) }, EffectFail, CodeUnexpectedResponse, ClassProtocol, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := tc.at(t)
			before, err := e.Snapshot()
			require.NoError(t, err)
			eff, err := e.Receive(tc.resp(t))
			require.NoError(t, err)
			require.Equal(t, tc.kind, eff.Kind)
			got := eff.Error
			if eff.Kind == EffectShow {
				got = eff.Step.Error
				assert.Equal(t, StatusUsernamePasswordRequired, eff.Step.Status, "the step stays")
			}
			require.NotNil(t, got)
			assert.Equal(t, tc.code, got.Code)
			assert.Equal(t, tc.class, got.Class)
			assert.Equal(t, tc.srvCode, got.ServerCode)
			assert.NotEmpty(t, got.Message)
			assert.NotContains(t, got.Error(), "secret-pw")
			if eff.Kind == EffectFail {
				after, err := e.Snapshot()
				require.NoError(t, err)
				assert.Equal(t, string(before), string(after), "a failure leaves the state unchanged")
			}
		})
	}
}

func TestPingOneErrorBodyIsKeptVerbatim(t *testing.T) {
	e := atAction(t)
	body := fixture(t, "error-password-policy")
	eff, err := e.Receive(resp(400, body))
	require.NoError(t, err)
	pe := eff.Step.Error
	assert.JSONEq(t, body, string(pe.Body))
	assert.Equal(t, 400, pe.HTTPStatus)
	assert.Equal(t, "4ddf56dd-6a3b-4c2e-9f1d-8e7a6b5c4d3e", pe.ServerID)
	require.Len(t, pe.Details, 1)
	d := pe.Details[0]
	assert.Equal(t, "INVALID_VALUE", d.Code)
	assert.Equal(t, "newPassword", d.Target)
	assert.Equal(t, []string{"history"}, d.UnsatisfiedRequirements)
	assert.Contains(t, string(d.InnerError), "password history")

	e = atAction(t)
	eff, err = e.Receive(resp(400, fixture(t, "error-invalid-password")))
	require.NoError(t, err)
	require.NotNil(t, eff.Step.Error.Details[0].FailuresRemaining)
	assert.Equal(t, 3, *eff.Step.Error.Details[0].FailuresRemaining)

	e = atAction(t)
	eff, err = e.Receive(resp(400, fixture(t, "error-locked-out")))
	require.NoError(t, err)
	assert.Equal(t, 873, *eff.Step.Error.Details[0].SecondsUntilUnlock)
}

func TestIDTokenChecks(t *testing.T) {
	base := func(e *Engine) map[string]any {
		return map[string]any{"iss": testAuth + "/" + testEnv + "/as", "aud": []string{"other", testClient},
			"nonce": e.st.Nonce, "exp": testNow.Add(time.Minute).Unix(), "sub": "u"}
	}
	cases := []struct {
		name string
		edit func(map[string]any)
		tok  string
		says string
	}{
		{"valid with aud array", func(map[string]any) {}, "", ""},
		{"wrong issuer", func(c map[string]any) { c["iss"] = "https://auth.pingone.eu/x/as" }, "", "iss"},
		{"wrong audience", func(c map[string]any) { c["aud"] = "someone-else" }, "", "aud"},
		{"wrong nonce", func(c map[string]any) { c["nonce"] = "replayed" }, "", "nonce"},
		{"no exp", func(c map[string]any) { delete(c, "exp") }, "", "exp is missing"},
		{"expired", func(c map[string]any) { c["exp"] = testNow.Add(-2 * time.Minute).Unix() }, "", "expired"},
		{"within skew", func(c map[string]any) { c["exp"] = testNow.Add(-30 * time.Second).Unix() }, "", ""},
		{"not a JWT", nil, "abc", "compact JWT"},
		{"bad base64", nil, "a.!!!.c", "base64url"},
		{"payload array", nil, "e30." + "W10" + ".c", "JSON object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := atToken(t)
			tok := tc.tok
			if tok == "" {
				c := base(e)
				tc.edit(c)
				tok = fakeJWT(c)
			}
			eff, err := e.Receive(ok200(`{"access_token":"at","token_type":"Bearer","expires_in":3600,"id_token":"` + tok + `"}`))
			require.NoError(t, err)
			if tc.says == "" {
				eff = signed(t, e, eff)
				require.Equal(t, EffectDone, eff.Kind)
				assert.Equal(t, testNow.Add(time.Hour).UnixMilli(), eff.Tokens.ExpiresAt)
				assert.Same(t, eff.Tokens, e.Tokens())
				return
			}
			require.Equal(t, EffectFail, eff.Kind)
			assert.Equal(t, CodeIDTokenInvalid, eff.Error.Code)
			assert.Contains(t, eff.Error.Message, tc.says)
		})
	}
}

func TestHandleRedirect(t *testing.T) {
	login := func(t *testing.T) *Engine {
		e := newTestEngine(t)
		_, err := e.Login()
		require.NoError(t, err)
		return e
	}
	t.Run("error in callback", func(t *testing.T) {
		e := login(t)
		eff, err := e.HandleRedirect(testRedirect + "?error=access_denied&error_description=User+said+no&state=" + e.st.State)
		require.NoError(t, err)
		assert.Equal(t, CodeAccessDenied, eff.Error.Code)
		assert.Equal(t, "User said no", eff.Error.Message)
	})
	t.Run("fragment response", func(t *testing.T) {
		e := login(t)
		eff, err := e.HandleRedirect(testRedirect + "#code=abc&state=" + e.st.State)
		require.NoError(t, err)
		assert.Equal(t, PurposeToken, eff.Request.Purpose)
		assert.Contains(t, eff.Request.Body, "code=abc")
	})
	t.Run("mix-up defence", func(t *testing.T) {
		e := login(t)
		eff, err := e.HandleRedirect(testRedirect + "?code=abc&iss=https%3A%2F%2Fevil.example.com&state=" + e.st.State)
		require.NoError(t, err)
		assert.Contains(t, eff.Error.Message, "RFC 9207")
	})
	t.Run("neither code nor error", func(t *testing.T) {
		e := login(t)
		eff, err := e.HandleRedirect(testRedirect + "?state=" + e.st.State)
		require.NoError(t, err)
		assert.Equal(t, CodeUnexpectedResponse, eff.Error.Code)
	})
	t.Run("not waiting", func(t *testing.T) {
		_, err := newTestEngine(t).HandleRedirect(testRedirect + "?code=x&state=y")
		assert.ErrorContains(t, err, "no redirect sign-on")
	})
	t.Run("bad URL", func(t *testing.T) {
		_, err := login(t).HandleRedirect("://nope")
		assert.ErrorContains(t, err, "not a URL")
	})
	t.Run("survives a snapshot", func(t *testing.T) {
		e := login(t)
		snap, err := e.Snapshot()
		require.NoError(t, err)
		fresh, err := New(testConfig(), Options{Now: testOptions().Now, Rand: strings.NewReader("")})
		require.NoError(t, err)
		require.NoError(t, fresh.Restore(snap))
		eff, err := fresh.HandleRedirect(testRedirect + "?code=abc&state=" + e.st.State)
		require.NoError(t, err)
		require.Equal(t, EffectFetch, eff.Kind)
		eff, err = fresh.Receive(ok200(fill(e, fixture(t, "token"))))
		require.NoError(t, err)
		assert.Equal(t, EffectDone, signed(t, fresh, eff).Kind)
	})
}

func TestMisuseIsAGoError(t *testing.T) {
	e := newTestEngine(t)
	_, err := e.Receive(ok200("{}"))
	assert.ErrorContains(t, err, "no request is pending")
	_, err = e.Submit("otp.check", nil)
	assert.ErrorContains(t, err, "no step is waiting")
	_, err = e.Poll()
	assert.ErrorContains(t, err, "not waiting")
	_, err = e.Retry()
	assert.ErrorContains(t, err, "no request is pending")
	_, err = e.Current()
	assert.ErrorContains(t, err, "nothing to do")
	assert.Nil(t, e.Step())
}

func TestRetry(t *testing.T) {
	e := started(t)
	eff, err := e.Receive(Response{NetworkError: "offline"})
	require.NoError(t, err)
	require.Equal(t, EffectFail, eff.Kind)
	again, err := e.Retry()
	require.NoError(t, err)
	assert.Equal(t, PurposeAuthorize, again.Request.Purpose)

	e = atAction(t)
	eff, err = e.Receive(resp(500, "<html>"))
	require.NoError(t, err)
	require.Equal(t, EffectFail, eff.Kind, "the action stays pending")
	e = atAction(t)
	_, err = e.Receive(resp(200, "garbage"))
	require.NoError(t, err)
	again, err = e.Retry()
	require.NoError(t, err)
	assert.Equal(t, "GET", again.Request.Method, "an action is never re-sent; the flow is read again")
	assert.Equal(t, testFlowURL, again.Request.URL)
}

func TestPushPollingIsBounded(t *testing.T) {
	opts := testOptions()
	opts.MaxPolls, opts.PollInterval = 3, 500*time.Millisecond
	e, err := New(testConfig(), opts)
	require.NoError(t, err)
	_, err = e.Start()
	require.NoError(t, err)
	eff, err := e.Receive(ok200(fixture(t, "push-confirmation-required")))
	require.NoError(t, err)
	require.Equal(t, EffectWait, eff.Kind)
	assert.Equal(t, 500*time.Millisecond, eff.Delay())
	for i := 0; i < 2; i++ {
		_, err = e.Poll()
		require.NoError(t, err)
		eff, err = e.Receive(ok200(fixture(t, "push-confirmation-required")))
		require.NoError(t, err)
		require.Equal(t, EffectWait, eff.Kind)
	}
	_, err = e.Poll()
	require.NoError(t, err)
	eff, err = e.Receive(ok200(fixture(t, "push-confirmation-required")))
	require.NoError(t, err)
	require.Equal(t, EffectFail, eff.Kind)
	assert.Equal(t, CodePollLimit, eff.Error.Code)

	// While waiting, the person may switch device; a 5xx on that is a retry, and the retry
	// reads the flow: still waiting, with the step's error saying the switch was not applied.
	e = started(t)
	_, err = e.Receive(ok200(fixture(t, "push-confirmation-required")))
	require.NoError(t, err)
	_, err = e.Submit("device.select", map[string]any{"device": "203fe40d-1b4a-419b-947b-d59fe4d62405"})
	require.NoError(t, err)
	eff, err = e.Receive(resp(502, ""))
	require.NoError(t, err)
	assert.Equal(t, EffectFail, eff.Kind)
	assert.Equal(t, CodeServerUnavailable, eff.Error.Code)
	_, err = e.Retry()
	require.NoError(t, err)
	eff, err = e.Receive(ok200(fixture(t, "push-confirmation-required")))
	require.NoError(t, err)
	assert.Equal(t, EffectWait, eff.Kind)
	assert.Equal(t, CodeNotApplied, eff.Step.Error.Code)
	_, err = e.Poll()
	require.NoError(t, err)
	eff, err = e.Receive(resp(404, fixture(t, "error-not-found")))
	require.NoError(t, err)
	assert.Equal(t, CodeFlowExpired, eff.Error.Code)
}

func TestOpenModeRefusesACodeItCannotExchange(t *testing.T) {
	e := newTestEngine(t)
	_, err := e.Open("5318a876-a8de-4d68-be79-b64043ff6490")
	require.NoError(t, err)
	eff, err := e.Receive(ok200(`{"status":"COMPLETED","authorizeResponse":{"code":"c","state":"s"}}`))
	require.NoError(t, err)
	assert.Equal(t, CodeUnexpectedResponse, eff.Error.Code)
	eff, err = e.Receive(resp(401, ""))
	require.NoError(t, err)
	assert.Equal(t, CodeSessionRejected, eff.Error.Code)
	eff, err = e.Receive(resp(409, ""))
	require.NoError(t, err)
	assert.Equal(t, CodeRequestRejected, eff.Error.Code)
}

func TestSSOAuthorizeCompletesAtOnce(t *testing.T) {
	e := started(t)
	eff, err := e.Receive(ok200(fill(e, fixture(t, "resume"))))
	require.NoError(t, err)
	assert.Equal(t, PurposeToken, eff.Request.Purpose)
	assert.Contains(t, eff.Request.Body, "code_verifier="+e.st.Verifier)
}

func TestCancelAndCurrent(t *testing.T) {
	e := started(t)
	eff, err := e.Current()
	require.NoError(t, err)
	assert.Equal(t, EffectFetch, eff.Kind)
	_, err = e.Receive(ok200(fixture(t, "push-confirmation-required")))
	require.NoError(t, err)
	eff, err = e.Current()
	require.NoError(t, err)
	assert.Equal(t, EffectWait, eff.Kind)
	assert.NotNil(t, e.Step())
	e.Cancel()
	assert.Nil(t, e.Step())
	_, err = e.Current()
	assert.Error(t, err)

	e = atToken(t)
	eff, err = e.Receive(ok200(fill(e, fixture(t, "token"))))
	require.NoError(t, err)
	signed(t, e, eff)
	eff, err = e.Current()
	require.NoError(t, err)
	assert.Equal(t, EffectDone, eff.Kind)
}

func TestErrorString(t *testing.T) {
	e := &Error{Code: CodeFlowFailed, Class: ClassRestart, ServerCode: "NO_USABLE_DEVICES", Message: "no devices"}
	assert.Equal(t, "flow_failed (restart, NO_USABLE_DEVICES): no devices", e.Error())
	e.ServerCode = ""
	assert.Equal(t, "flow_failed (restart): no devices", e.Error())
	assert.Equal(t, "flowcore: config envId: bad", (&ConfigError{"envId", "bad"}).Error())
}

func TestSignoffURL(t *testing.T) {
	e := atToken(t)
	issuer := testAuth + "/" + testEnv + "/as"
	assert.Equal(t, issuer+"/signoff", e.SignoffURL("", "", ""))
	eff, err := e.Receive(ok200(fill(e, fixture(t, "token"))))
	require.NoError(t, err)
	signed(t, e, eff)
	u := e.SignoffURL("", "https://app.example.com/", "s 1")
	assert.Contains(t, u, issuer+"/signoff?id_token_hint="+e.Tokens().IDToken)
	assert.Contains(t, u, "&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2F&state=s%201")
	assert.Equal(t, issuer+"/signoff?id_token_hint=hint", e.SignoffURL("hint", "", ""))
}

// A lost answer to an action: Retry reads the flow (never posts again) and shows where the
// server says the flow is; on the same step, with not_applied.
func TestRetryAfterALostActionReadsTheFlow(t *testing.T) {
	for _, lost := range []Response{{NetworkError: "reset"}, resp(502, ""), resp(429, "")} {
		e := atAction(t)
		eff, err := e.Receive(lost)
		require.NoError(t, err)
		require.Equal(t, EffectFail, eff.Kind)
		require.Equal(t, ClassRetry, eff.Error.Class)
		again, err := e.Retry()
		require.NoError(t, err)
		require.Equal(t, "GET", again.Request.Method)
		assert.Equal(t, PurposeFlowRead, again.Request.Purpose)
		// Still where it was: the action was not applied.
		eff, err = e.Receive(ok200(fixture(t, "username-password-required")))
		require.NoError(t, err)
		require.Equal(t, EffectShow, eff.Kind)
		require.NotNil(t, eff.Step.Error)
		assert.Equal(t, CodeNotApplied, eff.Step.Error.Code)
		assert.Equal(t, ClassRetry, eff.Step.Error.Class)
		// The person submits again: the step's error goes once the flow moves on.
		_, err = e.Submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "secret-pw"})
		require.NoError(t, err)
		eff, err = e.Receive(ok200(fixture(t, "completed")))
		require.NoError(t, err)
		assert.Equal(t, PurposeResume, eff.Request.Purpose)
		assert.False(t, eff.Request.Idempotent, "resume consumes the flow: never repeated by the driver")
	}
	// Applied: the flow moved on, and the next leg follows.
	e := atAction(t)
	_, err := e.Receive(Response{NetworkError: "reset"})
	require.NoError(t, err)
	_, err = e.Retry()
	require.NoError(t, err)
	eff, err := e.Receive(ok200(fixture(t, "completed")))
	require.NoError(t, err)
	assert.Equal(t, PurposeResume, eff.Request.Purpose)
	// A snapshot taken while the re-read is pending restores to that read.
	e = atAction(t)
	_, _ = e.Receive(Response{NetworkError: "reset"})
	_, _ = e.Retry()
	snap, err := e.Snapshot()
	require.NoError(t, err)
	r := started(t)
	require.NoError(t, r.Restore(snap))
	cur, err := r.Current()
	require.NoError(t, err)
	assert.Equal(t, PurposeFlowRead, cur.Request.Purpose)
}

// A refusal without field details (the action is not available any more) reads the flow: a
// flow that moved on is shown where it is, one that did not keeps the error.
func TestActionRefusedWithoutDetailsReadsTheFlow(t *testing.T) {
	e := atAction(t)
	eff, err := e.Receive(resp(400, fixture(t, "error-request-invalid")))
	require.NoError(t, err)
	require.Equal(t, EffectFetch, eff.Kind)
	assert.Equal(t, PurposeFlowRead, eff.Request.Purpose)
	eff, err = e.Receive(ok200(fixture(t, "username-password-required")))
	require.NoError(t, err)
	require.Equal(t, EffectShow, eff.Kind)
	require.NotNil(t, eff.Step.Error)
	assert.Equal(t, CodeRequestRejected, eff.Step.Error.Code)
	assert.Equal(t, ClassFix, eff.Step.Error.Class)

	e = atAction(t)
	_, err = e.Receive(resp(400, fixture(t, "error-request-invalid")))
	require.NoError(t, err)
	eff, err = e.Receive(ok200(fixture(t, "completed")))
	require.NoError(t, err)
	assert.Equal(t, PurposeResume, eff.Request.Purpose)
}
