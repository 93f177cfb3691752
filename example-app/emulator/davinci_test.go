package emulator_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

// TestDaVinciAuthorizeReturnsTheFirstForm checks the first node field by field against the
// reference's §7.2 shape, and the interaction cookies beside it.
func TestDaVinciAuthorizeReturnsTheFirstForm(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	r := d.node
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	assert.Regexp(t, uuidRE, r.json("interactionId").String())
	assert.Regexp(t, `^[0-9a-f]{256}$`, r.json("interactionToken").String())
	assert.Regexp(t, `^`+e.url("/davinci/connections/")+`[0-9a-f]{32}/capabilities/customHTMLTemplate$`, r.json("_links.next.href").String())
	assert.Equal(t, "continue", r.json("eventName").String())
	assert.Regexp(t, `^[a-z0-9]{10}$`, r.json("id").String())
	assert.Equal(t, emulator.DemoEnvironmentID, r.json("companyId").String())
	assert.Regexp(t, `^[0-9a-f]{32}$`, r.json("flowId").String())
	assert.Regexp(t, `^[0-9a-f]{32}$`, r.json("connectionId").String())
	assert.Contains(t, r.json("_links.next.href").String(), "/connections/"+r.json("connectionId").String()+"/")
	assert.Equal(t, "customHTMLTemplate", r.json("capabilityName").String())
	assert.True(t, r.json("isResponseCompatibleWithMobileAndWebSdks").Bool())
	assert.JSONEq(t, `{"username": "", "password": ""}`, r.json("formData.value").Raw)
	assert.Equal(t, "Sign On", r.json("form.name").String())
	assert.Equal(t, "CUSTOM_HTML", r.json("form.category").String())
	assert.NotEmpty(t, r.json("form.description").String())
	assert.Equal(t, []string{"TEXT username", "PASSWORD password", "SUBMIT_BUTTON SIGNON", "FIDO2 passkey", "SOCIAL_LOGIN_BUTTON " + emulator.DemoIdentityProviderID, "FLOW_BUTTON PHONE", "FLOW_BUTTON TROUBLE", "FLOW_LINK REGISTER", "PROTECT protect"}, fields(r))
	assert.Equal(t, "Having trouble signing on?", field(r, "TROUBLE").Get("label").String())
	assert.Equal(t, "No account? Register", field(r, "REGISTER").Get("label").String())
	assert.True(t, field(r, "username").Get("required").Bool())
	assert.False(t, r.json("session").Exists() || r.json("authorizeResponse").Exists() || r.json("code").Exists(),
		"nothing that the SDKs would classify as anything but a next form")

	for name, value := range map[string]string{"interactionId": d.id, "interactionToken": d.token} {
		c := r.cookie(name)
		require.NotNil(t, c, name)
		assert.Equal(t, value, c.Value)
		assert.True(t, c.HttpOnly)
		assert.Equal(t, "/", c.Path)
		assert.Equal(t, 3600, c.MaxAge)
		assert.False(t, c.Secure, "not over http://")
	}
	assert.Nil(t, r.cookie("ST"))

	again := e.browser().startDaVinci()
	assert.NotEqual(t, d.id, again.id)
	assert.Equal(t, r.json("id").String(), again.node.json("id").String(), "node ids are fixed")
}

func TestDaVinciCookiesAreSecureOverHTTPS(t *testing.T) {
	e := newTLSEnv(t)
	d := e.browser().startDaVinci()
	for _, name := range []string{"interactionId", "interactionToken"} {
		c := d.node.cookie(name)
		require.NotNil(t, c)
		assert.True(t, c.Secure)
		assert.Equal(t, http.SameSiteNoneMode, c.SameSite)
	}
}

// TestDaVinciAuthorizeRefusals covers what a DaVinci application's authorize does other than
// start a flow.
func TestDaVinciAuthorizeRefusals(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	q, _ := b.authorizeParams("client_id", emulator.DemoDaVinciClientID)

	noHeader := b.get(e.url("/as/authorize?" + q.Encode()))
	requireAPIError(t, noHeader, http.StatusBadRequest, "INVALID_REQUEST")
	assert.Contains(t, noHeader.json("message").String(), "X-Requested-With: ping-sdk")
	assert.Nil(t, noHeader.cookie("interactionId"))

	redirect, _ := b.authorizeParams("client_id", emulator.DemoDaVinciClientID, "response_mode", "")
	resp := b.get(e.url("/as/authorize?"+redirect.Encode()), "X-Requested-With", "ping-sdk")
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_REQUEST")
	assert.Contains(t, resp.json("message").String(), "pi.flow")

	_, resp = b.authorizeDaVinci("prompt", "none")
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "login_required", detail(resp).Get("code").String())

	_, resp = b.authorizeDaVinci("acr_values", emulator.DemoPolicy)
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "invalid_request", detail(resp).Get("code").String(), "a sign-on policy is no DaVinci policy")
	b.startDaVinci("acr_values", emulator.DemoDaVinciPolicyID)

	_, resp = b.authorizeDaVinci("code_challenge_method", "plain")
	assert.Equal(t, "invalid_request", detail(resp).Get("code").String(), "the application's PKCE rules still apply")

	_, resp = b.authorizeDaVinci("redirect_uri", "https://evil.example/cb")
	requireAPIError(t, resp, http.StatusBadRequest, "INVALID_DATA")
	assert.Equal(t, "redirect_uri", detail(resp).Get("target").String())
}

