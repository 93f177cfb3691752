//go:build js && wasm

package main

import (
	"encoding/json"
	"strings"
	"syscall/js"
	"testing"
)

// assertionRequired is an ASSERTION_REQUIRED flow whose request options PingOne sends as a JSON
// string with byte arrays.
func assertionRequired() string {
	doc := map[string]any{}
	_ = json.Unmarshal([]byte(flowDoc("f2", "ASSERTION_REQUIRED", "assertion.check")), &doc)
	doc["publicKeyCredentialRequestOptions"] = `{"challenge":[1,2,-1],"rpId":"127.0.0.1","allowCredentials":[{"type":"public-key","id":[9,8]}]}`
	b, _ := json.Marshal(doc)
	return string(b)
}

func TestResolveFinishesAPasskeyCeremony(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	do(t, "receive", h, responseJSON(200, assertionRequired()))

	c := do(t, "submit", h, "assertion.check", `{}`)
	if c.Kind != "ceremony" || c.Ceremony == nil || c.Ceremony.Kind != "webauthn.get" || c.Ceremony.Step.Key != "passkey" {
		t.Fatalf("submit gave %+v", c)
	}
	var pk struct {
		Challenge        string `json:"challenge"`
		AllowCredentials []struct {
			ID string `json:"id"`
		} `json:"allowCredentials"`
	}
	if err := json.Unmarshal(c.Ceremony.PublicKey, &pk); err != nil || pk.Challenge != "AQL_" || pk.AllowCredentials[0].ID != "CQg" {
		t.Fatalf("publicKey %s: the binaries are base64url", c.Ceremony.PublicKey)
	}

	// A malformed result is the caller's mistake; the ceremony still waits.
	if e := fails(t, codeBadArgument, "resolve", h, `{"credential":{"id":"x"},"oops":1}`); !strings.Contains(e.Message, "result.oops: unknown field") {
		t.Errorf("message %q does not name the unknown member", e.Message)
	}
	fails(t, codeUsage, "resolve", h, `{"credential":{"id":"x"}}`)

	post := do(t, "resolve", h, `{"credential":{"id":"x","type":"public-key"},"origin":"http://127.0.0.1:9031"}`)
	if post.Kind != "fetch" || post.Request.Headers["Content-Type"] != "application/vnd.pingidentity.assertion.check+json" {
		t.Fatalf("resolve gave %+v", post)
	}
	var body struct{ Origin, Assertion, Compatibility string }
	_ = json.Unmarshal([]byte(post.Request.Body), &body)
	if body.Origin != "http://127.0.0.1:9031" || body.Assertion != `{"id":"x","type":"public-key"}` || body.Compatibility != "FULL" {
		t.Fatalf("assertion.check body %s", post.Request.Body)
	}
	fails(t, codeUsage, "resolve", h, `{"error":"AbortError"}`)
}

func TestACancelledCeremonyLeavesTheStepWithAnError(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	do(t, "receive", h, responseJSON(200, assertionRequired()))
	do(t, "submit", h, "assertion.check", `{}`)
	show := do(t, "resolve", h, `{"error":"NotAllowedError","message":"The operation was aborted."}`)
	if show.Kind != "show" || show.Step.Error == nil || show.Step.Error.Code != "webauthn_cancelled" || show.Step.Error.Class != "fix-and-resubmit" {
		t.Fatalf("a cancelled ceremony gave %+v", show)
	}
}

func TestSocialNavigationSurvivesTheSnapshot(t *testing.T) {
	t.Parallel()
	h := newEngine(t)
	do(t, "start", h)
	doc := map[string]any{}
	_ = json.Unmarshal([]byte(flowDoc("f3", "USERNAME_PASSWORD_REQUIRED", "usernamePassword.check")), &doc)
	doc["_embedded"] = map[string]any{"socialProviders": []any{map[string]any{"id": "g", "name": "Google", "type": "GOOGLE",
		"_links": map[string]any{"authenticate": map[string]any{"href": testBase + "/rp/authenticate?providerId=g&flowId=f3"}}}}}
	b, _ := json.Marshal(doc)
	do(t, "receive", h, responseJSON(200, string(b)))
	nav := do(t, "submit", h, "social:g")
	if nav.Kind != "ceremony" || nav.Ceremony.Kind != "navigate" || !strings.HasPrefix(nav.Ceremony.URL, testBase+"/rp/authenticate") {
		t.Fatalf("social submit gave %+v", nav)
	}
	var snap string
	ok(t, &snap, "snapshot", h)
	h2 := newEngine(t)
	ok(t, nil, "restore", h2, snap)
	read := do(t, "handleRedirect", h2, testAuthPath+"/app?flowId=f3")
	if read.Kind != "fetch" || read.Request.Purpose != "flow.read" || read.Request.URL != testBase+"/flows/f3" {
		t.Fatalf("the return gave %+v", read)
	}
}

func TestAThrowingReadyCallbackIsHarmless(t *testing.T) {
	// Not parallel: it sets the global ready callback, as TestSignalReadyCallsTheReadyCallback does.
	cb := js.Global().Get("Function").New(`throw new Error("the bridge broke")`)
	js.Global().Set(ReadyCallback, cb)
	defer js.Global().Delete(ReadyCallback)
	signalReady(js.Global().Get(testNamespace))
}
