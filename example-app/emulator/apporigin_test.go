package emulator_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pingflow/pingflow/example-app/emulator"
)

const appOrigin = "http://localhost:5173"

// An application at another origin (a Vite dev server, say) can use the demo applications only
// once its origin is allowed: its redirect URI is registered and its preflights are answered.
func TestAllowAppOrigin(t *testing.T) {
	for _, allowed := range []bool{false, true} {
		name := map[bool]string{false: "without", true: "with"}[allowed]
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, func(c *emulator.Config) {
				if allowed {
					require.NoError(t, c.AllowAppOrigin(appOrigin+"/"))
				}
			})
			b := e.browser()
			for _, client := range []string{emulator.DemoClientID, emulator.DemoDaVinciClientID} {
				q, _ := b.authorizeParams("client_id", client, "redirect_uri", appOrigin+"/callback")
				resp := b.get(e.url("/as/authorize?"+q.Encode()), "X-Requested-With", "ping-sdk")
				if allowed {
					assert.Equal(t, http.StatusOK, resp.status, string(resp.body))
				} else {
					assert.Equal(t, http.StatusBadRequest, resp.status, string(resp.body))
				}
			}
			q, _ := b.authorizeParams()
			resp := preflight(b, e.url("/as/authorize?"+q.Encode()), appOrigin)
			if allowed {
				assert.Equal(t, appOrigin, resp.header.Get("Access-Control-Allow-Origin"))
				assert.Equal(t, "true", resp.header.Get("Access-Control-Allow-Credentials"))
			} else {
				assert.Empty(t, corsHeaders(resp))
			}
		})
	}
}

func TestAllowAppOriginAddsEachURIOnce(t *testing.T) {
	cfg := emulator.DemoConfig("http://127.0.0.1:8080")
	cfg.Applications[1].CORSSettings = emulator.CORSSettings{Behavior: emulator.CORSAllowNone}
	require.NoError(t, cfg.AllowAppOrigin("HTTP://LocalHost:5173"))
	require.NoError(t, cfg.AllowAppOrigin("http://localhost:5173"))
	for _, app := range cfg.Applications {
		assert.Equal(t, []string{"http://127.0.0.1:8080/callback", "http://localhost:8080/callback",
			"http://localhost:5173/callback", "http://localhost:5173/"}, app.RedirectURIs, app.Name)
		assert.Equal(t, []string{"http://127.0.0.1:8080/", "http://localhost:8080/", "http://localhost:5173/"},
			app.PostLogoutRedirectURIs, app.Name)
		assert.Equal(t, emulator.CORSAllowSpecific, app.CORSSettings.Behavior)
		assert.Contains(t, app.CORSSettings.Origins, "http://localhost:5173")
	}
	require.NoError(t, cfg.Validate())
}

func TestParseAppOrigin(t *testing.T) {
	for in, want := range map[string]string{
		"http://localhost:5173":   "http://localhost:5173",
		"https://App.Example/":    "https://app.example",
		"http://[::1]:3000":       "http://[::1]:3000",
		" http://127.0.0.1:3000 ": "http://127.0.0.1:3000",
	} {
		got, err := emulator.ParseAppOrigin(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	for _, bad := range []string{"", "localhost:5173", "ftp://x", "http://", "http://x/app", "http://x?y", "http://x#y",
		"http://u:p@x", "//x", ":"} {
		_, err := emulator.ParseAppOrigin(bad)
		assert.Error(t, err, bad)
	}
}

func TestHealth(t *testing.T) {
	e := startEnv(t, false, []emulator.Option{emulator.WithVersion("1.2.3")})
	resp := e.browser().get(e.base + "/_emulator/health")
	require.Equal(t, http.StatusOK, resp.status)
	var h emulator.Health
	require.NoError(t, json.Unmarshal(resp.body, &h))
	assert.Equal(t, emulator.Health{Status: "ok", Version: "1.2.3"}, h)
	assert.Equal(t, "application/json", resp.header.Get("Content-Type")[:16])
}
