//go:build js && wasm

package main

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestStartDescribesTheAuthorizeRequest(t *testing.T) {
	t.Parallel()
	e := do(t, "start", newEngine(t))
	if e.Kind != "fetch" || e.Request == nil {
		t.Fatalf("start gave %+v", e)
	}
	u, err := url.Parse(e.Request.URL)
	if err != nil || !strings.HasPrefix(e.Request.URL, testBase+"/as/authorize?") {
		t.Fatalf("authorize URL %q", e.Request.URL)
	}
	q := u.Query()
	if q.Get("response_mode") != "pi.flow" || q.Get("code_challenge_method") != "S256" || q.Get("client_id") != testClientID {
		t.Fatalf("authorize query %v", q)
	}
	if e.Request.Method != "GET" || e.Request.Credentials != "include" || !e.Request.Idempotent {
		t.Fatalf("authorize request %+v", e.Request)
	}
}

func TestEnginesDrawFreshRandomness(t *testing.T) {
	t.Parallel()
	// crypto/rand reaches crypto.getRandomValues: two engines never share state or nonce.
	a := do(t, "start", newEngine(t))
	b := do(t, "start", newEngine(t))
	qa, _ := url.Parse(a.Request.URL)
	qb, _ := url.Parse(b.Request.URL)
	for _, k := range []string{"state", "nonce", "code_challenge"} {
		va, vb := qa.Query().Get(k), qb.Query().Get(k)
		if va == "" || va == vb {
			t.Errorf("%s: %q and %q", k, va, vb)
		}
	}
}