func TestDaVinciAuthenticatesByHeadersOrCookies(t *testing.T) {
	e := newEnv(t)
	t.Run("headers", func(t *testing.T) {
		d := e.browser().startDaVinci()
		d.b.client.Jar = nil // no cookies at all
		d.mustForm(d.action("TROUBLE"), "Trouble Signing On")
	})
	t.Run("cookies", func(t *testing.T) {
		d := e.browser().startDaVinci()
		d.noHeaders = true
		d.mustForm(d.action("TROUBLE"), "Trouble Signing On")
		d.mustForm(d.action("BACK"), "Sign On")
		d.mustSucceed(d.notNow(d.signOn("user.password", emulator.DemoPassword)))
	})
	t.Run("headers win over cookies", func(t *testing.T) {
		d := e.browser().startDaVinci()
		resp := d.send(d.body("action", "TROUBLE", map[string]any{}), "interactionToken", strings.Repeat("0", 256))
		assert.Equal(t, http.StatusUnauthorized, resp.status, "a wrong header token is not rescued by the right cookie")
	})
}

// TestDaVinciTokenRotates: every form brings a new interaction token and only the newest is
// accepted; errors keep the token, since the client sends the same form again.
func TestDaVinciTokenRotates(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	first := d.token
	d.mustForm(d.action("TROUBLE"), "Trouble Signing On")
	second := d.token
	assert.NotEqual(t, first, second)
	assert.Equal(t, second, d.last.cookie("interactionToken").Value, "the cookie follows")

	stale := d.send(d.body("action", "BACK", map[string]any{}), "interactionToken", first)
	assert.Equal(t, http.StatusUnauthorized, stale.status)
	assert.EqualValues(t, 1999, stale.json("code").Int())
	assert.Equal(t, "Unauthorized!", stale.json("message").String())

	bad := d.submit("SUBMIT", map[string]any{"username": ""})
	requireDaVinciError(t, bad, "recoverPassword", "REQUIRED_VALUE", "username")
	assert.False(t, bad.json("interactionToken").Exists())
	assert.Nil(t, bad.cookie("interactionToken"))
	d.mustForm(d.action("BACK"), "Sign On")
}

func TestDaVinciUnknownOrExpiredInteraction(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Settings.InteractionTimeoutSeconds = 600 })
	d := e.browser().startDaVinci()

	d.id, d.token = "", ""
	d.b.client.Jar = nil
	none := d.action("TROUBLE")
	assert.Equal(t, http.StatusUnauthorized, none.status)
	assert.EqualValues(t, 1999, none.json("code").Int())

	fresh := e.browser().startDaVinci()
	e.clock.Advance(9 * time.Minute)
	fresh.mustForm(fresh.action("TROUBLE"), "Trouble Signing On")
	e.clock.Advance(9 * time.Minute)
	fresh.mustForm(fresh.action("BACK"), "Sign On")
	e.clock.Advance(10 * time.Minute)
	expired := fresh.action("TROUBLE")
	assert.Equal(t, http.StatusBadRequest, expired.status)
	assert.Equal(t, "requestTimedOut", expired.json("code").String())
	assert.Equal(t, fresh.id, expired.json("interactionId").String())

	fresh.id = "11111111-1111-4111-8111-111111111111"
	assert.Equal(t, "requestTimedOut", fresh.action("TROUBLE").json("code").String(), "unknown counts as timed out")
}

func TestDaVinciDefaultInteractionTimeoutIsFifteenMinutes(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	e.clock.Advance(14 * time.Minute)
	d.mustForm(d.action("TROUBLE"), "Trouble Signing On")
	e.clock.Advance(15 * time.Minute)
	assert.Equal(t, "requestTimedOut", d.action("BACK").json("code").String())
}

func TestDaVinciInteractionsAreBounded(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) { c.Settings.MaxInteractions = 2 })
	oldest := e.browser().startDaVinci()
	e.clock.Advance(time.Second)
	middle := e.browser().startDaVinci()
	e.clock.Advance(time.Second)
	e.browser().startDaVinci()
	assert.Equal(t, "requestTimedOut", oldest.action("TROUBLE").json("code").String(), "the oldest made room")
	middle.mustForm(middle.action("TROUBLE"), "Trouble Signing On")
}

