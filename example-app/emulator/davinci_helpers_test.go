package emulator_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// davinci is one DaVinci sign-on as Ping's JS SDK drives it: the form on screen, and the
// interaction's credentials from the newest response that carried them.
type davinci struct {
	b        *browser
	params   url.Values
	verifier string
	node     response // the form on screen
	last     response // the latest response
	id       string
	token    string
	// noHeaders sends the interaction credentials as cookies only (the browser's jar), as the
	// Android SDK does.
	noHeaders bool
}

// startDaVinci sends a pi.flow authorize request for the demo DaVinci application, as the SDKs
// do, and expects the first form.
func (b *browser) startDaVinci(overrides ...string) *davinci {
	b.t.Helper()
	d, resp := b.authorizeDaVinci(overrides...)
	require.Equal(b.t, http.StatusOK, resp.status, string(resp.body))
	require.True(b.t, resp.json("_links.next.href").Exists(), string(resp.body))
	return d
}

// authorizeDaVinci sends the authorize request and returns whatever came back.
func (b *browser) authorizeDaVinci(overrides ...string) (*davinci, response) {
	b.t.Helper()
	q, verifier := b.authorizeParams(append([]string{"client_id", emulator.DemoDaVinciClientID}, overrides...)...)
	resp := b.get(b.e.url("/as/authorize?"+q.Encode()), "X-Requested-With", "ping-sdk", "Accept", "application/json")
	d := &davinci{b: b, params: q, verifier: verifier}
	d.take(resp)
	return d, resp
}

// take records a response: 2xx responses carry the newest credentials, and forms replace the
// one on screen.
func (d *davinci) take(resp response) {
	d.last = resp
	if resp.status != http.StatusOK {
		return
	}
	if id := resp.json("interactionId").String(); id != "" {
		d.id = id
	}
	if tok := resp.json("interactionToken").String(); tok != "" {
		d.token = tok
	}
	if resp.json("_links.next.href").Exists() {
		d.node = resp
	}
}

// body is a capability call's JSON for the form on screen.
func (d *davinci) body(eventType, actionKey string, formData any) string {
	data, err := json.Marshal(map[string]any{
		"id": d.node.json("id").String(), "eventName": d.node.json("eventName").String(), "interactionId": d.id,
		"parameters": map[string]any{"eventType": eventType, "data": map[string]any{"actionKey": actionKey, "formData": formData}},
	})
	require.NoError(d.b.t, err)
	return string(data)
}

// send posts a raw body to the form's _links.next with the SDK's headers.
func (d *davinci) send(body string, headers ...string) response {
	d.b.t.Helper()
	h := []string{"Content-Type", "application/json", "Accept", "application/json", "X-Requested-With", "ping-sdk"}
	if !d.noHeaders {
		h = append(h, "interactionId", d.id, "interactionToken", d.token)
	}
	resp := d.b.do(http.MethodPost, d.node.json("_links.next.href").String(), strings.NewReader(body), append(h, headers...)...)
	d.take(resp)
	return resp
}

// submit presses a SUBMIT_BUTTON with the form's values; action presses a flow button; poll
// is a POLLING call.
func (d *davinci) submit(key string, formData map[string]any) response {
	d.b.t.Helper()
	return d.send(d.body("submit", key, formData))
}

func (d *davinci) action(key string) response {
	d.b.t.Helper()
	return d.send(d.body("action", key, map[string]any{}))
}

func (d *davinci) poll() response {
	d.b.t.Helper()
	return d.send(d.body("polling", "poll", map[string]any{}))
}

// mustForm presses a button and expects the named form next.
func (d *davinci) mustForm(resp response, name string) response {
	d.b.t.Helper()
	require.Equal(d.b.t, http.StatusOK, resp.status, string(resp.body))
	require.Equal(d.b.t, name, resp.json("form.name").String(), string(resp.body))
	return resp
}

// formName is the name of the form on screen.
func (d *davinci) formName() string { return d.node.json("form.name").String() }

// signOn submits the sign-on form with well-formed Protect signals, so no step-up follows.
func (d *davinci) signOn(username, password string) response {
	d.b.t.Helper()
	return d.submit("SIGNON", map[string]any{"username": username, "password": password, "protect": emulator.ProtectExample})
}

// notNow expects the passkey offer that follows a password-only sign-on and declines it.
func (d *davinci) notNow(resp response) response {
	d.b.t.Helper()
	d.mustForm(resp, "Set Up a Passkey")
	return d.action("NOT_NOW")
}

// mustSucceed expects the success object and exchanges its code with the sign-on's verifier.
func (d *davinci) mustSucceed(resp response) response {
	d.b.t.Helper()
	require.Equal(d.b.t, http.StatusOK, resp.status, string(resp.body))
	require.Equal(d.b.t, "COMPLETED", resp.json("status").String(), string(resp.body))
	require.Equal(d.b.t, d.params.Get("state"), resp.json("authorizeResponse.state").String())
	tokens := d.b.postForm(d.b.e.url("/as/token"), url.Values{
		"grant_type": {"authorization_code"}, "code": {resp.json("authorizeResponse.code").String()},
		"client_id": {emulator.DemoDaVinciClientID}, "redirect_uri": {d.params.Get("redirect_uri")}, "code_verifier": {d.verifier},
	})
	require.Equal(d.b.t, http.StatusOK, tokens.status, string(tokens.body))
	return tokens
}

// fields lists a form's components as "TYPE key".
func fields(r response) []string {
	var out []string
	for _, f := range r.json("form.components.fields").Array() {
		out = append(out, strings.TrimSpace(f.Get("type").String()+" "+f.Get("key").String()))
	}
	return out
}

// field is the form component with the given key.
func field(r response, key string) gjson.Result {
	for _, f := range r.json("form.components.fields").Array() {
		if f.Get("key").String() == key {
			return f
		}
	}
	return gjson.Result{}
}

// rawDetail is the first detail of the PingOne error a DaVinci error relays.
func rawDetail(r response) gjson.Result { return r.json("details.0.rawResponse.details.0") }

// requireDaVinciError checks a recoverable DaVinci error: 400, the connector that failed, and
// the relayed PingOne error's first detail.
func requireDaVinciError(t *testing.T, r response, capability, detailCode, target string) {
	t.Helper()
	require.Equal(t, http.StatusBadRequest, r.status, string(r.body))
	assert.Equal(t, capability, r.json("capabilityName").String(), string(r.body))
	assert.Equal(t, 400, int(r.json("httpResponseCode").Int()))
	assert.True(t, r.json("isResponseCompatibleWithMobileAndWebSdks").Bool())
	assert.NotEmpty(t, r.json("message").String())
	if detailCode == "" {
		assert.False(t, r.json("details.0.rawResponse").Exists(), string(r.body))
		return
	}
	assert.Equal(t, "INVALID_DATA", r.json("details.0.rawResponse.code").String(), string(r.body))
	assert.Regexp(t, uuidRE, r.json("details.0.rawResponse.id").String())
	assert.Equal(t, 400, int(r.json("details.0.statusCode").Int()))
	assert.Equal(t, detailCode, rawDetail(r).Get("code").String(), string(r.body))
	assert.Equal(t, target, rawDetail(r).Get("target").String(), string(r.body))
}

// targets lists the targets of a DaVinci error's relayed details.
func targets(r response) []string {
	var out []string
	for _, d := range r.json("details.0.rawResponse.details").Array() {
		out = append(out, d.Get("code").String()+" "+d.Get("target").String())
	}
	slices.Sort(out)
	return out
}
