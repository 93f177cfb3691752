package flowcore

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts in testdata/transcripts")

// A move is what the driver does next in a scripted sign-on.
type move struct {
	kind    string // respond, submit, poll, callback, network, resolve, reload
	status  int
	fixture string
	action  string
	input   map[string]any
	url     string
	result  CeremonyResult
}

func respond(status int, fixture string) move {
	return move{kind: "respond", status: status, fixture: fixture}
}
func submit(action string, in map[string]any) move {
	return move{kind: "submit", action: action, input: in}
}
func poll() move                    { return move{kind: "poll"} }
func callback(url string) move      { return move{kind: "callback", url: url} }
func networkDown(msg string) move   { return move{kind: "network", url: msg} }
func resolve(r CeremonyResult) move { return move{kind: "resolve", result: r} }

// reload is the browser leaving and coming back: the engine is snapshotted and a new one
// restores it.
func reload() move { return move{kind: "reload"} }

// A passkey as PublicKeyCredential.toJSON() gives it (the engine checks shapes, not signatures).
const (
	testAssertion = `{"id":"DN44sloQImpOWgECAwQFBg","rawId":"DN44sloQImpOWgECAwQFBg","type":"public-key",` +
		`"authenticatorAttachment":"platform","response":{"clientDataJSON":"eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",` +
		`"authenticatorData":"SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ",` +
		`"signature":"MEUCIQC-_w","userHandle":"jMRfpSFOQpu5HOkAB1w-Qw"},"clientExtensionResults":{}}`
	testAttestation = `{"id":"AQIDBAUGBwgJCgsMDQ4PEA","rawId":"AQIDBAUGBwgJCgsMDQ4PEA","type":"public-key",` +
		`"authenticatorAttachment":"platform","response":{"clientDataJSON":"eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0",` +
		`"attestationObject":"o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjE","transports":["internal","hybrid"]},` +
		`"clientExtensionResults":{"credProps":{"rk":true}}}`
	testOrigin = "https://app.example.com"
)

type scenario struct {
	name     string
	begin    string // start, login, open
	moves    []move
	want     EffectKind
	wantCode string
}