// TestDaVinciRefusesRequestsNotForTheFormOnScreen: each is a recoverable 400 from the form's own
// connector, after which the same form can still be sent.
func TestDaVinciRefusesRequestsNotForTheFormOnScreen(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	next := d.node.json("_links.next.href").String()
	cases := map[string]func() response{
		"malformed JSON": func() response { return d.send(`{"id": "`) },
		"not an object":  func() response { return d.send(`[1, 2]`) },
		"wrong node id": func() response {
			return d.send(strings.Replace(d.body("action", "TROUBLE", map[string]any{}), d.node.json("id").String(), "abcdefghij", 1))
		},
		"wrong interactionId in the body": func() response {
			return d.send(strings.Replace(d.body("action", "TROUBLE", map[string]any{}), d.id, "11111111-1111-4111-8111-111111111111", 1))
		},
		"wrong event name": func() response {
			return d.send(strings.Replace(d.body("action", "TROUBLE", map[string]any{}), `"continue"`, `"next"`, 1))
		},
		"unknown button":     func() response { return d.action("NOPE") },
		"unknown event type": func() response { return d.send(d.body("click", "TROUBLE", map[string]any{})) },
		"polling a form":     func() response { return d.poll() },
		"without X-Requested-With": func() response {
			return d.b.do(http.MethodPost, next, strings.NewReader(d.body("action", "TROUBLE", map[string]any{})),
				"Content-Type", "application/json", "interactionId", d.id, "interactionToken", d.token)
		},
		"another connection": func() response {
			return d.b.do(http.MethodPost, strings.Replace(next, d.node.json("connectionId").String(), strings.Repeat("ab", 16), 1),
				strings.NewReader(d.body("action", "TROUBLE", map[string]any{})),
				"Content-Type", "application/json", "X-Requested-With", "ping-sdk", "interactionId", d.id, "interactionToken", d.token)
		},
	}
	for name, send := range cases {
		t.Run(name, func(t *testing.T) {
			resp := send()
			requireDaVinciError(t, resp, "customHTMLTemplate", "", "")
			assert.Equal(t, "validationError", resp.json("code").String())
			assert.Equal(t, "httpConnector", resp.json("connectorId").String())
			assert.Equal(t, d.node.json("id").String(), resp.json("id").String())
			assert.Equal(t, d.id, resp.json("interactionId").String())
		})
	}
	d.mustForm(d.action("TROUBLE"), "Trouble Signing On")
	assert.Equal(t, http.StatusMethodNotAllowed, d.b.get(next).status)
}

func TestDaVinciAcceptsTheDocumentedBodyWithoutInteractionID(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	// PingOne's own example (doc 003) sends no interactionId in the body.
	body := `{"id": "` + d.node.json("id").String() + `", "eventName": "continue", "parameters": {"eventType": "submit",
		"data": {"actionKey": "SIGNON", "formData": {"username": "user.password", "password": "` + emulator.DemoPassword + `"}}}}`
	// It carries no Protect signals either, so the sign-on steps up to an email code.
	d.mustForm(d.send(body), "Enter Code")
	code := e.latestCode("user.password", "otp")
	d.mustSucceed(d.notNow(d.submit("SUBMIT", map[string]any{"otp": code})))
}

