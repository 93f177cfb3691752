package emulator_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

func preflight(b *browser, target, origin string) response {
	return b.do(http.MethodOptions, target, nil,
		"Origin", origin,
		"Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "content-type, x-requested-with")
}

func corsHeaders(r response) map[string]string {
	out := map[string]string{}
	for k, v := range r.header {
		if strings.HasPrefix(k, "Access-Control-") {
			out[k] = strings.Join(v, ",")
		}
	}
	return out
}

func TestCORSForCookieEndpoints(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	s := b.start()
	authorize, _ := b.authorizeParams()
	targets := map[string]string{
		"authorize": e.url("/as/authorize?" + authorize.Encode()),
		"flow":      e.url("/flows/" + s.id()),
		"resume":    e.url("/as/resume?flowId=" + s.id()),
		"signoff":   e.url("/as/signoff?client_id=" + emulator.DemoClientID),
	}
	// The demo allows its own origin in both loopback spellings.
	other := strings.Replace(e.base, "127.0.0.1", "localhost", 1)
	for name, target := range targets {
		for _, origin := range []string{e.base, other} {
			t.Run(name+" "+origin, func(t *testing.T) {
				resp := preflight(b, target, origin)
				assert.Equal(t, http.StatusNoContent, resp.status)
				assert.Equal(t, map[string]string{
					"Access-Control-Allow-Origin":      origin,
					"Access-Control-Allow-Credentials": "true",
					"Access-Control-Allow-Methods":     "GET, POST, OPTIONS",
					"Access-Control-Allow-Headers":     "content-type, x-requested-with",
					"Access-Control-Max-Age":           "600",
				}, corsHeaders(resp))
				assert.Contains(t, resp.header.Values("Vary"), "Origin")
			})
		}
		t.Run(name+" disallowed origin", func(t *testing.T) {
			resp := preflight(b, target, "https://evil.example")
			assert.Empty(t, corsHeaders(resp), "no CORS headers at all for other origins")
		})
	}

	// Actual responses carry the headers too, and never "*".
	resp := b.get(e.url("/flows/"+s.id()), "Origin", e.base)
	assert.Equal(t, e.base, resp.header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "true", resp.header.Get("Access-Control-Allow-Credentials"))
	resp = b.get(e.url("/flows/"+s.id()), "Origin", "https://evil.example")
	assert.Equal(t, http.StatusOK, resp.status, "CORS is enforced by the browser; the server only withholds the headers")
	assert.Empty(t, corsHeaders(resp))
}

func TestCORSForTokenEndpointsReflectsAnyOrigin(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	for _, path := range []string{"/as/token", "/as/revoke", "/as/introspect", "/as/userinfo", "/as/jwks", "/as/.well-known/openid-configuration"} {
		resp := preflight(b, e.url(path), "https://anywhere.example")
		assert.Equal(t, "https://anywhere.example", resp.header.Get("Access-Control-Allow-Origin"), path)
		assert.NotEqual(t, "*", resp.header.Get("Access-Control-Allow-Origin"))
	}
	resp := b.postForm(e.url("/as/token"), url.Values{"grant_type": {"refresh_token"}}, "Origin", "https://anywhere.example")
	assert.Equal(t, "https://anywhere.example", resp.header.Get("Access-Control-Allow-Origin"), "errors are readable too")
}

// TestCORSIsPerApplication gives a second application its own origin: its flows accept that
// origin and the demo SPA's flows do not.
func TestCORSIsPerApplication(t *testing.T) {
	const partnerID = "9d6f7a3e-1b2c-4d5e-8f90-a1b2c3d4e5f6"
	e := newEnv(t, func(c *emulator.Config) {
		partner := c.Applications[0]
		partner.ID, partner.Name = partnerID, "Partner"
		partner.CORSSettings = emulator.CORSSettings{Behavior: emulator.CORSAllowSpecific, Origins: []string{"https://*.partner.example"}}
		c.Applications = append(c.Applications, partner)
	})
	b := e.browser()
	demoFlow := b.start()
	partnerFlow := b.start("client_id", partnerID)

	assert.Equal(t, "https://app.partner.example",
		preflight(b, e.url("/flows/"+partnerFlow.id()), "https://app.partner.example").header.Get("Access-Control-Allow-Origin"))
	assert.Empty(t, corsHeaders(preflight(b, e.url("/flows/"+partnerFlow.id()), "https://partner.example")), "the wildcard needs a sub-domain")
	assert.Empty(t, corsHeaders(preflight(b, e.url("/flows/"+partnerFlow.id()), e.base)))
	assert.Empty(t, corsHeaders(preflight(b, e.url("/flows/"+demoFlow.id()), "https://app.partner.example")))

	q, _ := b.authorizeParams("client_id", partnerID)
	assert.Equal(t, "https://app.partner.example",
		preflight(b, e.url("/as/authorize?"+q.Encode()), "https://app.partner.example").header.Get("Access-Control-Allow-Origin"))
	q.Set("client_id", emulator.DemoClientID)
	assert.Empty(t, corsHeaders(preflight(b, e.url("/as/authorize?"+q.Encode()), "https://app.partner.example")))

	// A request that names no application (an unknown flow) is readable by any application's origins.
	unknown := e.url("/flows/11111111-1111-4111-8111-111111111111")
	assert.Equal(t, e.base, preflight(b, unknown, e.base).header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "https://x.partner.example", preflight(b, unknown, "https://x.partner.example").header.Get("Access-Control-Allow-Origin"))
}

func TestCORSAllowNoOrigins(t *testing.T) {
	e := newEnv(t, func(c *emulator.Config) {
		c.Applications[0].CORSSettings = emulator.CORSSettings{Behavior: emulator.CORSAllowNone}
	})
	b := e.browser()
	s := b.start()
	resp := preflight(b, e.url("/flows/"+s.id()), e.base)
	require.Equal(t, http.StatusNoContent, resp.status)
	assert.Empty(t, corsHeaders(resp))
}