// scenarios are the golden transcripts: every request the engine asks for and every response it
// is given, numbered, with the effect that followed.
var scenarios = []scenario{
	{name: "password-signin", moves: []move{
		respond(200, "username-password-required"),
		submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "wrong-password-then-right", moves: []move{
		respond(200, "username-password-required"),
		submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "wrong"}),
		respond(400, "error-invalid-password"),
		submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "identifier-first-sms-otp", moves: []move{
		respond(200, "sign-on-required"),
		submit("user.lookup", map[string]any{"username": "ava.patel"}),
		respond(200, "otp-required-sms"),
		submit("otp.check", map[string]any{"otp": "000000"}),
		respond(400, "error-invalid-otp"),
		submit("otp.check", map[string]any{"otp": "123456"}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "device-selection", moves: []move{
		respond(200, "password-required"),
		submit("usernamePassword.check", map[string]any{"password": "2Federate!"}),
		respond(200, "device-selection-required"),
		submit("device.select", map[string]any{"device": "0b1c7e2a-5d3f-4a8b-9c6d-7e8f9a0b1c2d"}),
		respond(200, "otp-required-email"),
		submit("otp.check", map[string]any{"otp": "654321"}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "push-approved", moves: []move{
		respond(200, "device-selection-required"),
		submit("device.select", map[string]any{"device": map[string]any{"id": "7d3e9f1a-2b4c-4d5e-8f6a-9b0c1d2e3f4a"}}),
		respond(200, "push-confirmation-required"),
		poll(), respond(200, "push-confirmation-required"),
		poll(), respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "push-denied", moves: []move{
		respond(200, "push-confirmation-required"),
		poll(), respond(200, "failed-push-denied"),
	}, want: EffectFail, wantCode: CodeFlowFailed},
	{name: "push-timed-out", moves: []move{
		respond(200, "push-confirmation-required"),
		poll(), respond(200, "push-confirmation-timed-out"),
		submit("device.select", map[string]any{"device": "203fe40d-1b4a-419b-947b-d59fe4d62405"}),
		respond(200, "otp-required-sms"),
	}, want: EffectShow},
	{name: "session-reset", moves: []move{
		respond(200, "otp-required-email"),
		submit("session.reset", nil),
		respond(200, "username-password-required"),
	}, want: EffectShow},
	{name: "expired-password-change", moves: []move{
		respond(200, "username-password-required"),
		submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "Old-Passw0rd"}),
		respond(200, "password-expired"),
		submit("password.reset", map[string]any{"currentPassword": "Old-Passw0rd", "newPassword": "Old-Passw0rd"}),
		respond(400, "error-password-policy"),
		submit("password.reset", map[string]any{"currentPassword": "Old-Passw0rd", "newPassword": "N3w-Passw0rd!"}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "forgot-password", moves: []move{
		respond(200, "username-password-required"),
		submit("password.forgot", map[string]any{"username": "ava.patel"}),
		respond(200, "recovery-code-required"),
		submit("password.sendRecoveryCode", nil),
		respond(200, "recovery-code-required"),
		submit("password.recover", map[string]any{"recoveryCode": "A1B2C3D4", "newPassword": "N3w-Passw0rd!"}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "registration-verification", moves: []move{
		respond(200, "username-password-required"),
		submit("user.register", map[string]any{"username": "new.user", "email": "not-an-email", "password": "N3w-Passw0rd!"}),
		respond(400, "error-invalid-email"),
		submit("user.register", map[string]any{"username": "new.user", "email": "new.user@example.com", "password": "N3w-Passw0rd!"}),
		respond(200, "verification-code-required"),
		submit("user.verify", map[string]any{"verificationCode": "K7P2M9Q4"}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "expired-flow", moves: []move{
		respond(200, "username-password-required"),
		submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(404, "error-not-found"),
	}, want: EffectFail, wantCode: CodeFlowExpired},
	{name: "failed-flow", moves: []move{
		respond(200, "sign-on-required"),
		submit("user.lookup", map[string]any{"username": "no.devices"}),
		respond(200, "failed-no-usable-devices"),
	}, want: EffectFail, wantCode: CodeFlowFailed},
	{name: "token-error", moves: []move{
		respond(200, "username-password-required"),
		submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(200, "completed"), respond(200, "resume"), respond(400, "oauth-invalid-grant"),
	}, want: EffectFail, wantCode: CodeGrantRejected},
	{name: "redirect-callback-wrong-state", begin: "login", moves: []move{
		callback(testRedirect + "?code=0344d345-fa75-404f-8d6c-805eb1636ae1&state=forged"),
	}, want: EffectFail, wantCode: CodeStateMismatch},
	{name: "redirect-callback", begin: "login", moves: []move{
		callback(testRedirect + "?code=0344d345-fa75-404f-8d6c-805eb1636ae1&state={{state}}"),
		respond(200, "token"),
	}, want: EffectDone},
	{name: "custom-signon-page", begin: "open", moves: []move{
		respond(200, "username-password-required"),
		submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(200, "completed"),
	}, want: EffectRedirect},
	{name: "davinci-signin-wrong-then-right", moves: []move{
		respond(200, "davinci-signon"),
		submit("SIGNON", map[string]any{"username": "ava.patel", "password": "wrong"}),
		respond(400, "davinci-error-password"),
		submit("SIGNON", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(200, "davinci-success"), respond(200, "token"),
	}, want: EffectDone},
	{name: "davinci-push-polling", moves: []move{
		respond(200, "davinci-polling"),
		poll(), respond(200, "davinci-rewind"),
		poll(), respond(200, "davinci-success"), respond(200, "token"),
	}, want: EffectDone},
	{name: "davinci-flow-button", moves: []move{
		respond(200, "davinci-signon"),
		submit("TROUBLE", nil),
		respond(200, "davinci-all-fields"),
	}, want: EffectShow},
	{name: "flows-passkey-mfa", moves: []move{
		respond(200, "username-password-required"),
		submit("usernamePassword.check", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(200, "assertion-required"),
		submit("assertion.check", nil),
		resolve(CeremonyResult{Credential: RawJSON(testAssertion), Origin: testOrigin}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "flows-social-round-trip", moves: []move{
		respond(200, "username-password-social"),
		submit("social:c7a1b2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d", nil),
		reload(),
		callback(testRedirect + "?flowId=5318a876-a8de-4d68-be79-b64043ff6490"),
		respond(200, "account-confirmation-required"),
		submit("user.confirm", map[string]any{"username": "ava.patel", "email": "ava.patel@gmail.com", "name.given": "Ava", "name.family": "Patel"}),
		respond(200, "completed"), respond(200, "resume"), respond(200, "token"),
	}, want: EffectDone},
	{name: "davinci-passkey-signin", moves: []move{
		respond(200, "davinci-passkey-signon"),
		submit("passkey", map[string]any{"mediation": "conditional"}),
		resolve(CeremonyResult{Credential: RawJSON(testAssertion), Origin: testOrigin}),
		respond(200, "davinci-success"), respond(200, "token"),
	}, want: EffectDone},
	{name: "davinci-passkey-registration", moves: []move{
		respond(200, "davinci-signon"),
		submit("SIGNON", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(200, "davinci-fido2-register"),
		submit("passkey", nil),
		resolve(CeremonyResult{Credential: RawJSON(testAttestation), Origin: testOrigin}),
		respond(200, "davinci-success"), respond(200, "token"),
	}, want: EffectDone},
	{name: "davinci-cancelled-ceremony", moves: []move{
		respond(200, "davinci-passkey-signon"),
		submit("passkey", nil),
		resolve(CeremonyResult{Error: "NotAllowedError", Message: "The operation either timed out or was not allowed."}),
		respond(400, "davinci-error-passkey-cancelled"),
		submit("SIGNON", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		respond(200, "davinci-success"), respond(200, "token"),
	}, want: EffectDone},
	{name: "davinci-protect", moves: []move{
		respond(200, "davinci-protect"),
		submit("SIGNON", map[string]any{"username": "ava.patel", "password": "2Federate!"}),
		resolve(CeremonyResult{Signals: "R2VuZXJhdGVkIGJ5IHRoZSBTaWduYWxzIFNESw"}),
		respond(200, "davinci-success"), respond(200, "token"),
	}, want: EffectDone},
	{name: "davinci-challenge-polling", moves: []move{
		respond(200, "davinci-challenge"),
		poll(), respond(200, "davinci-challenge-pending"),
		poll(), respond(200, "davinci-challenge-complete"),
		respond(200, "davinci-success"), respond(200, "token"),
	}, want: EffectDone},
	{name: "davinci-social-return", moves: []move{
		respond(200, "davinci-passkey-signon"),
		submit("google", nil),
		reload(),
		callback(testRedirect + "?continueToken=eyJhbGciOiJIUzI1NiJ9.Y29udGludWU.c2ln"),
		respond(200, "davinci-success"), respond(200, "token"),
	}, want: EffectDone},
	{name: "network-down-then-retry", moves: []move{
		networkDown("TypeError: Failed to fetch"),
		respond(200, "username-password-required"),
	}, want: EffectShow},
}

func TestTranscripts(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			var log bytes.Buffer
			last := runScenario(t, sc, &log)
			require.Equal(t, sc.want, last.Kind, "final effect")
			if sc.wantCode != "" {
				require.NotNil(t, last.Error)
				require.Equal(t, sc.wantCode, last.Error.Code)
			}
			golden := filepath.Join("testdata", "transcripts", sc.name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, log.Bytes(), 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./flowcore -run TestTranscripts -update to create it")
			require.Equal(t, string(want), log.String())
		})
	}
}

func runScenario(t *testing.T, sc scenario, log *bytes.Buffer) Effect {
	e := newTestEngine(t)
	var eff Effect
	var err error
	switch sc.begin {
	case "login":
		eff, err = e.Login()
	case "open":
		eff, err = e.Open("5318a876-a8de-4d68-be79-b64043ff6490")
	default:
		eff, err = e.Start()
	}
	require.NoError(t, err)
	n := 0
	logEffect(log, n, eff)
	for _, m := range sc.moves {
		switch m.kind {
		case "respond", "network":
			require.Equal(t, EffectFetch, eff.Kind, "move %s expects a fetch", m.kind)
			n++
			logRequest(log, n, eff.Request)
			if eff.Ahead != nil {
				fmt.Fprintf(log, "     ahead     %s %s (purpose %s)\n", eff.Ahead.Method, eff.Ahead.URL, eff.Ahead.Purpose)
			}
			var r Response
			if m.kind == "network" {
				r = Response{NetworkError: m.url}
				fmt.Fprintf(log, "#%02d response  (no response: %s)\n", n, m.url)
			} else {
				r = Response{Status: m.status, Headers: map[string]string{"content-type": "application/json"}, Body: fill(e, fixture(t, m.fixture))}
				fmt.Fprintf(log, "#%02d response  %d (%s.json)\n      %s\n", n, m.status, m.fixture, compact(r.Body))
			}
			eff, err = e.Receive(r)
			if m.kind == "network" {
				require.Equal(t, EffectFail, eff.Kind)
				logEffect(log, n, eff)
				eff, err = e.Retry()
			}
		case "submit":
			require.Contains(t, []EffectKind{EffectShow, EffectWait}, eff.Kind, "submit expects a step")
			in, _ := json.Marshal(m.input)
			fmt.Fprintf(log, "     submit    %s %s\n", m.action, in)
			eff, err = e.Submit(m.action, m.input)
		case "poll":
			require.Equal(t, EffectWait, eff.Kind, "poll expects a wait")
			fmt.Fprintf(log, "     poll      after %dms\n", eff.DelayMS)
			eff, err = e.Poll()
		case "callback":
			require.Contains(t, []EffectKind{EffectRedirect, EffectCeremony}, eff.Kind)
			u := strings.ReplaceAll(m.url, "{{state}}", e.st.State)
			fmt.Fprintf(log, "     callback  %s\n", u)
			eff, err = e.HandleRedirect(u)
		case "resolve":
			require.Equal(t, EffectCeremony, eff.Kind)
			r, _ := json.Marshal(m.result)
			fmt.Fprintf(log, "     resolve   %s\n", r)
			eff, err = e.Resolve(m.result)
		case "reload":
			snap, serr := e.Snapshot()
			require.NoError(t, serr)
			requireSameJSON(t, &snapshotState{AuthPath: e.cfg.AuthPath, EnvID: e.cfg.EnvID, ClientID: e.cfg.ClientID, RedirectURI: e.cfg.RedirectURI, state: e.st})
			fresh := newTestEngine(t)
			require.NoError(t, fresh.Restore(snap))
			e = fresh
			fmt.Fprintf(log, "     reload    the page comes back with its snapshot\n")
			if e.st.Phase != phaseExternal {
				eff, err = e.Current()
				logEffect(log, n, eff)
			}
		}
		require.NoError(t, err)
		if eff.Kind != EffectFetch && m.kind != "reload" {
			logEffect(log, n, eff)
		}
	}
	if eff.Kind == EffectFetch && eff.Request.Purpose == PurposeJWKS {
		// After the token response: the keys, and the host's signature check.
		n++
		logRequest(log, n, eff.Request)
		fmt.Fprintf(log, "#%02d response  200 (the test JWKS)\n", n)
		eff, err = e.Receive(ok200(testJWKS))
		require.NoError(t, err)
	}
	if eff.Kind == EffectVerify {
		fmt.Fprintf(log, "     effect    verify %s jwk=%s\n     verified  valid\n", eff.Verify.Alg, eff.Verify.Key)
		eff, err = e.Resolve(CeremonyResult{Valid: true})
		require.NoError(t, err)
		logEffect(log, n, eff)
	}
	if eff.Kind == EffectFetch {
		logRequest(log, n+1, eff.Request)
	}
	return eff
}

func logRequest(log *bytes.Buffer, n int, r *Request) {
	fmt.Fprintf(log, "#%02d request   %s %s\n", n, r.Method, r.URL)
	keys := make([]string, 0, len(r.Headers))
	for k := range r.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(log, "      %s: %s\n", k, r.Headers[k])
	}
	fmt.Fprintf(log, "      credentials=%s purpose=%s idempotent=%t sensitive=%t\n", r.Credentials, r.Purpose, r.Idempotent, r.Sensitive)
	if r.Body != "" {
		fmt.Fprintf(log, "      body: %s\n", r.Body)
	}
}

func logEffect(log *bytes.Buffer, n int, eff Effect) {
	noteJSON(eff)
	switch eff.Kind {
	case EffectFetch:
		return
	case EffectShow, EffectWait:
		s := eff.Step
		fmt.Fprintf(log, "     effect    %s %s actions=[%s]", eff.Kind, s.Status, strings.Join(s.ActionNames(), " "))
		if eff.Kind == EffectWait {
			fmt.Fprintf(log, " delay=%dms", eff.DelayMS)
		}
		if s.Error != nil {
			fmt.Fprintf(log, " error=%s/%s", s.Error.Code, s.Error.Class)
			for _, a := range s.Actions {
				for _, f := range a.Fields {
					if len(f.Errors) > 0 {
						fmt.Fprintf(log, " %s.%s=%q", a.Name, f.Key, f.Errors)
					}
				}
			}
		}
		fmt.Fprintln(log)
	case EffectRedirect:
		fmt.Fprintf(log, "     effect    redirect %s\n", eff.URL)
	case EffectDone:
		fmt.Fprintf(log, "     effect    done tokenType=%s expiresAt=%s refresh=%t claims=%s\n",
			eff.Tokens.TokenType, time.UnixMilli(eff.Tokens.ExpiresAt).UTC().Format("2006-01-02T15:04:05Z"), eff.Tokens.RefreshToken != "", eff.Tokens.Claims)
	case EffectFail:
		fmt.Fprintf(log, "     effect    fail %s/%s server=%q: %s\n", eff.Error.Code, eff.Error.Class, eff.Error.ServerCode, eff.Error.Message)
	case EffectCeremony:
		c := *eff.Ceremony
		fmt.Fprintf(log, "     effect    ceremony %s action=%s step=%s", c.Kind, c.Action, c.Step.Key)
		if c.Mediation != "" {
			fmt.Fprintf(log, " mediation=%s", c.Mediation)
		}
		if c.URL != "" {
			fmt.Fprintf(log, " url=%s", c.URL)
		}
		if c.Protect != nil {
			p, _ := json.Marshal(c.Protect)
			fmt.Fprintf(log, " protect=%s", p)
		}
		if c.PublicKey != nil {
			fmt.Fprintf(log, "\n      publicKey: %s", c.PublicKey)
		}
		fmt.Fprintln(log)
	}
}

func compact(s string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(s)) != nil {
		return s
	}
	return b.String()
}
