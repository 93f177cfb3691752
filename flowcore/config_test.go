package flowcore

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfigValidateNamesTheField(t *testing.T) {
	neg := -1
	cases := []struct {
		name  string
		edit  func(*Config)
		field string
		says  string
	}{
		{"no auth path", func(c *Config) { c.AuthPath = "" }, "authPath", "required"},
		{"relative auth path", func(c *Config) { c.AuthPath = "auth.pingone.com" }, "authPath", "absolute"},
		{"http off loopback", func(c *Config) { c.AuthPath = "http://auth.example.com" }, "authPath", "loopback"},
		{"ftp", func(c *Config) { c.AuthPath = "ftp://auth.pingone.com" }, "authPath", "scheme"},
		{"hosted UI host", func(c *Config) { c.AuthPath = "https://apps.pingone.eu" }, "authPath", "https://auth.pingone.eu"},
		{"env in path", func(c *Config) { c.AuthPath = "https://auth.pingone.com/" + testEnv + "/as" }, "authPath", "host only"},
		{"query", func(c *Config) { c.AuthPath = "https://auth.pingone.com?x=1" }, "authPath", "plain base URL"},
		{"regional as custom", func(c *Config) { c.CustomDomain = true }, "customDomain", "regional host"},
		{"no env", func(c *Config) { c.EnvID = "" }, "envId", "required"},
		{"bad env", func(c *Config) { c.EnvID = "my-env" }, "envId", "UUID"},
		{"no client", func(c *Config) { c.ClientID = " " }, "clientId", "required"},
		{"client with slash", func(c *Config) { c.ClientID = "a/b" }, "clientId", "characters"},
		{"no redirect", func(c *Config) { c.RedirectURI = "" }, "redirectUri", "required"},
		{"relative redirect", func(c *Config) { c.RedirectURI = "/callback" }, "redirectUri", "absolute"},
		{"redirect fragment", func(c *Config) { c.RedirectURI = "https://app.example.com/cb#x" }, "redirectUri", "fragment"},
		{"bad scope", func(c *Config) { c.Scope = `openid "x"` }, "scope", "forbids"},
		{"bad prompt", func(c *Config) { c.Prompt = "consent" }, "prompt", "login, none"},
		{"negative max_age", func(c *Config) { c.MaxAge = &neg }, "maxAge", "negative"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig()
			tc.edit(&c)
			err := c.Validate()
			var ce *ConfigError
			require.True(t, errors.As(err, &ce), "want a ConfigError, got %v", err)
			assert.Equal(t, tc.field, ce.Field)
			assert.Contains(t, err.Error(), tc.says)
			_, nerr := New(c, testOptions())
			assert.Equal(t, err, nerr, "New refuses the same config")
		})
	}
}

func TestConfigAcceptsEveryShapeOfAuthPath(t *testing.T) {
	for _, tc := range []struct {
		authPath string
		custom   bool
		issuer   string
	}{
		{"https://auth.pingone.com", false, "https://auth.pingone.com/" + testEnv + "/as"},
		{"https://auth.pingone.eu/", false, "https://auth.pingone.eu/" + testEnv + "/as"},
		{"https://auth.pingone.ca", false, "https://auth.pingone.ca/" + testEnv + "/as"},
		{"https://auth.pingone.asia", false, "https://auth.pingone.asia/" + testEnv + "/as"},
		{"https://auth.pingone.com.au", false, "https://auth.pingone.com.au/" + testEnv + "/as"},
		{"https://auth.pingone.sg", false, "https://auth.pingone.sg/" + testEnv + "/as"},
		{"https://login.example.com", true, "https://login.example.com/as"},
		{"http://localhost:8080", false, "http://localhost:8080/" + testEnv + "/as"},
		{"http://127.0.0.1:39411", false, "http://127.0.0.1:39411/" + testEnv + "/as"},
	} {
		c := testConfig()
		c.AuthPath, c.CustomDomain = tc.authPath, tc.custom
		if tc.custom {
			c.EnvID = ""
		}
		require.NoError(t, c.Validate(), tc.authPath)
		assert.Equal(t, tc.issuer, c.Issuer())
	}
}

func TestNewNeedsClockAndRandom(t *testing.T) {
	_, err := New(testConfig(), Options{Rand: &countingReader{}})
	assert.ErrorContains(t, err, "Options.Now")
	_, err = New(testConfig(), Options{Now: testOptions().Now})
	assert.ErrorContains(t, err, "Options.Rand")
}

func TestAuthorizeURLCarriesOptionalParameters(t *testing.T) {
	age := 0
	c := testConfig()
	c.ACRValues, c.LoginHint, c.Prompt, c.MaxAge, c.UILocales = "Multi_Factor", "ava.patel", "login", &age, "fr-CA en"
	e, err := New(c, testOptions())
	require.NoError(t, err)
	eff, err := e.Start()
	require.NoError(t, err)
	u := eff.Request.URL
	for _, want := range []string{"acr_values=Multi_Factor", "login_hint=ava.patel", "prompt=login", "max_age=0", "ui_locales=fr-CA%20en", "response_mode=pi.flow", "code_challenge_method=S256"} {
		assert.Contains(t, u, want)
	}
	eff, err = e.Login()
	require.NoError(t, err)
	assert.Equal(t, EffectRedirect, eff.Kind)
	assert.False(t, strings.Contains(eff.URL, "response_mode"), "redirect mode uses the default response mode")
}

func TestCustomDomainURLsHaveNoEnvironmentSegment(t *testing.T) {
	c := testConfig()
	c.AuthPath, c.CustomDomain, c.EnvID = "https://login.example.com", true, ""
	e, err := New(c, testOptions())
	require.NoError(t, err)
	eff, err := e.Open("5318a876-a8de-4d68-be79-b64043ff6490")
	require.NoError(t, err)
	assert.Equal(t, "https://login.example.com/flows/5318a876-a8de-4d68-be79-b64043ff6490", eff.Request.URL)
	_, err = e.Open("../as/token")
	assert.ErrorContains(t, err, "not a flow id")
}