// TestDaVinciCORS: the capability endpoint trusts the interaction's application's origins, like
// the Flows API; preflights carry no interaction, so any application's origins may ask.
func TestDaVinciCORS(t *testing.T) {
	const partnerID = "9d6f7a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6"
	e := newEnv(t, func(c *emulator.Config) {
		partner := c.Applications[1]
		partner.ID, partner.Name = partnerID, "Partner"
		partner.CORSSettings = emulator.CORSSettings{Behavior: emulator.CORSAllowSpecific, Origins: []string{"https://app.partner.example"}}
		c.Applications = append(c.Applications, partner)
	})
	d := e.browser().startDaVinci()
	next := d.node.json("_links.next.href").String()
	const sdkHeaders = "content-type, interactionid, interactiontoken, x-requested-with, x-requested-platform"
	pre := d.b.do(http.MethodOptions, next, nil, "Origin", e.base, "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", sdkHeaders)
	assert.Equal(t, http.StatusNoContent, pre.status)
	assert.Equal(t, map[string]string{
		"Access-Control-Allow-Origin":      e.base,
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Allow-Methods":     "GET, POST, OPTIONS",
		"Access-Control-Allow-Headers":     sdkHeaders,
		"Access-Control-Max-Age":           "600",
	}, corsHeaders(pre))
	assert.Empty(t, corsHeaders(d.b.do(http.MethodOptions, next, nil, "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")))

	resp := d.send(d.body("action", "TROUBLE", map[string]any{}), "Origin", "https://app.partner.example")
	assert.Equal(t, http.StatusOK, resp.status)
	assert.Empty(t, corsHeaders(resp), "the demo application's interaction is not the partner's to read")
	resp = d.send(d.body("action", "BACK", map[string]any{}), "Origin", e.base)
	assert.Equal(t, e.base, resp.header.Get("Access-Control-Allow-Origin"))

	partner := e.browser().startDaVinci("client_id", partnerID)
	resp = partner.send(partner.body("action", "TROUBLE", map[string]any{}), "Origin", "https://app.partner.example")
	assert.Equal(t, "https://app.partner.example", resp.header.Get("Access-Control-Allow-Origin"))

	q, _ := d.b.authorizeParams("client_id", emulator.DemoDaVinciClientID)
	pre = d.b.do(http.MethodOptions, e.url("/as/authorize?"+q.Encode()), nil, "Origin", e.base,
		"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "x-requested-with, x-requested-platform")
	assert.Equal(t, "x-requested-with, x-requested-platform", pre.header.Get("Access-Control-Allow-Headers"))
}

func TestDaVinciConfig(t *testing.T) {
	cfg := emulator.DemoConfig("http://localhost:8080")
	app := cfg.Applications[1]
	assert.Equal(t, emulator.DemoDaVinciClientID, app.ID)
	assert.Equal(t, []string{"http://localhost:8080/callback", "http://127.0.0.1:8080/callback"}, app.RedirectURIs)
	assert.Equal(t, []string{"http://localhost:8080", "http://127.0.0.1:8080"}, app.CORSSettings.Origins)
	assert.Equal(t, emulator.DemoClientID, cfg.Applications[0].ID, "the first application is unchanged")

	cases := []struct {
		name, path string
		value      any
		want       string
	}{
		{"policy id", "applications.1.davinciPolicy.id", "9C15F567441C03E6D89F7F32F430DDC4", `applications[1].davinciPolicy.id: "9C15F567441C03E6D89F7F32F430DDC4" is not a DaVinci id (32 lowercase hex digits)`},
		{"policy name", "applications.1.davinciPolicy.name", "", "applications[1].davinciPolicy.name: is required"},
		{"both kinds of policy", "applications.1.signOnPolicies", []string{emulator.DemoPolicy}, "applications[1].signOnPolicies: must be empty when davinciPolicy is set"},
		{"neither kind", "applications.1.davinciPolicy", nil, "applications[1].signOnPolicies: at least one sign-on policy is required (or a davinciPolicy)"},
		{"unknown field", "applications.1.davinciPolicy.flowId", "x", "applications[1].davinciPolicy.flowId: unknown field"},
		{"interaction timeout", "settings.interactionTimeoutSeconds", -1, "settings.interactionTimeoutSeconds: must not be negative"},
		{"interaction cap", "settings.maxInteractions", -5, "settings.maxInteractions: must not be negative"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := emulator.ParseConfig(strings.NewReader(string(setJSON(t, demoJSON(t), c.path, c.value))))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("Validate in New", func(t *testing.T) {
		cfg := emulator.DemoConfig("http://localhost:8080")
		cfg.Applications[1].DaVinciPolicy.ID = "short"
		_, err := emulator.New(cfg, emulator.WithSigningKey(testKey()))
		assert.ErrorContains(t, err, "applications[1].davinciPolicy.id")
	})
}

func TestDaVinciDemoListing(t *testing.T) {
	e := newEnv(t)
	resp := e.browser().get(e.base + "/_emulator/demo")
	require.Len(t, resp.json("apps").Array(), 2)
	assert.Equal(t, "flows", resp.json("apps.0.kind").String())
	app := resp.json("apps.1")
	assert.Equal(t, emulator.DemoDaVinciClientID, app.Get("clientId").String())
	assert.Equal(t, "davinci", app.Get("kind").String())
	assert.Equal(t, emulator.DemoDaVinciPolicyID, app.Get("policy").String())
	assert.Equal(t, `["`+emulator.DemoDaVinciPolicyID+`"]`, app.Get("policies").Raw)
	assert.Contains(t, app.Get("redirectUris").String(), e.base+"/callback")

	page := string(e.browser().get(e.base + "/_emulator/").body)
	assert.Contains(t, page, emulator.DemoDaVinciClientID)
	terms := e.browser().get(e.base + "/_emulator/terms")
	assert.Equal(t, http.StatusOK, terms.status)
	assert.Contains(t, string(terms.body), "Terms of use")
}

func TestDaVinciStateIsForgottenOnReset(t *testing.T) {
	e := newEnv(t)
	d := e.browser().startDaVinci()
	assert.Equal(t, http.StatusNoContent, e.browser().do(http.MethodPost, e.base+"/_emulator/reset", nil).status)
	assert.Equal(t, "requestTimedOut", d.action("TROUBLE").json("code").String())
}