func TestPasswordFlowToTokens(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	auth := do(t, "start", h)
	q, _ := url.Parse(auth.Request.URL)
	state, nonce := q.Query().Get("state"), q.Query().Get("nonce")

	show := do(t, "receive", h, responseJSON(200, flowDoc("f1", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check")))
	if show.Kind != "show" || show.Step.Status != "USERNAME_PASSWORD_REQUIRED" || show.Step.Actions[0].Name != "usernamePassword.check" {
		t.Fatalf("show effect %+v", show)
	}

	post := do(t, "submit", h, "usernamePassword.check", `{"username":"user.password","password":"Pingflow1!"}`)
	if post.Kind != "fetch" || post.Request.Method != "POST" || !post.Request.Sensitive {
		t.Fatalf("submit gave %+v", post)
	}
	if ct := post.Request.Headers["Content-Type"]; ct != "application/vnd.pingidentity.usernamePassword.check+json" {
		t.Fatalf("Content-Type %q", ct)
	}

	resume := do(t, "receive", h, responseJSON(200, flowDoc("f1", "COMPLETED")))
	if resume.Kind != "fetch" || resume.Request.Purpose != "resume" {
		t.Fatalf("completed flow gave %+v", resume)
	}
	codeDoc := `{"authorizeResponse":{"code":"c0de","state":"` + state + `"}}`
	token := do(t, "receive", h, responseJSON(200, codeDoc))
	if token.Kind != "fetch" || token.Request.Purpose != "token" || !strings.Contains(token.Request.Body, "code_verifier=") {
		t.Fatalf("resume gave %+v", token)
	}

	before := time.Now()
	jwks := do(t, "receive", h, responseJSON(200, tokenResponse(nonce, 3600)))
	if jwks.Kind != "fetch" || jwks.Request.Purpose != "jwks" || jwks.Request.URL != testBase+"/as/jwks" {
		t.Fatalf("token response gave %+v", jwks)
	}
	verify := do(t, "receive", h, responseJSON(200, `{"keys":[{"kty":"RSA","kid":"k1","n":"sXch","e":"AQAB"}]}`))
	if verify.Kind != "verify" || verify.Verify == nil || verify.Verify.Alg != "RS256" || verify.Verify.Signature != "c2ln" {
		t.Fatalf("JWKS gave %+v", verify)
	}
	bad := do(t, "resolve", h, `{"valid":false}`)
	if bad.Kind != "fail" || bad.Error.Code != "id_token_invalid" {
		t.Fatalf("a bad signature gave %+v", bad)
	}
	done := do(t, "resolve", h, `{"valid":true}`)
	if done.Kind != "done" || done.Tokens.AccessToken != "at-1" {
		t.Fatalf("token response gave %+v", done)
	}
	// The module's clock is the wall clock: expiresAt (epoch milliseconds) is about an hour ahead.
	exp := time.UnixMilli(done.Tokens.ExpiresAt)
	if exp.Before(before.Add(59*time.Minute)) || exp.After(time.Now().Add(61*time.Minute)) {
		t.Fatalf("expiresAt %d (%v) is not an hour from now", done.Tokens.ExpiresAt, exp)
	}
	var tokens effect
	ok(t, &tokens.Tokens, "tokens", h)
	if tokens.Tokens == nil || tokens.Tokens.IDToken != done.Tokens.IDToken {
		t.Fatal("tokens() does not return the finished sign-on's tokens")
	}
}

// tokenResponse is a token endpoint answer with an unsigned ID token whose claims pass the
// engine's iss/aud/nonce/exp checks.
func tokenResponse(nonce string, expiresIn int) string {
	enc := base64.RawURLEncoding.EncodeToString
	claims, _ := json.Marshal(map[string]any{
		"iss": testBase + "/as", "aud": testClientID, "nonce": nonce,
		"sub": "9ba742de", "exp": time.Now().Add(time.Hour).Unix(),
	})
	idToken := enc([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." + enc(claims) + ".c2ln"
	b, _ := json.Marshal(map[string]any{
		"access_token": "at-1", "token_type": "Bearer", "expires_in": expiresIn, "id_token": idToken,
	})
	return string(b)
}

func TestWrongPasswordKeepsTheStepWithItsError(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	do(t, "receive", h, responseJSON(200, flowDoc("f1", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check")))
	do(t, "submit", h, "usernamePassword.check", `{"username":"u","password":"wrong"}`)
	body := `{"id":"e1","code":"INVALID_DATA","message":"Invalid username or password","details":[{"code":"INVALID_VALUE","target":"password","message":"Wrong"}]}`
	e := do(t, "receive", h, responseJSON(400, body))
	if e.Kind != "show" || e.Step.Error == nil || e.Step.Error.Code != "invalid_credentials" || e.Step.Error.Class != "fix-and-resubmit" {
		t.Fatalf("wrong password gave %+v", e)
	}
}

func TestSubmitOfAnActionNotOfferedIsUsage(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	do(t, "receive", h, responseJSON(200, flowDoc("f1", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check")))
	e := fails(t, codeUsage, "submit", h, "otp.check", `{"otp":"123456"}`)
	if !strings.Contains(e.Message, "usernamePassword.check") {
		t.Fatalf("usage message %q does not list the offered action", e.Message)
	}
	// The step is still there to submit.
	if e := do(t, "submit", h, "usernamePassword.check", `{"username":"u","password":"p"}`); e.Kind != "fetch" {
		t.Fatalf("submit after the usage error gave %q", e.Kind)
	}
}

func TestNetworkErrorFailsAndRetryReissues(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	start := do(t, "start", h)
	fail := do(t, "receive", h, `{"status":0,"body":"","networkError":"connection refused"}`)
	if fail.Kind != "fail" || fail.Error.Class != "retry" || fail.Error.Code != "network" {
		t.Fatalf("network error gave %+v", fail)
	}
	again := do(t, "retry", h)
	if again.Kind != "fetch" || again.Request.URL != start.Request.URL {
		t.Fatalf("retry gave %+v, want the authorize request again", again)
	}
}

func TestPushWaitAndPoll(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	wait := do(t, "receive", h, responseJSON(200, flowDoc("f1", "PUSH_CONFIRMATION_REQUIRED", "device.select")))
	if wait.Kind != "wait" || wait.DelayMS != 50 {
		t.Fatalf("push gave %+v (the pollIntervalMs option is 50)", wait)
	}
	poll := do(t, "poll", h)
	if poll.Kind != "fetch" || poll.Request.Purpose != "flow.poll" {
		t.Fatalf("poll gave %+v", poll)
	}
}

func TestLoginAndHandleRedirect(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	login := do(t, "login", h)
	if login.Kind != "redirect" || !strings.HasPrefix(login.URL, testBase+"/as/authorize?") || strings.Contains(login.URL, "pi.flow") {
		t.Fatalf("login gave %+v", login)
	}
	u, _ := url.Parse(login.URL)
	state := u.Query().Get("state")
	bad := do(t, "handleRedirect", h, testRedirect+"?code=c&state=forged")
	if bad.Kind != "fail" || bad.Error.Code != "state_mismatch" {
		t.Fatalf("forged state gave %+v", bad)
	}
	tok := do(t, "handleRedirect", h, testRedirect+"?code=c&state="+url.QueryEscape(state))
	if tok.Kind != "fetch" || tok.Request.Purpose != "token" {
		t.Fatalf("callback gave %+v", tok)
	}
}

func TestOpenRefusesABadFlowID(t *testing.T) {
	t.Parallel()
	fails(t, codeUsage, "open", newEngine(t), "../../admin")
	if e := do(t, "open", newEngine(t), "f-123"); e.Kind != "fetch" || !strings.HasSuffix(e.Request.URL, "/flows/f-123") {
		t.Fatalf("open gave %+v", e)
	}
}

func TestCancelIdlesTheEngine(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	ok(t, nil, "cancel", h)
	fails(t, codeUsage, "current", h)
	var step json.RawMessage
	ok(t, &step, "step", h)
	if string(step) != "null" {
		t.Fatalf("step after cancel = %s", step)
	}
}

func TestRefresh(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	r := do(t, "refresh", h, "rt-1")
	if r.Kind != "fetch" || r.Request.Purpose != "token" || !strings.Contains(r.Request.Body, "grant_type=refresh_token&refresh_token=rt-1") {
		t.Fatalf("refresh gave %+v", r)
	}
}
